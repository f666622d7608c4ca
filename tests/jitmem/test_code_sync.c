/* code_sync: jitmem_sync_before_run says 1 exactly when code was committed
 * since the thread's last call (install, patch, flush; not a free or a
 * failed install), once per thread; and threads that run code another
 * thread keeps reinstalling at the same address each see the new
 * generation, synchronize (an ISB on arm64) and run the new code. Built
 * once per platform under test; also run under ThreadSanitizer. */
#define _POSIX_C_SOURCE 200809L /* pthread barriers under -std=c11 */

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "code_samples.h"
#include "jitmem.h"

static jitmem_block *install_constant(jitmem_pool *pool, uint16_t value) {
  unsigned char code[CODE_SAMPLES_MAX];
  jitmem_block *block;
  void *entry;
  assert_int_equal(
      jitmem_install(pool, code, code_samples_return_constant(value, code), &block, &entry),
      JITMEM_OK);
  return block;
}

static int refuse_mmap(void *user, jitmem_system_call call) {
  (void)user;
  return call == JITMEM_SYSTEM_CALL_MMAP;
}

static void test_commits_start_generations(void **state) {
  (void)state;
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 0, &pool), JITMEM_OK);
  jitmem_sync_before_run();
  assert_int_equal(jitmem_sync_before_run(), 0);
  jitmem_block *block = install_constant(pool, 1);
  assert_int_equal(jitmem_sync_before_run(), 1);
  assert_int_equal(jitmem_sync_before_run(), 0);
  assert_int_equal(code_samples_call_constant(jitmem_block_entry(block)), 1);

  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(2, bytes, &offset);
  assert_int_equal(jitmem_patch(block, offset, bytes, size), JITMEM_OK);
  assert_int_equal(jitmem_sync_before_run(), 1);
  assert_int_equal(code_samples_call_constant(jitmem_block_entry(block)), 2);

  assert_int_equal(jitmem_flush(block, 0, jitmem_block_size(block)), JITMEM_OK);
  assert_int_equal(jitmem_sync_before_run(), 1);

  jitmem_free(block);
  assert_int_equal(jitmem_sync_before_run(), 0);

  /* A new pool's first install needs a mapping, which is refused. */
  jitmem_hooks refusing = {NULL, NULL, refuse_mmap, NULL};
  jitmem_pool *refused_pool;
  assert_int_equal(jitmem_pool_create(&refusing, 0, &refused_pool), JITMEM_OK);
  unsigned char code[CODE_SAMPLES_MAX];
  void *entry;
  assert_int_equal(jitmem_install(refused_pool, code, code_samples_return_constant(3, code),
                                  &block, &entry),
                   JITMEM_ERROR_NOMEMORY);
  assert_int_equal(jitmem_sync_before_run(), 0);
  jitmem_pool_destroy(refused_pool);
  jitmem_pool_destroy(pool);
}

/* The main thread's installs are the newest generation a fresh thread
 * has not synchronized at. */
static void *sync_twice(void *argument) {
  int *answers = argument;
  answers[0] = jitmem_sync_before_run();
  answers[1] = jitmem_sync_before_run();
  return NULL;
}

static void test_each_thread_synchronizes_once(void **state) {
  (void)state;
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 0, &pool), JITMEM_OK);
  jitmem_block *block = install_constant(pool, 4);
  int answers[2] = {-1, -1};
  pthread_t thread;
  assert_int_equal(pthread_create(&thread, NULL, sync_twice, answers), 0);
  assert_int_equal(pthread_join(thread, NULL), 0);
  assert_int_equal(answers[0], 1);
  assert_int_equal(answers[1], 0);
  jitmem_free(block);
  jitmem_pool_destroy(pool);
}

/* Round by round the main thread frees the block and installs a new one
 * (first fit: at the same address), then the runners, released by a
 * barrier, synchronize and run it; a second barrier ends the round. */
#define RUNNERS 3
#define ROUNDS 100

typedef struct runner {
  pthread_barrier_t *rounds;
  void **entry;          /* written by the main thread between barriers */
  int failures;          /* cmocka's assertions are not thread-safe */
  char first_failure[120];
} runner;

static void count_failure(runner *self, int round, const char *what, int expected, int got) {
  if (got != expected && self->failures++ == 0) {
    snprintf(self->first_failure, sizeof self->first_failure,
             "round %d, %s: expected %d, got %d", round, what, expected, got);
  }
}

static void *run_each_round(void *argument) {
  runner *self = argument;
  for (int round = 0; round < ROUNDS; round++) {
    pthread_barrier_wait(self->rounds);
    count_failure(self, round, "synchronized", 1, jitmem_sync_before_run());
    count_failure(self, round, "ran", round, code_samples_call_constant(*self->entry));
    count_failure(self, round, "synchronized again", 0, jitmem_sync_before_run());
    pthread_barrier_wait(self->rounds);
  }
  return NULL;
}

static void test_runners_see_each_reinstall(void **state) {
  (void)state;
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 0, &pool), JITMEM_OK);
  pthread_barrier_t rounds;
  assert_int_equal(pthread_barrier_init(&rounds, NULL, RUNNERS + 1), 0);
  void *entry = NULL;
  runner runners[RUNNERS];
  pthread_t threads[RUNNERS];
  for (int t = 0; t < RUNNERS; t++) {
    runners[t] = (runner){&rounds, &entry, 0, ""};
    assert_int_equal(pthread_create(&threads[t], NULL, run_each_round, &runners[t]), 0);
  }
  jitmem_block *block = NULL;
  void *first_entry = NULL;
  int reused = 0;
  for (int round = 0; round < ROUNDS; round++) {
    jitmem_free(block);
    block = install_constant(pool, (uint16_t)round);
    entry = jitmem_block_entry(block);
    first_entry = round == 0 ? entry : first_entry;
    reused += entry == first_entry;
    pthread_barrier_wait(&rounds);
    pthread_barrier_wait(&rounds);
  }
  for (int t = 0; t < RUNNERS; t++) {
    assert_int_equal(pthread_join(threads[t], NULL), 0);
  }
  for (int t = 0; t < RUNNERS; t++) {
    if (runners[t].failures != 0) {
      print_message("runner %d: %d failures, the first at %s\n", t, runners[t].failures,
                    runners[t].first_failure);
    }
  }
  for (int t = 0; t < RUNNERS; t++) {
    assert_int_equal(runners[t].failures, 0);
  }
  assert_int_equal(reused, ROUNDS);
  jitmem_free(block);
  assert_int_equal(pthread_barrier_destroy(&rounds), 0);
  jitmem_pool_destroy(pool);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_commits_start_generations),
      cmocka_unit_test(test_each_thread_synchronizes_once),
      cmocka_unit_test(test_runners_see_each_reinstall),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
