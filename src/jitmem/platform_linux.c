/* platform (Linux, arm64 and x86-64): W^X without RWX pages: each region is
 * an anonymous file mapped twice, read-execute and a write view, so running
 * code never loses execute permission while new code is written. The write
 * view is PROT_NONE except while a write window is open on its region:
 * mprotecting the whole view (never a part, which would split the mapping)
 * costs two system calls per window (bench figures in jitmem.h's notes). */
#include "jitmem/platform.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jitmem/alias_check.h"
#include "jitmem/core_barrier.h"
#include "jitmem/hooks.h"
#include "jitmem/shared_file.h"

size_t jitmem_platform_page_size(void) {
  return (size_t)sysconf(_SC_PAGESIZE);
}

static unsigned char *map_view(const jitmem_hooks *hooks, unsigned char *address, size_t size,
                               int protection, int flags, int descriptor, off_t offset) {
  int fixed = (flags & MAP_FIXED) != 0;
  if (jitmem_hooks_refuse(hooks, fixed ? JITMEM_SYSTEM_CALL_MMAP_FIXED : JITMEM_SYSTEM_CALL_MMAP)) {
    /* Kernels before 6.12 unmap the old pages before a MAP_FIXED mapping
     * can fail; an injected failure does the same. */
    if (fixed) {
      munmap(address, size);
      errno = ENOMEM;
    }
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
  unsigned char *write = map_view(hooks, NULL, size, PROT_NONE, MAP_SHARED, descriptor, 0);
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
  region->execute_lost = (jitmem_span){0, 0};
  region->write_openings = 0;
  region->write_view_writable = 0;
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
  const jitmem_span *lost = &region->execute_lost;
  if (lost->size == 0) {
    munmap(region->execute, region->size);
  } else {
    size_t after = lost->offset + lost->size;
    if (lost->offset > 0) {
      munmap(region->execute, lost->offset);
    }
    if (after < region->size) {
      munmap(region->execute + after, region->size - after);
    }
  }
  munmap(region->write, region->size);
  if (region->file_descriptor >= 0) {
    close(region->file_descriptor);
  }
}

int jitmem_platform_open_write(const jitmem_hooks *hooks, jitmem_region *region) {
  if (!region->write_view_writable) {
    if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_MPROTECT) ||
        mprotect(region->write, region->size, PROT_READ | PROT_WRITE) != 0) {
      return JITMEM_ERROR_NOMEMORY;
    }
    region->write_view_writable = 1;
  }
  region->write_openings++;
  return JITMEM_OK;
}

void jitmem_platform_close_write(jitmem_region *region) {
  if (--region->write_openings == 0 && mprotect(region->write, region->size, PROT_NONE) == 0) {
    region->write_view_writable = 0;
  }
}

void jitmem_platform_set_thread_writable(int writable) {
  /* Write views are opened per region (jitmem_platform_open_write) and the
   * execute view is never writable, so on Linux a thread's mode is only
   * the write scope's bookkeeping. */
  (void)writable;
}

void jitmem_platform_flush_icache(const void *start, size_t size) {
  char *first = (char *)(uintptr_t)start;
  __builtin___clear_cache(first, first + size);
}

/* 1 if every page of [address, address+size) is mapped: msync reports
 * ENOMEM for a range with a hole, and does nothing else with MS_ASYNC. */
static int pages_mapped(unsigned char *address, size_t size) {
  return msync(address, size, MS_ASYNC) == 0;
}

static unsigned char *replace_pages(const jitmem_hooks *hooks, const jitmem_region *region,
                                    size_t first, size_t size) {
  return map_view(hooks, region->execute + first, size, PROT_READ | PROT_EXEC,
                  MAP_SHARED | MAP_FIXED, region->file_descriptor, (off_t)first);
}

/* Maps the pages again where a failed MAP_FIXED left a hole, but never
 * over anything: another thread may have been given part of the hole
 * meanwhile. Kernels before 4.17 take MAP_FIXED_NOREPLACE for a hint and
 * may map elsewhere, which counts as a failure. */
static int map_into_hole(const jitmem_hooks *hooks, const jitmem_region *region, size_t first,
                         size_t size) {
  unsigned char *address = region->execute + first;
  if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_MMAP_FIXED)) {
    return 0;
  }
  unsigned char *mapped = mmap(address, size, PROT_READ | PROT_EXEC,
                               MAP_SHARED | MAP_FIXED_NOREPLACE, region->file_descriptor,
                               (off_t)first);
  if (mapped != MAP_FAILED && mapped != address) {
    munmap(mapped, size);
  }
  return mapped == address;
}

/* Replaces the execute pages [first, first+size) with a fresh mapping of
 * the same file pages. A MAP_FIXED mapping can fail after the kernel
 * unmapped the old pages (before Linux 6.12; later ones put them back):
 * while the old pages are there it is tried again, a hole is mapped into
 * once more, and a hole that stays is reported as lost. */
static int replace_execute_pages(const jitmem_hooks *hooks, jitmem_region *region, size_t first,
                                 size_t size) {
  unsigned char *address = region->execute + first;
  int error = 0;
  for (int attempt = 0; attempt < 2; attempt++) {
    if (replace_pages(hooks, region, first, size) != MAP_FAILED) {
      return JITMEM_OK;
    }
    error = errno;
    if (!pages_mapped(address, size)) {
      if (map_into_hole(hooks, region, first, size)) {
        return JITMEM_OK;
      }
      region->execute_lost = (jitmem_span){first, size};
      return JITMEM_PLATFORM_VIEW_LOST;
    }
  }
  return map_status(error);
}

int jitmem_platform_commit(const jitmem_hooks *hooks, jitmem_region *region, size_t offset,
                           size_t size) {
  jitmem_platform_flush_icache(region->execute + offset, size);
  if (region->file_descriptor >= 0) {
    /* Replacing the execute pages with a fresh mapping of the same file
     * pages is the one event such an emulator drops translations on. It
     * keeps them executable throughout: the kernel swaps the mapping while
     * holding the address-space lock, so a concurrent fault waits, then
     * finds the new one. */
    size_t page = jitmem_platform_page_size();
    size_t first = offset - offset % page;
    size_t end = offset + size + (page - 1);
    end -= end % page;
    int status = replace_execute_pages(hooks, region, first, end - first);
    if (status != JITMEM_OK) {
      return status;
    }
  }
  return jitmem_core_barrier(hooks);
}
