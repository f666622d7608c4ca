/* explain_native: dumps every block of native code a pattern gets: the
 * DFA loops, prefilter and bit-parallel NFA loop (one block), the Pike VM and, for patterns with
 * groups, the capture engine's (one-pass DFA or backtracker). The DFA block's function offsets are
 * recovered from their entry points (copied, never cast, from function
 * pointers) so the dump shows where each one begins. */
#include "explain_native.h"

#include <string.h>

#include "jit.h"
#include "jit_capture.h"
#include "jit_code.h"
#include "jit_engine_name.h"
#include "jit_onepass.h"
#include "jit_pike.h"
#include "jrx.h"
#include "regex/capture.h"
#include "regex/memory.h"

typedef struct named_offset {
  const char *name;
  size_t offset; /* SIZE_MAX: not in this block */
} named_offset;

/* Byte offset of a generated function inside the block starting at entry. */
static size_t offset_of(const void *entry, const void *function_pointer, size_t size) {
  const char *address = NULL;
  memcpy(&address, function_pointer, size);
  return (size_t)(address - (const char *)entry);
}

static void print_block(FILE *out, const jitmem_block *block, const named_offset *functions,
                        size_t function_count) {
  const unsigned char *entry = jitmem_block_entry(block);
  size_t size = jitmem_block_size(block);
  fprintf(out, "# %zu bytes of ARM64 code\n", size);
  for (size_t offset = 0; offset + 4 <= size; offset += 4) {
    for (size_t i = 0; i < function_count; i++) {
      if (functions[i].offset == offset) {
        fprintf(out, "# %s at +0x%zx\n", functions[i].name, offset);
      }
    }
    fprintf(out, "0x%02x 0x%02x 0x%02x 0x%02x\n", entry[offset], entry[offset + 1],
            entry[offset + 2], entry[offset + 3]);
  }
}

static void print_search_code(FILE *out, const jit_code *code) {
  const unsigned char *entry = jitmem_block_entry(code->block);
  named_offset functions[4] = {
      {"forward DFA loop", offset_of(entry, &code->forward_loop, sizeof code->forward_loop)},
      {"backward DFA loop", offset_of(entry, &code->backward_loop, sizeof code->backward_loop)},
      {"prefilter", SIZE_MAX},
      {"bit-parallel NFA loop", SIZE_MAX},
  };
  if (code->prefilter != NULL) {
    functions[2].offset = offset_of(entry, &code->prefilter, sizeof code->prefilter);
  }
  if (code->bitnfa_loop != NULL) {
    functions[3].offset = offset_of(entry, &code->bitnfa_loop, sizeof code->bitnfa_loop);
  }
  print_block(out, code->block, functions, 4);
}

/* The Pike VM and the capture backtracker are each one function at the
 * start of its block (the one-pass DFA two); status is what building it
 * returned. */
static void print_matcher(FILE *out, const char *name, int status, const jitmem_block *block) {
  if (status != 0) {
    fprintf(out, "# no native %s: error %d\n", name, status);
    return;
  }
  const named_offset entry = {name, 0};
  print_block(out, block, &entry, 1);
}

/* The native code of the capture engine jrx_compile chooses for the
 * groups (a pattern without groups may get a whole-match search too:
 * capture_engines_build's whole_search, not shown). */
static int print_capture_code(FILE *out, const nfa_program *program, const dfa *automaton) {
  capture_engines engines;
  int native_failure = 0;
  int status = capture_engines_build(&engines, program, automaton->forward.class_of,
                                     automaton->forward.class_count, memory_default_allocator(),
                                     1, 0, NULL, &native_failure);
  if (status != 0) {
    return status;
  }
  if (engines.native_onepass != NULL) {
    const named_offset entry = {"one-pass DFA (fill, then search)", 0};
    print_block(out, jit_onepass_block(engines.native_onepass), &entry, 1);
  } else if (engines.native_nodes != NULL) {
    const named_offset entry = {"node backtracker over the one-pass table (search)", 0};
    print_block(out, jit_onepass_block(engines.native_nodes), &entry, 1);
  } else if (engines.native_backtracker != NULL) {
    print_matcher(out, "capture backtracker", 0, jit_capture_block(engines.native_backtracker));
  } else if (engines.kind != CAPTURE_ENGINE_NONE) {
    fprintf(out, "# no native capture code (the %s runs in C)\n", capture_engine_name(&engines));
  }
  if (engines.native_whole_match != NULL) {
    const named_offset entry = {"one-pass DFA of the whole match (fill, then search)", 0};
    print_block(out, jit_onepass_block(engines.native_whole_match), &entry, 1);
  }
  capture_engines_release(&engines);
  return 0;
}

static int print_matcher_code(FILE *out, const nfa_program *program, const dfa *automaton) {
  const jrx_allocator *allocator = memory_default_allocator();
  jit_pike_code *pike = NULL;
  int status = jit_pike_compile(program, allocator, NULL, &pike);
  if (status == JRX_ERROR_NOMEMORY) {
    return status;
  }
  print_matcher(out, "Pike VM", status, status == 0 ? jit_pike_block(pike) : NULL);
  jit_pike_release(pike);
  return print_capture_code(out, program, automaton);
}

int explain_native_code(FILE *out, const nfa_program *program, const dfa *automaton,
                        const bitnfa *bit_parallel) {
  jit_code *code = NULL;
  int reason = 0;
  if (jit_compile(program, automaton, bit_parallel, NULL, &code, &reason) == JIT_UNAVAILABLE) {
    if (reason == JRX_ERROR_NOMEMORY) {
      return reason;
    }
    fprintf(out, "# no native code: %s\n", jit_engine_name(JIT_PART_SEARCH, reason));
    return 0;
  }
  print_search_code(out, code);
  jit_release(code);
  return print_matcher_code(out, program, automaton);
}
