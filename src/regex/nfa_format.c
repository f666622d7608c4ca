/* nfa_format: a listing and Graphviz dot of a program, sharing one
 * description per instruction; both write snprintf-style (never past size,
 * NUL-terminated when size > 0, returning the full length). */
#include <stdarg.h>
#include <stdio.h>

#include "nfa.h"

typedef struct text_writer {
  char *buffer;
  size_t size;
  size_t length; /* the full length, even past size */
} text_writer;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void write_text(text_writer *writer, const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  size_t room = writer->length < writer->size ? writer->size - writer->length : 0;
  char *at = room > 0 ? writer->buffer + writer->length : NULL;
  int written = vsnprintf(at, room, format, arguments);
  va_end(arguments);
  if (written > 0) {
    writer->length += (size_t)written;
  }
}

static const char *assertion_name(uint8_t assertion) {
  switch ((ast_assertion)assertion) {
    case AST_ASSERT_TEXT_START:
      return "\\A";
    case AST_ASSERT_LINE_START:
      return "(?m)^";
    case AST_ASSERT_TEXT_END:
      return "\\z";
    case AST_ASSERT_TEXT_END_NEWLINE:
      return "\\Z";
    case AST_ASSERT_LINE_END:
      return "(?m)$";
    case AST_ASSERT_WORD_BOUNDARY:
      return "\\b";
    case AST_ASSERT_NOT_WORD_BOUNDARY:
      return "\\B";
    case AST_ASSERT_UCP_WORD_BOUNDARY:
      return "(*UCP)\\b";
    case AST_ASSERT_UCP_NOT_WORD_BOUNDARY:
      return "(*UCP)\\B";
    case AST_ASSERT_GRAPHEME_NEXT_PICTOGRAPHIC:
      return "\\X:next-pictographic";
    case AST_ASSERT_GRAPHEME_NEXT_NOT_PICTOGRAPHIC:
      return "\\X:next-not-pictographic";
    case AST_ASSERT_GRAPHEME_JOIN:
      return "\\X:join";
    case AST_ASSERT_GRAPHEME_BREAK:
      return "\\X:break";
    case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_EXTEND:
      return "\\X:pictographic-extend";
    case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_SPACING:
      return "\\X:pictographic-spacing";
    case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_BREAK:
      return "\\X:pictographic-break";
    case AST_ASSERT_MATCH_START:
      return "\\G";
    case AST_ASSERT_CARET_START:
      return "^";
    case AST_ASSERT_DOLLAR_END:
      return "$";
    case AST_ASSERT_LOOKAROUND:
      return "lookaround";
  }
  return "?";
}

/* Printable ASCII other than quote and backslash shows as itself. */
static void write_byte(text_writer *writer, uint8_t byte) {
  if (byte > 0x20 && byte < 0x7f && byte != '\'' && byte != '\\' && byte != '"') {
    write_text(writer, "'%c'", byte);
  } else {
    write_text(writer, "0x%02x", byte);
  }
}

/* The instruction without its successors, e.g. "byte 'a'-'z'". */
static void write_operation(text_writer *writer, const nfa_instruction *instruction) {
  switch ((nfa_opcode)instruction->opcode) {
    case NFA_BYTE_RANGE:
      write_text(writer, "byte ");
      write_byte(writer, instruction->low);
      if (instruction->high != instruction->low) {
        write_text(writer, "-");
        write_byte(writer, instruction->high);
      }
      return;
    case NFA_SPLIT:
      write_text(writer, "split");
      return;
    case NFA_SAVE:
      write_text(writer, "save %u", (unsigned)instruction->slot);
      return;
    case NFA_ASSERT:
      write_text(writer, "assert %s", assertion_name(instruction->assertion));
      if (instruction->assertion == AST_ASSERT_LOOKAROUND) {
        write_text(writer, " %u", (unsigned)instruction->lookaround);
      }
      return;
    case NFA_MATCH:
      write_text(writer, "match");
      return;
    case NFA_FAIL:
      write_text(writer, "fail");
      return;
  }
}

static int has_next(const nfa_instruction *instruction) {
  return instruction->opcode != NFA_MATCH && instruction->opcode != NFA_FAIL;
}

size_t nfa_format_listing(const nfa_program *program, char *buffer, size_t size) {
  text_writer writer = {.buffer = buffer, .size = size};
  if (size > 0) {
    buffer[0] = '\0';
  }
  write_text(&writer, "start %u\n", (unsigned)program->start);
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    write_text(&writer, "%u: ", (unsigned)i);
    write_operation(&writer, instruction);
    if (has_next(instruction)) {
      write_text(&writer, " -> %u", (unsigned)instruction->next);
    }
    if (instruction->opcode == NFA_SPLIT) {
      write_text(&writer, ", %u", (unsigned)instruction->alternative);
    }
    write_text(&writer, "\n");
  }
  return writer.length;
}

size_t nfa_format_dot(const nfa_program *program, char *buffer, size_t size) {
  text_writer writer = {.buffer = buffer, .size = size};
  if (size > 0) {
    buffer[0] = '\0';
  }
  write_text(&writer, "digraph nfa {\n  rankdir=LR;\n  node [shape=box];\n");
  write_text(&writer, "  start [shape=point];\n  start -> n%u;\n", (unsigned)program->start);
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    /* The operation text never holds '"', and dot needs its backslashes doubled. */
    char operation[64];
    text_writer operation_writer = {.buffer = operation, .size = sizeof operation};
    write_operation(&operation_writer, instruction);
    write_text(&writer, "  n%u [label=\"%u: ", (unsigned)i, (unsigned)i);
    for (const char *c = operation; *c != '\0'; c++) {
      if (*c == '\\') {
        write_text(&writer, "\\\\");
      } else {
        write_text(&writer, "%c", *c);
      }
    }
    write_text(&writer, "\"%s];\n", instruction->opcode == NFA_MATCH ? ", shape=doublecircle" : "");
    if (has_next(instruction)) {
      write_text(&writer, "  n%u -> n%u%s;\n", (unsigned)i, (unsigned)instruction->next,
                 instruction->opcode == NFA_SPLIT ? " [label=\"1\"]" : "");
    }
    if (instruction->opcode == NFA_SPLIT) {
      write_text(&writer, "  n%u -> n%u [label=\"2\"];\n", (unsigned)i,
                 (unsigned)instruction->alternative);
    }
  }
  write_text(&writer, "}\n");
  return writer.length;
}
