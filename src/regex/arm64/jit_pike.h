/* jit_pike: the Pike VM as generated A64 code, for the searches the lazy
 * DFA cannot finish (its cache thrashed) and for capture spans too long
 * for the backtracker's scratch. Same contract and answers as pike_match,
 * in O(subject x program) time with a scratch sized once per program: no
 * memory grows with the subject. The code is immutable; each thread
 * brings its own scratch. */
#ifndef JRX_JIT_PIKE_H
#define JRX_JIT_PIKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jitmem.h"
#include "jrx.h"
#include "regex/nfa.h"
#include "regex/pike.h"

typedef struct jit_pike_code jit_pike_code;
typedef struct jit_pike_scratch jit_pike_scratch;

/* Builds the code for program (which must outlive it) into pool (NULL:
 * jitmem's default pool), allocating its bookkeeping through allocator
 * (copied; its functions must stay valid). Returns 0 and stores the code,
 * or JRX_ERROR_NOMEMORY, JRX_ERROR_PROGRAM_TOO_BIG (code beyond a branch's
 * reach) or a JITMEM_ERROR_* status: the caller then keeps the C Pike VM. */
int jit_pike_compile(const nfa_program *program, const jrx_allocator *allocator,
                     jitmem_pool *pool, jit_pike_code **result);

/* The most instructions a program may have for jrx to build its native
 * Pike VM; longer programs run pike.c (an engine choice, not a fallback:
 * jrx_engine still says "arm64-jit", the match stats count Pike VM
 * searches in C, jrx-explain says which). Code that size (tens of bytes an
 * instruction) outgrows the caches, and a search over a long program
 * mostly runs each instruction's code a few times, so fetching it costs
 * more than pike.c interpreting the compact program: under qemu, which
 * translates code on its first run and whose translation cache it
 * overflows, `(?:a{1000}){998}` matched anchored over 998,000 bytes took
 * 50-90 s a match against pike.c's 0.9 s, and 40,000 instructions already
 * 0.4 s against 0.15 s. */
#define JIT_PIKE_MAX_INSTRUCTIONS 16384u

/* Whether jrx builds program's native Pike VM (else pike.c runs). */
static inline bool jit_pike_pays(const nfa_program *program) {
  return program->count <= JIT_PIKE_MAX_INSTRUCTIONS;
}

/* jit_pike_compile of code that also counts its work, for tests that
 * bound it: jit_pike_match then adds to its stats what pike_match would. */
int jit_pike_compile_counting(const nfa_program *program, const jrx_allocator *allocator,
                              jitmem_pool *pool, jit_pike_code **result);

/* Frees the code and its executable memory; NULL is ignored. */
void jit_pike_release(jit_pike_code *code);

/* A scratch for matches with code: thread lists, visit stamps, closure
 * stack and slots, all allocated here through allocator. Returns 0 or
 * JRX_ERROR_NOMEMORY. */
int jit_pike_scratch_create(const jit_pike_code *code, const jrx_allocator *allocator,
                            jit_pike_scratch **result);
void jit_pike_scratch_destroy(jit_pike_scratch *scratch);

/* Whether the next jit_pike_match's subject is the last one's, unchanged
 * (lookaround_tables_keep_subject). */
void jit_pike_scratch_keep_subject(jit_pike_scratch *scratch, bool kept);

/* pike_match's search: the leftmost-first match in subject[0..length) from
 * start_offset (<= length) with options (JRX_ANCHORED, JRX_NOTBOL,
 * JRX_NOTEOL, JRX_NOTEMPTY, JRX_NOTEMPTY_ATSTART). Returns 1 and points
 * *slots at the program's slot_count slots (valid until the scratch is
 * used again), JRX_NOMATCH, the error of filling the lookaround tables
 * (JRX_ERROR_LOOKAROUND_TABLE_LIMIT, JRX_ERROR_NOMEMORY), or
 * JRX_ERROR_INTERNAL if the closure stack proved too small (a bug). Reads only subject[0..length). With code from
 * jit_pike_compile_counting and stats not NULL, adds the work done to
 * stats (pike_match's measure: the two must agree; lookaround work is
 * counted by the C checks the code calls); other code counts nothing. */
int jit_pike_match(const jit_pike_code *code, jit_pike_scratch *scratch,
                   const unsigned char *subject, size_t length, size_t start_offset,
                   uint32_t options, const size_t **slots, pike_stats *stats);

/* The executable block holding the code (its entry is the function's),
 * for dumps of the generated code. */
const jitmem_block *jit_pike_block(const jit_pike_code *code);

/* For tests of the generation counter's wrap-around: the stamp generation
 * the next match starts from. */
void jit_pike_scratch_set_generation(jit_pike_scratch *scratch, uint32_t generation);

#endif
