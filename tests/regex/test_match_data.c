/* test_match_data: jrx_match_data against jrx_match: the same answers
 * from one match data reused over many subjects, offsets and options
 * (the subject's length given or JRX_ZERO_TERMINATED)
 * (with both engines, the iterator and jrx_substitute), the errors for
 * match data of another pattern, warm matches that allocate nothing, and
 * (as `test_match_data threads`) eight threads each with its own match
 * data on one shared pattern, next to threads on jrx_match, and threads
 * making a pattern's first searches at once. Allocation
 * failures in jrx_match_data_create are test_api's. */
#define _POSIX_C_SOURCE 200809L /* pthread barriers under -std=c11 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "allocation_failure.h"
#include "jrx.h"

#define OVECTOR_PAIRS 8
#define OUTPUT_SIZE 512

typedef struct pattern_case {
  const char *pattern;
  uint32_t options;
} pattern_case;

static const pattern_case cases[] = {
    {"abc", 0},
    {"", 0},
    {"a|b|c", 0},
    {"a*", 0},
    {"a+?b", 0},
    {"(a)(b)?(c)", 0},
    {"(a|ab)(c|bcd)(d*)", 0},
    {"((a)|b)+", 0},
    {"(\\w+)\\s*=\\s*(\\w*)", 0},
    {"^\\w+$", JRX_MULTILINE},
    {"^a|b$", 0},
    {"\\bab\\b", 0},
    {"\\Bb\\B", 0},
    {"a.c", JRX_DOTALL},
    {"[^a\\n]+", 0},
    {"(?<first>a+)(?<second>b*)", JRX_CASELESS},
    {"(a*)*", 0},
    {"(a|)+b", 0},
    {"x*", JRX_UNGREEDY},
    {"abc", JRX_ANCHORED},
    {"\\Aab|cd\\z|a\\Z", 0},
    {".", JRX_UTF},
    {"(\\w)(\\w)?", JRX_UTF | JRX_CASELESS},
    {"[\\x{100}-\\x{17f}]+", JRX_UTF},
    /* jrx_match_with's quick paths: the dense search, the literal search,
     * the bounds alone (with a required byte, a prefilter, UTF-8). */
    {"\\w+", 0},
    {"\\w+", JRX_UTF},
    {"the", JRX_CASELESS},
    {"[a-z]+ing", 0},
    {"\\d{4}-\\d{2}|(?:May|June) \\d{1,2}", 0},
    {"[\\w.+-]+@[\\w-]+", JRX_UTF},
};

static const char *const subjects[] = {
    "abc",       "xxabcxxabc",    "aab ab",  "abcd",       "key = value, k=v",
    "one\ntwo",  "a\nb\nab",      "ab cab",  "ABBB aab",   "",
    "a\xc4\x80" "b\xc5\xbf\xc4\x91z", "bbbb", "\xce\xb1\xce\xb2 abc",
    "sing THE king@x.org, May 12 2020-01",
};

static const uint32_t match_options[] = {0,          JRX_NOTEMPTY_ATSTART, JRX_NOTEMPTY,
                                         JRX_NOTBOL, JRX_NOTEOL,           JRX_ANCHORED,
                                         JRX_NO_UTF_CHECK};

static jrx *compile_ok(const char *pattern, uint32_t options) {
  int error = 1;
  size_t offset = 1;
  jrx *re = jrx_compile(pattern, strlen(pattern), options, &error, &offset);
  if (re == NULL) {
    fail_msg("/%s/ failed to compile: error %d at %zu", pattern, error, offset);
  }
  return re;
}

static jrx_match_data *match_data_ok(const jrx *re) {
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  assert_non_null(data);
  return data;
}

/* Both calls' results and every pair they report must agree. */
static void check_same_match(int expected, const size_t *expected_ovector, int found,
                             const size_t *ovector, const pattern_case *test_case,
                             const char *subject, size_t start, uint32_t options) {
  int same = found == expected;
  for (int i = 0; same && i < 2 * expected; i++) {
    same = ovector[i] == expected_ovector[i];
  }
  if (!same) {
    fail_msg("/%s/ options %#x on \"%s\" from %zu, match options %#x: %d with match data, %d "
             "without",
             test_case->pattern, (unsigned)test_case->options, subject, start,
             (unsigned)options, found, expected);
  }
}

static void compare_matches(const jrx *re, jrx_match_data *data, const pattern_case *test_case,
                            const char *subject) {
  size_t length = strlen(subject);
  for (size_t start = 0; start <= length; start++) {
    for (size_t o = 0; o < sizeof match_options / sizeof match_options[0]; o++) {
      size_t expected_ovector[2 * OVECTOR_PAIRS];
      size_t ovector[2 * OVECTOR_PAIRS];
      int expected = jrx_match(re, subject, length, start, match_options[o], expected_ovector,
                               OVECTOR_PAIRS);
      int found = jrx_match_with(re, data, subject, length, start, match_options[o], ovector,
                                 OVECTOR_PAIRS);
      check_same_match(expected, expected_ovector, found, ovector, test_case, subject, start,
                       match_options[o]);
      found = jrx_match_with(re, data, subject, JRX_ZERO_TERMINATED, start, match_options[o],
                             ovector, OVECTOR_PAIRS);
      check_same_match(expected, expected_ovector, found, ovector, test_case, subject, start,
                       match_options[o]);
    }
  }
}

static void compare_iterations(const jrx *re, jrx_match_data *data,
                               const pattern_case *test_case, const char *subject) {
  size_t length = strlen(subject);
  jrx_iterator plain;
  jrx_iterator with_data;
  jrx_iterator_init(&plain, re, subject, length, 0, 0);
  jrx_iterator_init(&with_data, re, subject, length, 0, 0);
  jrx_iterator_set_match_data(&with_data, data);
  int expected;
  do {
    size_t expected_ovector[2 * OVECTOR_PAIRS];
    size_t ovector[2 * OVECTOR_PAIRS];
    expected = jrx_iterator_next(&plain, expected_ovector, OVECTOR_PAIRS);
    int found = jrx_iterator_next(&with_data, ovector, OVECTOR_PAIRS);
    check_same_match(expected, expected_ovector, found, ovector, test_case, subject, 0, 0);
  } while (expected >= 0);
}

static void compare_substitutions(const jrx *re, jrx_match_data *data,
                                  const pattern_case *test_case, const char *subject) {
  static const char replacement[] = "<$0>";
  uint32_t options = JRX_SUBSTITUTE_GLOBAL | JRX_SUBSTITUTE_UNSET_EMPTY;
  char expected_output[OUTPUT_SIZE];
  char output[OUTPUT_SIZE];
  size_t expected_length = sizeof expected_output;
  size_t output_length = sizeof output;
  int expected = jrx_substitute(re, subject, strlen(subject), 0, options, replacement,
                                strlen(replacement), expected_output, &expected_length);
  int found = jrx_substitute_with(re, data, subject, strlen(subject), 0, options, replacement,
                                  strlen(replacement), output, &output_length);
  if (found != expected || output_length != expected_length ||
      (expected >= 0 && memcmp(output, expected_output, output_length) != 0)) {
    fail_msg("/%s/ substituting in \"%s\": %d \"%.*s\" with match data, %d \"%.*s\" without",
             test_case->pattern, subject, found, (int)output_length, output, expected,
             (int)expected_length, expected_output);
  }
}

/* One match data per pattern, reused over every subject, offset and
 * option, so whatever a match leaves in it is seen by the next. */
static void same_answers_as_jrx_match(uint32_t engine_options) {
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    jrx *re = compile_ok(cases[c].pattern, cases[c].options | engine_options);
    jrx_match_data *data = match_data_ok(re);
    for (size_t s = 0; s < sizeof subjects / sizeof subjects[0]; s++) {
      compare_matches(re, data, &cases[c], subjects[s]);
      compare_iterations(re, data, &cases[c], subjects[s]);
      compare_substitutions(re, data, &cases[c], subjects[s]);
    }
    jrx_match_data_free(data);
    jrx_free(re);
  }
}

static void test_same_answers_default_engine(void **state) {
  (void)state;
  same_answers_as_jrx_match(0);
}

static void test_same_answers_interpreter(void **state) {
  (void)state;
  same_answers_as_jrx_match(JRX_NO_JIT);
}

/* A DFA cache at its smallest budget keeps being emptied on this pattern
 * and subject until the search gives up to the Pike VM; the match data
 * must come out of that ready for the next match. */
static void test_after_the_dfa_gives_up(void **state) {
  (void)state;
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.dfa_cache_size = 64 * 1024;
  static const char pattern[] = "(a|b)*a(a|b){14}c";
  static const pattern_case test_case = {pattern, 0};
  char subject[8192];
  uint32_t bits = 12345;
  for (size_t i = 0; i + 1 < sizeof subject; i++) {
    bits = bits * 1103515245u + 12345u;
    subject[i] = (bits >> 16) & 1 ? 'a' : 'b';
  }
  subject[sizeof subject - 1] = '\0';
  int error;
  size_t offset;
  jrx *re = jrx_compile_with_limits(pattern, strlen(pattern), 0, &limits, &error, &offset);
  assert_non_null(re);
  jrx_match_data *data = match_data_ok(re);
  for (int round = 0; round < 3; round++) {
    size_t expected_ovector[2 * OVECTOR_PAIRS];
    size_t ovector[2 * OVECTOR_PAIRS];
    int expected =
        jrx_match(re, subject, strlen(subject), 0, 0, expected_ovector, OVECTOR_PAIRS);
    int found = jrx_match_with(re, data, subject, strlen(subject), 0, 0, ovector, OVECTOR_PAIRS);
    assert_int_equal(expected, JRX_NOMATCH);
    check_same_match(expected, expected_ovector, found, ovector, &test_case, "(long)", 0, 0);
    found = jrx_match_with(re, data, "ab", 2, 0, 0, ovector, OVECTOR_PAIRS);
    assert_int_equal(found, JRX_NOMATCH);
    found = jrx_match_with(re, data, "aaaaaaaaaaaaaaac", 16, 0, 0, ovector, OVECTOR_PAIRS);
    assert_int_equal(found, 3);
    assert_int_equal(ovector[0], 0);
    assert_int_equal(ovector[1], 16);
  }
  jrx_match_data_free(data);
  jrx_free(re);
}

static void test_match_data_of_another_pattern(void **state) {
  (void)state;
  jrx *re = compile_ok("a(b)", 0);
  jrx *other = compile_ok("a(b)", 0);
  jrx_match_data *data = match_data_ok(other);
  size_t ovector[2 * OVECTOR_PAIRS] = {7, 7};
  assert_int_equal(jrx_match_with(re, data, "ab", 2, 0, 0, ovector, OVECTOR_PAIRS),
                   JRX_ERROR_WRONG_MATCH_DATA);
  assert_int_equal(ovector[0], 7);

  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, "abab", 4, 0, 0);
  jrx_iterator_set_match_data(&iterator, data);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, OVECTOR_PAIRS), JRX_ERROR_WRONG_MATCH_DATA);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, OVECTOR_PAIRS), JRX_NOMATCH);

  char output[16];
  size_t output_length = sizeof output;
  assert_int_equal(jrx_substitute_with(re, data, "ab", 2, 0, 0, "x", 1, output, &output_length),
                   JRX_ERROR_WRONG_MATCH_DATA);
  assert_int_equal(output_length, JRX_UNSET);

  /* The right pattern's own match data still works after all that. */
  assert_int_equal(jrx_match_with(other, data, "xab", 3, 0, 0, ovector, OVECTOR_PAIRS), 2);
  assert_int_equal(ovector[2], 2);
  jrx_match_data_free(data);
  jrx_free(other);
  jrx_free(re);
}

static void test_arguments(void **state) {
  (void)state;
  jrx *re = compile_ok("a", 0);
  /* A failed jrx_match_data_create must store NULL over this. */
  static char not_stored;
  jrx_match_data *data = (jrx_match_data *)&not_stored;
  assert_int_equal(jrx_match_data_create(NULL, &data), JRX_ERROR_NULL);
  assert_null(data);
  assert_int_equal(jrx_match_data_create(re, NULL), JRX_ERROR_NULL);
  jrx_match_data_free(NULL);
  jrx_iterator_set_match_data(NULL, NULL);
  size_t ovector[2];
  /* No match data: exactly jrx_match. */
  assert_int_equal(jrx_match_with(re, NULL, "ba", 2, 0, 0, ovector, 1), 1);
  assert_int_equal(ovector[0], 1);
  data = match_data_ok(re);
  assert_int_equal(jrx_match_with(NULL, data, "a", 1, 0, 0, ovector, 1), JRX_ERROR_NULL);
  assert_int_equal(jrx_match_with(re, data, "a", 1, 2, 0, ovector, 1), JRX_ERROR_BAD_OFFSET);
  assert_int_equal(jrx_match_with(re, data, "a", 1, 0, JRX_CASELESS, ovector, 1),
                   JRX_ERROR_BAD_OPTION);
  jrx_match_data_free(data);
  jrx_free(re);
}

/* Once warm, a match data, and jrx_match's cached one, need no allocation
 * to match the same subject again. */
static void test_warm_matches_allocate_nothing(void **state) {
  (void)state;
  static const char subject[] = "x = 1, y = 22, z = 333";
  jrx *re = compile_ok("(\\w+) = (\\d+)", 0);
  jrx_match_data *data = match_data_ok(re);
  size_t ovector[6];
  assert_int_equal(jrx_match_with(re, data, subject, strlen(subject), 8, 0, ovector, 3), 3);
  assert_int_equal(jrx_match(re, subject, strlen(subject), 8, 0, ovector, 3), 3);
  allocation_failure_arm(0);
  int with_data = jrx_match_with(re, data, subject, strlen(subject), 8, 0, ovector, 3);
  int cached = jrx_match(re, subject, strlen(subject), 8, 0, ovector, 3);
  allocation_failure_disarm();
  assert_int_equal(with_data, 3);
  assert_int_equal(cached, 3);
  assert_int_equal(ovector[2], 15);
  jrx_match_data_free(data);
  jrx_free(re);
}

/* ---- threads ------------------------------------------------------------ */

#define THREAD_COUNT 8
#define THREAD_ROUNDS 200

static const char *const thread_subjects[] = {"key=value", "  alpha = beta42 ", "nothing here",
                                              "x=",        "a=b c=d",           "=oops"};
#define THREAD_SUBJECT_COUNT (sizeof thread_subjects / sizeof thread_subjects[0])

typedef struct thread_work {
  const jrx *re;
  int use_match_data; /* 0: plain jrx_match, through the pattern's cache */
  const int *expected_results;
  const size_t (*expected_ovectors)[6];
  int failures;
} thread_work;

static void *match_repeatedly(void *argument) {
  thread_work *work = argument;
  jrx_match_data *data = NULL;
  if (work->use_match_data && jrx_match_data_create(work->re, &data) != 0) {
    work->failures++;
    return NULL;
  }
  for (int round = 0; round < THREAD_ROUNDS; round++) {
    for (size_t s = 0; s < THREAD_SUBJECT_COUNT; s++) {
      size_t ovector[6] = {0};
      int result = jrx_match_with(work->re, data, thread_subjects[s],
                                  strlen(thread_subjects[s]), 0, 0, ovector, 3);
      if (result != work->expected_results[s] ||
          (result > 0 && memcmp(ovector, work->expected_ovectors[s], sizeof ovector) != 0)) {
        work->failures++;
      }
    }
  }
  jrx_match_data_free(data);
  return NULL;
}

static void run_threads(int use_match_data_from) {
  jrx *re = compile_ok("(\\w+)\\s*=\\s*(\\w*)", 0);
  int expected_results[THREAD_SUBJECT_COUNT];
  size_t expected_ovectors[THREAD_SUBJECT_COUNT][6];
  for (size_t s = 0; s < THREAD_SUBJECT_COUNT; s++) {
    expected_results[s] = jrx_match(re, thread_subjects[s], strlen(thread_subjects[s]), 0, 0,
                                    expected_ovectors[s], 3);
  }
  assert_int_equal(expected_results[0], 3);
  assert_int_equal(expected_ovectors[1][2], 2);
  assert_int_equal(expected_results[2], JRX_NOMATCH);
  pthread_t threads[THREAD_COUNT];
  thread_work work[THREAD_COUNT];
  for (int i = 0; i < THREAD_COUNT; i++) {
    work[i] = (thread_work){re, i >= use_match_data_from, expected_results,
                            (const size_t(*)[6])expected_ovectors, 0};
    assert_int_equal(pthread_create(&threads[i], NULL, match_repeatedly, &work[i]), 0);
  }
  for (int i = 0; i < THREAD_COUNT; i++) {
    assert_int_equal(pthread_join(threads[i], NULL), 0);
    assert_int_equal(work[i].failures, 0);
  }
  jrx_free(re);
}

static void test_threads_each_with_match_data(void **state) {
  (void)state;
  run_threads(0);
}

/* More threads than the pattern caches match data for: the cache hands
 * out, takes back and frees them concurrently. */
static void test_threads_on_jrx_match(void **state) {
  (void)state;
  run_threads(THREAD_COUNT);
}

static void test_threads_mixed(void **state) {
  (void)state;
  run_threads(THREAD_COUNT / 2);
}

/* Threads making the first searches of a pattern all at once: each
 * pattern's lazily built parts (native search code in the arm64 build,
 * a Teddy set's Aho-Corasick fallback, here wanted after the many
 * candidates of the subject's near misses, which the generated scan's
 * probe of X lets through as well; the capture engine's native search of
 * a pattern without groups, which an anchored search runs, and an
 * iteration's later searches with the scanner each match data makes for
 * it once the code is there) are built by several threads racing, one of
 * which publishes its own. */
typedef struct first_search {
  const jrx *re;
  const char *subject;
  uint32_t options;
  size_t expected[2]; /* the first match */
  size_t matches;     /* an iteration's matches, or 0: the first search alone */
  pthread_barrier_t *start;
  int failures;
} first_search;

/* The matches of work's iteration, the first one checked. */
static size_t iterate(first_search *work, jrx_match_data *data) {
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, work->re, work->subject, strlen(work->subject), 0,
                    work->options);
  jrx_iterator_set_match_data(&iterator, data);
  size_t ovector[2] = {0};
  size_t found = 0;
  while (jrx_iterator_next(&iterator, ovector, 1) >= 0) {
    if (found++ == 0 && (ovector[0] != work->expected[0] || ovector[1] != work->expected[1])) {
      work->failures++;
    }
  }
  return found;
}

static void *search_once(void *argument) {
  first_search *work = argument;
  jrx_match_data *data = NULL;
  int status = jrx_match_data_create(work->re, &data);
  pthread_barrier_wait(work->start);
  size_t ovector[2] = {0};
  if (status != 0) {
    work->failures++;
  } else if (work->matches > 0) {
    work->failures += iterate(work, data) != work->matches;
  } else if (jrx_match_with(work->re, data, work->subject, strlen(work->subject), 0,
                            work->options, ovector, 1) != 1 ||
             ovector[0] != work->expected[0] || ovector[1] != work->expected[1]) {
    work->failures++;
  }
  jrx_match_data_free(data);
  return NULL;
}

static void test_threads_build_lazily(void **state) {
  (void)state;
  char near_misses[4096] = "";
  for (int i = 0; i < 120; i++) {
    strcat(near_misses, "fooXb barXc bazXd quxXa ");
  }
  size_t last = strlen(near_misses);
  strcat(near_misses, "quxXd");
  char word_pairs[1024] = "";
  char digit_words[1024] = "";
  for (int i = 0; i < 220; i++) {
    strcat(word_pairs, "ab ");
    strcat(digit_words, i % 2 == 0 ? "ab1 " : "cd2 ");
  }
  /* The last two: a whole search's one-pass table, then one with
   * alternatives (a letter stays in [a-z]+ or ends the match), the
   * scanner and scratch of each made by every thread once one has
   * published the table. */
  static const char *const patterns[] = {"[a-z]+@[a-z]+\\.com", "fooXa|barXb|bazXc|quxXd",
                                         "\\w+\\s+\\w+", "\\w+\\s+\\w+", "[a-z]+[a-z0-9]"};
  const char *subjects_of[] = {"mail bob@example.com now", near_misses, "ab cd ef", word_pairs,
                               digit_words};
  const uint32_t options_of[] = {0, 0, JRX_ANCHORED, 0, 0};
  const size_t expected[][2] = {{5, 20}, {last, last + 5}, {0, 5}, {0, 5}, {0, 3}};
  const size_t matches_of[] = {0, 0, 0, 110, 220};
  for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
    jrx *re = compile_ok(patterns[p], 0);
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, THREAD_COUNT), 0);
    pthread_t threads[THREAD_COUNT];
    first_search work[THREAD_COUNT];
    for (int i = 0; i < THREAD_COUNT; i++) {
      work[i] = (first_search){re,         subjects_of[p], options_of[p],
                               {expected[p][0], expected[p][1]}, matches_of[p],
                               &start,     0};
      assert_int_equal(pthread_create(&threads[i], NULL, search_once, &work[i]), 0);
    }
    for (int i = 0; i < THREAD_COUNT; i++) {
      assert_int_equal(pthread_join(threads[i], NULL), 0);
      assert_int_equal(work[i].failures, 0);
    }
    pthread_barrier_destroy(&start);
    jrx_free(re);
  }
}

int main(int argc, char **argv) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_same_answers_default_engine),
      cmocka_unit_test(test_same_answers_interpreter),
      cmocka_unit_test(test_after_the_dfa_gives_up),
      cmocka_unit_test(test_match_data_of_another_pattern),
      cmocka_unit_test(test_arguments),
      cmocka_unit_test(test_warm_matches_allocate_nothing),
  };
  const struct CMUnitTest thread_tests[] = {
      cmocka_unit_test(test_threads_each_with_match_data),
      cmocka_unit_test(test_threads_on_jrx_match),
      cmocka_unit_test(test_threads_mixed),
      cmocka_unit_test(test_threads_build_lazily),
  };
  if (argc > 1 && strcmp(argv[1], "threads") == 0) {
    return cmocka_run_group_tests(thread_tests, NULL, NULL);
  }
  return cmocka_run_group_tests(tests, NULL, NULL);
}
