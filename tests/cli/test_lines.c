/* jrxgrep's lines.c against plain byte loops: lines_count at every start
 * alignment and every length up to 300, with the line end byte and its
 * neighbours (bits that differ by one, 0x00/0xff) dense and sparse, and
 * reading right up to an inaccessible page; lines_valid_utf8_prefix on
 * valid text with an error placed at every offset. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/lines.h"

enum { TEXT_LENGTH = 300, ALIGNMENTS = 16 };

static size_t plain_count(const char *text, size_t length, char eol) {
  size_t count = 0;
  for (size_t i = 0; i < length; i++) {
    count += text[i] == eol;
  }
  return count;
}

static uint32_t next_random(uint32_t *seed) {
  *seed ^= *seed << 13;
  *seed ^= *seed >> 17;
  *seed ^= *seed << 5;
  return *seed;
}

/* Bytes drawn from eol, its neighbours and 0x80-flipped twin, and filler. */
static void fill(char *text, size_t length, char eol, unsigned density, uint32_t *seed) {
  const char near[] = {eol, (char)(eol ^ 1), (char)(eol ^ 0x80), (char)0xff, 0, 'a'};
  for (size_t i = 0; i < length; i++) {
    uint32_t choice = next_random(seed);
    text[i] = choice % 100 < density ? near[(choice >> 8) % sizeof near] : (char)(choice >> 16);
  }
}

static void test_count_every_alignment_and_length(void **state) {
  (void)state;
  static char buffer[TEXT_LENGTH + ALIGNMENTS];
  uint32_t seed = 0x9e3779b9u;
  const char ends[] = {'\n', '\0', (char)0x80, (char)0xff};
  for (size_t end = 0; end < sizeof ends; end++) {
    for (unsigned density = 0; density <= 100; density += 25) {
      fill(buffer, sizeof buffer, ends[end], density, &seed);
      for (size_t alignment = 0; alignment < ALIGNMENTS; alignment++) {
        for (size_t length = 0; length + alignment <= sizeof buffer && length <= TEXT_LENGTH;
             length++) {
          const char *text = buffer + alignment;
          assert_int_equal(lines_count(text, length, ends[end]),
                           plain_count(text, length, ends[end]));
        }
      }
    }
  }
}

/* The last byte counted is the last byte of a page whose successor is
 * inaccessible: the eight-byte loads must stay inside the text. */
static void test_count_up_to_an_inaccessible_page(void **state) {
  (void)state;
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  char *pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(pages != MAP_FAILED);
  assert_int_equal(mprotect(pages + page, page, PROT_NONE), 0);
  memset(pages, '\n', page);
  for (size_t length = 0; length <= 100; length++) {
    assert_int_equal(lines_count(pages + page - length, length, '\n'), length);
  }
  munmap(pages, 2 * page);
}

static void test_valid_utf8_prefix_stops_at_each_error(void **state) {
  (void)state;
  /* ASCII and two- and three-byte characters, then an error at each place. */
  static const char valid[] = "plain ascii text \xd0\x96\xd0\xb8\xd0\xb7\xd0\xbd\xd1\x8c and "
                              "\xe2\x82\xac euro \xf0\x9f\x98\x80 end of text";
  size_t length = sizeof valid - 1;
  assert_int_equal(lines_valid_utf8_prefix(valid, length), length);
  char text[sizeof valid];
  for (size_t at = 0; at < length; at++) {
    /* Only at a character start: a stray continuation byte is an error
     * there, and the prefix before it is valid. */
    if (((unsigned char)valid[at] & 0xc0) == 0x80) {
      continue;
    }
    memcpy(text, valid, length);
    text[at] = (char)0x80;
    assert_int_equal(lines_valid_utf8_prefix(text, length), at);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_count_every_alignment_and_length),
      cmocka_unit_test(test_count_up_to_an_inaccessible_page),
      cmocka_unit_test(test_valid_utf8_prefix_stops_at_each_error),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
