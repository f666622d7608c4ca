/* test_substitute: jrx_substitute against pcre2_substitute on the same
 * patterns, subjects, replacements, options and buffer sizes (result,
 * output and reported length must all agree), plus the contract details
 * PCRE2 has no counterpart for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_expectation.h"
#include "jrx.h"
#include "oracle_names.h"
#include "oracle_pcre2.h"
#include "oracle_text.h"

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#define G JRX_SUBSTITUTE_GLOBAL
#define LENGTH JRX_SUBSTITUTE_OVERFLOW_LENGTH
#define EMPTY JRX_SUBSTITUTE_UNSET_EMPTY

typedef struct substitute_case {
  const char *pattern;
  uint32_t compile_options;
  const char *subject;
  size_t start_offset;
  const char *replacement;
  uint32_t options;   /* JRX_SUBSTITUTE_* and match options */
  size_t buffer_size; /* 0 means 256 */
} substitute_case;

static const substitute_case cases[] = {
    {"b", 0, "abcb", 0, "[$0]", G, 0},
    {"b", 0, "abcb", 0, "[$0]", 0, 0},
    {"(a)(b)?", 0, "ab a", 0, "<$1|$2>", G, 0},
    {"(a)(b)?", 0, "ab a", 0, "<$1|$2>", G | EMPTY, 0},
    {"(a)|(b)", 0, "ab", 0, "[$2]", G, 0},
    {"(a)|(b)", 0, "ab", 0, "[$2]", G | EMPTY, 0},
    {"(?<word>\\w+)", 0, "hi there", 0, "${word}!", G, 0},
    {"(?<w>\\w+)", 0, "hi", 0, "$w-$w", G, 0},
    {"(?<w>\\w+)", 0, "hi", 0, "$w}", G, 0},
    {"(?<w>\\w+)", 0, "hi", 0, "$wx", G, 0},
    {"(?<_1>\\w)", 0, "hi", 0, "$_1.", G, 0},
    {"(?<abcdefghijabcdefghijabcdefghijab>x)", 0, "x", 0, "${abcdefghijabcdefghijabcdefghijab}", G,
     0},
    {"(?<abcdefghijabcdefghijabcdefghijab>x)", 0, "x", 0, "$abcdefghijabcdefghijabcdefghijabc", G,
     0},
    {"x*", 0, "abc", 0, "-", G, 0},
    {"x*", 0, "abc", 0, "-", 0, 0},
    {"x*", 0, "abc", 1, "-", G, 0},
    {"x*", 0, "abc", 3, "-", G, 0},
    {"", JRX_UTF, "\xc3\xa9\xe4\xb8\xad", 0, "|", G, 0},
    {"", 0, "\xc3\xa9", 0, "|", G, 0},
    {"x*|b", JRX_UTF,
     "\xc3\xa9"
     "b\xc3\xa9",
     0, "<$0>", G, 0},
    {"a|", 0, "aba", 0, "<$0>", G, 0},
    {"\\b", 0, "ab cd", 0, "|", G, 0},
    {"$", JRX_MULTILINE, "a\nb\n", 0, "!", G, 0},
    {"\\d*", 0, "12ab3", 0, "#", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "[$1]", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "$$1", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "${1}0", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "$01$0000000001", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "$10", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "${10}", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "$2", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "x$", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "${1", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "${1x}", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "${}", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "${", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "$-", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "${ 1}", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "$name", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "${name}", G, 0},
    {"(\\d+)", 0, "a1b22c333", 0, "$\xe9", G, 0},
    {"(\\d+)", 0, "abc", 0, "$", G, 0},
    {"(\\d+)", 0, "abc", 0, "$9", 0, 0},
    {"(a)", 0, "a", 0, "\\1\\n", G, 0},
    {"b", 0, "abcb", 0, "XX", G, 4},
    {"b", 0, "abcb", 0, "XX", G | LENGTH, 4},
    {"b", 0, "abcb", 0, "XX", G | LENGTH, 6},
    {"b", 0, "abcb", 0, "XX", G | LENGTH, 7},
    {"b", 0, "abcb", 0, "XX", G, 7},
    {"b", 0, "abcb", 0, "XX", G, 6},
    {"b", 0, "abcb", 0, "XX", G | LENGTH, 1},
    {"b", 0, "abc", 0, "$0$0", LENGTH, 4},
    {"b", 0, "abc", 0, "$0$0", 0, 3},
    {"b", 0, "abc", 0, "$0$0$9", LENGTH, 2},
    {"b", 0, "abc", 0, "$0$0$9", 0, 2},
    {"b", 0, "abc", 0, "$0$9", 0, 3},
    {"z", 0, "abc", 0, "$0", LENGTH, 3},
    {"z", 0, "abc", 0, "$0", LENGTH, 4},
    {"a", JRX_UTF, "\xff", 0, "<$0>", G, 0},
    {"a", JRX_UTF, "a", 0, "<\xff>", G, 0},
    {"a", JRX_UTF, "b", 0, "<\xff>", G, 0},
    {"a", JRX_UTF,
     "\xc3\xa9"
     "a",
     1, "X", G, 0},
    {"a", 0, "b", 5, "x", G, 0},
    {"\xc3\xa9", JRX_UTF | JRX_CASELESS, "\xc3\x89t\xc3\xa9", 0, "e", G, 0},
    {".", JRX_UTF,
     "\xc3\xa9"
     "a",
     0, "<$0>", G, 0},
    {".", 0,
     "\xc3\xa9"
     "a",
     0, "<$0>", G, 0},
    {"a", 0, "aaba", 0, "X", G | JRX_ANCHORED, 0},
    {"^a", 0, "aa", 0, "X", G | JRX_NOTBOL, 0},
    {"a*", 0, "baab", 0, "X", G | JRX_NOTEMPTY, 0},
    {"a*", 0, "baab", 0, "X", G | JRX_NOTEMPTY_ATSTART, 0},
    {"a*", 0, "", 0, "X", G, 0},
    {"a", 0, "", 0, "X", G, 0},
    {"(a)|b", 0, "ab", 0, "$1", G | EMPTY, 0},
    {"(?:(a)|b)+", 0, "ab", 0, "<$1>", G, 0},
    {"(a*)*", 0, "aab", 0, "<$1>", G, 0},
};

/* What jrx should return for pcre2_substitute's result. */
static int jrx_code_for(int pcre2_result) {
  switch (pcre2_result) {
    case PCRE2_ERROR_NOMEMORY: return JRX_ERROR_OUTPUT_TOO_SMALL;
    case PCRE2_ERROR_BADREPLACEMENT:
    case PCRE2_ERROR_REPMISSINGBRACE: return JRX_ERROR_BAD_REPLACEMENT;
    case PCRE2_ERROR_NOSUBSTRING: return JRX_ERROR_UNKNOWN_GROUP;
    case PCRE2_ERROR_UNSET: return JRX_ERROR_UNSET_GROUP;
    default: return pcre2_result >= 0 ? pcre2_result : oracle_pcre2_error_to_jrx(pcre2_result);
  }
}

typedef struct substitute_result {
  int code;
  size_t length;
  char output[256];
} substitute_result;

static uint32_t pcre2_substitute_options(uint32_t options) {
  uint32_t result = oracle_pcre2_match_options(options);
  if (options & G) result |= PCRE2_SUBSTITUTE_GLOBAL;
  if (options & LENGTH) result |= PCRE2_SUBSTITUTE_OVERFLOW_LENGTH;
  if (options & EMPTY) result |= PCRE2_SUBSTITUTE_UNSET_EMPTY;
  return result;
}

/* Where pcre2_match finds text invalid UTF-8 from start (its
 * pcre2_get_startchar after the error; the start itself for an offset
 * inside a character), and whether it does. */
static int pcre2_utf_error_at(const char *text, size_t start, size_t *offset) {
  int error = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR) "", 0, PCRE2_UTF, &error, &error_offset, NULL);
  pcre2_match_data *match_data = pcre2_match_data_create(1, NULL);
  assert_non_null(code);
  assert_non_null(match_data);
  int rc = pcre2_match(code, (PCRE2_SPTR)text, strlen(text), start, 0, match_data, NULL);
  *offset = rc == PCRE2_ERROR_BADUTFOFFSET ? start : pcre2_get_startchar(match_data);
  pcre2_match_data_free(match_data);
  pcre2_code_free(code);
  return rc == PCRE2_ERROR_BADUTFOFFSET || oracle_pcre2_error_to_jrx(rc) == JRX_ERROR_BAD_UTF;
}

static void run_pcre2(const substitute_case *item, size_t size, substitute_result *result) {
  int error = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)item->pattern, strlen(item->pattern),
                                   oracle_pcre2_compile_options(item->compile_options), &error,
                                   &error_offset, NULL);
  assert_non_null(code);
  PCRE2_SIZE length = size;
  result->code = jrx_code_for(pcre2_substitute(
      code, (PCRE2_SPTR)item->subject, strlen(item->subject), item->start_offset,
      pcre2_substitute_options(item->options), NULL, NULL, (PCRE2_SPTR)item->replacement,
      strlen(item->replacement), (PCRE2_UCHAR *)result->output, &length));
  result->length = length;
  pcre2_code_free(code);
  /* jrx says more than pcre2_substitute: whether the subject or the
   * replacement is invalid UTF-8 (PCRE2 checks the replacement first), and
   * where. */
  size_t offset;
  if (result->code == JRX_ERROR_BAD_UTF && pcre2_utf_error_at(item->replacement, 0, &offset)) {
    result->code = JRX_ERROR_BAD_UTF_REPLACEMENT;
    result->length = offset;
  } else if ((result->code == JRX_ERROR_BAD_UTF || result->code == JRX_ERROR_BAD_UTF_OFFSET) &&
             pcre2_utf_error_at(item->subject, item->start_offset, &offset)) {
    result->length = offset;
  }
}

static void run_jrx(const substitute_case *item, size_t size, uint32_t extra_compile_options,
                    substitute_result *result) {
  jrx *re = jrx_compile(item->pattern, strlen(item->pattern),
                        item->compile_options | extra_compile_options, NULL, NULL);
  assert_non_null(re);
  result->length = size;
  result->code =
      jrx_substitute(re, item->subject, strlen(item->subject), item->start_offset, item->options,
                     item->replacement, strlen(item->replacement), result->output, &result->length);
  uint32_t compile_options = item->compile_options | extra_compile_options;
  if (!engine_expectation_met(re, compile_options)) {
    fail_msg(ENGINE_EXPECTATION_FAILURE, jrx_engine(re),
             engine_expectation_expected(compile_options));
  }
  jrx_free(re);
}

static void describe(const char *who, const substitute_result *result) {
  const char *name = oracle_error_name(result->code);
  printf("  %s: %d %s, length %zd", who, result->code,
         result->code >= 0 ? ""
         : name            ? name
                           : "?",
         (ptrdiff_t)result->length);
  if (result->code >= 0) printf(", output \"%s\"", result->output);
  printf("\n");
}

static int results_differ(const substitute_result *expected, const substitute_result *actual) {
  return expected->code != actual->code || expected->length != actual->length ||
         (expected->code >= 0 && strcmp(expected->output, actual->output) != 0);
}

static void test_agrees_with_pcre2_substitute(void **state) {
  (void)state;
  int failures = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const substitute_case *item = &cases[i];
    size_t size = item->buffer_size != 0 ? item->buffer_size : 256;
    substitute_result expected, actual, interpreted;
    run_pcre2(item, size, &expected);
    run_jrx(item, size, 0, &actual);
    run_jrx(item, size, JRX_NO_JIT, &interpreted);
    if (results_differ(&expected, &actual) || results_differ(&expected, &interpreted)) {
      oracle_text shown;
      oracle_text_init(&shown);
      oracle_text_append_c_escaped(&shown, item->pattern, strlen(item->pattern));
      oracle_text_append(&shown, "\" on \"", 6);
      oracle_text_append_c_escaped(&shown, item->subject, strlen(item->subject));
      oracle_text_append(&shown, "\" with \"", 8);
      oracle_text_append_c_escaped(&shown, item->replacement, strlen(item->replacement));
      printf("case %zu: \"%s\" options 0x%x offset %zu buffer %zu\n", i, oracle_text_string(&shown),
             item->options, item->start_offset, size);
      oracle_text_release(&shown);
      describe("PCRE2", &expected);
      describe("jrx  ", &actual);
      describe("jrx without JIT", &interpreted);
      failures++;
    }
  }
  assert_int_equal(failures, 0);
}

static jrx *compile(const char *pattern, uint32_t options) {
  jrx *re = jrx_compile(pattern, strlen(pattern), options, NULL, NULL);
  assert_non_null(re);
  return re;
}

/* A size query with no buffer, then the substitution into exactly that. */
static void test_size_query_then_exact_buffer(void **state) {
  (void)state;
  jrx *re = compile("(\\w+)@(\\w+)", 0);
  const char subject[] = "mail ann@example or bob@test";
  const char replacement[] = "$2 at $1";
  size_t needed = 0;
  int rc = jrx_substitute(re, subject, sizeof subject - 1, 0, G | LENGTH, replacement,
                          sizeof replacement - 1, NULL, &needed);
  assert_int_equal(rc, JRX_ERROR_OUTPUT_TOO_SMALL);
  const char expected[] = "mail example at ann or test at bob";
  assert_int_equal(needed, sizeof expected);
  char *output = malloc(needed);
  assert_non_null(output);
  size_t length = needed;
  rc = jrx_substitute(re, subject, sizeof subject - 1, 0, G, replacement, sizeof replacement - 1,
                      output, &length);
  assert_int_equal(rc, 2);
  assert_int_equal(length, sizeof expected - 1);
  assert_string_equal(output, expected);
  free(output);
  jrx_free(re);
}

static void test_argument_errors(void **state) {
  (void)state;
  jrx *re = compile("a", 0);
  char output[16];
  size_t length = sizeof output;
  assert_int_equal(jrx_substitute(re, "a", 1, 0, 0, "b", 1, output, NULL), JRX_ERROR_NULL);
  assert_int_equal(jrx_substitute(NULL, "a", 1, 0, 0, "b", 1, output, &length), JRX_ERROR_NULL);
  assert_int_equal(length, JRX_UNSET);
  length = sizeof output;
  assert_int_equal(jrx_substitute(re, NULL, 1, 0, 0, "b", 1, output, &length), JRX_ERROR_NULL);
  length = sizeof output;
  assert_int_equal(jrx_substitute(re, "a", 1, 0, 0, NULL, 1, output, &length), JRX_ERROR_NULL);
  length = sizeof output;
  assert_int_equal(jrx_substitute(re, "a", 1, 0, 0, "b", 1, NULL, &length), JRX_ERROR_NULL);
  length = sizeof output;
  assert_int_equal(jrx_substitute(re, "a", 1, 0, 0x80000000u, "b", 1, output, &length),
                   JRX_ERROR_BAD_OPTION);
  assert_int_equal(length, JRX_UNSET);
  length = sizeof output;
  assert_int_equal(jrx_substitute(re, NULL, 0, 0, G, NULL, 0, output, &length), 0);
  assert_int_equal(length, 0);
  assert_string_equal(output, "");
  length = sizeof output;
  assert_int_equal(jrx_substitute(re, "xax", 3, 0, G, NULL, 0, output, &length), 1);
  assert_string_equal(output, "xx");
  jrx_free(re);
}

/* jrx has no (*MARK), so it refuses $*MARK where PCRE2 would insert "". */
static void test_mark_is_refused(void **state) {
  (void)state;
  jrx *re = compile("a", 0);
  char output[16];
  size_t length = sizeof output;
  assert_int_equal(jrx_substitute(re, "a", 1, 0, 0, "$*MARK", 6, output, &length),
                   JRX_ERROR_BAD_REPLACEMENT);
  assert_int_equal(length, 1);
  length = sizeof output;
  assert_int_equal(jrx_substitute(re, "a", 1, 0, 0, "${*MARK}", 8, output, &length),
                   JRX_ERROR_BAD_REPLACEMENT);
  assert_int_equal(length, 2);
  jrx_free(re);
}

/* Neither the subject nor the replacement needs a NUL; ASan checks that
 * nothing past their lengths is read. */
static void test_unterminated_inputs(void **state) {
  (void)state;
  jrx *re = compile("(?<n>[0-9])", 0);
  char *subject = malloc(3);
  char *replacement = malloc(4);
  assert_non_null(subject);
  assert_non_null(replacement);
  memcpy(subject, "a1b", 3);
  memcpy(replacement, "<$n>", 4);
  char output[16];
  size_t length = sizeof output;
  assert_int_equal(jrx_substitute(re, subject, 3, 0, G, replacement, 4, output, &length), 1);
  assert_string_equal(output, "a<1>b");
  memcpy(replacement, "<$n", 3);
  length = sizeof output;
  assert_int_equal(jrx_substitute(re, subject, 3, 0, G, replacement, 3, output, &length), 1);
  assert_string_equal(output, "a<1b");
  free(subject);
  free(replacement);
  jrx_free(re);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_agrees_with_pcre2_substitute),
      cmocka_unit_test(test_size_query_then_exact_buffer),
      cmocka_unit_test(test_argument_errors),
      cmocka_unit_test(test_mark_is_refused),
      cmocka_unit_test(test_unterminated_inputs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
