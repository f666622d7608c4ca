/* substring: making a searcher (the rare pair, the kernel, the two-way
 * fallback), the portable kernel, and the search with a generated scan
 * (the search with the kernels is inline in substring.h). */
#include "substring.h"

#include <stdint.h>
#include <string.h>

#include "literal_set.h"

/* A rarest byte expected at most this often (per BYTE_FREQUENCY_SCALE)
 * is searched alone first: its false candidates then cost less than
 * comparing a second byte everywhere would. */
#define ALONE_FREQUENCY 100u

/* The offset of the rarest byte other than at skip (SIZE_MAX: none);
 * the first of equals. With distinct set, only bytes that differ from the
 * one at skip (byte and fold) count, SIZE_MAX when there are none. */
static size_t rarest_offset(const unsigned char *bytes, const unsigned char *folds, size_t length,
                            size_t skip, bool distinct) {
  size_t best = SIZE_MAX;
  unsigned best_frequency = UINT32_MAX;
  for (size_t i = 0; i < length; i++) {
    if (i == skip ||
        (distinct && bytes[i] == bytes[skip] && folds[i] == folds[skip])) {
      continue;
    }
    unsigned frequency = literal_byte_frequency(bytes, folds, i);
    if (frequency < best_frequency) {
      best = i;
      best_frequency = frequency;
    }
  }
  return best;
}

/* The second byte of the pair: the rarest other byte value, so that text
 * where the table misjudges the first byte (an `_` is rare in prose, one
 * byte in twenty of C source) does not pass the pair wherever that byte
 * repeats at the pair's distance (pthread_mutex_lock: `_` and `x`, not
 * its two `_`); the rarest other offset when every byte is the same. */
static size_t second_rarest_offset(const unsigned char *bytes, const unsigned char *folds,
                                   size_t length, size_t first) {
  size_t second = rarest_offset(bytes, folds, length, first, true);
  return second != SIZE_MAX ? second : rarest_offset(bytes, folds, length, first, false);
}

static substring_kernel kernel_for(simd_level level) {
  switch (level) {
#if defined(__x86_64__)
    case SIMD_LEVEL_SSE2:
    case SIMD_LEVEL_SSSE3:
      return substring_find_sse2;
    case SIMD_LEVEL_AVX2:
      return substring_find_avx2;
#endif
#if defined(__aarch64__)
    case SIMD_LEVEL_NEON:
      return substring_find_neon;
#endif
    default:
      return substring_find_portable;
  }
}

void substring_searcher_init(substring_searcher *searcher, const unsigned char *bytes,
                             const unsigned char *folds, size_t length) {
  memset(searcher, 0, sizeof *searcher);
  searcher->bytes = bytes;
  searcher->folds = folds;
  searcher->length = length;
  size_t first = rarest_offset(bytes, folds, length, SIZE_MAX, false);
  size_t second = length > 1 ? second_rarest_offset(bytes, folds, length, first) : first;
  size_t offsets[2] = {first < second ? first : second, first < second ? second : first};
  searcher->rarest = first < second ? 0 : 1;
  searcher->rarest_alone = literal_byte_frequency(bytes, folds, first) <= ALONE_FREQUENCY;
  for (int i = 0; i < 2; i++) {
    searcher->rare_offsets[i] = offsets[i];
    searcher->rare_bytes[i] = bytes[offsets[i]];
    searcher->rare_folds[i] = folds[offsets[i]];
  }
  searcher->level = simd_level_current();
  searcher->kernel = kernel_for(searcher->level);
  searcher->narrow_kernel = searcher->kernel;
  searcher->kernel_lanes = SUBSTRING_SHORTEST_VECTOR;
#if defined(__x86_64__)
  if (searcher->level == SIMD_LEVEL_AVX2) {
    searcher->narrow_kernel = substring_find_sse2;
    searcher->kernel_lanes = 32;
  }
#endif
  two_way_init(&searcher->fallback, bytes, folds, length);
}

size_t substring_find_portable(const substring_searcher *searcher, const unsigned char *haystack,
                               size_t length, size_t from, bool may_stop, size_t *stopped) {
  size_t needle = searcher->length;
  *stopped = SIZE_MAX;
  if (length < needle || from > length - needle) {
    return SIZE_MAX;
  }
  size_t offset = searcher->rare_offsets[0];
  unsigned char byte = searcher->rare_bytes[0];
  unsigned char fold = searcher->rare_folds[0];
  size_t last = length - needle;
  size_t candidates = 0;
  for (size_t candidate = from; candidate <= last; candidate++) {
    if (fold == 0) {
      /* The C library's memchr is the fastest scan it has. */
      const unsigned char *hit =
          memchr(haystack + candidate + offset, byte, last - candidate + 1);
      if (hit == NULL) {
        return SIZE_MAX;
      }
      candidate = (size_t)(hit - haystack) - offset;
    } else if ((haystack[candidate + offset] | fold) != byte) {
      continue;
    }
    if (literal_matches_at(haystack + candidate, searcher->bytes, searcher->folds, needle)) {
      return candidate;
    }
    candidates++;
    if (may_stop && !substring_candidates_pay(candidates, candidate - from)) {
      *stopped = candidate + 1;
      return SIZE_MAX;
    }
  }
  return SIZE_MAX;
}

size_t substring_find_generated(const substring_searcher *searcher,
                                substring_generated_scan scan, const unsigned char *haystack,
                                size_t length, size_t from) {
  size_t needle = searcher->length;
  if (length < needle || from > length - needle) {
    return SIZE_MAX;
  }
  const unsigned char *end = haystack + length;
  size_t last = length - needle;
  size_t candidates = 0;
  for (size_t position = from; position <= last;) {
    const unsigned char *hit = scan(haystack + position, end);
    size_t candidate = (size_t)(hit - haystack);
    if (hit == end || candidate > last) {
      return SIZE_MAX;
    }
    if (literal_matches_at(hit, searcher->bytes, searcher->folds, needle)) {
      return candidate;
    }
    candidates++;
    if (searcher->fallback.usable && !substring_candidates_pay(candidates, candidate - from)) {
      return two_way_find(&searcher->fallback, haystack, length, candidate + 1);
    }
    position = candidate + 1;
  }
  return SIZE_MAX;
}
