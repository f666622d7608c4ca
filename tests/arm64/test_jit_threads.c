/* test_jit_threads: one pattern compiled to native code, matched from
 * several threads at once through jrx_match; every thread must get the
 * answers the interpreter gives single-threaded. Also with a DFA cache so
 * small that every search gives up on the DFA, so that the threads race
 * to build the pattern's native Pike VM, which one of them publishes; and
 * a search on one thread synchronizes with code another thread built. */
#define _POSIX_C_SOURCE 200112L /* pthread_barrier_t */

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jitmem.h"
#include "jrx.h"
#include "test_random.h"

#define THREAD_COUNT 6
#define SUBJECT_COUNT 64
#define SUBJECT_CAPACITY 200
#define ROUNDS 20

static const char PATTERN[] = "\\w+@\\w+\\.com|Sherlock|(\\d+)-(\\d+)$";

typedef struct shared_case {
  char subject[SUBJECT_CAPACITY];
  size_t length;
  int expected_result;
  size_t expected[6]; /* the overall match and both groups */
} shared_case;

typedef struct thread_work {
  const jrx *re;
  const shared_case *cases;
  int mismatches;
} thread_work;

static void *match_everything(void *argument) {
  thread_work *work = argument;
  for (int round = 0; round < ROUNDS; round++) {
    for (size_t i = 0; i < SUBJECT_COUNT; i++) {
      const shared_case *item = &work->cases[(i + (size_t)round * 7) % SUBJECT_COUNT];
      size_t ovector[6];
      int result = jrx_match(work->re, item->subject, item->length, 0, 0, ovector, 3);
      if (result != item->expected_result ||
          (result > 0 &&
           memcmp(ovector, item->expected, (size_t)result * 2 * sizeof(size_t)) != 0)) {
        work->mismatches++;
      }
    }
  }
  return NULL;
}

static void make_cases(shared_case *cases) {
  static const char *const pieces[] = {"bob", "@", "mail", ".com", " ",   "Sherlock",
                                       "12",  "-", "7",    "\n",   "x_y", "Sher"};
  uint64_t random = 0xa4093822299f31d0u;
  jrx *interpreter = jrx_compile(PATTERN, strlen(PATTERN), JRX_NO_JIT, NULL, NULL);
  assert_non_null(interpreter);
  for (size_t i = 0; i < SUBJECT_COUNT; i++) {
    shared_case *item = &cases[i];
    item->length = 0;
    for (;;) {
      const char *piece = pieces[test_random_next(&random) % (sizeof pieces / sizeof pieces[0])];
      size_t size = strlen(piece);
      if (item->length + size > SUBJECT_CAPACITY) {
        break;
      }
      memcpy(item->subject + item->length, piece, size);
      item->length += size;
    }
    item->expected_result =
        jrx_match(interpreter, item->subject, item->length, 0, 0, item->expected, 3);
  }
  jrx_free(interpreter);
}

static void threads_share_one_native_pattern(void **state) {
  (void)state;
  static shared_case cases[SUBJECT_COUNT];
  make_cases(cases);
  int matched = 0;
  for (size_t i = 0; i < SUBJECT_COUNT; i++) {
    matched += cases[i].expected_result > 0;
  }
  assert_true(matched > SUBJECT_COUNT / 2);
  jrx *re = jrx_compile(PATTERN, strlen(PATTERN), 0, NULL, NULL);
  assert_non_null(re);
  assert_string_equal(jrx_engine(re), "arm64-jit");
  pthread_t threads[THREAD_COUNT];
  thread_work work[THREAD_COUNT];
  for (int t = 0; t < THREAD_COUNT; t++) {
    work[t] = (thread_work){re, cases, 0};
    assert_int_equal(pthread_create(&threads[t], NULL, match_everything, &work[t]), 0);
  }
  for (int t = 0; t < THREAD_COUNT; t++) {
    assert_int_equal(pthread_join(threads[t], NULL), 0);
    assert_int_equal(work[t].mismatches, 0);
  }
  jrx_free(re);
}

#define GIVE_UP_SUBJECT_LENGTH 12000
#define GIVE_UP_OFFSETS 4

static const char GIVE_UP_PATTERN[] = "([ab]*)a([ab]{12})";

typedef struct give_up_work {
  const jrx *re;
  const char *subject;
  pthread_barrier_t *start;
  const size_t (*expected)[6];
  const int *expected_results;
  int mismatches;
} give_up_work;

static size_t give_up_offset(int i) {
  return (size_t)i * 1000; /* every search reads 9000 bytes or more: the DFA gives up */
}

static void *match_after_barrier(void *argument) {
  give_up_work *work = argument;
  pthread_barrier_wait(work->start);
  for (int i = 0; i < GIVE_UP_OFFSETS; i++) {
    size_t ovector[6];
    int result = jrx_match(work->re, work->subject, GIVE_UP_SUBJECT_LENGTH, give_up_offset(i),
                           0, ovector, 3);
    if (result != work->expected_results[i] ||
        (result > 0 && memcmp(ovector, work->expected[i], sizeof ovector) != 0)) {
      work->mismatches++;
    }
  }
  return NULL;
}

static jrx *compile_with_smallest_dfa_cache(uint32_t options) {
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.dfa_cache_size = (size_t)64 << 10; /* the least jrx.h allows */
  int error = 0;
  jrx *re = jrx_compile_with_limits(GIVE_UP_PATTERN, strlen(GIVE_UP_PATTERN), options, &limits,
                                    &error, NULL);
  assert_int_equal(error, 0);
  return re;
}

/* Random a and b: the DFA gives up on them. */
static void fill_give_up_subject(char subject[GIVE_UP_SUBJECT_LENGTH]) {
  uint64_t random = 0x9e3779b97f4a7c15u;
  for (size_t i = 0; i < GIVE_UP_SUBJECT_LENGTH; i++) {
    subject[i] = (test_random_next(&random) & 1) != 0 ? 'a' : 'b';
  }
}

/* The interpreter's answers at each offset. */
static void give_up_expectations(const char *subject, size_t expected[GIVE_UP_OFFSETS][6],
                                 int expected_results[GIVE_UP_OFFSETS]) {
  jrx *interpreter = compile_with_smallest_dfa_cache(JRX_NO_JIT);
  for (int i = 0; i < GIVE_UP_OFFSETS; i++) {
    expected_results[i] = jrx_match(interpreter, subject, GIVE_UP_SUBJECT_LENGTH,
                                    give_up_offset(i), 0, expected[i], 3);
    assert_int_equal(expected_results[i], 3);
  }
  jrx_free(interpreter);
}

static void threads_race_to_build_the_pike_vm(void **state) {
  (void)state;
  static char subject[GIVE_UP_SUBJECT_LENGTH];
  fill_give_up_subject(subject);
  size_t expected[GIVE_UP_OFFSETS][6];
  int expected_results[GIVE_UP_OFFSETS];
  give_up_expectations(subject, expected, expected_results);
  jrx *re = compile_with_smallest_dfa_cache(0);
  assert_string_equal(jrx_engine(re), "arm64-jit");
  pthread_barrier_t start;
  assert_int_equal(pthread_barrier_init(&start, NULL, THREAD_COUNT), 0);
  pthread_t threads[THREAD_COUNT];
  give_up_work work[THREAD_COUNT];
  for (int t = 0; t < THREAD_COUNT; t++) {
    work[t] = (give_up_work){re, subject, &start, expected, expected_results, 0};
    assert_int_equal(pthread_create(&threads[t], NULL, match_after_barrier, &work[t]), 0);
  }
  for (int t = 0; t < THREAD_COUNT; t++) {
    assert_int_equal(pthread_join(threads[t], NULL), 0);
    assert_int_equal(work[t].mismatches, 0);
  }
  pthread_barrier_destroy(&start);
  assert_string_equal(jrx_engine(re), "arm64-jit");
  jrx_free(re);
}

/* A thread about to run code another thread installed must synchronize
 * with it (jitmem_sync_before_run; an ISB on arm64): jrx does so in its
 * searches. The main thread compiles the pattern and builds its native
 * Pike VM with a search the DFA gives up on (no groups asked for); a new
 * thread's same search runs that code, after which the thread has
 * nothing left to synchronize with. Without the search it would have
 * (the control). */
static void *sync_after(void *argument) {
  give_up_work *work = argument;
  if (work->re != NULL) {
    size_t ovector[2];
    int result = jrx_match(work->re, work->subject, GIVE_UP_SUBJECT_LENGTH, give_up_offset(1), 0,
                           ovector, 0);
    work->mismatches += result != 0; /* a match, and no room for it */
  }
  return (void *)(intptr_t)jitmem_sync_before_run();
}

static int sync_in_new_thread(give_up_work *work) {
  pthread_t thread;
  void *synchronized;
  assert_int_equal(pthread_create(&thread, NULL, sync_after, work), 0);
  assert_int_equal(pthread_join(thread, &synchronized), 0);
  return (int)(intptr_t)synchronized;
}

static void searches_synchronize_with_code_built_elsewhere(void **state) {
  (void)state;
  static char subject[GIVE_UP_SUBJECT_LENGTH];
  fill_give_up_subject(subject);
  jrx *re = compile_with_smallest_dfa_cache(0);
  jrx_match_data *data;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  size_t ovector[2];
  assert_int_equal(jrx_match_with(re, data, subject, GIVE_UP_SUBJECT_LENGTH, give_up_offset(1), 0,
                                  ovector, 0),
                   0);
  jrx_match_stats stats;
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  assert_int_equal(stats.native_pike_searches, 1);
  jrx_match_data_free(data);
  assert_string_equal(jrx_engine(re), "arm64-jit");
  give_up_work control = {NULL, subject, NULL, NULL, NULL, 0};
  assert_int_equal(sync_in_new_thread(&control), 1);
  give_up_work searcher = {re, subject, NULL, NULL, NULL, 0};
  assert_int_equal(sync_in_new_thread(&searcher), 0);
  assert_int_equal(searcher.mismatches, 0);
  jrx_free(re);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(threads_share_one_native_pattern),
      cmocka_unit_test(threads_race_to_build_the_pike_vm),
      cmocka_unit_test(searches_synchronize_with_code_built_elsewhere),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
