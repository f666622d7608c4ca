/* lookaround_byte_sets: finding the lookarounds one byte decides, such as
 * (?=\s) or (?<![\\]), which the lazy DFA answers from the bytes either
 * side of a position as it answers \b (dfa_classes.c). A body qualifies
 * when each path from a branch's start takes splits only, then one byte
 * range, then the branch's NFA_MATCH: the body then matches exactly the
 * one-byte strings of the union of those ranges, and lookaround.c's check
 * answers whether the adjacent byte is in it. In UTF mode the ranges must
 * be ASCII: the byte after a position is then the whole next character
 * exactly when it is in the set, and the byte before the whole previous
 * one (a lookbehind branch of one character ends at the position and
 * starts at that character's first byte, which is the byte before only
 * for ASCII). */
#include <string.h>

#include "lookaround.h"

/* Most instructions a qualifying body's walk visits: a class compiles to
 * a split per extra range, and ASCII classes have few ranges. */
#define WALK_LIMIT 128u

/* Adds to set the bytes the branch starting at pc takes; returns 0 when
 * the branch is not splits, one byte range and its match on every path. */
static int branch_byte_set(const nfa_program *program, const lookaround *checked, uint32_t pc,
                           uint64_t set[4]) {
  uint32_t stack[WALK_LIMIT];
  uint32_t depth = 0;
  uint32_t visits = 0;
  uint32_t body_end = checked->body_begin + checked->body_count;
  stack[depth++] = pc;
  while (depth > 0) {
    pc = stack[--depth];
    if (pc < checked->body_begin || pc >= body_end || ++visits > WALK_LIMIT) {
      return 0;
    }
    const nfa_instruction *instruction = &program->instructions[pc];
    switch ((nfa_opcode)instruction->opcode) {
      case NFA_SPLIT:
        if (depth + 2 > WALK_LIMIT) {
          return 0;
        }
        stack[depth++] = instruction->alternative;
        stack[depth++] = instruction->next;
        break;
      case NFA_BYTE_RANGE:
        if ((program->utf && instruction->high >= 0x80) || instruction->next >= body_end ||
            program->instructions[instruction->next].opcode != NFA_MATCH) {
          return 0;
        }
        for (unsigned byte = instruction->low; byte <= instruction->high; byte++) {
          set[byte >> 6] |= (uint64_t)1 << (byte & 63u);
        }
        break;
      case NFA_FAIL:
        break;
      case NFA_SAVE:
      case NFA_ASSERT:
      case NFA_MATCH:
        return 0;
    }
  }
  return 1;
}

/* The set of bytes that decides the lookaround, or 0 when none does. */
static int byte_set_of(const nfa_program *program, const lookaround *checked, uint64_t set[4]) {
  memset(set, 0, 4 * sizeof *set);
  for (uint32_t i = 0; i < checked->branch_count; i++) {
    const lookaround_branch *branch = &program->lookaround_branches[checked->first_branch + i];
    if ((checked->behind && branch->characters != 1) ||
        !branch_byte_set(program, checked, branch->start, set)) {
      return 0;
    }
  }
  return 1;
}

int lookaround_find_byte_sets(nfa_program *program) {
  int every_one = 1;
  program->lookaround_byte_set_count = 0;
  for (uint32_t i = 0; i < program->lookaround_count; i++) {
    lookaround *checked = &program->lookarounds[i];
    uint64_t set[4];
    checked->byte_set = LOOKAROUND_NO_BYTE_SET;
    if (!byte_set_of(program, checked, set)) {
      every_one = 0;
      continue;
    }
    uint32_t found = 0;
    while (found < program->lookaround_byte_set_count &&
           memcmp(program->lookaround_byte_sets[found], set, sizeof set) != 0) {
      found++;
    }
    if (found == NFA_MAX_LOOKAROUND_BYTE_SETS) {
      every_one = 0;
      continue;
    }
    if (found == program->lookaround_byte_set_count) {
      memcpy(program->lookaround_byte_sets[found], set, sizeof set);
      program->lookaround_byte_set_count++;
    }
    checked->byte_set = found;
  }
  return every_one;
}
