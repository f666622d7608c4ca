/* test_earliest: jrx_earliest_end (regex/jrx_earliest.h) against PCRE2.
 * For seeded random cases (oracle_generate, its match options dropped)
 * whose pattern jrx answers for, the earliest match end must be the
 * smallest end PCRE2's DFA matcher finds anchored at some character start
 * from the start offset on (PCRE2_DFA_SHORTEST), and jrx must find a
 * match exactly when pcre2_match does. Patterns with atomic groups or
 * possessive quantifiers, which pcre2_dfa_match treats otherwise, and
 * those it refuses are compared for the existence of a match only. Fixed
 * cases cover what jrxgrep relies on: an earliest end before the end of
 * the leftmost-first match (\w{3}|\d on a1bc ends at 2, not 3), a match at
 * the end of the text, empty matches, a sequence of byte sets (found
 * without the DFA), and patterns it declines.
 *   JRX_EARLIEST_SEED   seed (default DEFAULT_SEED)
 *   JRX_EARLIEST_COUNT  cases (default JRX_EARLIEST_DEFAULT_COUNT) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "oracle_divergence.h"
#include "oracle_generate.h"
#include "oracle_pcre2.h"
#include "regex/jrx_earliest.h"

#ifndef JRX_EARLIEST_DEFAULT_COUNT
#define JRX_EARLIEST_DEFAULT_COUNT 3000
#endif

#define DEFAULT_SEED 1717u
#define PCRE2_MATCH_LIMIT 20000u
#define DFA_WORKSPACE 1000
#define MAX_REPORTED 8

/* jrx_earliest_end of pattern on subject from start_offset, with a
 * match data of its own. */
static int earliest_of(const jrx *re, const char *subject, size_t length, size_t start_offset,
                       size_t *end) {
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  int status = jrx_earliest_end(re, data, subject, length, start_offset, JRX_NO_UTF_CHECK, end);
  jrx_match_data_free(data);
  return status;
}

static jrx *compiled(const char *pattern, uint32_t options) {
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(pattern, strlen(pattern), options, &error, &offset);
  if (re == NULL) {
    print_error("%s: error %d at %zu\n", pattern, error, offset);
    fail();
  }
  return re;
}

static void expect_end(const char *pattern, const char *subject, size_t start_offset,
                       int expected_status, size_t expected_end) {
  jrx *re = compiled(pattern, 0);
  if (!jrx_earliest_applies(re)) {
    print_error("%s: not answered\n", pattern);
    fail();
  }
  size_t end = SIZE_MAX;
  int status = earliest_of(re, subject, strlen(subject), start_offset, &end);
  if (status != expected_status || (status == 1 && end != expected_end)) {
    print_error("%s on \"%s\" from %zu: status %d end %zu, expected %d end %zu\n", pattern,
                subject, start_offset, status, end, expected_status, expected_end);
    fail();
  }
  jrx_free(re);
}

static void test_fixed_cases(void **state) {
  (void)state;
  expect_end("\\w{3}|\\d", "a1bc", 0, 1, 2);
  expect_end("\\w+", "  ab cd", 0, 1, 3);
  expect_end("\\w+", "  ab cd", 4, 1, 6);
  expect_end("\\w+", "  ", 0, JRX_NOMATCH, 0);
  expect_end("\\w$", "ab", 0, 1, 2);
  expect_end("(?m)\\w$", "ab\nab\n", 0, 1, 2);
  expect_end("(?m)^\\w*$", "a b\n\nab\n", 0, 1, 4);
  expect_end("x*", "ab", 1, 1, 1);
  expect_end("\\w+\\s+\\d", "a b 1", 0, 1, 5);
  /* A sequence of byte sets, found without the DFA: at the start offset
   * (checked before the candidate search), further on, or nowhere. */
  expect_end("\\d{4}/\\d\\d", "2022/06 2023/07", 0, 1, 7);
  expect_end("\\d{4}/\\d\\d", "2022/06 2023/07", 1, 1, 15);
  expect_end("\\d{4}/\\d\\d", "ab 2022/0x 2023/07", 0, 1, 18);
  expect_end("\\d{4}/\\d\\d", "2022/0x", 0, JRX_NOMATCH, 0);
  /* A literal search, the Pike VM and \G are not the plain DFA's. */
  static const char *const declined[] = {"Holmes", "\\w(?!b\\w*c)", "\\Gx"};
  for (size_t i = 0; i < sizeof declined / sizeof declined[0]; i++) {
    jrx *re = compiled(declined[i], 0);
    size_t end = 0;
    assert_false(jrx_earliest_applies(re));
    assert_int_equal(earliest_of(re, "Holmes xb", 9, 0, &end), JRX_EARLIEST_DECLINED);
    jrx_free(re);
  }
}

/* Whether the pattern's paths are its matches, as pcre2_dfa_match takes
 * them: not with atomic groups, possessive quantifiers or \R, which
 * PCRE2 makes atomic (jrx accepts them where that cannot change whether a
 * match exists, and its DFA then runs every path). */
static int dfa_comparable(const char *pattern, size_t length) {
  static const char *const atomic[] = {"(?>", "++", "*+", "?+", "}+", "(*atomic", "\\R"};
  for (size_t i = 0; i < sizeof atomic / sizeof atomic[0]; i++) {
    size_t size = strlen(atomic[i]);
    for (size_t at = 0; at + size <= length; at++) {
      if (memcmp(pattern + at, atomic[i], size) == 0) {
        return 0;
      }
    }
  }
  return 1;
}

/* The smallest end of a match anchored at a character start from
 * start_offset on by pcre2_dfa_match (SIZE_MAX for none), or SIZE_MAX - 1
 * when PCRE2 cannot say (an item its DFA matcher lacks, a limit). A
 * match starting after the best end so far cannot end before it. */
static size_t pcre2_earliest_end(const pcre2_code *code, const oracle_generated *item, int utf) {
  pcre2_match_data *data = pcre2_match_data_create(1, NULL);
  assert_non_null(data);
  int workspace[DFA_WORKSPACE];
  size_t best = SIZE_MAX;
  size_t last_start = (item->compile_options & JRX_ANCHORED) != 0 ? item->start_offset
                                                                  : item->subject_length;
  for (size_t start = item->start_offset; start <= last_start && start <= best; start++) {
    if (utf && start < item->subject_length &&
        ((unsigned char)item->subject[start] & 0xc0u) == 0x80u) {
      continue;
    }
    int rc = pcre2_dfa_match(code, (PCRE2_SPTR)item->subject, item->subject_length, start,
                             PCRE2_ANCHORED | PCRE2_DFA_SHORTEST | PCRE2_NO_UTF_CHECK, data,
                             NULL, workspace, DFA_WORKSPACE);
    if (rc >= 0) {
      size_t end = pcre2_get_ovector_pointer(data)[1];
      best = end < best ? end : best;
    } else if (rc != PCRE2_ERROR_NOMATCH) {
      best = SIZE_MAX - 1;
      break;
    }
  }
  pcre2_match_data_free(data);
  return best;
}

/* Whether pcre2_match finds a match from the start offset: 1, 0, or -1
 * when it cannot say. */
static int pcre2_finds(const pcre2_code *code, const oracle_generated *item) {
  pcre2_match_data *data = pcre2_match_data_create_from_pattern(code, NULL);
  pcre2_match_context *context = pcre2_match_context_create(NULL);
  assert_true(data != NULL && context != NULL);
  pcre2_set_match_limit(context, PCRE2_MATCH_LIMIT);
  int rc = pcre2_match(code, (PCRE2_SPTR)item->subject, item->subject_length, item->start_offset,
                       PCRE2_NO_UTF_CHECK, data, context);
  pcre2_match_context_free(context);
  pcre2_match_data_free(data);
  return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* Compares one case; returns 0 when jrx does not answer for it, 1 when
 * it does and agrees, -1 on a divergence (printed). */
static int compare_case(const oracle_generated *item) {
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(item->pattern, item->pattern_length, item->compile_options, &error,
                        &offset);
  if (re == NULL) {
    return 0;
  }
  int utf = (item->compile_options & JRX_UTF) != 0;
  size_t ovector[2];
  /* A subject jrx rejects as UTF-8 cannot be passed unchecked. */
  int checked = jrx_match(re, item->subject, item->subject_length, item->start_offset, 0, ovector, 1);
  pcre2_code *code = NULL;
  int verdict = 0;
  size_t end = SIZE_MAX;
  int status = checked >= JRX_NOMATCH && jrx_earliest_applies(re)
                   ? earliest_of(re, item->subject, item->subject_length, item->start_offset, &end)
                   : JRX_EARLIEST_DECLINED;
  if (status != JRX_EARLIEST_DECLINED) {
    code = oracle_pcre2_compile(item->pattern, item->pattern_length, item->compile_options,
                                &error, &offset);
  }
  if (code != NULL) {
    int found = pcre2_finds(code, item);
    /* Auto-possessification would make pcre2_dfa_match take \S{1,3}
     * at the end of a pattern whole, not its shortest match. */
    char unpossessed[sizeof "(*NO_AUTO_POSSESS)" + ORACLE_GENERATED_PATTERN_MAX];
    int size = snprintf(unpossessed, sizeof unpossessed, "(*NO_AUTO_POSSESS)%.*s",
                        (int)item->pattern_length, item->pattern);
    pcre2_code *dfa_code =
        dfa_comparable(item->pattern, item->pattern_length)
            ? oracle_pcre2_compile(unpossessed, (size_t)size, item->compile_options, &error,
                                   &offset)
            : NULL;
    size_t expected = dfa_code != NULL ? pcre2_earliest_end(dfa_code, item, utf) : SIZE_MAX - 1;
    pcre2_code_free(dfa_code);
    verdict = 1;
    if ((found >= 0 && (status == 1) != (found == 1)) ||
        (expected != SIZE_MAX - 1 && (status == 1 ? end : SIZE_MAX) != expected) ||
        (status == 1 && checked == 1 && (end < ovector[0] || end > ovector[1]))) {
      print_error("pattern /%.*s/ options %#x subject \"%.*s\" from %zu: jrx %d end %zu, "
                  "pcre2 finds %d, earliest %zu, match [%zu, %zu)\n",
                  (int)item->pattern_length, item->pattern, item->compile_options,
                  (int)item->subject_length, item->subject, item->start_offset, status, end,
                  found, expected, ovector[0], ovector[1]);
      verdict = -1;
    }
    pcre2_code_free(code);
  }
  jrx_free(re);
  return verdict;
}

static void test_generated_cases(void **state) {
  (void)state;
  uint64_t seed = oracle_environment_number("JRX_EARLIEST_SEED", DEFAULT_SEED);
  size_t count =
      (size_t)oracle_environment_number("JRX_EARLIEST_COUNT", JRX_EARLIEST_DEFAULT_COUNT);
  oracle_random random;
  oracle_random_seed(&random, seed);
  size_t answered = 0, failures = 0;
  for (size_t i = 0; i < count && failures < MAX_REPORTED; i++) {
    oracle_generated item;
    oracle_generate(&random, &item);
    item.match_options = 0;
    int verdict = compare_case(&item);
    answered += verdict != 0;
    failures += verdict < 0;
  }
  print_message("seed %llu: %zu cases, %zu answered by jrx_earliest_end, %zu divergences\n",
                (unsigned long long)seed, count, answered, failures);
  assert_int_equal(failures, 0);
  /* Most generated patterns are the plain DFA's: the test must test. */
  assert_true(answered * 4 >= count);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fixed_cases),
      cmocka_unit_test(test_generated_cases),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
