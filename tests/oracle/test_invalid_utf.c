/* test_invalid_utf: JRX_MATCH_INVALID_UTF against PCRE2 with
 * PCRE2_MATCH_INVALID_UTF, on subjects mixing valid characters with every
 * kind of invalid UTF-8 (stray continuation bytes, bytes that never start
 * a character, truncated, overlong, surrogate and too large sequences):
 * the first match (return code and every pair) from every start offset
 * under several match option sets, and the whole pcre2demo iteration,
 * with the default engine and the interpreter (\X among the patterns,
 * regional indicators and a mark among the pieces; lookbehinds and \K
 * too). Then the offsets of invalid UTF-8 without the option:
 * jrx_match_data_error_offset against pcre2_get_startchar, and
 * jrx_substitute's for subject and replacement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine_expectation.h"
#include "jrx.h"
#include "oracle_pcre2.h"
#include "test_random.h"

#define MAX_PAIRS 8
#define SUBJECT_COUNT 48
#define MAX_SUBJECT 40

static const char *const patterns[] = {
    "",
    "a",
    "b+",
    ".",
    ".+",
    "[^a]",
    "\\w+",
    "\\W",
    "\\s",
    "\\d*",
    "\\x{e9}|\\x{20ac}",
    "[\\x{80}-\\x{10ffff}]+",
    "^",
    "^a",
    "$",
    "a$",
    "(?m)^",
    "(?m)$",
    "(?m)^b",
    "\\A",
    "\\Aa|b",
    "\\z",
    "\\Z",
    "a\\z",
    "\\b",
    "\\B",
    "\\bb\\w*",
    "\\G",
    "\\Ga",
    "\\G|b",
    "(a)|(b)",
    "(a*)(b?)",
    "a|",
    "|a",
    "x*",
    "(?i)A\\x{c9}",
    "a.b",
    "(?s).",
    "\\n",
    "(?:ab|a)(c|)",
    "[a-c]{2}",
    "a\\Rb",
    /* \X ends before invalid bytes; regional indicators are counted back
     * within the fragment. */
    "\\X",
    "\\X+",
    "(\\X)\\X",
    /* Patterns PCRE2 marks PCRE2_STARTLINE: it resumes a search that
     * moved on from the start offset only after a newline (or at the
     * end), and so does jrx. */
    ".*?",
    ".*b",
    "\\N*",
    "(.*?)b|(?m)^a",
    "(?:.*)+\\s",
    "(?=(?m)^)\\w",
    "^|.*",
    /* Ones it does not. */
    "(?:.*)?b",
    "(?:.)*b",
    "x|.*",
    "(?s).*b",
    /* A lookbehind never steps back over invalid bytes, nor before a
     * fragment the search moved on to (a start offset inside a
     * character included): PCRE2's check_subject. */
    "(?<=a)b",
    "(?<=.)\\w",
    "(?<!.)\\S",
    "(?<=\\x{e9})b|(?<=ab)c",
    "(?<!a|\\x{20ac})b",
    "(?<=\\b.)",
    "(?<=(.))(?<=(..))?",
    /* \K: an anchored search of a later fragment takes the match tried
     * at the fragment, wherever \K moved its start. */
    "a\\Kb",
    "\\w\\K\\w?",
    "(?:a\\K)?b",
};

/* The pieces subjects are made of, valid and not. */
static const char *const pieces[] = {
    "a",
    "b",
    "c",
    " ",
    "\n",
    "\xc3\xa9",
    "\xe2\x82\xac",
    "\xff",
    "\x80",
    "\xbf\x80",
    "\xc3",
    "\xe2\x82",
    "\xed\xa0\x80",
    "\xc0\xaf",
    "\xf4\x90\x80\x80",
    "\xf0\x9f\x98\x80",
    "\xfe",
    "\xf0\x9f\x87\xa6",
    "\xf0\x9f\x87\xa6\xf0\x9f\x87\xa6",
    "\xcc\x81",
};

typedef struct subject {
  char bytes[MAX_SUBJECT + 1];
  size_t length;
} subject;

static uint64_t random_state;

static uint32_t next_random(uint32_t bound) {
  return test_random_below(&random_state, bound);
}

static void make_subjects(subject *subjects) {
  random_state = 20261205;
  for (size_t i = 0; i < SUBJECT_COUNT; i++) {
    subject *made = &subjects[i];
    made->length = 0;
    size_t count = next_random(9);
    for (size_t p = 0; p < count; p++) {
      const char *piece = pieces[next_random(sizeof pieces / sizeof pieces[0])];
      size_t size = strlen(piece);
      if (made->length + size <= MAX_SUBJECT) {
        memcpy(made->bytes + made->length, piece, size);
        made->length += size;
      }
    }
  }
}

typedef struct engines {
  const char *pattern;
  uint32_t options;
  jrx *jrx[2]; /* the default engine, the interpreter */
  pcre2_code *code;
  pcre2_match_data *match_data;
  size_t compared;
} engines;

static void describe_subject(char *out, size_t size, const subject *text) {
  size_t used = 0;
  for (size_t i = 0; i < text->length && used + 5 < size; i++) {
    unsigned char byte = (unsigned char)text->bytes[i];
    used += (size_t)snprintf(out + used, size - used,
                             byte >= 0x20 && byte < 0x7f ? "%c" : "\\x%02x", byte);
  }
  out[used] = '\0';
}

/* The first match from offset with options, jrx against PCRE2. */
static void compare_first(engines *set, const subject *text, size_t offset, uint32_t options) {
  int expected = pcre2_match(set->code, (PCRE2_SPTR)text->bytes, text->length, offset,
                             oracle_pcre2_match_options(options), set->match_data, NULL);
  const PCRE2_SIZE *pairs = pcre2_get_ovector_pointer(set->match_data);
  if (expected == PCRE2_ERROR_NOMATCH) {
    expected = JRX_NOMATCH;
  }
  for (int e = 0; e < 2; e++) {
    size_t ovector[2 * MAX_PAIRS];
    int got =
        jrx_match(set->jrx[e], text->bytes, text->length, offset, options, ovector, MAX_PAIRS);
    int differs = got != expected;
    for (int i = 0; !differs && i < 2 * got; i++) {
      differs = ovector[i] != (pairs[i] == PCRE2_UNSET ? JRX_UNSET : pairs[i]);
    }
    if (differs) {
      char shown[4 * MAX_SUBJECT + 1];
      describe_subject(shown, sizeof shown, text);
      fail_msg("/%s/ on \"%s\" from %zu, options %#x, %s: jrx %d [%zu, %zu), PCRE2 %d [%zu, %zu)",
               set->pattern, shown, offset, (unsigned)options, jrx_engine(set->jrx[e]), got,
               got > 0 ? ovector[0] : 0, got > 0 ? ovector[1] : 0, expected,
               expected > 0 ? (size_t)pairs[0] : 0, expected > 0 ? (size_t)pairs[1] : 0);
    }
    set->compared++;
  }
}

/* One iteration step of PCRE2's, held to jrx_iterator's next. */
typedef struct iteration {
  engines *set;
  const subject *text;
  jrx_iterator *iterator;
} iteration;

static void compare_step(int rc, const PCRE2_SIZE *pairs, void *user) {
  iteration *walk = user;
  size_t ovector[2 * MAX_PAIRS];
  int got = jrx_iterator_next(walk->iterator, ovector, MAX_PAIRS);
  int expected = rc < 0 ? oracle_pcre2_error_to_jrx(rc) : rc;
  if (got != expected || (got > 0 && (ovector[0] != pairs[0] || ovector[1] != pairs[1]))) {
    char shown[4 * MAX_SUBJECT + 1];
    describe_subject(shown, sizeof shown, walk->text);
    fail_msg("/%s/ iterating \"%s\": jrx %d at %zu, PCRE2 %d at %zu", walk->set->pattern, shown,
             got, got > 0 ? ovector[0] : 0, expected, rc > 0 ? (size_t)pairs[0] : 0);
  }
}

static void compare_iteration(engines *set, const subject *text) {
  for (int e = 0; e < 2; e++) {
    jrx_iterator iterator;
    jrx_iterator_init(&iterator, set->jrx[e], text->bytes, text->length, 0, 0);
    iteration walk = {set, text, &iterator};
    oracle_pcre2_iterate(set->code, set->match_data, NULL, text->bytes, text->length, 0, 0,
                         compare_step, &walk);
    size_t ovector[2 * MAX_PAIRS];
    assert_int_equal(jrx_iterator_next(&iterator, ovector, MAX_PAIRS), JRX_NOMATCH);
  }
}

static const uint32_t match_option_sets[] = {0, JRX_ANCHORED, JRX_NOTBOL | JRX_NOTEOL,
                                             JRX_NOTEMPTY_ATSTART, JRX_NOTEMPTY};

static size_t check_pattern(const char *pattern, uint32_t options, const subject *subjects) {
  engines set = {.pattern = pattern, .options = options};
  int error = 0;
  size_t offset = 0;
  for (int e = 0; e < 2; e++) {
    set.jrx[e] =
        jrx_compile(pattern, strlen(pattern), options | (e == 1 ? JRX_NO_JIT : 0), &error, &offset);
    if (set.jrx[e] == NULL) {
      fail_msg("/%s/ does not compile: error %d at %zu", pattern, error, offset);
    }
  }
  set.code = oracle_pcre2_compile(pattern, strlen(pattern), options, &error, &offset);
  assert_non_null(set.code);
  set.match_data = pcre2_match_data_create(MAX_PAIRS, NULL);
  assert_non_null(set.match_data);
  for (size_t s = 0; s < SUBJECT_COUNT; s++) {
    for (size_t start = 0; start <= subjects[s].length; start++) {
      for (size_t o = 0; o < sizeof match_option_sets / sizeof match_option_sets[0]; o++) {
        compare_first(&set, &subjects[s], start, match_option_sets[o]);
      }
    }
    compare_iteration(&set, &subjects[s]);
  }
  for (int e = 0; e < 2; e++) {
    uint32_t engine_options = options | (e == 1 ? JRX_NO_JIT : 0);
    if (!engine_expectation_met(set.jrx[e], engine_options)) {
      fail_msg("/%s/: " ENGINE_EXPECTATION_FAILURE, pattern, jrx_engine(set.jrx[e]),
               engine_expectation_expected(engine_options));
    }
    jrx_free(set.jrx[e]);
  }
  pcre2_match_data_free(set.match_data);
  pcre2_code_free(set.code);
  return set.compared;
}

static void test_matches_agree_with_pcre2(void **state) {
  (void)state;
  static subject subjects[SUBJECT_COUNT];
  make_subjects(subjects);
  size_t invalid = 0;
  for (size_t s = 0; s < SUBJECT_COUNT; s++) {
    size_t error_offset;
    pcre2_code *any = oracle_pcre2_compile("", 0, JRX_UTF, &(int){0}, &error_offset);
    pcre2_match_data *data = pcre2_match_data_create(1, NULL);
    invalid += pcre2_match(any, (PCRE2_SPTR)subjects[s].bytes, subjects[s].length, 0, 0, data,
                           NULL) < PCRE2_ERROR_NOMATCH;
    pcre2_match_data_free(data);
    pcre2_code_free(any);
  }
  size_t compared = 0;
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    compared += check_pattern(patterns[p], JRX_MATCH_INVALID_UTF, subjects);
  }
  compared += check_pattern("b|\\x{e9}", JRX_MATCH_INVALID_UTF | JRX_ANCHORED, subjects);
  compared += check_pattern("(?i)\\x{c9}|b", JRX_MATCH_INVALID_UTF | JRX_CASELESS, subjects);
  print_message("%zu first matches compared, %zu of %d subjects invalid UTF-8\n", compared, invalid,
                SUBJECT_COUNT);
  /* Most subjects must hold invalid UTF-8, or the test tests little. */
  assert_true(invalid >= SUBJECT_COUNT / 2);
}

/* A \G in a pattern PCRE2 marks PCRE2_STARTLINE holds nowhere once a
 * search moved on from the start offset; jrx refuses the pair. */
static void test_match_start_in_startline_pattern_refused(void **state) {
  (void)state;
  int error = 0;
  size_t offset = 0;
  assert_null(jrx_compile(".*a|.*\\G", JRX_ZERO_TERMINATED, JRX_MATCH_INVALID_UTF, &error, &offset));
  assert_int_equal(error, JRX_ERROR_UNSUPPORTED_CONSTRUCT);
  assert_int_equal(offset, 6);
  jrx *re = jrx_compile(".*\\G", JRX_ZERO_TERMINATED, JRX_UTF, &error, &offset);
  assert_non_null(re);
  jrx_free(re);
  re = jrx_compile("a.*\\G", JRX_ZERO_TERMINATED, JRX_MATCH_INVALID_UTF, &error, &offset);
  assert_non_null(re);
  jrx_free(re);
}

/* Without the option, where a UTF error is: jrx_match_data_error_offset
 * (and jrx_substitute's length) against pcre2_get_startchar. */
static void test_error_offsets_agree_with_pcre2(void **state) {
  (void)state;
  static subject subjects[SUBJECT_COUNT];
  make_subjects(subjects);
  jrx *re = jrx_compile("\\bb", JRX_ZERO_TERMINATED, JRX_UTF, NULL, NULL);
  assert_non_null(re);
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  assert_int_equal(jrx_match_data_error_offset(data), JRX_UNSET);
  int error = 0;
  size_t offset = 0;
  pcre2_code *code = oracle_pcre2_compile("\\bb", 3, JRX_UTF, &error, &offset);
  pcre2_match_data *match_data = pcre2_match_data_create(1, NULL);
  size_t errors = 0;
  for (size_t s = 0; s < SUBJECT_COUNT; s++) {
    const subject *text = &subjects[s];
    for (size_t start = 0; start <= text->length; start++) {
      int expected =
          pcre2_match(code, (PCRE2_SPTR)text->bytes, text->length, start, 0, match_data, NULL);
      int got = jrx_match_with(re, data, text->bytes, text->length, start, 0, NULL, 0);
      if (expected >= 0 || expected == PCRE2_ERROR_NOMATCH) {
        continue;
      }
      assert_int_equal(got, oracle_pcre2_error_to_jrx(expected));
      size_t where = expected == PCRE2_ERROR_BADUTFOFFSET ? start : pcre2_get_startchar(match_data);
      assert_int_equal(jrx_match_data_error_offset(data), where);
      char output[64];
      size_t length = sizeof output;
      assert_int_equal(
          jrx_substitute(re, text->bytes, text->length, start, 0, "x", 1, output, &length), got);
      assert_int_equal(length, where);
      errors++;
    }
  }
  assert_true(errors > 100);
  char output[16];
  size_t length = sizeof output;
  assert_int_equal(jrx_substitute(re, "b", 1, 0, 0, "ok\xe2\x82", 4, output, &length),
                   JRX_ERROR_BAD_UTF_REPLACEMENT);
  assert_int_equal(length, 2);
  jrx_match_data_free(data);
  jrx_free(re);
  pcre2_match_data_free(match_data);
  pcre2_code_free(code);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_matches_agree_with_pcre2),
      cmocka_unit_test(test_error_offsets_agree_with_pcre2),
      cmocka_unit_test(test_match_start_in_startline_pattern_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
