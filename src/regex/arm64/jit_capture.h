/* jit_capture: native capture groups for a match whose bounds are known.
 * Given [start, end) from the DFA, generated A64 code (a bounded
 * backtracker, RE2's BitState; see jit_capture_emit.c) finds the slots
 * pike_match would report for that match, in O(program x span) time: a
 * visited bit per (join instruction, position) lets no pair run twice.
 *
 * Which spans run native: those whose scratch fits in
 * JIT_CAPTURE_MAX_SCRATCH_BYTES, at (end - start + 1) x (a row of visited
 * bits, one per join instruction rounded up to a power of two bytes, plus
 * 16 bytes of job stack per SPLIT and SAVE instruction): about 32000
 * bytes for (a|b)*(c), 18000 for (\w+)@(\w+)\.com. Longer spans answer
 * JIT_CAPTURE_SPAN_TOO_LONG and the caller uses the Pike VM. Buffers grow
 * by doubling, so a scratch may hold up to twice the cap. The code is
 * immutable; each thread brings its own scratch. */
#ifndef JRX_JIT_CAPTURE_H
#define JRX_JIT_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "jitmem.h"
#include "jrx.h"
#include "regex/nfa.h"

/* The most a scratch grows to: bitmap and job stack together. */
#define JIT_CAPTURE_MAX_SCRATCH_BYTES ((size_t)4 << 20)

/* jit_capture_match's answer when the span is over the cap. */
#define JIT_CAPTURE_SPAN_TOO_LONG 2

typedef struct jit_capture_code jit_capture_code;
typedef struct jit_capture_scratch jit_capture_scratch;

/* Builds the code for program (which must outlive it) into pool (NULL:
 * jitmem's default pool), allocating its bookkeeping through allocator
 * (copied; its functions must stay valid). Returns 0 and stores the code,
 * or JRX_ERROR_NOMEMORY, JRX_ERROR_PROGRAM_TOO_BIG (beyond what the code
 * can address) or a JITMEM_ERROR_* status: the caller then keeps using
 * the Pike VM. */
int jit_capture_compile(const nfa_program *program, const jrx_allocator *allocator,
                        jitmem_pool *pool, jit_capture_code **result);

/* Frees the code and its executable memory; NULL is ignored. */
void jit_capture_release(jit_capture_code *code);

/* The executable block holding the code (its entry is the function's),
 * for dumps of the generated code. */
const jitmem_block *jit_capture_block(const jit_capture_code *code);

/* A scratch for matches with code, allocated through allocator; its
 * buffers grow on demand up to the cap. Returns 0 or JRX_ERROR_NOMEMORY. */
int jit_capture_scratch_create(const jit_capture_code *code, const jrx_allocator *allocator,
                               jit_capture_scratch **result);
void jit_capture_scratch_destroy(jit_capture_scratch *scratch);

/* The groups of the match [match_start, match_end) that pike_match finds
 * in subject[0..length) from start_offset with options (JRX_NOTBOL,
 * JRX_NOTEOL and \G's start_offset matter; the bounds make JRX_ANCHORED
 * and the NOTEMPTY options moot). match_start <= match_end <= length and
 * the bounds must be that match's. Reads only subject[0..length). Returns
 * 1 and points *slots at the program's slot_count slots (valid until the
 * scratch is used again), JRX_NOMATCH if no path of the program spans
 * exactly the bounds, JIT_CAPTURE_SPAN_TOO_LONG, JRX_ERROR_NOMEMORY, or
 * JRX_ERROR_INTERNAL if the job stack proved too small (a bug). */
int jit_capture_match(const jit_capture_code *code, jit_capture_scratch *scratch,
                      const unsigned char *subject, size_t length, size_t match_start,
                      size_t match_end, size_t start_offset, uint32_t options,
                      const size_t **slots);

#endif
