/* test_c_library_calls: with a user allocator, compiling, matching,
 * iterating, substituting (each also on a jrx_match_data), creating and
 * freeing match data and freeing make no call at all to the C
 * library's malloc, calloc, realloc or free (native code's bookkeeping
 * included: the context's jitmem pool allocates through the user's
 * allocator). The calls are counted by link-time wrappers
 * (-Wl,--wrap=malloc,...); the user allocator itself reaches the real
 * functions directly, so it is not counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "allocation_corpus.h"
#include "jrx.h"
#include "reliability_compile.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *pointer, size_t size);
void __real_free(void *pointer);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *pointer, size_t size);
void __wrap_free(void *pointer);

/* Only this test's thread runs while counting is on. */
static bool counting;
static size_t c_library_calls;

void *__wrap_malloc(size_t size) {
  c_library_calls += counting;
  return __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size) {
  c_library_calls += counting;
  return __real_calloc(count, size);
}

void *__wrap_realloc(void *pointer, size_t size) {
  c_library_calls += counting;
  return __real_realloc(pointer, size);
}

void __wrap_free(void *pointer) {
  c_library_calls += counting;
  __real_free(pointer);
}

static size_t user_calls;

static void *user_malloc(size_t size, void *user_data) {
  (void)user_data;
  user_calls++;
  return __real_malloc(size);
}

static void user_free(void *pointer, void *user_data) {
  (void)user_data;
  user_calls++;
  __real_free(pointer);
}

static void no_c_library_call_with_a_user_allocator(void **state) {
  (void)state;
  const jrx_allocator allocator = {user_malloc, user_free, NULL};
  counting = true;
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    for (size_t i = 0; i < allocation_corpus_size; i++) {
      allocation_run run;
      allocation_run_entry(&allocation_corpus[i], reliability_engine_options[e], &allocator,
                           &run);
      assert_int_equal(run.status, 0);
      assert_int_equal(c_library_calls, 0);
    }
  }
  counting = false;
  assert_true(user_calls > 0);
}

/* The wrappers do see the C library allocator when no user one is given,
 * so the zero above is not an artefact of the wrapping. */
static void the_default_allocator_is_counted(void **state) {
  (void)state;
  counting = true;
  allocation_run run;
  allocation_run_entry(&allocation_corpus[0], 0, NULL, &run);
  counting = false;
  assert_int_equal(run.status, 0);
  assert_true(c_library_calls > 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(no_c_library_call_with_a_user_allocator),
      cmocka_unit_test(the_default_allocator_is_counted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
