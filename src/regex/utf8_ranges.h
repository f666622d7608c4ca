/* utf8_ranges: turns a range of code points into the UTF-8 byte-range
 * sequences that match exactly the encodings of its code points (surrogates
 * excluded), as RE2 and Rust's utf8-ranges do, so that UTF-mode classes can
 * be compiled to byte automata. */
#ifndef JRX_UTF8_RANGES_H
#define JRX_UTF8_RANGES_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_RANGES_MAX_LENGTH 4

/* The bytes low..high (inclusive) at one position of a sequence. */
typedef struct utf8_byte_range {
  uint8_t low;
  uint8_t high;
} utf8_byte_range;

/* Receives one sequence of 1..UTF8_RANGES_MAX_LENGTH byte ranges; a
 * byte string of that length matches it if every byte lies in its range.
 * A nonzero return stops the split and is returned by utf8_ranges_split. */
typedef int (*utf8_ranges_emit)(void *context, const utf8_byte_range *sequence, size_t length);

/* Calls emit, in increasing code point order, with sequences that
 * together match exactly the UTF-8 encodings of the code points in
 * [low, high] other than surrogates. No byte string matches two of them,
 * and no two differ at a single position where their ranges touch (those
 * would have been emitted as one); the full range takes 9 sequences.
 * Returns 0, emit's nonzero return, or JRX_ERROR_INTERNAL if low > high or
 * high > 0x10ffff. A range of surrogates only emits nothing. */
int utf8_ranges_split(uint32_t low, uint32_t high, utf8_ranges_emit emit, void *context);

#endif
