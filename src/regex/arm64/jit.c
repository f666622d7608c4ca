/* jit: building and freeing native code: assembled into one buffer,
 * installed as one jitmem block (the only executable memory jrx touches).
 * Any failure installs nothing and tells the caller to interpret. */
#include "jit.h"

#include <stdlib.h>
#include <string.h>

#include "a64.h"
#include "jit_code.h"
#include "jit_dfa_loop.h"
#include "jrx.h"

/* Byte offsets of the generated functions inside the block. */
typedef struct jit_layout {
  size_t forward_loop;
  size_t backward_loop;
  size_t prefilter; /* SIZE_MAX when there is none */
} jit_layout;

/* The prefilter's byte set: nonzero count only when every match of the
 * program starts with one of the bytes and moving the search start to the
 * first of them cannot change the answer (see jit_search). */
static size_t prefilter_bytes(const nfa_program *program, const dfa *automaton,
                              uint8_t bytes[JIT_PREFILTER_MAX_BYTES]) {
  if (program->anchored || automaton->forward.uses_match_start) {
    return 0;
  }
  if (program->literal_prefix_length > 0) {
    bytes[0] = program->literal_prefix[0];
    return 1;
  }
  if (program->can_match_empty) {
    return 0;
  }
  size_t count = 0;
  for (unsigned byte = 0; byte < 256; byte++) {
    if (nfa_first_byte_possible(program, (unsigned char)byte)) {
      if (count == JIT_PREFILTER_MAX_BYTES) {
        return 0;
      }
      bytes[count++] = (uint8_t)byte;
    }
  }
  return count;
}

/* The forward loop may jump to the next candidate by itself when that
 * needs no check beyond the byte (a prefix of at most one byte) and the
 * start state is the same at every position (no context remembered). */
static void assemble(a64_buffer *buffer, const nfa_program *program, const dfa *automaton,
                     const uint8_t *bytes, size_t byte_count, jit_layout *layout) {
  int native_skip = byte_count > 0 && program->literal_prefix_length <= 1 &&
                    automaton->forward.remembered_context == 0;
  a64_label prefilter = native_skip ? a64_label_new(buffer) : A64_LABEL_INVALID;
  jit_dfa_loop_options forward = {DFA_FORWARD, prefilter, true};
  jit_dfa_loop_options backward = {DFA_BACKWARD, A64_LABEL_INVALID, !program->utf};
  layout->forward_loop = a64_buffer_position(buffer) * sizeof(uint32_t);
  jit_dfa_loop_emit(buffer, &forward);
  layout->backward_loop = a64_buffer_position(buffer) * sizeof(uint32_t);
  jit_dfa_loop_emit(buffer, &backward);
  layout->prefilter = SIZE_MAX;
  if (byte_count > 0) {
    if (native_skip) {
      a64_label_bind(buffer, prefilter);
    }
    layout->prefilter = a64_buffer_position(buffer) * sizeof(uint32_t);
    jit_prefilter_emit(buffer, bytes, byte_count);
  }
}

/* The function at offset of the installed code; function pointers are
 * copied, not cast, from the object pointer jitmem hands out. */
static void function_at(void *entry, size_t offset, void *function_pointer, size_t size) {
  void *address = (char *)entry + offset;
  memcpy(function_pointer, &address, size);
}

static int install(jit_code *code, const uint8_t *bytes, size_t byte_count) {
  a64_buffer buffer;
  a64_buffer_init(&buffer);
  jit_layout layout;
  assemble(&buffer, code->program, code->automaton, bytes, byte_count, &layout);
  int status = a64_buffer_finish(&buffer);
  if (status == 0) {
    size_t count = 0;
    const uint32_t *words = a64_buffer_words(&buffer, &count);
    void *entry = NULL;
    status = jitmem_install(NULL, words, count * sizeof *words, &code->block, &entry);
    if (status == JITMEM_OK) {
      function_at(entry, layout.forward_loop, &code->forward_loop, sizeof code->forward_loop);
      function_at(entry, layout.backward_loop, &code->backward_loop, sizeof code->backward_loop);
      if (layout.prefilter != SIZE_MAX) {
        function_at(entry, layout.prefilter, &code->prefilter, sizeof code->prefilter);
      }
    }
  }
  a64_buffer_release(&buffer);
  return status;
}

int jit_compile(const nfa_program *program, const dfa *automaton, jit_code **result, int *reason) {
  jit_code *code = calloc(1, sizeof *code);
  if (code == NULL) {
    *reason = JRX_ERROR_NOMEMORY;
    return JIT_UNAVAILABLE;
  }
  code->program = program;
  code->automaton = automaton;
  uint8_t bytes[JIT_PREFILTER_MAX_BYTES];
  size_t byte_count = prefilter_bytes(program, automaton, bytes);
  code->literal_prefix_length = program->literal_prefix_length;
  int status = install(code, bytes, byte_count);
  if (status != 0) {
    free(code);
    *reason = status;
    return JIT_UNAVAILABLE;
  }
  *result = code;
  return 0;
}

void jit_release(jit_code *code) {
  if (code == NULL) {
    return;
  }
  jitmem_free(code->block);
  free(code);
}

const char *jit_unavailable_engine(int reason) {
  switch (reason) {
    case JITMEM_ERROR_NO_EXEC_ENTITLEMENT:
      return "interpreter (no executable memory: the allow-jit entitlement is missing)";
    case JITMEM_ERROR_NO_EXEC_POLICY:
      return "interpreter (no executable memory: PROT_EXEC refused by the system policy)";
    case JITMEM_ERROR_NO_EXEC_MEMFD:
      return "interpreter (no executable memory: no memfd or /dev/shm file)";
    case JITMEM_ERROR_NO_EXEC:
      return "interpreter (no executable memory)";
    case JITMEM_ERROR_NOMEMORY:
    case JRX_ERROR_NOMEMORY:
      return "interpreter (out of memory for native code)";
    default:
      return "interpreter (native code generation failed)";
  }
}
