/* utf8_check_ssse3: UTF-8 checking on 16-byte vectors with pshufb and
 * palignr (compiled with -mssse3, chosen only when the CPU has SSSE3). */
#if defined(__x86_64__)
#include "simd_sse2.h"

#define UTF8_CHECK_KERNEL utf8_check_ssse3
#include "utf8_check_kernel.h"
#endif
