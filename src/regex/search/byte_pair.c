/* byte_pair: making a pair (the kernel chosen by simd level) and the
 * plain loop, which the kernels use for spans shorter than a vector. */
#include "byte_pair.h"

#include "simd_level.h"

static byte_pair_kernel kernel_for(simd_level level) {
  switch (level) {
#if defined(__x86_64__)
    case SIMD_LEVEL_SSE2:
    case SIMD_LEVEL_SSSE3:
      return byte_pair_find_sse2;
    case SIMD_LEVEL_AVX2:
      return byte_pair_find_avx2;
#endif
#if defined(__aarch64__)
    case SIMD_LEVEL_NEON:
      return byte_pair_find_neon;
#endif
    default:
      return byte_pair_find_portable;
  }
}

int byte_pair_init(byte_pair *pair, const uint32_t offsets[2], const uint32_t counts[2],
                   const unsigned char bytes[2][BYTE_PAIR_MAX_BYTES]) {
  *pair = (byte_pair){.find = byte_pair_find_portable};
  for (unsigned k = 0; k < 2; k++) {
    if (counts[k] < 1 || counts[k] > BYTE_PAIR_MAX_BYTES) {
      return -1;
    }
    pair->offsets[k] = offsets[k];
    pair->counts[k] = counts[k];
    for (uint32_t i = 0; i < counts[k]; i++) {
      pair->bytes[k][i] = bytes[k][i];
    }
  }
  pair->find = kernel_for(simd_level_current());
  return 0;
}

static int in_set(const byte_pair *pair, unsigned k, unsigned char byte) {
  for (uint32_t i = 0; i < pair->counts[k]; i++) {
    if (pair->bytes[k][i] == byte) {
      return 1;
    }
  }
  return 0;
}

size_t byte_pair_find_portable(const byte_pair *pair, const unsigned char *subject, size_t from,
                               size_t last) {
  for (size_t position = from; position <= last && position != SIZE_MAX; position++) {
    if (in_set(pair, 0, subject[position + pair->offsets[0]]) &&
        in_set(pair, 1, subject[position + pair->offsets[1]])) {
      return position;
    }
  }
  return SIZE_MAX;
}
