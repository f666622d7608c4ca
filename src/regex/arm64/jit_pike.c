/* jit_pike: building, installing and running the native Pike VM. The
 * code block and its offset table have one owner, the jit_pike_code; a
 * scratch owns the thread lists, stamps, closure stack and slots of the
 * matches run with it, all sized at creation from the program. */
#include "jit_pike.h"

#include <stdbool.h>
#include <string.h>

#include "jit_assertion_emit.h"
#include "jit_generation_failure.h"
#include "jit_install.h"
#include "jit_pike_emit.h"
#include "regex/lookaround.h"
#include "regex/lookaround_table.h"
#include "regex/memory.h"

struct jit_pike_code {
  jrx_allocator allocator;
  const nfa_program *program; /* for the lookaround checks the code calls */
  uint32_t slot_count;
  uint32_t thread_capacity;
  uint32_t join_count;
  size_t stack_bytes;
  uint32_t *code_offsets;
  uint8_t word_bytes[256];
  uint8_t first_bytes[256];
  jitmem_block *block; /* owns function */
  jit_pike_function function;
};

struct jit_pike_scratch {
  jrx_allocator allocator;
  uint32_t *stamps;
  uint32_t generation;
  uint32_t *thread_codes[2];
  size_t *thread_slots[2];
  jit_pike_job *stack;
  size_t *working;
  size_t *best;
  lookaround_tables *tables; /* NULL when no lookaround has a table */
};

static int install(jit_pike_code *code, const nfa_program *program, const backtrack_plan *plan,
                   jitmem_pool *pool, jit_matcher_emitter emit) {
  return jit_install_matcher(emit, program, plan, &code->allocator, code->code_offsets, pool,
                             &code->block, &code->function, sizeof code->function);
}

static void fill_byte_tables(jit_pike_code *code, const nfa_program *program) {
  jit_fill_word_bytes(code->word_bytes);
  for (unsigned byte = 0; byte < 256; byte++) {
    code->first_bytes[byte] = (uint8_t)nfa_first_byte_possible(program, (unsigned char)byte);
  }
}

static int build(const nfa_program *program, const jrx_allocator *allocator, jitmem_pool *pool,
                 bool count_steps, jit_pike_code **result) {
  if (jit_generation_fails(JIT_PART_PIKE_VM)) {
    return JRX_ERROR_INTERNAL;
  }
  jit_pike_code *code = memory_allocate(allocator, sizeof *code);
  if (code == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  memset(code, 0, sizeof *code);
  code->allocator = *allocator;
  code->program = program;
  code->slot_count = program->slot_count;
  code->thread_capacity = program->thread_capacity;
  fill_byte_tables(code, program);
  backtrack_plan plan;
  int status = backtrack_plan_create(program, allocator, &plan);
  if (status == 0) {
    code->join_count = plan.join_count;
    code->stack_bytes = jit_pike_stack_bytes(&plan);
    code->code_offsets = memory_allocate_zeroed_array(
        allocator, jit_pike_code_index_count(program), sizeof *code->code_offsets);
    /* Most programs' code is far below a conditional branch's reach; the
     * others are built again with hops, or at once when even the smallest
     * code their size allows would not fit. */
    int surely_far = (size_t)program->count * JIT_PIKE_MIN_BYTES_PER_INSTRUCTION >=
                     JIT_PIKE_CONDITIONAL_BRANCH_REACH;
    jit_matcher_emitter near = count_steps ? jit_pike_emit_near_counting : jit_pike_emit_near;
    jit_matcher_emitter far = count_steps ? jit_pike_emit_far_counting : jit_pike_emit_far;
    status = code->code_offsets == NULL ? JRX_ERROR_NOMEMORY
             : surely_far               ? JRX_ERROR_PROGRAM_TOO_BIG
                                        : install(code, program, &plan, pool, near);
    if (status == JRX_ERROR_PROGRAM_TOO_BIG) {
      status = install(code, program, &plan, pool, far);
    }
    backtrack_plan_release(&plan, allocator);
  }
  if (status == 0) {
    *result = code;
  } else {
    jit_pike_release(code);
  }
  return status;
}

int jit_pike_compile(const nfa_program *program, const jrx_allocator *allocator,
                     jitmem_pool *pool, jit_pike_code **result) {
  return build(program, allocator, pool, false, result);
}

int jit_pike_compile_counting(const nfa_program *program, const jrx_allocator *allocator,
                              jitmem_pool *pool, jit_pike_code **result) {
  return build(program, allocator, pool, true, result);
}

void jit_pike_release(jit_pike_code *code) {
  if (code == NULL) {
    return;
  }
  jitmem_free(code->block);
  memory_free(&code->allocator, code->code_offsets);
  memory_free(&code->allocator, code);
}

int jit_pike_scratch_create(const jit_pike_code *code, const jrx_allocator *allocator,
                            jit_pike_scratch **result) {
  jit_pike_scratch *scratch = memory_allocate(allocator, sizeof *scratch);
  if (scratch == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  *scratch = (jit_pike_scratch){.allocator = *allocator};
  size_t slots = code->slot_count;
  size_t threads = code->thread_capacity;
  /* At least one of each, so no allocation is of zero bytes. */
  scratch->stamps =
      memory_allocate_zeroed_array(allocator, code->join_count + 1u, sizeof *scratch->stamps);
  scratch->stack = memory_allocate(allocator, code->stack_bytes);
  scratch->working = memory_allocate_array(allocator, slots, sizeof *scratch->working);
  scratch->best = memory_allocate_array(allocator, slots, sizeof *scratch->best);
  int complete = scratch->stamps != NULL && scratch->stack != NULL &&
                 scratch->working != NULL && scratch->best != NULL &&
                 lookaround_tables_create(code->program, &scratch->tables) == 0;
  for (int i = 0; i < 2; i++) {
    scratch->thread_codes[i] =
        memory_allocate_array(allocator, threads + 1, sizeof *scratch->thread_codes[i]);
    scratch->thread_slots[i] =
        memory_allocate_array(allocator, (threads + 1) * slots, sizeof *scratch->thread_slots[i]);
    complete = complete && scratch->thread_codes[i] != NULL && scratch->thread_slots[i] != NULL;
  }
  if (!complete) {
    jit_pike_scratch_destroy(scratch);
    return JRX_ERROR_NOMEMORY;
  }
  *result = scratch;
  return 0;
}

void jit_pike_scratch_destroy(jit_pike_scratch *scratch) {
  if (scratch == NULL) {
    return;
  }
  const jrx_allocator *allocator = &scratch->allocator;
  for (int i = 0; i < 2; i++) {
    memory_free(allocator, scratch->thread_codes[i]);
    memory_free(allocator, scratch->thread_slots[i]);
  }
  memory_free(allocator, scratch->stamps);
  memory_free(allocator, scratch->stack);
  memory_free(allocator, scratch->working);
  memory_free(allocator, scratch->best);
  lookaround_tables_destroy(scratch->tables);
  memory_free(allocator, scratch);
}

const jitmem_block *jit_pike_block(const jit_pike_code *code) {
  return code->block;
}

void jit_pike_scratch_keep_subject(jit_pike_scratch *scratch, bool kept) {
  lookaround_tables_keep_subject(scratch->tables, kept);
}

void jit_pike_scratch_set_generation(jit_pike_scratch *scratch, uint32_t generation) {
  scratch->generation = generation;
}

int jit_pike_match(const jit_pike_code *code, jit_pike_scratch *scratch,
                   const unsigned char *subject, size_t length, size_t start_offset,
                   uint32_t options, const size_t **slots, pike_stats *stats) {
  uint64_t lookaround_steps = 0;
  grapheme_regional_cache regional_cache = {.known = false};
  lookaround_subject lookarounds = {
      .program = code->program,
      .subject = subject,
      .length = length,
      .start_offset = start_offset,
      .options = options,
      .check_from = lookaround_check_from(code->program, subject, length, start_offset),
      .work = stats != NULL ? &lookaround_steps : NULL,
      .regional_cache = &regional_cache};
  int status = scratch->tables != NULL ? lookaround_tables_fill(scratch->tables, &lookarounds) : 0;
  if (status != 0) {
    return status;
  }
  jit_pike_context context = {.subject = subject,
                              .length = length,
                              .start_offset = start_offset,
                              .options = options,
                              .stamps = scratch->stamps,
                              .generation = scratch->generation,
                              .thread_codes = {scratch->thread_codes[0], scratch->thread_codes[1]},
                              .thread_slots = {scratch->thread_slots[0], scratch->thread_slots[1]},
                              .stack = scratch->stack,
                              .working = scratch->working,
                              .best = scratch->best,
                              .code_offsets = code->code_offsets,
                              .word_bytes = code->word_bytes,
                              .first_bytes = code->first_bytes,
                              .lookarounds = &lookarounds};
  int result = code->function(&context);
  scratch->generation = (uint32_t)context.generation;
  if (stats != NULL) {
    stats->steps += context.steps;
    stats->lookaround_steps += lookaround_steps;
  }
  *slots = scratch->best;
  switch (result) {
    case JIT_PIKE_RUN_MATCH:
      return 1;
    case JIT_PIKE_RUN_NO_MATCH:
      return JRX_NOMATCH;
    default:
      return JRX_ERROR_INTERNAL;
  }
}
