/* registry: every live pool, and what fork() does to them. Around a fork
 * the forking thread holds every lock jitmem has (fork guard, registry,
 * each pool's), so the child starts with consistent pools and unlocked
 * locks; both processes then count one more fork generation, which tells
 * them which regions (Linux: which files) the other process maps too. */
#ifndef JITMEM_REGISTRY_H
#define JITMEM_REGISTRY_H

#include "jitmem/pool.h"

/* Adds a new pool (the first one also installs the fork handlers).
 * JITMEM_OK or JITMEM_ERROR_NOMEMORY (the handlers could not be
 * installed; the pool is not added). */
int jitmem_registry_add(jitmem_pool *pool);

/* Takes a pool out before it is destroyed. */
void jitmem_registry_remove(jitmem_pool *pool);

/* How many forks this process has seen, itself included (parent or child
 * side). What existed at an earlier generation is shared with another
 * process. */
unsigned long jitmem_fork_generation(void);

/* Held by a thread (any number at once) from its first write address
 * until its outermost jitmem_write_end (write_address.c): fork() waits
 * until no thread can write through a view of code it would share with
 * the child. A thread that forks while it holds it aborts with a
 * message. */
void jitmem_fork_guard_enter(void);
void jitmem_fork_guard_leave(void);

#endif
