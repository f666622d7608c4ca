/* fuzz_parse: jrx_compile on arbitrary bytes with arbitrary options. Input
 * layout: byte 0 = compile options (fuzz_options_compile), byte 1 = if not
 * zero, one more option bit, number byte 1 % 32, which may be one jrx does
 * not allow at compile time; the rest is the pattern. Whatever the input,
 * compiling must not crash, leak (LeakSanitizer) or hang (libFuzzer's
 * timeout); a rejection must carry a known code and an offset inside the
 * pattern; a compiled pattern must survive a match against itself. */
#include <stdint.h>
#include <string.h>

#include "fuzz_options.h"
#include "fuzz_report.h"
#include "fuzz_target.h"
#include "jrx.h"

#define TARGET "parse"

#define HEADER_SIZE 2u

/* Every option jrx_compile accepts: the option byte's, and
 * JRX_MATCH_INVALID_UTF and JRX_UCP, which byte 1 can set (bits 24, 25). */
#define COMPILE_OPTIONS (fuzz_options_compile(0xff) | JRX_MATCH_INVALID_UTF | JRX_UCP)

/* jrx_error_message knows the code, and a short buffer gets a NUL-terminated
 * prefix of the same message with the same length returned. */
static void check_message(int code) {
  char message[512];
  int length = jrx_error_message(code, message, sizeof message);
  FUZZ_CHECK(TARGET, length > 0);
  FUZZ_CHECK(TARGET, (size_t)length < sizeof message && strlen(message) == (size_t)length);
  char prefix[8];
  memset(prefix, 'x', sizeof prefix);
  FUZZ_CHECK(TARGET, jrx_error_message(code, prefix, sizeof prefix) == length);
  size_t kept = strlen(prefix);
  FUZZ_CHECK(TARGET, kept == ((size_t)length < sizeof prefix ? (size_t)length : sizeof prefix - 1));
  FUZZ_CHECK(TARGET, memcmp(prefix, message, kept) == 0);
}

/* The pattern text is a subject like any other; matching it exercises the
 * compiled program without needing a reference answer. */
static void check_compiled(const jrx *re, const char *pattern, size_t length) {
  FUZZ_CHECK(TARGET, jrx_engine(re) != NULL);
  uint32_t captures = jrx_capture_count(re);
  /* Every group needs its own "(". */
  FUZZ_CHECK(TARGET, captures <= length);
  size_t pairs = (size_t)captures + 1;
  size_t ovector[2 * 8];
  if (pairs > 8) {
    pairs = 8;
  }
  int rc = jrx_match(re, pattern, length, 0, 0, ovector, pairs);
  /* In UTF mode the pattern was checked to be valid UTF-8, so as a subject
   * it cannot fail the subject check. */
  FUZZ_CHECK(TARGET, rc >= 0 || rc == JRX_NOMATCH);
  if (rc >= 0) {
    size_t set = rc > 0 ? (size_t)rc : pairs;
    FUZZ_CHECK(TARGET, ovector[0] <= ovector[1] && ovector[1] <= length);
    for (size_t i = 1; i < set; i++) {
      if (ovector[2 * i] != JRX_UNSET) {
        FUZZ_CHECK(TARGET, ovector[2 * i] <= ovector[2 * i + 1] && ovector[2 * i + 1] <= length);
      }
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < HEADER_SIZE) {
    return 0;
  }
  uint32_t options = fuzz_options_compile(data[0]);
  if (data[1] != 0) {
    options |= 1u << (data[1] % 32);
  }
  const char *pattern = (const char *)data + HEADER_SIZE;
  size_t length = size - HEADER_SIZE;
  int code = 1;
  size_t offset = SIZE_MAX;
  jrx *re = jrx_compile(pattern, length, options, &code, &offset);
  if ((options & ~COMPILE_OPTIONS) != 0) {
    FUZZ_CHECK(TARGET, re == NULL && code == JRX_ERROR_BAD_COMPILE_OPTION);
  }
  if (re != NULL) {
    FUZZ_CHECK(TARGET, code == 0);
    check_compiled(re, pattern, length);
    jrx_free(re);
    return 0;
  }
  FUZZ_CHECK(TARGET, code < 0 && code != JRX_NOMATCH);
  FUZZ_CHECK(TARGET, offset <= length);
  check_message(code);
  return 0;
}
