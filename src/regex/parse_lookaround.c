/* parse_lookaround: the checks on lookarounds and \K that need the whole
 * tree, in PCRE2's order: lookbehinds of variable length first (PCRE2
 * checks them before compiling), then \K inside a lookaround (found while
 * compiling, reported at the end of the pattern); and the marks that say
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

static const ast_node *check_lookbehind(const ast_node *lookbehind);
static const ast_node *find_variable_lookbehind(const ast_node *node);

/* Walks node left to right as PCRE2 measures a lookbehind branch: a
 * lookbehind met on the way is checked first, and so are the lookbehinds
 * inside a lookahead (which itself counts nothing); *bad names the one
 * that fails. Returns whether node has one length; *bad stays NULL when
 * only node's length varies. */
static int walk_fixed(const ast_node *node, const ast_node **bad) {
  switch (node->kind) {
  case AST_LOOKAROUND:
    *bad = node->as.lookaround.behind ? check_lookbehind(node)
                                      : find_variable_lookbehind(node->as.lookaround.child);
    return *bad == NULL;
  case AST_CONCAT:
    for (size_t index = 0; index < node->as.list.count; index++) {
      if (!walk_fixed(node->as.list.items[index], bad)) {
        return 0;
      }
    }
    return 1;
  case AST_ALTERNATE:
    for (size_t index = 0; index < node->as.list.count; index++) {
      if (!walk_fixed(node->as.list.items[index], bad) ||
          ast_fixed_characters(node->as.list.items[index]) !=
              ast_fixed_characters(node->as.list.items[0])) {
        return 0;
      }
    }
    return 1;
  case AST_REPEAT:
    return walk_fixed(node->as.repeat.child, bad) &&
           (node->as.repeat.min == node->as.repeat.max || ast_is_repeated_lookahead(node));
  case AST_CAPTURE: return walk_fixed(node->as.capture.child, bad);
  default: return 1;
  }
}

/* The lookbehind PCRE2 reports while checking this one: a nested one
 * met first, or this one when a branch's length varies; NULL if none. */
static const ast_node *check_lookbehind(const ast_node *lookbehind) {
  for (size_t index = 0; index < lookbehind->as.lookaround.branch_count; index++) {
    const ast_node *bad = NULL;
    if (!walk_fixed(ast_lookaround_branch(lookbehind, index), &bad)) {
      return bad != NULL ? bad : lookbehind;
    }
  }
  return NULL;
}

/* The first failing lookbehind in PCRE2's order: lookbehinds in pattern
 * order, each checked with the ones its branches hold. */
static const ast_node *find_variable_lookbehind(const ast_node *node) {
  if (node->kind == AST_LOOKAROUND && node->as.lookaround.behind) {
    const ast_node *bad = check_lookbehind(node);
    if (bad != NULL) {
      return bad;
    }
  }
  for (size_t index = 0; index < child_count(node); index++) {
    const ast_node *found = find_variable_lookbehind(child_at(node, index));
    if (found != NULL) {
      return found;
    }
  }
  return NULL;
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
  const ast_node *found = find_variable_lookbehind(root);
  if (found != NULL) {
    /* PCRE2 reports the offset four bytes before the body: the '(' of
     * (?<= and (?<!, inside the name of (*plb: and friends. */
    size_t body = found->pattern_offset + 4;
    if (state->pattern[found->pattern_offset + 1] == '*') {
      const unsigned char *colon = memchr(state->pattern + found->pattern_offset, ':',
                                          state->length - found->pattern_offset);
      body = (size_t)(colon - state->pattern) + 1;
    }
    return parse_fail(state, JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH, body - 4);
  }
  if (has_match_reset_inside(root, 0)) {
    return parse_fail(state, JRX_ERROR_MATCH_RESET_IN_LOOKAROUND, state->length);
  }
  mark_repeated_lookarounds(root, 0, 0);
  return 0;
}
