/* oracle_pcre2: runs a case with PCRE2, the oracle. The iteration follows
 * pcre2demo's loop, written here independently of jrx_iterator so that
 * the two can be compared. PCRE2's codes are translated to jrx's names. */
#include <stdint.h>

#include "oracle_pcre2.h"

#include "jrx.h"
#include "oracle_names.h"

uint32_t oracle_pcre2_compile_options(uint32_t options) {
  uint32_t result = 0;
  if (options & JRX_CASELESS) result |= PCRE2_CASELESS;
  if (options & JRX_MULTILINE) result |= PCRE2_MULTILINE;
  if (options & JRX_DOTALL) result |= PCRE2_DOTALL;
  if (options & JRX_EXTENDED) result |= PCRE2_EXTENDED;
  if (options & JRX_UTF) result |= PCRE2_UTF;
  if (options & JRX_ANCHORED) result |= PCRE2_ANCHORED;
  if (options & JRX_UNGREEDY) result |= PCRE2_UNGREEDY;
  if (options & JRX_MATCH_INVALID_UTF) result |= PCRE2_MATCH_INVALID_UTF;
  if (options & JRX_UCP) result |= PCRE2_UCP;
  return result;
}

uint32_t oracle_pcre2_match_options(uint32_t options) {
  uint32_t result = 0;
  if (options & JRX_ANCHORED) result |= PCRE2_ANCHORED;
  if (options & JRX_NOTBOL) result |= PCRE2_NOTBOL;
  if (options & JRX_NOTEOL) result |= PCRE2_NOTEOL;
  if (options & JRX_NOTEMPTY) result |= PCRE2_NOTEMPTY;
  if (options & JRX_NOTEMPTY_ATSTART) result |= PCRE2_NOTEMPTY_ATSTART;
  return result;
}

int oracle_pcre2_error_to_jrx(int code) {
  switch (code) {
    case PCRE2_ERROR_BADOFFSET: return JRX_ERROR_BAD_OFFSET;
    case PCRE2_ERROR_BADUTFOFFSET: return JRX_ERROR_BAD_UTF_OFFSET;
    case PCRE2_ERROR_NOMEMORY: return JRX_ERROR_NOMEMORY;
    default:
      if (code <= PCRE2_ERROR_UTF8_ERR1 && code >= PCRE2_ERROR_UTF8_ERR21) return JRX_ERROR_BAD_UTF;
      return JRX_ERROR_INTERNAL;
  }
}

/* Writes a failed match's code as jrx would report it; returns 0 when the
 * failure leaves no verdict (a resource limit of the backtracker). */
static int format_match_error(oracle_text *out, int code) {
  if (code == PCRE2_ERROR_MATCHLIMIT || code == PCRE2_ERROR_DEPTHLIMIT ||
      code == PCRE2_ERROR_HEAPLIMIT) {
    oracle_text_printf(out, "inconclusive: PCRE2 error %d (a resource limit)", code);
    return 0;
  }
  int jrx_code = oracle_pcre2_error_to_jrx(code);
  if (jrx_code == JRX_ERROR_INTERNAL) {
    oracle_text_printf(out, "error PCRE2 %d", code);
  } else {
    oracle_text_printf(out, "error %s", oracle_error_name(jrx_code));
  }
  return 1;
}

static void format_pcre2_match(oracle_text *out, int rc, pcre2_match_data *match_data,
                               uint32_t capture_count) {
  oracle_format_pairs(out, rc, pcre2_get_ovector_pointer(match_data), capture_count + 1);
}

/* oracle_pcre2_compile with PCRE2 options of its own added. */
static pcre2_code *compile_with(const char *pattern, size_t length, uint32_t jrx_options,
                                uint32_t pcre2_options, int *error_code, size_t *error_offset) {
  pcre2_compile_context *context = pcre2_compile_context_create(NULL);
  if (context == NULL) {
    *error_code = PCRE2_ERROR_NOMEMORY;
    *error_offset = 0;
    return NULL;
  }
  pcre2_set_newline(context, PCRE2_NEWLINE_LF);
  pcre2_set_bsr(context, PCRE2_BSR_UNICODE);
  PCRE2_SIZE offset = 0;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, length,
                                   oracle_pcre2_compile_options(jrx_options) | pcre2_options,
                                   error_code, &offset, context);
  *error_offset = (size_t)offset;
  pcre2_compile_context_free(context);
  return code;
}

pcre2_code *oracle_pcre2_compile(const char *pattern, size_t length, uint32_t jrx_options,
                                 int *error_code, size_t *error_offset) {
  return compile_with(pattern, length, jrx_options, 0, error_code, error_offset);
}

/* One past the character starting at offset (offset < length). */
static size_t next_character(const char *subject, size_t length, int utf, size_t offset) {
  offset++;
  while (utf && offset < length && ((unsigned char)subject[offset] & 0xc0) == 0x80) {
    offset++;
  }
  return offset;
}

void oracle_pcre2_iterate(const pcre2_code *code, pcre2_match_data *match_data,
                          pcre2_match_context *context, const char *subject, size_t length,
                          size_t start_offset, uint32_t jrx_match_options,
                          oracle_pcre2_each each, void *user) {
  const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(match_data);
  uint32_t options = oracle_pcre2_match_options(jrx_match_options);
  uint32_t pattern_options = 0;
  pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &pattern_options);
  int utf = (pattern_options & PCRE2_UTF) != 0;
  size_t offset = start_offset;
  int after_empty = 0;
  for (;;) {
    uint32_t retry = after_empty ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    int rc = pcre2_match(code, (PCRE2_SPTR)subject, length, offset, options | retry, match_data,
                         context);
    if (rc == PCRE2_ERROR_NOMATCH) {
      if (!after_empty || offset >= length) break;
      offset = next_character(subject, length, utf, offset);
      after_empty = 0;
      continue;
    }
    each(rc, ovector, user);
    if (rc < 0) break;
    after_empty = ovector[0] == ovector[1];
    offset = ovector[1];
  }
}

/* The oracle_pcre2_each of the "all" text. */
typedef struct all_text {
  oracle_outcome *outcome;
  uint32_t capture_count;
} all_text;

static void add_to_all(int rc, const PCRE2_SIZE *ovector, void *user) {
  all_text *text = user;
  oracle_begin_entry(&text->outcome->all);
  if (rc < 0) {
    if (!format_match_error(&text->outcome->all, rc)) text->outcome->inconclusive = 1;
    return;
  }
  oracle_format_pairs(&text->outcome->all, rc, ovector, text->capture_count + 1);
}

/* oracle_run_pcre2 with PCRE2 compile options of its own added. */
static int run_with(const oracle_case *item, unsigned match_limit, uint32_t pcre2_options,
                    oracle_outcome *outcome) {
  pcre2_match_context *match_context = pcre2_match_context_create(NULL);
  pcre2_code *code = NULL;
  pcre2_match_data *match_data = NULL;
  int status = -1;
  if (match_context == NULL) goto done;
  if (match_limit != 0) pcre2_set_match_limit(match_context, match_limit);

  int error_code = 0;
  size_t error_offset = 0;
  code = compile_with(item->pattern, item->pattern_length, item->compile_options, pcre2_options,
                      &error_code, &error_offset);
  if (code == NULL) {
    if (error_code == PCRE2_ERROR_NOMEMORY) goto done;
    PCRE2_UCHAR message[256];
    if (pcre2_get_error_message(error_code, message, sizeof message) < 0) message[0] = '\0';
    outcome->compiled = 0;
    outcome->compile_code = error_code;
    outcome->compile_offset = error_offset;
    oracle_text_printf(&outcome->compile_error, "PCRE2 %d at %zu: %s", error_code, error_offset,
                       (const char *)message);
    status = oracle_outcome_failed(outcome) ? -1 : 0;
    goto done;
  }
  outcome->compiled = 1;
  uint32_t capture_count = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &capture_count);
  match_data = pcre2_match_data_create_from_pattern(code, NULL);
  if (match_data == NULL) goto done;

  int rc = pcre2_match(code, (PCRE2_SPTR)item->subject, item->subject_length, item->start_offset,
                       oracle_pcre2_match_options(item->match_options), match_data, match_context);
  if (rc == PCRE2_ERROR_NOMATCH) {
    oracle_text_append(&outcome->first, "nomatch", 7);
  } else if (rc < 0) {
    if (!format_match_error(&outcome->first, rc)) outcome->inconclusive = 1;
  } else {
    oracle_text_append(&outcome->first, "match ", 6);
    format_pcre2_match(&outcome->first, rc, match_data, capture_count);
  }
  all_text all = {outcome, capture_count};
  oracle_pcre2_iterate(code, match_data, match_context, item->subject, item->subject_length,
                       item->start_offset, item->match_options, add_to_all, &all);
  oracle_finish_entries(&outcome->all);
  status = oracle_outcome_failed(outcome) ? -1 : 0;

done:
  pcre2_match_data_free(match_data);
  pcre2_code_free(code);
  pcre2_match_context_free(match_context);
  return status;
}

int oracle_run_pcre2(const oracle_case *item, unsigned match_limit, oracle_outcome *outcome) {
  return run_with(item, match_limit, 0, outcome);
}

int oracle_run_pcre2_without_start_optimization(const oracle_case *item, unsigned match_limit,
                                                oracle_outcome *outcome) {
  return run_with(item, match_limit, PCRE2_NO_START_OPTIMIZE, outcome);
}
