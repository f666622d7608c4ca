/* nfa_builder: internal to the NFA compiler: the instruction array with its
 * size limit and work budget, plus the leaf compilers and the analysis.
 * Compilation goes backwards, so every target is final when emitted. */
#ifndef JRX_NFA_BUILDER_H
#define JRX_NFA_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "charset.h"
#include "jrx.h"
#include "nfa.h"
#include "unicode_automata.h"

typedef struct nfa_builder {
  const jrx_allocator *allocator; /* of instructions, which the program takes over */
  nfa_instruction *instructions;
  uint32_t count;
  size_t capacity;
  uint32_t max_instructions;
  uint64_t work;     /* instructions visited by the loop rewriting so far */
  uint64_t max_work; /* beyond it the pattern is reported as too big */
  /* The stored automata copied so far (nfa_program.stored_regions). */
  uint32_t stored_region_count;
  nfa_stored_region stored_regions[NFA_MAX_STORED_REGIONS];
} nfa_builder;

void nfa_builder_init(nfa_builder *builder, uint32_t max_instructions,
                      const jrx_allocator *allocator);
void nfa_builder_release(nfa_builder *builder);

/* Makes room for more instructions. Returns 0,
 * JRX_ERROR_PROGRAM_TOO_BIG (they would pass max_instructions) or
 * JRX_ERROR_NOMEMORY. */
int nfa_builder_reserve(nfa_builder *builder, uint32_t more);

/* nfa_builder_reserve for one instruction. */
int nfa_builder_grow(nfa_builder *builder);

/* Appends one instruction and stores its index. Returns 0,
 * JRX_ERROR_PROGRAM_TOO_BIG or JRX_ERROR_NOMEMORY. Inline: a Unicode
 * property emits over a thousand. */
static inline int nfa_builder_emit(nfa_builder *builder, nfa_instruction instruction,
                                   uint32_t *index) {
  if (builder->count >= builder->capacity || builder->count >= builder->max_instructions) {
    int status = nfa_builder_grow(builder);
    if (status != 0) {
      return status;
    }
  }
  *index = builder->count;
  builder->instructions[builder->count++] = instruction;
  return 0;
}

/* Records amount units of rewriting work; JRX_ERROR_PROGRAM_TOO_BIG once
 * the budget is spent, so no pattern makes compilation slow. */
int nfa_builder_charge_work(nfa_builder *builder, uint64_t amount);

/* One code point (UTF-8 encoded in UTF mode) continuing at next. */
int nfa_compile_code_point(nfa_builder *builder, uint32_t code_point, int utf, uint32_t next,
                           uint32_t *entry);

/* Any code point of the set continuing at next: byte ranges in byte mode,
 * UTF-8 sequence automata with shared suffixes in UTF mode, copied from
 * unicode_automata.c for a set stored there. */
int nfa_compile_charset(nfa_builder *builder, const charset *set, int utf, uint32_t next,
                        uint32_t *entry);

/* nfa_compile_charset building every automaton, stored or not: what the
 * stored ones must equal (test_nfa_class_automata). */
int nfa_compile_charset_built(nfa_builder *builder, const charset *set, int utf, uint32_t next,
                              uint32_t *entry);

/* nfa_class_automata.c: the stored automaton of a UTF-mode class equal to
 * one of the big Unicode property sets, or NULL. */
const unicode_automaton *nfa_class_automaton_of(const charset *set);

/* Appends a stored automaton continuing at next and stores its entry,
 * recording it among the builder's stored regions while there is room.
 * Returns 0, JRX_ERROR_PROGRAM_TOO_BIG or JRX_ERROR_NOMEMORY. */
int nfa_class_automaton_copy(nfa_builder *builder, const unicode_automaton *automaton,
                             uint32_t next, uint32_t *entry);

/* Fills the prefilter facts and thread_capacity of a finished program.
 * Returns 0 or JRX_ERROR_NOMEMORY. */
int nfa_analyze(nfa_program *program);

/* nfa_match_reset.c: gives a program with \K its two copies of
 * instructions. Returns 0, JRX_ERROR_PROGRAM_TOO_BIG (twice the program
 * would pass max_instructions) or JRX_ERROR_NOMEMORY (the program is then
 * unchanged). */
int nfa_split_empty_threads(nfa_program *program, uint32_t max_instructions);

#endif
