/* test_utf8_check: the vector UTF-8 checks (search/utf8_check.h) of
 * every level this CPU has against decoding one sequence at a time
 * (utf8_decode, itself checked against PCRE2 by test_utf8): texts of one-
 * to four-byte characters of every length 0-300 at every alignment, each
 * byte in turn replaced by bytes that break it (or not), truncations at
 * the end, and texts against PROT_NONE pages on either side. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "guarded_page.h"
#include "regex/search/simd_level.h"
#include "regex/search/utf8_check.h"
#include "regex/utf8.h"

#define MAX_LENGTH 300
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static const simd_level all_levels[] = {SIMD_LEVEL_SSSE3, SIMD_LEVEL_AVX2, SIMD_LEVEL_NEON};

static uint32_t next_random(uint32_t *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return *seed >> 8;
}

static bool decodes(const unsigned char *text, size_t length) {
  size_t offset = 0;
  while (offset < length) {
    uint32_t code_point;
    size_t sequence = utf8_decode(text + offset, length - offset, &code_point);
    if (sequence == 0) {
      return false;
    }
    offset += sequence;
  }
  return true;
}

/* Valid text of length bytes or a little less: characters of every
 * encoded length, the edges of each (U+0080, U+07FF, U+0800, U+D7FF,
 * U+E000, U+FFFF, U+10000, U+10FFFF) among them. */
static size_t valid_text(uint32_t *seed, unsigned char *out, size_t length) {
  static const uint32_t edges[] = {0x7f,   0x80,   0x7ff,   0x800,   0xd7ff, 0xe000,
                                   0xffff, 0x10000, 0x10ffff, 0x444, 0x592d, 0x1f600};
  size_t used = 0;
  for (;;) {
    uint32_t draw = next_random(seed) % 8;
    uint32_t code_point = draw < 3   ? 0x20 + next_random(seed) % 0x5f
                          : draw < 7 ? edges[next_random(seed) % COUNT_OF(edges)]
                                     : 0x80 + next_random(seed) % 0x10ff7f;
    unsigned char bytes[4];
    size_t encoded = utf8_encode(code_point, bytes);
    if (encoded == 0) {
      continue;
    }
    if (used + encoded > length) {
      return used;
    }
    memcpy(out + used, bytes, encoded);
    used += encoded;
  }
}

static void expect_same(utf8_check_kernel check, const unsigned char *text, size_t length) {
  bool expected = decodes(text, length);
  if (check(text, length) != expected) {
    char hex[3 * 16 + 1] = "";
    for (size_t i = 0; i < length && i < 16; i++) {
      snprintf(hex + 3 * i, 4, " %02x", text[i]);
    }
    fail_msg("level %d: %zu bytes (%s ...): check says %d, decoding %d",
             (int)simd_level_current(), length, hex, !expected, expected);
  }
}

static void test_against_decoding(void **state) {
  (void)state;
  static const unsigned char breakers[] = {0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed,
                                           0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x00, 'a', 0x9f};
  static _Alignas(64) unsigned char buffer[64 + MAX_LENGTH];
  uint32_t seed = 31u;
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    utf8_check_kernel check = utf8_check_kernel_current();
    assert_non_null(check);
    for (size_t length = 0; length <= MAX_LENGTH; length++) {
      unsigned char *text = buffer + length % 64;
      size_t used = valid_text(&seed, text, length);
      expect_same(check, text, used);
      for (size_t cut = used > 4 ? used - 4 : 0; cut < used; cut++) {
        expect_same(check, text, cut);
      }
      for (size_t position = 0; position < used; position += 1 + length / 40) {
        unsigned char kept = text[position];
        for (size_t b = 0; b < COUNT_OF(breakers); b++) {
          text[position] = breakers[b];
          expect_same(check, text, used);
        }
        text[position] = kept;
      }
    }
  }
  simd_level_cap(simd_level_detected());
}

static void test_page_edges(void **state) {
  (void)state;
  guarded_page guarded;
  guarded_page_create(&guarded);
  uint32_t seed = 5u;
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    utf8_check_kernel check = utf8_check_kernel_current();
    for (size_t length = 0; length <= 100; length++) {
      unsigned char text[100];
      size_t used = valid_text(&seed, text, length);
      for (int at_end = 0; at_end < 2; at_end++) {
        unsigned char *subject = guarded_page_subject(&guarded, used, at_end);
        memcpy(subject, text, used);
        expect_same(check, subject, used);
      }
    }
  }
  simd_level_cap(simd_level_detected());
  guarded_page_release(&guarded);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_against_decoding),
      cmocka_unit_test(test_page_edges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
