/* substring_avx2: the pair search on 32-byte AVX2 vectors (compiled with
 * -mavx2, chosen only when the CPU has AVX2); haystacks too short for one
 * block use the SSE2 kernel. */
#if defined(__x86_64__)
#include "simd_avx2.h"

#define SUBSTRING_KERNEL substring_find_avx2
#define SUBSTRING_SHORT substring_find_sse2
#include "substring_kernel.h"
#endif
