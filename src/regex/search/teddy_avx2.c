/* teddy_avx2: Teddy on 32-byte vectors (compiled with -mavx2, chosen only
 * when the CPU has AVX2); short haystacks use the SSSE3 kernel. */
#if defined(__x86_64__)
#include "simd_avx2.h"

#define TEDDY_KERNEL teddy_find_avx2
#define TEDDY_SHORT teddy_find_ssse3
#include "teddy_kernel.h"
#endif
