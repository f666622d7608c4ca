/* reliability_compile: compile-or-fail for the reliability tests. Long
 * patterns are named by their first 60 bytes and their length. */
#include "reliability_compile.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

const uint32_t reliability_engine_options[RELIABILITY_ENGINE_COUNT] = {0, JRX_NO_JIT};

jrx *reliability_compile(const char *pattern, size_t length, uint32_t options) {
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(pattern, length, options, &error, &offset);
  if (re == NULL) {
    fail_msg("/%.*s/ (%zu bytes) options %#x: error %d at %zu", (int)(length < 60 ? length : 60),
             pattern, length, (unsigned)options, error, offset);
  }
  return re;
}
