/* nfa_match_reset: programs with \K get two copies of their instructions,
 * so that every engine keeps the threads PCRE2 would try apart. A Pike VM
 * keeps one thread per instruction and position, the first by priority;
 * without \K a later thread there started later, so it can never be the
 * one JRX_NOTEMPTY keeps when the first is refused. With \K a thread of
 * higher priority may have reset its start to the position (an empty
 * match so far) while one below it has not. In the "empty" copy a thread
 * has its start at the position: \K (a SAVE of slot 0) leads into it, and
 * consuming a byte leads out to the "consumed" copy. Lookaround branches
 * (no \K may be in them) keep their single copy. */
#include <string.h>

#include "jrx.h"
#include "lookaround.h"
#include "memory.h"
#include "nfa_builder.h"

int nfa_split_empty_threads(nfa_program *program, uint32_t max_instructions) {
  uint32_t count = program->count;
  if (count > max_instructions / 2) {
    return JRX_ERROR_PROGRAM_TOO_BIG;
  }
  nfa_instruction *doubled =
      memory_allocate_array(program->allocator, (size_t)count * 2, sizeof *doubled);

  unsigned char *in_lookaround = memory_allocate_zeroed_array(program->allocator, count, 1);
  if (doubled == NULL || in_lookaround == NULL) {
    memory_free(program->allocator, doubled);
    memory_free(program->allocator, in_lookaround);
    return JRX_ERROR_NOMEMORY;
  }
  /* A lookaround comes after those nested in it, whose instructions lie
   * inside its own: from the last one, a body whose first instruction is
   * marked is marked whole already, so each instruction is marked once. */
  for (uint32_t i = program->lookaround_count; i-- > 0;) {
    const lookaround *checked = &program->lookarounds[i];
    if (!in_lookaround[checked->body_begin]) {
      memset(in_lookaround + checked->body_begin, 1, checked->body_count);
    }
  }
  for (uint32_t copy = 0; copy < 2; copy++) {
    uint32_t own = copy * count; /* 0: the empty copy, count: the consumed copy */
    for (uint32_t i = 0; i < count; i++) {
      nfa_instruction instruction = program->instructions[i];
      if (!in_lookaround[i]) {
        switch ((nfa_opcode)instruction.opcode) {
          case NFA_BYTE_RANGE:
            instruction.next += count;
            break;
          case NFA_SPLIT:
            instruction.next += own;
            instruction.alternative += own;
            break;
          case NFA_SAVE:
            instruction.next += instruction.slot == 0 ? 0 : own;
            break;
          case NFA_ASSERT:
            instruction.next += own;
            break;
          case NFA_MATCH:
          case NFA_FAIL:
            break;
        }
      }
      doubled[own + i] = instruction;
    }
  }
  memory_free(program->allocator, in_lookaround);
  memory_free(program->allocator, program->instructions);
  program->instructions = doubled;
  program->count = count * 2;
  return 0;
}
