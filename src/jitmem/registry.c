/* registry: a list of the live pools under one mutex, the pthread_atfork
 * handlers, the fork generation and the fork guard. Lock order, kept by
 * every path: fork guard, then registry, then pool locks (in list order
 * when several). The default pool is created without a lock of its own
 * (default_pool.c), so nothing else needs holding across fork(). */
#include "jitmem/registry.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "jitmem/lock.h"

static pthread_mutex_t registry_mutex = PTHREAD_MUTEX_INITIALIZER;
static jitmem_pool *registry_pools;
static int registry_handlers_installed;
/* Changed only by the fork handlers, with every pool lock held, and read
 * by code_file.c with its pool's lock held: the lock orders the two, so
 * the atomic needs no ordering of its own (it is one so that
 * jitmem_probe, whose file belongs to no pool, reads it without a data
 * race). */
static atomic_ulong registry_fork_generation;

/* The fork guard: a count of holders under a mutex that fork() keeps
 * locked, rather than a read-write lock, because glibc's read-write lock
 * cannot be released in the child (its writer is a thread id the child's
 * thread does not have) while a default mutex can. */
static pthread_mutex_t fork_guard_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fork_guard_released = PTHREAD_COND_INITIALIZER;
static unsigned long fork_guard_holders;
static _Thread_local int fork_guard_held;

static void before_fork(void) {
  if (fork_guard_held) {
    fputs("jitmem: fork() inside a write scope that holds write addresses: the child would "
          "share code this thread is writing; end the scope first\n",
          stderr);
    abort();
  }
  jitmem_lock(&fork_guard_mutex);
  while (fork_guard_holders > 0) {
    if (pthread_cond_wait(&fork_guard_released, &fork_guard_mutex) != 0) {
      abort();
    }
  }
  jitmem_lock(&registry_mutex);
  for (jitmem_pool *pool = registry_pools; pool != NULL; pool = pool->registry_next) {
    jitmem_lock(&pool->mutex);
  }
}

/* Both sides of the fork: every file or region now mapped is shared with
 * the other process. */
static void after_fork(void) {
  atomic_fetch_add_explicit(&registry_fork_generation, 1, memory_order_relaxed);
  for (jitmem_pool *pool = registry_pools; pool != NULL; pool = pool->registry_next) {
    jitmem_unlock(&pool->mutex);
  }
  jitmem_unlock(&registry_mutex);
  jitmem_unlock(&fork_guard_mutex);
}

int jitmem_registry_add(jitmem_pool *pool) {
  jitmem_lock(&registry_mutex);
  if (!registry_handlers_installed) {
    if (pthread_atfork(before_fork, after_fork, after_fork) != 0) {
      jitmem_unlock(&registry_mutex);
      return JITMEM_ERROR_NOMEMORY;
    }
    registry_handlers_installed = 1;
  }
  pool->registry_previous = NULL;
  pool->registry_next = registry_pools;
  if (registry_pools != NULL) {
    registry_pools->registry_previous = pool;
  }
  registry_pools = pool;
  jitmem_unlock(&registry_mutex);
  return JITMEM_OK;
}

void jitmem_registry_remove(jitmem_pool *pool) {
  jitmem_lock(&registry_mutex);
  if (pool->registry_previous != NULL) {
    pool->registry_previous->registry_next = pool->registry_next;
  } else {
    registry_pools = pool->registry_next;
  }
  if (pool->registry_next != NULL) {
    pool->registry_next->registry_previous = pool->registry_previous;
  }
  jitmem_unlock(&registry_mutex);
}

unsigned long jitmem_fork_generation(void) {
  return atomic_load_explicit(&registry_fork_generation, memory_order_relaxed);
}

void jitmem_fork_guard_enter(void) {
  jitmem_lock(&fork_guard_mutex);
  fork_guard_holders++;
  jitmem_unlock(&fork_guard_mutex);
  fork_guard_held = 1;
}

void jitmem_fork_guard_leave(void) {
  fork_guard_held = 0;
  jitmem_lock(&fork_guard_mutex);
  if (--fork_guard_holders == 0 && pthread_cond_broadcast(&fork_guard_released) != 0) {
    abort();
  }
  jitmem_unlock(&fork_guard_mutex);
}
