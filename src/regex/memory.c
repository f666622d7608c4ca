/* memory: overflow-checked allocation through a jrx_allocator. Growing is
 * allocate-copy-free because a user allocator, like PCRE2's, has no
 * realloc; arrays double, so the copying stays linear overall. */
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
