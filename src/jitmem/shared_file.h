/* shared_file (Linux): the anonymous file whose pages a region maps twice,
 * once writable and once executable. memfd_create is preferred; where it
 * is missing or forbidden an unlinked file in /dev/shm stands in. */
#ifndef JITMEM_SHARED_FILE_H
#define JITMEM_SHARED_FILE_H

#include <stddef.h>

#include "jitmem.h"

/* Creates a close-on-exec file of size bytes and stores its descriptor.
 * Returns JITMEM_OK, JITMEM_ERROR_NOMEMORY, or JITMEM_ERROR_NO_EXEC_MEMFD
 * when neither memfd_create nor the /dev/shm fallback can be used. */
int jitmem_shared_file_create(const jitmem_hooks *hooks, size_t size, int *descriptor);

/* The fallback: creates a file in directory, unlinks it at once and sizes
 * it. Same results as jitmem_shared_file_create, and
 * JITMEM_ERROR_INVALID_ARGUMENT if the directory name is too long. */
int jitmem_shared_file_create_in_directory(const jitmem_hooks *hooks, const char *directory,
                                           size_t size, int *descriptor);

#endif
