/* test_random: the xorshift64 generator the arm64 tests draw inputs from.
 * Seeds are fixed in each test, so any failure reproduces exactly. */
#ifndef JRX_TESTS_ARM64_TEST_RANDOM_H
#define JRX_TESTS_ARM64_TEST_RANDOM_H

#include <stdint.h>

/* Advances *state (never 0) and returns the new value. */
static inline uint64_t test_random_next(uint64_t *state) {
  uint64_t x = *state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *state = x;
  return x;
}

#endif
