/* simd_avx2: the kernels' vector operations on 32-byte AVX2 registers
 * (files compiled with -mavx2, run only when CPUID says AVX2). Shuffles
 * look up within each 16-byte half, so tables are repeated in both. */
#ifndef JRX_SEARCH_SIMD_AVX2_H
#define JRX_SEARCH_SIMD_AVX2_H

#include <immintrin.h>
#include <stdint.h>

typedef __m256i simd_vector;

#define SIMD_BYTES 32u
#define SIMD_LANE_SHIFT 0u

static inline simd_vector simd_load(const unsigned char *at) {
  return _mm256_loadu_si256((const __m256i *)(const void *)at);
}

static inline simd_vector simd_splat(unsigned char byte) {
  return _mm256_set1_epi8((char)byte);
}

static inline simd_vector simd_equal(simd_vector a, simd_vector b) {
  return _mm256_cmpeq_epi8(a, b);
}

static inline simd_vector simd_and(simd_vector a, simd_vector b) {
  return _mm256_and_si256(a, b);
}

static inline simd_vector simd_or(simd_vector a, simd_vector b) {
  return _mm256_or_si256(a, b);
}

static inline simd_vector simd_xor(simd_vector a, simd_vector b) {
  return _mm256_xor_si256(a, b);
}

static inline uint64_t simd_lane_mask(simd_vector v) {
  return (uint64_t)(uint32_t)_mm256_movemask_epi8(v);
}

static inline uint64_t simd_nonzero_lanes(simd_vector v) {
  return ~simd_lane_mask(_mm256_cmpeq_epi8(v, _mm256_setzero_si256())) & 0xffffffffu;
}

/* Whether any lane is nonzero: the test of a block before its lanes. */
static inline int simd_any_nonzero(simd_vector v) {
  return !_mm256_testz_si256(v, v);
}

static inline void simd_store(unsigned char *at, simd_vector v) {
  _mm256_storeu_si256((__m256i *)(void *)at, v);
}

static inline simd_vector simd_table(const unsigned char table[16]) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)table));
}

static inline simd_vector simd_lookup(simd_vector table, simd_vector indexes) {
  return _mm256_shuffle_epi8(table, indexes);
}

static inline simd_vector simd_low_nibbles(simd_vector v) {
  return _mm256_and_si256(v, _mm256_set1_epi8(0x0f));
}

static inline simd_vector simd_high_nibbles(simd_vector v) {
  return _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0f));
}

/* The vector of the last n bytes of previous followed by the first
 * 32 - n of current: each lane sees the byte n before it. */
#define simd_previous(current, previous, n)                                                 \
  _mm256_alignr_epi8((current), _mm256_permute2x128_si256((previous), (current), 0x21), \
                     16 - (n))

static inline simd_vector simd_zero(void) {
  return _mm256_setzero_si256();
}

static inline simd_vector simd_subtract_saturated(simd_vector a, simd_vector b) {
  return _mm256_subs_epu8(a, b);
}

static inline int simd_is_zero(simd_vector v) {
  return _mm256_testz_si256(v, v);
}

static inline int simd_is_ascii(simd_vector v) {
  return _mm256_movemask_epi8(v) == 0;
}

static inline simd_vector simd_max(simd_vector a, simd_vector b) {
  return _mm256_max_epu8(a, b);
}

static inline simd_vector simd_min(simd_vector a, simd_vector b) {
  return _mm256_min_epu8(a, b);
}

/* Whether every lane is below limit (1..255): none is left by a
 * saturating subtraction of limit - 1. */
static inline int simd_all_below(simd_vector v, unsigned char limit) {
  return simd_is_zero(_mm256_subs_epu8(v, _mm256_set1_epi8((char)(limit - 1))));
}

/* 0xff in each lane where a < b as signed bytes, else 0. */
static inline simd_vector simd_signed_less(simd_vector a, simd_vector b) {
  return _mm256_cmpgt_epi8(b, a);
}

#endif
