/* fuzz_differential: jrx against PCRE2, the oracle, on one pattern, one
 * subject and one set of options per input. Input layout (fuzz_case.h):
 *   [compile options byte][match options byte][start offset byte]
 *   pattern bytes, 0x00 0xFF, subject bytes
 * Both of jrx's engines (the default, JIT where it exists, and JRX_NO_JIT,
 * the interpreter) are compared with PCRE2 and with each other: the
 * verdict on the pattern, capture count, group names, the first match and
 * the whole global iteration, and each must have answered on the engine
 * this build runs (tests/support/engine_expectation.h: on arm64 the JIT,
 * so that a quiet fallback to the interpreter is a finding). Any
 * difference aborts with a report.
 *
 * A rejection by jrx is not a finding when PCRE2 accepts the pattern if it
 * is one of these:
 *   JRX_ERROR_UNSUPPORTED_*       a construct outside jrx's linear-time
 *                                 subset, present where jrx reports it
 *                                 (tests/support/unsupported_construct.h:
 *                                 a rejection naming a construct that is
 *                                 not there is a finding)
 *   JRX_ERROR_PROGRAM_TOO_BIG     jrx expands counted repetition into its
 *                                 program to stay linear; PCRE2 loops instead
 *   JRX_ERROR_NESTING_TOO_DEEP    jrx's own parenthesis limit (250, as
 *                                 PCRE2's default, but counted by jrx's rules)
 *   JRX_ERROR_PATTERN_TOO_LONG, JRX_ERROR_TOO_MANY_CAPTURES
 *                                 jrx's own size limits (out of reach of the
 *                                 input sizes fuzzed here, listed for safety)
 *   JRX_ERROR_NOMEMORY            says nothing about the pattern
 * and an acceptance by jrx is not one when PCRE2 rejects the pattern for
 * one of its own size limits (fuzz_pcre2_is_size_limit: e.g. "regular
 * expression is too large" for (a){65535}, PCRE2's 64 KiB of compiled code);
 * jrx has its own limits, above.
 * PCRE2 runs with low match and depth limits; an answer cut short by them
 * is inconclusive and only the attempts before it are compared (the two jrx
 * engines are still compared with each other in full). A subject holding a
 * code point on which PCRE2 10.42's Unicode 14.0 tables and jrx's newer
 * ones differ by design (oracle_unicode_gap.h: assigned later, or a
 * property changed later) has its answers compared between the two jrx
 * engines only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine_expectation.h"
#include "fuzz_case.h"
#include "fuzz_jrx.h"
#include "fuzz_matches.h"
#include "fuzz_pcre2.h"
#include "fuzz_report.h"
#include "fuzz_target.h"
#include "jrx.h"
#include "oracle_unicode_gap.h"
#include "unsupported_construct.h"

#define TARGET "differential"

/* Larger inputs only slow the search down: the Pike VM costs pattern size
 * times subject length, PCRE2 can backtrack exponentially. */
#define MAX_PATTERN_LENGTH 1024u
#define MAX_SUBJECT_LENGTH 1024u

typedef struct engine {
  char label[64];
  uint32_t options;
  jrx *re;
  int error;
  size_t error_offset;
} engine;

typedef struct oracle_verdict {
  fuzz_pcre2 *oracle; /* NULL when PCRE2 rejected the pattern */
  int error;
  size_t error_offset;
} oracle_verdict;

static int is_limit_by_design(int code) {
  return code == JRX_ERROR_PROGRAM_TOO_BIG || code == JRX_ERROR_NESTING_TOO_DEEP ||
         code == JRX_ERROR_PATTERN_TOO_LONG || code == JRX_ERROR_TOO_MANY_CAPTURES ||
         code == JRX_ERROR_NOMEMORY;
}

static void print_jrx_error(const engine *side) {
  char message[256];
  if (jrx_error_message(side->error, message, sizeof message) < 0) {
    message[0] = '\0';
  }
  fprintf(stderr, "%s: error %d (%s) at offset %zu\n", side->label, side->error, message,
          side->error_offset);
}

static void print_verdict(const engine *side) {
  if (side->re != NULL) {
    fprintf(stderr, "%s: compiles, %u capture groups\n", side->label,
            (unsigned)jrx_capture_count(side->re));
  } else {
    print_jrx_error(side);
  }
}

static void print_oracle_verdict(const oracle_verdict *verdict) {
  if (verdict->oracle != NULL) {
    fprintf(stderr, "PCRE2: compiles, %u capture groups\n",
            (unsigned)fuzz_pcre2_capture_count(verdict->oracle));
  } else {
    fputs("PCRE2: ", stderr);
    fuzz_pcre2_print_error(verdict->error);
    fprintf(stderr, " at offset %zu\n", verdict->error_offset);
  }
}

static _Noreturn void report_compile(const fuzz_case *item, const char *finding,
                                     const oracle_verdict *verdict, const engine *engines) {
  fuzz_report_begin(TARGET, finding);
  fuzz_case_print(item);
  print_oracle_verdict(verdict);
  print_verdict(&engines[0]);
  print_verdict(&engines[1]);
  fuzz_report_abort();
}

static void compile_engine(const fuzz_case *item, engine *side, const char *name,
                           uint32_t extra_options) {
  side->options = item->compile_options | extra_options;
  side->error = 0;
  side->error_offset = 0;
  side->re = jrx_compile(item->pattern, item->pattern_length, side->options, &side->error,
                         &side->error_offset);
  snprintf(side->label, sizeof side->label, "jrx %s (%s)", name,
           side->re != NULL ? jrx_engine(side->re) : "not compiled");
}

static void check_verdicts(const fuzz_case *item, const oracle_verdict *verdict,
                           const engine *engines) {
  for (int i = 0; i < 2; i++) {
    const engine *side = &engines[i];
    if (side->re == NULL && side->error_offset > item->pattern_length) {
      report_compile(item, "jrx reports an error offset past the pattern", verdict, engines);
    }
    if (verdict->oracle == NULL && side->re != NULL &&
        !fuzz_pcre2_is_size_limit(verdict->error)) {
      report_compile(item, "jrx accepts a pattern PCRE2 rejects", verdict, engines);
    }
    if (verdict->oracle != NULL && side->re == NULL &&
        !unsupported_construct_present(side->error, item->pattern, item->pattern_length,
                                       side->error_offset, item->compile_options) &&
        !is_limit_by_design(side->error)) {
      report_compile(item, "jrx rejects a pattern PCRE2 accepts", verdict, engines);
    }
  }
  const engine *rejecting = engines[0].re == NULL ? &engines[0] : &engines[1];
  if ((engines[0].re == NULL) != (engines[1].re == NULL) &&
      !is_limit_by_design(rejecting->error)) {
    report_compile(item, "jrx's engines disagree on the pattern", verdict, engines);
  }
}

static void check_groups(const fuzz_case *item, const oracle_verdict *verdict,
                         const engine *engines) {
  for (int i = 0; i < 2; i++) {
    const jrx *re = engines[i].re;
    if (jrx_capture_count(re) != fuzz_pcre2_capture_count(verdict->oracle)) {
      report_compile(item, "capture counts differ", verdict, engines);
    }
    int number;
    int unique;
    const char *name;
    for (uint32_t index = 0;
         (name = fuzz_pcre2_group_name(verdict->oracle, index, &number, &unique)) != NULL;
         index++) {
      if (unique && jrx_name_to_number(re, name) != number) {
        fuzz_report_begin(TARGET, "group numbers of a name differ");
        fuzz_case_print(item);
        fprintf(stderr, "name \"%s\": PCRE2 group %d, %s group %d\n", name, number,
                engines[i].label, jrx_name_to_number(re, name));
        fuzz_report_abort();
      }
    }
  }
}

static void compare(const fuzz_case *item, const char *what, const char *label_a,
                    const fuzz_matches *a, const char *label_b, const fuzz_matches *b) {
  size_t at = fuzz_matches_first_difference(a, b);
  if (at == SIZE_MAX) {
    return;
  }
  fuzz_report_begin(TARGET, what);
  fuzz_case_print(item);
  fuzz_matches_print(stderr, label_a, a, at);
  fuzz_matches_print(stderr, label_b, b, at);
  fuzz_report_abort();
}

/* Records PCRE2's answers for the first match (iterate 0) or the global
 * iteration (1) in *record. Returns -1 when out of memory, else 0. */
static int record_pcre2(const fuzz_case *item, const fuzz_pcre2 *oracle, size_t pairs,
                        int iterate, fuzz_matches *record) {
  return iterate ? fuzz_pcre2_iterate(oracle, item->subject, item->subject_length,
                                      item->start_offset, item->match_options, record)
                 : fuzz_pcre2_first(oracle, item->subject, item->subject_length,
                                    item->start_offset, item->match_options, pairs, record);
}

/* Where both engines agree with each other but not with PCRE2, records
 * PCRE2's answers again with PCRE2_NO_START_OPTIMIZE and, when those are
 * the engines', makes them *record: PCRE2 10.42's start optimization
 * misses matches its own matcher finds ((?=b)(?:x)?b on "ab": no match,
 * where PCRE2 without the optimization, PCRE2 after its pull request 444,
 * and jrx match "b" at 1; doc/migrating-from-pcre2.md). Any other
 * difference stays. Returns -1 when out of memory, else 0. */
static int prefer_unoptimized(const fuzz_case *item, size_t pairs, int iterate,
                              fuzz_matches *records) {
  if (fuzz_matches_first_difference(&records[1], &records[2]) != SIZE_MAX ||
      fuzz_matches_first_difference(&records[0], &records[1]) == SIZE_MAX) {
    return 0;
  }
  fuzz_pcre2 *unoptimized = NULL;
  int error;
  size_t error_offset;
  int status = fuzz_pcre2_compile_unoptimized(item->pattern, item->pattern_length,
                                              item->compile_options, &unoptimized, &error,
                                              &error_offset);
  if (status != 0) {
    return status < 0 ? -1 : 0;
  }
  fuzz_matches second;
  fuzz_matches_init(&second, pairs);
  status = record_pcre2(item, unoptimized, pairs, iterate, &second);
  if (status == 0 && fuzz_matches_first_difference(&second, &records[1]) == SIZE_MAX) {
    fuzz_matches_release(&records[0]);
    records[0] = second;
  } else {
    fuzz_matches_release(&second);
  }
  fuzz_pcre2_free(unoptimized);
  return status;
}

/* Records PCRE2's and both engines' answers for the first match (iterate
 * 0) or the global iteration (1) and compares them (PCRE2's as
 * prefer_unoptimized leaves them; the engines' with each other only when
 * oracle_applies is 0). Returns -1 when out of memory, else 0. */
static int compare_answers(const fuzz_case *item, const fuzz_pcre2 *oracle,
                           const engine *engines, int iterate, int oracle_applies) {
  size_t pairs = (size_t)fuzz_pcre2_capture_count(oracle) + 1;
  if (!iterate && item->one_pair_ovector) {
    pairs = 1;
  }
  fuzz_matches records[3];
  int status = 0;
  for (int i = 0; i < 3; i++) {
    fuzz_matches_init(&records[i], pairs);
  }
  status |= record_pcre2(item, oracle, pairs, iterate, &records[0]);
  for (int i = 0; i < 2; i++) {
    if (iterate) {
      status |= fuzz_jrx_iterate(engines[i].re, item->subject, item->subject_length,
                                 item->start_offset, item->match_options, item->one_pair_ovector,
                                 &records[i + 1]);
    } else {
      status |= fuzz_jrx_first(engines[i].re, item->subject, item->subject_length,
                               item->start_offset, item->match_options, pairs, &records[i + 1]);
    }
  }
  if (status == 0 && oracle_applies) {
    status = prefer_unoptimized(item, pairs, iterate, records);
  }
  if (status == 0) {
    const char *what = iterate ? "global iteration differs" : "first match differs";
    compare(item, what, engines[1].label, &records[2], engines[0].label, &records[1]);
    if (oracle_applies) {
      compare(item, what, "PCRE2", &records[0], engines[1].label, &records[2]);
      compare(item, what, "PCRE2", &records[0], engines[0].label, &records[1]);
    }
  }
  for (int i = 0; i < 3; i++) {
    fuzz_matches_release(&records[i]);
  }
  return status;
}

/* After the answers were compared: each engine must be the one this
 * build runs (engine_expectation.h), or a JIT that fell back to the
 * interpreter would pass unnoticed. */
static void check_engines(const fuzz_case *item, const engine *engines) {
  for (int i = 0; i < 2; i++) {
    if (!engine_expectation_met(engines[i].re, engines[i].options)) {
      fuzz_report_begin(TARGET, "jrx answered on another engine than this build runs");
      fuzz_case_print(item);
      fprintf(stderr, ENGINE_EXPECTATION_FAILURE "\n", jrx_engine(engines[i].re),
              engine_expectation_expected(engines[i].options));
      fuzz_report_abort();
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_case item;
  if (fuzz_case_decode(data, size, &item) != 0 || item.pattern_length > MAX_PATTERN_LENGTH ||
      item.subject_length > MAX_SUBJECT_LENGTH) {
    return 0;
  }
  oracle_verdict verdict = {NULL, 0, 0};
  if (fuzz_pcre2_compile(item.pattern, item.pattern_length, item.compile_options,
                         &verdict.oracle, &verdict.error, &verdict.error_offset) < 0) {
    return 0;
  }
  engine engines[2];
  compile_engine(&item, &engines[0], "default", 0);
  compile_engine(&item, &engines[1], "JRX_NO_JIT", JRX_NO_JIT);
  check_verdicts(&item, &verdict, engines);
  if (verdict.oracle != NULL && engines[0].re != NULL && engines[1].re != NULL) {
    check_groups(&item, &verdict, engines);
    int oracle_applies = !oracle_unicode_text_in_gap(item.subject, item.subject_length);
    if (compare_answers(&item, verdict.oracle, engines, 0, oracle_applies) == 0 &&
        compare_answers(&item, verdict.oracle, engines, 1, oracle_applies) == 0) {
      check_engines(&item, engines);
    }
  }
  jrx_free(engines[0].re);
  jrx_free(engines[1].re);
  fuzz_pcre2_free(verdict.oracle);
  return 0;
}
