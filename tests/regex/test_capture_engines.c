/* test_capture_engines: the capture step's engines in C, and the capture
 * step through the public API, differentially:
 *   - onepass_search and backtrack_nodes_search (anchored) against
 *     pike_match with JRX_ANCHORED, and onepass_fill, backtrack_nodes_fill
 *     and backtrack_match, given pike_match's bounds, against its slots:
 *     every start offset, the match options in combinations;
 *   - jrx_match with every group, one pair and none against pcre2_match
 *     with the same ovector sizes (what it returns and every offset);
 *   - the whole-match one-pass table (onepass_build_whole_match) of every
 *     one-pass pattern, searching anchored, against pike_match's bounds;
 *   - groups placed by the match's bounds (capture_offsets_build), given
 *     pike_match's bounds, against its slots;
 * on fixed patterns (one-pass and not, chosen to hit every rule), on
 * loops over runs longer than a 16-byte block, on
 * patterns whose paths multiply (the node backtracker's runs redone with
 * visited bits), on sequences with groups at fixed offsets and near
 * misses (jrx_match places their groups by the bounds in both builds),
 * and on generated ones: a generator of log-like patterns
 * that are often
 * one-pass, and oracle_generate's patterns. The counts of one-pass and
 * other patterns compared are checked, so neither side goes untested.
 * In the arm64 build the native one-pass DFA, the native node backtracker
 * (jit_onepass_nodes_search, counted only when it answered without
 * handing the run to C) and capture backtracker are compared with
 * pike_match the same way, and jrx_match runs them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "../oracle/oracle_generate.h"
#include "../oracle/oracle_pcre2.h"
#include "jrx.h"
#include "regex/arm64/jit_capture.h"
#include "regex/arm64/jit_onepass.h"
#include "regex/backtrack.h"
#include "regex/backtrack_nodes.h"
#include "regex/capture.h"
#include "regex/capture_offsets.h"
#include "regex/dfa.h"
#include "regex/memory.h"
#include "regex/onepass.h"
#include "regex/parse.h"
#include "regex/pike.h"

#define MAX_SLOTS 64

/* Patterns per generated test (fewer under qemu, see CMakeLists.txt). */
#ifndef CAPTURE_ENGINES_GENERATED
#define CAPTURE_ENGINES_GENERATED 600
#endif

/* Where generated code runs. */
#if defined(__aarch64__)
#define NATIVE_CODE 1
#else
#define NATIVE_CODE 0
#endif
#define PCRE2_MATCH_LIMIT 100000u

typedef struct engines {
  const char *pattern;
  size_t pattern_length;
  uint32_t compile_options;
  nfa_program program;
  pike_scratch *pike;
  onepass *table;   /* with alternatives; NULL when the build fails */
  onepass *onepass; /* the table when it is one-pass, else NULL */
  onepass_scratch *onepass_scratch;
  onepass *whole_match; /* the one-pass pattern's table without groups */
  onepass_scratch *whole_match_scratch;
  jit_onepass_code *native_whole_match; /* NATIVE_CODE and one-pass */
  capture_offsets offsets; /* whether the match's bounds place every group */
  backtrack backtracker;
  backtrack_scratch *backtrack_scratch;
  jit_onepass_code *native_onepass;     /* NATIVE_CODE and one-pass */
  jit_onepass_code *native_nodes;       /* NATIVE_CODE and a table with alternatives */
  jit_capture_code *native_backtracker; /* NATIVE_CODE */
  capture_engines captures; /* as jrx_compile builds them (native code where it runs) */
  capture_scratch *capture_scratch;
  jrx *re;
  pcre2_code *oracle;
  pcre2_match_data *oracle_data;
  pcre2_match_context *oracle_context;
} engines;

typedef struct tally {
  size_t onepass_patterns;
  size_t other_patterns;
  size_t onepass_compared; /* matches compared with a one-pass engine */
  size_t native_compared;  /* of them, with native code */
  size_t nodes_compared;   /* with the node backtracker on a table with alternatives */
  size_t native_nodes_compared; /* of the searches, answered by native code alone */
  size_t backtrack_compared;
  size_t searches_compared;   /* capture_search answers (native and C) compared */
  size_t native_search_give_ups; /* of them, native searches that gave up where C answered */
  size_t api_compared;     /* jrx_match calls compared with PCRE2 */
  size_t whole_match_compared; /* whole-match tables' matches compared */
  size_t placed_patterns;      /* patterns whose groups the match's bounds place */
  size_t placed_compared;      /* their matches compared */
} tally;

static void print_pattern(const engines *e) {
  printf("pattern /%.*s/ compile options 0x%x\n", (int)e->pattern_length, e->pattern,
         (unsigned)e->compile_options);
}

static void print_subject(const unsigned char *subject, size_t length) {
  printf("subject \"");
  for (size_t i = 0; i < length; i++) {
    printf(subject[i] >= 0x20 && subject[i] < 0x7f ? "%c" : "\\x%02x", subject[i]);
  }
  printf("\"\n");
}

static void print_slots(const char *label, int status, const size_t *slots, uint32_t count) {
  printf("  %s %d:", label, status);
  for (uint32_t i = 0; status == 1 && i < count; i++) {
    printf(" %td", (ptrdiff_t)slots[i]);
  }
  printf("\n");
}

/* Returns 0 and fills e, or a parse or compile error (generated patterns
 * may be outside jrx's subset, or rejected by PCRE2). */
/* A one-pass program's table without groups is one-pass too. */
static void create_whole_match(engines *e, const dfa_automaton *classes) {
  const jrx_allocator *allocator = memory_default_allocator();
  assert_int_equal(onepass_build_whole_match(&e->program, classes->class_of,
                                             classes->class_count, allocator, &e->whole_match),
                   0);
  assert_true(e->whole_match->one_pass);
  assert_int_equal(e->whole_match->slot_count, 2);
  assert_int_equal(onepass_scratch_create(e->whole_match, allocator, &e->whole_match_scratch), 0);
  if (NATIVE_CODE) {
    assert_int_equal(jit_onepass_compile(e->whole_match, allocator, NULL, &e->native_whole_match),
                     0);
  }
}

static int engines_try_create(engines *e, const char *pattern, size_t length, uint32_t options) {
  memset(e, 0, sizeof *e);
  e->pattern = pattern;
  e->pattern_length = length;
  e->compile_options = options;
  int error;
  PCRE2_SIZE error_offset;
  e->oracle = pcre2_compile((PCRE2_SPTR)pattern, length, oracle_pcre2_compile_options(options),
                            &error, &error_offset, NULL);
  if (e->oracle == NULL) {
    return JRX_ERROR_INTERNAL;
  }
  size_t offset;
  e->re = jrx_compile(pattern, length, options, &error, &offset);
  if (e->re == NULL) {
    pcre2_code_free(e->oracle);
    return error;
  }
  parse_limits parse;
  parse_default_limits(&parse);
  ast_tree tree;
  assert_int_equal(parse_pattern(pattern, length, options, &parse, memory_default_allocator(),
                                 &tree, &offset),
                   0);
  nfa_compile_limits limits;
  nfa_default_limits(&limits);
  assert_int_equal(nfa_compile(&tree, &limits, &e->program, &offset), 0);
  ast_tree_release(&tree);
  if (e->program.slot_count > MAX_SLOTS) {
    nfa_program_release(&e->program);
    jrx_free(e->re);
    pcre2_code_free(e->oracle);
    return JRX_ERROR_TOO_MANY_CAPTURES;
  }
  assert_int_equal(pike_scratch_create(&e->program, &e->pike), 0);
  dfa_program_reads reads;
  dfa_program_reads_of(&e->program, &reads);
  dfa_automaton classes;
  dfa_automaton_init(&classes, &e->program, &reads, DFA_FORWARD);
  int status = onepass_build(&e->program, classes.class_of, classes.class_count, 1,
                             memory_default_allocator(), &e->table);
  assert_true(status == 0 || status == ONEPASS_NOT_ONE_PASS);
  if (status != 0) {
    e->table = NULL;
  } else if (e->table->one_pass) {
    e->onepass = e->table;
    assert_int_equal(
        onepass_scratch_create(e->onepass, memory_default_allocator(), &e->onepass_scratch), 0);
    if (NATIVE_CODE) {
      assert_int_equal(
          jit_onepass_compile(e->onepass, memory_default_allocator(), NULL, &e->native_onepass),
          0);
    }
    create_whole_match(e, &classes);
  } else {
    e->onepass = NULL;
    if (NATIVE_CODE) {
      assert_int_equal(
          jit_onepass_compile(e->table, memory_default_allocator(), NULL, &e->native_nodes), 0);
    }
  }
  if (NATIVE_CODE) {
    assert_int_equal(jit_capture_compile(&e->program, memory_default_allocator(), NULL,
                                         &e->native_backtracker),
                     0);
  }
  int native_failure;
  assert_int_equal(capture_engines_build(&e->captures, &e->program, classes.class_of,
                                         classes.class_count, memory_default_allocator(),
                                         NATIVE_CODE, 0, NULL, &native_failure),
                   0);
  assert_int_equal(native_failure, 0);
  e->capture_scratch = malloc(sizeof *e->capture_scratch);
  assert_non_null(e->capture_scratch);
  assert_int_equal(capture_scratch_create(&e->captures, e->program.slot_count,
                                          memory_default_allocator(), e->capture_scratch),
                   0);
  assert_int_equal(backtrack_create(&e->program, memory_default_allocator(), &e->backtracker), 0);
  assert_int_equal(capture_offsets_build(&e->program, memory_default_allocator(), &e->offsets), 0);
  assert_int_equal(backtrack_scratch_create(e->program.slot_count, memory_default_allocator(),
                                            &e->backtrack_scratch),
                   0);
  e->oracle_data = pcre2_match_data_create(MAX_SLOTS / 2, NULL);
  e->oracle_context = pcre2_match_context_create(NULL);
  assert_non_null(e->oracle_data);
  assert_non_null(e->oracle_context);
  pcre2_set_match_limit(e->oracle_context, PCRE2_MATCH_LIMIT);
  return 0;
}

static void engines_release(engines *e) {
  pcre2_match_context_free(e->oracle_context);
  pcre2_match_data_free(e->oracle_data);
  pcre2_code_free(e->oracle);
  jrx_free(e->re);
  capture_scratch_destroy(e->capture_scratch);
  free(e->capture_scratch);
  capture_engines_release(&e->captures);
  backtrack_scratch_destroy(e->backtrack_scratch);
  backtrack_release(&e->backtracker);
  jit_capture_release(e->native_backtracker);
  jit_onepass_release(e->native_onepass);
  jit_onepass_release(e->native_nodes);
  onepass_scratch_destroy(e->onepass_scratch);
  jit_onepass_release(e->native_whole_match);
  onepass_scratch_destroy(e->whole_match_scratch);
  onepass_release(e->whole_match);
  onepass_release(e->table);
  pike_scratch_destroy(e->pike);
  nfa_program_release(&e->program);
}

static void expect_same_count_of_slots(const engines *e, const unsigned char *subject,
                                       size_t length, size_t offset, uint32_t options,
                                       const char *label, int status, const size_t *slots,
                                       int expected_status, const size_t *expected,
                                       uint32_t count) {
  int same = status == expected_status &&
             (status != 1 || memcmp(slots, expected, count * sizeof *slots) == 0);
  if (!same) {
    print_pattern(e);
    print_subject(subject, length);
    printf("offset %zu match options 0x%x\n", offset, (unsigned)options);
    print_slots(label, status, slots, count);
    print_slots("pike_match", expected_status, expected, count);
    fail();
  }
}

static void expect_same_slots(const engines *e, const unsigned char *subject, size_t length,
                              size_t offset, uint32_t options, const char *label, int status,
                              const size_t *slots, int expected_status,
                              const size_t *expected) {
  expect_same_count_of_slots(e, subject, length, offset, options, label, status, slots,
                             expected_status, expected, e->program.slot_count);
}

/* The whole-match tables against the anchored match's bounds. */
static void check_whole_match(const engines *e, const unsigned char *subject, size_t length,
                              size_t offset, uint32_t options, int anchored,
                              const size_t *expected, tally *counts) {
  const size_t *slots;
  size_t stopped;
  int status = onepass_search(e->whole_match, e->whole_match_scratch, subject, length, offset,
                              offset, options, &slots, &stopped);
  expect_same_count_of_slots(e, subject, length, offset, options, "whole-match onepass_search",
                             status, slots, anchored, expected, 2);
  counts->whole_match_compared += anchored == 1;
  if (e->native_whole_match != NULL) {
    status = jit_onepass_search(e->native_whole_match, e->whole_match_scratch, subject, length,
                                offset, offset, options, &slots, &stopped);
    expect_same_count_of_slots(e, subject, length, offset, options,
                               "whole-match jit_onepass_search", status, slots, anchored,
                               expected, 2);
  }
}

/* capture_search from offset, unanchored, with a fresh budget: native
 * (its loop in generated code in the arm64 build) and in C, each against
 * pike_match's answer (found, expected) where it answered; a native give-up
 * where C answered is counted. */
static void check_capture_search(const engines *e, const unsigned char *subject, size_t length,
                                 size_t offset, uint32_t options, int found,
                                 const size_t *expected, tally *counts) {
  if (!capture_searches(&e->captures) || (options & JRX_ANCHORED) != 0) {
    return;
  }
  int statuses[2];
  for (int native = 1; native >= 0; native--) {
    e->capture_scratch->dfa_searches = 0;
    e->capture_scratch->give_ups = 0;
    const size_t *slots;
    int status = capture_search(&e->captures, e->capture_scratch, subject, length, offset,
                                options, 0, native, &slots);
    statuses[native] = status;
    if (status == BACKTRACK_SPAN_TOO_LONG) {
      continue;
    }
    expect_same_slots(e, subject, length, offset, options,
                      native ? "capture_search (native)" : "capture_search (C)", status, slots,
                      found, expected);
  }
  counts->searches_compared++;
  counts->native_search_give_ups +=
      statuses[1] == BACKTRACK_SPAN_TOO_LONG && statuses[0] != BACKTRACK_SPAN_TOO_LONG;
}

/* The engines against pike_match at one offset with one option set. */
static void check_engines(const engines *e, const unsigned char *subject, size_t length,
                          size_t offset, uint32_t options, tally *counts) {
  size_t expected[MAX_SLOTS];
  const size_t *slots;
  uint32_t slot_bytes = e->program.slot_count * sizeof(size_t);
  if (e->table != NULL) {
    int anchored = pike_match(&e->program, e->pike, subject, length, offset,
                              options | JRX_ANCHORED, &slots, NULL);
    memcpy(expected, slots, slot_bytes);
    size_t stopped;
    int status = backtrack_nodes_search(e->table, e->backtrack_scratch, subject, length, offset,
                                        offset, options, &slots, &stopped);
    expect_same_slots(e, subject, length, offset, options, "backtrack_nodes_search", status,
                      slots, anchored, expected);
    counts->nodes_compared += anchored == 1 && e->onepass == NULL;
    if (e->native_nodes != NULL) {
      uint64_t give_ups = e->backtrack_scratch->native_give_ups;
      status = jit_onepass_nodes_search(e->native_nodes, e->backtrack_scratch, subject, length,
                                        offset, offset, options, &slots, &stopped);
      expect_same_slots(e, subject, length, offset, options, "jit_onepass_nodes_search", status,
                        slots, anchored, expected);
      counts->native_nodes_compared +=
          anchored == 1 && e->backtrack_scratch->native_give_ups == give_ups;
    }
  }
  if (e->onepass != NULL) {
    int anchored = pike_match(&e->program, e->pike, subject, length, offset,
                              options | JRX_ANCHORED, &slots, NULL);
    memcpy(expected, slots, slot_bytes);
    size_t stopped;
    int status = onepass_search(e->onepass, e->onepass_scratch, subject, length, offset, offset,
                                options, &slots, &stopped);
    expect_same_slots(e, subject, length, offset, options, "onepass_search", status, slots,
                      anchored, expected);
    counts->onepass_compared += anchored == 1;
    if (e->native_onepass != NULL) {
      status = jit_onepass_search(e->native_onepass, e->onepass_scratch, subject, length, offset,
                                  offset, options, &slots, &stopped);
      expect_same_slots(e, subject, length, offset, options, "jit_onepass_search", status, slots,
                        anchored, expected);
      counts->native_compared += anchored == 1;
    }
    check_whole_match(e, subject, length, offset, options, anchored, expected, counts);
  }
  int found = pike_match(&e->program, e->pike, subject, length, offset, options, &slots, NULL);
  if (found == 1) {
    memcpy(expected, slots, slot_bytes);
  }
  check_capture_search(e, subject, length, offset, options, found, expected, counts);
  if (found != 1) {
    assert_int_equal(found, JRX_NOMATCH);
    return;
  }
  memcpy(expected, slots, slot_bytes);
  int status = backtrack_match(&e->backtracker, e->backtrack_scratch, subject, length,
                               expected[0], expected[1], offset, options, &slots);
  expect_same_slots(e, subject, length, offset, options, "backtrack_match", status, slots, 1,
                    expected);
  counts->backtrack_compared++;
  if (e->table != NULL) {
    status = backtrack_nodes_fill(e->table, e->backtrack_scratch, subject, length, expected[0],
                                  expected[1], offset, options, &slots);
    expect_same_slots(e, subject, length, offset, options, "backtrack_nodes_fill", status, slots,
                      1, expected);
    counts->nodes_compared += e->onepass == NULL;
  }
  if (e->native_backtracker != NULL) {
    status = jit_capture_match(e->native_backtracker, e->backtrack_scratch, subject, length,
                               expected[0], expected[1], offset, options, &slots);
    expect_same_slots(e, subject, length, offset, options, "jit_capture_match", status, slots, 1,
                      expected);
  }
  if (e->offsets.placed) {
    size_t placed[MAX_SLOTS];
    capture_offsets_fill(&e->offsets, expected[0], expected[1], e->offsets.slot_count, placed);
    expect_same_slots(e, subject, length, offset, options, "capture_offsets_fill", 1, placed, 1,
                      expected);
    counts->placed_compared++;
  }
  if (e->onepass != NULL) {
    status = onepass_fill(e->onepass, e->onepass_scratch, subject, length, expected[0],
                          expected[1], offset, options, &slots);
    expect_same_slots(e, subject, length, offset, options, "onepass_fill", status, slots, 1,
                      expected);
    counts->onepass_compared++;
    if (e->native_onepass != NULL) {
      status = jit_onepass_fill(e->native_onepass, e->onepass_scratch, subject, length,
                                expected[0], expected[1], offset, options, &slots);
      expect_same_slots(e, subject, length, offset, options, "jit_onepass_fill", status, slots,
                        1, expected);
      counts->native_compared++;
    }
  }
}

/* jrx_match against pcre2_match asking for `pairs` pairs. */
static void check_api(const engines *e, const unsigned char *subject, size_t length,
                      size_t offset, uint32_t options, size_t pairs, tally *counts) {
  size_t ovector[MAX_SLOTS];
  for (size_t i = 0; i < MAX_SLOTS; i++) {
    ovector[i] = 12345;
  }
  int status = jrx_match(e->re, (const char *)subject, length, offset, options, ovector, pairs);
  pcre2_match_data *data = e->oracle_data;
  pcre2_match_data *small = NULL;
  if (pairs < MAX_SLOTS / 2) {
    small = pcre2_match_data_create((uint32_t)(pairs == 0 ? 1 : pairs), NULL);
    assert_non_null(small);
    data = small;
  }
  int expected = pcre2_match(e->oracle, subject, length, offset,
                             oracle_pcre2_match_options(options), data, e->oracle_context);
  if (expected == PCRE2_ERROR_MATCHLIMIT || expected == PCRE2_ERROR_DEPTHLIMIT) {
    pcre2_match_data_free(small);
    return;
  }
  if (expected == PCRE2_ERROR_NOMATCH) {
    expected = JRX_NOMATCH;
  } else if (expected < 0) {
    expected = oracle_pcre2_error_to_jrx(expected);
  }
  if (pairs == 0 && expected > 0) {
    expected = 0; /* jrx takes no pair as too small an ovector; PCRE2 always has one */
  }
  const PCRE2_SIZE *oracle = pcre2_get_ovector_pointer(data);
  /* PCRE2 fills at least one pair; jrx none when asked for none. */
  size_t compared = expected >= 0 ? pairs : 0;
  int same = status == expected;
  for (size_t i = 0; same && i < 2 * compared; i++) {
    same = ovector[i] == oracle[i];
  }
  for (size_t i = 2 * pairs; same && i < MAX_SLOTS; i++) {
    same = ovector[i] == 12345; /* nothing written past what was asked */
  }
  if (!same) {
    print_pattern(e);
    print_subject(subject, length);
    printf("offset %zu match options 0x%x, %zu pairs: jrx %d, pcre2 %d\n", offset,
           (unsigned)options, pairs, status, expected);
    for (size_t i = 0; i < compared; i++) {
      printf("  pair %zu: jrx %td,%td pcre2 %td,%td\n", i, (ptrdiff_t)ovector[2 * i],
             (ptrdiff_t)ovector[2 * i + 1], (ptrdiff_t)oracle[2 * i],
             (ptrdiff_t)oracle[2 * i + 1]);
    }
    fail();
  }
  pcre2_match_data_free(small);
  counts->api_compared++;
}

static const uint32_t match_option_sets[] = {
    0,
    JRX_NOTEMPTY,
    JRX_NOTEMPTY_ATSTART,
    JRX_NOTBOL | JRX_NOTEOL,
    JRX_ANCHORED,
    JRX_ANCHORED | JRX_NOTEMPTY_ATSTART,
    JRX_NOTBOL | JRX_NOTEMPTY,
};
#define MATCH_OPTION_SET_COUNT (sizeof match_option_sets / sizeof match_option_sets[0])

static int character_start(const engines *e, const unsigned char *subject, size_t length,
                           size_t offset) {
  return (e->compile_options & JRX_UTF) == 0 || offset == length ||
         (subject[offset] & 0xc0u) != 0x80u;
}

/* Every offset, every option set, every ovector size. */
static void check_subject(const engines *e, const unsigned char *subject, size_t length,
                          tally *counts) {
  size_t all_pairs = jrx_capture_count(e->re) + 1;
  for (size_t offset = 0; offset <= length; offset++) {
    if (!character_start(e, subject, length, offset)) {
      continue;
    }
    for (size_t set = 0; set < MATCH_OPTION_SET_COUNT; set++) {
      uint32_t options = match_option_sets[set];
      check_engines(e, subject, length, offset, options, counts);
      check_api(e, subject, length, offset, options, all_pairs, counts);
      check_api(e, subject, length, offset, options, 1, counts);
      if (set == 0) {
        check_api(e, subject, length, offset, options, 0, counts);
      }
      if (set == 0 && all_pairs > 2) {
        check_api(e, subject, length, offset, options, all_pairs - 1, counts);
      }
    }
  }
}

/* ---- Subjects ---------------------------------------------------------- */

static const char *const pieces[] = {
    "a", "a", "b", "c", "ab", "abc", "1", "42", "-", "=", " ", "  ", "\n", "\"", "\"x y\"",
    "key=value", "x=\"q r\"", "2024-03-05", "[t]", "GET /a HTTP/1.1", ",", "\"\"", "_",
    "A", "B", "\xc3\xa9", "\xc3\x89", "\xe2\x82\xac", "\t"};
#define PIECE_COUNT (sizeof pieces / sizeof pieces[0])

/* Pieces drawn at random up to a random length under capacity. */
static size_t subject_of_pieces(oracle_random *random, const char *const *from, size_t count,
                                unsigned char *subject, size_t capacity) {
  size_t target = oracle_random_below(random, (uint32_t)capacity);
  size_t length = 0;
  for (;;) {
    const char *piece = from[oracle_random_below(random, (uint32_t)count)];
    size_t size = strlen(piece);
    if (size > target - length) {
      return length;
    }
    memcpy(subject + length, piece, size);
    length += size;
  }
}

static size_t random_subject(oracle_random *random, unsigned char *subject, size_t capacity) {
  return subject_of_pieces(random, pieces, PIECE_COUNT, subject, capacity);
}

static void count_pattern(const engines *e, tally *counts) {
  if (e->onepass != NULL) {
    counts->onepass_patterns++;
  } else {
    counts->other_patterns++;
  }
  counts->placed_patterns += e->offsets.placed != 0;
}

static void check_pattern(const engines *e, oracle_random *random, int subjects, tally *counts) {
  unsigned char subject[40];
  count_pattern(e, counts);
  for (int round = 0; round < subjects; round++) {
    size_t length = random_subject(random, subject, sizeof subject);
    check_subject(e, subject, length, counts);
  }
}

static void print_tally(const char *label, const tally *counts) {
  printf("%s: %zu one-pass and %zu other patterns; %zu one-pass (%zu native), %zu node "
         "backtracker (tables with alternatives; %zu native searches) and %zu instruction "
         "backtracker matches, %zu "
         "whole-match table matches, %zu jrx_match calls compared; %zu patterns (%zu "
         "matches) with groups placed by the match's bounds\n",
         label, counts->onepass_patterns, counts->other_patterns, counts->onepass_compared,
         counts->native_compared, counts->nodes_compared, counts->native_nodes_compared,
         counts->backtrack_compared,
         counts->whole_match_compared, counts->api_compared, counts->placed_patterns,
         counts->placed_compared);
  printf("%s: %zu capture_search answers compared (native and C), %zu native give-ups where C "
         "answered\n",
         label, counts->searches_compared, counts->native_search_give_ups);
  if (NATIVE_CODE) {
    assert_true(counts->native_compared > 0);
    assert_true(counts->nodes_compared == 0 || counts->native_nodes_compared > 0);
  }
}

/* ---- Fixed patterns ---------------------------------------------------- */

typedef struct pattern_case {
  const char *pattern;
  uint32_t options;
  int onepass; /* what onepass_build must say */
} pattern_case;

static const pattern_case fixed[] = {
    {"(a)", 0, 1},
    {"(a)(b)(c)", 0, 1},
    {"(a|b)*c", 0, 1},
    {"(a*)(b)", 0, 1},
    {"(a+)(b+)", 0, 1},
    {"(a)?b", 0, 1},
    {"(a?)b", 0, 1},
    {"(\\w+)\\s+(\\w+)", 0, 1},
    {"(\\d{4})-(\\d{2})-(\\d{2})", 0, 1},
    {"^(\\S+) (\\S+) \\[([^\\]]+)\\] \"([A-Z]+) ([^ \"]+)\" (\\d{3}) (\\d+|-)$", 0, 1},
    {"^(\\S+) \"(\\S+)\"$", 0, 0},
    {"^(?<ip>\\S+) \\S+ (?<user>\\S+)$", 0, 1},
    {"(a*)*", 0, 1},
    {"(a|)+", 0, 1},
    {"()", 0, 1},
    {"(a*?)b", 0, 1},
    {"(a+?)b", 0, 1},
    {"(a+?)", 0, 1},
    {"(a*)", 0, 1},
    {"(a*?)", 0, 1},
    {"(a?\?)a", 0, 0},
    {"(\\b\\w+\\b)", 0, 1},
    {"(^a|b)", JRX_MULTILINE, 1},
    {"(a$)", JRX_MULTILINE, 1},
    {"(a)(\\Z)", 0, 1},
    {"(\\Ga)", 0, 1},
    {"(a)\\b(b)?", 0, 1},
    {"(\\A)(a)", 0, 1},
    {"(a)(?:b|(c))*", 0, 1},
    {"(?:(a)|b)+", 0, 1},
    {"(a)+", 0, 1},
    {"(a){2}", 0, 1},
    {"(a){0,3}b", 0, 1},
    /* Groups placed by the match's bounds, and ones that are not: saved at
     * two distances, on some paths only, after a loop, from the end. */
    {"(a)(bc|de)(f)", 0, 1},
    {"(a|bc)(d)", 0, 1},
    {"(a|bc)(d|ef)", 0, 1},
    {"x(\\d{2})?y", 0, 1},
    {"(a+)b(c)", 0, 1},
    {"(\\w)\\b(\\w)", 0, 1},
    {"(\xc3\xa9|e)(b)", JRX_UTF, 1},
    {"(.)(a)", JRX_UTF, 1},
    {"(a{2,3})(a*)", 0, 0},
    {"(a|ab)(c|bcd)", 0, 0},
    {"(\\w+)=(\"[^\"]*\"|\\S+)", 0, 0},
    {"(\"(?:[^\"]|\"\")*\"|[^,\\n]+)", 0, 0},
    {"(.*)(b)", 0, 0},
    {"(.*?)(b)", 0, 0},
    {"(A)(b)", JRX_CASELESS, 1},
    {"(\xc3\xa9+)(.)", JRX_UTF, 0},
    {"(\xc3\xa9+)(a)", JRX_UTF, 1},
    {"([^a]+)a", JRX_UTF, 1},
    {"(\\w)(\\W)", JRX_UTF, 1},
    {"(.)", JRX_UTF | JRX_DOTALL, 1},
    {"(a+)(?:b(a+))*", JRX_UNGREEDY, 1},
    {"(a)|(b)|(c)", 0, 1},
    {"x(a|b|)y", 0, 1},
    {"(a(b(c)))", 0, 1},
    {"a\\z|(b)", 0, 1},
    {"(\\bab\\B)", 0, 1},
    {"\\ba|\\Ba", 0, 0},
    /* Starts whose second byte is checked first (capture_starts.h): after
     * a, a b or c; after C3, A9 (the pieces hold C3 89 too). */
    {"(ab|\xc3\xa9)(.)", JRX_UTF, 1},
    {"(a[bc]|\xe2\x82\xac)(c)", JRX_UTF, 1},
    {"(ab)+c", 0, 1},
    {"(ab|a)(b|c)", 0, 0},
    /* Anchored, without groups: jrx_match's whole-match table. */
    {"^\\S+ \\S+$", 0, 1},
    {"^(?:a|b)*c", 0, 1},
    {"^a*?\\b", 0, 1},
    {"^(?:\\d+|-) \"[^\"]*\"", 0, 1},
    {"\\A(?:\\w+=\\S+ ?)+$", JRX_MULTILINE, 0},
    {"^(?:x|xy)z", 0, 0},
};
#define FIXED_COUNT (sizeof fixed / sizeof fixed[0])

static void fixed_patterns(void **state) {
  (void)state;
  oracle_random random;
  oracle_random_seed(&random, 22u);
  tally counts = {0};
  for (size_t i = 0; i < FIXED_COUNT; i++) {
    engines e;
    assert_int_equal(engines_try_create(&e, fixed[i].pattern, strlen(fixed[i].pattern),
                                        fixed[i].options),
                     0);
    if ((e.onepass != NULL) != fixed[i].onepass) {
      print_pattern(&e);
      printf("onepass_build said %s\n", e.onepass != NULL  ? "one-pass"
                                         : e.table != NULL ? "alternatives"
                                                           : "no table");
      fail();
    }
    check_pattern(&e, &random, 30, &counts);
    engines_release(&e);
  }
  print_tally("fixed", &counts);
  assert_true(counts.placed_patterns >= 8);
  assert_true(counts.placed_patterns + 8 <= FIXED_COUNT);
  assert_true(counts.placed_compared > 0);
}

/* A pattern and what a fact of its table (a table_fact) should be. */
typedef struct table_fact_case {
  const char *pattern;
  int expected;
} table_fact_case;

typedef int (*table_fact)(const engines *e);

/* Each case's fact against its expected value, then the pattern run with
 * check_pattern (searches after longer matches: an attempt's slots left
 * behind), against the Pike VM and PCRE2. */
static void check_table_facts(const char *label, table_fact fact, const table_fact_case *cases,
                              size_t count, uint32_t seed, tally *counts) {
  oracle_random random;
  oracle_random_seed(&random, seed);
  for (size_t i = 0; i < count; i++) {
    engines e;
    assert_int_equal(engines_try_create(&e, cases[i].pattern, strlen(cases[i].pattern), 0), 0);
    assert_non_null(e.table);
    if (fact(&e) != cases[i].expected) {
      print_pattern(&e);
      printf("%s %d, expected %d\n", label, fact(&e), cases[i].expected);
      fail();
    }
    check_pattern(&e, &random, 30, counts);
    engines_release(&e);
  }
  print_tally(label, counts);
}

static int every_slot_saved_fact(const engines *e) {
  return e->table->every_slot_saved;
}

/* Runs longer than the one-pass loops' 16-byte blocks (byte_ranges.h):
 * words, numbers and gaps of 15 to 33 bytes, so that runs end before, at
 * and after block edges, and at the subject's end, where the blocks stop
 * and the byte loop goes on. */
static const char *const long_pieces[] = {
    "a", "ab", " ", "  ", ",", "-", "42", "\t", "x=\"q r\"", "abcdefghijklmno",
    "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopqrstuvwxyz01234",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdef", "9876543210987654321", "                 "};
#define LONG_PIECE_COUNT (sizeof long_pieces / sizeof long_pieces[0])

static void loops_longer_than_a_block(void **state) {
  (void)state;
  static const char *const patterns[] = {"(\\w+)\\s+(\\w+)", "(\\S+) (\\S+)",
                                         "([a-z]+)(\\d+)", "([^,]+),", "([a-p]+)(q)?"};
  oracle_random random;
  oracle_random_seed(&random, 23u);
  tally counts = {0};
  for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
    engines e;
    assert_int_equal(engines_try_create(&e, patterns[i], strlen(patterns[i]), 0), 0);
    assert_non_null(e.onepass);
    count_pattern(&e, &counts);
    unsigned char subject[100];
    for (int round = 0; round < 4; round++) {
      size_t length =
          subject_of_pieces(&random, long_pieces, LONG_PIECE_COUNT, subject, sizeof subject);
      check_subject(&e, subject, length, &counts);
    }
    engines_release(&e);
  }
  print_tally("long runs", &counts);
}

/* A table's every_slot_saved, which lets the searches leave a slot
 * unset only when every match stores it: yes where each group is on every
 * path to the match (an alternation inside the group, a repeated group,
 * one that may be empty), no where one may be left out. */
static void every_slot_saved_answers(void **state) {
  (void)state;
  static const table_fact_case cases[] = {
      {"(\\w+)\\s+(\\w+)", 1},
      {"(a)(b)(c)", 1},
      {"(a|bc)(d)", 1},
      {"(a)+", 1},
      {"(a*)b", 1},
      {"x(a|b|)y", 1},
      {"^(?<ip>\\S+) \\S+ (?<user>\\S+)$", 1},
      {"(a)?b", 0},
      {"(a)*b", 0},
      {"(a)|(b)", 0},
      {"(?:(a)|b)+", 0},
      {"(a)(?:b|(c))*", 0},
      {"(\\w+)(?:-(\\w+))?", 0},
  };
  tally counts = {0};
  check_table_facts("every_slot_saved", every_slot_saved_fact, cases,
                    sizeof cases / sizeof cases[0], 23u, &counts);
}

/* 1 when the table has a wide copy and the whole-match table (if any)
 * none, 0 when neither has, 2 when only the whole-match table has. */
static int wide_fact(const engines *e) {
  int whole = e->whole_match != NULL && e->whole_match->wide != NULL;
  return whole ? 2 : e->table->wide != NULL;
}

/* A table's wide copy (onepass.h's wide table), whose branch-free steps store the
 * groups' slots in the C searches: made where a node other than the
 * start stores a slot on a transition (a group inside the match, one
 * ending into a node with a match, a table with alternatives), left out
 * where only the start and the match store (groups at the ends, the
 * whole-match tables). */
static void wide_tables(void **state) {
  (void)state;
  static const table_fact_case cases[] = {
      {"(\\w+)\\s+(\\w+)", 1},
      {"a(b)c", 1},
      {"(a)(b)", 1},
      {"(\\w+)=(\"[^\"]*\"|\\S+)", 1},
      {"(\"(?:[^\"]|\"\")*\"|[^,\\n]+)", 0},
      {"^(?<ip>\\S+) \\S+ (?<user>\\S+) \\[(?<time>[^\\]]+)\\]$", 1},
      {"(?:x(a)|y(bc))z", 1},
      {"(abc)", 0},
      {"\\w+\\s+\\w+", 0},
      {"(a+)", 0},
  };
  tally counts = {0};
  check_table_facts("wide table", wide_fact, cases, sizeof cases / sizeof cases[0], 29u,
                    &counts);
  assert_true(counts.nodes_compared > 0);
  assert_true(counts.onepass_compared > 0);
}

/* The node backtracker runs without visited bits first and redoes a run
 * with them once it has walked past its budget: patterns with paths that
 * multiply, on runs of a long enough for that, at every offset. */
static void node_runs_redone_with_bits(void **state) {
  (void)state;
  static const char *const patterns[] = {"(a|ab)*(c)", "(a|aa)*$", "(a|aa)*b", "(aa|a)*c"};
  static const char *const subjects[] = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
                                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaac"};
  tally counts = {0};
  uint64_t reruns = 0;
  uint64_t native_give_ups = 0;
  for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
    engines e;
    assert_int_equal(engines_try_create(&e, patterns[i], strlen(patterns[i]), 0), 0);
    assert_non_null(e.table);
    assert_null(e.onepass);
    for (size_t j = 0; j < sizeof subjects / sizeof subjects[0]; j++) {
      size_t length = strlen(subjects[j]);
      for (size_t offset = 0; offset <= length; offset++) {
        check_engines(&e, (const unsigned char *)subjects[j], length, offset, 0, &counts);
        check_engines(&e, (const unsigned char *)subjects[j], length, offset, JRX_NOTEMPTY,
                      &counts);
      }
    }
    reruns += e.backtrack_scratch->bit_reruns;
    native_give_ups += e.backtrack_scratch->native_give_ups;
    engines_release(&e);
  }
  printf("node runs redone with visited bits: %llu of %zu compared; native runs handed to C: "
         "%llu\n",
         (unsigned long long)reruns, counts.nodes_compared, (unsigned long long)native_give_ups);
  assert_true(reruns > 0);
  assert_true(!NATIVE_CODE || native_give_ups > 0);
  assert_true(counts.nodes_compared > 0);
}

/* A quoted CSV field with more doubled quotes than the native node
 * backtracker's job stack holds (each leaves a choice pending): the
 * native run hands over to C, which answers as the Pike VM does. */
static void native_nodes_stack_full(void **state) {
  (void)state;
  static const char pattern[] = "(\"(?:[^\"]|\"\")*\"|[^,\\n]+)";
  unsigned char subject[2 + 2 * 300 + 2];
  size_t length = 0;
  subject[length++] = '"';
  for (int i = 0; i < 300; i++) {
    subject[length++] = '"';
    subject[length++] = '"';
  }
  subject[length++] = '"';
  subject[length++] = ',';
  engines e;
  assert_int_equal(engines_try_create(&e, pattern, strlen(pattern), 0), 0);
  assert_null(e.onepass);
  tally counts = {0};
  for (size_t offset = 0; offset < 4; offset++) {
    check_engines(&e, subject, length, offset, 0, &counts);
  }
  assert_true(counts.nodes_compared > 0);
  assert_true(!NATIVE_CODE || e.backtrack_scratch->native_give_ups > 0);
  engines_release(&e);
}

/* ---- Generated patterns ------------------------------------------------ */

static const char *const atoms[] = {
    "a", "b", "c", "-", "=", " ", "\"", "\\d", "\\w", "\\s", "\\S", "[^\"]", "[a-c]", ".",
    "[^,\\n]", "\\W", "\\xc3\\xa9", "[0-9a-f]", ","};
#define ATOM_COUNT (sizeof atoms / sizeof atoms[0])
static const char *const anchors[] = {"^", "$", "\\b", "\\B", "\\A", "\\z", "\\Z", "\\G"};
#define ANCHOR_COUNT (sizeof anchors / sizeof anchors[0])
static const char *const quantifiers[] = {"*", "+", "?", "{2}", "{1,3}", "*?", "+?", "{0,2}"};
#define QUANTIFIER_COUNT (sizeof quantifiers / sizeof quantifiers[0])

typedef struct text {
  char bytes[512];
  size_t length;
} text;

static void append(text *out, const char *piece) {
  size_t size = strlen(piece);
  if (out->length + size < sizeof out->bytes) {
    memcpy(out->bytes + out->length, piece, size);
    out->length += size;
  }
}

/* A sequence of log-like pieces: atoms and loops with separators,
 * groups (captured, named, plain), alternations, anchors. */
static void generate_sequence(oracle_random *random, text *out, int depth) {
  int items = 1 + (int)oracle_random_below(random, 4);
  for (int i = 0; i < items; i++) {
    uint32_t kind = oracle_random_below(random, depth > 2 ? 3 : 7);
    if (kind == 0 && oracle_random_below(random, 4) == 0) {
      append(out, anchors[oracle_random_below(random, ANCHOR_COUNT)]);
      continue;
    }
    if (kind <= 2) {
      append(out, atoms[oracle_random_below(random, ATOM_COUNT)]);
    } else {
      static const char *const openers[] = {"(", "(?:", "(?<n%u>", "("};
      uint32_t opener = oracle_random_below(random, 4);
      if (opener == 2) {
        char name[16];
        snprintf(name, sizeof name, "(?<n%u>", (unsigned)out->length);
        append(out, name);
      } else {
        append(out, openers[opener]);
      }
      generate_sequence(random, out, depth + 1);
      if (kind == 6) {
        append(out, "|");
        generate_sequence(random, out, depth + 1);
      }
      append(out, ")");
    }
    if (oracle_random_below(random, 3) == 0) {
      append(out, quantifiers[oracle_random_below(random, QUANTIFIER_COUNT)]);
    }
  }
}

static uint32_t random_compile_options(oracle_random *random) {
  static const uint32_t bits[] = {JRX_CASELESS, JRX_MULTILINE, JRX_DOTALL, JRX_UTF,
                                  JRX_UNGREEDY};
  uint32_t options = 0;
  for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
    options |= oracle_random_below(random, 4) == 0 ? bits[i] : 0u;
  }
  return options;
}

static void generated_log_patterns(void **state) {
  (void)state;
  oracle_random random;
  oracle_random_seed(&random, 2026u);
  tally counts = {0};
  for (int i = 0; i < CAPTURE_ENGINES_GENERATED; i++) {
    text pattern = {{0}, 0};
    if (oracle_random_below(&random, 3) == 0) {
      append(&pattern, "^");
    }
    generate_sequence(&random, &pattern, 0);
    engines e;
    if (engines_try_create(&e, pattern.bytes, pattern.length, random_compile_options(&random)) !=
        0) {
      continue;
    }
    check_pattern(&e, &random, 4, &counts);
    engines_release(&e);
  }
  print_tally("generated", &counts);
  assert_true(counts.onepass_patterns >= CAPTURE_ENGINES_GENERATED / 5);
  assert_true(counts.other_patterns >= CAPTURE_ENGINES_GENERATED / 4);
  assert_true(counts.onepass_compared >= 16 * CAPTURE_ENGINES_GENERATED);
  assert_true(counts.whole_match_compared >= 4 * CAPTURE_ENGINES_GENERATED);
  assert_true(counts.placed_patterns >= CAPTURE_ENGINES_GENERATED / 50);
  assert_true(counts.placed_compared >= CAPTURE_ENGINES_GENERATED);
}

/* ---- Groups at fixed offsets ------------------------------------------- */

static const char *const layout_atoms[] = {"\\d", "-", "[a-c]", "x", "\\xc3\\xa9", "[0-9a-f]",
                                           ":", "\\w"};
#define LAYOUT_ATOM_COUNT (sizeof layout_atoms / sizeof layout_atoms[0])
/* What makes a group's bounds move, or sets it on some matches only. */
static const char *const layout_flaws[] = {")?", ")+", "){1,2}", "){2}", "|ab)", "|a)|(b)"};
#define LAYOUT_FLAW_COUNT (sizeof layout_flaws / sizeof layout_flaws[0])
static const char *const layout_pieces[] = {"2024-03-05", "1", "42", "-", "a", "bc", "x",
                                            "\xc3\xa9", ":", "ff", " ", "12:34"};
#define LAYOUT_PIECE_COUNT (sizeof layout_pieces / sizeof layout_pieces[0])

/* A run of atoms with fixed counts, some in groups (nested at times):
 * every group bound a fixed number of bytes after the start, as in
 * (\d{4})-(\d{2}); with flawed, one group made optional, repeated or an
 * alternation of differing lengths or groups. */
static void generate_layout(oracle_random *random, text *out, int flawed) {
  int items = 1 + (int)oracle_random_below(random, 5);
  int flaw_at = flawed ? (int)oracle_random_below(random, (uint32_t)items) : -1;
  for (int i = 0; i < items; i++) {
    int grouped = i == flaw_at || oracle_random_below(random, 2) == 0;
    int nested = grouped && oracle_random_below(random, 4) == 0;
    append(out, grouped ? "(" : "");
    append(out, nested ? "(" : "");
    append(out, layout_atoms[oracle_random_below(random, LAYOUT_ATOM_COUNT)]);
    uint32_t count = oracle_random_below(random, 4);
    if (count > 0) {
      char repeat[8];
      snprintf(repeat, sizeof repeat, "{%u}", (unsigned)count + 1);
      append(out, repeat);
    }
    append(out, nested ? ")" : "");
    if (i == flaw_at) {
      append(out, layout_flaws[oracle_random_below(random, LAYOUT_FLAW_COUNT)]);
    } else {
      append(out, grouped ? ")" : "");
    }
  }
}

static size_t layout_subject(oracle_random *random, unsigned char *subject, size_t capacity) {
  return subject_of_pieces(random, layout_pieces, LAYOUT_PIECE_COUNT, subject, capacity);
}

/* Matches on data whose groups were placed by the bounds alone. */
static uint64_t placed_by_api(const engines *e, const unsigned char *subject, size_t length) {
  jrx_match_data *data;
  assert_int_equal(jrx_match_data_create(e->re, &data), 0);
  size_t ovector[MAX_SLOTS];
  for (size_t offset = 0; offset <= length; offset++) {
    if (!character_start(e, subject, length, offset)) {
      continue;
    }
    int status = jrx_match_with(e->re, data, (const char *)subject, length, offset, 0, ovector,
                                MAX_SLOTS / 2);
    assert_true(status >= JRX_NOMATCH);
  }
  jrx_match_stats stats;
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  jrx_match_data_free(data);
  return stats.placed_groups;
}

/* Sequences whose groups sit at fixed offsets (the DFA's or the sequence
 * search's bounds give them, with no capture engine, in both builds) and
 * near misses, against PCRE2 and the Pike VM at every start offset. */
static void placed_layouts(void **state) {
  (void)state;
  oracle_random random;
  oracle_random_seed(&random, 2212u);
  tally counts = {0};
  size_t sequences = 0;
  uint64_t placed = 0;
  for (int i = 0; i < 80; i++) {
    text pattern = {{0}, 0};
    generate_layout(&random, &pattern, i % 2);
    uint32_t options = oracle_random_below(&random, 3) == 0 ? JRX_UTF : 0u;
    engines e;
    if (engines_try_create(&e, pattern.bytes, pattern.length, options) != 0) {
      continue;
    }
    count_pattern(&e, &counts);
    for (int round = 0; round < 3; round++) {
      unsigned char subject[40];
      size_t length = layout_subject(&random, subject, sizeof subject);
      check_subject(&e, subject, length, &counts);
      if (e.offsets.placed && e.program.sequence_length > 0) {
        placed += placed_by_api(&e, subject, length);
      }
    }
    sequences += e.offsets.placed && e.program.sequence_length > 0;
    engines_release(&e);
  }
  print_tally("layouts", &counts);
  printf("layouts: %zu sequences with placed groups, %llu matches placed through jrx_match\n",
         sequences, (unsigned long long)placed);
  assert_true(sequences >= 20);
  assert_true(counts.placed_patterns + 20 <= 80);
  assert_true(placed >= 20);
}

/* The differential test's patterns: every construct jrx supports. */
static void oracle_generated_patterns(void **state) {
  (void)state;
  oracle_random random;
  oracle_random_seed(&random, 20261205u);
  tally counts = {0};
  for (int i = 0; i < 5 * CAPTURE_ENGINES_GENERATED / 2; i++) {
    oracle_generated generated;
    oracle_generate(&random, &generated);
    engines e;
    if (engines_try_create(&e, generated.pattern, generated.pattern_length,
                           generated.compile_options) != 0) {
      continue;
    }
    count_pattern(&e, &counts);
    check_subject(&e, (const unsigned char *)generated.subject, generated.subject_length,
                  &counts);
    engines_release(&e);
  }
  print_tally("oracle_generate", &counts);
  assert_true(counts.onepass_patterns >= CAPTURE_ENGINES_GENERATED / 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fixed_patterns),
      cmocka_unit_test(loops_longer_than_a_block),
      cmocka_unit_test(native_nodes_stack_full),
      cmocka_unit_test(node_runs_redone_with_bits),
      cmocka_unit_test(every_slot_saved_answers),
      cmocka_unit_test(wide_tables),
      cmocka_unit_test(placed_layouts),
      cmocka_unit_test(generated_log_patterns),
      cmocka_unit_test(oracle_generated_patterns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
