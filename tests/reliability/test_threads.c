/* test_threads: MATCHER_COUNT threads share a set of compiled patterns and
 * match concurrently, checking every result against PCRE2's answer worked
 * out beforehand, while CHURN_COUNT threads compile, match and free other
 * patterns in a loop, so that executable memory is released and reused
 * under the matchers. Threads only record failures; the main thread
 * asserts, as cmocka is not thread-safe. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "long_tests.h"
#include "reliability_compile.h"
#include "reliability_oracle.h"

#define MATCHER_COUNT 8
#define CHURN_COUNT 2
#define PAIRS 4
/* Rounds each churn thread makes even if the matchers finish first. */
#define MIN_CHURN_ROUNDS 200u

typedef struct pattern_spec {
  const char *pattern;
  uint32_t options;
} pattern_spec;

static const pattern_spec shared_patterns[] = {
    {"(\\w+)@(\\w+)\\.com", 0}, {"^(a|ab)(c|bcd)(d*)$", 0},
    {"[0-9]{3}-[0-9]{4}", 0},   {"(?i)hello\\s+(world|there)", 0},
    {"([a-z]|\xc3\xa9)+", 0},   {"(.)(\xe2\x82\xac|\xc3\xa9)", JRX_UTF},
    {"x*", JRX_ANCHORED},       {"(?m)^(\\d+)$", 0},
};

static const pattern_spec churn_patterns[] = {
    {"ab+c", 0},
    {"(foo|bar)+baz", 0},
    {"[a-f]{2,5}z", JRX_CASELESS},
    {"\\bword\\b", 0},
};

static const char *const subjects[] = {
    "mail bob@example.com now",
    "abcd",
    "call 555-1234 or 555-99",
    "HeLLo   There",
    "caf\xc3\xa9 x",
    "x\xe2\x82\xac y\xc3\xa9",
    "xxxy",
    "12\n345\nab",
    "",
    "abbbc foobarbaz DEADz word",
};
#define SUBJECT_COUNT (sizeof subjects / sizeof *subjects)

typedef struct expected_result {
  int rc;
  size_t ovector[2 * PAIRS];
} expected_result;

/* One pattern compiled once per engine, with PCRE2's answer per subject. */
typedef struct prepared_pattern {
  const pattern_spec *spec;
  jrx *compiled[RELIABILITY_ENGINE_COUNT];
  expected_result expected[SUBJECT_COUNT];
} prepared_pattern;

static void prepare(prepared_pattern *prepared, const pattern_spec *spec) {
  prepared->spec = spec;
  reliability_oracle *oracle =
      reliability_oracle_create(spec->pattern, strlen(spec->pattern), spec->options, 0);
  for (size_t s = 0; s < SUBJECT_COUNT; s++) {
    expected_result *expected = &prepared->expected[s];
    expected->rc = reliability_oracle_match(oracle, subjects[s], strlen(subjects[s]), 0, 0,
                                            expected->ovector, PAIRS);
  }
  reliability_oracle_destroy(oracle);
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    prepared->compiled[e] = reliability_compile(spec->pattern, strlen(spec->pattern),
                                                spec->options | reliability_engine_options[e]);
  }
}

/* Whether re's answer on subject s is the expected one. */
static int matches_expected(const jrx *re, const expected_result *expected, size_t s) {
  size_t ovector[2 * PAIRS];
  int rc = jrx_match(re, subjects[s], strlen(subjects[s]), 0, 0, ovector, PAIRS);
  if (rc != expected->rc) {
    return 0;
  }
  for (int i = 0; i < 2 * rc; i++) {
    if (ovector[i] != expected->ovector[i]) {
      return 0;
    }
  }
  return 1;
}

typedef struct shared_state {
  prepared_pattern shared[sizeof shared_patterns / sizeof *shared_patterns];
  prepared_pattern churn[sizeof churn_patterns / sizeof *churn_patterns];
  unsigned iterations;
  atomic_int matchers_running;
  atomic_ulong matches;
  atomic_ulong compiles;
  atomic_int failures;
  _Atomic(const char *) failed_pattern;
} shared_state;

typedef struct thread_work {
  shared_state *state;
  unsigned index;
} thread_work;

static void record_failure(shared_state *state, const char *pattern) {
  atomic_fetch_add(&state->failures, 1);
  const char *none = NULL;
  atomic_compare_exchange_strong(&state->failed_pattern, &none, pattern);
}

static void *run_matcher(void *argument) {
  thread_work *work = argument;
  shared_state *state = work->state;
  const size_t pattern_count = sizeof state->shared / sizeof *state->shared;
  unsigned long matches = 0;
  for (unsigned iteration = 0; iteration < state->iterations; iteration++) {
    /* Each thread walks the set in its own order, so that different
     * threads hit the same pattern at the same moment in varying ways. */
    for (size_t k = 0; k < pattern_count * SUBJECT_COUNT; k++) {
      size_t item = (k * 7 + work->index * 13 + iteration) % (pattern_count * SUBJECT_COUNT);
      prepared_pattern *prepared = &state->shared[item / SUBJECT_COUNT];
      size_t s = item % SUBJECT_COUNT;
      const jrx *re = prepared->compiled[(iteration + work->index) % RELIABILITY_ENGINE_COUNT];
      if (!matches_expected(re, &prepared->expected[s], s)) {
        record_failure(state, prepared->spec->pattern);
      }
      matches++;
    }
  }
  atomic_fetch_add(&state->matches, matches);
  atomic_fetch_sub(&state->matchers_running, 1);
  return NULL;
}

/* Compiles, checks and frees until the matchers are done. */
static void *run_churn(void *argument) {
  thread_work *work = argument;
  shared_state *state = work->state;
  const size_t pattern_count = sizeof state->churn / sizeof *state->churn;
  unsigned long compiles = 0;
  for (unsigned round = 0; round < MIN_CHURN_ROUNDS || atomic_load(&state->matchers_running) > 0;
       round++) {
    const prepared_pattern *prepared = &state->churn[(round + work->index) % pattern_count];
    const pattern_spec *spec = prepared->spec;
    jrx *re = jrx_compile(
        spec->pattern, strlen(spec->pattern),
        spec->options | reliability_engine_options[round % RELIABILITY_ENGINE_COUNT], NULL, NULL);
    if (re == NULL) {
      record_failure(state, spec->pattern);
      continue;
    }
    size_t s = round % SUBJECT_COUNT;
    if (!matches_expected(re, &prepared->expected[s], s)) {
      record_failure(state, spec->pattern);
    }
    jrx_free(re);
    compiles++;
  }
  atomic_fetch_add(&state->compiles, compiles);
  return NULL;
}

static void test_shared_patterns_under_churn(void **unused) {
  (void)unused;
  static shared_state state;
  for (size_t i = 0; i < sizeof state.shared / sizeof *state.shared; i++) {
    prepare(&state.shared[i], &shared_patterns[i]);
  }
  for (size_t i = 0; i < sizeof state.churn / sizeof *state.churn; i++) {
    prepare(&state.churn[i], &churn_patterns[i]);
  }
  state.iterations = reliability_long_tests() ? 2500 : 250;
  atomic_init(&state.matchers_running, MATCHER_COUNT);
  atomic_init(&state.matches, 0);
  atomic_init(&state.compiles, 0);
  atomic_init(&state.failures, 0);
  atomic_init(&state.failed_pattern, NULL);

  pthread_t threads[MATCHER_COUNT + CHURN_COUNT];
  thread_work work[MATCHER_COUNT + CHURN_COUNT];
  for (unsigned i = 0; i < MATCHER_COUNT + CHURN_COUNT; i++) {
    work[i] = (thread_work){&state, i};
    void *(*body)(void *) = i < MATCHER_COUNT ? run_matcher : run_churn;
    assert_int_equal(pthread_create(&threads[i], NULL, body, &work[i]), 0);
  }
  for (unsigned i = 0; i < MATCHER_COUNT + CHURN_COUNT; i++) {
    assert_int_equal(pthread_join(threads[i], NULL), 0);
  }
  const char *failed = atomic_load(&state.failed_pattern);
  if (atomic_load(&state.failures) != 0) {
    fail_msg("%d wrong answers, the first for /%s/", atomic_load(&state.failures), failed);
  }
  unsigned long expected_matches = (unsigned long)MATCHER_COUNT * state.iterations *
                                   (sizeof state.shared / sizeof *state.shared) * SUBJECT_COUNT;
  assert_int_equal(atomic_load(&state.matches), expected_matches);
  assert_true(atomic_load(&state.compiles) >= CHURN_COUNT * MIN_CHURN_ROUNDS);
  print_message(
      "%d threads x %u iterations: %lu matches; %d threads: %lu compile-match-free "
      "rounds\n",
      MATCHER_COUNT, state.iterations, atomic_load(&state.matches), CHURN_COUNT,
      atomic_load(&state.compiles));

  for (size_t i = 0; i < sizeof state.shared / sizeof *state.shared; i++) {
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      jrx_free(state.shared[i].compiled[e]);
    }
  }
  for (size_t i = 0; i < sizeof state.churn / sizeof *state.churn; i++) {
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      jrx_free(state.churn[i].compiled[e]);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shared_patterns_under_churn),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
