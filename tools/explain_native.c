/* explain_native: dumps a jit_code's block. The functions' offsets are
 * recovered from their entry points (copied, never cast, from function
 * pointers) so the dump shows where each one begins. */
#include "explain_native.h"

#include <string.h>

#include "jit.h"
#include "jit_code.h"
#include "jrx.h"

/* Byte offset of a generated function inside the block starting at entry. */
static size_t offset_of(const void *entry, const void *function_pointer, size_t size) {
  const char *address = NULL;
  memcpy(&address, function_pointer, size);
  return (size_t)(address - (const char *)entry);
}

static void print_code(FILE *out, const jit_code *code) {
  const unsigned char *entry = jitmem_block_entry(code->block);
  size_t size = jitmem_block_size(code->block);
  struct {
    const char *name;
    size_t offset;
  } functions[3] = {
      {"forward DFA loop", offset_of(entry, &code->forward_loop, sizeof code->forward_loop)},
      {"backward DFA loop", offset_of(entry, &code->backward_loop, sizeof code->backward_loop)},
      {"prefilter", SIZE_MAX},
  };
  if (code->prefilter != NULL) {
    functions[2].offset = offset_of(entry, &code->prefilter, sizeof code->prefilter);
  }
  fprintf(out, "# %zu bytes of ARM64 code\n", size);
  for (size_t offset = 0; offset + 4 <= size; offset += 4) {
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
      if (functions[i].offset == offset) {
        fprintf(out, "# %s at +0x%zx\n", functions[i].name, offset);
      }
    }
    fprintf(out, "0x%02x 0x%02x 0x%02x 0x%02x\n", entry[offset], entry[offset + 1],
            entry[offset + 2], entry[offset + 3]);
  }
}

int explain_native_code(FILE *out, const nfa_program *program, const dfa *automaton) {
  jit_code *code = NULL;
  int reason = 0;
  if (jit_compile(program, automaton, NULL, &code, &reason) == JIT_UNAVAILABLE) {
    if (reason == JRX_ERROR_NOMEMORY) {
      return reason;
    }
    fprintf(out, "# no native code: %s\n", jit_unavailable_engine(reason));
    return 0;
  }
  print_code(out, code);
  jit_release(code);
  return 0;
}
