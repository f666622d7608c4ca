/* status: the text of every jitmem status code; the NO_EXEC messages say
 * what to change to get executable memory. */
#include "jitmem.h"

const char *jitmem_status_message(int status) {
  switch (status) {
  case JITMEM_OK:
    return "success";
  case JITMEM_ERROR_NOMEMORY:
    return "out of memory (heap, address space or file descriptors)";
  case JITMEM_ERROR_INVALID_ARGUMENT:
    return "invalid argument";
  case JITMEM_ERROR_NO_EXEC:
    return "executable memory is not available here";
  case JITMEM_ERROR_NO_EXEC_ENTITLEMENT:
    return "executable memory refused: under the hardened runtime MAP_JIT needs the "
           "com.apple.security.cs.allow-jit entitlement";
  case JITMEM_ERROR_NO_EXEC_POLICY:
    return "executable memory refused by security policy (SELinux execmem, PaX MPROTECT "
           "or a noexec mount)";
  case JITMEM_ERROR_NO_EXEC_MEMFD:
    return "executable memory needs memfd_create or a writable /dev/shm, and neither "
           "is available";
  case JITMEM_ERROR_NO_EXEC_UNSUPPORTED:
    return "no executable memory on this system: it cannot keep JIT memory writable and "
           "executable for a thread in turn (iOS, tvOS, watchOS, Mac Catalyst, Intel Macs, "
           "macOS before 11)";
  default:
    return "unknown jitmem status";
  }
}

int jitmem_status_is_no_exec(int status) {
  return status == JITMEM_ERROR_NO_EXEC || status == JITMEM_ERROR_NO_EXEC_ENTITLEMENT ||
         status == JITMEM_ERROR_NO_EXEC_POLICY || status == JITMEM_ERROR_NO_EXEC_MEMFD ||
         status == JITMEM_ERROR_NO_EXEC_UNSUPPORTED;
}
