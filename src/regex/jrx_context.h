/* jrx_context: what a context holds and how patterns share it. A context
 * is immutable after creation except for its reference count; the static
 * default context (C library allocator, jitmem's default pool, default
 * limits) is never counted and never freed. */
#ifndef JRX_CONTEXT_H
#define JRX_CONTEXT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "arm64/jit_target.h"
#include "jitmem.h"
#include "jrx.h"

struct jrx_context {
  jrx_allocator allocator;   /* the user's, copied; unused by the default context */
  jrx_compile_limits limits;
  jitmem_pool *pool;         /* owned; NULL means jitmem's default pool */
  atomic_size_t references;  /* the caller's, if not yet freed, plus one per pattern */
  bool is_default;
};

/* The context of jrx_compile and jrx_compile_with_limits. */
jrx_context *jrx_context_default(void);

/* The allocator every allocation for the context's patterns goes through. */
const jrx_allocator *jrx_context_allocator(const jrx_context *context);

/* Whether limits are in the ranges jrx_compile_limits documents. */
bool jrx_context_limits_valid(const jrx_compile_limits *limits);

/* A pattern takes a reference when it is compiled and drops it with
 * jrx_context_free when it is freed; the last reference frees the
 * context. The default context is not counted. */
void jrx_context_retain(jrx_context *context);

#endif
