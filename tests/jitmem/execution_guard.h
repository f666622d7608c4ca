/* execution_guard (tests): platform checks around running installed code,
 * one implementation per platform under test. They return 1 if the check
 * holds, else 0, and use no cmocka assertions, so any thread may call them. */
#ifndef JITMEM_TEST_EXECUTION_GUARD_H
#define JITMEM_TEST_EXECUTION_GUARD_H

#include <stddef.h>

/* Right before calling [entry, entry+size): the platform allows running it
 * now (Linux: it lies in a read-execute, non-writable mapping; macOS sim:
 * the thread is in execute mode and the bytes were flushed). */
int execution_guard_allows_call(const void *entry, size_t size);

/* After all pools are gone or empty and trimmed: no executable memory of
 * jitmem is mapped any more and the thread is in execute mode. */
int execution_guard_is_idle(void);

/* jitmem memory is never writable and executable at once: per mapping on
 * Linux, per thread on macOS, where a MAP_JIT region is both by design. */
int execution_guard_holds_w_xor_x(void);

/* Outside write windows no jitmem memory is writable (W^X over time): on
 * Linux no mapping of jitmem's files is writable, on macOS this thread's
 * MAP_JIT write protection is on. */
int execution_guard_nothing_writable(void);

/* 1 where a process copies the code it shares with the other one after
 * fork() (Linux), 0 where fork() already gave it a copy (macOS). */
int execution_guard_fork_shares_code(void);

#endif
