/* alias_check (Linux): the experiment: run "return 1", rewrite it to
 * "return 2" through the write view, flush, run again. Only an experiment
 * that ran is remembered: a transient failure (descriptors, memory, a
 * failure hook) must not make every later region of the process keep a
 * descriptor and remap on every commit. Threads that race to run it first
 * each run their own copy, which is harmless, and store the same answer. */
#include "jitmem/alias_check.h"

#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jitmem/arch.h"
#include "jitmem/hooks.h"
#include "jitmem/platform.h"
#include "jitmem/shared_file.h"

enum { ALIAS_CHECK_NOT_RUN = -1 };

static atomic_int alias_check_answer = ALIAS_CHECK_NOT_RUN;

/* Writes "return value" through write and returns what running it at
 * execute gives. */
static int install_and_run(unsigned char *write, unsigned char *execute, uint16_t value) {
  unsigned char code[JITMEM_ARCH_RETURN_CONSTANT_MAX];
  size_t size = jitmem_arch_return_constant(value, code);
  memcpy(write, code, size);
  jitmem_platform_flush_icache(execute, size);
  return jitmem_arch_run_constant(execute);
}

static unsigned char *map_check_view(const jitmem_hooks *hooks, size_t size, int protection,
                                     int descriptor) {
  if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_MMAP)) {
    return MAP_FAILED;
  }
  return mmap(NULL, size, protection, MAP_SHARED, descriptor, 0);
}

/* 1 or 0 as documented, or ALIAS_CHECK_NOT_RUN. */
static int alias_check_run(const jitmem_hooks *hooks) {
  size_t page = jitmem_platform_page_size();
  int fd;
  if (jitmem_shared_file_create(hooks, page, &fd) != JITMEM_OK) {
    return ALIAS_CHECK_NOT_RUN;
  }
  unsigned char *write = map_check_view(hooks, page, PROT_READ | PROT_WRITE, fd);
  unsigned char *execute = MAP_FAILED;
  if (write != MAP_FAILED) {
    execute = map_check_view(hooks, page, PROT_READ | PROT_EXEC, fd);
  }
  close(fd);
  int answer = ALIAS_CHECK_NOT_RUN;
  if (execute != MAP_FAILED && install_and_run(write, execute, 1) == 1) {
    answer = install_and_run(write, execute, 2) != 2;
  }
  if (write != MAP_FAILED) {
    munmap(write, page);
  }
  if (execute != MAP_FAILED) {
    munmap(execute, page);
  }
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
