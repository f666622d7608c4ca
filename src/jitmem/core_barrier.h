/* core_barrier (Linux): after new code is written and the caches are
 * maintained, every other core running a thread of this process executes a
 * core-serializing instruction before jitmem hands the code out. */
#ifndef JITMEM_CORE_BARRIER_H
#define JITMEM_CORE_BARRIER_H

#include "jitmem.h"

/* Issues the barrier, registering the process for it the first time.
 * JITMEM_OK, also where the kernel has no such barrier (then there is
 * nothing to issue), or JITMEM_ERROR_NOMEMORY when hooks refused it or the
 * registration failed for a reason that may pass (tried again next time). */
int jitmem_core_barrier(const jitmem_hooks *hooks);

#endif
