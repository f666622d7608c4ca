/* parse_grapheme: \X as a tree of characters and grapheme.h's tests, in
 * which exactly one path goes on at every position, so that the cluster
 * is taken whole (atomic, as PCRE2's \X) with no backtracking into it:
 *
 *   first character Extended_Pictographic:
 *     X (pictographic-extend X)* (pictographic-break
 *                                 | pictographic-spacing X rest)
 *   otherwise:
 *     X rest,  where  rest = (join X)* break
 *
 * X is any one character (in UTF mode any code point but a surrogate, in
 * byte mode any byte). The first line is PCRE2 keeping
 * Extended_Pictographic as the left value over Extend and ZWJ (a
 * SpacingMark ends that); in `rest` the left value is always the
 * previous character's.
 *
 * It also builds the exact forms of atomic repeats around \X that
 * parse_atomic.c asks for, and puts a character in the place of a last
 * \X (ast_tree.grapheme_last). */
#include "memory.h"
#include "parse_internal.h"

#define SURROGATE_LOW 0xd800u
#define SURROGATE_HIGH 0xdfffu

/* Any one character of the mode. */
static ast_node *any_character(const parse_state *state, size_t offset) {
  ast_node *node = ast_node_new(state->nodes, AST_CLASS, offset);
  if (node == NULL) {
    return NULL;
  }
  int status;
  if (state->utf) {
    status = charset_add_range(&node->as.set, 0, SURROGATE_LOW - 1);
    if (status == 0) {
      status = charset_add_range(&node->as.set, SURROGATE_HIGH + 1, CHARSET_MAX_UNICODE);
    }
  } else {
    status = charset_add_range(&node->as.set, 0, CHARSET_MAX_BYTE);
  }
  if (status != 0) {
    ast_node_free(node);
    return NULL;
  }
  return node;
}

static ast_node *test(const parse_state *state, ast_assertion assertion, size_t offset) {
  ast_node *node = ast_node_new(state->nodes, AST_ASSERT, offset);
  if (node != NULL) {
    node->as.assertion = assertion;
  }
  return node;
}

/* A CONCAT or ALTERNATE of the items, or NULL (with every item freed)
 * when any is NULL or memory runs out. */
static ast_node *list(const parse_state *state, ast_kind kind, size_t offset, ast_node **items,
                      size_t count) {
  ast_node *node = ast_node_new(state->nodes, kind, offset);
  int status = 0;
  for (size_t index = 0; index < count; index++) {
    if (items[index] == NULL) {
      status = JRX_ERROR_NOMEMORY;
    }
  }
  for (size_t index = 0; index < count; index++) {
    if (node == NULL || status != 0) {
      ast_node_free(items[index]);
    } else {
      status = ast_list_append(node, items[index]);
    }
  }
  if (status != 0) {
    ast_node_free(node);
    return NULL;
  }
  return node;
}

/* child{min,max}, greedy, or NULL (with child freed). */
static ast_node *repeated(const parse_state *state, ast_node *child, uint32_t min, uint32_t max,
                          size_t offset) {
  ast_node *repeat = ast_node_new(state->nodes, AST_REPEAT, offset);
  if (child == NULL || repeat == NULL) {
    ast_node_free(child);
    ast_node_free(repeat);
    return NULL;
  }
  repeat->as.repeat.child = child;
  repeat->as.repeat.min = min;
  repeat->as.repeat.max = max;
  repeat->as.repeat.greedy = 1;
  return repeat;
}

/* (assertion X)* */
static ast_node *tested_characters(const parse_state *state, ast_assertion assertion,
                                   size_t offset) {
  ast_node *items[] = {test(state, assertion, offset), any_character(state, offset)};
  return repeated(state, list(state, AST_CONCAT, offset, items, 2), 0, AST_REPEAT_INFINITE,
                  offset);
}

/* (join X)* break */
static ast_node *rest(const parse_state *state, size_t offset) {
  ast_node *items[] = {tested_characters(state, AST_ASSERT_GRAPHEME_JOIN, offset),
                       test(state, AST_ASSERT_GRAPHEME_BREAK, offset)};
  return list(state, AST_CONCAT, offset, items, 2);
}

static ast_node *pictographic_cluster(const parse_state *state, size_t offset) {
  ast_node *spacing[] = {test(state, AST_ASSERT_GRAPHEME_PICTOGRAPHIC_SPACING, offset),
                         any_character(state, offset), rest(state, offset)};
  ast_node *endings[] = {test(state, AST_ASSERT_GRAPHEME_PICTOGRAPHIC_BREAK, offset),
                         list(state, AST_CONCAT, offset, spacing, 3)};
  ast_node *items[] = {test(state, AST_ASSERT_GRAPHEME_NEXT_PICTOGRAPHIC, offset),
                       any_character(state, offset),
                       tested_characters(state, AST_ASSERT_GRAPHEME_PICTOGRAPHIC_EXTEND, offset),
                       list(state, AST_ALTERNATE, offset, endings, 2)};
  return list(state, AST_CONCAT, offset, items, 4);
}

ast_node *parse_grapheme_cluster(const parse_state *state, size_t offset) {
  ast_node *other[] = {test(state, AST_ASSERT_GRAPHEME_NEXT_NOT_PICTOGRAPHIC, offset),
                       any_character(state, offset), rest(state, offset)};
  ast_node *clusters[] = {pictographic_cluster(state, offset),
                          list(state, AST_CONCAT, offset, other, 3)};
  return list(state, AST_ALTERNATE, offset, clusters, 2);
}

int parse_grapheme_last(parse_state *state, ast_node **root, ast_tree *tree) {
  ast_node **slot = root;
  uint32_t count = 0;
  int in_sequence = 0;
  for (;;) {
    ast_node *node = *slot;
    if (node->kind == AST_CAPTURE && count < AST_GRAPHEME_LAST_GROUPS) {
      tree->grapheme_last_groups[count++] = node->as.capture.index;
      slot = &node->as.capture.child;
    } else if (node->kind == AST_CONCAT && node->as.list.count > 1) {
      in_sequence = 1;
      slot = &node->as.list.items[node->as.list.count - 1];
    } else {
      break;
    }
  }
  if (!in_sequence || (parse_marks_of(state, *slot, 0, NULL) & PARSE_MARK_GRAPHEME) == 0) {
    return 0;
  }
  ast_node *character = any_character(state, (*slot)->pattern_offset);
  if (character == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  ast_node_free(*slot);
  *slot = character;
  tree->grapheme_last = 1;
  tree->grapheme_last_group_count = count;
  return 0;
}

/* A new tree for a fixed item (parse_atomic.c): \X, a literal, a class,
 * or a concatenation of fixed items, each maybe inside capturing groups,
 * which the copy keeps (with the same numbers) or leaves out; also
 * assertions, empty items and repeats of these, as in a group whose run
 * of \X parse_grapheme_rewrite_atomic_repeat has rewritten. */
static ast_node *copy_fixed(const parse_state *state, const ast_node *item, int keep_captures) {
  size_t offset = item->pattern_offset;
  if (item->kind == AST_CAPTURE) {
    ast_node *child = copy_fixed(state, item->as.capture.child, keep_captures);
    if (!keep_captures || child == NULL) {
      return child;
    }
    ast_node *capture = ast_node_new(state->nodes, AST_CAPTURE, offset);
    if (capture == NULL) {
      ast_node_free(child);
      return NULL;
    }
    capture->as.capture.child = child;
    capture->as.capture.index = item->as.capture.index;
    return capture;
  }
  if ((parse_marks_of(state, item, 0, NULL) & PARSE_MARK_GRAPHEME) != 0) {
    return parse_grapheme_cluster(state, offset);
  }
  ast_node *node = ast_node_new(state->nodes, item->kind, offset);
  if (node == NULL) {
    return NULL;
  }
  int status = 0;
  if (item->kind == AST_LITERAL) {
    node->as.code_point = item->as.code_point;
  } else if (item->kind == AST_CLASS) {
    status = charset_copy(&node->as.set, &item->as.set);
  } else if (item->kind == AST_ASSERT) {
    node->as.assertion = item->as.assertion;
  } else if (item->kind == AST_REPEAT) {
    node->as.repeat = item->as.repeat;
    node->as.repeat.child = copy_fixed(state, item->as.repeat.child, keep_captures);
    status = node->as.repeat.child != NULL ? 0 : JRX_ERROR_NOMEMORY;
  } else if (item->kind != AST_EMPTY) {
    for (size_t index = 0; index < item->as.list.count && status == 0; index++) {
      ast_node *child = copy_fixed(state, item->as.list.items[index], keep_captures);
      status = child != NULL ? ast_list_append(node, child) : JRX_ERROR_NOMEMORY;
    }
  }
  if (status != 0) {
    ast_node_free(node);
    return NULL;
  }
  return node;
}

static int is_cluster(const parse_state *state, const ast_node *item) {
  while (item->kind == AST_CAPTURE) {
    item = item->as.capture.child;
  }
  return (parse_marks_of(state, item, 0, NULL) & PARSE_MARK_GRAPHEME) != 0;
}

/* (?!body), or NULL (with body freed). */
static ast_node *not_followed_by(parse_state *state, ast_node *body, size_t offset) {
  ast_node *node = ast_node_new(state->nodes, AST_LOOKAROUND, offset);
  if (body == NULL || node == NULL) {
    ast_node_free(body);
    ast_node_free(node);
    return NULL;
  }
  node->as.lookaround.child = body;
  node->as.lookaround.negated = 1;
  node->as.lookaround.branch_count = 1;
  state->lookaround_or_reset = 1;
  return node;
}

/* Where a run of item stops before its maximum: \z for \X, which
 * matches wherever a character follows; (?!item) for any other. */
static ast_node *run_end(parse_state *state, const ast_node *item, size_t offset) {
  if (is_cluster(state, item)) {
    return test(state, AST_ASSERT_TEXT_END, offset);
  }
  return not_followed_by(state, copy_fixed(state, item, 0), offset);
}

/* (?! item{1,max} rest ), without capturing groups. */
static ast_node *no_later_rest(parse_state *state, const ast_node *item, uint32_t max,
                               const ast_node *const *rest, size_t count, size_t offset) {
  ast_node *body = ast_node_new(state->nodes, AST_CONCAT, offset);
  ast_node *run = repeated(state, copy_fixed(state, item, 0), 1, max, offset);
  int status = JRX_ERROR_NOMEMORY;
  if (body != NULL && run != NULL) {
    status = ast_list_append(body, run); /* frees run when it fails */
  } else {
    ast_node_free(run);
  }
  for (size_t index = 0; index < count && status == 0; index++) {
    ast_node *copy = copy_fixed(state, rest[index], 0);
    status = copy != NULL ? ast_list_append(body, copy) : JRX_ERROR_NOMEMORY;
  }
  if (status != 0) {
    ast_node_free(body);
    return NULL;
  }
  return not_followed_by(state, body, offset);
}

/* The ways a bounded run item{min,max} stops before rest short of its
 * maximum, most iterations first: for each count j from max-1 down to
 * min, item{j} (?!item{1,max-j} rest), the lookahead alone for 0; an
 * alternation of them, or the one. */
static ast_node *fewer_before_rest(parse_state *state, const ast_node *item, uint32_t min,
                                   uint32_t max, const ast_node *const *rest, size_t count,
                                   size_t offset) {
  ast_node *branches[PARSE_ATOMIC_BOUNDED_MAX];
  uint32_t branch_count = 0;
  for (uint32_t iterations = max; iterations-- > min;) {
    ast_node *no_more = no_later_rest(state, item, max - iterations, rest, count, offset);
    if (iterations == 0) {
      branches[branch_count++] = no_more;
      continue;
    }
    ast_node *taken[] = {repeated(state, copy_fixed(state, item, 1), iterations, iterations,
                                  offset),
                         no_more};
    branches[branch_count++] = list(state, AST_CONCAT, offset, taken, 2);
  }
  if (branch_count == 1) {
    return branches[0];
  }
  return list(state, AST_ALTERNATE, offset, branches, branch_count);
}

int parse_grapheme_rewrite_atomic_repeat(parse_state *state, ast_node *repeat,
                                         const ast_node *const *rest, size_t count) {
  const ast_node *item = repeat->as.repeat.child;
  uint32_t min = repeat->as.repeat.min;
  uint32_t max = repeat->as.repeat.max;
  size_t offset = repeat->pattern_offset;
  int unbounded = max == AST_REPEAT_INFINITE;
  ast_node *ending;
  if (count > 0 && unbounded) {
    ending = no_later_rest(state, item, max, rest, count, offset);
  } else if (count > 0) {
    ending = fewer_before_rest(state, item, min, max, rest, count, offset);
  } else if (unbounded || max == 1) {
    ending = run_end(state, item, offset);
  } else {
    ast_node *fewer[] = {repeated(state, copy_fixed(state, item, 1), min, max - 1, offset),
                         run_end(state, item, offset)};
    ending = list(state, AST_CONCAT, offset, fewer, 2);
  }
  /* The first item gets the repeat's child once nothing can fail. */
  ast_node *items[] = {ast_node_new(state->nodes, AST_REPEAT, offset), ending};
  ast_node *form = list(state, unbounded ? AST_CONCAT : AST_ALTERNATE, offset, items, 2);
  if (form == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  items[0]->as.repeat = repeat->as.repeat;
  items[0]->as.repeat.min = unbounded ? min : max;
  repeat->kind = form->kind;
  repeat->as.list = form->as.list;
  memory_free(form->allocator, form);
  return 0;
}

int parse_grapheme_rewrite_group_run(parse_state *state, ast_node *repeat) {
  if (repeat->as.repeat.min > 0) {
    repeat->as.repeat.max = repeat->as.repeat.min;
    return 0;
  }
  size_t offset = repeat->pattern_offset;
  ast_node *items[] = {ast_node_new(state->nodes, AST_REPEAT, offset),
                       not_followed_by(state, copy_fixed(state, repeat->as.repeat.child, 0),
                                       offset)};
  ast_node *form = list(state, AST_ALTERNATE, offset, items, 2);
  if (form == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  items[0]->as.repeat = repeat->as.repeat;
  items[0]->as.repeat.min = 1;
  items[0]->as.repeat.max = 1;
  repeat->kind = AST_ALTERNATE;
  repeat->as.list = form->as.list;
  memory_free(form->allocator, form);
  return 0;
}
