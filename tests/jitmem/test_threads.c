/* Threads sharing one pool install, run, patch and free code concurrently;
 * then write scopes nest to different depths on all threads in lockstep.
 * Built once per platform under test; also run under ThreadSanitizer.
 * Every thread is joined before any count is checked (a failed check
 * leaves the test function), and the first wrong answer of each thread is
 * printed: code that ran stale at a reused address shows there as the
 * value of an earlier block. */
#define _POSIX_C_SOURCE 200809L /* pthread barriers under -std=c11 */

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "code_samples.h"
#include "execution_guard.h"
#include "jitmem.h"

#define THREAD_COUNT 6
#define ITERATIONS 500 /* per thread */
#define LIVE_BLOCKS 8  /* per thread */
#define GUARD_EVERY 100
#define PATCH_EVERY 7

typedef struct worker {
  jitmem_pool *pool;
  int index;
  int failures; /* cmocka's assertions are not thread-safe: count, assert later */
  char first_failure[160];
} worker;

/* Counts a failure unless got == expected, remembering the first. */
static void expect_equal(worker *self, int iteration, const char *what, int expected, int got) {
  if (got == expected) {
    return;
  }
  if (self->failures++ == 0) {
    snprintf(self->first_failure, sizeof self->first_failure,
             "iteration %d, %s: expected %d, got %d", iteration, what, expected, got);
  }
}

static int value_for(const worker *self, int iteration) {
  return self->index * ITERATIONS + iteration;
}

/* Runs a block, first asking the platform guard every GUARD_EVERY
 * iterations (on Linux it reads /proc/self/maps, too slow for every call
 * under qemu). Returns the block's answer, or -1 if the guard refused. */
static int run_block(const jitmem_block *block, int iteration) {
  void *entry = jitmem_block_entry(block);
  if (iteration % GUARD_EVERY == 0 && !execution_guard_allows_call(entry, jitmem_block_size(block))) {
    return -1;
  }
  return code_samples_call_constant(entry);
}

static void *install_run_free(void *argument) {
  worker *self = argument;
  jitmem_block *live[LIVE_BLOCKS] = {NULL};
  int live_values[LIVE_BLOCKS] = {0};
  unsigned char code[CODE_SAMPLES_MAX];
  for (int i = 0; i < ITERATIONS; i++) {
    int slot = i % LIVE_BLOCKS;
    if (live[slot] != NULL) {
      expect_equal(self, i, "run before free", live_values[slot], run_block(live[slot], i));
      jitmem_free(live[slot]);
    }
    int value = value_for(self, i);
    void *entry;
    int status = jitmem_install(self->pool, code,
                                code_samples_return_constant((uint16_t)value, code), &live[slot],
                                &entry);
    expect_equal(self, i, "install", JITMEM_OK, status);
    if (status != JITMEM_OK) {
      live[slot] = NULL;
      continue;
    }
    live_values[slot] = value;
    expect_equal(self, i, "run after install", value, run_block(live[slot], i));
    if (i % PATCH_EVERY == 0) {
      size_t offset;
      size_t size = code_samples_constant_patch((uint16_t)(value + 1), code, &offset);
      expect_equal(self, i, "patch", JITMEM_OK, jitmem_patch(live[slot], offset, code, size));
      live_values[slot] = value + 1;
      expect_equal(self, i, "run after patch", value + 1, run_block(live[slot], i));
    }
  }
  for (int slot = 0; slot < LIVE_BLOCKS; slot++) {
    jitmem_free(live[slot]);
  }
  expect_equal(self, ITERATIONS, "writable after the loop", 0, jitmem_thread_is_writable());
  return NULL;
}

static void start_and_join(void *(*body)(void *), worker workers[THREAD_COUNT]) {
  pthread_t threads[THREAD_COUNT];
  int created = 0;
  while (created < THREAD_COUNT &&
         pthread_create(&threads[created], NULL, body, &workers[created]) == 0) {
    created++;
  }
  int joined = 0;
  for (int t = 0; t < created; t++) {
    joined += pthread_join(threads[t], NULL) == 0;
  }
  assert_int_equal(created, THREAD_COUNT);
  assert_int_equal(joined, THREAD_COUNT);
  for (int t = 0; t < THREAD_COUNT; t++) {
    if (workers[t].failures != 0) {
      print_message("thread %d: %d failures, the first at %s\n", t, workers[t].failures,
                    workers[t].first_failure);
    }
  }
  for (int t = 0; t < THREAD_COUNT; t++) {
    assert_int_equal(workers[t].failures, 0);
  }
}

static void test_threads_install_run_and_free(void **state) {
  (void)state;
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 0, &pool), JITMEM_OK);
  worker workers[THREAD_COUNT];
  for (int t = 0; t < THREAD_COUNT; t++) {
    workers[t] = (worker){pool, t, 0, ""};
  }
  start_and_join(install_run_free, workers);
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(pool, &stats), JITMEM_OK);
  assert_int_equal(stats.block_count, 0);
  assert_true(stats.chunk_count <= 1);
  jitmem_pool_destroy(pool);
}

static pthread_barrier_t lockstep;

static void step(worker *self, int level) {
  int result = pthread_barrier_wait(&lockstep);
  expect_equal(self, level, "barrier wait", 1,
               result == 0 || result == PTHREAD_BARRIER_SERIAL_THREAD);
}

/* Thread t nests t % 3 + 1 scopes deep, one level per lockstep step, then
 * unwinds one level per step; between steps each thread checks its own
 * mode, and threads at depth 0 run code while others are writing. */
static void *nest_scopes(void *argument) {
  worker *self = argument;
  int depth_wanted = self->index % 3 + 1;
  unsigned char code[CODE_SAMPLES_MAX];
  jitmem_block *block;
  void *entry;
  int status = jitmem_install(self->pool, code,
                              code_samples_return_constant((uint16_t)self->index, code), &block,
                              &entry);
  expect_equal(self, 0, "install", JITMEM_OK, status);
  if (status != JITMEM_OK) {
    block = NULL;
  }
  int depth = 0;
  for (int level = 1; level <= 3; level++) {
    if (level <= depth_wanted) {
      jitmem_write_begin();
      depth++;
    }
    step(self, level);
    expect_equal(self, level, "writable going in", depth > 0, jitmem_thread_is_writable());
  }
  for (int level = 3; level >= 1; level--) {
    if (level <= depth) {
      expect_equal(self, level, "write end", JITMEM_OK, jitmem_write_end());
      depth--;
    }
    step(self, level);
    expect_equal(self, level, "writable coming out", depth > 0, jitmem_thread_is_writable());
    if (depth == 0 && block != NULL) {
      expect_equal(self, level, "run", self->index, run_block(block, 0));
    }
  }
  jitmem_free(block);
  return NULL;
}

static void test_write_scopes_are_per_thread(void **state) {
  (void)state;
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 0, &pool), JITMEM_OK);
  assert_int_equal(pthread_barrier_init(&lockstep, NULL, THREAD_COUNT), 0);
  worker workers[THREAD_COUNT];
  for (int t = 0; t < THREAD_COUNT; t++) {
    workers[t] = (worker){pool, t, 0, ""};
  }
  start_and_join(nest_scopes, workers);
  assert_int_equal(pthread_barrier_destroy(&lockstep), 0);
  assert_false(jitmem_thread_is_writable());
  jitmem_pool_destroy(pool);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_threads_install_run_and_free),
      cmocka_unit_test(test_write_scopes_are_per_thread),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
