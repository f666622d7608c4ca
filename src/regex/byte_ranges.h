/* byte_ranges: the bytes a loop stays on (a word's letters, a field's
 * characters) tested 16 at a time, so that the scan to the end of a run
 * ends on one branch a block, taken at almost every block of text, where
 * a byte loop ends on a branch that depends on the run's length. x86-64
 * mispredicts that branch once a word or so (cachegrind's branch model:
 * 126K of word-pair/sherlock's 349K conditional mispredicts a pass were
 * the one-pass DFA's word loops, 10K with the blocks), and a mispredict
 * costs what some twenty instructions do. With SSE2 a set qualifies when
 * it, or its complement, is at most BYTE_RANGES_MAX intervals (\w is
 * four, \s two, \S two): each interval is a subtraction and an unsigned
 * compare a block. Without SSE2 (the arm64 build, whose generated loops
 * do their own scans) byte_ranges_find_leaving scans nothing: its
 * callers' byte loops stay as they were there.
 * Invariant: count == 0 or the intervals name exactly the set (flip 0:
 * its complement); count is even, an odd count's last interval repeated,
 * so that a block test is two intervals or four with no test of its own. */
#ifndef JRX_BYTE_RANGES_H
#define JRX_BYTE_RANGES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define BYTE_RANGES_MAX 4u
#define BYTE_RANGES_BLOCK 16u

typedef struct byte_ranges {
  /* Interval i is low[i][0] .. low[i][0] + width[i][0], each byte
   * repeated over the block for the vector compares. */
  uint8_t low[BYTE_RANGES_MAX][BYTE_RANGES_BLOCK];
  uint8_t width[BYTE_RANGES_MAX][BYTE_RANGES_BLOCK];
  uint32_t count; /* 0 (no block test), 2 or 4 */
  uint32_t flip;  /* 0xffff: the intervals hold the set's bytes; 0: the others */
} byte_ranges;

/* The intervals of the set whose byte b is in it when stays[b] != 0, or
 * of its complement when those are fewer, or count 0 when neither is
 * few enough. */
void byte_ranges_of(const uint8_t stays[256], byte_ranges *ranges);

#ifdef __SSE2__
static inline __m128i byte_ranges_inside(const byte_ranges *ranges, unsigned i, __m128i block) {
  /* In the interval when byte - low <= width, unsigned: max(x, width) == width. */
  __m128i width = _mm_loadu_si128((const __m128i *)(const void *)ranges->width[i]);
  __m128i offset =
      _mm_sub_epi8(block, _mm_loadu_si128((const __m128i *)(const void *)ranges->low[i]));
  return _mm_cmpeq_epi8(_mm_max_epu8(offset, width), width);
}

/* Bit i set when byte i of the block at `at` leaves the set. */
static inline unsigned byte_ranges_block_leaving(const byte_ranges *ranges,
                                                 const unsigned char *at) {
  __m128i block = _mm_loadu_si128((const __m128i *)(const void *)at);
  __m128i inside =
      _mm_or_si128(byte_ranges_inside(ranges, 0, block), byte_ranges_inside(ranges, 1, block));
  if (ranges->count > 2) {
    inside = _mm_or_si128(inside, _mm_or_si128(byte_ranges_inside(ranges, 2, block),
                                               byte_ranges_inside(ranges, 3, block)));
  }
  return (unsigned)_mm_movemask_epi8(inside) ^ ranges->flip;
}
#endif

/* Moves *position over the whole blocks before limit whose bytes all stay
 * in the set; returns 1 when it stopped at a byte that leaves, 0 when it
 * stopped with fewer than a block's bytes left before limit (or with
 * count 0, where it does not move), for the caller's byte loop to go on.
 * Reads only [*position, limit). */
static inline __attribute__((always_inline)) int byte_ranges_find_leaving(
    const byte_ranges *ranges, const unsigned char *subject, size_t *position, size_t limit) {
#ifdef __SSE2__
  if (ranges->count != 0) {
    for (size_t at = *position; limit - at >= BYTE_RANGES_BLOCK; at += BYTE_RANGES_BLOCK) {
      unsigned leaving = byte_ranges_block_leaving(ranges, subject + at);
      if (leaving != 0) {
        *position = at + (size_t)__builtin_ctz(leaving);
        return 1;
      }
      *position = at + BYTE_RANGES_BLOCK;
    }
  }
#else
  (void)ranges;
  (void)subject;
  (void)position;
  (void)limit;
#endif
  return 0;
}

#endif
