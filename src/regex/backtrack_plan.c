/* backtrack_plan: counts the edges into each instruction to find the
 * join points. Every instruction is then visited at most once per
 * position: a join point by its bit, any other because its only
 * predecessor is (a cycle always contains a join point, its entry). */
#include "backtrack_plan.h"

#include "memory.h"

/* Edges into each instruction, the entry counting as one. */
static void count_edges(const nfa_program *program, uint32_t *edges) {
  edges[program->start]++;
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    if (instruction->opcode == NFA_MATCH || instruction->opcode == NFA_FAIL) {
      continue;
    }
    edges[instruction->next]++;
    if (instruction->opcode == NFA_SPLIT) {
      edges[instruction->alternative]++;
    }
  }
}

int backtrack_plan_create(const nfa_program *program, const jrx_allocator *allocator,
                          backtrack_plan *plan) {
  plan->visited_bit =
      memory_allocate_zeroed_array(allocator, program->count, sizeof *plan->visited_bit);
  plan->resumed = memory_allocate_zeroed_array(allocator, program->count, sizeof *plan->resumed);
  if (plan->visited_bit == NULL || plan->resumed == NULL) {
    backtrack_plan_release(plan, allocator);
    return JRX_ERROR_NOMEMORY;
  }
  count_edges(program, plan->visited_bit);
  uint32_t bits = 0;
  plan->pushes_per_position = 0;
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    plan->visited_bit[i] = plan->visited_bit[i] > 1 ? bits++ : BACKTRACK_NO_BIT;
    if (instruction->opcode == NFA_SPLIT) {
      plan->resumed[instruction->alternative] = 1;
    }
    if (instruction->opcode == NFA_SPLIT || instruction->opcode == NFA_SAVE) {
      plan->pushes_per_position++;
    }
  }
  plan->join_count = bits;
  plan->row_shift = 0;
  while (((size_t)8 << plan->row_shift) < bits) {
    plan->row_shift++;
  }
  return 0;
}

void backtrack_plan_release(backtrack_plan *plan, const jrx_allocator *allocator) {
  memory_free(allocator, plan->visited_bit);
  memory_free(allocator, plan->resumed);
  plan->visited_bit = NULL;
  plan->resumed = NULL;
}
