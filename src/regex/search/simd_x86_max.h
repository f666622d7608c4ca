/* simd_x86_max: the largest byte of a 16-byte SSE2 register, for the x86
 * simd headers (simd_sse2.h, simd_avx2.h, which folds its halves into
 * one first). The vector is folded onto itself, halves at a time. */
#ifndef JRX_SEARCH_SIMD_X86_MAX_H
#define JRX_SEARCH_SIMD_X86_MAX_H

#include <emmintrin.h>

static inline unsigned simd_x86_max_byte(__m128i v) {
  v = _mm_max_epu8(v, _mm_srli_si128(v, 8));
  v = _mm_max_epu8(v, _mm_srli_si128(v, 4));
  v = _mm_max_epu8(v, _mm_srli_si128(v, 2));
  v = _mm_max_epu8(v, _mm_srli_si128(v, 1));
  return (unsigned)_mm_cvtsi128_si32(v) & 0xffu;
}

#endif
