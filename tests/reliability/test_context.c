/* test_context: jrx_context's contract at its edges: argument checks,
 * limits, a NULL context, out-of-memory at creation, the context's limits
 * applied to its patterns, and patterns outliving their context (its
 * memory goes back to its allocator with the last pattern). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "counting_allocator.h"
#include "jrx.h"
#include "reliability_compile.h"

static const char PATTERN[] = "(\\w+)@(\\w+)";
static const char SUBJECT[] = "mail bob@example now";

static void check_answer(const jrx *re) {
  size_t ovector[6];
  assert_int_equal(jrx_match(re, SUBJECT, strlen(SUBJECT), 0, 0, ovector, 3), 3);
  assert_int_equal(ovector[0], 5);
  assert_int_equal(ovector[1], 16);
  assert_int_equal(ovector[2], 5);
  assert_int_equal(ovector[5], 16);
}

static jrx *compile_in(jrx_context *context, uint32_t options) {
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile_in_context(PATTERN, strlen(PATTERN), options, context, &error, &offset);
  assert_non_null(re);
  assert_int_equal(error, 0);
  return re;
}

static void *only_malloc(size_t size, void *user_data) {
  (void)size;
  (void)user_data;
  return NULL;
}

static void only_free(void *pointer, void *user_data) {
  (void)pointer;
  (void)user_data;
}

static void arguments_are_checked(void **state) {
  (void)state;
  assert_int_equal(jrx_context_create(NULL, NULL, NULL), JRX_ERROR_NULL);
  jrx_context *context = (jrx_context *)&context;
  const jrx_allocator malloc_only = {only_malloc, NULL, NULL};
  assert_int_equal(jrx_context_create(&malloc_only, NULL, &context), JRX_ERROR_BAD_COMPILE_OPTION);
  assert_null(context);
  context = (jrx_context *)&context;
  const jrx_allocator free_only = {NULL, only_free, NULL};
  assert_int_equal(jrx_context_create(&free_only, NULL, &context), JRX_ERROR_BAD_COMPILE_OPTION);
  assert_null(context);
  jrx_context_free(NULL);
}

static void limits_out_of_range_are_refused(void **state) {
  (void)state;
  jrx_compile_limits defaults;
  jrx_compile_limits_default(&defaults);
  jrx_compile_limits bad[4] = {defaults, defaults, defaults, defaults};
  bad[0].max_nesting_depth = 0;
  bad[1].max_nesting_depth = JRX_MAX_NESTING_DEPTH + 1;
  bad[2].max_program_size = 0;
  bad[3].dfa_cache_size = 1024;
  for (size_t i = 0; i < 4; i++) {
    jrx_context *context = (jrx_context *)&context;
    assert_int_equal(jrx_context_create(NULL, &bad[i], &context), JRX_ERROR_BAD_COMPILE_OPTION);
    assert_null(context);
  }
}

/* A context's limits are those of jrx_compile_with_limits for its patterns. */
static void limits_apply_to_the_patterns(void **state) {
  (void)state;
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.max_pattern_length = 4;
  limits.max_nesting_depth = 2;
  jrx_context *context = NULL;
  assert_int_equal(jrx_context_create(NULL, &limits, &context), 0);
  int error = 0;
  size_t offset = 0;
  assert_null(jrx_compile_in_context("abcde", 5, 0, context, &error, &offset));
  assert_int_equal(error, JRX_ERROR_PATTERN_TOO_LONG);
  assert_null(jrx_compile_in_context("a", 1, 0x40000000u, context, &error, &offset));
  assert_int_equal(error, JRX_ERROR_BAD_COMPILE_OPTION);
  jrx *re = jrx_compile_in_context("(a)", 3, 0, context, &error, &offset);
  assert_non_null(re);
  jrx_free(re);
  limits.max_pattern_length = 100;
  jrx_context *shallow = NULL;
  assert_int_equal(jrx_context_create(NULL, &limits, &shallow), 0);
  assert_null(jrx_compile_in_context("(((a)))", 7, 0, shallow, &error, &offset));
  assert_int_equal(error, JRX_ERROR_NESTING_TOO_DEEP);
  jrx_context_free(shallow);
  jrx_context_free(context);
}

static void null_context_is_jrx_compile(void **state) {
  (void)state;
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *in_context = compile_in(NULL, reliability_engine_options[e]);
    jrx *plain = reliability_compile(PATTERN, strlen(PATTERN), reliability_engine_options[e]);
    assert_string_equal(jrx_engine(in_context), jrx_engine(plain));
    check_answer(in_context);
    jrx_free(plain);
    jrx_free(in_context);
  }
  int error = 0;
  assert_null(jrx_compile_in_context("(", 1, 0, NULL, &error, NULL));
  assert_int_equal(error, JRX_ERROR_MISSING_PARENTHESIS);
}

/* Creation fails cleanly at each of its allocations (the context, and on
 * native builds its pool). */
static void creation_out_of_memory(void **state) {
  (void)state;
  counting_allocator counter;
  counting_allocator_init(&counter);
  jrx_context *context = NULL;
  assert_int_equal(jrx_context_create(&counter.allocator, NULL, &context), 0);
  size_t needed = counting_allocator_calls(&counter);
  jrx_context_free(context);
  assert_true(needed >= 1);
  for (size_t fail_at = 1; fail_at <= needed; fail_at++) {
    counting_allocator_arm(&counter, COUNTING_FAIL_ONLY, fail_at);
    context = (jrx_context *)&context;
    assert_int_equal(jrx_context_create(&counter.allocator, NULL, &context), JRX_ERROR_NOMEMORY);
    assert_null(context);
    assert_int_equal(counting_allocator_live(&counter), 0);
  }
}

static void patterns_outlive_their_context(void **state) {
  (void)state;
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    counting_allocator counter;
    counting_allocator_init(&counter);
    jrx_context *context = NULL;
    assert_int_equal(jrx_context_create(&counter.allocator, NULL, &context), 0);
    jrx *first = compile_in(context, reliability_engine_options[e]);
    jrx *second = compile_in(context, reliability_engine_options[e]);
    jrx_context_free(context);
    check_answer(first);
    check_answer(second);
    jrx_free(first);
    check_answer(second);
    assert_true(counting_allocator_live(&counter) > 0);
    jrx_free(second);
    assert_int_equal(counting_allocator_live(&counter), 0);
    assert_int_equal(counting_allocator_live_bytes(&counter), 0);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(arguments_are_checked),
      cmocka_unit_test(limits_out_of_range_are_refused),
      cmocka_unit_test(limits_apply_to_the_patterns),
      cmocka_unit_test(null_context_is_jrx_compile),
      cmocka_unit_test(creation_out_of_memory),
      cmocka_unit_test(patterns_outlive_their_context),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
