/* platform (Linux, arm64 and x86-64): W^X in space and in time without RWX
 * pages. A region is a range of its pool's anonymous file (code_file.h),
 * mapped read-execute only; bytes go in with pwrite, so running code never
 * loses execute permission while new code is written, and no writable
 * mapping of code exists except the short-lived views behind public write
 * addresses. Writing through the file costs one system call per write;
 * keeping a second, writable view and mprotecting it closed between
 * windows cost about ten times more (bench/README.md, "jitmem"). After
 * fork() the files are shared with the other process; each region is
 * copied to a file of this process's own before anything is written to
 * it (jitmem_platform_privatize), so neither process writes code the
 * other runs. */
#include "jitmem/platform.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "jitmem/alias_check.h"
#include "jitmem/arch.h"
#include "jitmem/code_file.h"
#include "jitmem/core_barrier.h"
#include "jitmem/hooks.h"

/* Trap fills are written from this many bytes of traps, repeated. */
#define TRAP_SOURCE_SIZE 4096
/* At most this many pieces per pwritev (IOV_MAX is 1024 on Linux). */
#define TRAP_PIECES 256

static unsigned char trap_source[TRAP_SOURCE_SIZE];
static pthread_once_t trap_source_once = PTHREAD_ONCE_INIT;

static void fill_trap_source(void) {
  jitmem_arch_fill_traps(trap_source, sizeof trap_source);
}

size_t jitmem_platform_page_size(void) {
  return (size_t)sysconf(_SC_PAGESIZE);
}

/* The whole pages around [offset, offset+size). */
static jitmem_span page_span(size_t offset, size_t size) {
  size_t page = jitmem_platform_page_size();
  size_t first = offset - offset % page;
  size_t end = offset + size + (page - 1);
  end -= end % page;
  return (jitmem_span){first, end - first};
}

static unsigned char *map_view(const jitmem_hooks *hooks, unsigned char *address, size_t size,
                               int protection, int flags, int descriptor, uint64_t offset) {
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
  return mmap(address, size, protection, flags, descriptor, (off_t)offset);
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

int jitmem_platform_map(const jitmem_hooks *hooks, jitmem_code_files *files, size_t size,
                        jitmem_region *region) {
  jitmem_code_file *file;
  uint64_t offset;
  int status = jitmem_code_file_place(hooks, files, size, &file, &offset);
  if (status != JITMEM_OK) {
    return status;
  }
  unsigned char *execute = map_view(hooks, NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED,
                                    file->descriptor, offset);
  if (execute == MAP_FAILED) {
    status = map_status(errno);
    jitmem_code_file_remove(hooks, files, file, offset, size);
    return status;
  }
  region->execute = execute;
  region->size = size;
  region->execute_lost = (jitmem_span){0, 0};
  region->file = file;
  region->file_offset = offset;
  return JITMEM_OK;
}

void jitmem_platform_unmap(const jitmem_hooks *hooks, jitmem_code_files *files,
                           const jitmem_region *region) {
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
  jitmem_code_file_remove(hooks, files, region->file, region->file_offset, region->size);
}

/* pwritev of pieces at file position, to the end: a short write (tmpfs
 * out of space, or a page that could not be had for a hole) is an error. */
static int write_pieces(const jitmem_hooks *hooks, const jitmem_region *region, size_t offset,
                        struct iovec *pieces, int count, size_t size) {
  if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_PWRITE)) {
    return JITMEM_ERROR_NOMEMORY;
  }
  off_t position = (off_t)(region->file_offset + offset);
  while (size > 0) {
    ssize_t written = pwritev(region->file->descriptor, pieces, count, position);
    if (written <= 0) {
      if (written < 0 && errno == EINTR) {
        continue;
      }
      return JITMEM_ERROR_NOMEMORY;
    }
    size -= (size_t)written;
    position += written;
    /* Step over what was written. */
    while (count > 0 && (size_t)written >= pieces->iov_len) {
      written -= (ssize_t)pieces->iov_len;
      pieces++;
      count--;
    }
    if (count > 0) {
      pieces->iov_base = (unsigned char *)pieces->iov_base + written;
      pieces->iov_len -= (size_t)written;
    }
  }
  return JITMEM_OK;
}

int jitmem_platform_write(const jitmem_hooks *hooks, const jitmem_region *region, size_t offset,
                          const void *bytes, size_t size) {
  struct iovec piece = {(void *)(uintptr_t)bytes, size};
  return write_pieces(hooks, region, offset, &piece, 1, size);
}

int jitmem_platform_write_traps(const jitmem_hooks *hooks, const jitmem_region *region,
                                size_t offset, size_t size) {
  pthread_once(&trap_source_once, fill_trap_source);
  struct iovec pieces[TRAP_PIECES];
  while (size > 0) {
    size_t batch = 0;
    int count = 0;
    while (count < TRAP_PIECES && batch < size) {
      size_t piece = size - batch < TRAP_SOURCE_SIZE ? size - batch : TRAP_SOURCE_SIZE;
      pieces[count++] = (struct iovec){trap_source, piece};
      batch += piece;
    }
    int status = write_pieces(hooks, region, offset, pieces, count, batch);
    if (status != JITMEM_OK) {
      return status;
    }
    offset += batch;
    size -= batch;
  }
  return JITMEM_OK;
}

int jitmem_platform_open_write_view(const jitmem_hooks *hooks, const jitmem_region *region,
                                    size_t offset, size_t size, jitmem_write_view *view) {
  jitmem_span pages = page_span(offset, size);
  unsigned char *mapping = map_view(hooks, NULL, pages.size, PROT_READ | PROT_WRITE, MAP_SHARED,
                                    region->file->descriptor, region->file_offset + pages.offset);
  if (mapping == MAP_FAILED) {
    return JITMEM_ERROR_NOMEMORY;
  }
  *view = (jitmem_write_view){mapping + (offset - pages.offset), mapping, pages.size};
  return JITMEM_OK;
}

void jitmem_platform_close_write_view(const jitmem_write_view *view) {
  munmap(view->mapping, view->mapping_size);
}

void jitmem_platform_set_thread_writable(int writable) {
  /* Nothing maps code writable to a thread (writes go through the file,
   * write views are made per write address), so on Linux a thread's mode
   * is only the write scope's bookkeeping. */
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
                  MAP_SHARED | MAP_FIXED, region->file->descriptor, region->file_offset + first);
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
                               MAP_SHARED | MAP_FIXED_NOREPLACE, region->file->descriptor,
                               (off_t)(region->file_offset + first));
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

int jitmem_platform_region_shared(const jitmem_region *region) {
  return jitmem_code_file_is_shared(region->file);
}

int jitmem_platform_privatize(const jitmem_hooks *hooks, jitmem_code_files *files,
                              jitmem_region *region) {
  jitmem_region copy = *region;
  int status = jitmem_code_file_place(hooks, files, region->size, &copy.file, &copy.file_offset);
  if (status != JITMEM_OK) {
    return status;
  }
  /* The execute view is readable: it is the source of the copy. */
  status = jitmem_platform_write(hooks, &copy, 0, region->execute, region->size);
  if (status == JITMEM_OK) {
    status = replace_execute_pages(hooks, &copy, 0, region->size);
  }
  if (status != JITMEM_OK) {
    region->execute_lost = copy.execute_lost;
    jitmem_code_file_remove(hooks, files, copy.file, copy.file_offset, copy.size);
    return status;
  }
  jitmem_code_file_remove(hooks, files, region->file, region->file_offset, region->size);
  /* Only the fields that changed: threads read region->execute without
   * the pool lock (jitmem_block_entry), so it is never written again. */
  region->file = copy.file;
  region->file_offset = copy.file_offset;
  /* Same bytes at the same addresses, but in other physical pages. */
  jitmem_platform_flush_icache(region->execute, region->size);
  return JITMEM_OK;
}

int jitmem_platform_commit(const jitmem_hooks *hooks, jitmem_region *region, size_t offset,
                           size_t size) {
  jitmem_platform_flush_icache(region->execute + offset, size);
  if (jitmem_alias_check_remap_needed(hooks)) {
    /* Replacing the execute pages with a fresh mapping of the same file
     * pages is the one event such an emulator drops translations on. It
     * keeps them executable throughout: the kernel swaps the mapping while
     * holding the address-space lock, so a concurrent fault waits, then
     * finds the new one. */
    jitmem_span pages = page_span(offset, size);
    int status = replace_execute_pages(hooks, region, pages.offset, pages.size);
    if (status != JITMEM_OK) {
      return status;
    }
  }
  return jitmem_core_barrier(hooks);
}
