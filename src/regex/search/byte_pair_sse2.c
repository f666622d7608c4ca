/* byte_pair_sse2: the pair search on 16-byte SSE2 vectors (x86-64's
 * baseline), for SIMD_LEVEL_SSE2 and above. */
#if defined(__x86_64__)
#include "simd_sse2.h"

#define BYTE_PAIR_KERNEL byte_pair_find_sse2
#define BYTE_PAIR_SHORT byte_pair_find_portable
#include "byte_pair_kernel.h"
#endif
