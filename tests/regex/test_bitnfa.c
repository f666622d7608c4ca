/* test_bitnfa: the bit-parallel NFA. Which programs get one (and why the
 * others do not), its positions and shifts; its searches against the Pike
 * VM on generated fixed-length patterns from every start offset with the
 * option sets, in byte and UTF mode; jrx_match through it (a match data
 * whose DFA has thrashed) against PCRE2 with both engines; the switch from
 * a thrashing DFA; and work that grows with the subject only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "regex/bitnfa.h"
#include "regex/jrx_internal.h"
#include "regex/pike.h"
#include "reliability_compile.h"
#include "reliability_oracle.h"
#include "test_random.h"

static uint64_t random_state;

static uint32_t next_random(uint32_t bound) {
  return test_random_below(&random_state, bound);
}

/* ---- Which programs qualify ----------------------------------------- */

typedef struct build_case {
  const char *pattern;
  uint32_t options;
  bitnfa_refusal refusal;
  uint32_t positions; /* when built */
} build_case;

static void programs_qualify_as_documented(void **state) {
  (void)state;
  static const build_case cases[] = {
      {"a[acgt]{20}c", JRX_CASELESS, BITNFA_BUILT, 22},
      {"Sherlock", 0, BITNFA_BUILT, 8},
      {"(ab|cd)e{3}", 0, BITNFA_BUILT, 7},
      {"(?:a|b)(c)[^x]", 0, BITNFA_BUILT, 3}, /* a and b are one position */
      {"\xc3\xa9t\xc3\xa9", JRX_UTF, BITNFA_BUILT, 5},
      {"a{64}", 0, BITNFA_BUILT, 64},
      {"a{65}", 0, BITNFA_TOO_MANY_POSITIONS, 0},
      {"\\w+", 0, BITNFA_LENGTHS_DIFFER, 0},
      {"ab|c", 0, BITNFA_LENGTHS_DIFFER, 0},
      {"", 0, BITNFA_LENGTHS_DIFFER, 0},
      {"x*", 0, BITNFA_LENGTHS_DIFFER, 0},
      {".", JRX_UTF, BITNFA_LENGTHS_DIFFER, 0},
      {"\\bab", 0, BITNFA_HAS_ASSERTIONS, 0},
      {"^abc", 0, BITNFA_HAS_ASSERTIONS, 0},
      {"(?:abcdefgh|bcdefgha|cdefghab|defghabc|efghabcd|fghabcde|ghabcdef|habcdefg|hgfedcba)", 0,
       BITNFA_TOO_MANY_POSITIONS, 0},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    jrx *re = reliability_compile(cases[c].pattern, strlen(cases[c].pattern), cases[c].options);
    bitnfa *automaton = NULL;
    bitnfa_refusal refusal = BITNFA_BUILT;
    assert_int_equal(bitnfa_build(&re->program, &automaton, &refusal), 0);
    if (refusal != cases[c].refusal) {
      fail_msg("/%s/: %s, expected %s", cases[c].pattern, bitnfa_refusal_text(refusal),
               bitnfa_refusal_text(cases[c].refusal));
    }
    assert_true((automaton != NULL) == (refusal == BITNFA_BUILT));
    assert_true((re->bit_parallel != NULL) == (refusal == BITNFA_BUILT));
    if (automaton != NULL) {
      assert_int_equal(automaton->position_count, cases[c].positions);
      assert_int_equal(automaton->match_length, re->program.fixed_length);
    }
    bitnfa_destroy(automaton);
    jrx_free(re);
  }
}

/* ---- Generated fixed-length patterns --------------------------------- */

/* Pieces of one length each (in bytes, in both modes); a pattern is a
 * concatenation of them, some repeated a fixed number of times. */
static const char *const pieces[] = {"a",        "c",         "[acgt]",    "[ac]",   "[^a\\n]",
                                     "(?:ac|gt)", "(?:a|c|g)", "(g)",       "(?:aa)", "[a-c]",
                                     "t",        ".",         "(?:a|\\n)", "[gG]"};

static void generate_pattern(char *pattern, size_t capacity, int utf) {
  size_t length = 0;
  size_t count = 1 + next_random(5);
  for (size_t i = 0; i < count; i++) {
    const char *piece = pieces[next_random(sizeof pieces / sizeof pieces[0])];
    if (utf && next_random(4) == 0) {
      piece = "\xc3\xa9";
    }
    char repeat[16] = "";
    if (next_random(3) == 0) {
      snprintf(repeat, sizeof repeat, "{%u}", 1 + next_random(6));
    }
    length += (size_t)snprintf(pattern + length, capacity - length, "%s%s", piece, repeat);
  }
}

static size_t generate_subject(unsigned char *subject, size_t capacity, int utf) {
  static const char *const bytes[] = {"a", "c", "g", "t", "A", "G", "\n", "x", "\xc3\xa9"};
  size_t length = 0;
  size_t wanted = next_random((uint32_t)capacity);
  while (length < wanted) {
    const char *piece = bytes[next_random(utf ? 9 : 8)];
    size_t size = strlen(piece);
    if (length + size > capacity) {
      break;
    }
    memcpy(subject + length, piece, size);
    length += size;
  }
  return length;
}

static const uint32_t option_sets[] = {0,           JRX_ANCHORED, JRX_NOTBOL | JRX_NOTEOL,
                                       JRX_NOTEMPTY, JRX_NOTEMPTY_ATSTART,
                                       JRX_NOTEMPTY_ATSTART | JRX_ANCHORED};
#define OPTION_SET_COUNT (sizeof option_sets / sizeof option_sets[0])

static void check_against_pike(const jrx *re, pike_scratch *scratch, const unsigned char *subject,
                               size_t length, size_t offset, uint32_t options,
                               const char *pattern) {
  const size_t *slots;
  int expected = pike_match(&re->program, scratch, subject, length, offset, options, &slots, NULL);
  size_t start = 0, end = 0;
  bitnfa_stats stats = {0};
  int actual = bitnfa_search(re->bit_parallel, bitnfa_scan, subject, length, offset, options,
                             &start, &end, &stats);
  assert_true(stats.bytes_scanned <= length - offset);
  if (actual != expected || (expected == 1 && (start != slots[0] || end != slots[1]))) {
    fail_msg("/%s/ from %zu options %#x over \"%.*s\": bitnfa %d [%zu, %zu), pike %d [%zu, %zu)",
             pattern, offset, (unsigned)options, (int)length, (const char *)subject, actual, start,
             end, expected, expected == 1 ? slots[0] : 0, expected == 1 ? slots[1] : 0);
  }
}

/* Through jrx_match on a match data whose DFA has thrashed, so that the
 * bit-parallel NFA finds every match's bounds (and the groups are filled
 * after it), against PCRE2. */
static void check_public_api(const jrx *re, jrx_match_data *data, reliability_oracle *oracle,
                             const unsigned char *subject, size_t length, size_t offset) {
  size_t ovector[8];
  size_t expected[8];
  for (size_t o = 0; o < OPTION_SET_COUNT; o++) {
    int actual = jrx_match_with(re, data, (const char *)subject, length, offset, option_sets[o],
                                ovector, 4);
    int wanted = reliability_oracle_match(oracle, (const char *)subject, length, offset,
                                          option_sets[o], expected, 4);
    assert_int_equal(actual, wanted);
    if (actual > 0) {
      assert_memory_equal(ovector, expected, 2 * (size_t)actual * sizeof *ovector);
    }
  }
}

static void generated_patterns_answer_as_pike_and_pcre2(void **state) {
  (void)state;
  random_state = 21;
  char pattern[256];
  unsigned char subject[60];
  int built = 0;
  for (int round = 0; round < 240; round++) {
    int utf = round % 3 == 2;
    uint32_t options = (utf ? JRX_UTF : 0) | (round % 4 == 1 ? JRX_CASELESS : 0);
    generate_pattern(pattern, sizeof pattern, utf);
    size_t pattern_length = strlen(pattern);
    jrx *engines[RELIABILITY_ENGINE_COUNT];
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      engines[e] = reliability_compile(pattern, pattern_length, options | reliability_engine_options[e]);
    }
    if (engines[0]->bit_parallel == NULL) {
      for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
        jrx_free(engines[e]);
      }
      continue;
    }
    built++;
    pike_scratch *scratch;
    assert_int_equal(pike_scratch_create(&engines[0]->program, &scratch), 0);
    reliability_oracle *oracle = reliability_oracle_create(pattern, pattern_length, options, 0);
    jrx_match_data *data[RELIABILITY_ENGINE_COUNT];
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      assert_int_equal(jrx_match_data_create(engines[e], &data[e]), 0);
      data[e]->dfa->forward.thrashed = 1;
    }
    for (int subjects = 0; subjects < 4; subjects++) {
      size_t length = generate_subject(subject, sizeof subject, utf);
      for (size_t offset = 0; offset <= length; offset++) {
        if (utf && offset < length && (subject[offset] & 0xc0u) == 0x80u) {
          continue;
        }
        for (size_t o = 0; o < OPTION_SET_COUNT; o++) {
          check_against_pike(engines[0], scratch, subject, length, offset, option_sets[o],
                             pattern);
        }
        for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
          check_public_api(engines[e], data[e], oracle, subject, length, offset);
        }
      }
    }
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      jrx_match_data_free(data[e]);
      jrx_free(engines[e]);
    }
    reliability_oracle_destroy(oracle);
    pike_scratch_destroy(scratch);
  }
  /* Most generated patterns qualify; the rest mix lengths in UTF mode. */
  assert_true(built > 120);
}

/* ---- The switch from a thrashing DFA -------------------------------- */

/* DNA text and a pattern whose DFA needs a state per byte: with a small
 * cache the DFA empties it after a few hundred bytes, a state every byte,
 * and the match data's searches move to the bit-parallel NFA; every match
 * of the iteration is still PCRE2's. */
static void a_thrashing_dfa_hands_over(void **state) {
  (void)state;
  random_state = 22;
  static unsigned char subject[40000];
  for (size_t i = 0; i < sizeof subject; i++) {
    subject[i] = (unsigned char)"acgt"[next_random(4)];
  }
  /* Two alternatives, so not a sequence of byte sets (which no DFA
   * searches in C). */
  static const char pattern[] = "a[acgt]{14}c|t[acgt]{14}g";
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.dfa_cache_size = (size_t)64 << 10; /* the smallest jrx_context accepts */
  reliability_oracle *oracle = reliability_oracle_create(pattern, strlen(pattern), 0, 0);
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    int error;
    size_t error_offset;
    jrx *re = jrx_compile_with_limits(pattern, strlen(pattern), reliability_engine_options[e],
                                      &limits, &error, &error_offset);
    assert_non_null(re);
    assert_non_null(re->bit_parallel);
    jrx_match_data *data;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    size_t offset = 0;
    size_t matches = 0;
    for (;;) {
      size_t ovector[2], expected[2];
      int actual = jrx_match_with(re, data, (const char *)subject, sizeof subject, offset, 0,
                                  ovector, 1);
      int wanted = reliability_oracle_match(oracle, (const char *)subject, sizeof subject, offset,
                                            0, expected, 1);
      assert_int_equal(actual, wanted);
      if (actual != 1) {
        break;
      }
      assert_memory_equal(ovector, expected, sizeof ovector);
      matches++;
      offset = ovector[1];
    }
    assert_true(matches > 100);
    assert_true(dfa_cache_thrashed(data->dfa));
    jrx_match_data_free(data);
    jrx_free(re);
  }
  reliability_oracle_destroy(oracle);
}

/* English text and a pattern whose DFA needs few states never counts as
 * thrashing, even with the smallest cache. */
static void a_small_dfa_does_not_hand_over(void **state) {
  (void)state;
  static const char text[] = "It was the best of times, it was the worst of times. ";
  static char subject[40000];
  for (size_t i = 0; i + sizeof text - 1 <= sizeof subject; i += sizeof text - 1) {
    memcpy(subject + i, text, sizeof text - 1);
  }
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.dfa_cache_size = (size_t)64 << 10; /* the smallest jrx_context accepts */
  int error;
  size_t error_offset;
  jrx *re = jrx_compile_with_limits("times", 5, JRX_NO_JIT, &limits, &error, &error_offset);
  assert_non_null(re);
  assert_non_null(re->bit_parallel);
  jrx_match_data *data;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  size_t ovector[2];
  size_t offset = 0;
  while (jrx_match_with(re, data, subject, sizeof subject, offset, 0, ovector, 1) == 1) {
    offset = ovector[1];
  }
  assert_false(dfa_cache_thrashed(data->dfa));
  jrx_match_data_free(data);
  jrx_free(re);
}

/* ---- Work ------------------------------------------------------------ */

/* One step per byte: a search reads each byte of the subject at most once,
 * so doubling a subject without matches doubles the bytes read. */
static void work_is_one_step_per_byte(void **state) {
  (void)state;
  jrx *re = reliability_compile("a[acgt]{20}c", 12, JRX_CASELESS);
  static unsigned char subject[20000];
  for (size_t i = 0; i < sizeof subject; i++) {
    subject[i] = (unsigned char)"agt"[i % 3];
  }
  uint64_t read[2];
  for (int half = 0; half < 2; half++) {
    bitnfa_stats stats = {0};
    size_t start, end;
    size_t length = half == 0 ? sizeof subject / 2 : sizeof subject;
    assert_int_equal(bitnfa_search(re->bit_parallel, bitnfa_scan, subject, length, 0, 0, &start,
                                   &end, &stats),
                     JRX_NOMATCH);
    read[half] = stats.bytes_scanned;
    assert_int_equal(read[half], length);
  }
  assert_int_equal(read[1], 2 * read[0]);
  jrx_free(re);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(programs_qualify_as_documented),
      cmocka_unit_test(generated_patterns_answer_as_pike_and_pcre2),
      cmocka_unit_test(a_thrashing_dfa_hands_over),
      cmocka_unit_test(a_small_dfa_does_not_hand_over),
      cmocka_unit_test(work_is_one_step_per_byte),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
