/* a64_buffer: storage and the sticky error. Every array the buffer owns
 * grows through a64_buffer_reserve and is freed only by
 * a64_buffer_release. */
#include "a64_buffer.h"

#include <string.h>

#include "jrx.h"
#include "memory.h"

#define A64_BUFFER_INITIAL_CAPACITY 64u

void a64_buffer_init(a64_buffer *buffer, const jrx_allocator *allocator) {
  memset(buffer, 0, sizeof(*buffer));
  buffer->allocator = allocator;
}

void a64_buffer_release(a64_buffer *buffer) {
  memory_free(buffer->allocator, buffer->words);
  memory_free(buffer->allocator, buffer->labels);
  memory_free(buffer->allocator, buffer->fixups);
  a64_buffer_init(buffer, buffer->allocator);
}

int a64_buffer_error(const a64_buffer *buffer) {
  return buffer->error;
}

int a64_buffer_finish(a64_buffer *buffer) {
  if (buffer->error == 0 && buffer->pending_fixups != 0) {
    a64_fail(buffer, JRX_ERROR_INTERNAL);
  }
  return buffer->error;
}

const uint32_t *a64_buffer_words(const a64_buffer *buffer, size_t *count) {
  if (buffer->error != 0 || buffer->pending_fixups != 0) {
    *count = 0;
    return NULL;
  }
  *count = buffer->word_count;
  return buffer->words;
}

size_t a64_buffer_position(const a64_buffer *buffer) {
  return buffer->word_count;
}

void a64_fail(a64_buffer *buffer, int error) {
  if (buffer->error == 0) {
    buffer->error = error;
  }
}

bool a64_require(a64_buffer *buffer, bool operands_valid) {
  if (!operands_valid) {
    a64_fail(buffer, JRX_ERROR_INTERNAL);
  }
  return operands_valid;
}

bool a64_buffer_reserve(a64_buffer *buffer, void **items, size_t *capacity, size_t needed,
                        size_t item_size) {
  if (!memory_grow_array(buffer->allocator, items, capacity, needed, item_size,
                         A64_BUFFER_INITIAL_CAPACITY)) {
    a64_fail(buffer, JRX_ERROR_NOMEMORY);
    return false;
  }
  return true;
}

void a64_emit(a64_buffer *buffer, uint32_t word) {
  if (buffer->error != 0) {
    return;
  }
  void *words = buffer->words;
  if (!a64_buffer_reserve(buffer, &words, &buffer->word_capacity, buffer->word_count + 1,
                          sizeof(uint32_t))) {
    return;
  }
  buffer->words = words;
  buffer->words[buffer->word_count++] = word;
}
