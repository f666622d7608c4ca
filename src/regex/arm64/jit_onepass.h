/* jit_onepass: the one-pass DFA (regex/onepass.h) as native code, with
 * onepass_search's and onepass_fill's contracts and answers. The code
 * (and the byte tables it reads) is immutable; each thread brings its
 * own onepass_scratch. */
#ifndef JRX_JIT_ONEPASS_H
#define JRX_JIT_ONEPASS_H

#include <stddef.h>
#include <stdint.h>

#include "jit_onepass_emit.h"
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
/* A thread's searches with the code (capture_search's native search,
 * jit_onepass_scan and jit_onepass_nodes_scan): the run's context with
 * what stays the same from search to search (the code's tables, the
 * scratch's slots) set once, when the thread's scratch is made, so that a
 * search sets only the subject and where it starts (an iteration's
 * searches, each a few dozen bytes, pay no more). nodes: the
 * backtrack_scratch of a table with alternatives, else NULL and one_pass
 * the one-pass scratch. Both scratches must outlive it. Returns 0 or
 * JRX_ERROR_NOMEMORY. */
/* The jobs a nodes search has room for, whatever the scratch holds (the
 * C engine grows it): past them the C engine runs. */
#define JIT_ONEPASS_STACK_JOBS 256u

typedef struct jit_onepass_scanner {
  jit_onepass_context context; /* tables, word_bytes, starts, slots, best: set once */
  jit_onepass_function search;
  backtrack_scratch *nodes; /* a table with alternatives: the scratch of its slots and stack */
  jrx_allocator allocator;
} jit_onepass_scanner;
int jit_onepass_scanner_create(const jit_onepass_code *code, onepass_scratch *one_pass,
                               backtrack_scratch *nodes, const jrx_allocator *allocator,
                               jit_onepass_scanner **result);
/* NULL is ignored. */
void jit_onepass_scanner_destroy(jit_onepass_scanner *scanner);

/* jit_onepass_scan's answers beyond 1 and JRX_NOMATCH. */
#define JIT_ONEPASS_SCAN_SPENT 3
#define JIT_ONEPASS_SCAN_HANDED 4 /* nodes: an attempt is backtrack_nodes_search's, from *start */

/* A one-pass run's answer (result, from the code that ran on context): 1
 * with *slots (the context's slots, or best for a match kept),
 * JRX_NOMATCH or JIT_ONEPASS_SCAN_SPENT. */
static inline int jit_onepass_run_answer(int result, const jit_onepass_context *context,
                                         const size_t **slots) {
  switch (result) {
    case JIT_ONEPASS_RUN_MATCH:
      *slots = context->slots;
      return 1;
    case JIT_ONEPASS_RUN_MATCH_KEPT:
      *slots = context->best;
      return 1;
    case JIT_ONEPASS_RUN_SCAN_SPENT:
      return JIT_ONEPASS_SCAN_SPENT;
    default:
      return JRX_NOMATCH;
  }
}

/* The scanner's context made ready for a scan of subject from start. */
static inline jit_onepass_context *jit_onepass_scan_context(jit_onepass_scanner *scanner,
                                                            const unsigned char *subject,
                                                            size_t length, size_t start,
                                                            size_t start_offset, uint32_t options,
                                                            size_t failed) {
  jit_onepass_context *context = &scanner->context;
  context->subject = subject;
  context->length = length;
  context->start = start;
  context->end = length;
  context->start_offset = start_offset;
  context->options = options;
  context->stopped = start;
  context->failed = failed;
  return context;
}

/* The context of one anchored run over [start, end) (starts NULL: one
 * attempt), with the slot arrays and tables of parts. */
static inline jit_onepass_context jit_onepass_run_context(const jit_onepass_context *parts,
                                                          const unsigned char *subject,
                                                          size_t length, size_t start,
                                                          size_t end, size_t start_offset,
                                                          uint32_t options) {
  return (jit_onepass_context){.subject = subject,
                               .length = length,
                               .start = start,
                               .end = end,
                               .start_offset = start_offset,
                               .options = options,
                               .slots = parts->slots,
                               .best = parts->best,
                               .tables = parts->tables,
                               .word_bytes = parts->word_bytes,
                               .stopped = start};
}

/* jit_onepass_search (one anchored attempt from start) with a one-pass
 * table's scanner (nodes NULL), for an anchored program's searches, which
 * come once a match (jrx_match_with's anchored groups, a log line's
 * parse): inlined, the generated code's call alone, with its tables and
 * slots taken from the scanner. utf: the program's (no match starts
 * inside a character). Returns 1 with *slots or JRX_NOMATCH. */
static inline int jit_onepass_scanner_search(const jit_onepass_scanner *scanner, bool utf,
                                             const unsigned char *subject, size_t length,
                                             size_t start, uint32_t options,
                                             const size_t **slots) {
  if (utf && start < length && (subject[start] & 0xc0u) == 0x80u) {
    return JRX_NOMATCH;
  }
  jit_onepass_context context =
      jit_onepass_run_context(&scanner->context, subject, length, start, length, start, options);
  int result = scanner->search(&context);
  return jit_onepass_run_answer(result, &context, slots);
}

/* capture_search's unanchored search of an unanchored program from start
 * on, as native code: each candidate start in turn (never inside a UTF-8
 * character), the start loop's runs skipped, *failed the budget spent so
 * far (updated). Returns 1 with *slots, JRX_NOMATCH, or
 * JIT_ONEPASS_SCAN_SPENT when the budget is spent. Inlined: an
 * iteration's searches call it once a match. */
static inline int jit_onepass_scan(jit_onepass_scanner *scanner, const unsigned char *subject,
                                   size_t length, size_t start, size_t start_offset,
                                   uint32_t options, size_t *failed, const size_t **slots) {
  jit_onepass_context *context =
      jit_onepass_scan_context(scanner, subject, length, start, start_offset, options, *failed);
  int result = scanner->search(context);
  *failed = context->failed;
  return jit_onepass_run_answer(result, context, slots);
}


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
static inline int jit_onepass_nodes_scan(jit_onepass_scanner *scanner,
                                         const unsigned char *subject, size_t length,
                                         size_t *start, size_t start_offset, uint32_t options,
                                         size_t *failed, const size_t **slots) {
  backtrack_scratch *nodes = scanner->nodes;
  jit_onepass_context *context =
      jit_onepass_scan_context(scanner, subject, length, *start, start_offset, options, *failed);
  /* The C engine may have grown (moved) the stack since the last scan. */
  context->stack = nodes->stack;
  context->stack_end = nodes->stack + JIT_ONEPASS_STACK_JOBS;
  int result = scanner->search(context);
  *start = context->start;
  *failed = context->failed;
  switch (result) {
    case JIT_ONEPASS_RUN_MATCH:
      *slots = nodes->slots;
      return 1;
    case JIT_ONEPASS_RUN_NO_MATCH:
      return JRX_NOMATCH;
    case JIT_ONEPASS_RUN_SCAN_SPENT:
      return JIT_ONEPASS_SCAN_SPENT;
    default:
      nodes->native_give_ups++;
      return JIT_ONEPASS_SCAN_HANDED;
  }
}

#endif
