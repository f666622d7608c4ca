/* teddy_neon: Teddy on 16-byte NEON vectors with tbl, for arm64, and by
 * compares for two literals (teddy.compared). */
#if defined(__aarch64__)
#include "simd_neon.h"

#define TEDDY_KERNEL teddy_find_neon
#define TEDDY_SHORT teddy_find_portable
#define TEDDY_COMPARES
#include "teddy_kernel.h"
#endif
