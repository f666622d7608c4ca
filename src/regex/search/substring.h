/* substring: finding one literal. Its two rarest bytes by byte_frequency
 * are compared at their offsets for 16 or 32 candidate positions at once
 * (SSE2, AVX2 or NEON, chosen when the searcher is made), and each
 * candidate where both agree is verified; a byte expected to be very rare
 * is compared alone at first, until its candidates prove it common. When candidates come so often that
 * verifying them costs more than a linear search, the rest of that call
 * runs two-way (two_way.h). Immutable once made; reads only inside the
 * haystack. */
#ifndef JRX_SEARCH_SUBSTRING_H
#define JRX_SEARCH_SUBSTRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "simd_level.h"
#include "two_way.h"

typedef struct substring_searcher substring_searcher;

/* A kernel: the first occurrence at or after from, or SIZE_MAX. When
 * may_stop is set it may instead give up because candidates come too
 * often: it then returns SIZE_MAX and stores in *stopped the position from
 * which nothing is checked yet (SIZE_MAX when it did not stop). */
typedef size_t (*substring_kernel)(const substring_searcher *searcher,
                                   const unsigned char *haystack, size_t length, size_t from,
                                   bool may_stop, size_t *stopped);

struct substring_searcher {
  const unsigned char *bytes; /* the caller's, lower-case where folded */
  const unsigned char *folds; /* the caller's: LITERAL_FOLD or 0 per byte */
  size_t length;
  /* The pair compared first: offsets into the needle (equal for a
   * one-byte needle), its bytes and their folds. */
  size_t rare_offsets[2];
  unsigned char rare_bytes[2];
  unsigned char rare_folds[2];
  size_t rarest;     /* which of the two is rarer: 0 or 1 */
  bool rarest_alone; /* expected rare enough to be searched alone first */
  simd_level level;
  substring_kernel kernel;
  /* The kernel for fewer candidates than kernel's vector holds (SSE2's
   * under AVX2's), and how many that vector holds. */
  substring_kernel narrow_kernel;
  size_t kernel_lanes;
  two_way fallback;
};

/* Prepares a search for bytes[0..length) (length >= 1) with folds (both
 * arrays must outlive the searcher, and hold 8 bytes of padding after the
 * needle, as a literal_set's do), for the kernels of simd_level_current. */
void substring_searcher_init(substring_searcher *searcher, const unsigned char *bytes,
                             const unsigned char *folds, size_t length);


/* A scan generated for this searcher's rare bytes (the arm64 JIT's,
 * jit_prefilter_plan_for_literal), or for bytes every occurrence has at
 * fixed offsets: the first candidate in [from, end) whose tested bytes
 * agree and lie before end, or end. */
typedef const unsigned char *(*substring_generated_scan)(const unsigned char *from,
                                                         const unsigned char *end);

/* substring_find with the generated scan finding the candidates. */
size_t substring_find_generated(const substring_searcher *searcher,
                                substring_generated_scan scan, const unsigned char *haystack,
                                size_t length, size_t from);

/* The kernels, one per level; tests call them directly. */
size_t substring_find_portable(const substring_searcher *searcher, const unsigned char *haystack,
                               size_t length, size_t from, bool may_stop, size_t *stopped);
size_t substring_find_sse2(const substring_searcher *searcher, const unsigned char *haystack,
                           size_t length, size_t from, bool may_stop, size_t *stopped);
size_t substring_find_avx2(const substring_searcher *searcher, const unsigned char *haystack,
                           size_t length, size_t from, bool may_stop, size_t *stopped);
size_t substring_find_neon(const substring_searcher *searcher, const unsigned char *haystack,
                           size_t length, size_t from, bool may_stop, size_t *stopped);

/* Whether a search that has looked at `candidates` false candidates over
 * `advanced` bytes should go on with them: after SUBSTRING_PROBATION,
 * only while they are at least SUBSTRING_MIN_GAP bytes apart on average.
 * Verifying one costs about as much as a linear search spends on that
 * many bytes. */
#define SUBSTRING_PROBATION 64u
#define SUBSTRING_MIN_GAP 16u
static inline bool substring_candidates_pay(size_t candidates, size_t advanced) {
  return candidates < SUBSTRING_PROBATION || advanced / SUBSTRING_MIN_GAP >= candidates;
}

/* The fewest bytes of any kernel's vector (SSE2 and NEON: 16). */
#define SUBSTRING_SHORTEST_VECTOR 16u

/* The first position >= from (<= length) where the needle occurs in
 * haystack[0..length), or SIZE_MAX. Inline: an iteration over frequent
 * matches calls it once a match, through the literal searcher, and a
 * call level cost about as much as the kernel's own set-up. */
static inline size_t substring_find(const substring_searcher *searcher,
                                    const unsigned char *haystack, size_t length, size_t from) {
  bool may_stop = searcher->fallback.usable;
  /* Fewer candidates than a vector holds (a short subject, the usual
   * jrx_match call): the portable loop, or the narrower kernel, which
   * every kernel ends up in for them, without each wider kernel's set-up
   * on the way (20-byte subjects and `the`: 37 x86-64 instructions a
   * call in AVX2's). */
  substring_kernel kernel = searcher->kernel;
  if (from <= length && length - from < searcher->length + SUBSTRING_SHORTEST_VECTOR) {
    kernel = substring_find_portable;
  } else if (from <= length && length - from < searcher->length + searcher->kernel_lanes) {
    kernel = searcher->narrow_kernel;
  }
  size_t stopped;
  size_t found = kernel(searcher, haystack, length, from, may_stop, &stopped);
  if (__builtin_expect(stopped == SIZE_MAX, 1)) {
    return found;
  }
  return two_way_find(&searcher->fallback, haystack, length, stopped);
}

#endif
