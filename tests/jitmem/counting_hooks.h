/* counting_hooks (tests): jitmem hooks that count live allocations and
 * system calls and can fail the Nth malloc or the Nth system call, for
 * SQLite-style failure-injection loops. Not thread-safe. */
#ifndef JITMEM_TEST_COUNTING_HOOKS_H
#define JITMEM_TEST_COUNTING_HOOKS_H

#include "jitmem.h"

typedef struct counting_hooks {
  jitmem_hooks hooks;       /* pass &counting.hooks to jitmem */
  long live_allocations;    /* mallocs not yet freed */
  long malloc_calls;
  long system_calls;
  long fail_malloc_at;      /* 1-based call number to fail; 0: never */
  long fail_system_call_at; /* likewise */
  long injected_failures;
} counting_hooks;

void counting_hooks_init(counting_hooks *counting, long fail_malloc_at, long fail_system_call_at);

#endif
