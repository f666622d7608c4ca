/* default_pool: the process-wide pool, created on first use under a static
 * mutex (not pthread_once, so that a creation that failed for lack of
 * memory is retried by the next caller) and never destroyed. */
#include <pthread.h>

#include "jitmem/lock.h"
#include "jitmem/pool.h"

static pthread_mutex_t default_pool_mutex = PTHREAD_MUTEX_INITIALIZER;
static jitmem_pool *default_pool;

int jitmem_default_pool(jitmem_pool **pool_out) {
  if (pool_out == NULL) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  jitmem_lock(&default_pool_mutex);
  int status = JITMEM_OK;
  if (default_pool == NULL) {
    status = jitmem_pool_create(NULL, 0, &default_pool);
    if (status == JITMEM_OK) {
      default_pool->is_default = 1;
    }
  }
  *pool_out = default_pool;
  jitmem_unlock(&default_pool_mutex);
  return status;
}
