/* execution_guard (simulated macOS): the shim checks Apple's rules itself
 * and is told to report breaches by returning, not aborting, only in the
 * tests that provoke them. */
#include "execution_guard.h"

#include "jitmem.h"
#include "jitmem/macos_sim.h"

int execution_guard_allows_call(const void *entry, size_t size) {
  return jitmem_sim_check_execute(entry, size) == 0;
}

int execution_guard_is_idle(void) {
  return jitmem_sim_region_count() == 0 && !jitmem_thread_is_writable() &&
         !jitmem_sim_thread_write_enabled();
}

int execution_guard_holds_w_xor_x(void) {
  return jitmem_sim_thread_write_enabled() == jitmem_thread_is_writable();
}

int execution_guard_nothing_writable(void) {
  return !jitmem_sim_thread_write_enabled();
}

int execution_guard_fork_shares_code(void) {
  return 0;
}
