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

/* The rare bytes a block compares, the rarest first: their offsets in
 * the needle and their bytes and folds in every lane. Made once a scan,
 * with the order resolved, so that the loops index nothing at run time
 * (an index kept the vectors on the stack, reloaded every block). */
typedef struct block_probes {
  size_t offsets[2];
  simd_vector bytes[2];
  simd_vector folds[2];
} block_probes;

static inline __attribute__((always_inline)) block_probes
probes_of(const substring_searcher *searcher) {
  size_t rarest = searcher->rarest;
  block_probes probes;
  for (size_t k = 0; k < 2; k++) {
    size_t which = k == 0 ? rarest : 1 - rarest;
    probes.offsets[k] = searcher->rare_offsets[which];
    probes.bytes[k] = simd_splat(searcher->rare_bytes[which]);
    probes.folds[k] = simd_splat(searcher->rare_folds[which]);
  }
  return probes;
}

/* The lanes (candidates) of the block starting at candidate that pass
 * the test, as a compare result. test and folded are constants in each
 * copy of the loop, so exact needles skip the ORs. */
static inline __attribute__((always_inline)) simd_vector
block_hits(const block_probes *probes, const unsigned char *candidate, block_test test,
           bool folded) {
  simd_vector first = simd_load(candidate + probes->offsets[0]);
  if (folded) {
    first = simd_or(first, probes->folds[0]);
  }
  simd_vector hits = simd_equal(first, probes->bytes[0]);
  if (test == TEST_PAIR) {
    simd_vector second = simd_load(candidate + probes->offsets[1]);
    if (folded) {
      second = simd_or(second, probes->folds[1]);
    }
    hits = simd_and(hits, simd_equal(second, probes->bytes[1]));
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

/* The first pair of blocks from block on, two a step while both fit
 * (last_pair: the last block a pair starts at), in which a lane passes:
 * its first block, with both blocks' hits in *first and *second; or the
 * first block beyond last_pair. A loop of its own with the rare bytes'
 * addresses in registers: inside scan_blocks, the compiler kept them and
 * the loop's bound on the stack and laid the no-hit path out of line
 * (three taken branches and three reloads a step). */
static inline __attribute__((always_inline)) size_t
quiet_pairs_end(const block_probes *probes, const unsigned char *haystack, size_t block,
                size_t last_pair, block_test test, bool folded, simd_vector *first,
                simd_vector *second) {
  for (; block <= last_pair; block += 2 * SIMD_BYTES) {
    *first = block_hits(probes, haystack + block, test, folded);
    *second = block_hits(probes, haystack + block + SIMD_BYTES, test, folded);
    if (__builtin_expect(simd_lane_mask(simd_or(*first, *second)) != 0, 0)) {
      break;
    }
  }
  return block;
}

/* The blocks from *block on: two a step while they fit (one test for
 * both), then single blocks, then the last block, which overlaps the one
 * before it. Stores the occurrence in *found, or where checking stopped
 * in *block. */
static inline __attribute__((always_inline)) scan_end
scan_blocks(const substring_searcher *searcher, const unsigned char *haystack, size_t length,
            size_t from, bool may_stop, block_test test, bool folded, size_t *block_at,
            size_t *found) {
  const block_probes probes = probes_of(searcher);
  size_t last = length - searcher->length;   /* the last candidate */
  size_t last_block = last - SIMD_BYTES + 1; /* whose lanes end at it */
  /* The last block a pair starts at; none when last_block < SIMD_BYTES
   * (SIZE_MAX then, and pairs are tested only when block <= last_block
   * - SIMD_BYTES, which no block is). */
  size_t last_pair = last_block - SIMD_BYTES;
  bool pairs = last_block >= SIMD_BYTES;
  size_t candidates = 0;
  size_t block = *block_at;
  while (block <= last_block) {
    uint64_t lanes;
    if (pairs && block <= last_pair) {
      simd_vector first;
      simd_vector second;
      block = quiet_pairs_end(&probes, haystack, block, last_pair, test, folded, &first, &second);
      if (block > last_pair) {
        continue;
      }
      lanes = simd_lane_mask(first);
      if (lanes == 0) {
        block += SIMD_BYTES;
        lanes = simd_lane_mask(second);
      }
    } else {
      lanes = simd_lane_mask(block_hits(&probes, haystack + block, test, folded));
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
    uint64_t lanes = simd_lane_mask(block_hits(&probes, haystack + last_block, test, folded));
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

/* The search of more than SIMD_BYTES candidates but no more than twice
 * that (a short subject, the usual jrx_match call): the block at from and
 * the last block, which overlaps it, each tested for the pair and its
 * lanes verified in order, with none of the loops' set-up and no giving
 * up (so few candidates never stop paying). 20-byte subjects and `the`,
 * caseless: 142 x86-64 instructions a call in the loops. */
static inline __attribute__((always_inline)) size_t
two_blocks(const substring_searcher *searcher, const unsigned char *haystack, size_t length,
           size_t from, bool folded) {
  const block_probes probes = probes_of(searcher);
  size_t candidates = 0;
  uint64_t lanes = simd_lane_mask(block_hits(&probes, haystack + from, TEST_PAIR, folded));
  size_t found = verify_lanes(searcher, haystack, from, lanes, &candidates);
  if (found != SIZE_MAX) {
    return found;
  }
  /* Its lanes before from + SIMD_BYTES were the first block's: fewer
   * than SIMD_BYTES of them. */
  size_t last_block = length - searcher->length - SIMD_BYTES + 1;
  lanes = simd_lane_mask(block_hits(&probes, haystack + last_block, TEST_PAIR, folded));
  lanes &= ~((UINT64_C(1) << ((from + SIMD_BYTES - last_block) << SIMD_LANE_SHIFT)) - 1);
  return verify_lanes(searcher, haystack, last_block, lanes, &candidates);
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
  size_t candidates = length - needle - from + 1;
  if (candidates < SIMD_BYTES) {
    return SUBSTRING_SHORT(searcher, haystack, length, from, may_stop, stopped);
  }
  bool folded = (searcher->rare_folds[0] | searcher->rare_folds[1]) != 0;
  if (candidates > SIMD_BYTES && candidates <= 2 * SIMD_BYTES) {
    return folded ? two_blocks(searcher, haystack, length, from, true)
                  : two_blocks(searcher, haystack, length, from, false);
  }
  if (folded) {
    return search(searcher, haystack, length, from, may_stop, stopped, true);
  }
  return search(searcher, haystack, length, from, may_stop, stopped, false);
}
