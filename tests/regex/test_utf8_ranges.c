/* Tests of utf8_ranges: for ranges at every encoding boundary, around the
 * surrogate gap, the full range and random ranges, every byte string the
 * sequences match must be the encoding of a code point in the range, every
 * code point in and near the range must be matched exactly as often as it
 * belongs to it, and no two sequences may be mergeable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/utf8.h"
#include "regex/utf8_ranges.h"

#define MAX_CODE_POINT 0x10ffffu
#define NEIGHBOURHOOD 0x100u
#define MAX_SEQUENCES 64
#define RANDOM_RANGE_COUNT 40

typedef struct sequence {
  utf8_byte_range bytes[UTF8_RANGES_MAX_LENGTH];
  size_t length;
} sequence;

typedef struct sequence_list {
  sequence items[MAX_SEQUENCES];
  size_t count;
} sequence_list;

static int collect(void *context, const utf8_byte_range *bytes, size_t length) {
  sequence_list *list = context;
  assert_true(length >= 1 && length <= UTF8_RANGES_MAX_LENGTH);
  assert_true(list->count < MAX_SEQUENCES);
  memcpy(list->items[list->count].bytes, bytes, length * sizeof bytes[0]);
  list->items[list->count].length = length;
  list->count++;
  return 0;
}

static void split(uint32_t low, uint32_t high, sequence_list *list) {
  list->count = 0;
  assert_int_equal(utf8_ranges_split(low, high, collect, list), 0);
}

static int sequence_matches(const sequence *item, const unsigned char *bytes, size_t length) {
  if (length != item->length) {
    return 0;
  }
  for (size_t position = 0; position < length; position++) {
    if (bytes[position] < item->bytes[position].low || bytes[position] > item->bytes[position].high) {
      return 0;
    }
  }
  return 1;
}

/* Every byte string a sequence matches decodes, in full, to a code point
 * of [low, high]; sequences come in increasing code point order. */
static void check_sound(const sequence_list *list, uint32_t low, uint32_t high) {
  uint32_t previous_last = 0;
  for (size_t index = 0; index < list->count; index++) {
    const sequence *item = &list->items[index];
    unsigned char bytes[UTF8_RANGES_MAX_LENGTH];
    for (size_t position = 0; position < item->length; position++) {
      assert_true(item->bytes[position].low <= item->bytes[position].high);
      bytes[position] = item->bytes[position].low;
    }
    uint32_t first = UINT32_MAX;
    uint32_t code_point = 0;
    for (;;) {
      assert_int_equal(utf8_decode(bytes, item->length, &code_point), item->length);
      assert_true(code_point >= low && code_point <= high);
      if (first == UINT32_MAX) {
        first = code_point;
        assert_true(index == 0 || first > previous_last);
      }
      size_t position = item->length;
      while (position > 0 && bytes[position - 1] == item->bytes[position - 1].high) {
        position--;
        bytes[position] = item->bytes[position].low;
      }
      if (position == 0) {
        break;
      }
      bytes[position - 1]++;
    }
    previous_last = code_point;
  }
}

/* Every code point in [low, high] and its neighbourhood is matched by one
 * sequence if it is in the range (and not a surrogate), by none otherwise. */
static void check_complete(const sequence_list *list, uint32_t low, uint32_t high) {
  uint32_t from = low > NEIGHBOURHOOD ? low - NEIGHBOURHOOD : 0;
  uint32_t to = high < MAX_CODE_POINT - NEIGHBOURHOOD ? high + NEIGHBOURHOOD : MAX_CODE_POINT;
  for (uint32_t code_point = from; code_point <= to; code_point++) {
    unsigned char bytes[UTF8_RANGES_MAX_LENGTH];
    size_t length = utf8_encode(code_point, bytes);
    if (length == 0) {
      continue;
    }
    size_t matched = 0;
    for (size_t index = 0; index < list->count; index++) {
      matched += (size_t)sequence_matches(&list->items[index], bytes, length);
    }
    if (matched != (code_point >= low && code_point <= high)) {
      fail_msg("[%x, %x]: U+%04X matched by %zu sequences", (unsigned)low, (unsigned)high,
               (unsigned)code_point, matched);
    }
  }
}

/* Two sequences that differ only at one position, where their byte ranges
 * touch, should have been emitted as one. */
static void check_unmergeable(const sequence_list *list) {
  for (size_t first = 0; first < list->count; first++) {
    for (size_t second = first + 1; second < list->count; second++) {
      const sequence *left = &list->items[first];
      const sequence *right = &list->items[second];
      if (left->length != right->length) {
        continue;
      }
      size_t differences = 0;
      int touching = 0;
      for (size_t position = 0; position < left->length; position++) {
        const utf8_byte_range *a = &left->bytes[position];
        const utf8_byte_range *b = &right->bytes[position];
        if (a->low != b->low || a->high != b->high) {
          differences++;
          touching = a->high + 1 == b->low || b->high + 1 == a->low;
        }
      }
      assert_false(differences == 1 && touching);
    }
  }
}

static void check_range(uint32_t low, uint32_t high) {
  sequence_list *list = malloc(sizeof *list);
  assert_non_null(list);
  split(low, high, list);
  check_sound(list, low, high);
  check_complete(list, low, high);
  check_unmergeable(list);
  free(list);
}

static void test_boundary_ranges(void **state) {
  (void)state;
  static const uint32_t ranges[][2] = {
      {0, 0},           {0x41, 0x41},     {0, 0x7f},          {0x7f, 0x80},
      {0x70, 0x90},     {0x80, 0x7ff},    {0x7ff, 0x800},     {0x7c0, 0x83f},
      {0x801, 0xffe},   {0xfff, 0x1000},  {0x1234, 0x5678},   {0xd7ff, 0xe000},
      {0xd000, 0xd900}, {0xd900, 0xe0ff}, {0xdfff, 0xdfff + 1}, {0xfffe, 0x10001},
      {0xffff, 0x10000}, {0x10000, 0x3ffff}, {0x3ffff, 0x40000}, {0x10ffff, 0x10ffff},
      {0x12345, 0xfedcb}, {0x80, MAX_CODE_POINT}, {0, MAX_CODE_POINT},
  };
  for (size_t index = 0; index < sizeof ranges / sizeof ranges[0]; index++) {
    check_range(ranges[index][0], ranges[index][1]);
  }
}

static void test_random_ranges(void **state) {
  (void)state;
  uint32_t seed = 0x9e3779b9u;
  for (size_t round = 0; round < RANDOM_RANGE_COUNT; round++) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    uint32_t low = seed % (MAX_CODE_POINT + 1);
    uint32_t width = (seed >> 3) & ((UINT32_C(1) << (seed % 18)) - 1);
    uint32_t high = width > MAX_CODE_POINT - low ? MAX_CODE_POINT : low + width;
    check_range(low, high);
  }
}

/* The whole code space needs one sequence per distinct lead-byte window:
 * the table of well-formed UTF-8 in the Unicode Standard (table 3-7). */
static void test_full_range_is_the_well_formed_table(void **state) {
  (void)state;
  static const sequence expected[] = {
      {{{0x00, 0x7f}}, 1},
      {{{0xc2, 0xdf}, {0x80, 0xbf}}, 2},
      {{{0xe0, 0xe0}, {0xa0, 0xbf}, {0x80, 0xbf}}, 3},
      {{{0xe1, 0xec}, {0x80, 0xbf}, {0x80, 0xbf}}, 3},
      {{{0xed, 0xed}, {0x80, 0x9f}, {0x80, 0xbf}}, 3},
      {{{0xee, 0xef}, {0x80, 0xbf}, {0x80, 0xbf}}, 3},
      {{{0xf0, 0xf0}, {0x90, 0xbf}, {0x80, 0xbf}, {0x80, 0xbf}}, 4},
      {{{0xf1, 0xf3}, {0x80, 0xbf}, {0x80, 0xbf}, {0x80, 0xbf}}, 4},
      {{{0xf4, 0xf4}, {0x80, 0x8f}, {0x80, 0xbf}, {0x80, 0xbf}}, 4},
  };
  sequence_list *list = malloc(sizeof *list);
  assert_non_null(list);
  split(0, MAX_CODE_POINT, list);
  assert_int_equal(list->count, sizeof expected / sizeof expected[0]);
  for (size_t index = 0; index < list->count; index++) {
    assert_int_equal(list->items[index].length, expected[index].length);
    assert_memory_equal(list->items[index].bytes, expected[index].bytes,
                        expected[index].length * sizeof expected[index].bytes[0]);
  }
  free(list);
}

static void test_surrogates_only_emit_nothing(void **state) {
  (void)state;
  sequence_list list;
  split(0xd800, 0xdfff, &list);
  assert_int_equal(list.count, 0);
  split(0xdabc, 0xdabc, &list);
  assert_int_equal(list.count, 0);
}

static void test_invalid_arguments(void **state) {
  (void)state;
  sequence_list list = {.count = 0};
  assert_int_equal(utf8_ranges_split(0x42, 0x41, collect, &list), JRX_ERROR_INTERNAL);
  assert_int_equal(utf8_ranges_split(0, MAX_CODE_POINT + 1, collect, &list), JRX_ERROR_INTERNAL);
  assert_int_equal(list.count, 0);
}

typedef struct stopping_emitter {
  size_t calls;
  size_t stop_at;
} stopping_emitter;

static int stop_after(void *context, const utf8_byte_range *bytes, size_t length) {
  (void)bytes;
  (void)length;
  stopping_emitter *emitter = context;
  emitter->calls++;
  return emitter->calls == emitter->stop_at ? 42 : 0;
}

static void test_emit_failure_stops_the_split(void **state) {
  (void)state;
  for (size_t stop_at = 1; stop_at <= 9; stop_at++) {
    stopping_emitter emitter = {0, stop_at};
    assert_int_equal(utf8_ranges_split(0, MAX_CODE_POINT, stop_after, &emitter), 42);
    assert_int_equal(emitter.calls, stop_at);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_boundary_ranges),
      cmocka_unit_test(test_random_ranges),
      cmocka_unit_test(test_full_range_is_the_well_formed_table),
      cmocka_unit_test(test_surrogates_only_emit_nothing),
      cmocka_unit_test(test_invalid_arguments),
      cmocka_unit_test(test_emit_failure_stops_the_split),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
