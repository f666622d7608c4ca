/* oracle_outcome: what one engine (PCRE2 or jrx) made of one case, as text
 * in the format of cases.expected, so that results of the two engines and
 * the committed expectations compare with strcmp and diff readably.
 *   first: "nomatch" | "match S,E S,E - ..." (one pair per group, "-" for
 *          unset) | "error NAME" | "inconclusive: ..."
 *   all:   "none" or every match of the iteration as above, joined by
 *          " | ", ending with "| error NAME" if the iteration failed. */
#ifndef JRX_ORACLE_OUTCOME_H
#define JRX_ORACLE_OUTCOME_H

#include <stddef.h>

#include "oracle_case.h"
#include "oracle_text.h"

typedef struct oracle_outcome {
  int compiled;              /* 1 if the pattern compiled */
  int compile_code;          /* the engine's error code otherwise */
  size_t compile_offset;     /* and the offset it reported */
  int inconclusive;          /* PCRE2 hit its match limit: no verdict */
  oracle_text compile_error; /* "CODE at OFFSET: message" when not compiled */
  oracle_text first;         /* the first match at the case's start offset */
  oracle_text all;           /* the global iteration from there */
  /* jrx only: jrx_engine() after the matches (a fixed string, or NULL),
   * and whether it is the engine this build must run (see
   * tests/support/engine_expectation.h); PCRE2's outcome leaves it 1. */
  const char *engine;
  int engine_as_expected;
} oracle_outcome;

void oracle_outcome_init(oracle_outcome *outcome);
void oracle_outcome_release(oracle_outcome *outcome);
int oracle_outcome_failed(const oracle_outcome *outcome);

/* Appends "S,E S,E - ..." for the pairs of one match (pair_count = groups +
 * 1). A return code inconsistent with the ovector (it must be one more
 * than the highest set pair) is appended as a visible note. */
void oracle_format_pairs(oracle_text *out, int return_code, const size_t *ovector,
                         size_t pair_count);

/* Builds the "all" text: call oracle_begin_entry before each match or
 * error, and oracle_finish_entries at the end (it writes "none" if there
 * were no entries). */
void oracle_begin_entry(oracle_text *all);
void oracle_finish_entries(oracle_text *all);

#endif
