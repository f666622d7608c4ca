/* ast: node construction, release and the S-expression printer. A node
 * owns its children; every walk here recurses at most as deep as the tree,
 * which the parser's nesting limit bounds (see ast.h). */
#include "ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jrx.h"
#include "memory.h"
#include "utf8.h"

void ast_tree_init(ast_tree *tree, const jrx_allocator *allocator) {
  tree->allocator = allocator;
  tree->nodes = NULL;
  tree->root = NULL;
  tree->capture_count = 0;
  tree->names = NULL;
  tree->name_count = 0;
  tree->utf = 0;
  tree->startline = 0;
  tree->grapheme_alone = 0;
  tree->grapheme_run = 0;
  tree->grapheme_last = 0;
  tree->grapheme_last_group_count = 0;
}

void ast_tree_release(ast_tree *tree) {
  ast_node_free(tree->root);
  memory_arena_destroy(tree->nodes);
  for (size_t index = 0; index < tree->name_count; index++) {
    memory_free(tree->allocator, tree->names[index].name);
  }
  memory_free(tree->allocator, tree->names);
  ast_tree_init(tree, tree->allocator);
}

void ast_node_free(ast_node *node) {
  if (node == NULL) {
    return;
  }
  switch (node->kind) {
  case AST_CLASS: charset_release(&node->as.set); break;
  case AST_CONCAT:
  case AST_ALTERNATE:
    for (size_t index = 0; index < node->as.list.count; index++) {
      ast_node_free(node->as.list.items[index]);
    }
    memory_free(node->allocator, node->as.list.items);
    break;
  case AST_REPEAT: ast_node_free(node->as.repeat.child); break;
  case AST_CAPTURE: ast_node_free(node->as.capture.child); break;
  case AST_LOOKAROUND: ast_node_free(node->as.lookaround.child); break;
  case AST_MATCH_RESET:
  case AST_EMPTY:
  case AST_LITERAL:
  case AST_ASSERT: break;
  }
  memory_free(node->allocator, node);
}

static uint32_t multiply_length(uint32_t length, uint32_t count) {
  uint64_t product = (uint64_t)length * count;
  return product >= AST_LENGTH_VARIES ? AST_LENGTH_VARIES - 1 : (uint32_t)product;
}

int ast_is_repeated_lookahead(const ast_node *node) {
  return node->kind == AST_REPEAT && node->as.repeat.of_lookahead;
}

uint32_t ast_fixed_characters(const ast_node *node) {
  switch (node->kind) {
  case AST_EMPTY:
  case AST_ASSERT:
  case AST_LOOKAROUND:
  case AST_MATCH_RESET: return 0;
  case AST_LITERAL:
  case AST_CLASS: return 1;
  case AST_CONCAT: {
    uint64_t total = 0;
    for (size_t index = 0; index < node->as.list.count; index++) {
      uint32_t item = ast_fixed_characters(node->as.list.items[index]);
      if (item == AST_LENGTH_VARIES) {
        return AST_LENGTH_VARIES;
      }
      total += item;
    }
    return total >= AST_LENGTH_VARIES ? AST_LENGTH_VARIES - 1 : (uint32_t)total;
  }
  case AST_ALTERNATE: {
    uint32_t first = ast_fixed_characters(node->as.list.items[0]);
    for (size_t index = 1; index < node->as.list.count; index++) {
      if (ast_fixed_characters(node->as.list.items[index]) != first) {
        return AST_LENGTH_VARIES;
      }
    }
    return first;
  }
  case AST_REPEAT: {
    if (ast_is_repeated_lookahead(node)) {
      return 0;
    }
    if (node->as.repeat.min != node->as.repeat.max) {
      return AST_LENGTH_VARIES;
    }
    uint32_t child = ast_fixed_characters(node->as.repeat.child);
    return child == AST_LENGTH_VARIES ? AST_LENGTH_VARIES : multiply_length(child, node->as.repeat.min);
  }
  case AST_CAPTURE: return ast_fixed_characters(node->as.capture.child);
  }
  return AST_LENGTH_VARIES;
}

static size_t add_bytes(size_t left, size_t right) {
  return left == AST_BYTES_UNBOUNDED || right == AST_BYTES_UNBOUNDED || left + right < left
             ? AST_BYTES_UNBOUNDED
             : left + right;
}

static size_t character_bytes(uint32_t code_point, int utf) {
  unsigned char encoded[4];
  return utf ? utf8_encode(code_point, encoded) : 1;
}

size_t ast_max_bytes(const ast_node *node, int utf) {
  switch (node->kind) {
  case AST_EMPTY:
  case AST_ASSERT:
  case AST_LOOKAROUND:
  case AST_MATCH_RESET: return 0;
  case AST_LITERAL: return character_bytes(node->as.code_point, utf);
  case AST_CLASS:
    return node->as.set.count == 0
               ? 0
               : character_bytes(node->as.set.ranges[node->as.set.count - 1].high, utf);
  case AST_CONCAT:
  case AST_ALTERNATE: {
    size_t result = 0;
    for (size_t index = 0; index < node->as.list.count; index++) {
      size_t item = ast_max_bytes(node->as.list.items[index], utf);
      if (node->kind == AST_CONCAT) {
        result = add_bytes(result, item);
      } else if (item > result) {
        result = item;
      }
    }
    return result;
  }
  case AST_REPEAT: {
    size_t child = ast_max_bytes(node->as.repeat.child, utf);
    if (child == 0 || node->as.repeat.max == 0) {
      return 0; /* x{0} matches only the empty string */
    }
    if (node->as.repeat.max == AST_REPEAT_INFINITE || child == AST_BYTES_UNBOUNDED) {
      return AST_BYTES_UNBOUNDED;
    }
    return child > AST_BYTES_UNBOUNDED / node->as.repeat.max ? AST_BYTES_UNBOUNDED
                                                           : child * node->as.repeat.max;
  }
  case AST_CAPTURE: return ast_max_bytes(node->as.capture.child, utf);
  }
  return AST_BYTES_UNBOUNDED;
}

const ast_node *ast_lookaround_branch(const ast_node *lookaround, size_t index) {
  const ast_node *body = lookaround->as.lookaround.child;
  return lookaround->as.lookaround.branch_count > 1 ? body->as.list.items[index] : body;
}

static uint32_t longer(uint32_t left, uint32_t right) {
  return left > right ? left : right;
}

uint32_t ast_max_lookbehind(const ast_node *node) {
  switch (node->kind) {
  case AST_ASSERT:
    return node->as.assertion == AST_ASSERT_TEXT_START ||
           node->as.assertion == AST_ASSERT_WORD_BOUNDARY ||
           node->as.assertion == AST_ASSERT_NOT_WORD_BOUNDARY ||
           node->as.assertion == AST_ASSERT_UCP_WORD_BOUNDARY ||
           node->as.assertion == AST_ASSERT_UCP_NOT_WORD_BOUNDARY;
  case AST_CONCAT:
  case AST_ALTERNATE: {
    uint32_t result = 0;
    for (size_t index = 0; index < node->as.list.count; index++) {
      result = longer(result, ast_max_lookbehind(node->as.list.items[index]));
    }
    return result;
  }
  case AST_REPEAT: return ast_max_lookbehind(node->as.repeat.child);
  case AST_CAPTURE: return ast_max_lookbehind(node->as.capture.child);
  case AST_LOOKAROUND: {
    uint32_t result = ast_max_lookbehind(node->as.lookaround.child);
    if (node->as.lookaround.behind) {
      for (size_t index = 0; index < node->as.lookaround.branch_count; index++) {
        result = longer(result, ast_fixed_characters(ast_lookaround_branch(node, index)));
      }
    }
    return result;
  }
  case AST_MATCH_RESET:
  case AST_EMPTY:
  case AST_LITERAL:
  case AST_CLASS: return 0;
  }
  return 0;
}

int ast_has_settable_capture(const ast_node *node) {
  switch (node->kind) {
  case AST_CAPTURE: return 1;
  case AST_CONCAT:
  case AST_ALTERNATE:
    for (size_t index = 0; index < node->as.list.count; index++) {
      if (ast_has_settable_capture(node->as.list.items[index])) {
        return 1;
      }
    }
    return 0;
  case AST_REPEAT: return ast_has_settable_capture(node->as.repeat.child);
  case AST_LOOKAROUND:
    return !node->as.lookaround.negated && ast_has_settable_capture(node->as.lookaround.child);
  case AST_ASSERT:
  case AST_MATCH_RESET:
  case AST_EMPTY:
  case AST_LITERAL:
  case AST_CLASS: return 0;
  }
  return 0;
}

ast_node *ast_node_new(const jrx_allocator *allocator, ast_kind kind, size_t pattern_offset) {
  ast_node *node = memory_allocate_zeroed_array(allocator, 1, sizeof *node);
  if (node == NULL) {
    return NULL;
  }
  node->allocator = allocator;
  node->kind = kind;
  node->pattern_offset = pattern_offset;
  if (kind == AST_CLASS) {
    charset_init(&node->as.set, memory_backing_allocator(allocator));
  }
  return node;
}

int ast_list_append(ast_node *list, ast_node *item) {
  void *items = list->as.list.items;
  if (!memory_grow_array(list->allocator, &items, &list->as.list.capacity,
                         list->as.list.count + 1, sizeof(ast_node *), 4)) {
    ast_node_free(item);
    return JRX_ERROR_NOMEMORY;
  }
  list->as.list.items = items;
  list->as.list.items[list->as.list.count++] = item;
  return 0;
}

/* Output that never overruns its buffer but counts everything. */
typedef struct format_writer {
  char *buffer;
  size_t size;
  size_t length;
} format_writer;

static void emit(format_writer *writer, const char *format, ...) {
  char scratch[64];
  va_list arguments;
  va_start(arguments, format);
  int written = vsnprintf(scratch, sizeof scratch, format, arguments);
  va_end(arguments);
  if (written <= 0) {
    return;
  }
  for (int index = 0; index < written; index++) {
    if (writer->length + 1 < writer->size) {
      writer->buffer[writer->length] = scratch[index];
    }
    writer->length++;
  }
}

/* Characters that would be ambiguous inside the printed form get escaped
 * along with everything outside printable ASCII. */
static void emit_code_point(format_writer *writer, uint32_t code_point, const char *specials) {
  if (code_point > 0x20 && code_point < 0x7f && strchr(specials, (int)code_point) == NULL) {
    emit(writer, "%c", (int)code_point);
  } else {
    emit(writer, "\\x{%02x}", (unsigned)code_point);
  }
}

static const char *assertion_name(ast_assertion assertion) {
  switch (assertion) {
  case AST_ASSERT_TEXT_START: return "text-start";
  case AST_ASSERT_LINE_START: return "line-start";
  case AST_ASSERT_TEXT_END: return "text-end";
  case AST_ASSERT_TEXT_END_NEWLINE: return "text-end-newline";
  case AST_ASSERT_LINE_END: return "line-end";
  case AST_ASSERT_WORD_BOUNDARY: return "word-boundary";
  case AST_ASSERT_NOT_WORD_BOUNDARY: return "not-word-boundary";
  case AST_ASSERT_UCP_WORD_BOUNDARY: return "ucp-word-boundary";
  case AST_ASSERT_UCP_NOT_WORD_BOUNDARY: return "ucp-not-word-boundary";
  case AST_ASSERT_GRAPHEME_NEXT_PICTOGRAPHIC: return "grapheme-next-pictographic";
  case AST_ASSERT_GRAPHEME_NEXT_NOT_PICTOGRAPHIC: return "grapheme-next-not-pictographic";
  case AST_ASSERT_GRAPHEME_JOIN: return "grapheme-join";
  case AST_ASSERT_GRAPHEME_BREAK: return "grapheme-break";
  case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_EXTEND: return "grapheme-pictographic-extend";
  case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_SPACING: return "grapheme-pictographic-spacing";
  case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_BREAK: return "grapheme-pictographic-break";
  case AST_ASSERT_MATCH_START: return "match-start";
  case AST_ASSERT_CARET_START: return "caret-start";
  case AST_ASSERT_DOLLAR_END: return "dollar-end";
  case AST_ASSERT_LOOKAROUND: return "lookaround";
  }
  return "unknown";
}

static void format_node(format_writer *writer, const ast_node *node) {
  switch (node->kind) {
  case AST_EMPTY: emit(writer, "()"); return;
  case AST_LITERAL:
    emit(writer, "'");
    emit_code_point(writer, node->as.code_point, "'\\");
    emit(writer, "'");
    return;
  case AST_CLASS:
    emit(writer, "[");
    for (size_t index = 0; index < node->as.set.count; index++) {
      const charset_range *range = &node->as.set.ranges[index];
      emit_code_point(writer, range->low, "[]\\-^");
      if (range->high != range->low) {
        emit(writer, "-");
        emit_code_point(writer, range->high, "[]\\-^");
      }
    }
    emit(writer, "]");
    return;
  case AST_CONCAT:
  case AST_ALTERNATE:
    emit(writer, node->kind == AST_CONCAT ? "(cat" : "(alt");
    for (size_t index = 0; index < node->as.list.count; index++) {
      emit(writer, " ");
      format_node(writer, node->as.list.items[index]);
    }
    emit(writer, ")");
    return;
  case AST_REPEAT:
    emit(writer, node->as.repeat.greedy ? "(rep %u " : "(rep? %u ", (unsigned)node->as.repeat.min);
    if (node->as.repeat.max == AST_REPEAT_INFINITE) {
      emit(writer, "inf ");
    } else {
      emit(writer, "%u ", (unsigned)node->as.repeat.max);
    }
    format_node(writer, node->as.repeat.child);
    emit(writer, ")");
    return;
  case AST_CAPTURE:
    emit(writer, "(cap %u ", (unsigned)node->as.capture.index);
    format_node(writer, node->as.capture.child);
    emit(writer, ")");
    return;
  case AST_ASSERT: emit(writer, "@%s", assertion_name(node->as.assertion)); return;
  case AST_LOOKAROUND:
    emit(writer, "(%s%s ", node->as.lookaround.negated ? "not-" : "",
         node->as.lookaround.behind ? "behind" : "ahead");
    format_node(writer, node->as.lookaround.child);
    emit(writer, ")");
    return;
  case AST_MATCH_RESET: emit(writer, "@reset-start"); return;
  }
}

size_t ast_format(const ast_node *node, char *buffer, size_t size) {
  format_writer writer = {buffer, size, 0};
  if (node == NULL) {
    emit(&writer, "null");
  } else {
    format_node(&writer, node);
  }
  if (size > 0) {
    buffer[writer.length < size ? writer.length : size - 1] = '\0';
  }
  return writer.length;
}
