/* utf8_check: the kernel for the SIMD level. */
#include "utf8_check.h"

#include "simd_level.h"

utf8_check_kernel utf8_check_kernel_current(void) {
  switch (simd_level_current()) {
#if defined(__x86_64__)
    case SIMD_LEVEL_SSE2:
      return utf8_check_sse2;
    case SIMD_LEVEL_SSSE3:
      return utf8_check_ssse3;
    case SIMD_LEVEL_AVX2:
      return utf8_check_avx2;
#endif
#if defined(__aarch64__)
    case SIMD_LEVEL_NEON:
      return utf8_check_neon;
#endif
    default:
      return NULL;
  }
}
