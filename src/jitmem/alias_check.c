/* alias_check (Linux): the one-time experiment: run "return 1", rewrite it to
 * "return 2" through the write view, flush, run again. Default hooks: it is
 * a property of the process, not of any pool. */
#include "jitmem/alias_check.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jitmem/arch.h"
#include "jitmem/hooks.h"
#include "jitmem/platform.h"
#include "jitmem/shared_file.h"

static pthread_once_t alias_check_once = PTHREAD_ONCE_INIT;
static int alias_check_remap_needed = 1;

/* Writes "return value" through write and returns what running it at
 * execute gives. */
static int install_and_run(unsigned char *write, unsigned char *execute, uint16_t value) {
  unsigned char code[JITMEM_ARCH_RETURN_CONSTANT_MAX];
  size_t size = jitmem_arch_return_constant(value, code);
  memcpy(write, code, size);
  jitmem_platform_flush_icache(execute, size);
  return jitmem_arch_run_constant(execute);
}

static void alias_check_run(void) {
  size_t page = jitmem_platform_page_size();
  int fd;
  if (jitmem_shared_file_create(jitmem_hooks_default(), page, &fd) != JITMEM_OK) {
    return;
  }
  unsigned char *write = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  unsigned char *execute = mmap(NULL, page, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
  close(fd);
  if (write != MAP_FAILED && execute != MAP_FAILED && install_and_run(write, execute, 1) == 1) {
    alias_check_remap_needed = install_and_run(write, execute, 2) != 2;
  }
  if (write != MAP_FAILED) {
    munmap(write, page);
  }
  if (execute != MAP_FAILED) {
    munmap(execute, page);
  }
}

int jitmem_alias_check_remap_needed(void) {
  if (pthread_once(&alias_check_once, alias_check_run) != 0) {
    return 1;
  }
  return alias_check_remap_needed;
}
