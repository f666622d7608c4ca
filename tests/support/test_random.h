/* test_random: the pseudo-random numbers of the generated tests. A 64-bit
 * linear congruential generator (Knuth's MMIX constants) on a state the
 * test owns: the same seed gives the same sequence on every host and in
 * both builds, so a failure a seed shows reproduces anywhere. The high bits
 * are used, as the low bits of an LCG have short periods. */
#ifndef JRX_TEST_RANDOM_H
#define JRX_TEST_RANDOM_H

#include <stdint.h>

/* A number below bound (not 0), advancing *state. */
static inline uint32_t test_random_below(uint64_t *state, uint32_t bound) {
  *state = *state * 6364136223846793005u + 1442695040888963407u;
  return (uint32_t)((*state >> 33) % bound);
}

#endif
