/* jit_lazy: how native code that a search built is published to the
 * searches of every thread (jrx.c's search code and Pike VM, capture.c's
 * whole search): whoever needs it first builds it and stores it with a
 * compare-and-swap that the first store wins; a loser frees its own and
 * runs the winner's, after synchronizing with it (code_sync.h). The slot
 * is read with acquire by every search, which then synchronizes too
 * (jitmem_code_sync_thread): the code may be another thread's. A macro,
 * as the slots' code types differ. */
#ifndef JRX_JIT_LAZY_H
#define JRX_JIT_LAZY_H

#include <stdatomic.h>
#include <stddef.h>

#include "jitmem/code_sync.h"

/* Publishes built (a variable, not NULL) in the atomic slot unless some
 * code is there already, which release(built) then gives way to; the
 * value is the published code. */
#define JIT_LAZY_PUBLISH(slot, built, release)                                           \
  __extension__({                                                                        \
    __typeof__(built) jit_lazy_published = NULL;                                         \
    if (!atomic_compare_exchange_strong_explicit((slot), &jit_lazy_published, (built),   \
                                                 memory_order_acq_rel,                   \
                                                 memory_order_acquire)) {                \
      release(built);                                                                    \
      jitmem_code_sync_thread(); /* the winner's code */                                 \
    }                                                                                    \
    jit_lazy_published != NULL ? jit_lazy_published : (built);                           \
  })

#endif
