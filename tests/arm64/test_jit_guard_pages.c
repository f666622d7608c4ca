/* test_jit_guard_pages: whole native searches (prefilter, loops and the C
 * around them) on subjects lying flush against a PROT_NONE page before
 * them and then one after them, so that reading a byte outside the
 * subject faults; every answer must equal the portable DFA's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "guarded_page.h"
#include "jit_fixture.h"
#include "jrx.h"

#define MAX_LENGTH 64
#define FILLER 'z'

typedef struct guarded_case {
  const char *pattern;
  uint32_t options;
  const char *sample; /* text the pattern matches, planted in subjects */
  size_t stride;      /* between the sample's positions and the start offsets tried */
} guarded_case;

/* One prefilter shape each: a literal (rare pair of bytes), an
 * alternation (first-byte set), a caseless literal (folded compares), a
 * single byte the loop skips to natively, and no prefilter at all; then
 * the shapes of accelerated states. */
static const guarded_case cases[] = {
    {"Sherlock", 0, "Sherlock", 1},
    {"Sherlock|Watson|Holmes|Irene", 0, "Watson", 1},
    {"sherlock", JRX_CASELESS, "ShErLoCk", 1},
    /* Unicode folding: long s (U+017F) and the Kelvin sign (U+212A) are
     * other bytes at other offsets than s and k. */
    {"sherlock", JRX_CASELESS | JRX_UTF, "\xc5\xbfherloc\xe2\x84\xaa", 1},
    {"k[0-9]+", 0, "k42", 1},
    {"[a-y]+ing\\b", 0, "sing", 1},
    /* Accelerated states, forwards and backwards: runs of the filler
     * jumped with NEON up to a leaving byte, a range's end, or the end
     * (what matters is where the runs end, so fewer starts). */
    {".*", 0, "\n", 5},
    {"(?s)z.*", 0, "\n", 5},
    {"a[^\"]*\"", 0, "a\"", 5},
    {".*[^a-z]|[a-z]", 0, "!", 5},
    {"[0-9]+\\.[0-9]", 0, "1.2", 5},
};

/* From every start offset of subject, plain and with the sample planted
 * at every position (cut short by the subject's end). */
static void check_subject(jit_fixture *fixture, const guarded_case *test, unsigned char *subject,
                          size_t length) {
  size_t sample_length = strlen(test->sample);
  for (size_t position = 0; position <= length; position += test->stride) {
    memset(subject, FILLER, length);
    if (position < length) {
      size_t fits = length - position < sample_length ? length - position : sample_length;
      memcpy(subject + position, test->sample, fits);
    }
    for (size_t start = 0; start <= length; start += test->stride) {
      jit_fixture_check(fixture, test->pattern, subject, length, start, 0, 0);
    }
  }
}

static void subjects_between_inaccessible_pages(void **state) {
  (void)state;
  guarded_page guarded;
  guarded_page_create(&guarded);
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    jit_fixture fixture;
    jit_fixture_create(&fixture, cases[c].pattern, cases[c].options, NULL);
    for (size_t length = 0; length <= MAX_LENGTH; length++) {
      for (int at_end = 0; at_end < 2; at_end++) {
        check_subject(&fixture, &cases[c], guarded_page_subject(&guarded, length, at_end),
                      length);
      }
    }
    jit_fixture_release(&fixture);
  }
  guarded_page_release(&guarded);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(subjects_between_inaccessible_pages),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
