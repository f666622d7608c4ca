/* test_api: the include/jrx.h contract: argument errors, ovector rules,
 * names, every allocation (match data included) failing in turn, and a
 * few hundred patterns against PCRE2. Threads sharing one jrx are test_match_data's. */
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
#include "allocation_failure.h"
#include "jrx.h"

/* ---- helpers ---------------------------------------------------------- */

static jrx *compile_ok(const char *pattern, uint32_t options) {
  int error = 1;
  size_t offset = 1;
  jrx *re = jrx_compile(pattern, strlen(pattern), options, &error, &offset);
  if (re == NULL) {
    fail_msg("/%s/ failed to compile: error %d at %zu", pattern, error, offset);
  }
  assert_int_equal(error, 0);
  return re;
}

/* ---- argument checking ------------------------------------------------ */

static void test_compile_arguments(void **state) {
  (void)state;
  int error = 0;
  size_t offset = 99;
  assert_null(jrx_compile(NULL, 3, 0, &error, &offset));
  assert_int_equal(error, JRX_ERROR_NULL_PATTERN);
  assert_int_equal(offset, 0);
  assert_null(jrx_compile("a", 1, JRX_NOTBOL, &error, &offset));
  assert_int_equal(error, JRX_ERROR_BAD_COMPILE_OPTION);
  assert_null(jrx_compile("a", 1, 0x80000000u, &error, &offset));
  assert_int_equal(error, JRX_ERROR_BAD_COMPILE_OPTION);
  assert_null(jrx_compile("a", 1, 0x80000000u, NULL, NULL));
  assert_null(jrx_compile("a(b", 3, 0, &error, &offset));
  assert_int_equal(error, JRX_ERROR_MISSING_PARENTHESIS);
  assert_null(jrx_compile("a(b", 3, 0, NULL, NULL));

  /* A NULL pattern of length 0 is the empty pattern. */
  jrx *empty = jrx_compile(NULL, 0, 0, NULL, NULL);
  assert_non_null(empty);
  size_t ovector[2];
  assert_int_equal(jrx_match(empty, "abc", 3, 1, 0, ovector, 1), 1);
  assert_int_equal(ovector[0], 1);
  assert_int_equal(ovector[1], 1);
  jrx_free(empty);

  /* The length is what counts, not a NUL. */
  jrx *with_nul = compile_ok("", 0);
  jrx_free(with_nul);
  with_nul = jrx_compile("a\0b", 3, 0, &error, &offset);
  assert_non_null(with_nul);
  assert_int_equal(jrx_match(with_nul, "xa\0b", 4, 0, 0, ovector, 1), 1);
  assert_int_equal(ovector[0], 1);
  assert_int_equal(ovector[1], 4);
  jrx_free(with_nul);
  jrx_free(NULL);
}

/* JRX_ZERO_TERMINATED: the pattern, subject and replacement up to their
 * NUL, as PCRE2_ZERO_TERMINATED; NULL with it is an argument error. */
static void test_zero_terminated(void **state) {
  (void)state;
  int error = 0;
  size_t offset = 99;
  assert_null(jrx_compile(NULL, JRX_ZERO_TERMINATED, 0, &error, &offset));
  assert_int_equal(error, JRX_ERROR_NULL_PATTERN);
  jrx *re = jrx_compile("(b+)c", JRX_ZERO_TERMINATED, 0, &error, &offset);
  assert_non_null(re);
  assert_int_equal(jrx_capture_count(re), 1);
  size_t ovector[4];
  assert_int_equal(jrx_match(re, "abbc\0bc", JRX_ZERO_TERMINATED, 0, 0, ovector, 2), 2);
  assert_int_equal(ovector[0], 1);
  assert_int_equal(ovector[1], 4);
  /* The length is the NUL's position: a start offset past it is bad. */
  assert_int_equal(jrx_match(re, "abbc\0bc", JRX_ZERO_TERMINATED, 5, 0, ovector, 2),
                   JRX_ERROR_BAD_OFFSET);
  assert_int_equal(jrx_match(re, NULL, JRX_ZERO_TERMINATED, 0, 0, ovector, 2), JRX_ERROR_NULL);
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, "bc bbc\0bc", JRX_ZERO_TERMINATED, 0, 0);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 2), 2);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 2), 2);
  assert_int_equal(ovector[1], 6);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 2), JRX_NOMATCH);
  char output[32];
  size_t length = sizeof output;
  assert_int_equal(jrx_substitute(re, "bc bbc\0bc", JRX_ZERO_TERMINATED, 0, JRX_SUBSTITUTE_GLOBAL,
                                  "<$1>", JRX_ZERO_TERMINATED, output, &length),
                   2);
  assert_string_equal(output, "<b> <bb>");
  length = sizeof output;
  assert_int_equal(jrx_substitute(re, "bc", 2, 0, 0, NULL, JRX_ZERO_TERMINATED, output, &length),
                   JRX_ERROR_NULL);
  jrx_free(re);
}

/* jrx_match_with on a match data, for patterns of each quick path
 * (literals, bounds, dense): a zero-terminated subject is read up to its
 * NUL, and a start offset past the end is bad, whether the length is given
 * or found (the quick paths' check of both is one compare). */
static void test_quick_paths_check_lengths(void **state) {
  (void)state;
  static const char *const patterns[] = {"bbc", "[a-c]+c", "\\w+"};
  for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
    int error = 0;
    size_t offset = 0;
    jrx *re = jrx_compile(patterns[p], JRX_ZERO_TERMINATED, 0, &error, &offset);
    assert_non_null(re);
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    size_t ovector[2] = {0, 0};
    assert_int_equal(jrx_match_with(re, data, "  bbc\0bbc", JRX_ZERO_TERMINATED, 0, 0, ovector, 1),
                     1);
    assert_int_equal(ovector[0], 2);
    assert_int_equal(ovector[1], 5);
    assert_int_equal(jrx_match_with(re, data, "  bbc\0bbc", JRX_ZERO_TERMINATED, 5, 0, ovector, 1),
                     JRX_NOMATCH);
    assert_int_equal(jrx_match_with(re, data, "  bbc\0bbc", JRX_ZERO_TERMINATED, 6, 0, ovector, 1),
                     JRX_ERROR_BAD_OFFSET);
    assert_int_equal(jrx_match_with(re, data, "  bbc", 5, 6, 0, ovector, 1), JRX_ERROR_BAD_OFFSET);
    assert_int_equal(jrx_match_with(re, data, "  bbc", 5, SIZE_MAX, 0, ovector, 1),
                     JRX_ERROR_BAD_OFFSET);
    assert_int_equal(jrx_match_with(re, data, "  bbc", 5, 5, 0, ovector, 1), JRX_NOMATCH);
    jrx_match_data_free(data);
    jrx_free(re);
  }
}

static void test_program_too_big(void **state) {
  (void)state;
  int error = 0;
  size_t offset = 0;
  static const char pattern[] = "x(?:(?:ab{1000}){1000}){10}";
  assert_null(jrx_compile(pattern, strlen(pattern), 0, &error, &offset));
  assert_int_equal(error, JRX_ERROR_PROGRAM_TOO_BIG);
  assert_true(offset < strlen(pattern));
}

static void test_match_arguments(void **state) {
  (void)state;
  jrx *re = compile_ok("a|", 0);
  size_t ovector[4] = {7, 7, 7, 7};
  assert_int_equal(jrx_match(NULL, "a", 1, 0, 0, ovector, 2), JRX_ERROR_NULL);
  assert_int_equal(jrx_match(re, NULL, 1, 0, 0, ovector, 2), JRX_ERROR_NULL);
  assert_int_equal(jrx_match(re, "a", 1, 0, 0, NULL, 2), JRX_ERROR_NULL);
  assert_int_equal(jrx_match(re, "a", 1, 2, 0, ovector, 2), JRX_ERROR_BAD_OFFSET);
  assert_int_equal(jrx_match(re, "a", 1, 0, JRX_CASELESS, ovector, 2), JRX_ERROR_BAD_OPTION);
  assert_int_equal(jrx_match(re, "a", 1, 0, JRX_NO_JIT, ovector, 2), JRX_ERROR_BAD_OPTION);
  assert_int_equal(jrx_match(re, "a", 1, 0, 1u << 20, ovector, 2), JRX_ERROR_BAD_OPTION);
  assert_int_equal(ovector[0], 7);

  /* A NULL subject of length 0 is the empty subject. */
  assert_int_equal(jrx_match(re, NULL, 0, 0, 0, ovector, 2), 1);
  assert_int_equal(ovector[0], 0);
  assert_int_equal(ovector[1], 0);
  assert_int_equal(jrx_match(re, NULL, 0, 0, JRX_NOTEMPTY, ovector, 2), JRX_NOMATCH);

  /* No ovector at all: a match reports that nothing fitted. */
  assert_int_equal(jrx_match(re, "a", 1, 0, 0, NULL, 0), 0);
  assert_int_equal(jrx_match(re, "a", 1, 1, JRX_NOTEMPTY, NULL, 0), JRX_NOMATCH);
  /* The start offset may equal the length. */
  assert_int_equal(jrx_match(re, "a", 1, 1, 0, ovector, 2), 1);
  assert_int_equal(ovector[0], 1);
  jrx_free(re);
}

static void test_utf_subject_checks(void **state) {
  (void)state;
  jrx *plain = compile_ok("b", JRX_UTF);
  jrx *boundary = compile_ok("\\bb", JRX_UTF);
  size_t ovector[2];
  assert_int_equal(jrx_match(plain, "ab\xff", 3, 0, 0, ovector, 1), JRX_ERROR_BAD_UTF);
  assert_int_equal(jrx_match(plain, "\xc3\xa9" "b", 3, 1, 0, ovector, 1),
                   JRX_ERROR_BAD_UTF_OFFSET);
  /* The offset check comes before validation, as in PCRE2. */
  assert_int_equal(jrx_match(plain, "\xff\xa9" "b", 3, 1, 0, ovector, 1),
                   JRX_ERROR_BAD_UTF_OFFSET);
  assert_int_equal(jrx_match(plain, "\xa9" "b", 2, 0, 0, ovector, 1), JRX_ERROR_BAD_UTF);
  /* Only what matching can read is checked: from the start offset, or one
   * character before it when \b may look back. */
  assert_int_equal(jrx_match(plain, "\xff" "abc", 4, 1, 0, ovector, 1), 1);
  assert_int_equal(ovector[0], 2);
  assert_int_equal(jrx_match(boundary, "\xff" "abc", 4, 2, 0, ovector, 1), JRX_NOMATCH);
  assert_int_equal(jrx_match(boundary, "a\xff" "bc", 4, 2, 0, ovector, 1), JRX_ERROR_BAD_UTF);
  assert_int_equal(jrx_match(boundary, "\xe9\xa9" "b", 3, 2, 0, ovector, 1), JRX_ERROR_BAD_UTF);
  assert_int_equal(jrx_match(boundary, "\xc3\xa9" "b", 3, 2, 0, ovector, 1), 1);
  /* Byte mode checks nothing. */
  jrx *bytes = compile_ok("b", 0);
  assert_int_equal(jrx_match(bytes, "\xff\xa9" "b", 3, 1, 0, ovector, 1), 1);
  jrx_free(bytes);
  jrx_free(boundary);
  jrx_free(plain);
}

static void test_ovector_conventions(void **state) {
  (void)state;
  jrx *re = compile_ok("(a)|(b)(c)?(d)?", 0);
  assert_int_equal(jrx_capture_count(re), 4);
  size_t ovector[12];
  for (size_t i = 0; i < 12; i++) {
    ovector[i] = 7;
  }
  /* b: group 2 set, 3 and 4 unset; the return is one past the highest set. */
  assert_int_equal(jrx_match(re, "xb", 2, 0, 0, ovector, 6), 3);
  static const size_t expected[] = {1, 2, JRX_UNSET, JRX_UNSET, 1, 2,
                                    JRX_UNSET, JRX_UNSET, JRX_UNSET, JRX_UNSET, 7, 7};
  assert_memory_equal(ovector, expected, sizeof expected);
  /* Too small for every set pair: 0, with what fits filled in. */
  for (size_t i = 0; i < 12; i++) {
    ovector[i] = 7;
  }
  assert_int_equal(jrx_match(re, "xb", 2, 0, 0, ovector, 2), 0);
  assert_int_equal(ovector[0], 1);
  assert_int_equal(ovector[1], 2);
  assert_int_equal(ovector[2], JRX_UNSET);
  assert_int_equal(ovector[4], 7);
  /* Small but enough for the set pairs. */
  assert_int_equal(jrx_match(re, "a", 1, 0, 0, ovector, 2), 2);
  assert_int_equal(ovector[2], 0);
  assert_int_equal(ovector[3], 1);
  jrx_free(re);
}

static void test_names_engine_version(void **state) {
  (void)state;
  jrx *re = compile_ok("(?<year>\\d+)-(\\d+)-(?<day>\\d+)", 0);
  assert_int_equal(jrx_capture_count(re), 3);
  assert_int_equal(jrx_name_to_number(re, "year"), 1);
  assert_int_equal(jrx_name_to_number(re, "day"), 3);
  assert_int_equal(jrx_name_to_number(re, "month"), JRX_ERROR_UNKNOWN_GROUP);
  assert_int_equal(jrx_name_to_number(re, "da"), JRX_ERROR_UNKNOWN_GROUP);
  assert_int_equal(jrx_name_to_number(re, NULL), JRX_ERROR_NULL);
  assert_int_equal(jrx_name_to_number(NULL, "day"), JRX_ERROR_NULL);
#if defined(__aarch64__)
  assert_string_equal(jrx_engine(re), "arm64-jit");
#else
  assert_string_equal(jrx_engine(re), "interpreter");
#endif
  jrx_free(re);
  jrx *unnamed = compile_ok("a", JRX_NO_JIT);
  assert_string_equal(jrx_engine(unnamed), "interpreter");
  assert_int_equal(jrx_name_to_number(unnamed, "a"), JRX_ERROR_UNKNOWN_GROUP);
  assert_int_equal(jrx_capture_count(unnamed), 0);
  jrx_free(unnamed);
  assert_int_equal(jrx_capture_count(NULL), 0);
  assert_null(jrx_engine(NULL));
  assert_string_equal(jrx_version(), JRX_VERSION_STRING);
}

static void test_compile_anchored_option(void **state) {
  (void)state;
  jrx *re = compile_ok("b", JRX_ANCHORED);
  size_t ovector[2];
  assert_int_equal(jrx_match(re, "ab", 2, 0, 0, ovector, 1), JRX_NOMATCH);
  assert_int_equal(jrx_match(re, "ab", 2, 1, 0, ovector, 1), 1);
  jrx_free(re);
}

/* Fails the n-th allocation for n = 0, 1, ... until compiling, matching,
 * making a match data and matching on it succeed without one failing;
 * every failure must be a clean JRX_ERROR_NOMEMORY (the leak checker sees
 * anything left behind), storing no match data. */
static void allocations_fail_in_turn(uint32_t engine_options) {
  static const char pattern[] = "(?<w>\\w+)\\s(?:x|[\\x{100}-\\x{2000}])*(a|b)*?$";
  static const char subject[] = "hello x\xc4\x80" "ba";
  int completed = 0;
  for (size_t limit = 0; !completed; limit++) {
    int error = 0;
    size_t offset;
    allocation_failure_arm(limit);
    jrx *re = jrx_compile(pattern, strlen(pattern), JRX_UTF | engine_options, &error, &offset);
    if (re == NULL) {
      allocation_failure_disarm();
      assert_int_equal(error, JRX_ERROR_NOMEMORY);
      continue;
    }
    size_t ovector[6];
    int result = jrx_match(re, subject, strlen(subject), 0, 0, ovector, 3);
    jrx_match_data *data = NULL;
    if (result == 3) {
      int created = jrx_match_data_create(re, &data);
      assert_true(created == 0 || data == NULL);
      result = created != 0 ? created
                            : jrx_match_with(re, data, subject, strlen(subject), 0, 0, ovector, 3);
    }
    allocation_failure_disarm();
    jrx_match_data_free(data);
    jrx_free(re);
    if (result == JRX_ERROR_NOMEMORY) {
      continue;
    }
    assert_int_equal(result, 3);
    assert_int_equal(ovector[3], 5);
    assert_int_equal(ovector[4], 10);
    completed = 1;
  }
}

static void test_allocation_failures(void **state) {
  (void)state;
  allocations_fail_in_turn(0);
  allocations_fail_in_turn(JRX_NO_JIT);
}

/* ---- differential check against PCRE2 --------------------------------- */

typedef struct differential_case {
  const char *pattern;
  uint32_t options;
} differential_case;

#define C JRX_CASELESS
#define M JRX_MULTILINE
#define S JRX_DOTALL
#define X JRX_EXTENDED
#define U JRX_UTF
#define UG JRX_UNGREEDY

static const differential_case byte_cases[] = {
    /* literals, classes and escapes */
    {"a", 0}, {"abc", 0}, {"", 0}, {"a.c", 0}, {"a.c", S}, {".", 0}, {"..", S},
    {"[abc]", 0}, {"[^abc]", 0}, {"[a-c]+", 0}, {"[^a-c]+", 0}, {"[]a]", 0}, {"[^]a]", 0},
    {"[a-]", 0}, {"[-a]", 0}, {"\\d+", 0}, {"\\D+", 0}, {"\\w+", 0}, {"\\W+", 0},
    {"\\s+", 0}, {"\\S+", 0}, {"[\\d\\s]+", 0}, {"[^\\d\\s]+", 0}, {"\\x61", 0},
    {"\\x{62}", 0}, {"\\n", 0}, {"\\t|\\n", 0}, {"[[:alpha:]]+", 0}, {"[[:digit:][:space:]]+", 0},
    {"[[:^alpha:]]+", 0}, {"a\\.c", 0}, {"\\Qa.c\\E", 0}, {"abc", C}, {"[a-c]+", C},
    {"[^b]+", C}, {"A", C}, {"(?i)ab", 0}, {"a(?i)b", 0}, {"a(?i:b)c", 0}, {"(?i:a|B)c", 0},
    {"\\141", 0}, {"[\\x00-\\x60]+", 0},
    /* alternation and priority */
    {"a|b", 0}, {"a|ab", 0}, {"ab|a", 0}, {"a|b|c", 0}, {"|a", 0}, {"a|", 0},
    {"(?:a|ab)(c|bcd)", 0}, {"(a|ab)(c|bcd)(d*)", 0}, {"x|ab|abc", 0}, {"(?:b|ab|a)*c", 0},
    /* greedy, lazy, possessive-free quantifiers */
    {"a*", 0}, {"a+", 0}, {"a?", 0}, {"a*?", 0}, {"a+?", 0}, {"a??", 0}, {"a*b", 0},
    {"a*?b", 0}, {"a+?b", 0}, {"(a+)(a*)", 0}, {"(a+?)(a*)", 0}, {"(a*?)(a*?)b", 0},
    {"a{2}", 0}, {"a{2,}", 0}, {"a{2,3}", 0}, {"a{0,2}", 0}, {"a{2,3}?", 0}, {"a{,3}", 0},
    {"a{1,2}b{1,2}", 0}, {"(ab){2}", 0}, {"(ab){1,2}", 0}, {"(a|b){3}", 0}, {"(a|b){2,}?c", 0},
    {"a*", UG}, {"a*?", UG}, {"(a+)(b*)", UG}, {"(?U)a+", 0}, {"x{0}y", 0}, {"(x){0}y", 0},
    {"(?:a{3}){2}", 0}, {"(?:a{2}){2,3}", 0}, {"a{1}?", 0},
    /* captures */
    {"(a)", 0}, {"(a)(b)", 0}, {"(a)|(b)", 0}, {"((a)|b)+", 0}, {"(a(b(c)))", 0},
    {"(a)*", 0}, {"(a)+", 0}, {"(a)?", 0}, {"(a)??", 0}, {"(a)*?b", 0}, {"(?:(a)|b)*", 0},
    {"(?:(a)|(b))*", 0}, {"(?:(a)|(b))+?c", 0}, {"(a|b)*c", 0}, {"((a)|(b))*", 0},
    {"(a)|b|(c)", 0}, {"(?:(a)b|a(c))*", 0}, {"(?<n>a)(?P<m>b)?", 0}, {"(a)(?:b|(c))", 0},
    /* the empty-iteration rule */
    {"(a*)*", 0}, {"(a*)+", 0}, {"(a*)*?", 0}, {"(a*?)*", 0}, {"(a*?)+", 0}, {"(a|)*", 0},
    {"(|a)*", 0}, {"(|a)+", 0}, {"(a|)+?", 0}, {"(|a)*?b", 0}, {"(?:a?b?)*", 0},
    {"(?:(a?)(b?))*", 0}, {"(?:(a?)(b?))*c", 0}, {"(?:(a?)(b?))*?c", 0}, {"((a*)*)*", 0},
    {"((a*)*)*b", 0}, {"((a?)*)*b", 0}, {"(()|a)*", 0}, {"(a|()|b)*?c", 0}, {"(()|a)+b", 0},
    {"((a)|(b)|)*c", 0}, {"(?:(a)|b|())*", 0}, {"(?:(a)|b|())*?c", 0}, {"()*", 0},
    {"()+", 0}, {"()*?", 0}, {"(?:)*", 0}, {"(?:a|(b?))*c", 0}, {"(?:(b?)|a)*c", 0},
    {"(a?){2,}", 0}, {"(a?){2,}b", 0}, {"(a?){0,3}b", 0}, {"(|a){1,3}b", 0}, {"(|a){2,}b", 0},
    {"(|a){2,}?b", 0}, {"(a?)+?b", 0}, {"(a?){2,5}?b", 0}, {"(?:a*|b)*c", 0},
    {"(?:a*|b)*?c", 0}, {"(?:(a)*|(b))*c", 0}, {"(?:(a*)|(b))*", 0}, {"(a*b*)*", 0},
    {"(a*b*)*c", 0}, {"(?:(a)|\\b)*", 0}, {"(\\b)*a", 0}, {"(\\b)+a", 0}, {"(^)*a", 0},
    {"(?:^)*a", 0}, {"(?:$)*", 0}, {"(^|a)*b", 0}, {"(a|^)*b", 0}, {"(?:(?:a|)(?:b|))*c", 0},
    {"(?:(a)|(?:))*b", 0}, {"((?:a|b)*)*c", 0}, {"((?:a|b)*?)*c", 0}, {"(a(b)?)*", 0},
    {"(a(b)?)+c", 0}, {"((a)|(b)?)*", 0}, {"(?:a|b?)*?c", 0}, {"(?:x*(a?))*b", 0},
    /* assertions */
    {"^a", 0}, {"a$", 0}, {"^$", 0}, {"^", 0}, {"$", 0}, {"^a", M}, {"a$", M}, {"^$", M},
    {"^", M}, {"$", M}, {"\\Aa", 0}, {"a\\z", 0}, {"a\\Z", 0}, {"\\Aa", M}, {"a\\Z", M},
    {"\\ba", 0}, {"a\\b", 0}, {"\\Ba", 0}, {"a\\B", 0}, {"\\b", 0}, {"\\B", 0},
    {"\\b\\w+\\b", 0}, {"\\Ga", 0}, {"\\G(a)", 0}, {"a|\\Gb", 0}, {"^a|b$", 0}, {"^a|b$", M},
    {"(?m)^b", 0}, {"(?m)a$\\n^b", 0}, {"x$\\n", 0}, {"$\\n", M}, {"\\n^", M}, {"\\n$", M},
    {"^\\n", M}, {"(?:^|,)a", 0}, {"(?:^|,)a", M}, {"a(?:$|,)", 0}, {"\\b(a|b)\\b", 0},
    {"\\Bb\\B", 0}, {"(?:\\b|a)*", 0}, {"(?:\\B|a)+b", 0},
    /* dot, dotall and newlines */
    {".*", 0}, {".*", S}, {".+$", 0}, {".+$", M}, {"(?s).+", 0}, {"(?s:.)a", 0}, {"a.*b", 0},
    {"a.*?b", 0}, {"a.*b", S}, {"\\N+", 0}, {"[^\\n]+", 0},
    /* extended mode */
    {"a b c", X}, {"a # comment\n b", X}, {"[ ]a", X}, {"a\\ b", X}, {"(?x) a | b ", 0},
    /* caseless specials */
    {"[[:upper:]]+", C}, {"\\w+", C}, {"k", C}, {"[k-m]", C}, {"(?i)[^k]", 0},
    /* longer combinations */
    {"(\\w+)@(\\w+)\\.com", 0}, {"(\\d{1,3})\\.(\\d{1,3})", 0}, {"(?:(\\w)(\\w)?)+", 0},
    {"([a-z]+)\\s*=\\s*([a-z0-9]*)", 0}, {"^(?:(a)|b)(?:(c)|d)$", 0}, {"(a|b)*?(b|c)", 0},
    {"(?:a+|b+)*c", 0}, {"(a+|b+)*c", 0}, {"(x+x+)+y", 0}, {"(a|aa)*b", 0}, {"(.*a){3}", 0},
    {"(.*?a){2}", 0}, {"(?:a|b)*?a", 0}, {"[ab]*?b{2}", 0}
};

static const differential_case utf_cases[] = {
    {".", U}, {"..", U}, {".+", U}, {"[^a]", U}, {"[^a]+", U}, {"\\x{e9}", U}, {"é", U},
    {"€+", U}, {"[é€]+", U}, {"[\\x{80}-\\x{10ffff}]+", U}, {"[^\\x{80}-\\x{10ffff}]+", U},
    {"\\w+", U}, {"\\W+", U}, {"\\S+", U}, {"\\bé", U}, {"é\\b", U}, {"\\B", U}, {"\\b", U},
    {"(é|e)+", U}, {"(é*)*", U}, {"(?:é?(a?))*", U}, {"É", C | U}, {"é", C | U},
    {"[à-ÿ]+", U}, {"[à-ÿ]+", C | U}, {"ſ", C | U}, {"k", C | U}, {"K+", C | U},
    {"\\x{1f600}", U}, {"[\\x{1f600}-\\x{1f64f}]", U}, {"(.)(.)", U}, {"(.)$", U},
    {".$", M | U}, {"^.", M | U}, {"[^\\n]", U}, {"a.b", S | U}, {"\\D+", U}, {"[[:alpha:]]+", U},
    {"[^[:alpha:]]+", U}, {"\\x{100}{2,}", U}, {"(?i)\\x{100}", U}, {"[\\x{100}-\\x{17f}]+", C | U},
    {"(?:a|é|€|😀)*?$", U}, {"\\G.", U},
};

static const char *const byte_subjects[] = {
    "", "a", "b", "c", "ab", "ba", "abc", "aab", "abb", "abab", "aabbcc", "cab", "acbd",
    "xyz", "a\nb", "\n", "a\n", "\na", "ab\n", "\n\n", "AbC", "aBc", "ABC", "a b", " ab ",
    "a,b", "abcbcd", "xxxxy", "aaaab", "aaaa", "x@y.com", "192.168", "key = val1",
    "K\xe2\x84\xaa", "a\tb", "0a_9", "aaa\nbbb\n", "a.c", "a\\ b", "abd", "a-", "]a",
};

static const char *const utf_subjects[] = {
    "", "a", "é", "aé", "éa", "€", "a€b", "😀", "a😀", "é€😀", "ÉÉé", "ſK k", "àÿ", "Ā", "ĀĀā",
    "x\ny", "é\n", "\né", "a b é", "eéeé", "Àb", "\xe2\x84\xaa", "\xc5\xbf",
};

#define OVECTOR_PAIRS 12

static void compare_one(const jrx *re, pcre2_code *oracle, pcre2_match_data *oracle_data,
                        const differential_case *test_case, const char *subject,
                        size_t start_offset, uint32_t options) {
  size_t length = strlen(subject);
  size_t ovector[2 * OVECTOR_PAIRS];
  int result = jrx_match(re, subject, length, start_offset, options, ovector, OVECTOR_PAIRS);
  int expected = pcre2_match(oracle, (PCRE2_SPTR)subject, length, start_offset,
                             oracle_pcre2_match_options(options), oracle_data, NULL);
  if (expected == PCRE2_ERROR_NOMATCH) {
    expected = JRX_NOMATCH;
  } else if (expected < 0) {
    expected = oracle_pcre2_error_to_jrx(expected);
  }
  const PCRE2_SIZE *oracle_ovector = pcre2_get_ovector_pointer(oracle_data);
  int same = result == expected;
  for (int i = 0; same && i < 2 * expected; i++) {
    same = ovector[i] == oracle_ovector[i];
  }
  if (!same) {
    char mine[128] = "";
    char theirs[128] = "";
    for (int i = 0; i < 2 * result && i < 8; i++) {
      snprintf(mine + strlen(mine), sizeof mine - strlen(mine), " %zd", (ptrdiff_t)ovector[i]);
    }
    for (int i = 0; i < 2 * expected && i < 8; i++) {
      snprintf(theirs + strlen(theirs), sizeof theirs - strlen(theirs), " %zd",
               (ptrdiff_t)oracle_ovector[i]);
    }
    fail_msg("/%s/ options %#x on \"%s\" from %zu, match options %#x: jrx %d%s, pcre2 %d%s",
             test_case->pattern, (unsigned)test_case->options, subject, start_offset,
             (unsigned)options, result, mine, expected, theirs);
  }
}

/* Until the AST tells \A from ^ and \Z from $, NOTBOL and NOTEOL act on
 * all four; patterns spelled with \A or \Z skip those two options. */
static int spells_subject_anchor(const char *pattern) {
  return strstr(pattern, "\\A") != NULL || strstr(pattern, "\\Z") != NULL;
}

static void run_differential(const differential_case *cases, size_t case_count,
                             const char *const *subjects, size_t subject_count) {
  static const uint32_t option_sets[] = {0,          JRX_NOTEMPTY_ATSTART, JRX_NOTEMPTY,
                                         JRX_NOTBOL, JRX_NOTEOL,           JRX_ANCHORED};
  pcre2_match_data *oracle_data = pcre2_match_data_create(OVECTOR_PAIRS, NULL);
  assert_non_null(oracle_data);
  for (size_t c = 0; c < case_count; c++) {
    const differential_case *test_case = &cases[c];
    jrx *re = compile_ok(test_case->pattern, test_case->options);
    int error;
    PCRE2_SIZE error_offset;
    pcre2_code *oracle = pcre2_compile((PCRE2_SPTR)test_case->pattern, PCRE2_ZERO_TERMINATED,
                                       oracle_pcre2_compile_options(test_case->options), &error,
                                       &error_offset, NULL);
    assert_non_null(oracle);
    for (size_t s = 0; s < subject_count; s++) {
      size_t length = strlen(subjects[s]);
      for (size_t start = 0; start <= length; start++) {
        for (size_t o = 0; o < sizeof option_sets / sizeof option_sets[0]; o++) {
          if ((option_sets[o] & (JRX_NOTBOL | JRX_NOTEOL)) != 0 &&
              spells_subject_anchor(test_case->pattern)) {
            continue;
          }
          compare_one(re, oracle, oracle_data, test_case, subjects[s], start, option_sets[o]);
        }
      }
    }
    pcre2_code_free(oracle);
    jrx_free(re);
  }
  pcre2_match_data_free(oracle_data);
}

static void test_differential_bytes(void **state) {
  (void)state;
  run_differential(byte_cases, sizeof byte_cases / sizeof byte_cases[0], byte_subjects,
                   sizeof byte_subjects / sizeof byte_subjects[0]);
}

static void test_differential_utf(void **state) {
  (void)state;
  run_differential(utf_cases, sizeof utf_cases / sizeof utf_cases[0], utf_subjects,
                   sizeof utf_subjects / sizeof utf_subjects[0]);
}

int main(void) {
  const struct CMUnitTest contract_tests[] = {
      cmocka_unit_test(test_compile_arguments),    cmocka_unit_test(test_zero_terminated),
      cmocka_unit_test(test_quick_paths_check_lengths),
      cmocka_unit_test(test_program_too_big),      cmocka_unit_test(test_match_arguments),
      cmocka_unit_test(test_utf_subject_checks),   cmocka_unit_test(test_ovector_conventions),
      cmocka_unit_test(test_names_engine_version), cmocka_unit_test(test_compile_anchored_option),
      cmocka_unit_test(test_allocation_failures),  cmocka_unit_test(test_differential_bytes),
      cmocka_unit_test(test_differential_utf),
  };
  return cmocka_run_group_tests(contract_tests, NULL, NULL);
}
