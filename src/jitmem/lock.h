/* lock: locking jitmem's mutexes. They are default mutexes, which only
 * fail to lock or unlock when corrupt; going on unlocked would corrupt the
 * pool, so that is treated like a failed assertion (abort). */
#ifndef JITMEM_LOCK_H
#define JITMEM_LOCK_H

#include <pthread.h>

void jitmem_lock(pthread_mutex_t *mutex);
void jitmem_unlock(pthread_mutex_t *mutex);

#endif
