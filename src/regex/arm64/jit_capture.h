/* jit_capture: native capture groups for a match whose bounds are known:
 * backtrack.c's bounded backtracker (RE2's BitState) as generated A64 code
 * (see jit_capture_emit.c), over the same plan and scratch, with the same
 * answers and the same span cap (BACKTRACK_SPAN_TOO_LONG beyond it). The
 * code is immutable; each thread brings its own backtrack_scratch. */
#ifndef JRX_JIT_CAPTURE_H
#define JRX_JIT_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "jitmem.h"
#include "jrx.h"
#include "regex/backtrack.h"
#include "regex/nfa.h"

typedef struct jit_capture_code jit_capture_code;

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

/* backtrack_match's answer, from the native code, with a scratch made for
 * the program's slot count. Reads only subject[0..length). */
int jit_capture_match(const jit_capture_code *code, backtrack_scratch *scratch,
                      const unsigned char *subject, size_t length, size_t match_start,
                      size_t match_end, size_t start_offset, uint32_t options,
                      const size_t **slots);

#endif
