/* test_allocation_failure: every entry of the allocation corpus (its
 * matches with and without a jrx_match_data, whose creation allocates
 * too), with both engines, through a counting user allocator: a clean run returns
 * every byte; then each allocation in turn is made to fail (the 1st, the
 * 2nd, ... until a run needs no failing one). A failed run must report
 * JRX_ERROR_NOMEMORY, return every byte, leave this thread out of
 * jitmem's write mode, and the next run with a working allocator must
 * give the clean run's answers. The one exception is native code:
 * jitmem's pool, whose bookkeeping goes through the allocator too, treats
 * a failure like any refusal of executable memory, and the pattern runs
 * with less native code (the interpreter, saying why, or the Pike VM for
 * captures) and must answer exactly as the clean run did; JRX_NO_JIT
 * patterns never absorb a failure. The long variant (JRX_LONG_TESTS=1)
 * also fails every allocation from the Nth on. One engine per process
 * (the default one, or the interpreter when the first argument is
 * "interpreter"), so that ctest runs the two halves side by side.
 * A search that builds something it could do without (the whole search
 * of an iteration's later searches, built by its first one) must not
 * fail at all: with every allocation of the searches failing in turn,
 * or from the Nth on, they give the clean answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "allocation_corpus.h"
#include "allocation_expected.h"
#include "counting_allocator.h"
#include "engine_expectation.h"
#include "jitmem.h"
#include "jrx.h"
#include "long_tests.h"

static const char *entry_name(const allocation_entry *entry) {
  return entry->pattern != NULL ? entry->pattern : "(the spread class)";
}

static void check_nothing_left(counting_allocator *counter, const allocation_entry *entry,
                               size_t fail_at) {
  if (counting_allocator_live(counter) != 0 || counting_allocator_live_bytes(counter) != 0) {
    fail_msg("/%.40s/ failing allocation %zu: %zu allocations (%zu bytes) never freed",
             entry_name(entry), fail_at, counting_allocator_live(counter),
             counting_allocator_live_bytes(counter));
  }
  assert_int_equal(jitmem_thread_is_writable(), 0);
}

static void check_same_answers(const allocation_run *run, const allocation_run *clean,
                               const allocation_entry *entry, size_t fail_at) {
  if (run->status != 0 || strcmp(run->transcript, clean->transcript) != 0) {
    fail_msg("/%.40s/ after failing allocation %zu: status %d, \"%s\" instead of \"%s\"",
             entry_name(entry), fail_at, run->status, run->transcript, clean->transcript);
  }
}

/* A run no allocation failed in must give PCRE2's answers, on the engine
 * this build runs: the failing runs are held to it. */
static void check_clean_run(const allocation_run *clean, const allocation_entry *entry,
                            uint32_t engine) {
  allocation_run expected;
  allocation_expected_run(entry, &expected);
  if (clean->status != 0 || strcmp(clean->transcript, expected.transcript) != 0) {
    fail_msg("/%.40s/ without failures: status %d, \"%s\" where PCRE2 gives \"%s\"",
             entry_name(entry), clean->status, clean->transcript, expected.transcript);
  }
  if (!engine_expectation_name_met(clean->engine, entry->options | engine)) {
    fail_msg("/%.40s/ without failures: " ENGINE_EXPECTATION_FAILURE, entry_name(entry),
             clean->engine, engine_expectation_expected(entry->options | engine));
  }
}

typedef struct failure_points {
  size_t tried;
  size_t absorbed_by_native_code;
} failure_points;

/* Fails allocations of one entry in turn, counting the points tried. */
static void inject_failures(const allocation_entry *entry, uint32_t engine,
                            counting_failure_mode mode, failure_points *points) {
  counting_allocator counter;
  counting_allocator_init(&counter);
  allocation_run clean;
  allocation_run_entry(entry, engine, &counter.allocator, &clean);
  check_clean_run(&clean, entry, engine);
  check_nothing_left(&counter, entry, 0);
  for (size_t fail_at = 1;; fail_at++) {
    counting_allocator_arm(&counter, mode, fail_at);
    allocation_run run;
    allocation_run_entry(entry, engine, &counter.allocator, &run);
    size_t failures = counting_allocator_failures(&counter);
    check_nothing_left(&counter, entry, fail_at);
    if (failures == 0) {
      check_same_answers(&run, &clean, entry, fail_at);
      return;
    }
    points->tried++;
    if (run.status == 0) {
      if ((engine & JRX_NO_JIT) != 0 || strcmp(clean.engine, "interpreter") == 0) {
        fail_msg("/%.40s/ failing allocation %zu: no error reported", entry_name(entry), fail_at);
      }
      points->absorbed_by_native_code++;
      check_same_answers(&run, &clean, entry, fail_at);
    } else if (run.status != JRX_ERROR_NOMEMORY) {
      fail_msg("/%.40s/ failing allocation %zu: status %d instead of JRX_ERROR_NOMEMORY",
               entry_name(entry), fail_at, run.status);
    }
    counting_allocator_arm(&counter, COUNTING_FAIL_NEVER, 0);
    allocation_run after;
    allocation_run_entry(entry, engine, &counter.allocator, &after);
    check_same_answers(&after, &clean, entry, fail_at);
    check_nothing_left(&counter, entry, fail_at);
  }
}

/* The compile options of the engine under test. */
static uint32_t engine_options;

static void every_allocation_fails_in_turn(void **state) {
  (void)state;
  failure_points points = {0, 0};
  for (size_t i = 0; i < allocation_corpus_size; i++) {
    inject_failures(&allocation_corpus[i], engine_options, COUNTING_FAIL_ONLY, &points);
    if (reliability_long_tests()) {
      inject_failures(&allocation_corpus[i], engine_options, COUNTING_FAIL_FROM, &points);
    }
  }
  printf("allocation failure points tried: %zu (%zu entries, engine options %#x%s); %zu "
         "absorbed by native code falling back\n",
         points.tried, allocation_corpus_size, (unsigned)engine_options,
         reliability_long_tests() ? ", failing one and failing all after" : "",
         points.absorbed_by_native_code);
}

/* pattern, compiled in a context of counter's allocator. */
static jrx *compile_counted(const char *pattern, counting_allocator *counter) {
  jrx_context *context = NULL;
  assert_int_equal(jrx_context_create(&counter->allocator, NULL, &context), 0);
  int error = 0;
  size_t offset = 0;
  jrx *re =
      jrx_compile_in_context(pattern, strlen(pattern), engine_options, context, &error, &offset);
  assert_non_null(re);
  jrx_context_free(context);
  return re;
}

/* Every match of re in subject, one pair each, on a match data made
 * before failure_mode is armed at fail_at, into transcript; the armed
 * searches' failed allocations in *failures (read before disarming,
 * which clears them); returns the first error, or 0. The match data's DFA is warmed first by a search
 * from every match's end (the searches the iteration's DFA makes), so
 * that what the armed searches allocate is what they may do without. */
static int iterate_with_failures(const jrx *re, counting_allocator *counter,
                                 counting_failure_mode mode, size_t fail_at,
                                 const char *subject, char *transcript, size_t size,
                                 size_t *failures) {
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  size_t ovector[2] = {0, 0};
  while (jrx_match_with(re, data, subject, strlen(subject), ovector[1], 0, ovector, 1) >= 0) {
  }
  counting_allocator_arm(counter, mode, fail_at);
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, subject, strlen(subject), 0, 0);
  jrx_iterator_set_match_data(&iterator, data);
  size_t used = 0;
  int found;
  transcript[0] = '\0';
  while ((found = jrx_iterator_next(&iterator, ovector, 1)) >= 0 && used < size) {
    used += (size_t)snprintf(transcript + used, size - used, " %d:%zu-%zu", found, ovector[0],
                             ovector[1]);
  }
  *failures = counting_allocator_failures(counter);
  counting_allocator_arm(counter, COUNTING_FAIL_NEVER, 0);
  jrx_match_data_free(data);
  return found == JRX_NOMATCH ? 0 : found;
}

static void searches_answer_when_their_build_fails(void **state) {
  (void)state;
  /* Patterns whose iteration's later searches run the whole search built
   * by the first of them (jrx.c's whole_search_applies): without groups,
   * with a required byte, and with groups asked for one pair. */
  static const char *const patterns[] = {"\\w+\\s+\\w+", "(\\w+)\\s+(\\w+)",
                                         "(?:\\w+)=(?:\"[^\"]*\"|\\S+)",
                                         "(\\w+)=(\"[^\"]*\"|\\S+)"};
  char subject[2048] = "";
  for (int i = 0; i < 60; i++) {
    strcat(subject, i % 3 == 0 ? "key=\"a b\" " : "one two ");
  }
  static char clean[8192];
  static char failing[8192];
  for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
    counting_allocator counter;
    counting_allocator_init(&counter);
    jrx *re = compile_counted(patterns[i], &counter);
    size_t failures = 0;
    assert_int_equal(iterate_with_failures(re, &counter, COUNTING_FAIL_NEVER, 0, subject, clean,
                                           sizeof clean, &failures),
                     0);
    jrx_free(re);
    for (int mode = COUNTING_FAIL_ONLY; mode <= COUNTING_FAIL_FROM; mode++) {
      size_t points = 0;
      for (size_t fail_at = 1;; fail_at++) {
        /* A pattern of its own: its first search builds the whole search. */
        re = compile_counted(patterns[i], &counter);
        int status = iterate_with_failures(re, &counter, (counting_failure_mode)mode, fail_at,
                                           subject, failing, sizeof failing, &failures);
        if (status != 0 || strcmp(failing, clean) != 0) {
          fail_msg("/%s/ failing allocation %zu of the searches%s: status %d, \"%.200s\" "
                   "instead of \"%.200s\"",
                   patterns[i], fail_at, mode == COUNTING_FAIL_FROM ? " and all after" : "",
                   status, failing, clean);
        }
        jrx_free(re);
        assert_int_equal(counting_allocator_live(&counter), 0);
        if (failures == 0) {
          break;
        }
        points++;
      }
      /* Only the whole search and its scratch allocate, in native code. */
      if ((engine_options & JRX_NO_JIT) != 0 || !engine_expectation_native_code()) {
        assert_int_equal(points, 0);
      } else {
        assert_true(points > 0);
      }
    }
  }
}

/* The C library allocator (allocator NULL) gives the same answers. */
static void default_allocator_gives_the_same_answers(void **state) {
  (void)state;
  counting_allocator counter;
  counting_allocator_init(&counter);
  for (size_t i = 0; i < allocation_corpus_size; i++) {
    allocation_run counted;
    allocation_run_entry(&allocation_corpus[i], engine_options, &counter.allocator, &counted);
    allocation_run plain;
    allocation_run_entry(&allocation_corpus[i], engine_options, NULL, &plain);
    check_clean_run(&counted, &allocation_corpus[i], engine_options);
    check_same_answers(&plain, &counted, &allocation_corpus[i], 0);
    check_nothing_left(&counter, &allocation_corpus[i], 0);
  }
}

int main(int argc, char **argv) {
  engine_options = argc > 1 && strcmp(argv[1], "interpreter") == 0 ? JRX_NO_JIT : 0;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(default_allocator_gives_the_same_answers),
      cmocka_unit_test(every_allocation_fails_in_turn),
      cmocka_unit_test(searches_answer_when_their_build_fails),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
