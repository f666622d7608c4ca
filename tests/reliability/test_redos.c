/* test_redos: the classic catastrophic-backtracking patterns on long
 * subjects. The work is counted, not timed, run directly on the compiled
 * program: the Pike VM's steps (pike.c's, and on arm64 the native Pike
 * VM's, which must count exactly as many) stay within two visits per
 * instruction and byte; the lazy DFA's scanned bytes plus closure steps
 * stay within one closure per byte, with its default cache (where none of
 * these patterns may make it give up) and with a tiny one (where it gives
 * up on some, after linear work). Both must at most double (plus 1%) when
 * the subject doubles. Answers match PCRE2's wherever PCRE2 stays within
 * its match limit. Patterns with lookarounds, which the Pike VM runs (and
 * the DFA too where one byte decides each), count the lookaround checks'
 * own work too: within the body's
 * bytes times its instructions per Pike VM step, or its instructions per
 * subject position for a lookaround with a table, and at most doubling.
 * The atomic and possessive forms around \X that jrx accepts run as
 * greedy forms with lookaheads (parse_atomic.c): their work is counted
 * the same way on clusters of every kind, at three sizes, each twice the
 * last, \X's counting back of regional indicators included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_expectation.h"
#include "long_tests.h"
#include "regex/arm64/jit_pike.h"
#include "regex/jrx_internal.h"
#include "regex/lookaround.h"
#include "reliability_compile.h"
#include "reliability_oracle.h"

/* Low, so PCRE2 gives up on the catastrophic cases in milliseconds. */
#define PCRE2_MATCH_LIMIT 100000u

/* The subject is prefix, then unit repeated, then suffix. */
typedef struct redos_case {
  const char *pattern;
  const char *prefix;
  const char *unit;
  const char *suffix;
} redos_case;

/* Cloudflare's WAF rule of 2 July 2019 on the input of the rebar
 * benchmark of it ("x=" then x's), and on a line whose first byte lets the
 * rule reach its .*(?:.*=.*) with no "=" to find; rebar's core of the
 * rule is .*.*=.* */
#define CLOUDFLARE_PATTERN                                                               \
  "(?:(?:\\\"|'|\\]|\\}|\\\\|\\d|(?:nan|infinity|true|false|null|undefined|symbol|math)" \
  "|\\`|\\-|\\+)+[)]*;?((?:\\s|-|~|!|{}|\\|\\||\\+)*.*(?:.*=.*)))"

/* 251 pseudo-random a's and b's: [ab]*a[ab]{14}c, whose DFA remembers
 * the last 15 bytes, needs a state for most positions of the period. */
#define RANDOM_AB                                                                             \
  "aabaaabbbabbababbbbabaaabbbaaaaaabbbbbbababababaababaabaaabbabbababbbbbbbbbbabbbaaabbab" \
  "bbbaababaaabbaaaabbaabbbaabbbabbabbabaaababaaaabbbaaababbaabaababbaaaababbbabbbabaabaaa" \
  "aababbbbabbbbabbbbabaaaabbbbabaaabbaaababbbbbbaaaabbabbaabbbbbabbabaaabbbaabb"

static const redos_case cases[] = {
    {"(a+)+$", "", "a", "!"},
    {"(a|aa)*b", "", "a", ""},
    {"(x+x+)+y", "", "x", ""},
    {"(.*a){12}", "aaaaaaaaaaa", "x", ""},
    {"(a*)*b", "", "a", ""},
    {"(\\w+\\s?)*$", "", "ab ", "!"},
    {CLOUDFLARE_PATTERN, "x=", "x", ""},
    {CLOUDFLARE_PATTERN, "-", "x", ""},
    {".*.*=.*", "x=", "x", ""},
    {"(?:a|a)*(?:a|a)*(?:a|a)*c", "", "a", ""},
    {"[ab]*a[ab]{14}c", "", RANDOM_AB, ""},
};

typedef struct subject {
  char *bytes;
  size_t length;
} subject;

static subject build_subject(const redos_case *item, size_t unit_count) {
  size_t prefix = strlen(item->prefix), unit = strlen(item->unit), suffix = strlen(item->suffix);
  subject result;
  result.length = prefix + unit_count * unit + suffix;
  result.bytes = malloc(result.length);
  assert_non_null(result.bytes);
  memcpy(result.bytes, item->prefix, prefix);
  for (size_t i = 0; i < unit_count; i++) {
    memcpy(result.bytes + prefix + i * unit, item->unit, unit);
  }
  memcpy(result.bytes + prefix + unit_count * unit, item->suffix, suffix);
  return result;
}

/* A DFA cache so small that some of the patterns make the DFA give up. */
#define TINY_DFA_CACHE 4096u

static void assert_pike_bound(const jrx *re, const subject *text, uint64_t steps,
                              const char *engine) {
  uint64_t bound = 2u * (uint64_t)(text->length + 1) * re->program.count;
  if (steps > bound) {
    fail_msg("%s: %llu steps on %zu bytes, over the bound %llu", engine,
             (unsigned long long)steps, text->length, (unsigned long long)bound);
  }
}

static uint64_t pike_work(const jrx *re, const subject *text) {
  pike_scratch *scratch;
  assert_int_equal(pike_scratch_create(&re->program, &scratch), 0);
  pike_stats stats = {0};
  const size_t *slots;
  int rc = pike_match(&re->program, scratch, (const unsigned char *)text->bytes, text->length, 0, 0,
                      &slots, &stats);
  assert_true(rc == 1 || rc == JRX_NOMATCH);
  pike_scratch_destroy(scratch);
  assert_pike_bound(re, text, stats.steps, "Pike VM");
  return stats.steps;
}

/* The native Pike VM's steps, counted by the same code with a counter
 * added (jit_pike_compile_counting); they must equal pike.c's. */
static uint64_t native_pike_work(const jrx *re, const subject *text, uint64_t pike_steps) {
  jit_pike_code *code;
  assert_int_equal(jit_pike_compile_counting(&re->program, re->allocator, NULL, &code), 0);
  jit_pike_scratch *scratch;
  assert_int_equal(jit_pike_scratch_create(code, re->allocator, &scratch), 0);
  pike_stats stats = {0};
  const size_t *slots;
  int rc = jit_pike_match(code, scratch, (const unsigned char *)text->bytes, text->length, 0, 0,
                          &slots, &stats);
  assert_true(rc == 1 || rc == JRX_NOMATCH);
  jit_pike_scratch_destroy(scratch);
  jit_pike_release(code);
  assert_pike_bound(re, text, stats.steps, "native Pike VM");
  if (stats.steps != pike_steps) {
    fail_msg("native Pike VM: %llu steps on %zu bytes, pike.c %llu",
             (unsigned long long)stats.steps, text->length, (unsigned long long)pike_steps);
  }
  return stats.steps;
}

/* The DFA's work from a cold cache of budget bytes (0: the default), and
 * whether it gave up (jrx_match then answers with the Pike VM). Even then
 * the work done is linear: a closure per byte scanned or state built. */
static uint64_t dfa_work(const jrx *re, const subject *text, size_t budget, int *gave_up) {
  dfa_limits limits;
  dfa_default_limits(&limits);
  if (budget != 0) {
    limits.memory_budget = budget;
  }
  dfa_cache *cache;
  assert_int_equal(dfa_cache_create(re->automaton, &limits, &cache), 0);
  dfa_stats stats = {0};
  size_t start, end;
  int rc = dfa_search(re->automaton, cache, (const unsigned char *)text->bytes, text->length, 0, 0,
                      &start, &end, &stats);
  dfa_cache_destroy(cache);
  *gave_up = rc == DFA_GAVE_UP;
  assert_true(rc == 1 || rc == JRX_NOMATCH || rc == DFA_GAVE_UP);
  const nfa_program *reversed;
  assert_int_equal(dfa_reversed_program(re->automaton, &reversed), 0);
  uint64_t program_size = (uint64_t)re->program.count + reversed->count + 2;
  assert_true(stats.bytes_scanned <= 2 * (uint64_t)text->length);
  assert_true(stats.transitions_computed <= stats.bytes_scanned + 2);
  assert_true(stats.closure_steps <=
              (stats.transitions_computed + stats.states_built + 4) * program_size);
  return stats.bytes_scanned + stats.closure_steps;
}

/* Patterns whose DFA gave up with the tiny cache. */
static size_t tiny_cache_give_ups;

static void assert_at_most_double(const char *what, const char *pattern, uint64_t half,
                                  uint64_t full) {
  if (full > 2 * half + half / 100) {
    fail_msg("/%s/: %s work %llu on the subject, %llu on half of it", pattern, what,
             (unsigned long long)full, (unsigned long long)half);
  }
}

static void check_case(const redos_case *item, size_t unit_count) {
  subject half = build_subject(item, unit_count / 2);
  subject full = build_subject(item, unit_count);
  size_t length = strlen(item->pattern);
  reliability_oracle *oracle =
      reliability_oracle_create(item->pattern, length, 0, PCRE2_MATCH_LIMIT);
  reliability_oracle_use_jit(oracle);
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *re = reliability_compile(item->pattern, length, reliability_engine_options[e]);
    int gave_up = reliability_check_match(re, reliability_engine_options[e], oracle, half.bytes,
                                          half.length, 0, 0);
    gave_up |= reliability_check_match(re, reliability_engine_options[e], oracle, full.bytes,
                                       full.length, 0, 0);
    uint64_t pike_half = pike_work(re, &half), pike_full = pike_work(re, &full);
    assert_at_most_double("Pike VM", item->pattern, pike_half, pike_full);
    if (e == 0 && engine_expectation_native_code()) {
      native_pike_work(re, &half, pike_half);
      native_pike_work(re, &full, pike_full);
    }
    int dfa_gave_up[2];
    uint64_t dfa_half = dfa_work(re, &half, 0, &dfa_gave_up[0]);
    uint64_t dfa_full = dfa_work(re, &full, 0, &dfa_gave_up[1]);
    if (dfa_gave_up[0] || dfa_gave_up[1]) {
      fail_msg("/%s/: the DFA gave up with its default cache", item->pattern);
    }
    assert_at_most_double("DFA", item->pattern, dfa_half, dfa_full);
    int tiny_gave_up;
    dfa_work(re, &full, TINY_DFA_CACHE, &tiny_gave_up);
    tiny_cache_give_ups += tiny_gave_up;
    if (e == 0) {
      print_message(
          "/%.40s/ %zu bytes: Pike VM %.1f steps/byte (%u instructions)%s, DFA %.1f "
          "work/byte%s, PCRE2 %s\n",
          item->pattern, full.length, (double)pike_full / (double)full.length, re->program.count,
          engine_expectation_native_code() ? ", the same natively" : "",
          (double)dfa_full / (double)full.length,
          tiny_gave_up ? " (gives up with a 4 KiB cache)" : "",
          gave_up ? "hit its match limit" : "agrees");
    }
    jrx_free(re);
  }
  reliability_oracle_destroy(oracle);
  free(half.bytes);
  free(full.bytes);
}

/* Patterns that make backtracking engines quadratic or exponential, with
 * lookarounds jrx checks at a position, and (from (?=(?:a+)+b)a on) with
 * lookarounds of unbounded length, answered from tables, the last one
 * capturing. */
static const redos_case lookaround_cases[] = {
    {"(?:(?!ab).)*c", "", "a", ""},
    {"\\w+(?=\\s)", "", "a", ""},
    {"(?<![\\\\])\"(?:[^\"\\\\]|\\\\.)*\"", "\"", "a\\\"", ""},
    {"(a|(?=a)a)*b", "", "a", ""},
    {"(?:(?=a{0,8}b)a|a)*c", "", "a", ""},
    {"(?<=a)(?<!b)\\K(?:a|(?<=a)a)*$", "", "a", "!"},
    {"(?=(?:a+)+b)a", "", "a", ""},
    {"(?:(?!a*b).)*c", "", "a", ""},
    {"\\w+(?=.*c)", "", "a b ", ""},
    {"^(?=.*\\d)(?=.*[a-z]).{8,}$", "", "a", ""},
    {"(?:(?<!(?:b|c){300})a|a)*c", "", "a", ""},
    /* Groups in a repeated lookaround, split into its branches. */
    {"(?:(?=(a+)|(b))a)*c", "", "a", ""},
    /* A branch that may leave its groups unset: a condition per group. */
    {"(?:(?=(a)?a*(b)?)a)*c", "", "a", ""},
    /* A lookaround with a group nested in such a branch: the conditions
     * follow the group into it. */
    {"(?:(?=(?=(a+))?a*(b)?)a)*c", "", "a", ""},
};

/* Whether the program has one of \X's tests. */
static int has_cluster_test(const nfa_program *program) {
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    if (instruction->opcode == NFA_ASSERT &&
        ast_assertion_is_grapheme((ast_assertion)instruction->assertion)) {
      return 1;
    }
  }
  return 0;
}

/* pike.c's steps and its lookaround checks' work, with their bounds:
 * the direct checks' within the body's bytes times its instructions per
 * Pike VM step or table position, the tables' within their bodies'
 * instructions per position. */
static void lookaround_pike_work(const jrx *re, const subject *text, pike_stats *stats) {
  pike_scratch *scratch;
  assert_int_equal(pike_scratch_create(&re->program, &scratch), 0);
  *stats = (pike_stats){0};
  const size_t *slots;
  int rc = pike_match(&re->program, scratch, (const unsigned char *)text->bytes, text->length, 0, 0,
                      &slots, stats);
  assert_true(rc == 1 || rc == JRX_NOMATCH);
  pike_scratch_destroy(scratch);
  assert_pike_bound(re, text, stats->steps, "Pike VM");
  uint64_t largest_body = 0;
  uint64_t table_bodies = 0;
  for (uint32_t i = 0; i < re->program.lookaround_count; i++) {
    const lookaround *checked = &re->program.lookarounds[i];
    if (checked->table != LOOKAROUND_NO_TABLE) {
      table_bodies += checked->body_count;
    } else if (checked->body_count > largest_body) {
      largest_body = checked->body_count;
    }
  }
  uint64_t positions = (uint64_t)text->length + 1;
  uint64_t checks = stats->steps + positions * re->program.lookaround_table_count;
  uint64_t bound =
      checks * (LOOKAROUND_MAX_BODY_BYTES + 1) * largest_body + positions * table_bodies;
  if (has_cluster_test(&re->program)) {
    /* \X counting back regional indicators: a whole run at most once in
     * the Pike VM's pass and once in each table's, else one more
     * indicator than the last count it remembers (grapheme.c). */
    bound += 2 * positions * (re->program.lookaround_table_count + 1u);
  }
  if (stats->lookaround_steps > bound) {
    fail_msg("lookaround checks: %llu steps, over the bound %llu",
             (unsigned long long)stats->lookaround_steps, (unsigned long long)bound);
  }
}

/* The subjects of a case at sizes unit_count >> (sizes - 1) ... unit_count
 * units (at most LARGEST_SIZES of them): each at most doubles the last. */
#define LARGEST_SIZES 3

/* Answers against PCRE2 at each size, the Pike VM's and the lookaround
 * checks' work within their bounds and at most doubling from one size
 * to the next, the native Pike VM's steps equal to pike.c's. */
static void check_lookaround_case(const redos_case *item, uint32_t compile_options,
                                  size_t unit_count, size_t sizes, const char *subject_name) {
  subject texts[LARGEST_SIZES];
  assert_true(sizes >= 2 && sizes <= LARGEST_SIZES);
  for (size_t size = 0; size < sizes; size++) {
    texts[size] = build_subject(item, unit_count >> (sizes - 1 - size));
  }
  const subject *full = &texts[sizes - 1];
  size_t length = strlen(item->pattern);
  reliability_oracle *oracle =
      reliability_oracle_create(item->pattern, length, compile_options, PCRE2_MATCH_LIMIT);
  reliability_oracle_use_jit(oracle);
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    uint32_t options = compile_options | reliability_engine_options[e];
    jrx *re = reliability_compile(item->pattern, length, options);
    int limited = 0;
    pike_stats work[LARGEST_SIZES];
    uint64_t dfa_works[LARGEST_SIZES];
    for (size_t size = 0; size < sizes; size++) {
      if (re->automaton != NULL) {
        /* Its lookarounds are decided by one byte each: the DFA runs it too. */
        int dfa_gave_up;
        dfa_works[size] = dfa_work(re, &texts[size], 0, &dfa_gave_up);
        assert_false(dfa_gave_up);
        if (size > 0) {
          assert_at_most_double("DFA", item->pattern, dfa_works[size - 1], dfa_works[size]);
        }
      }
      limited |= reliability_check_match(re, options, oracle, texts[size].bytes,
                                         texts[size].length, 0, 0);
      lookaround_pike_work(re, &texts[size], &work[size]);
      if (size > 0) {
        assert_at_most_double("Pike VM", item->pattern, work[size - 1].steps, work[size].steps);
        assert_at_most_double("lookaround", item->pattern, work[size - 1].lookaround_steps,
                              work[size].lookaround_steps);
      }
      if (e == 0 && engine_expectation_native_code()) {
        native_pike_work(re, &texts[size], work[size].steps);
      }
    }
    if (e == 0) {
      print_message("/%.40s/%s%s %zu bytes: Pike VM %.1f steps/byte and lookarounds %.1f/byte "
                    "(%u instructions)%s, PCRE2 %s\n",
                    item->pattern, subject_name != NULL ? " on " : "",
                    subject_name != NULL ? subject_name : "", full->length,
                    (double)work[sizes - 1].steps / (double)full->length,
                    (double)work[sizes - 1].lookaround_steps / (double)full->length,
                    re->program.count,
                    engine_expectation_native_code() ? ", the same steps natively" : "",
                    limited ? "hit its match limit" : "agrees");
    }
    jrx_free(re);
  }
  reliability_oracle_destroy(oracle);
  for (size_t size = 0; size < sizes; size++) {
    free(texts[size].bytes);
  }
}

static void test_lookaround_patterns(void **state) {
  (void)state;
  size_t unit_count = reliability_long_tests() ? 99998 : 9998;
  for (size_t i = 0; i < sizeof lookaround_cases / sizeof *lookaround_cases; i++) {
    size_t units = unit_count / strlen(lookaround_cases[i].unit);
    check_lookaround_case(&lookaround_cases[i], 0, units - units % 2, 2, NULL);
  }
}

/* The atomic and possessive forms around \X that jrx accepts
 * (parse_atomic.c), each on subjects that make PCRE2 give back cluster
 * after cluster from each start: a run of combining marks after an a
 * (one cluster), a ZWJ sequence of emoji (one cluster), regional
 * indicators (pairs, each join counting the indicators before it), Hangul
 * syllables of L V T jamo (a cluster each), a's with a mark or a flag
 * (for the groups starting with a), none ending in what the pattern
 * needs after the run. */
#define COMBINING_MARK "\xcc\x81"
#define WOMAN_ZWJ "\xf0\x9f\x91\xa9\xe2\x80\x8d"
#define REGIONAL_INDICATOR "\xf0\x9f\x87\xa6"
#define HANGUL_LVT "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8"

typedef struct cluster_case {
  redos_case text; /* with no suffix */
  const char *subject_name;
} cluster_case;

static const cluster_case cluster_cases[] = {
    {{"(?:a\\X)++b", "", "a" COMBINING_MARK, ""}, "a's with a mark"},
    {{"(?:a\\X)++b", "", "a" REGIONAL_INDICATOR REGIONAL_INDICATOR, ""}, "a's with a flag"},
    {{"(?>a\\X+)", "a", COMBINING_MARK, ""}, "combining marks"},
    {{"(?>a\\X+)", "a", WOMAN_ZWJ, ""}, "a ZWJ sequence"},
    {{"(?>\\X+a)", "a", COMBINING_MARK, ""}, "combining marks"},
    {{"(?>\\X+a)", "", WOMAN_ZWJ, ""}, "a ZWJ sequence"},
    {{"(?>\\X+a)", "", REGIONAL_INDICATOR, ""}, "regional indicators"},
    {{"(?>\\X+a)", "", HANGUL_LVT, ""}, "Hangul L V T"},
    {{"(?>\\X{1,4}a)", "a", COMBINING_MARK, ""}, "combining marks"},
    {{"(?>\\X{1,4}a)", "", WOMAN_ZWJ, ""}, "a ZWJ sequence"},
    {{"(?>\\X{1,4}a)", "", REGIONAL_INDICATOR, ""}, "regional indicators"},
    {{"(?>\\X{1,4}a)", "", HANGUL_LVT, ""}, "Hangul L V T"},
    {{"\\X{1,3}+b", "", REGIONAL_INDICATOR, ""}, "regional indicators"},
    {{"\\X{1,3}+b", "", HANGUL_LVT, ""}, "Hangul L V T"},
    {{"(?>(\\X)+a\\X)b", "", "a" COMBINING_MARK, ""}, "a's with a mark"},
    {{"(?>(\\X)+a\\X)b", "", REGIONAL_INDICATOR, ""}, "regional indicators"},
    /* Runs to the end of the subject, then items that match empty there. */
    {{"(?>\\X+a?)b", "", WOMAN_ZWJ, ""}, "a ZWJ sequence"},
    {{"(?>\\X+a?)b", "", REGIONAL_INDICATOR, ""}, "regional indicators"},
    {{"(?:a\\X*)++b", "", "a" COMBINING_MARK, ""}, "a's with a mark"},
    {{"(?:a\\X*)++b", "", HANGUL_LVT "a", ""}, "Hangul and a's"},
    {{"(?:(a)(\\X*))*+\\X", "", "a" REGIONAL_INDICATOR, ""}, "a's with a flag"},
};

/* Each engine answers the pattern on the subject with a Pike VM, whose
 * work check_lookaround_case counts. */
static void assert_answered_by_a_pike_vm(const char *pattern, const subject *text) {
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *re =
        reliability_compile(pattern, strlen(pattern), JRX_UTF | reliability_engine_options[e]);
    jrx_match_data *data;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    size_t ovector[2];
    int rc = jrx_match_with(re, data, text->bytes, text->length, 0, 0, ovector, 1);
    assert_true(rc == 1 || rc == JRX_NOMATCH);
    jrx_match_stats stats;
    assert_int_equal(jrx_match_data_stats(data, &stats), 0);
    if (stats.pike_searches + stats.native_pike_searches != stats.searches) {
      fail_msg("/%s/: %llu searches, %llu by a Pike VM", pattern,
               (unsigned long long)stats.searches,
               (unsigned long long)(stats.pike_searches + stats.native_pike_searches));
    }
    jrx_match_data_free(data);
    jrx_free(re);
  }
}

static void test_cluster_atomic_patterns(void **state) {
  (void)state;
  /* Subjects of about 1, 2 and 4 KB (smaller ones leave too much to the
   * ends of the subject); 10 times that in the long variant. */
  size_t bytes = reliability_long_tests() ? 40000 : 4000;
  for (size_t i = 0; i < sizeof cluster_cases / sizeof *cluster_cases; i++) {
    const redos_case *item = &cluster_cases[i].text;
    /* A multiple of 4 units, so that each size is exactly twice the last. */
    size_t units = bytes / strlen(item->unit);
    units -= units % 4;
    check_lookaround_case(item, JRX_UTF, units, 3, cluster_cases[i].subject_name);
    subject whole = build_subject(item, units);
    assert_answered_by_a_pike_vm(item->pattern, &whole);
    free(whole.bytes);
  }
}

static void test_redos_patterns(void **state) {
  (void)state;
  tiny_cache_give_ups = 0;
  /* 10 KB subjects (the Cloudflare line is "x=" and 9998 x's); 100 KB
   * in the long variant. */
  size_t unit_count = reliability_long_tests() ? 99998 : 9998;
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    /* An even number of units, so that the half subject is exactly half. */
    size_t units = unit_count / strlen(cases[i].unit);
    check_case(&cases[i], units - units % 2);
  }
  /* The give-up path's bound was checked on some pattern at least. */
  assert_true(tiny_cache_give_ups > 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_redos_patterns),
      cmocka_unit_test(test_lookaround_patterns),
      cmocka_unit_test(test_cluster_atomic_patterns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
