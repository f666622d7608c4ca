/* code_sync: the commit generation and each thread's last synchronized
 * one (code_sync.h says why), and the public jitmem_sync_before_run. */
#include "jitmem/code_sync.h"

#include "jitmem.h"

atomic_ulong jitmem_code_sync_generation;
_Thread_local unsigned long jitmem_code_sync_seen;

int jitmem_sync_before_run(void) {
  return jitmem_code_sync_thread();
}
