/* jrx_invalid_utf: matching with JRX_MATCH_INVALID_UTF, PCRE2's way (the
 * fragment loop of pcre2_match with PCRE2_MATCH_INVALID_UTF). The subject
 * is searched one run of valid UTF-8 (a fragment) at a time, each search
 * ending where the invalid bytes begin, with JRX_NOTEOL when more follow:
 * so \z and \Z hold at a fragment's end and $ does not. The engines see
 * the whole subject before the fragment, so \A, ^, \b and (?m)^ read the
 * real bytes before it (invalid ones are no word characters and no
 * newlines, as PCRE2 treats them). Invalid bytes are never consumed: UTF
 * mode programs accept only valid UTF-8.
 *
 * A fragment that does not begin at the start offset (the offset was
 * inside a character, or an earlier fragment failed) is searched from the
 * byte before it, which no match can start at: with JRX_NOTEMPTY_ATSTART
 * there, \G (which only the start offset satisfies) holds nowhere in the
 * fragment, as in PCRE2. An anchored search there takes the match only if
 * it was tried at the fragment, where PCRE2 anchors it. Empty fragments after
 * the first are skipped, as PCRE2 does. A pattern PCRE2 marks
 * PCRE2_STARTLINE (parse_startline.c) is searched there from the first
 * line start on, as PCRE2 skips to one before its next attempt. */
#include <string.h>

#include "jrx.h"
#include "jrx_internal.h"
#include "pike.h"
#include "utf8.h"

static size_t skip_continuation_bytes(const unsigned char *subject, size_t length,
                                      size_t position) {
  while (position < length && (subject[position] & 0xc0u) == 0x80u) {
    position++;
  }
  return position;
}

/* The end of the fragment starting at from (a character start): the first
 * invalid byte at or after it, or length. known spares checking again. */
static size_t fragment_end(const unsigned char *subject, size_t length, size_t from,
                           jrx_utf_knowledge *known) {
  if (known->valid_from <= from && from <= known->valid_to) {
    return known->valid_to;
  }
  size_t error_offset;
  int valid = utf8_validate(subject + from, length - from, &error_offset);
  known->valid_from = from;
  known->valid_to = valid ? length : from + error_offset;
  return known->valid_to;
}

/* Where PCRE2 resumes a search that moved on to start, for a pattern it
 * marked PCRE2_STARTLINE: the first position after start that follows a
 * newline, or the fragment's end (what precedes start is never one). A
 * match found from there is the one PCRE2 finds: a match starting inside
 * a line begins with .* (^ and multiline ^ fail there), which could as
 * well have started at the line's start. */
static size_t line_start_or_end(const unsigned char *subject, size_t start, size_t end) {
  const unsigned char *newline = memchr(subject + start, '\n', end - start);
  return newline != NULL ? (size_t)(newline - subject) + 1 : end;
}

/* Whether the program, anchored at start, matches for a search of
 * subject[0..end) from start - 1 with options: where \K moved a match's
 * start on, its bounds no longer say where it was tried. */
static int matches_at(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                      size_t end, size_t start, uint32_t options) {
  jrx_match_data *used = data;
  int status = data != NULL ? 0 : jrx_match_data_take_cached(re, &used);
  if (status == 0 && used->pike == NULL) {
    status = pike_scratch_create(&re->program, &used->pike);
  }
  if (status == 0) {
    const size_t *slots;
    pike_scratch_keep_subject(used->pike, false);
    status = pike_match_at(&re->program, used->pike, subject, end, start - 1, options, start,
                           &slots, NULL);
  }
  if (data == NULL && used != NULL) {
    jrx_match_data_give_back(re, used);
  }
  return status;
}

/* Searches the fragment [start, end) of a search that began at
 * start_offset; returns what jrx_search returns. */
static int search_fragment(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                           size_t length, size_t start_offset, uint32_t options, size_t start,
                           size_t end, int first, size_t *ovector, size_t ovector_pairs) {
  uint32_t anchored = (options | re->compile_options) & JRX_ANCHORED;
  uint32_t fragment_options = options | anchored;
  if (!first) {
    fragment_options |= JRX_NOTBOL;
  }
  if (end < length) {
    fragment_options |= JRX_NOTEOL;
  }
  if (start == start_offset) {
    return jrx_search(re, data, subject, end, start, fragment_options, ovector, ovector_pairs);
  }
  if (!anchored && re->startline) {
    size_t resume = line_start_or_end(subject, start, end);
    return jrx_search(re, data, subject, end, resume, fragment_options & ~JRX_NOTEMPTY_ATSTART,
                      ovector, ovector_pairs);
  }
  fragment_options = (fragment_options & ~JRX_ANCHORED) | JRX_NOTEMPTY_ATSTART;
  if (!anchored) {
    return jrx_search(re, data, subject, end, start - 1, fragment_options, ovector, ovector_pairs);
  }
  size_t bounds[2];
  int status = jrx_search(re, data, subject, end, start - 1, fragment_options, bounds, 1);
  if (status < 0) {
    return status; /* JRX_NOMATCH included */
  }
  if (bounds[0] > start) {
    status = matches_at(re, data, subject, end, start, fragment_options);
    if (status != 1) {
      return status; /* no match was tried where the anchor is */
    }
  }
  return jrx_search(re, data, subject, end, start - 1, fragment_options, ovector, ovector_pairs);
}

int jrx_match_invalid_utf(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                          size_t length, size_t start_offset, uint32_t options, size_t *ovector,
                          size_t ovector_pairs, jrx_utf_knowledge *known) {
  size_t start = skip_continuation_bytes(subject, length, start_offset);
  for (int first = 1;; first = 0) {
    size_t end = fragment_end(subject, length, start, known);
    if (first || end > start) {
      int status = search_fragment(re, data, subject, length, start_offset, options, start, end,
                                   first, ovector, ovector_pairs);
      if (status != JRX_NOMATCH) {
        return status;
      }
    }
    if (end >= length) {
      return JRX_NOMATCH;
    }
    start = skip_continuation_bytes(subject, length, end + 1);
    if (start >= length) {
      return JRX_NOMATCH; /* no fragment left but empty ones */
    }
  }
}
