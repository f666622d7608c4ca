/* counting_allocator: each block carries its size in a header in front of
 * it, so free can take the bytes off the live count; the header keeps the
 * block 16-byte aligned, as malloc's are. */
#include "counting_allocator.h"

#include <stdint.h>
#include <stdlib.h>

typedef union block_header {
  size_t size;
  max_align_t alignment;
} block_header;

static bool should_fail(counting_allocator *counter, size_t call) {
  switch (counter->mode) {
    case COUNTING_FAIL_NEVER: return false;
    case COUNTING_FAIL_ONLY: return call == counter->fail_at;
    case COUNTING_FAIL_FROM: return call >= counter->fail_at;
  }
  return false;
}

static void *counting_malloc(size_t size, void *user_data) {
  counting_allocator *counter = user_data;
  size_t call = atomic_fetch_add(&counter->calls, 1) + 1;
  if (should_fail(counter, call) || size > SIZE_MAX - sizeof(block_header)) {
    atomic_fetch_add(&counter->failures, 1);
    return NULL;
  }
  block_header *header = malloc(sizeof *header + size);
  if (header == NULL) {
    return NULL;
  }
  header->size = size;
  atomic_fetch_add(&counter->live, 1);
  atomic_fetch_add(&counter->live_bytes, size);
  return header + 1;
}

static void counting_free(void *pointer, void *user_data) {
  counting_allocator *counter = user_data;
  if (pointer == NULL) {
    return;
  }
  block_header *header = (block_header *)pointer - 1;
  atomic_fetch_sub(&counter->live, 1);
  atomic_fetch_sub(&counter->live_bytes, header->size);
  free(header);
}

void counting_allocator_init(counting_allocator *counter) {
  counter->allocator = (jrx_allocator){counting_malloc, counting_free, counter};
  atomic_init(&counter->calls, 0);
  atomic_init(&counter->failures, 0);
  atomic_init(&counter->live, 0);
  atomic_init(&counter->live_bytes, 0);
  counter->mode = COUNTING_FAIL_NEVER;
  counter->fail_at = 0;
}

void counting_allocator_arm(counting_allocator *counter, counting_failure_mode mode,
                            size_t fail_at) {
  atomic_store(&counter->calls, 0);
  atomic_store(&counter->failures, 0);
  counter->mode = mode;
  counter->fail_at = fail_at;
}

size_t counting_allocator_calls(counting_allocator *counter) {
  return atomic_load(&counter->calls);
}

size_t counting_allocator_failures(counting_allocator *counter) {
  return atomic_load(&counter->failures);
}

size_t counting_allocator_live(counting_allocator *counter) {
  return atomic_load(&counter->live);
}

size_t counting_allocator_live_bytes(counting_allocator *counter) {
  return atomic_load(&counter->live_bytes);
}
