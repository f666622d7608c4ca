/* code_file (Linux): the anonymous files behind a pool's regions. Each
 * region is a range of one, mapped read-execute; bytes go in with pwrite,
 * so no mapping of it is ever writable. A pool writes into its newest
 * file; older ones are files a fork() shares with another process, kept
 * until their last region here is gone. One descriptor per pool with
 * regions (plus one per such older file). Guarded by the pool's lock. */
#ifndef JITMEM_CODE_FILE_H
#define JITMEM_CODE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "jitmem/platform.h"

struct jitmem_code_file {
  int descriptor;
  uint64_t length;               /* bytes handed out; regions lie below */
  size_t region_count;           /* regions that map it */
  unsigned long fork_generation; /* when created (registry.h) */
  jitmem_code_file *older;       /* the pool's next older file */
};

/* 1 if another process (parent or child) may map pages of the file: it
 * was created before the last fork(). Then nothing may write to it. */
int jitmem_code_file_is_shared(const jitmem_code_file *file);

/* Finds room for size bytes (a page multiple) at the end of the pool's
 * newest file, creating one first if there is none or the newest is
 * shared, and stores the file and the offset. Returns JITMEM_OK,
 * JITMEM_ERROR_NOMEMORY or JITMEM_ERROR_NO_EXEC_MEMFD; on error nothing is
 * taken. */
int jitmem_code_file_place(const jitmem_hooks *hooks, jitmem_code_files *files, size_t size,
                           jitmem_code_file **file, uint64_t *offset);

/* Gives back [offset, offset+size) of file, whose mapping is gone: its
 * pages are freed (a hole punched, unless the file is shared), and a file
 * left with no region is closed, so an empty pool holds no descriptor.
 * Cannot fail. */
void jitmem_code_file_remove(const jitmem_hooks *hooks, jitmem_code_files *files,
                             jitmem_code_file *file, uint64_t offset, size_t size);

#endif
