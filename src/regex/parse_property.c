/* parse_property: the syntax of \p and \P as PCRE2 10.42 reads it. \pL
 * takes one ASCII letter; \p{...} takes an optional '^' right after the
 * brace, then up to UNICODE_PROPERTY_MAX_NAME significant bytes, where
 * spaces, hyphens and underscores do not count and letters are compared in
 * lower case. A brace never closed, a NUL or a longer name is a malformed
 * escape at the byte reached; a name PCRE2 does not know is an unknown
 * property at the end of the escape. */
#include "parse_internal.h"

#include "unicode_property.h"

static int is_ascii_letter(unsigned char byte) {
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
}

static char lower(unsigned char byte) {
  return (char)(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
}

/* What PCRE2 skips inside the braces: C isspace, '-' and '_'. */
static int is_skipped(unsigned char byte) {
  return byte == ' ' || (byte >= '\t' && byte <= '\r') || byte == '-' || byte == '_';
}

/* Reads the braced name starting at position (just past the '{' and any
 * '^') into name; stores its loose length and the offset past the '}'. */
static int read_braced_name(parse_state *state, size_t position, char *name, size_t *length,
                            size_t *end) {
  size_t count = 0;
  for (;;) {
    unsigned char byte;
    do {
      if (position >= state->length) {
        return parse_fail(state, JRX_ERROR_BAD_PROPERTY, state->length);
      }
      byte = state->pattern[position++];
    } while (is_skipped(byte));
    if (byte == '\0') {
      return parse_fail(state, JRX_ERROR_BAD_PROPERTY, position);
    }
    if (byte == '}') {
      *length = count;
      *end = position;
      return 0;
    }
    if (count == UNICODE_PROPERTY_MAX_NAME) {
      return parse_fail(state, JRX_ERROR_BAD_PROPERTY, position);
    }
    name[count++] = lower(byte);
  }
}

int parse_property_read(parse_state *state, size_t backslash, int negated, parse_escape *escape) {
  size_t position = backslash + 2;
  if (position >= state->length) {
    return parse_fail(state, JRX_ERROR_BAD_PROPERTY, position);
  }
  char name[UNICODE_PROPERTY_MAX_NAME];
  size_t length = 0;
  size_t end = position;
  unsigned char first = state->pattern[position];
  if (first == '{') {
    position++;
    if (position < state->length && state->pattern[position] == '^') {
      negated = !negated;
      position++;
    }
    int status = read_braced_name(state, position, name, &length, &end);
    if (status != 0) {
      return status;
    }
  } else if (is_ascii_letter(first)) {
    name[0] = lower(first);
    length = 1;
    end = position + 1;
  } else {
    return parse_fail(state, JRX_ERROR_BAD_PROPERTY, position + 1);
  }
  if (!unicode_property_lookup(name, length, &escape->property)) {
    return parse_fail(state, JRX_ERROR_UNKNOWN_PROPERTY, end);
  }
  state->position = end;
  escape->kind = PARSE_ESCAPE_PROPERTY;
  escape->negated = negated;
  return 0;
}

int parse_property_add(const parse_state *state, charset *set, const parse_escape *escape) {
  int status =
      unicode_property_add(set, escape->property, escape->negated, state->max_code_point);
  if (status == 0 && state->utf) {
    status = charset_remove_range(set, CHARSET_SURROGATE_LOW, CHARSET_SURROGATE_HIGH);
  }
  return status;
}
