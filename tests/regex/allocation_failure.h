/* allocation_failure: test-only failure injection through link-time
 * wrappers (-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc): once armed,
 * every allocation after the given number of successes fails. */
#ifndef JRX_TEST_ALLOCATION_FAILURE_H
#define JRX_TEST_ALLOCATION_FAILURE_H

#include <stddef.h>

/* Lets successes_before_failure more allocations succeed, then fails every
 * one until disarmed. Not thread-safe: arm only while one thread allocates. */
void allocation_failure_arm(size_t successes_before_failure);
void allocation_failure_disarm(void);

#endif
