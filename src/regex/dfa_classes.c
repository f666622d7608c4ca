/* dfa_classes: the byte equivalence classes and position contexts of one
 * direction. Invariant: two bytes share a class only if every byte range
 * of the program and every context bit the assertions read treat them the
 * same, so a class's column_byte and column_context stand for all of it. */
#include <string.h>

#include "dfa.h"
#include "lookaround.h"
#include "unicode_automata.h"

/* The bits of wanted that hold of byte; only those are worked out.
 * Inlined, without branches for the common bits: it runs for every
 * class of both directions (106 of them forward for \p{L}). */
static inline __attribute__((always_inline)) dfa_context
byte_context(const nfa_program *original, unsigned char byte, dfa_context wanted) {
  dfa_context context = (dfa_context)((byte == '\n' ? DFA_CONTEXT_NEWLINE : 0) |
                                      ((byte & 0xc0u) == 0x80u ? DFA_CONTEXT_CONTINUATION : 0));
  if ((wanted & DFA_CONTEXT_WORD) != 0 && ast_is_word_byte(byte)) {
    context |= DFA_CONTEXT_WORD;
  }
  for (uint32_t set = 0; set < original->lookaround_byte_set_count; set++) {
    dfa_context bit = (dfa_context)(DFA_CONTEXT_BYTE_SET << set);
    if ((wanted & bit) != 0 && nfa_byte_set_has(original->lookaround_byte_sets[set], byte)) {
      context |= bit;
    }
  }
  return context & wanted;
}

/* The context bits the assertion reads of the byte before and after: a
 * lookbehind one byte decides reads its set's bit before, a lookahead
 * after (the only lookarounds of a program jrx searches with a DFA; a
 * DFA jrx-explain draws of another reads nothing for the others). */
static void assertion_reads(const nfa_program *original, const nfa_instruction *instruction,
                            dfa_context *before, dfa_context *after) {
  switch ((ast_assertion)instruction->assertion) {
    case AST_ASSERT_TEXT_START:
      *before |= DFA_CONTEXT_TEXT_EDGE;
      break;
    case AST_ASSERT_CARET_START:
      *before |= DFA_CONTEXT_LINE_EDGE;
      break;
    case AST_ASSERT_LINE_START:
      *before |= DFA_CONTEXT_LINE_EDGE | DFA_CONTEXT_NEWLINE;
      *after |= DFA_CONTEXT_TEXT_EDGE;
      break;
    case AST_ASSERT_TEXT_END:
      *after |= DFA_CONTEXT_TEXT_EDGE;
      break;
    case AST_ASSERT_TEXT_END_NEWLINE:
      *after |= DFA_CONTEXT_TEXT_EDGE | DFA_CONTEXT_FINAL_NEWLINE;
      break;
    case AST_ASSERT_DOLLAR_END:
      *after |= DFA_CONTEXT_LINE_EDGE | DFA_CONTEXT_DOLLAR_NEWLINE;
      break;
    case AST_ASSERT_LINE_END:
      *after |= DFA_CONTEXT_LINE_EDGE | DFA_CONTEXT_NEWLINE;
      break;
    case AST_ASSERT_WORD_BOUNDARY:
    case AST_ASSERT_NOT_WORD_BOUNDARY:
      *before |= DFA_CONTEXT_WORD;
      *after |= DFA_CONTEXT_WORD;
      break;
    case AST_ASSERT_LOOKAROUND: {
      const lookaround *checked = &original->lookarounds[instruction->lookaround];
      if (checked->byte_set != LOOKAROUND_NO_BYTE_SET) {
        *(checked->behind ? before : after) |= (dfa_context)(DFA_CONTEXT_BYTE_SET << checked->byte_set);
      }
      break;
    }
    case AST_ASSERT_MATCH_START:
    case AST_ASSERT_UCP_WORD_BOUNDARY: /* a program with \b or \B under UCP has no DFA */
    case AST_ASSERT_UCP_NOT_WORD_BOUNDARY:
    AST_ASSERT_GRAPHEME_CASES:
      break;
  }
}

static void mark_range(uint8_t *class_starts, unsigned low, unsigned high) {
  class_starts[low] = 1;
  if (high < 255) {
    class_starts[high + 1] = 1;
  }
}

/* Marks where each byte set of the assertions' bits starts and ends. */
static void mark_byte_sets(uint8_t *class_starts, const nfa_program *original,
                           dfa_context bits) {
  for (uint32_t set = 0; set < original->lookaround_byte_set_count; set++) {
    if ((bits & (DFA_CONTEXT_BYTE_SET << set)) == 0) {
      continue;
    }
    const uint64_t *members = original->lookaround_byte_sets[set];
    for (unsigned byte = 1; byte < 256; byte++) {
      if (nfa_byte_set_has(members, byte) != nfa_byte_set_has(members, byte - 1)) {
        class_starts[byte] = 1;
      }
    }
  }
}

/* Marks the boundaries of a stored region's byte ranges, which its
 * automaton stores (a range starts at b or ends at b - 1). */
static void mark_stored_boundaries(uint8_t *class_starts, const nfa_stored_region *region) {
  for (unsigned word = 0; word < 4; word++) {
    for (uint64_t bits = region->automaton->boundaries[word]; bits != 0; bits &= bits - 1) {
      class_starts[word * 64u + (unsigned)__builtin_ctzll(bits)] = 1;
    }
  }
}

void dfa_program_reads_of(const nfa_program *program, dfa_program_reads *reads) {
  memset(reads, 0, sizeof *reads);
  uint32_t next_region = 0;
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_stored_region *region = nfa_stored_region_from(program, i, &next_region);
    if (region != NULL) {
      mark_stored_boundaries(reads->class_starts, region);
      i += region->automaton->count - 1;
      continue;
    }
    const nfa_instruction *instruction = &program->instructions[i];
    if (instruction->opcode == NFA_BYTE_RANGE) {
      mark_range(reads->class_starts, instruction->low, instruction->high);
    } else if (instruction->opcode == NFA_ASSERT) {
      assertion_reads(program, instruction, &reads->before, &reads->after);
      reads->uses_match_start |= instruction->assertion == AST_ASSERT_MATCH_START;
    }
  }
}

/* Starts automaton for one direction: its fields but the classes, the
 * class starts (reads', and the boundaries of the context bits its
 * columns read) into class_starts; returns those bits. */
static dfa_context automaton_begin(dfa_automaton *automaton, const nfa_program *program,
                                   const dfa_program_reads *reads, dfa_direction direction,
                                   uint8_t class_starts[256]) {
  memset(automaton, 0, sizeof *automaton);
  automaton->program = program;
  automaton->direction = direction;
  automaton->uses_match_start = reads->uses_match_start;
  dfa_context before = reads->before;
  dfa_context after = reads->after;
  memcpy(class_starts, reads->class_starts, sizeof reads->class_starts);
  /* Forwards a state is a position seen from the byte before it and reads
   * the byte after it; backwards the other way round. New threads start
   * only on character boundaries, which the byte after decides. */
  dfa_context read_from_columns = direction == DFA_FORWARD ? after : before;
  automaton->remembered_context = direction == DFA_FORWARD ? before : after;
  if (direction == DFA_FORWARD && program->utf) {
    read_from_columns |= DFA_CONTEXT_CONTINUATION;
  }
  dfa_context column_bits = (dfa_context)(read_from_columns | automaton->remembered_context);
  if (column_bits &
      (DFA_CONTEXT_NEWLINE | DFA_CONTEXT_FINAL_NEWLINE | DFA_CONTEXT_DOLLAR_NEWLINE)) {
    mark_range(class_starts, '\n', '\n');
  }
  if (column_bits & DFA_CONTEXT_WORD) {
    mark_range(class_starts, '0', '9');
    mark_range(class_starts, 'A', 'Z');
    mark_range(class_starts, '_', '_');
    mark_range(class_starts, 'a', 'z');
  }
  if (column_bits & DFA_CONTEXT_CONTINUATION) {
    mark_range(class_starts, 0x80, 0xbf);
  }
  mark_byte_sets(class_starts, program, column_bits);
  return column_bits;
}

/* The classes: class_of, each class's first byte and their count; eight
 * bytes a step, as their class indexes are the running count of class
 * starts (each 0 or 1), which one multiplication sums within the step
 * (no byte of the sums passes 8, nor of the indexes 255: no carry). */
static void automaton_classes(dfa_automaton *automaton, const uint8_t class_starts[256]) {
  _Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "byte i of a word is the i-th");
  const uint64_t ones = 0x0101010101010101u;
  uint64_t class_index = 0;
  for (unsigned byte = 0; byte < 256; byte += 8) {
    uint64_t starts;
    memcpy(&starts, &class_starts[byte], sizeof starts);
    starts &= byte == 0 ? ~(uint64_t)0xff : ~(uint64_t)0; /* byte 0 begins class 0 */
    uint64_t classes = starts * ones + class_index * ones;
    memcpy(&automaton->class_of[byte], &classes, sizeof classes);
    for (uint64_t bits = starts; bits != 0; bits &= bits - 1) {
      unsigned first = byte + (unsigned)__builtin_ctzll(bits) / 8u;
      automaton->column_byte[automaton->class_of[first]] = (uint8_t)first;
    }
    class_index = classes >> 56;
  }
  automaton->column_byte[0] = 0;
  automaton->class_count = (uint32_t)class_index + 1;
  automaton->acceleration_column = automaton->class_count + 2;
  automaton->stride = automaton->class_count + 3;
}

/* The classes of another automaton with the same class starts. */
static void copy_classes(dfa_automaton *automaton, const dfa_automaton *from) {
  memcpy(automaton->class_of, from->class_of, sizeof automaton->class_of);
  memcpy(automaton->column_byte, from->column_byte, from->class_count);
  automaton->class_count = from->class_count;
  automaton->acceleration_column = from->acceleration_column;
  automaton->stride = from->stride;
}

/* The context of each column: a class's bytes share the column bits (the
 * class starts hold their boundaries), the final-newline columns follow.
 * Left zero when the columns read no bit. */
static void automaton_contexts(dfa_automaton *automaton, const nfa_program *program,
                               dfa_context column_bits) {
  if (column_bits == 0) {
    return;
  }
  for (uint32_t class_index = 0; class_index < automaton->class_count; class_index++) {
    automaton->column_context[class_index] =
        byte_context(program, automaton->column_byte[class_index], column_bits);
  }
  uint32_t final_newline = automaton->class_count;
  dfa_context newline =
      (dfa_context)(byte_context(program, '\n', column_bits) | DFA_CONTEXT_FINAL_NEWLINE);
  automaton->column_context[final_newline] = (newline | DFA_CONTEXT_DOLLAR_NEWLINE) & column_bits;
  automaton->column_context[final_newline + 1] = newline & column_bits;
}

/* The final-newline columns' byte. */
static void automaton_final_newline_bytes(dfa_automaton *automaton) {
  automaton->column_byte[automaton->class_count] = '\n';
  automaton->column_byte[automaton->class_count + 1] = '\n';
}

void dfa_automaton_init(dfa_automaton *automaton, const nfa_program *program,
                        const dfa_program_reads *reads, dfa_direction direction) {
  uint8_t class_starts[256];
  dfa_context column_bits = automaton_begin(automaton, program, reads, direction, class_starts);
  automaton_classes(automaton, class_starts);
  automaton_final_newline_bytes(automaton);
  automaton_contexts(automaton, program, column_bits);
}

void dfa_automata_init(dfa_automaton *forward, dfa_automaton *backward,
                       const nfa_program *program, const dfa_program_reads *reads) {
  uint8_t forward_starts[256];
  uint8_t backward_starts[256];
  dfa_context forward_bits =
      automaton_begin(forward, program, reads, DFA_FORWARD, forward_starts);
  dfa_context backward_bits =
      automaton_begin(backward, program, reads, DFA_BACKWARD, backward_starts);
  automaton_classes(forward, forward_starts);
  if (memcmp(forward_starts, backward_starts, sizeof forward_starts) == 0) {
    copy_classes(backward, forward);
  } else {
    automaton_classes(backward, backward_starts);
  }
  automaton_final_newline_bytes(forward);
  automaton_final_newline_bytes(backward);
  automaton_contexts(forward, program, forward_bits);
  automaton_contexts(backward, program, backward_bits);
}
