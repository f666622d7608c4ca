/* oracle_divergence: the report of a divergence and the settings of the
 * randomized oracle tests (see the header). */
#include "oracle_divergence.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "oracle_jrx.h"
#include "oracle_pcre2.h"
#include "oracle_text.h"

void oracle_run_both(const oracle_case *item, unsigned match_limit,
                     unsigned extra_compile_options, oracle_outcome *pcre2,
                     oracle_outcome *jrx_outcome) {
  oracle_outcome_init(pcre2);
  oracle_outcome_init(jrx_outcome);
  assert_int_equal(oracle_run_pcre2(item, match_limit, pcre2), 0);
  assert_int_equal(oracle_run_jrx(item, extra_compile_options, jrx_outcome), 0);
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

uint64_t oracle_environment_number(const char *name, uint64_t fallback) {
  const char *value = getenv(name);
  return value != NULL && *value != '\0' ? strtoull(value, NULL, 0) : fallback;
}
