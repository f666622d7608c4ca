/* no_execute (tests): makes jrx's generated code impossible to run while
 * a test thread is inside a jitmem write scope, as it is on macOS, where
 * a thread in write mode faults on JIT code. One implementation per
 * platform under test; single-threaded tests only. */
#ifndef RELIABILITY_NO_EXECUTE_H
#define RELIABILITY_NO_EXECUTE_H

/* From now until no_execute_end, running jitmem code kills the process
 * (SIGSEGV, or SIGBUS on macOS). Returns 0, or -1 if that could not be
 * arranged. */
int no_execute_begin(void);
void no_execute_end(void);

#endif
