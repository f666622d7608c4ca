/* The shared libjrx: its run-time version agrees with the header's macros
 * and with the CMake project version, and it compiles and matches (the
 * symbols a program needs are exported and work through the PLT). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jitmem.h"
#include "jrx.h"

static void version_call_matches_macros(void **state) {
  (void)state;
  char from_numbers[32];
  snprintf(from_numbers, sizeof from_numbers, "%d.%d.%d", JRX_VERSION_MAJOR, JRX_VERSION_MINOR,
           JRX_VERSION_PATCH);
  assert_string_equal(jrx_version(), JRX_VERSION_STRING);
  assert_string_equal(JRX_VERSION_STRING, from_numbers);
  assert_string_equal(JRX_VERSION_STRING, JRX_PROJECT_VERSION);
}

static void jitmem_macros_match_project(void **state) {
  (void)state;
  char from_numbers[32];
  snprintf(from_numbers, sizeof from_numbers, "%d.%d.%d", JITMEM_VERSION_MAJOR,
           JITMEM_VERSION_MINOR, JITMEM_VERSION_PATCH);
  assert_string_equal(JITMEM_VERSION_STRING, from_numbers);
  assert_string_equal(JITMEM_VERSION_STRING, JRX_PROJECT_VERSION);
}

static void compiles_and_matches(void **state) {
  (void)state;
  int code = 0;
  size_t offset = 0;
  const char pattern[] = "(?<year>\\d{4})-(\\d\\d)";
  jrx *re = jrx_compile(pattern, strlen(pattern), 0, &code, &offset);
  assert_non_null(re);
  const char subject[] = "on 2024-05-17";
  size_t ovector[6];
  assert_int_equal(jrx_match(re, subject, strlen(subject), 0, 0, ovector, 3), 3);
  assert_int_equal(ovector[0], 3);
  assert_int_equal(ovector[1], 10);
  assert_int_equal(jrx_name_to_number(re, "year"), 1);
  assert_int_equal(ovector[2], 3);
  assert_int_equal(ovector[3], 7);
  jrx_free(re);
}

static void reports_errors_with_offsets(void **state) {
  (void)state;
  int code = 0;
  size_t offset = 0;
  assert_null(jrx_compile("(?:(a)\\1)+", 10, 0, &code, &offset));
  assert_int_equal(code, JRX_ERROR_UNSUPPORTED_BACKREFERENCE);
  assert_int_equal(offset, 6);
  char message[128];
  assert_true(jrx_error_message(code, message, sizeof message) > 0);
  assert_true(jitmem_status_message(JITMEM_ERROR_NOMEMORY)[0] != '\0');
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(version_call_matches_macros),
      cmocka_unit_test(jitmem_macros_match_project),
      cmocka_unit_test(compiles_and_matches),
      cmocka_unit_test(reports_errors_with_offsets),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
