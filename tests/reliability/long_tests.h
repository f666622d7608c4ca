/* long_tests: whether the long variants of the reliability tests were asked
 * for (JRX_LONG_TESTS=1). CI runs the short ones, which stay well under a
 * minute in total under qemu. */
#ifndef RELIABILITY_LONG_TESTS_H
#define RELIABILITY_LONG_TESTS_H

#include <stdlib.h>
#include <string.h>

static inline int reliability_long_tests(void) {
  const char *value = getenv("JRX_LONG_TESTS");
  return value != NULL && strcmp(value, "1") == 0;
}

#endif
