/* backtrack: the scratch both backtrackers share and the portable one.
 * Instructions run in priority order: a SPLIT pushes its alternative and
 * continues at next, a SAVE pushes the slot's old value, and failing pops
 * the newest job, so the first NFA_MATCH reached at the end is the one the
 * Pike VM would report. Each join instruction runs at most once per
 * position (its visited bit), every other one at most as often as its only
 * predecessor; hence the job bound of backtrack_buffers. */
#include "backtrack.h"

#include <string.h>

#include "memory.h"
#include "nfa_assertion.h"

int backtrack_scratch_create(uint32_t slot_count, const jrx_allocator *allocator,
                             backtrack_scratch **result) {
  backtrack_scratch *scratch = memory_allocate(allocator, sizeof *scratch);
  if (scratch == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  *scratch = (backtrack_scratch){.allocator = *allocator, .slot_count = slot_count};
  scratch->slots = memory_allocate_array(allocator, slot_count, sizeof *scratch->slots);
  if (scratch->slots == NULL) {
    backtrack_scratch_destroy(scratch);
    return JRX_ERROR_NOMEMORY;
  }
  *result = scratch;
  return 0;
}

void backtrack_scratch_destroy(backtrack_scratch *scratch) {
  if (scratch == NULL) {
    return;
  }
  memory_free(&scratch->allocator, scratch->slots);
  memory_free(&scratch->allocator, scratch->bitmap);
  memory_free(&scratch->allocator, scratch->stack);
  memory_free(&scratch->allocator, scratch);
}

int backtrack_scratch_prepare(backtrack_scratch *scratch, const backtrack_plan *plan,
                              size_t span_length, backtrack_buffers *buffers) {
  size_t row_bytes = (size_t)1 << plan->row_shift;
  size_t jobs_per_row = plan->pushes_per_position;
  if (span_length >= BACKTRACK_MAX_SCRATCH_BYTES / (row_bytes + jobs_per_row * sizeof(backtrack_job))) {
    return BACKTRACK_SPAN_TOO_LONG;
  }
  size_t rows = span_length + 1;
  size_t bitmap_bytes = rows * row_bytes;
  size_t jobs = rows * jobs_per_row;
  if (!memory_grow_array(&scratch->allocator, (void **)&scratch->bitmap,
                         &scratch->bitmap_capacity, bitmap_bytes, 1, bitmap_bytes) ||
      !memory_grow_array(&scratch->allocator, (void **)&scratch->stack, &scratch->stack_capacity,
                         jobs, sizeof(backtrack_job), jobs)) {
    return JRX_ERROR_NOMEMORY;
  }
  memset(scratch->bitmap, 0, bitmap_bytes);
  for (uint32_t i = 0; i < scratch->slot_count; i++) {
    scratch->slots[i] = JRX_UNSET;
  }
  *buffers = (backtrack_buffers){.slots = scratch->slots,
                                 .bitmap = scratch->bitmap,
                                 .stack = scratch->stack,
                                 .stack_limit = scratch->stack + jobs};
  return 0;
}

int backtrack_create(const nfa_program *program, const jrx_allocator *allocator,
                     backtrack *result) {
  result->program = program;
  result->allocator = *allocator;
  return backtrack_plan_create(program, allocator, &result->plan);
}

void backtrack_release(backtrack *backtracker) {
  backtrack_plan_release(&backtracker->plan, &backtracker->allocator);
}

int backtrack_match(const backtrack *backtracker, backtrack_scratch *scratch,
                    const unsigned char *subject, size_t length, size_t match_start,
                    size_t match_end, size_t start_offset, uint32_t options,
                    const size_t **slots) {
  const nfa_program *program = backtracker->program;
  const backtrack_plan *plan = &backtracker->plan;
  backtrack_buffers buffers;
  int status = backtrack_scratch_prepare(scratch, plan, match_end - match_start, &buffers);
  if (status != 0) {
    return status;
  }
  const nfa_instruction *instructions = program->instructions;
  const uint32_t *visited_bit = plan->visited_bit;
  const nfa_assertion_input assertions = {.subject = subject,
                                          .length = length,
                                          .start_offset = start_offset,
                                          .options = options,
                                          .utf = program->utf};
  size_t *slot_values = buffers.slots;
  backtrack_job *top = buffers.stack;
  uint32_t count = program->count;
  unsigned row_shift = plan->row_shift;
  *slots = slot_values;
  uint32_t pc = program->start;
  size_t position = match_start;
  for (;;) {
    const nfa_instruction *instruction = &instructions[pc];
    uint32_t bit = visited_bit[pc];
    int failed = 0;
    if (bit != BACKTRACK_NO_BIT) {
      uint8_t *cell = &buffers.bitmap[((position - match_start) << row_shift) + (bit >> 3)];
      uint8_t mask = (uint8_t)(1u << (bit & 7u));
      failed = (*cell & mask) != 0;
      *cell |= mask;
    }
    if (!failed) {
      switch ((nfa_opcode)instruction->opcode) {
        case NFA_BYTE_RANGE:
          if (position == match_end || subject[position] < instruction->low ||
              subject[position] > instruction->high) {
            failed = 1;
          } else {
            position++;
          }
          break;
        case NFA_SPLIT:
          if (top == buffers.stack_limit) {
            return JRX_ERROR_INTERNAL; /* the plan's bound was wrong: a bug */
          }
          *top++ = (backtrack_job){instruction->alternative, position};
          break;
        case NFA_SAVE:
          if (top == buffers.stack_limit) {
            return JRX_ERROR_INTERNAL;
          }
          *top++ = (backtrack_job){(uint64_t)count + instruction->slot,
                                   slot_values[instruction->slot]};
          slot_values[instruction->slot] = position;
          break;
        case NFA_ASSERT:
          failed = !nfa_assertion_holds(&assertions, (ast_assertion)instruction->assertion,
                                        position);
          break;
        case NFA_MATCH:
          if (position == match_end) {
            return 1;
          }
          failed = 1;
          break;
        case NFA_FAIL:
          failed = 1;
          break;
      }
    }
    if (!failed) {
      pc = instruction->next;
      continue;
    }
    /* Undo saves until the newest alternative, which continues. */
    for (;;) {
      if (top == buffers.stack) {
        return JRX_NOMATCH;
      }
      backtrack_job job = *--top;
      if (job.resume_index < count) {
        pc = (uint32_t)job.resume_index;
        position = job.value;
        break;
      }
      slot_values[job.resume_index - count] = job.value;
    }
  }
}
