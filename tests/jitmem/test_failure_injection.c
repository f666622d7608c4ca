/* SQLite-style failure injection: a whole pool scenario runs failing the
 * Nth malloc, then the Nth system call, N = 1, 2, ... until nothing fails;
 * every run with a failure must be clean, and must fail unless jitmem
 * recovered (a remap tried again). Then the same for what a child does
 * after fork() (copying the regions it shares with its parent). Built once
 * per platform under test. */
#define _DEFAULT_SOURCE /* fork under -std=c11 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "code_samples.h"
#include "counting_hooks.h"
#include "execution_guard.h"
#include "jitmem.h"

#define SCENARIO_BLOCKS 6
#define LARGEST_BLOCK 200000
#define RUN_LIMIT 1000

/* Sizes chosen so the default 64 KiB chunk fills up (a second chunk is
 * needed) and one block is larger than a chunk. */
static const size_t scenario_sizes[SCENARIO_BLOCKS] = {8, 100, 3000, LARGEST_BLOCK, 40000, 30000};

/* Frees the listed blocks in this order; the rest are freed at the end. */
static const size_t scenario_free_order[] = {3, 0, 4, 2};

static void run_block(const jitmem_block *block, int expected) {
  void *entry = jitmem_block_entry(block);
  assert_true(execution_guard_nothing_writable());
  assert_true(execution_guard_allows_call(entry, jitmem_block_size(block)));
  assert_int_equal(code_samples_call_constant(entry), expected);
}

static int install_blocks(jitmem_pool *pool, unsigned char *code,
                          jitmem_block *blocks[SCENARIO_BLOCKS]) {
  for (size_t i = 0; i < SCENARIO_BLOCKS; i++) {
    code_samples_return_constant((uint16_t)i, code);
    void *entry;
    int status = jitmem_install(pool, code, scenario_sizes[i], &blocks[i], &entry);
    if (status != JITMEM_OK) {
      assert_null(blocks[i]);
      assert_null(entry);
      return status;
    }
    run_block(blocks[i], (int)i);
  }
  return JITMEM_OK;
}

static int patch_blocks(jitmem_block *blocks[SCENARIO_BLOCKS]) {
  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(50, bytes, &offset);
  jitmem_write_begin();
  unsigned char *address = jitmem_block_write_address(blocks[1], offset);
  if (address != NULL) {
    memcpy(address, bytes, size);
  }
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  if (address == NULL) {
    return JITMEM_ERROR_NOMEMORY; /* mapping the write view was refused */
  }
  int status = jitmem_flush(blocks[1], offset, size);
  if (status != JITMEM_OK) {
    return status;
  }
  run_block(blocks[1], 50);
  size = code_samples_constant_patch(51, bytes, &offset);
  status = jitmem_patch(blocks[2], offset, bytes, size);
  if (status != JITMEM_OK) {
    return status;
  }
  run_block(blocks[2], 51);
  return JITMEM_OK;
}

static int run_scenario(const jitmem_hooks *hooks, unsigned char *code) {
  jitmem_pool *pool;
  int status = jitmem_pool_create(hooks, 0, &pool);
  if (status != JITMEM_OK) {
    assert_null(pool);
    return status;
  }
  jitmem_block *blocks[SCENARIO_BLOCKS] = {NULL};
  status = install_blocks(pool, code, blocks);
  if (status == JITMEM_OK) {
    status = patch_blocks(blocks);
  }
  if (status == JITMEM_OK) {
    for (size_t i = 0; i < sizeof scenario_free_order / sizeof scenario_free_order[0]; i++) {
      jitmem_free(blocks[scenario_free_order[i]]);
      blocks[scenario_free_order[i]] = NULL;
    }
    run_block(blocks[1], 50);
    run_block(blocks[5], 5);
  }
  for (size_t i = 0; i < SCENARIO_BLOCKS; i++) {
    jitmem_free(blocks[i]);
  }
  assert_true(execution_guard_holds_w_xor_x());
  assert_true(execution_guard_nothing_writable());
  jitmem_pool_trim(pool);
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(pool, &stats), JITMEM_OK);
  assert_int_equal(stats.mapped_bytes, 0);
  assert_int_equal(stats.block_count, 0);
  jitmem_pool_destroy(pool);
  return status;
}

/* fail_malloc selects which counter the Nth failure applies to. */
static void failure_loop(int fail_malloc) {
  unsigned char *code = test_calloc(1, LARGEST_BLOCK);
  long run = 1;
  for (;; run++) {
    assert_true(run < RUN_LIMIT);
    counting_hooks counting;
    counting_hooks_init(&counting, fail_malloc ? run : 0, fail_malloc ? 0 : run);
    int status = run_scenario(&counting.hooks, code);
    assert_int_equal(counting.live_allocations, 0);
    assert_true(execution_guard_is_idle());
    if (counting.injected_failures == 0) {
      assert_int_equal(status, JITMEM_OK);
      break;
    }
    assert_true(status == JITMEM_ERROR_NOMEMORY || (!fail_malloc && status == JITMEM_OK));

    counting_hooks working;
    counting_hooks_init(&working, 0, 0);
    assert_int_equal(run_scenario(&working.hooks, code), JITMEM_OK);
    assert_int_equal(working.live_allocations, 0);
    assert_true(execution_guard_is_idle());
  }
  /* The scenario must have had something to fail at all. */
  assert_true(run > 1);
  test_free(code);
}

static void test_every_failed_malloc_is_clean(void **state) {
  (void)state;
  failure_loop(1);
}

static void test_every_failed_system_call_is_clean(void **state) {
  (void)state;
  failure_loop(0);
}

/* After fork(): in the child, with the Nth system call of the child
 * failing (the copy of shared regions: a file, its length, the writes, the
 * MAP_FIXED over the old pages; then the installs and the barrier), free a
 * pre-fork block, install, patch another, run everything, free it all.
 * The child's exit status: 0 when nothing was failed, 1 when a failure was
 * injected and everything was clean, else the number of what went wrong.
 * The parent's pre-fork code must run unchanged after every child. */
enum { CHILD_CLEAN_WITHOUT_FAILURE, CHILD_CLEAN_AFTER_FAILURE };

static int after_fork_in_child(counting_hooks *counting, jitmem_pool *pool,
                               jitmem_block *blocks[SCENARIO_BLOCKS], unsigned char *code,
                               long fail_at) {
  counting->fail_system_call_at = counting->system_calls + fail_at;
  int status = JITMEM_OK;
  jitmem_free(blocks[0]);
  blocks[0] = NULL;
  code_samples_return_constant(60, code);
  void *entry;
  status = jitmem_install(pool, code, 16, &blocks[0], &entry);
  if (status == JITMEM_OK && code_samples_call_constant(entry) != 60) {
    return 2;
  }
  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(61, bytes, &offset);
  int patched = jitmem_patch(blocks[2], offset, bytes, size);
  if (patched == JITMEM_OK && code_samples_call_constant(jitmem_block_entry(blocks[2])) != 61) {
    return 3;
  }
  if ((status != JITMEM_OK && status != JITMEM_ERROR_NOMEMORY) ||
      (patched != JITMEM_OK && patched != JITMEM_ERROR_NOMEMORY)) {
    return 4;
  }
  /* Blocks nobody changed still run, here as in the parent. */
  for (size_t i = 3; i < SCENARIO_BLOCKS; i++) {
    if (code_samples_call_constant(jitmem_block_entry(blocks[i])) != (int)i) {
      return 5;
    }
  }
  if (!execution_guard_nothing_writable()) {
    return 6;
  }
  for (size_t i = 0; i < SCENARIO_BLOCKS; i++) {
    jitmem_free(blocks[i]);
  }
  jitmem_pool_trim(pool);
  jitmem_pool_stats stats;
  if (jitmem_pool_get_stats(pool, &stats) != JITMEM_OK || stats.mapped_bytes != 0) {
    return 7;
  }
  jitmem_pool_destroy(pool);
  if (counting->live_allocations != 0 || !execution_guard_is_idle()) {
    return 8;
  }
  return counting->injected_failures == 0 ? CHILD_CLEAN_WITHOUT_FAILURE
                                          : CHILD_CLEAN_AFTER_FAILURE;
}

static void test_every_failed_system_call_after_fork_is_clean(void **state) {
  (void)state;
  unsigned char *code = test_calloc(1, LARGEST_BLOCK);
  counting_hooks counting;
  counting_hooks_init(&counting, 0, 0);
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(&counting.hooks, 0, &pool), JITMEM_OK);
  jitmem_block *blocks[SCENARIO_BLOCKS] = {NULL};
  assert_int_equal(install_blocks(pool, code, blocks), JITMEM_OK);
  long run = 1;
  for (;; run++) {
    assert_true(run < RUN_LIMIT);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
      _exit(after_fork_in_child(&counting, pool, blocks, code, run));
    }
    int wait_status;
    assert_int_equal(waitpid(child, &wait_status, 0), child);
    assert_true(WIFEXITED(wait_status));
    for (size_t i = 0; i < SCENARIO_BLOCKS; i++) {
      run_block(blocks[i], (int)i);
    }
    if (WEXITSTATUS(wait_status) == CHILD_CLEAN_WITHOUT_FAILURE) {
      break;
    }
    assert_int_equal(WEXITSTATUS(wait_status), CHILD_CLEAN_AFTER_FAILURE);
  }
  print_message("after fork: %ld system calls of the child failed in turn\n", run - 1);
  /* Where the child copies shared regions, that had system calls to fail. */
  assert_true(run > (execution_guard_fork_shares_code() ? 3 : 0));
  for (size_t i = 0; i < SCENARIO_BLOCKS; i++) {
    jitmem_free(blocks[i]);
  }
  jitmem_pool_destroy(pool);
  assert_int_equal(counting.live_allocations, 0);
  test_free(code);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_failed_malloc_is_clean),
      cmocka_unit_test(test_every_failed_system_call_is_clean),
      cmocka_unit_test(test_every_failed_system_call_after_fork_is_clean),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
