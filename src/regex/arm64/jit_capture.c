/* jit_capture: building, installing and running the capture backtracker.
 * The code block, its resume table and its plan have one owner, the
 * jit_capture_code; a scratch owns the slots, visited bits and job stack
 * of the matches run with it, all through the allocator given. */
#include "jit_capture.h"

#include <string.h>

#include "jit_assertion_emit.h"
#include "jit_capture_emit.h"
#include "jit_generation_failure.h"
#include "jit_install.h"
#include "regex/memory.h"

struct jit_capture_code {
  jrx_allocator allocator;
  uint32_t slot_count;
  jit_capture_plan plan;
  uint32_t *resume_offsets;
  uint8_t word_bytes[256];
  jitmem_block *block; /* owns function */
  jit_capture_function function;
};

struct jit_capture_scratch {
  jrx_allocator allocator;
  size_t *slots;
  uint8_t *bitmap;
  size_t bitmap_capacity; /* bytes */
  jit_capture_job *stack;
  size_t stack_capacity; /* jobs */
};

int jit_capture_compile(const nfa_program *program, const jrx_allocator *allocator,
                        jitmem_pool *pool, jit_capture_code **result) {
  if (jit_generation_fails(JIT_PART_CAPTURES)) {
    return JRX_ERROR_INTERNAL;
  }
  jit_capture_code *code = memory_allocate(allocator, sizeof *code);
  if (code == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  memset(code, 0, sizeof *code);
  code->allocator = *allocator;
  code->slot_count = program->slot_count;
  jit_fill_word_bytes(code->word_bytes);
  int status = jit_capture_plan_create(program, allocator, &code->plan);
  if (status == 0) {
    code->resume_offsets = memory_allocate_zeroed_array(
        allocator, (size_t)program->count + program->slot_count, sizeof *code->resume_offsets);
    status = code->resume_offsets == NULL
                 ? JRX_ERROR_NOMEMORY
                 : jit_install_matcher(jit_capture_emit, program, &code->plan, &code->allocator,
                                       code->resume_offsets, pool, &code->block, &code->function,
                                       sizeof code->function);
  }
  if (status == 0) {
    *result = code;
  } else {
    jit_capture_release(code);
  }
  return status;
}

void jit_capture_release(jit_capture_code *code) {
  if (code == NULL) {
    return;
  }
  jitmem_free(code->block);
  memory_free(&code->allocator, code->resume_offsets);
  jit_capture_plan_release(&code->plan, &code->allocator);
  memory_free(&code->allocator, code);
}

const jitmem_block *jit_capture_block(const jit_capture_code *code) {
  return code->block;
}

int jit_capture_scratch_create(const jit_capture_code *code, const jrx_allocator *allocator,
                               jit_capture_scratch **result) {
  jit_capture_scratch *scratch = memory_allocate(allocator, sizeof *scratch);
  if (scratch == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  *scratch = (jit_capture_scratch){.allocator = *allocator};
  scratch->slots = memory_allocate_array(allocator, code->slot_count, sizeof *scratch->slots);
  if (scratch->slots == NULL) {
    jit_capture_scratch_destroy(scratch);
    return JRX_ERROR_NOMEMORY;
  }
  *result = scratch;
  return 0;
}

void jit_capture_scratch_destroy(jit_capture_scratch *scratch) {
  if (scratch == NULL) {
    return;
  }
  memory_free(&scratch->allocator, scratch->slots);
  memory_free(&scratch->allocator, scratch->bitmap);
  memory_free(&scratch->allocator, scratch->stack);
  memory_free(&scratch->allocator, scratch);
}

int jit_capture_match(const jit_capture_code *code, jit_capture_scratch *scratch,
                      const unsigned char *subject, size_t length, size_t match_start,
                      size_t match_end, size_t start_offset, uint32_t options,
                      const size_t **slots) {
  size_t row_bytes = (size_t)1 << code->plan.row_shift;
  size_t jobs_per_row = code->plan.pushes_per_position;
  size_t rows = match_end - match_start + 1;
  if (rows > JIT_CAPTURE_MAX_SCRATCH_BYTES / (row_bytes + jobs_per_row * sizeof(jit_capture_job))) {
    return JIT_CAPTURE_SPAN_TOO_LONG;
  }
  size_t bitmap_bytes = rows * row_bytes;
  if (!memory_grow_array(&scratch->allocator, (void **)&scratch->bitmap,
                         &scratch->bitmap_capacity, bitmap_bytes, 1, bitmap_bytes) ||
      !memory_grow_array(&scratch->allocator, (void **)&scratch->stack, &scratch->stack_capacity,
                         rows * jobs_per_row, sizeof(jit_capture_job), rows * jobs_per_row)) {
    return JRX_ERROR_NOMEMORY;
  }
  memset(scratch->bitmap, 0, bitmap_bytes);
  for (uint32_t i = 0; i < code->slot_count; i++) {
    scratch->slots[i] = JRX_UNSET;
  }
  jit_capture_context context = {.subject = subject,
                                 .length = length,
                                 .start = match_start,
                                 .end = match_end,
                                 .start_offset = start_offset,
                                 .options = options,
                                 .slots = scratch->slots,
                                 .bitmap = scratch->bitmap,
                                 .stack = scratch->stack,
                                 .stack_limit = scratch->stack + rows * jobs_per_row,
                                 .resume_offsets = code->resume_offsets,
                                 .word_bytes = code->word_bytes};
  *slots = scratch->slots;
  switch (code->function(&context)) {
    case JIT_CAPTURE_RUN_MATCH:
      return 1;
    case JIT_CAPTURE_RUN_NO_MATCH:
      return JRX_NOMATCH;
    default:
      return JRX_ERROR_INTERNAL;
  }
}
