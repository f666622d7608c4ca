/* write_scope: the per-thread write window. A thread is in write mode
 * exactly while its nesting depth is above zero; only the transitions
 * 0 -> 1 and 1 -> 0 switch the platform's thread mode. */
#ifndef JITMEM_WRITE_SCOPE_H
#define JITMEM_WRITE_SCOPE_H

/* Opens one level. Cannot fail. */
void jitmem_write_scope_enter(void);

/* Closes one level opened by jitmem_write_scope_enter on this thread. */
void jitmem_write_scope_leave(void);

#endif
