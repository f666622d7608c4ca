/* test_api_edges: jrx_match's argument contract at its edges (offsets,
 * NULL subjects, option bits), NUL bytes, literal sets ending at every
 * offset, and invalid UTF-8 at every position. Subjects sit against PROT_NONE pages, so any read outside them
 * faults, natively and under qemu alike; every pattern runs with the
 * default engine and again with JRX_NO_JIT. JRX_NO_UTF_CHECK on invalid
 * UTF-8: answers are unspecified, reads must stay inside the subject. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS under -std=c11 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "jrx.h"
#include "reliability_compile.h"
#include "reliability_oracle.h"

#define MATCH_OPTIONS                                                                         \
  (JRX_ANCHORED | JRX_NOTBOL | JRX_NOTEOL | JRX_NOTEMPTY | JRX_NOTEMPTY_ATSTART | \
   JRX_NO_UTF_CHECK)
#define COMPILE_ONLY_OPTIONS \
  (JRX_CASELESS | JRX_MULTILINE | JRX_DOTALL | JRX_EXTENDED | JRX_UTF | JRX_UNGREEDY | JRX_NO_JIT)

/* Three pages, the outer two PROT_NONE: a subject copied against either
 * end of the middle page has no readable byte beyond it. */
typedef struct guarded_page {
  unsigned char *base;
  size_t page_size;
} guarded_page;

static guarded_page guarded_page_create(void) {
  guarded_page guard;
  guard.page_size = (size_t)sysconf(_SC_PAGESIZE);
  void *base = mmap(NULL, 3 * guard.page_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(base != MAP_FAILED);
  guard.base = base;
  assert_int_equal(mprotect(guard.base + guard.page_size, guard.page_size, PROT_READ | PROT_WRITE),
                   0);
  return guard;
}

static void guarded_page_destroy(guarded_page *guard) {
  assert_int_equal(munmap(guard->base, 3 * guard->page_size), 0);
}

/* Copies bytes so that they end (at_end) or begin at the middle page's edge. */
static const char *guarded_copy(guarded_page *guard, const void *bytes, size_t length, int at_end) {
  unsigned char *middle = guard->base + guard->page_size;
  unsigned char *copy = at_end ? middle + guard->page_size - length : middle;
  memcpy(copy, bytes, length);
  return (const char *)copy;
}

static void test_offsets(void **state) {
  (void)state;
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *empty = reliability_compile("", 0, reliability_engine_options[e]);
    size_t ovector[2];
    assert_int_equal(jrx_match(empty, "abc", 3, 3, 0, ovector, 1), 1);
    assert_int_equal(ovector[0], 3);
    assert_int_equal(ovector[1], 3);
    assert_int_equal(jrx_match(empty, "abc", 3, 4, 0, ovector, 1), JRX_ERROR_BAD_OFFSET);
    assert_int_equal(jrx_match(empty, "abc", 3, SIZE_MAX, 0, ovector, 1), JRX_ERROR_BAD_OFFSET);
    assert_int_equal(jrx_match(empty, "", 0, 1, 0, ovector, 1), JRX_ERROR_BAD_OFFSET);
    jrx_free(empty);
  }
}

static void test_null_subject(void **state) {
  (void)state;
  static const char *const patterns[] = {"", "^$", "\\A\\z", "a*", "(x?)"};
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
      jrx *re =
          reliability_compile(patterns[i], strlen(patterns[i]), reliability_engine_options[e]);
      size_t ovector[4] = {9, 9, 9, 9};
      int rc = jrx_match(re, NULL, 0, 0, 0, ovector, 2);
      assert_int_equal(rc, (int)jrx_capture_count(re) + 1);
      for (int slot = 0; slot < 2 * rc; slot++) {
        assert_int_equal(ovector[slot], 0);
      }
      assert_int_equal(jrx_match(re, NULL, 1, 0, 0, ovector, 2), JRX_ERROR_NULL);
      assert_int_equal(jrx_match(re, NULL, SIZE_MAX, 0, 0, ovector, 2), JRX_ERROR_NULL);
      assert_int_equal(jrx_match(re, NULL, 0, 1, 0, ovector, 2), JRX_ERROR_BAD_OFFSET);
      jrx_free(re);
    }
    jrx *literal = reliability_compile("a", 1, reliability_engine_options[e]);
    size_t ovector[2];
    assert_int_equal(jrx_match(literal, NULL, 0, 0, 0, ovector, 1), JRX_NOMATCH);
    jrx_free(literal);
  }
}

static void test_option_bits(void **state) {
  (void)state;
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *re = reliability_compile("b", 1, reliability_engine_options[e]);
    size_t ovector[2];
    for (unsigned bit = 0; bit < 32; bit++) {
      uint32_t option = (uint32_t)1 << bit;
      int rc = jrx_match(re, "abc", 3, 0, option, ovector, 1);
      if ((option & MATCH_OPTIONS) != 0) {
        assert_true(rc == 1 || rc == JRX_NOMATCH);
      } else {
        assert_int_equal(rc, JRX_ERROR_BAD_OPTION);
      }
    }
    assert_int_equal(jrx_match(re, "abc", 3, 0, COMPILE_ONLY_OPTIONS, ovector, 1),
                     JRX_ERROR_BAD_OPTION);
    assert_int_equal(jrx_match(re, "abc", 3, 0, JRX_CASELESS | JRX_NOTBOL, ovector, 1),
                     JRX_ERROR_BAD_OPTION);
    assert_int_equal(jrx_match(re, "abc", 3, 0, MATCH_OPTIONS & ~JRX_ANCHORED, ovector, 1), 1);
    jrx_free(re);
  }
}

/* Each pattern against each subject at every start offset, with the
 * subject against either guard, compared with PCRE2. */
static void check_guarded(const char *const *patterns, size_t pattern_count,
                          uint32_t compile_options, const char *const *subjects,
                          const size_t *subject_lengths, size_t subject_count) {
  guarded_page guard = guarded_page_create();
  for (size_t p = 0; p < pattern_count; p++) {
    size_t pattern_length = strlen(patterns[p]);
    reliability_oracle *oracle =
        reliability_oracle_create(patterns[p], pattern_length, compile_options, 0);
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      jrx *re = reliability_compile(patterns[p], pattern_length,
                                    compile_options | reliability_engine_options[e]);
      for (size_t s = 0; s < subject_count; s++) {
        for (int at_end = 0; at_end < 2; at_end++) {
          const char *subject = guarded_copy(&guard, subjects[s], subject_lengths[s], at_end);
          for (size_t start = 0; start <= subject_lengths[s]; start++) {
            reliability_check_match(re, compile_options | reliability_engine_options[e], oracle,
                                    subject, subject_lengths[s], start, 0);
            reliability_check_match(re, compile_options | reliability_engine_options[e], oracle,
                                    subject, subject_lengths[s], start, JRX_NOTEOL);
          }
        }
      }
      jrx_free(re);
    }
    reliability_oracle_destroy(oracle);
  }
  guarded_page_destroy(&guard);
}

static void test_nul_bytes(void **state) {
  (void)state;
  static const char *const patterns[] = {"a\\0b",     "\\x00+",           "[^a]",   ".",     "a.b$",
                                         "(\\0)(b?)", "[\\x00-\\x01]{2}", "\\0\\z", "\\b\\0"};
  static const char *const subjects[] = {"a\0b", "\0\0\0", "xa\0b\0", "\0", "a\0\0b\n", ""};
  static const size_t lengths[] = {3, 3, 5, 1, 5, 0};
  check_guarded(patterns, sizeof patterns / sizeof *patterns, 0, subjects, lengths,
                sizeof subjects / sizeof *subjects);

  /* A literal NUL in the pattern text itself, not an escape. */
  static const char raw[] = {'a', '\0', 'b'};
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *re = reliability_compile(raw, sizeof raw, reliability_engine_options[e]);
    size_t ovector[2];
    assert_int_equal(jrx_match(re, "xxa\0b", 5, 0, 0, ovector, 1), 1);
    assert_int_equal(ovector[0], 2);
    assert_int_equal(ovector[1], 5);
    assert_int_equal(jrx_match(re, "xxa\0c", 5, 0, 0, ovector, 1), JRX_NOMATCH);
    jrx_free(re);
  }
}

/* Patterns that read differently close to the end of the subject: long
 * literals (prefilters), classes, anchors, word boundaries. */
static void test_no_overread(void **state) {
  (void)state;
  static const char *const patterns[] = {"abcdefghijklmnopq", "z",      "[a-c]x", "a.*b$",
                                         "\\bfo+\\b",         "(x+)+y", "q$",     "(?m)^p",
                                         "[^a]{3}\\Z"};
  /* Up to 80 bytes: past a few widths of any vector loop. */
  enum { SUBJECT_COUNT = 81 };
  char subjects[SUBJECT_COUNT][SUBJECT_COUNT];
  const char *subject_pointers[SUBJECT_COUNT];
  size_t lengths[SUBJECT_COUNT];
  for (size_t length = 0; length < SUBJECT_COUNT; length++) {
    for (size_t i = 0; i < length; i++) {
      subjects[length][i] = "abcdefghijklmnopqxfoo pq\n"[(i * 7 + length) % 25];
    }
    subject_pointers[length] = subjects[length];
    lengths[length] = length;
  }
  check_guarded(patterns, sizeof patterns / sizeof *patterns, 0, subject_pointers, lengths,
                SUBJECT_COUNT);
}

/* A few literals, whose arm64 scan confirms its candidates by their
 * first four bytes (a word read only where four bytes remain): literals
 * sharing them and listed before and after longer ones, caseless, and
 * the suite's five names, on text of their pieces cut at every length
 * up to 80 and from three places. */
static void test_literal_prefixes_no_overread(void **state) {
  (void)state;
  static const char *const patterns[] = {"Samw|Samwise|Sams", "Samwise|Samw|Samsonite",
                                         "(?i)sherlock|watson",
                                         "Sherlock|Holmes|Watson|Irene|Adler"};
  static const char text[] = "SamwiseSamsSherSamwWaTsOnIreneHolmSherlockAdleHolmesSamsoniteAdler"
                             "IrenSamwiWatsonSamsSherlocksHERLOCKx";
  enum { SUBJECT_COUNT = 81, PHASES = 3 };
  char subjects[PHASES * SUBJECT_COUNT][SUBJECT_COUNT];
  const char *subject_pointers[PHASES * SUBJECT_COUNT];
  size_t lengths[PHASES * SUBJECT_COUNT];
  for (size_t phase = 0; phase < PHASES; phase++) {
    for (size_t length = 0; length < SUBJECT_COUNT; length++) {
      size_t s = phase * SUBJECT_COUNT + length;
      for (size_t i = 0; i < length; i++) {
        subjects[s][i] = text[(i + phase * 19) % (sizeof text - 1)];
      }
      subject_pointers[s] = subjects[s];
      lengths[s] = length;
    }
  }
  check_guarded(patterns, sizeof patterns / sizeof *patterns, 0, subject_pointers, lengths,
                PHASES * SUBJECT_COUNT);
}

/* A subject of one- to four-byte characters, and every kind of malformed
 * UTF-8: truncated, overlong, surrogate, too big, stray continuation,
 * bytes that never occur. */
static const char utf8_base[] =
    "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
    "b";
static const char *const utf8_bad[] = {"\x80",
                                    "\xbf",
                                    "\xc0\x80",
                                    "\xc1\xbf",
                                    "\xc3",
                                    "\xe2\x82",
                                    "\xf0\x9f\x98",
                                    "\xe0\x80\x80",
                                    "\xed\xa0\x80",
                                    "\xf0\x80\x80\x80",
                                    "\xf4\x90\x80\x80",
                                    "\xf5\x80\x80\x80",
                                    "\xfe",
                                    "\xff",
                                    "\xc3\xc3"};
enum {
  UTF8_BAD_COUNT = sizeof utf8_bad / sizeof *utf8_bad,
  UTF8_BASE_LENGTH = sizeof utf8_base - 1,
  UTF8_SPLICED_COUNT = UTF8_BAD_COUNT * (UTF8_BASE_LENGTH + 1)
};

typedef struct spliced_subjects {
  char bytes[UTF8_SPLICED_COUNT][UTF8_BASE_LENGTH + 4];
  const char *pointers[UTF8_SPLICED_COUNT];
  size_t lengths[UTF8_SPLICED_COUNT];
} spliced_subjects;

/* Each malformed sequence spliced into utf8_base at every byte. */
static void make_spliced_subjects(spliced_subjects *subjects) {
  size_t count = 0;
  for (size_t b = 0; b < UTF8_BAD_COUNT; b++) {
    size_t bad_length = strlen(utf8_bad[b]);
    for (size_t position = 0; position <= UTF8_BASE_LENGTH; position++) {
      char *bytes = subjects->bytes[count];
      memcpy(bytes, utf8_base, position);
      memcpy(bytes + position, utf8_bad[b], bad_length);
      memcpy(bytes + position + bad_length, utf8_base + position, UTF8_BASE_LENGTH - position);
      subjects->pointers[count] = bytes;
      subjects->lengths[count] = UTF8_BASE_LENGTH + bad_length;
      count++;
    }
  }
}

static void test_invalid_utf8_everywhere(void **state) {
  (void)state;
  static spliced_subjects subjects;
  make_spliced_subjects(&subjects);
  static const char *const patterns[] = {"b", "\\b", ".\\z", "(.)(?:x|\\B)", "[^a]+"};
  check_guarded(patterns, sizeof patterns / sizeof *patterns, JRX_UTF, subjects.pointers,
                subjects.lengths, UTF8_SPLICED_COUNT);

  /* The valid subject itself: every start inside a character is refused. */
  for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
    jrx *re = reliability_compile(".", 1, JRX_UTF | reliability_engine_options[e]);
    size_t ovector[2];
    for (size_t start = 0; start <= UTF8_BASE_LENGTH; start++) {
      int inside = start < UTF8_BASE_LENGTH && (utf8_base[start] & 0xc0) == 0x80;
      int rc = jrx_match(re, utf8_base, UTF8_BASE_LENGTH, start, 0, ovector, 1);
      assert_int_equal(rc, inside                      ? JRX_ERROR_BAD_UTF_OFFSET
                           : start == UTF8_BASE_LENGTH ? JRX_NOMATCH
                                                       : 1);
    }
    jrx_free(re);
  }
}

/* Whatever a match call returns under JRX_NO_UTF_CHECK, it never blames
 * the UTF-8 it was told not to check, and a match lies inside the subject
 * from the start offset on. */
static void check_unchecked_result(int rc, const size_t *ovector, size_t length, size_t start) {
  assert_true(rc != JRX_ERROR_BAD_UTF && rc != JRX_ERROR_BAD_UTF_OFFSET);
  if (rc >= 0) {
    assert_true(ovector[0] >= start && ovector[0] <= ovector[1] && ovector[1] <= length);
  }
}

/* One subject against one pattern with JRX_NO_UTF_CHECK: every start
 * offset (inside characters too) and option set, a whole iteration and a
 * global substitution. */
static void run_unchecked(const jrx *re, const char *subject, size_t length) {
  static const uint32_t options[] = {JRX_NO_UTF_CHECK, JRX_NO_UTF_CHECK | JRX_NOTEOL,
                                     JRX_NO_UTF_CHECK | JRX_ANCHORED,
                                     JRX_NO_UTF_CHECK | JRX_NOTEMPTY_ATSTART};
  size_t ovector[6];
  for (size_t start = 0; start <= length; start++) {
    for (size_t o = 0; o < sizeof options / sizeof *options; o++) {
      int rc = jrx_match(re, subject, length, start, options[o], ovector, 3);
      check_unchecked_result(rc, ovector, length, start);
    }
  }
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, subject, length, 0, JRX_NO_UTF_CHECK);
  int rc;
  size_t previous_end = 0;
  while ((rc = jrx_iterator_next(&iterator, ovector, 3)) >= 0) {
    check_unchecked_result(rc, ovector, length, previous_end);
    previous_end = ovector[1];
  }
  char output[256];
  size_t output_length = sizeof output;
  rc = jrx_substitute(re, subject, length, 0, JRX_NO_UTF_CHECK | JRX_SUBSTITUTE_GLOBAL,
                      "<\xff$0>", 5, output, &output_length);
  assert_true(rc != JRX_ERROR_BAD_UTF && rc != JRX_ERROR_BAD_UTF_OFFSET);
}

/* JRX_NO_UTF_CHECK: on valid UTF-8 the answers are the checked ones; on
 * every malformed subject, against either guard page (and under
 * AddressSanitizer natively), nothing reads outside the subject. The
 * patterns cover the search strategies: literals (case-folded ones with
 * multi-byte variants), alternations, classes, \b, backward scans and
 * captures. */
static void test_no_utf_check(void **state) {
  (void)state;
  static const char *const patterns[] = {
      "b",           "\xe2\x82\xac", "(?i)k\\x{e9}", "a|\\x{e9}|\\x{1f600}", "\\b", ".\\z",
      "(.)(?:x|\\B)", "[^a]+",        "\\x{20ac}+b$", "(?i)sk",                ".{2}",
      "\\x{e9}\\x{20ac}|b"};
  static spliced_subjects subjects;
  make_spliced_subjects(&subjects);
  guarded_page guard = guarded_page_create();
  for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
    size_t pattern_length = strlen(patterns[p]);
    for (size_t e = 0; e < RELIABILITY_ENGINE_COUNT; e++) {
      jrx *re = reliability_compile(patterns[p], pattern_length,
                                    JRX_UTF | reliability_engine_options[e]);
      for (size_t start = 0; start <= UTF8_BASE_LENGTH; start++) {
        if (start < UTF8_BASE_LENGTH && (utf8_base[start] & 0xc0) == 0x80) {
          continue;
        }
        size_t checked[6];
        size_t unchecked[6];
        int rc = jrx_match(re, utf8_base, UTF8_BASE_LENGTH, start, 0, checked, 3);
        assert_int_equal(jrx_match(re, utf8_base, UTF8_BASE_LENGTH, start, JRX_NO_UTF_CHECK,
                                   unchecked, 3),
                         rc);
        for (int slot = 0; slot < 2 * rc; slot++) {
          assert_int_equal(unchecked[slot], checked[slot]);
        }
      }
      for (size_t s = 0; s < UTF8_SPLICED_COUNT; s++) {
        for (int at_end = 0; at_end < 2; at_end++) {
          const char *subject =
              guarded_copy(&guard, subjects.pointers[s], subjects.lengths[s], at_end);
          run_unchecked(re, subject, subjects.lengths[s]);
        }
      }
      jrx_free(re);
    }
  }
  guarded_page_destroy(&guard);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_offsets),     cmocka_unit_test(test_null_subject),
      cmocka_unit_test(test_option_bits), cmocka_unit_test(test_nul_bytes),
      cmocka_unit_test(test_no_overread), cmocka_unit_test(test_literal_prefixes_no_overread),
      cmocka_unit_test(test_invalid_utf8_everywhere),
      cmocka_unit_test(test_no_utf_check),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
