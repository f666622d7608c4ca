/* test_lookaround: seeded random patterns with lookarounds and \K against
 * PCRE2, each at every start offset of its subject, under random compile
 * and match options: the first match with its groups, the whole global
 * iteration, the engine this build must run (engine_expectation.h; in the
 * arm64 build the native Pike VM, never the interpreter), and for the
 * lookbehinds PCRE2 rejects, the same error at the same offset. jrx may
 * refuse a pattern PCRE2 accepts only where the lookaround it names is one
 * it does not run yet (tests/support/unsupported_construct.h). The same
 * comparison runs again with every lookaround answered from a table
 * (lookaround_force_tables), however short its body, and on a few more
 * patterns with capture groups in lookaround bodies (their groups filled
 * after the match, lookaround_capture.h), from tables too.
 * Lookarounds one byte decides ((?=\s), (?<![\\]), ...) run on the lazy
 * DFA: patterns made only of those are compared too, and each must be
 * answered at every offset without the Pike VM searching (its match data's
 * counts), so that a silent fallback fails the test. So must patterns
 * opening with lookaheads no byte decides ((?m)^(?=.*\d)(?!a+b)x+...),
 * which the DFA searches with the lookaheads checked by DFAs of their own.
 * \b and \B under UCP, which the Pike VM alone runs too, the same way:
 * patterns of word boundaries, \w \W, letters and groups, compiled with
 * JRX_UCP or a (*UCP) start item, in UTF and in byte mode, over text in
 * English, Russian, Greek, Chinese and a mix (with digits, a mark, '_'
 * and connector punctuation, which PCRE2 10.42 does not count as word
 * characters; in byte mode a byte has the properties of the code point
 * of its value).
 *   JRX_LOOKAROUND_SEED   seed (default DEFAULT_SEED)
 *   JRX_LOOKAROUND_COUNT  patterns (default JRX_LOOKAROUND_DEFAULT_COUNT)
 *   JRX_UCP_WORD_COUNT    UCP patterns (default JRX_UCP_WORD_DEFAULT_COUNT) */
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
#include "oracle_case.h"
#include "oracle_divergence.h"
#include "oracle_generate.h"
#include "oracle_jrx.h"
#include "oracle_outcome.h"
#include "oracle_pcre2.h"
#include "regex/lookaround_table.h"
#include "unsupported_construct.h"

#ifndef JRX_LOOKAROUND_DEFAULT_COUNT
#define JRX_LOOKAROUND_DEFAULT_COUNT 600
#endif
#ifndef JRX_UCP_WORD_DEFAULT_COUNT
#define JRX_UCP_WORD_DEFAULT_COUNT 120
#endif

#define DEFAULT_SEED 19u
#define PCRE2_MATCH_LIMIT 100000u
#define MAX_REPORTED 8
/* PCRE2's error numbers for the lookbehinds it refuses. */
#define PCRE2_LOOKBEHIND_NOT_FIXED_LENGTH 125
#define PCRE2_LOOKBEHIND_TOO_LONG 187

typedef struct text {
  char bytes[ORACLE_GENERATED_PATTERN_MAX];
  size_t length;
} text;

static void add(text *out, const char *piece) {
  size_t size = strlen(piece);
  if (out->length + size < sizeof out->bytes) {
    memcpy(out->bytes + out->length, piece, size);
    out->length += size;
  }
}

static const char *pick(oracle_random *random, const char *const *list, size_t count) {
  return list[oracle_random_below(random, (uint32_t)count)];
}

#define PICK(random, list) pick(random, list, sizeof list / sizeof list[0])

/* Where a piece goes: lookbehind bodies must keep one length per branch
 * (PCRE2 10.42); lookahead bodies get bounded quantifiers more often. */
typedef enum place { PLACE_MAIN, PLACE_AHEAD, PLACE_BEHIND } place;

static const char *const characters[] = {"a", "b", "c", "x", "[ab]", "[^a]", ".", "\\d",
                                         "\\w", "\\s", "\\W", "_", "1", "\\n", "\xc3\xa9"};
static const char *const anchors[] = {"\\b", "\\B", "^", "$", "\\A", "\\z", "\\Z", "\\G"};
static const char *const any_quantifiers[] = {"*", "+", "?", "{2}", "{1,3}", "*?", "+?", "??"};
static const char *const bounded_quantifiers[] = {"?", "{2}", "{0,2}", "??", "{1,2}?", "{0}"};
static const char *const ahead_openings[] = {"(?=", "(?!", "(*pla:", "(*nla:",
                                             "(*positive_lookahead:", "(*negative_lookahead:"};
static const char *const behind_openings[] = {"(?<=", "(?<!", "(*plb:", "(*nlb:",
                                              "(*positive_lookbehind:",
                                              "(*negative_lookbehind:"};
/* The non-atomic spellings of the positive ones (NULL: a negative one),
 * which jrx runs as the atomic ones they equal. */
static const char *const non_atomic_ahead_openings[] = {
    "(?*", NULL, "(*napla:", NULL, "(*non_atomic_positive_lookahead:", NULL};
static const char *const non_atomic_behind_openings[] = {
    "(?<*", NULL, "(*naplb:", NULL, "(*non_atomic_positive_lookbehind:", NULL};

static void generate_alternation(oracle_random *random, text *out, place where, unsigned depth,
                                 int top_of_lookbehind);

/* How often a group in a lookaround body captures (0: never, and no
 * random draw, so the other tests keep their patterns). */
static uint32_t body_capture_percent;

static int chance(oracle_random *random, uint32_t percent) {
  return oracle_random_below(random, 100) < percent;
}

/* Every third positive lookaround generate_lookaround writes is spelled
 * non-atomic: no random draw, so the patterns' meaning stays the same. */
static unsigned positive_lookarounds_written;

static void generate_lookaround(oracle_random *random, text *out, unsigned depth) {
  int behind = chance(random, 50);
  uint32_t opening = oracle_random_below(random, (uint32_t)(sizeof ahead_openings /
                                                            sizeof ahead_openings[0]));
  const char *non_atomic =
      behind ? non_atomic_behind_openings[opening] : non_atomic_ahead_openings[opening];
  if (non_atomic != NULL && ++positive_lookarounds_written % 3 == 0) {
    add(out, non_atomic);
  } else {
    add(out, behind ? behind_openings[opening] : ahead_openings[opening]);
  }
  generate_alternation(random, out, behind ? PLACE_BEHIND : PLACE_AHEAD, depth + 1, behind);
  add(out, ")");
}

static void generate_piece(oracle_random *random, text *out, place where, unsigned depth) {
  uint32_t kind = oracle_random_below(random, 100);
  if (kind < 10) {
    add(out, PICK(random, anchors));
    return;
  }
  if (kind < 30 && depth < 3) {
    generate_lookaround(random, out, depth);
    if (where == PLACE_MAIN && chance(random, 10)) {
      add(out, PICK(random, bounded_quantifiers));
    }
    return;
  }
  if (kind < 34 && where == PLACE_MAIN) {
    add(out, "\\K");
    return;
  }
  if (kind < 46 && depth < 3) {
    /* Captures in lookaround bodies: never set in negative ones; jrx
     * refuses a positive one in a repeat that may leave some unset. */
    int capture = where == PLACE_MAIN ? chance(random, 60)
                                      : body_capture_percent > 0 &&
                                            chance(random, body_capture_percent);
    add(out, capture ? "(" : "(?:");
    /* Inside a lookbehind a group has one branch, so one length. */
    generate_alternation(random, out, where, depth + 1, 0);
    add(out, ")");
  } else {
    add(out, PICK(random, characters));
  }
  /* A variable quantifier in a lookbehind now and then: PCRE2's error. */
  if (where == PLACE_MAIN && chance(random, 30)) {
    add(out, PICK(random, any_quantifiers));
  } else if (where == PLACE_AHEAD && chance(random, 25)) {
    /* Unbounded ones give the lookahead a table (lookaround_table.h). */
    add(out, chance(random, 50) ? PICK(random, any_quantifiers) : PICK(random, bounded_quantifiers));
  } else if (where == PLACE_BEHIND && chance(random, 10)) {
    add(out, chance(random, 70) ? "{2}" : "?");
  }
}

static void generate_sequence(oracle_random *random, text *out, place where, unsigned depth) {
  uint32_t count = 1 + oracle_random_below(random, where == PLACE_MAIN ? 4 : 3);
  for (uint32_t i = 0; i < count; i++) {
    generate_piece(random, out, where, depth);
  }
}

/* Branches of different lengths only at the top of a lookbehind, or
 * anywhere else. */
static void generate_alternation(oracle_random *random, text *out, place where, unsigned depth,
                                 int top_of_lookbehind) {
  uint32_t branches = 1;
  if (where != PLACE_BEHIND || top_of_lookbehind) {
    branches += chance(random, 30) ? oracle_random_below(random, 2) + 1 : 0;
  }
  for (uint32_t i = 0; i < branches; i++) {
    if (i > 0) {
      add(out, "|");
    }
    generate_sequence(random, out, where, depth);
  }
  /* A branch longer than the direct check takes gives the lookbehind a
   * table, which the other branches then test on short subjects. */
  if (top_of_lookbehind && chance(random, 20)) {
    add(out, chance(random, 50) ? "|.{256}" : "|(?:a|\\w){300}");
  }
}

static const char *const subject_pieces[] = {"a", "a", "b", "c", "x", " ", "1", "_", "\n", "ab",
                                             "\xc3\xa9"};
/* Bytes that are not UTF-8 here, for JRX_MATCH_INVALID_UTF. */
static const char *const invalid_pieces[] = {"\xff", "\xc3", "\xa9"};

/* Lookaround bodies one byte decides: in UTF mode only ASCII classes
 * (caseless k and s take in non-ASCII characters), in byte mode any. */
static const char *const byte_bodies[] = {"\\s", "[ab]", "x",   "\\d",    "\\w",
                                          "\\\\", "\"",    "a|b", "\\n", "[\\n ]"};
static const char *const byte_mode_bodies[] = {"\\W", "[^a]", ".", "\xc3", "[^\\x00-\\xff]"};
/* The first 12 take a byte; \G last: patterns opening with a lookbehind
 * leave it out. */
static const char *const byte_main_pieces[] = {"a", "b", "x", "[ab]", "\\w", "\\s", ".",
                                               "\\d", "\\n", "\xc3\xa9", "\"", "\\\\",
                                               "\\b", "^", "$", "\\z", "\\Z", "\\G"};
/* Leading lookbehinds of a fixed number of ASCII bytes, which the DFA
 * searches as part of the match (lookbehind_prefix.h). */
static const char *const leading_lookbehinds[] = {"(?<=ab)", "(?<=Mr\\. )", "(?<=x[ab])",
                                                  "(?<=\\d\\d|ab)", "(?<=\\\\\")",
                                                  "(*plb:(?:a|b)x|\\n\\n)"};
/* Whether the pattern being generated must leave out \G. */
static int without_match_start;

/* A pattern whose lookarounds one byte decides, for utf or byte mode. */
static void generate_byte_lookaround_sequence(oracle_random *random, text *out, int utf,
                                              unsigned depth) {
  uint32_t count = 1 + oracle_random_below(random, 3);
  for (uint32_t i = 0; i < count; i++) {
    uint32_t kind = oracle_random_below(random, 100);
    if (kind < 25) {
      int behind = chance(random, 50);
      add(out, behind ? PICK(random, behind_openings) : PICK(random, ahead_openings));
      add(out, !utf && chance(random, 25) ? PICK(random, byte_mode_bodies)
                                          : PICK(random, byte_bodies));
      add(out, ")");
      continue;
    }
    if (kind < 50 && depth < 2) {
      add(out, chance(random, 50) ? "(" : "(?:");
      generate_byte_lookaround_sequence(random, out, utf, depth + 1);
      if (chance(random, 30)) {
        add(out, "|");
        generate_byte_lookaround_sequence(random, out, utf, depth + 1);
      }
      add(out, ")");
    } else if (chance(random, 80)) {
      add(out, pick(random, byte_main_pieces, 12));
    } else {
      /* An assertion, which takes no quantifier. */
      size_t assertions = sizeof byte_main_pieces / sizeof byte_main_pieces[0] - 12;
      add(out, byte_main_pieces[12 + oracle_random_below(
                                         random, (uint32_t)(assertions - (size_t)without_match_start))]);
      continue;
    }
    if (chance(random, 30)) {
      add(out, PICK(random, any_quantifiers));
    }
  }
}

typedef struct generated_case {
  text pattern;
  uint32_t compile_options;
  uint32_t match_options;
  char subject[ORACLE_GENERATED_SUBJECT_MAX];
  size_t subject_length;
} generated_case;

static uint32_t random_options(oracle_random *random, const uint32_t *bits, size_t count,
                               uint32_t percent) {
  uint32_t options = 0;
  for (size_t i = 0; i < count; i++) {
    if (chance(random, percent)) {
      options |= bits[i];
    }
  }
  return options;
}

static void add_subject(generated_case *out, const char *piece) {
  size_t size = strlen(piece);
  if (out->subject_length + size < sizeof out->subject) {
    memcpy(out->subject + out->subject_length, piece, size);
    out->subject_length += size;
  }
}

static void generate_case(oracle_random *random, generated_case *out) {
  static const uint32_t compile_bits[] = {JRX_CASELESS, JRX_MULTILINE, JRX_DOTALL, JRX_UTF,
                                          JRX_ANCHORED, JRX_UNGREEDY};
  static const uint32_t match_bits[] = {JRX_NOTBOL, JRX_NOTEOL, JRX_NOTEMPTY,
                                        JRX_NOTEMPTY_ATSTART, JRX_ANCHORED};
  memset(out, 0, sizeof *out);
  generate_alternation(random, &out->pattern, PLACE_MAIN, 0, 0);
  out->compile_options = random_options(random, compile_bits, 6, 15);
  if (chance(random, 40)) {
    out->compile_options |= JRX_UTF;
  }
  out->match_options = random_options(random, match_bits, 5, 8);
  int invalid_utf = chance(random, 10);
  if (invalid_utf) {
    out->compile_options |= JRX_MATCH_INVALID_UTF;
  }
  uint32_t pieces = oracle_random_below(random, 10);
  for (uint32_t i = 0; i < pieces; i++) {
    add_subject(out, invalid_utf && chance(random, 20) ? PICK(random, invalid_pieces)
                                                       : PICK(random, subject_pieces));
  }
}

/* English, Russian, Greek, Chinese and mixed text; U+0301 (a mark), U+203F
 * (connector punctuation), U+2160 (a letter number), U+00AA and U+00B5
 * (letters below 256), U+00D7 (a symbol below 256). */
static const char *const ucp_texts[] = {
    "The cat's 2nd_try, ok?",
    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80 42!",
    "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1 \xce\xba\xcf\x8c\xcf\x83\xce\xbc\xce\xb5",
    "\xe4\xbd\xa0\xe5\xa5\xbd\xef\xbc\x8c\xe4\xb8\x96\xe7\x95\x8c\xe3\x80\x82 ok",
    "a\xcc\x81" "b x\xe2\x80\xbfy \xe2\x85\xa0_1 \xd1\x8f-\xce\xb1\xe4\xb8\xad",
    "\xc2\xaa\xc2\xb5 9\xc3\x97z \xc3\xa9t\xc3\xa9",
};
static const char *const ucp_atoms[] = {"\\b", "\\B", "\\b",    "\\B",     "\\w",
                                        "\\W", ".",   "a",      "\\d",     "[\\w]",
                                        "\\s", "\\p{L}", "\xd0\xb8", "\xce\xb1", "\xe4\xb8\x96",
                                        "t"};
static const char *const ucp_quantifiers[] = {"*", "+", "?", "{2}", "*?", "+?"};

static void generate_ucp_sequence(oracle_random *random, text *out, unsigned depth) {
  uint32_t count = 1 + oracle_random_below(random, 3);
  for (uint32_t i = 0; i < count; i++) {
    if (depth < 2 && chance(random, 15)) {
      add(out, chance(random, 60) ? "(" : "(?:");
      generate_ucp_sequence(random, out, depth + 1);
      if (chance(random, 30)) {
        add(out, "|");
        generate_ucp_sequence(random, out, depth + 1);
      }
      add(out, ")");
    } else {
      add(out, PICK(random, ucp_atoms));
    }
    if (chance(random, 20)) {
      add(out, PICK(random, ucp_quantifiers));
    }
  }
}

static void generate_ucp_case(oracle_random *random, generated_case *out) {
  memset(out, 0, sizeof *out);
  int start_item = chance(random, 30);
  if (start_item) {
    add(&out->pattern, "(*UCP)");
  }
  generate_ucp_sequence(random, &out->pattern, 0);
  out->compile_options = (start_item ? 0 : JRX_UCP) | (chance(random, 70) ? JRX_UTF : 0);
  if (chance(random, 15)) {
    out->compile_options |= JRX_CASELESS;
  }
  add_subject(out, PICK(random, ucp_texts));
  /* Now and then a stray byte inside a character, JRX_MATCH_INVALID_UTF;
   * not with caseless matching, where (*UCP).*? from an offset inside a
   * character finds its first empty match at a later fragment in PCRE2
   * 10.42 than in jrx (a difference of the fragment loop, not of \b). */
  if ((out->compile_options & JRX_CASELESS) == 0 && chance(random, 10)) {
    out->compile_options |= JRX_MATCH_INVALID_UTF;
    out->subject[oracle_random_below(random, (uint32_t)out->subject_length)] = '\xff';
  }
}

static const char *const byte_subject_pieces[] = {"a",  "b",  "x",  " ",    "1",        "\"",
                                                  "\\", "\n", "ab", "Mr. ", "\xc3\xa9", "X",
                                                  "12", "xa"};

static void generate_byte_lookaround_case(oracle_random *random, generated_case *out) {
  static const uint32_t compile_bits[] = {JRX_CASELESS, JRX_MULTILINE, JRX_DOTALL, JRX_ANCHORED,
                                          JRX_UNGREEDY};
  static const uint32_t match_bits[] = {JRX_NOTBOL, JRX_NOTEOL, JRX_NOTEMPTY,
                                        JRX_NOTEMPTY_ATSTART, JRX_ANCHORED};
  memset(out, 0, sizeof *out);
  int utf = chance(random, 50);
  /* A leading lookbehind, then a byte every match takes. */
  without_match_start = chance(random, 25);
  if (without_match_start) {
    add(&out->pattern, PICK(random, leading_lookbehinds));
    add(&out->pattern, pick(random, byte_main_pieces, 12));
  }
  generate_byte_lookaround_sequence(random, &out->pattern, utf, 0);
  out->compile_options = random_options(random, compile_bits, 5, 15) | (utf ? JRX_UTF : 0);
  out->match_options = random_options(random, match_bits, 5, 8);
  int invalid_utf = utf && chance(random, 15);
  if (invalid_utf) {
    out->compile_options |= JRX_MATCH_INVALID_UTF;
  }
  uint32_t pieces = oracle_random_below(random, 12);
  for (uint32_t i = 0; i < pieces; i++) {
    add_subject(out, invalid_utf && chance(random, 20) ? PICK(random, invalid_pieces)
                                                       : PICK(random, byte_subject_pieces));
  }
}

/* Bodies of leading lookaheads no byte decides, unbounded (a table in
 * the Pike VM) or not, some with lookarounds one byte decides inside:
 * the DFA checks them at each start (lookahead_filter.h). */
static const char *const leading_ahead_bodies[] = {
    ".*\\d", ".*[a-z]", "[^\\n]*x", "\\w*b", "(?:ab)+", ".*\\s$", "a+b", ".*?1",
    "(?:.|\\n)*c", "[ab]*x", "\\d{2}", "ab", ".*(?<!a)b", "\\S+(?= )", "x|.*\\n",
    ".*(a|1)?b", ".*?\\bx", "[^\\n1]*1$", ".*(?:ab|1c)"};
static const char *const leading_rest_quantifiers[] = {"", "+", "{2,}", "+?"};
static const char *const leading_subject_pieces[] = {"a", "b", "x", "1", "c", " ", "ab",
                                                     "12", "\n", "\xc3\xa9", "xa"};

/* A pattern opening with lookaheads no byte decides, after a ^ now and
 * then (multiline or not), then a byte, now and then lookarounds one
 * byte decides; the lazy DFA must answer it. */
static void generate_leading_lookahead_case(oracle_random *random, generated_case *out) {
  static const uint32_t compile_bits[] = {JRX_CASELESS, JRX_DOTALL, JRX_ANCHORED, JRX_UNGREEDY};
  static const uint32_t match_bits[] = {JRX_NOTBOL, JRX_NOTEOL, JRX_NOTEMPTY,
                                        JRX_NOTEMPTY_ATSTART, JRX_ANCHORED};
  memset(out, 0, sizeof *out);
  int utf = chance(random, 50);
  without_match_start = 1;
  if (chance(random, 30)) {
    add(&out->pattern, "^");
  }
  uint32_t count = 1 + (uint32_t)chance(random, 40);
  for (uint32_t i = 0; i < count; i++) {
    /* ahead_openings alternate positive and negative; positive ones
     * mostly, which keep more matches. */
    uint32_t negative = (uint32_t)chance(random, 25);
    add(&out->pattern, ahead_openings[2 * oracle_random_below(random, 3) + negative]);
    add(&out->pattern, PICK(random, leading_ahead_bodies));
    add(&out->pattern, ")");
  }
  add(&out->pattern, pick(random, byte_main_pieces, 8));
  add(&out->pattern, PICK(random, leading_rest_quantifiers));
  if (chance(random, 20)) {
    generate_byte_lookaround_sequence(random, &out->pattern, utf, 1);
  }
  out->compile_options = random_options(random, compile_bits, 4, 15) | (utf ? JRX_UTF : 0) |
                         (chance(random, 80) ? JRX_MULTILINE : 0);
  out->match_options = random_options(random, match_bits, 5, 8);
  int invalid_utf = utf && chance(random, 15);
  if (invalid_utf) {
    out->compile_options |= JRX_MATCH_INVALID_UTF;
  }
  uint32_t pieces = oracle_random_below(random, 14);
  for (uint32_t i = 0; i < pieces; i++) {
    add_subject(out, invalid_utf && chance(random, 20) ? PICK(random, invalid_pieces)
                                                       : PICK(random, leading_subject_pieces));
  }
}

/* The searches of the case at every offset (item's is ignored) the Pike VM answered (in C or
 * native code), as its match data counts them, or 0 when jrx refuses the
 * pattern (the comparison has judged that). Groups are asked for, so the
 * Pike VM fills them after the DFA (not counted as searches). */
static uint64_t pike_searches(const oracle_case *item, unsigned extra) {
  int code;
  size_t offset;
  jrx *re = jrx_compile(item->pattern, item->pattern_length, item->compile_options | extra, &code,
                        &offset);
  if (re == NULL) {
    return 0;
  }
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  size_t ovector[2 * 8];
  for (size_t start = 0; start <= item->subject_length; start++) {
    (void)jrx_match_with(re, data, item->subject, item->subject_length, start,
                         item->match_options, ovector, 8);
  }
  jrx_match_stats stats;
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  assert_true(engine_expectation_stats_met(re, item->compile_options | extra, &stats));
  jrx_match_data_free(data);
  jrx_free(re);
  return stats.pike_searches + stats.native_pike_searches;
}

typedef struct tally {
  size_t patterns;
  size_t accepted;
  size_t refused_by_both;
  size_t refused_as_unsupported;
  size_t runs;
  size_t matched;
  size_t failures;
} tally;

static void report(tally *counts, const oracle_case *item, unsigned extra, const char *what,
                   const oracle_outcome *pcre2, const oracle_outcome *jrx_outcome) {
  if (++counts->failures <= MAX_REPORTED) {
    oracle_print_divergence(what, item, extra, pcre2, jrx_outcome);
  }
}

/* Compares one case; returns 0 when jrx refused the pattern (no point in
 * the other offsets), 1 otherwise. */
static int compare_case(const oracle_case *item, unsigned extra, tally *counts) {
  oracle_outcome pcre2;
  oracle_outcome mine;
  oracle_run_both(item, PCRE2_MATCH_LIMIT, extra, &pcre2, &mine);
  int go_on = 1;
  counts->runs++;
  if (pcre2.inconclusive) {
    /* PCRE2 gave up: no verdict. */
  } else if (!pcre2.compiled) {
    int expected = pcre2.compile_code == PCRE2_LOOKBEHIND_NOT_FIXED_LENGTH
                       ? JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH
                   : pcre2.compile_code == PCRE2_LOOKBEHIND_TOO_LONG ? JRX_ERROR_LOOKBEHIND_TOO_LONG
                                                                     : 0;
    if (mine.compiled) {
      report(counts, item, extra, "jrx accepts what PCRE2 refuses", &pcre2, &mine);
    } else if (expected != 0 && (mine.compile_code != expected ||
                                 mine.compile_offset != pcre2.compile_offset)) {
      report(counts, item, extra, "not PCRE2's lookbehind error", &pcre2, &mine);
    }
    counts->refused_by_both++;
    go_on = 0;
  } else if (!mine.compiled) {
    int code = mine.compile_code;
    if ((code == JRX_ERROR_UNSUPPORTED_LOOKAROUND || code == JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE ||
         code == JRX_ERROR_UNSUPPORTED_CONSTRUCT) &&
        unsupported_construct_present(code, item->pattern, item->pattern_length,
                                      mine.compile_offset, item->compile_options)) {
      counts->refused_as_unsupported++;
    } else {
      report(counts, item, extra, "jrx refuses what PCRE2 accepts", &pcre2, &mine);
    }
    go_on = 0;
  } else if (strcmp(oracle_text_string(&pcre2.first), oracle_text_string(&mine.first)) != 0 ||
             strcmp(oracle_text_string(&pcre2.all), oracle_text_string(&mine.all)) != 0) {
    report(counts, item, extra, "matches differ", &pcre2, &mine);
  } else if (!mine.engine_as_expected) {
    report(counts, item, extra, "answered by an engine this build must not run", &pcre2, &mine);
    printf("  " ENGINE_EXPECTATION_FAILURE "\n", mine.engine,
           engine_expectation_expected(item->compile_options | extra));
  } else if (strncmp(oracle_text_string(&mine.first), "match", 5) == 0) {
    counts->matched++;
  }
  oracle_outcome_release(&pcre2);
  oracle_outcome_release(&mine);
  return go_on;
}

typedef void (*case_generator)(oracle_random *random, generated_case *out);

/* The sanity bound on matches (runs / this) for the DFA's patterns:
 * leading lookaheads hold less often, and their test lowers it. */
static size_t dfa_matched_divisor = 10;

/* dfa_required: the Pike VM may fill groups but answer no search. */
static void compare_generated(uint64_t seed, size_t count, const char *label,
                              case_generator generate, int dfa_required) {
  tally counts = {0};
  for (size_t i = 0; i < count; i++) {
    oracle_random random;
    oracle_random_seed(&random, seed ^ (0x9e3779b97f4a7c15u * (uint64_t)(i + 1)));
    generated_case generated;
    generate(&random, &generated);
    counts.patterns++;
    size_t refused_before = counts.refused_by_both + counts.refused_as_unsupported;
    for (unsigned engine = 0; engine < 2; engine++) {
      unsigned extra = engine == 0 ? 0 : JRX_NO_JIT;
      oracle_case item = {.pattern = generated.pattern.bytes,
                          .pattern_length = generated.pattern.length,
                          .compile_options = generated.compile_options,
                          .subject = generated.subject,
                          .subject_length = generated.subject_length,
                          .match_options = generated.match_options};
      for (item.start_offset = 0; item.start_offset <= generated.subject_length;
           item.start_offset++) {
        if (!compare_case(&item, extra, &counts)) {
          break;
        }
      }
      uint64_t by_pike = dfa_required ? pike_searches(&item, extra) : 0;
      if (by_pike > 0 && ++counts.failures <= MAX_REPORTED) {
        printf("the Pike VM answered %llu searches of /%.*s/ (options %#x), which the DFA "
               "must answer\n",
               (unsigned long long)by_pike, (int)generated.pattern.length,
               generated.pattern.bytes, generated.compile_options | extra);
      }
    }
    counts.accepted += counts.refused_by_both + counts.refused_as_unsupported == refused_before;
  }
  printf("%s: %zu patterns (seed %llu): %zu accepted by both, %zu refused by both, "
         "%zu refused as unsupported; %zu runs, %zu matched, %zu divergences\n",
         label, counts.patterns, (unsigned long long)seed, counts.accepted, counts.refused_by_both / 2,
         counts.refused_as_unsupported / 2, counts.runs, counts.matched, counts.failures);
  assert_int_equal(counts.failures, 0);
  /* The generator must keep producing patterns both accept, and matches. */
  assert_true(counts.accepted >= counts.patterns / 2);
  /* (Half as often for the DFA's patterns: a leading lookbehind needs its
   * bytes in the subject, and one-byte lookarounds hold less often.) */
  assert_true(counts.matched >= counts.runs / (dfa_required ? dfa_matched_divisor : 5));
}

/* compare_generated over 1/divisor of the lookaround patterns, with the
 * seed moved on by step so that each test has patterns of its own. */
static void compare_share(uint64_t step, size_t divisor, const char *label,
                          case_generator generate, int dfa_required) {
  compare_generated(oracle_environment_number("JRX_LOOKAROUND_SEED", DEFAULT_SEED) + step,
                    (size_t)oracle_environment_number("JRX_LOOKAROUND_COUNT",
                                                      JRX_LOOKAROUND_DEFAULT_COUNT) /
                        divisor,
                    label, generate, dfa_required);
}

static void test_generated_lookarounds_agree_with_pcre2(void **state) {
  (void)state;
  compare_share(0, 1, "lookaround", generate_case, 0);
}

/* Other patterns (the seed moved on), half as many, every lookaround
 * answered from its table. */
static void test_generated_lookarounds_agree_with_pcre2_from_tables(void **state) {
  (void)state;
  lookaround_force_tables(true);
  compare_share(1, 2, "lookaround from tables", generate_case, 0);
  lookaround_force_tables(false);
}

/* Other patterns again, a quarter as many, with captures in lookaround
 * bodies: PCRE2 sets those of positive ones from the body's first match
 * where the match last passed it (jrx runs the body again there,
 * lookaround_capture.h), never those of negative ones; half of them with
 * every lookaround answered from a table. */
static void test_generated_lookarounds_with_captures_agree_with_pcre2(void **state) {
  (void)state;
  body_capture_percent = 40;
  compare_share(2, 8, "lookaround with captures", generate_case, 0);
  lookaround_force_tables(true);
  compare_share(5, 8, "lookaround with captures, from tables", generate_case, 0);
  lookaround_force_tables(false);
  body_capture_percent = 0;
}

/* A group repeated around a positive lookaround whose branches set
 * different groups ((?:(?=(a)|(b)\w|c)\w)+): PCRE2 keeps each group from
 * the last pass that set it, and jrx runs such a lookaround as its
 * branches, each a lookaround of its own (parse_lookaround.c). */
static const char *const split_atoms[] = {"a", "b", "c", "\\w", ".", "[ab]"};
static const char *const split_quantifiers[] = {"+", "*", "{2}", "{1,3}", "+?", "*?", "{2,}"};
static const char *const split_subject_pieces[] = {"a", "b", "c", "ab", "ba", " "};

/* The options and subject of a generated repeated-lookaround case. */
static void add_split_options_and_subject(oracle_random *random, generated_case *out) {
  if (chance(random, 30)) {
    out->compile_options |= JRX_UTF;
  }
  if (chance(random, 20)) {
    out->compile_options |= JRX_CASELESS;
  }
  uint32_t pieces = 1 + oracle_random_below(random, 7);
  for (uint32_t i = 0; i < pieces; i++) {
    add_subject(out, PICK(random, split_subject_pieces));
  }
}

/* The openings of a positive lookahead and lookbehind, each atomic or
 * not: [behind][non-atomic]. */
static const char *const positive_openings[2][2] = {{"(?=", "(?*"}, {"(?<=", "(*naplb:"}};

static void generate_split_case(oracle_random *random, generated_case *out) {
  memset(out, 0, sizeof *out);
  text *pattern = &out->pattern;
  add(pattern, "(?:");
  if (chance(random, 30)) {
    add(pattern, PICK(random, split_atoms));
  }
  int behind = chance(random, 40);
  add(pattern, positive_openings[behind][chance(random, 25)]);
  uint32_t branches = 2 + oracle_random_below(random, 3);
  for (uint32_t i = 0; i < branches; i++) {
    add(pattern, i > 0 ? "|" : "");
    int capture = chance(random, 60);
    add(pattern, capture ? "(" : "");
    uint32_t atoms = 1 + oracle_random_below(random, 2);
    for (uint32_t j = 0; j < atoms; j++) {
      add(pattern, PICK(random, split_atoms));
    }
    add(pattern, capture ? ")" : "");
  }
  add(pattern, ")");
  add(pattern, PICK(random, split_atoms));
  add(pattern, ")");
  add(pattern, PICK(random, split_quantifiers));
  if (chance(random, 30)) {
    add(pattern, PICK(random, split_atoms));
  }
  add_split_options_and_subject(random, out);
}

/* Other patterns again, an eighth as many, of generate_split_case. */
static void test_generated_split_lookarounds_agree_with_pcre2(void **state) {
  (void)state;
  compare_share(6, 8, "repeated lookarounds with groups in branches", generate_split_case, 0);
}

/* A group repeated around a positive lookaround whose branch may leave
 * a group unset ((?:(?=.*(b)?)\w)+, (?:(?=(a)??(?:(b)|c)*x).)+): jrx
 * records at each pass which groups the body's first match sets
 * (nfa_compile.c, compile_conditions). */
static const char *const conditional_prefixes[] = {"", ".*", "[^c]*", ".*?", "\\b", "a?"};
static const char *const conditional_quantifiers[] = {"?", "??", "*", "{0,2}", "*?", ""};

/* Closes a generated repeated lookaround, then the item after it, the
 * group and its quantifier; adds the options and subject. */
static void finish_repeated_case(oracle_random *random, generated_case *out) {
  text *pattern = &out->pattern;
  add(pattern, ")");
  add(pattern, PICK(random, split_atoms));
  add(pattern, ")");
  add(pattern, PICK(random, split_quantifiers));
  add_split_options_and_subject(random, out);
}

/* Opens a generated case with a group and a positive lookaround, a
 * lookbehind a quarter of the time: returns whether it is one. */
static int open_repeated_case(oracle_random *random, generated_case *out) {
  memset(out, 0, sizeof *out);
  add(&out->pattern, "(?:");
  int behind = chance(random, 25);
  add(&out->pattern, positive_openings[behind][chance(random, 25)]);
  return behind;
}

static void generate_conditional_case(oracle_random *random, generated_case *out) {
  text *pattern = &out->pattern;
  int behind = open_repeated_case(random, out);
  uint32_t branches = 1 + oracle_random_below(random, 2);
  for (uint32_t i = 0; i < branches; i++) {
    add(pattern, i > 0 ? "|" : "");
    if (!behind) {
      add(pattern, PICK(random, conditional_prefixes));
    }
    add(pattern, "(");
    add(pattern, PICK(random, split_atoms));
    add(pattern, chance(random, 30) ? "|" : "");
    add(pattern, PICK(random, split_atoms));
    add(pattern, ")");
    add(pattern, behind ? "" : PICK(random, conditional_quantifiers));
    if (chance(random, 50)) {
      add(pattern, PICK(random, split_atoms));
    }
  }
  finish_repeated_case(random, out);
}

/* compare_share over a 32nd of the patterns, twice, the second time (the
 * seed moved on by one more) with every lookaround answered from a table. */
static void compare_share_twice(uint64_t step, const char *label, case_generator generate) {
  compare_share(step, 32, label, generate, 0);
  char from_tables[128];
  snprintf(from_tables, sizeof from_tables, "%s, from tables", label);
  lookaround_force_tables(true);
  compare_share(step + 1, 32, from_tables, generate, 0);
  lookaround_force_tables(false);
}

/* Other patterns again, a 32nd as many twice, of generate_conditional_case. */
static void test_generated_conditional_lookarounds_agree_with_pcre2(void **state) {
  (void)state;
  compare_share_twice(8, "repeated lookarounds that may leave groups unset",
                      generate_conditional_case);
}

/* The same with a positive lookaround holding a group nested in the
 * repeated one ((?:(?=(?=(a)|b)?\w(c)?).)+, (?:(?<=(?<=(a)|b)c)\w)+):
 * the body's first match sets such a group where it passes the nested
 * one and that one's first match there sets it, which the repeated
 * one's record follows into the nested one (lookaround_capture.h). */
static const char *const nested_quantifiers[] = {"?", "", "??", "{0,2}"};

/* A group of one atom, then, percent of the time, a branch of one atom. */
static void add_group_and_branch(oracle_random *random, text *pattern, uint32_t percent) {
  add(pattern, "(");
  add(pattern, PICK(random, split_atoms));
  add(pattern, ")");
  if (chance(random, percent)) {
    add(pattern, "|");
    add(pattern, PICK(random, split_atoms));
  }
}

static void generate_nested_lookaround(oracle_random *random, text *pattern) {
  int behind = chance(random, 30);
  add(pattern, positive_openings[behind][chance(random, 25)]);
  add_group_and_branch(random, pattern, 50);
  add(pattern, ")");
}

static void generate_nested_conditional_case(oracle_random *random, generated_case *out) {
  text *pattern = &out->pattern;
  int behind = open_repeated_case(random, out);
  if (!behind) {
    add(pattern, PICK(random, conditional_prefixes));
  }
  generate_nested_lookaround(random, pattern);
  add(pattern, behind ? "?" : PICK(random, nested_quantifiers));
  add(pattern, PICK(random, split_atoms));
  if (chance(random, 40)) {
    generate_nested_lookaround(random, pattern);
  } else if (!behind && chance(random, 50)) {
    add_group_and_branch(random, pattern, 0);
    add(pattern, "?");
  }
  if (chance(random, 30)) {
    add(pattern, "|");
    add(pattern, PICK(random, split_atoms));
  }
  finish_repeated_case(random, out);
}

/* Other patterns again, a 32nd as many twice, of
 * generate_nested_conditional_case. */
static void test_generated_nested_conditional_lookarounds_agree_with_pcre2(void **state) {
  (void)state;
  compare_share_twice(10, "repeated lookarounds that may leave nested groups unset",
                      generate_nested_conditional_case);
}

/* Other patterns again, a quarter as many, with lookarounds one byte
 * decides only: the DFA must answer them. */
static void test_generated_byte_lookarounds_run_on_the_dfa(void **state) {
  (void)state;
  compare_share(3, 4, "lookarounds one byte decides", generate_byte_lookaround_case, 1);
}

/* Other patterns again, a sixth as many, opening with lookaheads no byte
 * decides: the DFA must answer them, checking the lookaheads with DFAs of
 * their own. */
static void test_generated_leading_lookaheads_run_on_the_dfa(void **state) {
  (void)state;
  dfa_matched_divisor = 25;
  compare_share(4, 6, "leading lookaheads", generate_leading_lookahead_case, 1);
  dfa_matched_divisor = 10;
}

/* pattern on subject as PCRE2 finds it (a match ending at its end), the
 * Pike VM answering the search exactly when by_pike. */
static void assert_long_subject(char *pattern, char *subject, size_t length, int by_pike) {
  tally counts = {0};
  oracle_case item = {.pattern = pattern,
                      .pattern_length = strlen(pattern),
                      .subject = subject,
                      .subject_length = length};
  compare_case(&item, 0, &counts);
  assert_int_equal(counts.failures, 0);
  assert_int_equal(counts.matched, 1);
  jrx *re = jrx_compile(pattern, JRX_ZERO_TERMINATED, 0, NULL, NULL);
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  size_t ovector[2];
  assert_int_equal(jrx_match_with(re, data, subject, length, 0, 0, ovector, 1), 1);
  assert_int_equal(ovector[1], length);
  jrx_match_stats stats;
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  assert_int_equal(stats.pike_searches + stats.native_pike_searches > 0, by_pike);
  assert_true(engine_expectation_stats_met(re, 0, &stats));
  jrx_match_data_free(data);
  jrx_free(re);
}

/* A leading lookahead that fails at each of many starts, each check
 * reading on to the x: past its budget of bytes scanned the search goes
 * to the Pike VM (linear time), on a short subject it stays on the DFA;
 * both as PCRE2. A run C*X (lookahead_filter.h) fails at once up to its
 * break, or up to X's first start for a negative one: the DFA answers
 * those on the long subject too. */
static void test_leading_lookahead_budget(void **state) {
  (void)state;
  static char budgeted[] = "(?![^x]*x|y)a";
  static char negative_run[] = "(?![^x]*x)a";
  static char positive_run[] = "(?=.*\\d)\\w+";
  static char runs[] = "(?=.*?1)(?=[^\\n]*x)(?!.*b)\\w+";
  static char subject[3003];
  memset(subject, 'a', sizeof subject);
  static const size_t lengths[] = {3002, 5};
  for (size_t i = 0; i < 2; i++) {
    size_t length = lengths[i];
    memcpy(subject + length - 2, "xa", 2);
    assert_long_subject(budgeted, subject, length, i == 0);
    assert_long_subject(negative_run, subject, length, 0);
    memset(subject + length - 2, 'a', 2);
  }
  for (size_t i = 0; i < 3000; i += 1000) {
    subject[i] = '\n';
  }
  memcpy(subject + 3000, "x1", 2);
  assert_long_subject(positive_run, subject, 3002, 0);
  assert_long_subject(runs, subject, 3002, 0);
}

/* A leading lookbehind of LOOKBEHIND_PREFIX_MAX_BYTES (64) is searched by
 * the DFA, one byte longer by the Pike VM: both as PCRE2 at every offset. */
static void test_long_leading_lookbehinds(void **state) {
  (void)state;
  static const char *const patterns[] = {"(?<=a{63}x)b", "(?<=a{64}x)b"};
  char subject[80];
  memset(subject, 'a', sizeof subject);
  memcpy(subject + 64, "xbaxb", 5);
  for (size_t i = 0; i < 2; i++) {
    tally counts = {0};
    oracle_case item = {.pattern = (char *)patterns[i],
                        .pattern_length = strlen(patterns[i]),
                        .subject = subject,
                        .subject_length = 69};
    for (item.start_offset = 0; item.start_offset <= item.subject_length; item.start_offset++) {
      compare_case(&item, 0, &counts);
    }
    assert_int_equal(counts.failures, 0);
    assert_int_equal(counts.matched, 66);
    assert_int_equal(pike_searches(&item, 0) > 0, i == 1);
  }
}

/* Lookbehinds of tens of thousands of characters compile (measuring one
 * for the search of a leading lookbehind once recursed as deep as its
 * body and overflowed the stack) and answer as PCRE2. */
static void test_lookbehinds_of_thousands_of_characters(void **state) {
  (void)state;
  static const char *const patterns[] = {"(?<=[^a]{30000})b", "(?<=a{65535})b",
                                         "(?<=[^a]{25000}(?:x|c))b|c"};
  char subject[] = "cccb";
  for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
    tally counts = {0};
    oracle_case item = {.pattern = (char *)patterns[i],
                        .pattern_length = strlen(patterns[i]),
                        .subject = subject,
                        .subject_length = strlen(subject),
                        .compile_options = JRX_UTF};
    for (item.start_offset = 0; item.start_offset <= item.subject_length; item.start_offset++) {
      compare_case(&item, 0, &counts);
    }
    assert_int_equal(counts.failures, 0);
    assert_int_equal(counts.refused_by_both, 0);
    assert_int_equal(counts.runs, item.subject_length + 1);
  }
}

/* Compares pattern on "abc" with PCRE2: no divergence, refused by both
 * or by neither as refused says. */
static void assert_refused_by_both(const char *pattern, size_t refused) {
  char subject[] = "abc";
  tally counts = {0};
  oracle_case item = {.pattern = (char *)pattern,
                      .pattern_length = strlen(pattern),
                      .subject = subject,
                      .subject_length = strlen(subject)};
  compare_case(&item, 0, &counts);
  assert_int_equal(counts.failures, 0);
  assert_int_equal(counts.refused_by_both, refused);
}

/* PCRE2 measures a lookbehind branch item by item and calls it too long
 * once it passes 65535 characters, even where an item after it (or its
 * own quantifier) varies; a group is measured on its own first. jrx
 * refuses each with PCRE2's error at PCRE2's offset, and accepts the
 * longest that fit. */
static void test_lookbehind_length_errors_are_pcre2s(void **state) {
  (void)state;
  static const char *const refused[] = {
      "(?<=a{65535}b)",         "xy(?<=c|a{65535}b)",    "x(?<=(?<=a{65535}b)c)",
      "x(?=(?<=a{65535}b))",    "x(?<=(a{65535})b)",     "x(?<=(a{65535}|b)b)",
      "(?<!a{65535}b)",         "(*plb:a{65535}b)",      "(?<=a{60000}(?:b{6000}))",
      "(?<=a{65535}b+)",        "(?<=b+a{65535}b)",      "(?<=(?:a{40000}){2})",
      "(?<=a{65535}b?)",        "(?<=a{65535}b{0})",     "(?<=a{65534}b{2,3})",
      "(?<=a{65535}(b|cc))",    "(?<=a{65535}(?:b|cc)+)", "(?<=a{65535}(b+))",
      "(?<=a{65535}[b]+)",      "(?<=a{65530}(?:bc){3})", "(?<=(?:a{65535}b|c))",
      "(?<=a{40000})(?<=b{30000}c{40000})", "(?<=(?:(?:a{65535}){65535}){65535})",
      "(?<=a{65535}|b+)",       "(?<=(?:a{65535}){1,2})", "(?<=a{65535}(?:bc))",
  };
  static const char *const accepted[] = {"(?<=a{65535})b", "(?<=(?:ab){0}c)",
                                         "(?<=a{65533}(?:bc){0}d)", "(?<=a{65535}(?=x)\\b$)"};
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
    assert_refused_by_both(refused[i], 1);
  }
  for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++) {
    assert_refused_by_both(accepted[i], 0);
  }
}

/* PCRE2 10.42's start optimization finds nothing for (?=b)(?:x)?b in
 * "ab", where its matcher without it (and PCRE2 after its pull request
 * 444, and jrx) match "b" at 1: the comparisons take PCRE2's answer
 * without the optimization where that one is jrx's
 * (oracle_prefer_unoptimized), as larger generated runs meet this. */
static void test_comparisons_forgive_pcre2_start_optimization(void **state) {
  (void)state;
  char pattern[] = "(?=b)(?:x)?b";
  char subject[] = "ab";
  oracle_case item = {.pattern = pattern,
                      .pattern_length = strlen(pattern),
                      .subject = subject,
                      .subject_length = strlen(subject)};
  oracle_outcome optimized;
  oracle_outcome_init(&optimized);
  assert_int_equal(oracle_run_pcre2(&item, 0, &optimized), 0);
  assert_string_equal(oracle_text_string(&optimized.first), "nomatch");
  oracle_outcome_release(&optimized);
  oracle_outcome pcre2;
  oracle_outcome mine;
  oracle_run_both(&item, 0, 0, &pcre2, &mine);
  assert_string_equal(oracle_text_string(&pcre2.first), "match 1,2");
  assert_string_equal(oracle_text_string(&mine.first), "match 1,2");
  assert_string_equal(oracle_text_string(&pcre2.all), oracle_text_string(&mine.all));
  oracle_outcome_release(&pcre2);
  oracle_outcome_release(&mine);
}

static void test_generated_ucp_word_boundaries_agree_with_pcre2(void **state) {
  (void)state;
  compare_generated(oracle_environment_number("JRX_LOOKAROUND_SEED", DEFAULT_SEED),
                    (size_t)oracle_environment_number("JRX_UCP_WORD_COUNT",
                                                      JRX_UCP_WORD_DEFAULT_COUNT),
                    "ucp word boundaries", generate_ucp_case, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_generated_lookarounds_agree_with_pcre2),
      cmocka_unit_test(test_generated_lookarounds_agree_with_pcre2_from_tables),
      cmocka_unit_test(test_generated_lookarounds_with_captures_agree_with_pcre2),
      cmocka_unit_test(test_generated_byte_lookarounds_run_on_the_dfa),
      cmocka_unit_test(test_generated_leading_lookaheads_run_on_the_dfa),
      cmocka_unit_test(test_leading_lookahead_budget),
      cmocka_unit_test(test_long_leading_lookbehinds),
      cmocka_unit_test(test_lookbehinds_of_thousands_of_characters),
      cmocka_unit_test(test_lookbehind_length_errors_are_pcre2s),
      cmocka_unit_test(test_generated_ucp_word_boundaries_agree_with_pcre2),
      cmocka_unit_test(test_generated_split_lookarounds_agree_with_pcre2),
      cmocka_unit_test(test_generated_conditional_lookarounds_agree_with_pcre2),
      cmocka_unit_test(test_generated_nested_conditional_lookarounds_agree_with_pcre2),
      cmocka_unit_test(test_comparisons_forgive_pcre2_start_optimization),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
