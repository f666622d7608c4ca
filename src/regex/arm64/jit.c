/* jit: building and freeing native code: assembled into one buffer,
 * installed as one jitmem block (the only executable memory jrx touches).
 * Any failure installs nothing and tells the caller to interpret. */
#include "jit.h"

#include <stdbool.h>
#include <string.h>

#include "a64.h"
#include "jit_bitnfa.h"
#include "jit_code.h"
#include "jit_dfa_loop.h"
#include "jit_generation_failure.h"
#include "jit_install.h"
#include "jit_prefilter_plan.h"
#include "jrx.h"
#include "regex/memory.h"

/* Byte offsets of the generated functions inside the block. */
typedef struct jit_layout {
  size_t forward_loop;
  size_t backward_loop;
  size_t forward_first_loop; /* SIZE_MAX when there is none */
  size_t prefilter;   /* SIZE_MAX when there is none */
  bool prefilter_in_loop;
  size_t bitnfa_loop; /* SIZE_MAX when there is none */
} jit_layout;

/* Fills plan and returns true only when every match passes its probes
 * and moving the search start to the first candidate cannot change the
 * answer (see jit_search): a literal's probes when the caller has them,
 * else the program's byte sets'. */
static bool prefilter_plan(const nfa_program *program, const dfa *automaton,
                           const jit_prefilter_plan *literal_probes, jit_prefilter_plan *plan) {
  if (program->anchored || automaton->forward.uses_match_start) {
    return false;
  }
  if (literal_probes != NULL) {
    *plan = *literal_probes;
    return true;
  }
  return jit_prefilter_plan_make(program, plan);
}

/* The forward loop may jump to the next candidate by itself when the scan
 * reads only the candidate's byte (so it may stop where the loop stops),
 * no literal prefix is worth checking in C first, and the start state is
 * the same at every position (no context remembered). */
static void assemble(a64_buffer *buffer, const jit_code *code, const jit_prefilter_plan *plan,
                     jit_layout *layout) {
  const nfa_program *program = code->program;
  const dfa *automaton = code->automaton;
  bool native_skip = plan != NULL && plan->probe_count == 1 && plan->probes[0].offset == 0 &&
                     program->literal_prefix_length <= 1 &&
                     automaton->forward.remembered_context == 0;
  a64_label prefilter = native_skip ? a64_label_new(buffer) : A64_LABEL_INVALID;
  jit_dfa_loop_options forward = {DFA_FORWARD, prefilter, false, false,
                                   automaton->forward.acceleration_column * sizeof(uint32_t)};
  jit_dfa_loop_options backward = {DFA_BACKWARD, A64_LABEL_INVALID, program->utf, false,
                                    automaton->backward.acceleration_column * sizeof(uint32_t)};
  layout->prefilter_in_loop = native_skip;
  layout->forward_loop = a64_buffer_position(buffer) * sizeof(uint32_t);
  jit_dfa_loop_emit(buffer, &forward);
  layout->backward_loop = a64_buffer_position(buffer) * sizeof(uint32_t);
  jit_dfa_loop_emit(buffer, &backward);
  layout->forward_first_loop = SIZE_MAX;
  if (program->first_character_matches) {
    jit_dfa_loop_options first = forward;
    first.prefilter = A64_LABEL_INVALID;
    first.record_first_match = true;
    layout->forward_first_loop = a64_buffer_position(buffer) * sizeof(uint32_t);
    jit_dfa_loop_emit(buffer, &first);
  }
  layout->prefilter = SIZE_MAX;
  if (plan != NULL) {
    if (native_skip) {
      a64_label_bind(buffer, prefilter);
    }
    layout->prefilter = a64_buffer_position(buffer) * sizeof(uint32_t);
    jit_prefilter_emit(buffer, plan);
  }
  layout->bitnfa_loop = SIZE_MAX;
  if (code->bit_parallel != NULL) {
    layout->bitnfa_loop = a64_buffer_position(buffer) * sizeof(uint32_t);
    jit_bitnfa_emit(buffer, code->bit_parallel);
  }
}

/* The function at offset of the installed code; function pointers are
 * copied, not cast, from the object pointer jitmem hands out. */
static void function_at(void *entry, size_t offset, void *function_pointer, size_t size) {
  void *address = (char *)entry + offset;
  memcpy(function_pointer, &address, size);
}

/* Returns 0, the assembler's JRX_ERROR_* or jitmem's JITMEM_ERROR_*. */
static int install(jit_code *code, jitmem_pool *pool, const jit_prefilter_plan *plan) {
  a64_buffer buffer;
  a64_buffer_init(&buffer, code->program->allocator);
  jit_layout layout;
  assemble(&buffer, code, plan, &layout);
  void *entry = NULL;
  int status = jit_install_buffer(&buffer, pool, &code->block, &entry);
  if (status == 0) {
    function_at(entry, layout.forward_loop, &code->forward_loop, sizeof code->forward_loop);
    function_at(entry, layout.backward_loop, &code->backward_loop, sizeof code->backward_loop);
    if (layout.forward_first_loop != SIZE_MAX) {
      function_at(entry, layout.forward_first_loop, &code->forward_first_loop,
                  sizeof code->forward_first_loop);
    }
    if (layout.prefilter != SIZE_MAX) {
      function_at(entry, layout.prefilter, &code->prefilter, sizeof code->prefilter);
      code->prefilter_plan = *plan;
      code->prefilter_in_loop = layout.prefilter_in_loop;
    }
    if (layout.bitnfa_loop != SIZE_MAX) {
      function_at(entry, layout.bitnfa_loop, &code->bitnfa_loop, sizeof code->bitnfa_loop);
    }
  }
  a64_buffer_release(&buffer);
  return status;
}

int jit_compile(const nfa_program *program, const dfa *automaton, const bitnfa *bit_parallel,
                jitmem_pool *pool, jit_code **result, int *reason) {
  return jit_compile_with_probes(program, automaton, bit_parallel, NULL, pool, result, reason);
}

int jit_compile_with_probes(const nfa_program *program, const dfa *automaton,
                            const bitnfa *bit_parallel, const jit_prefilter_plan *literal_probes,
                            jitmem_pool *pool, jit_code **result, int *reason) {
  if (jit_generation_fails(JIT_PART_SEARCH)) {
    *reason = JRX_ERROR_INTERNAL;
    return JIT_UNAVAILABLE;
  }
  jit_code *code = memory_allocate_zeroed_array(program->allocator, 1, sizeof *code);
  if (code == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  code->program = program;
  code->automaton = automaton;
  code->bit_parallel = bit_parallel;
  jit_prefilter_plan plan;
  const jit_prefilter_plan *used =
      prefilter_plan(program, automaton, literal_probes, &plan) ? &plan : NULL;
  int status = install(code, pool, used);
  if (status != 0) {
    memory_free(program->allocator, code);
    if (status == JRX_ERROR_NOMEMORY) {
      return status;
    }
    *reason = status;
    return JIT_UNAVAILABLE;
  }
  *result = code;
  return 0;
}

jit_prefilter_function jit_literal_scan(const jit_code *code) {
  return jit_code_literal_scan(code);
}

void jit_release(jit_code *code) {
  if (code == NULL) {
    return;
  }
  jitmem_free(code->block);
  memory_free(code->program->allocator, code);
}

bitnfa_scan_function jit_bitnfa_scan(const jit_code *code) {
  return code->bitnfa_loop;
}
