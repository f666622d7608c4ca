/* no_execute (simulated macOS): the shim enforces write mode for real. */
#include "no_execute.h"

#include "jitmem/macos_sim.h"

int no_execute_begin(void) {
  jitmem_sim_set_enforce_write_mode(1);
  return 0;
}

void no_execute_end(void) {
  jitmem_sim_set_enforce_write_mode(0);
}
