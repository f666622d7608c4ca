/* test_limits: every compile limit at its edge, the defaults and limits
 * set through jrx_compile_with_limits. One step past a limit fails with its
 * own code at PCRE2's offset (or inside the pattern where PCRE2 has no such
 * limit); just under it the pattern compiles and matches as PCRE2 does.
 * Patterns far over a limit must fail before doing the work. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "../oracle/oracle_pcre2.h"
#include "jrx.h"
#include "regex/jrx_internal.h"
#include "regex/parse_internal.h"
#include "reliability_compile.h"
#include "reliability_oracle.h"

/* PCRE2's fixed limits, which jrx shares; the others are in
 * jrx_compile_limits. */
#define MAX_REPEAT_COUNT PARSE_MAX_REPEAT_COUNT
#define MAX_CAPTURES PARSE_MAX_CAPTURES

static jrx_compile_limits default_limits(void) {
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  return limits;
}

/* A growable pattern text. */
typedef struct pattern_text {
  char *bytes;
  size_t length;
  size_t capacity;
} pattern_text;

static void text_append(pattern_text *t, const char *bytes, size_t length) {
  if (t->length + length > t->capacity) {
    size_t capacity = t->capacity == 0 ? 64 : t->capacity;
    while (capacity < t->length + length) {
      capacity *= 2;
    }
    t->bytes = realloc(t->bytes, capacity);
    assert_non_null(t->bytes);
    t->capacity = capacity;
  }
  memcpy(t->bytes + t->length, bytes, length);
  t->length += length;
}

static void text_repeat(pattern_text *t, const char *unit, size_t count) {
  for (size_t i = 0; i < count; i++) {
    text_append(t, unit, strlen(unit));
  }
}

static char *repeated_bytes(char byte, size_t count) {
  char *bytes = malloc(count > 0 ? count : 1);
  assert_non_null(bytes);
  memset(bytes, byte, count);
  return bytes;
}

/* jrx must fail with expected_error. Where PCRE2 fails for the same reason
 * (pcre2_error, 0 when PCRE2 has no such limit) the offsets must agree;
 * otherwise the offset must lie in the pattern. */
static void assert_compile_error(const char *pattern, size_t length, uint32_t options,
                                 int expected_error, int pcre2_error) {
  int error = 0;
  size_t offset = SIZE_MAX;
  jrx *re = jrx_compile(pattern, length, options, &error, &offset);
  if (re != NULL) {
    jrx_free(re);
    fail_msg("pattern of %zu bytes compiled; expected error %d", length, expected_error);
  }
  assert_int_equal(error, expected_error);
  int pcre2_got;
  PCRE2_SIZE pcre2_offset;
  pcre2_code *code =
      pcre2_compile((PCRE2_SPTR)pattern, length, oracle_pcre2_compile_options(options), &pcre2_got,
                    &pcre2_offset, NULL);
  pcre2_code_free(code);
  if (pcre2_error != 0) {
    assert_null(code);
    assert_int_equal(pcre2_got, pcre2_error);
    assert_int_equal(offset, (size_t)pcre2_offset);
  } else {
    assert_true(offset < length);
  }
}

/* Compiles with each engine and compares with PCRE2 the matches on the
 * first target - 1, target and target + 1 bytes of subject. */
static void check_near_length(const char *pattern, size_t length, uint32_t options,
                              const char *subject, size_t target) {
  reliability_oracle *oracle = reliability_oracle_create(pattern, length, options, 0);
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    uint32_t compile_options = options | reliability_engine_options[e];
    jrx *re = reliability_compile(pattern, length, compile_options);
    for (size_t subject_length = target - 1; subject_length <= target + 1; subject_length++) {
      assert_int_equal(
          reliability_check_match(re, compile_options, oracle, subject, subject_length, 0, 0), 0);
    }
    jrx_free(re);
  }
  reliability_oracle_destroy(oracle);
}

/* depth groups around "a", each opened by `open`. */
static pattern_text nested_pattern(const char *open, uint32_t depth) {
  pattern_text pattern = {0};
  text_repeat(&pattern, open, depth);
  text_append(&pattern, "a", 1);
  text_repeat(&pattern, ")", depth);
  return pattern;
}

static void test_nesting_depth(void **state) {
  (void)state;
  /* Lookarounds too: every eighth level gets a table (lookaround.h). */
  static const char *const opens[] = {"(", "(?:", "(?-i:", "(?=", "(?<="};
  for (size_t i = 0; i < sizeof opens / sizeof *opens; i++) {
    pattern_text pattern = nested_pattern(opens[i], default_limits().max_nesting_depth);
    check_near_length(pattern.bytes, pattern.length, 0, "xxab", 3);
    free(pattern.bytes);
    pattern = nested_pattern(opens[i], default_limits().max_nesting_depth + 1);
    assert_compile_error(pattern.bytes, pattern.length, 0, JRX_ERROR_NESTING_TOO_DEEP,
                         PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP);
    free(pattern.bytes);
  }
}

static void test_repeat_count(void **state) {
  (void)state;
  char pattern[64];
  int length = snprintf(pattern, sizeof pattern, "a{%u}", MAX_REPEAT_COUNT);
  char *subject = repeated_bytes('a', MAX_REPEAT_COUNT + 1);
  /* Anchored, so every engine does one pass; unanchored, a{65535} over
   * 65535 a's is quadratic for any linear-time engine's thread count. */
  check_near_length(pattern, (size_t)length, JRX_ANCHORED, subject, MAX_REPEAT_COUNT);
  free(subject);
  length = snprintf(pattern, sizeof pattern, "x{0,%u}y", MAX_REPEAT_COUNT);
  check_near_length(pattern, (size_t)length, 0, "xxxyz", 4);

  static const char *const over[] = {"a{65536}",
                                     "xa{1,65536}",
                                     "xa{65536,}",
                                     "a{65536,65536}",
                                     "a{0,99999999999999999999}",
                                     "a{18446744073709551617}"};
  for (size_t i = 0; i < sizeof over / sizeof *over; i++) {
    assert_compile_error(over[i], strlen(over[i]), 0, JRX_ERROR_REPEAT_TOO_BIG,
                         PCRE2_ERROR_QUANTIFIER_TOO_BIG);
  }
}

/* (?:a{1000}){R}: the largest R that fits the instruction limit compiles,
 * and one more repetition is over it. Nested repeats that expand to far
 * more than memory holds only pass if the size is checked before the
 * program is built. */
static void test_program_size(void **state) {
  (void)state;
  const uint32_t limit = default_limits().max_program_size;
  const uint32_t repetitions = limit / 1000 - 1;
  char under[64], over[64];
  int under_length = snprintf(under, sizeof under, "(?:a{1000}){%u}", repetitions);
  int over_length = snprintf(over, sizeof over, "(?:a{1000}){%u}", repetitions + 1);
  jrx *re = reliability_compile(under, (size_t)under_length, 0);
  assert_true(re->program.count <= limit);
  assert_true(re->program.count + 1000 > limit);
  jrx_free(re);
  assert_compile_error(over, (size_t)over_length, 0, JRX_ERROR_PROGRAM_TOO_BIG, 0);

  /* Anchored: unanchored, every engine runs 999 thousand threads at once. */
  const size_t match_length = (size_t)repetitions * 1000;
  char *subject = repeated_bytes('a', match_length + 1);
  check_near_length(under, (size_t)under_length, JRX_ANCHORED, subject, match_length);
  free(subject);

  static const char *const huge[] = {"(?:(?:a{65535}){65535}){65535}",
                                     "x(?:(?:(?:(?:[a-z]{60000}){60000}){60000}){60000})*"};
  for (size_t i = 0; i < sizeof huge / sizeof *huge; i++) {
    assert_compile_error(huge[i], strlen(huge[i]), 0, JRX_ERROR_PROGRAM_TOO_BIG, 0);
  }
  static const char utf_huge[] = "x(?:[\\x{80}-\\x{10ffff}]{65535}){100}";
  assert_compile_error(utf_huge, strlen(utf_huge), JRX_UTF, JRX_ERROR_PROGRAM_TOO_BIG, 0);
}

/* A pattern of exactly max_length bytes: ab(?#...)c, padded in the comment. */
static pattern_text padded_pattern(size_t length) {
  pattern_text pattern = {0};
  text_append(&pattern, "ab(?#", 5);
  text_repeat(&pattern, "x", length - 7);
  text_append(&pattern, ")c", 2);
  assert_int_equal(pattern.length, length);
  return pattern;
}

static void test_pattern_length(void **state) {
  (void)state;
  const size_t max_length = default_limits().max_pattern_length;
  pattern_text pattern = padded_pattern(max_length);
  check_near_length(pattern.bytes, pattern.length, 0, "zzabcd", 5);
  free(pattern.bytes);
  pattern = padded_pattern(max_length + 1);
  int error = 0;
  size_t offset = SIZE_MAX;
  assert_null(jrx_compile(pattern.bytes, pattern.length, 0, &error, &offset));
  assert_int_equal(error, JRX_ERROR_PATTERN_TOO_LONG);
  assert_int_equal(offset, 0);
  free(pattern.bytes);
}

/* PCRE2 cannot compile 65535 groups (its compiled form outgrows a 16-bit
 * link), so the match with every group is checked against what the
 * construction implies, and PCRE2 judges the same construction with fewer
 * groups. */
static pattern_text empty_groups_then_a(uint32_t groups) {
  pattern_text pattern = {0};
  text_repeat(&pattern, "()", groups - 1);
  text_append(&pattern, "(a)", 3);
  return pattern;
}

static void test_capture_count(void **state) {
  (void)state;
  pattern_text small = empty_groups_then_a(15);
  check_near_length(small.bytes, small.length, 0, "xab", 2);
  free(small.bytes);

  pattern_text pattern = empty_groups_then_a(MAX_CAPTURES);
  size_t pairs = (size_t)MAX_CAPTURES + 1;
  size_t *ovector = malloc(2 * pairs * sizeof *ovector);
  assert_non_null(ovector);
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *re = reliability_compile(pattern.bytes, pattern.length, reliability_engine_options[e]);
    assert_int_equal(jrx_capture_count(re), MAX_CAPTURES);
    assert_int_equal(jrx_match(re, "xxa", 3, 0, 0, ovector, pairs), (int)pairs);
    for (size_t group = 0; group < pairs; group++) {
      int nonempty = group == 0 || group == MAX_CAPTURES;
      assert_int_equal(ovector[2 * group], 2);
      assert_int_equal(ovector[2 * group + 1], nonempty ? 3 : 2);
    }
    assert_int_equal(jrx_match(re, "xxb", 3, 0, 0, ovector, pairs), JRX_NOMATCH);
    jrx_free(re);
  }
  free(ovector);
  free(pattern.bytes);

  pattern = empty_groups_then_a(MAX_CAPTURES + 1);
  assert_compile_error(pattern.bytes, pattern.length, 0, JRX_ERROR_TOO_MANY_CAPTURES,
                       PCRE2_ERROR_TOO_MANY_CAPTURES);
  free(pattern.bytes);
}

/* Compiles under limits; returns the error code (0 on success). */
static int compile_status(const char *pattern, size_t length, const jrx_compile_limits *limits,
                          jrx **result) {
  int error = 0;
  size_t offset = 0;
  *result = jrx_compile_with_limits(pattern, length, 0, limits, &error, &offset);
  assert_true((*result == NULL) == (error != 0));
  assert_true(offset <= length);
  return error;
}

/* The caller's limits hold at their edges exactly as the defaults do, and
 * limits out of range are refused. */
static void test_configured_limits(void **state) {
  (void)state;
  jrx *re;
  jrx_compile_limits limits = default_limits();
  /* The documented defaults, which the tests above probe at their edges. */
  assert_int_equal(limits.max_nesting_depth, 250);
  assert_int_equal(limits.max_program_size, 1000000);
  assert_int_equal(limits.max_pattern_length, (size_t)1 << 20);
  assert_int_equal(limits.dfa_cache_size, (size_t)1 << 20);
  assert_int_equal(limits.max_lookaround_table_size, (size_t)64 << 20);
  jrx_compile_limits_default(NULL);
  limits.max_nesting_depth = JRX_MAX_NESTING_DEPTH;
  pattern_text pattern = nested_pattern("(?:", JRX_MAX_NESTING_DEPTH);
  assert_int_equal(compile_status(pattern.bytes, pattern.length, &limits, &re), 0);
  size_t ovector[2];
  assert_int_equal(jrx_match(re, "xxa", 3, 0, 0, ovector, 1), 1);
  assert_int_equal(ovector[0], 2);
  assert_int_equal(ovector[1], 3);
  jrx_free(re);
  free(pattern.bytes);
  pattern = nested_pattern("(?:", JRX_MAX_NESTING_DEPTH + 1);
  assert_int_equal(compile_status(pattern.bytes, pattern.length, &limits, &re),
                   JRX_ERROR_NESTING_TOO_DEEP);
  free(pattern.bytes);

  limits = default_limits();
  limits.max_pattern_length = 12;
  assert_int_equal(compile_status("ab(?#xxxxx)c", 12, &limits, &re), 0);
  jrx_free(re);
  assert_int_equal(compile_status("ab(?#xxxxxx)c", 13, &limits, &re), JRX_ERROR_PATTERN_TOO_LONG);

  /* The longest a{n} that fits 100 instructions, and one more a. */
  limits = default_limits();
  limits.max_program_size = 100;
  uint32_t longest = 0;
  for (uint32_t n = 1;; n++) {
    char text[32];
    int length = snprintf(text, sizeof text, "a{%u}", n);
    int status = compile_status(text, (size_t)length, &limits, &re);
    if (status != 0) {
      assert_int_equal(status, JRX_ERROR_PROGRAM_TOO_BIG);
      break;
    }
    assert_true(re->program.count <= limits.max_program_size);
    jrx_free(re);
    longest = n;
  }
  assert_true(longest > 0 && longest < limits.max_program_size);

  /* The smallest DFA cache still answers a pattern whose DFA outgrows it
   * (the search finishes on the Pike VM), as PCRE2 does. */
  limits = default_limits();
  limits.dfa_cache_size = 64 << 10;
  static const char blowup[] = "[ab]*a[ab]{14}c";
  assert_int_equal(compile_status(blowup, strlen(blowup), &limits, &re), 0);
  reliability_oracle *oracle = reliability_oracle_create(blowup, strlen(blowup), 0, 0);
  enum { SUBJECT_LENGTH = 20000 };
  char *subject = repeated_bytes('a', SUBJECT_LENGTH);
  uint32_t random = 12345;
  for (size_t i = 0; i < SUBJECT_LENGTH; i++) {
    random = random * 1103515245u + 12345u;
    subject[i] = (random >> 16) & 1 ? 'a' : 'b';
  }
  subject[SUBJECT_LENGTH - 1] = 'c';
  assert_int_equal(reliability_check_match(re, 0, oracle, subject, SUBJECT_LENGTH, 0, 0), 0);
  /* The cache really was emptied: the limit reached the DFA. */
  assert_int_equal(re->dfa_limits.memory_budget, limits.dfa_cache_size);
  dfa_cache *cache;
  assert_int_equal(dfa_cache_create(re->automaton, &re->dfa_limits, &cache), 0);
  dfa_stats stats = {0};
  size_t bounds[2];
  int rc = dfa_search(re->automaton, cache, (const unsigned char *)subject, SUBJECT_LENGTH, 0, 0,
                      &bounds[0], &bounds[1], &stats);
  dfa_cache_destroy(cache);
  assert_true(rc == DFA_GAVE_UP || stats.cache_resets > 0);
  reliability_oracle_destroy(oracle);
  free(subject);
  jrx_free(re);

  static const jrx_compile_limits out_of_range[] = {
      {.max_pattern_length = 100,
       .max_nesting_depth = 0,
       .max_program_size = 100,
       .dfa_cache_size = 1 << 20},
      {.max_pattern_length = 100,
       .max_nesting_depth = JRX_MAX_NESTING_DEPTH + 1,
       .max_program_size = 100,
       .dfa_cache_size = 1 << 20},
      {.max_pattern_length = 100,
       .max_nesting_depth = 10,
       .max_program_size = 0,
       .dfa_cache_size = 1 << 20},
      {.max_pattern_length = 100,
       .max_nesting_depth = 10,
       .max_program_size = 100,
       .dfa_cache_size = (64 << 10) - 1},
  };
  for (size_t i = 0; i < sizeof out_of_range / sizeof *out_of_range; i++) {
    assert_int_equal(compile_status("a", 1, &out_of_range[i], &re), JRX_ERROR_BAD_COMPILE_OPTION);
  }
}

/* One lookaround table over positions start..length takes
 * ((length - start + 1) / 64 + 1) words of 8 bytes: with 16 bytes allowed,
 * a search over 126 bytes fits and one over 127 fails, in both engines,
 * and a later start offset brings the table back under the limit; so
 * too for a leading lookahead, which the DFA checks without a table
 * (lookahead_filter.h) but within the same limit. A lookaround checked
 * at a position needs no table, even with none allowed. */
static void test_lookaround_table_size(void **state) {
  (void)state;
  static const char *const tabled_patterns[] = {"a(?=.*b)", "(?=.*b)a"};
  static const char direct[] = "a(?=b)";
  static const uint32_t engines[] = {0, JRX_NO_JIT};
  char *subject = repeated_bytes('a', 200);
  size_t ovector[2];
  for (size_t e = 0; e < 2 * sizeof engines / sizeof *engines; e++) {
    const char *tabled = tabled_patterns[e / 2];
    jrx_compile_limits limits = default_limits();
    limits.max_lookaround_table_size = 16;
    jrx *re =
        jrx_compile_with_limits(tabled, strlen(tabled), engines[e % 2], &limits, NULL, NULL);
    assert_non_null(re);
    subject[125] = 'b';
    assert_int_equal(jrx_match(re, subject, 126, 0, 0, ovector, 1), 1);
    assert_int_equal(ovector[0], 0);
    assert_int_equal(jrx_match(re, subject, 127, 0, 0, ovector, 1),
                     JRX_ERROR_LOOKAROUND_TABLE_LIMIT);
    assert_int_equal(jrx_match(re, subject, 200, 100, 0, ovector, 1), 1);
    assert_int_equal(ovector[0], 100);
    subject[125] = 'a';
    jrx_free(re);
    limits.max_lookaround_table_size = 0;
    re = jrx_compile_with_limits(tabled, strlen(tabled), engines[e % 2], &limits, NULL, NULL);
    assert_int_equal(jrx_match(re, "", 0, 0, 0, ovector, 1), JRX_ERROR_LOOKAROUND_TABLE_LIMIT);
    jrx_free(re);
    re = jrx_compile_with_limits(direct, strlen(direct), engines[e % 2], &limits, NULL, NULL);
    assert_int_equal(jrx_match(re, "xab", 3, 0, 0, ovector, 1), 1);
    assert_int_equal(ovector[0], 1);
    jrx_free(re);
  }
  free(subject);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lookaround_table_size),
      cmocka_unit_test(test_nesting_depth), cmocka_unit_test(test_repeat_count),
      cmocka_unit_test(test_program_size),  cmocka_unit_test(test_pattern_length),
      cmocka_unit_test(test_capture_count), cmocka_unit_test(test_configured_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
