/* test_byte_ranges: the block test of a loop's bytes (byte_ranges.h).
 * Which sets qualify and with which intervals (\w, \s, \S, one interval,
 * five, every byte); then byte_ranges_find_leaving against a byte loop
 * over random sets of one to six intervals and random subjects, from
 * every start to every limit, flush against unmapped pages on either side
 * so that a read outside [start, limit) faults. With SSE2 it must find
 * every byte that leaves in the whole blocks before limit; elsewhere it
 * must not move. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "guarded_page.h"
#include "regex/byte_ranges.h"
#include "test_random.h"

#define MAX_LENGTH 80u

static void set_interval(uint8_t stays[256], unsigned low, unsigned high) {
  for (unsigned byte = low; byte <= high; byte++) {
    stays[byte] = 1;
  }
}

/* The interval count and the flip byte_ranges_of gives the set. */
static void expect_ranges(const uint8_t stays[256], uint32_t count, uint32_t flip) {
  byte_ranges ranges;
  byte_ranges_of(stays, &ranges);
  assert_int_equal(ranges.count, count);
  if (count != 0) {
    assert_int_equal(ranges.flip, flip);
  }
}

static void which_sets_qualify(void **state) {
  (void)state;
  uint8_t word[256] = {0};
  set_interval(word, '0', '9');
  set_interval(word, 'A', 'Z');
  set_interval(word, '_', '_');
  set_interval(word, 'a', 'z');
  expect_ranges(word, 4, 0xffffu);
  uint8_t space[256] = {0};
  set_interval(space, '\t', '\r');
  set_interval(space, ' ', ' ');
  expect_ranges(space, 2, 0xffffu);
  uint8_t not_space[256];
  for (unsigned byte = 0; byte < 256u; byte++) {
    not_space[byte] = (uint8_t)!space[byte];
  }
  expect_ranges(not_space, 2, 0);
  uint8_t lower[256] = {0};
  set_interval(lower, 'a', 'z');
  expect_ranges(lower, 2, 0xffffu); /* the one interval twice */
  uint8_t three[256] = {0};
  set_interval(three, 'a', 'c');
  set_interval(three, 'x', 'x');
  set_interval(three, '0', '1');
  expect_ranges(three, 4, 0xffffu);
  uint8_t five[256] = {0};
  for (unsigned i = 0; i < 5; i++) {
    set_interval(five, 'a' + 2 * i, 'a' + 2 * i);
  }
  expect_ranges(five, 0, 0);
  uint8_t every[256];
  memset(every, 1, sizeof every);
  expect_ranges(every, 2, 0xffffu);
}

/* A set of one to six random intervals, and its byte table. */
static void random_set(uint64_t *random, uint8_t stays[256]) {
  memset(stays, 0, 256);
  uint32_t intervals = 1 + test_random_below(random, 6);
  for (uint32_t i = 0; i < intervals; i++) {
    unsigned low = test_random_below(random, 256);
    unsigned high = low + test_random_below(random, 256 - low > 24 ? 24 : 256 - low);
    set_interval(stays, low, high);
  }
}

/* Mostly bytes that stay, in runs longer than a block now and then. */
static void random_subject(uint64_t *random, const uint8_t stays[256], unsigned char *subject,
                           size_t length) {
  unsigned char inside[256];
  unsigned char outside[256];
  size_t inside_count = 0;
  size_t outside_count = 0;
  for (unsigned byte = 0; byte < 256u; byte++) {
    if (stays[byte]) {
      inside[inside_count++] = (unsigned char)byte;
    } else {
      outside[outside_count++] = (unsigned char)byte;
    }
  }
  uint32_t leaving_one_in = 2 + test_random_below(random, 40);
  for (size_t i = 0; i < length; i++) {
    int leave = outside_count != 0 &&
                (inside_count == 0 || test_random_below(random, leaving_one_in) == 0);
    subject[i] = leave ? outside[test_random_below(random, (uint32_t)outside_count)]
                       : inside[test_random_below(random, (uint32_t)inside_count)];
  }
}

static void check_scan(const byte_ranges *ranges, const uint8_t stays[256],
                       const unsigned char *subject, size_t start, size_t limit) {
  size_t expected = start;
  while (expected < limit && stays[subject[expected]]) {
    expected++;
  }
  size_t position = start;
  int found = byte_ranges_find_leaving(ranges, subject, &position, limit);
  if (found) {
    assert_int_equal(position, expected);
    return;
  }
  /* Stopped short of a block: every byte passed stays, and the byte loop
   * takes it from there. */
  assert_true(position >= start && position <= expected);
#ifdef __SSE2__
  if (ranges->count != 0) {
    assert_true(limit - position < BYTE_RANGES_BLOCK);
    return;
  }
#endif
  assert_int_equal(position, start);
}

static void scans_equal_a_byte_loop(void **state) {
  (void)state;
  uint64_t random = 7;
  guarded_page guarded;
  guarded_page_create(&guarded);
  size_t qualified = 0;
  for (int round = 0; round < 400; round++) {
    uint8_t stays[256];
    random_set(&random, stays);
    byte_ranges ranges;
    byte_ranges_of(stays, &ranges);
    qualified += ranges.count != 0;
    size_t length = test_random_below(&random, MAX_LENGTH + 1);
    for (int at_end = 0; at_end < 2; at_end++) {
      unsigned char *subject = guarded_page_subject(&guarded, length, at_end);
      random_subject(&random, stays, subject, length);
      for (size_t start = 0; start <= length; start++) {
        for (size_t limit = start; limit <= length; limit++) {
          check_scan(&ranges, stays, subject, start, limit);
        }
      }
    }
  }
  guarded_page_release(&guarded);
  assert_true(qualified > 100);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(which_sets_qualify),
      cmocka_unit_test(scans_equal_a_byte_loop),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
