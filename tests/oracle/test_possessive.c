/* test_possessive: seeded random patterns with possessive quantifiers and
 * atomic groups against PCRE2. jrx accepts one only where atomicity
 * cannot change a match or, around \X, where it rewrites it exactly
 * (src/regex/parse_atomic.c); for every pattern it accepts, the first
 * match with its groups and the whole global iteration must be PCRE2's
 * from every start offset of the subject, with the default engine (the
 * one this build must run: engine_expectation.h) and the interpreter. For
 * every pattern it refuses, the error must be
 * JRX_ERROR_UNSUPPORTED_POSSESSIVE at one of the pattern's possessive '+'
 * or JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP at one of its atomic groups, as
 * before jrx accepted any (or another unsupported construct, where it is:
 * a capture in a lookahead in a repeated group). The possessive item, or
 * an atomic group's content, is now and then inside a capturing group.
 * What follows it is drawn from characters and classes that may or may
 * not share characters with it (caseless and in UTF mode too, and \X,
 * against a combining mark and CR LF in the subject), alternations,
 * lookarounds, anchors, group ends and repeats, and the pattern's end.
 *   JRX_POSSESSIVE_SEED   seed (default DEFAULT_SEED)
 *   JRX_POSSESSIVE_COUNT  patterns (default JRX_POSSESSIVE_DEFAULT_COUNT) */
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
#include "unsupported_construct.h"

#ifndef JRX_POSSESSIVE_DEFAULT_COUNT
#define JRX_POSSESSIVE_DEFAULT_COUNT 300
#endif

#define DEFAULT_SEED 2026u
#define PCRE2_MATCH_LIMIT 100000u
#define MAX_REPORTED 8
#define MAX_CONSTRUCTS 16

/* A pattern under construction, with where its possessive and atomic
 * constructs are written. */
typedef struct possessive_pattern {
  char bytes[256];
  size_t length;
  size_t construct_offsets[MAX_CONSTRUCTS];
  int construct_codes[MAX_CONSTRUCTS];
  size_t construct_count;
} possessive_pattern;

static void append(possessive_pattern *out, const char *piece) {
  size_t size = strlen(piece);
  assert_true(out->length + size < sizeof out->bytes);
  memcpy(out->bytes + out->length, piece, size);
  out->length += size;
}

static void note_construct(possessive_pattern *out, size_t offset, int code) {
  if (out->construct_count < MAX_CONSTRUCTS) {
    out->construct_offsets[out->construct_count] = offset;
    out->construct_codes[out->construct_count] = code;
    out->construct_count++;
  }
}

static const char *draw(oracle_random *random, const char *const *list, size_t count) {
  return list[oracle_random_below(random, (uint32_t)count)];
}

#define DRAW(random, list) draw(random, list, sizeof list / sizeof list[0])

static int percent(oracle_random *random, uint32_t chance) {
  return oracle_random_below(random, 100) < chance;
}

static const char *const items[] = {"a", "b", "k", "[a-c]", "[^a]", ".", "\\d", "\\w", "\\s",
                                    "\\.", "\\n", "1", " ", "\xc3\xa9", "[ab\\s]", "\\D", "\\X"};
static const char *const utf_items[] = {"\\x{212a}", "\\x{e9}", "\\x{c9}", "[\\x{100}-\\x{200}]"};
static const char *const quantifiers[] = {"*", "+", "?", "{2}", "{1,3}", "{2,}", "{0,1}"};
static const char *const lazy_quantifiers[] = {"*?", "+?", "??"};
static const char *const anchors[] = {"$", "\\z", "\\Z", "\\b", "\\B", "^", "\\A", "\\G"};

static void add_item(oracle_random *random, possessive_pattern *out, int utf) {
  append(out, utf && percent(random, 15) ? DRAW(random, utf_items) : DRAW(random, items));
}

/* An item, now and then inside a capturing group. */
static void add_maybe_captured_item(oracle_random *random, possessive_pattern *out, int utf) {
  int captured = percent(random, 15);
  append(out, captured ? "(" : "");
  add_item(random, out, utf);
  append(out, captured ? ")" : "");
}

/* An item with a possessive quantifier, or an atomic group. */
static void add_construct(oracle_random *random, possessive_pattern *out, int utf) {
  if (percent(random, 60)) {
    add_maybe_captured_item(random, out, utf);
    append(out, DRAW(random, quantifiers));
    note_construct(out, out->length, JRX_ERROR_UNSUPPORTED_POSSESSIVE);
    append(out, "+");
    return;
  }
  note_construct(out, out->length, JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP);
  append(out, percent(random, 20) ? "(*atomic:" : "(?>");
  int captured = percent(random, 15); /* the whole content */
  append(out, captured ? "(" : "");
  uint32_t count = 1 + oracle_random_below(random, 2);
  for (uint32_t i = 0; i < count; i++) {
    if (i > 0 && percent(random, 15)) {
      append(out, "|");
    }
    add_maybe_captured_item(random, out, utf);
    uint32_t kind = oracle_random_below(random, 10);
    if (kind < 6) {
      append(out, DRAW(random, quantifiers));
    } else if (kind < 7) {
      append(out, DRAW(random, lazy_quantifiers));
    }
  }
  append(out, captured ? "))" : ")");
  if (percent(random, 15)) {
    append(out, DRAW(random, quantifiers));
  }
}

/* Something that may follow a construct. */
static void add_follower(oracle_random *random, possessive_pattern *out, int utf) {
  uint32_t kind = oracle_random_below(random, 100);
  if (kind < 40) {
    add_item(random, out, utf);
    if (percent(random, 30)) {
      append(out, percent(random, 80) ? DRAW(random, quantifiers) : DRAW(random, lazy_quantifiers));
    }
  } else if (kind < 55) {
    append(out, DRAW(random, anchors));
  } else if (kind < 70) {
    append(out, percent(random, 70) ? "(?:" : "(");
    add_item(random, out, utf);
    append(out, "|");
    if (percent(random, 70)) {
      add_item(random, out, utf);
    }
    append(out, ")");
    if (percent(random, 30)) {
      append(out, "?");
    }
  } else if (kind < 85) {
    int behind = percent(random, 20);
    append(out, behind ? "(?<=" : percent(random, 60) ? "(?=" : "(?!");
    if (!behind && percent(random, 30)) {
      add_construct(random, out, utf); /* inside the lookahead */
    }
    add_item(random, out, utf);
    append(out, ")");
  } else {
    add_construct(random, out, utf);
  }
}

typedef struct possessive_case {
  possessive_pattern pattern;
  uint32_t compile_options;
  char subject[ORACLE_GENERATED_SUBJECT_MAX];
  size_t subject_length;
} possessive_case;

static void generate(oracle_random *random, possessive_case *out) {
  memset(out, 0, sizeof *out);
  static const uint32_t option_bits[] = {JRX_CASELESS, JRX_UTF, JRX_MULTILINE, JRX_DOTALL,
                                         JRX_UNGREEDY};
  static const uint32_t option_chances[] = {30, 50, 20, 15, 10};
  for (size_t i = 0; i < sizeof option_bits / sizeof option_bits[0]; i++) {
    if (percent(random, option_chances[i])) {
      out->compile_options |= option_bits[i];
    }
  }
  int utf = (out->compile_options & JRX_UTF) != 0;
  possessive_pattern *pattern = &out->pattern;
  /* The construct inside a repeated group, in one branch of two, or
   * plain, with what follows it inside and after the group. */
  uint32_t shape = oracle_random_below(random, 10);
  if (shape < 2) {
    append(pattern, percent(random, 50) ? "(?:" : "(");
  }
  if (percent(random, 30)) {
    add_item(random, pattern, utf);
  }
  add_construct(random, pattern, utf);
  uint32_t followers = oracle_random_below(random, 3);
  for (uint32_t i = 0; i < followers; i++) {
    add_follower(random, pattern, utf);
  }
  if (shape < 2) {
    append(pattern, ")");
    append(pattern, DRAW(random, quantifiers));
    if (percent(random, 50)) {
      add_follower(random, pattern, utf);
    }
  } else if (shape < 4) {
    append(pattern, "|");
    add_follower(random, pattern, utf);
  }
  static const char *const pieces[] = {"a", "a", "b", "k", "K", "1", "22", ".", " ", "\n",
                                       "\xc3\xa9", "\xc3\x89", "\xe2\x84\xaa", "ab", "aab", "_",
                                       "e\xcc\x81", "\r\n"};
  /* At most 8 pieces of at most 3 bytes: they always fit. */
  for (uint32_t left = 1 + oracle_random_below(random, 8); left > 0; left--) {
    const char *piece = DRAW(random, pieces);
    memcpy(out->subject + out->subject_length, piece, strlen(piece));
    out->subject_length += strlen(piece);
  }
}

/* Patterns jrx accepted (and PCRE2 too), refused as unsupported, and
 * PCRE2 refused; comparisons, matches among them, and divergences. */
typedef struct possessive_tally {
  size_t accepted, refused, refused_by_both;
  size_t runs, matched, failures;
} possessive_tally;

static void diverged(possessive_tally *counts, const oracle_case *item, unsigned extra,
                     const char *what, const oracle_outcome *pcre2, const oracle_outcome *mine) {
  if (++counts->failures <= MAX_REPORTED) {
    oracle_print_divergence(what, item, extra, pcre2, mine);
  }
}

/* Whether jrx refused at one of the pattern's constructs, with its code. */
static int refused_at_construct(const possessive_pattern *pattern, const oracle_outcome *mine) {
  for (size_t i = 0; i < pattern->construct_count; i++) {
    if (pattern->construct_offsets[i] == mine->compile_offset &&
        pattern->construct_codes[i] == mine->compile_code) {
      return 1;
    }
  }
  return 0;
}

/* Whether jrx refused another unsupported construct, where it is: a
 * lookahead with a capturing group inside a repeated group. */
static int refused_elsewhere(const oracle_case *item, const oracle_outcome *mine) {
  return mine->compile_code != JRX_ERROR_UNSUPPORTED_POSSESSIVE &&
         mine->compile_code != JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP &&
         unsupported_construct_code(mine->compile_code) &&
         unsupported_construct_present(mine->compile_code, item->pattern, item->pattern_length,
                                       mine->compile_offset, item->compile_options);
}

/* Compares one start offset; returns 0 when there is nothing more to
 * compare for the pattern (one of them refused it). */
static int compare_offset(const possessive_case *generated, const oracle_case *item,
                          unsigned extra, possessive_tally *counts) {
  oracle_outcome pcre2;
  oracle_outcome mine;
  oracle_run_both(item, PCRE2_MATCH_LIMIT, extra, &pcre2, &mine);
  int go_on = 0;
  counts->runs++;
  if (!pcre2.compiled) {
    if (mine.compiled) {
      diverged(counts, item, extra, "jrx accepts what PCRE2 refuses", &pcre2, &mine);
    }
    counts->refused_by_both += extra == 0;
  } else if (!mine.compiled) {
    if (!refused_at_construct(&generated->pattern, &mine) && !refused_elsewhere(item, &mine)) {
      diverged(counts, item, extra, "refused, but not at a possessive or atomic construct",
               &pcre2, &mine);
    }
    counts->refused += extra == 0;
  } else if (pcre2.inconclusive) {
    go_on = 1;
  } else if (strcmp(oracle_text_string(&pcre2.first), oracle_text_string(&mine.first)) != 0 ||
             strcmp(oracle_text_string(&pcre2.all), oracle_text_string(&mine.all)) != 0) {
    diverged(counts, item, extra, "matches differ", &pcre2, &mine);
  } else if (!mine.engine_as_expected) {
    diverged(counts, item, extra, "answered by an engine this build must not run", &pcre2, &mine);
  } else {
    counts->matched += strncmp(oracle_text_string(&mine.first), "match", 5) == 0;
    counts->accepted += extra == 0 && item->start_offset == 0;
    go_on = 1;
  }
  oracle_outcome_release(&pcre2);
  oracle_outcome_release(&mine);
  return go_on;
}

/* Every start offset with the default engine, then the interpreter. */
static void compare_pattern(const possessive_case *generated, possessive_tally *counts) {
  static const unsigned engines[] = {0, JRX_NO_JIT};
  for (size_t e = 0; e < sizeof engines / sizeof engines[0]; e++) {
    oracle_case item = {.pattern = (char *)generated->pattern.bytes,
                        .pattern_length = generated->pattern.length,
                        .compile_options = generated->compile_options,
                        .subject = (char *)generated->subject,
                        .subject_length = generated->subject_length};
    while (item.start_offset <= item.subject_length &&
           compare_offset(generated, &item, engines[e], counts)) {
      item.start_offset++;
    }
  }
}

static void test_possessive_and_atomic_agree_with_pcre2(void **state) {
  (void)state;
  uint64_t seed = oracle_environment_number("JRX_POSSESSIVE_SEED", DEFAULT_SEED);
  size_t count =
      (size_t)oracle_environment_number("JRX_POSSESSIVE_COUNT", JRX_POSSESSIVE_DEFAULT_COUNT);
  possessive_tally counts = {0};
  for (size_t i = 0; i < count; i++) {
    oracle_random random;
    oracle_random_seed(&random, seed + 0x9e3779b97f4a7c15u * (uint64_t)i);
    possessive_case generated;
    generate(&random, &generated);
    compare_pattern(&generated, &counts);
  }
  printf("possessive and atomic: %zu patterns (seed %llu): %zu accepted, %zu refused as "
         "unsupported, %zu refused by both; %zu runs, %zu matched, %zu divergences\n",
         count, (unsigned long long)seed, counts.accepted, counts.refused,
         counts.refused_by_both, counts.runs, counts.matched, counts.failures);
  assert_int_equal(counts.failures, 0);
  /* Both sets must stay large, and the accepted patterns must match. */
  assert_true(counts.accepted >= count / 5);
  assert_true(counts.refused >= count / 5);
  assert_true(counts.matched >= counts.runs / 10);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_possessive_and_atomic_agree_with_pcre2),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
