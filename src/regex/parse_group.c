/* parse_group: what follows an opening parenthesis. Plain, non-capturing
 * and named groups, atomic lookarounds and inline options are accepted;
 * every other (? and (* construct PCRE2 knows is rejected with its own code
 * at the offset of its '(', and malformed ones fail where PCRE2 reports
 * them. */
#include "parse_internal.h"

#include <string.h>

static int is_lowercase(unsigned char byte) {
  return byte >= 'a' && byte <= 'z';
}

static int is_uppercase(unsigned char byte) {
  return byte >= 'A' && byte <= 'Z';
}

static int is_word_character(unsigned char byte) {
  return is_lowercase(byte) || is_uppercase(byte) || parse_is_digit(byte) || byte == '_';
}

static int name_in(const unsigned char *name, size_t length, const char *const *list,
                   size_t count) {
  for (size_t index = 0; index < count; index++) {
    if (strlen(list[index]) == length && memcmp(list[index], name, length) == 0) {
      return 1;
    }
  }
  return 0;
}

#define COUNT_OF(array) (sizeof array / sizeof array[0])

/* The atomic lookarounds by name, as (*name:...), and what they open. */
typedef struct lookaround_name {
  const char *name;
  parse_group_kind kind;
  int negated;
} lookaround_name;

static const lookaround_name lookaround_names[] = {
    {"pla", PARSE_GROUP_LOOKAHEAD, 0},
    {"nla", PARSE_GROUP_LOOKAHEAD, 1},
    {"plb", PARSE_GROUP_LOOKBEHIND, 0},
    {"nlb", PARSE_GROUP_LOOKBEHIND, 1},
    {"positive_lookahead", PARSE_GROUP_LOOKAHEAD, 0},
    {"negative_lookahead", PARSE_GROUP_LOOKAHEAD, 1},
    {"positive_lookbehind", PARSE_GROUP_LOOKBEHIND, 0},
    {"negative_lookbehind", PARSE_GROUP_LOOKBEHIND, 1},
    /* Non-atomic ones run as atomic ones (open_lookaround). */
    {"napla", PARSE_GROUP_LOOKAHEAD, 0},
    {"naplb", PARSE_GROUP_LOOKBEHIND, 0},
    {"non_atomic_positive_lookahead", PARSE_GROUP_LOOKAHEAD, 0},
    {"non_atomic_positive_lookbehind", PARSE_GROUP_LOOKBEHIND, 0}};

/* A lookaround's opening; content: where its body begins. A non-atomic
 * positive lookaround ((?*, (?<*, (*napla: and friends) opens as an
 * atomic one: PCRE2 tries its other ways only when what follows fails,
 * and what follows can read none of its groups (jrx has no back-references
 * nor conditions), so it fails for every way and the first way wins, as
 * in an atomic one. */
static int open_lookaround(parse_state *state, size_t content, parse_group_kind kind, int negated,
                           parse_group_open *group) {
  group->kind = kind;
  group->negated = negated;
  state->position = content;
  return 0;
}

/* (*name: for an atomic lookaround name, at start (just after "(*"). */
static int read_named_lookaround(parse_state *state, size_t start, size_t end,
                                 parse_group_open *group, int *found) {
  for (size_t index = 0; index < COUNT_OF(lookaround_names); index++) {
    const lookaround_name *entry = &lookaround_names[index];
    if (strlen(entry->name) == end - start &&
        memcmp(entry->name, state->pattern + start, end - start) == 0) {
      *found = 1;
      return open_lookaround(state, end + 1, entry->kind, entry->negated, group);
    }
  }
  *found = 0;
  return 0;
}
static const char *const script_run_names[] = {"sr", "asr", "script_run", "atomic_script_run"};
static const char *const verb_names[] = {
    "ACCEPT", "COMMIT", "F", "FAIL", "MARK", "PRUNE", "SKIP", "THEN",
    /* Settings PCRE2 accepts at the start of a pattern. */
    "UTF", "UTF8", "UCP", "CR", "LF", "CRLF", "ANYCRLF", "ANY", "NUL", "BSR_ANYCRLF", "BSR_UNICODE",
    "LIMIT_MATCH", "LIMIT_DEPTH", "LIMIT_HEAP", "LIMIT_RECURSION", "NO_AUTO_POSSESS",
    "NO_START_OPT", "NO_DOTSTAR_ANCHOR", "NO_JIT", "NOTEMPTY", "NOTEMPTY_ATSTART"};

/* (*...: lowercase names are alphabetic assertions ((*pla:...) and
 * friends), anything else is a verb or a start-of-pattern setting. */
static int read_verb(parse_state *state, size_t open, parse_group_open *group) {
  size_t start = open + 2;
  if (start >= state->length || state->pattern[start] == ')') {
    /* "(*)" is a '*' with nothing to repeat, as PCRE2 sees it. */
    return parse_fail(state, JRX_ERROR_NOTHING_TO_REPEAT, open + 1);
  }
  size_t end = start;
  while (end < state->length && is_word_character(state->pattern[end])) {
    end++;
  }
  if (is_lowercase(state->pattern[start])) {
    const unsigned char *name = state->pattern + start;
    if (end < state->length && state->pattern[end] == ':') {
      int found;
      int status = read_named_lookaround(state, start, end, group, &found);
      if (found) {
        return status;
      }
      if (end - start == 6 && memcmp(name, "atomic", 6) == 0) {
        group->kind = PARSE_GROUP_ATOMIC;
        state->position = end + 1;
        return 0;
      }
      if (name_in(name, end - start, script_run_names, COUNT_OF(script_run_names))) {
        return parse_fail(state, JRX_ERROR_UNSUPPORTED_CONSTRUCT, open);
      }
    }
    return parse_fail(state, JRX_ERROR_BAD_GROUP_SYNTAX, end);
  }
  int mark = end == start && state->pattern[start] == ':';
  if (mark || name_in(state->pattern + start, end - start, verb_names, COUNT_OF(verb_names))) {
    return parse_fail(state, JRX_ERROR_UNSUPPORTED_VERB, open);
  }
  return parse_fail(state, JRX_ERROR_BAD_GROUP_SYNTAX, end);
}

/* The name of (?<name>, (?'name' or (?P<name> starting at position, up to
 * terminator. */
static int read_group_name(parse_state *state, size_t position, unsigned char terminator,
                           parse_group_open *group) {
  size_t start = position;
  while (position < state->length) {
    uint32_t code_point;
    size_t size = parse_decode(state, position, &code_point);
    int kind = parse_name_character_kind(code_point, state->utf);
    if (kind == 0) {
      break;
    }
    if (kind == 2 && position == start) {
      return parse_fail(state, JRX_ERROR_BAD_GROUP_NAME, position);
    }
    position += size;
  }
  if (position == start || position - start > PARSE_MAX_NAME_LENGTH || position >= state->length ||
      state->pattern[position] != terminator) {
    return parse_fail(state, JRX_ERROR_BAD_GROUP_NAME, position);
  }
  group->kind = PARSE_GROUP_CAPTURE;
  group->name_start = start;
  group->name_length = position - start;
  group->name_end = position + 1;
  state->position = position + 1;
  return 0;
}

/* (?flags) or (?flags:...) starting at position (just after "(?"):
 * letters i m n s x xx U J, a leading ^ that first clears imnsx, and one
 * '-' after which letters unset. */
static int read_options(parse_state *state, size_t open, size_t position, parse_group_open *group) {
  uint32_t set = 0;
  uint32_t unset = 0;
  uint32_t options = state->options;
  int unsetting = 0;
  int caret = position < state->length && state->pattern[position] == '^';
  if (caret) {
    options &= ~PARSE_OPTIONS_RESET_BY_CARET;
    position++;
  }
  for (;;) {
    if (position >= state->length) {
      return parse_fail(state, JRX_ERROR_MISSING_PARENTHESIS, state->length);
    }
    unsigned char letter = state->pattern[position];
    uint32_t option = 0;
    switch (letter) {
    case ')':
    case ':': break;
    case '-':
      if (unsetting || caret) {
        return parse_fail(state, JRX_ERROR_BAD_INLINE_OPTION, position);
      }
      unsetting = 1;
      position++;
      continue;
    case 'i': option = PARSE_OPTION_CASELESS; break;
    case 'm': option = PARSE_OPTION_MULTILINE; break;
    case 's': option = PARSE_OPTION_DOTALL; break;
    case 'n': option = PARSE_OPTION_NO_AUTO_CAPTURE; break;
    case 'U': option = PARSE_OPTION_UNGREEDY; break;
    case 'x':
      option = PARSE_OPTION_EXTENDED;
      if (position + 1 < state->length && state->pattern[position + 1] == 'x') {
        option |= PARSE_OPTION_EXTENDED_MORE;
        position++;
      }
      break;
    case 'J':
      if (!unsetting) {
        /* Duplicate group names: jrx keeps names unique. */
        return parse_fail(state, JRX_ERROR_UNSUPPORTED_CONSTRUCT, open);
      }
      position++;
      continue;
    default: return parse_fail(state, JRX_ERROR_BAD_INLINE_OPTION, position);
    }
    if (option == 0) {
      break;
    }
    if (unsetting) {
      unset |= option;
    } else {
      set |= option;
    }
    position++;
  }
  /* (?x) alone cancels (?xx), and unsetting x unsets both, as in PCRE2. */
  if ((set & (PARSE_OPTION_EXTENDED | PARSE_OPTION_EXTENDED_MORE)) == PARSE_OPTION_EXTENDED ||
      (unset & PARSE_OPTION_EXTENDED) != 0) {
    unset |= PARSE_OPTION_EXTENDED_MORE;
  }
  group->options = (options | set) & ~unset;
  group->kind = state->pattern[position] == ')' ? PARSE_GROUP_OPTION_SET : PARSE_GROUP_NON_CAPTURE;
  state->position = position + 1;
  return 0;
}

/* After "(?P": a named group, or Python's spellings of references. */
static int read_python_group(parse_state *state, size_t open, size_t position,
                             parse_group_open *group) {
  if (position >= state->length) {
    return parse_fail(state, JRX_ERROR_MISSING_PARENTHESIS, state->length);
  }
  switch (state->pattern[position]) {
  case '<': return read_group_name(state, position + 1, '>', group);
  case '=': return parse_fail(state, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, open);
  case '>': return parse_fail(state, JRX_ERROR_UNSUPPORTED_RECURSION, open);
  default: return parse_fail(state, JRX_ERROR_BAD_GROUP_SYNTAX, position);
  }
}

/* Everything after "(?" that is not a plain option setting. */
static int read_question_group(parse_state *state, size_t open, parse_group_open *group) {
  size_t position = open + 2;
  if (position >= state->length) {
    return parse_fail(state, JRX_ERROR_MISSING_PARENTHESIS, state->length);
  }
  unsigned char byte = state->pattern[position];
  unsigned char next = position + 1 < state->length ? state->pattern[position + 1] : 0;
  switch (byte) {
  case ':':
    group->kind = PARSE_GROUP_NON_CAPTURE;
    state->position = position + 1;
    return 0;
  case '|': return parse_fail(state, JRX_ERROR_UNSUPPORTED_BRANCH_RESET, open);
  case '>':
    group->kind = PARSE_GROUP_ATOMIC;
    state->position = position + 1;
    return 0;
  case '=':
  case '!': return open_lookaround(state, position + 1, PARSE_GROUP_LOOKAHEAD, byte == '!', group);
  case '*': return open_lookaround(state, position + 1, PARSE_GROUP_LOOKAHEAD, 0, group);
  case '<':
    if (next == '=' || next == '!') {
      return open_lookaround(state, position + 2, PARSE_GROUP_LOOKBEHIND, next == '!', group);
    }
    if (next == '*') {
      return open_lookaround(state, position + 2, PARSE_GROUP_LOOKBEHIND, 0, group);
    }
    return read_group_name(state, position + 1, '>', group);
  case '\'': return read_group_name(state, position + 1, '\'', group);
  case 'P': return read_python_group(state, open, position + 1, group);
  case '(': return parse_fail(state, JRX_ERROR_UNSUPPORTED_CONDITIONAL, open);
  case 'C': return parse_fail(state, JRX_ERROR_UNSUPPORTED_CALLOUT, open);
  case 'R':
  case '&': return parse_fail(state, JRX_ERROR_UNSUPPORTED_RECURSION, open);
  case '+':
    if (!parse_is_digit(next)) {
      return parse_fail(state, JRX_ERROR_BAD_GROUP_SYNTAX, position);
    }
    return parse_fail(state, JRX_ERROR_UNSUPPORTED_RECURSION, open);
  default: break;
  }
  if (parse_is_digit(byte) || (byte == '-' && parse_is_digit(next))) {
    return parse_fail(state, JRX_ERROR_UNSUPPORTED_RECURSION, open);
  }
  if (is_lowercase(byte) || is_uppercase(byte) || byte == '^' || byte == '-' || byte == ')') {
    return read_options(state, open, position, group);
  }
  return parse_fail(state, JRX_ERROR_BAD_GROUP_SYNTAX, position);
}

int parse_group_read_open(parse_state *state, parse_group_open *group) {
  size_t open = state->position;
  group->options = state->options;
  group->name_start = 0;
  group->name_length = 0;
  group->name_end = 0;
  group->negated = 0;
  if (open + 1 < state->length && state->pattern[open + 1] == '*') {
    return read_verb(state, open, group);
  }
  if (open + 1 < state->length && state->pattern[open + 1] == '?') {
    return read_question_group(state, open, group);
  }
  group->kind = (state->options & PARSE_OPTION_NO_AUTO_CAPTURE) != 0 ? PARSE_GROUP_NON_CAPTURE
                                                                     : PARSE_GROUP_CAPTURE;
  state->position = open + 1;
  return 0;
}
