/* jit_pike_emit: the generated Pike VM. Per NFA instruction a closure
 * block (follow epsilon edges, add a thread to the list being built) and,
 * for BYTE_RANGE and MATCH, a step block (move one thread over a byte);
 * the contract with C is jit_pike_context (read at the offsetof positions)
 * and the code offset table jit_pike.c fills. */
#ifndef JRX_JIT_PIKE_EMIT_H
#define JRX_JIT_PIKE_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "a64.h"
#include "regex/backtrack_plan.h"
#include "regex/lookaround.h"
#include "regex/nfa.h"

/* A closure job: an alternative to follow (index below program->count),
 * or a slot to put back (program->count + slot) with its old value. */
typedef struct jit_pike_job {
  uint64_t code_index;
  uint64_t value;
} jit_pike_job;

/* One run's inputs and scratch. Stamps start at zero (older than any
 * generation) and keep their values between runs with generation. */
typedef struct jit_pike_context {
  const unsigned char *subject;
  uint64_t length;
  uint64_t start_offset;
  uint64_t options;
  uint32_t *stamps;             /* one per join point of the plan */
  uint64_t generation;          /* in and out: the last stamp generation used */
  uint32_t *thread_codes[2];    /* thread lists: step code index per thread */
  size_t *thread_slots[2];      /* slot_count slots per thread */
  jit_pike_job *stack;          /* jit_pike_stack_bytes(plan) bytes */
  size_t *working;              /* slot_count slots along the path being followed */
  size_t *best;                 /* slot_count slots: the match found */
  const uint32_t *code_offsets; /* code index -> byte offset from the entry */
  const uint8_t *word_bytes;    /* 256 entries: 1 for [A-Za-z0-9_] */
  const uint8_t *first_bytes;   /* 256 entries: 1 where a non-empty match may begin */
  uint64_t steps;               /* counting code only: work done, as pike_stats counts it */
  const lookaround_subject *lookarounds; /* what lookaround checks read, tables filled */
} jit_pike_context;

/* What the generated function returns. */
#define JIT_PIKE_RUN_NO_MATCH 0
#define JIT_PIKE_RUN_MATCH 1
#define JIT_PIKE_RUN_STACK_EXHAUSTED 2 /* the plan's bound was wrong: a bug */

typedef int (*jit_pike_function)(jit_pike_context *context);

/* Entries of the code offset table: a closure entry per instruction, a
 * restore entry per slot, a step entry per instruction. */
static inline size_t jit_pike_code_index_count(const nfa_program *program) {
  return 2 * (size_t)program->count + program->slot_count;
}

/* The closure stack's size: one job per SPLIT and SAVE (each runs at most
 * once per closure) and one spare, rounded so the generated bounds check
 * can compare with an immediate. */
size_t jit_pike_stack_bytes(const backtrack_plan *plan);

/* A conditional branch's reach, and about the fewest bytes an
 * instruction's blocks take (all but NFA_FAIL take two words or more; a
 * program of FAILs taken for far only gets hops it did not need). */
#define JIT_PIKE_CONDITIONAL_BRANCH_REACH ((size_t)1 << 20)
#define JIT_PIKE_MIN_BYTES_PER_INSTRUCTION ((size_t)8)

/* Emit the function at the buffer's current position (its entry) and
 * store in code_offsets (jit_pike_code_index_count entries) the byte
 * offset from the entry of every entry emitted. Return 0 or
 * JRX_ERROR_NOMEMORY; assembly errors are left in the buffer. The near
 * form takes every conditional branch to be within its +-1 MiB reach
 * (the assembler fails with JRX_ERROR_PROGRAM_TOO_BIG where one is not);
 * the far form hops over a B where the target may be further, one more
 * instruction on those paths. */
int jit_pike_emit_near(a64_buffer *buffer, const nfa_program *program,
                       const backtrack_plan *plan, const jrx_allocator *allocator,
                       uint32_t *code_offsets);
int jit_pike_emit_far(a64_buffer *buffer, const nfa_program *program,
                      const backtrack_plan *plan, const jrx_allocator *allocator,
                      uint32_t *code_offsets);

/* The same functions counting their work in context->steps: one per
 * instruction a closure visits and one per thread stepped, as pike.c
 * counts pike_stats.steps, so tests can bound the native code's work. The
 * counting costs a load and a store per step: not for production code. */
int jit_pike_emit_near_counting(a64_buffer *buffer, const nfa_program *program,
                                const backtrack_plan *plan, const jrx_allocator *allocator,
                                uint32_t *code_offsets);
int jit_pike_emit_far_counting(a64_buffer *buffer, const nfa_program *program,
                               const backtrack_plan *plan, const jrx_allocator *allocator,
                               uint32_t *code_offsets);

#endif
