/* utf8_check_neon: UTF-8 checking on 16-byte NEON vectors with tbl and
 * ext, for arm64. */
#if defined(__aarch64__)
#include "simd_neon.h"

#define UTF8_CHECK_KERNEL utf8_check_neon
#include "utf8_check_kernel.h"
#endif
