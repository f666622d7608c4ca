/* backtrack: the bounded backtracker (RE2's BitState) that fills the
 * capture groups of a match whose bounds are known, in C; the arm64 build
 * runs the same algorithm as generated code (arm64/jit_capture.h), over
 * the same plan (backtrack_plan.h) and the same scratch (below).
 *
 * Given [start, end) from the DFA, it tries the program's paths from start
 * in priority order, accepting only at end, so the first path it accepts
 * is the one pike_match reports for that match. A visited bit per (join
 * instruction, position) lets no pair run twice: O(program x span) time.
 * Its failure mode is "gives up", never "goes exponential": spans whose
 * scratch would exceed BACKTRACK_MAX_SCRATCH_BYTES answer
 * BACKTRACK_SPAN_TOO_LONG and the caller uses the Pike VM. */
#ifndef JRX_BACKTRACK_H
#define JRX_BACKTRACK_H

#include <stddef.h>
#include <stdint.h>

#include "backtrack_plan.h"
#include "jrx.h"
#include "nfa.h"

/* The most a scratch's bitmap and job stack grow to for one match: at
 * (end - start + 1) x (a row of visited bits, one per join instruction
 * rounded up to a power of two bytes, plus 16 bytes of job stack per SPLIT
 * and SAVE instruction), about 32000 bytes for (a|b)*(c), 18000 for
 * (\w+)@(\w+)\.com. Buffers grow by doubling, so a scratch may hold up to
 * twice this. */
#define BACKTRACK_MAX_SCRATCH_BYTES ((size_t)4 << 20)

/* The answer for a span over the cap. */
#define BACKTRACK_SPAN_TOO_LONG 2

/* A job on the stack: resume index and a position (resume index below
 * program->count: continue at that instruction from that position), or a
 * saved slot value (index program->count + slot: put it back). */
typedef struct backtrack_job {
  uint64_t resume_index;
  uint64_t value;
} backtrack_job;

/* One match's buffers, sized by backtrack_scratch_prepare: slots start as
 * JRX_UNSET, the bitmap (end - start + 1) << row_shift zero bytes, the
 * stack room for pushes_per_position * (end - start + 1) jobs, which no
 * run can exceed (each SPLIT and SAVE pushes at most once per position). */
typedef struct backtrack_buffers {
  size_t *slots;
  uint8_t *bitmap;
  backtrack_job *stack;
  const backtrack_job *stack_limit; /* one past the last job */
} backtrack_buffers;

/* The memory of the matches one thread runs, for every backtracker; its
 * buffers only grow (doubling), up to BACKTRACK_MAX_SCRATCH_BYTES for one
 * match. */
typedef struct backtrack_scratch {
  jrx_allocator allocator;
  uint32_t slot_count;
  size_t *slots;
  uint8_t *bitmap;
  size_t bitmap_capacity; /* bytes */
  backtrack_job *stack;
  size_t stack_capacity; /* jobs */
  uint64_t bit_reruns;   /* node backtracker runs redone with visited bits (backtrack_nodes.h) */
  uint64_t native_give_ups; /* native node backtracker runs handed to C (jit_onepass.h) */
} backtrack_scratch;

/* A scratch for programs of slot_count slots, allocated through allocator
 * (copied; its functions must stay valid); its buffers grow on demand up
 * to the cap. Returns 0 or JRX_ERROR_NOMEMORY. */
int backtrack_scratch_create(uint32_t slot_count, const jrx_allocator *allocator,
                             backtrack_scratch **result);
void backtrack_scratch_destroy(backtrack_scratch *scratch);

/* Sizes and clears the buffers for a match spanning span_length bytes.
 * Returns 0, BACKTRACK_SPAN_TOO_LONG or JRX_ERROR_NOMEMORY. */
int backtrack_scratch_prepare(backtrack_scratch *scratch, const backtrack_plan *plan,
                              size_t span_length, backtrack_buffers *buffers);

/* The portable backtracker of one program (which must outlive it). */
typedef struct backtrack {
  const nfa_program *program;
  jrx_allocator allocator;
  backtrack_plan plan;
} backtrack;

/* Plans program's backtracker. Returns 0 or JRX_ERROR_NOMEMORY. */
int backtrack_create(const nfa_program *program, const jrx_allocator *allocator,
                     backtrack *result);
void backtrack_release(backtrack *backtracker);

/* The groups of the match [match_start, match_end) that pike_match finds
 * in subject[0..length) from start_offset with options (JRX_NOTBOL,
 * JRX_NOTEOL and \G's start_offset matter; the bounds make JRX_ANCHORED
 * and the NOTEMPTY options moot). match_start <= match_end <= length and
 * the bounds must be that match's. Returns 1 and points *slots at the
 * program's slot_count slots (valid until the scratch is used again),
 * JRX_NOMATCH if no path of the program spans exactly the bounds,
 * BACKTRACK_SPAN_TOO_LONG, JRX_ERROR_NOMEMORY, or JRX_ERROR_INTERNAL if
 * the job stack proved too small (a bug). */
int backtrack_match(const backtrack *backtracker, backtrack_scratch *scratch,
                    const unsigned char *subject, size_t length, size_t match_start,
                    size_t match_end, size_t start_offset, uint32_t options,
                    const size_t **slots);

#endif
