/* teddy_ssse3: Teddy on 16-byte vectors with pshufb (compiled with
 * -mssse3, chosen only when the CPU has SSSE3). */
#if defined(__x86_64__)
#include "simd_sse2.h"

#define TEDDY_KERNEL teddy_find_ssse3
#define TEDDY_SHORT teddy_find_portable
#include "teddy_kernel.h"
#endif
