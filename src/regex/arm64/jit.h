/* jit: a pattern's native search code: scan loops over a lazy DFA's
 * tables and a prefilter, installed through jitmem as one block and run
 * with dfa_search's contract. Immutable; each thread brings its cache. */
#ifndef JRX_JIT_H
#define JRX_JIT_H

#include <stddef.h>
#include <stdint.h>

#include "jit_prefilter.h"
#include "jitmem.h"
#include "regex/bitnfa.h"
#include "regex/dfa.h"
#include "regex/nfa.h"

typedef struct jit_code jit_code;

/* jit_compile's result when no native code could be made and the caller
 * should use the interpreter: not an error of the pattern. */
#define JIT_UNAVAILABLE 1

/* Compiles native code for automaton, the DFA of program, and for
 * bit_parallel, its bit-parallel NFA (NULL when it has none); all must
 * outlive it. The code's memory comes from the program's allocator and
 * its executable memory from pool (NULL: jitmem's default pool). Returns
 * 0 and stores the code; JRX_ERROR_NOMEMORY when the allocator fails; or
 * JIT_UNAVAILABLE and stores in *reason a jitmem status (JITMEM_ERROR_*,
 * its out-of-memory included: executable memory is the platform's to
 * refuse) or JRX_ERROR_* code saying why (jit_engine_name names it). */
int jit_compile(const nfa_program *program, const dfa *automaton, const bitnfa *bit_parallel,
                jitmem_pool *pool, jit_code **result, int *reason);

/* jit_compile whose prefilter tests literal_probes (every match must
 * pass them: a literal's rare bytes, jit_prefilter_plan_for_literal)
 * instead of probes chosen from the program's byte sets. */
int jit_compile_with_probes(const nfa_program *program, const dfa *automaton,
                            const bitnfa *bit_parallel, const jit_prefilter_plan *literal_probes,
                            jitmem_pool *pool, jit_code **result, int *reason);

/* The generated prefilter scan (jit_prefilter.h: the first candidate in
 * [from, end) passing its probes, or end), when the code has one: every
 * match passes it, so for a pattern that is a literal or a set of them
 * its candidates include every occurrence, and the literal search runs
 * it (literal_searcher_find) instead of its own kernels, whose NEON
 * table lookups cost more than compares (and much more under qemu, which
 * emulates TBL by a helper call). NULL without one or for NULL code. */
jit_prefilter_function jit_literal_scan(const jit_code *code);

/* Frees the code and its executable memory; no thread may still run it.
 * NULL is ignored. */
void jit_release(jit_code *code);

/* dfa_search with the native loops (a cache of the code's automaton):
 * the same results, skipping ahead with the prefilter where every match
 * starts with one of its bytes (stats then count skipped bytes as
 * scanned). */
int jit_search(const jit_code *code, dfa_cache *cache, const unsigned char *subject, size_t length,
               size_t start_offset, uint32_t options, size_t *match_start, size_t *match_end,
               dfa_stats *stats);

/* jit_search of an unanchored search (no JRX_ANCHORED) for a program
 * that is not anchored, has no \G and matches nothing empty, counting
 * nothing: the forward loop and the match start as dfa_search finds it,
 * with none of the rest of the general search around them
 * (dfa_search_unanchored, for jrx_match_dense, where matches are a few
 * bytes apart). Bounds, capacity and the result as dfa_search_dense's
 * (a program with a prefilter finds one match). */
int jit_search_dense(const jit_code *code, dfa_cache *cache, const unsigned char *subject,
                     size_t length, size_t start_offset, uint32_t options, size_t *bounds,
                     size_t capacity);

/* jit_search_dense with capacity 1. */
int jit_search_dense_one(const jit_code *code, dfa_cache *cache, const unsigned char *subject,
                         size_t length, size_t start_offset, uint32_t options, size_t *bounds);

/* The native loop of the bit-parallel NFA given to jit_compile, or NULL
 * when none was given. */
bitnfa_scan_function jit_bitnfa_scan(const jit_code *code);

/* jit_search skipping to the candidates of next_candidate(context, ...)
 * instead of the code's own prefilter (the generated loop may still skip
 * with its own probes, which every match passes too). */
int jit_search_skipping(const jit_code *code, dfa_cache *cache, const unsigned char *subject,
                        size_t length, size_t start_offset, uint32_t options,
                        dfa_candidate_function next_candidate, const void *context,
                        size_t *match_start, size_t *match_end, dfa_stats *stats);

#endif
