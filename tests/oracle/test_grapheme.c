/* test_grapheme: \X against PCRE2 10.42, whose tables are Unicode 14.0.
 *  - Values: every code point PCRE2 knows (assigned by 14.0, no
 *    surrogates) has in jrx's table the Grapheme_Cluster_Break value
 *    PCRE2 gives it. PCRE2's is read from a dozen ^\X matches of the code
 *    point beside probe characters (which neighbours join it, and whether
 *    it continues an emoji sequence) and compared with what the same
 *    matches give for a representative of jrx's value. No code point
 *    older than Unicode 15.0 changed its value there, so none is excused.
 *    Under qemu planes 0, 1 and 14 only, unless
 *    JRX_UNICODE_EVERY_CODE_POINT=1.
 *  - Sequences: every pair of values (natively every triple), two
 *    representatives of each taken in turn, alone and after one or two
 *    regional indicators or an emoji and a ZWJ: the whole \X iteration
 *    (jrx_iterator, so regional indicators counted in one search are
 *    remembered for the next) from every character start, of \X alone
 *    (its cluster loop) and of \X{1} on the JIT and on the interpreter.
 *    In byte mode, every pair of bytes (from its start).
 *  - Generated text of Hangul jamo and syllables, emoji ZWJ and modifier
 *    sequences, regional indicators, combining and spacing marks, Prepend,
 *    CR LF and controls, under patterns built around \X (quantified,
 *    captured, atomic and possessive, none refused, beside literals,
 *    anchors and lookarounds), at every start
 *    offset with both engines, in UTF and byte mode, now and then with a
 *    stray byte under JRX_MATCH_INVALID_UTF; the engine check as
 *    everywhere.
 *  - A last \X after other items, inside groups whose bounds lie a fixed
 *    distance from the match's end once \X is one character, and a sweep
 *    of items before a last \X in shapes of groups around it, in byte and
 *    UTF mode, caseless and not, from every start offset.
 *  - \X and (\X) iterated over more clusters than one search finds ahead,
 *    from every character start, for 1 to 3 pairs, with and without
 *    JRX_NO_UTF_CHECK, moved on the way, and past a stray byte.
 *  - A run of regional indicators: the work of counting them back grows
 *    linearly with the run (lookaround_steps of jrx_match_stats).
 *   JRX_GRAPHEME_SEED   seed of the generated cases (default DEFAULT_SEED)
 *   JRX_GRAPHEME_COUNT  generated cases (default JRX_GRAPHEME_DEFAULT_COUNT) */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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
#include "oracle_outcome.h"
#include "oracle_pcre2.h"
#include "oracle_text.h"
#include "oracle_unicode_gap.h"
#include "regex/unicode_property.h"
#include "regex/unicode_tables.h"
#include "regex/utf8.h"
#include "unsupported_construct.h"

#ifndef JRX_GRAPHEME_DEFAULT_COUNT
#define JRX_GRAPHEME_DEFAULT_COUNT 200
#endif
/* 1 where every triple of values is run (else every pair). */
#ifndef JRX_GRAPHEME_TRIPLES_DEFAULT
#define JRX_GRAPHEME_TRIPLES_DEFAULT 1
#endif
/* 1 where every code point is checked by default (else planes 0, 1, 14). */
#ifndef JRX_UNICODE_EVERY_CODE_POINT_DEFAULT
#define JRX_UNICODE_EVERY_CODE_POINT_DEFAULT 1
#endif

#define DEFAULT_SEED 29u
#define PCRE2_MATCH_LIMIT 100000u
#define MAX_REPORTED 8
#define VALUE_COUNT (UNICODE_GRAPHEME_EXTENDED_PICTOGRAPHIC + 1)
#define MAX_SUBJECT 64
#define MAX_MATCHES 32

#define RI_A 0x1f1e6u
#define EMOJI 0x1f600u
#define ZWJ 0x200du

/* Two code points of each value, assigned in Unicode 14.0. */
static const uint32_t representatives[VALUE_COUNT][2] = {
    [UNICODE_GRAPHEME_OTHER] = {'a', 0x4e00},
    [UNICODE_GRAPHEME_CR] = {'\r', '\r'},
    [UNICODE_GRAPHEME_LF] = {'\n', '\n'},
    [UNICODE_GRAPHEME_CONTROL] = {0x01, 0x200b},
    [UNICODE_GRAPHEME_EXTEND] = {0x0301, 0xfe0f},
    [UNICODE_GRAPHEME_PREPEND] = {0x0600, 0x110bd},
    [UNICODE_GRAPHEME_SPACINGMARK] = {0x0903, 0x0e33},
    [UNICODE_GRAPHEME_L] = {0x1100, 0xa960},
    [UNICODE_GRAPHEME_V] = {0x1161, 0xd7b0},
    [UNICODE_GRAPHEME_T] = {0x11a8, 0xd7cb},
    [UNICODE_GRAPHEME_LV] = {0xac00, 0xac1c},
    [UNICODE_GRAPHEME_LVT] = {0xac01, 0xac02},
    [UNICODE_GRAPHEME_REGIONAL_INDICATOR] = {RI_A, 0x1f1ff},
    [UNICODE_GRAPHEME_ZWJ] = {ZWJ, ZWJ},
    [UNICODE_GRAPHEME_EXTENDED_PICTOGRAPHIC] = {EMOJI, 0x00a9},
};

typedef struct text {
  char bytes[MAX_SUBJECT];
  size_t length;
} text;

static void add_code_point(text *out, uint32_t code_point, int utf) {
  if (!utf) {
    out->bytes[out->length++] = (char)code_point;
    return;
  }
  out->length += utf8_encode(code_point, (unsigned char *)out->bytes + out->length);
}

/* ---- PCRE2's value of every code point ---- */

/* The probes: the code point then each of these, */
static const uint32_t probes_after[] = {'\n', 0x0301, 'a', 0x1100, 0x1161, 0x11a8, RI_A, EMOJI};
/* each of these then the code point. */
static const uint32_t probes_before[] = {'a', '\r', 0x1161};

/* Whether ^\X takes the whole subject in PCRE2. */
static int one_cluster(const pcre2_code *code, pcre2_match_data *match_data, const text *subject) {
  int rc = pcre2_match(code, (PCRE2_SPTR)subject->bytes, subject->length, 0, 0, match_data, NULL);
  return rc > 0 && pcre2_get_ovector_pointer(match_data)[1] == subject->length;
}

/* What PCRE2 makes of code_point beside the probes, one bit per match. */
static uint32_t pcre2_signature(const pcre2_code *code, pcre2_match_data *match_data,
                                uint32_t code_point) {
  uint32_t signature = 0;
  unsigned bit = 0;
  for (size_t i = 0; i < sizeof probes_after / sizeof probes_after[0]; i++, bit++) {
    text subject = {.length = 0};
    add_code_point(&subject, code_point, 1);
    add_code_point(&subject, probes_after[i], 1);
    signature |= (uint32_t)one_cluster(code, match_data, &subject) << bit;
  }
  for (size_t i = 0; i < sizeof probes_before / sizeof probes_before[0]; i++, bit++) {
    text subject = {.length = 0};
    add_code_point(&subject, probes_before[i], 1);
    add_code_point(&subject, code_point, 1);
    signature |= (uint32_t)one_cluster(code, match_data, &subject) << bit;
  }
  text subject = {.length = 0};
  add_code_point(&subject, EMOJI, 1);
  add_code_point(&subject, code_point, 1);
  add_code_point(&subject, EMOJI, 1);
  return signature | (uint32_t)one_cluster(code, match_data, &subject) << bit;
}

static int every_code_point(void) {
  const char *every = getenv("JRX_UNICODE_EVERY_CODE_POINT");
  return every != NULL && every[0] != '\0' ? strcmp(every, "1") == 0
                                           : JRX_UNICODE_EVERY_CODE_POINT_DEFAULT;
}

static void test_every_code_point_has_pcre2s_value(void **state) {
  (void)state;
  int error;
  size_t error_offset;
  pcre2_code *code = oracle_pcre2_compile("^\\X", 3, JRX_UTF, &error, &error_offset);
  assert_non_null(code);
  pcre2_match_data *match_data = pcre2_match_data_create_from_pattern(code, NULL);
  assert_non_null(match_data);
  uint32_t expected[VALUE_COUNT];
  for (unsigned value = 0; value < VALUE_COUNT; value++) {
    for (int i = 0; i < 2; i++) {
      assert_int_equal(unicode_property_grapheme_break(representatives[value][i]), value);
    }
    expected[value] = pcre2_signature(code, match_data, representatives[value][0]);
  }
  int all = every_code_point();
  size_t checked = 0;
  size_t differences = 0;
  for (uint32_t code_point = 0; code_point <= 0x10ffff; code_point++) {
    uint32_t plane = code_point >> 16;
    if ((code_point >= 0xd800 && code_point <= 0xdfff) ||
        oracle_unicode_assigned_later(code_point) ||
        (!all && plane != 0 && plane != 1 && plane != 14)) {
      continue;
    }
    checked++;
    unsigned value = unicode_property_grapheme_break(code_point);
    uint32_t signature = pcre2_signature(code, match_data, code_point);
    if (signature != expected[value] && ++differences <= MAX_REPORTED) {
      printf("U+%04X: jrx's value %u joins as 0x%x in PCRE2, this one as 0x%x\n", code_point,
             value, expected[value], signature);
    }
  }
  printf("grapheme values: %zu code points checked against PCRE2, %zu differ\n", checked,
         differences);
  pcre2_match_data_free(match_data);
  pcre2_code_free(code);
  assert_int_equal(differences, 0);
}

/* ---- Sequences of values: the whole iteration ---- */

typedef struct matches {
  size_t bounds[MAX_MATCHES][2];
  size_t count;
  int error; /* the code that ended the iteration, if not JRX_NOMATCH */
} matches;

static void pcre2_matches(const pcre2_code *code, pcre2_match_data *match_data,
                          const text *subject, size_t start, matches *out) {
  out->count = 0;
  out->error = 0;
  size_t offset = start;
  while (out->count < MAX_MATCHES) {
    int rc = pcre2_match(code, (PCRE2_SPTR)subject->bytes, subject->length, offset, 0,
                         match_data, NULL);
    if (rc < 0) {
      out->error = rc == PCRE2_ERROR_NOMATCH ? 0 : rc;
      return;
    }
    PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(match_data);
    out->bounds[out->count][0] = ovector[0];
    out->bounds[out->count][1] = ovector[1];
    out->count++;
    offset = ovector[1]; /* \X is never empty */
  }
}

static void jrx_matches(const jrx *re, jrx_match_data *data, const text *subject, size_t start,
                        matches *out) {
  out->count = 0;
  out->error = 0;
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, subject->bytes, subject->length, start, 0);
  jrx_iterator_set_match_data(&iterator, data);
  size_t ovector[2];
  int rc = JRX_NOMATCH;
  while (out->count < MAX_MATCHES && (rc = jrx_iterator_next(&iterator, ovector, 1)) >= 0) {
    out->bounds[out->count][0] = ovector[0];
    out->bounds[out->count][1] = ovector[1];
    out->count++;
  }
  out->error = out->count < MAX_MATCHES && rc != JRX_NOMATCH ? rc : 0;
}

static void print_matches(const char *label, const matches *found) {
  printf("  %s:", label);
  for (size_t i = 0; i < found->count; i++) {
    printf(" %zu,%zu", found->bounds[i][0], found->bounds[i][1]);
  }
  printf(found->error != 0 ? " error %d\n" : "\n", found->error);
}

/* \X compiled by both; in jrx alone (a search takes the cluster with
 * grapheme_cluster_end) and as \X{1}, which runs \X's program on the
 * default engine and on the interpreter. */
#define CLUSTER_ENGINES 3

static const struct {
  const char *pattern;
  uint32_t options;
} cluster_engines[CLUSTER_ENGINES] = {{"\\X", 0}, {"\\X{1}", 0}, {"\\X{1}", JRX_NO_JIT}};

typedef struct cluster_patterns {
  uint32_t options;
  pcre2_code *code;
  pcre2_match_data *pcre2_data;
  jrx *engines[CLUSTER_ENGINES];
  jrx_match_data *data[CLUSTER_ENGINES];
  size_t runs;
  size_t failures;
} cluster_patterns;

static void patterns_create(cluster_patterns *patterns, uint32_t options) {
  memset(patterns, 0, sizeof *patterns);
  patterns->options = options;
  int error;
  size_t error_offset;
  patterns->code = oracle_pcre2_compile("\\X", 2, options, &error, &error_offset);
  assert_non_null(patterns->code);
  patterns->pcre2_data = pcre2_match_data_create_from_pattern(patterns->code, NULL);
  assert_non_null(patterns->pcre2_data);
  for (int engine = 0; engine < CLUSTER_ENGINES; engine++) {
    const char *pattern = cluster_engines[engine].pattern;
    patterns->engines[engine] =
        jrx_compile(pattern, strlen(pattern), options | cluster_engines[engine].options, &error,
                    &error_offset);
    assert_non_null(patterns->engines[engine]);
    assert_int_equal(jrx_match_data_create(patterns->engines[engine], &patterns->data[engine]), 0);
  }
}

/* Checks which engines answered: the cluster loop for \X alone, never
 * for \X{1}. */
static void patterns_release(cluster_patterns *patterns) {
  for (int engine = 0; engine < CLUSTER_ENGINES; engine++) {
    assert_true(engine_expectation_met(patterns->engines[engine],
                                       patterns->options | cluster_engines[engine].options));
    jrx_match_stats stats;
    assert_int_equal(jrx_match_data_stats(patterns->data[engine], &stats), 0);
    assert_true(stats.searches > 0);
    assert_true(engine_expectation_stats_met(patterns->engines[engine],
                                             patterns->options | cluster_engines[engine].options,
                                             &stats));
    assert_int_equal(stats.grapheme_searches, engine == 0 ? stats.searches : 0);
    jrx_match_data_free(patterns->data[engine]);
    jrx_free(patterns->engines[engine]);
  }
  pcre2_match_data_free(patterns->pcre2_data);
  pcre2_code_free(patterns->code);
}

/* The iteration from every character start of subject before end, both
 * engines. */
static void compare_iterations(cluster_patterns *patterns, const text *subject, size_t end) {
  int utf = (patterns->options & JRX_UTF) != 0;
  for (size_t start = 0; start < end; start++) {
    if (utf && ((unsigned char)subject->bytes[start] & 0xc0u) == 0x80u) {
      continue;
    }
    matches expected;
    pcre2_matches(patterns->code, patterns->pcre2_data, subject, start, &expected);
    for (int engine = 0; engine < CLUSTER_ENGINES; engine++) {
      matches found;
      jrx_matches(patterns->engines[engine], patterns->data[engine], subject, start, &found);
      patterns->runs++;
      if ((found.count != expected.count || found.error != expected.error ||
           memcmp(found.bounds, expected.bounds, found.count * sizeof found.bounds[0]) != 0) &&
          ++patterns->failures <= MAX_REPORTED) {
        oracle_text escaped;
        oracle_text_init(&escaped);
        oracle_text_append_c_escaped(&escaped, subject->bytes, subject->length);
        printf("%s from %zu of \"%s\" (%s):\n", cluster_engines[engine].pattern, start,
               oracle_text_string(&escaped),
               cluster_engines[engine].options != 0 ? "JRX_NO_JIT" : "default engine");
        oracle_text_release(&escaped);
        print_matches("PCRE2", &expected);
        print_matches("jrx", &found);
      }
    }
  }
}

/* What comes before a sequence: nothing, one or two regional indicators
 * (their count decides whether the next two join), an emoji and a ZWJ. */
static const uint32_t prefixes[][3] = {{0}, {RI_A}, {RI_A, RI_A}, {EMOJI, ZWJ}};

static void test_sequences_of_values_agree_with_pcre2(void **state) {
  (void)state;
  cluster_patterns patterns;
  patterns_create(&patterns, JRX_UTF);
  int triples = JRX_GRAPHEME_TRIPLES_DEFAULT;
  unsigned third_count = triples ? VALUE_COUNT : 1;
  unsigned turn = 0;
  for (size_t prefix = 0; prefix < sizeof prefixes / sizeof prefixes[0]; prefix++) {
    for (unsigned first = 0; first < VALUE_COUNT; first++) {
      for (unsigned second = 0; second < VALUE_COUNT; second++) {
        for (unsigned third = 0; third < third_count; third++) {
          text subject = {.length = 0};
          for (int i = 0; i < 3 && prefixes[prefix][i] != 0; i++) {
            add_code_point(&subject, prefixes[prefix][i], 1);
          }
          add_code_point(&subject, representatives[first][turn++ % 2], 1);
          add_code_point(&subject, representatives[second][turn++ % 2], 1);
          if (triples) {
            add_code_point(&subject, representatives[third][turn++ % 2], 1);
          }
          compare_iterations(&patterns, &subject, subject.length);
        }
      }
    }
  }
  printf("grapheme sequences: %zu iterations (%s), %zu divergences\n", patterns.runs,
         triples ? "triples" : "pairs", patterns.failures);
  size_t failures = patterns.failures;
  patterns_release(&patterns);
  assert_int_equal(failures, 0);
}

static void test_byte_pairs_agree_with_pcre2(void **state) {
  (void)state;
  cluster_patterns patterns;
  patterns_create(&patterns, 0);
  for (unsigned first = 0; first < 256; first++) {
    for (unsigned second = 0; second < 256; second++) {
      text subject = {.length = 0};
      add_code_point(&subject, first, 0);
      add_code_point(&subject, second, 0);
      compare_iterations(&patterns, &subject, 1);
    }
  }
  printf("grapheme bytes: %zu iterations, %zu divergences\n", patterns.runs, patterns.failures);
  size_t failures = patterns.failures;
  patterns_release(&patterns);
  assert_int_equal(failures, 0);
}

/* ---- Generated text and patterns ---- */

/* Letters, CR LF and a control; U+0301 and U+FE0F (Extend), U+200D
 * (ZWJ), U+0600 (Prepend), U+0903 (SpacingMark); Hangul L, V, T, LV, LVT
 * and a whole syllable; regional indicators; emoji (U+1F600, U+1F469 with
 * a skin tone, a ZWJ family, U+00A9); bytes that are
 * Extended_Pictographic and Control in byte mode. */
static const char *const pieces[] = {
    "a", "b", "\r", "\n", "\r\n", "\x01", "\xcc\x81", "\xef\xb8\x8f", "\xe2\x80\x8d",
    "\xd8\x80", "\xe0\xa4\x83", "\xe1\x84\x80", "\xe1\x85\xa1", "\xe1\x86\xa8", "\xea\xb0\x80",
    "\xea\xb0\x81", "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", "\xf0\x9f\x87\xa6",
    "\xf0\x9f\x87\xa7", "\xf0\x9f\x87\xa6\xf0\x9f\x87\xa7", "\xf0\x9f\x98\x80",
    "\xf0\x9f\x91\xa9\xf0\x9f\x8f\xbb",
    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7", "\xc2\xa9",
    "e\xcc\x81"};
static const char *const patterns_list[] = {
    "\\X", "\\X\\X", "^\\X", "\\X+", "\\X*", "\\X{2}", "\\X?a", "(\\X)(\\X)?", "\\X*?b",
    "a\\X", "\\X$", "(?:\\X|a)\\X", "\\X\\n", "(?<=a)\\X", "\\X(?=a)", "(?<=\\X)a", "\\X\\b",
    "[^a]\\X", "\\X.", "(?i)A\\X", "x*\\X{1,3}?", "(\\X)+b", "\\A\\X\\z", "\\G\\X",
    "(?>\\X)", "(?>\\X)\\X", "\\X++", "a\\X*+", "\\X?+\\z", "(?>\\X{2,})", "(?>a\\X)b",
    "(?=\\X++)a", "\\X++a", "(?>\\X+)$", "(?>\\X*)\\X", "\\X{1,3}+b", "(\\X){2,3}+$",
    "(?>(\\X)+)$", "\\X?+a", "(?>a\\X*)\\b", "\\X*+b?", "(?>(\\X+))\\z", "(?:\\X++|a)b?",
    "\\X{0,2}+(?=\\X)", "(?>\\X{2,})$", "(?:(\\X)?+\\X)+", "(?:a\\X)++b", "(?>\\X+a)",
    "(?>(\\X)+a)", "(?>\\X*\\X)", "(?:a\\X)++", "(?>(?:\\Xb)+)", "(?>\\X?a)", "(?>a\\X+b\\X)",
    "(\\Xa){1,3}+b?", "(?>\\X+(a)\\X)", "(?:\\X\\n)*+\\X", "(?>(?:a\\X)+b)", "(?>(?:b\\X)?\\X)",
    "(?:(\\X)b)?+\\X", "(\\X)", "(?<c>(?:(\\X)))", "(a)(\\X)", ".\\X", "(?<=.)\\X",
    "a(b|(\\X))(\\X)", "(?>\\X{1,3}a)", "(?>(\\X){0,2}a\\X)b", "(?>(?:a\\X){1,3}b)",
    "(?>\\X+a?)", "(?:a\\X*)++b", "(?:(a)(\\X*))*+", "(?>(\\X*)(b)?)$"};

typedef struct generated_case {
  const char *pattern;
  uint32_t compile_options;
  char subject[ORACLE_GENERATED_SUBJECT_MAX];
  size_t subject_length;
} generated_case;

static void generate_case(oracle_random *random, generated_case *out) {
  memset(out, 0, sizeof *out);
  out->pattern = patterns_list[oracle_random_below(
      random, (uint32_t)(sizeof patterns_list / sizeof patterns_list[0]))];
  out->compile_options = oracle_random_below(random, 10) < 7 ? JRX_UTF : 0;
  uint32_t count = 1 + oracle_random_below(random, 8);
  for (uint32_t i = 0; i < count; i++) {
    const char *piece =
        pieces[oracle_random_below(random, (uint32_t)(sizeof pieces / sizeof pieces[0]))];
    size_t size = strlen(piece);
    if (out->subject_length + size < sizeof out->subject) {
      memcpy(out->subject + out->subject_length, piece, size);
      out->subject_length += size;
    }
  }
  if ((out->compile_options & JRX_UTF) != 0 && oracle_random_below(random, 10) == 0) {
    out->compile_options |= JRX_MATCH_INVALID_UTF;
    out->subject[oracle_random_below(random, (uint32_t)out->subject_length)] = '\xff';
  }
}

typedef struct tally {
  size_t runs;
  size_t matched;
  size_t refused_by_both;
  size_t refused_as_unsupported;
  size_t failures;
} tally;

/* Compares one case; returns 0 when a side refused the pattern. */
static int compare_case(const oracle_case *item, unsigned extra, tally *counts) {
  oracle_outcome pcre2;
  oracle_outcome mine;
  oracle_run_both(item, PCRE2_MATCH_LIMIT, extra, &pcre2, &mine);
  counts->runs++;
  const char *what = NULL;
  int go_on = pcre2.compiled && mine.compiled;
  if (pcre2.inconclusive) {
    /* PCRE2 gave up: no verdict. */
  } else if (pcre2.compiled && (mine.compile_code == JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP ||
                                mine.compile_code == JRX_ERROR_UNSUPPORTED_POSSESSIVE)) {
    what = "jrx refuses an atomic or possessive form of these patterns";
  } else if (pcre2.compiled && !mine.compiled && unsupported_construct_code(mine.compile_code) &&
             unsupported_construct_present(mine.compile_code, item->pattern, item->pattern_length,
                                           mine.compile_offset, item->compile_options)) {
    counts->refused_as_unsupported++;
  } else if (pcre2.compiled != mine.compiled) {
    what = mine.compiled ? "jrx accepts what PCRE2 refuses" : "jrx refuses what PCRE2 accepts";
  } else if (!pcre2.compiled) {
    counts->refused_by_both++;
  } else if (strcmp(oracle_text_string(&pcre2.first), oracle_text_string(&mine.first)) != 0 ||
             strcmp(oracle_text_string(&pcre2.all), oracle_text_string(&mine.all)) != 0) {
    what = "matches differ";
  } else if (!mine.engine_as_expected) {
    what = "answered by an engine this build must not run";
  } else if (strncmp(oracle_text_string(&mine.first), "match", 5) == 0) {
    counts->matched++;
  }
  if (what != NULL && ++counts->failures <= MAX_REPORTED) {
    oracle_print_divergence(what, item, extra, &pcre2, &mine);
  }
  oracle_outcome_release(&pcre2);
  oracle_outcome_release(&mine);
  return go_on;
}

static void test_generated_cases_agree_with_pcre2(void **state) {
  (void)state;
  uint64_t seed = oracle_environment_number("JRX_GRAPHEME_SEED", DEFAULT_SEED);
  size_t count =
      (size_t)oracle_environment_number("JRX_GRAPHEME_COUNT", JRX_GRAPHEME_DEFAULT_COUNT);
  tally counts = {0};
  for (size_t i = 0; i < count; i++) {
    oracle_random random;
    oracle_random_seed(&random, seed ^ (0x9e3779b97f4a7c15u * (uint64_t)(i + 1)));
    generated_case generated;
    generate_case(&random, &generated);
    for (unsigned engine = 0; engine < 2; engine++) {
      for (size_t offset = 0; offset <= generated.subject_length; offset++) {
        oracle_case item = {.pattern = (char *)generated.pattern,
                            .pattern_length = strlen(generated.pattern),
                            .compile_options = generated.compile_options,
                            .subject = generated.subject,
                            .subject_length = generated.subject_length,
                            .start_offset = offset};
        if (!compare_case(&item, engine == 0 ? 0 : JRX_NO_JIT, &counts)) {
          break;
        }
      }
    }
  }
  printf("grapheme patterns: %zu cases (seed %llu), %zu runs, %zu matched, %zu refused by both, "
         "%zu as unsupported, %zu divergences\n",
         count, (unsigned long long)seed, counts.runs, counts.matched, counts.refused_by_both,
         counts.refused_as_unsupported, counts.failures);
  assert_int_equal(counts.failures, 0);
  assert_true(counts.matched >= counts.runs / 5);
}

/* Compares the pattern on the subject from every start offset, with
 * each engine; under JRX_NO_UTF_CHECK, from every character's start (an
 * offset inside one is undefined in PCRE2 then). */
static void compare_every_offset(const char *pattern, uint32_t compile_options,
                                 uint32_t match_options, const char *subject, size_t length,
                                 tally *counts) {
  for (unsigned engine = 0; engine < 2; engine++) {
    for (size_t offset = 0; offset <= length; offset++) {
      if ((match_options & JRX_NO_UTF_CHECK) != 0 && offset < length &&
          ((unsigned char)subject[offset] & 0xc0u) == 0x80u) {
        continue;
      }
      oracle_case item = {.pattern = (char *)pattern,
                          .pattern_length = strlen(pattern),
                          .compile_options = compile_options,
                          .subject = (char *)subject,
                          .subject_length = length,
                          .start_offset = offset,
                          .match_options = match_options};
      compare_case(&item, engine == 0 ? 0 : JRX_NO_JIT, counts);
    }
  }
}

/* Regional indicators before the start offset, counted no further back
 * than PCRE2 checks the subject from, also when a lookahead's table has
 * asked about them first, and from a start offset inside one under
 * JRX_MATCH_INVALID_UTF (where the search begins at the next character). */
static void test_regional_indicators_before_the_start(void **state) {
  (void)state;
  static char subject[] = "b\xf0\x9f\x87\xa7\xf0\x9f\x87\xa6\xf0\x9f\x87\xa7"
                          "\xe1\x84\x80\xe1\x85\xa1\xf0\x9f\x87\xa6\xef\xff";
  static const char *const patterns[] = {"\\X{2}", "\\X{2}(?=\\X)", "(?=\\X)\\X\\X",
                                         "\\X{0,2}+(?=\\X)"};
  static const uint32_t options[] = {JRX_UTF, JRX_UTF | JRX_MATCH_INVALID_UTF};
  tally counts = {0};
  for (size_t pattern = 0; pattern < sizeof patterns / sizeof patterns[0]; pattern++) {
    for (size_t option = 0; option < 2; option++) {
      /* Valid UTF-8 up to the stray byte, unless it may be there. */
      size_t length = sizeof subject - (option == 0 ? 3 : 1);
      compare_every_offset(patterns[pattern], options[option], 0, subject, length, &counts);
    }
  }
  printf("regional indicators before the start: %zu runs, %zu matched, %zu divergences\n",
         counts.runs, counts.matched, counts.failures);
  assert_int_equal(counts.failures, 0);
}

/* The atomic and possessive forms rewritten with a lookahead
 * (parse_atomic.c) on subjects that mix a and b with clusters of several
 * characters (a ZWJ sequence, flags, Hangul, combining marks, CR LF),
 * from every start offset, in UTF mode, with a stray byte under
 * JRX_MATCH_INVALID_UTF, or in byte mode (one of them for each pair of a
 * pattern and a subject, in turn). */
static void test_atomic_forms_around_clusters(void **state) {
  (void)state;
  static const char *const patterns[] = {
      "(?:a\\X)++b", "(?>\\X+a)",       "(?>(\\X)+a)",     "(?:(a)\\X)*+",
      "(?>\\X?b)",   "(?>\\X*a\\X)b?", "(?>(?:\\Xb)+)$", "(\\Xa){1,2}+(\\X)",
      "(?>\\X{1,3}a)", "(?>(\\X){0,4}ab)", "(?>(?:b(\\X)){2,3}a)\\X",
      /* A run of \\X to the end of the subject, then items that match
       * empty there, or in a repeated group. */
      "(?>\\X+a?)", "(?>(\\X+)(b?)(c)?)", "(?>a\\X*b?" "?)\\X?", "(?>\\X++a?)b",
      "(?:a\\X*)++b", "(?:(a)(\\X*))*+", "(?:a\\X*)*+\\X", "(?:a(\\X+)(?:ba)?){0,2}+(\\X)",
      "(?>x?(?:b(\\X)*(a)?)+)", "(?:(?:ab\\X)(?:a(\\X*)))++"};
  static const char *const subjects[] = {
      "a\xcc\x81" "ab\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9" "ab",
      "\xf0\x9f\x87\xa6\xf0\x9f\x87\xa7\xf0\x9f\x87\xa6" "ab\xf0\x9f\x87\xa7" "a",
      "a\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8" "ba\xea\xb0\x80" "b\r\na\r\nb",
      "b\xcc\x81" "a\xe2\x80\x8d" "ba\xef\xb8\x8f" "a\xd8\x80" "ab",
      "aaba\xc2\xa9\xcc\x81" "b\xf0\x9f\x98\x80\xf0\x9f\x8f\xbb" "ab"};
  static const uint32_t options[] = {JRX_UTF, JRX_UTF | JRX_MATCH_INVALID_UTF, 0};
  tally counts = {0};
  char subject[64];
  for (size_t pattern = 0; pattern < sizeof patterns / sizeof patterns[0]; pattern++) {
    for (size_t which = 0; which < sizeof subjects / sizeof subjects[0]; which++) {
      uint32_t option = options[(pattern + which) % (sizeof options / sizeof options[0])];
      size_t length = strlen(subjects[which]);
      assert_true(length < sizeof subject);
      memcpy(subject, subjects[which], length);
      if ((option & JRX_MATCH_INVALID_UTF) != 0) {
        subject[length / 2] = '\xff';
      }
      compare_every_offset(patterns[pattern], option, 0, subject, length, &counts);
    }
  }
  printf("atomic forms around clusters: %zu runs, %zu matched, %zu divergences\n", counts.runs,
         counts.matched, counts.failures);
  assert_int_equal(counts.failures, 0);
  assert_true(counts.matched >= counts.runs / 4);
}

/* pattern compiled in UTF mode, and a match data for it in *data. */
static jrx *compile_utf_with_data(const char *pattern, jrx_match_data **data) {
  int error;
  size_t error_offset;
  jrx *re = jrx_compile(pattern, JRX_ZERO_TERMINATED, JRX_UTF, &error, &error_offset);
  assert_non_null(re);
  assert_int_equal(jrx_match_data_create(re, data), 0);
  return re;
}

/* A \X that ends the pattern after other items (jrx.grapheme_last),
 * maybe inside groups, from every start offset: in UTF mode (also with
 * JRX_NO_UTF_CHECK and JRX_NOTEMPTY_ATSTART), in byte mode, and under
 * JRX_MATCH_INVALID_UTF with a stray byte (which keeps \X's program).
 * Regional indicators before the cluster count back over the items
 * before it and, with a lookbehind or \b, over a character before the
 * start offset. Where the items before \X need no Pike VM, none runs. */
static void test_last_cluster_after_other_items(void **state) {
  (void)state;
  static const char *const patterns[] = {
      "a\\X",       "(a)(\\X)", "[^a]\\X",       ".\\X",         "a(b(\\X))",
      "(?<=.)\\X",  "\\b\\X",     "(?:b|\\X)\\X", "(a|b)+?\\X", "(?<n>.)(?<m>(\\X))"};
  static const char *const subjects[] = {
      "b\xf0\x9f\x87\xa7\xf0\x9f\x87\xa6\xf0\x9f\x87\xa7\xf0\x9f\x87\xa6"
      "a\xf0\x9f\x87\xa6\xf0\x9f\x87\xa7",
      "a\xcc\x81" "ab\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9" "a\r\nb\xe1\x84\x80\xe1\x85\xa1",
      "xa\xc2\xa9\xcc\x81" "ba\xd8\x80" "a"};
  static const struct {
    uint32_t compile;
    uint32_t match;
  } options[] = {{JRX_UTF, 0},
                 {JRX_UTF, JRX_NO_UTF_CHECK},
                 {JRX_UTF, JRX_NOTEMPTY_ATSTART},
                 {0, 0},
                 {JRX_UTF | JRX_MATCH_INVALID_UTF, 0}};
  tally counts = {0};
  char subject[64];
  for (size_t pattern = 0; pattern < sizeof patterns / sizeof patterns[0]; pattern++) {
    for (size_t which = 0; which < sizeof subjects / sizeof subjects[0]; which++) {
      size_t option = (pattern + which) % (sizeof options / sizeof options[0]);
      size_t length = strlen(subjects[which]);
      assert_true(length < sizeof subject);
      memcpy(subject, subjects[which], length);
      if ((options[option].compile & JRX_MATCH_INVALID_UTF) != 0) {
        subject[length / 2] = '\xff';
      }
      compare_every_offset(patterns[pattern], options[option].compile, options[option].match,
                           subject, length, &counts);
    }
  }
  printf("a last cluster after other items: %zu runs, %zu matched, %zu divergences\n",
         counts.runs, counts.matched, counts.failures);
  assert_int_equal(counts.failures, 0);
  assert_true(counts.matched >= counts.runs / 4);
  /* The first four need no Pike VM once \X is one character. */
  for (size_t pattern = 0; pattern < 4; pattern++) {
    jrx_match_data *data;
    jrx *re = compile_utf_with_data(patterns[pattern], &data);
    size_t ovector[6];
    assert_int_equal(jrx_match_with(re, data, subjects[1], strlen(subjects[1]), 1, 0, ovector, 3),
                     pattern == 1 ? 3 : 1);
    jrx_match_stats stats;
    assert_int_equal(jrx_match_data_stats(data, &stats), 0);
    assert_int_equal(stats.searches, 1);
    assert_int_equal(stats.pike_searches + stats.native_pike_searches, 0);
    jrx_match_data_free(data);
    jrx_free(re);
  }
}

/* An ovector too small for the groups of (a)((\X)) holds the pairs it
 * has room for, each ending where the cluster does, and the answer is 0. */
static void test_last_cluster_in_a_short_ovector(void **state) {
  (void)state;
  int error;
  size_t error_offset;
  jrx *re = jrx_compile("(a)((\\X))", JRX_ZERO_TERMINATED, JRX_UTF, &error, &error_offset);
  assert_non_null(re);
  static const char subject[] = "xa\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9y";
  static const size_t expected[] = {1, 13, 1, 2, 2, 13, 2, 13};
  for (size_t pairs = 1; pairs <= 4; pairs++) {
    size_t ovector[8] = {0};
    int found = jrx_match(re, subject, sizeof subject - 1, 0, 0, ovector, pairs);
    assert_int_equal(found, pairs == 4 ? 4 : 0);
    assert_memory_equal(ovector, expected, 2 * pairs * sizeof ovector[0]);
  }
  jrx_free(re);
}

/* Groups around a last \X whose bounds lie a fixed distance from the
 * match's end, or a match of fixed length, once \X is one character
 * (capture_offsets places them): the iteration's dense path, which takes
 * each match's cluster in first, placed them by the bounds with the
 * cluster (group 3 of ()[^^a](b?(\X)) from its last byte, the fuzzer's
 * finding; (.)(.(\X)) ended a fixed distance from the start), where
 * PCRE2's \X runs over a run of U+00A9 in byte mode. From every start
 * offset with both engines (the iteration with and without a match data,
 * for one pair and for all), and a match data's first search for every
 * pair. */
static void test_last_cluster_groups_not_placed_by_the_cluster(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    uint32_t options;
    size_t start;
    size_t expected[8];
  } cases[] = {
      {"()[^^a](b?(\\X))", JRX_CASELESS, 4, {4, 7, 4, 4, 5, 7, 5, 7}},
      {"(b?(\\X))", 0, 0, {0, 7, 0, 7, 0, 7}},
      {"(.)(.(\\X))", 0, 1, {1, 7, 1, 2, 2, 7, 3, 7}},
  };
  static const char subject[] = "\xa9\xa9\xa9\xa9\xa9\xa9\xa9";
  tally counts = {0};
  for (size_t which = 0; which < sizeof cases / sizeof cases[0]; which++) {
    compare_every_offset(cases[which].pattern, cases[which].options, 0, subject,
                         sizeof subject - 1, &counts);
    int error;
    size_t error_offset;
    jrx *re = jrx_compile(cases[which].pattern, JRX_ZERO_TERMINATED, cases[which].options, &error,
                          &error_offset);
    assert_non_null(re);
    jrx_match_data *data;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    int pairs = (int)jrx_capture_count(re) + 1;
    size_t ovector[8];
    assert_int_equal(jrx_match_with(re, data, subject, sizeof subject - 1, cases[which].start, 0,
                                    ovector, (size_t)pairs),
                     pairs);
    assert_memory_equal(ovector, cases[which].expected, 2 * (size_t)pairs * sizeof ovector[0]);
    jrx_match_data_free(data);
    jrx_free(re);
  }
  printf("last cluster groups not placed by the cluster: %zu runs, %zu divergences\n",
         counts.runs, counts.failures);
  assert_int_equal(counts.failures, 0);
}

/* Items before a last \X, each in turn inside the shapes of groups
 * around it (none, one or two, nested or side by side, with an item
 * between), on subjects whose clusters run over several bytes: a run of
 * U+00A9 in byte mode, an emoji ZWJ sequence, marks and flags in UTF mode
 * (caseless and not, in turn), from every start offset (every
 * character's under JRX_NO_UTF_CHECK) with both engines. */
static void test_last_cluster_groups_sweep_agrees_with_pcre2(void **state) {
  (void)state;
  static const char *const items[] = {"", "a", ".", "()", "(.)", "b?", "a(b)?"};
  static const char *const shapes[] = {"%s\\X",       "%s(\\X)",      "(%s\\X)",
                                       "%s((\\X))",   "(%s(\\X))",    "%s(b?(\\X))",
                                       "%s(.(\\X))",  "(%s)(.(\\X))", "(?:%s(\\X))"};
  static const struct {
    const char *subject;
    uint32_t options;
    uint32_t match_options;
  } subjects[] = {
      {"a\xa9\xa9\xa9" "b\xa9\xa9", 0, 0},
      {"\xc2\xa9\xcc\x81" "a\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9" "b", JRX_UTF,
       JRX_NO_UTF_CHECK},
      {"a\xf0\x9f\x87\xa6\xf0\x9f\x87\xa7\xf0\x9f\x87\xa6" "b\r\n", JRX_UTF,
       JRX_NO_UTF_CHECK}};
  tally counts = {0};
  char pattern[64];
  for (size_t item = 0; item < sizeof items / sizeof items[0]; item++) {
    for (size_t shape = 0; shape < sizeof shapes / sizeof shapes[0]; shape++) {
      int written = snprintf(pattern, sizeof pattern, shapes[shape], items[item]);
      assert_true(written > 0 && (size_t)written < sizeof pattern);
      for (size_t which = 0; which < sizeof subjects / sizeof subjects[0]; which++) {
        uint32_t options =
            subjects[which].options | ((item + shape + which) % 2 != 0 ? JRX_CASELESS : 0);
        compare_every_offset(pattern, options, subjects[which].match_options,
                             subjects[which].subject, strlen(subjects[which].subject), &counts);
      }
    }
  }
  printf("last cluster groups sweep: %zu runs, %zu matched, %zu divergences\n", counts.runs,
         counts.matched, counts.failures);
  assert_int_equal(counts.failures, 0);
  assert_true(counts.matched >= counts.runs / 4);
}

/* \X+ alone takes every cluster to the end of a subject known to be
 * valid; under JRX_NO_UTF_CHECK it walks cluster by cluster, to the same
 * end, and stops before a byte that is not valid UTF-8. */
static void test_cluster_run_with_and_without_the_utf_check(void **state) {
  (void)state;
  int error;
  size_t error_offset;
  jrx *re = jrx_compile("\\X+", 3, JRX_UTF, &error, &error_offset);
  assert_non_null(re);
  char subject[256];
  size_t length = 0;
  for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
    memcpy(subject + length, pieces[i], strlen(pieces[i]));
    length += strlen(pieces[i]);
  }
  assert_true(length + 2 <= sizeof subject);
  for (size_t start = 0; start < length; start++) {
    if (((unsigned char)subject[start] & 0xc0u) == 0x80u) {
      continue;
    }
    size_t checked[2];
    size_t walked[2];
    assert_int_equal(jrx_match(re, subject, length, start, 0, checked, 1), 1);
    assert_int_equal(jrx_match(re, subject, length, start, JRX_NO_UTF_CHECK, walked, 1), 1);
    assert_int_equal(checked[1], length);
    assert_int_equal(walked[1], length);
  }
  memcpy(subject + length, "\xff" "a", 2);
  size_t walked[2];
  assert_int_equal(jrx_match(re, subject, length + 2, 0, JRX_NO_UTF_CHECK, walked, 1), 1);
  assert_int_equal(walked[1], length);
  jrx_free(re);
}

/* ---- An iteration of \X alone, clusters found ahead ---- */

#define AHEAD_SUBJECT 1024
#define AHEAD_MATCHES 256

/* The pieces three times over: more clusters than an iteration's search
 * finds ahead at once (JRX_DENSE_AHEAD), so it searches again. */
static size_t ahead_subject(char *subject) {
  size_t length = 0;
  for (int round = 0; round < 3; round++) {
    for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
      memcpy(subject + length, pieces[i], strlen(pieces[i]));
      length += strlen(pieces[i]);
    }
  }
  assert_true(length <= AHEAD_SUBJECT);
  return length;
}

/* PCRE2's clusters (code: \X in UTF mode) from start to the end, their
 * bounds in pairs. */
static size_t pcre2_clusters(const pcre2_code *code, pcre2_match_data *data, const char *subject,
                             size_t length, size_t start, size_t *bounds) {
  size_t count = 0;
  while (count < AHEAD_MATCHES &&
         pcre2_match(code, (PCRE2_SPTR)subject, length, start, 0, data, NULL) > 0) {
    PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);
    bounds[2 * count] = ovector[0];
    bounds[2 * count + 1] = ovector[1];
    start = ovector[1];
    count++;
  }
  return count;
}

/* The next matches of an iteration of a grapheme_alone pattern (groups
 * groups) asking for `pairs` pairs: the clusters expected[0..count), each
 * group the same, pairs past the groups left alone, 0 returned when the
 * ovector is too short; then, if ends, the end. */
static void check_rest_of_iteration(jrx_iterator *iterator, size_t groups, size_t pairs,
                                    const size_t *expected, size_t count, bool ends) {
  for (size_t i = 0; i < count + ends; i++) {
    size_t ovector[8];
    for (size_t slot = 0; slot < 8; slot++) {
      ovector[slot] = 12345;
    }
    int found = jrx_iterator_next(iterator, ovector, pairs);
    if (i == count) {
      assert_int_equal(found, JRX_NOMATCH);
      break;
    }
    assert_int_equal(found, pairs > groups ? (int)groups + 1 : 0);
    for (size_t pair = 0; pair < pairs; pair++) {
      assert_int_equal(ovector[2 * pair], pair <= groups ? expected[2 * i] : 12345);
      assert_int_equal(ovector[2 * pair + 1], pair <= groups ? expected[2 * i + 1] : 12345);
    }
  }
}

/* \X and (\X) iterated over more clusters than are found ahead at once,
 * from every character start, with and without JRX_NO_UTF_CHECK, for 1 to
 * 3 pairs: PCRE2's clusters, and every search answered by the cluster
 * loop; an iteration moved elsewhere after a few matches goes on from
 * there. With JRX_NO_UTF_CHECK, a byte that is not valid UTF-8 ends the
 * clusters found ahead, and the iteration gives what searches one by one
 * from each end give (PCRE2 leaves such a subject undefined). */
static void test_cluster_iteration_ahead_agrees_with_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {"\\X", "(\\X)"};
  char subject[AHEAD_SUBJECT + 2];
  size_t length = ahead_subject(subject);
  static size_t expected[2 * AHEAD_MATCHES];
  static size_t moved[2 * AHEAD_MATCHES];
  size_t runs = 0;
  int error;
  size_t error_offset;
  pcre2_code *code = oracle_pcre2_compile("\\X", 2, JRX_UTF, &error, &error_offset);
  assert_non_null(code);
  pcre2_match_data *pcre2_data = pcre2_match_data_create_from_pattern(code, NULL);
  assert_non_null(pcre2_data);
  for (size_t pattern = 0; pattern < 2; pattern++) {
    jrx_match_data *data;
    jrx *re = compile_utf_with_data(patterns[pattern], &data);
    for (size_t start = 0; start < length; start++) {
      if (((unsigned char)subject[start] & 0xc0u) == 0x80u) {
        continue;
      }
      size_t count = pcre2_clusters(code, pcre2_data, subject, length, start, expected);
      /* More than twice JRX_DENSE_AHEAD from the start. */
      assert_true(start > 0 || count > 32);
      uint32_t options = start % 2 == 0 ? 0 : JRX_NO_UTF_CHECK;
      size_t pairs = 1 + start % 3;
      jrx_iterator iterator;
      jrx_iterator_init(&iterator, re, subject, length, start, options);
      jrx_iterator_set_match_data(&iterator, data);
      check_rest_of_iteration(&iterator, pattern, pairs, expected, count, true);
      /* Moved after three matches to the next character start. */
      jrx_iterator_init(&iterator, re, subject, length, start, options);
      jrx_iterator_set_match_data(&iterator, data);
      check_rest_of_iteration(&iterator, pattern, pairs, expected, count < 3 ? count : 3, false);
      size_t next = start + 1;
      while (next < length && ((unsigned char)subject[next] & 0xc0u) == 0x80u) {
        next++;
      }
      jrx_iterator_move(&iterator, next, options);
      check_rest_of_iteration(&iterator, pattern, pairs, moved,
                              pcre2_clusters(code, pcre2_data, subject, length, next, moved),
                              true);
      runs += 2;
    }
    jrx_match_stats stats;
    assert_int_equal(jrx_match_data_stats(data, &stats), 0);
    assert_true(stats.searches > 0);
    assert_int_equal(stats.grapheme_searches, stats.searches);
    /* A stray byte in the middle, under JRX_NO_UTF_CHECK. */
    size_t stray = length / 2;
    while (((unsigned char)subject[stray] & 0xc0u) == 0x80u) {
      stray++;
    }
    char invalid[AHEAD_SUBJECT + 2];
    memcpy(invalid, subject, stray);
    invalid[stray] = '\xff';
    memcpy(invalid + stray + 1, subject + stray, length - stray);
    size_t count = 0;
    size_t offset = 0;
    size_t one[2];
    while (count < AHEAD_MATCHES &&
           jrx_match(re, invalid, length + 1, offset, JRX_NO_UTF_CHECK, one, 1) >= 0) {
      expected[2 * count] = one[0];
      expected[2 * count + 1] = one[1];
      offset = one[1];
      count++;
    }
    assert_true(count > 32 && expected[2 * count - 1] == length + 1);
    jrx_iterator iterator;
    jrx_iterator_init(&iterator, re, invalid, length + 1, 0, JRX_NO_UTF_CHECK);
    jrx_iterator_set_match_data(&iterator, data);
    check_rest_of_iteration(&iterator, pattern, 2, expected, count, true);
    jrx_match_data_free(data);
    jrx_free(re);
  }
  pcre2_match_data_free(pcre2_data);
  pcre2_code_free(code);
  printf("grapheme iterations ahead: %zu, all as PCRE2's\n", runs);
}

/* A match's pairs as pcre2 sets them, for `pairs` pairs. */
static void pcre2_pairs(pcre2_match_data *data, size_t pairs, size_t *out) {
  PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);
  for (size_t slot = 0; slot < 2 * pairs; slot++) {
    out[slot] = ovector[slot] == PCRE2_UNSET ? JRX_UNSET : ovector[slot];
  }
}

/* A \X after other items (jrx.grapheme_last), with and without groups
 * around it, iterated over more matches than an iteration's search finds
 * ahead at once (each match's last cluster taken in before the next
 * search starts at its end), from every character start, for one pair
 * and for all: every match, groups and all, as PCRE2's iteration gives
 * it. */
static void test_last_cluster_iteration_ahead_agrees_with_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {"([a\xd0\xbe\xe7\x9a\x84])(\\X)",
                                         "[a\xd0\xbe\xe7\x9a\x84]\\X", "(a)((\\X))"};
  static const char *const firsts[] = {"a", "\xd0\xbe", "\xe7\x9a\x84"};
  char subject[3 * AHEAD_SUBJECT];
  size_t length = 0;
  for (int round = 0; round < 3; round++) {
    for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
      const char *first = firsts[(round + i) % 3];
      assert_true(length + strlen(first) + strlen(pieces[i]) + 1 < sizeof subject);
      memcpy(subject + length, first, strlen(first));
      length += strlen(first);
      memcpy(subject + length, pieces[i], strlen(pieces[i]));
      length += strlen(pieces[i]);
      subject[length++] = 'x';
    }
  }
  size_t runs = 0;
  size_t matched = 0;
  for (size_t pattern = 0; pattern < sizeof patterns / sizeof patterns[0]; pattern++) {
    int error;
    size_t error_offset;
    pcre2_code *code = oracle_pcre2_compile(patterns[pattern], strlen(patterns[pattern]),
                                            JRX_UTF, &error, &error_offset);
    assert_non_null(code);
    pcre2_match_data *pcre2_data = pcre2_match_data_create_from_pattern(code, NULL);
    assert_non_null(pcre2_data);
    jrx_match_data *data;
    jrx *re = compile_utf_with_data(patterns[pattern], &data);
    size_t groups = (size_t)jrx_capture_count(re);
    for (size_t start = 0; start < length; start++) {
      if (((unsigned char)subject[start] & 0xc0u) == 0x80u) {
        continue;
      }
      size_t pairs = start % 2 == 0 ? 1 : groups + 1;
      jrx_iterator iterator;
      uint32_t options = start % 4 < 2 ? 0 : JRX_NO_UTF_CHECK;
      jrx_iterator_init(&iterator, re, subject, length, start, options);
      jrx_iterator_set_match_data(&iterator, data);
      size_t offset = start;
      size_t count = 0;
      for (;;) {
        size_t expected[8];
        size_t found[8];
        int pcre2_rc =
            pcre2_match(code, (PCRE2_SPTR)subject, length, offset, 0, pcre2_data, NULL);
        int rc = jrx_iterator_next(&iterator, found, pairs);
        if (pcre2_rc < 0) {
          assert_int_equal(rc, JRX_NOMATCH);
          break;
        }
        assert_int_equal(rc, pairs > groups ? pcre2_rc : 0);
        pcre2_pairs(pcre2_data, pairs, expected);
        assert_memory_equal(found, expected, 2 * pairs * sizeof found[0]);
        offset = expected[1]; /* never empty */
        count++;
      }
      /* More than one search finds ahead (16 matches). */
      assert_true(start > 0 || count > 20);
      matched += count;
      runs++;
    }
    jrx_match_data_free(data);
    jrx_free(re);
    pcre2_match_data_free(pcre2_data);
    pcre2_code_free(code);
  }
  printf("last clusters iterated ahead: %zu iterations, %zu matches, all as PCRE2's\n", runs,
         matched);
}

/* ---- Linear time over regional indicators ---- */

/* The stats of iterating a \X pattern over a
 * run of `count` regional indicators, checking that it finds count / 2
 * flags, or one match of the whole run. */
static jrx_match_stats regional_run_work(const jrx *re, size_t count, int whole_run) {
  size_t length = count * 4;
  char *subject = malloc(length);
  assert_non_null(subject);
  for (size_t i = 0; i < count; i++) {
    memcpy(subject + i * 4, "\xf0\x9f\x87\xa6", 4);
  }
  jrx_match_data *data;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, subject, length, 0, 0);
  jrx_iterator_set_match_data(&iterator, data);
  size_t ovector[2];
  size_t found = 0;
  while (jrx_iterator_next(&iterator, ovector, 1) >= 0) {
    assert_int_equal(ovector[1] - ovector[0], whole_run ? length : 8);
    found++;
  }
  assert_int_equal(found, whole_run ? 1 : count / 2);
  jrx_match_stats stats;
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  jrx_match_data_free(data);
  free(subject);
  return stats;
}

/* \X+\z|x takes a whole run in one search, asking at every regional
 * indicator how many come before it; \X|x takes them two by two, a search
 * each (both on the Pike VM: \X alone takes the cluster loop); \X+ alone
 * takes the whole run with the cluster loop;
 * (?=\X+\z)\X takes them two by two after a lookahead's table, filled
 * from the end backwards, has asked at every one (its steps include the
 * table's). */
static void test_regional_indicator_runs_cost_linear_time(void **state) {
  (void)state;
  static const char *const patterns[] = {"\\X|x", "\\X+\\z|x", "\\X+", "(?=\\X+\\z)\\X"};
  for (int engine = 0; engine < 8; engine++) {
    int whole_run = engine >= 2 && engine < 6;
    int table = engine >= 6;
    int cluster_loop = engine >= 4 && engine < 6;
    const char *pattern = patterns[engine / 2];
    int error;
    size_t error_offset;
    jrx *re = jrx_compile(pattern, JRX_ZERO_TERMINATED, JRX_UTF | (engine % 2 ? JRX_NO_JIT : 0),
                          &error, &error_offset);
    assert_non_null(re);
    jrx_match_stats shorter_stats = regional_run_work(re, 2000, whole_run);
    jrx_match_stats longer_stats = regional_run_work(re, 4000, whole_run);
    uint64_t shorter = shorter_stats.lookaround_steps;
    uint64_t longer = longer_stats.lookaround_steps;
    printf("regional indicators, %s (%s): %llu steps for 2000, %llu for 4000\n", pattern,
           engine % 2 ? "JRX_NO_JIT" : "default engine", (unsigned long long)shorter,
           (unsigned long long)longer);
    /* The counts only mean something on the engine that reads back: the
     * cluster loop reads each cluster forwards once. */
    if (cluster_loop) {
      assert_int_equal(longer_stats.grapheme_searches, longer_stats.searches);
    } else {
      assert_int_equal(longer_stats.pike_searches + longer_stats.native_pike_searches,
                       longer_stats.searches);
    }
    assert_true(table || longer <= 4000);
    assert_true(longer <= 2 * shorter + 16);
    jrx_free(re);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_code_point_has_pcre2s_value),
      cmocka_unit_test(test_sequences_of_values_agree_with_pcre2),
      cmocka_unit_test(test_byte_pairs_agree_with_pcre2),
      cmocka_unit_test(test_generated_cases_agree_with_pcre2),
      cmocka_unit_test(test_regional_indicators_before_the_start),
      cmocka_unit_test(test_atomic_forms_around_clusters),
      cmocka_unit_test(test_last_cluster_after_other_items),
      cmocka_unit_test(test_last_cluster_in_a_short_ovector),
      cmocka_unit_test(test_last_cluster_groups_not_placed_by_the_cluster),
      cmocka_unit_test(test_last_cluster_groups_sweep_agrees_with_pcre2),
      cmocka_unit_test(test_cluster_run_with_and_without_the_utf_check),
      cmocka_unit_test(test_cluster_iteration_ahead_agrees_with_pcre2),
      cmocka_unit_test(test_last_cluster_iteration_ahead_agrees_with_pcre2),
      cmocka_unit_test(test_regional_indicator_runs_cost_linear_time),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
