/* lock: the abort-on-corruption wrappers declared in lock.h; the only
 * place jitmem's own code locks a mutex. */
#include "jitmem/lock.h"

#include <stdlib.h>

void jitmem_lock(pthread_mutex_t *mutex) {
  if (pthread_mutex_lock(mutex) != 0) {
    abort();
  }
}

void jitmem_unlock(pthread_mutex_t *mutex) {
  if (pthread_mutex_unlock(mutex) != 0) {
    abort();
  }
}
