/* test_huge_subject: a subject of 4.5 GiB, a sparse anonymous mapping in
 * which only the pages holding a few markers are ever written, so it costs
 * almost no memory. Offsets past UINT32_MAX must come back exact, from
 * start offsets past it too, for literals, classes and captures, anchored
 * or not, with the default engine and JRX_NO_JIT, and on arm64 with the
 * native search loops called directly too. Each search scans a
 * window of SCAN_WINDOW zero bytes across the 4 GiB line; JRX_LONG_TESTS=1
 * scans the whole subject from offset 0 as well. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE under -std=c11 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "jrx.h"
#include "long_tests.h"
#include "regex/arm64/jit.h"
#include "regex/jrx_internal.h"
#include "reliability_compile.h"
#include "reliability_oracle.h"

#define GIB ((size_t)1 << 30)
#define MIB ((size_t)1 << 20)
#define SUBJECT_SIZE (4 * GIB + GIB / 2)
#define FOUR_GIB ((size_t)1 << 32)
/* Zero bytes a search crosses before its marker: the interpreter scans
 * about 40 MB/s under qemu, so a few dozen searches take a few seconds. */
#define SCAN_WINDOW (4 * MIB)

/* Where the markers are written. */
#define MARKER_OFFSET (FOUR_GIB + SCAN_WINDOW / 2)
#define STRADDLE_OFFSET ((size_t)UINT32_MAX) /* "AB": A below 4 GiB, B above */
#define END_MARKER_OFFSET (SUBJECT_SIZE - 3)

/* The 4.5 GiB subject, mapped once by main; no test runs without it. */
static char *huge_subject;

static int map_subject(void) {
  void *mapping = mmap(NULL, SUBJECT_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapping == MAP_FAILED) {
    return -1;
  }
  huge_subject = mapping;
  memcpy(huge_subject + MARKER_OFFSET, "MARKER", 6);
  memcpy(huge_subject + STRADDLE_OFFSET, "AB", 2);
  memcpy(huge_subject + END_MARKER_OFFSET, "END", 3);
  return 0;
}

/* One search: jrx must return expected_rc and, on a match, the first
 * expected_rc pairs of expected; PCRE2 must agree. */
typedef struct huge_case {
  const char *pattern;
  size_t length; /* of the subject given to jrx_match */
  size_t start_offset;
  uint32_t options;
  int expected_rc;
  size_t expected[8];
} huge_case;

/* The native loops find the same bounds (they never capture). They exist
 * only on arm64; elsewhere jrx_match's engines are all there is. */
static void check_native_search(const jrx *re, const char *subject, const huge_case *item) {
#if defined(__aarch64__)
  jit_code *code;
  int reason;
  if (jit_compile(&re->program, re->automaton, NULL, NULL, &code, &reason) != 0) {
    fail_msg("/%s/: no native code (reason %d)", item->pattern, reason);
  }
  dfa_cache *cache;
  assert_int_equal(dfa_cache_create(re->automaton, NULL, &cache), 0);
  size_t start = 0, end = 0;
  int rc = jit_search(code, cache, (const unsigned char *)subject, item->length, item->start_offset,
                      item->options, &start, &end, NULL);
  dfa_cache_destroy(cache);
  jit_release(code);
  if (rc != (item->expected_rc > 0 ? 1 : item->expected_rc) ||
      (rc == 1 && (start != item->expected[0] || end != item->expected[1]))) {
    fail_msg("/%s/ from %zu (native loops): rc %d bounds %zu-%zu, expected %d %zu-%zu",
             item->pattern, item->start_offset, rc, start, end, item->expected_rc,
             item->expected[0], item->expected[1]);
  }
#else
  (void)re;
  (void)subject;
  (void)item;
#endif
}

static void check_huge_case(const char *subject, const huge_case *item) {
  size_t pattern_length = strlen(item->pattern);
  reliability_oracle *oracle = reliability_oracle_create(item->pattern, pattern_length, 0, 0);
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *re = reliability_compile(item->pattern, pattern_length, reliability_engine_options[e]);
    size_t ovector[8];
    int rc = jrx_match(re, subject, item->length, item->start_offset, item->options, ovector, 4);
    if (rc != item->expected_rc) {
      fail_msg("/%s/ from %zu (%s): rc %d, expected %d", item->pattern, item->start_offset,
               jrx_engine(re), rc, item->expected_rc);
    }
    for (int i = 0; i < 2 * rc; i++) {
      if (ovector[i] != item->expected[i]) {
        fail_msg("/%s/ from %zu (%s): ovector[%d] is %zu, expected %zu", item->pattern,
                 item->start_offset, jrx_engine(re), i, ovector[i], item->expected[i]);
      }
    }
    assert_int_equal(reliability_check_match(re, reliability_engine_options[e], oracle, subject,
                                             item->length, item->start_offset, item->options),
                     0);
    if (e == 0) {
      check_native_search(re, subject, item);
    }
    jrx_free(re);
  }
  reliability_oracle_destroy(oracle);
}

static void check_huge_cases(const char *subject, const huge_case *cases, size_t count) {
  for (size_t i = 0; i < count; i++) {
    check_huge_case(subject, &cases[i]);
  }
}

static void test_offsets_past_4gib(void **state) {
  (void)state;
  const char *subject = huge_subject;
  const size_t window_start = FOUR_GIB - SCAN_WINDOW / 2;
  const size_t m = MARKER_OFFSET;
  const huge_case cases[] = {
      {"MARKER", SUBJECT_SIZE, window_start, 0, 1, {m, m + 6}},
      {"[A-Z]{3,}", SUBJECT_SIZE, STRADDLE_OFFSET + 2, 0, 1, {m, m + 6}},
      {"(M)(ARK)(ER)?(X)?",
       SUBJECT_SIZE,
       window_start,
       0,
       4,
       {m, m + 6, m, m + 1, m + 1, m + 4, m + 4, m + 6}},
      {"(?:[K-R]|A)+", SUBJECT_SIZE, STRADDLE_OFFSET + 2, 0, 1, {m, m + 4}},
      {"MARKER", SUBJECT_SIZE, m, JRX_ANCHORED, 1, {m, m + 6}},
      {"[A-Z]+", SUBJECT_SIZE, m + 1, JRX_ANCHORED, 1, {m + 1, m + 6}},
      {"MARKER", SUBJECT_SIZE, m + 1, JRX_ANCHORED, JRX_NOMATCH, {0}},
      {"", SUBJECT_SIZE, m + 3, 0, 1, {m + 3, m + 3}},
      {"MARKEX", m + SCAN_WINDOW, window_start, 0, JRX_NOMATCH, {0}},
      {"[X-Z]", m + SCAN_WINDOW, m, 0, JRX_NOMATCH, {0}},
  };
  check_huge_cases(subject, cases, sizeof cases / sizeof *cases);
}

/* A match across the 4 GiB line, where a 32-bit truncation would show. */
static void test_match_straddling_4gib(void **state) {
  (void)state;
  const char *subject = huge_subject;
  const size_t a = STRADDLE_OFFSET;
  const huge_case cases[] = {
      {"AB", SUBJECT_SIZE, a - SCAN_WINDOW / 2, 0, 1, {a, a + 2}},
      {"(A)(B)", SUBJECT_SIZE, a - SCAN_WINDOW / 2, 0, 3, {a, a + 2, a, a + 1, a + 1, a + 2}},
      {"[AB]+", SUBJECT_SIZE, a - SCAN_WINDOW / 2, 0, 1, {a, a + 2}},
      {"B", SUBJECT_SIZE, a, 0, 1, {a + 1, a + 2}},
      {"\\x00*A", SUBJECT_SIZE, a - 5, JRX_ANCHORED, 1, {a - 5, a + 1}},
      {"\\bB", a + SCAN_WINDOW, a + 1, 0, JRX_NOMATCH, {0}},
  };
  check_huge_cases(subject, cases, sizeof cases / sizeof *cases);
}

/* jrx_iterator keeps its offsets in size_t too: every match, including
 * the empty ones at each offset, comes out across the 4 GiB line. */
static void test_iteration_across_4gib(void **state) {
  (void)state;
  const char *subject = huge_subject;
  const size_t a = STRADDLE_OFFSET;
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *letters = reliability_compile("[A-Z]", 5, reliability_engine_options[e]);
    jrx_iterator iterator;
    size_t ovector[2];
    jrx_iterator_init(&iterator, letters, subject, a + 8, a - 8, 0);
    for (size_t expected = a; expected < a + 2; expected++) {
      assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), 1);
      assert_int_equal(ovector[0], expected);
      assert_int_equal(ovector[1], expected + 1);
    }
    assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_NOMATCH);
    jrx_free(letters);

    jrx *empty = reliability_compile("", 0, reliability_engine_options[e]);
    jrx_iterator_init(&iterator, empty, subject, FOUR_GIB + 2, FOUR_GIB - 2, 0);
    for (size_t expected = FOUR_GIB - 2; expected <= FOUR_GIB + 2; expected++) {
      assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), 1);
      assert_int_equal(ovector[0], expected);
      assert_int_equal(ovector[1], expected);
    }
    assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_NOMATCH);
    jrx_free(empty);
  }
}

static void test_subject_end_past_4gib(void **state) {
  (void)state;
  const char *subject = huge_subject;
  const size_t end = SUBJECT_SIZE;
  const huge_case cases[] = {
      {"END$", end, end - SCAN_WINDOW, 0, 1, {end - 3, end}},
      {"(E)N(D)\\z", end, end - SCAN_WINDOW, 0, 3, {end - 3, end, end - 3, end - 2, end - 1, end}},
      {"\\z", end, end, 0, 1, {end, end}},
      {"$", end, end - 1, 0, 1, {end, end}},
      {"END", end - 1, end - SCAN_WINDOW, 0, JRX_NOMATCH, {0}},
  };
  check_huge_cases(subject, cases, sizeof cases / sizeof *cases);
}

/* The whole 4.5 GiB from offset 0, only in the long variant: minutes under
 * qemu for the interpreter. */
static void test_full_scan(void **state) {
  (void)state;
  const char *subject = huge_subject;
  const size_t m = MARKER_OFFSET;
  const size_t a = STRADDLE_OFFSET;
  const huge_case cases[] = {
      {"MARKER", SUBJECT_SIZE, 0, 0, 1, {m, m + 6}},
      {"[C-Z]{2}", SUBJECT_SIZE, 0, 0, 1, {m + 2, m + 4}},
      {"(A)(B)", SUBJECT_SIZE, 0, 0, 3, {a, a + 2, a, a + 1, a + 1, a + 2}},
      {"MARKEX", SUBJECT_SIZE, 0, 0, JRX_NOMATCH, {0}},
  };
  check_huge_cases(subject, cases, sizeof cases / sizeof *cases);
}

int main(void) {
  if (map_subject() != 0) {
    printf("skipped: mmap of %zu bytes failed on this platform\n", (size_t)SUBJECT_SIZE);
    return 77; /* ctest's SKIP_RETURN_CODE: reported as skipped, not passed */
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_offsets_past_4gib),
      cmocka_unit_test(test_match_straddling_4gib),
      cmocka_unit_test(test_iteration_across_4gib),
      cmocka_unit_test(test_subject_end_past_4gib),
  };
  const struct CMUnitTest long_tests[] = {
      cmocka_unit_test(test_full_scan),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  if (reliability_long_tests()) {
    failed += cmocka_run_group_tests(long_tests, NULL, NULL);
  }
  munmap(huge_subject, SUBJECT_SIZE);
  return failed;
}
