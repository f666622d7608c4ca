/* substring_kernel: the vector search written once over the simd_*
 * operations; each substring_<level>.c includes its level's simd header,
 * defines SUBSTRING_KERNEL (the function's name) and SUBSTRING_SHORT (the
 * narrower kernel for haystacks shorter than one vector), then includes
 * this file. A block tests SIMD_BYTES consecutive candidates: it loads
 * the vectors at the rare offsets from the first of them, so it reads up
 * to the last candidate plus the needle, never beyond. */
#include <stdbool.h>
#include <stdint.h>

#include "literal_set.h"
#include "substring.h"

/* What a block compares: the rarest byte alone, or both rare bytes. */
typedef enum block_test { TEST_RAREST, TEST_PAIR } block_test;

/* The lanes (candidates) of the block starting at candidate that pass
 * the test, as a compare result. test and folded are constants in each
 * copy of the loop, so exact needles skip the ORs. */
static inline __attribute__((always_inline)) simd_vector
block_hits(const substring_searcher *searcher, const unsigned char *candidate,
           const simd_vector bytes[2], const simd_vector folds[2], block_test test, bool folded) {
  size_t rarest = searcher->rarest;
  simd_vector first = simd_load(candidate + searcher->rare_offsets[rarest]);
  if (folded) {
    first = simd_or(first, folds[rarest]);
  }
  simd_vector hits = simd_equal(first, bytes[rarest]);
  if (test == TEST_PAIR) {
    simd_vector second = simd_load(candidate + searcher->rare_offsets[1 - rarest]);
    if (folded) {
      second = simd_or(second, folds[1 - rarest]);
    }
    hits = simd_and(hits, simd_equal(second, bytes[1 - rarest]));
  }
  return hits;
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

/* How a scan of blocks ended. */
typedef enum scan_end { SCAN_FOUND, SCAN_NONE, SCAN_TOO_MANY_CANDIDATES } scan_end;

/* Whether a scan with test should go on after candidates false ones over
 * advanced bytes: the rarest byte alone while they stay 256 bytes apart
 * (then it is twice as fast as the pair), the pair while they pay. */
static inline bool keep_testing(block_test test, size_t candidates, size_t advanced) {
  if (test == TEST_RAREST) {
    return candidates < 16 || advanced / 256 >= candidates;
  }
  return substring_candidates_pay(candidates, advanced);
}

/* The blocks from *block on: two a step while they fit (one test for
 * both), then single blocks, then the last block, which overlaps the one
 * before it. Stores the occurrence in *found, or where checking stopped
 * in *block. */
static inline __attribute__((always_inline)) scan_end
scan_blocks(const substring_searcher *searcher, const unsigned char *haystack, size_t length,
            size_t from, bool may_stop, block_test test, bool folded, size_t *block_at,
            size_t *found) {
  const simd_vector bytes[2] = {simd_splat(searcher->rare_bytes[0]),
                                simd_splat(searcher->rare_bytes[1])};
  const simd_vector folds[2] = {simd_splat(searcher->rare_folds[0]),
                                simd_splat(searcher->rare_folds[1])};
  size_t last = length - searcher->length;   /* the last candidate */
  size_t last_block = last - SIMD_BYTES + 1; /* whose lanes end at it */
  size_t candidates = 0;
  size_t block = *block_at;
  while (block <= last_block) {
    uint64_t lanes;
    if (last_block - block >= SIMD_BYTES) {
      simd_vector first = block_hits(searcher, haystack + block, bytes, folds, test, folded);
      simd_vector second =
          block_hits(searcher, haystack + block + SIMD_BYTES, bytes, folds, test, folded);
      if (simd_lane_mask(simd_or(first, second)) == 0) {
        block += 2 * SIMD_BYTES;
        continue;
      }
      lanes = simd_lane_mask(first);
      if (lanes == 0) {
        block += SIMD_BYTES;
        lanes = simd_lane_mask(second);
      }
    } else {
      lanes = simd_lane_mask(block_hits(searcher, haystack + block, bytes, folds, test, folded));
    }
    if (lanes != 0) {
      *found = verify_lanes(searcher, haystack, block, lanes, &candidates);
      if (*found != SIZE_MAX) {
        return SCAN_FOUND;
      }
      if ((may_stop || test == TEST_RAREST) && !keep_testing(test, candidates, block - from)) {
        *block_at = block + SIMD_BYTES;
        return SCAN_TOO_MANY_CANDIDATES;
      }
    }
    block += SIMD_BYTES;
  }
  *found = SIZE_MAX;
  if (block <= last) {
    uint64_t lanes =
        simd_lane_mask(block_hits(searcher, haystack + last_block, bytes, folds, test, folded));
    lanes &= ~((UINT64_C(1) << ((block - last_block) << SIMD_LANE_SHIFT)) - 1);
    *found = verify_lanes(searcher, haystack, last_block, lanes, &candidates);
  }
  return *found != SIZE_MAX ? SCAN_FOUND : SCAN_NONE;
}

/* The rarest byte alone first, the pair once that byte proves common,
 * two-way (the caller) once the pair does too. */
static inline __attribute__((always_inline)) size_t
search(const substring_searcher *searcher, const unsigned char *haystack, size_t length,
       size_t from, bool may_stop, size_t *stopped, bool folded) {
  size_t block = from;
  size_t found;
  if (searcher->rarest_alone &&
      scan_blocks(searcher, haystack, length, from, may_stop, TEST_RAREST, folded, &block,
                  &found) != SCAN_TOO_MANY_CANDIDATES) {
    return found;
  }
  if (block > length - searcher->length) {
    return SIZE_MAX;
  }
  if (scan_blocks(searcher, haystack, length, block, may_stop, TEST_PAIR, folded, &block,
                  &found) == SCAN_TOO_MANY_CANDIDATES) {
    *stopped = block;
  }
  return found;
}

/* On x86-64 the kernel starts a 64-byte line, so its loops keep their
 * place in the lines whatever code is linked before it: unrelated changes
 * elsewhere moved the never-matching literal rows 4.0x -> 3.4x PCRE2-JIT. */
#if defined(__x86_64__)
#define SUBSTRING_KERNEL_ALIGNED __attribute__((aligned(64)))
#else
#define SUBSTRING_KERNEL_ALIGNED
#endif

SUBSTRING_KERNEL_ALIGNED size_t SUBSTRING_KERNEL(const substring_searcher *searcher,
                                                  const unsigned char *haystack, size_t length,
                                                  size_t from, bool may_stop, size_t *stopped) {
  size_t needle = searcher->length;
  *stopped = SIZE_MAX;
  if (length < needle || from > length - needle) {
    return SIZE_MAX;
  }
  if (length - needle - from + 1 < SIMD_BYTES) {
    return SUBSTRING_SHORT(searcher, haystack, length, from, may_stop, stopped);
  }
  if ((searcher->rare_folds[0] | searcher->rare_folds[1]) != 0) {
    return search(searcher, haystack, length, from, may_stop, stopped, true);
  }
  return search(searcher, haystack, length, from, may_stop, stopped, false);
}
