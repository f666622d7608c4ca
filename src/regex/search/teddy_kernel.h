/* teddy_kernel: the Teddy block search written once over the simd_*
 * operations; teddy_<level>.c defines TEDDY_KERNEL and TEDDY_SHORT (for
 * haystacks shorter than a block), and TEDDY_COMPARES where teddy_init
 * may set teddy.compared, and includes it. A block covers SIMD_BYTES
 * candidates and loads from each of them up to the fingerprint's last
 * byte (the compared bytes' last, when compared), never past the
 * haystack. */
#include <stdint.h>

#include "substring.h"
#include "teddy.h"

/* The fingerprint's vectors: nibble tables, or the compared literals'
 * bytes, folds and bucket bits (teddy.compared). */
typedef struct teddy_tables {
  simd_vector low[TEDDY_MAX_FINGERPRINT];
  simd_vector high[TEDDY_MAX_FINGERPRINT];
  simd_vector values[TEDDY_MAX_COMPARED][TEDDY_COMPARED_BYTES];
  simd_vector folds[TEDDY_MAX_COMPARED][TEDDY_COMPARED_BYTES];
  simd_vector bits[TEDDY_MAX_COMPARED];
} teddy_tables;

/* Bucket bits of the block's candidates, one byte a lane: by the nibble
 * tables of the first fingerprint bytes, or, when compared is not 0, by
 * the compares of the first fingerprint (TEDDY_COMPARED_BYTES) bytes of
 * each of the compared literals. */
static inline __attribute__((always_inline)) simd_vector
block_buckets(const unsigned char *block, uint32_t fingerprint, const teddy_tables *tables,
              const uint32_t compared) {
  if (compared != 0) {
    simd_vector bytes[TEDDY_COMPARED_BYTES];
    for (uint32_t t = 0; t < fingerprint; t++) {
      bytes[t] = simd_load(block + t);
    }
    simd_vector buckets = simd_zero();
    for (uint32_t l = 0; l < compared; l++) {
      simd_vector all = simd_splat(0xff);
      for (uint32_t t = 0; t < fingerprint; t++) {
        all = simd_and(all, simd_equal(simd_or(bytes[t], tables->folds[l][t]),
                                       tables->values[l][t]));
      }
      buckets = simd_or(buckets, simd_and(all, tables->bits[l]));
    }
    return buckets;
  }
  simd_vector buckets = simd_splat(0xff);
  for (uint32_t t = 0; t < fingerprint; t++) {
    simd_vector bytes = simd_load(block + t);
    buckets = simd_and(buckets, simd_and(simd_lookup(tables->low[t], simd_low_nibbles(bytes)),
                                         simd_lookup(tables->high[t], simd_high_nibbles(bytes))));
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

static inline __attribute__((always_inline)) void load_tables(const teddy *searcher,
                                                              const uint32_t fingerprint,
                                                              const uint32_t compared,
                                                              teddy_tables *tables) {
  for (uint32_t l = 0; l < compared; l++) {
    for (uint32_t t = 0; t < fingerprint; t++) {
      tables->values[l][t] = simd_splat(searcher->compare_values[l][t]);
      tables->folds[l][t] = simd_splat(searcher->compare_folds[l][t]);
    }
    tables->bits[l] = simd_splat(searcher->compare_buckets[l]);
  }
  for (uint32_t t = 0; compared == 0 && t < fingerprint; t++) {
    tables->low[t] = simd_table(searcher->low_masks[t]);
    tables->high[t] = simd_table(searcher->high_masks[t]);
  }
}

/* The first block from block on, up to last_block, with a candidate: its
 * offset (past last_block: none), its buckets and lanes. No call in
 * here: the tables, loaded on entry, stay in registers. A loop that also
 * verified would keep them across the call on the stack and reload them
 * at every block. */
static inline __attribute__((always_inline)) size_t
next_candidate_block(const teddy *searcher, const unsigned char *haystack, size_t block,
                     size_t last_block, const uint32_t fingerprint, const uint32_t compared,
                     simd_vector *buckets, uint64_t *lanes) {
  teddy_tables tables;
  load_tables(searcher, fingerprint, compared, &tables);
  for (; block <= last_block; block += SIMD_BYTES) {
    simd_vector found = block_buckets(haystack + block, fingerprint, &tables, compared);
    if (simd_any_nonzero(found)) {
      *buckets = found;
      *lanes = simd_nonzero_lanes(found);
      return block;
    }
  }
  return block;
}

/* The search with fingerprint and compared known at compile time: each
 * kernel has one copy per fingerprint length (and one for compares), so
 * the loop over the looked-up bytes unrolls and the tables fit in
 * registers. */
static inline __attribute__((always_inline)) int
teddy_search(const teddy *searcher, const unsigned char *haystack, size_t length, size_t from,
             bool may_stop, size_t *start, size_t *end, size_t *stopped,
             const uint32_t fingerprint, const uint32_t compared) {
  size_t last = length - fingerprint; /* the last candidate with a whole fingerprint */
  size_t last_block = last - SIMD_BYTES + 1;
  size_t candidates = 0;
  size_t block = from;
  for (;;) {
    simd_vector buckets;
    uint64_t lanes;
    block = next_candidate_block(searcher, haystack, block, last_block, fingerprint, compared,
                                 &buckets, &lanes);
    if (block > last_block) {
      break;
    }
    if (verify_block(searcher, haystack, length, block, buckets, lanes, &candidates, start,
                     end)) {
      return 1;
    }
    block += SIMD_BYTES;
    if (may_stop && !substring_candidates_pay(candidates, block - SIMD_BYTES - from)) {
      *stopped = block;
      return 0;
    }
  }
  if (block > last) {
    return 0;
  }
  /* The last block overlaps the one before; its first lanes are done. */
  teddy_tables tables;
  load_tables(searcher, fingerprint, compared, &tables);
  simd_vector buckets = block_buckets(haystack + last_block, fingerprint, &tables, compared);
  uint64_t lanes = simd_nonzero_lanes(buckets);
  lanes &= ~((UINT64_C(1) << ((block - last_block) << SIMD_LANE_SHIFT)) - 1);
  return verify_block(searcher, haystack, length, last_block, buckets, lanes, &candidates, start,
                      end);
}

int TEDDY_KERNEL(const teddy *searcher, const unsigned char *haystack, size_t length,
                 size_t from, bool may_stop, size_t *start, size_t *end, size_t *stopped) {
  uint32_t fingerprint = searcher->fingerprint;
#ifdef TEDDY_COMPARES
  if (searcher->compared != 0) {
    fingerprint = TEDDY_COMPARED_BYTES; /* no literal is shorter */
  }
#endif
  *stopped = SIZE_MAX;
  if (length < fingerprint || from > length - fingerprint) {
    return 0;
  }
  if (length - fingerprint - from + 1 < SIMD_BYTES) {
    return TEDDY_SHORT(searcher, haystack, length, from, may_stop, start, end, stopped);
  }
#ifdef TEDDY_COMPARES
  if (searcher->compared != 0) {
    return teddy_search(searcher, haystack, length, from, may_stop, start, end, stopped,
                        TEDDY_COMPARED_BYTES, TEDDY_MAX_COMPARED);
  }
#endif
  switch (fingerprint) {
    case 1:
      return teddy_search(searcher, haystack, length, from, may_stop, start, end, stopped, 1, 0);
    case 2:
      return teddy_search(searcher, haystack, length, from, may_stop, start, end, stopped, 2, 0);
    default:
      return teddy_search(searcher, haystack, length, from, may_stop, start, end, stopped, 3, 0);
  }
}
