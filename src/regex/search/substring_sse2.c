/* substring_sse2: the pair search on 16-byte SSE2 vectors (x86-64's
 * baseline), for SIMD_LEVEL_SSE2 and above. */
#if defined(__x86_64__)
#include "simd_sse2.h"

#define SUBSTRING_KERNEL substring_find_sse2
#define SUBSTRING_SHORT substring_find_portable
#include "substring_kernel.h"
#endif
