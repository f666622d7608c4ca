/* SQLite-style failure injection: a whole pool scenario runs failing the
 * Nth malloc, then the Nth system call, N = 1, 2, ... until nothing fails;
 * every run with a failure must be clean, and must fail unless jitmem
 * recovered (a remap tried again). Built once per platform under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_failed_malloc_is_clean),
      cmocka_unit_test(test_every_failed_system_call_is_clean),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
