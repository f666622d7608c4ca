/* write_scope: the thread-local nesting counter behind jitmem_write_begin/end
 * and jitmem's own windows; thread-local because the platform's write mode
 * is per thread (pthread_jit_write_protect_np on macOS). */
#include "jitmem/write_scope.h"

#include "jitmem.h"
#include "jitmem/platform.h"
#include "jitmem/write_address.h"

_Thread_local unsigned long jitmem_write_scope_depth;

void jitmem_write_scope_enter(void) {
  if (jitmem_write_scope_depth++ == 0) {
    jitmem_platform_set_thread_writable(1);
  }
}

void jitmem_write_scope_leave(void) {
  if (--jitmem_write_scope_depth == 0) {
    jitmem_platform_set_thread_writable(0);
  }
}

void jitmem_write_begin(void) {
  jitmem_write_scope_enter();
}

int jitmem_write_end(void) {
  if (jitmem_write_scope_depth == 0) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  if (jitmem_write_scope_depth == 1) {
    jitmem_write_address_close_all();
  }
  jitmem_write_scope_leave();
  return JITMEM_OK;
}

int jitmem_thread_is_writable(void) {
  return jitmem_write_scope_open();
}
