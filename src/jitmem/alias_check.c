/* alias_check (Linux): the experiment: map a file read-execute, pwrite
 * "return 1" into it, flush, run, then ALIAS_CHECK_REWRITES times pwrite
 * "return n", flush and run again; a flush is enough only if every run
 * returned what was just written. One rewrite is not enough under qemu
 * user mode, which drops all its translations at times of its own: 7.2
 * does once per process, when it first creates a thread or makes a
 * shared mapping, as work queued to that thread, which can run while
 * another thread is between the experiment's runs. The rewrite then saw
 * the new bytes by chance, and every later commit of the process skipped
 * the remap and ran stale code at reused addresses. A drop only ever makes
 * a run see new bytes, so one run that sees old ones settles it. Only an
 * experiment that ran is remembered: a transient failure (descriptors,
 * memory, a failure hook) must not make every later commit of the process
 * remap. Threads that race to run it first each run their own copy, which
 * is harmless, and store the same answer. */
#include "jitmem/alias_check.h"

#include <stdatomic.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jitmem/arch.h"
#include "jitmem/hooks.h"
#include "jitmem/platform.h"
#include "jitmem/shared_file.h"

enum { ALIAS_CHECK_NOT_RUN = -1 };

/* Rewrites after the first run; qemu would have to drop its translations
 * between every pair of runs to fool the check. */
#define ALIAS_CHECK_REWRITES 3

static atomic_int alias_check_answer = ALIAS_CHECK_NOT_RUN;

/* Writes "return value" into the file and returns what running it at
 * execute gives, or ALIAS_CHECK_NOT_RUN if it could not be written. */
static int install_and_run(const jitmem_hooks *hooks, int descriptor, unsigned char *execute,
                           uint16_t value) {
  unsigned char code[JITMEM_ARCH_RETURN_CONSTANT_MAX];
  size_t size = jitmem_arch_return_constant(value, code);
  if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_PWRITE) ||
      pwrite(descriptor, code, size, 0) != (ssize_t)size) {
    return ALIAS_CHECK_NOT_RUN;
  }
  jitmem_platform_flush_icache(execute, size);
  return jitmem_arch_run_constant(execute);
}

/* 1 or 0 as documented, or ALIAS_CHECK_NOT_RUN. */
static int alias_check_run(const jitmem_hooks *hooks) {
  size_t page = jitmem_platform_page_size();
  int fd;
  if (jitmem_shared_file_create(hooks, page, &fd) != JITMEM_OK) {
    return ALIAS_CHECK_NOT_RUN;
  }
  unsigned char *execute = MAP_FAILED;
  if (!jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_MMAP)) {
    execute = mmap(NULL, page, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
  }
  int answer = ALIAS_CHECK_NOT_RUN;
  if (execute != MAP_FAILED && install_and_run(hooks, fd, execute, 1) == 1) {
    answer = 0;
    for (uint16_t value = 2; value <= 1 + ALIAS_CHECK_REWRITES && answer == 0; value++) {
      int ran = install_and_run(hooks, fd, execute, value);
      answer = ran == ALIAS_CHECK_NOT_RUN ? ALIAS_CHECK_NOT_RUN : ran != value;
    }
  }
  if (execute != MAP_FAILED) {
    munmap(execute, page);
  }
  close(fd);
  return answer;
}

int jitmem_alias_check_remap_needed(const jitmem_hooks *hooks) {
  int answer = atomic_load_explicit(&alias_check_answer, memory_order_relaxed);
  if (answer != ALIAS_CHECK_NOT_RUN) {
    return answer;
  }
  answer = alias_check_run(hooks);
  if (answer == ALIAS_CHECK_NOT_RUN) {
    return 1;
  }
  atomic_store_explicit(&alias_check_answer, answer, memory_order_relaxed);
  return answer;
}
