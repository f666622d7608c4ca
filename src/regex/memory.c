/* memory: overflow-checked allocation through a jrx_allocator. Growing is
 * allocate-copy-free because a user allocator, like PCRE2's, has no
 * realloc; arrays double, so the copying stays linear overall. Arenas
 * bump a pointer through blocks that double up to a cap. */
#include "memory.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *c_library_malloc(size_t size, void *user_data) {
  (void)user_data;
  return malloc(size);
}

static void c_library_free(void *pointer, void *user_data) {
  (void)user_data;
  free(pointer);
}

static const jrx_allocator c_library_allocator = {c_library_malloc, c_library_free, NULL};

const jrx_allocator *memory_default_allocator(void) {
  return &c_library_allocator;
}

void *memory_allocate(const jrx_allocator *allocator, size_t size) {
  return allocator->malloc(size != 0 ? size : 1, allocator->user_data);
}

void *memory_allocate_array(const jrx_allocator *allocator, size_t count, size_t item_size) {
  if (item_size != 0 && count > SIZE_MAX / item_size) {
    return NULL;
  }
  return memory_allocate(allocator, count * item_size);
}

void *memory_allocate_zeroed_array(const jrx_allocator *allocator, size_t count,
                                   size_t item_size) {
  void *items = memory_allocate_array(allocator, count, item_size);
  if (items != NULL) {
    memset(items, 0, count * item_size);
  }
  return items;
}

bool memory_grow_array(const jrx_allocator *allocator, void **items, size_t *capacity,
                       size_t needed, size_t item_size, size_t initial_capacity) {
  if (needed <= *capacity) {
    return true;
  }
  size_t new_capacity = *capacity != 0 ? *capacity : (initial_capacity != 0 ? initial_capacity : 1);
  while (new_capacity < needed) {
    if (new_capacity > SIZE_MAX / 2) {
      return false;
    }
    new_capacity *= 2;
  }
  void *grown = memory_allocate_array(allocator, new_capacity, item_size);
  if (grown == NULL) {
    return false;
  }
  if (*capacity != 0) {
    memcpy(grown, *items, *capacity * item_size);
  }
  memory_free(allocator, *items);
  *items = grown;
  *capacity = new_capacity;
  return true;
}

void memory_free(const jrx_allocator *allocator, void *pointer) {
  if (pointer != NULL) {
    allocator->free(pointer, allocator->user_data);
  }
}

/* Every arena allocation is rounded up to this; it keeps any type aligned. */
#define ARENA_ALIGNMENT 16u
#define ARENA_FIRST_BLOCK 2048u
#define ARENA_LARGEST_BLOCK 65536u

/* Starts every block; the first block also holds the arena after it. */
typedef struct arena_block {
  struct arena_block *previous;
  size_t size;
} arena_block;

struct memory_arena {
  jrx_allocator allocator; /* user_data: the arena */
  const jrx_allocator *parent;
  arena_block *blocks; /* the newest; each links to the one before */
  unsigned char *next; /* free space in the newest block */
  size_t left;
};

static size_t arena_round(size_t size) {
  return (size + ARENA_ALIGNMENT - 1) & ~(size_t)(ARENA_ALIGNMENT - 1);
}

#define ARENA_BLOCK_HEADER arena_round(sizeof(arena_block))

/* A block of at least size bytes after its header, linked in; NULL when
 * the parent fails. */
static arena_block *arena_add_block(memory_arena *arena, size_t size) {
  size_t block_size = arena->blocks == NULL ? ARENA_FIRST_BLOCK : 2 * arena->blocks->size;
  if (block_size > ARENA_LARGEST_BLOCK) {
    block_size = ARENA_LARGEST_BLOCK;
  }
  if (block_size < size) {
    block_size = size;
  }
  if (block_size > SIZE_MAX - ARENA_BLOCK_HEADER) {
    return NULL;
  }
  arena_block *block = memory_allocate(arena->parent, ARENA_BLOCK_HEADER + block_size);
  if (block == NULL) {
    return NULL;
  }
  block->previous = arena->blocks;
  block->size = block_size;
  arena->blocks = block;
  arena->next = (unsigned char *)block + ARENA_BLOCK_HEADER;
  arena->left = block_size;
  return block;
}

static void *arena_malloc(size_t size, void *user_data) {
  memory_arena *arena = user_data;
  if (size > SIZE_MAX - ARENA_ALIGNMENT) {
    return NULL;
  }
  size = arena_round(size);
  if (size > arena->left && arena_add_block(arena, size) == NULL) {
    return NULL;
  }
  void *pointer = arena->next;
  arena->next += size;
  arena->left -= size;
  return pointer;
}

static void arena_free(void *pointer, void *user_data) {
  (void)pointer;
  (void)user_data;
}

memory_arena *memory_arena_create(const jrx_allocator *parent) {
  memory_arena staged = {{arena_malloc, arena_free, NULL}, parent, NULL, NULL, 0};
  if (arena_add_block(&staged, arena_round(sizeof staged)) == NULL) {
    return NULL;
  }
  memory_arena *arena = (memory_arena *)(void *)staged.next;
  *arena = staged;
  arena->allocator.user_data = arena;
  arena->next += arena_round(sizeof *arena);
  arena->left -= arena_round(sizeof *arena);
  return arena;
}

const jrx_allocator *memory_arena_allocator(memory_arena *arena) {
  return &arena->allocator;
}

const jrx_allocator *memory_backing_allocator(const jrx_allocator *allocator) {
  return allocator->malloc == arena_malloc ? ((const memory_arena *)allocator->user_data)->parent
                                           : allocator;
}

void memory_arena_destroy(memory_arena *arena) {
  if (arena == NULL) {
    return;
  }
  const jrx_allocator *parent = arena->parent;
  arena_block *block = arena->blocks; /* the arena itself lives in the oldest */
  while (block != NULL) {
    arena_block *previous = block->previous;
    memory_free(parent, block);
    block = previous;
  }
}
