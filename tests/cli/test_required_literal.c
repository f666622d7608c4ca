/* jrxgrep's required_literal.c: the literal read from each pattern of a
 * table (or none, where the reading must give up), and, for every
 * pattern, that each subject of a list that jrx finds a match in holds
 * the literal, which is what the search relies on. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli/required_literal.h"
#include "jrx.h"

struct literal_case {
  const char *pattern;
  bool utf;
  const char *literal; /* "" for none */
  bool at_start, whole;
};

static const struct literal_case cases[] = {
    {"[a-z]+ing", true, "ing", false, false},
    {"\\w+\\s+Holmes", true, "Holmes", false, false},
    {"Holmes \\w+", true, "Holmes ", true, false},
    {"Sherlock Holmes", true, "Sherlock Holmes", true, true},
    {"\\d{4}/\\d{2}:\\d{2}", true, "/", false, false},
    {"ab?cd", true, "cd", true, false},
    {"abc*d", true, "ab", true, false},
    {"x+yz", false, "yz", true, false},
    {"\\w(ab)cd", true, "cd", false, false},
    {"(?:one|two)three", true, "three", false, false},
    {"\\Qa.b\\E+c", true, "a.b", true, false},
    {"\\.\\*x\\[", true, ".*x[", true, true},
    {"[]x]+ab[^]y]cd", true, "ab", false, false},
    {"[[:alpha:]]ab", true, "ab", false, false},
    {"\\w\xd0\x96\xd0\xb8?z", true, "\xd0\x96", false, false},
    {"\\w\xd0\x96\xd0\xb8?z", false, "\xd0\x96\xd0", false, false},
    {"a{2}bc{0,3}de", true, "de", true, false},
    {"q{x}yz", true, "q{x}yz", true, true},
    {".foo$bar", true, "foo", false, false},
    {"\\bword\\b", true, "word", false, false},
    /* Nothing: alternations, option settings, verbs, unknown escapes,
     * quantifiers with nothing to repeat, unbalanced groups. */
    {"ab|cd", true, "", false, false},
    {"(?i)abcd", true, "", false, false},
    {"x(?=ab)cd", true, "", false, false},
    {"(*UCP)abcd", true, "", false, false},
    {"\\x41bcd", true, "", false, false},
    {"\\p{L}bcd", true, "", false, false},
    {"a\\Kbcd", true, "", false, false},
    {"(a)\\1bcd", true, "", false, false},
    {"*abc", true, "", false, false},
    {"(abc", true, "", false, false},
    {"abc)", true, "", false, false},
    {"[abc", true, "", false, false},
    {"abc\\", true, "", false, false},
};

static void test_literals_of_the_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const struct literal_case *c = &cases[i];
    char literal[64];
    bool at_start = false, whole = false;
    size_t length = required_literal_find(c->pattern, strlen(c->pattern), c->utf, literal,
                                          &at_start, &whole);
    if (length != strlen(c->literal) || memcmp(literal, c->literal, length) != 0) {
      fail_msg("pattern %s (utf %d): expected literal \"%s\", got \"%.*s\"", c->pattern, c->utf,
               c->literal, (int)length, literal);
    }
    if (length > 0 && (at_start != c->at_start || whole != c->whole)) {
      fail_msg("pattern %s: expected at_start %d whole %d, got %d %d", c->pattern, c->at_start,
               c->whole, at_start, whole);
    }
  }
}

static const char *const subjects[] = {
    "going home",          "ing",           "Mr Holmes",          "Sherlock  Holmes said",
    "2024/12:31",          "acd abcd",      "abd abccd ad",       "xxyz yz",
    "zabcd zcd",           "onethree",      "a.bbc a.bc",         ".*x[",
    "]ab!cd xabycd",       "qab",           "\xd0\xaf\xd0\x96z",  "aabde aabcde abccde",
    "q{x}yz",              "afoo$bar",      "a word here",        "no literal at all",
    "\xd0\xaf\xd0\x96\xd0\xb8z"};

/* Every subject with a match holds the literal. */
static void test_matching_subjects_hold_the_literal(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const struct literal_case *c = &cases[i];
    char literal[64];
    bool at_start, whole;
    size_t length = required_literal_find(c->pattern, strlen(c->pattern), c->utf, literal,
                                          &at_start, &whole);
    if (length == 0) {
      continue;
    }
    int error;
    size_t offset;
    jrx *program = jrx_compile(c->pattern, JRX_ZERO_TERMINATED, c->utf ? JRX_UTF : 0, &error,
                               &offset);
    assert_non_null(program);
    for (size_t s = 0; s < sizeof subjects / sizeof *subjects; s++) {
      const char *subject = subjects[s];
      size_t ovector[2];
      int status = jrx_match(program, subject, strlen(subject), 0, 0, ovector, 1);
      if (status == 1 && !memmem(subject, strlen(subject), literal, length)) {
        fail_msg("pattern %s matches \"%s\", which lacks its literal \"%.*s\"", c->pattern,
                 subject, (int)length, literal);
      }
    }
    jrx_free(program);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_literals_of_the_table),
      cmocka_unit_test(test_matching_subjects_hold_the_literal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
