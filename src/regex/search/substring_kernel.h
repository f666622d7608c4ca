/* substring_kernel: the pair search written once over the simd_* vector
 * operations; each substring_<level>.c includes its level's simd header,
 * defines SUBSTRING_KERNEL (the function's name) and SUBSTRING_SHORT (the
 * narrower kernel for haystacks shorter than one vector), then includes
 * this file. A block tests SIMD_BYTES consecutive candidates: it loads
 * the vectors at each rare offset from the first of them, so it reads
 * up to the last candidate plus the needle, never beyond. */
#include <stdint.h>

#include "literal_set.h"
#include "substring.h"

/* Lanes (candidates) of the block starting at candidate whose rare pair
 * agrees, as simd_lane_mask bits. */
static inline uint64_t pair_lanes(const unsigned char *candidate, const size_t offsets[2],
                                  const simd_vector bytes[2], const simd_vector folds[2]) {
  simd_vector first = simd_or(simd_load(candidate + offsets[0]), folds[0]);
  simd_vector second = simd_or(simd_load(candidate + offsets[1]), folds[1]);
  return simd_lane_mask(simd_and(simd_equal(first, bytes[0]), simd_equal(second, bytes[1])));
}

/* Verifies the candidates of lanes in order; the first occurrence, or
 * SIZE_MAX after adding the failures to *candidates. */
static inline size_t verify_lanes(const substring_searcher *searcher,
                                  const unsigned char *haystack, size_t block, uint64_t lanes,
                                  size_t *candidates) {
  while (lanes != 0) {
    size_t candidate = block + ((size_t)__builtin_ctzll(lanes) >> SIMD_LANE_SHIFT);
    if (literal_matches_at(haystack + candidate, searcher->bytes, searcher->folds,
                           searcher->length)) {
      return candidate;
    }
    (*candidates)++;
    lanes &= lanes - 1;
  }
  return SIZE_MAX;
}

size_t SUBSTRING_KERNEL(const substring_searcher *searcher, const unsigned char *haystack,
                        size_t length, size_t from, bool may_stop, size_t *stopped) {
  size_t needle = searcher->length;
  *stopped = SIZE_MAX;
  if (length < needle || from > length - needle) {
    return SIZE_MAX;
  }
  if (length - needle - from + 1 < SIMD_BYTES) {
    return SUBSTRING_SHORT(searcher, haystack, length, from, may_stop, stopped);
  }
  const simd_vector bytes[2] = {simd_splat(searcher->rare_bytes[0]),
                                simd_splat(searcher->rare_bytes[1])};
  const simd_vector folds[2] = {simd_splat(searcher->rare_folds[0]),
                                simd_splat(searcher->rare_folds[1])};
  const size_t *offsets = searcher->rare_offsets;
  size_t last = length - needle;              /* the last candidate */
  size_t last_block = last - SIMD_BYTES + 1; /* whose lanes end at it */
  size_t candidates = 0;
  size_t block = from;
  for (; block <= last_block; block += SIMD_BYTES) {
    uint64_t lanes = pair_lanes(haystack + block, offsets, bytes, folds);
    if (lanes == 0) {
      continue;
    }
    size_t found = verify_lanes(searcher, haystack, block, lanes, &candidates);
    if (found != SIZE_MAX) {
      return found;
    }
    if (may_stop && !substring_candidates_pay(candidates, block - from)) {
      *stopped = block + SIMD_BYTES;
      return SIZE_MAX;
    }
  }
  if (block <= last) {
    /* The last block overlaps the one before: its first lanes were
     * tested already. */
    uint64_t lanes = pair_lanes(haystack + last_block, offsets, bytes, folds);
    lanes &= ~((UINT64_C(1) << ((block - last_block) << SIMD_LANE_SHIFT)) - 1);
    return verify_lanes(searcher, haystack, last_block, lanes, &candidates);
  }
  return SIZE_MAX;
}
