/* test_match_stats: jrx_match_data_stats counts what really ran: the
 * engine that answered each search (native loops on arm64, C elsewhere),
 * the DFA's states, cache resets and give-ups to the Pike VM, the capture
 * engine, and prefilter candidates and stand-downs; a reset counts from
 * zero, and a warm cache builds no states. A pattern without groups whose
 * iteration runs the capture engine's search gets that code from its
 * first such search, not from its compile, and searches with the DFA when
 * it cannot be built; a pattern with groups asked for one pair runs
 * exactly what the same pattern written with (?:...) runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_expectation.h"
#include "jitmem.h"
#include "jrx.h"
#include "regex/arm64/jit_generation_failure.h"

typedef struct counted_run {
  jrx *re;
  jrx_match_data *data;
  size_t matches;
  jrx_match_stats stats;
} counted_run;

/* Every match of pattern in subject on a fresh match data, asking for
 * pairs ovector pairs (at most 3). */
static void run_pairs(counted_run *out, const char *pattern, const jrx_compile_limits *limits,
                      const char *subject, size_t length, size_t pairs) {
  int error = 0;
  size_t offset = 0;
  out->re = jrx_compile_with_limits(pattern, strlen(pattern), 0, limits, &error, &offset);
  assert_non_null(out->re);
  assert_int_equal(jrx_match_data_create(out->re, &out->data), 0);
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, out->re, subject, length, 0, 0);
  jrx_iterator_set_match_data(&iterator, out->data);
  size_t ovector[6];
  out->matches = 0;
  while (jrx_iterator_next(&iterator, ovector, pairs) >= 0) {
    out->matches++;
  }
  assert_int_equal(jrx_match_data_stats(out->data, &out->stats), 0);
}

/* run_pairs with room for the groups of the patterns below. */
static void run(counted_run *out, const char *pattern, const jrx_compile_limits *limits,
                const char *subject, size_t length) {
  run_pairs(out, pattern, limits, subject, length, 3);
}

static void release(counted_run *done) {
  jrx_match_data_free(done->data);
  jrx_free(done->re);
}

/* The searches the DFA answered, on the engine this build runs. */
static uint64_t dfa_answers(const jrx_match_stats *stats) {
  if (engine_expectation_native_code()) {
    assert_int_equal(stats->dfa_searches, 0);
    return stats->native_dfa_searches;
  }
  assert_int_equal(stats->native_dfa_searches, 0);
  return stats->dfa_searches;
}

static char *random_text(size_t length, const char *alphabet, uint32_t seed) {
  char *text = malloc(length + 1);
  assert_non_null(text);
  size_t letters = strlen(alphabet);
  for (size_t i = 0; i < length; i++) {
    seed = seed * 1103515245u + 12345u;
    text[i] = alphabet[(seed >> 16) % letters];
  }
  text[length] = '\0';
  return text;
}

static void test_searches_and_warm_states(void **state) {
  (void)state;
  static const char text[] = "one two three four five six seven eight nine ten";
  counted_run words;
  run(&words, "\\w+", NULL, text, strlen(text));
  assert_int_equal(words.matches, 10);
  /* Ten matches and the search that finds no more. */
  assert_int_equal(words.stats.searches, 11);
  assert_int_equal(dfa_answers(&words.stats), 11);
  assert_int_equal(words.stats.pike_searches + words.stats.native_pike_searches, 0);
  assert_int_equal(words.stats.dfa_give_ups, 0);
  assert_true(words.stats.dfa_states_built > 0);
  /* Counted again from zero: the cache is warm, no state is new. */
  jrx_match_data_reset_stats(words.data);
  size_t ovector[2];
  assert_int_equal(jrx_match_with(words.re, words.data, text, strlen(text), 4, 0, ovector, 1), 1);
  jrx_match_stats again;
  assert_int_equal(jrx_match_data_stats(words.data, &again), 0);
  assert_int_equal(again.searches, 1);
  assert_int_equal(again.dfa_states_built, 0);
  release(&words);
}

static void test_prefilter_candidates_and_stand_downs(void **state) {
  (void)state;
  char *text = random_text(20000, "abcdefghijklmnopqrstuvwxyz ", 7);
  memcpy(text + 5000, "Holmes", 6);
  memcpy(text + 15000, "Holmes", 6);
  /* A pattern that is a literal needs no DFA: the literal search alone
   * answers, and no prefilter runs. */
  counted_run literal;
  run(&literal, "Holmes", NULL, text, 20000);
  assert_int_equal(literal.matches, 2);
  assert_true(literal.stats.literal_searches >= 2);
  assert_int_equal(literal.stats.searches, literal.stats.literal_searches);
  assert_int_equal(literal.stats.prefilter_candidates, 0);
  release(&literal);
  /* Any other pattern runs the DFA behind a prefilter (a rare byte). */
  counted_run rare;
  run(&rare, "H[a-z]+s", NULL, text, 20000);
  assert_int_equal(rare.matches, 2);
  assert_true(rare.stats.prefilter_candidates >= 2);
  assert_int_equal(rare.stats.prefilter_stand_downs, 0);
  assert_int_equal(rare.stats.literal_searches, 0);
  release(&rare);
  free(text);
  /* Over DNA, a rare pattern made of its letters gets a hit every few
   * bytes: the prefilter stands down. */
  char *dna = random_text(20000, "acgt", 11);
  counted_run dense;
  run(&dense, "g+cccccccc", NULL, dna, 20000);
  assert_int_equal(dense.matches, 0);
  assert_true(dense.stats.prefilter_stand_downs > 0);
  release(&dense);
  free(dna);
}

static void test_give_ups_and_captures(void **state) {
  (void)state;
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.dfa_cache_size = 64 << 10;
  char *text = random_text(20000, "ab", 12345);
  text[19984] = 'a';
  text[19999] = 'c';
  counted_run blowup;
  run(&blowup, "[ab]*a[ab]{14}c", &limits, text, 20000);
  assert_int_equal(blowup.matches, 1);
  assert_true(blowup.stats.dfa_give_ups >= 1);
  assert_true(blowup.stats.dfa_cache_resets >= 1);
  uint64_t pike = engine_expectation_native_code() ? blowup.stats.native_pike_searches
                                                   : blowup.stats.pike_searches;
  assert_int_equal(pike, blowup.stats.dfa_give_ups);
  release(&blowup);
  free(text);

  /* A one-pass pattern whose starts fail cheaply: its one-pass DFA finds
   * the matches, groups and all, without the lazy DFA (two matches and the
   * search that finds no more). */
  static const char mail[] = "write to me@host or you@there";
  counted_run groups;
  run(&groups, "(\\w+)@(\\w+)", NULL, mail, strlen(mail));
  assert_int_equal(groups.matches, 2);
  uint64_t searched = engine_expectation_native_code() ? groups.stats.native_capture_searches
                                                       : groups.stats.capture_searches;
  assert_int_equal(searched, 3);
  assert_int_equal(groups.stats.searches, 3);
  assert_int_equal(dfa_answers(&groups.stats), 0);
  assert_int_equal(groups.stats.native_captures + groups.stats.captures, 0);
  release(&groups);

  /* Not one-pass (a quoted value or any other): the node backtracker
   * searches on its own from each start, as native code in the arm64
   * build (three matches and the search that finds no more). */
  static const char logfmt[] = "level=info msg=\"a b\" x=\"y";
  counted_run nodes;
  run(&nodes, "(\\w+)=(\"[^\"]*\"|\\S+)", NULL, logfmt, strlen(logfmt));
  assert_int_equal(nodes.matches, 3);
  uint64_t nodes_searched = engine_expectation_native_code()
                                ? nodes.stats.native_capture_searches
                                : nodes.stats.capture_searches;
  assert_int_equal(nodes_searched, 4);
  assert_int_equal(nodes.stats.searches, 4);
  release(&nodes);

  /* Asked for the whole match only, the same pattern's groups cost
   * nothing: it runs what the pattern written with (?:...) runs. In C the
   * DFA alone (the dense path) finds each match; native code runs the
   * whole match's node backtracker for an iteration's later searches
   * (fewer instructions than the DFA's two scans), the first one, a
   * search of its own, the DFA. */
  counted_run whole;
  run_pairs(&whole, "(\\w+)=(\"[^\"]*\"|\\S+)", NULL, logfmt, strlen(logfmt), 1);
  assert_int_equal(whole.matches, 3);
  assert_int_equal(whole.stats.searches, 4);
  if (engine_expectation_native_code()) {
    assert_int_equal(whole.stats.native_capture_searches, 3);
    assert_int_equal(dfa_answers(&whole.stats), 1);
  } else {
    assert_int_equal(whole.stats.capture_searches, 0);
    assert_int_equal(dfa_answers(&whole.stats), 4);
  }
  release(&whole);

  /* Without groups, native code's iteration runs that search too for its
   * later matches (jrx_match_captures; the first, a search of its own,
   * takes the DFA). Where words are followed by commas, its failed
   * attempts pass the budget: it gives up, the DFA takes the next 2
   * searches, then the capture engine again. */
  char word_pairs[2048];
  size_t length = 0;
  for (int i = 0; i < 310; i++) {
    const char *piece = i < 10 || i >= 210 ? "ab cd " : "ab, ";
    memcpy(word_pairs + length, piece, strlen(piece));
    length += strlen(piece);
  }
  counted_run plain;
  run_pairs(&plain, "\\w+\\s+\\w+", NULL, word_pairs, length, 1);
  assert_int_equal(plain.matches, 110);
  if (engine_expectation_native_code()) {
    assert_true(plain.stats.native_capture_searches >= 100);
  } else {
    assert_int_equal(plain.stats.capture_searches, 0);
  }
  release(&plain);

  /* Groups placed by the match's bounds: native code's lazy DFA finds
   * each match (in C the sequence search, with no DFA) and no capture
   * engine runs, not even a search of the one-pass DFA. */
  static const char dates[] = "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 "
                              "3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 "
                              "on 2024-03-05 and 2025-12-31.";
  counted_run placed;
  run(&placed, "(\\d{4})-(\\d{2})-(\\d{2})", NULL, dates, strlen(dates));
  assert_int_equal(placed.matches, 2);
  assert_int_equal(placed.stats.placed_groups, 2);
  assert_int_equal(placed.stats.native_captures + placed.stats.captures +
                       placed.stats.pike_captures,
                   0);
  assert_int_equal(placed.stats.native_capture_searches + placed.stats.capture_searches, 0);
  release(&placed);

  /* Groups placed by the bounds of a match the DFA finds (a CSV field is
   * group 1): native code's node backtracker searches for them on its
   * own; in C the dense search finds each match and the bounds place the
   * groups, with no capture engine (jrx.c's dense_pairs_below_of). */
  static const char fields[] = "id,\"a \"\"b\"\"\",,c d,\"e,f\"\nx,y";
  counted_run csv;
  run(&csv, "(\"(?:[^\"]|\"\")*\"|[^,\\n]+)", NULL, fields, strlen(fields));
  assert_int_equal(csv.matches, 6);
  assert_int_equal(csv.stats.native_captures + csv.stats.captures + csv.stats.pike_captures, 0);
  if (engine_expectation_native_code()) {
    assert_int_equal(csv.stats.native_capture_searches, csv.stats.searches);
  } else {
    assert_int_equal(csv.stats.placed_groups, 6);
    assert_int_equal(csv.stats.capture_searches, 0);
    assert_int_equal(dfa_answers(&csv.stats), csv.stats.searches);
  }
  release(&csv);

  /* A pattern neither one-pass nor a table with alternatives: the lazy DFA
   * finds each match and the instruction backtracker fills its groups. */
  static const char pairs[] = "ba ba";
  counted_run filled_run;
  run(&filled_run, "(^|b)+(a)", NULL, pairs, strlen(pairs));
  assert_int_equal(filled_run.matches, 2);
  uint64_t filled = engine_expectation_native_code() ? filled_run.stats.native_captures
                                                     : filled_run.stats.captures;
  assert_int_equal(filled, 2);
  assert_int_equal(filled_run.stats.native_captures + filled_run.stats.captures +
                       filled_run.stats.pike_captures,
                   2);
  /* Filling groups is not a search of its own. */
  assert_int_equal(filled_run.stats.pike_searches + filled_run.stats.native_pike_searches, 0);
  assert_int_equal(dfa_answers(&filled_run.stats), filled_run.stats.searches);
  release(&filled_run);
}

/* 150 items "kD=vD 2024-0D-1D; " into text; returns their length. */
static size_t key_value_dates(char *text, size_t size) {
  size_t length = 0;
  for (int i = 0; i < 150; i++) {
    length += (size_t)snprintf(text + length, size - length, "k%d=v%d 2024-0%d-1%d; ", i % 10,
                               i % 10, i % 10, i % 7);
  }
  return length;
}

/* An iteration's later searches find several matches at once where
 * they can (the capture engine's native search, jrx_match_captures; the
 * search for bounds that place the groups, jrx_match_placed) and hand
 * them out one a call: a whole iteration still counts one search a match
 * and one for the end, as one search a call did. */
static void test_matches_found_ahead_count_once(void **state) {
  (void)state;
  char text[4096];
  size_t length = key_value_dates(text, sizeof text);
  /* A one-pass table, a sequence the search places the groups of (with
   * and without groups), a table with alternatives. */
  static const char *const patterns[] = {"(\\w+)\\s+(\\d+)", "(\\d{4})-(\\d{2})",
                                         "\\d{4}-\\d{2}-\\d{2}", "(\\w+)=(\"[^\"]*\"|\\S+)"};
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    for (size_t pairs = 1; pairs <= 3; pairs += 2) {
      counted_run counted;
      run_pairs(&counted, patterns[p], NULL, text, length, pairs);
      assert_int_equal(counted.matches, 150);
      assert_int_equal(counted.stats.searches, counted.matches + 1);
      release(&counted);
    }
  }
}

/* A pattern without groups hands out the matches its dense search found
 * ahead on jrx_iterator_next's shortest path (jrx.ahead_answer), which
 * counts each as that search's own, as a search a call would have been;
 * a literal set's searches are counted where they run, one a match and
 * one for the end. */
static void test_matches_ahead_without_groups_count_once(void **state) {
  (void)state;
  char text[4096];
  size_t length = key_value_dates(text, sizeof text);
  static const char *const patterns[] = {"\\w+", "[a-z]\\d", "2024|k"};
  static const long matches[] = {750, 300, 300};
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    counted_run counted;
    run_pairs(&counted, patterns[p], NULL, text, length, 1);
    assert_int_equal(counted.matches, matches[p]);
    assert_int_equal(counted.stats.searches, counted.matches + 1);
    release(&counted);
  }
}

/* A start checked with its second byte (capture_starts.h): in Russian
 * text every Cyrillic letter from а to п begins with 0xD0, as о (D0 BE)
 * does, and an attempt from each used to spend the capture search's
 * budget, leaving searches to the DFA. The pair check skips those
 * without an attempt: the capture engine answers every search, the one
 * that finds no more too. */
static void test_paired_starts(void **state) {
  (void)state;
  static const char *const letters[] = {"\xd0\xb0", "\xd0\xb1", "\xd0\xb2", "\xd0\xb5",
                                        "\xd0\xbd", "\xd0\xbe", "\xd1\x82", " "};
  char text[4096];
  size_t length = 0;
  size_t expected = 0;
  int taken = 0; /* the letter before was an о a match took in */
  uint32_t seed = 7;
  while (length + 2 < sizeof text) {
    seed = seed * 1103515245u + 12345u;
    const char *letter = letters[(seed >> 16) % 8];
    /* Each match is an о and the letter after it, the next one's \X. */
    int starts_match = !taken && strcmp(letter, "\xd0\xbe") == 0;
    expected += taken;
    taken = starts_match;
    memcpy(text + length, letter, strlen(letter));
    length += strlen(letter);
  }
  counted_run paired;
  run(&paired, "(*UTF)([a\xd0\xbe\xe7\x9a\x84])(\\X)", NULL, text, length);
  assert_int_equal(paired.matches, expected);
  assert_true(expected > 100);
  uint64_t searched = engine_expectation_native_code() ? paired.stats.native_capture_searches
                                                       : paired.stats.capture_searches;
  assert_int_equal(searched, paired.stats.searches);
  assert_int_equal(dfa_answers(&paired.stats), 0);
  release(&paired);
}

/* Blocks of code live in jitmem's default pool, where jrx installs. */
static size_t live_blocks(void) {
  jitmem_pool *pool = NULL;
  assert_int_equal(jitmem_default_pool(&pool), JITMEM_OK);
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(pool, &stats), JITMEM_OK);
  return stats.block_count;
}

/* Word pairs, most followed by another pair: \w+\s+\w+ has 110 matches,
 * dense enough for an iteration's later searches to run the capture
 * engine's search (jrx_match_captures) in the arm64 build. */
static size_t word_pairs(char *text, size_t size) {
  size_t length = 0;
  for (int i = 0; i < 220; i++) {
    assert_true(length + 3 < size);
    memcpy(text + length, "ab ", 3);
    length += 3;
  }
  return length;
}

static void test_whole_search_built_by_its_first_search(void **state) {
  (void)state;
  /* A first pattern of the process builds its search code at compile
   * time (jrx.c: attach_native_code); this one takes that turn. */
  counted_run first;
  run(&first, "first", NULL, "a first", 7);
  release(&first);
  char text[1024];
  size_t length = word_pairs(text, sizeof text);
  size_t before = live_blocks();
  int error = 0;
  size_t offset = 0;
  jrx *compiled = jrx_compile("\\w+\\s+\\w+", 9, 0, &error, &offset);
  assert_non_null(compiled);
  assert_int_equal(live_blocks(), before); /* no code until a search asks */
  jrx_free(compiled);
  counted_run pairs;
  run_pairs(&pairs, "\\w+\\s+\\w+", NULL, text, length, 1);
  assert_int_equal(pairs.matches, 110);
  if (engine_expectation_native_code()) {
    assert_int_equal(live_blocks(), before + 2); /* the search code, then the engine's */
    assert_true(pairs.stats.native_capture_searches >= 100);
  }
  assert_int_equal(pairs.stats.capture_searches, 0);
  release(&pairs);
  assert_int_equal(live_blocks(), before);

  /* A table with alternatives (a letter stays in [a-z]+ or ends the match):
   * the node backtracker's code and scratch, made the same way. */
  char digits[1024] = "";
  for (int i = 0; i < 200; i++) {
    strcat(digits, "ab1 ");
  }
  counted_run nodes;
  run_pairs(&nodes, "[a-z]+[a-z0-9]", NULL, digits, strlen(digits), 1);
  assert_int_equal(nodes.matches, 200);
  if (engine_expectation_native_code()) {
    assert_true(nodes.stats.native_capture_searches >= 190);
  }
  assert_int_equal(nodes.stats.capture_searches, 0);
  release(&nodes);

  /* Its code failing to build, the iteration and an anchored search give
   * the same answers from the DFA, and no capture engine in C runs. */
  jit_inject_generation_failure(JIT_PART_CAPTURES);
  run_pairs(&pairs, "\\w+\\s+\\w+", NULL, text, length, 1);
  assert_int_equal(pairs.matches, 110);
  assert_int_equal(pairs.stats.capture_searches + pairs.stats.native_capture_searches, 0);
  assert_true(dfa_answers(&pairs.stats) >= 110);
  assert_string_equal(jrx_engine(pairs.re),
                      engine_expectation_native_code() ? "arm64-jit" : "interpreter");
  release(&pairs);
  static const char *const anchored_first[] = {"ab cd ef", "ab, cd"};
  const int expected[] = {1, JRX_NOMATCH};
  for (size_t i = 0; i < 2; i++) {
    counted_run anchored;
    run_pairs(&anchored, "\\w+\\s+\\w+", NULL, "", 0, 1);
    size_t ovector[2];
    const char *subject = anchored_first[i];
    assert_int_equal(jrx_match_with(anchored.re, anchored.data, subject, strlen(subject), 0,
                                    JRX_ANCHORED, ovector, 1),
                     expected[i]);
    if (expected[i] == 1) {
      assert_int_equal(ovector[0], 0);
      assert_int_equal(ovector[1], 5);
    }
    assert_int_equal(jrx_match_data_stats(anchored.data, &anchored.stats), 0);
    assert_int_equal(anchored.stats.capture_searches, 0);
    assert_string_equal(jrx_engine(anchored.re),
                        engine_expectation_native_code() ? "arm64-jit" : "interpreter");
    release(&anchored);
  }
  jit_inject_generation_failure(0);
}

/* The searches of every match of pattern in subject, one pair each. */
static void expect_twin_searches(const char *with_groups, const char *without,
                                 const char *subject, size_t matches) {
  counted_run grouped;
  run_pairs(&grouped, with_groups, NULL, subject, strlen(subject), 1);
  counted_run plain;
  run_pairs(&plain, without, NULL, subject, strlen(subject), 1);
  assert_int_equal(grouped.matches, matches);
  assert_int_equal(plain.matches, matches);
  assert_int_equal(grouped.stats.searches, plain.stats.searches);
  assert_int_equal(grouped.stats.dfa_searches, plain.stats.dfa_searches);
  assert_int_equal(grouped.stats.native_dfa_searches, plain.stats.native_dfa_searches);
  assert_int_equal(grouped.stats.capture_searches, plain.stats.capture_searches);
  assert_int_equal(grouped.stats.native_capture_searches, plain.stats.native_capture_searches);
  assert_int_equal(grouped.stats.native_captures + grouped.stats.captures +
                       grouped.stats.pike_captures + grouped.stats.placed_groups,
                   0);
  if (engine_expectation_native_code()) {
    /* The iteration's later searches: the whole search. */
    assert_true(grouped.stats.native_capture_searches + 2 >= matches);
  }
  release(&grouped);
  release(&plain);
}

static void test_groups_not_asked_for_run_the_twins_search(void **state) {
  (void)state;
  char pairs[1024];
  pairs[word_pairs(pairs, sizeof pairs)] = '\0';
  expect_twin_searches("(\\w+)\\s+(\\w+)", "(?:\\w+)\\s+(?:\\w+)", pairs, 110);
  /* A byte every match holds ('=') and alternatives. */
  char fields[2048] = "";
  for (int i = 0; i < 90; i++) {
    strcat(fields, i % 2 == 0 ? "key=\"a b\" " : "n=42 ");
  }
  expect_twin_searches("(\\w+)=(\"[^\"]*\"|\\S+)", "(?:\\w+)=(?:\"[^\"]*\"|\\S+)", fields,
                       90);
  /* Groups placed by the bounds (a field is the whole match). */
  char csv[2048] = "";
  for (int i = 0; i < 60; i++) {
    strcat(csv, i % 2 == 0 ? "ab,\"c,\"\"d\"," : "12345,x\n");
  }
  expect_twin_searches("(\"(?:[^\"]|\"\")*\"|[^,\\n]+)", "(?:\"(?:[^\"]|\"\")*\"|[^,\\n]+)",
                       csv, 120);
}

/* An iteration asking for one pair, then for every group, then one pair
 * again, gets each match's groups whenever it asks (the matches its
 * group-less twin found ahead hold no groups). */
static void test_pairs_asked_change_within_an_iteration(void **state) {
  (void)state;
  char text[1024];
  size_t length = word_pairs(text, sizeof text);
  int error = 0;
  size_t offset = 0;
  static const char pattern[] = "(\\w+)\\s+(\\w+)";
  jrx *re = jrx_compile(pattern, strlen(pattern), 0, &error, &offset);
  assert_non_null(re);
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, text, length, 0, 0);
  jrx_iterator_set_match_data(&iterator, data);
  size_t ovector[6];
  for (size_t match = 0; match < 110; match++) {
    size_t pairs = match % 7 < 4 ? 1 : 3;
    int found = jrx_iterator_next(&iterator, ovector, pairs);
    assert_int_equal(found, pairs == 1 ? 0 : 3); /* 0: the ovector is too small */
    assert_int_equal(ovector[0], 6 * match);
    assert_int_equal(ovector[1], 6 * match + 5);
    if (pairs == 3) {
      assert_int_equal(ovector[2], 6 * match);
      assert_int_equal(ovector[3], 6 * match + 2);
      assert_int_equal(ovector[4], 6 * match + 3);
      assert_int_equal(ovector[5], 6 * match + 5);
    }
  }
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_NOMATCH);
  jrx_match_data_free(data);
  jrx_free(re);
}

static void test_arguments(void **state) {
  (void)state;
  jrx_match_stats stats;
  assert_int_equal(jrx_match_data_stats(NULL, &stats), JRX_ERROR_NULL);
  jrx *re = jrx_compile("a", 1, 0, NULL, NULL);
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  assert_int_equal(jrx_match_data_stats(data, NULL), JRX_ERROR_NULL);
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  assert_int_equal(stats.searches, 0);
  /* An argument error runs no search. */
  size_t ovector[2];
  assert_int_equal(jrx_match_with(re, data, "a", 1, 5, 0, ovector, 1), JRX_ERROR_BAD_OFFSET);
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  assert_int_equal(stats.searches, 0);
  jrx_match_data_reset_stats(NULL);
  jrx_match_data_free(data);
  jrx_free(re);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_searches_and_warm_states),
      cmocka_unit_test(test_prefilter_candidates_and_stand_downs),
      cmocka_unit_test(test_give_ups_and_captures),
      cmocka_unit_test(test_matches_found_ahead_count_once),
      cmocka_unit_test(test_matches_ahead_without_groups_count_once),
      cmocka_unit_test(test_paired_starts),
      cmocka_unit_test(test_whole_search_built_by_its_first_search),
      cmocka_unit_test(test_groups_not_asked_for_run_the_twins_search),
      cmocka_unit_test(test_pairs_asked_change_within_an_iteration),
      cmocka_unit_test(test_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
