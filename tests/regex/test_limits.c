/* The compile limits of the public API: their defaults, their ranges, that
 * each one fails with its own error exactly past its bound and compiles
 * just under it, and that a small DFA cache changes no answer. */
#include <jrx.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static jrx *compile_limited(const char *pattern, const jrx_compile_limits *limits, int *error) {
  size_t offset;
  return jrx_compile_with_limits(pattern, strlen(pattern), 0, limits, error, &offset);
}

/* "(((...a...)))" nested depth times. */
static char *nested_pattern(uint32_t depth) {
  char *pattern = malloc(2 * (size_t)depth + 2);
  assert_non_null(pattern);
  memset(pattern, '(', depth);
  pattern[depth] = 'a';
  memset(pattern + depth + 1, ')', depth);
  pattern[2 * (size_t)depth + 1] = '\0';
  return pattern;
}

static void test_defaults(void **state) {
  (void)state;
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  assert_int_equal(limits.max_nesting_depth, 250);
  assert_int_equal(limits.max_program_size, 1000000);
  assert_int_equal(limits.max_pattern_length, (size_t)1 << 20);
  assert_int_equal(limits.dfa_cache_size, (size_t)1 << 20);
  jrx_compile_limits_default(NULL);

  int error = 0;
  jrx *re = compile_limited("a+b", NULL, &error);
  assert_non_null(re);
  size_t ovector[2];
  assert_int_equal(jrx_match(re, "xaab", 4, 0, 0, ovector, 1), 1);
  assert_int_equal(ovector[0], 1);
  jrx_free(re);
}

static void test_out_of_range_limits(void **state) {
  (void)state;
  jrx_compile_limits defaults;
  jrx_compile_limits_default(&defaults);
  jrx_compile_limits bad[4] = {defaults, defaults, defaults, defaults};
  bad[0].max_nesting_depth = 0;
  bad[1].max_nesting_depth = JRX_MAX_NESTING_DEPTH + 1;
  bad[2].max_program_size = 0;
  bad[3].dfa_cache_size = 1024;
  for (size_t i = 0; i < 4; i++) {
    int error = 0;
    assert_null(compile_limited("a", &bad[i], &error));
    assert_int_equal(error, JRX_ERROR_BAD_COMPILE_OPTION);
  }
}

static void test_nesting_limit(void **state) {
  (void)state;
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.max_nesting_depth = JRX_MAX_NESTING_DEPTH;
  char *deepest = nested_pattern(JRX_MAX_NESTING_DEPTH);
  char *too_deep = nested_pattern(JRX_MAX_NESTING_DEPTH + 1);
  int error = 0;
  jrx *re = compile_limited(deepest, &limits, &error);
  assert_non_null(re);
  assert_int_equal(jrx_capture_count(re), JRX_MAX_NESTING_DEPTH);
  size_t ovector[4];
  assert_int_equal(jrx_match(re, "ba", 2, 0, 0, ovector, 2), 0); /* too few pairs for all */
  assert_int_equal(ovector[0], 1);
  assert_int_equal(ovector[2], 1);
  jrx_free(re);
  assert_null(compile_limited(too_deep, &limits, &error));
  assert_int_equal(error, JRX_ERROR_NESTING_TOO_DEEP);

  limits.max_nesting_depth = 10;
  char *ten = nested_pattern(10);
  char *eleven = nested_pattern(11);
  re = compile_limited(ten, &limits, &error);
  assert_non_null(re);
  jrx_free(re);
  assert_null(compile_limited(eleven, &limits, &error));
  assert_int_equal(error, JRX_ERROR_NESTING_TOO_DEEP);
  free(deepest);
  free(too_deep);
  free(ten);
  free(eleven);
}

static void test_program_size_limit(void **state) {
  (void)state;
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  int error = 0;
  /* Find the size a{200} needs by lowering the limit until it fails. */
  uint32_t size = 1;
  jrx *re = NULL;
  limits.max_program_size = size;
  while ((re = compile_limited("a{200}", &limits, &error)) == NULL) {
    assert_int_equal(error, JRX_ERROR_PROGRAM_TOO_BIG);
    limits.max_program_size = ++size;
    assert_true(size < 1000);
  }
  assert_true(size >= 200);
  char subject[201];
  memset(subject, 'a', 200);
  subject[200] = '\0';
  size_t ovector[2];
  assert_int_equal(jrx_match(re, subject, 200, 0, 0, ovector, 1), 1);
  assert_int_equal(ovector[1], 200);
  assert_int_equal(jrx_match(re, subject, 199, 0, 0, ovector, 1), JRX_NOMATCH);
  jrx_free(re);
  limits.max_program_size = size - 1;
  assert_null(compile_limited("a{200}", &limits, &error));
  assert_int_equal(error, JRX_ERROR_PROGRAM_TOO_BIG);
}

static void test_pattern_length_limit(void **state) {
  (void)state;
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.max_pattern_length = 5;
  int error = 0;
  jrx *re = compile_limited("abcde", &limits, &error);
  assert_non_null(re);
  jrx_free(re);
  assert_null(compile_limited("abcdef", &limits, &error));
  assert_int_equal(error, JRX_ERROR_PATTERN_TOO_LONG);
}

/* A pattern whose DFA has thousands of states: with the smallest cache the
 * DFA keeps emptying it or gives up, and every answer must stay the same. */
static void test_small_dfa_cache_same_answers(void **state) {
  (void)state;
  const char *pattern = "(a|b)*a(a|b){10}c";
  jrx_compile_limits small;
  jrx_compile_limits_default(&small);
  small.dfa_cache_size = 64 << 10;
  int error = 0;
  jrx *with_small = compile_limited(pattern, &small, &error);
  jrx *with_default = compile_limited(pattern, NULL, &error);
  assert_non_null(with_small);
  assert_non_null(with_default);
  char subject[4001];
  uint32_t seed = 12345;
  for (int round = 0; round < 20; round++) {
    for (size_t i = 0; i < 4000; i++) {
      seed = seed * 1103515245u + 12345u;
      subject[i] = (seed >> 16) % 7 == 0 ? 'c' : ((seed >> 20) & 1 ? 'a' : 'b');
    }
    size_t small_ovector[4];
    size_t default_ovector[4];
    for (size_t start = 0; start < 4000; start += 397) {
      int small_result = jrx_match(with_small, subject, 4000, start, 0, small_ovector, 2);
      int default_result = jrx_match(with_default, subject, 4000, start, 0, default_ovector, 2);
      assert_int_equal(small_result, default_result);
      if (small_result > 0) {
        assert_memory_equal(small_ovector, default_ovector, sizeof small_ovector);
      }
    }
  }
  jrx_free(with_small);
  jrx_free(with_default);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults),
      cmocka_unit_test(test_out_of_range_limits),
      cmocka_unit_test(test_nesting_limit),
      cmocka_unit_test(test_program_size_limit),
      cmocka_unit_test(test_pattern_length_limit),
      cmocka_unit_test(test_small_dfa_cache_same_answers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
