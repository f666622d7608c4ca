/* parse_quantifier: recognizing {n}, {n,} and {n,m}. As in PCRE2 10.42 the
 * syntax is checked first and anything else ({,m}, {n, m}, { n}, x{a}) is
 * literal text; only then are the counts checked against the limit. */
#include "parse_internal.h"

/* Offset just past a run of digits starting at position. */
static size_t skip_digits(const parse_state *state, size_t position) {
  while (position < state->length && parse_is_digit(state->pattern[position])) {
    position++;
  }
  return position;
}

/* Reads the digits at position; a count over the limit fails with the
 * offset just past the digit that made it too big in *error_offset. */
static int read_count(const parse_state *state, size_t position, size_t end, uint32_t *count,
                      size_t *error_offset) {
  uint32_t value = 0;
  for (; position < end; position++) {
    value = value * 10 + (uint32_t)(state->pattern[position] - '0');
    if (value > PARSE_MAX_REPEAT_COUNT) {
      *error_offset = position + 1;
      return JRX_ERROR_REPEAT_TOO_BIG;
    }
  }
  *count = value;
  return 0;
}

int parse_read_braced_quantifier(const parse_state *state, size_t position, uint32_t *min,
                                 uint32_t *max, size_t *end) {
  size_t min_start = position + 1;
  size_t min_end = skip_digits(state, min_start);
  if (min_end == min_start || min_end >= state->length) {
    return 0;
  }
  size_t max_start = min_end;
  size_t max_end = min_end;
  int has_comma = state->pattern[min_end] == ',';
  if (has_comma) {
    max_start = min_end + 1;
    max_end = skip_digits(state, max_start);
  }
  if (max_end >= state->length || state->pattern[max_end] != '}') {
    return 0;
  }
  int status = read_count(state, min_start, min_end, min, end);
  if (status != 0) {
    return status;
  }
  if (!has_comma) {
    *max = *min;
  } else if (max_end == max_start) {
    *max = AST_REPEAT_INFINITE;
  } else {
    status = read_count(state, max_start, max_end, max, end);
    if (status != 0) {
      return status;
    }
    if (*max < *min) {
      *end = max_end;
      return JRX_ERROR_BAD_REPEAT_RANGE;
    }
  }
  *end = max_end + 1;
  return 1;
}
