/* unsupported_construct: a lexer that tells where tokens of code start,
 * and one detector per unsupported construct. The detectors read only
 * the text at a token start; they are deliberately small, and a few
 * letters too generous is better than a parser of their own. */
#include "unsupported_construct.h"

#include <string.h>

#include "jrx.h"

typedef enum token_context {
  CONTEXT_CODE,   /* a token outside any class */
  CONTEXT_CLASS,  /* a token inside [...] */
  CONTEXT_TEXT,   /* a literal character between \Q and \E */
  CONTEXT_IGNORED /* \Q, \E, a comment, or whitespace extended mode skips */
} token_context;

typedef struct lexer {
  const unsigned char *text;
  size_t length;
  size_t position;
  bool in_class;
  bool class_first;   /* a ] here is a literal: the class just opened */
  bool class_negated; /* its ^ has been read (one ^ keeps class_first) */
  bool in_quote;
  bool extended; /* whitespace and # comments are ignored */
} lexer;

static bool looking_at(const unsigned char *text, size_t length, size_t position,
                       const char *literal) {
  size_t size = strlen(literal);
  return position <= length && length - position >= size &&
         memcmp(text + position, literal, size) == 0;
}

static bool is_lowercase(unsigned char byte) {
  return byte >= 'a' && byte <= 'z';
}

static bool is_digit(unsigned char byte) {
  return byte >= '0' && byte <= '9';
}

/* (?letters) or (?letters: at position: (?x) turns extended mode on,
 * (?-x) and (?^) off. Group scopes are not followed (an approximation:
 * it only decides which # start comments). */
static void note_inline_options(lexer *lex, size_t position) {
  bool unsetting = false;
  for (size_t i = position + 2; i < lex->length; i++) {
    unsigned char byte = lex->text[i];
    if (byte == ')' || byte == ':') {
      return;
    }
    if (byte == '-') {
      unsetting = true;
    } else if (byte == '^') {
      lex->extended = false;
    } else if (byte == 'x') {
      lex->extended = !unsetting;
    } else if (!is_lowercase(byte) && !(byte >= 'A' && byte <= 'Z')) {
      return;
    }
  }
}

/* The length of the token at lex->position and its context. */
static size_t next_token(lexer *lex, token_context *context) {
  const unsigned char *text = lex->text;
  size_t at = lex->position;
  size_t rest = lex->length - at;
  unsigned char byte = text[at];
  *context = lex->in_class ? CONTEXT_CLASS : CONTEXT_CODE;
  if (looking_at(text, lex->length, at, "\\E") ||
      (!lex->in_quote && looking_at(text, lex->length, at, "\\Q"))) {
    lex->in_quote = text[at + 1] == 'Q';
    *context = CONTEXT_IGNORED;
    return 2;
  }
  if (lex->in_quote) {
    /* A quoted character is class content: a ] after it closes the class
     * (PCRE2 skips only an empty \Q\E at a class's start). */
    lex->class_first = false;
    *context = CONTEXT_TEXT;
    return 1;
  }
  if (byte == '\\') {
    lex->class_first = false;
    if (rest >= 3 && text[at + 1] == 'c') {
      return 3; /* \cX: X is part of the escape, whatever it is */
    }
    return rest >= 2 ? 2 : 1;
  }
  if (lex->in_class) {
    if (byte == ']' && !lex->class_first) {
      lex->in_class = false;
      return 1;
    }
    bool negation = byte == '^' && lex->class_first && !lex->class_negated;
    lex->class_negated = lex->class_negated || negation;
    lex->class_first = negation;
    if (looking_at(text, lex->length, at, "[:")) {
      /* A POSIX name, as PCRE2 reads one: ":]" before any other "]". */
      const unsigned char *end = memchr(text + at + 2, ']', rest - 2);
      if (end != NULL && end - (text + at) >= 3 && end[-1] == ':') {
        return (size_t)(end - (text + at)) + 1;
      }
    }
    return 1;
  }
  if (byte == '[') {
    lex->in_class = true;
    lex->class_first = true;
    lex->class_negated = false;
    return 1;
  }
  if (looking_at(text, lex->length, at, "(?#")) {
    *context = CONTEXT_IGNORED;
    const unsigned char *end = memchr(text + at, ')', rest);
    return end != NULL ? (size_t)(end - (text + at)) + 1 : rest;
  }
  if (lex->extended && (byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r' ||
                        byte == '\f' || byte == '\v')) {
    *context = CONTEXT_IGNORED;
    return 1;
  }
  if (lex->extended && byte == '#') {
    *context = CONTEXT_IGNORED;
    const unsigned char *end = memchr(text + at, '\n', rest);
    return end != NULL ? (size_t)(end - (text + at)) + 1 : rest;
  }
  if (looking_at(text, lex->length, at, "(?")) {
    note_inline_options(lex, at);
  }
  return 1;
}

/* ---- The detectors: text is the pattern from the offset on. ---- */

typedef struct detector_input {
  const unsigned char *pattern;
  size_t length;
  size_t offset; /* where the token starts */
  token_context context;
  /* The last token before it that extended mode does not ignore. */
  unsigned char previous_byte;
  token_context previous_context;
  bool extended; /* the lexer's extended mode at the token */
  uint32_t compile_options;
} detector_input;

static bool at(const detector_input *in, const char *literal) {
  return looking_at(in->pattern, in->length, in->offset, literal);
}

static unsigned char byte_at(const detector_input *in, size_t index) {
  size_t position = in->offset + index;
  return position < in->length ? in->pattern[position] : 0;
}

/* (*name: with name one of names (NULL-terminated). */
static bool starts_named_group(const detector_input *in, const char *const *names) {
  for (size_t i = 0; names[i] != NULL; i++) {
    size_t size = strlen(names[i]);
    if (at(in, "(*") && in->length - in->offset >= size + 3 &&
        memcmp(in->pattern + in->offset + 2, names[i], size) == 0 && byte_at(in, size + 2) == ':') {
      return true;
    }
  }
  return false;
}

static bool code(const detector_input *in) {
  return in->context == CONTEXT_CODE;
}

static bool backreference(const detector_input *in) {
  unsigned char next = byte_at(in, 2);
  return code(in) &&
         ((at(in, "\\") && byte_at(in, 1) >= '1' && byte_at(in, 1) <= '9') ||
          (at(in, "\\g") && (next == '{' || is_digit(next) ||
                             ((next == '+' || next == '-') && is_digit(byte_at(in, 3))))) ||
          (at(in, "\\k") && (next == '<' || next == '\'' || next == '{')) || at(in, "(?P="));
}

static bool atomic_group(const detector_input *in) {
  static const char *const names[] = {"atomic", NULL};
  return code(in) && (at(in, "(?>") || starts_named_group(in, names));
}

/* A + right after a quantifier (ignored whitespace allowed between). */
static bool possessive(const detector_input *in) {
  unsigned char before = in->previous_byte;
  return code(in) && at(in, "+") && in->previous_context == CONTEXT_CODE &&
         (before == '*' || before == '+' || before == '?' || before == '}');
}

static bool recursion(const detector_input *in) {
  unsigned char third = byte_at(in, 2);
  return code(in) &&
         (at(in, "(?R") || at(in, "(?&") || at(in, "(?P>") || at(in, "\\g<") || at(in, "\\g'") ||
          (at(in, "(?") &&
           (is_digit(third) || ((third == '+' || third == '-') && is_digit(byte_at(in, 3))))));
}

static bool conditional(const detector_input *in) {
  return code(in) && at(in, "(?(");
}

/* Whether the token is one of the start items jrx reads, (*UTF), (*UTF8)
 * or (*UCP), in the run of them that opens the pattern: never a verb. */
static bool leading_start_item(const detector_input *in) {
  static const char *const items[] = {"(*UTF)", "(*UTF8)", "(*UCP)"};
  size_t position = 0;
  for (;;) {
    size_t matched = 0;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
      if (looking_at(in->pattern, in->length, position, items[i])) {
        matched = strlen(items[i]);
      }
    }
    if (matched == 0 || position > in->offset) {
      return false;
    }
    if (position == in->offset) {
      return true;
    }
    position += matched;
  }
}

static bool verb(const detector_input *in) {
  unsigned char third = byte_at(in, 2);
  return code(in) && at(in, "(*") && ((third >= 'A' && third <= 'Z') || third == ':') &&
         !leading_start_item(in);
}

static bool callout(const detector_input *in) {
  return code(in) && at(in, "(?C");
}

static bool escape_anywhere(const detector_input *in, const char *escape) {
  return (in->context == CONTEXT_CODE || in->context == CONTEXT_CLASS) && at(in, escape);
}

static bool single_byte(const detector_input *in) {
  return escape_anywhere(in, "\\C");
}

/* [[:<:]] and [[:>:]] (lookaround in disguise), script runs, (?J)
 * (duplicate names: jrx keeps names unique), and \G under
 * JRX_MATCH_INVALID_UTF (generously: jrx refuses it in a pattern PCRE2
 * marks PCRE2_STARTLINE only). */
static bool other_construct(const detector_input *in) {
  static const char *const script_runs[] = {"sr", "asr", "script_run", "atomic_script_run", NULL};
  if (!code(in)) {
    return false;
  }
  if (at(in, "[[:<:]]") || at(in, "[[:>:]]") || starts_named_group(in, script_runs) ||
      (at(in, "\\G") && (in->compile_options & JRX_MATCH_INVALID_UTF) != 0)) {
    return true;
  }
  if (!at(in, "(?")) {
    return false;
  }
  for (size_t i = 2; in->offset + i < in->length; i++) {
    unsigned char byte = byte_at(in, i);
    if (byte == 'J') {
      return true;
    }
    if (byte == ')' || byte == ':' ||
        !(is_lowercase(byte) || byte == '-' || byte == '^' || (byte >= 'A' && byte <= 'Z'))) {
      return false;
    }
  }
  return false;
}

static bool branch_reset(const detector_input *in) {
  return code(in) && at(in, "(?|");
}

static bool newline_sequence(const detector_input *in) {
  return code(in) && at(in, "\\R");
}

typedef struct construct_row {
  int code;
  bool (*present)(const detector_input *in);
  bool anywhere; /* the offset jrx reports is not the construct's own */
} construct_row;

/* Delete a row when jrx starts to accept its construct. */
static const construct_row rows[] = {
    {JRX_ERROR_UNSUPPORTED_BACKREFERENCE, backreference, false},
    {JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP, atomic_group, false},
    {JRX_ERROR_UNSUPPORTED_POSSESSIVE, possessive, false},
    {JRX_ERROR_UNSUPPORTED_RECURSION, recursion, false},
    {JRX_ERROR_UNSUPPORTED_CONDITIONAL, conditional, false},
    {JRX_ERROR_UNSUPPORTED_VERB, verb, false},
    {JRX_ERROR_UNSUPPORTED_CALLOUT, callout, false},
    {JRX_ERROR_UNSUPPORTED_SINGLE_BYTE, single_byte, false},
    {JRX_ERROR_UNSUPPORTED_CONSTRUCT, other_construct, false},
    {JRX_ERROR_UNSUPPORTED_BRANCH_RESET, branch_reset, false},
    {JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, newline_sequence, true},
};

/* jrx.h numbers the unsupported-construct codes from -200 down. */
bool unsupported_construct_code(int code) {
  return code <= JRX_ERROR_UNSUPPORTED_BACKREFERENCE && code > JRX_ERROR_PATTERN_TOO_LONG;
}

bool unsupported_construct_present(int code, const char *pattern, size_t length, size_t offset,
                                   uint32_t compile_options) {
  const construct_row *row = NULL;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    if (rows[i].code == code) {
      row = &rows[i];
    }
  }
  if (row == NULL) {
    return false;
  }
  lexer lex = {.text = (const unsigned char *)pattern,
               .length = length,
               .extended = (compile_options & JRX_EXTENDED) != 0};
  detector_input in = {.pattern = lex.text,
                       .length = length,
                       .previous_context = CONTEXT_TEXT,
                       .compile_options = compile_options};
  while (lex.position < length && (row->anywhere || lex.position <= offset)) {
    token_context context;
    size_t size = next_token(&lex, &context);
    if (row->anywhere || lex.position == offset) {
      in.offset = lex.position;
      in.context = context;
      in.extended = lex.extended;
      if (row->present(&in)) {
        return true;
      }
    }
    if (context != CONTEXT_IGNORED) {
      in.previous_byte = lex.text[lex.position];
      in.previous_context = context;
    }
    lex.position += size;
  }
  return false;
}
