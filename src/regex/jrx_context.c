/* jrx_context: creating, sharing and freeing contexts. A context's own
 * memory and its jitmem pool's bookkeeping come from the context's
 * allocator, so once the last reference is dropped nothing of it is left
 * and nothing was ever taken from the C library behind the user's back. */
#include "jrx_context.h"

#include "memory.h"

/* The smallest DFA cache worth having: a few hundred states. */
#define JRX_MIN_DFA_CACHE_SIZE ((size_t)64 << 10)

static jrx_context default_context = {.is_default = true};

jrx_context *jrx_context_default(void) {
  return &default_context;
}

const jrx_allocator *jrx_context_allocator(const jrx_context *context) {
  return context->is_default ? memory_default_allocator() : &context->allocator;
}

bool jrx_context_limits_valid(const jrx_compile_limits *limits) {
  return limits->max_nesting_depth >= 1 && limits->max_nesting_depth <= JRX_MAX_NESTING_DEPTH &&
         limits->max_program_size >= 1 && limits->dfa_cache_size >= JRX_MIN_DFA_CACHE_SIZE;
}

/* jitmem's hooks take the user pointer first; jrx_allocator's take it last. */
static void *pool_malloc(void *user, size_t size) {
  const jrx_allocator *allocator = user;
  return allocator->malloc(size, allocator->user_data);
}

static void pool_free(void *user, void *pointer) {
  const jrx_allocator *allocator = user;
  allocator->free(pointer, allocator->user_data);
}

static void context_destroy(jrx_context *context) {
  jitmem_pool_destroy(context->pool);
  jrx_allocator allocator = context->allocator;
  memory_free(&allocator, context);
}

int jrx_context_create(const jrx_allocator *allocator, const jrx_compile_limits *limits,
                       jrx_context **context_out) {
  if (context_out == NULL) {
    return JRX_ERROR_NULL;
  }
  *context_out = NULL;
  jrx_compile_limits defaults;
  if (limits == NULL) {
    jrx_compile_limits_default(&defaults);
    limits = &defaults;
  }
  if ((allocator != NULL && (allocator->malloc == NULL || allocator->free == NULL)) ||
      !jrx_context_limits_valid(limits)) {
    return JRX_ERROR_BAD_COMPILE_OPTION;
  }
  const jrx_allocator *chosen = allocator != NULL ? allocator : memory_default_allocator();
  jrx_context *context = memory_allocate(chosen, sizeof *context);
  if (context == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  *context = (jrx_context){.allocator = *chosen, .limits = *limits, .is_default = false};
  atomic_init(&context->references, 1);
  /* The C library's allocator shares jitmem's default pool; a user's gets
   * a pool of its own whose bookkeeping goes through it. */
  if (JRX_HAVE_JIT && allocator != NULL) {
    jitmem_hooks hooks = {pool_malloc, pool_free, NULL, &context->allocator};
    if (jitmem_pool_create(&hooks, 0, &context->pool) != JITMEM_OK) {
      context_destroy(context);
      return JRX_ERROR_NOMEMORY;
    }
  }
  *context_out = context;
  return 0;
}

void jrx_context_retain(jrx_context *context) {
  if (!context->is_default) {
    atomic_fetch_add_explicit(&context->references, 1, memory_order_relaxed);
  }
}

void jrx_context_free(jrx_context *context) {
  if (context != NULL && !context->is_default &&
      atomic_fetch_sub_explicit(&context->references, 1, memory_order_acq_rel) == 1) {
    context_destroy(context);
  }
}
