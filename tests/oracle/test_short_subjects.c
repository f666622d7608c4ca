/* test_short_subjects: one jrx_match_with (or jrx_match) call per short
 * subject, as the benchmark's short rows make them, against PCRE2's first
 * match: the quick paths (literals, bounds, dense), the dense search's
 * steps in C before its scan (a word running to the subject's end, or
 * not, in ASCII and UTF-8), the check for a byte every match holds at
 * every length and place around its word and vector blocks, and a short
 * subject with no candidate of the search skipping to bytes; anchored
 * one-pass patterns with groups (a log line's parse: the one-pass DFA's
 * quick path) for every pair count, line and start offset, and such
 * patterns without groups (the whole match's one-pass DFA's quick path).
 * In a build with the JIT, every search must have run native code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_expectation.h"
#include "jrx.h"
#include "oracle_pcre2.h"

/* English text with the rows' matches: a name, words ending in "ing",
 * dates both ways, addresses, "The" and "the", and Cyrillic words. */
static const char text[] =
    "Sherlock Holmes was sitting by the fire on 1891-03-14, reading a letter "
    "sent to holmes.s+221b@baker-street.co.uk by Watson, who kept writing "
    "every evening. On March 7, 1891 THE case began; the client, J. Wilson "
    "(jabez.wilson@red-headed.org), was waiting. \xd0\x92\xd0\xb0\xd1\x82\xd1\x81"
    "\xd0\xbe\xd0\xbd \xd0\xbf\xd0\xb8\xd1\x81\xd0\xb0\xd0\xbb 2024-12-07 "
    "and nothing else was pending at the bottom of the Thames.\n";

/* jrx's answer to subject (1 pair, rc and the pair) must be PCRE2's
 * first match there; returns the jrx status. */
static int first_match_follows_pcre2(const jrx *re, jrx_match_data *data, pcre2_code *oracle,
                                     pcre2_match_data *match_data, const char *pattern,
                                     const char *subject, size_t length, size_t start_offset) {
  size_t got[2] = {0, 0};
  int found = jrx_match_with(re, data, subject, length, start_offset, 0, got, 1);
  int expected = pcre2_match(oracle, (PCRE2_SPTR)subject, length, start_offset, 0, match_data,
                             NULL);
  const size_t *want = pcre2_get_ovector_pointer(match_data);
  int differs = found != (expected >= 0 ? 1 : JRX_NOMATCH) ||
                (expected >= 0 && (got[0] != want[0] || got[1] != want[1]));
  if (differs) {
    fail_msg("%s on \"%.*s\" from %zu: jrx %d (%zu, %zu), PCRE2 %d (%zu, %zu)", pattern,
             (int)length, subject, start_offset, found, got[0], got[1], expected,
             expected >= 0 ? want[0] : 0, expected >= 0 ? want[1] : 0);
  }
  return found;
}

/* Every pattern over every piece of text of 0 to 40 bytes (starting on
 * a character boundary and cut on one for a UTF pattern), twice on one
 * match data (the first call of a match data knows no start state), then
 * without match data; the searches counted in the match data must have
 * run native code where there is some. */
static void test_short_rows_follow_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {
      "Holmes", "[a-z]+ing", "\\w+", "the", "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+",
      "\\d{4}-\\d{2}-\\d{2}|(?:January|February|March|April|May|June|July|August|"
      "September|October|November|December) \\d{1,2}, \\d{4}",
      "\\w+", "\\p{L}+", "[a-z]+",
      /* a lookbehind opening the pattern (the bounds' path out of line),
       * a literal set beside the single literals */
      "(?<=[ ,])[a-z]+ing", "(?<=a )\\w+", "Holmes|Watson|the"};
  static const uint32_t options[] = {0, 0, 0, JRX_CASELESS, 0, 0, JRX_UTF, JRX_UTF, 0,
                                     0, 0, JRX_CASELESS};
  size_t text_length = sizeof text - 1;
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    int error = 0;
    size_t error_offset = 0;
    jrx *re = jrx_compile(patterns[p], strlen(patterns[p]), options[p], &error, &error_offset);
    assert_non_null(re);
    pcre2_code *oracle = oracle_pcre2_compile(patterns[p], strlen(patterns[p]), options[p],
                                              &error, &error_offset);
    assert_non_null(oracle);
    pcre2_match_data *match_data = pcre2_match_data_create(1, NULL);
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    int utf = (options[p] & JRX_UTF) != 0;
    for (int pass = 0; pass < 2; pass++) {
      for (size_t start = 0; start < text_length; start++) {
        if (utf && (text[start] & 0xc0) == 0x80) {
          continue;
        }
        for (size_t length = 0; length <= 40 && start + length <= text_length; length++) {
          if (utf && start + length < text_length && (text[start + length] & 0xc0) == 0x80) {
            continue;
          }
          (void)first_match_follows_pcre2(re, pass == 0 ? data : NULL, oracle, match_data,
                                          patterns[p], text + start, length, 0);
        }
      }
    }
    jrx_match_stats stats;
    assert_int_equal(jrx_match_data_stats(data, &stats), 0);
    if (!engine_expectation_stats_met(re, options[p], &stats) ||
        !engine_expectation_met(re, options[p])) {
      fail_msg("%s: searches answered by C engines with native twins (%s)", patterns[p],
               jrx_engine(re));
    }
    jrx_match_data_free(data);
    pcre2_match_data_free(match_data);
    pcre2_code_free(oracle);
    jrx_free(re);
  }
}

/* Patterns whose matches hold a byte of a small set (prefilter.h:
 * prefilter_required_byte_occurs) on subjects of 0 to 40 bytes with such
 * a byte (in a needle that makes a match) at every place, or none,
 * searched from every start offset: the byte loop, the overlapping words
 * and vectors, and the lengths between. */
static void test_required_byte_everywhere(void **state) {
  (void)state;
  static const char *const patterns[] = {"[a-c]+@[a-c]+", "[a-z]+ing", "x[a-c]*[@#%]"};
  static const char *const needles[] = {"@", "ing", "%"};
  char subject[48];
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    int error = 0;
    size_t error_offset = 0;
    jrx *re = jrx_compile(patterns[p], strlen(patterns[p]), 0, &error, &error_offset);
    assert_non_null(re);
    pcre2_code *oracle =
        oracle_pcre2_compile(patterns[p], strlen(patterns[p]), 0, &error, &error_offset);
    assert_non_null(oracle);
    pcre2_match_data *match_data = pcre2_match_data_create(1, NULL);
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    size_t needle_length = strlen(needles[p]);
    int matched = 0;
    for (size_t length = 0; length <= 40; length++) {
      for (size_t place = 0; place <= length; place++) {
        for (size_t i = 0; i < length; i++) {
          subject[i] = "bcax"[i % 4];
        }
        if (place + needle_length <= length) {
          memcpy(subject + place, needles[p], needle_length);
        }
        for (size_t start = 0; start <= length; start++) {
          matched += first_match_follows_pcre2(re, data, oracle, match_data, patterns[p],
                                               subject, length, start) == 1;
        }
      }
    }
    assert_true(matched > 0);
    jrx_match_stats stats;
    assert_int_equal(jrx_match_data_stats(data, &stats), 0);
    assert_true(engine_expectation_stats_met(re, 0, &stats));
    jrx_match_data_free(data);
    pcre2_match_data_free(match_data);
    pcre2_code_free(oracle);
    jrx_free(re);
  }
}

/* jrx_match_with's answer and every ovector entry (pairs pairs, the
 * entries past the answer's left as they were in both) must be PCRE2's;
 * returns the jrx status. */
static int groups_follow_pcre2(const jrx *re, jrx_match_data *data, pcre2_code *oracle,
                               const char *pattern, const char *subject, size_t length,
                               size_t start_offset, uint32_t options, size_t pairs) {
  size_t got[2 * 12];
  for (size_t i = 0; i < 2 * 12; i++) {
    got[i] = 77;
  }
  int found = jrx_match_with(re, data, subject, length, start_offset, options, got, pairs);
  pcre2_match_data *match_data = pcre2_match_data_create((uint32_t)(pairs > 0 ? pairs : 1), NULL);
  assert_non_null(match_data);
  uint32_t pcre2_options = (options & JRX_NO_UTF_CHECK) != 0 ? PCRE2_NO_UTF_CHECK : 0;
  int expected = pcre2_match(oracle, (PCRE2_SPTR)subject, length, start_offset, pcre2_options,
                             match_data, NULL);
  /* pcre2_match always has a pair; with none asked, jrx answers 0 for a match. */
  int want_status = expected == PCRE2_ERROR_NOMATCH ? JRX_NOMATCH
                    : pairs == 0 && expected >= 0  ? 0
                                                   : expected;
  int differs = found != want_status;
  const size_t *want = pcre2_get_ovector_pointer(match_data);
  size_t shown = expected > 0 ? (size_t)expected : expected == 0 ? pairs : 0;
  for (size_t i = 0; !differs && i < 2 * shown; i++) {
    differs = got[i] != want[i];
  }
  if (differs) {
    fail_msg("%s on \"%.*s\" from %zu, %zu pairs: jrx %d (%zu, %zu / %zu, %zu), PCRE2 %d "
             "(%zu, %zu / %zu, %zu)",
             pattern, (int)length, subject, start_offset, pairs, found, got[0], got[1],
             pairs > 1 ? got[2] : 0, pairs > 1 ? got[3] : 0, expected, want[0], want[1],
             pairs > 1 ? want[2] : 0, pairs > 1 ? want[3] : 0);
  }
  pcre2_match_data_free(match_data);
  return found;
}

/* Runs pattern (compiled with options) on every prefix of each line from
 * every start offset (character starts under UTF), asked for each count
 * of pairs in pairs_list (SIZE_MAX: all of them); with vary_utf_check,
 * odd counts under UTF also pass JRX_NO_UTF_CHECK. Every answer must be
 * PCRE2's, something must match, and where native code exists the
 * searches must have run it. */
static void groups_follow_pcre2_on_lines(const char *pattern, uint32_t options,
                                         const char *const *lines, size_t line_count,
                                         const size_t *pairs_list, size_t pairs_count,
                                         int vary_utf_check) {
  int error = 0;
  size_t error_offset = 0;
  jrx *re = jrx_compile(pattern, strlen(pattern), options, &error, &error_offset);
  assert_non_null(re);
  pcre2_code *oracle = oracle_pcre2_compile(pattern, strlen(pattern), options, &error,
                                            &error_offset);
  assert_non_null(oracle);
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  int utf = (options & JRX_UTF) != 0;
  int matched = 0;
  for (size_t l = 0; l < line_count; l++) {
    size_t line_length = strlen(lines[l]);
    for (size_t length = 0; length <= line_length; length++) {
      if (utf && length < line_length && (lines[l][length] & 0xc0) == 0x80) {
        continue;
      }
      for (size_t start = 0; start <= length; start++) {
        if (utf && start < length && (lines[l][start] & 0xc0) == 0x80) {
          continue;
        }
        for (size_t i = 0; i < pairs_count; i++) {
          size_t pairs = pairs_list[i] == SIZE_MAX ? jrx_capture_count(re) + 1 : pairs_list[i];
          uint32_t match_options =
              vary_utf_check && utf && (pairs & 1) != 0 ? JRX_NO_UTF_CHECK : 0;
          matched += groups_follow_pcre2(re, data, oracle, pattern, lines[l], length, start,
                                         match_options, pairs) >= 0;
        }
      }
    }
  }
  assert_true(matched > 0);
  jrx_match_stats stats;
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  assert_true(engine_expectation_stats_met(re, options, &stats));
  if (engine_expectation_native_code()) {
    assert_true(stats.native_capture_searches > 0);
  }
  jrx_match_data_free(data);
  pcre2_code_free(oracle);
  jrx_free(re);
}

/* Lines for the anchored one-pass tests: access-log lines (matching and
 * not), key=value and word lines, UTF-8 letters, the empty line. */
static const char *const log_and_word_lines[] = {
    "10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326 "
    "\"-\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"",
    "10.0.0.2 - - [10/Oct/2000:13:55:37 -0700] \"POST /b HTTP/1.1\" 404 - \"x\" \"\"",
    "10.0.0.3 - - [10/Oct/2000] \"get / HTTP/1.1\" 200 1 \"\" \"a\"",
    "key=123;", "key=;", "k=7", "ab1c2:rest", "12:", "ab:", ":",
    "word x", "word y", "word", "\xd0\x92\xd0\xb0\xd1\x82 \xd1\x81\xd0\xbe",
    "\xc3\xa9t\xc3\xa9 ", ""};

/* Each pattern (compiled with its options) on every line of
 * log_and_word_lines, asked for each number of pairs in pairs_list; the
 * searches must have run the native one-pass DFA. */
static void anchored_patterns_follow_pcre2(const char *const *patterns,
                                           const uint32_t *compile_options, size_t count,
                                           const size_t *pairs_list, size_t pairs_count) {
  for (size_t p = 0; p < count; p++) {
    groups_follow_pcre2_on_lines(patterns[p], compile_options[p], log_and_word_lines,
                                 sizeof log_and_word_lines / sizeof log_and_word_lines[0],
                                 pairs_list, pairs_count, 1);
  }
}

/* Anchored one-pass patterns with groups (anchored by ^, by \A, or by
 * JRX_ANCHORED), groups set and unset, optional at the end, the last
 * iteration of a repeated group, and a UTF-8 one searched with
 * JRX_NO_UTF_CHECK (the quick path) and without (the general path): every
 * line, prefix of a line and start offset, asked for 0 to 11 pairs; the
 * searches with groups wanted must have run the native one-pass DFA. */
static void test_anchored_groups_follow_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {
      "^(?<ip>\\S+) \\S+ (?<user>\\S+) \\[(?<time>[^\\]]+)\\] \"(?<method>[A-Z]+) "
      "(?<path>\\S+) HTTP/[\\d.]+\" (?<status>\\d{3}) (?<size>\\d+|-) \"[^\"]*\" "
      "\"(?<agent>[^\"]*)\"$",
      "^(\\w+)=(\\d+)?(;)?", "\\A(?:([a-z])|(\\d))+:", "(\\w+) (x)?",
      "^(\\p{L}+) (\\w*)"};
  static const uint32_t compile_options[] = {0, 0, 0, JRX_ANCHORED, JRX_UTF};
  static const size_t pairs_list[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  anchored_patterns_follow_pcre2(patterns, compile_options, sizeof patterns / sizeof patterns[0],
                                 pairs_list, sizeof pairs_list / sizeof pairs_list[0]);
}

/* Anchored one-pass patterns without groups (a log line checked by a
 * pattern written with (?:...): the whole match's one-pass DFA's quick
 * path), anchored by ^, by \A, or by JRX_ANCHORED, and a UTF-8 one
 * searched with JRX_NO_UTF_CHECK and without: every line, prefix of a line
 * and start offset, asked for 1 and 2 pairs (groups_follow_pcre2 reads
 * a pair from PCRE2 even for none asked); the searches must have run the
 * native one-pass DFA. */
static void test_anchored_whole_follows_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {
      "^(?:\\S+) \\S+ (?:\\S+) \\[(?:[^\\]]+)\\] \"(?:[A-Z]+) (?:\\S+) HTTP/[\\d.]+\" "
      "(?:\\d{3}) (?:\\d+|-) \"[^\"]*\" \"(?:[^\"]*)\"$",
      "^\\w+=\\d*;?", "\\A(?:[a-z]|\\d)+:", "\\w+ x?", "^\\p{L}+ \\w*$"};
  static const uint32_t compile_options[] = {0, 0, 0, JRX_ANCHORED, JRX_UTF};
  static const size_t pairs_list[] = {1, 2};
  anchored_patterns_follow_pcre2(patterns, compile_options, sizeof patterns / sizeof patterns[0],
                                 pairs_list, sizeof pairs_list / sizeof pairs_list[0]);
}

/* Groups over runs of a negated class ([^,]+, \S+, [^"]*), which the
 * native one-pass DFA consumes four bytes a step: runs of 0 to 13 bytes
 * ending at a byte that leaves at each of the four places of a step, or
 * at the subject's end (every prefix), from every start offset, asked for
 * all pairs and one; the searches must have run the native code. */
static void test_long_runs_follow_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {
      "([^,\\n]+),([^,\\n]*)", "(\\w+)=(\"[^\"]*\"|\\S+)", "(\"(?:[^\"]|\"\")*\"|[^,\\n]+)",
      "^(\\S+) (\\S+)$", "x([^x]*)y", "(\\S+)\\s*$", "([^\xc3\xa9]+)(\xc3\xa9)"};
  static const uint32_t compile_options[] = {0, 0, 0, 0, 0, 0, JRX_UTF};
  static const char *const lines[] = {
      "abcdefghijklm,abcdefghijkl,abcdefghijk,abcdefghij",
      "abcdefghi,abcdefgh,abcdefg,abcdef,abcde,abcd,abc,ab,a,,",
      "k=v key=\"x y z w v\" ab=abcdefghij c=\"\" dd=\"abcdefghijklm\"",
      "\"abcdefg\",\"a\"\"bcdefghi\",xyzw\nabcdefghijkl\n",
      "xabcdefghijklmy xy xay xabcy xabcdy xabcdey",
      "abcdefghijklm nopqrst", "abcdefghijklmnop   ",
      "\xd0\x92" "abcdefg\xc3\xa9" "abc\xc3\xa9\xe2\x82\xac\xc3\xa9"};
  static const size_t pairs_list[] = {SIZE_MAX, 1};
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    groups_follow_pcre2_on_lines(patterns[p], compile_options[p], lines,
                                 sizeof lines / sizeof lines[0], pairs_list,
                                 sizeof pairs_list / sizeof pairs_list[0], 0);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_short_rows_follow_pcre2),
      cmocka_unit_test(test_required_byte_everywhere),
      cmocka_unit_test(test_anchored_groups_follow_pcre2),
      cmocka_unit_test(test_anchored_whole_follows_pcre2),
      cmocka_unit_test(test_long_runs_follow_pcre2),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
