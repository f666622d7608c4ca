/* platform (Linux, arm64 and x86-64): W^X without RWX pages: each region is
 * an anonymous file mapped twice, read-write and read-execute, so running
 * code never loses execute permission while new code is written. */
#include "jitmem/platform.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jitmem/alias_check.h"
#include "jitmem/hooks.h"
#include "jitmem/shared_file.h"

size_t jitmem_platform_page_size(void) {
  return (size_t)sysconf(_SC_PAGESIZE);
}

static unsigned char *map_view(const jitmem_hooks *hooks, unsigned char *address, size_t size,
                               int protection, int flags, int descriptor, off_t offset) {
  if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_MMAP)) {
    return MAP_FAILED;
  }
  return mmap(address, size, protection, flags, descriptor, offset);
}

static int map_status(int error) {
  switch (error) {
  case ENOMEM:
  case EAGAIN:
  case ENFILE:
  case EMFILE:
    return JITMEM_ERROR_NOMEMORY;
  case EACCES:
  case EPERM:
    return JITMEM_ERROR_NO_EXEC_POLICY;
  default:
    return JITMEM_ERROR_NO_EXEC;
  }
}

int jitmem_platform_map(const jitmem_hooks *hooks, size_t size, jitmem_region *region) {
  int descriptor;
  int status = jitmem_shared_file_create(hooks, size, &descriptor);
  if (status != JITMEM_OK) {
    return status;
  }
  unsigned char *write =
      map_view(hooks, NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0);
  if (write == MAP_FAILED) {
    status = map_status(errno);
    close(descriptor);
    return status;
  }
  unsigned char *execute =
      map_view(hooks, NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, descriptor, 0);
  if (execute == MAP_FAILED) {
    status = map_status(errno);
    munmap(write, size);
    close(descriptor);
    return status;
  }
  region->execute = execute;
  region->write = write;
  region->size = size;
  region->file_descriptor = -1;
  /* The mappings keep the file alive; the descriptor is only worth a slot
   * in the descriptor table where commits remap from it. */
  if (jitmem_alias_check_remap_needed(hooks)) {
    region->file_descriptor = descriptor;
  } else {
    close(descriptor);
  }
  return JITMEM_OK;
}

void jitmem_platform_unmap(const jitmem_region *region) {
  munmap(region->execute, region->size);
  munmap(region->write, region->size);
  if (region->file_descriptor >= 0) {
    close(region->file_descriptor);
  }
}

void jitmem_platform_set_thread_writable(int writable) {
  /* The write view is always writable and the execute view never is, so on
   * Linux a thread's mode is only the write scope's bookkeeping. */
  (void)writable;
}

void jitmem_platform_flush_icache(const void *start, size_t size) {
  char *first = (char *)(uintptr_t)start;
  __builtin___clear_cache(first, first + size);
}

int jitmem_platform_commit(const jitmem_hooks *hooks, const jitmem_region *region,
                           size_t offset, size_t size) {
  jitmem_platform_flush_icache(region->execute + offset, size);
  if (region->file_descriptor < 0) {
    return JITMEM_OK;
  }
  /* Replacing the execute pages with a fresh mapping of the same file
   * pages is the one event such an emulator drops translations on. It
   * keeps them executable throughout: the kernel swaps the mapping while
   * holding the address-space lock, so a concurrent fault waits, then
   * finds the new one. */
  size_t page = jitmem_platform_page_size();
  size_t first = offset - offset % page;
  size_t end = offset + size + (page - 1);
  end -= end % page;
  unsigned char *remapped = map_view(hooks, region->execute + first, end - first,
                                     PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED,
                                     region->file_descriptor, (off_t)first);
  return remapped == MAP_FAILED ? map_status(errno) : JITMEM_OK;
}
