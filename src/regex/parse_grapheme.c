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
 * previous character's. */
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

/* (assertion X)* */
static ast_node *tested_characters(const parse_state *state, ast_assertion assertion,
                                   size_t offset) {
  ast_node *items[] = {test(state, assertion, offset), any_character(state, offset)};
  ast_node *body = list(state, AST_CONCAT, offset, items, 2);
  ast_node *repeat = ast_node_new(state->nodes, AST_REPEAT, offset);
  if (body == NULL || repeat == NULL) {
    ast_node_free(body);
    ast_node_free(repeat);
    return NULL;
  }
  repeat->as.repeat.child = body;
  repeat->as.repeat.min = 0;
  repeat->as.repeat.max = AST_REPEAT_INFINITE;
  repeat->as.repeat.greedy = 1;
  return repeat;
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
