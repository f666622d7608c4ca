/* byte_pair_neon: the pair search on 16-byte NEON vectors, the portable
 * engine's on arm64 (the JIT probes its own pair in generated code). */
#if defined(__aarch64__)
#include "simd_neon.h"

#define BYTE_PAIR_KERNEL byte_pair_find_neon
#define BYTE_PAIR_SHORT byte_pair_find_portable
#include "byte_pair_kernel.h"
#endif
