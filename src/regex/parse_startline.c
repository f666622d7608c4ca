/* parse_startline: whether PCRE2 10.42 would mark the pattern
 * PCRE2_STARTLINE (is_startline in pcre2_compile.c): every top-level
 * branch starts with .* or .*? (on . without DOTALL or \N, not inside an
 * atomic group or a lookahead), ^ or multiline ^, or a group (capturing,
 * non-capturing repeated at least once, atomic, positive lookahead) whose
 * branches all do. pcre2_match then tries a match, after the first
 * attempt at the start offset, only right after a newline or at the
 * subject's end. For valid subjects that changes no answer; under
 * PCRE2_MATCH_INVALID_UTF it does, as a search that moved on from the
 * start offset (inside a character, or past invalid bytes) resumes where
 * no newline precedes it (jrx_invalid_utf.c).
 *
 * The tree keeps what the rule reads: non-capturing groups stay nodes
 * unless they hold a single item (which PCRE2 treats the same here), and
 * parse marks tell a quantifier written on . or \N itself
 * (PARSE_MARK_REPEATED_ANY) from one on a group or a class, and atomic
 * groups from plain ones. The walk follows only first items, so it costs
 * a lookup per node on those paths. */
#include "parse_internal.h"

static int starts_lines(const parse_state *state, const ast_node *node, int in_atomic,
                        int in_lookahead) {
  unsigned kinds = parse_marks_of(state, node, 0, NULL);
  in_atomic |= (kinds & PARSE_MARK_ATOMIC) != 0;
  if ((kinds & PARSE_MARK_REPEATED_ANY) != 0) {
    return node->as.repeat.min == 0 && node->as.repeat.max == AST_REPEAT_INFINITE &&
           !in_atomic && !in_lookahead;
  }
  switch (node->kind) {
  case AST_ALTERNATE:
    if ((kinds & PARSE_MARK_NEWLINE_SEQUENCE) != 0) {
      return 0;
    }
    for (size_t index = 0; index < node->as.list.count; index++) {
      if (!starts_lines(state, node->as.list.items[index], in_atomic, in_lookahead)) {
        return 0;
      }
    }
    return 1;
  case AST_CONCAT: return starts_lines(state, node->as.list.items[0], in_atomic, in_lookahead);
  case AST_CAPTURE: return starts_lines(state, node->as.capture.child, in_atomic, in_lookahead);
  /* A group repeated at least once starts with the group (PCRE2 repeats
   * it in full); one that may be skipped starts with a BRAZERO. */
  case AST_REPEAT:
    return node->as.repeat.min > 0 &&
           starts_lines(state, node->as.repeat.child, in_atomic, in_lookahead);
  case AST_LOOKAROUND:
    return !node->as.lookaround.behind && !node->as.lookaround.negated &&
           starts_lines(state, node->as.lookaround.child, in_atomic, 1);
  case AST_ASSERT:
    return node->as.assertion == AST_ASSERT_CARET_START ||
           node->as.assertion == AST_ASSERT_LINE_START;
  default: return 0;
  }
}

int parse_check_startline(parse_state *state, const ast_node *root, int *startline) {
  *startline = 0;
  if (!state->invalid_utf) {
    return 0;
  }
  parse_sort_marks(state);
  *startline = starts_lines(state, root, 0, 0);
  if (*startline && state->has_match_start) {
    /* \G holds nowhere once a search moved on from the start offset, but
     * the engines would see it hold where the search resumes. */
    return parse_fail(state, JRX_ERROR_UNSUPPORTED_CONSTRUCT, state->match_start_offset);
  }
  return 0;
}
