/* byte_pair_kernel: the pair search written once over the simd_*
 * operations; each byte_pair_<level>.c includes its level's simd header,
 * defines BYTE_PAIR_KERNEL (the function's name) and BYTE_PAIR_SHORT
 * (the kernel for spans of fewer positions than a vector holds), then
 * includes this file. A block tests SIMD_BYTES consecutive positions; the
 * last block overlaps the one before it, so nothing past the last
 * position's bytes is read. */
#include <stdint.h>

#include "byte_pair.h"

/* The lanes whose byte is one of the set's count splatted needles;
 * count is 1..BYTE_PAIR_MAX_BYTES. */
static inline __attribute__((always_inline)) simd_vector
set_hits(simd_vector block, const simd_vector needles[BYTE_PAIR_MAX_BYTES], uint32_t count) {
  simd_vector hits = simd_equal(block, needles[0]);
  for (uint32_t i = 1; i < count; i++) {
    hits = simd_or(hits, simd_equal(block, needles[i]));
  }
  return hits;
}

size_t BYTE_PAIR_KERNEL(const byte_pair *pair, const unsigned char *subject, size_t from,
                        size_t last) {
  if (from > last || last == SIZE_MAX) {
    return SIZE_MAX;
  }
  if (last - from + 1 < SIMD_BYTES) {
    return BYTE_PAIR_SHORT(pair, subject, from, last);
  }
  simd_vector needles[2][BYTE_PAIR_MAX_BYTES];
  for (unsigned k = 0; k < 2; k++) {
    for (uint32_t i = 0; i < pair->counts[k]; i++) {
      needles[k][i] = simd_splat(pair->bytes[k][i]);
    }
  }
  const unsigned char *first = subject + pair->offsets[0];
  const unsigned char *second = subject + pair->offsets[1];
  uint32_t first_count = pair->counts[0];
  uint32_t second_count = pair->counts[1];
  size_t last_block = last - SIMD_BYTES + 1; /* whose lanes end at last */
  size_t block = from;
  for (; block <= last_block; block += SIMD_BYTES) {
    simd_vector hits = set_hits(simd_load(first + block), needles[0], first_count);
    hits = simd_and(hits, set_hits(simd_load(second + block), needles[1], second_count));
    uint64_t lanes = simd_lane_mask(hits);
    if (lanes != 0) {
      return block + ((size_t)__builtin_ctzll(lanes) >> SIMD_LANE_SHIFT);
    }
  }
  if (block <= last) {
    simd_vector hits = set_hits(simd_load(first + last_block), needles[0], first_count);
    hits = simd_and(hits, set_hits(simd_load(second + last_block), needles[1], second_count));
    uint64_t lanes = simd_lane_mask(hits);
    lanes &= ~((UINT64_C(1) << ((block - last_block) << SIMD_LANE_SHIFT)) - 1);
    if (lanes != 0) {
      return last_block + ((size_t)__builtin_ctzll(lanes) >> SIMD_LANE_SHIFT);
    }
  }
  return SIZE_MAX;
}
