/* test_inner_literals: the literals every match holds, read off the NFA
 * (search_inner_literals, strategy.h) and offered to jrxgrep by
 * jrx_inner_literals: the first literal of each pattern of a table (or
 * none; as the search plan asks, without the dominator that begins every
 * match), and, for every pattern and every subject of a list with a match,
 * that an occurrence lies inside the match, which is what searches from
 * them rely on; the query's argument checks; which patterns' own
 * searches already jump to literals (jrx_inner_literals_searched_by),
 * and which bytes no match holds (jrx_inner_literals_excluded_byte); and
 * the dominators of a program that takes hundreds of searches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/jrx_inner_literals.h"
#include "regex/jrx_internal.h"

struct inner_case {
  const char *pattern;
  uint32_t options;
  const char *first; /* the first literal, NULL for none */
  uint32_t count;
  bool folded;
};

static const struct inner_case cases[] = {
    {"[a-z]+ing", JRX_UTF, "ing", 1, false},
    {"\\w+\\s+Holmes", JRX_UTF, "Holmes", 1, false},
    {"(?:one|two)three", 0, "onethree", 2, false}, /* the split is passed by all */
    {"\\w+(?:foo|bar)\\d", 0, "foo0", 20, false}, /* a digit of ten is expanded */
    {"\\w+holmes", JRX_CASELESS, "holmes", 1, true},
    {"\\w\xd0\x96\xd0\xb8?z", JRX_UTF, "\xd0\x96\xd0\xb8z", 2, false},
    {"\\w+\\s+\xd0\xb6\xd0\xb1", JRX_UTF | JRX_CASELESS, NULL, 0, false}, /* folds: see below */
    /* A property beside a literal (issue 18): the literal still leads. */
    {"\\p{L}+ Holmes", JRX_UTF, " Holmes", 1, false},
    {"[\\p{L}\\d]+\xd0\xa5\xd0\xbe\xd0\xbb\xd0\xbc\xd1\x81", JRX_UTF,
     "\xd0\xa5\xd0\xbe\xd0\xbb\xd0\xbc", 1, false}, /* its first eight bytes */
    {"[a-z]+g", 0, NULL, 0, false},        /* one byte is too little */
    {"ab|cd", 0, "ab", 2, false},          /* the first split: prefixes, as literals */
    {".bb|b", 0, NULL, 0, false},          /* no instruction every match passes */
    {"\\w+", 0, NULL, 0, false},
    {"x\\w*(?=ab)cd", 0, NULL, 0, false},  /* lookarounds: the Pike VM alone */
    {"\\d{4}/\\d{2}:\\d{2}", 0, NULL, 0, false}, /* too many variants */
};

static jrx *compile(const char *pattern, uint32_t options) {
  int error;
  size_t offset;
  jrx *re = jrx_compile(pattern, JRX_ZERO_TERMINATED, options | JRX_NO_JIT, &error, &offset);
  assert_non_null(re);
  return re;
}

/* The search plan, which walked the prefixes already, skips the
 * dominator that begins every match (the same walk again): the literals
 * of (?:one|two)three after it remain, and \p{L} has none. */
static void test_plan_skips_the_prefix_walk(void **state) {
  (void)state;
  static const struct inner_case plan_cases[] = {
      {"(?:one|two)three", 0, "three", 1, false},
      {"ab|cd", 0, NULL, 0, false},
      {"\\p{L}", JRX_UTF, NULL, 0, false},
  };
  for (size_t i = 0; i < sizeof plan_cases / sizeof *plan_cases; i++) {
    const struct inner_case *c = &plan_cases[i];
    jrx *re = compile(c->pattern, c->options);
    literal_set set;
    literal_set_init(&set, re->program.allocator);
    uint64_t before[4];
    assert_int_equal(search_inner_literals(&re->program, true, &set, before), 0);
    size_t length = c->first != NULL ? strlen(c->first) : 0;
    if (set.count != c->count ||
        (c->first != NULL && (set.literals[0].length != length ||
                              memcmp(literal_set_bytes(&set, 0), c->first, length) != 0))) {
      fail_msg("/%s/: %u literals, expected %u (\"%s\")", c->pattern, set.count, c->count,
               c->first != NULL ? c->first : "");
    }
    literal_set_release(&set);
    jrx_free(re);
  }
}

static void test_literals_of_the_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const struct inner_case *c = &cases[i];
    jrx *re = compile(c->pattern, c->options);
    literal_set set;
    literal_set_init(&set, re->program.allocator);
    uint64_t before[4];
    assert_int_equal(search_inner_literals(&re->program, false, &set, before), 0);
    if (c->first == NULL && c->count == 0 && (c->options & JRX_CASELESS) == 0) {
      if (set.count != 0) {
        fail_msg("/%s/: %u inner literals, expected none", c->pattern, set.count);
      }
    } else if (c->first != NULL) {
      size_t length = strlen(c->first);
      if (set.count != c->count || set.literals[0].length != length ||
          memcmp(literal_set_bytes(&set, 0), c->first, length) != 0 ||
          set.any_fold != c->folded) {
        fail_msg("/%s/: %u literals, the first \"%.*s\" (folds %d), expected %u, \"%s\"",
                 c->pattern, set.count, set.count > 0 ? (int)set.literals[0].length : 0,
                 set.count > 0 ? (const char *)literal_set_bytes(&set, 0) : "", set.any_fold,
                 c->count, c->first);
      }
    } else {
      /* A caseless Cyrillic pair: its case variants, folded or not. */
      assert_true(set.count >= 1 && set.count <= 4);
      assert_true(set.shortest >= 2);
    }
    literal_set_release(&set);
    jrx_free(re);
  }
}

static const char *const subjects[] = {
    "going home",  "ing",           "Mr Holmes",      "Sherlock  Holmes said", "onethree",
    "twothree",    "x_foo1 ybar2",  "HOLMES xHoLmEs", "a \xd0\x96\xd0\x91 b",  "abing",
    "2024/12:31",  "\xd0\xaf\xd0\x96z", "\xd0\xaf\xd0\x96\xd0\xb8z", "no literal here at all"};

/* Every match holds an occurrence found by jrx_inner_literals_find. */
static void test_matches_hold_a_literal(void **state) {
  (void)state;
  size_t checked = 0;
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const struct inner_case *c = &cases[i];
    jrx *re = compile(c->pattern, c->options);
    jrx_inner_literals *literals;
    assert_int_equal(jrx_inner_literals_create(re, &literals), 0);
    bool expected = c->first != NULL || (c->options & JRX_CASELESS) != 0;
    if ((literals != NULL) != expected) {
      fail_msg("/%s/: %s inner literals", c->pattern, literals != NULL ? "has" : "has no");
    }
    for (size_t s = 0; literals != NULL && s < sizeof subjects / sizeof *subjects; s++) {
      const char *subject = subjects[s];
      size_t length = strlen(subject);
      size_t ovector[2];
      size_t start = 0;
      while (jrx_match(re, subject, length, start, 0, ovector, 1) == 1) {
        size_t at;
        if (jrx_inner_literals_find(literals, subject, length, ovector[0], &at) != 1 ||
            at >= ovector[1]) {
          fail_msg("/%s/ matches %zu..%zu of \"%s\" without a literal inside", c->pattern,
                   ovector[0], ovector[1], subject);
        }
        checked++;
        start = ovector[1];
      }
      size_t at;
      assert_int_equal(jrx_inner_literals_find(literals, subject, length, length, &at), 0);
    }
    jrx_inner_literals_free(literals);
    jrx_free(re);
  }
  assert_true(checked >= 10);
}

static void test_query_arguments(void **state) {
  (void)state;
  jrx_inner_literals *literals = (jrx_inner_literals *)&literals;
  assert_int_equal(jrx_inner_literals_create(NULL, &literals), JRX_ERROR_NULL);
  assert_null(literals);
  jrx *re = compile("\\w+ing", 0);
  assert_int_equal(jrx_inner_literals_create(re, NULL), JRX_ERROR_NULL);
  jrx_inner_literals_free(NULL);
  jrx_free(re);
}

/* jrxgrep's many-line programs: a search that jumps to literals itself
 * (the -w of a plain word, a literal) needs no inner literals first. */
static void test_searched_by(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    uint32_t options;
    bool searched;
  } table[] = {
      {"\\b(?:(?:the\\E))\\b", JRX_UTF | JRX_MULTILINE, true},
      {"Sherlock Holmes", JRX_UTF | JRX_MULTILINE, true},
      {"\xd0\xb0", JRX_UTF | JRX_MULTILINE, true},
      {"(?:^|\\W)(?:(?:the\\E))(?:\\W|$)", JRX_UTF | JRX_MULTILINE, false},
      {"[a-z]+ing", JRX_UTF | JRX_MULTILINE, false},
      {"\\w+\\s+Holmes", JRX_UTF | JRX_MULTILINE, false},
      {"\\w+", 0, false},
  };
  for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
    jrx *re = compile(table[i].pattern, table[i].options);
    if (jrx_inner_literals_searched_by(re) != table[i].searched) {
      fail_msg("%s: searched_by should be %d", table[i].pattern, table[i].searched);
    }
    jrx_free(re);
  }
  assert_false(jrx_inner_literals_searched_by(NULL));
}

/* Hundreds of searches for dominators, whose byte marks are zeroed again
 * every 255: each wide range before (?:ab|cd) is one that no walk starts
 * at, and its test stops at it, so the first search's marks on the
 * alternation stay; with each count of ranges, a later test of a falls on
 * another search, one of them on a stamp those marks hold. */
static void test_many_searches(void **state) {
  (void)state;
  for (unsigned ranges = 100; ranges < 360; ranges++) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "[\\x00-\\x7f]{%u}(?:ab|cd)", ranges);
    jrx *re = compile(pattern, 0);
    literal_set set;
    literal_set_init(&set, re->program.allocator);
    uint64_t before[4];
    assert_int_equal(search_inner_literals(&re->program, false, &set, before), 0);
    if (set.count != 2 || set.literals[0].length != 2 ||
        memcmp(literal_set_bytes(&set, 0), "ab", 2) != 0) {
      fail_msg("/%s/: %u inner literals, expected ab and cd", pattern, set.count);
    }
    literal_set_release(&set);
    jrx_free(re);
  }
}

/* Which bytes no match holds: a lookahead's body is not the match's. */
static void test_excluded_byte(void **state) {
  (void)state;
  jrx *words = compile("\\w+", JRX_MULTILINE);
  jrx *spaces = compile("a\\s+b", JRX_MULTILINE);
  jrx *ahead = compile("a(?=\\n)", JRX_MULTILINE);
  assert_true(jrx_inner_literals_excluded_byte(words, '\n'));
  assert_false(jrx_inner_literals_excluded_byte(words, 'x'));
  assert_false(jrx_inner_literals_excluded_byte(spaces, '\n'));
  assert_true(jrx_inner_literals_excluded_byte(ahead, '\n'));
  assert_false(jrx_inner_literals_excluded_byte(NULL, '\n'));
  jrx_free(words);
  jrx_free(spaces);
  jrx_free(ahead);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_literals_of_the_table),
      cmocka_unit_test(test_plan_skips_the_prefix_walk),
      cmocka_unit_test(test_matches_hold_a_literal),
      cmocka_unit_test(test_query_arguments),
      cmocka_unit_test(test_searched_by),
      cmocka_unit_test(test_excluded_byte),
      cmocka_unit_test(test_many_searches),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
