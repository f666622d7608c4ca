/* oracle_divergence: the report of a divergence and the settings of the
 * randomized oracle tests (see the header). */
#include "oracle_divergence.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "oracle_jrx.h"
#include "oracle_pcre2.h"
#include "oracle_text.h"

static int same_text(const oracle_text *a, const oracle_text *b) {
  return strcmp(oracle_text_string(a), oracle_text_string(b)) == 0;
}

static int same_answer(const oracle_outcome *pcre2, const oracle_outcome *jrx_outcome) {
  return pcre2->compiled && jrx_outcome->compiled && same_text(&pcre2->first, &jrx_outcome->first) &&
         same_text(&pcre2->all, &jrx_outcome->all);
}

void oracle_prefer_unoptimized(const oracle_case *item, unsigned match_limit,
                               oracle_outcome *pcre2, const oracle_outcome *jrx_outcome) {
  if (!pcre2->compiled || !jrx_outcome->compiled || pcre2->inconclusive ||
      same_answer(pcre2, jrx_outcome)) {
    return;
  }
  oracle_outcome unoptimized;
  oracle_outcome_init(&unoptimized);
  assert_int_equal(oracle_run_pcre2_without_start_optimization(item, match_limit, &unoptimized),
                   0);
  if (same_answer(&unoptimized, jrx_outcome)) {
    oracle_outcome_release(pcre2);
    *pcre2 = unoptimized;
  } else {
    oracle_outcome_release(&unoptimized);
  }
}

void oracle_run_both(const oracle_case *item, unsigned match_limit,
                     unsigned extra_compile_options, oracle_outcome *pcre2,
                     oracle_outcome *jrx_outcome) {
  oracle_outcome_init(pcre2);
  oracle_outcome_init(jrx_outcome);
  assert_int_equal(oracle_run_pcre2(item, match_limit, pcre2), 0);
  assert_int_equal(oracle_run_jrx(item, extra_compile_options, jrx_outcome), 0);
  oracle_prefer_unoptimized(item, match_limit, pcre2, jrx_outcome);
}

static void print_bytes(const char *label, const char *bytes, size_t length) {
  oracle_text escaped;
  oracle_text_init(&escaped);
  oracle_text_append_c_escaped(&escaped, bytes, length);
  printf("  %s\"%s\"\n", label, oracle_text_string(&escaped));
  oracle_text_release(&escaped);
}

void oracle_print_divergence(const char *what, const oracle_case *item,
                             unsigned extra_compile_options, const oracle_outcome *pcre2,
                             const oracle_outcome *jrx_outcome) {
  printf("\nDIVERGENCE: %s\n", what);
  print_bytes("pattern: ", item->pattern, item->pattern_length);
  print_bytes("subject: ", item->subject, item->subject_length);
  printf("  compile options 0x%x (extra 0x%x), match options 0x%x, start offset %zu\n",
         item->compile_options, extra_compile_options, item->match_options, item->start_offset);
  printf("  PCRE2: %s | %s | %s\n", oracle_text_string(&pcre2->compile_error),
         oracle_text_string(&pcre2->first), oracle_text_string(&pcre2->all));
  printf("  jrx:   %s | %s | %s (engine %s)\n", oracle_text_string(&jrx_outcome->compile_error),
         oracle_text_string(&jrx_outcome->first), oracle_text_string(&jrx_outcome->all),
         jrx_outcome->engine != NULL ? jrx_outcome->engine : "-");
}

int oracle_check_both_engines(const oracle_case *item) {
  oracle_outcome pcre2;
  oracle_outcome_init(&pcre2);
  assert_int_equal(oracle_run_pcre2(item, 0, &pcre2), 0);
  assert_true(pcre2.compiled);
  static const unsigned engines[] = {0, JRX_NO_JIT};
  for (size_t e = 0; e < sizeof engines / sizeof engines[0]; e++) {
    oracle_outcome mine;
    oracle_outcome_init(&mine);
    assert_int_equal(oracle_run_jrx(item, engines[e], &mine), 0);
    oracle_prefer_unoptimized(item, 0, &pcre2, &mine);
    if (!pcre2.inconclusive &&
        (!mine.compiled || !same_text(&pcre2.first, &mine.first) || !same_text(&pcre2.all, &mine.all))) {
      oracle_text options;
      oracle_text_init(&options);
      oracle_format_compile_options(item->compile_options, &options);
      fail_msg("pattern (%zu bytes) \"%.*s%s\" options %s, subject of %zu bytes from %zu, match "
               "options %#x, engine %#x:\n  pcre2: %s\n  jrx:   %s\n  pcre2 all: %.300s\n  jrx "
               "all:   %.300s",
               item->pattern_length, (int)(item->pattern_length < 300 ? item->pattern_length : 300),
               item->pattern, item->pattern_length < 300 ? "" : "...",
               oracle_text_string(&options), item->subject_length, item->start_offset,
               item->match_options, engines[e], oracle_text_string(&pcre2.first),
               mine.compiled ? oracle_text_string(&mine.first) : oracle_text_string(&mine.compile_error),
               oracle_text_string(&pcre2.all), oracle_text_string(&mine.all));
    }
    oracle_outcome_release(&mine);
  }
  int matched = strncmp(oracle_text_string(&pcre2.first), "match", 5) == 0;
  oracle_outcome_release(&pcre2);
  return matched;
}

int oracle_check_pattern_both_engines(const char *pattern, uint32_t compile_options,
                                      char *subject, size_t subject_length, size_t start_offset) {
  char copy[256]; /* oracle_case's pattern is writable: cases.txt's lines */
  size_t pattern_length = strlen(pattern);
  assert_true(pattern_length < sizeof copy);
  memcpy(copy, pattern, pattern_length + 1);
  oracle_case run = {.pattern = copy,
                     .pattern_length = pattern_length,
                     .compile_options = compile_options,
                     .subject = subject,
                     .subject_length = subject_length,
                     .start_offset = start_offset,
                     .match_options = 0};
  return oracle_check_both_engines(&run);
}

uint64_t oracle_environment_number(const char *name, uint64_t fallback) {
  const char *value = getenv(name);
  return value != NULL && *value != '\0' ? strtoull(value, NULL, 0) : fallback;
}
