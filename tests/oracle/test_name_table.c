/* test_name_table: jrx_name_count and jrx_name_table_entry against
 * PCRE2's PCRE2_INFO_NAMECOUNT and PCRE2_INFO_NAMETABLE (same order, same
 * names, same numbers) on every name syntax, and jrx_name_to_number for
 * every entry and for names the pattern does not have. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "oracle_pcre2.h"

static const char *const patterns[] = {
    "",
    "(a)(b)",
    "(?<year>\\d{4})-(?<month>\\d\\d)-(?<day>\\d\\d)",
    "(?'b'x)(?P<a>y)(?<c>z)",
    "(?<zz>a)(?<z>b)(?<z_1>c)(?<Z>d)(?<_>e)",
    "((?<outer>a(?<inner>b)))(?:(?<after>c)|d)",
    "(?n)(a)(?<kept>b)(c)",
    "(?<long_name_of_thirty_two_chars_>a)|(?<b1>b)",
};

/* Checks one pattern's table entry by entry. */
static void check_pattern(const char *pattern, uint32_t options) {
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(pattern, strlen(pattern), options, &error, &offset);
  pcre2_code *code = oracle_pcre2_compile(pattern, strlen(pattern), options, &error, &offset);
  if (re == NULL || code == NULL) {
    fail_msg("/%s/ does not compile (jrx %p, PCRE2 %p)", pattern, (void *)re, (void *)code);
  }
  uint32_t count = 0;
  uint32_t entry_size = 0;
  PCRE2_SPTR table = NULL;
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  if (jrx_name_count(re) != count) {
    fail_msg("/%s/: %u names, PCRE2 %u", pattern, jrx_name_count(re), count);
  }
  for (uint32_t i = 0; i < count; i++) {
    PCRE2_SPTR entry = table + (size_t)i * entry_size;
    uint32_t expected_number = (uint32_t)entry[0] << 8 | entry[1];
    const char *expected_name = (const char *)entry + 2;
    const char *name = NULL;
    uint32_t number = 0;
    assert_int_equal(jrx_name_table_entry(re, i, &name, &number), 0);
    if (strcmp(name, expected_name) != 0 || number != expected_number) {
      fail_msg("/%s/ entry %u: %s = %u, PCRE2 %s = %u", pattern, i, name, number, expected_name,
               expected_number);
    }
    assert_int_equal(jrx_name_to_number(re, name), (int)number);
  }
  const char *name = NULL;
  uint32_t number = 0;
  assert_int_equal(jrx_name_table_entry(re, count, &name, &number), JRX_ERROR_UNKNOWN_GROUP);
  assert_int_equal(jrx_name_to_number(re, "not_a_name"), JRX_ERROR_UNKNOWN_GROUP);
  pcre2_code_free(code);
  jrx_free(re);
}

static void test_tables_agree_with_pcre2(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
    check_pattern(patterns[i], JRX_UTF);
    check_pattern(patterns[i], JRX_UTF | JRX_NO_JIT);
  }
}

static void test_arguments(void **state) {
  (void)state;
  jrx *re = jrx_compile("(?<a>x)", JRX_ZERO_TERMINATED, 0, NULL, NULL);
  assert_non_null(re);
  const char *name = NULL;
  uint32_t number = 0;
  assert_int_equal(jrx_name_count(NULL), 0);
  assert_int_equal(jrx_name_table_entry(NULL, 0, &name, &number), JRX_ERROR_NULL);
  assert_int_equal(jrx_name_table_entry(re, 0, NULL, &number), JRX_ERROR_NULL);
  assert_int_equal(jrx_name_table_entry(re, 0, &name, NULL), JRX_ERROR_NULL);
  assert_int_equal(jrx_name_table_entry(re, 0, &name, &number), 0);
  assert_string_equal(name, "a");
  assert_int_equal(number, 1);
  assert_int_equal(jrx_name_table_entry(re, UINT32_MAX, &name, &number), JRX_ERROR_UNKNOWN_GROUP);
  jrx_free(re);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tables_agree_with_pcre2),
      cmocka_unit_test(test_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
