/* teddy: a few literals at once (2 to 64), the fingerprint search of
 * Hyperscan and Rust's aho-corasick crate. The literals are spread over 8
 * buckets; for each of the first 1-3 bytes of a candidate, two 16-entry
 * tables give the buckets whose literals allow its low and its high
 * nibble there, looked up for a whole vector at once with a byte shuffle
 * (SSSE3 pshufb, AVX2, NEON tbl). A candidate all of whose looked-up
 * bytes agree on a bucket is verified against that bucket's literals.
 * Candidates come in position order, so the first verified one is the
 * leftmost, and there the literal listed first wins. Immutable once
 * made; shares the set, which must outlive it. */
#ifndef JRX_SEARCH_TEDDY_H
#define JRX_SEARCH_TEDDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "literal_set.h"
#include "simd_level.h"

#define TEDDY_MAX_LITERALS 64u
#define TEDDY_BUCKETS 8u
#define TEDDY_MAX_FINGERPRINT 3u
#define TEDDY_SCREEN_BYTES 4u
#define TEDDY_HASHED_ENTRIES 256u

/* Sets of at most TEDDY_MAX_COMPARED literals, none shorter than
 * TEDDY_COMPARED_BYTES, are searched with NEON by compares of those
 * leading bytes instead of nibble lookups (teddy.compared). */
#define TEDDY_MAX_COMPARED 2u
#define TEDDY_COMPARED_BYTES 4u

typedef struct teddy teddy;

/* A kernel: the leftmost-first occurrence at or after from: 1 with its
 * bounds, or 0. With may_stop it may give up when candidates come too
 * often, storing in *stopped where checking stopped (SIZE_MAX when it did
 * not). */
typedef int (*teddy_kernel)(const teddy *searcher, const unsigned char *haystack, size_t length,
                            size_t from, bool may_stop, size_t *start, size_t *end,
                            size_t *stopped);

struct teddy {
  const literal_set *set;
  uint32_t fingerprint; /* leading bytes looked up: the shortest literal's length, at most 3 */
  unsigned char low_masks[TEDDY_MAX_FINGERPRINT][16];
  unsigned char high_masks[TEDDY_MAX_FINGERPRINT][16];
  /* Each bucket's literals, by index (priority order). */
  uint32_t bucket_start[TEDDY_BUCKETS + 1];
  uint32_t bucket_literals[TEDDY_MAX_LITERALS];
  /* The buckets with a literal whose fingerprint bytes, each OR'ed with
   * 0x20, hash to the entry (teddy_verify). The nibble tables let through
   * many more byte strings than their literals begin with (every mix of
   * the nibbles of a bucket's literals): at one candidate in twelve bytes
   * of English, the bucket's literals compared cost most of the search.
   * This second look at the same bytes turns most of those candidates
   * away: a bucket of 8 literals fills about 8 of 256 entries. */
  unsigned char hashed_buckets[TEDDY_HASHED_ENTRIES];
  /* For each of bucket_literals, its first TEDDY_SCREEN_BYTES bytes as a
   * word (in memory order) and their folds: a candidate whose word OR'ed
   * with the folds differs from the value does not begin with that
   * literal. A candidate left by hashed_buckets still meets the bucket's
   * literals listed before the one that occurs, which fail, most in their
   * first bytes: one compare each costs a few instructions where a byte
   * loop cost thirty. Past the end of a shorter literal, value and folds
   * are 0xff: any byte passes. */
  uint32_t screen_values[TEDDY_MAX_LITERALS];
  uint32_t screen_folds[TEDDY_MAX_LITERALS];
  simd_level level;
  teddy_kernel kernel;
  /* NEON with a few literals: the kernel compares each literal's first
   * TEDDY_COMPARED_BYTES bytes, each byte OR'ed with its compare_folds
   * entry (LITERAL_FOLD where the literal folds a letter) against
   * compare_values, a match of all of them giving compare_buckets (the
   * literal's bucket bit). No table lookup (TBL, which qemu emulates by
   * a helper call) and a longer fingerprint: a few literals over text
   * of few letters (DNA) give the nibble tables a candidate in every 32
   * bytes or so. compared: the literals compared, 0 when the tables are
   * looked up. The tables are kept for the scalar checks. */
  uint32_t compared;
  unsigned char compare_values[TEDDY_MAX_COMPARED][TEDDY_COMPARED_BYTES];
  unsigned char compare_folds[TEDDY_MAX_COMPARED][TEDDY_COMPARED_BYTES];
  unsigned char compare_buckets[TEDDY_MAX_COMPARED];
};

/* Whether Teddy can search set at the current SIMD level. */
bool teddy_applies(const literal_set *set);

/* Prepares the search of set (teddy_applies must hold) for the kernel of
 * simd_level_current. */
void teddy_init(teddy *searcher, const literal_set *set);

/* The buckets whose literals may begin at text (at least fingerprint
 * bytes), by the masks of its leading bytes: one bit each. */
static inline unsigned teddy_bucket_bits(const teddy *searcher, const unsigned char *text) {
  unsigned bits = 0xffu;
  for (uint32_t t = 0; t < searcher->fingerprint && bits != 0; t++) {
    bits &= searcher->low_masks[t][text[t] & 15u] & searcher->high_masks[t][text[t] >> 4];
  }
  return bits;
}

/* The first-listed literal of the buckets in bucket_bits that occurs at
 * position (with at least fingerprint bytes from it): its index, or
 * UINT32_MAX. For the kernels, and for candidates found otherwise
 * (literal_searcher.c). */
uint32_t teddy_verify(const teddy *searcher, const unsigned char *haystack, size_t length,
                      size_t position, unsigned bucket_bits);

/* The kernels. The portable one looks up one position at a time: it
 * serves haystacks shorter than a vector, and tests. */
int teddy_find_portable(const teddy *searcher, const unsigned char *haystack, size_t length,
                        size_t from, bool may_stop, size_t *start, size_t *end, size_t *stopped);
int teddy_find_ssse3(const teddy *searcher, const unsigned char *haystack, size_t length,
                     size_t from, bool may_stop, size_t *start, size_t *end, size_t *stopped);
int teddy_find_avx2(const teddy *searcher, const unsigned char *haystack, size_t length,
                    size_t from, bool may_stop, size_t *start, size_t *end, size_t *stopped);
int teddy_find_neon(const teddy *searcher, const unsigned char *haystack, size_t length,
                    size_t from, bool may_stop, size_t *start, size_t *end, size_t *stopped);

#endif
