/* fork(): after it, each process's code is its own. Code installed before
 * the fork keeps running in both processes whatever the other does to it:
 * frees it (its space must not turn into traps here), frees it and
 * installs new code in the reused space, or patches it. Each case runs in
 * both directions, the child acting while the parent checks and the other
 * way round, and the acting side's own new code must run too. Also:
 * threads installing and freeing while the main thread forks (no child
 * may find a lock held forever), and the fork guard of write addresses.
 * Built for the host's platform (on Linux the files are shared until one
 * side writes) and the simulated macOS one (MAP_JIT memory is private, so
 * fork copies it). */
#define _DEFAULT_SOURCE /* fork, pipe, alarm, usleep under -std=c11 */

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "child_process.h"
#include "code_samples.h"
#include "jitmem.h"

#define BLOCK_COUNT 6
#define CHILD_TIME_LIMIT 20 /* seconds; a child stuck on a lock dies of SIGALRM */

typedef enum action {
  ACTION_FREE,             /* free every pre-fork block but the kept one */
  ACTION_FREE_AND_INSTALL, /* then install new code into the freed space */
  ACTION_PATCH             /* patch every pre-fork block but the kept one */
} action;

/* Pre-fork blocks; blocks[0] is kept and checked on the other side. */
typedef struct scene {
  jitmem_pool *pool;
  jitmem_block *blocks[BLOCK_COUNT];
  void *entries[BLOCK_COUNT];
} scene;

static uint16_t value_before(size_t index) {
  return (uint16_t)(100 + index);
}

static void scene_create(scene *created, size_t chunk_size) {
  assert_int_equal(jitmem_pool_create(NULL, chunk_size, &created->pool), JITMEM_OK);
  for (size_t i = 0; i < BLOCK_COUNT; i++) {
    unsigned char code[CODE_SAMPLES_MAX];
    assert_int_equal(jitmem_install(created->pool, code,
                                    code_samples_return_constant(value_before(i), code),
                                    &created->blocks[i], &created->entries[i]),
                     JITMEM_OK);
  }
}

static void scene_destroy(scene *used) {
  for (size_t i = 0; i < BLOCK_COUNT; i++) {
    jitmem_free(used->blocks[i]);
  }
  jitmem_pool_destroy(used->pool);
}

/* Does what the action says to blocks 1..; returns 0, or a nonzero code
 * naming what went wrong on this side. New code lands where freed code
 * was (first fit), exactly where the other process has its code. */
static int perform(scene *used, action what) {
  for (size_t i = 1; i < BLOCK_COUNT; i++) {
    if (what == ACTION_PATCH) {
      unsigned char bytes[CODE_SAMPLES_MAX];
      size_t offset;
      size_t size = code_samples_constant_patch((uint16_t)(200 + i), bytes, &offset);
      if (jitmem_patch(used->blocks[i], offset, bytes, size) != JITMEM_OK) {
        return 10;
      }
    } else {
      jitmem_free(used->blocks[i]);
      used->blocks[i] = NULL;
    }
  }
  if (what == ACTION_FREE_AND_INSTALL) {
    for (size_t i = 1; i < BLOCK_COUNT; i++) {
      unsigned char code[CODE_SAMPLES_MAX];
      if (jitmem_install(used->pool, code, code_samples_return_constant((uint16_t)(300 + i), code),
                         &used->blocks[i], &used->entries[i]) != JITMEM_OK) {
        return 11;
      }
    }
  }
  /* This side's own code answers as changed. */
  for (size_t i = 1; i < BLOCK_COUNT; i++) {
    int expected = what == ACTION_PATCH ? 200 + (int)i : 300 + (int)i;
    if (what != ACTION_FREE && code_samples_call_constant(used->entries[i]) != expected) {
      return 12;
    }
  }
  return code_samples_call_constant(used->entries[0]) == value_before(0) ? 0 : 13;
}

/* The other side: its pre-fork code must all still be there. */
static int check_untouched(const scene *used) {
  for (size_t i = 0; i < BLOCK_COUNT; i++) {
    if (code_samples_call_constant(used->entries[i]) != value_before(i)) {
      return 20 + (int)i;
    }
  }
  return 0;
}

typedef struct fork_case {
  scene used;
  action what;
} fork_case;

static int act(void *argument) {
  fork_case *side = argument;
  return perform(&side->used, side->what);
}

static int check(void *argument) {
  const fork_case *side = argument;
  return check_untouched(&side->used);
}

static void run_case(action what, size_t chunk_size, int child_first) {
  fork_case side;
  side.what = what;
  scene_create(&side.used, chunk_size);
  int result = child_first ? child_process_child_first(act, check, &side, CHILD_TIME_LIMIT)
                           : child_process_parent_first(act, check, &side, CHILD_TIME_LIMIT);
  assert_int_equal(result, 0);
  scene_destroy(&side.used);
}

static void assert_exited_with(pid_t child, int expected) {
  int status;
  assert_int_equal(waitpid(child, &status, 0), child);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), expected);
}

/* Chunks of one page and of the default size: in the first the blocks
 * share one page of code with the other process's. */
static void both_directions(action what) {
  run_case(what, 1, 1);
  run_case(what, 1, 0);
  run_case(what, 0, 1);
  run_case(what, 0, 0);
}

static void test_child_frees_parent_runs_and_back(void **state) {
  (void)state;
  both_directions(ACTION_FREE);
}

static void test_free_and_install_on_one_side_only(void **state) {
  (void)state;
  both_directions(ACTION_FREE_AND_INSTALL);
}

static void test_patch_on_one_side_only(void **state) {
  (void)state;
  both_directions(ACTION_PATCH);
}

/* A fork in the child too: three processes, each changing its own. */
static void test_grandchild(void **state) {
  (void)state;
  scene used;
  scene_create(&used, 1);
  pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) {
    alarm(CHILD_TIME_LIMIT);
    pid_t grandchild = fork();
    if (grandchild < 0) {
      _exit(40);
    }
    if (grandchild == 0) {
      _exit(perform(&used, ACTION_FREE_AND_INSTALL));
    }
    int status;
    if (waitpid(grandchild, &status, 0) != grandchild || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      _exit(41);
    }
    int result = check_untouched(&used);
    _exit(result != 0 ? result : perform(&used, ACTION_PATCH));
  }
  assert_exited_with(child, 0);
  assert_int_equal(check_untouched(&used), 0);
  scene_destroy(&used);
}

/* Threads keep installing, running and freeing (holding the pool locks a
 * good part of the time) while the main thread forks; every child must
 * use both pools at once and exit. In the parent each thread also runs
 * the kept block through jitmem_block_entry, without the lock, while the
 * others' first install after each fork copies the kept block's chunk
 * (jitmem_platform_privatize): under ThreadSanitizer that read and the
 * copy must not race. */
#define CHURN_THREADS 3
#define FORKS 20
#define KEPT_VALUE 76

typedef struct churn {
  jitmem_pool *pool;
  jitmem_block *kept; /* returns KEPT_VALUE; installed before the threads start */
  atomic_int stop;
  atomic_int failures;
} churn;

static void *churn_code(void *argument) {
  churn *shared = argument;
  jitmem_pool *pools[2] = {shared->pool, NULL};
  unsigned long round = 0;
  while (!atomic_load(&shared->stop)) {
    if (code_samples_call_constant(jitmem_block_entry(shared->kept)) != KEPT_VALUE) {
      atomic_fetch_add(&shared->failures, 1);
    }
    unsigned char code[CODE_SAMPLES_MAX];
    uint16_t value = (uint16_t)(round++ % 1000);
    jitmem_block *block;
    void *entry;
    if (jitmem_install(pools[round % 2], code, code_samples_return_constant(value, code), &block,
                       &entry) != JITMEM_OK) {
      atomic_fetch_add(&shared->failures, 1);
      continue;
    }
    if (code_samples_call_constant(entry) != value) {
      atomic_fetch_add(&shared->failures, 1);
    }
    jitmem_free(block);
  }
  return NULL;
}

static int use_pools_in_child(jitmem_pool *pool, const void *kept_entry) {
  jitmem_pool *pools[2] = {pool, NULL};
  for (int i = 0; i < 2; i++) {
    unsigned char code[CODE_SAMPLES_MAX];
    jitmem_block *block;
    void *entry;
    if (jitmem_install(pools[i], code, code_samples_return_constant(77, code), &block, &entry) !=
            JITMEM_OK ||
        code_samples_call_constant(entry) != 77) {
      return 50 + i;
    }
    jitmem_free(block);
  }
  return code_samples_call_constant(kept_entry) == KEPT_VALUE ? 0 : 52;
}

static void test_fork_while_threads_hold_locks(void **state) {
  (void)state;
  churn shared;
  shared.pool = NULL;
  atomic_init(&shared.stop, 0);
  atomic_init(&shared.failures, 0);
  assert_int_equal(jitmem_pool_create(NULL, 0, &shared.pool), JITMEM_OK);
  unsigned char code[CODE_SAMPLES_MAX];
  void *kept_entry;
  assert_int_equal(jitmem_install(shared.pool, code, code_samples_return_constant(KEPT_VALUE, code),
                                  &shared.kept, &kept_entry),
                   JITMEM_OK);
  pthread_t threads[CHURN_THREADS];
  for (int t = 0; t < CHURN_THREADS; t++) {
    assert_int_equal(pthread_create(&threads[t], NULL, churn_code, &shared), 0);
  }
  for (int i = 0; i < FORKS; i++) {
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
      alarm(CHILD_TIME_LIMIT);
      _exit(use_pools_in_child(shared.pool, kept_entry));
    }
    assert_exited_with(child, 0);
  }
  atomic_store(&shared.stop, 1);
  for (int t = 0; t < CHURN_THREADS; t++) {
    assert_int_equal(pthread_join(threads[t], NULL), 0);
  }
  assert_int_equal(atomic_load(&shared.failures), 0);
  assert_int_equal(code_samples_call_constant(kept_entry), KEPT_VALUE);
  jitmem_free(shared.kept);
  jitmem_pool_destroy(shared.pool);
}

/* A thread holding a write address makes fork() wait until its scope
 * ends, so the child cannot inherit a view of code that is being written.
 * The writer is detached (a child cannot join it) and says on the pipe
 * when it has its write address and when it is done. */
typedef struct writer {
  jitmem_block *block;
  int pipe_ends[2];
  atomic_int scope_ended;
} writer;

static void *write_slowly(void *argument) {
  writer *self = argument;
  jitmem_write_begin();
  unsigned char *address = jitmem_block_write_address(self->block, 0);
  int said = write(self->pipe_ends[1], address != NULL ? "y" : "n", 1) == 1;
  usleep(200 * 1000);
  atomic_store(&self->scope_ended, 1);
  jitmem_write_end();
  said = said && write(self->pipe_ends[1], "d", 1) == 1;
  return said ? NULL : self;
}

static void test_fork_waits_for_write_addresses(void **state) {
  (void)state;
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 0, &pool), JITMEM_OK);
  unsigned char code[CODE_SAMPLES_MAX];
  /* Static: the detached writer may outlive a failed assertion here. */
  static writer slow;
  slow.pipe_ends[0] = slow.pipe_ends[1] = -1;
  atomic_init(&slow.scope_ended, 0);
  void *entry;
  assert_int_equal(
      jitmem_install(pool, code, code_samples_return_constant(5, code), &slow.block, &entry),
      JITMEM_OK);
  assert_int_equal(pipe(slow.pipe_ends), 0);
  pthread_t thread;
  assert_int_equal(pthread_create(&thread, NULL, write_slowly, &slow), 0);
  assert_int_equal(pthread_detach(thread), 0);
  char said;
  assert_int_equal(read(slow.pipe_ends[0], &said, 1), 1);
  assert_int_equal(said, 'y');
  pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) {
    _exit(atomic_load(&slow.scope_ended) == 1 ? 0 : 60);
  }
  assert_int_equal(atomic_load(&slow.scope_ended), 1);
  assert_exited_with(child, 0);
  assert_int_equal(read(slow.pipe_ends[0], &said, 1), 1);
  assert_int_equal(said, 'd');
  close(slow.pipe_ends[0]);
  close(slow.pipe_ends[1]);
  jitmem_free(slow.block);
  jitmem_pool_destroy(pool);
}

/* Forking from inside one's own scope with write addresses would hand the
 * child a view of code this thread is writing: jitmem aborts instead. */
static void fork_inside_own_scope(void *argument) {
  jitmem_block *block = argument;
  jitmem_write_begin();
  if (jitmem_block_write_address(block, 0) == NULL) {
    _exit(70);
  }
  pid_t grandchild = fork();
  if (grandchild == 0) {
    _exit(0);
  }
  _exit(71);
}

static void test_fork_inside_a_scope_aborts(void **state) {
  (void)state;
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 0, &pool), JITMEM_OK);
  unsigned char code[CODE_SAMPLES_MAX];
  jitmem_block *block;
  void *entry;
  assert_int_equal(
      jitmem_install(pool, code, code_samples_return_constant(6, code), &block, &entry),
      JITMEM_OK);
  char output[512];
  int wait_status = child_process_run(fork_inside_own_scope, block, output, sizeof output);
  print_message("child: %s", output);
  assert_true(child_process_aborted_saying(wait_status, output, "jitmem: fork() inside a write"));
  jitmem_free(block);
  jitmem_pool_destroy(pool);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_child_frees_parent_runs_and_back),
      cmocka_unit_test(test_free_and_install_on_one_side_only),
      cmocka_unit_test(test_patch_on_one_side_only),
      cmocka_unit_test(test_grandchild),
      cmocka_unit_test(test_fork_while_threads_hold_locks),
      cmocka_unit_test(test_fork_waits_for_write_addresses),
      cmocka_unit_test(test_fork_inside_a_scope_aborts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
