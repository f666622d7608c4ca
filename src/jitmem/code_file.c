/* code_file (Linux): a pool's file grows by one region at a time (the
 * kernel needs the length to cover a mapping) and is never shrunk while
 * regions remain, so offsets are simply handed out at the end; memory is
 * given back by punching holes, and the file is closed with its last
 * region. The file is sparse and may be long without using memory. A
 * shared file gets no holes: the other process may still run those pages,
 * which the kernel frees once neither process maps them. */
#include "jitmem/code_file.h"

#include <fcntl.h>
#include <unistd.h>

#include "jitmem/hooks.h"
#include "jitmem/registry.h"
#include "jitmem/shared_file.h"

static int create_file(const jitmem_hooks *hooks, size_t size, jitmem_code_file **created) {
  jitmem_code_file *file = jitmem_hooks_malloc(hooks, sizeof *file);
  if (file == NULL) {
    return JITMEM_ERROR_NOMEMORY;
  }
  int status = jitmem_shared_file_create(hooks, size, &file->descriptor);
  if (status != JITMEM_OK) {
    jitmem_hooks_free(hooks, file);
    return status;
  }
  file->length = size;
  file->region_count = 0;
  file->fork_generation = jitmem_fork_generation();
  *created = file;
  return JITMEM_OK;
}

int jitmem_code_file_is_shared(const jitmem_code_file *file) {
  return file->fork_generation != jitmem_fork_generation();
}

/* Lengthens file by size bytes. */
static int grow(const jitmem_hooks *hooks, jitmem_code_file *file, size_t size) {
  uint64_t length = file->length + size;
  if (length < file->length || (off_t)length < 0) {
    return JITMEM_ERROR_NOMEMORY;
  }
  if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_FTRUNCATE) ||
      ftruncate(file->descriptor, (off_t)length) != 0) {
    return JITMEM_ERROR_NOMEMORY;
  }
  file->length = length;
  return JITMEM_OK;
}

int jitmem_code_file_place(const jitmem_hooks *hooks, jitmem_code_files *files, size_t size,
                           jitmem_code_file **file, uint64_t *offset) {
  jitmem_code_file *chosen = files->newest;
  int status;
  if (chosen == NULL || jitmem_code_file_is_shared(chosen)) {
    status = create_file(hooks, size, &chosen);
    if (status == JITMEM_OK) {
      chosen->older = files->newest;
      files->newest = chosen;
      *offset = 0;
    }
  } else {
    *offset = chosen->length;
    status = grow(hooks, chosen, size);
  }
  if (status == JITMEM_OK) {
    chosen->region_count++;
    *file = chosen;
  }
  return status;
}

void jitmem_code_file_remove(const jitmem_hooks *hooks, jitmem_code_files *files,
                             jitmem_code_file *file, uint64_t offset, size_t size) {
  if (--file->region_count == 0) {
    jitmem_code_file **link = &files->newest;
    while (*link != file) {
      link = &(*link)->older;
    }
    *link = file->older;
    close(file->descriptor);
    jitmem_hooks_free(hooks, file);
    return;
  }
  if (jitmem_code_file_is_shared(file)) {
    return;
  }
  /* tmpfs has supported this since Linux 3.5; where it fails the pages
   * stay until the file is closed. */
  fallocate(file->descriptor, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)offset,
            (off_t)size);
}
