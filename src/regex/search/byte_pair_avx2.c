/* byte_pair_avx2: the pair search on 32-byte AVX2 vectors (compiled with
 * -mavx2, chosen only when the CPU has AVX2); spans too short for one
 * block use the SSE2 kernel. */
#if defined(__x86_64__)
#include "simd_avx2.h"

#define BYTE_PAIR_KERNEL byte_pair_find_avx2
#define BYTE_PAIR_SHORT byte_pair_find_sse2
#include "byte_pair_kernel.h"
#endif
