/* counting_allocator: a jrx_allocator for tests that counts live
 * allocations and bytes and can be told to fail the Nth call (counting
 * from 1), alone or with every call after it. Thread-safe: the counters
 * are atomics, so several threads may share one. */
#ifndef RELIABILITY_COUNTING_ALLOCATOR_H
#define RELIABILITY_COUNTING_ALLOCATOR_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "jrx.h"

typedef enum counting_failure_mode {
  COUNTING_FAIL_NEVER,
  COUNTING_FAIL_ONLY,     /* only call number fail_at */
  COUNTING_FAIL_FROM      /* call number fail_at and every one after */
} counting_failure_mode;

typedef struct counting_allocator {
  jrx_allocator allocator; /* hand &allocator to jrx; its user_data is this struct */
  atomic_size_t calls;     /* malloc calls so far, failed ones included */
  atomic_size_t failures;  /* malloc calls made to fail */
  atomic_size_t live;      /* allocations not yet freed */
  atomic_size_t live_bytes;
  counting_failure_mode mode;
  size_t fail_at;
} counting_allocator;

/* Counters at zero, never failing. */
void counting_allocator_init(counting_allocator *counter);

/* Restarts the call count and arms mode at call number fail_at; the live
 * counters are kept. */
void counting_allocator_arm(counting_allocator *counter, counting_failure_mode mode,
                            size_t fail_at);

size_t counting_allocator_calls(counting_allocator *counter);
size_t counting_allocator_failures(counting_allocator *counter);
size_t counting_allocator_live(counting_allocator *counter);
size_t counting_allocator_live_bytes(counting_allocator *counter);

#endif
