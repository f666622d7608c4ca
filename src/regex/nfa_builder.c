/* nfa_builder: owns the instruction array while a program is compiled.
 * Invariant: count <= max_instructions, so a pattern that would expand
 * beyond the limit fails before the memory is ever requested. */
#include "nfa_builder.h"

#include "jrx.h"
#include "memory.h"

/* Rewriting may revisit instructions of nested loops; this many visits per
 * allowed instruction is far more than any pattern of sensible shape uses. */
#define NFA_WORK_PER_INSTRUCTION 16u

void nfa_builder_init(nfa_builder *builder, uint32_t max_instructions,
                      const jrx_allocator *allocator) {
  builder->allocator = allocator;
  builder->instructions = NULL;
  builder->count = 0;
  builder->capacity = 0;
  builder->max_instructions = max_instructions;
  builder->work = 0;
  builder->max_work = (uint64_t)max_instructions * NFA_WORK_PER_INSTRUCTION;
  builder->stored_region_count = 0;
}

void nfa_builder_release(nfa_builder *builder) {
  memory_free(builder->allocator, builder->instructions);
  builder->instructions = NULL;
  builder->count = 0;
  builder->capacity = 0;
}

int nfa_builder_reserve(nfa_builder *builder, uint32_t more) {
  if (more > builder->max_instructions - builder->count) {
    return JRX_ERROR_PROGRAM_TOO_BIG;
  }
  void *instructions = builder->instructions;
  if (!memory_grow_array(builder->allocator, &instructions, &builder->capacity,
                         (size_t)builder->count + more, sizeof(nfa_instruction), 64)) {
    return JRX_ERROR_NOMEMORY;
  }
  builder->instructions = instructions;
  return 0;
}

int nfa_builder_grow(nfa_builder *builder) {
  return nfa_builder_reserve(builder, 1);
}

int nfa_builder_charge_work(nfa_builder *builder, uint64_t amount) {
  builder->work += amount;
  return builder->work > builder->max_work ? JRX_ERROR_PROGRAM_TOO_BIG : 0;
}
