/* Linux, on jitmem_remapping (every commit remaps the execute pages, as
 * under qemu user mode): a MAP_FIXED remap that fails after the kernel
 * unmapped the old pages (the failure hook does exactly that). One failure
 * is retried and absorbed; when the retry fails too, a chunk that lost no
 * other live code is dead (never reused, never flushed, unmapped as soon
 * as it is empty), and a chunk that lost other live code ends the process
 * with a message instead of a later crash at an unmapped address. */
#define _DEFAULT_SOURCE /* _exit under -std=c11 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "child_process.h"
#include "code_samples.h"
#include "jitmem.h"

/* Refuses the next refusals_left MAP_FIXED remaps. */
typedef struct remap_refuser {
  jitmem_hooks hooks;
  int refusals_left;
  int refused;
} remap_refuser;

static int refuse_remaps(void *user, jitmem_system_call call) {
  remap_refuser *refuser = user;
  if (call != JITMEM_SYSTEM_CALL_MMAP_FIXED || refuser->refusals_left == 0) {
    return 0;
  }
  refuser->refusals_left--;
  refuser->refused++;
  return 1;
}

typedef struct fixture {
  remap_refuser refuser;
  jitmem_pool *pool;
} fixture;

static int setup(void **state) {
  fixture *created = test_malloc(sizeof *created);
  created->refuser = (remap_refuser){{NULL, NULL, refuse_remaps, &created->refuser}, 0, 0};
  /* 1 byte rounds up to one page: every block of the chunk shares it. */
  if (jitmem_pool_create(&created->refuser.hooks, 1, &created->pool) != JITMEM_OK) {
    return -1;
  }
  *state = created;
  return 0;
}

static int teardown(void **state) {
  fixture *used = *state;
  jitmem_pool_destroy(used->pool);
  test_free(used);
  return 0;
}

static int install_constant(jitmem_pool *pool, uint16_t value, jitmem_block **block, void **entry) {
  unsigned char code[CODE_SAMPLES_MAX];
  return jitmem_install(pool, code, code_samples_return_constant(value, code), block, entry);
}

static jitmem_pool_stats stats_of(jitmem_pool *pool) {
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(pool, &stats), JITMEM_OK);
  return stats;
}

static void test_one_failure_is_retried(void **state) {
  fixture *used = *state;
  jitmem_block *first;
  void *first_entry;
  assert_int_equal(install_constant(used->pool, 1, &first, &first_entry), JITMEM_OK);
  used->refuser.refusals_left = 1;
  jitmem_block *second;
  void *second_entry;
  /* Same page as the first block: the failed remap unmaps that too. */
  assert_int_equal(install_constant(used->pool, 2, &second, &second_entry), JITMEM_OK);
  assert_int_equal(used->refuser.refused, 1);
  assert_int_equal(code_samples_call_constant(first_entry), 1);
  assert_int_equal(code_samples_call_constant(second_entry), 2);

  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(3, bytes, &offset);
  used->refuser.refusals_left = 1;
  assert_int_equal(jitmem_patch(second, offset, bytes, size), JITMEM_OK);
  assert_int_equal(used->refuser.refused, 2);
  assert_int_equal(code_samples_call_constant(first_entry), 1);
  assert_int_equal(code_samples_call_constant(second_entry), 3);
  jitmem_free(first);
  jitmem_free(second);
}

static void test_chunk_without_other_code_dies(void **state) {
  fixture *used = *state;
  used->refuser.refusals_left = 2;
  jitmem_block *lost;
  void *lost_entry;
  assert_int_equal(install_constant(used->pool, 4, &lost, &lost_entry), JITMEM_ERROR_NOMEMORY);
  assert_null(lost);
  assert_int_equal(used->refuser.refused, 2);
  /* Nothing of the dead chunk is kept: not even as the spare empty one. */
  jitmem_pool_stats stats = stats_of(used->pool);
  assert_int_equal(stats.mapped_bytes, 0);
  assert_int_equal(stats.chunk_count, 0);

  jitmem_block *next;
  void *next_entry;
  assert_int_equal(install_constant(used->pool, 5, &next, &next_entry), JITMEM_OK);
  assert_int_equal(code_samples_call_constant(next_entry), 5);
  jitmem_free(next);
}

static void test_block_that_lost_its_own_code_is_only_freed(void **state) {
  fixture *used = *state;
  jitmem_block *block;
  void *entry;
  assert_int_equal(install_constant(used->pool, 6, &block, &entry), JITMEM_OK);
  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(7, bytes, &offset);
  used->refuser.refusals_left = 2;
  assert_int_equal(jitmem_patch(block, offset, bytes, size), JITMEM_ERROR_NOMEMORY);
  /* The block is still the caller's to free, but its chunk takes nothing
   * new and no further write or flush reaches it. */
  assert_int_equal(jitmem_patch(block, offset, bytes, size), JITMEM_ERROR_NOMEMORY);
  jitmem_block *other;
  void *other_entry;
  assert_int_equal(install_constant(used->pool, 8, &other, &other_entry), JITMEM_OK);
  assert_int_equal(stats_of(used->pool).chunk_count, 2);
  assert_int_equal(code_samples_call_constant(other_entry), 8);
  jitmem_free(block);
  assert_int_equal(stats_of(used->pool).chunk_count, 1);
  jitmem_free(other);
}

typedef struct fixture_in_child {
  jitmem_pool *pool;
  remap_refuser *refuser;
} fixture_in_child;

/* In a child: a failed remap takes another live block's page with it. */
static void lose_other_live_code(void *argument) {
  fixture_in_child *used = argument;
  jitmem_block *first;
  void *first_entry;
  if (install_constant(used->pool, 9, &first, &first_entry) != JITMEM_OK) {
    _exit(3);
  }
  used->refuser->refusals_left = 2;
  jitmem_block *second;
  void *second_entry;
  install_constant(used->pool, 10, &second, &second_entry);
  /* Reached only if jitmem carried on: the first block's page is gone. */
  _exit(code_samples_call_constant(first_entry) == 9 ? 4 : 5);
}

static void test_lost_live_code_aborts_with_a_message(void **state) {
  fixture *used = *state;
  fixture_in_child argument = {used->pool, &used->refuser};
  char output[512];
  int wait_status = child_process_run(lose_other_live_code, &argument, output, sizeof output);
  print_message("child: %s", output);
  assert_true(child_process_aborted_saying(wait_status, output, "jitmem: "));
  assert_non_null(strstr(output, "live code"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_one_failure_is_retried, setup, teardown),
      cmocka_unit_test_setup_teardown(test_chunk_without_other_code_dies, setup, teardown),
      cmocka_unit_test_setup_teardown(test_block_that_lost_its_own_code_is_only_freed, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_lost_live_code_aborts_with_a_message, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
