/* parse_lexer: reading characters and skipping what PCRE2 ignores between
 * items. Never reads outside pattern[0..length); in UTF mode the pattern
 * has been validated before any of this runs. */
#include "parse_internal.h"

#include <string.h>

#include "utf8.h"

int parse_fail(parse_state *state, int code, size_t offset) {
  if (state->error == 0) {
    state->error = code;
    state->error_offset = offset <= state->length ? offset : state->length;
  }
  return state->error;
}

size_t parse_decode(const parse_state *state, size_t position, uint32_t *code_point) {
  if (state->utf) {
    size_t size = utf8_decode(state->pattern + position, state->length - position, code_point);
    if (size > 0) {
      return size;
    }
  }
  *code_point = state->pattern[position];
  return 1;
}

int parse_looking_at(const parse_state *state, size_t position, const char *text,
                     size_t text_length) {
  return position <= state->length && state->length - position >= text_length &&
         memcmp(state->pattern + position, text, text_length) == 0;
}

/* Perl's Pattern_White_Space, which PCRE2 skips in extended mode: in byte
 * mode NEL (0x85) counts too, the other non-ASCII ones only exist in UTF. */
static int is_extended_space(uint32_t code_point, int utf) {
  if ((code_point >= 0x09 && code_point <= 0x0d) || code_point == 0x20 || code_point == 0x85) {
    return 1;
  }
  return utf && (code_point == 0x200e || code_point == 0x200f || code_point == 0x2028 ||
                 code_point == 0x2029);
}

/* Skips white space and # comments; a comment runs to the next \n (the
 * newline convention is LF) or the end. Returns 1 if it moved. */
static int skip_extended_space(parse_state *state) {
  size_t start = state->position;
  while (state->position < state->length) {
    uint32_t code_point;
    size_t size = parse_decode(state, state->position, &code_point);
    if (is_extended_space(code_point, state->utf)) {
      state->position += size;
    } else if (code_point == '#') {
      const unsigned char *newline =
          memchr(state->pattern + state->position, '\n', state->length - state->position);
      state->position = newline == NULL ? state->length : (size_t)(newline - state->pattern) + 1;
    } else {
      break;
    }
  }
  return state->position != start;
}

int parse_skip_ignored(parse_state *state) {
  for (;;) {
    if (state->in_quote) {
      if (!parse_looking_at(state, state->position, "\\E", 2)) {
        return 0;
      }
      state->in_quote = 0;
      state->position += 2;
      continue;
    }
    if ((state->options & PARSE_OPTION_EXTENDED) != 0 && skip_extended_space(state)) {
      continue;
    }
    /* Every other ignored item starts with one of these two: most
     * characters of a pattern are neither. */
    if (state->position >= state->length ||
        (state->pattern[state->position] != '(' && state->pattern[state->position] != '\\')) {
      return 0;
    }
    if (parse_looking_at(state, state->position, "(?#", 3)) {
      /* Comments end at the first ')': there are no escapes inside. */
      const unsigned char *close =
          memchr(state->pattern + state->position, ')', state->length - state->position);
      if (close == NULL) {
        return parse_fail(state, JRX_ERROR_MISSING_COMMENT_END, state->length);
      }
      state->position = (size_t)(close - state->pattern) + 1;
      continue;
    }
    if (parse_looking_at(state, state->position, "\\E", 2)) {
      state->position += 2;
      continue;
    }
    if (parse_looking_at(state, state->position, "\\Q", 2)) {
      state->in_quote = 1;
      state->position += 2;
      continue;
    }
    return 0;
  }
}
