/* jit_capture_emit: the generated capture backtracker. One block per NFA
 * instruction, run anchored at the match start and accepting only at the
 * match end; the contract with C is jit_capture_context (read at the
 * offsetof positions below) and the resume table jit_capture.c fills. */
#ifndef JRX_JIT_CAPTURE_EMIT_H
#define JRX_JIT_CAPTURE_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "a64.h"
#include "regex/backtrack.h"
#include "regex/nfa.h"

/* One run's inputs: the buffers of backtrack_scratch_prepare (a job's
 * resume index below program->count continues at that instruction's
 * resume entry); slots hold the groups after a match. */
typedef struct jit_capture_context {
  const unsigned char *subject;
  uint64_t length;
  uint64_t start;
  uint64_t end;
  uint64_t start_offset; /* for \G, read where it is tested */
  uint64_t options;      /* JRX_NOTBOL and JRX_NOTEOL are read */
  size_t *slots;
  uint8_t *bitmap;
  backtrack_job *stack;
  const backtrack_job *stack_limit; /* one past the last job */
  const uint32_t *resume_offsets; /* resume index -> byte offset from the entry */
  const uint8_t *word_bytes;      /* 256 entries: 1 for [A-Za-z0-9_] */
} jit_capture_context;

/* What the generated function returns. */
#define JIT_CAPTURE_RUN_NO_MATCH 0
#define JIT_CAPTURE_RUN_MATCH 1
#define JIT_CAPTURE_RUN_STACK_EXHAUSTED 2 /* the plan's bound was wrong: a bug */

typedef int (*jit_capture_function)(jit_capture_context *context);

/* Emits the function at the buffer's current position (its entry) and
 * stores in resume_offsets (program->count + slot_count entries) the
 * byte offset from the entry of every resume entry it emits. Returns 0 or
 * JRX_ERROR_NOMEMORY; assembly errors are left in the buffer. */
int jit_capture_emit(a64_buffer *buffer, const nfa_program *program, const backtrack_plan *plan,
                     const jrx_allocator *allocator, uint32_t *resume_offsets);

#endif
