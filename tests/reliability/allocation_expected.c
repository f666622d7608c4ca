/* allocation_expected: PCRE2 (with the oracle's settings) makes each call
 * of a run once; the transcript repeats for the match data half. */
#include "allocation_expected.h"

#include <setjmp.h>
#include <stdarg.h>
#include <string.h>

#include <cmocka.h>

#include "../oracle/oracle_pcre2.h"

#define OUTPUT_SIZE 2048

static void note_pcre2_match(int rc, const PCRE2_SIZE *ovector, void *user) {
  allocation_run *run = user;
  if (rc < 0) {
    fail_msg("PCRE2 error %d while iterating", rc);
  }
  allocation_note_ovector(run, rc, ovector);
}

/* One pcre2_match, noted as allocation_corpus notes jrx_match_with's
 * answer (at most `noted` pairs). */
static void note_match(const allocation_entry *entry, const pcre2_code *code,
                       pcre2_match_data *match_data, uint32_t options, int noted,
                       allocation_run *run) {
  int found = pcre2_match(code, (PCRE2_SPTR)entry->subject, strlen(entry->subject), 0, options,
                          match_data, NULL);
  if (found < 0 && found != PCRE2_ERROR_NOMATCH) {
    fail_msg("PCRE2 error %d matching /%.40s/", found, allocation_entry_pattern(entry));
  }
  found = found < 0 ? JRX_NOMATCH : found;
  allocation_note_ovector(run, found > noted ? noted : found,
                          pcre2_get_ovector_pointer(match_data));
}

static void note_calls(const allocation_entry *entry, const pcre2_code *code,
                       pcre2_match_data *match_data, allocation_run *run) {
  size_t length = strlen(entry->subject);
  allocation_note(run, "match");
  note_match(entry, code, match_data, 0, ALLOCATION_OVECTOR_PAIRS, run);
  allocation_note(run, "; anchored");
  note_match(entry, code, match_data, PCRE2_ANCHORED, ALLOCATION_OVECTOR_PAIRS, run);
  pcre2_match_data *one_pair = pcre2_match_data_create(1, NULL);
  assert_non_null(one_pair);
  allocation_note(run, "; one pair");
  note_match(entry, code, one_pair, 0, 1, run);
  pcre2_match_data_free(one_pair);
  allocation_note(run, "; all");
  oracle_pcre2_iterate(code, match_data, NULL, entry->subject, length, 0, 0, note_pcre2_match, run);
  PCRE2_UCHAR output[OUTPUT_SIZE];
  PCRE2_SIZE output_length = sizeof output;
  int replaced = pcre2_substitute(code, (PCRE2_SPTR)entry->subject, length, 0,
                                  PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_UNSET_EMPTY, NULL,
                                  NULL, (PCRE2_SPTR)entry->replacement, strlen(entry->replacement),
                                  output, &output_length);
  if (replaced < 0) {
    fail_msg("PCRE2 substitution error %d on /%.40s/", replaced, allocation_entry_pattern(entry));
  }
  allocation_note(run, "; %d replaced: %.*s", replaced, (int)output_length, (const char *)output);
}

void allocation_expected_run(const allocation_entry *entry, allocation_run *expected) {
  *expected = (allocation_run){0};
  const char *pattern = allocation_entry_pattern(entry);
  int error = 0;
  size_t offset = 0;
  pcre2_code *code =
      oracle_pcre2_compile(pattern, strlen(pattern), entry->options, &error, &offset);
  if (code == NULL) {
    fail_msg("PCRE2 rejects /%.40s/: error %d at %zu", pattern, error, offset);
  }
  pcre2_match_data *match_data = pcre2_match_data_create(ALLOCATION_OVECTOR_PAIRS, NULL);
  assert_non_null(match_data);
  note_calls(entry, code, match_data, expected);
  allocation_note(expected, ALLOCATION_SECOND_HALF);
  note_calls(entry, code, match_data, expected);
  pcre2_match_data_free(match_data);
  pcre2_code_free(code);
}
