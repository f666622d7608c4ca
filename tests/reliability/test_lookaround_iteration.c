/* test_lookaround_iteration: iterating over every match of a pattern
 * whose lookarounds have tables fills the tables once for the subject, not
 * once per match, and one whose leading lookaheads C*X the lazy DFA checks
 * finds X once for all the matches before it. The work is counted, not timed: jrx_match_stats'
 * lookaround_steps over a whole iteration (jrx_iterator with match data,
 * jrx_iterator without, which searches on the match data jrx_match's
 * cache lends it, and jrx_substitute with JRX_SUBSTITUTE_GLOBAL) at most
 * doubles (plus 1%) when the subject doubles, where refilling from each
 * match would quadruple it (also when a group in a lookaround has its body
 * run again after each match). The matches are those of jrx_match calls
 * from each match's end, whose every search fills its own tables; an
 * iteration started anew on a rewritten buffer (with the same match data,
 * or none, at the same iterator address), and a search of another
 * subject between two steps, see the new bytes. Runs the build's engines
 * (the native Pike VM on arm64). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/jrx_internal.h"
#include "regex/lookaround_table.h"

typedef struct iteration_case {
  const char *pattern;
  uint32_t options;
  const char *unit; /* the subject is unit repeated */
  bool forced;      /* every lookaround gets a table */
} iteration_case;

/* "|=" (no unit holds '=') keeps the leading lookahead from the lazy DFA,
 * which checks such lookaheads without tables (lookahead_filter.h). */
static const iteration_case cases[] = {
    {"(?=.*\\d)\\w+|=", 0, "ab1 ", false},
    {"(?=.*\\d)\\w+|=", JRX_UTF, "\xc3\xa9" "b1 ", false},
    {"(?<=a.{298})b", 0, "ab", false},
    /* In UTF mode too: the tables were filled again from each match. */
    {"(?<=a.{298})b", JRX_UTF, "ab", false},
    {"(?<=[^x]{150})b", JRX_UTF, "\xc3\xa9" "b", false},
    {"\\w+(?=.*c)", 0, "ab c", false},
    {"(?=\\w{0,3}\\d)\\w+|=", 0, "ab1 ", true},
    {"(?<!x\\w)b", 0, "ab ", true},
    /* A group in a lookaround: its body runs again after each match
     * (lookaround_capture.h), on the tables the search kept. */
    {"(?=.*\\d)(?=(\\w))\\w+", 0, "ab1 ", false},
    /* Leading lookaheads C*X the lazy DFA checks (lookahead_filter.h):
     * X's first start is found once and kept from match to match, where
     * checking again from each word would read on to the end each time. */
    {"(?=.*\\z)\\w+", 0, "ab ", false},
    {"(?![^x]*x)(?=.*\\z)\\w+", JRX_UTF, "\xc3\xa9" "b ", false},
    /* Lookaheads of unbounded length after a literal. Iterated without
     * match data, each search filled the tables again from its start: the
     * differential fuzzer found it so with an empty-matching star around a
     * lookahead with a group (a seed in fuzz/make_corpus.py). */
    {"a(?=(?:b|c)*\\s)", 0, "abc ", false},
    {"a(?=\\X)", JRX_UTF | JRX_UCP, "a\xf0\x9f\x87\xa6\xf0\x9f\x87\xa7 ", false},
};

#define HALF_UNITS 300u

typedef struct subject {
  char *bytes;
  size_t length;
} subject;

static subject build_subject(const char *unit, size_t unit_count) {
  size_t unit_length = strlen(unit);
  subject result = {malloc(unit_count * unit_length), unit_count * unit_length};
  assert_non_null(result.bytes);
  for (size_t i = 0; i < unit_count; i++) {
    memcpy(result.bytes + i * unit_length, unit, unit_length);
  }
  return result;
}

static jrx *compile_case(const iteration_case *item) {
  lookaround_force_tables(item->forced);
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(item->pattern, JRX_ZERO_TERMINATED, item->options, &error, &offset);
  lookaround_force_tables(false);
  if (re == NULL) {
    fail_msg("/%s/: compile error %d at %zu", item->pattern, error, offset);
  }
  return re;
}

/* Every match's bounds, two per match, of an iteration on data (NULL:
 * none); returns the match count and adds the lookaround work to *work. */
static size_t iterate(const jrx *re, jrx_match_data *data, const subject *text, size_t *bounds,
                      size_t capacity) {
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, text->bytes, text->length, 0, 0);
  jrx_iterator_set_match_data(&iterator, data);
  size_t count = 0;
  size_t ovector[4];
  int status;
  while ((status = jrx_iterator_next(&iterator, ovector, 2)) > 0) {
    assert_true(count < capacity);
    bounds[2 * count] = ovector[0];
    bounds[2 * count + 1] = ovector[1];
    count++;
  }
  assert_int_equal(status, JRX_NOMATCH);
  return count;
}

/* Every match's bounds by jrx_match calls, each from the last match's
 * end (the cases' matches are never empty) and filling its own tables. */
static size_t match_one_by_one(const jrx *re, const subject *text, size_t *bounds,
                               size_t capacity) {
  size_t count = 0;
  size_t offset = 0;
  size_t ovector[4];
  int status;
  while ((status = jrx_match(re, text->bytes, text->length, offset, 0, ovector, 2)) > 0) {
    assert_true(count < capacity);
    assert_true(ovector[1] > ovector[0]);
    bounds[2 * count] = ovector[0];
    bounds[2 * count + 1] = ovector[1];
    offset = ovector[1];
    count++;
  }
  assert_int_equal(status, JRX_NOMATCH);
  return count;
}

static uint64_t lookaround_steps(const jrx_match_data *data) {
  jrx_match_stats stats;
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  return stats.lookaround_steps;
}

/* The lookaround work counted in the match data re's cache holds. */
static uint64_t cached_lookaround_steps(const jrx *re) {
  uint64_t work = 0;
  for (size_t i = 0; i < JRX_CACHED_MATCH_DATA; i++) {
    const jrx_match_data *data = atomic_load(&re->cached_match_data[i]);
    if (data != NULL) {
      work += lookaround_steps(data);
    }
  }
  return work;
}

/* The lookaround work of iterating over text on fresh match data (lent:
 * on none, on a new compilation of the case, whose cache starts empty),
 * whose matches must be those of jrx_match calls when compared. */
static uint64_t iteration_work(const iteration_case *item, const subject *text, bool lent,
                               bool compared) {
  jrx *re = compile_case(item);
  size_t capacity = text->length + 1;
  size_t *kept = malloc(2 * capacity * sizeof *kept);
  size_t *fresh = malloc(2 * capacity * sizeof *fresh);
  assert_non_null(kept);
  assert_non_null(fresh);
  jrx_match_data *data = NULL;
  if (!lent) {
    assert_int_equal(jrx_match_data_create(re, &data), 0);
  }
  size_t count = iterate(re, data, text, kept, capacity);
  assert_true(count > 0);
  uint64_t work = lent ? cached_lookaround_steps(re) : lookaround_steps(data);
  if (compared) {
    assert_int_equal(match_one_by_one(re, text, fresh, capacity), count);
    assert_memory_equal(kept, fresh, 2 * count * sizeof *kept);
  }
  jrx_match_data_free(data);
  jrx_free(re);
  free(kept);
  free(fresh);
  return work;
}

/* The lookaround work of replacing every match in text. */
static uint64_t substitution_work(const jrx *re, const subject *text) {
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  size_t size = 2 * text->length + 1;
  char *output = malloc(size);
  assert_non_null(output);
  size_t output_length = size;
  int replaced = jrx_substitute_with(re, data, text->bytes, text->length, 0,
                                     JRX_SUBSTITUTE_GLOBAL, "<>", 2, output, &output_length);
  assert_true(replaced > 0);
  uint64_t work = lookaround_steps(data);
  jrx_match_data_free(data);
  free(output);
  return work;
}

static void assert_at_most_double(const char *what, const char *pattern, uint64_t half,
                                  uint64_t full) {
  print_message("/%s/ %s: lookaround steps %llu, on twice the subject %llu\n", pattern, what,
                (unsigned long long)half, (unsigned long long)full);
  assert_true(half > 0);
  if (full > 2u * half + half / 100u) {
    fail_msg("/%s/ %s: lookaround steps %llu on the subject, %llu on half of it", pattern,
             what, (unsigned long long)full, (unsigned long long)half);
  }
}

static void test_iteration_work_is_linear(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const iteration_case *item = &cases[i];
    subject half = build_subject(item->unit, HALF_UNITS);
    subject full = build_subject(item->unit, 2u * HALF_UNITS);
    assert_at_most_double("iteration", item->pattern, iteration_work(item, &half, false, true),
                          iteration_work(item, &full, false, false));
    assert_at_most_double("iteration without match data", item->pattern,
                          iteration_work(item, &half, true, true),
                          iteration_work(item, &full, true, false));
    jrx *re = compile_case(item);
    assert_at_most_double("substitution", item->pattern, substitution_work(re, &half),
                          substitution_work(re, &full));
    free(half.bytes);
    free(full.bytes);
    jrx_free(re);
  }
}

/* The same iterator and match data (lent: none, the cache lends one)
 * over a buffer rewritten between two iterations, and a search of
 * another subject between two steps: the tables of the earlier bytes are
 * not reused, nor what the lazy DFA found of a leading lookahead C*X (the
 * second pattern). iterate's iterator is at the same address each time. */
static void assert_new_bytes_seen(const iteration_case *item, bool lent) {
  jrx *re = compile_case(item);
  subject text = build_subject("ab1 ", 40);
  subject other = build_subject("ab  ", 40);
  size_t bounds[2 * 41];
  jrx_match_data *data = NULL;
  if (!lent) {
    assert_int_equal(jrx_match_data_create(re, &data), 0);
  }
  assert_int_equal(iterate(re, data, &text, bounds, 41), 40);
  memcpy(text.bytes, other.bytes, text.length);
  assert_int_equal(iterate(re, data, &text, bounds, 41), 0);
  text.bytes[text.length - 2] = '1';
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, text.bytes, text.length, 0, 0);
  jrx_iterator_set_match_data(&iterator, data);
  size_t ovector[2];
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), 1);
  assert_int_equal(jrx_match_with(re, data, other.bytes, other.length, 0, 0, ovector, 1),
                   JRX_NOMATCH);
  size_t count = 1;
  while (jrx_iterator_next(&iterator, ovector, 1) == 1) {
    count++;
  }
  assert_int_equal(count, 40);
  jrx_match_data_free(data);
  free(text.bytes);
  free(other.bytes);
  jrx_free(re);
}

static void test_new_bytes_are_seen(void **state) {
  (void)state;
  for (int lent = 0; lent <= 1; lent++) {
    assert_new_bytes_seen(&cases[0], lent);
    assert_new_bytes_seen(&(iteration_case){"(?=.*\\d)\\w+", 0, "", false}, lent);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_iteration_work_is_linear),
      cmocka_unit_test(test_new_bytes_are_seen),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
