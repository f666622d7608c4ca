/* counting_hooks (tests): the hook functions; user points at the
 * counting_hooks struct itself. */
#include "counting_hooks.h"

#include <stdlib.h>

static void *counting_malloc(void *user, size_t size) {
  counting_hooks *counting = user;
  if (++counting->malloc_calls == counting->fail_malloc_at) {
    counting->injected_failures++;
    return NULL;
  }
  void *pointer = malloc(size);
  if (pointer != NULL) {
    counting->live_allocations++;
  }
  return pointer;
}

static void counting_free(void *user, void *pointer) {
  counting_hooks *counting = user;
  if (pointer != NULL) {
    counting->live_allocations--;
  }
  free(pointer);
}

static int counting_fail(void *user, jitmem_system_call call) {
  counting_hooks *counting = user;
  (void)call;
  if (++counting->system_calls == counting->fail_system_call_at) {
    counting->injected_failures++;
    return 1;
  }
  return 0;
}

void counting_hooks_init(counting_hooks *counting, long fail_malloc_at, long fail_system_call_at) {
  counting->hooks.malloc = counting_malloc;
  counting->hooks.free = counting_free;
  counting->hooks.fail = counting_fail;
  counting->hooks.user = counting;
  counting->live_allocations = 0;
  counting->malloc_calls = 0;
  counting->system_calls = 0;
  counting->fail_malloc_at = fail_malloc_at;
  counting->fail_system_call_at = fail_system_call_at;
  counting->injected_failures = 0;
}
