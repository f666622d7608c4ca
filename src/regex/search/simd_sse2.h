/* simd_sse2: the vector operations the kernels are written with, on
 * 16-byte SSE2 registers; the shuffles need SSSE3 (files compiled with
 * -mssse3). Included by one kernel file each, and by prefilter.h for its
 * check of short subjects (SSE2 is x86-64's baseline). */
#ifndef JRX_SEARCH_SIMD_SSE2_H
#define JRX_SEARCH_SIMD_SSE2_H

#include <emmintrin.h>
#include <stdint.h>
#ifdef __SSSE3__
#include <tmmintrin.h>
#endif

typedef __m128i simd_vector;

#define SIMD_BYTES 16u
/* simd_lane_mask has one bit per lane: lane = trailing zeros >> 0. */
#define SIMD_LANE_SHIFT 0u

static inline simd_vector simd_load(const unsigned char *at) {
  return _mm_loadu_si128((const __m128i *)(const void *)at);
}

static inline simd_vector simd_splat(unsigned char byte) {
  return _mm_set1_epi8((char)byte);
}

static inline simd_vector simd_equal(simd_vector a, simd_vector b) {
  return _mm_cmpeq_epi8(a, b);
}

static inline simd_vector simd_and(simd_vector a, simd_vector b) {
  return _mm_and_si128(a, b);
}

static inline simd_vector simd_or(simd_vector a, simd_vector b) {
  return _mm_or_si128(a, b);
}

static inline simd_vector simd_xor(simd_vector a, simd_vector b) {
  return _mm_xor_si128(a, b);
}

/* Bit lane << SIMD_LANE_SHIFT set for each lane whose top bit is set
 * (compare results are all ones or zero). */
static inline uint64_t simd_lane_mask(simd_vector v) {
  return (uint64_t)(unsigned)_mm_movemask_epi8(v);
}

/* Bit lane << SIMD_LANE_SHIFT set for each lane that is not zero. */
static inline uint64_t simd_nonzero_lanes(simd_vector v) {
  return ~simd_lane_mask(_mm_cmpeq_epi8(v, _mm_setzero_si128())) & 0xffffu;
}

/* Whether any lane is nonzero: the test of a block before its lanes. */
static inline int simd_any_nonzero(simd_vector v) {
  return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) != 0xffff;
}

static inline void simd_store(unsigned char *at, simd_vector v) {
  _mm_storeu_si128((__m128i *)(void *)at, v);
}

#ifdef __SSSE3__
/* The 16-byte table repeated across the vector. */
static inline simd_vector simd_table(const unsigned char table[16]) {
  return simd_load(table);
}

/* Each lane: table[index & 15] for indexes below 16 (the kernels pass
 * nibbles). */
static inline simd_vector simd_lookup(simd_vector table, simd_vector indexes) {
  return _mm_shuffle_epi8(table, indexes);
}

static inline simd_vector simd_low_nibbles(simd_vector v) {
  return _mm_and_si128(v, _mm_set1_epi8(0x0f));
}

static inline simd_vector simd_high_nibbles(simd_vector v) {
  return _mm_and_si128(_mm_srli_epi16(v, 4), _mm_set1_epi8(0x0f));
}
#endif

/* The vector of the last n bytes of previous followed by the first
 * 16 - n of current: each lane sees the byte n before it (PALIGNR, or
 * two byte shifts and an OR without SSSE3). */
#ifdef __SSSE3__
#define simd_previous(current, previous, n) _mm_alignr_epi8((current), (previous), 16 - (n))
#else
#define simd_previous(current, previous, n) \
  _mm_or_si128(_mm_slli_si128((current), (n)), _mm_srli_si128((previous), 16 - (n)))
#endif

static inline simd_vector simd_zero(void) {
  return _mm_setzero_si128();
}

/* Each lane a - b, or 0 below 0. */
static inline simd_vector simd_subtract_saturated(simd_vector a, simd_vector b) {
  return _mm_subs_epu8(a, b);
}

static inline int simd_is_zero(simd_vector v) {
  return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) == 0xffff;
}

/* Whether every lane is below 0x80. */
static inline int simd_is_ascii(simd_vector v) {
  return _mm_movemask_epi8(v) == 0;
}

static inline simd_vector simd_max(simd_vector a, simd_vector b) {
  return _mm_max_epu8(a, b);
}

static inline simd_vector simd_min(simd_vector a, simd_vector b) {
  return _mm_min_epu8(a, b);
}

/* Whether every lane is below limit (1..255): none is left by a
 * saturating subtraction of limit - 1. */
static inline int simd_all_below(simd_vector v, unsigned char limit) {
  return simd_is_zero(_mm_subs_epu8(v, _mm_set1_epi8((char)(limit - 1))));
}

/* 0xff in each lane where a < b as signed bytes, else 0. */
static inline simd_vector simd_signed_less(simd_vector a, simd_vector b) {
  return _mm_cmpgt_epi8(b, a);
}

#endif
