/* jit_onepass: the one-pass DFA (regex/onepass.h) as native code, with
 * onepass_search's and onepass_fill's contracts and answers. The code
 * (and the byte tables it reads) is immutable; each thread brings its
 * own onepass_scratch. */
#ifndef JRX_JIT_ONEPASS_H
#define JRX_JIT_ONEPASS_H

#include <stddef.h>
#include <stdint.h>

#include "jitmem.h"
#include "jrx.h"
#include "regex/backtrack.h"
#include "regex/onepass.h"

typedef struct jit_onepass_code jit_onepass_code;

/* Builds the code of automaton (one-pass: fill and search; with
 * alternatives: the node backtracker's search alone) (which must outlive it) into pool (NULL:
 * jitmem's default pool), its bookkeeping through allocator (copied).
 * Returns 0 and stores the code, or JRX_ERROR_NOMEMORY,
 * JRX_ERROR_PROGRAM_TOO_BIG (more nodes or transitions per node than the
 * code handles), a JITMEM_ERROR_* status, or JRX_ERROR_INTERNAL when a
 * test made generation fail (jit_generation_failure.h): the caller then
 * keeps the C engine. */
int jit_onepass_compile(const onepass *automaton, const jrx_allocator *allocator,
                        jitmem_pool *pool, jit_onepass_code **result);

/* Frees the code and its executable memory; NULL is ignored. */
void jit_onepass_release(jit_onepass_code *code);

/* The executable block (its first function is fill, then search), for
 * dumps of the generated code. */
const jitmem_block *jit_onepass_block(const jit_onepass_code *code);

/* onepass_search and onepass_fill, run natively. */
int jit_onepass_search(const jit_onepass_code *code, onepass_scratch *scratch,
                       const unsigned char *subject, size_t length, size_t start,
                       size_t start_offset, uint32_t options, const size_t **slots,
                       size_t *stopped);
/* capture_search's unanchored search of an unanchored program from start
 * on, as native code: each candidate start in turn (never inside a UTF-8
 * character), the start loop's runs skipped, *failed the budget spent so
 * far (updated). Returns 1 with *slots, JRX_NOMATCH, or
 * JIT_ONEPASS_SCAN_SPENT when the budget is spent. */
int jit_onepass_scan(const jit_onepass_code *code, onepass_scratch *scratch,
                     const unsigned char *subject, size_t length, size_t start,
                     size_t start_offset, uint32_t options, size_t *failed,
                     const size_t **slots);

/* jit_onepass_scan's answers beyond 1 and JRX_NOMATCH. */
#define JIT_ONEPASS_SCAN_SPENT 3
#define JIT_ONEPASS_SCAN_HANDED 4 /* nodes: an attempt is backtrack_nodes_search's, from *start */

int jit_onepass_fill(const jit_onepass_code *code, onepass_scratch *scratch,
                     const unsigned char *subject, size_t length, size_t match_start,
                     size_t match_end, size_t start_offset, uint32_t options,
                     const size_t **slots);

/* backtrack_nodes_search for a table with alternatives, run natively
 * (no visited bits); past the native run's budget or job stack it counts
 * scratch->native_give_ups and backtrack_nodes_search answers. */
int jit_onepass_nodes_search(const jit_onepass_code *code, backtrack_scratch *scratch,
                             const unsigned char *subject, size_t length, size_t start,
                             size_t start_offset, uint32_t options, const size_t **slots,
                             size_t *stopped);

/* jit_onepass_scan for a table with alternatives: also
 * JIT_ONEPASS_SCAN_HANDED when an attempt went past the native run's
 * budget or job stack (counted in scratch->native_give_ups): *start is its
 * start, from which backtrack_nodes_search must run it. */
int jit_onepass_nodes_scan(const jit_onepass_code *code, backtrack_scratch *scratch,
                           const unsigned char *subject, size_t length, size_t *start,
                           size_t start_offset, uint32_t options, size_t *failed,
                           const size_t **slots);

#endif
