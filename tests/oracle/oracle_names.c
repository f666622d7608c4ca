/* oracle_names: one table pairing each jrx return code with its name;
 * test_error_message checks it against include/jrx.h so it cannot drift. */
#include "oracle_names.h"

#include <stddef.h>
#include <string.h>

#include "jrx.h"

#define NAMED(code) \
  { JRX_ERROR_##code, #code }

static const struct {
  int code;
  const char *name;
} error_names[] = {
    {JRX_NOMATCH, "NOMATCH"},
    NAMED(NULL),
    NAMED(BAD_OPTION),
    NAMED(BAD_OFFSET),
    NAMED(BAD_UTF),
    NAMED(BAD_UTF_OFFSET),
    NAMED(NOMEMORY),
    NAMED(INTERNAL),
    NAMED(WRONG_MATCH_DATA),
    NAMED(LOOKAROUND_TABLE_LIMIT),
    NAMED(END_BACKSLASH),
    NAMED(UNKNOWN_ESCAPE),
    NAMED(BAD_ESCAPE_VALUE),
    NAMED(BAD_CONTROL_ESCAPE),
    NAMED(MISSING_BRACKET),
    NAMED(BAD_CLASS_RANGE),
    NAMED(BAD_POSIX_CLASS),
    NAMED(MISSING_PARENTHESIS),
    NAMED(UNMATCHED_PARENTHESIS),
    NAMED(NOTHING_TO_REPEAT),
    NAMED(BAD_REPEAT_RANGE),
    NAMED(REPEAT_TOO_BIG),
    NAMED(BAD_GROUP_SYNTAX),
    NAMED(BAD_GROUP_NAME),
    NAMED(DUPLICATE_GROUP_NAME),
    NAMED(BAD_INLINE_OPTION),
    NAMED(MISSING_COMMENT_END),
    NAMED(BAD_UTF_PATTERN),
    NAMED(CODE_POINT_TOO_BIG),
    NAMED(NULL_PATTERN),
    NAMED(BAD_COMPILE_OPTION),
    NAMED(ESCAPE_INVALID_IN_CLASS),
    NAMED(BAD_PROPERTY),
    NAMED(UNKNOWN_PROPERTY),
    NAMED(LOOKBEHIND_NOT_FIXED_LENGTH),
    NAMED(LOOKBEHIND_TOO_LONG),
    NAMED(MATCH_RESET_IN_LOOKAROUND),
    NAMED(UNSUPPORTED_BACKREFERENCE),
    NAMED(UNSUPPORTED_LOOKAROUND),
    NAMED(UNSUPPORTED_ATOMIC_GROUP),
    NAMED(UNSUPPORTED_POSSESSIVE),
    NAMED(UNSUPPORTED_RECURSION),
    NAMED(UNSUPPORTED_CONDITIONAL),
    NAMED(UNSUPPORTED_VERB),
    NAMED(UNSUPPORTED_CALLOUT),
    NAMED(UNSUPPORTED_MATCH_RESET),
    NAMED(UNSUPPORTED_SINGLE_BYTE),
    NAMED(UNSUPPORTED_PROPERTY),
    NAMED(UNSUPPORTED_CONSTRUCT),
    NAMED(UNSUPPORTED_BRANCH_RESET),
    NAMED(UNSUPPORTED_NEWLINE_SEQUENCE),
    NAMED(PATTERN_TOO_LONG),
    NAMED(NESTING_TOO_DEEP),
    NAMED(PROGRAM_TOO_BIG),
    NAMED(TOO_MANY_CAPTURES),
    NAMED(OUTPUT_TOO_SMALL),
    NAMED(BAD_REPLACEMENT),
    NAMED(UNKNOWN_GROUP),
    NAMED(UNSET_GROUP),
    NAMED(TOO_MANY_REPLACEMENTS),
    NAMED(BAD_UTF_REPLACEMENT),
};

const char *oracle_error_name(int code) {
  for (size_t i = 0; i < sizeof error_names / sizeof error_names[0]; i++) {
    if (error_names[i].code == code) return error_names[i].name;
  }
  return NULL;
}

int oracle_error_code(const char *name, int *code) {
  static const char error_prefix[] = "JRX_ERROR_";
  static const char prefix[] = "JRX_";
  if (strncmp(name, error_prefix, sizeof error_prefix - 1) == 0) {
    name += sizeof error_prefix - 1;
  } else if (strncmp(name, prefix, sizeof prefix - 1) == 0) {
    name += sizeof prefix - 1;
  }
  for (size_t i = 0; i < sizeof error_names / sizeof error_names[0]; i++) {
    if (strcmp(error_names[i].name, name) == 0) {
      *code = error_names[i].code;
      return 1;
    }
  }
  return 0;
}
