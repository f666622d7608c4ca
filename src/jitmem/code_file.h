/* code_file (Linux): the anonymous file behind a pool's regions. Each
 * region is a range of it, mapped read-execute; bytes go in with pwrite,
 * so no mapping of it is ever writable. One descriptor per pool with
 * regions, however many it has. Guarded by the pool's lock. */
#ifndef JITMEM_CODE_FILE_H
#define JITMEM_CODE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "jitmem/platform.h"

struct jitmem_code_file {
  int descriptor;
  uint64_t length;     /* bytes handed out; regions lie below */
  size_t region_count; /* regions that map it */
};

/* Finds room for size bytes (a page multiple) at the end of the pool's
 * file, creating the file first if there is none, and stores the file
 * and the offset. Returns JITMEM_OK, JITMEM_ERROR_NOMEMORY or
 * JITMEM_ERROR_NO_EXEC_MEMFD; on error nothing is taken. */
int jitmem_code_file_place(const jitmem_hooks *hooks, jitmem_code_files *files, size_t size,
                           jitmem_code_file **file, uint64_t *offset);

/* Gives back [offset, offset+size) of file, whose mapping is gone: its
 * pages are freed (a hole punched), and a file left with no region is
 * closed, so an empty pool holds no descriptor. Cannot fail. */
void jitmem_code_file_remove(const jitmem_hooks *hooks, jitmem_code_files *files,
                             jitmem_code_file *file, uint64_t offset, size_t size);

#endif
