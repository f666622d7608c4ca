/* test_dfa_accelerate: accelerated DFA states. The scans against a byte
 * loop, at every bound and flush against inaccessible pages; which states
 * are accelerated and how; and searches through them answering as the
 * Pike VM and PCRE2 do, from every start offset with every option set,
 * with work that does not grow with the length of the runs jumped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "guarded_page.h"
#include "regex/dfa.h"
#include "regex/jrx_internal.h"
#include "regex/pike.h"
#include "reliability_compile.h"
#include "reliability_oracle.h"
#include "test_random.h"

static uint64_t random_state;

static uint32_t next_random(uint32_t bound) {
  return test_random_below(&random_state, bound);
}

static uint32_t word_of(dfa_acceleration_kind kind, unsigned a, unsigned b, unsigned c) {
  return (uint32_t)kind << DFA_ACCELERATION_KIND_SHIFT | a | b << 8 | c << 16;
}

/* The byte loop the scans must equal. */
static int reference_leaves(uint32_t word, unsigned byte) {
  unsigned a = word & 0xffu, b = (word >> 8) & 0xffu, c = (word >> 16) & 0xffu;
  switch (dfa_acceleration_kind_of(word)) {
    case DFA_ACCELERATION_ESCAPES:
      return byte == a || byte == b || byte == c;
    case DFA_ACCELERATION_RANGE:
      return byte < a || byte > b;
    case DFA_ACCELERATION_LEAVING_RANGE:
      return byte >= a && byte <= b;
    default:
      return 0;
  }
}

static size_t reference_forward(uint32_t word, const unsigned char *subject, size_t from,
                                size_t to) {
  while (from != to && !reference_leaves(word, subject[from])) {
    from++;
  }
  return from;
}

static size_t reference_backward(uint32_t word, const unsigned char *subject, size_t from,
                                 size_t to) {
  while (from != to && !reference_leaves(word, subject[from - 1])) {
    from--;
  }
  return from;
}

static uint32_t random_word(void) {
  static const unsigned alphabet[] = {'a', 'b', 'c', '\n', 0, 0xff, 'x'};
  unsigned pick[3];
  for (int i = 0; i < 3; i++) {
    pick[i] = alphabet[next_random(sizeof alphabet / sizeof alphabet[0])];
  }
  switch (next_random(6)) {
    case 0:
      return word_of(DFA_ACCELERATION_ESCAPES, pick[0], pick[0], pick[0]);
    case 1:
      return word_of(DFA_ACCELERATION_ESCAPES, pick[0], pick[1], pick[1]);
    case 2:
      return word_of(DFA_ACCELERATION_ESCAPES, pick[0], pick[1], pick[2]);
    case 3: {
      unsigned low = next_random(2) ? 'a' : 0, high = next_random(2) ? 'c' : 0xff;
      return word_of(DFA_ACCELERATION_RANGE, low, high, 0);
    }
    case 4: {
      unsigned low = next_random(2) ? 'a' : 0, high = next_random(2) ? 'c' : 0xff;
      return word_of(DFA_ACCELERATION_LEAVING_RANGE, low, high, 0);
    }
    default:
      return word_of(DFA_ACCELERATION_TO_END, 0, 0, 0);
  }
}

/* Subjects of staying bytes with a few leaving ones (from the alphabet of
 * random_word), every from and to. */
static void check_all_bounds(uint32_t word, const unsigned char *subject, size_t length) {
  for (size_t from = 0; from <= length; from++) {
    for (size_t to = from; to <= length; to++) {
      size_t forward = dfa_accelerate_forward(word, subject, from, to);
      size_t backward = dfa_accelerate_backward(word, subject, to, from);
      if (forward != reference_forward(word, subject, from, to) ||
          backward != reference_backward(word, subject, to, from)) {
        fail_msg("word %#x, bounds %zu..%zu of %zu bytes: forward %zu (expected %zu), backward "
                 "%zu (expected %zu)",
                 (unsigned)word, from, to, length, forward,
                 reference_forward(word, subject, from, to), backward,
                 reference_backward(word, subject, to, from));
      }
    }
  }
}

static void fill_runs(unsigned char *subject, size_t length) {
  static const unsigned char bytes[] = {'a', 'b', 'c', '\n', 0, 0xff, 'x', 'y', 'q', 0x80};
  unsigned char run_byte = 'y';
  for (size_t i = 0; i < length; i++) {
    if (next_random(12) == 0) {
      run_byte = bytes[next_random(sizeof bytes)];
    }
    subject[i] = next_random(9) == 0 ? bytes[next_random(sizeof bytes)] : run_byte;
  }
}

static void scans_equal_the_byte_loop(void **state) {
  (void)state;
  random_state = 11;
  unsigned char subject[90];
  for (int round = 0; round < 300; round++) {
    size_t length = next_random(sizeof subject + 1);
    fill_runs(subject, length);
    check_all_bounds(random_word(), subject, length);
  }
}

/* Subjects whose first byte follows and whose last byte precedes a
 * PROT_NONE page: a scan reading one byte too far faults. */
static void scans_stay_inside_the_subject(void **state) {
  (void)state;
  random_state = 12;
  guarded_page guarded;
  guarded_page_create(&guarded);
  for (size_t length = 0; length <= 70; length++) {
    for (int at_end = 0; at_end < 2; at_end++) {
      unsigned char *subject = guarded_page_subject(&guarded, length, at_end);
      for (int round = 0; round < 4; round++) {
        fill_runs(subject, length);
        check_all_bounds(random_word(), subject, length);
      }
    }
  }
  guarded_page_release(&guarded);
}

/* The word of a start found after the last excluded byte
 * (dfa_start_after_excluded): no excluded byte, as in (?s).*, takes the
 * start offset at once. */
static void words_leaving_on_byte_sets(void **state) {
  (void)state;
  uint64_t set[4] = {0, 0, 0, 0};
  assert_int_equal(dfa_acceleration_word_leaving_on(set),
                   (uint32_t)DFA_ACCELERATION_TO_END << 24);
  set['\n' / 64] |= 1ull << ('\n' % 64);
  assert_int_equal(dfa_acceleration_word_leaving_on(set),
                   (uint32_t)DFA_ACCELERATION_ESCAPES << 24 | '\n' * 0x010101u);
  for (unsigned byte = 0; byte < 256; byte++) {
    if (byte < 'a' || byte > 'z') {
      set[byte / 64] |= 1ull << (byte % 64);
    }
  }
  assert_int_equal(dfa_acceleration_word_leaving_on(set),
                   (uint32_t)DFA_ACCELERATION_RANGE << 24 | 'z' << 8 | 'a');
  set['m' / 64] |= 1ull << ('m' % 64); /* two intervals stay */
  assert_int_equal(dfa_acceleration_word_leaving_on(set), 0);
}

/* ---- Which states are accelerated ------------------------------------ */

typedef struct acceleration_case {
  const char *pattern;
  uint32_t options;
  const char *subject;
  dfa_direction direction;
  uint32_t word; /* the acceleration word expected on some state, or 0: none */
} acceleration_case;

/* Whether some state of lazy has the acceleration word (any accelerated
 * state when word is 0); checks that every tagged column is a self-loop. */
static int has_word(const dfa_lazy *lazy, uint32_t word) {
  const dfa_automaton *automaton = lazy->automaton;
  int found = 0;
  for (uint32_t i = 0; i < lazy->state_count; i++) {
    const uint32_t *row = &lazy->table[(size_t)i * automaton->stride];
    uint32_t state_word = row[automaton->acceleration_column];
    dfa_acceleration_kind kind = dfa_acceleration_kind_of(state_word);
    int accelerated = kind == DFA_ACCELERATION_ESCAPES || kind == DFA_ACCELERATION_RANGE ||
                      kind == DFA_ACCELERATION_TO_END || kind == DFA_ACCELERATION_LEAVING_RANGE;
    found |= accelerated && (word == 0 || state_word == word);
    for (uint32_t column = 0; column < automaton->class_count; column++) {
      if (dfa_is_accelerated(row[column])) {
        assert_true(accelerated);
        assert_int_equal(dfa_without_acceleration(row[column]), lazy->states[i].id);
      }
    }
  }
  return found;
}

static void the_right_states_are_accelerated(void **state) {
  (void)state;
  static const acceleration_case cases[] = {
      {".*", 0, "line one\nline two", DFA_FORWARD,
       (uint32_t)DFA_ACCELERATION_ESCAPES << 24 | '\n' * 0x010101u},
      /* .* finds its start without a backward scan (starts_after_excluded) */
      {"a.*", 0, "xa line one\nline two", DFA_BACKWARD,
       (uint32_t)DFA_ACCELERATION_ESCAPES << 24 | '\n' << 16 | 'a' << 8 | '\n'},
      {"(?s).*", 0, "line one\nline two", DFA_FORWARD,
       (uint32_t)DFA_ACCELERATION_TO_END << 24},
      {"[^\"]*\"", 0, "a quoted string\" and more", DFA_FORWARD,
       (uint32_t)DFA_ACCELERATION_ESCAPES << 24 | '"' * 0x010101u},
      {"x[^\r\n]*y", 0, "x abc y\r\n", DFA_FORWARD,
       (uint32_t)DFA_ACCELERATION_ESCAPES << 24 | 'y' << 16 | '\r' << 8 | '\n'},
      {".*[^A-Z]|[A-Z]", 0, "AAAAAAAAAAAAAAAA", DFA_FORWARD,
       (uint32_t)DFA_ACCELERATION_RANGE << 24 | 'Z' << 8 | 'A'},
      /* Four intervals stay: no acceleration. */
      {"\\w+", 0, "word words", DFA_FORWARD, 0},
      /* The unanchored start state is the prefilters' business: they
       * skip to the first a, or the first of [a-c], so the DFA never
       * loops there... */
      {"a", 0, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbba", DFA_FORWARD, 0},
      {"[a-c]", 0, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxb", DFA_FORWARD, 0},
      /* ...and where none probes, one interval leaves it but its bytes
       * are common in text (this case fails if that rule goes) */
      {"[a-z]!", 0, "                               a!", DFA_FORWARD, 0},
      /* ...but for a rare interval of first bytes, which no prefilter
       * probes. */
      {"[0-9]+\\.[0-9]", 0, "version 1.2", DFA_FORWARD,
       (uint32_t)DFA_ACCELERATION_LEAVING_RANGE << 24 | '9' << 8 | '0'},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const acceleration_case *item = &cases[c];
    jrx *re = reliability_compile(item->pattern, strlen(item->pattern), item->options);
    dfa_cache *cache;
    assert_int_equal(dfa_cache_create(re->automaton, NULL, &cache), 0);
    size_t start, end;
    int status = dfa_search(re->automaton, cache, (const unsigned char *)item->subject,
                            strlen(item->subject), 0, 0, &start, &end, NULL);
    assert_int_equal(status, 1);
    const dfa_lazy *lazy = item->direction == DFA_FORWARD ? &cache->forward : &cache->backward;
    int expected_found = item->word != 0;
    if (has_word(lazy, item->word) != expected_found) {
      fail_msg("/%s/ %s: %s acceleration word %#x", item->pattern,
               item->direction == DFA_FORWARD ? "forwards" : "backwards",
               expected_found ? "no state has the" : "some state is accelerated, expected no",
               (unsigned)item->word);
    }
    dfa_cache_destroy(cache);
    jrx_free(re);
  }
}

/* ---- Answers --------------------------------------------------------- */

static const uint32_t option_sets[] = {0,
                                       JRX_ANCHORED,
                                       JRX_NOTBOL,
                                       JRX_NOTEOL,
                                       JRX_NOTEMPTY,
                                       JRX_NOTEMPTY_ATSTART,
                                       JRX_NOTEMPTY_ATSTART | JRX_ANCHORED,
                                       JRX_NOTBOL | JRX_NOTEOL};
#define OPTION_SET_COUNT (sizeof option_sets / sizeof option_sets[0])

typedef struct answer_case {
  const char *pattern;
  uint32_t options;
} answer_case;

/* Patterns whose states stay on long runs: escapes, ranges, the end, with
 * assertions and matches inside the runs, in byte and UTF mode. */
static const answer_case answer_cases[] = {
    {".*", 0},
    {".*", JRX_UTF},
    {"(?s).*", 0},
    {"(?s).*", JRX_UTF},
    {".*$", JRX_MULTILINE},
    {"^.*$", JRX_MULTILINE},
    {".+\\Z", 0},
    {"a.*b", 0},
    {"a.*?b", 0},
    {"[^\"]*\"", 0},
    {"\"[^\"\\n]*\"", 0},
    {".*[^A-Z]|[A-Z]", 0},
    {"[A-Z]+!|[A-Z]", 0},
    {"[a-y]*z\\b", 0},
    {"x[^\\r\\n]*y|q", 0},
    {"(?s)a.{3,}", 0},
    {"[^a]+a", JRX_UTF | JRX_CASELESS},
    {".*\\b", 0},
    {"(?:.*)+?x", 0},
    {"[x-z]+!", 0},
    {"[w-z]y*q\\b", 0},
    {"[x-z]{2}\\b|A", JRX_UTF},
};

static void fill_text(unsigned char *subject, size_t length, int utf) {
  static const char *const pieces[] = {"A", "AAAAAAAA", "aaaa", "z", "zzzzzzzzzzzzzzzzzz", "b",
                                       "x", "y", "q", "\"", "\n", "\r\n", "!", " ", "\xc3\xa9"};
  size_t at = 0;
  while (at < length) {
    size_t count = utf ? sizeof pieces / sizeof pieces[0] : sizeof pieces / sizeof pieces[0] - 1;
    const char *piece = pieces[next_random((uint32_t)count)];
    size_t size = strlen(piece);
    if (at + size > length) {
      piece = "z";
      size = 1;
    }
    memcpy(subject + at, piece, size);
    at += size;
  }
}

typedef struct outcome {
  int result;
  size_t start;
  size_t end;
} outcome;

static void check_against_pike(jrx *re, dfa_cache *cache, pike_scratch *scratch,
                               const unsigned char *subject, size_t length, size_t offset,
                               uint32_t options, const char *pattern) {
  const size_t *slots;
  outcome expected = {0};
  expected.result = pike_match(&re->program, scratch, subject, length, offset, options, &slots, NULL);
  if (expected.result == 1) {
    expected.start = slots[0];
    expected.end = slots[1];
  }
  outcome actual = {0};
  actual.result = dfa_search(re->automaton, cache, subject, length, offset, options, &actual.start,
                             &actual.end, NULL);
  if (actual.result != expected.result ||
      (expected.result == 1 && (actual.start != expected.start || actual.end != expected.end))) {
    fail_msg("/%s/ from %zu options %#x over \"%.*s\": dfa %d [%zu, %zu), pike %d [%zu, %zu)",
             pattern, offset, (unsigned)options, (int)length, (const char *)subject,
             actual.result, actual.start, actual.end, expected.result, expected.start,
             expected.end);
  }
}

/* dfa_search against pike_match from every offset with every option set,
 * and jrx_match (both engines) against PCRE2 from every offset. */
static void searches_answer_as_pike_and_pcre2(void **state) {
  (void)state;
  random_state = 13;
  unsigned char subject[72];
  for (size_t c = 0; c < sizeof answer_cases / sizeof answer_cases[0]; c++) {
    const answer_case *item = &answer_cases[c];
    size_t pattern_length = strlen(item->pattern);
    jrx *re = reliability_compile(item->pattern, pattern_length, item->options | JRX_NO_JIT);
    dfa_cache *cache;
    assert_int_equal(dfa_cache_create(re->automaton, NULL, &cache), 0);
    pike_scratch *scratch;
    assert_int_equal(pike_scratch_create(&re->program, &scratch), 0);
    /* (?:.*)+?x makes PCRE2 backtrack for long: a limit keeps that short. */
    reliability_oracle *oracle = reliability_oracle_create(item->pattern, pattern_length,
                                                           item->options, 200000);
    jrx *engines[RELIABILITY_ENGINE_COUNT];
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      engines[e] = reliability_compile(item->pattern, pattern_length,
                                       item->options | reliability_engine_options[e]);
    }
    int utf = (item->options & JRX_UTF) != 0;
    for (int round = 0; round < 4; round++) {
      size_t length = round == 0 ? 0 : next_random(sizeof subject + 1);
      fill_text(subject, length, utf);
      if (round == 1 && length > 0) {
        subject[length - 1] = '\n';
      }
      for (size_t offset = 0; offset <= length; offset++) {
        if (utf && offset < length && (subject[offset] & 0xc0u) == 0x80u) {
          continue;
        }
        for (size_t o = 0; o < OPTION_SET_COUNT; o++) {
          check_against_pike(re, cache, scratch, subject, length, offset, option_sets[o],
                             item->pattern);
        }
        for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
          uint32_t compile_options = item->options | reliability_engine_options[e];
          reliability_check_match(engines[e], compile_options, oracle, (const char *)subject,
                                  length, offset, 0);
          reliability_check_match(engines[e], compile_options, oracle, (const char *)subject,
                                  length, offset, JRX_NOTEMPTY_ATSTART);
        }
      }
    }
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      jrx_free(engines[e]);
    }
    reliability_oracle_destroy(oracle);
    pike_scratch_destroy(scratch);
    dfa_cache_destroy(cache);
    jrx_free(re);
  }
}

/* ---- Work ------------------------------------------------------------ */

/* Closures are computed per state, not per byte: a search over 100 times
 * longer runs builds the same states with the same closure steps, and
 * the bytes it reads are those of the subject once each way. */
static void work_does_not_grow_with_the_runs(void **state) {
  (void)state;
  static const char *const patterns[] = {".*", "(?s).*x", ".*[^A-Z]|[A-Z]", "\"[^\"]*\""};
  static const char *const units[] = {"abc", "abc", "A", "abc"};
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    jrx *re = reliability_compile(patterns[p], strlen(patterns[p]), JRX_NO_JIT);
    uint64_t closure_steps[2];
    for (int size = 0; size < 2; size++) {
      size_t units_wanted = size == 0 ? 100 : 10000;
      size_t unit = strlen(units[p]);
      size_t length = units_wanted * unit + 2;
      unsigned char *subject = test_malloc(length);
      subject[0] = '"';
      for (size_t i = 0; i < units_wanted; i++) {
        memcpy(subject + 1 + i * unit, units[p], unit);
      }
      subject[length - 1] = '"';
      dfa_cache *cache;
      assert_int_equal(dfa_cache_create(re->automaton, NULL, &cache), 0);
      dfa_stats stats = {0};
      size_t start, end;
      int status = dfa_search(re->automaton, cache, subject, length, 0, 0, &start, &end, &stats);
      assert_true(status == 1 || status == JRX_NOMATCH);
      assert_true(stats.bytes_scanned <= 2 * (uint64_t)length);
      closure_steps[size] = stats.closure_steps;
      dfa_cache_destroy(cache);
      test_free(subject);
    }
    if (closure_steps[1] != closure_steps[0]) {
      fail_msg("/%s/: %llu closure steps over 100 units, %llu over 10000", patterns[p],
               (unsigned long long)closure_steps[0], (unsigned long long)closure_steps[1]);
    }
    jrx_free(re);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(scans_equal_the_byte_loop),
      cmocka_unit_test(scans_stay_inside_the_subject),
      cmocka_unit_test(words_leaving_on_byte_sets),
      cmocka_unit_test(the_right_states_are_accelerated),
      cmocka_unit_test(searches_answer_as_pike_and_pcre2),
      cmocka_unit_test(work_does_not_grow_with_the_runs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
