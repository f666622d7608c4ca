/* probe: finds out whether this process can get executable memory, the
 * same way pools do, and if it cannot, why. Running the installed function
 * is part of the answer: a mapping that cannot run code is no answer. */
#include "jitmem/arch.h"
#include "jitmem/hooks.h"
#include "jitmem/platform.h"
#include "jitmem/write_scope.h"

#define PROBE_ANSWER 42

int jitmem_probe(const jitmem_hooks *hooks) {
  /* A thread in write mode may not run generated code (macOS faults). */
  if (jitmem_thread_is_writable()) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  jitmem_hooks resolved;
  int status = jitmem_hooks_resolve(hooks, &resolved);
  if (status != JITMEM_OK) {
    return status;
  }
  jitmem_code_files files = {NULL};
  jitmem_region region;
  status = jitmem_platform_map(&resolved, &files, jitmem_platform_page_size(), &region);
  if (status != JITMEM_OK) {
    return status;
  }
  unsigned char code[JITMEM_ARCH_RETURN_CONSTANT_MAX];
  size_t size = jitmem_arch_return_constant(PROBE_ANSWER, code);
  jitmem_write_scope_enter();
  status = jitmem_platform_write(&resolved, &region, 0, code, size);
  jitmem_write_scope_leave();
  if (status == JITMEM_OK) {
    status = jitmem_platform_commit(&resolved, &region, 0, size);
  }
  if (status == JITMEM_PLATFORM_VIEW_LOST) {
    status = JITMEM_ERROR_NOMEMORY; /* the page is unmapped below all the same */
  } else if (status == JITMEM_OK && jitmem_arch_run_constant(region.execute) != PROBE_ANSWER) {
    status = JITMEM_ERROR_NO_EXEC;
  }
  jitmem_platform_unmap(&resolved, &files, &region);
  return status;
}
