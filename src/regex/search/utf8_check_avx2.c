/* utf8_check_avx2: UTF-8 checking on 32-byte vectors (compiled with
 * -mavx2, chosen only when the CPU has AVX2). */
#if defined(__x86_64__)
#include "simd_avx2.h"

#define UTF8_CHECK_KERNEL utf8_check_avx2
#include "utf8_check_kernel.h"
#endif
