/* test_jit_threads: one pattern compiled to native code, matched from
 * several threads at once through jrx_match; every thread must get the
 * answers the interpreter gives single-threaded. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(threads_share_one_native_pattern),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
