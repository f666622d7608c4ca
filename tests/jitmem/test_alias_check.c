/* Linux: the one-time alias check (does a cache flush make bytes written
 * through a region's file visible at its executable mapping?) is only
 * remembered once it has run. When the first commit happens while the
 * check cannot run (no descriptor left, or a failure hook refusing its
 * system calls), that commit remaps conservatively and the next one runs
 * the check again: commits remap only if the process really needs it (qemu
 * user mode), not for the rest of the process because of one transient
 * failure. And a pool holds one descriptor however many regions it has.
 * Each scenario needs a fresh process: without an argument the program
 * runs the descriptor one, with "hooks" the other. */
#define _DEFAULT_SOURCE /* getrlimit, fcntl under -std=c11 */

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "code_samples.h"
#include "jitmem.h"
#include "jitmem/alias_check.h"
#include "jitmem/hooks.h"

#define HIGHEST_DESCRIPTOR_CHECKED 1024
#define LATER_REGIONS 20
#define CHUNK_SIZE 4096u

static int open_descriptor_count(void) {
  int count = 0;
  for (int descriptor = 0; descriptor < HIGHEST_DESCRIPTOR_CHECKED; descriptor++) {
    count += fcntl(descriptor, F_GETFD) != -1;
  }
  return count;
}

static int lowest_free_descriptor(void) {
  int lowest = 0;
  while (lowest < HIGHEST_DESCRIPTOR_CHECKED && fcntl(lowest, F_GETFD) != -1) {
    lowest++;
  }
  return lowest;
}

/* What the check answers when it can run, asked in a child forked before
 * this process used jitmem, so that nothing this process remembered can
 * colour the answer. */
static int remap_really_needed(void) {
  pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) {
    _exit(jitmem_alias_check_remap_needed(jitmem_hooks_default()));
  }
  int status;
  assert_int_equal(waitpid(child, &status, 0), child);
  assert_true(WIFEXITED(status));
  return WEXITSTATUS(status);
}

static jitmem_block *install_constant(jitmem_pool *pool, uint16_t value, size_t size) {
  unsigned char *code = calloc(1, size);
  assert_non_null(code);
  code_samples_return_constant(value, code);
  jitmem_block *block;
  void *entry;
  assert_int_equal(jitmem_install(pool, code, size, &block, &entry), JITMEM_OK);
  assert_int_equal(code_samples_call_constant(entry), value);
  free(code);
  return block;
}

/* Counts the remaps (MAP_FIXED over code) of a pool. */
static int count_remaps(void *user, jitmem_system_call call) {
  int *remaps = user;
  *remaps += call == JITMEM_SYSTEM_CALL_MMAP_FIXED;
  return 0;
}

/* The first commit came while the check could not run; LATER_REGIONS more
 * regions are mapped and committed now in a pool of their own (blocks
 * larger than a chunk get one each). pools_with_code counts the pools
 * holding regions then, the new one included. */
static void check_later_commits(int descriptors_before, int pools_with_code, int remap_needed) {
  int remaps = 0;
  jitmem_hooks hooks = {NULL, NULL, count_remaps, &remaps};
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(&hooks, CHUNK_SIZE, &pool), JITMEM_OK);
  jitmem_block *later[LATER_REGIONS];
  for (int i = 0; i < LATER_REGIONS; i++) {
    later[i] = install_constant(pool, (uint16_t)(i + 1), 2 * CHUNK_SIZE);
  }
  int held = open_descriptor_count() - descriptors_before;
  print_message("remap needed: %d; %d commits remapped; descriptors held by %d regions in %d "
                "pools: %d\n",
                remap_needed, remaps, LATER_REGIONS + 1, pools_with_code, held);
  assert_int_equal(remaps, remap_needed ? LATER_REGIONS : 0);
  assert_int_equal(held, pools_with_code);
  for (int i = 0; i < LATER_REGIONS; i++) {
    jitmem_free(later[i]);
  }
  jitmem_pool_destroy(pool);
}

/* The case: the pool's file takes the last descriptor the limit
 * allows, so the check's own file cannot be created. */
static void test_no_descriptor_for_the_check(void **state) {
  (void)state;
  int remap_needed = remap_really_needed();
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, CHUNK_SIZE, &pool), JITMEM_OK);
  int before = open_descriptor_count();
  struct rlimit original;
  assert_int_equal(getrlimit(RLIMIT_NOFILE, &original), 0);
  struct rlimit limited = original;
  limited.rlim_cur = (rlim_t)lowest_free_descriptor() + 1;
  assert_int_equal(setrlimit(RLIMIT_NOFILE, &limited), 0);
  jitmem_block *first = install_constant(pool, 7, 16);
  assert_int_equal(setrlimit(RLIMIT_NOFILE, &original), 0);
  check_later_commits(before, 2, remap_needed);
  jitmem_free(first);
  jitmem_pool_destroy(pool);
  assert_int_equal(open_descriptor_count(), before);
}

typedef struct refusing {
  int memfd_calls;
  int refused;
} refusing;

/* Refuses the second memfd_create: the first is the pool's file, the
 * second the check's. */
static int refuse_second_memfd(void *user, jitmem_system_call call) {
  refusing *counts = user;
  if (call != JITMEM_SYSTEM_CALL_MEMFD_CREATE || ++counts->memfd_calls != 2) {
    return 0;
  }
  counts->refused++;
  return 1;
}

static void test_hook_refuses_the_check(void **state) {
  (void)state;
  int remap_needed = remap_really_needed();
  refusing counts = {0, 0};
  jitmem_hooks hooks = {NULL, NULL, refuse_second_memfd, &counts};
  jitmem_pool *refused_pool;
  assert_int_equal(jitmem_pool_create(&hooks, CHUNK_SIZE, &refused_pool), JITMEM_OK);
  int before = open_descriptor_count();
  jitmem_block *first = install_constant(refused_pool, 7, 16);
  assert_int_equal(counts.refused, 1);
  check_later_commits(before, 2, remap_needed);
  jitmem_free(first);
  jitmem_pool_destroy(refused_pool);
  assert_int_equal(open_descriptor_count(), before);
}

int main(int argc, char **argv) {
  const struct CMUnitTest descriptors[] = {cmocka_unit_test(test_no_descriptor_for_the_check)};
  const struct CMUnitTest hooks[] = {cmocka_unit_test(test_hook_refuses_the_check)};
  if (argc == 1) {
    return cmocka_run_group_tests(descriptors, NULL, NULL);
  }
  if (argc == 2 && strcmp(argv[1], "hooks") == 0) {
    return cmocka_run_group_tests(hooks, NULL, NULL);
  }
  print_error("usage: %s [hooks]\n", argv[0]);
  return 2;
}
