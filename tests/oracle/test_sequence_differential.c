/* test_sequence_differential: patterns that are a fixed sequence of byte
 * sets (nfa_program.sequence_length: \d{4}/\d\d, (\d{4})-(\d\d), with
 * caseless letters, dots and negated sets, shorter and longer than the
 * eight bytes nfa_sequence_fits checks at once) against PCRE2, with some
 * that are not sequences among them; subjects of digits, separators and
 * letters searched from every start offset, a long subject dense in
 * candidates now and then (the sequence search hands over to the DFA).
 * Each case compares the first match with its groups and the whole
 * iteration, with the default engine (the arm64 JIT where there is one)
 * and with JRX_NO_JIT.
 *   JRX_SEQUENCE_DIFF_SEED   seed (default 4711)
 *   JRX_SEQUENCE_DIFF_COUNT  patterns (default JRX_SEQUENCE_DIFF_DEFAULT_COUNT) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "oracle_case.h"
#include "oracle_divergence.h"
#include "oracle_jrx.h"
#include "oracle_outcome.h"
#include "oracle_pcre2.h"

#ifndef JRX_SEQUENCE_DIFF_DEFAULT_COUNT
#define JRX_SEQUENCE_DIFF_DEFAULT_COUNT 100
#endif
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))
#define MAX_PATTERN 256
#define MAX_SUBJECT 700
#define SHORT_SUBJECT 48

static uint32_t next_random(uint32_t *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return *seed >> 8;
}

static void append(char *text, size_t capacity, size_t *length, const char *piece) {
  size_t size = strlen(piece);
  if (*length + size < capacity) {
    memcpy(text + *length, piece, size);
    *length += size;
    text[*length] = '\0';
  }
}

/* A sequence of byte sets, each repeated a fixed number of times, some
 * runs in a group; now and then a part that makes it no sequence. */
static size_t make_pattern(uint32_t *seed, char pattern[MAX_PATTERN]) {
  static const char *const sets[] = {"\\d", "[a-c]", "/", "-", ":", " ", "[^x]",
                                     "[0-3]", "a", "[\\d:]", ".", "x", "[ab/]"};
  static const char *const breakers[] = {"\\d+", "(?:ab|\\d)", "\\b", "x?", "\\d{1,2}", "$"};
  size_t length = 0;
  pattern[0] = '\0';
  uint32_t pieces = 1 + next_random(seed) % 6;
  int breaker_at = next_random(seed) % 6 == 0 ? (int)(next_random(seed) % pieces) : -1;
  for (uint32_t i = 0; i < pieces; i++) {
    if ((int)i == breaker_at) {
      append(pattern, MAX_PATTERN, &length, breakers[next_random(seed) % COUNT_OF(breakers)]);
      continue;
    }
    int grouped = next_random(seed) % 5 == 0;
    append(pattern, MAX_PATTERN, &length, grouped ? "(" : "");
    append(pattern, MAX_PATTERN, &length, sets[next_random(seed) % COUNT_OF(sets)]);
    uint32_t repeat = next_random(seed) % 3 == 0 ? 2 + next_random(seed) % 7 : 1;
    if (repeat > 1) {
      char count[16];
      snprintf(count, sizeof count, "{%u}", repeat);
      append(pattern, MAX_PATTERN, &length, count);
    }
    append(pattern, MAX_PATTERN, &length, grouped ? ")" : "");
  }
  return length;
}

/* Pieces joined up to limit bytes. */
static size_t make_subject(uint32_t *seed, int utf, size_t limit, char subject[MAX_SUBJECT]) {
  static const char *const pieces[] = {"0",  "1", "2",          "9",         "/",  "-",
                                       ":",  " ", "a",          "b",         "c",  "A",
                                       "x",  "\n", "12",        "2024/01/02 ", "12:30:45",
                                       "ab/", "1999-12-31", "\xc3\xa9"};
  size_t length = 0;
  subject[0] = '\0';
  while (length < limit) {
    uint32_t pick = next_random(seed) % (COUNT_OF(pieces) - (utf ? 0 : 1));
    size_t before = length;
    append(subject, MAX_SUBJECT, &length, pieces[pick]);
    if (length == before || length > limit) {
      length = before;
      subject[length] = '\0';
      break;
    }
  }
  return length;
}

static void test_sequences_agree_with_pcre2(void **state) {
  (void)state;
  uint32_t seed = (uint32_t)oracle_environment_number("JRX_SEQUENCE_DIFF_SEED", 4711);
  size_t count = (size_t)oracle_environment_number("JRX_SEQUENCE_DIFF_COUNT",
                                                   JRX_SEQUENCE_DIFF_DEFAULT_COUNT);
  static char pattern[MAX_PATTERN];
  static char subject[MAX_SUBJECT];
  size_t cases = 0;
  size_t matches = 0;
  for (size_t i = 0; i < count; i++) {
    size_t pattern_length = make_pattern(&seed, pattern);
    uint32_t draw = next_random(&seed) % 8;
    uint32_t compile_options = (draw & 1 ? JRX_CASELESS : 0) | (draw == 2 ? JRX_UTF : 0);
    int utf = (compile_options & JRX_UTF) != 0;
    int long_subject = next_random(&seed) % 8 == 0;
    size_t subject_length =
        make_subject(&seed, utf, long_subject ? MAX_SUBJECT - 32 : next_random(&seed) % SHORT_SUBJECT,
                     subject);
    for (size_t offset = 0; offset <= subject_length;
         offset += long_subject ? 1 + subject_length / 3 : 1) {
      if (utf && (subject[offset] & 0xc0) == 0x80) {
        continue; /* inside a character: an error for both */
      }
      uint32_t pick = next_random(&seed) % 8;
      oracle_case item = {.pattern = pattern,
                          .pattern_length = pattern_length,
                          .compile_options = compile_options,
                          .subject = subject,
                          .subject_length = subject_length,
                          .start_offset = offset,
                          .match_options = pick == 0   ? JRX_ANCHORED
                                           : pick == 1 ? JRX_NOTEMPTY_ATSTART
                                                       : 0};
      matches += (size_t)oracle_check_both_engines(&item);
      cases++;
    }
  }
  /* The subjects are made of the sets' bytes: cases match often. */
  print_message("%zu cases, %zu with a match\n", cases, matches);
  assert_true(matches * 10 > cases);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sequences_agree_with_pcre2),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
