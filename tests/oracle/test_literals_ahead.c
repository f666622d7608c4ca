/* test_literals_ahead: an iteration over a pattern whose literal search
 * is the whole match (jrx_match_literals) finds the next matches ahead,
 * each within a window after the one before, and remembers how far a
 * search that found none there proved the text clear. Against PCRE2's
 * whole iteration, both engines: matches a gap apart, for every gap
 * around the window's size (a match cut by the window's end, a longer
 * alternative cut where a shorter one fits, a search that starts where
 * the last one proved the text clear, inside a character in UTF-8), and
 * the iteration cut short at the subject's end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "oracle_case.h"
#include "oracle_divergence.h"

/* jrx.c's LITERALS_AHEAD_WINDOW: the gaps tried lie around it. */
#define WINDOW 4096u
#define GAP_SPREAD 20u
#define MATCHES 4u

struct ahead_case {
  const char *pattern;
  uint32_t options;
  const char *variants[2]; /* what the subject holds, in turn */
  const char *filler;      /* what fills a gap */
};

static const struct ahead_case cases[] = {
    {"Holmes", 0, {"Holmes", "Holmes"}, "x"},
    /* Leftmost-first: Holmes where both fit; a window cutting Holmes must
     * not answer Hol. */
    {"Holmes|Hol", 0, {"Holmes", "Hol!"}, "x"},
    {"sherlock holmes", JRX_CASELESS, {"SHERLOCK holmes", "Sherlock Holmes"}, "y"},
    {"шерлок холмс", JRX_UTF | JRX_CASELESS, {"Шерлок Холмс", "шерлок ХОЛМС"}, "ж"},
    {"Холмс|Хол", JRX_UTF, {"Холмс", "Хол,"}, "ж"},
    {"夏洛克|福尔摩斯", JRX_UTF, {"福尔摩斯", "夏洛克"}, "的"},
};

/* Fills out with the variants gap filler bytes apart (rounded down to
 * whole fillers), a few gaps varied around gap. Returns the length. */
static size_t build_subject(const struct ahead_case *item, size_t gap, char *out) {
  size_t filler_length = strlen(item->filler);
  size_t at = 0;
  for (size_t m = 0; m < MATCHES; m++) {
    const char *variant = item->variants[m % 2];
    size_t length = strlen(variant);
    memcpy(out + at, variant, length);
    at += length;
    size_t this_gap = gap + (m == 2 ? 3 : 0);
    for (size_t filled = 0; filled + filler_length <= this_gap; filled += filler_length) {
      memcpy(out + at, item->filler, filler_length);
      at += filler_length;
    }
  }
  return at;
}

static void check(const struct ahead_case *item, char *subject, size_t length) {
  oracle_check_pattern_both_engines(item->pattern, item->options, subject, length, 0);
}

static void test_gaps_around_window(void **state) {
  (void)state;
  char *subject = malloc(MATCHES * (WINDOW + 2 * GAP_SPREAD + 64));
  assert_non_null(subject);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    static const size_t small_gaps[] = {0, 1, 2, 7, 100};
    for (size_t g = 0; g < sizeof small_gaps / sizeof *small_gaps; g++) {
      check(&cases[i], subject, build_subject(&cases[i], small_gaps[g], subject));
    }
    for (size_t gap = WINDOW - GAP_SPREAD; gap <= WINDOW + GAP_SPREAD; gap++) {
      size_t length = build_subject(&cases[i], gap, subject);
      check(&cases[i], subject, length);
      /* Cut inside the last variant and the gap before it. */
      size_t last = strlen(cases[i].variants[(MATCHES - 1) % 2]);
      check(&cases[i], subject, length - last / 2 - 1);
      check(&cases[i], subject, length - last - 1);
    }
  }
  free(subject);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gaps_around_window),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
