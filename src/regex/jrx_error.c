/* jrx_error: the text for every return code declared in include/jrx.h.
 * Each code has exactly one message and no two messages are the same, so a
 * message alone identifies the problem; unknown codes get a message too. */
#include <stdio.h>
#include <string.h>

#include "jrx.h"

typedef struct error_text {
  int code;
  const char *message;
} error_text;

static const error_text error_texts[] = {
    {JRX_NOMATCH, "no match"},

    {JRX_ERROR_NULL, "a required argument is NULL"},
    {JRX_ERROR_BAD_OPTION, "unknown or not-allowed option bit"},
    {JRX_ERROR_BAD_OFFSET, "start offset is beyond the end of the subject"},
    {JRX_ERROR_BAD_UTF, "invalid UTF-8 in the subject (JRX_UTF is set)"},
    {JRX_ERROR_BAD_UTF_OFFSET, "start offset is inside a UTF-8 character"},
    {JRX_ERROR_NOMEMORY, "out of memory"},
    {JRX_ERROR_INTERNAL, "internal error in jrx (a bug: please report it)"},
    {JRX_ERROR_WRONG_MATCH_DATA, "the match data was made for another pattern"},
    {JRX_ERROR_LOOKAROUND_TABLE_LIMIT,
     "the lookaround tables of this match would exceed max_lookaround_table_size"},

    {JRX_ERROR_END_BACKSLASH, "\\ at the end of the pattern"},
    {JRX_ERROR_UNKNOWN_ESCAPE, "unrecognized escape sequence after \\"},
    {JRX_ERROR_BAD_ESCAPE_VALUE,
     "malformed or out-of-range character value in \\x{...}, \\o{...} or \\ddd"},
    {JRX_ERROR_BAD_CONTROL_ESCAPE, "\\c must be followed by a printable ASCII character"},
    {JRX_ERROR_MISSING_BRACKET, "missing terminating ] for character class"},
    {JRX_ERROR_BAD_CLASS_RANGE,
     "invalid range in character class (out of order, or an end is a class escape)"},
    {JRX_ERROR_BAD_POSIX_CLASS,
     "unknown POSIX class name, or POSIX class used outside a character class"},
    {JRX_ERROR_MISSING_PARENTHESIS, "missing closing parenthesis"},
    {JRX_ERROR_UNMATCHED_PARENTHESIS, "unmatched closing parenthesis"},
    {JRX_ERROR_NOTHING_TO_REPEAT, "quantifier does not follow a repeatable item"},
    {JRX_ERROR_BAD_REPEAT_RANGE, "numbers out of order in {n,m} quantifier"},
    {JRX_ERROR_REPEAT_TOO_BIG, "number too big in {n,m} quantifier (the limit is 65535)"},
    {JRX_ERROR_BAD_GROUP_SYNTAX, "unrecognized character after (? or (?-"},
    {JRX_ERROR_BAD_GROUP_NAME, "malformed or over-long group name"},
    {JRX_ERROR_DUPLICATE_GROUP_NAME, "two named groups have the same name"},
    {JRX_ERROR_BAD_INLINE_OPTION, "unknown option letter in (?...)"},
    {JRX_ERROR_MISSING_COMMENT_END, "missing ) after (?# comment"},
    {JRX_ERROR_BAD_UTF_PATTERN, "invalid UTF-8 in the pattern (JRX_UTF is set)"},
    {JRX_ERROR_CODE_POINT_TOO_BIG,
     "character code point value too large (over 0xff without JRX_UTF, over 0x10ffff or a "
     "surrogate with it)"},
    {JRX_ERROR_NULL_PATTERN, "pattern is NULL but its length is not zero"},
    {JRX_ERROR_BAD_COMPILE_OPTION,
     "unknown compile option bit, or a compile limit out of its range"},
    {JRX_ERROR_ESCAPE_INVALID_IN_CLASS,
     "escape sequence is invalid in a character class (\\B, \\R, \\N, \\X ...)"},
    {JRX_ERROR_BAD_PROPERTY, "malformed \\P or \\p sequence"},
    {JRX_ERROR_UNKNOWN_PROPERTY, "unknown property after \\P or \\p"},
    {JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH,
     "lookbehind assertion is not fixed length (each top-level branch must match a fixed "
     "number of characters)"},
    {JRX_ERROR_MATCH_RESET_IN_LOOKAROUND, "\\K is not allowed in lookarounds"},
    {JRX_ERROR_LOOKBEHIND_TOO_LONG,
     "lookbehind assertion is too long (a top-level branch matches over 65535 characters)"},

    {JRX_ERROR_UNSUPPORTED_BACKREFERENCE,
     "back-references are not supported (jrx matches in linear time)"},
    {JRX_ERROR_UNSUPPORTED_LOOKAROUND,
     "lookaround not supported (no longer returned: every lookaround is)"},
    {JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP,
     "this atomic group (?>...) is not supported: jrx matches in linear time and runs one only "
     "where atomicity cannot change a match ((?>[a-z]+)\\s) or on a repeat of \\X before "
     "single items ((?>\\X+a), (?>\\X{1,4}a)) or optional ones ((?>\\X+a?), not "
     "(?>\\X{1,3}a?))"},
    {JRX_ERROR_UNSUPPORTED_POSSESSIVE,
     "this possessive quantifier is not supported: jrx matches in linear time and runs one only "
     "on \\X, on a group of single items with \\X ((?:a\\X)++b) or ending in \\X* "
     "((?:a\\X*)++b, not (?:a\\X*b)++), or where what follows cannot start like it "
     "(\\d++\\.)"},
    {JRX_ERROR_UNSUPPORTED_RECURSION,
     "recursion and subroutine calls are not supported (jrx matches in linear time)"},
    {JRX_ERROR_UNSUPPORTED_CONDITIONAL,
     "conditional groups (?(...)...) are not supported (jrx matches in linear time)"},
    {JRX_ERROR_UNSUPPORTED_VERB,
     "backtracking control verbs and (*...) settings are not supported"},
    {JRX_ERROR_UNSUPPORTED_CALLOUT, "callouts (?C...) are not supported"},
    {JRX_ERROR_UNSUPPORTED_MATCH_RESET,
     "\\K not supported (no longer returned: \\K is supported)"},
    {JRX_ERROR_UNSUPPORTED_SINGLE_BYTE, "\\C (one code unit in UTF mode) is not supported"},
    {JRX_ERROR_UNSUPPORTED_PROPERTY, "property not supported (no longer returned: \\X is)"},
    {JRX_ERROR_UNSUPPORTED_CONSTRUCT, "this PCRE2 construct is not supported by jrx"},
    {JRX_ERROR_UNSUPPORTED_BRANCH_RESET, "branch reset groups (?|...) are not supported"},
    {JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE,
     "\\R next to something that could change its answer is not supported: followed by "
     "something that can match its \\n (PCRE2 makes \\R atomic), or beside a repeated . or "
     "\\N (which PCRE2 then makes possessive)"},

    {JRX_ERROR_PATTERN_TOO_LONG, "pattern is longer than the limit"},
    {JRX_ERROR_NESTING_TOO_DEEP, "parentheses are nested too deeply"},
    {JRX_ERROR_PROGRAM_TOO_BIG, "compiled pattern is too big (reduce counted repetitions)"},
    {JRX_ERROR_TOO_MANY_CAPTURES, "too many capturing groups (the limit is 65535)"},

    {JRX_ERROR_OUTPUT_TOO_SMALL, "output buffer is too small"},
    {JRX_ERROR_BAD_REPLACEMENT, "invalid $ in replacement: use $$, $n, ${n}, $name or ${name}"},
    {JRX_ERROR_UNKNOWN_GROUP,
     "no such group: the replacement or name refers to a group the pattern does not have"},
    {JRX_ERROR_UNSET_GROUP,
     "replacement refers to a group that did not match (see JRX_SUBSTITUTE_UNSET_EMPTY)"},
    {JRX_ERROR_TOO_MANY_REPLACEMENTS, "too many replacements to count in an int"},
    {JRX_ERROR_BAD_UTF_REPLACEMENT, "invalid UTF-8 in the replacement (JRX_UTF is set)"},
};

static const char *message_for(int errcode) {
  for (size_t i = 0; i < sizeof error_texts / sizeof error_texts[0]; i++) {
    if (error_texts[i].code == errcode) return error_texts[i].message;
  }
  return NULL;
}

/* Copies as much of text as fits, always terminating a non-empty buffer, and
 * returns the full length so callers can detect truncation as with
 * snprintf. */
static int copy_truncated(const char *text, size_t text_length, char *buffer, size_t size) {
  if (size > 0) {
    size_t copied = text_length < size - 1 ? text_length : size - 1;
    memcpy(buffer, text, copied);
    buffer[copied] = '\0';
  }
  return (int)text_length;
}

int jrx_error_message(int errcode, char *buffer, size_t size) {
  if (buffer == NULL && size > 0) return JRX_ERROR_NULL;
  const char *message = message_for(errcode);
  if (message != NULL) return copy_truncated(message, strlen(message), buffer, size);

  char unknown[48];
  int length = snprintf(unknown, sizeof unknown, "unknown error code %d", errcode);
  if (length < 0) return JRX_ERROR_INTERNAL;
  copy_truncated(unknown, (size_t)length, buffer, size);
  return JRX_ERROR_BAD_OPTION;
}
