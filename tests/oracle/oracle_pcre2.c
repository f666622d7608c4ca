/* oracle_pcre2: runs a case with PCRE2, the oracle. The iteration follows
 * pcre2demo's loop, written here independently of jrx_iterator so that
 * the two can be compared. PCRE2's codes are translated to jrx's names. */
#include <stdint.h>

#include "jrx.h"
#include "oracle_names.h"
#include "oracle_pcre2.h"

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

uint32_t oracle_pcre2_compile_options(uint32_t options) {
  uint32_t result = 0;
  if (options & JRX_CASELESS) result |= PCRE2_CASELESS;
  if (options & JRX_MULTILINE) result |= PCRE2_MULTILINE;
  if (options & JRX_DOTALL) result |= PCRE2_DOTALL;
  if (options & JRX_EXTENDED) result |= PCRE2_EXTENDED;
  if (options & JRX_UTF) result |= PCRE2_UTF;
  if (options & JRX_ANCHORED) result |= PCRE2_ANCHORED;
  if (options & JRX_UNGREEDY) result |= PCRE2_UNGREEDY;
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

/* One past the character starting at offset (offset < length). */
static size_t next_character(const oracle_case *item, size_t offset) {
  offset++;
  if (item->compile_options & JRX_UTF) {
    while (offset < item->subject_length && ((unsigned char)item->subject[offset] & 0xc0) == 0x80) {
      offset++;
    }
  }
  return offset;
}

static void iterate(const oracle_case *item, const pcre2_code *code, pcre2_match_data *match_data,
                    pcre2_match_context *context, uint32_t capture_count, oracle_outcome *outcome) {
  const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(match_data);
  uint32_t options = oracle_pcre2_match_options(item->match_options);
  size_t offset = item->start_offset;
  int after_empty = 0;
  for (;;) {
    uint32_t retry = after_empty ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    int rc = pcre2_match(code, (PCRE2_SPTR)item->subject, item->subject_length, offset,
                         options | retry, match_data, context);
    if (rc == PCRE2_ERROR_NOMATCH) {
      if (!after_empty || offset >= item->subject_length) break;
      offset = next_character(item, offset);
      after_empty = 0;
      continue;
    }
    oracle_begin_entry(&outcome->all);
    if (rc < 0) {
      if (!format_match_error(&outcome->all, rc)) outcome->inconclusive = 1;
      break;
    }
    format_pcre2_match(&outcome->all, rc, match_data, capture_count);
    after_empty = ovector[0] == ovector[1];
    offset = ovector[1];
  }
  oracle_finish_entries(&outcome->all);
}

int oracle_run_pcre2(const oracle_case *item, unsigned match_limit, oracle_outcome *outcome) {
  pcre2_compile_context *compile_context = pcre2_compile_context_create(NULL);
  pcre2_match_context *match_context = pcre2_match_context_create(NULL);
  pcre2_code *code = NULL;
  pcre2_match_data *match_data = NULL;
  int status = -1;
  if (compile_context == NULL || match_context == NULL) goto done;
  pcre2_set_newline(compile_context, PCRE2_NEWLINE_LF);
  pcre2_set_bsr(compile_context, PCRE2_BSR_UNICODE);
  if (match_limit != 0) pcre2_set_match_limit(match_context, match_limit);

  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  code = pcre2_compile((PCRE2_SPTR)item->pattern, item->pattern_length,
                       oracle_pcre2_compile_options(item->compile_options), &error_code,
                       &error_offset, compile_context);
  if (code == NULL) {
    PCRE2_UCHAR message[256];
    if (pcre2_get_error_message(error_code, message, sizeof message) < 0) message[0] = '\0';
    outcome->compiled = 0;
    outcome->compile_code = error_code;
    outcome->compile_offset = (size_t)error_offset;
    oracle_text_printf(&outcome->compile_error, "PCRE2 %d at %zu: %s", error_code,
                       (size_t)error_offset, (const char *)message);
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
  iterate(item, code, match_data, match_context, capture_count, outcome);
  status = oracle_outcome_failed(outcome) ? -1 : 0;

done:
  pcre2_match_data_free(match_data);
  pcre2_code_free(code);
  pcre2_match_context_free(match_context);
  pcre2_compile_context_free(compile_context);
  return status;
}
