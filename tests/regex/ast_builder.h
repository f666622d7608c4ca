/* ast_builder: test-only ASTs built by hand, so the compiler and the VM are
 * tested without the parser. Nodes live in the builder's fixed arrays
 * (nothing to free); running out of room aborts the test. */
#ifndef JRX_TEST_AST_BUILDER_H
#define JRX_TEST_AST_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "regex/ast.h"

#define AST_BUILDER_NODES 128
#define AST_BUILDER_ITEMS 256
#define AST_BUILDER_RANGES 128

typedef struct ast_builder {
  ast_node nodes[AST_BUILDER_NODES];
  size_t node_count;
  ast_node *items[AST_BUILDER_ITEMS];
  size_t item_count;
  charset_range ranges[AST_BUILDER_RANGES];
  size_t range_count;
} ast_builder;

ast_node *ast_build_empty(ast_builder *builder);
ast_node *ast_build_literal(ast_builder *builder, uint32_t code_point);
/* A class from pairs of range bounds: low0, high0, low1, high1, ... */
ast_node *ast_build_class(ast_builder *builder, size_t range_count, ...);
/* A concatenation of the literals of a NUL-terminated ASCII string. */
ast_node *ast_build_string(ast_builder *builder, const char *text);
ast_node *ast_build_concat(ast_builder *builder, size_t count, ...);
ast_node *ast_build_alternate(ast_builder *builder, size_t count, ...);
ast_node *ast_build_repeat(ast_builder *builder, ast_node *child, uint32_t min, uint32_t max,
                           int greedy);
ast_node *ast_build_capture(ast_builder *builder, ast_node *child, uint32_t index);
ast_node *ast_build_assert(ast_builder *builder, ast_assertion assertion);

/* A tree over root; it borrows the builder's nodes, so never release it. */
ast_tree ast_build_tree(ast_node *root, uint32_t capture_count, int utf);

#endif
