/* ast_builder: hands out nodes, list items and class ranges from the
 * builder's arrays in order; see ast_builder.h. */
#include "ast_builder.h"
#include "regex/memory.h"

#include <stdarg.h>
#include <stdlib.h>

static ast_node *new_node(ast_builder *builder, ast_kind kind) {
  if (builder->node_count == AST_BUILDER_NODES) {
    abort();
  }
  ast_node *node = &builder->nodes[builder->node_count++];
  *node = (ast_node){.kind = kind};
  return node;
}

static ast_node *new_list(ast_builder *builder, ast_kind kind, size_t count, va_list children) {
  if (AST_BUILDER_ITEMS - builder->item_count < count) {
    abort();
  }
  ast_node *node = new_node(builder, kind);
  node->as.list.items = &builder->items[builder->item_count];
  node->as.list.count = count;
  node->as.list.capacity = count;
  for (size_t i = 0; i < count; i++) {
    builder->items[builder->item_count++] = va_arg(children, ast_node *);
  }
  return node;
}

ast_node *ast_build_empty(ast_builder *builder) {
  return new_node(builder, AST_EMPTY);
}

ast_node *ast_build_literal(ast_builder *builder, uint32_t code_point) {
  ast_node *node = new_node(builder, AST_LITERAL);
  node->as.code_point = code_point;
  return node;
}

ast_node *ast_build_class(ast_builder *builder, size_t range_count, ...) {
  if (AST_BUILDER_RANGES - builder->range_count < range_count) {
    abort();
  }
  ast_node *node = new_node(builder, AST_CLASS);
  node->as.set.ranges = &builder->ranges[builder->range_count];
  node->as.set.count = range_count;
  node->as.set.capacity = range_count;
  va_list bounds;
  va_start(bounds, range_count);
  for (size_t i = 0; i < range_count; i++) {
    charset_range *range = &builder->ranges[builder->range_count++];
    range->low = va_arg(bounds, uint32_t);
    range->high = va_arg(bounds, uint32_t);
  }
  va_end(bounds);
  return node;
}

ast_node *ast_build_string(ast_builder *builder, const char *text) {
  ast_node *node = new_node(builder, AST_CONCAT);
  node->as.list.items = &builder->items[builder->item_count];
  for (; *text != '\0'; text++) {
    if (builder->item_count == AST_BUILDER_ITEMS) {
      abort();
    }
    builder->items[builder->item_count++] = ast_build_literal(builder, (unsigned char)*text);
    node->as.list.count++;
  }
  node->as.list.capacity = node->as.list.count;
  return node;
}

ast_node *ast_build_concat(ast_builder *builder, size_t count, ...) {
  va_list children;
  va_start(children, count);
  ast_node *node = new_list(builder, AST_CONCAT, count, children);
  va_end(children);
  return node;
}

ast_node *ast_build_alternate(ast_builder *builder, size_t count, ...) {
  va_list children;
  va_start(children, count);
  ast_node *node = new_list(builder, AST_ALTERNATE, count, children);
  va_end(children);
  return node;
}

ast_node *ast_build_repeat(ast_builder *builder, ast_node *child, uint32_t min, uint32_t max,
                           int greedy) {
  ast_node *node = new_node(builder, AST_REPEAT);
  node->as.repeat.child = child;
  node->as.repeat.min = min;
  node->as.repeat.max = max;
  node->as.repeat.greedy = greedy;
  return node;
}

ast_node *ast_build_capture(ast_builder *builder, ast_node *child, uint32_t index) {
  ast_node *node = new_node(builder, AST_CAPTURE);
  node->as.capture.child = child;
  node->as.capture.index = index;
  return node;
}

ast_node *ast_build_assert(ast_builder *builder, ast_assertion assertion) {
  ast_node *node = new_node(builder, AST_ASSERT);
  node->as.assertion = assertion;
  return node;
}

ast_tree ast_build_tree(ast_node *root, uint32_t capture_count, int utf) {
  return (ast_tree){.allocator = memory_default_allocator(),
                    .root = root, .capture_count = capture_count, .utf = utf};
}
