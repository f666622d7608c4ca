/* simd_level: which vector instructions the literal searches may use,
 * detected once per process (CPUID on x86-64; NEON is part of arm64).
 * Searchers pick their kernels when a pattern is compiled, so a test can
 * cap the level before compiling and run every kernel on one machine. */
#ifndef JRX_SEARCH_SIMD_LEVEL_H
#define JRX_SEARCH_SIMD_LEVEL_H

typedef enum simd_level {
  SIMD_LEVEL_PORTABLE, /* plain C: no vector kernels */
  SIMD_LEVEL_SSE2,     /* x86-64's baseline: 16-byte compares */
  SIMD_LEVEL_SSSE3,    /* and byte shuffles (pshufb), which Teddy needs */
  SIMD_LEVEL_AVX2,     /* 32-byte vectors */
  SIMD_LEVEL_NEON      /* arm64: 16-byte vectors with shuffles (tbl) */
} simd_level;

/* The best level this CPU has. */
simd_level simd_level_detected(void);

/* The level kernels are chosen for: the detected one, or the cap set by
 * simd_level_cap when that is lower. */
simd_level simd_level_current(void);

/* For tests: kernels chosen from now on use at most level (a level the
 * CPU lacks, or another architecture's, leaves the detected one). */
void simd_level_cap(simd_level level);

/* Whether level is one of this architecture's and the CPU has it. */
int simd_level_available(simd_level level);

#endif
