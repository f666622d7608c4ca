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
 * It also builds the exact forms of atomic repeats of \X that
 * parse_atomic.c asks for. */
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

/* A new tree for item: \X inside the same capturing groups. */
static ast_node *copy_cluster_item(const parse_state *state, const ast_node *item) {
  if (item->kind != AST_CAPTURE) {
    return parse_grapheme_cluster(state, item->pattern_offset);
  }
  ast_node *child = copy_cluster_item(state, item->as.capture.child);
  ast_node *capture = ast_node_new(state->nodes, AST_CAPTURE, item->pattern_offset);
  if (child == NULL || capture == NULL) {
    ast_node_free(child);
    ast_node_free(capture);
    return NULL;
  }
  capture->as.capture.child = child;
  capture->as.capture.index = item->as.capture.index;
  return capture;
}

int parse_grapheme_rewrite_atomic_repeat(const parse_state *state, ast_node *repeat) {
  uint32_t min = repeat->as.repeat.min;
  uint32_t max = repeat->as.repeat.max;
  size_t offset = repeat->pattern_offset;
  int unbounded = max == AST_REPEAT_INFINITE;
  ast_node *ending;
  if (unbounded || max == 1) {
    ending = test(state, AST_ASSERT_TEXT_END, offset);
  } else {
    ast_node *fewer[] = {
        repeated(state, copy_cluster_item(state, repeat->as.repeat.child), min, max - 1, offset),
        test(state, AST_ASSERT_TEXT_END, offset)};
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
