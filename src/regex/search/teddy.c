/* teddy: buckets and nibble tables, verification, and the portable
 * kernel. Buckets hold literals with similar first bytes (sorted by them,
 * then cut into 8 runs), so that their tables stay sparse. */
#include "teddy.h"

#include <string.h>

#include "regex/sort.h"
#include "substring.h"

bool teddy_applies(const literal_set *set) {
  simd_level level = simd_level_current();
  bool shuffles = level == SIMD_LEVEL_SSSE3 || level == SIMD_LEVEL_AVX2 || level == SIMD_LEVEL_NEON;
  return shuffles && set->count >= 2 && set->count <= TEDDY_MAX_LITERALS && set->shortest >= 1;
}

static teddy_kernel kernel_for(simd_level level) {
  switch (level) {
#if defined(__x86_64__)
    case SIMD_LEVEL_SSSE3:
      return teddy_find_ssse3;
    case SIMD_LEVEL_AVX2:
      return teddy_find_avx2;
#endif
#if defined(__aarch64__)
    case SIMD_LEVEL_NEON:
      return teddy_find_neon;
#endif
    default:
      return teddy_find_portable;
  }
}

/* For sorting literals by their fingerprint bytes. */
typedef struct fingerprint_key {
  unsigned char bytes[TEDDY_MAX_FINGERPRINT];
  uint32_t literal;
} fingerprint_key;

static int compare_keys(const void *left, const void *right) {
  const fingerprint_key *a = left;
  const fingerprint_key *b = right;
  int order = memcmp(a->bytes, b->bytes, TEDDY_MAX_FINGERPRINT);
  if (order != 0) {
    return order;
  }
  return a->literal < b->literal ? -1 : a->literal > b->literal;
}

static int compare_indexes(const void *left, const void *right) {
  uint32_t a = *(const uint32_t *)left;
  uint32_t b = *(const uint32_t *)right;
  return a < b ? -1 : a > b;
}

/* The hashed_buckets entry of the fingerprint bytes at text. With bit
 * 0x20 set in each byte, a folded letter's two cases hash alike, and a
 * literal's bytes hash as every text it matches does. */
static unsigned fingerprint_hash(const teddy *searcher, const unsigned char *text) {
  /* Written out, not looped: GCC vectorized the loop over at most three
   * bytes into forty instructions. */
  uint32_t fingerprint = searcher->fingerprint;
  uint32_t key = text[0] | LITERAL_FOLD;
  if (fingerprint >= 2) {
    key |= (uint32_t)(text[1] | LITERAL_FOLD) << 8;
  }
  if (fingerprint >= 3) {
    key |= (uint32_t)(text[2] | LITERAL_FOLD) << 16;
  }
  return (key * 0x9e3779b1u) >> 24;
}

static void add_to_tables(teddy *searcher, uint32_t literal, unsigned bucket) {
  const unsigned char *bytes = literal_set_bytes(searcher->set, literal);
  const unsigned char *folds = literal_set_folds(searcher->set, literal);
  for (uint32_t t = 0; t < searcher->fingerprint; t++) {
    unsigned char byte = bytes[t];
    searcher->low_masks[t][byte & 15u] |= (unsigned char)(1u << bucket);
    searcher->high_masks[t][byte >> 4] |= (unsigned char)(1u << bucket);
    if (folds[t] != 0) {
      searcher->high_masks[t][(byte ^ LITERAL_FOLD) >> 4] |= (unsigned char)(1u << bucket);
    }
  }
  searcher->hashed_buckets[fingerprint_hash(searcher, bytes)] |= (unsigned char)(1u << bucket);
}

static void set_screen(teddy *searcher, uint32_t slot) {
  uint32_t literal = searcher->bucket_literals[slot];
  uint32_t length = searcher->set->literals[literal].length;
  unsigned char values[TEDDY_SCREEN_BYTES];
  unsigned char folds[TEDDY_SCREEN_BYTES];
  memset(values, 0xff, sizeof values);
  memset(folds, 0xff, sizeof folds);
  size_t screened = length < TEDDY_SCREEN_BYTES ? length : TEDDY_SCREEN_BYTES;
  memcpy(values, literal_set_bytes(searcher->set, literal), screened);
  memcpy(folds, literal_set_folds(searcher->set, literal), screened);
  memcpy(&searcher->screen_values[slot], values, sizeof values);
  memcpy(&searcher->screen_folds[slot], folds, sizeof folds);
}

void teddy_init(teddy *searcher, const literal_set *set) {
  memset(searcher, 0, sizeof *searcher);
  searcher->set = set;
  searcher->fingerprint = set->shortest < TEDDY_MAX_FINGERPRINT ? set->shortest
                                                                 : TEDDY_MAX_FINGERPRINT;
  fingerprint_key keys[TEDDY_MAX_LITERALS];
  for (uint32_t i = 0; i < set->count; i++) {
    memset(keys[i].bytes, 0, sizeof keys[i].bytes);
    memcpy(keys[i].bytes, literal_set_bytes(set, i), searcher->fingerprint);
    keys[i].literal = i;
  }
  sort_items(keys, set->count, sizeof *keys, compare_keys);
  uint32_t per_bucket = (set->count + TEDDY_BUCKETS - 1) / TEDDY_BUCKETS;
  for (unsigned bucket = 0; bucket < TEDDY_BUCKETS; bucket++) {
    uint32_t first = bucket * per_bucket < set->count ? bucket * per_bucket : set->count;
    uint32_t last = first + per_bucket < set->count ? first + per_bucket : set->count;
    searcher->bucket_start[bucket] = first;
    for (uint32_t i = first; i < last; i++) {
      searcher->bucket_literals[i] = keys[i].literal;
      add_to_tables(searcher, keys[i].literal, bucket);
    }
    sort_items(searcher->bucket_literals + first, last - first, sizeof(uint32_t),
               compare_indexes);
  }
  searcher->bucket_start[TEDDY_BUCKETS] = set->count;
  for (uint32_t i = 0; i < set->count; i++) {
    set_screen(searcher, i);
  }
  searcher->level = simd_level_current();
  searcher->kernel = kernel_for(searcher->level);
  if (searcher->level == SIMD_LEVEL_NEON && set->count <= TEDDY_MAX_COMPARED &&
      set->shortest >= TEDDY_COMPARED_BYTES) {
    searcher->compared = set->count;
    for (uint32_t i = 0; i < set->count && i < TEDDY_MAX_COMPARED; i++) {
      uint32_t literal = searcher->bucket_literals[i];
      memcpy(searcher->compare_values[i], literal_set_bytes(set, literal), TEDDY_COMPARED_BYTES);
      memcpy(searcher->compare_folds[i], literal_set_folds(set, literal), TEDDY_COMPARED_BYTES);
      searcher->compare_buckets[i] = (unsigned char)(1u << (i / per_bucket));
    }
  }
}

uint32_t teddy_verify(const teddy *searcher, const unsigned char *haystack, size_t length,
                      size_t position, unsigned bucket_bits) {
  const literal_set *set = searcher->set;
  /* Near the haystack's end, every literal of the buckets is compared. */
  bool screened = length - position >= TEDDY_SCREEN_BYTES;
  uint32_t word = 0;
  if (screened) {
    memcpy(&word, haystack + position, sizeof word);
  }
  uint32_t best = UINT32_MAX;
  bucket_bits &= searcher->hashed_buckets[fingerprint_hash(searcher, haystack + position)];
  while (bucket_bits != 0) {
    unsigned bucket = (unsigned)__builtin_ctz(bucket_bits);
    bucket_bits &= bucket_bits - 1;
    for (uint32_t i = searcher->bucket_start[bucket]; i < searcher->bucket_start[bucket + 1];
         i++) {
      uint32_t literal = searcher->bucket_literals[i];
      if (literal >= best) {
        break;
      }
      if (screened && (word | searcher->screen_folds[i]) != searcher->screen_values[i]) {
        continue;
      }
      uint32_t literal_length = set->literals[literal].length;
      if (literal_length <= length - position &&
          literal_matches_at(haystack + position, literal_set_bytes(set, literal),
                             literal_set_folds(set, literal), literal_length)) {
        best = literal;
        break;
      }
    }
  }
  return best;
}

int teddy_find_portable(const teddy *searcher, const unsigned char *haystack, size_t length,
                        size_t from, bool may_stop, size_t *start, size_t *end, size_t *stopped) {
  uint32_t fingerprint = searcher->fingerprint;
  size_t candidates = 0;
  *stopped = SIZE_MAX;
  for (size_t position = from; position + fingerprint <= length; position++) {
    unsigned bits = teddy_bucket_bits(searcher, haystack + position);
    if (bits == 0) {
      continue;
    }
    uint32_t literal = teddy_verify(searcher, haystack, length, position, bits);
    if (literal != UINT32_MAX) {
      *start = position;
      *end = position + searcher->set->literals[literal].length;
      return 1;
    }
    candidates++;
    if (may_stop && !substring_candidates_pay(candidates, position - from)) {
      *stopped = position + 1;
      return 0;
    }
  }
  return 0;
}
