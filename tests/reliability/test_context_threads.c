/* test_context_threads: one context with a counting user allocator shared
 * by four threads that compile, match and free patterns at once; then the
 * creating thread drops its reference while each thread still holds a
 * pattern, and the threads match with and free those, the last one
 * freeing the context. The reference count and the allocator are used
 * concurrently (ThreadSanitizer checks the native build), every answer is
 * right, and every byte comes back. */
#define _POSIX_C_SOURCE 200809L /* pthread barriers under -std=c11 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "allocation_corpus.h"
#include "counting_allocator.h"
#include "jrx.h"
#include "long_tests.h"

#define THREAD_COUNT 4

typedef struct worker {
  pthread_t thread;
  pthread_barrier_t *context_freed; /* passed once the creator dropped its reference */
  jrx_context *context;
  size_t first_entry;
  size_t rounds;
  size_t wrong_answers;
} worker;

/* Whether both patterns find the same match in the entry's subject. */
static bool same_match(const jrx *re, const jrx *interpreted, const allocation_entry *entry) {
  size_t native[24];
  size_t reference[24];
  size_t length = strlen(entry->subject);
  if (re == NULL || interpreted == NULL) {
    return false;
  }
  int found = jrx_match(re, entry->subject, length, 0, 0, native, 12);
  return found == jrx_match(interpreted, entry->subject, length, 0, 0, reference, 12) &&
         (found < 1 || (native[0] == reference[0] && native[1] == reference[1]));
}

static void *compile_and_match(void *argument) {
  worker *self = argument;
  jrx *kept = NULL;
  jrx *kept_interpreted = NULL;
  const allocation_entry *kept_entry = NULL;
  for (size_t round = 0; round < self->rounds; round++) {
    const allocation_entry *entry =
        &allocation_corpus[(self->first_entry + round) % allocation_corpus_size];
    if (entry->pattern == NULL) {
      continue;
    }
    jrx *re = jrx_compile_in_context(entry->pattern, strlen(entry->pattern), entry->options,
                                     self->context, NULL, NULL);
    jrx *interpreted =
        jrx_compile_in_context(entry->pattern, strlen(entry->pattern),
                               entry->options | JRX_NO_JIT, self->context, NULL, NULL);
    self->wrong_answers += !same_match(re, interpreted, entry);
    jrx_free(kept_interpreted);
    jrx_free(kept);
    kept = re;
    kept_interpreted = interpreted;
    kept_entry = entry;
  }
  pthread_barrier_wait(self->context_freed);
  self->wrong_answers += !same_match(kept, kept_interpreted, kept_entry);
  jrx_free(kept_interpreted);
  jrx_free(kept);
  return NULL;
}

static void four_threads_share_one_context(void **state) {
  (void)state;
  counting_allocator counter;
  counting_allocator_init(&counter);
  jrx_context *context = NULL;
  assert_int_equal(jrx_context_create(&counter.allocator, NULL, &context), 0);
  pthread_barrier_t context_freed;
  assert_int_equal(pthread_barrier_init(&context_freed, NULL, THREAD_COUNT + 1), 0);
  worker workers[THREAD_COUNT];
  size_t rounds = reliability_long_tests() ? 20 * allocation_corpus_size : allocation_corpus_size;
  for (size_t i = 0; i < THREAD_COUNT; i++) {
    workers[i] = (worker){.context_freed = &context_freed,
                          .context = context,
                          .first_entry = i * 7,
                          .rounds = rounds};
    assert_int_equal(pthread_create(&workers[i].thread, NULL, compile_and_match, &workers[i]), 0);
  }
  /* The workers compile until they reach the barrier, so freeing here
   * leaves each of them holding the only references left. */
  pthread_barrier_wait(&context_freed);
  jrx_context_free(context);
  for (size_t i = 0; i < THREAD_COUNT; i++) {
    assert_int_equal(pthread_join(workers[i].thread, NULL), 0);
    assert_int_equal(workers[i].wrong_answers, 0);
  }
  assert_int_equal(counting_allocator_live(&counter), 0);
  assert_int_equal(counting_allocator_live_bytes(&counter), 0);
  assert_int_equal(pthread_barrier_destroy(&context_freed), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(four_threads_share_one_context),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
