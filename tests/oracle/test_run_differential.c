/* test_run_differential: patterns that are one greedy repetition of a
 * character set (jrx.run_alone: .*, (?s).*, [^,]*, maybe captured),
 * whose searches take the run from the start offset and run no engine,
 * against PCRE2, beside near misses that must not take that path (.*?,
 * .+, a.*); every compile option set that changes a run (multiline,
 * dotall, UTF, caseless, anchored), subjects of lines with \r, \n, empty
 * lines and multi-byte characters, searched from every start offset with
 * no match option, JRX_ANCHORED, JRX_NOTEMPTY_ATSTART, JRX_NOTEMPTY or
 * JRX_NOTBOL, comparing the first match and the whole iteration on both
 * engines. Then runs that reach the end of a subject flush against an
 * unreadable page, for each scan the run may take (memchr, 16-byte blocks
 * for a few bytes or one interval, nothing for (?s).*, a byte loop).
 *   JRX_RUN_DIFF_SEED   seed (default 2718)
 *   JRX_RUN_DIFF_COUNT  subjects per pattern and option set (default
 *                       JRX_RUN_DIFF_DEFAULT_COUNT) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "guarded_page.h"
#include "jrx.h"
#include "oracle_case.h"
#include "oracle_divergence.h"
#include "regex/jrx_internal.h"

#ifndef JRX_RUN_DIFF_DEFAULT_COUNT
#define JRX_RUN_DIFF_DEFAULT_COUNT 6
#endif
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))
#define MAX_SUBJECT 64

typedef struct run_pattern {
  const char *pattern;
  int run; /* whether every option set below makes it a run */
} run_pattern;

static const run_pattern patterns[] = {
    {".*", 1},         {"(?s).*", 1},      {"[^\\n]*", 1},   {"(.*)", 1},
    {"((?:.)*)", 1},   {"[^,]*", 1},       {"[^,;\\r]*", 1}, {"[^\\x00-\\x20]*", 1},
    {"\\N*", 1},       {"(?s:.)*", 1},     {"[\\s\\S]*", 1}, {"(?U).*?", 1},
    {".*?", 0},        {".+", 0},          {"a.*", 0},       {".*$", 0},
    {"(?m)^.*", 0},    {"(.)*", 0},        {"(?:.*)|b", 0},  {".*+", 1},
};

/* Sets of bytes whose runs the subject is cut into, and the option sets. */
static const uint32_t option_sets[] = {0,
                                       JRX_MULTILINE,
                                       JRX_DOTALL,
                                       JRX_UTF,
                                       JRX_UTF | JRX_DOTALL,
                                       JRX_CASELESS | JRX_UTF,
                                       JRX_ANCHORED};
static const uint32_t match_options[] = {0, JRX_ANCHORED, JRX_NOTEMPTY_ATSTART, JRX_NOTEMPTY,
                                         JRX_NOTBOL};

static uint32_t next_random(uint32_t *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return *seed >> 8;
}

/* Lines of letters, commas, spaces and characters of two and three bytes
 * (in UTF mode), with \r\n, a lone \r and empty lines among them. */
static size_t make_subject(uint32_t *seed, int utf, char subject[MAX_SUBJECT]) {
  static const char *const pieces[] = {"a", "b", ",", " ", "\n", "\n\n", "\r\n", "\r",
                                       "x;", "\x01", "\xc3\xa9", "\xe4\xb8\xad"};
  size_t limit = next_random(seed) % 24;
  size_t length = 0;
  while (length < limit) {
    const char *piece = pieces[next_random(seed) % (COUNT_OF(pieces) - (utf ? 0 : 2))];
    size_t size = strlen(piece);
    if (length + size >= MAX_SUBJECT) {
      break;
    }
    memcpy(subject + length, piece, size);
    length += size;
  }
  subject[length] = '\0';
  return length;
}

static void test_runs_agree_with_pcre2(void **state) {
  (void)state;
  uint32_t seed = (uint32_t)oracle_environment_number("JRX_RUN_DIFF_SEED", 2718);
  size_t count =
      (size_t)oracle_environment_number("JRX_RUN_DIFF_COUNT", JRX_RUN_DIFF_DEFAULT_COUNT);
  static char subject[MAX_SUBJECT];
  size_t cases = 0;
  for (size_t p = 0; p < COUNT_OF(patterns); p++) {
    for (size_t o = 0; o < COUNT_OF(option_sets); o++) {
      uint32_t compile_options = option_sets[o];
      int utf = (compile_options & JRX_UTF) != 0;
      for (size_t i = 0; i < count; i++) {
        size_t length = make_subject(&seed, utf, subject);
        for (size_t offset = 0; offset <= length; offset++) {
          if (utf && (subject[offset] & 0xc0) == 0x80) {
            continue; /* inside a character: an error for both */
          }
          oracle_case item = {.pattern = (char *)patterns[p].pattern,
                              .pattern_length = strlen(patterns[p].pattern),
                              .compile_options = compile_options,
                              .subject = subject,
                              .subject_length = length,
                              .start_offset = offset,
                              .match_options = match_options[next_random(&seed) %
                                                             COUNT_OF(match_options)]};
          (void)oracle_check_both_engines(&item);
          cases++;
        }
      }
    }
  }
  print_message("%zu cases\n", cases);
}

/* The patterns meant to be runs are, under every option set, and the
 * near misses are not. */
static void test_runs_are_recognized(void **state) {
  (void)state;
  for (size_t p = 0; p < COUNT_OF(patterns); p++) {
    for (size_t o = 0; o < COUNT_OF(option_sets); o++) {
      int error = 0;
      size_t error_offset = 0;
      jrx *re = jrx_compile(patterns[p].pattern, JRX_ZERO_TERMINATED, option_sets[o], &error,
                            &error_offset);
      assert_non_null(re);
      if (re->run_alone != (patterns[p].run != 0)) {
        fail_msg("%s with options 0x%x: run_alone %d, expected %d", patterns[p].pattern,
                 (unsigned)option_sets[o], (int)re->run_alone, patterns[p].run);
      }
      jrx_free(re);
    }
  }
  /* A set without every character beyond ASCII is no run in UTF mode. */
  int error = 0;
  size_t error_offset = 0;
  jrx *re = jrx_compile("[^\\x{e9}]*", JRX_ZERO_TERMINATED, JRX_UTF, &error, &error_offset);
  assert_non_null(re);
  assert_false(re->run_alone);
  jrx_free(re);
}

/* Runs to the end of subjects flush against an unreadable page (or
 * starting right after one), every length up to a few blocks: the scan
 * reads nothing past the subject. The bytes are the set's own, so each
 * run ends at the subject's end. */
static void test_runs_stop_at_page_end(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    unsigned char fill; /* a byte every run holds */
  } scans[] = {
      {".*", 'a'},              /* one leaving byte: memchr */
      {"[^,;\\r]*", 'a'},       /* three: 16-byte blocks */
      {"[a-z]*", 'q'},          /* one interval: 16-byte blocks */
      {"(?s).*", '\n'},         /* none: straight to the end */
      {"[^\\x00-\\x20:,]*", 'z'} /* neither: the byte loop */
  };
  guarded_page guarded;
  guarded_page_create(&guarded);
  for (size_t s = 0; s < COUNT_OF(scans); s++) {
    int error = 0;
    size_t error_offset = 0;
    jrx *re = jrx_compile(scans[s].pattern, JRX_ZERO_TERMINATED, 0, &error, &error_offset);
    assert_non_null(re);
    assert_true(re->run_alone);
    for (size_t length = 0; length <= 70; length++) {
      for (int at_end = 0; at_end <= 1; at_end++) {
        unsigned char *subject = guarded_page_subject(&guarded, length, at_end);
        memset(subject, scans[s].fill, length);
        for (size_t offset = 0; offset <= length; offset++) {
          jrx_iterator iterator;
          jrx_iterator_init(&iterator, re, (const char *)subject, length, offset, 0);
          size_t ovector[2];
          assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), 1);
          assert_int_equal(ovector[0], offset);
          assert_int_equal(ovector[1], length);
          if (offset < length) {
            /* then the empty match at the end, and no more */
            assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), 1);
            assert_int_equal(ovector[0], length);
            assert_int_equal(ovector[1], length);
          }
          assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_NOMATCH);
        }
      }
    }
    jrx_free(re);
  }
  guarded_page_release(&guarded);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_runs_are_recognized),
      cmocka_unit_test(test_runs_agree_with_pcre2),
      cmocka_unit_test(test_runs_stop_at_page_end),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
