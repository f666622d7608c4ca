/* test_error_message: jrx_error_message for every return code that
 * include/jrx.h declares (read from the header itself, so codes added
 * later are covered): non-empty, distinct messages; snprintf-style
 * truncation that always terminates; unknown codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "oracle_names.h"
#include "oracle_text.h"
#include "unsupported_construct.h"

#ifndef JRX_INCLUDE_DIR
#error "JRX_INCLUDE_DIR must name the directory holding jrx.h"
#endif

#define MAX_CODES 256

typedef struct declared_code {
  char name[64];
  int code;
} declared_code;

/* Collects every "JRX_NOMATCH = -N" and "JRX_ERROR_X = -N" of jrx.h. */
static size_t read_declared_codes(declared_code *codes, size_t capacity) {
  FILE *header = fopen(JRX_INCLUDE_DIR "/jrx.h", "rb");
  assert_non_null(header);
  oracle_text line;
  oracle_text_init(&line);
  size_t count = 0;
  while (oracle_text_read_line(&line, header) > 0) {
    const char *text = oracle_text_string(&line);
    while (*text == ' ') text++;
    if (strncmp(text, "JRX_ERROR_", 10) != 0 && strncmp(text, "JRX_NOMATCH", 11) != 0) continue;
    declared_code entry;
    int value = 0;
    if (sscanf(text, "%63[A-Z0-9_] = %d", entry.name, &value) != 2) continue;
    entry.code = value;
    assert_true(count < capacity);
    codes[count++] = entry;
  }
  assert_false(oracle_text_failed(&line));
  oracle_text_release(&line);
  fclose(header);
  return count;
}

static void test_every_declared_code_has_a_distinct_message(void **state) {
  (void)state;
  declared_code codes[MAX_CODES];
  size_t count = read_declared_codes(codes, MAX_CODES);
  assert_true(count >= 50);
  static char messages[MAX_CODES][256];
  for (size_t i = 0; i < count; i++) {
    int length = jrx_error_message(codes[i].code, messages[i], sizeof messages[i]);
    if (length <= 0) printf("%s (%d) has no message\n", codes[i].name, codes[i].code);
    assert_true(length > 0);
    assert_int_equal((size_t)length, strlen(messages[i]));
    assert_true((size_t)length < sizeof messages[i]);
    for (size_t j = 0; j < i; j++) {
      if (strcmp(messages[i], messages[j]) == 0) {
        printf("%s and %s share the message \"%s\"\n", codes[i].name, codes[j].name, messages[i]);
      }
      assert_int_not_equal(codes[i].code, codes[j].code);
      assert_string_not_equal(messages[i], messages[j]);
    }
  }
}

/* The oracle tests' name table must know every declared code by the name
 * jrx.h gives it, or their reports would name the wrong error. */
static void test_name_table_matches_the_header(void **state) {
  (void)state;
  declared_code codes[MAX_CODES];
  size_t count = read_declared_codes(codes, MAX_CODES);
  for (size_t i = 0; i < count; i++) {
    int code = 0;
    if (!oracle_error_code(codes[i].name, &code) || code != codes[i].code) {
      printf("oracle_names.c does not know %s = %d\n", codes[i].name, codes[i].code);
    }
    assert_true(oracle_error_code(codes[i].name, &code));
    assert_int_equal(code, codes[i].code);
  }
}

static void test_unsupported_constructs_say_why(void **state) {
  (void)state;
  declared_code codes[MAX_CODES];
  size_t count = read_declared_codes(codes, MAX_CODES);
  size_t unsupported = 0;
  char message[256];
  for (size_t i = 0; i < count; i++) {
    if (!unsupported_construct_code(codes[i].code)) continue;
    assert_true(jrx_error_message(codes[i].code, message, sizeof message) > 0);
    if (strstr(message, "not supported") == NULL) printf("%s: %s\n", codes[i].name, message);
    assert_non_null(strstr(message, "not supported"));
    unsupported++;
  }
  assert_true(unsupported >= 12);
  jrx_error_message(JRX_ERROR_UNSUPPORTED_LOOKAROUND, message, sizeof message);
  assert_non_null(strstr(message, "no longer returned"));
}

static void test_truncation_always_terminates(void **state) {
  (void)state;
  char full[256];
  int length = jrx_error_message(JRX_ERROR_MISSING_BRACKET, full, sizeof full);
  assert_true(length > 8);
  for (size_t size = 1; size <= (size_t)length + 2; size++) {
    char buffer[260];
    memset(buffer, 'X', sizeof buffer);
    assert_int_equal(jrx_error_message(JRX_ERROR_MISSING_BRACKET, buffer, size), length);
    size_t kept = size - 1 < (size_t)length ? size - 1 : (size_t)length;
    assert_int_equal(strlen(buffer), kept);
    assert_memory_equal(buffer, full, kept);
    assert_int_equal(buffer[kept + 1], 'X'); /* nothing written past the NUL */
  }
}

static void test_size_zero_writes_nothing(void **state) {
  (void)state;
  char full[256];
  int length = jrx_error_message(JRX_ERROR_NOMEMORY, full, sizeof full);
  char untouched = 'X';
  assert_int_equal(jrx_error_message(JRX_ERROR_NOMEMORY, &untouched, 0), length);
  assert_int_equal(untouched, 'X');
  assert_int_equal(jrx_error_message(JRX_ERROR_NOMEMORY, NULL, 0), length);
  assert_int_equal(jrx_error_message(JRX_ERROR_NOMEMORY, NULL, 10), JRX_ERROR_NULL);
}

static void test_unknown_codes(void **state) {
  (void)state;
  const int unknown[] = {
      0, 1, 42, -99, -199, -299, -399, -499, -100000, (int)0x7fffffff, -(int)0x7fffffff - 1};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
    char message[64];
    char expected[64];
    assert_null(oracle_error_name(unknown[i]));
    assert_int_equal(jrx_error_message(unknown[i], message, sizeof message), JRX_ERROR_BAD_OPTION);
    snprintf(expected, sizeof expected, "unknown error code %d", unknown[i]);
    assert_string_equal(message, expected);
  }
  char tiny[4];
  assert_int_equal(jrx_error_message(-12345, tiny, sizeof tiny), JRX_ERROR_BAD_OPTION);
  assert_string_equal(tiny, "unk");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_declared_code_has_a_distinct_message),
      cmocka_unit_test(test_name_table_matches_the_header),
      cmocka_unit_test(test_unsupported_constructs_say_why),
      cmocka_unit_test(test_truncation_always_terminates),
      cmocka_unit_test(test_size_zero_writes_nothing),
      cmocka_unit_test(test_unknown_codes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
