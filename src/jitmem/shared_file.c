/* shared_file (Linux): memfd_create (retried without MFD_EXEC before Linux
 * 6.3), else an unlinked /dev/shm file. Every system call is offered to the
 * failure hook first; a descriptor is either returned or closed. */
#include "jitmem/shared_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jitmem/hooks.h"

/* Kernels since 6.3 (vm.memfd_noexec) want executable memfds to say so;
 * older headers lack the flag. */
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010u
#endif

#define SHARED_FILE_FALLBACK_DIRECTORY "/dev/shm"

/* Running out of memory, descriptors or tmpfs space is a resource
 * problem; anything else means this way of getting a file does not work. */
static int shared_file_status(int error) {
  switch (error) {
  case ENOMEM:
  case EMFILE:
  case ENFILE:
  case ENOSPC:
  case EFBIG:
    return JITMEM_ERROR_NOMEMORY;
  default:
    return JITMEM_ERROR_NO_EXEC_MEMFD;
  }
}

/* Sizes the file and hands it over through descriptor_out, or closes it on
 * failure so that the caller owns nothing then. */
static int size_file(const jitmem_hooks *hooks, int descriptor, size_t size,
                     int *descriptor_out) {
  int status = JITMEM_OK;
  if ((off_t)size < 0) {
    status = JITMEM_ERROR_NOMEMORY;
  } else if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_FTRUNCATE) ||
             ftruncate(descriptor, (off_t)size) != 0) {
    status = shared_file_status(errno);
  }
  if (status != JITMEM_OK) {
    close(descriptor);
  } else {
    *descriptor_out = descriptor;
  }
  return status;
}

static int create_memfd(const jitmem_hooks *hooks, unsigned int flags) {
  if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_MEMFD_CREATE)) {
    return -1;
  }
  return memfd_create("jitmem", flags);
}

int jitmem_shared_file_create_in_directory(const jitmem_hooks *hooks, const char *directory,
                                           size_t size, int *descriptor) {
  char path[256];
  int length = snprintf(path, sizeof path, "%s/jitmem-XXXXXX", directory);
  if (length < 0 || (size_t)length >= sizeof path) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_SHM_FILE)) {
    return JITMEM_ERROR_NOMEMORY;
  }
  int fd = mkostemp(path, O_CLOEXEC);
  if (fd < 0) {
    return shared_file_status(errno);
  }
  /* The name is only needed to create the file; unlinking it at once
   * means nothing is left behind whatever happens to the process. */
  if (unlink(path) != 0) {
    int status = shared_file_status(errno);
    close(fd);
    return status;
  }
  return size_file(hooks, fd, size, descriptor);
}

int jitmem_shared_file_create(const jitmem_hooks *hooks, size_t size, int *descriptor) {
  int fd = create_memfd(hooks, MFD_CLOEXEC | MFD_EXEC);
  if (fd < 0 && errno == EINVAL) {
    fd = create_memfd(hooks, MFD_CLOEXEC);
  }
  if (fd < 0) {
    /* ENOSYS: kernel before 3.17 or a filter that hides the call; EPERM or
     * EACCES: a seccomp policy or vm.memfd_noexec=2 forbids it. */
    if (errno == ENOSYS || errno == EPERM || errno == EACCES) {
      return jitmem_shared_file_create_in_directory(hooks, SHARED_FILE_FALLBACK_DIRECTORY, size,
                                                    descriptor);
    }
    return shared_file_status(errno);
  }
  return size_file(hooks, fd, size, descriptor);
}
