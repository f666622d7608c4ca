/* jit_capture: building, installing and running the capture backtracker.
 * The code block, its resume table and its plan have one owner, the
 * jit_capture_code, all through the allocator given; the buffers of a
 * match come from the caller's backtrack_scratch. */
#include "jit_capture.h"

#include <string.h>

#include "jit_assertion_emit.h"
#include "jit_capture_emit.h"
#include "jit_generation_failure.h"
#include "jit_install.h"
#include "regex/memory.h"

struct jit_capture_code {
  jrx_allocator allocator;
  backtrack_plan plan;
  uint32_t *resume_offsets;
  uint8_t word_bytes[256];
  jitmem_block *block; /* owns function */
  jit_capture_function function;
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
  jit_fill_word_bytes(code->word_bytes);
  int status = backtrack_plan_create(program, allocator, &code->plan);
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
  backtrack_plan_release(&code->plan, &code->allocator);
  memory_free(&code->allocator, code);
}

const jitmem_block *jit_capture_block(const jit_capture_code *code) {
  return code->block;
}

int jit_capture_match(const jit_capture_code *code, backtrack_scratch *scratch,
                      const unsigned char *subject, size_t length, size_t match_start,
                      size_t match_end, size_t start_offset, uint32_t options,
                      const size_t **slots) {
  backtrack_buffers buffers;
  int status = backtrack_scratch_prepare(scratch, &code->plan, match_end - match_start, &buffers);
  if (status != 0) {
    return status;
  }
  jit_capture_context context = {.subject = subject,
                                 .length = length,
                                 .start = match_start,
                                 .end = match_end,
                                 .start_offset = start_offset,
                                 .options = options,
                                 .slots = buffers.slots,
                                 .bitmap = buffers.bitmap,
                                 .stack = buffers.stack,
                                 .stack_limit = buffers.stack_limit,
                                 .resume_offsets = code->resume_offsets,
                                 .word_bytes = code->word_bytes};
  *slots = buffers.slots;
  switch (code->function(&context)) {
    case JIT_CAPTURE_RUN_MATCH:
      return 1;
    case JIT_CAPTURE_RUN_NO_MATCH:
      return JRX_NOMATCH;
    default:
      return JRX_ERROR_INTERNAL;
  }
}
