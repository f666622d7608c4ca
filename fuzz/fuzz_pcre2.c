/* fuzz_pcre2: PCRE2 calls and the translation of its answers. The global
 * iteration is written here from pcre2demo's rules, independently of
 * jrx_iterator, so that the two can be compared. */
#include "fuzz_pcre2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jrx.h"

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

struct fuzz_pcre2 {
  pcre2_code *code;
  pcre2_match_context *match_context;
  uint32_t capture_count;
  int utf;
};

static uint32_t compile_options(uint32_t jrx_options) {
  uint32_t options = 0;
  if (jrx_options & JRX_CASELESS) options |= PCRE2_CASELESS;
  if (jrx_options & JRX_MULTILINE) options |= PCRE2_MULTILINE;
  if (jrx_options & JRX_DOTALL) options |= PCRE2_DOTALL;
  if (jrx_options & JRX_EXTENDED) options |= PCRE2_EXTENDED;
  if (jrx_options & JRX_UTF) options |= PCRE2_UTF;
  if (jrx_options & JRX_ANCHORED) options |= PCRE2_ANCHORED;
  if (jrx_options & JRX_UNGREEDY) options |= PCRE2_UNGREEDY;
  if (jrx_options & JRX_MATCH_INVALID_UTF) options |= PCRE2_MATCH_INVALID_UTF;
  if (jrx_options & JRX_UCP) options |= PCRE2_UCP;
  return options;
}

static uint32_t match_options(uint32_t jrx_options) {
  uint32_t options = 0;
  if (jrx_options & JRX_ANCHORED) options |= PCRE2_ANCHORED;
  if (jrx_options & JRX_NOTBOL) options |= PCRE2_NOTBOL;
  if (jrx_options & JRX_NOTEOL) options |= PCRE2_NOTEOL;
  if (jrx_options & JRX_NOTEMPTY) options |= PCRE2_NOTEMPTY;
  if (jrx_options & JRX_NOTEMPTY_ATSTART) options |= PCRE2_NOTEMPTY_ATSTART;
  return options;
}

/* fuzz_pcre2_compile with PCRE2 options of its own added. */
static int compile_with(const char *pattern, size_t length, uint32_t jrx_options,
                        uint32_t pcre2_options, fuzz_pcre2 **oracle, int *error_code,
                        size_t *error_offset) {
  *oracle = NULL;
  fuzz_pcre2 *created = calloc(1, sizeof *created);
  pcre2_compile_context *context = pcre2_compile_context_create(NULL);
  int status = -1;
  if (created == NULL || context == NULL) {
    goto done;
  }
  pcre2_set_newline(context, PCRE2_NEWLINE_LF);
  pcre2_set_bsr(context, PCRE2_BSR_UNICODE);
  PCRE2_SIZE offset = 0;
  created->code = pcre2_compile((PCRE2_SPTR)pattern, length,
                                compile_options(jrx_options) | pcre2_options, error_code, &offset,
                                context);
  if (created->code == NULL) {
    *error_offset = offset;
    status = *error_code == PCRE2_ERROR_HEAP_FAILED ? -1 : 1;
    goto done;
  }
  created->match_context = pcre2_match_context_create(NULL);
  if (created->match_context == NULL) {
    goto done;
  }
  pcre2_set_match_limit(created->match_context, FUZZ_PCRE2_MATCH_LIMIT);
  pcre2_set_depth_limit(created->match_context, FUZZ_PCRE2_DEPTH_LIMIT);
  pcre2_pattern_info(created->code, PCRE2_INFO_CAPTURECOUNT, &created->capture_count);
  uint32_t all_options = 0;
  pcre2_pattern_info(created->code, PCRE2_INFO_ALLOPTIONS, &all_options);
  /* (*UTF) at the start of a pattern turns UTF on too. */
  created->utf = (all_options & PCRE2_UTF) != 0;
  *oracle = created;
  created = NULL;
  status = 0;
done:
  pcre2_compile_context_free(context);
  fuzz_pcre2_free(created);
  return status;
}

int fuzz_pcre2_compile(const char *pattern, size_t length, uint32_t jrx_options,
                       fuzz_pcre2 **oracle, int *error_code, size_t *error_offset) {
  return compile_with(pattern, length, jrx_options, 0, oracle, error_code, error_offset);
}

int fuzz_pcre2_compile_unoptimized(const char *pattern, size_t length, uint32_t jrx_options,
                                   fuzz_pcre2 **oracle, int *error_code, size_t *error_offset) {
  return compile_with(pattern, length, jrx_options, PCRE2_NO_START_OPTIMIZE, oracle, error_code,
                      error_offset);
}

void fuzz_pcre2_free(fuzz_pcre2 *oracle) {
  if (oracle == NULL) {
    return;
  }
  pcre2_match_context_free(oracle->match_context);
  pcre2_code_free(oracle->code);
  free(oracle);
}

int fuzz_pcre2_is_size_limit(int error_code) {
  return error_code == PCRE2_ERROR_PATTERN_TOO_LARGE ||
         error_code == PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP ||
         error_code == PCRE2_ERROR_PATTERN_TOO_COMPLICATED ||
         error_code == PCRE2_ERROR_PATTERN_STRING_TOO_LONG ||
         error_code == PCRE2_ERROR_TOO_MANY_CAPTURES;
}

void fuzz_pcre2_print_error(int error_code) {
  PCRE2_UCHAR message[256];
  if (pcre2_get_error_message(error_code, message, sizeof message) < 0) {
    message[0] = '\0';
  }
  fprintf(stderr, "PCRE2 error %d: %s", error_code, (const char *)message);
}

uint32_t fuzz_pcre2_capture_count(const fuzz_pcre2 *oracle) {
  return oracle->capture_count;
}

const char *fuzz_pcre2_group_name(const fuzz_pcre2 *oracle, uint32_t index, int *number,
                                  int *unique) {
  uint32_t count = 0;
  uint32_t entry_size = 0;
  PCRE2_SPTR table = NULL;
  pcre2_pattern_info(oracle->code, PCRE2_INFO_NAMECOUNT, &count);
  if (index >= count) {
    return NULL;
  }
  pcre2_pattern_info(oracle->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(oracle->code, PCRE2_INFO_NAMETABLE, &table);
  /* Each entry: the group number in two bytes, big-endian, then the name. */
  PCRE2_SPTR entry = table + (size_t)index * entry_size;
  const char *name = (const char *)entry + 2;
  *number = (entry[0] << 8) | entry[1];
  *unique = 1;
  for (uint32_t other = 0; other < count; other++) {
    if (other != index && strcmp(name, (const char *)table + (size_t)other * entry_size + 2) == 0) {
      *unique = 0;
    }
  }
  return name;
}

/* jrx's code for a PCRE2 match error; 0 for a resource limit, which
 * leaves no verdict. */
static int translate_error(int code) {
  if (code == PCRE2_ERROR_NOMATCH) return JRX_NOMATCH;
  if (code == PCRE2_ERROR_MATCHLIMIT || code == PCRE2_ERROR_DEPTHLIMIT ||
      code == PCRE2_ERROR_HEAPLIMIT) {
    return 0;
  }
  if (code == PCRE2_ERROR_BADOFFSET) return JRX_ERROR_BAD_OFFSET;
  if (code == PCRE2_ERROR_BADUTFOFFSET) return JRX_ERROR_BAD_UTF_OFFSET;
  if (code == PCRE2_ERROR_NOMEMORY) return JRX_ERROR_NOMEMORY;
  if (code <= PCRE2_ERROR_UTF8_ERR1 && code >= PCRE2_ERROR_UTF8_ERR21) return JRX_ERROR_BAD_UTF;
  return FUZZ_MATCHES_FOREIGN_ERROR + code;
}

/* Runs one attempt and stores its code in jrx's terms. Returns 0 when it
 * hit a resource limit and so has no answer, else 1. */
static int run(const fuzz_pcre2 *oracle, pcre2_match_data *data, const char *subject,
               size_t length, size_t offset, uint32_t options, int *code) {
  int rc = pcre2_match(oracle->code, (PCRE2_SPTR)subject, length, offset, options, data,
                       oracle->match_context);
  *code = rc >= 0 ? rc : translate_error(rc);
  return rc >= 0 || *code != 0;
}

/* Records an attempt with the pairs PCRE2 set: rc of them, or the whole
 * ovector when rc is 0 (too small for every pair). */
static int record_attempt(fuzz_matches *record, pcre2_match_data *data, int code) {
  size_t reported = 0;
  if (code > 0) {
    reported = (size_t)code;
  } else if (code == 0) {
    reported = pcre2_get_ovector_count(data);
  }
  return fuzz_matches_add(record, code, pcre2_get_ovector_pointer(data), reported);
}

int fuzz_pcre2_first(const fuzz_pcre2 *oracle, const char *subject, size_t length,
                     size_t start_offset, uint32_t jrx_options, size_t ovector_pairs,
                     fuzz_matches *record) {
  pcre2_match_data *data = pcre2_match_data_create((uint32_t)ovector_pairs, NULL);
  if (data == NULL) {
    return -1;
  }
  int code;
  int status = 0;
  if (!run(oracle, data, subject, length, start_offset, match_options(jrx_options), &code)) {
    record->inconclusive = 1;
  } else {
    status = record_attempt(record, data, code);
  }
  pcre2_match_data_free(data);
  return status;
}

/* One past the character at offset (offset < length). */
static size_t next_character(const fuzz_pcre2 *oracle, const char *subject, size_t length,
                             size_t offset) {
  offset++;
  if (oracle->utf) {
    while (offset < length && ((unsigned char)subject[offset] & 0xc0u) == 0x80u) {
      offset++;
    }
  }
  return offset;
}

int fuzz_pcre2_iterate(const fuzz_pcre2 *oracle, const char *subject, size_t length,
                       size_t start_offset, uint32_t jrx_options, fuzz_matches *record) {
  pcre2_match_data *data = pcre2_match_data_create_from_pattern(oracle->code, NULL);
  if (data == NULL) {
    return -1;
  }
  const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);
  uint32_t options = match_options(jrx_options);
  size_t offset = start_offset;
  int after_empty = 0;
  int status = 0;
  for (;;) {
    /* After an empty match, first look for a non-empty one at the same
     * place; a failure there is not an answer of its own, the search just
     * moves on by one character. */
    uint32_t retry = after_empty ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    int code;
    if (!run(oracle, data, subject, length, offset, options | retry, &code)) {
      record->inconclusive = 1;
      break;
    }
    if (code == JRX_NOMATCH && after_empty && offset < length) {
      offset = next_character(oracle, subject, length, offset);
      after_empty = 0;
      continue;
    }
    status = record_attempt(record, data, code);
    if (status != 0 || code < 0) {
      break;
    }
    /* Within jrx's subset a match never ends before it starts or before
     * the offset it was searched from; stop rather than loop if it does. */
    if (ovector[1] < offset || ovector[0] > ovector[1]) {
      break;
    }
    after_empty = ovector[0] == ovector[1];
    offset = ovector[1];
  }
  pcre2_match_data_free(data);
  return status;
}
