/* fuzz_bitnfa: the bit-parallel NFA (regex/bitnfa.h) against pike_match
 * on the program it was built from (jrx_searched_program: the pattern's,
 * or the one a leading lookbehind or leading lookaheads make), for
 * patterns that have one: the match's bounds at every start offset, with
 * the C scan and, where jrx runs native code (arm64), with the generated
 * loop too. jrx_match reaches this engine only once a match data's DFA
 * cache thrashes, which no input small enough to fuzz makes happen, so the
 * target calls it directly. Input layout: the differential target's
 * (fuzz_case.h); the one-pair bit is ignored.
 *
 * Per input: compile the pattern with jrx_compile (rejected patterns and
 * those without a bit-parallel NFA are skipped, and in UTF mode subjects
 * jrx_match would reject), then compare at every start offset that
 * jrx_match accepts, with the case's match options, the subject in a buffer of
 * its exact size (AddressSanitizer sees the C scan read past it), until
 * pike_match has taken SWEEP_STEP_BUDGET steps. Any difference aborts
 * with a report. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_case.h"
#include "fuzz_options.h"
#include "fuzz_report.h"
#include "fuzz_target.h"
#include "jrx.h"
#include "regex/arm64/jit.h"
#include "regex/bitnfa.h"
#include "regex/jrx_internal.h"
#include "regex/pike.h"
#include "regex/utf8.h"

#define TARGET "bitnfa"

/* As the differential target: larger inputs only slow pike_match down. */
#define MAX_PATTERN_LENGTH 1024u
#define MAX_SUBJECT_LENGTH 1024u

/* pike_match steps (pike_stats) the sweep over start offsets may take. */
#define SWEEP_STEP_BUDGET 100000u

typedef struct bounds_answer {
  int status;
  size_t start;
  size_t end;
} bounds_answer;

static void print_answer(const char *label, const bounds_answer *answer) {
  fprintf(stderr, "%s: returns %d", label, answer->status);
  if (answer->status == 1) {
    fprintf(stderr, ", match %zu..%zu", answer->start, answer->end);
  }
  fputc('\n', stderr);
}

static void check_same(const fuzz_case *item, size_t start_offset, uint32_t options,
                       const bounds_answer *expected, const bounds_answer *got,
                       const char *label) {
  if (expected->status == got->status &&
      (expected->status != 1 || (expected->start == got->start && expected->end == got->end))) {
    return;
  }
  fuzz_report_begin(TARGET, "the bit-parallel NFA differs from pike_match");
  fuzz_case_print(item);
  fprintf(stderr, "compared at start offset %zu with match options ", start_offset);
  fuzz_options_print(stderr, options);
  fputc('\n', stderr);
  print_answer("pike_match (expected)", expected);
  print_answer(label, got);
  fuzz_report_abort();
}

static bounds_answer run_bitnfa(const jrx *re, bitnfa_scan_function scan,
                                const unsigned char *subject, size_t length, size_t start_offset,
                                uint32_t options) {
  bounds_answer answer = {0, 0, 0};
  answer.status = bitnfa_search(re->bit_parallel, scan, subject, length, start_offset, options,
                                &answer.start, &answer.end, NULL);
  if (answer.status == 1) {
    /* A lookbehind program's match starts with the lookbehind's bytes,
     * which its start slot (pike_match's answer) follows, as jrx's
     * find_bounds moves the start on by them. */
    answer.start += re->lookbehind_bytes;
  }
  return answer;
}

/* Compares every engine at start_offset; returns the steps pike_match
 * took. */
static uint64_t compare_at(const fuzz_case *item, const jrx *re, pike_scratch *scratch,
                           const unsigned char *subject, size_t start_offset, uint32_t options) {
  pike_stats stats = {0};
  const size_t *slots = NULL;
  bounds_answer expected = {0, 0, 0};
  expected.status = pike_match(jrx_searched_program(re), scratch, subject, item->subject_length,
                               start_offset, options, &slots, &stats);
  if (expected.status == 1) {
    expected.start = slots[0];
    expected.end = slots[1];
  }
  bounds_answer portable =
      run_bitnfa(re, bitnfa_scan, subject, item->subject_length, start_offset, options);
  check_same(item, start_offset, options, &expected, &portable, "bitnfa_scan");
  const jit_code *code = NULL;
  if (jrx_native_search_code(re, &code) == 0 && code != NULL) {
    bounds_answer native = run_bitnfa(re, jit_bitnfa_scan(code), subject,
                                      item->subject_length, start_offset, options);
    check_same(item, start_offset, options, &expected, &native, "the native loop");
  }
  return stats.steps;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_case item;
  if (fuzz_case_decode(data, size, &item) != 0 || item.pattern_length > MAX_PATTERN_LENGTH ||
      item.subject_length > MAX_SUBJECT_LENGTH) {
    return 0;
  }
  int error = 0;
  size_t error_offset = 0;
  jrx *re = jrx_compile(item.pattern, item.pattern_length, item.compile_options, &error,
                        &error_offset);
  size_t bad_offset;
  if (re == NULL || re->bit_parallel == NULL ||
      (re->program.utf &&
       !utf8_validate((const unsigned char *)item.subject, item.subject_length, &bad_offset))) {
    jrx_free(re);
    return 0;
  }
  pike_scratch *scratch = NULL;
  unsigned char *subject = malloc(item.subject_length > 0 ? item.subject_length : 1);
  if (subject != NULL && pike_scratch_create(jrx_searched_program(re), &scratch) == 0) {
    memcpy(subject, item.subject, item.subject_length);
    /* jrx_match adds the compile-time JRX_ANCHORED to every match's options. */
    uint32_t options = item.match_options | (item.compile_options & JRX_ANCHORED);
    uint64_t steps = 0;
    for (size_t offset = 0; offset <= item.subject_length && steps < SWEEP_STEP_BUDGET;
         offset++) {
      if (re->program.utf && offset < item.subject_length && (subject[offset] & 0xc0u) == 0x80u) {
        continue; /* inside a character: jrx_match rejects the offset */
      }
      steps += compare_at(&item, re, scratch, subject, offset, options);
    }
  }
  pike_scratch_destroy(scratch);
  free(subject);
  jrx_free(re);
  return 0;
}
