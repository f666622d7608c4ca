/* oracle_outcome: the shared text form of a result. Both runners format
 * through oracle_format_pairs so that equal results give equal text. */
#include "oracle_outcome.h"

#include <stdint.h>

void oracle_outcome_init(oracle_outcome *outcome) {
  outcome->compiled = 0;
  outcome->compile_code = 0;
  outcome->compile_offset = 0;
  outcome->inconclusive = 0;
  outcome->engine = NULL;
  outcome->engine_as_expected = 1;
  oracle_text_init(&outcome->compile_error);
  oracle_text_init(&outcome->first);
  oracle_text_init(&outcome->all);
}

void oracle_outcome_release(oracle_outcome *outcome) {
  oracle_text_release(&outcome->compile_error);
  oracle_text_release(&outcome->first);
  oracle_text_release(&outcome->all);
}

int oracle_outcome_failed(const oracle_outcome *outcome) {
  return oracle_text_failed(&outcome->compile_error) || oracle_text_failed(&outcome->first) ||
         oracle_text_failed(&outcome->all);
}

void oracle_format_pairs(oracle_text *out, int return_code, const size_t *ovector,
                         size_t pair_count) {
  size_t highest_set = 0;
  for (size_t pair = 0; pair < pair_count; pair++) {
    if (pair > 0) oracle_text_append(out, " ", 1);
    if (ovector[2 * pair] == SIZE_MAX) {
      oracle_text_append(out, "-", 1);
      continue;
    }
    oracle_text_printf(out, "%zu,%zu", ovector[2 * pair], ovector[2 * pair + 1]);
    highest_set = pair;
  }
  if (return_code != (int)highest_set + 1) {
    oracle_text_printf(out, " (return code %d, expected %zu)", return_code, highest_set + 1);
  }
}

void oracle_begin_entry(oracle_text *all) {
  if (all->length > 0) oracle_text_append(all, " | ", 3);
}

void oracle_finish_entries(oracle_text *all) {
  if (all->length == 0) oracle_text_append(all, "none", 4);
}
