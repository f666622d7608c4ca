/* write_scope: the per-thread write window. A thread is in write mode
 * exactly while its nesting depth is above zero; only the transitions
 * 0 -> 1 and 1 -> 0 switch the platform's thread mode. */
#ifndef JITMEM_WRITE_SCOPE_H
#define JITMEM_WRITE_SCOPE_H

/* Opens one level. Cannot fail. */
void jitmem_write_scope_enter(void);

/* Closes one level opened by jitmem_write_scope_enter on this thread. */
void jitmem_write_scope_leave(void);

/* The calling thread's nesting depth (write_scope.c owns it). */
extern _Thread_local unsigned long jitmem_write_scope_depth;

/* jitmem_thread_is_writable, inlined for callers on a per-search path
 * (jrx asks before every search that may run generated code): a call
 * and its return cost a short subject's search more than the test. */
static inline int jitmem_write_scope_open(void) {
  return jitmem_write_scope_depth > 0;
}

#endif
