/* allocation_failure: the link-time wrappers behind allocation_failure.h.
 * Disarmed (the default) they pass every call straight through. */
#include "allocation_failure.h"

#include <stdint.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *pointer, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *pointer, size_t size);

#define DISARMED SIZE_MAX

static size_t successes_left = DISARMED;

void allocation_failure_arm(size_t successes_before_failure) {
  successes_left = successes_before_failure;
}

void allocation_failure_disarm(void) {
  successes_left = DISARMED;
}

static int allocation_fails(void) {
  if (successes_left == DISARMED) {
    return 0;
  }
  if (successes_left == 0) {
    return 1;
  }
  successes_left--;
  return 0;
}

void *__wrap_malloc(size_t size) {
  return allocation_fails() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size) {
  return allocation_fails() ? NULL : __real_calloc(count, size);
}

void *__wrap_realloc(void *pointer, size_t size) {
  return allocation_fails() ? NULL : __real_realloc(pointer, size);
}
