/* Tests of utf8: encode/decode round trips for every code point, and
 * validation compared with PCRE2's own UTF-8 check (validity and error
 * offset) over every 1- and 2-byte string, every 3-byte string with a
 * 3-byte lead, the 4-byte boundaries, and random strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "regex/utf8.h"

#define MAX_CODE_POINT 0x10ffffu
#define MAX_TEST_LENGTH 100
#define RANDOM_STRING_COUNT 20000

/* PCRE2's verdict: an empty UTF pattern matches any valid subject at once;
 * for an invalid one pcre2_get_startchar() gives the bad character's
 * offset. Texts under test are copied to the end of a heap block so that
 * AddressSanitizer reports any read past their length. */
typedef struct oracle_fixture {
  pcre2_code *code;
  pcre2_match_data *match_data;
  unsigned char *block; /* MAX_TEST_LENGTH bytes */
} oracle_fixture;

static const unsigned char *fit(oracle_fixture *oracle, const unsigned char *bytes, size_t length) {
  unsigned char *start = oracle->block + MAX_TEST_LENGTH - length;
  if (length > 0) {
    memcpy(start, bytes, length);
  }
  return start;
}

static int setup_oracle(void **state) {
  oracle_fixture *oracle = calloc(1, sizeof *oracle);
  if (oracle == NULL) {
    return -1;
  }
  int error_code;
  PCRE2_SIZE error_offset;
  oracle->code = pcre2_compile((PCRE2_SPTR) "", 0, PCRE2_UTF, &error_code, &error_offset, NULL);
  oracle->match_data = pcre2_match_data_create(1, NULL);
  oracle->block = malloc(MAX_TEST_LENGTH);
  *state = oracle;
  return oracle->code != NULL && oracle->match_data != NULL && oracle->block != NULL ? 0 : -1;
}

static int teardown_oracle(void **state) {
  oracle_fixture *oracle = *state;
  pcre2_code_free(oracle->code);
  pcre2_match_data_free(oracle->match_data);
  free(oracle->block);
  free(oracle);
  return 0;
}

/* Checks utf8_validate, and utf8_decode at each sequence start, against
 * PCRE2 for bytes[0..length). */
static void check_against_pcre2(oracle_fixture *oracle, const unsigned char *bytes, size_t length) {
  const unsigned char *text = fit(oracle, bytes, length);
  int status = pcre2_match(oracle->code, text, length, 0, 0, oracle->match_data, NULL);
  int pcre2_valid = status >= 0;
  if (!pcre2_valid) {
    assert_true(status <= PCRE2_ERROR_UTF8_ERR1 && status >= PCRE2_ERROR_UTF8_ERR21);
  }
  size_t error_offset = SIZE_MAX;
  int valid = utf8_validate(text, length, &error_offset);
  if (valid != pcre2_valid || (!valid && error_offset != pcre2_get_startchar(oracle->match_data))) {
    char hex[3 * MAX_TEST_LENGTH + 1] = "";
    for (size_t index = 0; index < length; index++) {
      snprintf(hex + 3 * index, 4, " %02x", bytes[index]);
    }
    fail_msg("bytes%s: PCRE2 says %d at %zu, utf8_validate %d at %zu", hex, pcre2_valid,
             (size_t)pcre2_get_startchar(oracle->match_data), valid, error_offset);
  }
  size_t end = valid ? length : error_offset;
  size_t offset = 0;
  while (offset < end) {
    uint32_t code_point;
    size_t sequence_length = utf8_decode(text + offset, length - offset, &code_point);
    assert_true(sequence_length > 0);
    offset += sequence_length;
  }
  assert_int_equal(offset, end);
  if (!valid) {
    uint32_t code_point;
    assert_int_equal(utf8_decode(text + offset, length - offset, &code_point), 0);
  }
}

static size_t expected_length(uint32_t code_point) {
  return code_point < 0x80u ? 1 : code_point < 0x800u ? 2 : code_point < 0x10000u ? 3 : 4;
}

static void test_round_trip_every_code_point(void **state) {
  oracle_fixture *oracle = *state;
  for (uint32_t code_point = 0; code_point <= MAX_CODE_POINT; code_point++) {
    unsigned char bytes[4];
    size_t length = utf8_encode(code_point, bytes);
    if (code_point >= 0xd800u && code_point <= 0xdfffu) {
      assert_int_equal(length, 0);
      continue;
    }
    assert_int_equal(length, expected_length(code_point));
    uint32_t decoded = UINT32_MAX;
    assert_int_equal(utf8_decode(fit(oracle, bytes, length), length, &decoded), length);
    assert_int_equal(decoded, code_point);
    for (size_t truncated = 0; truncated < length; truncated++) {
      assert_int_equal(utf8_decode(fit(oracle, bytes, truncated), truncated, &decoded), 0);
    }
  }
  static const uint32_t unencodable[] = {MAX_CODE_POINT + 1, 0x1fffffu, 0x7fffffffu, UINT32_MAX};
  for (size_t index = 0; index < sizeof unencodable / sizeof unencodable[0]; index++) {
    unsigned char bytes[4];
    assert_int_equal(utf8_encode(unencodable[index], bytes), 0);
  }
}

static void test_empty_text(void **state) {
  (void)state;
  uint32_t code_point = 0;
  size_t error_offset = 7;
  assert_int_equal(utf8_decode(NULL, 0, &code_point), 0);
  assert_int_equal(utf8_validate(NULL, 0, &error_offset), 1);
  assert_int_equal(error_offset, 7);
}

static void test_every_one_and_two_byte_string(void **state) {
  for (unsigned first = 0; first < 256; first++) {
    unsigned char bytes[2] = {(unsigned char)first, 0};
    check_against_pcre2(*state, bytes, 1);
    for (unsigned second = 0; second < 256; second++) {
      bytes[1] = (unsigned char)second;
      check_against_pcre2(*state, bytes, 2);
    }
  }
}

static void test_every_three_byte_string_with_a_three_byte_lead(void **state) {
  for (unsigned lead = 0xe0; lead <= 0xef; lead++) {
    for (unsigned second = 0; second < 256; second++) {
      for (unsigned third = 0; third < 256; third++) {
        unsigned char bytes[3] = {(unsigned char)lead, (unsigned char)second, (unsigned char)third};
        check_against_pcre2(*state, bytes, 3);
      }
    }
  }
}

/* In a 4-byte sequence the second byte carries the overlong and U+10FFFF
 * limits, so it takes every value; for the last two only being or not
 * being a continuation byte matters: both edges of 0x80..0xbf, ASCII, and
 * bytes that start sequences (which must not resynchronize early). */
static const unsigned char third_bytes[] = {0x00, 0x7f, 0x80, 0x8f, 0x90, 0xbf, 0xc0, 0xe0, 0xf4, 0xff};
static const unsigned char final_bytes[] = {0x41, 0x80, 0xbf, 0xc0, 0xf0};

static void test_four_byte_boundaries(void **state) {
  for (unsigned lead = 0xf0; lead <= 0xff; lead++) {
    for (unsigned second = 0; second < 256; second++) {
      for (size_t third = 0; third < sizeof third_bytes; third++) {
        for (size_t fourth = 0; fourth < sizeof final_bytes; fourth++) {
          unsigned char bytes[4] = {(unsigned char)lead, (unsigned char)second,
                                    third_bytes[third], final_bytes[fourth]};
          check_against_pcre2(*state, bytes, 4);
        }
      }
    }
  }
}

static uint32_t next_random(uint32_t *seed) {
  *seed ^= *seed << 13;
  *seed ^= *seed >> 17;
  *seed ^= *seed << 5;
  return *seed;
}

/* Mostly valid text with occasional damage, so that errors show up at
 * every offset and after every kind of sequence. */
static void test_random_strings(void **state) {
  uint32_t seed = 0x2545f491u;
  for (size_t round = 0; round < RANDOM_STRING_COUNT; round++) {
    unsigned char bytes[MAX_TEST_LENGTH];
    size_t length = 0;
    size_t target = next_random(&seed) % (MAX_TEST_LENGTH - 3);
    while (length < target) {
      uint32_t choice = next_random(&seed);
      if (choice % 8 == 0) {
        bytes[length++] = (unsigned char)(choice >> 8);
      } else {
        uint32_t code_point = (choice >> 8) % (choice % 2 ? 0x800u : MAX_CODE_POINT + 1);
        length += utf8_encode(code_point, bytes + length);
      }
    }
    if (length > 0 && next_random(&seed) % 4 == 0) {
      length -= 1; /* truncate the last sequence */
    }
    check_against_pcre2(*state, bytes, length);
  }
}

/* Runs of ASCII (which utf8_validate passes eight and thirty-two bytes
 * at a time) and of two-byte characters, with a character or a damaged
 * byte at every position, so an error or a longer character falls at
 * each offset of a word and across words. */
static void test_mostly_ascii_strings(void **state) {
  static const unsigned char inserts[][4] = {
      {0xd0, 0x96}, {0xe2, 0x82, 0xac}, {0xf0, 0x9f, 0x98, 0x80}, {0xff}, {0x80}, {0xc3}, {0xe2, 0x82},
  };
  static const size_t insert_lengths[] = {2, 3, 4, 1, 1, 1, 2};
  for (size_t length = 0; length <= MAX_TEST_LENGTH - 4; length++) {
    for (size_t at = 0; at <= length; at++) {
      for (size_t kind = 0; kind < sizeof insert_lengths / sizeof insert_lengths[0]; kind++) {
        unsigned char bytes[MAX_TEST_LENGTH];
        size_t total = length > at + insert_lengths[kind] ? length : at + insert_lengths[kind];
        memset(bytes, 'a', length);
        memcpy(bytes + at, inserts[kind], insert_lengths[kind]);
        check_against_pcre2(*state, bytes, total);
        /* The same in Cyrillic (D0 B0 repeated), odd and even offsets. */
        for (size_t index = 0; index < length; index++) {
          bytes[index] = index % 2 ? 0xb0 : 0xd0;
        }
        memcpy(bytes + at, inserts[kind], insert_lengths[kind]);
        check_against_pcre2(*state, bytes, total);
      }
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip_every_code_point),
      cmocka_unit_test(test_empty_text),
      cmocka_unit_test(test_every_one_and_two_byte_string),
      cmocka_unit_test(test_every_three_byte_string_with_a_three_byte_lead),
      cmocka_unit_test(test_four_byte_boundaries),
      cmocka_unit_test(test_random_strings),
      cmocka_unit_test(test_mostly_ascii_strings),
  };
  return cmocka_run_group_tests(tests, setup_oracle, teardown_oracle);
}
