/* platform: the narrow interface jitmem needs from the OS, one .c per
 * platform. A region is executable memory; bytes are put into it with
 * jitmem_platform_write and run only after jitmem_platform_commit. W^X
 * holds over time, not just per page: on Linux nothing maps a region
 * writable (bytes go in through its file, and a write view exists only
 * while a write address is held), on macOS a MAP_JIT region is writable
 * only to a thread in write mode. */
#ifndef JITMEM_PLATFORM_H
#define JITMEM_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "jitmem.h"

/* Not a jitmem status: returned when replacing execute pages in place
 * failed after the kernel had already unmapped them, and mapping them
 * again failed as well. The pages are in region->execute_lost. */
#define JITMEM_PLATFORM_VIEW_LOST (-100)

/* A byte range of a region, from its start. */
typedef struct jitmem_span {
  size_t offset;
  size_t size;
} jitmem_span;

typedef struct jitmem_code_file jitmem_code_file; /* Linux: code_file.h */

/* The files a pool's regions map (Linux), guarded by the pool's lock.
 * Zeroed when the pool is created; macOS has none. */
typedef struct jitmem_code_files {
  jitmem_code_file *newest; /* the others follow it (code_file.h) */
} jitmem_code_files;

typedef struct jitmem_region {
  /* Where the code runs; never writable on Linux. Set by
   * jitmem_platform_map and never written again: jitmem_block_entry reads
   * it without the pool lock. */
  unsigned char *execute;
  size_t size;            /* a multiple of jitmem_platform_page_size() */
  /* Linux: execute pages lost to a failed remap (size 0: none). Another
   * mapping may have been put there since, so they are never unmapped. */
  jitmem_span execute_lost;
  jitmem_code_file *file; /* Linux: the file whose pages it maps */
  uint64_t file_offset;   /* Linux: where in that file */
} jitmem_region;

/* A writable view of part of a region, for the public write addresses. */
typedef struct jitmem_write_view {
  unsigned char *address; /* of the region byte asked for */
  unsigned char *mapping; /* Linux: the pages mapped for it, NULL on macOS */
  size_t mapping_size;
} jitmem_write_view;

/* The page size mappings are rounded to. */
size_t jitmem_platform_page_size(void);

/* Maps size bytes (a page multiple) of executable memory, consulting
 * hooks->fail before each system call; its bytes are unspecified until
 * written. Returns JITMEM_OK, JITMEM_ERROR_NOMEMORY or a
 * JITMEM_ERROR_NO_EXEC* reason; on error nothing stays mapped. */
int jitmem_platform_map(const jitmem_hooks *hooks, jitmem_code_files *files, size_t size,
                        jitmem_region *region);

/* Unmaps a whole region (and on Linux gives its file range back). Cannot
 * fail. */
void jitmem_platform_unmap(const jitmem_hooks *hooks, jitmem_code_files *files,
                           const jitmem_region *region);

/* Puts size bytes at [offset, offset+size) of a region, which no thread
 * may be running; on macOS the thread must be in write mode. Linux writes
 * through the region's file, which can fail (JITMEM_ERROR_NOMEMORY: no
 * memory for a page, a failure hook); the range's bytes are then
 * unspecified. */
int jitmem_platform_write(const jitmem_hooks *hooks, const jitmem_region *region, size_t offset,
                          const void *bytes, size_t size);

/* jitmem_platform_write of trap instructions over [offset, offset+size)
 * (offset and size multiples of 4). */
int jitmem_platform_write_traps(const jitmem_hooks *hooks, const jitmem_region *region,
                                size_t offset, size_t size);

/* A view through which this thread can write bytes [offset, offset+size)
 * of a region until jitmem_platform_close_write_view: on Linux a mapping
 * of those pages of its file, on macOS the region itself (the thread must
 * be in write mode). JITMEM_OK or JITMEM_ERROR_NOMEMORY. */
int jitmem_platform_open_write_view(const jitmem_hooks *hooks, const jitmem_region *region,
                                    size_t offset, size_t size, jitmem_write_view *view);
void jitmem_platform_close_write_view(const jitmem_write_view *view);

/* Switches this thread between write mode (1) and execute mode (0). Only
 * the write scope (write_scope.c) calls it. Cannot fail. */
void jitmem_platform_set_thread_writable(int writable);

/* Flushes the instruction cache for execute addresses [start, start+size).
 * Enough for bytes no thread will run, such as freed space. Cannot fail. */
void jitmem_platform_flush_icache(const void *start, size_t size);


/* 1 if another process maps the region's pages too, as after fork() on
 * Linux: nothing may be written to it before jitmem_platform_privatize.
 * Always 0 on macOS, where fork() gives the child a copy of MAP_JIT
 * memory (private) as of any other private mapping. */
int jitmem_platform_region_shared(const jitmem_region *region);

/* Gives this process its own copy of a shared region at the same
 * addresses: its bytes go to a file range nothing else maps, which is
 * mapped over the old execute pages. JITMEM_OK; an error, and nothing
 * changed; or JITMEM_PLATFORM_VIEW_LOST (below). */
int jitmem_platform_privatize(const jitmem_hooks *hooks, jitmem_code_files *files,
                              jitmem_region *region);

/* Makes bytes [offset, offset+size) of a region, written since the last
 * commit, visible to instruction fetch on every core. Where the host needs
 * a remap for that (see alias_check.h) the remap is retried and can still
 * fail: JITMEM_ERROR_NOMEMORY (the old pages still mapped) or
 * JITMEM_PLATFORM_VIEW_LOST; the core barrier can fail with
 * JITMEM_ERROR_NOMEMORY (see core_barrier.h). Otherwise JITMEM_OK. */
int jitmem_platform_commit(const jitmem_hooks *hooks, jitmem_region *region, size_t offset,
                           size_t size);

#endif
