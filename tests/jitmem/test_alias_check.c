/* Linux: the one-time alias check (does a cache flush make bytes written
 * through a region's file visible at its executable mapping?) is only
 * remembered once it has run. When the first commit happens while the
 * check cannot run (no descriptor left, or a failure hook refusing its
 * system calls), that commit remaps conservatively and the next one runs
 * the check again: commits remap only if the process really needs it (qemu
 * user mode), not for the rest of the process because of one transient
 * failure. And a pool holds one descriptor however many regions it has.
 * And an emulator that drops its translations once between the check's
 * runs, as qemu 7.2 does once per process at a time of its own, does not
 * make the check answer that no remap is needed. Each scenario needs a
 * fresh process: without an argument the program runs the descriptor
 * one, with "hooks" or "dropped" the others. */
#define _DEFAULT_SOURCE /* getrlimit, fcntl under -std=c11 */

#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
#define REINSTALLS 20
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

typedef struct dropping {
  int remaps;       /* MAP_FIXED over code */
  int check_writes; /* pwrites seen while the check's page is mapped, up to 2 */
  int dropped;      /* 1 once its translations were dropped */
  size_t page;
} dropping;

/* The check's page: jitmem's one mapping of exactly one page (the pool's
 * chunks are larger), or NULL. */
static void *find_check_page(size_t page) {
  FILE *maps = fopen("/proc/self/maps", "r");
  if (maps == NULL) {
    return NULL;
  }
  char line[1024];
  void *found = NULL;
  while (found == NULL && fgets(line, sizeof line, maps) != NULL) {
    uintptr_t start, end;
    char permissions[5];
    if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &start, &end, permissions) == 3 &&
        end - start == page && strncmp(permissions, "r-x", 3) == 0 &&
        (strstr(line, "/memfd:jitmem") != NULL || strstr(line, "/dev/shm/jitmem-") != NULL)) {
      found = (void *)start;
    }
  }
  fclose(maps);
  return found;
}

/* Counts remaps; before the check's second write (after its first run)
 * takes execute permission from its page and gives it back, which makes
 * qemu drop the page's translations as its own flushes do, and changes
 * nothing for a CPU. Asserts nothing itself: it runs with the pool locked. */
static int drop_translations_once(void *user, jitmem_system_call call) {
  dropping *state = user;
  state->remaps += call == JITMEM_SYSTEM_CALL_MMAP_FIXED;
  if (call != JITMEM_SYSTEM_CALL_PWRITE || state->check_writes == 2) {
    return 0;
  }
  void *check_page = find_check_page(state->page);
  if (check_page != NULL && ++state->check_writes == 2) {
    state->dropped = mprotect(check_page, state->page, PROT_READ) == 0 &&
                     mprotect(check_page, state->page, PROT_READ | PROT_EXEC) == 0;
  }
  return 0;
}

static void test_translations_dropped_during_the_check(void **state) {
  (void)state;
  int remap_needed = remap_really_needed();
  dropping dropped = {0, 0, 0, (size_t)sysconf(_SC_PAGESIZE)};
  jitmem_hooks hooks = {NULL, NULL, drop_translations_once, &dropped};
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(&hooks, 4 * dropped.page, &pool), JITMEM_OK);
  jitmem_block *first = install_constant(pool, 7, 16);
  assert_int_equal(dropped.dropped, 1);
  /* Freed space is reused at once, where the stale translation of a
   * commit that did not remap would still run. */
  for (uint16_t value = 8; value < 8 + REINSTALLS; value++) {
    void *entry = jitmem_block_entry(first);
    jitmem_free(first);
    dropped.remaps = 0;
    first = install_constant(pool, value, 16);
    assert_ptr_equal(jitmem_block_entry(first), entry);
    assert_int_equal(dropped.remaps, remap_needed);
  }
  print_message("remap needed: %d; translations dropped during the check: %d\n", remap_needed,
                dropped.dropped);
  jitmem_free(first);
  jitmem_pool_destroy(pool);
}

int main(int argc, char **argv) {
  const struct CMUnitTest descriptors[] = {cmocka_unit_test(test_no_descriptor_for_the_check)};
  const struct CMUnitTest hooks[] = {cmocka_unit_test(test_hook_refuses_the_check)};
  const struct CMUnitTest dropped[] = {
      cmocka_unit_test(test_translations_dropped_during_the_check)};
  if (argc == 1) {
    return cmocka_run_group_tests(descriptors, NULL, NULL);
  }
  if (argc == 2 && strcmp(argv[1], "hooks") == 0) {
    return cmocka_run_group_tests(hooks, NULL, NULL);
  }
  if (argc == 2 && strcmp(argv[1], "dropped") == 0) {
    return cmocka_run_group_tests(dropped, NULL, NULL);
  }
  print_error("usage: %s [hooks|dropped]\n", argv[0]);
  return 2;
}
