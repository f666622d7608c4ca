/* Linux: after code is written (install, patch, flush), every other core
 * running a thread of the process must execute a core-serializing
 * instruction before it may run the new bytes, or it can run stale ones
 * from space that held freed code: jitmem issues
 * membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE), seen here through
 * the failure hook. A refused barrier fails the write cleanly; a kernel
 * without the barrier (a seccomp filter answering ENOSYS, in a child)
 * leaves jitmem working without it. */
#define _DEFAULT_SOURCE /* syscall, _exit under -std=c11 */

#include <errno.h>
#include <linux/filter.h>
#include <linux/membarrier.h>
#include <linux/seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "child_process.h"
#include "code_samples.h"
#include "jitmem.h"

typedef struct barrier_counter {
  jitmem_hooks hooks;
  int barriers;         /* membarrier calls offered to the hook */
  int refuse_barriers;  /* refuse them while nonzero */
} barrier_counter;

static int count_barriers(void *user, jitmem_system_call call) {
  barrier_counter *counter = user;
  if (call != JITMEM_SYSTEM_CALL_MEMBARRIER) {
    return 0;
  }
  counter->barriers++;
  return counter->refuse_barriers;
}

static int kernel_has_sync_core(void) {
  long commands = syscall(__NR_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
  return commands > 0 && (commands & MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE) != 0;
}

/* A pool whose hook counts barriers; skips the test where the kernel has
 * no barrier to count. */
static jitmem_pool *counted_pool(barrier_counter *counter) {
  if (!kernel_has_sync_core()) {
    print_message("skipped: this kernel has no MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE\n");
    skip();
  }
  *counter = (barrier_counter){{NULL, NULL, count_barriers, counter}, 0, 0};
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(&counter->hooks, 1, &pool), JITMEM_OK);
  return pool;
}

static int install_constant(jitmem_pool *pool, uint16_t value, jitmem_block **block,
                            void **entry) {
  unsigned char code[CODE_SAMPLES_MAX];
  return jitmem_install(pool, code, code_samples_return_constant(value, code), block, entry);
}

static void test_every_write_of_code_is_followed_by_the_barrier(void **state) {
  (void)state;
  barrier_counter counter;
  jitmem_pool *pool = counted_pool(&counter);
  jitmem_block *freed;
  void *freed_entry;
  assert_int_equal(install_constant(pool, 1, &freed, &freed_entry), JITMEM_OK);
  assert_true(counter.barriers >= 1);
  jitmem_free(freed);

  /* The freed space is reused at once: the case Arm's rules are about. */
  int before = counter.barriers;
  jitmem_block *block;
  void *entry;
  assert_int_equal(install_constant(pool, 2, &block, &entry), JITMEM_OK);
  assert_ptr_equal(entry, freed_entry);
  assert_int_equal(counter.barriers, before + 1);
  assert_int_equal(code_samples_call_constant(entry), 2);

  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(3, bytes, &offset);
  assert_int_equal(jitmem_patch(block, offset, bytes, size), JITMEM_OK);
  assert_int_equal(counter.barriers, before + 2);
  assert_int_equal(code_samples_call_constant(entry), 3);
  size = code_samples_constant_patch(4, bytes, &offset);
  jitmem_write_begin();
  memcpy(jitmem_block_write_address(block, offset), bytes, size);
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  assert_int_equal(jitmem_flush(block, offset, size), JITMEM_OK);
  assert_int_equal(counter.barriers, before + 3);
  assert_int_equal(code_samples_call_constant(entry), 4);
  jitmem_free(block);
  jitmem_pool_destroy(pool);
}

static void test_a_refused_barrier_fails_the_write(void **state) {
  (void)state;
  barrier_counter counter;
  jitmem_pool *pool = counted_pool(&counter);
  jitmem_block *block;
  void *entry;
  assert_int_equal(install_constant(pool, 5, &block, &entry), JITMEM_OK);
  counter.refuse_barriers = 1;
  jitmem_block *refused;
  void *refused_entry;
  assert_int_equal(install_constant(pool, 6, &refused, &refused_entry), JITMEM_ERROR_NOMEMORY);
  assert_null(refused);
  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(7, bytes, &offset);
  assert_int_equal(jitmem_patch(block, offset, bytes, size), JITMEM_ERROR_NOMEMORY);
  counter.refuse_barriers = 0;
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(pool, &stats), JITMEM_OK);
  assert_int_equal(stats.block_count, 1);
  jitmem_free(block);
  jitmem_pool_destroy(pool);
}

/* In a child: membarrier answers ENOSYS, as on kernels before 4.3. */
static void without_membarrier(void *argument) {
  (void)argument;
  struct sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_membarrier, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog program = {sizeof filter / sizeof filter[0], filter};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
    _exit(77);
  }
  if (syscall(__NR_membarrier, MEMBARRIER_CMD_QUERY, 0, 0) != -1 || errno != ENOSYS) {
    _exit(78);
  }
  jitmem_pool *pool;
  jitmem_block *block;
  void *entry;
  if (jitmem_pool_create(NULL, 0, &pool) != JITMEM_OK ||
      install_constant(pool, 8, &block, &entry) != JITMEM_OK ||
      code_samples_call_constant(entry) != 8) {
    _exit(1);
  }
  jitmem_free(block);
  jitmem_pool_destroy(pool);
}

static void test_a_kernel_without_the_barrier_still_gets_code(void **state) {
  (void)state;
  char output[512];
  int wait_status = child_process_run(without_membarrier, NULL, output, sizeof output);
  assert_true(wait_status != -1 && WIFEXITED(wait_status));
  if (WEXITSTATUS(wait_status) == 77) {
    print_message("skipped: no seccomp filters here (qemu user mode has none)\n");
    skip();
  }
  assert_int_equal(WEXITSTATUS(wait_status), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_write_of_code_is_followed_by_the_barrier),
      cmocka_unit_test(test_a_refused_barrier_fails_the_write),
      cmocka_unit_test(test_a_kernel_without_the_barrier_still_gets_code),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
