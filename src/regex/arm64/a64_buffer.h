/* a64_buffer: a growable array of instruction words (allocated through
 * the buffer's jrx_allocator, like everything it owns), with the labels
 * and pending branch fixups that refer into it, and a sticky error: the
 * first failure (allocation, bad operand, displacement out of range) is
 * kept, later emits do nothing, and callers check once at the end. */
#ifndef JRX_A64_BUFFER_H
#define JRX_A64_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jrx.h"

typedef struct a64_label_slot a64_label_slot;
typedef struct a64_fixup a64_fixup;

typedef struct a64_buffer {
  const jrx_allocator *allocator; /* of the three arrays */
  uint32_t *words;
  size_t word_count;
  size_t word_capacity;
  a64_label_slot *labels; /* owned; managed by a64_label.c */
  size_t label_count;
  size_t label_capacity;
  a64_fixup *fixups; /* owned; managed by a64_label.c */
  size_t fixup_count;
  size_t fixup_capacity;
  size_t pending_fixups; /* references to labels not bound yet */
  int error;             /* 0 or the first JRX_ERROR_* code */
} a64_buffer;

void a64_buffer_init(a64_buffer *buffer, const jrx_allocator *allocator);

/* Frees everything the buffer owns and leaves it empty and usable. */
void a64_buffer_release(a64_buffer *buffer);

/* 0 or the first error recorded. */
int a64_buffer_error(const a64_buffer *buffer);

/* Ends assembly: returns the first error recorded, or JRX_ERROR_INTERNAL if
 * a branch still refers to a label that was never bound, else 0. */
int a64_buffer_finish(a64_buffer *buffer);

/* The words emitted so far and their count; NULL (count 0) unless
 * a64_buffer_finish would succeed, so callers never see unpatched words. */
const uint32_t *a64_buffer_words(const a64_buffer *buffer, size_t *count);

/* Number of words emitted so far: where the next instruction will go. */
size_t a64_buffer_position(const a64_buffer *buffer);

/* Appends one word unless an error was recorded earlier. */
void a64_emit(a64_buffer *buffer, uint32_t word);

/* Records error unless an earlier one is recorded already. */
void a64_fail(a64_buffer *buffer, int error);

/* Records JRX_ERROR_INTERNAL when operands_valid is false (an operand that
 * the instruction cannot encode: a caller bug, never truncated) and
 * returns operands_valid, so emitters write
 * `if (!a64_require(buffer, ...)) return;`. */
bool a64_require(a64_buffer *buffer, bool operands_valid);

/* Grows *items (of item_size bytes each, *capacity of them) to hold at
 * least needed; on failure records JRX_ERROR_NOMEMORY, leaves the array as
 * it was and returns false. */
bool a64_buffer_reserve(a64_buffer *buffer, void **items, size_t *capacity, size_t needed,
                        size_t item_size);

#endif
