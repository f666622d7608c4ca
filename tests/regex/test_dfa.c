/* test_dfa: the lazy DFA's (start, end) against the Pike VM's overall match
 * and PCRE2's for a table of patterns over every start offset and match
 * option, a random differential loop with a fixed seed, tiny cache budgets
 * that force emptying and giving up, the start state cache across such
 * emptying (also through the public API's smallest cache), bounds on the
 * work (closure steps and computed transitions), capture reruns from the
 * DFA's match start, allocation failures, and one dfa shared by threads. */
#define _POSIX_C_SOURCE 200809L /* pthread barriers under -std=c11 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "allocation_failure.h"
#include "jrx.h"
#include "regex/dfa.h"
#include "regex/nfa.h"
#include "regex/parse.h"
#include "regex/pike.h"
#include "regex/memory.h"
#include "test_random.h"

#define MAX_GROUPS 16

typedef struct engine_set {
  const char *pattern;
  uint32_t compile_options;
  nfa_program program;
  pike_scratch *scratch;
  dfa *automaton;
  dfa_cache *cache;
  pcre2_code *oracle;
  pcre2_match_data *oracle_data;
} engine_set;

static const uint32_t match_option_sets[] = {
    0,
    JRX_ANCHORED,
    JRX_NOTBOL,
    JRX_NOTEOL,
    JRX_NOTBOL | JRX_NOTEOL,
    JRX_NOTEMPTY,
    JRX_NOTEMPTY_ATSTART,
    JRX_NOTEMPTY_ATSTART | JRX_ANCHORED,
    JRX_NOTEMPTY | JRX_ANCHORED,
};
#define MATCH_OPTION_SET_COUNT (sizeof match_option_sets / sizeof match_option_sets[0])

static uint32_t pcre2_compile_options(uint32_t options) {
  return ((options & JRX_CASELESS) ? PCRE2_CASELESS : 0) |
         ((options & JRX_MULTILINE) ? PCRE2_MULTILINE : 0) |
         ((options & JRX_DOTALL) ? PCRE2_DOTALL : 0) | ((options & JRX_UTF) ? PCRE2_UTF : 0) |
         ((options & JRX_ANCHORED) ? PCRE2_ANCHORED : 0) |
         ((options & JRX_UNGREEDY) ? PCRE2_UNGREEDY : 0);
}

static uint32_t pcre2_match_options(uint32_t options) {
  return ((options & JRX_ANCHORED) ? PCRE2_ANCHORED : 0) |
         ((options & JRX_NOTBOL) ? PCRE2_NOTBOL : 0) | ((options & JRX_NOTEOL) ? PCRE2_NOTEOL : 0) |
         ((options & JRX_NOTEMPTY) ? PCRE2_NOTEMPTY : 0) |
         ((options & JRX_NOTEMPTY_ATSTART) ? PCRE2_NOTEMPTY_ATSTART : 0);
}

/* Compiles pattern for every engine; returns 0, or the parser's error for
 * patterns outside jrx's subset (the random generator makes a few). */
static int engine_set_create(engine_set *set, const char *pattern, uint32_t options,
                             const dfa_limits *limits) {
  memset(set, 0, sizeof *set);
  set->pattern = pattern;
  set->compile_options = options;
  parse_limits parse;
  parse_default_limits(&parse);
  ast_tree tree;
  size_t error_offset;
  int status = parse_pattern(pattern, strlen(pattern), options, &parse, memory_default_allocator(),
                             &tree, &error_offset);
  if (status != 0) {
    return status;
  }
  nfa_compile_limits nfa;
  nfa_default_limits(&nfa);
  status = nfa_compile(&tree, &nfa, &set->program, &error_offset);
  ast_tree_release(&tree);
  assert_int_equal(status, 0);
  assert_int_equal(pike_scratch_create(&set->program, &set->scratch), 0);
  assert_int_equal(dfa_create(&set->program, &set->automaton), 0);
  assert_int_equal(dfa_cache_create(set->automaton, limits, &set->cache), 0);
  int error;
  PCRE2_SIZE pcre2_offset;
  set->oracle = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                              pcre2_compile_options(options), &error, &pcre2_offset, NULL);
  assert_non_null(set->oracle);
  set->oracle_data = pcre2_match_data_create(1, NULL);
  assert_non_null(set->oracle_data);
  return 0;
}

static void engine_set_release(engine_set *set) {
  pcre2_match_data_free(set->oracle_data);
  pcre2_code_free(set->oracle);
  dfa_cache_destroy(set->cache);
  dfa_destroy(set->automaton);
  pike_scratch_destroy(set->scratch);
  nfa_program_release(&set->program);
}

typedef struct outcome {
  int result; /* 1, JRX_NOMATCH, DFA_GAVE_UP or an error */
  size_t start;
  size_t end;
} outcome;

static outcome run_pike(engine_set *set, const char *subject, size_t length, size_t offset,
                        uint32_t options) {
  const size_t *slots;
  outcome o = {0};
  o.result = pike_match(&set->program, set->scratch, (const unsigned char *)subject, length, offset,
                        options, &slots, NULL);
  if (o.result == 1) {
    o.start = slots[0];
    o.end = slots[1];
  }
  return o;
}

static outcome run_dfa(engine_set *set, const char *subject, size_t length, size_t offset,
                       uint32_t options, dfa_stats *stats) {
  outcome o = {0};
  o.result = dfa_search(set->automaton, set->cache, (const unsigned char *)subject, length, offset,
                        options, &o.start, &o.end, stats);
  return o;
}

static void describe(char *buffer, size_t size, const engine_set *set, const char *subject,
                     size_t length, size_t offset, uint32_t options) {
  snprintf(buffer, size, "/%s/ (compile %#x) subject \"%.*s\" from %zu options %#x", set->pattern,
           (unsigned)set->compile_options, (int)length, subject, offset, (unsigned)options);
}

static void assert_same(const outcome *expected, const outcome *actual, const char *what,
                        const char *description) {
  if (expected->result != actual->result ||
      (expected->result == 1 &&
       (expected->start != actual->start || expected->end != actual->end))) {
    fail_msg("%s: %s gives %d [%zu, %zu), expected %d [%zu, %zu)", description, what,
             actual->result, actual->start, actual->end, expected->result, expected->start,
             expected->end);
  }
}

static int starts_character(const engine_set *set, const char *subject, size_t length,
                            size_t offset) {
  return !(set->compile_options & JRX_UTF) || offset == length ||
         ((unsigned char)subject[offset] & 0xc0u) != 0x80u;
}

/* The Pike VM run from the DFA's match start as dfa_rerun_options says
 * gives the same groups as the Pike VM run on the original arguments. */
static void check_rerun(engine_set *set, const char *subject, size_t length, size_t offset,
                        uint32_t options, const outcome *expected, const char *description) {
  uint32_t rerun_options;
  if (expected->result != 1 ||
      !dfa_rerun_options(set->automaton, offset, expected->start, options, &rerun_options)) {
    return;
  }
  size_t original[2 * MAX_GROUPS];
  const size_t *slots;
  uint32_t slot_count = set->program.slot_count;
  assert_true(slot_count <= 2 * MAX_GROUPS);
  assert_int_equal(pike_match(&set->program, set->scratch, (const unsigned char *)subject, length,
                              offset, options, &slots, NULL),
                   1);
  memcpy(original, slots, slot_count * sizeof *slots);
  int rerun = pike_match(&set->program, set->scratch, (const unsigned char *)subject, length,
                         expected->start, rerun_options, &slots, NULL);
  if (rerun != 1 || memcmp(original, slots, slot_count * sizeof *slots) != 0) {
    fail_msg("%s: the rerun from %zu gives other groups", description, expected->start);
  }
}

/* How many cases check_case compared, and with PCRE2 too: each test
 * sets a floor, so that a change that makes them skip their cases fails
 * instead of passing on nothing. */
typedef struct case_counts {
  size_t checked;
  size_t against_pcre2;
  size_t matched;
} case_counts;

static case_counts counts;

/* Fails unless at least checked cases were compared, almost all of them
 * with PCRE2 too, and at least matched of them had a match. */
static void assert_cases_at_least(const char *test, size_t checked, size_t matched) {
  print_message("%s: %zu cases, %zu also against PCRE2, %zu with a match\n", test,
                counts.checked, counts.against_pcre2, counts.matched);
  if (counts.checked < checked || counts.against_pcre2 < counts.checked - counts.checked / 20 ||
      counts.matched < matched) {
    fail_msg("%s compared fewer cases than it must (%zu, %zu matched): it is testing less",
             test, checked, matched);
  }
}

/* The DFA against the Pike VM, the groups of the rerun, and PCRE2, for
 * one case. */
static void check_case(engine_set *set, const char *subject, size_t length, size_t offset,
                       uint32_t options) {
  char description[512];
  describe(description, sizeof description, set, subject, length, offset, options);
  outcome expected = run_pike(set, subject, length, offset, options);
  outcome actual = run_dfa(set, subject, length, offset, options, NULL);
  assert_same(&expected, &actual, "dfa", description);
  check_rerun(set, subject, length, offset, options, &expected, description);
  counts.checked++;
  counts.matched += expected.result == 1;
  int rc = pcre2_match(set->oracle, (PCRE2_SPTR)subject, length, offset,
                       pcre2_match_options(options), set->oracle_data, NULL);
  if (rc < PCRE2_ERROR_NOMATCH) {
    return; /* PCRE2 backtracked past its match limit and has no answer */
  }
  counts.against_pcre2++;
  outcome oracle = {.result = rc >= 0 ? 1 : JRX_NOMATCH};
  if (rc >= 0) { /* 0: more groups than the one ovector pair */
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(set->oracle_data);
    oracle.start = ovector[0];
    oracle.end = ovector[1];
  }
  assert_same(&oracle, &actual, "dfa (against pcre2)", description);
}

/* Every start offset under every option set. */
static void check_subject(engine_set *set, const char *subject, size_t length) {
  for (size_t offset = 0; offset <= length; offset++) {
    if (!starts_character(set, subject, length, offset)) {
      continue; /* jrx_match rejects such offsets before any engine runs */
    }
    for (size_t i = 0; i < MATCH_OPTION_SET_COUNT; i++) {
      check_case(set, subject, length, offset, match_option_sets[i]);
    }
  }
}

static void check_pattern(const char *pattern, uint32_t options, const char *const *subjects,
                          size_t subject_count) {
  engine_set set;
  assert_int_equal(engine_set_create(&set, pattern, options, NULL), 0);
  for (size_t i = 0; i < subject_count; i++) {
    check_subject(&set, subjects[i], strlen(subjects[i]));
  }
  engine_set_release(&set);
}

static const char *const line_subjects[] = {
    "",         "a",       "\n",           "ab",      "a\n",       "\na",
    "a\nb",     "ab\n\n",  "\n\nab\n",     "ab cd\n", "x_y z9\nq", "foo bar\nbaz\n",
    "aaa\nbbb", " a-b_c ", "abab\nabba\n",
};
#define LINE_SUBJECT_COUNT (sizeof line_subjects / sizeof line_subjects[0])

typedef struct pattern_case {
  const char *pattern;
  uint32_t options;
} pattern_case;

static const pattern_case table_patterns[] = {
    {"", 0},
    {"a", 0},
    {"ab", 0},
    {"a|b", 0},
    {"ab|a", 0},
    {"a|ab", 0},
    {"a*", 0},
    {"a+", 0},
    {"a*?", 0},
    {"a+?", 0},
    {"a??b", 0},
    {"(a|ab)(c|bcd)?", 0},
    {"(?:a|b)*b", 0},
    {"a{2,3}", 0},
    {"a{2,3}?", 0},
    {"[a-c]+", 0},
    {"[^\\n]+", 0},
    {".", 0},
    {".*", 0},
    {".*", JRX_DOTALL},
    {".+?b", 0},
    {"(?:)", 0},
    {"x*", 0},
    {"(a*)*", 0},
    {"(a*)+b", 0},
    {"(a|)+", 0},
    {"(|a)+", 0},
    {"a*b|ab*", 0},
    /* Every assertion, alone and next to consuming constructs. */
    {"^", 0},
    {"$", 0},
    {"^", JRX_MULTILINE},
    {"$", JRX_MULTILINE},
    {"\\A", 0},
    {"\\z", 0},
    {"\\Z", 0},
    {"\\G", 0},
    {"\\b", 0},
    {"\\B", 0},
    {"^a", 0},
    {"a$", 0},
    {"^a", JRX_MULTILINE},
    {"a$", JRX_MULTILINE},
    {"^$", 0},
    {"^$", JRX_MULTILINE},
    {"$\\n?^", JRX_MULTILINE},
    {"\\n^", JRX_MULTILINE},
    {"$\\n", JRX_MULTILINE},
    {"$\\n", 0},
    {"\\Z\\n", 0},
    {"b\\Z", 0},
    {"\\n\\Z", 0},
    {"\\n\\z", 0},
    {"\\Aa|b", 0},
    {"\\Ga|b", 0},
    {"\\Gb+", 0},
    {"a\\G", 0},
    {"\\bab\\b", 0},
    {"\\b\\w+\\b", 0},
    {"\\B.\\B", 0},
    {"\\b", JRX_UTF},
    {"\\w+\\b", 0},
    {"\\b.", 0},
    {"\\B", JRX_MULTILINE},
    {"(?m)^\\w+$", 0},
    {"(?m)^.*$", 0},
    {"(?m)$^", 0},
    {"(?m)^^$$", 0},
    {"(^|b)+", 0},
    {"(?:$|a)+", 0},
    {"(?:\\b|a)*", 0},
    {"(?:^a|b$)+", JRX_MULTILINE},
    {"a|\\G|b", 0},
    {"(?:\\Ga)*", 0},
    {"^\\n", JRX_MULTILINE},
    {"\\n$", 0},
    {"\\n$", JRX_MULTILINE},
    {".$", 0},
    {".$", JRX_MULTILINE},
    {"\\s+$", 0},
    {"(?:a|\\n)*\\Z", 0},
    {"[ab]+\\z", 0},
    {"^(?:a|b)*$", 0},
    {"^\\B", 0},
    {"\\B$", 0},
    /* Caseless and lazy/greedy mixtures. */
    {"AB", JRX_CASELESS},
    {"a.*?b", 0},
    {"a.*b", 0},
    {"(a+)(b+)?", 0},
    {"(a+?)(b*)", 0},
    {"x|a*", 0},
    {"a*|x", 0},
    {"(?:ab)+|a", 0},
    {"b+|ab", 0},
    {"a", JRX_UNGREEDY},
    {"a+", JRX_UNGREEDY},
    {"\\d|\\s", 0},
    {"[[:alpha:]]+", 0},
    {"z*$", 0},
    {"a\\Z|b", 0},
};
#define TABLE_PATTERN_COUNT (sizeof table_patterns / sizeof table_patterns[0])

static void test_table_against_pike_and_pcre2(void **state) {
  (void)state;
  counts = (case_counts){0};
  for (size_t i = 0; i < TABLE_PATTERN_COUNT; i++) {
    check_pattern(table_patterns[i].pattern, table_patterns[i].options, line_subjects,
                  LINE_SUBJECT_COUNT);
  }
  assert_cases_at_least("table", 75000, 29000);
}

static const char *const utf_subjects[] = {
    "",
    "\xc3\xa9",
    "a\xc3\xa9"
    "b",
    "\xe2\x82\xac\xe2\x82\xac",
    "\xf0\x9f\x98\x80x",
    "\xc3\xa9\n\xc3\xa9",
    "x\xce\xb1\xce\xb2y",
    "\xc3\x89t\xc3\xa9",
};
#define UTF_SUBJECT_COUNT (sizeof utf_subjects / sizeof utf_subjects[0])

static const pattern_case utf_patterns[] = {
    {"", JRX_UTF},
    {".", JRX_UTF},
    {".+", JRX_UTF},
    {"\\x{e9}", JRX_UTF},
    {"\\x{e9}", JRX_UTF | JRX_CASELESS},
    {"[^a]", JRX_UTF},
    {"[\\x{80}-\\x{10ffff}]+", JRX_UTF},
    {"x*", JRX_UTF},
    {"\\b", JRX_UTF},
    {"\\B", JRX_UTF},
    {"$", JRX_UTF | JRX_MULTILINE},
    {"(?:\\x{20ac}|b)+", JRX_UTF},
    {"[\\x{3b1}-\\x{3c9}]+", JRX_UTF},
    {".\\z", JRX_UTF},
    {"^.", JRX_UTF | JRX_MULTILINE},
    {"\\x{1f600}?x", JRX_UTF},
    {"(?:\\G.)+", JRX_UTF},
    {".", 0},
    {"[\\x80-\\xff]+", 0},
    {"\\xa9", 0},
};
#define UTF_PATTERN_COUNT (sizeof utf_patterns / sizeof utf_patterns[0])

static void test_utf_patterns(void **state) {
  (void)state;
  counts = (case_counts){0};
  for (size_t i = 0; i < UTF_PATTERN_COUNT; i++) {
    check_pattern(utf_patterns[i].pattern, utf_patterns[i].options, utf_subjects,
                  UTF_SUBJECT_COUNT);
  }
  assert_cases_at_least("UTF-8", 5000, 2300);
}

/* ---- Random differential --------------------------------------------- */

static uint64_t random_state;

static uint32_t next_random(uint32_t bound) {
  return test_random_below(&random_state, bound);
}

static const char *const random_atoms[] = {
    "a", "b",   "\\n", " ",   ".",   "[ab]", "[^a]", "\\w",  "\\W", "^",
    "$", "\\b", "\\B", "\\A", "\\z", "\\Z",  "\\G",  "(?:)", "x",
};
#define RANDOM_ATOM_COUNT (sizeof random_atoms / sizeof random_atoms[0])

static void append(char *buffer, size_t size, size_t *length, const char *text) {
  size_t n = strlen(text);
  if (*length + n < size) {
    memcpy(buffer + *length, text, n + 1);
    *length += n;
  }
}

/* A random pattern of nested alternations, concatenations and repeats. */
static void random_pattern(char *buffer, size_t size, size_t *length, int depth) {
  static const char *const repeats[] = {"*", "+", "?", "*?", "+?", "??", "{1,2}", "{2}"};
  size_t begin = *length;
  uint32_t kind = depth > 2 ? 0 : next_random(6);
  if (kind <= 2) {
    append(buffer, size, length, random_atoms[next_random(RANDOM_ATOM_COUNT)]);
  } else if (kind == 3) {
    append(buffer, size, length, next_random(2) ? "(" : "(?:");
    random_pattern(buffer, size, length, depth + 1);
    append(buffer, size, length, "|");
    random_pattern(buffer, size, length, depth + 1);
    append(buffer, size, length, ")");
  } else {
    random_pattern(buffer, size, length, depth + 1);
    random_pattern(buffer, size, length, depth + 1);
  }
  if (next_random(3) == 0 && *length + 12 < size) {
    memmove(buffer + begin + 3, buffer + begin, *length - begin + 1);
    memcpy(buffer + begin, "(?:", 3);
    *length += 3;
    append(buffer, size, length, ")");
    append(buffer, size, length, repeats[next_random(8)]);
  }
}

/* A random subject of about length bytes, whole characters only. */
static size_t random_subject(char *buffer, size_t length) {
  static const char *const pieces[] = {"a", "b", " ", "\n", "x", "_", "\xc3\xa9"};
  size_t used = 0;
  while (used + 2 <= length) {
    const char *piece = pieces[next_random(sizeof pieces / sizeof pieces[0])];
    size_t n = strlen(piece);
    memcpy(buffer + used, piece, n);
    used += n;
  }
  buffer[used] = '\0';
  return used;
}

static void test_random_differential(void **state) {
  (void)state;
  random_state = 20261126;
  static const uint32_t compile_option_sets[] = {
      0, JRX_MULTILINE, JRX_DOTALL, JRX_CASELESS, JRX_UTF, JRX_MULTILINE | JRX_UNGREEDY};
  counts = (case_counts){0};
  for (int round = 0; round < 1500; round++) {
    char pattern[256];
    size_t pattern_length = 0;
    pattern[0] = '\0';
    random_pattern(pattern, sizeof pattern, &pattern_length, 0);
    uint32_t compile_options = compile_option_sets[next_random(6)];
    engine_set set;
    if (engine_set_create(&set, pattern, compile_options, NULL) != 0) {
      continue;
    }
    for (int s = 0; s < 6; s++) {
      char subject[16];
      size_t length = random_subject(subject, next_random(sizeof subject));
      size_t offset = next_random((uint32_t)length + 1);
      while (!starts_character(&set, subject, length, offset)) {
        offset--;
      }
      uint32_t options = match_option_sets[next_random(MATCH_OPTION_SET_COUNT)];
      check_case(&set, subject, length, offset, options);
    }
    engine_set_release(&set);
  }
  assert_cases_at_least("random", 8500, 3500);
}

/* ---- Cache budget and giving up -------------------------------------- */

/* The answer a caller gives: the DFA's, or the Pike VM's when it gave up. */
static outcome search_with_fallback(engine_set *set, const char *subject, size_t length,
                                    size_t offset, uint32_t options, dfa_stats *stats,
                                    int *gave_up) {
  outcome o = run_dfa(set, subject, length, offset, options, stats);
  if (o.result == DFA_GAVE_UP) {
    (*gave_up)++;
    o = run_pike(set, subject, length, offset, options);
  }
  return o;
}

static void fill_ab(char *subject, size_t length, uint32_t seed) {
  random_state = seed;
  for (size_t i = 0; i < length; i++) {
    subject[i] = next_random(2) ? 'a' : 'b';
  }
  subject[length] = '\0';
}

/* (a|b)*a(a|b){12} needs 2^13 forward states on random text: a tiny budget
 * makes the cache thrash, the search gives up and the fallback answers. */
static void test_tiny_budget_gives_up(void **state) {
  (void)state;
  static char subject[20001];
  fill_ab(subject, sizeof subject - 1, 7);
  size_t length = sizeof subject - 1;
  dfa_limits limits;
  dfa_default_limits(&limits);
  limits.memory_budget = 16 * 1024;
  engine_set set;
  assert_int_equal(engine_set_create(&set, "(a|b)*a(a|b){12}c", 0, &limits), 0);
  dfa_stats stats = {0};
  int gave_up = 0;
  outcome actual = search_with_fallback(&set, subject, length, 0, 0, &stats, &gave_up);
  outcome expected = run_pike(&set, subject, length, 0, 0);
  assert_same(&expected, &actual, "fallback", "thrashing search");
  assert_int_equal(gave_up, 1);
  assert_true(stats.cache_resets >= 1);
  assert_true(set.cache->forward.memory_used <= limits.memory_budget);
  engine_set_release(&set);
}

/* With giving up disabled the same thrashing search still answers right,
 * emptying the cache many times and staying within its budget. */
static void test_tiny_budget_resets_but_stays_correct(void **state) {
  (void)state;
  static char subject[3001];
  size_t length = sizeof subject - 1;
  dfa_limits limits;
  dfa_default_limits(&limits);
  limits.memory_budget = 8 * 1024;
  limits.min_bytes_per_state = 0;
  static const char *const patterns[] = {"(a|b)*a(a|b){12}", "(?:a|b)*a(?:a|b){12}\\b",
                                         "(a|b)*b(a|b){10}$"};
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    engine_set set;
    assert_int_equal(engine_set_create(&set, patterns[p], 0, &limits), 0);
    for (uint32_t seed = 1; seed <= 3; seed++) {
      fill_ab(subject, length, seed);
      dfa_stats stats = {0};
      char description[128];
      snprintf(description, sizeof description, "/%s/ seed %u", patterns[p], (unsigned)seed);
      for (size_t offset = 0; offset < length; offset += 997) {
        outcome expected = run_pike(&set, subject, length, offset, 0);
        outcome actual = run_dfa(&set, subject, length, offset, 0, &stats);
        assert_same(&expected, &actual, "dfa", description);
      }
      assert_true(stats.cache_resets > 0);
      assert_true(set.cache->forward.memory_used <= limits.memory_budget);
      assert_true(set.cache->backward.memory_used <= limits.memory_budget);
    }
    engine_set_release(&set);
  }
}

/* A budget too small for a single state gives up at once. */
static void test_budget_below_one_state_gives_up(void **state) {
  (void)state;
  dfa_limits limits;
  dfa_default_limits(&limits);
  limits.memory_budget = 16;
  engine_set set;
  assert_int_equal(engine_set_create(&set, "a+b", 0, &limits), 0);
  outcome o = run_dfa(&set, "xaab", 4, 0, 0, NULL);
  assert_int_equal(o.result, DFA_GAVE_UP);
  engine_set_release(&set);
}

/* ---- Work bounds ----------------------------------------------------- */

/* Each scanned byte costs at most one closure, which visits each
 * instruction at most once: work is linear in the subject length. */
static void test_work_is_linear(void **state) {
  (void)state;
  static char subject[50001];
  size_t length = sizeof subject - 1;
  fill_ab(subject, length, 11);
  static const char *const patterns[] = {"(a|b)*a(a|b){12}", "(?:a*)*c", "(?:a|b|ab)*bba\\b",
                                         "(x+x+)+y"};
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    engine_set set;
    assert_int_equal(engine_set_create(&set, patterns[p], 0, NULL), 0);
    dfa_stats stats = {0};
    int gave_up = 0;
    outcome actual = search_with_fallback(&set, subject, length, 0, 0, &stats, &gave_up);
    outcome expected = run_pike(&set, subject, length, 0, 0);
    assert_same(&expected, &actual, "dfa", patterns[p]);
    const nfa_program *reversed;
    assert_int_equal(dfa_reversed_program(set.automaton, &reversed), 0);
    uint64_t program_size = (uint64_t)set.program.count + reversed->count + 2;
    assert_true(stats.bytes_scanned <= 2 * (uint64_t)length + 2);
    assert_true(stats.transitions_computed <= stats.bytes_scanned + 2);
    assert_true(stats.closure_steps <= (stats.transitions_computed + 4) * program_size);
    engine_set_release(&set);
  }
}

/* Programs whose match starts right after the last excluded byte find
 * the start without the backward DFA (nfa_program.starts_after_excluded);
 * others keep it. Both answer as the Pike VM and PCRE2 do. */
static void test_start_after_excluded(void **state) {
  (void)state;
  static const struct {
    pattern_case pattern;
    int starts_after_excluded;
  } cases[] = {
      {{"\\w+", 0}, 1},         {{"[a-z]+ing", 0}, 1},       {{".*", 0}, 1},
      {{"\\w*", 0}, 1},         {{"[^ ]+", 0}, 1},           {{"\\S+", 0}, 1},
      {{"(?:a|b)+", 0}, 1},      {{"\\w+", JRX_UTF}, 1},     {{"[a-c]+", JRX_CASELESS}, 1},
      {{"\\b\\w+", 0}, 0},      {{"a\\w*", 0}, 0},           {{"x+y", 0}, 0},
      {{"(?:ab)+", 0}, 0},       {{"(?:a|b)+c?", 0}, 0},      {{"\\w+\\s+b", 0}, 0},
      {{".+", JRX_UTF}, 0},      {{"[A-Za-z]{2,3}", 0}, 0},   {{"\\w+$", JRX_MULTILINE}, 0},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    engine_set set;
    assert_int_equal(engine_set_create(&set, cases[c].pattern.pattern, cases[c].pattern.options,
                                       NULL),
                     0);
    if (set.program.starts_after_excluded != cases[c].starts_after_excluded) {
      fail_msg("/%s/: starts_after_excluded %d, expected %d", cases[c].pattern.pattern,
               set.program.starts_after_excluded, cases[c].starts_after_excluded);
    }
    engine_set_release(&set);
    int utf = (cases[c].pattern.options & JRX_UTF) != 0;
    check_pattern(cases[c].pattern.pattern, cases[c].pattern.options,
                  utf ? utf_subjects : line_subjects, utf ? UTF_SUBJECT_COUNT : LINE_SUBJECT_COUNT);
  }
}

/* A start after the last excluded byte is looked for by a byte loop over
 * the DFA_EXCLUDED_LOOP_BYTES bytes before the match's end, then by the
 * vector scan: runs of letters of every length around that bound, from
 * every start offset, start where the run does, or at the start offset
 * inside it, as the Pike VM's do. */
static void test_start_after_excluded_near_and_far(void **state) {
  (void)state;
  engine_set set;
  assert_int_equal(engine_set_create(&set, "[a-z]+ing", 0, NULL), 0);
  char subject[64];
  for (size_t run = 4; run <= 2 * DFA_EXCLUDED_LOOP_BYTES + 8; run++) {
    memcpy(subject, "1. ", 3);
    size_t run_start = 3;
    size_t end = run_start + run;
    for (size_t at = run_start; at < end - 3; at++) {
      subject[at] = (char)('a' + at % 5); /* no i, n or g */
    }
    memcpy(subject + end - 3, "ing 2.", 6);
    size_t length = end + 3;
    for (size_t start = 0; start + 4 <= end; start++) {
      outcome found = run_dfa(&set, subject, length, start, 0, NULL);
      outcome expected = run_pike(&set, subject, length, start, 0);
      size_t wanted_start = start > run_start ? start : run_start;
      if (found.result != 1 || found.start != wanted_start || found.end != end) {
        fail_msg("run of %zu from %zu: dfa %d [%zu, %zu), expected [%zu, %zu)", run, start,
                 found.result, found.start, found.end, wanted_start, end);
      }
      assert_same(&expected, &found, "pike", "dfa");
    }
  }
  engine_set_release(&set);
}

/* Once its states are built, searching again computes nothing new. */
static void test_warm_cache_computes_nothing(void **state) {
  (void)state;
  engine_set set;
  assert_int_equal(engine_set_create(&set, "\\b[a-z]+ing\\b", 0, NULL), 0);
  static const char subject[] = "the king was singing and ringing bells while sitting";
  size_t length = sizeof subject - 1;
  dfa_stats first = {0};
  outcome cold = run_dfa(&set, subject, length, 0, 0, &first);
  assert_int_equal(cold.result, 1);
  assert_int_equal(cold.start, 4);
  assert_int_equal(cold.end, 8);
  assert_true(first.transitions_computed > 0);
  dfa_stats second = {0};
  outcome warm = run_dfa(&set, subject, length, 0, 0, &second);
  assert_same(&cold, &warm, "warm dfa", "second search");
  assert_int_equal(second.transitions_computed, 0);
  assert_int_equal(second.states_built, 0);
  engine_set_release(&set);
}

/* Hands out memory whose every 32-bit word is 1: the first generation a
 * closure would use if its stamps were taken as zeroed. */
static void *malloc_of_ones(size_t size, void *user_data) {
  (void)user_data;
  uint32_t *words = malloc(size + sizeof *words);
  for (size_t i = 0; words != NULL && i < size / sizeof *words + 1; i++) {
    words[i] = 1;
  }
  return words;
}

static void free_of_ones(void *pointer, void *user_data) {
  (void)user_data;
  free(pointer);
}

/* dfa_lazy_init leaves the closure stamps as the allocator gave them: the
 * first step zeroes them (its generation wraps). Were they read unzeroed,
 * every instruction would look visited in that step and nothing match. */
static void test_first_step_zeroes_the_stamps(void **state) {
  (void)state;
  static const jrx_allocator ones = {malloc_of_ones, free_of_ones, NULL};
  static const char pattern[] = "a+b|cd";
  parse_limits parse;
  parse_default_limits(&parse);
  ast_tree tree;
  size_t error_offset;
  assert_int_equal(
      parse_pattern(pattern, sizeof pattern - 1, 0, &parse, &ones, &tree, &error_offset), 0);
  nfa_compile_limits limits;
  nfa_default_limits(&limits);
  nfa_program program;
  assert_int_equal(nfa_compile(&tree, &limits, &program, &error_offset), 0);
  ast_tree_release(&tree);
  dfa *automaton;
  assert_int_equal(dfa_create(&program, &automaton), 0);
  dfa_cache *cache;
  assert_int_equal(dfa_cache_create(automaton, NULL, &cache), 0);
  static const char subject[] = "xxaab cd";
  size_t start = 0;
  size_t end = 0;
  assert_int_equal(dfa_search(automaton, cache, (const unsigned char *)subject,
                              sizeof subject - 1, 0, 0, &start, &end, NULL),
                   1);
  assert_int_equal(start, 2);
  assert_int_equal(end, 5);
  dfa_cache_destroy(cache);
  dfa_destroy(automaton);
  nfa_program_release(&program);
}

/* A search that reaches the end of the subject asks whether a match ends
 * there (dfa_lazy_end_matches): the state remembers its last two answers,
 * so a warm search of a short subject runs no closure at all, and an
 * answer for one context never serves another. */
static void test_end_answers_are_remembered(void **state) {
  (void)state;
  engine_set set;
  assert_int_equal(engine_set_create(&set, "[a-z]+ing\\b|x$", 0, NULL), 0);
  static const char *const subjects[] = {"no match here x", "nothing to sing", "singx"};
  static const uint32_t options[] = {0, JRX_NOTEOL, 0, JRX_NOTEOL};
  for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
    size_t length = strlen(subjects[i]);
    for (size_t o = 0; o < sizeof options / sizeof options[0]; o++) {
      char description[512];
      describe(description, sizeof description, &set, subjects[i], length, 0, options[o]);
      outcome expected = run_pike(&set, subjects[i], length, 0, options[o]);
      dfa_stats cold = {0};
      outcome first = run_dfa(&set, subjects[i], length, 0, options[o], &cold);
      assert_same(&expected, &first, "dfa", description);
      dfa_stats warm = {0};
      outcome second = run_dfa(&set, subjects[i], length, 0, options[o], &warm);
      assert_same(&expected, &second, "warm dfa", description);
      assert_int_equal(warm.closure_steps, 0);
      assert_int_equal(warm.transitions_computed, 0);
    }
  }
  engine_set_release(&set);
}

/* Every match in turn, as jrx_iterator finds them, through the DFA. */
static void test_iteration_over_long_text(void **state) {
  (void)state;
  static const char *const patterns[] = {"\\w+", "(?m)^.*$", "a*", "\\b", "(?:ab|b)+?"};
  static char subject[4001];
  size_t length = sizeof subject - 1;
  random_state = 99;
  length = random_subject(subject, length);
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    engine_set set;
    assert_int_equal(engine_set_create(&set, patterns[p], 0, NULL), 0);
    size_t offset = 0;
    uint32_t options = 0;
    char description[128];
    while (offset <= length) {
      snprintf(description, sizeof description, "/%s/ from %zu options %#x", patterns[p], offset,
               (unsigned)options);
      outcome expected = run_pike(&set, subject, length, offset, options);
      outcome actual = run_dfa(&set, subject, length, offset, options, NULL);
      assert_same(&expected, &actual, "dfa", description);
      if (expected.result != 1) {
        if (options == 0) {
          break;
        }
        offset++;
        options = 0;
        continue;
      }
      offset = expected.end;
      options = expected.start == expected.end ? JRX_NOTEMPTY_ATSTART | JRX_ANCHORED : 0;
    }
    engine_set_release(&set);
  }
}

/* An iteration through dfa_search_dense's runs over words of 10 letters
 * `gap` bytes apart (so each search's first match ends gap bytes after
 * its start offset), each search from where the last match it found
 * ended: every match as the Pike VM finds it, the longest run found, and
 * the bytes the forward DFA stepped. */
static size_t dense_run_iteration(engine_set *set, size_t gap, size_t *longest_run) {
  static char subject[4096];
  size_t length = sizeof subject - 1;
  for (size_t i = 0; i < length; i++) {
    subject[i] = i % gap >= gap - 10 ? (char)('a' + i % 26) : ' ';
  }
  subject[length] = '\0';
  dfa_stats before;
  dfa_cache_stats(set->cache, &before);
  size_t offset = 0;
  size_t bounds[2 * 16];
  *longest_run = 0;
  for (;;) {
    int found = dfa_search_dense(set->automaton, set->cache, (const unsigned char *)subject,
                                 length, offset, 0, bounds, 16);
    outcome expected = run_pike(set, subject, length, offset, 0);
    if (found == JRX_NOMATCH) {
      assert_int_equal(expected.result, JRX_NOMATCH);
      break;
    }
    assert_true(found >= 1);
    *longest_run = (size_t)found > *longest_run ? (size_t)found : *longest_run;
    for (int index = 0; index < found; index++) {
      outcome actual = {1, bounds[2 * index], bounds[2 * index + 1]};
      assert_same(&expected, &actual, "dense run", set->pattern);
      offset = actual.end;
      expected = run_pike(set, subject, length, offset, 0);
    }
  }
  dfa_stats after;
  dfa_cache_stats(set->cache, &after);
  return (size_t)(after.bytes_scanned - before.bytes_scanned);
}

/* A dense search looks ahead for the next matches only after a first
 * match close to its start offset (DFA_DENSE_RUN_MAX_GAP): where matches
 * come 12 bytes apart a run finds several; 80 bytes apart it finds one,
 * and the DFA steps each byte once (a run's window search that found
 * nothing would have its bytes stepped again by the next search). */
static void test_dense_runs_only_after_close_matches(void **state) {
  (void)state;
  engine_set set;
  assert_int_equal(engine_set_create(&set, "[A-Za-z]{8,13}", 0, NULL), 0);
  size_t longest_run;
  size_t stepped = dense_run_iteration(&set, 12, &longest_run);
  assert_true(longest_run > 1);
  stepped = dense_run_iteration(&set, 80, &longest_run);
  assert_true(stepped <= 4096 + 80);
  assert_int_equal(longest_run, 1);
  engine_set_release(&set);
}

/* ---- The start state cache ------------------------------------------ */

/* Every start state the cache remembers is the live state of the
 * direction's start item with the remembered flags. */
static void assert_start_cache_consistent(const dfa_lazy *lazy, uint32_t start_item) {
  assert_true(lazy->start_count <= DFA_START_CACHE_SIZE);
  for (uint32_t i = 0; i < lazy->start_count; i++) {
    uint32_t index = (lazy->start_states[i] & DFA_ID_MASK) / lazy->automaton->stride;
    assert_true(index < lazy->state_count);
    const dfa_state_record *record = &lazy->states[index];
    assert_int_equal(record->id, lazy->start_states[i]);
    assert_int_equal(record->flags, lazy->start_flags[i]);
    assert_int_equal(record->item_count, 1);
    assert_int_equal(lazy->items[record->item_offset], start_item);
  }
}

/* A subject of runs of a and b, mostly long, between spaces and newlines. */
static void fill_ab_runs(char *subject, size_t length, uint32_t seed) {
  random_state = seed;
  for (size_t i = 0; i < length; i++) {
    uint32_t pick = next_random(24);
    subject[i] = pick == 0 ? ' ' : pick == 1 ? '\n' : (pick & 1) ? 'a' : 'b';
  }
  subject[length] = '\0';
}

/* With a budget that empties the cache again and again, searches from
 * many offsets under every option set (so with many start flags, more
 * than the cache has slots for) answer as the Pike VM does, and whatever
 * start states the cache holds afterwards are the live ones. */
static void test_start_state_cache_across_resets(void **state) {
  (void)state;
  static char subject[6001];
  size_t length = sizeof subject - 1;
  fill_ab_runs(subject, length, 5);
  dfa_limits limits;
  dfa_default_limits(&limits);
  limits.memory_budget = 8 * 1024;
  limits.min_bytes_per_state = 0;
  static const char *const patterns[] = {"\\b(?:a|b)*a(?:a|b){9}\\b", "(?m)^(?:a|b)*b(?:a|b){8}$",
                                         "\\Ga[ab]{10}|\\B[ab]{2}(?:a|b)*a(?:a|b){8}"};
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    engine_set set;
    assert_int_equal(engine_set_create(&set, patterns[p], 0, &limits), 0);
    dfa_stats stats = {0};
    char description[128];
    for (size_t offset = 0; offset <= length; offset += 37) {
      for (size_t o = 0; o < MATCH_OPTION_SET_COUNT; o++) {
        uint32_t options = match_option_sets[o];
        snprintf(description, sizeof description, "/%s/ from %zu options %#x", patterns[p],
                 offset, (unsigned)options);
        outcome expected = run_pike(&set, subject, length, offset, options);
        outcome actual = run_dfa(&set, subject, length, offset, options, &stats);
        assert_same(&expected, &actual, "dfa", description);
        assert_start_cache_consistent(&set.cache->forward, DFA_START_ITEM);
        if (set.cache->backward.program != NULL) {
          assert_start_cache_consistent(&set.cache->backward, set.cache->backward.program->start);
        }
      }
    }
    assert_true(stats.cache_resets > 0);
    assert_true(set.cache->forward.start_count > 0);
    engine_set_release(&set);
  }
}

/* The same through the public API, with the smallest cache it allows and
 * a pattern whose DFA needs far more: every match of an iteration, native
 * loops or not, is PCRE2's. */
static void test_smallest_public_cache_matches_pcre2(void **state) {
  (void)state;
  static char subject[40001];
  size_t length = sizeof subject - 1;
  fill_ab_runs(subject, length, 17);
  static const char pattern[] = "(?:a|b)*a(?:a|b){12}|\\bb[ab]{3}\\b";
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.dfa_cache_size = (size_t)64 << 10;
  engine_set oracle;
  assert_int_equal(engine_set_create(&oracle, pattern, 0, NULL), 0);
  static const uint32_t compile_options[] = {0, JRX_NO_JIT};
  for (size_t c = 0; c < sizeof compile_options / sizeof compile_options[0]; c++) {
    int error;
    size_t error_offset;
    jrx *re = jrx_compile_with_limits(pattern, strlen(pattern), compile_options[c], &limits,
                                      &error, &error_offset);
    assert_non_null(re);
    jrx_iterator iterator;
    jrx_iterator_init(&iterator, re, subject, length, 0, 0);
    size_t ovector[2];
    size_t offset = 0;
    size_t matches = 0;
    for (;;) {
      int expected = pcre2_match(oracle.oracle, (PCRE2_SPTR)subject, length, offset, 0,
                                 oracle.oracle_data, NULL);
      int actual = jrx_iterator_next(&iterator, ovector, 1);
      if (expected == PCRE2_ERROR_NOMATCH) {
        assert_int_equal(actual, JRX_NOMATCH);
        break;
      }
      const PCRE2_SIZE *pcre2_ovector = pcre2_get_ovector_pointer(oracle.oracle_data);
      assert_int_equal(actual, 1);
      assert_int_equal(ovector[0], pcre2_ovector[0]);
      assert_int_equal(ovector[1], pcre2_ovector[1]);
      assert_true(ovector[1] > ovector[0]); /* no empty matches: the next search starts here */
      offset = ovector[1];
      matches++;
    }
    assert_true(matches > 100);
    jrx_free(re);
  }
  engine_set_release(&oracle);
}

/* ---- Running out of memory ------------------------------------------ */

/* Fails each allocation of dfa_create, dfa_cache_create and a search that
 * grows every array of the cache in turn: each reports JRX_ERROR_NOMEMORY,
 * and a cache whose search ran out stays usable and right afterwards. */
static void test_allocation_failures(void **state) {
  (void)state;
  static char subject[2001];
  size_t length = sizeof subject - 1;
  fill_ab(subject, length, 3);
  engine_set set;
  assert_int_equal(engine_set_create(&set, "(a|b)*a(a|b){6}b", 0, NULL), 0);
  outcome expected = run_pike(&set, subject, length, 0, 0);
  int completed = 0;
  for (size_t limit = 0; !completed; limit++) {
    dfa *automaton = NULL;
    dfa_cache *cache = NULL;
    allocation_failure_arm(limit);
    int status = dfa_create(&set.program, &automaton);
    if (status == 0) {
      status = dfa_cache_create(automaton, NULL, &cache);
    }
    outcome actual = {0};
    if (status == 0) {
      status = dfa_search(automaton, cache, (const unsigned char *)subject, length, 0, 0,
                          &actual.start, &actual.end, NULL);
    }
    allocation_failure_disarm();
    if (status == JRX_ERROR_NOMEMORY) {
      if (cache != NULL) {
        actual.result = dfa_search(automaton, cache, (const unsigned char *)subject, length, 0, 0,
                                   &actual.start, &actual.end, NULL);
        assert_same(&expected, &actual, "dfa after running out", "(a|b)*a(a|b){6}b");
      }
    } else {
      actual.result = status;
      assert_same(&expected, &actual, "dfa", "(a|b)*a(a|b){6}b");
      completed = 1;
    }
    dfa_cache_destroy(cache);
    dfa_destroy(automaton);
  }
  engine_set_release(&set);
}

/* ---- The table layout the native loops rely on --------------------- */

static int is_word(unsigned char byte) {
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
         (byte >= '0' && byte <= '9') || byte == '_';
}

/* Bytes of one class agree on every byte range of the program and on
 * what the assertions read; the final-newline column comes last. */
static void check_classes(const dfa_automaton *automaton, int splits_newline, int splits_word) {
  const nfa_program *program = automaton->program;
  assert_int_equal(automaton->acceleration_column, automaton->class_count + 2);
  assert_int_equal(automaton->stride, automaton->class_count + 3);
  assert_true(automaton->class_count >= 1 && automaton->class_count <= 256);
  /* The classes are runs of bytes numbered in order, each column's byte
   * its run's first. */
  assert_int_equal(automaton->class_of[0], 0);
  assert_int_equal(automaton->class_of[255], automaton->class_count - 1);
  for (unsigned byte = 1; byte < 256; byte++) {
    unsigned step = (unsigned)(automaton->class_of[byte] - automaton->class_of[byte - 1]);
    assert_true(step <= 1);
    assert_int_equal(automaton->column_byte[automaton->class_of[byte]] == byte, step == 1);
  }
  assert_int_equal(automaton->column_byte[0], 0);
  for (unsigned byte = 0; byte < 256; byte++) {
    uint8_t column = automaton->class_of[byte];
    unsigned representative = automaton->column_byte[column];
    assert_int_equal(automaton->class_of[representative], column);
    for (uint32_t i = 0; i < program->count; i++) {
      const nfa_instruction *instruction = &program->instructions[i];
      if (instruction->opcode == NFA_BYTE_RANGE) {
        int holds = byte >= instruction->low && byte <= instruction->high;
        int holds_for_class =
            representative >= instruction->low && representative <= instruction->high;
        assert_int_equal(holds, holds_for_class);
      }
    }
    if (splits_newline) {
      assert_int_equal(byte == '\n', representative == '\n');
    }
    if (splits_word) {
      assert_int_equal(is_word((unsigned char)byte), is_word((unsigned char)representative));
    }
  }
}

static void test_byte_classes(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    uint32_t options;
    int splits_newline;
    int splits_word;
  } cases[] = {
      {"[a-c]x|y+", 0, 0, 0},
      {"a$", JRX_MULTILINE, 1, 0},
      {"a\\Z", 0, 1, 0},
      {"\\bfoo\\B", 0, 0, 1},
      {".", JRX_UTF, 0, 0},
      {"^\\w+$", JRX_MULTILINE, 1, 1},
      {"\\p{L}", JRX_UTF, 0, 0},
      {"[\\x00\\x02-\\x03\\x07-\\x09BDFHJLNPRTVXZ\\xf0-\\xfe]", 0, 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    engine_set set;
    assert_int_equal(engine_set_create(&set, cases[i].pattern, cases[i].options, NULL), 0);
    check_classes(&set.automaton->forward, cases[i].splits_newline, cases[i].splits_word);
    check_classes(&set.automaton->backward, cases[i].splits_newline, cases[i].splits_word);
    for (unsigned byte = 0; byte < 256; byte++) {
      assert_int_equal(set.automaton->excluded_byte[byte],
                       nfa_byte_set_has(set.program.excluded_bytes, byte));
    }
    engine_set_release(&set);
  }
}

/* dfa_create classes the bytes once for both directions when the
 * backward columns read no class start the forward ones lack: each
 * direction must be what dfa_automaton_init makes of it alone, with the
 * classes copied (\p{L}: its ranges start at 0x80 and 0xc0 already) and
 * made anew (abc under UTF: only the forward columns read continuation
 * bytes, which the backward ones leave in one class with the rest). */
static void test_both_directions_classed_alike(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    uint32_t options;
    int same_classes;
  } cases[] = {
      {"\\p{L}", JRX_UTF, 1},         {"abc", JRX_UTF, 0},
      {"abc", 0, 1},                   {"[a-c]x|y+", 0, 1},
      {"a$", JRX_MULTILINE, 1},        {"\\bfoo\\B", JRX_UTF, 0},
      {"^\\w+$", JRX_MULTILINE, 1},   {"a(?=[x-z])", 0, 1},
      {"(?<=[0-9])a", JRX_UTF, 0},     {"[\\x{80}-\\x{10ffff}]", JRX_UTF, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    engine_set set;
    assert_int_equal(engine_set_create(&set, cases[i].pattern, cases[i].options, NULL), 0);
    dfa_program_reads reads;
    dfa_program_reads_of(&set.program, &reads);
    dfa_automaton alone[2];
    dfa_automaton_init(&alone[0], &set.program, &reads, DFA_FORWARD);
    dfa_automaton_init(&alone[1], &set.program, &reads, DFA_BACKWARD);
    if (memcmp(&alone[0], &set.automaton->forward, sizeof alone[0]) != 0 ||
        memcmp(&alone[1], &set.automaton->backward, sizeof alone[1]) != 0) {
      fail_msg("%s: dfa_create's automata differ from dfa_automaton_init's",
               cases[i].pattern);
    }
    int same = memcmp(alone[0].class_of, alone[1].class_of, sizeof alone[0].class_of) == 0;
    if (same != cases[i].same_classes) {
      fail_msg("%s: the directions' classes are %s, expected %s", cases[i].pattern,
               same ? "the same" : "different", cases[i].same_classes ? "the same" : "different");
    }
    engine_set_release(&set);
  }
}

/* ---- One dfa, many threads ------------------------------------------ */

#define THREAD_COUNT 4

typedef struct thread_work {
  const dfa *automaton;
  pthread_barrier_t *ready; /* all caches made: the first searches race */
  const char *subject;
  size_t length;
  const outcome *expected; /* per start offset */
  int mismatches;
  int failures;
} thread_work;

/* Searches from every offset with a cache of its own. */
static void *search_every_offset(void *argument) {
  thread_work *work = argument;
  dfa_limits limits;
  dfa_default_limits(&limits);
  limits.memory_budget = 4096; /* small, so threads also empty their caches */
  limits.min_bytes_per_state = 0;
  dfa_cache *cache;
  int made = dfa_cache_create(work->automaton, &limits, &cache) == 0;
  pthread_barrier_wait(work->ready);
  if (!made) {
    work->failures++;
    return NULL;
  }
  for (size_t offset = 0; offset <= work->length; offset++) {
    outcome actual = {0};
    actual.result = dfa_search(work->automaton, cache, (const unsigned char *)work->subject,
                               work->length, offset, 0, &actual.start, &actual.end, NULL);
    const outcome *expected = &work->expected[offset];
    if (actual.result != expected->result ||
        (actual.result == 1 && (actual.start != expected->start || actual.end != expected->end))) {
      work->mismatches++;
    }
  }
  dfa_cache_destroy(cache);
  return NULL;
}

/* The dfa is shared; only the caches are per thread. The threads' first
 * searches race to build the reversed program, which one of them
 * publishes (dfa_reversed_program): under ThreadSanitizer too. */
static void test_threads_share_one_dfa(void **state) {
  (void)state;
  static char subject[601];
  random_state = 5;
  size_t length = random_subject(subject, sizeof subject - 1);
  engine_set set;
  assert_int_equal(engine_set_create(&set, "(?:a|b)*a(?:a|b){6}\\b|x_?", 0, NULL), 0);
  static outcome expected[sizeof subject];
  for (size_t offset = 0; offset <= length; offset++) {
    expected[offset] = run_pike(&set, subject, length, offset, 0);
  }
  assert_null(atomic_load(&set.automaton->reversed));
  pthread_barrier_t ready;
  assert_int_equal(pthread_barrier_init(&ready, NULL, THREAD_COUNT), 0);
  thread_work work[THREAD_COUNT];
  pthread_t threads[THREAD_COUNT];
  for (int i = 0; i < THREAD_COUNT; i++) {
    work[i] = (thread_work){.automaton = set.automaton,
                            .ready = &ready,
                            .subject = subject,
                            .length = length,
                            .expected = expected};
    assert_int_equal(pthread_create(&threads[i], NULL, search_every_offset, &work[i]), 0);
  }
  for (int i = 0; i < THREAD_COUNT; i++) {
    assert_int_equal(pthread_join(threads[i], NULL), 0);
    assert_int_equal(work[i].failures, 0);
    assert_int_equal(work[i].mismatches, 0);
  }
  assert_non_null(atomic_load(&set.automaton->reversed));
  pthread_barrier_destroy(&ready);
  engine_set_release(&set);
}

int main(int argc, char **argv) {
  const struct CMUnitTest search_tests[] = {
      cmocka_unit_test(test_table_against_pike_and_pcre2),
      cmocka_unit_test(test_utf_patterns),
      cmocka_unit_test(test_random_differential),
      cmocka_unit_test(test_tiny_budget_gives_up),
      cmocka_unit_test(test_tiny_budget_resets_but_stays_correct),
      cmocka_unit_test(test_budget_below_one_state_gives_up),
      cmocka_unit_test(test_work_is_linear),
      cmocka_unit_test(test_warm_cache_computes_nothing),
      cmocka_unit_test(test_first_step_zeroes_the_stamps),
      cmocka_unit_test(test_end_answers_are_remembered),
      cmocka_unit_test(test_start_after_excluded),
      cmocka_unit_test(test_start_after_excluded_near_and_far),
      cmocka_unit_test(test_iteration_over_long_text),
      cmocka_unit_test(test_dense_runs_only_after_close_matches),
      cmocka_unit_test(test_start_state_cache_across_resets),
      cmocka_unit_test(test_smallest_public_cache_matches_pcre2),
      cmocka_unit_test(test_byte_classes),
      cmocka_unit_test(test_both_directions_classed_alike),
      cmocka_unit_test(test_allocation_failures),
  };
  const struct CMUnitTest thread_tests[] = {
      cmocka_unit_test(test_threads_share_one_dfa),
  };
  if (argc > 1 && strcmp(argv[1], "threads") == 0) {
    return cmocka_run_group_tests(thread_tests, NULL, NULL);
  }
  return cmocka_run_group_tests(search_tests, NULL, NULL);
}
