/* parse_escape: everything that can follow a backslash, inside and outside
 * classes, decided exactly as PCRE2 10.42 decides it (including when \ddd
 * is a back-reference and when it is octal). Back-references and \C are
 * recognized only to be rejected; parse_property.c reads \p and \P,
 * parse_grapheme.c builds \X. */
#include "parse_internal.h"

/* A decimal number in a \ddd escape that has more digits than this is not
 * read as a group number at all (PCRE2's number reader gives up). */
#define MAX_REFERENCE_DIGITS 8u

static int is_ascii_alphanumeric(uint32_t code_point) {
  return parse_is_digit(code_point) || (code_point >= 'A' && code_point <= 'Z') ||
         (code_point >= 'a' && code_point <= 'z');
}

static int digit_value(uint32_t code_point, uint32_t base) {
  int value = -1;
  if (parse_is_digit(code_point)) {
    value = (int)(code_point - '0');
  } else if (code_point >= 'a' && code_point <= 'f') {
    value = (int)(code_point - 'a' + 10);
  } else if (code_point >= 'A' && code_point <= 'F') {
    value = (int)(code_point - 'A' + 10);
  }
  return value >= 0 && (uint32_t)value < base ? value : -1;
}

static int set_literal(parse_escape *escape, uint32_t code_point) {
  escape->kind = PARSE_ESCAPE_LITERAL;
  escape->code_point = code_point;
  return 0;
}

static int set_named_set(parse_escape *escape, parse_set_name set, int negated) {
  escape->kind = PARSE_ESCAPE_SET;
  escape->set = set;
  escape->negated = negated;
  return 0;
}

static int set_assertion(parse_escape *escape, ast_assertion assertion) {
  escape->kind = PARSE_ESCAPE_ASSERTION;
  escape->assertion = assertion;
  return 0;
}

/* The digits of \x{...}, \o{...} or \N{U+...}, starting at position. Sets
 * state->position past the closing brace. */
static int read_braced_number(parse_state *state, size_t position, uint32_t base,
                              uint32_t *code_point) {
  if (position >= state->length || state->pattern[position] == '}') {
    return parse_fail(state, JRX_ERROR_BAD_ESCAPE_VALUE, position);
  }
  uint32_t value = 0;
  int overflow = 0;
  int digit;
  while (position < state->length && (digit = digit_value(state->pattern[position], base)) >= 0) {
    position++;
    if (!overflow) {
      value = value * base + (uint32_t)digit;
      overflow = value > state->max_code_point;
    }
  }
  if (overflow) {
    return parse_fail(state, JRX_ERROR_CODE_POINT_TOO_BIG, position);
  }
  if (position >= state->length || state->pattern[position] != '}') {
    return parse_fail(state, JRX_ERROR_BAD_ESCAPE_VALUE,
                      position < state->length ? position : state->length - 1);
  }
  if (state->utf && value >= CHARSET_SURROGATE_LOW && value <= CHARSET_SURROGATE_HIGH) {
    return parse_fail(state, JRX_ERROR_CODE_POINT_TOO_BIG, position);
  }
  state->position = position + 1;
  *code_point = value;
  return 0;
}

/* Up to max_digits digits of base at position; no digits reads as 0. */
static uint32_t read_short_number(parse_state *state, size_t position, uint32_t base,
                                  unsigned max_digits) {
  uint32_t value = 0;
  int digit;
  for (unsigned count = 0; count < max_digits && position < state->length &&
                           (digit = digit_value(state->pattern[position], base)) >= 0;
       count++) {
    value = value * base + (uint32_t)digit;
    position++;
  }
  state->position = position;
  return value;
}

/* \ddd as an octal character: the first digit at position plus up to two
 * more octal digits. Over 0xff is an error in byte mode only. */
static int read_octal_escape(parse_state *state, size_t position, parse_escape *escape) {
  uint32_t value = read_short_number(state, position, 8, 3);
  if (value > state->max_code_point) {
    return parse_fail(state, JRX_ERROR_CODE_POINT_TOO_BIG, state->position);
  }
  return set_literal(escape, value);
}

/* \1..\9 and longer numbers outside a class: PCRE2 reads a back-reference
 * when the number is below 10, starts with 8 or 9, or does not exceed the
 * number of groups opened so far; otherwise the digits are octal (and an
 * 8 or 9 that cannot be a reference is itself). */
static int read_digit_escape(parse_state *state, size_t backslash, parse_escape *escape) {
  size_t first = backslash + 1;
  size_t position = first;
  uint32_t value = 0;
  unsigned digits = 0;
  while (position < state->length && parse_is_digit(state->pattern[position])) {
    if (digits < MAX_REFERENCE_DIGITS + 1) {
      value = value * 10 + (uint32_t)(state->pattern[position] - '0');
    }
    digits++;
    position++;
  }
  int leading_eight_or_nine = state->pattern[first] >= '8';
  int readable = digits <= MAX_REFERENCE_DIGITS;
  if (readable && (value < 10 || leading_eight_or_nine || value <= state->capture_count)) {
    return parse_fail(state, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, backslash);
  }
  if (leading_eight_or_nine) {
    state->position = first + 1;
    return set_literal(escape, state->pattern[first]);
  }
  return read_octal_escape(state, first, escape);
}

static int reject_in_class(parse_escape *escape, int error, size_t error_offset) {
  escape->kind = PARSE_ESCAPE_NOT_IN_CLASS;
  escape->error = error;
  escape->error_offset = error_offset;
  return 0;
}

/* \N: "not a newline", \N{n,m} (the quantifier is left for the caller),
 * or \N{U+hhhh}, a code point (UTF mode only). */
static int read_capital_n(parse_state *state, size_t backslash, int in_class,
                          parse_escape *escape) {
  size_t brace = backslash + 2;
  if (brace < state->length && state->pattern[brace] == '{') {
    if (parse_looking_at(state, brace + 1, "U+", 2)) {
      if (!state->utf) {
        return parse_fail(state, JRX_ERROR_UNKNOWN_ESCAPE, brace);
      }
      uint32_t code_point;
      int status = read_braced_number(state, brace + 3, 16, &code_point);
      return status != 0 ? status : set_literal(escape, code_point);
    }
    uint32_t min;
    uint32_t max;
    size_t end;
    int quantifier = parse_read_braced_quantifier(state, brace, &min, &max, &end);
    if (quantifier < 0) {
      /* PCRE2 checks this quantifier while reading the escape and so
       * reports a bad count at the brace. */
      return parse_fail(state, quantifier, brace);
    }
    if (quantifier == 0) {
      /* \N{name}: Perl's named characters, which PCRE2 does not have. */
      return parse_fail(state, JRX_ERROR_UNKNOWN_ESCAPE, brace);
    }
  }
  if (in_class) {
    return reject_in_class(escape, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, backslash + 2);
  }
  escape->kind = PARSE_ESCAPE_NOT_NEWLINE;
  return 0;
}

/* \c followed by a printable ASCII character X: the control character
 * toupper(X) ^ 0x40, as PCRE2 computes it. */
static int read_control(parse_state *state, size_t position, parse_escape *escape) {
  if (position >= state->length) {
    return parse_fail(state, JRX_ERROR_BAD_CONTROL_ESCAPE, state->length);
  }
  uint32_t code_point;
  size_t size = parse_decode(state, position, &code_point);
  if (code_point < 0x20 || code_point > 0x7e) {
    return parse_fail(state, JRX_ERROR_BAD_CONTROL_ESCAPE, position);
  }
  if (code_point >= 'a' && code_point <= 'z') {
    code_point -= 'a' - 'A';
  }
  state->position = position + size;
  return set_literal(escape, code_point ^ 0x40);
}

/* \g outside a class: \g<..> and \g'..' call a group, every other valid
 * form refers back to one. */
static int read_g_reference(parse_state *state, size_t backslash) {
  size_t next = backslash + 2;
  if (next < state->length) {
    unsigned char byte = state->pattern[next];
    if (byte == '<' || byte == '\'') {
      return parse_fail(state, JRX_ERROR_UNSUPPORTED_RECURSION, backslash);
    }
    if (byte == '{' || parse_is_digit(byte) ||
        ((byte == '+' || byte == '-') && next + 1 < state->length &&
         parse_is_digit(state->pattern[next + 1]))) {
      return parse_fail(state, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, backslash);
    }
  }
  return parse_fail(state, JRX_ERROR_UNKNOWN_ESCAPE, next);
}

/* \k<name>, \k'name' and \k{name} refer back to a named group. */
static int read_k_reference(parse_state *state, size_t backslash) {
  size_t next = backslash + 2;
  if (next < state->length && (state->pattern[next] == '<' || state->pattern[next] == '\'' ||
                               state->pattern[next] == '{')) {
    return parse_fail(state, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, backslash);
  }
  return parse_fail(state, JRX_ERROR_UNKNOWN_ESCAPE, next);
}

static int read_hex_escape(parse_state *state, size_t position, parse_escape *escape) {
  if (position < state->length && state->pattern[position] == '{') {
    uint32_t code_point;
    int status = read_braced_number(state, position + 1, 16, &code_point);
    return status != 0 ? status : set_literal(escape, code_point);
  }
  return set_literal(escape, read_short_number(state, position, 16, 2));
}

static int read_braced_octal_escape(parse_state *state, size_t position, parse_escape *escape) {
  if (position >= state->length || state->pattern[position] != '{') {
    /* PCRE2 points at the character after \o, or at the o at the end. */
    return parse_fail(state, JRX_ERROR_BAD_ESCAPE_VALUE,
                      position < state->length ? position : position - 1);
  }
  uint32_t code_point;
  int status = read_braced_number(state, position + 1, 8, &code_point);
  return status != 0 ? status : set_literal(escape, code_point);
}

/* Escapes that name a position: not allowed inside a class. */
static int read_assertion(size_t letter, int in_class, ast_assertion assertion,
                          parse_escape *escape) {
  if (in_class) {
    return reject_in_class(escape, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, letter);
  }
  return set_assertion(escape, assertion);
}

/* Escapes PCRE2 has and jrx rejects; inside a class PCRE2 itself rejects
 * them. */
static int reject_unsupported(parse_state *state, size_t backslash, int in_class, int code,
                              parse_escape *escape) {
  if (in_class) {
    return reject_in_class(escape, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, backslash + 1);
  }
  return parse_fail(state, code, backslash);
}

int parse_escape_read(parse_state *state, int in_class, parse_escape *escape) {
  size_t backslash = state->position;
  size_t letter = backslash + 1;
  if (letter >= state->length) {
    return parse_fail(state, JRX_ERROR_END_BACKSLASH, state->length);
  }
  uint32_t code_point;
  size_t after = letter + parse_decode(state, letter, &code_point);
  state->position = after;
  if (!is_ascii_alphanumeric(code_point)) {
    return set_literal(escape, code_point);
  }
  switch (code_point) {
  case 'a': return set_literal(escape, 0x07);
  case 'e': return set_literal(escape, 0x1b);
  case 'f': return set_literal(escape, 0x0c);
  case 'n': return set_literal(escape, 0x0a);
  case 'r': return set_literal(escape, 0x0d);
  case 't': return set_literal(escape, 0x09);
  case 'b':
    if (in_class) {
      return set_literal(escape, 0x08);
    }
    return set_assertion(escape, state->ucp ? AST_ASSERT_UCP_WORD_BOUNDARY
                                            : AST_ASSERT_WORD_BOUNDARY);
  case 'B':
    /* PCRE2 rejects \B, \R and \X in a class before anything else. */
    if (in_class) {
      return parse_fail(state, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, letter);
    }
    return set_assertion(escape, state->ucp ? AST_ASSERT_UCP_NOT_WORD_BOUNDARY
                                            : AST_ASSERT_NOT_WORD_BOUNDARY);
  case 'A': return read_assertion(letter, in_class, AST_ASSERT_TEXT_START, escape);
  case 'z': return read_assertion(letter, in_class, AST_ASSERT_TEXT_END, escape);
  case 'Z': return read_assertion(letter, in_class, AST_ASSERT_TEXT_END_NEWLINE, escape);
  case 'G': return read_assertion(letter, in_class, AST_ASSERT_MATCH_START, escape);
  case 'd': return set_named_set(escape, PARSE_SET_DIGIT, 0);
  case 'D': return set_named_set(escape, PARSE_SET_DIGIT, 1);
  case 'w': return set_named_set(escape, PARSE_SET_WORD, 0);
  case 'W': return set_named_set(escape, PARSE_SET_WORD, 1);
  case 's': return set_named_set(escape, PARSE_SET_SPACE, 0);
  case 'S': return set_named_set(escape, PARSE_SET_SPACE, 1);
  case 'h': return set_named_set(escape, PARSE_SET_HORIZONTAL_SPACE, 0);
  case 'H': return set_named_set(escape, PARSE_SET_HORIZONTAL_SPACE, 1);
  case 'v': return set_named_set(escape, PARSE_SET_VERTICAL_SPACE, 0);
  case 'V': return set_named_set(escape, PARSE_SET_VERTICAL_SPACE, 1);
  case 'N': return read_capital_n(state, backslash, in_class, escape);
  case 'R':
    if (in_class) {
      return parse_fail(state, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, letter);
    }
    escape->kind = PARSE_ESCAPE_NEWLINE_SEQUENCE;
    return 0;
  case 'Q': escape->kind = PARSE_ESCAPE_QUOTE_START; return 0;
  case 'E': escape->kind = PARSE_ESCAPE_QUOTE_END; return 0;
  case 'p': return parse_property_read(state, backslash, 0, escape);
  case 'P': return parse_property_read(state, backslash, 1, escape);
  case 'X':
    if (in_class) {
      return parse_fail(state, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, letter);
    }
    escape->kind = PARSE_ESCAPE_GRAPHEME_CLUSTER;
    return 0;
  case 'K':
    if (in_class) {
      return reject_in_class(escape, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, letter);
    }
    escape->kind = PARSE_ESCAPE_MATCH_RESET;
    return 0;
  case 'C':
    return reject_unsupported(state, backslash, in_class, JRX_ERROR_UNSUPPORTED_SINGLE_BYTE,
                              escape);
  case 'g': return in_class ? set_literal(escape, 'g') : read_g_reference(state, backslash);
  case 'k':
    if (in_class) {
      return reject_in_class(escape, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, letter);
    }
    return read_k_reference(state, backslash);
  case 'c': return read_control(state, after, escape);
  case 'x': return read_hex_escape(state, after, escape);
  case 'o': return read_braced_octal_escape(state, after, escape);
  case '0': return read_octal_escape(state, letter, escape);
  case 'l':
  case 'L':
  case 'u':
  case 'U':
  case 'F':
    /* Perl's case-changing escapes: PCRE2 reports them after the letter. */
    return parse_fail(state, JRX_ERROR_UNKNOWN_ESCAPE, after);
  default: break;
  }
  if (parse_is_digit(code_point)) {
    if (!in_class) {
      return read_digit_escape(state, backslash, escape);
    }
    if (code_point >= '8') {
      return set_literal(escape, code_point);
    }
    return read_octal_escape(state, letter, escape);
  }
  return parse_fail(state, JRX_ERROR_UNKNOWN_ESCAPE, letter);
}
