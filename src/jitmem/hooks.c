/* hooks: resolution of user hooks against the C library defaults and the
 * single place the failure-injection callback is consulted. */
#include "jitmem/hooks.h"

#include <errno.h>
#include <stdlib.h>

static void *default_malloc(void *user, size_t size) {
  (void)user;
  return malloc(size);
}

static void default_free(void *user, void *pointer) {
  (void)user;
  free(pointer);
}

static const jitmem_hooks default_hooks = {default_malloc, default_free, NULL, NULL};

const jitmem_hooks *jitmem_hooks_default(void) {
  return &default_hooks;
}

int jitmem_hooks_resolve(const jitmem_hooks *given, jitmem_hooks *resolved) {
  if (given == NULL) {
    *resolved = default_hooks;
    return JITMEM_OK;
  }
  if ((given->malloc == NULL) != (given->free == NULL)) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  *resolved = *given;
  if (given->malloc == NULL) {
    resolved->malloc = default_malloc;
    resolved->free = default_free;
  }
  return JITMEM_OK;
}

void *jitmem_hooks_malloc(const jitmem_hooks *hooks, size_t size) {
  return hooks->malloc(hooks->user, size);
}

void jitmem_hooks_free(const jitmem_hooks *hooks, void *pointer) {
  if (pointer != NULL) {
    hooks->free(hooks->user, pointer);
  }
}

int jitmem_hooks_refuse(const jitmem_hooks *hooks, jitmem_system_call call) {
  if (hooks->fail != NULL && hooks->fail(hooks->user, call) != 0) {
    errno = ENOMEM;
    return 1;
  }
  return 0;
}
