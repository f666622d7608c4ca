/* platform: the narrow interface jitmem needs from the OS, one .c per
 * platform. A region is executable memory with a write view; bytes written
 * through it run only after jitmem_platform_commit. The write view is
 * writable only inside write windows (W^X over time, not just per page). */
#ifndef JITMEM_PLATFORM_H
#define JITMEM_PLATFORM_H

#include <stddef.h>

#include "jitmem.h"

/* A byte range of a region, from its start. */
typedef struct jitmem_span {
  size_t offset;
  size_t size;
} jitmem_span;

typedef struct jitmem_region {
  unsigned char *execute; /* where the code runs; never writable on Linux */
  unsigned char *write;   /* where the code is written; equals execute on macOS */
  size_t size;            /* a multiple of jitmem_platform_page_size() */
  int file_descriptor;    /* Linux: kept open only where commits must remap; else -1 */
  /* Linux: execute pages lost to a failed remap (size 0: none). Another
   * mapping may have been put there since, so they are never unmapped. */
  jitmem_span execute_lost;
  unsigned write_openings; /* write windows open on it */
  int write_view_writable; /* Linux: the write view is mapped read-write now */
} jitmem_region;

/* The page size mappings are rounded to. */
size_t jitmem_platform_page_size(void);

/* Maps size bytes (a page multiple), consulting hooks->fail before each
 * system call. Returns JITMEM_OK, JITMEM_ERROR_NOMEMORY or a
 * JITMEM_ERROR_NO_EXEC* reason; on error nothing stays mapped. */
int jitmem_platform_map(const jitmem_hooks *hooks, size_t size, jitmem_region *region);

/* Unmaps a whole region. Cannot fail. */
void jitmem_platform_unmap(const jitmem_region *region);

/* Opens a write window on a region: on Linux its write view becomes
 * writable (mprotect, offered to hooks first) unless a window is already
 * open; on macOS the thread's write mode does that. Returns JITMEM_OK or
 * JITMEM_ERROR_NOMEMORY, and then nothing was made writable. Windows nest;
 * callers serialize the calls for a region (its pool's lock). */
int jitmem_platform_open_write(const jitmem_hooks *hooks, jitmem_region *region);

/* Closes a window; the last one makes the write view inaccessible again.
 * Cannot fail: were the kernel to refuse to take the access away, the next
 * close tries again. */
void jitmem_platform_close_write(jitmem_region *region);

/* Switches this thread between write mode (1) and execute mode (0). Only
 * the write scope (write_scope.c) calls it. Cannot fail. */
void jitmem_platform_set_thread_writable(int writable);

/* Flushes the instruction cache for execute addresses [start, start+size).
 * Enough for bytes no thread will run, such as freed space. Cannot fail. */
void jitmem_platform_flush_icache(const void *start, size_t size);

/* Not a jitmem status: returned when replacing execute pages in place
 * failed after the kernel had already unmapped them, and mapping them
 * again failed as well. The pages are in region->execute_lost. */
#define JITMEM_PLATFORM_VIEW_LOST (-100)

/* Makes bytes [offset, offset+size) of a region, written through its
 * write view, visible to instruction fetch at its execute view. Where the
 * host needs a remap for that (see alias_check.h) the remap is retried
 * and can still fail: JITMEM_ERROR_NOMEMORY (the old pages still mapped)
 * or JITMEM_PLATFORM_VIEW_LOST. Otherwise returns JITMEM_OK. */
int jitmem_platform_commit(const jitmem_hooks *hooks, jitmem_region *region, size_t offset,
                           size_t size);

#endif
