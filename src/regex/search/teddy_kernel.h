/* teddy_kernel: the Teddy block search written once over the simd_*
 * operations; teddy_<level>.c defines TEDDY_KERNEL and TEDDY_SHORT (for
 * haystacks shorter than a block) and includes it. A block covers
 * SIMD_BYTES candidates and loads from each of them up to the
 * fingerprint's last byte, never past the haystack. */
#include <stdint.h>

#include "substring.h"
#include "teddy.h"

/* Bucket bits of the block's candidates, one byte a lane. */
static inline simd_vector block_buckets(const unsigned char *block, uint32_t fingerprint,
                                        const simd_vector *low, const simd_vector *high) {
  simd_vector buckets = simd_splat(0xff);
  for (uint32_t t = 0; t < fingerprint; t++) {
    simd_vector bytes = simd_load(block + t);
    buckets = simd_and(buckets, simd_and(simd_lookup(low[t], simd_low_nibbles(bytes)),
                                         simd_lookup(high[t], simd_high_nibbles(bytes))));
  }
  return buckets;
}

/* Verifies the lanes in order: 1 with the first occurrence's bounds, or
 * 0 after counting the failures in *candidates. */
static inline int verify_block(const teddy *searcher, const unsigned char *haystack,
                               size_t length, size_t block, simd_vector buckets, uint64_t lanes,
                               size_t *candidates, size_t *start, size_t *end) {
  unsigned char bits[SIMD_BYTES];
  simd_store(bits, buckets);
  while (lanes != 0) {
    size_t lane = (size_t)__builtin_ctzll(lanes) >> SIMD_LANE_SHIFT;
    lanes &= lanes - 1;
    uint32_t literal = teddy_verify(searcher, haystack, length, block + lane, bits[lane]);
    if (literal != UINT32_MAX) {
      *start = block + lane;
      *end = block + lane + searcher->set->literals[literal].length;
      return 1;
    }
    (*candidates)++;
  }
  return 0;
}

int TEDDY_KERNEL(const teddy *searcher, const unsigned char *haystack, size_t length,
                 size_t from, bool may_stop, size_t *start, size_t *end, size_t *stopped) {
  uint32_t fingerprint = searcher->fingerprint;
  *stopped = SIZE_MAX;
  if (length < fingerprint || from > length - fingerprint) {
    return 0;
  }
  size_t last = length - fingerprint; /* the last candidate with a whole fingerprint */
  if (last - from + 1 < SIMD_BYTES) {
    return TEDDY_SHORT(searcher, haystack, length, from, may_stop, start, end, stopped);
  }
  simd_vector low[TEDDY_MAX_FINGERPRINT];
  simd_vector high[TEDDY_MAX_FINGERPRINT];
  for (uint32_t t = 0; t < fingerprint; t++) {
    low[t] = simd_table(searcher->low_masks[t]);
    high[t] = simd_table(searcher->high_masks[t]);
  }
  size_t last_block = last - SIMD_BYTES + 1;
  size_t candidates = 0;
  size_t block = from;
  for (; block <= last_block; block += SIMD_BYTES) {
    simd_vector buckets = block_buckets(haystack + block, fingerprint, low, high);
    uint64_t lanes = simd_nonzero_lanes(buckets);
    if (lanes == 0) {
      continue;
    }
    if (verify_block(searcher, haystack, length, block, buckets, lanes, &candidates, start,
                     end)) {
      return 1;
    }
    if (may_stop && !substring_candidates_pay(candidates, block - from)) {
      *stopped = block + SIMD_BYTES;
      return 0;
    }
  }
  if (block > last) {
    return 0;
  }
  /* The last block overlaps the one before; its first lanes are done. */
  simd_vector buckets = block_buckets(haystack + last_block, fingerprint, low, high);
  uint64_t lanes = simd_nonzero_lanes(buckets);
  lanes &= ~((UINT64_C(1) << ((block - last_block) << SIMD_LANE_SHIFT)) - 1);
  return verify_block(searcher, haystack, length, last_block, buckets, lanes, &candidates, start,
                      end);
}
