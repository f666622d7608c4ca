/* memory: the only place jrx allocates or frees. Every call names the
 * jrx_allocator it goes through (the caller's, from a jrx_context, or
 * memory_default_allocator()), so no module reaches the C allocator behind
 * the user's back. Sizes are overflow-checked: an impossible size is an
 * allocation failure, never a short buffer. */
#ifndef JRX_MEMORY_H
#define JRX_MEMORY_H

#include <stdbool.h>
#include <stddef.h>

#include "jrx.h"

/* malloc and free of the C library. */
const jrx_allocator *memory_default_allocator(void);

/* size bytes (at least one is asked of the allocator), or NULL. */
void *memory_allocate(const jrx_allocator *allocator, size_t size);

/* count items of item_size bytes, or NULL if that overflows or fails. */
void *memory_allocate_array(const jrx_allocator *allocator, size_t count, size_t item_size);

/* Like memory_allocate_array, with every byte zero. */
void *memory_allocate_zeroed_array(const jrx_allocator *allocator, size_t count,
                                   size_t item_size);

/* Makes *items (holding *capacity items of item_size bytes) hold at least
 * needed items, doubling the capacity (from initial_capacity when it is 0)
 * and copying the old items over. On failure returns false and leaves
 * *items and *capacity as they were: the caller still owns the old array. */
bool memory_grow_array(const jrx_allocator *allocator, void **items, size_t *capacity,
                       size_t needed, size_t item_size, size_t initial_capacity);

/* Frees what memory_allocate* or memory_grow_array returned; NULL is ignored. */
void memory_free(const jrx_allocator *allocator, void *pointer);

/* An arena: many small allocations carved from a few blocks of a parent
 * allocator, all given back at once by memory_arena_destroy. Its
 * allocator's free does nothing, so code written for any allocator runs
 * on it; only what is freed with the arena belongs there (memory freed
 * and allocated again, as a set grown many times, would pile up). */
typedef struct memory_arena memory_arena;

/* A new arena over parent, or NULL when parent fails. */
memory_arena *memory_arena_create(const jrx_allocator *parent);

/* The allocator handing out the arena's memory (16-byte aligned). */
const jrx_allocator *memory_arena_allocator(memory_arena *arena);

/* The allocator an arena's blocks come from when allocator is an arena's,
 * else allocator itself. */
const jrx_allocator *memory_backing_allocator(const jrx_allocator *allocator);

/* Gives every block back to the parent; NULL is ignored. */
void memory_arena_destroy(memory_arena *arena);

#endif
