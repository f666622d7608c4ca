/* jit_generation_failure: the mask of parts whose builds fail on purpose.
 * The one piece of mutable global state in the JIT, and a test hook:
 * relaxed atomics suffice, as tests set it before compiling. */
#include "jit_generation_failure.h"

#include <stdatomic.h>

static atomic_uint failing_parts;

void jit_inject_generation_failure(unsigned parts) {
  atomic_store_explicit(&failing_parts, parts, memory_order_relaxed);
}

bool jit_generation_fails(jit_part part) {
  return (atomic_load_explicit(&failing_parts, memory_order_relaxed) & (unsigned)part) != 0;
}
