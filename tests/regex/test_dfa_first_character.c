/* test_dfa_first_character: patterns whose first character is a match by
 * itself (nfa_program.first_character_matches: \w+, \p{L}+) find a match's
 * start during the forward scan, with no backward pass; so do UTF
 * patterns that start at their item's run (nfa_program.starts_at_run_start:
 * [а-я]+(?=\s)), stepping back over its characters. Which patterns
 * qualify; iterations on a match data (the dense path) and single
 * searches from every start offset of generated subjects flush against
 * inaccessible pages, in byte and UTF mode, with both engines, against
 * PCRE2; the backward DFA never ran, so a silent fallback to it fails; and
 * subjects of any bytes under JRX_NO_UTF_CHECK read nothing outside the
 * subject. UTF patterns whose matches all have one number of characters
 * (\p{L}, .{2}) step back over them from the match end, with no backward
 * pass either. Patterns whose start needs the backward scan otherwise (key=value
 * pairs, CSV fields) try the match at the first byte a match may begin
 * with on the portable dense path: iterations against PCRE2 there too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "guarded_page.h"
#include "regex/dfa.h"
#include "regex/dfa_search_with.h"
#include "regex/jrx_internal.h"
#include "reliability_compile.h"
#include "reliability_oracle.h"
#include "test_random.h"

static uint64_t random_state;

static uint32_t next_random(uint32_t bound) {
  return test_random_below(&random_state, bound);
}

typedef struct shape_case {
  const char *pattern;
  uint32_t options;
  int qualifies;
} shape_case;

/* Which program facts the shape tests check. */
typedef enum shape_fact {
  SHAPE_FIRST_CHARACTER_MATCHES,
  SHAPE_STARTS_AT_RUN_START,
  SHAPE_HAS_LEADING_RUN
} shape_fact;

/* Whether each case qualifies for fact. */
static void check_shapes(const shape_case *cases, size_t count, shape_fact fact) {
  static const char *const names[] = {"first_character_matches", "starts_at_run_start",
                                      "has_leading_run"};
  for (size_t i = 0; i < count; i++) {
    jrx *re = reliability_compile(cases[i].pattern, strlen(cases[i].pattern), cases[i].options);
    int qualifies = fact == SHAPE_FIRST_CHARACTER_MATCHES ? re->program.first_character_matches
                    : fact == SHAPE_STARTS_AT_RUN_START   ? re->program.starts_at_run_start
                                                          : re->program.has_leading_run;
    if (qualifies != cases[i].qualifies) {
      fail_msg("/%s/ options %#x: %s %d", cases[i].pattern, (unsigned)cases[i].options,
               names[fact], qualifies);
    }
    jrx_free(re);
  }
}

static void which_patterns_qualify(void **state) {
  (void)state;
  static const shape_case cases[] = {
      {"\\w+", 0, 1},
      {"\\p{L}+", JRX_UTF, 1},
      {"[\\p{L}\\p{N}]+", JRX_UTF, 1},
      {"[\xd0\xb0-\xd1\x8f\xd0\x90-\xd0\xaf\xd1\x91\xd0\x81]+", JRX_UTF, 1},
      {"(?i)k+", JRX_UTF, 1},
      {"\\d{1,3}", 0, 1},
      {"[a-z]+?", 0, 1},
      {"\\w", 0, 0},
      {"\\w{2,}", 0, 0},
      {"\\w+ing", 0, 0},
      {"(?:ab)+", 0, 0},
      {"(\\w)+", 0, 0},
      {"\\w*", 0, 0},
      {"\\w+(?=,)", 0, 0},
  };
  check_shapes(cases, sizeof cases / sizeof cases[0], SHAPE_FIRST_CHARACTER_MATCHES);
}

/* Letters, digits and separators; in UTF mode also Latin, Cyrillic and
 * CJK letters, and CJK punctuation whose first bytes letters share
 * (U+3001 next to U+3041, U+FF0C next to U+FF21), so that the DFA leaves
 * its start state on a character that turns out not to match; and
 * U+0450 and U+0400, outside [а-яё] with bytes of its letters. */
static size_t fill_text(unsigned char *subject, size_t capacity, int utf) {
  static const char *const ascii[] = {"a", "Z", "7", "_", " ", ",", "\n", "-"};
  static const char *const unicode[] = {"\xc3\xa9", "\xd1\x8f", "\xd0\x81", "\xe4\xb8\xad",
                                        "\xe3\x80\x81", "\xe3\x81\x81", "\xef\xbc\x8c",
                                        "\xef\xbc\xa1", "\xc2\xa0", "\xf0\x9f\x98\x80",
                                        "\xd1\x90", "\xd0\x80", "\xd0\xb0"};
  size_t length = 0;
  for (;;) {
    const char *piece = utf && next_random(2) ? unicode[next_random(sizeof unicode / sizeof unicode[0])] : ascii[next_random(8)];
    size_t size = strlen(piece);
    if (length + size > capacity) {
      return length;
    }
    memcpy(subject + length, piece, size);
    length += size;
  }
}

/* Iterates re on a match data from offset and PCRE2 alongside (no
 * pattern here matches the empty string: each search starts where the
 * last match ended), failing on the first difference. */
static void check_iteration(const jrx *re, jrx_match_data *data, reliability_oracle *oracle,
                            const char *pattern, const unsigned char *subject, size_t length,
                            size_t offset) {
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, (const char *)subject, length, offset, 0);
  jrx_iterator_set_match_data(&iterator, data);
  size_t from = offset;
  for (;;) {
    size_t mine[2] = {0, 0};
    size_t expected[2] = {0, 0};
    int got = jrx_iterator_next(&iterator, mine, 1);
    int wanted = reliability_oracle_match(oracle, (const char *)subject, length, from, 0,
                                          expected, 1);
    /* With groups, jrx's one pair answers 0 (the ovector is too small) and
     * PCRE2 counts the groups set: both say there is a match. */
    got = got == 0 ? 1 : got;
    wanted = wanted > 1 ? 1 : wanted;
    if (got != wanted || (got == 1 && (mine[0] != expected[0] || mine[1] != expected[1]))) {
      fail_msg("/%s/ over \"%.*s\" from %zu (iteration from %zu): jrx %d [%zu, %zu), PCRE2 %d "
               "[%zu, %zu)",
               pattern, (int)length, (const char *)subject, from, offset, got, mine[0], mine[1],
               wanted, expected[0], expected[1]);
    }
    if (got != 1) {
      return;
    }
    from = mine[1];
  }
}

/* The searches made on data were all the DFA's (or, with whole_search,
 * also the native whole search's, which finds both bounds forward), and
 * its backward DFA built no state (nor, with bytes_too, read a byte:
 * stepping back over a run counts the bytes it reads). */
static void check_searches_forward_only(const char *pattern, const jrx_match_data *data,
                                        int bytes_too, int whole_search) {
  assert_non_null(data->dfa);
  const dfa_stats *backward = &data->dfa->backward.stats;
  if (backward->states_built != 0 || (bytes_too && backward->bytes_scanned != 0)) {
    fail_msg("/%s/: the backward DFA ran (%llu states, %llu bytes)", pattern,
             (unsigned long long)backward->states_built,
             (unsigned long long)backward->bytes_scanned);
  }
  jrx_match_stats stats;
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  assert_true(stats.searches > 0);
  assert_int_equal(stats.dfa_searches + stats.native_dfa_searches +
                       (whole_search ? stats.native_capture_searches : 0),
                   stats.searches);
}

typedef struct answer_case {
  const char *pattern;
  uint32_t options;
} answer_case;

static const answer_case answer_cases[] = {
    {"\\w+", 0},
    {"\\w+", JRX_UTF},
    {"\\p{L}+", JRX_UTF},
    {"[\\p{L}\\p{N}]+", JRX_UTF},
    {"[\xd0\xb0-\xd1\x8f\xd0\x90-\xd0\xaf\xd1\x91\xd0\x81]+", JRX_UTF},
    {"(?i)[a-z\xd1\x8f]+", JRX_UTF},
    {"\\S+?", JRX_UTF},
    {"\\w{1,3}", 0},
    {"[^, \\n]+", 0},
    {".+", JRX_UTF},
};

/* Both engines, every start offset, subjects at either edge of a page,
 * against PCRE2; the backward DFA of the match data never built a state
 * nor read a byte, and every search was the DFA's. */
static void iterations_answer_as_pcre2_without_backward_scan(void **state) {
  (void)state;
  random_state = 29;
  guarded_page guarded;
  guarded_page_create(&guarded);
  unsigned char text[48];
  for (size_t c = 0; c < sizeof answer_cases / sizeof answer_cases[0]; c++) {
    const answer_case *item = &answer_cases[c];
    size_t pattern_length = strlen(item->pattern);
    int utf = (item->options & JRX_UTF) != 0;
    reliability_oracle *oracle =
        reliability_oracle_create(item->pattern, pattern_length, item->options, 0);
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      jrx *re = reliability_compile(item->pattern, pattern_length,
                                    item->options | reliability_engine_options[e]);
      if (!re->program.first_character_matches || !re->dense_iteration) {
        fail_msg("/%s/ options %#x: first_character_matches %d, dense_iteration %d",
                 item->pattern, (unsigned)item->options, re->program.first_character_matches,
                 (int)re->dense_iteration);
      }
      jrx_match_data *data = NULL;
      assert_int_equal(jrx_match_data_create(re, &data), 0);
      for (int round = 0; round < 6; round++) {
        size_t length = fill_text(text, round == 0 ? 0 : 1 + next_random(sizeof text), utf);
        for (int at_end = 0; at_end < 2; at_end++) {
          unsigned char *subject = guarded_page_subject(&guarded, length, at_end);
          memcpy(subject, text, length);
          for (size_t offset = 0; offset <= length; offset++) {
            if (utf && offset < length && (subject[offset] & 0xc0u) == 0x80u) {
              continue;
            }
            check_iteration(re, data, oracle, item->pattern, subject, length, offset);
          }
        }
      }
      check_searches_forward_only(item->pattern, data, 1, 0);
      jrx_match_data_free(data);
      jrx_free(re);
    }
    reliability_oracle_destroy(oracle);
  }
  guarded_page_release(&guarded);
}

/* Any bytes under JRX_NO_UTF_CHECK (answers are not defined, reads
 * outside the subject would fault): the search back to a character's
 * first byte stays within the subject. */
static void any_bytes_stay_inside_the_subject(void **state) {
  (void)state;
  random_state = 31;
  guarded_page guarded;
  guarded_page_create(&guarded);
  static const unsigned char bytes[] = {'a', ' ', 0x80, 0xbf, 0xd1, 0x8f, 0xe4, 0xb8, 0xad, 0xff};
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *re = reliability_compile("\\p{L}+", 6, JRX_UTF | reliability_engine_options[e]);
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    for (int round = 0; round < 40; round++) {
      size_t length = 1 + next_random(24);
      for (int at_end = 0; at_end < 2; at_end++) {
        unsigned char *subject = guarded_page_subject(&guarded, length, at_end);
        for (size_t i = 0; i < length; i++) {
          subject[i] = bytes[next_random(sizeof bytes)];
        }
        for (size_t offset = 0; offset <= length; offset++) {
          jrx_iterator iterator;
          jrx_iterator_init(&iterator, re, (const char *)subject, length, offset,
                            JRX_NO_UTF_CHECK);
          jrx_iterator_set_match_data(&iterator, data);
          size_t ovector[2];
          size_t matches = 0;
          while (jrx_iterator_next(&iterator, ovector, 1) == 1) {
            assert_true(ovector[0] >= offset && ovector[0] < ovector[1] && ovector[1] <= length);
            matches++;
          }
          assert_true(matches <= length);
        }
      }
    }
    jrx_match_data_free(data);
    jrx_free(re);
  }
  guarded_page_release(&guarded);
}

static void which_patterns_start_at_their_run(void **state) {
  (void)state;
  static const shape_case cases[] = {
      {"[\xd0\xb0-\xd1\x8f\xd0\x90-\xd0\xaf\xd1\x91\xd0\x81]+(?=\\s)", JRX_UTF, 1},
      {"[a-z\xc3\xa9]+", JRX_UTF, 1},
      {"(?i)\xd1\x8f{2,}(?!\\d)(?=.)", JRX_UTF, 1},
      {"\\w+?(?=,)", JRX_UTF, 1},
      {"[\xd0\xb0-\xd1\x8f]+(?=\\s)", 0, 0},
      {"[\xd0\xb0-\xd1\x8f]{1,5}(?=\\s)", JRX_UTF, 0},
      {"[\xd0\xb0-\xd1\x8f]*(?=\\s)", JRX_UTF, 0},
      {"\\p{L}+(?=\\s)", JRX_UTF, 0},
      {"[\xd0\xb0-\xd1\x8f]+(?<=\xd1\x8f)", JRX_UTF, 0},
      {"[\xd0\xb0-\xd1\x8f]+\\b", JRX_UTF, 0},
      {"(?:ab)+(?=\\s)", JRX_UTF, 0},
      {"([\xd0\xb0-\xd1\x8f]+)(?=\\s)", JRX_UTF, 0},
      {"[\xd0\xb0-\xd1\x8f]+x", JRX_UTF, 0},
  };
  check_shapes(cases, sizeof cases / sizeof cases[0], SHAPE_STARTS_AT_RUN_START);
}

static const char *const run_start_patterns[] = {
    "[\xd0\xb0-\xd1\x8f\xd0\x90-\xd0\xaf\xd1\x91\xd0\x81]+(?=\\s)",
    "[a-z\xc3\xa9\xd1\x8f]+(?=[ ,])",
    "(?i)[\xd0\xb6-\xd0\xb7\xd1\x8f]+?(?=\\s|,)",
    "[\xc3\xa9\xd1\x8f\\d]{2,}(?!\\d)",
    "\xd1\x8f+(?=\\s)(?!\\n)",
    "[a-z\xc3\xa9\xd0\x81\xd1\x8f]+",
};

/* Whether re's program knows its matches' start in the way a test
 * checks (stepping back over a run, or over a fixed count of characters). */
typedef int (*start_fact)(const jrx *re);

/* patterns (UTF mode), both engines, every start offset: iterations on a
 * match data (the dense path where it applies) and single searches with
 * JRX_NOTEOL (the general search), against PCRE2; each program has the
 * fact and a DFA, and the backward DFA built no state. */
static void check_answers_without_backward_scan(const char *const *patterns, size_t count,
                                                uint64_t seed, start_fact fact) {
  random_state = seed;
  guarded_page guarded;
  guarded_page_create(&guarded);
  unsigned char text[48];
  for (size_t c = 0; c < count; c++) {
    const char *pattern = patterns[c];
    size_t pattern_length = strlen(pattern);
    reliability_oracle *oracle = reliability_oracle_create(pattern, pattern_length, JRX_UTF, 0);
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      jrx *re = reliability_compile(pattern, pattern_length,
                                    JRX_UTF | reliability_engine_options[e]);
      if (!fact(re) || re->automaton == NULL) {
        fail_msg("/%s/: fact %d, automaton %p", pattern, fact(re),
                 (const void *)re->automaton);
      }
      jrx_match_data *data = NULL;
      assert_int_equal(jrx_match_data_create(re, &data), 0);
      for (int round = 0; round < 8; round++) {
        size_t length = fill_text(text, round == 0 ? 0 : 1 + next_random(sizeof text), 1);
        for (int at_end = 0; at_end < 2; at_end++) {
          unsigned char *subject = guarded_page_subject(&guarded, length, at_end);
          memcpy(subject, text, length);
          for (size_t offset = 0; offset <= length; offset++) {
            if (offset < length && (subject[offset] & 0xc0u) == 0x80u) {
              continue;
            }
            check_iteration(re, data, oracle, pattern, subject, length, offset);
            size_t mine[2] = {0, 0};
            size_t expected[2] = {0, 0};
            int got = jrx_match_with(re, data, (const char *)subject, length, offset, JRX_NOTEOL,
                                     mine, 1);
            int wanted = reliability_oracle_match(oracle, (const char *)subject, length, offset,
                                                  JRX_NOTEOL, expected, 1);
            if (got != wanted ||
                (got == 1 && (mine[0] != expected[0] || mine[1] != expected[1]))) {
              fail_msg("/%s/ over \"%.*s\" from %zu, NOTEOL: jrx %d [%zu, %zu), PCRE2 %d "
                       "[%zu, %zu)",
                       pattern, (int)length, (const char *)subject, offset, got, mine[0],
                       mine[1], wanted, expected[0], expected[1]);
            }
          }
        }
      }
      /* arm64: an iteration's later searches may be the whole search
       * (jrx.c's whole_search_applies). */
      check_searches_forward_only(pattern, data, 0, 1);
      jrx_match_data_free(data);
      jrx_free(re);
    }
    reliability_oracle_destroy(oracle);
  }
  guarded_page_release(&guarded);
}

static int starts_at_run_start(const jrx *re) {
  return re->program.starts_at_run_start;
}

static void run_starts_answer_as_pcre2_without_backward_scan(void **state) {
  (void)state;
  check_answers_without_backward_scan(run_start_patterns,
                                      sizeof run_start_patterns / sizeof run_start_patterns[0],
                                      37, starts_at_run_start);
}

/* nfa_program.fixed_characters: in UTF mode, the characters every match
 * has when their number is fixed, 0 otherwise. */
static void which_patterns_have_fixed_characters(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    uint32_t options;
    uint32_t characters;
  } cases[] = {
      {"\\p{L}", JRX_UTF, 1},
      {"[\\p{L}\\p{N}_]", JRX_UTF, 1},
      {".{3}", JRX_UTF, 3},
      {"\\b\\w\\d\\b", JRX_UTF, 2},
      {"(?:\xd1\x8f|[a-z])\\p{Greek}", JRX_UTF, 2},
      {"(a)(?=\\s)\\p{L}", JRX_UTF, 2},
      {"\\p{L}", 0, 0},
      {"\\p{L}+", JRX_UTF, 0},
      {"ab|c", JRX_UTF, 0},
      {"\\R", JRX_UTF, 0},
      {"\\b", JRX_UTF, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    jrx *re = reliability_compile(cases[i].pattern, strlen(cases[i].pattern), cases[i].options);
    if (re->program.fixed_characters != cases[i].characters) {
      fail_msg("/%s/ options %#x: fixed_characters %u", cases[i].pattern,
               (unsigned)cases[i].options, (unsigned)re->program.fixed_characters);
    }
    jrx_free(re);
  }
}

/* Patterns of a fixed number of characters but not of bytes: a match
 * starts that many characters before its end, with no backward scan
 * (whose reversed program \p{L} makes costly). */
static const char *const fixed_character_patterns[] = {
    "\\p{L}",
    "[\\p{L}\\p{N}_]",
    "\\w\\p{L}",
    ".{2}",
    "(?i)\xd1\x8f[\\p{Han},]",
    "\\b\\S\\S\\B",
    "[^a\\s]|\\d",
};

static int has_fixed_characters(const jrx *re) {
  return re->program.fixed_characters != 0 && re->program.fixed_length == SIZE_MAX;
}

static void fixed_characters_answer_as_pcre2_without_backward_scan(void **state) {
  (void)state;
  check_answers_without_backward_scan(
      fixed_character_patterns,
      sizeof fixed_character_patterns / sizeof fixed_character_patterns[0], 41,
      has_fixed_characters);
}

/* Patterns whose matches need a backward scan for their start, which the
 * portable dense path first tries to find as the first byte a match may
 * begin with (dfa_dense_match_at_first_byte: key=value pairs, CSV fields,
 * word pairs; some tries hit, some miss). */
static const answer_case first_byte_cases[] = {
    {"(?:\\w+)=(?:\"[^\"]*\"|\\S+)", 0},
    {"(\\w+)=(\"[^\"]*\"|\\S+)", 0},
    {"(?:\"(?:[^\"]|\"\")*\"|[^,\\n]+)", 0},
    {"\\w+\\s+\\w+", 0},
    {"[a-z]+\\d|\"[^\"]*\"", JRX_CASELESS},
    {"\\w+[=:]\\w+", 0},
    {"[a-z_]+[0-9]+|=+", 0},
    {"(?:\\w+)=(?:\"[^\"]*\"|\\S+)", JRX_UTF},
    {"[a-z\xc3\xa9\xd1\x8f]+=\\S+", JRX_UTF | JRX_CASELESS},
    {"[a-z\\d]{2,}[=\"]", 0},
};

/* nfa_program.has_leading_run: an unbounded repeat of one character
 * item of single bytes first, through capturing groups. */
static void which_patterns_have_a_leading_run(void **state) {
  (void)state;
  static const shape_case cases[] = {
      {"\\w+\\s+\\w+", 0, 1},
      {"(?:\\w+)=(?:\"[^\"]*\"|\\S+)", 0, 1},
      {"((\\w+))\\s+(\\w+)", 0, 1},
      {"[a-z]{2,}?=\\d", JRX_UTF, 1},
      {"(?i)k+x", 0, 1},
      {"[\\x80-\\xff]+x", 0, 1},
      {"\\w+", 0, 1},
      {"(?i)k+x", JRX_UTF, 0},
      {"\\w{1,9}\\s", 0, 0},
      {"\\w*\\s", 0, 0},
      {"\\b\\w+\\s", 0, 0},
      {"(?:ab)+c", 0, 0},
      {"[a-z\xc3\xa9]+=", JRX_UTF, 0},
      {"\\w+=|x", 0, 0},
  };
  check_shapes(cases, sizeof cases / sizeof cases[0], SHAPE_HAS_LEADING_RUN);
}

/* Patterns with a leading run over words whose tries fail at
 * punctuation (one right before a match), between a match right after
 * offset 3 and one the DFA sees end before the end of the text (at the
 * end a try leaves the search to the general one): dfa_search_dense from offset 3 finds both in one run
 * of tries, as PCRE2 does, and the backward DFA reads nothing, as a try
 * that finds no match skips the rest of its run (dfa_leading_run_last);
 * one at each byte of a 26-letter word misses more than the run's bound. */
static void leading_run_tries_skip_failed_runs(void **state) {
  (void)state;
  static const char *const patterns[] = {"\\w+\\s+\\w+", "(\\w+)=\\S"};
  static const char *const subjects[] = {
      "a b c d abcdefghijklmnopqrstuvwxyz, abcdefghijklmnopqrstuvwxyz,g h "
      "abcdefghijklmnopqrstuvwxyz. e f.",
      "a=1 c=3 abcdefghijklmnopqrstuvwxyz, abcdefghijklmnopqrstuvwxyz,x=1 "
      "abcdefghijklmnopqrstuvwxyz= b=2.",
  };
  for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
    size_t pattern_length = strlen(patterns[i]);
    reliability_oracle *oracle = reliability_oracle_create(patterns[i], pattern_length, 0, 0);
    jrx *re = reliability_compile(patterns[i], pattern_length, JRX_NO_JIT);
    assert_true(re->program.has_leading_run);
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    const unsigned char *subject = (const unsigned char *)subjects[i];
    size_t length = strlen(subjects[i]);
    /* Searches from every offset build the lazy DFA's states (a try that
     * meets an unknown transition leaves the search to the general one;
     * a search's first try steps them), each with the missed tries
     * forgotten, as the tries stop after too many (dfa_candidate_try_pays).
     * Iterations from there answer as PCRE2 does. */
    size_t bounds[2 * JRX_DENSE_AHEAD];
    for (size_t offset = 0; offset < length; offset++) {
      check_iteration(re, data, oracle, patterns[i], subject, length, offset);
      data->dfa->candidate_misses = 0;
      data->dfa->candidate_tries = 0;
      int status =
          dfa_search_dense(re->automaton, data->dfa, subject, length, offset, 0, bounds, 1);
      assert_true(status == 1 || status == JRX_NOMATCH);
    }
    data->dfa->candidate_misses = 0;
    data->dfa->candidate_tries = 0;
    uint64_t backward_bytes = data->dfa->backward.stats.bytes_scanned;
    int count = dfa_search_dense(re->automaton, data->dfa, subject, length, 3, 0, bounds,
                                 JRX_DENSE_AHEAD);
    size_t from = 3;
    for (int k = 0; k <= count; k++) {
      size_t expected[2] = {0, 0};
      int wanted = reliability_oracle_match(oracle, subjects[i], length, from, 0, expected, 1);
      if (k == count ? wanted > 0
                     : wanted <= 0 || expected[0] != bounds[2 * k] ||
                           expected[1] != bounds[2 * k + 1]) {
        fail_msg("/%s/: match %d of %d from 3, PCRE2 %d [%zu, %zu)", patterns[i], k, count,
                 wanted, expected[0], expected[1]);
      }
      from = expected[1];
    }
    if (data->dfa->backward.stats.bytes_scanned != backward_bytes) {
      fail_msg("/%s/: the backward DFA ran", patterns[i]);
    }
    jrx_match_data_free(data);
    jrx_free(re);
    reliability_oracle_destroy(oracle);
  }
}

/* Fields, keys and values: letters (in UTF mode also é and я), digits,
 * quotes, '=', separators and newlines. */
static size_t fill_fields(unsigned char *subject, size_t capacity, int utf) {
  static const char *const pieces[] = {"a", "Z", "7", "_", " ", ",", "\n", "=", "\"", "-",
                                       "\xc3\xa9", "\xd1\x8f"};
  size_t length = 0;
  for (;;) {
    const char *piece = pieces[next_random(utf ? 12 : 10)];
    size_t size = strlen(piece);
    if (length + size > capacity) {
      return length;
    }
    memcpy(subject + length, piece, size);
    length += size;
  }
}

/* first_byte_cases, both engines, iterations on a match data asked for
 * the whole match (the dense path) from every start offset of short
 * subjects at either page edge, and from some offsets of subjects longer
 * than the dense run's window, against PCRE2; the try ran wherever the
 * DFA answered the whole match (not arm64's native code, where the
 * capture engine answers). */
static void first_byte_tries_answer_as_pcre2(void **state) {
  (void)state;
  random_state = 41;
  guarded_page guarded;
  guarded_page_create(&guarded);
  unsigned char text[400];
  for (size_t c = 0; c < sizeof first_byte_cases / sizeof first_byte_cases[0]; c++) {
    const answer_case *item = &first_byte_cases[c];
    size_t pattern_length = strlen(item->pattern);
    int utf = (item->options & JRX_UTF) != 0;
    reliability_oracle *oracle =
        reliability_oracle_create(item->pattern, pattern_length, item->options, 0);
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      jrx *re = reliability_compile(item->pattern, pattern_length,
                                    item->options | reliability_engine_options[e]);
      if (!re->dense_iteration || !dfa_candidate_try_applies(re->automaton)) {
        fail_msg("/%s/ options %#x: dense_iteration %d, try applies %d", item->pattern,
                 (unsigned)item->options, (int)re->dense_iteration,
                 re->automaton != NULL && dfa_candidate_try_applies(re->automaton));
      }
      /* arm64's native code finds these whole matches with the capture
       * engine's forward search, also without groups where no byte is
       * required (jrx.c: whole_search_applies). */
      if (re->engine == JRX_ENGINE_ARM64_JIT && re->capture_count == 0 &&
          re->program.required_byte_count == 0 && !jrx_whole_match_by_capture_engine(re)) {
        fail_msg("/%s/ options %#x: arm64 finds the whole match with the DFA", item->pattern,
                 (unsigned)item->options);
      }
      jrx_match_data *data = NULL;
      assert_int_equal(jrx_match_data_create(re, &data), 0);
      for (int round = 0; round < 8; round++) {
        int long_text = round >= 6;
        size_t length = fill_fields(
            text, round == 0 ? 0 : long_text ? sizeof text : 1 + next_random(48), utf);
        for (int at_end = 0; at_end < 2; at_end++) {
          unsigned char *subject = guarded_page_subject(&guarded, length, at_end);
          memcpy(subject, text, length);
          for (size_t offset = 0; offset <= length; offset += long_text ? 1 + next_random(40) : 1) {
            if (utf && offset < length && (subject[offset] & 0xc0u) == 0x80u) {
              continue;
            }
            check_iteration(re, data, oracle, item->pattern, subject, length, offset);
          }
        }
      }
      if (!jrx_whole_match_by_capture_engine(re) && data->dfa->candidate_tries == 0) {
        fail_msg("/%s/: the dense path never tried a first byte", item->pattern);
      }
      jrx_match_data_free(data);
      jrx_free(re);
    }
    reliability_oracle_destroy(oracle);
  }
  guarded_page_release(&guarded);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(which_patterns_qualify),
      cmocka_unit_test(iterations_answer_as_pcre2_without_backward_scan),
      cmocka_unit_test(any_bytes_stay_inside_the_subject),
      cmocka_unit_test(which_patterns_start_at_their_run),
      cmocka_unit_test(run_starts_answer_as_pcre2_without_backward_scan),
      cmocka_unit_test(which_patterns_have_fixed_characters),
      cmocka_unit_test(fixed_characters_answer_as_pcre2_without_backward_scan),
      cmocka_unit_test(first_byte_tries_answer_as_pcre2),
      cmocka_unit_test(which_patterns_have_a_leading_run),
      cmocka_unit_test(leading_run_tries_skip_failed_runs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
