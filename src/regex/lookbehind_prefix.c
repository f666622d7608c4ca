/* lookbehind_prefix: building the program of lookbehind_prefix.h. The
 * lookbehind's assertion becomes the entry of its branches (a chain of
 * splits when there are several) and each branch's NFA_MATCH a no-op
 * leading to what followed the assertion; every other instruction is
 * copied unchanged, so the other lookarounds keep their indexes. */
#include "lookbehind_prefix.h"

#include <string.h>

#include "jrx.h"
#include "lookaround.h"
#include "memory.h"
#include "nfa_builder.h"

#define LENGTH_UNKNOWN UINT32_MAX
#define LENGTH_VARIES (UINT32_MAX - 1)
#define LENGTH_NO_PATH (UINT32_MAX - 2)
#define MAX_DEPTH (16 * LOOKBEHIND_PREFIX_MAX_BYTES)

/* The bytes every path from pc to the branch's match takes, LENGTH_NO_PATH
 * when none gets there, or LENGTH_VARIES (also for anything but byte
 * ranges, splits and failures, and for non-ASCII bytes in UTF mode).
 * lengths memoizes it per body instruction; a lookbehind body has no
 * cycle (its length is fixed). depth counts the instructions above pc:
 * a body can be 65535 characters long ((?<=[^a]{30000}) overflowed the
 * stack), and a path of more than MAX_DEPTH instructions cannot be one of
 * at most LOOKBEHIND_PREFIX_MAX_BYTES bytes but with an absurd nest of
 * groups, so it counts as varying. LENGTH_VARIES only ever stops the
 * search below from being used, whichever path reached pc first. */
static uint32_t bytes_to_match(const nfa_program *program, const lookaround *behind,
                               uint32_t *lengths, uint32_t pc, uint32_t depth) {
  if (pc < behind->body_begin || pc - behind->body_begin >= behind->body_count ||
      depth > MAX_DEPTH) {
    return LENGTH_VARIES;
  }
  uint32_t *known = &lengths[pc - behind->body_begin];
  if (*known != LENGTH_UNKNOWN) {
    return *known;
  }
  *known = LENGTH_VARIES; /* until computed: a cycle would vary */
  const nfa_instruction *instruction = &program->instructions[pc];
  uint32_t length = LENGTH_VARIES;
  switch ((nfa_opcode)instruction->opcode) {
    case NFA_MATCH:
      length = 0;
      break;
    case NFA_FAIL:
      length = LENGTH_NO_PATH;
      break;
    case NFA_BYTE_RANGE:
      if (!program->utf || instruction->high < 0x80) {
        length = bytes_to_match(program, behind, lengths, instruction->next, depth + 1);
        if (length < LOOKBEHIND_PREFIX_MAX_BYTES) {
          length++;
        } else if (length != LENGTH_NO_PATH) {
          length = LENGTH_VARIES; /* too long */
        }
      }
      break;
    case NFA_SPLIT: {
      uint32_t first = bytes_to_match(program, behind, lengths, instruction->next, depth + 1);
      uint32_t second = bytes_to_match(program, behind, lengths, instruction->alternative, depth + 1);
      length = first == LENGTH_NO_PATH ? second
               : second == LENGTH_NO_PATH || second == first ? first
                                                               : LENGTH_VARIES;
      break;
    }
    case NFA_SAVE:
    case NFA_ASSERT:
      break;
  }
  *known = length;
  return length;
}

/* The lookbehind the program opens with, when the search above suits it:
 * its index, or UINT32_MAX. */
static uint32_t leading_lookbehind(const nfa_program *program) {
  if (!program->needs_pike || program->can_match_empty || program->lookaround_count == 0) {
    return UINT32_MAX;
  }
  if (!lookaround_dfa_asserts_all(program)) {
    return UINT32_MAX;
  }
  uint32_t pc = program->start;
  while (program->instructions[pc].opcode == NFA_SAVE) {
    pc = program->instructions[pc].next;
  }
  const nfa_instruction *entry = &program->instructions[pc];
  if (entry->opcode != NFA_ASSERT || entry->assertion != AST_ASSERT_LOOKAROUND) {
    return UINT32_MAX;
  }
  const lookaround *behind = &program->lookarounds[entry->lookaround];
  if (!behind->behind || behind->negated || behind->byte_set != LOOKAROUND_NO_BYTE_SET) {
    return UINT32_MAX;
  }
  for (uint32_t i = 0; i < program->lookaround_count; i++) {
    if (i != entry->lookaround && program->lookarounds[i].byte_set == LOOKAROUND_NO_BYTE_SET) {
      return UINT32_MAX;
    }
  }
  return pc;
}

/* k, the bytes of every branch of the lookbehind, or 0 when they differ
 * or are more than LOOKBEHIND_PREFIX_MAX_BYTES. */
static int common_length(const nfa_program *program, const lookaround *behind,
                         uint32_t *bytes) {
  uint32_t *lengths = memory_allocate_array(program->allocator, behind->body_count,
                                            sizeof *lengths);
  if (lengths == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t i = 0; i < behind->body_count; i++) {
    lengths[i] = LENGTH_UNKNOWN;
  }
  *bytes = 0;
  for (uint32_t i = 0; i < behind->branch_count; i++) {
    const lookaround_branch *branch = &program->lookaround_branches[behind->first_branch + i];
    uint32_t length = bytes_to_match(program, behind, lengths, branch->start, 0);
    if (length == 0 || length > LOOKBEHIND_PREFIX_MAX_BYTES || (i > 0 && length != *bytes)) {
      *bytes = 0;
      break;
    }
    *bytes = length;
  }
  memory_free(program->allocator, lengths);
  return 0;
}

int lookbehind_prefix_create(const nfa_program *program, nfa_program **searched,
                             uint32_t *bytes) {
  *searched = NULL;
  *bytes = 0;
  uint32_t assertion = leading_lookbehind(program);
  if (assertion == UINT32_MAX) {
    return 0;
  }
  const lookaround *behind = &program->lookarounds[program->instructions[assertion].lookaround];
  uint32_t length;
  int status = common_length(program, behind, &length);
  if (status != 0 || length == 0) {
    return status;
  }
  /* Splits beyond the one in the assertion's place. */
  uint32_t splits = behind->branch_count > 2 ? behind->branch_count - 2 : 0;
  nfa_program *built = memory_allocate_array(program->allocator, 1, sizeof *built);
  nfa_instruction *instructions = memory_allocate_array(
      program->allocator, (size_t)program->count + splits, sizeof *instructions);
  if (built == NULL || instructions == NULL) {
    memory_free(program->allocator, instructions);
    memory_free(program->allocator, built);
    return JRX_ERROR_NOMEMORY;
  }
  memcpy(instructions, program->instructions, program->count * sizeof *instructions);
  uint32_t after = program->instructions[assertion].next;
  for (uint32_t i = 0; i < behind->body_count; i++) {
    nfa_instruction *instruction = &instructions[behind->body_begin + i];
    if (instruction->opcode == NFA_MATCH) {
      *instruction = (nfa_instruction){.opcode = NFA_SAVE, .slot = 0, .next = after};
    }
  }
  /* The assertion's place enters the first branch, or a chain of splits
   * over the branches in their order. */
  const lookaround_branch *branches = &program->lookaround_branches[behind->first_branch];
  uint32_t at = assertion;
  for (uint32_t i = 0; i + 1 < behind->branch_count; i++) {
    uint32_t rest = i + 2 < behind->branch_count ? program->count + i : branches[i + 1].start;
    instructions[at] = (nfa_instruction){
        .opcode = NFA_SPLIT, .next = branches[i].start, .alternative = rest};
    at = rest;
  }
  if (behind->branch_count == 1) {
    instructions[at] = (nfa_instruction){.opcode = NFA_SAVE, .slot = 0, .next = branches[0].start};
  }
  *built = lookaround_derived_program(program, instructions, program->count + splits,
                                      program->start);
  status = nfa_analyze(built);
  if (status != 0) {
    lookbehind_prefix_destroy(built);
    return status;
  }
  *searched = built;
  *bytes = length;
  return 0;
}

void lookbehind_prefix_destroy(nfa_program *searched) {
  if (searched != NULL) {
    const jrx_allocator *allocator = searched->allocator;
    memory_free(allocator, searched->instructions);
    memory_free(allocator, searched);
  }
}
