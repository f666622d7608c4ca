/* Pool behaviour: sharing and alignment, traps around and in freed space,
 * reuse that runs the new code, large blocks, unmapping of empty chunks but
 * one, and refusal of bad arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "code_samples.h"
#include "counting_hooks.h"
#include "jitmem.h"

#define SMALL_BLOCK_COUNT 20

typedef struct pool_fixture {
  counting_hooks counting;
  jitmem_pool *pool;
  size_t chunk_bytes; /* learnt from the first chunk the pool maps */
} pool_fixture;

static pool_fixture *fixture_create(void) {
  pool_fixture *fixture = test_malloc(sizeof *fixture);
  counting_hooks_init(&fixture->counting, 0, 0);
  /* 1 byte rounds up to a single page: the smallest chunk there is. */
  assert_int_equal(jitmem_pool_create(&fixture->counting.hooks, 1, &fixture->pool), JITMEM_OK);
  fixture->chunk_bytes = 0;
  return fixture;
}

static int setup(void **state) {
  *state = fixture_create();
  return 0;
}

static int teardown(void **state) {
  pool_fixture *fixture = *state;
  jitmem_pool_destroy(fixture->pool);
  assert_int_equal(fixture->counting.live_allocations, 0);
  test_free(fixture);
  return 0;
}

static jitmem_pool_stats stats_of(jitmem_pool *pool) {
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(pool, &stats), JITMEM_OK);
  return stats;
}

static jitmem_block *install_constant(jitmem_pool *pool, uint16_t value, void **entry) {
  unsigned char code[CODE_SAMPLES_MAX];
  jitmem_block *block;
  assert_int_equal(
      jitmem_install(pool, code, code_samples_return_constant(value, code), &block, entry),
      JITMEM_OK);
  assert_int_equal((uintptr_t)*entry % 16, 0);
  return block;
}

static size_t learn_chunk_bytes(pool_fixture *fixture) {
  void *entry;
  jitmem_block *block = install_constant(fixture->pool, 1, &entry);
  fixture->chunk_bytes = stats_of(fixture->pool).mapped_bytes;
  jitmem_free(block);
  jitmem_pool_trim(fixture->pool);
  assert_int_equal(stats_of(fixture->pool).mapped_bytes, 0);
  return fixture->chunk_bytes;
}

static void test_small_blocks_share_a_chunk(void **state) {
  pool_fixture *fixture = *state;
  jitmem_block *blocks[SMALL_BLOCK_COUNT];
  unsigned char *entries[SMALL_BLOCK_COUNT];
  for (uint16_t i = 0; i < SMALL_BLOCK_COUNT; i++) {
    void *entry;
    blocks[i] = install_constant(fixture->pool, (uint16_t)(100 + i), &entry);
    entries[i] = entry;
  }
  jitmem_pool_stats stats = stats_of(fixture->pool);
  assert_int_equal(stats.chunk_count, 1);
  assert_int_equal(stats.block_count, SMALL_BLOCK_COUNT);
  assert_int_equal(stats.used_bytes, SMALL_BLOCK_COUNT * 16);
  assert_int_equal(stats.large_region_count, 0);
  for (size_t i = 0; i < SMALL_BLOCK_COUNT; i++) {
    /* First fit in an empty chunk packs blocks back to back. */
    assert_ptr_equal(entries[i], entries[0] + 16 * i);
    assert_int_equal(code_samples_call_constant(entries[i]), (int)(100 + i));
    size_t size = jitmem_block_size(blocks[i]);
    assert_true(code_samples_all_traps(entries[i] + size, 16 - size));
  }
  size_t chunk_bytes = stats.mapped_bytes;
  assert_true(code_samples_all_traps(entries[SMALL_BLOCK_COUNT - 1] + 16,
                                     chunk_bytes - 16 * SMALL_BLOCK_COUNT));
  for (size_t i = 0; i < SMALL_BLOCK_COUNT; i++) {
    jitmem_free(blocks[i]);
  }
}

static void test_freed_space_is_trapped_and_reused(void **state) {
  pool_fixture *fixture = *state;
  void *first_entry;
  void *middle_entry;
  void *last_entry;
  jitmem_block *first = install_constant(fixture->pool, 1, &first_entry);
  jitmem_block *middle = install_constant(fixture->pool, 2, &middle_entry);
  jitmem_block *last = install_constant(fixture->pool, 3, &last_entry);
  assert_int_equal(code_samples_call_constant(middle_entry), 2);

  jitmem_free(middle);
  assert_true(code_samples_all_traps(middle_entry, 16));
  assert_int_equal(stats_of(fixture->pool).used_bytes, 32);

  /* The gap is the first fit, and running the new code there must give
   * the new answer, not the code that used to be there. */
  void *reused_entry;
  jitmem_block *reused = install_constant(fixture->pool, 4, &reused_entry);
  assert_ptr_equal(reused_entry, middle_entry);
  assert_int_equal(code_samples_call_constant(reused_entry), 4);

  /* A block too big for the 16-byte hole left by the first one goes after
   * the last. */
  jitmem_free(first);
  assert_true(code_samples_all_traps(first_entry, 16));
  unsigned char code[CODE_SAMPLES_MAX * 2];
  memset(code, 0, sizeof code);
  size_t size = code_samples_sum_to(code);
  jitmem_block *wide;
  void *wide_entry;
  assert_int_equal(jitmem_install(fixture->pool, code, 32 + size, &wide, &wide_entry), JITMEM_OK);
  assert_ptr_equal(wide_entry, (unsigned char *)last_entry + 16);
  assert_int_equal(code_samples_call_unary(wide_entry, 10), 55);

  jitmem_free(reused);
  jitmem_free(last);
  jitmem_free(wide);
}

static void test_large_blocks_get_their_own_region(void **state) {
  pool_fixture *fixture = *state;
  size_t chunk_bytes = learn_chunk_bytes(fixture);

  /* Exactly a chunk still fits in a shared chunk. */
  unsigned char *code = test_calloc(1, 3 * chunk_bytes);
  code_samples_return_constant(21, code);
  jitmem_block *full;
  void *full_entry;
  assert_int_equal(jitmem_install(fixture->pool, code, chunk_bytes, &full, &full_entry),
                   JITMEM_OK);
  jitmem_pool_stats stats = stats_of(fixture->pool);
  assert_int_equal(stats.chunk_count, 1);
  assert_int_equal(stats.large_region_count, 0);

  jitmem_block *large;
  void *large_entry;
  size_t large_size = 2 * chunk_bytes + 100;
  assert_int_equal(jitmem_install(fixture->pool, code, large_size, &large, &large_entry),
                   JITMEM_OK);
  stats = stats_of(fixture->pool);
  assert_int_equal(stats.large_region_count, 1);
  assert_int_equal(stats.mapped_bytes, 4 * chunk_bytes);
  assert_memory_equal(large_entry, code, large_size);
  assert_true(code_samples_all_traps((unsigned char *)large_entry + large_size,
                                     3 * chunk_bytes - large_size));
  assert_int_equal(code_samples_call_constant(large_entry), 21);
  assert_int_equal(code_samples_call_constant(full_entry), 21);

  jitmem_free(large);
  stats = stats_of(fixture->pool);
  assert_int_equal(stats.large_region_count, 0);
  assert_int_equal(stats.mapped_bytes, chunk_bytes);
  jitmem_free(full);
  test_free(code);
}

static void test_empty_chunks_are_unmapped_but_one(void **state) {
  pool_fixture *fixture = *state;
  size_t per_chunk = learn_chunk_bytes(fixture) / 16;
  size_t count = 2 * per_chunk + 1;
  jitmem_block **blocks = test_malloc(count * sizeof *blocks);
  for (size_t i = 0; i < count; i++) {
    void *entry;
    blocks[i] = install_constant(fixture->pool, (uint16_t)i, &entry);
  }
  jitmem_pool_stats stats = stats_of(fixture->pool);
  assert_int_equal(stats.chunk_count, 3);
  assert_int_equal(stats.mapped_bytes, 3 * fixture->chunk_bytes);

  /* Free from both ends so chunks empty in no particular order. */
  for (size_t i = 0; i < count; i++) {
    jitmem_free(blocks[i % 2 == 0 ? i / 2 : count - 1 - i / 2]);
  }
  stats = stats_of(fixture->pool);
  assert_int_equal(stats.block_count, 0);
  assert_int_equal(stats.used_bytes, 0);
  assert_int_equal(stats.chunk_count, 1);
  assert_int_equal(stats.mapped_bytes, fixture->chunk_bytes);

  /* The spare is reused rather than a new chunk mapped. */
  void *entry;
  jitmem_block *again = install_constant(fixture->pool, 9, &entry);
  assert_int_equal(stats_of(fixture->pool).chunk_count, 1);
  assert_int_equal(code_samples_call_constant(entry), 9);
  jitmem_free(again);

  jitmem_pool_trim(fixture->pool);
  stats = stats_of(fixture->pool);
  assert_int_equal(stats.chunk_count, 0);
  assert_int_equal(stats.mapped_bytes, 0);
  test_free(blocks);
}

static void test_destroy_releases_live_blocks(void **state) {
  pool_fixture *fixture = *state;
  unsigned char *large = test_calloc(1, 3 * learn_chunk_bytes(fixture));
  void *entry;
  install_constant(fixture->pool, 1, &entry);
  jitmem_block *block;
  assert_int_equal(jitmem_install(fixture->pool, large, 3 * fixture->chunk_bytes, &block, &entry),
                   JITMEM_OK);
  install_constant(fixture->pool, 2, &entry);
  assert_true(fixture->counting.live_allocations > 0);
  test_free(large);
  /* teardown destroys the pool and checks nothing is left allocated */
}

static void test_bad_arguments_are_refused(void **state) {
  pool_fixture *fixture = *state;
  unsigned char code[CODE_SAMPLES_MAX];
  size_t size = code_samples_return_constant(3, code);
  jitmem_block *block = (jitmem_block *)code;
  void *entry = code;

  assert_int_equal(jitmem_install(fixture->pool, NULL, size, &block, &entry),
                   JITMEM_ERROR_INVALID_ARGUMENT);
  assert_null(block);
  assert_null(entry);
  assert_int_equal(jitmem_install(fixture->pool, code, 0, &block, &entry),
                   JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_install(fixture->pool, code, size, NULL, &entry),
                   JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_install(fixture->pool, code, size, &block, NULL),
                   JITMEM_ERROR_INVALID_ARGUMENT);
  /* Rounding SIZE_MAX up to the alignment overflows: no such block. */
  assert_int_equal(jitmem_install(fixture->pool, code, SIZE_MAX, &block, &entry),
                   JITMEM_ERROR_NOMEMORY);

  jitmem_pool *pool = (jitmem_pool *)code;
  assert_int_equal(jitmem_pool_create(NULL, 0, NULL), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_pool_create(NULL, SIZE_MAX, &pool), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_null(pool);
  jitmem_hooks half = fixture->counting.hooks;
  half.free = NULL;
  assert_int_equal(jitmem_pool_create(&half, 0, &pool), JITMEM_ERROR_INVALID_ARGUMENT);
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(NULL, &stats), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_pool_get_stats(fixture->pool, NULL), JITMEM_ERROR_INVALID_ARGUMENT);

  block = install_constant(fixture->pool, 3, &entry);
  assert_null(jitmem_block_write_address(block, size));
  assert_null(jitmem_block_write_address(NULL, 0));
  /* Outside a write scope there is nothing to write through. */
  assert_null(jitmem_block_write_address(block, size - 1));
  jitmem_write_begin();
  assert_non_null(jitmem_block_write_address(block, size - 1));
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  assert_int_equal(jitmem_patch(block, 0, code, 0), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_patch(block, 1, code, size), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_patch(block, SIZE_MAX, code, 2), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_patch(block, 0, NULL, 1), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_patch(NULL, 0, code, 1), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_flush(block, 0, 0), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_flush(block, 0, size + 1), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_flush(NULL, 0, 1), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_null(jitmem_block_entry(NULL));
  assert_int_equal(jitmem_block_size(NULL), 0);
  assert_int_equal(code_samples_call_constant(entry), 3);
  jitmem_free(block);

  jitmem_free(NULL);
  jitmem_pool_destroy(NULL);
  jitmem_pool_trim(NULL);
}

static void test_write_scopes_nest(void **state) {
  (void)state;
  assert_false(jitmem_thread_is_writable());
  assert_int_equal(jitmem_write_end(), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_false(jitmem_thread_is_writable());
  jitmem_write_begin();
  jitmem_write_begin();
  assert_true(jitmem_thread_is_writable());
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  assert_true(jitmem_thread_is_writable());
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  assert_false(jitmem_thread_is_writable());
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_small_blocks_share_a_chunk, setup, teardown),
      cmocka_unit_test_setup_teardown(test_freed_space_is_trapped_and_reused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_large_blocks_get_their_own_region, setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty_chunks_are_unmapped_but_one, setup, teardown),
      cmocka_unit_test_setup_teardown(test_destroy_releases_live_blocks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_arguments_are_refused, setup, teardown),
      cmocka_unit_test(test_write_scopes_nest),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
