/* default_pool: the process-wide pool, created on first use and never
 * destroyed. Threads racing to create it each make one and the first to
 * publish it wins; the others destroy theirs. No lock is held meanwhile,
 * so there is none to hold across fork(), and a creation that failed for
 * lack of memory is simply retried by the next caller. */
#include <stdatomic.h>

#include "jitmem/pool.h"

static _Atomic(jitmem_pool *) default_pool;

int jitmem_default_pool(jitmem_pool **pool_out) {
  if (pool_out == NULL) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  jitmem_pool *pool = atomic_load_explicit(&default_pool, memory_order_acquire);
  if (pool != NULL) {
    *pool_out = pool;
    return JITMEM_OK;
  }
  jitmem_pool *created;
  int status = jitmem_pool_create(NULL, 0, &created);
  if (status != JITMEM_OK) {
    *pool_out = NULL;
    return status;
  }
  /* Marked before anyone can see it, so that it is never destroyed. */
  created->is_default = 1;
  if (atomic_compare_exchange_strong_explicit(&default_pool, &pool, created,
                                              memory_order_acq_rel, memory_order_acquire)) {
    pool = created;
  } else {
    created->is_default = 0;
    jitmem_pool_destroy(created);
  }
  *pool_out = pool;
  return JITMEM_OK;
}
