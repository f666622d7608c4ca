/* simd_level: detection and the test cap. Both are process-wide atomics:
 * detection may race harmlessly (every thread computes the same value). */
#include "simd_level.h"

#include <stdatomic.h>

/* -1: not detected yet. */
static atomic_int detected_level = -1;
static atomic_int level_cap = -1;

static simd_level detect(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) {
    return SIMD_LEVEL_AVX2;
  }
  if (__builtin_cpu_supports("ssse3")) {
    return SIMD_LEVEL_SSSE3;
  }
  return SIMD_LEVEL_SSE2;
#elif defined(__aarch64__)
  return SIMD_LEVEL_NEON;
#else
  return SIMD_LEVEL_PORTABLE;
#endif
}

simd_level simd_level_detected(void) {
  int level = atomic_load_explicit(&detected_level, memory_order_relaxed);
  if (level < 0) {
    level = (int)detect();
    atomic_store_explicit(&detected_level, level, memory_order_relaxed);
  }
  return (simd_level)level;
}

int simd_level_available(simd_level level) {
  simd_level best = simd_level_detected();
  if (level == SIMD_LEVEL_PORTABLE) {
    return 1;
  }
  if (best == SIMD_LEVEL_NEON || level == SIMD_LEVEL_NEON) {
    return level == best;
  }
  return level <= best;
}

simd_level simd_level_current(void) {
  int cap = atomic_load_explicit(&level_cap, memory_order_relaxed);
  if (cap >= 0 && simd_level_available((simd_level)cap)) {
    return (simd_level)cap;
  }
  return simd_level_detected();
}

void simd_level_cap(simd_level level) {
  atomic_store_explicit(&level_cap, (int)level, memory_order_relaxed);
}
