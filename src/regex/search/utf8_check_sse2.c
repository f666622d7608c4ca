/* utf8_check_sse2: UTF-8 checking on 16-byte vectors with SSE2 alone
 * (x86-64's baseline, for CPUs without SSSE3): no byte shuffles, so no
 * lookups; a block that needs them makes the kernel give up (false),
 * and the caller decodes. */
#if defined(__x86_64__)
#include "simd_sse2.h"

#define UTF8_CHECK_KERNEL utf8_check_sse2
#define UTF8_CHECK_WITHOUT_LOOKUPS
#include "utf8_check_kernel.h"
#endif
