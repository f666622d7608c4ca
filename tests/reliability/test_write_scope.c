/* A match made by a thread inside a jitmem write scope must not run
 * generated code: on macOS a thread in write mode cannot execute its
 * MAP_JIT memory, and the call would fault. jrx then runs its portable
 * engine, with the same answers. Here no_execute makes any jump into
 * jitmem code fatal while the scope is open (Linux: PROT_EXEC taken away;
 * simulated macOS: write mode enforced), and every entry point that
 * matches is called: jrx_match, jrx_match_with, an iteration and a
 * substitution, on patterns with and without groups and on one whose lazy
 * DFA gives up (the native Pike VM's case). After the scope native code
 * runs again. The answers are always those of the pattern compiled with
 * JRX_NO_JIT. Built for the host's jitmem and, off Apple, against the
 * simulated macOS one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jitmem.h"
#include "jrx.h"
#include "no_execute.h"

#define PAIRS 4
#define THRASHING_LENGTH 40000

typedef struct pattern_case {
  const char *pattern;
  int small_cache; /* the smallest DFA cache, so the lazy DFA gives up */
} pattern_case;

static const pattern_case cases[] = {
    {"Sher(lock)|Wat(son)", 0},
    {"Holmes", 0},
    {"(\\d+)-(\\d+)-(\\d+)", 0},
    {"^Mr\\. (\\w+)", 0}, /* one-pass and anchored: the whole-match table */
    {"([a-z]+)@([a-z]+)\\.example", 0},
    {"([ab]*a[ab]{14})|(c+)", 1},
};
#define CASE_COUNT (sizeof cases / sizeof cases[0])

static const char TEXT[] = "Mr. Sherlock Holmes and Dr. Watson, 1881-03-04, holmes@baker.example";

typedef struct pair {
  jrx *native;
  jrx *interpreted;
} pair;

static jrx *compile(const pattern_case *test_case, uint32_t options) {
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  if (test_case->small_cache) {
    limits.dfa_cache_size = (size_t)64 << 10;
  }
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile_with_limits(test_case->pattern, strlen(test_case->pattern), options,
                                    &limits, &error, &offset);
  assert_non_null(re);
  return re;
}

/* Runs of a and b from a fixed seed: what makes the small cache thrash. */
static char *thrashing_subject(void) {
  char *subject = malloc(THRASHING_LENGTH + 1);
  assert_non_null(subject);
  uint64_t state = 0x3c6ef372fe94f82bu;
  for (size_t i = 0; i < THRASHING_LENGTH; i++) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    subject[i] = (state >> 33) % 3 == 0 ? 'b' : 'a';
  }
  subject[THRASHING_LENGTH] = '\0';
  return subject;
}

/* Every way of matching gives the native pattern's answers as the
 * interpreted one's. */
static void check_same_answers(const pair *both, const char *subject) {
  size_t length = strlen(subject);
  size_t native[2 * PAIRS];
  size_t interpreted[2 * PAIRS];
  int native_result = jrx_match(both->native, subject, length, 0, 0, native, PAIRS);
  assert_int_equal(native_result,
                   jrx_match(both->interpreted, subject, length, 0, 0, interpreted, PAIRS));
  if (native_result > 0) {
    assert_memory_equal(native, interpreted, 2 * (size_t)native_result * sizeof native[0]);
  }

  /* One pair: an anchored one-pass pattern's whole-match table. */
  int native_one = jrx_match(both->native, subject, length, 0, 0, native, 1);
  assert_int_equal(native_one, jrx_match(both->interpreted, subject, length, 0, 0, interpreted, 1));
  if (native_one >= 0) {
    assert_memory_equal(native, interpreted, 2 * sizeof native[0]);
  }

  jrx_match_data *data;
  assert_int_equal(jrx_match_data_create(both->native, &data), 0);
  assert_int_equal(jrx_match_with(both->native, data, subject, length, 0, 0, native, PAIRS),
                   native_result);
  jrx_match_data_free(data);

  jrx_iterator native_matches;
  jrx_iterator interpreted_matches;
  jrx_iterator_init(&native_matches, both->native, subject, length, 0, 0);
  jrx_iterator_init(&interpreted_matches, both->interpreted, subject, length, 0, 0);
  size_t count = 0;
  int status;
  do {
    status = jrx_iterator_next(&native_matches, native, PAIRS);
    assert_int_equal(status, jrx_iterator_next(&interpreted_matches, interpreted, PAIRS));
    if (status > 0) {
      assert_memory_equal(native, interpreted, 2 * (size_t)status * sizeof native[0]);
      count++;
    }
  } while (status > 0 && count < 200);

  char native_output[256];
  char interpreted_output[256];
  size_t native_length = sizeof native_output;
  size_t interpreted_length = sizeof interpreted_output;
  size_t short_length = length < 120 ? length : 120;
  int native_substituted = jrx_substitute(both->native, subject, short_length, 0,
                                          JRX_SUBSTITUTE_GLOBAL, "<$0>", 4, native_output,
                                          &native_length);
  assert_int_equal(native_substituted,
                   jrx_substitute(both->interpreted, subject, short_length, 0,
                                  JRX_SUBSTITUTE_GLOBAL, "<$0>", 4, interpreted_output,
                                  &interpreted_length));
  if (native_substituted >= 0) {
    assert_int_equal(native_length, interpreted_length);
    assert_memory_equal(native_output, interpreted_output, native_length);
  }
}

static void check_all(const pair *pairs, const char *thrashing) {
  for (size_t i = 0; i < CASE_COUNT; i++) {
    check_same_answers(&pairs[i], cases[i].small_cache ? thrashing : TEXT);
  }
}

static void test_matching_in_a_write_scope_runs_no_native_code(void **state) {
  (void)state;
  pair pairs[CASE_COUNT];
  for (size_t i = 0; i < CASE_COUNT; i++) {
    pairs[i].native = compile(&cases[i], 0);
    pairs[i].interpreted = compile(&cases[i], JRX_NO_JIT);
  }
  char *thrashing = thrashing_subject();

  jitmem_write_begin();
  assert_int_equal(no_execute_begin(), 0);
  check_all(pairs, thrashing);
  no_execute_end();
  assert_int_equal(jitmem_write_end(), JITMEM_OK);

  /* Out of the scope the native code runs again, Pike VM included. */
  check_all(pairs, thrashing);
  free(thrashing);
  for (size_t i = 0; i < CASE_COUNT; i++) {
    jrx_free(pairs[i].native);
    jrx_free(pairs[i].interpreted);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_matching_in_a_write_scope_runs_no_native_code),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
