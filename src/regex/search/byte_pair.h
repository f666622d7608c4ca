/* byte_pair: the candidates where two byte sets sit at fixed distances
 * from a position (PCRE2's character pair, memchr2 at a distance): one
 * vector step compares a block of positions at both offsets and ANDs the
 * results, so a byte text is full of (a path's '/') passes only where the
 * other one (a ':' nine bytes on) follows it. Kernels for SSE2, AVX2 and
 * NEON beside a plain loop, chosen by simd_level when the pair is made. */
#ifndef JRX_SEARCH_BYTE_PAIR_H
#define JRX_SEARCH_BYTE_PAIR_H

#include <stddef.h>
#include <stdint.h>

/* Most bytes in each of the two sets: each costs a compare and an OR a
 * block. */
#define BYTE_PAIR_MAX_BYTES 3u

typedef struct byte_pair byte_pair;

/* The first position p in [from, last] whose bytes at p + offsets[0] and
 * p + offsets[1] are in the sets, or SIZE_MAX; reads nothing past
 * last + the larger offset. */
typedef size_t (*byte_pair_kernel)(const byte_pair *pair, const unsigned char *subject,
                                   size_t from, size_t last);

struct byte_pair {
  uint32_t offsets[2];
  uint32_t counts[2]; /* 1..BYTE_PAIR_MAX_BYTES */
  unsigned char bytes[2][BYTE_PAIR_MAX_BYTES];
  byte_pair_kernel find; /* of the simd level when made */
};

/* Makes the pair of sets bytes[k][0..counts[k]) at offsets[k], with the
 * kernel of simd_level_current(). Returns 0, or -1 if a count is out of
 * range (the pair is then unusable). */
int byte_pair_init(byte_pair *pair, const uint32_t offsets[2], const uint32_t counts[2],
                   const unsigned char bytes[2][BYTE_PAIR_MAX_BYTES]);

static inline size_t byte_pair_find(const byte_pair *pair, const unsigned char *subject,
                                    size_t from, size_t last) {
  return pair->find(pair, subject, from, last);
}

/* The kernels, for tests to compare and for byte_pair_init to choose;
 * each level's exists only on its architecture. */
size_t byte_pair_find_portable(const byte_pair *pair, const unsigned char *subject, size_t from,
                               size_t last);
size_t byte_pair_find_sse2(const byte_pair *pair, const unsigned char *subject, size_t from,
                           size_t last);
size_t byte_pair_find_avx2(const byte_pair *pair, const unsigned char *subject, size_t from,
                           size_t last);
size_t byte_pair_find_neon(const byte_pair *pair, const unsigned char *subject, size_t from,
                           size_t last);

#endif
