/* hooks: the allocation and failure-injection hooks every malloc and
 * every system mapping call of jitmem goes through. A resolved hooks
 * struct always has malloc and free set. */
#ifndef JITMEM_HOOKS_H
#define JITMEM_HOOKS_H

#include <stddef.h>

#include "jitmem.h"

/* Copies given (NULL: the defaults) into resolved, filling in the C
 * library's malloc and free. JITMEM_ERROR_INVALID_ARGUMENT if exactly one
 * of malloc and free is set. */
int jitmem_hooks_resolve(const jitmem_hooks *given, jitmem_hooks *resolved);

/* Hooks with the C library's allocator that never fail a system call. */
const jitmem_hooks *jitmem_hooks_default(void);

void *jitmem_hooks_malloc(const jitmem_hooks *hooks, size_t size);
void jitmem_hooks_free(const jitmem_hooks *hooks, void *pointer);

/* 1 (with errno set to ENOMEM) if the fail hook refuses the call, else 0. */
int jitmem_hooks_refuse(const jitmem_hooks *hooks, jitmem_system_call call);

#endif
