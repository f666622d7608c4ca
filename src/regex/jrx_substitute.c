/* jrx_substitute: search and replace with pcre2_substitute's replacement
 * syntax and results (see include/jrx.h). Matches come from jrx_iterator,
 * so global replacement follows the same empty-match rules. The result
 * length is counted even past the end of the buffer, which is what the
 * JRX_SUBSTITUTE_OVERFLOW_LENGTH size query reports. */
#include <limits.h>
#include <string.h>

#include "jrx.h"
#include "jrx_internal.h"
#include "memory.h"
#include "utf8.h"

#define SUBSTITUTE_OPTIONS \
  (JRX_SUBSTITUTE_GLOBAL | JRX_SUBSTITUTE_OVERFLOW_LENGTH | JRX_SUBSTITUTE_UNSET_EMPTY)

/* PCRE2's limit on group names, which bounds a name in a replacement. */
#define SUBSTITUTE_MAX_NAME_LENGTH 32

typedef struct substitution {
  const jrx *re;
  jrx_match_data *match_data; /* NULL: jrx_match's cached ones */
  uint32_t options;
  const char *subject;
  const size_t *ovector; /* of the current match */
  int set_pairs;         /* jrx_match's return value for it */
  char *output;
  size_t size;
  size_t length;  /* of the result so far, whether it fitted or not */
  int overflowed; /* output stopped being written at length */
} substitution;

/* Appends to the result, as far as the buffer goes. Like pcre2_substitute
 * the text may fill the buffer completely; the NUL is checked at the end. */
static int emit(substitution *work, const char *bytes, size_t count) {
  if (count > SIZE_MAX - 1 - work->length) {
    return JRX_ERROR_NOMEMORY;
  }
  if (!work->overflowed) {
    if (count <= work->size - work->length) {
      if (count > 0) {
        memcpy(work->output + work->length, bytes, count);
      }
    } else if ((work->options & JRX_SUBSTITUTE_OVERFLOW_LENGTH) != 0) {
      work->overflowed = 1;
    } else {
      return JRX_ERROR_OUTPUT_TOO_SMALL;
    }
  }
  work->length += count;
  return 0;
}

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* The characters pcre2_substitute accepts in a name: its default tables'
 * word characters, which are ASCII only. */
static int is_name_character(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Reads the group reference after a "$" at *position and stores the group
 * number. On error *position is where pcre2_substitute reports it. */
static int read_group_reference(const substitution *work, const char *replacement, size_t length,
                                size_t *position, uint32_t *group) {
  size_t at = *position;
  int braced = at < length && replacement[at] == '{';
  if (braced) {
    at++;
  }
  int status = 0;
  if (at < length && is_digit(replacement[at])) {
    /* Checking each digit against the group count also rules out
     * overflow; the first digit is checked later, as PCRE2 does. */
    uint32_t number = (uint32_t)(replacement[at++] - '0');
    while (at < length && is_digit(replacement[at]) && status == 0) {
      number = number * 10 + (uint32_t)(replacement[at] - '0');
      if (number > work->re->capture_count) {
        status = JRX_ERROR_UNKNOWN_GROUP;
      } else {
        at++;
      }
    }
    *group = number;
  } else if (at < length && is_name_character(replacement[at])) {
    char name[SUBSTITUTE_MAX_NAME_LENGTH + 1];
    size_t name_length = 0;
    while (at < length && is_name_character(replacement[at]) && status == 0) {
      if (name_length == SUBSTITUTE_MAX_NAME_LENGTH) {
        status = JRX_ERROR_BAD_REPLACEMENT;
      } else {
        name[name_length++] = replacement[at++];
      }
    }
    name[name_length] = '\0';
    int number = status == 0 ? jrx_name_to_number(work->re, name) : -1;
    *group = number >= 0 ? (uint32_t)number : UINT32_MAX;
  } else {
    status = JRX_ERROR_BAD_REPLACEMENT;
  }
  if (status == 0 && braced) {
    if (at < length && replacement[at] == '}') {
      at++;
    } else {
      status = JRX_ERROR_BAD_REPLACEMENT;
    }
  }
  if (status == 0 && *group > work->re->capture_count) {
    status = JRX_ERROR_UNKNOWN_GROUP;
  }
  *position = at;
  return status;
}

static int emit_group(substitution *work, uint32_t group) {
  const size_t *pair = work->ovector + 2 * (size_t)group;
  if (group >= (uint32_t)work->set_pairs || pair[0] == JRX_UNSET) {
    return (work->options & JRX_SUBSTITUTE_UNSET_EMPTY) != 0 ? 0 : JRX_ERROR_UNSET_GROUP;
  }
  return emit(work, work->subject + pair[0], pair[1] - pair[0]);
}

/* Appends the replacement for the current match. On a replacement error
 * stores its offset in *error_offset. */
static int emit_replacement(substitution *work, const char *replacement, size_t length,
                            size_t *error_offset) {
  size_t position = 0;
  while (position < length) {
    const char *dollar = memchr(replacement + position, '$', length - position);
    size_t literal_end = dollar != NULL ? (size_t)(dollar - replacement) : length;
    int status = emit(work, replacement + position, literal_end - position);
    if (status != 0 || dollar == NULL) {
      return status;
    }
    position = literal_end + 1;
    if (position < length && replacement[position] == '$') {
      status = emit(work, "$", 1);
      position++;
    } else {
      uint32_t group = 0;
      status = read_group_reference(work, replacement, length, &position, &group);
      if (status == 0) {
        status = emit_group(work, group);
      }
      if (status == JRX_ERROR_BAD_REPLACEMENT || status == JRX_ERROR_UNKNOWN_GROUP ||
          status == JRX_ERROR_UNSET_GROUP) {
        *error_offset = position;
      }
    }
    if (status != 0) {
      return status;
    }
  }
  return 0;
}

/* Runs the substitution; *reported is what *output_length must become. */
static int substitute(substitution *work, size_t length, size_t start_offset,
                      const char *replacement, size_t replacement_length, size_t *reported) {
  size_t pair_count = (size_t)work->re->capture_count + 1;
  size_t *ovector = memory_allocate_array(work->re->allocator, 2 * pair_count, sizeof *ovector);
  if (ovector == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  work->ovector = ovector;
  /* One match data for the whole iteration, so that what a search learns
   * of the subject (lookaround tables) serves the next ones. */
  jrx_match_data *data = work->match_data;
  int taken = data == NULL ? jrx_match_data_take_cached(work->re, &data) : 0;
  if (taken != 0) {
    memory_free(work->re->allocator, ovector);
    return taken;
  }
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, work->re, work->subject, length, start_offset,
                    work->options & ~SUBSTITUTE_OPTIONS);
  jrx_iterator_set_match_data(&iterator, data);
  size_t copied_to = 0; /* the subject before this is in the result */
  int replacements = 0;
  int status = 0;
  while (status == 0) {
    int found = jrx_iterator_next(&iterator, ovector, pair_count);
    if (found == JRX_NOMATCH) {
      break;
    }
    if (found < 0) {
      status = found;
      if (found == JRX_ERROR_BAD_UTF || found == JRX_ERROR_BAD_UTF_OFFSET) {
        *reported = iterator.utf.error_offset;
      }
      break;
    }
    if (replacements == INT_MAX) {
      status = JRX_ERROR_TOO_MANY_REPLACEMENTS;
      break;
    }
    work->set_pairs = found;
    status = emit(work, work->subject + copied_to, ovector[0] - copied_to);
    if (status == 0) {
      status = emit_replacement(work, replacement, replacement_length, reported);
    }
    copied_to = ovector[1];
    replacements++;
    if ((work->options & JRX_SUBSTITUTE_GLOBAL) == 0) {
      break;
    }
  }
  memory_free(work->re->allocator, ovector);
  if (work->match_data == NULL) {
    jrx_match_data_give_back(work->re, data);
  }
  if (status == 0) {
    status = emit(work, work->subject + copied_to, length - copied_to);
  }
  if (status != 0) {
    return status;
  }
  if (work->overflowed || work->length == work->size) {
    *reported = work->length + 1;
    return JRX_ERROR_OUTPUT_TOO_SMALL;
  }
  work->output[work->length] = '\0';
  *reported = work->length;
  return replacements;
}

int jrx_substitute_with(const jrx *re, jrx_match_data *data, const char *subject, size_t length,
                        size_t start_offset, uint32_t options, const char *replacement,
                        size_t replacement_length, char *output, size_t *output_length) {
  if (output_length == NULL) {
    return JRX_ERROR_NULL;
  }
  size_t size = *output_length;
  *output_length = JRX_UNSET;
  length = jrx_subject_length(subject, length);
  replacement_length = jrx_subject_length(replacement, replacement_length);
  if (re == NULL || (subject == NULL && length > 0) ||
      (replacement == NULL && replacement_length > 0) || (output == NULL && size > 0)) {
    return JRX_ERROR_NULL;
  }
  size_t utf_error_offset;
  /* As pcre2_substitute, the flag that spares the subject spares the
   * replacement too. */
  if ((re->compile_options & JRX_UTF) != 0 && (options & JRX_NO_UTF_CHECK) == 0 &&
      replacement_length > 0 &&
      !utf8_validate((const unsigned char *)replacement, replacement_length, &utf_error_offset)) {
    *output_length = utf_error_offset;
    return JRX_ERROR_BAD_UTF_REPLACEMENT;
  }
  substitution work = {.re = re,
                       .match_data = data,
                       .options = options,
                       .subject = subject != NULL ? subject : "",
                       .output = output,
                       .size = size};
  size_t reported = JRX_UNSET;
  int status = substitute(&work, length, start_offset, replacement, replacement_length, &reported);
  if (status >= 0 || status == JRX_ERROR_BAD_REPLACEMENT || status == JRX_ERROR_UNKNOWN_GROUP ||
      status == JRX_ERROR_UNSET_GROUP || status == JRX_ERROR_BAD_UTF ||
      status == JRX_ERROR_BAD_UTF_OFFSET ||
      (status == JRX_ERROR_OUTPUT_TOO_SMALL && (options & JRX_SUBSTITUTE_OVERFLOW_LENGTH) != 0)) {
    *output_length = reported;
  }
  return status;
}

int jrx_substitute(const jrx *re, const char *subject, size_t length, size_t start_offset,
                   uint32_t options, const char *replacement, size_t replacement_length,
                   char *output, size_t *output_length) {
  return jrx_substitute_with(re, NULL, subject, length, start_offset, options, replacement,
                             replacement_length, output, output_length);
}
