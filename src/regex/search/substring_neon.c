/* substring_neon: the pair search on 16-byte NEON vectors, the portable
 * engine's on arm64 (the JIT generates its own scan). */
#if defined(__aarch64__)
#include "simd_neon.h"

#define SUBSTRING_KERNEL substring_find_neon
#define SUBSTRING_SHORT substring_find_portable
#include "substring_kernel.h"
#endif
