/* oracle_jrx: runs a case with jrx through its public API only: jrx_match
 * for the first match and jrx_iterator for the global iteration, formatted
 * exactly as oracle_pcre2 formats PCRE2's answers, and notes whether the
 * engine that answered is the one this build must run, and the iteration
 * on a match data of its own ran that engine's native code
 * (engine_expectation_stats_met). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine_expectation.h"
#include "jrx.h"
#include "oracle_jrx.h"
#include "oracle_names.h"

static void format_jrx_error(oracle_text *out, int code) {
  const char *name = oracle_error_name(code);
  if (name != NULL) {
    oracle_text_printf(out, "error %s", name);
  } else {
    oracle_text_printf(out, "error %d (not a jrx code)", code);
  }
}

static void format_compile_error(oracle_text *out, int code, size_t offset) {
  char message[256];
  if (jrx_error_message(code, message, sizeof message) < 0) message[0] = '\0';
  const char *name = oracle_error_name(code);
  oracle_text_printf(out, "%s at %zu: %s", name != NULL ? name : "(unnamed code)", offset, message);
}

/* The iteration of item into *all, on data (NULL: as jrx_match). */
static void iterate_on(const oracle_case *item, const jrx *re, jrx_match_data *data,
                       size_t *ovector, size_t pair_count, oracle_text *all) {
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, item->subject, item->subject_length, item->start_offset,
                    item->match_options);
  jrx_iterator_set_match_data(&iterator, data);
  /* Each match either advances or is empty and then followed by a
   * non-empty one or a bump-along, so there are at most 2 per byte. */
  size_t limit = 2 * item->subject_length + 2;
  for (size_t count = 0;; count++) {
    int rc = jrx_iterator_next(&iterator, ovector, pair_count);
    if (rc == JRX_NOMATCH) break;
    oracle_begin_entry(all);
    if (rc < 0) {
      format_jrx_error(all, rc);
      break;
    }
    if (count == limit) {
      oracle_text_printf(all, "error: the iteration does not end (over %zu matches)",
                         limit);
      break;
    }
    oracle_format_pairs(all, rc, ovector, pair_count);
  }
  oracle_finish_entries(all);
}

/* The iteration into outcome->all, as jrx_match does it. One on a match
 * data of its own, whose searches may take another path (jrx_match_dense,
 * for patterns without groups or whose groups are not asked for;
 * jrx_match_captures, for the capture engine's search), must give the
 * same text, or the difference is appended: for a pattern without groups
 * with every pair; for one with groups with one pair (its whole match),
 * compared with the iteration as jrx_match does it, then again with every
 * pair on the same match data, whose counts end in *stats. */
static void iterate(const oracle_case *item, const jrx *re, size_t *ovector, size_t pair_count,
                    oracle_outcome *outcome, jrx_match_stats *stats) {
  iterate_on(item, re, NULL, ovector, pair_count, &outcome->all);
  jrx_match_data *data = NULL;
  if (jrx_match_data_create(re, &data) != 0) {
    oracle_text_printf(&outcome->all, " error: no match data");
    return;
  }
  /* With groups: the whole match as jrx_match finds it, into expected. */
  size_t data_pairs = jrx_capture_count(re) != 0 ? 1 : pair_count;
  oracle_text expected, with_data;
  oracle_text_init(&expected);
  oracle_text_init(&with_data);
  if (data_pairs != pair_count) {
    iterate_on(item, re, NULL, ovector, data_pairs, &expected);
  }
  const oracle_text *reference = data_pairs != pair_count ? &expected : &outcome->all;
  iterate_on(item, re, data, ovector, data_pairs, &with_data);
  if (strcmp(oracle_text_string(&with_data), oracle_text_string(reference)) != 0) {
    oracle_text_printf(&outcome->all, " error: on a match data with %zu pairs: %s", data_pairs,
                       oracle_text_string(&with_data));
  }
  oracle_text with_groups;
  oracle_text_init(&with_groups);
  if (data_pairs != pair_count) {
    iterate_on(item, re, data, ovector, pair_count, &with_groups);
    if (strcmp(oracle_text_string(&with_groups), oracle_text_string(&outcome->all)) != 0) {
      oracle_text_printf(&outcome->all, " error: on a match data with every pair: %s",
                         oracle_text_string(&with_groups));
    }
  }
  oracle_text_release(&expected);
  oracle_text_release(&with_data);
  oracle_text_release(&with_groups);
  if (jrx_match_data_stats(data, stats) != 0) {
    oracle_text_printf(&outcome->all, " error: no match data counts");
  }
  jrx_match_data_free(data);
}

int oracle_run_jrx(const oracle_case *item, unsigned extra_compile_options,
                   oracle_outcome *outcome) {
  int error_code = 0;
  size_t error_offset = 0;
  jrx *re = jrx_compile(item->pattern, item->pattern_length,
                        item->compile_options | extra_compile_options, &error_code, &error_offset);
  if (re == NULL) {
    outcome->compiled = 0;
    outcome->compile_code = error_code;
    outcome->compile_offset = error_offset;
    format_compile_error(&outcome->compile_error, error_code, error_offset);
    return oracle_outcome_failed(outcome) ? -1 : 0;
  }
  outcome->compiled = 1;
  size_t pair_count = (size_t)jrx_capture_count(re) + 1;
  size_t *ovector = malloc(2 * pair_count * sizeof *ovector);
  if (ovector == NULL) {
    jrx_free(re);
    return -1;
  }
  int rc = jrx_match(re, item->subject, item->subject_length, item->start_offset,
                     item->match_options, ovector, pair_count);
  if (rc == JRX_NOMATCH) {
    oracle_text_append(&outcome->first, "nomatch", 7);
  } else if (rc < 0) {
    format_jrx_error(&outcome->first, rc);
  } else {
    oracle_text_append(&outcome->first, "match ", 6);
    oracle_format_pairs(&outcome->first, rc, ovector, pair_count);
  }
  jrx_match_stats stats = {0};
  iterate(item, re, ovector, pair_count, outcome, &stats);
  uint32_t options = item->compile_options | extra_compile_options;
  outcome->engine = jrx_engine(re);
  outcome->engine_as_expected = engine_expectation_met(re, options);
  if (outcome->engine_as_expected && !engine_expectation_stats_met(re, options, &stats)) {
    outcome->engine_as_expected = 0;
    outcome->engine = "arm64-jit, yet searches of the iteration ran on engines in C";
  }
  free(ovector);
  jrx_free(re);
  return oracle_outcome_failed(outcome) ? -1 : 0;
}
