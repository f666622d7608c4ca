/* jit_onepass: building, installing and running the native one-pass DFA.
 * The code block and the byte tables have one owner, the
 * jit_onepass_code, allocated through the allocator given. */
#include "jit_onepass.h"

#include <string.h>

#include "jit_assertion_emit.h"
#include "jit_generation_failure.h"
#include "jit_install.h"
#include "jit_onepass_emit.h"
#include "regex/backtrack_nodes.h"
#include "regex/capture_starts.h"
#include "regex/memory.h"

struct jit_onepass_code {
  jrx_allocator allocator;
  const onepass *automaton;
  uint8_t *tables; /* node_count * 256 */
  uint8_t word_bytes[256];
  /* An unanchored program's candidate starts (jit_onepass_context.starts),
   * then its start loop's stays table when it has one, then the second
   * bytes of the starts' pairs (JIT_ONEPASS_SECONDS_OFFSET). */
  uint8_t starts[JIT_ONEPASS_SECONDS_OFFSET + 256];
  jitmem_block *block; /* owns both functions */
  jit_onepass_function fill;
  jit_onepass_function search;
};

/* The candidate starts of an unanchored program (code->starts): those of
 * capture_starts, or every byte when the program can match the empty
 * string; whether their second bytes are checked. */
static bool fill_starts(jit_onepass_code *code) {
  const onepass *automaton = code->automaton;
  const nfa_program *program = automaton->program;
  capture_starts pairs;
  capture_starts_build(&pairs, program, automaton);
  for (unsigned byte = 0; byte < 256; byte++) {
    int inside_character = program->utf && (byte & 0xc0u) == 0x80u;
    code->starts[byte] = inside_character          ? 0
                         : program->can_match_empty ? CAPTURE_STARTS_ANY_SECOND
                                                    : pairs.first[byte];
  }
  code->starts[256] = (uint8_t)program->can_match_empty;
  memcpy(&code->starts[JIT_ONEPASS_SECONDS_OFFSET], pairs.second, 256);
  uint32_t loop = onepass_start_loop(automaton);
  if (loop != ONEPASS_NO_LOOP) {
    memcpy(&code->starts[JIT_ONEPASS_STARTS_SIZE],
           automaton->loops[onepass_loop_word(automaton, loop)].stays, 256);
  }
  return pairs.paired && !program->can_match_empty;
}

static int install(jit_onepass_code *code, bool paired_starts, jitmem_pool *pool) {
  a64_buffer buffer;
  a64_buffer_init(&buffer, &code->allocator);
  uint32_t entry_offsets[2];
  int status = jit_onepass_emit(&buffer, code->automaton, code->tables, paired_starts,
                                &code->allocator, entry_offsets);
  void *entry = NULL;
  if (status == 0) {
    status = jit_install_buffer(&buffer, pool, &code->block, &entry);
  }
  if (status == 0) {
    void *search = (char *)entry + entry_offsets[1];
    if (code->automaton->one_pass) {
      memcpy(&code->fill, &entry, sizeof code->fill);
    }
    memcpy(&code->search, &search, sizeof code->search);
  }
  a64_buffer_release(&buffer);
  return status;
}

int jit_onepass_compile(const onepass *automaton, const jrx_allocator *allocator,
                        jitmem_pool *pool, jit_onepass_code **result) {
  if (automaton->node_count > JIT_ONEPASS_MAX_NODES) {
    return JRX_ERROR_PROGRAM_TOO_BIG;
  }
  if (jit_generation_fails(JIT_PART_CAPTURES)) {
    return JRX_ERROR_INTERNAL;
  }
  jit_onepass_code *code = memory_allocate(allocator, sizeof *code);
  if (code == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  memset(code, 0, sizeof *code);
  code->allocator = *allocator;
  code->automaton = automaton;
  jit_fill_word_bytes(code->word_bytes);
  bool paired_starts = fill_starts(code);
  code->tables = memory_allocate_array(allocator, automaton->node_count, 256);
  int status = code->tables == NULL ? JRX_ERROR_NOMEMORY
                                    : jit_onepass_tables(automaton, code->tables);
  if (status == 0) {
    status = install(code, paired_starts, pool);
  }
  if (status == 0) {
    *result = code;
  } else {
    jit_onepass_release(code);
  }
  return status;
}

void jit_onepass_release(jit_onepass_code *code) {
  if (code == NULL) {
    return;
  }
  jitmem_free(code->block);
  memory_free(&code->allocator, code->tables);
  memory_free(&code->allocator, code);
}

const jitmem_block *jit_onepass_block(const jit_onepass_code *code) {
  return code->block;
}

/* One anchored run of function over [match_start, match_end). */
static int run(const jit_onepass_code *code, jit_onepass_function function,
               onepass_scratch *scratch, const unsigned char *subject, size_t length,
               size_t match_start, size_t match_end, size_t start_offset, uint32_t options,
               const size_t **slots, size_t *stopped) {
  jit_onepass_context parts = {.tables = code->tables, .word_bytes = code->word_bytes};
  onepass_scratch_slots(scratch, &parts.slots, &parts.best);
  jit_onepass_context context = jit_onepass_run_context(&parts, subject, length, match_start,
                                                        match_end, start_offset, options);
  int result = function(&context);
  *stopped = context.stopped;
  return jit_onepass_run_answer(result, &context, slots);
}

int jit_onepass_search(const jit_onepass_code *code, onepass_scratch *scratch,
                       const unsigned char *subject, size_t length, size_t start,
                       size_t start_offset, uint32_t options, const size_t **slots,
                       size_t *stopped) {
  if (code->automaton->program->utf && start < length && (subject[start] & 0xc0u) == 0x80u) {
    *stopped = start;
    return JRX_NOMATCH;
  }
  return run(code, code->search, scratch, subject, length, start, length, start_offset, options,
             slots, stopped);
}

int jit_onepass_fill(const jit_onepass_code *code, onepass_scratch *scratch,
                     const unsigned char *subject, size_t length, size_t match_start,
                     size_t match_end, size_t start_offset, uint32_t options,
                     const size_t **slots) {
  size_t stopped;
  return run(code, code->fill, scratch, subject, length, match_start, match_end, start_offset,
             options, slots, &stopped);
}

/* The native nodes search from start, one anchored attempt, its stack
 * ready; the generated code's answer. */
static int run_nodes(const jit_onepass_code *code, backtrack_scratch *scratch,
                     const unsigned char *subject, size_t length, size_t start,
                     size_t start_offset, uint32_t options, size_t *stopped) {
  jit_onepass_context parts = {
      .slots = scratch->slots, .tables = code->tables, .word_bytes = code->word_bytes};
  jit_onepass_context context =
      jit_onepass_run_context(&parts, subject, length, start, length, start_offset, options);
  context.stack = scratch->stack;
  context.stack_end = scratch->stack + JIT_ONEPASS_STACK_JOBS;
  int result = code->search(&context);
  *stopped = context.stopped;
  return result;
}

/* Whether the scratch's job stack holds what the native code may push. */
static int nodes_stack_ready(backtrack_scratch *scratch) {
  return scratch->stack_capacity >= JIT_ONEPASS_STACK_JOBS ||
         memory_grow_array(&scratch->allocator, (void **)&scratch->stack, &scratch->stack_capacity,
                           JIT_ONEPASS_STACK_JOBS, sizeof(backtrack_job), JIT_ONEPASS_STACK_JOBS);
}

int jit_onepass_nodes_search(const jit_onepass_code *code, backtrack_scratch *scratch,
                             const unsigned char *subject, size_t length, size_t start,
                             size_t start_offset, uint32_t options, const size_t **slots,
                             size_t *stopped) {
  *stopped = start;
  if (code->automaton->program->utf && start < length && (subject[start] & 0xc0u) == 0x80u) {
    return JRX_NOMATCH;
  }
  if (!nodes_stack_ready(scratch)) {
    return JRX_ERROR_NOMEMORY;
  }
  switch (run_nodes(code, scratch, subject, length, start, start_offset, options, stopped)) {
    case JIT_ONEPASS_RUN_MATCH:
      *slots = scratch->slots;
      return 1;
    case JIT_ONEPASS_RUN_NO_MATCH:
      return JRX_NOMATCH;
    default:
      scratch->native_give_ups++;
      return backtrack_nodes_search(code->automaton, scratch, subject, length, start,
                                    start_offset, options, slots, stopped);
  }
}

int jit_onepass_scanner_create(const jit_onepass_code *code, onepass_scratch *one_pass,
                               backtrack_scratch *nodes, const jrx_allocator *allocator,
                               jit_onepass_scanner **result) {
  jit_onepass_scanner *scanner = memory_allocate(allocator, sizeof *scanner);
  if (scanner == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  *scanner = (jit_onepass_scanner){.context = {.tables = code->tables,
                                               .word_bytes = code->word_bytes,
                                               .starts = code->starts},
                                   .search = code->search,
                                   .nodes = nodes,
                                   .allocator = *allocator};
  if (nodes != NULL) {
    /* The stack only grows: every scan finds room there. */
    if (!nodes_stack_ready(nodes)) {
      memory_free(allocator, scanner);
      return JRX_ERROR_NOMEMORY;
    }
    scanner->context.slots = nodes->slots;
  } else {
    onepass_scratch_slots(one_pass, &scanner->context.slots, &scanner->context.best);
  }
  *result = scanner;
  return 0;
}

void jit_onepass_scanner_destroy(jit_onepass_scanner *scanner) {
  if (scanner != NULL) {
    memory_free(&scanner->allocator, scanner);
  }
}
