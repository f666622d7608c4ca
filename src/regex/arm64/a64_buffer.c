/* a64_buffer: storage and the sticky error. Every array the buffer owns
 * grows through a64_buffer_reserve and is freed only by
 * a64_buffer_release. */
#include "a64_buffer.h"

#include <stdlib.h>
#include <string.h>

#include "jrx.h"

#define A64_BUFFER_INITIAL_CAPACITY 64u

void a64_buffer_init(a64_buffer *buffer) {
  memset(buffer, 0, sizeof(*buffer));
}

void a64_buffer_release(a64_buffer *buffer) {
  free(buffer->words);
  free(buffer->labels);
  free(buffer->fixups);
  a64_buffer_init(buffer);
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
  if (needed <= *capacity) {
    return true;
  }
  size_t new_capacity = *capacity != 0 ? *capacity : A64_BUFFER_INITIAL_CAPACITY;
  while (new_capacity < needed) {
    if (new_capacity > SIZE_MAX / 2) {
      a64_fail(buffer, JRX_ERROR_NOMEMORY);
      return false;
    }
    new_capacity *= 2;
  }
  if (new_capacity > SIZE_MAX / item_size) {
    a64_fail(buffer, JRX_ERROR_NOMEMORY);
    return false;
  }
  void *grown = realloc(*items, new_capacity * item_size);
  if (grown == NULL) {
    a64_fail(buffer, JRX_ERROR_NOMEMORY);
    return false;
  }
  *items = grown;
  *capacity = new_capacity;
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
