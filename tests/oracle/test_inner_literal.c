/* test_inner_literal: the search from inner literals (strategy.h,
 * SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS) against PCRE2. Seeded random
 * patterns put a literal between a part before it (repeats of classes,
 * dots, alternations, anchors) and a part after it, over subjects made of
 * a few letters, so that the literal occurs many times, overlapping and
 * inside the part before it, where a match may start before an earlier
 * occurrence than the one it crosses; in byte and UTF mode, caseless now
 * and then. The first match with its groups and the whole iteration must
 * be PCRE2's from every start offset that leaves SEARCH_INNER_MIN_SUBJECT
 * bytes or more (shorter searches run the plain DFA) and some others,
 * with the default engine and the interpreter. Fixed cases include the leftmost-first traps of issue 15
 * (.bb|b on zabb, (?:..acbb|b)a(?:c|d) on xzbacbbac) and literals beside
 * Unicode properties (issue 18). Most generated
 * patterns must take the strategy, or the test tests little.
 *   JRX_INNER_LITERAL_SEED   seed (default DEFAULT_SEED)
 *   JRX_INNER_LITERAL_COUNT  patterns (default JRX_INNER_LITERAL_DEFAULT_COUNT) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "oracle_case.h"
#include "oracle_divergence.h"
#include "oracle_generate.h"
#include "oracle_jrx.h"
#include "oracle_outcome.h"
#include "oracle_pcre2.h"
#include "regex/jrx_internal.h"

#ifndef JRX_INNER_LITERAL_DEFAULT_COUNT
#define JRX_INNER_LITERAL_DEFAULT_COUNT 100
#endif

#define DEFAULT_SEED 1515u
#define PCRE2_MATCH_LIMIT 100000u
#define MAX_REPORTED 8
/* Subjects reach well past SEARCH_INNER_MIN_SUBJECT, under which the
 * plain DFA searches; start offsets are all taken where the rest is
 * that long, every STEP_AFTER-th closer to the end. */
#define SUBJECT_MAX 192
#define STEP_AFTER 7

typedef struct inner_case {
  char pattern[256];
  size_t pattern_length;
  uint32_t compile_options;
  char subject[SUBJECT_MAX];
  size_t subject_length;
} inner_case;

static void append(inner_case *out, const char *piece) {
  size_t size = strlen(piece);
  assert_true(out->pattern_length + size < sizeof out->pattern);
  memcpy(out->pattern + out->pattern_length, piece, size);
  out->pattern_length += size;
}

static const char *draw(oracle_random *random, const char *const *list, size_t count) {
  return list[oracle_random_below(random, (uint32_t)count)];
}

#define DRAW(random, list) draw(random, list, sizeof list / sizeof list[0])

static int percent(oracle_random *random, uint32_t chance) {
  return oracle_random_below(random, 100) < chance;
}

/* What may come before the literal: the literal's own letters often.
 * The first item is a broad one, so that no literal or rare byte begins
 * the matches and the search starts from the inner literal. */
static const char *const broad_items[] = {"\\w+", "\\w*",  "[a-c]+", "[ab]*", ".",
                                          "..",   ".*",   ".*?",    "[^c]+", "[a-z]+?",
                                          "\\w+\\s+", "\\s*"};
static const char *const before_items[] = {
    "\\w+",   "\\w*",     "[a-c]+",   "[ab]*",     "\\s+",   ".",        "..",       "a",
    "b",      "(?:ab)+",  ".*",       ".*?",       "\\d*",   "(?:x|ab)", "b?",       "\\b",
    "^",      "(a|b)",    "[^c]+",    "c*",        "(?:b|a.)", "[a-z]+?", "\\w+\\s+", "x"};
static const char *const literals[] = {"bb", "ab", "ac", "bac", "cb", "acbb", "ba", "cab"};
static const char *const utf_literals[] = {"\xc3\xa9" "b", "\xd0\xb6\xd0\xb1", "a\xc3\xa9"};
static const char *const after_items[] = {"",    "\\w*", "a",   "(?:c|d)", "b+", "$",
                                          "\\b", ".",    "c?",  "(a)",     "a|b"};

static void generate(oracle_random *random, inner_case *out) {
  memset(out, 0, sizeof *out);
  if (percent(random, 40)) {
    out->compile_options |= JRX_UTF;
  }
  if (percent(random, 20)) {
    out->compile_options |= JRX_CASELESS;
  }
  if (percent(random, 10)) {
    out->compile_options |= JRX_MULTILINE;
  }
  if (percent(random, 10)) {
    out->compile_options |= JRX_DOTALL;
  }
  int utf = (out->compile_options & JRX_UTF) != 0;
  /* Sometimes the whole inside a group with a second branch that holds
   * the literal too, so that the literal is still required. */
  int branches = percent(random, 15);
  const char *literal = utf && percent(random, 30) ? DRAW(random, utf_literals)
                                                   : DRAW(random, literals);
  append(out, "(?:");
  append(out, DRAW(random, broad_items));
  for (uint32_t left = oracle_random_below(random, 3); left > 0; left--) {
    append(out, DRAW(random, before_items));
  }
  if (branches) {
    append(out, "|");
    append(out, DRAW(random, before_items));
  }
  append(out, ")");
  append(out, literal);
  const char *after = DRAW(random, after_items);
  if (strchr(after, '|') != NULL) {
    append(out, "(?:");
    append(out, after);
    append(out, ")");
  } else {
    append(out, after);
  }
  static const char *const pieces[] = {"a", "b", "b", "c", "ab", "bb", "ac", " ", "x", "\n",
                                       "d", "A", "B", "1"};
  static const char *const utf_pieces[] = {"\xc3\xa9", "\xd0\xb6", "\xd0\xb1", "\xd0\x96"};
  for (uint32_t left = 40 + oracle_random_below(random, 80); left > 0; left--) {
    const char *piece = percent(random, 20)  ? literal
                        : utf && percent(random, 20) ? DRAW(random, utf_pieces)
                                                     : DRAW(random, pieces);
    size_t size = strlen(piece);
    if (out->subject_length + size > sizeof out->subject) {
      break;
    }
    memcpy(out->subject + out->subject_length, piece, size);
    out->subject_length += size;
  }
}

typedef struct inner_tally {
  size_t patterns, inner, runs, matched, failures;
} inner_tally;

/* Compares every start offset with the default engine, then the
 * interpreter. */
static void compare_pattern(const inner_case *generated, inner_tally *counts) {
  static const unsigned engines[] = {0, JRX_NO_JIT};
  for (size_t e = 0; e < sizeof engines / sizeof engines[0]; e++) {
    oracle_case item = {.pattern = (char *)generated->pattern,
                        .pattern_length = generated->pattern_length,
                        .compile_options = generated->compile_options,
                        .subject = (char *)generated->subject,
                        .subject_length = generated->subject_length};
    for (; item.start_offset <= item.subject_length;
         item.start_offset += item.subject_length - item.start_offset >= SEARCH_INNER_MIN_SUBJECT
                                  ? 1
                                  : STEP_AFTER) {
      oracle_outcome pcre2;
      oracle_outcome mine;
      oracle_run_both(&item, PCRE2_MATCH_LIMIT, engines[e], &pcre2, &mine);
      counts->runs++;
      const char *what = NULL;
      if (pcre2.compiled != mine.compiled) {
        what = "compiled by one only";
      } else if (pcre2.compiled && !pcre2.inconclusive &&
                 (strcmp(oracle_text_string(&pcre2.first), oracle_text_string(&mine.first)) != 0 ||
                  strcmp(oracle_text_string(&pcre2.all), oracle_text_string(&mine.all)) != 0)) {
        what = "matches differ";
      } else if (pcre2.compiled && !mine.engine_as_expected) {
        what = "answered by an engine this build must not run";
      }
      if (what != NULL && ++counts->failures <= MAX_REPORTED) {
        oracle_print_divergence(what, &item, engines[e], &pcre2, &mine);
      }
      counts->matched += mine.compiled && strncmp(oracle_text_string(&mine.first), "match", 5) == 0;
      int stop = !pcre2.compiled || !mine.compiled;
      oracle_outcome_release(&pcre2);
      oracle_outcome_release(&mine);
      if (stop) {
        return;
      }
    }
  }
}

/* Whether jrx searches for the pattern from its inner literals. */
static int takes_inner_literals(const inner_case *generated) {
  int errcode;
  size_t offset;
  jrx *re = jrx_compile(generated->pattern, generated->pattern_length,
                        generated->compile_options | JRX_NO_JIT, &errcode, &offset);
  int inner = re != NULL && re->search.strategy == SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS;
  jrx_free(re);
  return inner;
}

static void check(const char *pattern, uint32_t options, const char *subject,
                  inner_tally *counts) {
  inner_case fixed = {.compile_options = options};
  append(&fixed, pattern);
  /* Over and over, past the length under which the plain DFA searches. */
  size_t length = strlen(subject);
  while (fixed.subject_length < 2 * SEARCH_INNER_MIN_SUBJECT) {
    assert_true(fixed.subject_length + length <= sizeof fixed.subject);
    memcpy(fixed.subject + fixed.subject_length, subject, length);
    fixed.subject_length += length;
  }
  compare_pattern(&fixed, counts);
}

static void test_leftmost_first_traps(void **state) {
  (void)state;
  inner_tally counts = {0};
  check(".bb|b", 0, "zabb", &counts);
  check("(?:..acbb|b)a(?:c|d)", 0, "xzbacbbac", &counts);
  check("\\w+\\s+Holmes", 0, "HolmesHolmes Holmes x Holmes", &counts);
  check("[a-z]+ing", 0, "ing singing ringing", &counts);
  check("(?:bb|a)*bbc", 0, "abbabbbbbc", &counts);
  check("[ab]*bac", 0, "abababacbac", &counts);
  check("(?i)\\w+\\s+holmes", JRX_UTF, "HOLMES holmes \xc3\xa9 HoLmEs", &counts);
  check("\\w+\\s+\xd0\xb6\xd0\xb1", JRX_UTF | JRX_CASELESS, "\xd0\x96\xd0\x91 a \xd0\xb6\xd0\xb1",
        &counts);
  assert_int_equal(counts.failures, 0);
}

/* Literals beside Unicode properties (issue 18: prefilters still work
 * there): a literal after a property is an inner literal, one before it
 * a prefix, in English and Russian text. */
static void test_literals_beside_properties(void **state) {
  (void)state;
  inner_tally counts = {0};
  check("\\p{L}+ Holmes", JRX_UTF, "Sherlock Holmes, \xd0\xa8\xd0\xb5 Holmes 1 Holmes", &counts);
  check("Holmes\\p{L}+", JRX_UTF, "Holmes\xc3\xa9 Holmes1 Holmes\xd0\x96x", &counts);
  check("[\\p{L}\\d]+\xd0\xa5\xd0\xbe\xd0\xbb\xd0\xbc\xd1\x81", JRX_UTF,
        "1\xd0\xa5\xd0\xbe\xd0\xbb\xd0\xbc\xd1\x81 \xd0\xa5\xd0\xbe\xd0\xbb\xd0\xbc\xd1\x81 "
        "\xd1\x8b\xd0\xa5\xd0\xbe\xd0\xbb\xd0\xbc\xd1\x81",
        &counts);
  check("\\P{Lu}+Holmes", JRX_UTF | JRX_CASELESS, "sherlock HOLMES x\xc3\xa9holmes", &counts);
  check("(*UCP)\\w+\\s+Holmes", JRX_UTF, "\xd0\xa8\xd0\xb5 Holmes Holmes\xc2\xa0Holmes", &counts);
  assert_int_equal(counts.failures, 0);
}

static void test_inner_literals_agree_with_pcre2(void **state) {
  (void)state;
  uint64_t seed = oracle_environment_number("JRX_INNER_LITERAL_SEED", DEFAULT_SEED);
  size_t count =
      (size_t)oracle_environment_number("JRX_INNER_LITERAL_COUNT", JRX_INNER_LITERAL_DEFAULT_COUNT);
  inner_tally counts = {0};
  for (size_t i = 0; i < count; i++) {
    oracle_random random;
    oracle_random_seed(&random, seed + 0x9e3779b97f4a7c15u * (uint64_t)i);
    inner_case generated;
    generate(&random, &generated);
    counts.patterns++;
    counts.inner += takes_inner_literals(&generated);
    compare_pattern(&generated, &counts);
  }
  printf("inner literals: %zu patterns (seed %llu), %zu searched from inner literals; %zu runs, "
         "%zu matched, %zu divergences\n",
         count, (unsigned long long)seed, counts.inner, counts.runs, counts.matched,
         counts.failures);
  assert_int_equal(counts.failures, 0);
  assert_true(counts.inner >= count / 2);
  assert_true(counts.matched >= counts.runs / 10);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_leftmost_first_traps),
      cmocka_unit_test(test_literals_beside_properties),
      cmocka_unit_test(test_inner_literals_agree_with_pcre2),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
