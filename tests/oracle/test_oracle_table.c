/* test_oracle_table: every case of cases.txt through jrx, compared with
 * PCRE2's committed answers in cases.expected: compile acceptance, the
 * first match and the whole global iteration (jrx_iterator). Every engine
 * jrx has on this machine is checked, and must be the one that answered
 * (engine_expectation.h: on arm64 a JIT that fell back fails the case).
 * Each failing case prints a readable diff; the test fails if any case
 * does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine_expectation.h"
#include "jrx.h"
#include "oracle_case.h"
#include "oracle_expected.h"
#include "oracle_jrx.h"
#include "oracle_names.h"
#include "oracle_outcome.h"

#ifndef JRX_ORACLE_DIR
#error "JRX_ORACLE_DIR must name the directory holding cases.txt"
#endif

static int is_syntax_error_code(int code) {
  return code <= JRX_ERROR_END_BACKSLASH && code > JRX_ERROR_UNSUPPORTED_BACKREFERENCE;
}

static void print_case_header(const oracle_case *item, const char *engine) {
  printf("\ncases.txt:%zu: %s   [jrx engine: %s]\n", item->line, item->text, engine);
}

static const char *tag_name(int code) {
  const char *name = oracle_error_name(code);
  return name != NULL ? name : "?";
}

/* Judges a case whose pattern jrx or PCRE2 (or both) rejected. */
static int check_rejection(const oracle_case *item, const oracle_expected_record *record,
                           const oracle_outcome *jrx_outcome, const char *engine) {
  const char *problem = NULL;
  if (item->reject_code != 0 && !record->compiled && !is_syntax_error_code(item->reject_code)) {
    problem = "the case is tagged as outside jrx's subset, but PCRE2 rejects the pattern too";
  } else if (item->reject_code != 0 && record->compiled &&
             is_syntax_error_code(item->reject_code)) {
    problem = "the case is tagged with a syntax error, but PCRE2 accepts the pattern";
  } else if (jrx_outcome->compiled) {
    problem = item->reject_code != 0 ? "jrx accepts a pattern the case says it must reject"
                                     : "jrx accepts a pattern PCRE2 rejects";
  } else if (jrx_outcome->compile_offset > item->pattern_length) {
    problem = "jrx's error offset is past the end of the pattern";
  } else if (item->reject_code != 0 && jrx_outcome->compile_code != item->reject_code) {
    problem = "jrx rejects the pattern with another error than the case names";
  } else if (item->reject_code == 0 && record->compiled) {
    problem =
        "jrx rejects a pattern PCRE2 accepts; if it is outside jrx's subset, tag the "
        "case reject=CODE";
  }
  if (problem == NULL) {
    return 0;
  }
  print_case_header(item, engine);
  printf("  %s\n", problem);
  if (item->reject_code != 0) {
    printf("  case says: reject=%s\n", tag_name(item->reject_code));
  }
  printf("  PCRE2:     %s\n",
         record->compiled ? "compiles" : oracle_text_string(&record->compile_error));
  printf("  jrx:       %s\n",
         jrx_outcome->compiled ? "compiles" : oracle_text_string(&jrx_outcome->compile_error));
  return 1;
}

/* Runs one case with one engine; returns 1 if jrx disagrees. */
static int check_case(const oracle_case *item, const oracle_expected_record *record,
                      unsigned extra_compile_options, const char *engine) {
  oracle_outcome outcome;
  oracle_outcome_init(&outcome);
  int failed = 0;
  if (oracle_run_jrx(item, extra_compile_options, &outcome) != 0) {
    print_case_header(item, engine);
    printf("  out of memory while running the case\n");
    failed = 1;
  } else if (!outcome.compiled || !record->compiled || item->reject_code != 0) {
    failed = check_rejection(item, record, &outcome, engine);
  } else if (!outcome.engine_as_expected) {
    print_case_header(item, engine);
    printf("  " ENGINE_EXPECTATION_FAILURE "\n", outcome.engine,
           engine_expectation_expected(item->compile_options | extra_compile_options));
    failed = 1;
  } else {
    int first_differs =
        strcmp(oracle_text_string(&record->first), oracle_text_string(&outcome.first)) != 0;
    int all_differs =
        strcmp(oracle_text_string(&record->all), oracle_text_string(&outcome.all)) != 0;
    if (first_differs || all_differs) {
      print_case_header(item, engine);
      printf("  first  PCRE2: %s\n         jrx:   %s%s\n", oracle_text_string(&record->first),
             oracle_text_string(&outcome.first), first_differs ? "   <-- differs" : "");
      printf("  all    PCRE2: %s\n         jrx:   %s%s\n", oracle_text_string(&record->all),
             oracle_text_string(&outcome.all), all_differs ? "   <-- differs" : "");
      failed = 1;
    }
  }
  oracle_outcome_release(&outcome);
  return failed;
}

/* The engine jrx picks for the case with the given options, or NULL when
 * the pattern does not compile. */
static const char *engine_for(const oracle_case *item, unsigned extra_compile_options) {
  jrx *re = jrx_compile(item->pattern, item->pattern_length,
                        item->compile_options | extra_compile_options, NULL, NULL);
  const char *engine = re != NULL ? jrx_engine(re) : NULL;
  jrx_free(re);
  return engine;
}

static int check_every_engine(const oracle_case *item, const oracle_expected_record *record) {
  const char *preferred = engine_for(item, 0);
  const char *interpreter = engine_for(item, JRX_NO_JIT);
  const char *name = preferred != NULL ? preferred : "none";
  int failed = check_case(item, record, 0, name);
  if (preferred != NULL && interpreter != NULL && strcmp(preferred, interpreter) != 0) {
    failed |= check_case(item, record, JRX_NO_JIT, interpreter);
  }
  return failed;
}

/* Both files must describe the same cases in the same order. */
static size_t count_stale_records(const oracle_case_list *cases, const oracle_expected *expected) {
  size_t stale = 0;
  for (size_t i = 0; i < cases->count && i < expected->count; i++) {
    if (strcmp(cases->items[i].text, oracle_text_string(&expected->records[i].case_text)) != 0) {
      printf("cases.txt:%zu: not the case cases.expected has in its place (%s)\n",
             cases->items[i].line, oracle_text_string(&expected->records[i].case_text));
      stale++;
    }
  }
  if (cases->count != expected->count) {
    printf("cases.txt has %zu cases, cases.expected %zu\n", cases->count, expected->count);
    stale++;
  }
  if (stale > 0) {
    printf("cases.expected is stale: build the oracle-regenerate target\n");
  }
  return stale;
}

static void test_table_against_pcre2(void **state) {
  (void)state;
  oracle_case_list cases = {NULL, 0, 0};
  oracle_expected expected = {NULL, 0};
  oracle_text error;
  oracle_text_init(&error);
  int loaded = oracle_cases_load(JRX_ORACLE_DIR "/cases.txt", &cases, &error) == 0 &&
               oracle_expected_load(JRX_ORACLE_DIR "/cases.expected", &expected, &error) == 0;
  if (!loaded) {
    printf("%s\n", oracle_text_string(&error));
  }
  assert_true(loaded);
  assert_true(cases.count >= 600);
  assert_int_equal(count_stale_records(&cases, &expected), 0);

  size_t failures = 0;
  for (size_t i = 0; i < cases.count; i++) {
    failures += (size_t)check_every_engine(&cases.items[i], &expected.records[i]);
  }
  printf("\n%zu of %zu cases disagree with PCRE2\n", failures, cases.count);
  oracle_cases_release(&cases);
  oracle_expected_release(&expected);
  oracle_text_release(&error);
  assert_int_equal(failures, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table_against_pcre2),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
