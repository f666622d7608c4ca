/* parse_newline: when \R may be given to the NFA as a plain alternation.
 * PCRE2's \R is atomic: (?>\r\n|\n|\x0b|\f|\r|\x85) (plus U+2028/2029 in
 * UTF mode). jrx builds (?:\r\n|[\n\x0b\f\r\x85...]), which prefers \r\n
 * just the same and differs only by being able to fall back to a lone \r
 * before a \n. That can change the result only if what follows the \R
 * succeeds right before that \n while the preferred path fails, so a \R is
 * accepted only when every way to continue after it provably fails there
 * or succeeds on the preferred path too. A continuation is safe when it
 * starts by consuming a character that is not \n; with an assertion that
 * is false between \r and \n (\b: both are non-word characters; \A, \G:
 * not at the start; multiline ^: not after a \n; \z: not at the end); or
 * at the end of the pattern, possibly after $ or \Z (true before that \n
 * only if it is the last character, and then also true after it).
 * Anything else (a \n, a multiline $, \B, a counted repeat of the \R
 * itself) is rejected.
 *
 * PCRE2 10.42 also mis-optimizes \R next to "any character but newline"
 * (. without DOTALL, \N): it makes a variable quantifier written directly
 * on one of them possessive when the other can come next, as if they could
 * not match the same character (both match \r), so /.+\R/ fails on "ab\r"
 * and /\R?./ on "\r". jrx cannot give those answers and rejects such
 * patterns, conservatively: whenever the other one can start what follows
 * the quantifier, across groups and empty or zero-width items.
 *
 * The nodes involved are marked while parsing (parse_mark_node). The
 * check runs only when the pattern has a \R; it keeps what it learns about
 * each node in a hash table so that the work stays linear in the tree's
 * size, and it recurses as deep as the tree, which the nesting limit
 * bounds. */
#include "parse_internal.h"

#include <stdint.h>

#include "memory.h"
#include "sort.h"

int parse_mark_node(parse_state *state, const ast_node *node, unsigned kinds, size_t offset) {
  void *marks = state->marks;
  if (!memory_grow_array(state->allocator, &marks, &state->mark_capacity, state->mark_count + 1,
                         sizeof(parse_mark), 16)) {
    return parse_fail(state, JRX_ERROR_NOMEMORY, node->pattern_offset);
  }
  state->marks = marks;
  state->marks[state->mark_count].node = node;
  state->marks[state->mark_count].kinds = kinds;
  state->marks[state->mark_count].offset = offset;
  state->mark_count++;
  state->has_newline_sequence |= (kinds & PARSE_MARK_NEWLINE_SEQUENCE) != 0;
  state->has_atomic |= (kinds & (PARSE_MARK_ATOMIC | PARSE_MARK_POSSESSIVE)) != 0;
  state->marks_sorted = 0;
  return 0;
}

static int compare_marks(const void *left, const void *right) {
  uintptr_t a = (uintptr_t)((const parse_mark *)left)->node;
  uintptr_t b = (uintptr_t)((const parse_mark *)right)->node;
  return a < b ? -1 : a > b;
}

void parse_sort_marks(parse_state *state) {
  if (!state->marks_sorted) {
    sort_items(state->marks, state->mark_count, sizeof state->marks[0], compare_marks);
    state->marks_sorted = 1;
  }
}

unsigned parse_marks_of(const parse_state *state, const ast_node *node, unsigned wanted,
                        size_t *offset) {
  size_t low = 0;
  size_t high = state->mark_count;
  uintptr_t key = (uintptr_t)node;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if ((uintptr_t)state->marks[middle].node < key) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  unsigned kinds = 0;
  size_t first = SIZE_MAX;
  for (; low < state->mark_count && state->marks[low].node == node; low++) {
    kinds |= state->marks[low].kinds;
    if ((state->marks[low].kinds & wanted) != 0 && state->marks[low].offset < first) {
      first = state->marks[low].offset;
    }
  }
  if (offset != NULL) {
    *offset = first;
  }
  return kinds;
}

/* How the start of a subpattern looks. For the atomicity rule, from the
 * position between \r and \n: whether some path reaches something that
 * could succeed there (danger), and whether some path gets through without
 * consuming or failing (passable). For the possessive rule: which marked
 * kinds (\R, any) can come first (firsts), passing every zero-width item
 * (empty). */
typedef struct first_items {
  int danger;
  int passable;
  unsigned firsts;
  int empty;
} first_items;

/* What the check knows about one node. */
typedef struct node_facts {
  const ast_node *node; /* NULL for an empty slot */
  unsigned kinds;       /* PARSE_MARK_* */
  int scanned;
  first_items first;
} node_facts;

typedef struct newline_check {
  node_facts *slots;
  size_t mask;           /* slot count - 1, a power of two minus one */
  size_t first_rejected; /* offset of the leftmost rejected node, or SIZE_MAX */
} newline_check;

static size_t count_nodes(const ast_node *node) {
  switch (node->kind) {
  case AST_CONCAT:
  case AST_ALTERNATE: {
    size_t count = 1;
    for (size_t index = 0; index < node->as.list.count; index++) {
      count += count_nodes(node->as.list.items[index]);
    }
    return count;
  }
  case AST_REPEAT: return 1 + count_nodes(node->as.repeat.child);
  case AST_CAPTURE: return 1 + count_nodes(node->as.capture.child);
  case AST_LOOKAROUND: return 1 + count_nodes(node->as.lookaround.child);
  default: return 1;
  }
}

/* The slot of node, claimed if it has none yet. The table always has
 * free slots: it is sized for twice the nodes of the tree. */
static node_facts *facts_of(const newline_check *check, const ast_node *node) {
  uint64_t hash = (uint64_t)(uintptr_t)node * 0x9e3779b97f4a7c15u;
  size_t slot = (size_t)(hash >> 32) & check->mask;
  while (check->slots[slot].node != NULL && check->slots[slot].node != node) {
    slot = (slot + 1) & check->mask;
  }
  check->slots[slot].node = node;
  return &check->slots[slot];
}

static unsigned marks_of(const newline_check *check, const ast_node *node) {
  return facts_of(check, node)->kinds;
}

static first_items scan(const newline_check *check, const ast_node *node);

static first_items scan_concat(const newline_check *check, const ast_node *node) {
  first_items result = {0, 1, 0, 1};
  for (size_t index = 0; index < node->as.list.count && (result.passable || result.empty);
       index++) {
    first_items item = scan(check, node->as.list.items[index]);
    if (result.passable) {
      result.danger |= item.danger;
      result.passable = item.passable;
    }
    if (result.empty) {
      result.firsts |= item.firsts;
      result.empty = item.empty;
    }
  }
  return result;
}

static first_items scan_alternation(const newline_check *check, const ast_node *node) {
  first_items result = {0, 0, 0, 0};
  for (size_t index = 0; index < node->as.list.count; index++) {
    first_items branch = scan(check, node->as.list.items[index]);
    result.danger |= branch.danger;
    result.passable |= branch.passable;
    result.firsts |= branch.firsts;
    result.empty |= branch.empty;
  }
  return result;
}

static first_items scan_assertion(ast_assertion assertion) {
  switch (assertion) {
  case AST_ASSERT_WORD_BOUNDARY:
  case AST_ASSERT_UCP_WORD_BOUNDARY:
  case AST_ASSERT_TEXT_START:
  case AST_ASSERT_CARET_START:
  case AST_ASSERT_LINE_START:
  case AST_ASSERT_MATCH_START:
  case AST_ASSERT_TEXT_END: return (first_items){0, 0, 0, 1};
  case AST_ASSERT_TEXT_END_NEWLINE:
  case AST_ASSERT_DOLLAR_END: return (first_items){0, 1, 0, 1};
  case AST_ASSERT_LINE_END:
  case AST_ASSERT_NOT_WORD_BOUNDARY:
  case AST_ASSERT_UCP_NOT_WORD_BOUNDARY:
  AST_ASSERT_GRAPHEME_CASES:
  case AST_ASSERT_LOOKAROUND: break;
  }
  return (first_items){1, 0, 0, 1};
}

static first_items compute_scan(const newline_check *check, const ast_node *node) {
  unsigned kinds = marks_of(check, node) & (PARSE_MARK_NEWLINE_SEQUENCE | PARSE_MARK_ANY);
  switch (node->kind) {
  case AST_EMPTY: return (first_items){0, 1, 0, 1};
  case AST_LITERAL: return (first_items){node->as.code_point == '\n', 0, 0, 0};
  case AST_CLASS: return (first_items){charset_contains(&node->as.set, '\n'), 0, kinds, 0};
  case AST_ASSERT: return scan_assertion(node->as.assertion);
  case AST_CONCAT: return scan_concat(check, node);
  case AST_ALTERNATE: {
    first_items result = scan_alternation(check, node);
    result.firsts |= kinds;
    return result;
  }
  case AST_REPEAT: {
    if (node->as.repeat.max == 0) {
      return (first_items){0, 1, 0, 1};
    }
    first_items child = scan(check, node->as.repeat.child);
    child.passable |= node->as.repeat.min == 0;
    child.empty |= node->as.repeat.min == 0;
    return child;
  }
  case AST_CAPTURE: return scan(check, node->as.capture.child);
  /* A lookahead may read the \n an atomic \R would have taken. */
  case AST_LOOKAROUND: return (first_items){1, 1, 0, 1};
  case AST_MATCH_RESET: return (first_items){0, 1, 0, 1};
  }
  return (first_items){1, 0, 0, 0};
}

static first_items scan(const newline_check *check, const ast_node *node) {
  /* The table never moves, so the slot stays valid while the children
   * are scanned and claim slots of their own. */
  node_facts *facts = facts_of(check, node);
  if (!facts->scanned) {
    facts->first = compute_scan(check, node);
    facts->scanned = 1;
  }
  return facts->first;
}

/* What can follow a node: whether it is dangerous for an \R before it,
 * and which marked kinds can come first. */
typedef struct follow_items {
  int danger;
  unsigned firsts;
} follow_items;

/* The follow of an item given the follow of the item after it. */
static follow_items follow_before(const first_items *next, follow_items after) {
  follow_items result;
  result.danger = next->danger || (next->passable && after.danger);
  result.firsts = next->firsts | (next->empty ? after.firsts : 0);
  return result;
}

/* A repeat of \R itself (possibly captured), unbounded and needing at
 * most one iteration: the \n left by a lone \r is taken by the next
 * iteration, which reaches the same state as the preferred \r\n path
 * (captures aside, and nothing can test them), so the repeat adds no
 * risk. */
static int is_safe_newline_loop(const newline_check *check, const ast_node *repeat) {
  const ast_node *child = repeat->as.repeat.child;
  while (child->kind == AST_CAPTURE) {
    child = child->as.capture.child;
  }
  return repeat->as.repeat.max == AST_REPEAT_INFINITE && repeat->as.repeat.min <= 1 &&
         (marks_of(check, child) & PARSE_MARK_NEWLINE_SEQUENCE) != 0;
}

static void reject(newline_check *check, const ast_node *node) {
  if (node->pattern_offset < check->first_rejected) {
    check->first_rejected = node->pattern_offset;
  }
}

static void visit(newline_check *check, const ast_node *node, follow_items follow) {
  unsigned kinds = marks_of(check, node);
  if ((kinds & PARSE_MARK_NEWLINE_SEQUENCE) != 0) {
    if (follow.danger) {
      reject(check, node);
    }
    return;
  }
  if (((kinds & PARSE_MARK_REPEATED_ANY) != 0 &&
       (follow.firsts & PARSE_MARK_NEWLINE_SEQUENCE) != 0) ||
      ((kinds & PARSE_MARK_REPEATED_NEWLINE_SEQUENCE) != 0 &&
       (follow.firsts & PARSE_MARK_ANY) != 0)) {
    reject(check, node);
  }
  switch (node->kind) {
  case AST_CONCAT: {
    /* Right to left: what follows item i is items i+1.., then the rest. */
    follow_items after = follow;
    for (size_t index = node->as.list.count; index-- > 0;) {
      const ast_node *item = node->as.list.items[index];
      visit(check, item, after);
      first_items first = scan(check, item);
      after = follow_before(&first, after);
    }
    return;
  }
  case AST_ALTERNATE:
    for (size_t index = 0; index < node->as.list.count; index++) {
      visit(check, node->as.list.items[index], follow);
    }
    return;
  case AST_REPEAT: {
    if (node->as.repeat.max == 0) {
      return; /* never runs */
    }
    follow_items inside = follow;
    if (node->as.repeat.max > 1) {
      /* Another iteration may follow. */
      first_items again = scan(check, node->as.repeat.child);
      inside.firsts |= again.firsts;
      if (!is_safe_newline_loop(check, node)) {
        inside.danger |= again.danger;
      }
    }
    visit(check, node->as.repeat.child, inside);
    return;
  }
  case AST_CAPTURE: visit(check, node->as.capture.child, follow); return;
  /* A body ends where the lookaround is: nothing of its own follows. */
  case AST_LOOKAROUND: visit(check, node->as.lookaround.child, (follow_items){0, 0}); return;
  default: return;
  }
}

int parse_check_newline_sequences(parse_state *state, const ast_node *root) {
  if (!state->has_newline_sequence) {
    return 0;
  }
  size_t slot_count = 16;
  size_t node_count = count_nodes(root);
  while (slot_count < 2 * node_count) {
    slot_count *= 2;
  }
  newline_check check = {memory_allocate_zeroed_array(state->allocator, slot_count,
                                                      sizeof(node_facts)),
                         slot_count - 1, SIZE_MAX};
  if (check.slots == NULL) {
    return parse_fail(state, JRX_ERROR_NOMEMORY, 0);
  }
  for (size_t index = 0; index < state->mark_count; index++) {
    facts_of(&check, state->marks[index].node)->kinds |= state->marks[index].kinds;
  }
  visit(&check, root, (follow_items){0, 0});
  memory_free(state->allocator, check.slots);
  if (check.first_rejected != SIZE_MAX) {
    return parse_fail(state, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, check.first_rejected);
  }
  return 0;
}
