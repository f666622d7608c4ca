/* parse_lookaround: the checks on lookarounds and \K that need the whole
 * tree, in PCRE2's order: lookbehinds of variable length or of more than
 * 65535 characters first (PCRE2 checks them before compiling), then \K
 * inside a lookaround (found while compiling, reported at the end of the
 * pattern); and the marks that say
 * how a positive lookaround passed several times whose groups not every
 * pass sets is compiled (mark_repeated_lookarounds). */
#include <string.h>

#include "lookaround.h"
#include "parse_internal.h"

static size_t child_count(const ast_node *node) {
  switch (node->kind) {
  case AST_CONCAT:
  case AST_ALTERNATE: return node->as.list.count;
  case AST_REPEAT:
  case AST_CAPTURE:
  case AST_LOOKAROUND: return 1;
  default: return 0;
  }
}

static ast_node *child_at(const ast_node *node, size_t index) {
  switch (node->kind) {
  case AST_CONCAT:
  case AST_ALTERNATE: return node->as.list.items[index];
  case AST_REPEAT: return node->as.repeat.child;
  case AST_CAPTURE: return node->as.capture.child;
  case AST_LOOKAROUND: return node->as.lookaround.child;
  default: return NULL;
  }
}

/* PCRE2's LOOKBEHIND_MAX: the most characters a lookbehind branch matches. */
#define LOOKBEHIND_MAX_CHARACTERS 65535

static int check_lookbehind(const ast_node *lookbehind, const ast_node **bad);
static int find_failing_lookbehind(const ast_node *node, const ast_node **bad);
static int add_item(const ast_node *node, int64_t *length, const ast_node **bad);

static int add_characters(int64_t *length, int64_t characters) {
  *length += characters;
  return *length > LOOKBEHIND_MAX_CHARACTERS ? JRX_ERROR_LOOKBEHIND_TOO_LONG : 0;
}

/* Adds the characters of a branch (node, or node's items when it is a
 * concatenation) to *length, item by item from the left. */
static int add_sequence(const ast_node *node, int64_t *length, const ast_node **bad) {
  if (node->kind != AST_CONCAT) {
    return add_item(node, length, bad);
  }
  for (size_t index = 0; index < node->as.list.count; index++) {
    int status = add_item(node->as.list.items[index], length, bad);
    if (status != 0) {
      return status;
    }
  }
  return 0;
}

/* A group's characters, each of its branches measured on its own: they
 * must agree. */
static int measure_group(const ast_node *node, int64_t *characters, const ast_node **bad) {
  *characters = 0;
  if (node->kind != AST_ALTERNATE) {
    return add_sequence(node, characters, bad);
  }
  for (size_t index = 0; index < node->as.list.count; index++) {
    int64_t branch = 0;
    int status = add_sequence(node->as.list.items[index], &branch, bad);
    if (status != 0) {
      return status;
    }
    if (index > 0 && branch != *characters) {
      return JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH;
    }
    *characters = branch;
  }
  return 0;
}

/* Adds node's characters to *length as PCRE2 measures a lookbehind
 * branch: a lookbehind met on the way is checked first, and so are the
 * lookbehinds inside a lookahead (which itself counts nothing); a
 * quantified item counts once before its quantifier is read, so
 * a{65535}b? is too long before it is found to vary, and {n} then adds
 * n - 1 more (one fewer for {0}). Returns 0, or the error with *bad naming
 * the lookbehind at fault, NULL for the one measured. */
static int add_item(const ast_node *node, int64_t *length, const ast_node **bad) {
  switch (node->kind) {
  case AST_EMPTY:
  case AST_ASSERT:
  case AST_MATCH_RESET: return 0;
  case AST_LITERAL:
  case AST_CLASS: return add_characters(length, 1);
  case AST_LOOKAROUND:
    return node->as.lookaround.behind ? check_lookbehind(node, bad)
                                      : find_failing_lookbehind(node->as.lookaround.child, bad);
  case AST_REPEAT: {
    int64_t once;
    int status = measure_group(node->as.repeat.child, &once, bad);
    if (status == 0) {
      status = add_characters(length, once);
    }
    if (status != 0) {
      return status;
    }
    if (node->as.repeat.min != node->as.repeat.max && !ast_is_repeated_lookahead(node)) {
      return JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH;
    }
    return add_characters(length, ((int64_t)node->as.repeat.min - 1) * once);
  }
  case AST_CONCAT:
  case AST_ALTERNATE:
  case AST_CAPTURE: {
    int64_t characters;
    int status = measure_group(node->kind == AST_CAPTURE ? node->as.capture.child : node,
                               &characters, bad);
    return status != 0 ? status : add_characters(length, characters);
  }
  }
  return JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH;
}

/* The error PCRE2 reports while checking this lookbehind, with *bad the
 * lookbehind at fault (a nested one met first, or this one); 0 if none. */
static int check_lookbehind(const ast_node *lookbehind, const ast_node **bad) {
  for (size_t index = 0; index < lookbehind->as.lookaround.branch_count; index++) {
    int64_t length = 0;
    *bad = NULL;
    int status = add_sequence(ast_lookaround_branch(lookbehind, index), &length, bad);
    if (status != 0) {
      if (*bad == NULL) {
        *bad = lookbehind;
      }
      return status;
    }
  }
  return 0;
}

/* The first failing lookbehind in PCRE2's order (lookbehinds in pattern
 * order, each checked with the ones its branches hold) in *bad, and its
 * error; 0 if none. */
static int find_failing_lookbehind(const ast_node *node, const ast_node **bad) {
  if (node->kind == AST_LOOKAROUND && node->as.lookaround.behind) {
    int status = check_lookbehind(node, bad);
    if (status != 0) {
      return status;
    }
  }
  for (size_t index = 0; index < child_count(node); index++) {
    int status = find_failing_lookbehind(child_at(node, index), bad);
    if (status != 0) {
      return status;
    }
  }
  return 0;
}

static int has_match_reset_inside(const ast_node *node, int inside) {
  if (node->kind == AST_MATCH_RESET) {
    return inside;
  }
  inside |= node->kind == AST_LOOKAROUND;
  for (size_t index = 0; index < child_count(node); index++) {
    if (has_match_reset_inside(child_at(node, index), inside)) {
      return 1;
    }
  }
  return 0;
}

/* Whether every capture group of node that PCRE2 could set is set by
 * every match of node: none lies in an alternative, an optional repeat
 * or a negative lookaround. A lookaround passed several times on the
 * winning path (inside a repeat) then leaves all its groups as its last
 * pass set them, which is what jrx finds; otherwise PCRE2 may keep a
 * group from an earlier pass ((?:(?=(a)|(b))\w)+ on "ab": 1=a, 2=b). */
static int sets_every_capture(const ast_node *node) {
  switch (node->kind) {
  case AST_ALTERNATE:
    if (node->as.list.count > 1) {
      return !ast_has_settable_capture(node);
    }
    break;
  case AST_REPEAT:
    if (node->as.repeat.min == 0) {
      return !ast_has_settable_capture(node);
    }
    break;
  case AST_LOOKAROUND:
    if (node->as.lookaround.negated) {
      return 1;
    }
    break;
  default: break;
  }
  for (size_t index = 0; index < child_count(node); index++) {
    if (!sets_every_capture(child_at(node, index))) {
      return 0;
    }
  }
  return 1;
}

/* Whether each top-level branch of the lookaround sets all of its groups
 * whenever it matches: the lookaround then runs as its branches, each a
 * lookaround of its own tried in order ((?=B1|B2) as (?:(?=B1)|(?=B2)),
 * the same in PCRE2 whose groups no back-reference reads), and the last
 * pass of each one sets all of its groups, as PCRE2 keeps them. */
static int splits_into_branches(const ast_node *node) {
  for (size_t index = 0; index < node->as.lookaround.branch_count; index++) {
    if (!sets_every_capture(ast_lookaround_branch(node, index))) {
      return 0;
    }
  }
  return 1;
}

/* Marks the positive lookarounds passed several times whose groups not
 * every pass sets: those run as their branches
 * (ast_node.as.lookaround.split), and the others, whose passes record
 * which groups each sets (ast_node.as.lookaround.conditional), the
 * groups of the lookarounds nested in them included.
 * in_negative: node is inside a negative lookaround; repeated: inside a
 * group repeated more than once (the pattern's or a lookaround body's). */
static void mark_repeated_lookarounds(ast_node *node, int in_negative, int repeated) {
  if (node->kind == AST_REPEAT && node->as.repeat.max > 1) {
    repeated = 1;
  }
  if (node->kind == AST_LOOKAROUND) {
    in_negative |= node->as.lookaround.negated;
    if (!in_negative && repeated && !sets_every_capture(node->as.lookaround.child)) {
      node->as.lookaround.conditional = !splits_into_branches(node);
      node->as.lookaround.split = node->as.lookaround.branch_count > 1;
    }
  }
  for (size_t index = 0; index < child_count(node); index++) {
    mark_repeated_lookarounds(child_at(node, index), in_negative, repeated);
  }
}

int parse_check_lookarounds(parse_state *state, ast_node *root) {
  if (!state->lookaround_or_reset) {
    return 0; /* nothing below could be found */
  }
  const ast_node *found = NULL;
  int status = find_failing_lookbehind(root, &found);
  if (status != 0) {
    /* PCRE2 reports the offset four bytes before the body: the '(' of
     * (?<= and (?<!, inside the name of (*plb: and friends. */
    size_t body = found->pattern_offset + 4;
    if (state->pattern[found->pattern_offset + 1] == '*') {
      const unsigned char *colon = memchr(state->pattern + found->pattern_offset, ':',
                                          state->length - found->pattern_offset);
      body = (size_t)(colon - state->pattern) + 1;
    }
    return parse_fail(state, status, body - 4);
  }
  if (has_match_reset_inside(root, 0)) {
    return parse_fail(state, JRX_ERROR_MATCH_RESET_IN_LOOKAROUND, state->length);
  }
  mark_repeated_lookarounds(root, 0, 0);
  return 0;
}
