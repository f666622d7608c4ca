/* test_redos: the classic catastrophic-backtracking patterns on long
 * subjects. The work is counted, not timed: the Pike VM's steps and the
 * lazy DFA's scanned bytes plus closure steps, run directly on the
 * compiled program, must at most double (plus 1%) when the subject doubles,
 * and stay within the Pike VM's bound of two visits per instruction and
 * byte. Answers match PCRE2's wherever PCRE2 stays within its match limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "long_tests.h"
#include "regex/jrx_internal.h"
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

static uint64_t pike_work(const jrx *re, const subject *text) {
  pike_scratch *scratch;
  assert_int_equal(pike_scratch_create(&re->program, &scratch), 0);
  pike_stats stats = {0};
  const size_t *slots;
  int rc = pike_match(&re->program, scratch, (const unsigned char *)text->bytes, text->length, 0, 0,
                      &slots, &stats);
  assert_true(rc == 1 || rc == JRX_NOMATCH);
  pike_scratch_destroy(scratch);
  assert_true(stats.steps <= 2u * (uint64_t)(text->length + 1) * re->program.count);
  return stats.steps;
}

/* The DFA's work from a cold cache, or 0 when it gave up (then jrx_match
 * falls back to the Pike VM, whose work is bounded separately). */
static uint64_t dfa_work(const jrx *re, const subject *text) {
  dfa_cache *cache;
  assert_int_equal(dfa_cache_create(re->automaton, NULL, &cache), 0);
  dfa_stats stats = {0};
  size_t start, end;
  int rc = dfa_search(re->automaton, cache, (const unsigned char *)text->bytes, text->length, 0, 0,
                      &start, &end, &stats);
  dfa_cache_destroy(cache);
  if (rc == DFA_GAVE_UP) {
    return 0;
  }
  assert_true(rc == 1 || rc == JRX_NOMATCH);
  assert_true(stats.bytes_scanned <= 2 * (uint64_t)text->length);
  return stats.bytes_scanned + stats.closure_steps;
}

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
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *re = reliability_compile(item->pattern, length, reliability_engine_options[e]);
    int gave_up = reliability_check_match(re, reliability_engine_options[e], oracle, half.bytes,
                                          half.length, 0, 0);
    gave_up |= reliability_check_match(re, reliability_engine_options[e], oracle, full.bytes,
                                       full.length, 0, 0);
    uint64_t pike_half = pike_work(re, &half), pike_full = pike_work(re, &full);
    assert_at_most_double("Pike VM", item->pattern, pike_half, pike_full);
    uint64_t dfa_half = dfa_work(re, &half), dfa_full = dfa_work(re, &full);
    if (dfa_half != 0 && dfa_full != 0) {
      assert_at_most_double("DFA", item->pattern, dfa_half, dfa_full);
    }
    if (e == 0) {
      print_message(
          "/%.40s/ %zu bytes: Pike VM %.1f steps/byte (%u instructions), DFA %s%.1f "
          "work/byte, PCRE2 %s\n",
          item->pattern, full.length, (double)pike_full / (double)full.length, re->program.count,
          dfa_full == 0 ? "gave up, " : "", (double)dfa_full / (double)full.length,
          gave_up ? "hit its match limit" : "agrees");
    }
    jrx_free(re);
  }
  reliability_oracle_destroy(oracle);
  free(half.bytes);
  free(full.bytes);
}

static void test_redos_patterns(void **state) {
  (void)state;
  /* 10 KB subjects (the Cloudflare line is "x=" and 9998 x's); 100 KB
   * in the long variant. */
  size_t unit_count = reliability_long_tests() ? 99998 : 9998;
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    check_case(&cases[i],
               strlen(cases[i].unit) > 1 ? unit_count / strlen(cases[i].unit) : unit_count);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_redos_patterns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
