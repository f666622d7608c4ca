/* jit_onepass_emit: the one-pass DFA (regex/onepass.h) as A64 code: a
 * block per node that reads a byte, finds its transition through the
 * node's byte table (or a compare or two), checks the transition's
 * assertions, stores its slots and goes on to the next node's block. Two
 * functions in one buffer: fill (the match's bounds are known: run to the
 * end and accept there) and search (anchored leftmost-first: a node that
 * may match checks its match first, and keeps it when a higher-priority
 * path goes on; with candidate starts, unanchored: a failed attempt
 * goes on from the next candidate within capture_search's budget). A
 * node's self-loop runs as a tight loop with one branch a byte (one qemu
 * translation block), four bytes a step for a negated class. The contract
 * with C is jit_onepass_context, read at the offsetof positions below. */
#ifndef JRX_JIT_ONEPASS_EMIT_H
#define JRX_JIT_ONEPASS_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "a64.h"
#include "jrx.h"
#include "regex/onepass.h"

/* One run's inputs. slots and best hold the program's slot_count slots
 * (the code sets slots to JRX_UNSET first); best is written only by
 * search. */
typedef struct jit_onepass_context {
  const unsigned char *subject;
  uint64_t length;
  uint64_t start;        /* where the match starts */
  uint64_t end;          /* fill: where it ends */
  uint64_t start_offset; /* for \G, and NOTEMPTY_ATSTART */
  uint64_t options;      /* JRX_NOTBOL, JRX_NOTEOL, the NOTEMPTY options */
  size_t *slots;
  size_t *best;
  const uint8_t *tables;     /* the nodes' byte tables (jit_onepass_tables) */
  const uint8_t *word_bytes; /* 256 entries: 1 for [A-Za-z0-9_] */
  uint64_t stopped;          /* search: where a failed run stopped reading */
  /* Tables with alternatives (nodes search): the job stack, 16-byte jobs
   * from stack up to stack_end. */
  void *stack;
  void *stack_end;
  /* Search: NULL for one anchored attempt from start; else the search
   * goes on from each candidate start in turn from start, as
   * capture_search does: starts holds JIT_ONEPASS_STARTS_SIZE bytes, then
   * (when the table has a start loop, onepass_start_loop) that loop's
   * stays table, and a failed attempt adds to failed what capture_search's
   * budget counts. */
  const uint8_t *starts;
  uint64_t failed;
} jit_onepass_context;

/* What the generated functions return. */
#define JIT_ONEPASS_RUN_NO_MATCH 0
#define JIT_ONEPASS_RUN_MATCH 1      /* the groups are in slots */
#define JIT_ONEPASS_RUN_MATCH_KEPT 2 /* search: the groups are in best */
#define JIT_ONEPASS_RUN_GIVE_UP 3    /* nodes search: past the budget or the stack;
                                      * start holds the attempt's start */
#define JIT_ONEPASS_RUN_SCAN_SPENT 4 /* search with starts: past capture_search's
                                      * budget (capture.h) */

/* A search's candidate starts: a byte per byte value, non-zero where a
 * match may begin (never inside a UTF-8 character; capture_starts.first),
 * then one for the subject's end. The start loop's stays table follows,
 * then at JIT_ONEPASS_SECONDS_OFFSET the pairs' second bytes
 * (capture_starts.second). */
#define JIT_ONEPASS_STARTS_SIZE 257u
#define JIT_ONEPASS_SECONDS_OFFSET (JIT_ONEPASS_STARTS_SIZE + 256u)

typedef int (*jit_onepass_function)(jit_onepass_context *context);

/* Most nodes, and transitions per node, the code handles (a node's
 * transition index is a byte); beyond them the C engine runs. */
#define JIT_ONEPASS_MAX_NODES 4096u
#define JIT_ONEPASS_MAX_TRANSITIONS 255u

/* A byte table's entry for a byte without a transition. */
#define JIT_ONEPASS_NO_TRANSITION 255u

/* Fills tables (node_count * 256 bytes): for each node and byte, the
 * index of the byte's transition among the node's distinct transition
 * words (its self-loop's first, at index 0, then in class order), or
 * JIT_ONEPASS_NO_TRANSITION. Returns 0, or JRX_ERROR_PROGRAM_TOO_BIG when
 * a node has over JIT_ONEPASS_MAX_TRANSITIONS. */
int jit_onepass_tables(const onepass *automaton, uint8_t *tables);

/* Emits fill then search at the buffer's position, storing the byte
 * offset of each entry from the first in entry_offsets[2]. A table with
 * alternatives (not one_pass) gets search alone (entry_offsets[0] is then
 * unused), the node backtracker of backtrack_nodes.h without visited
 * bits: a choice pushes its next candidate (code address | 1, position)
 * on the job stack, a slot stored while a job is pending pushes its
 * address and old value, a match that a transition outranks is pushed as
 * a choice, and a failure pops. Past the bitless budget of
 * backtrack_nodes.c, or with the stack full, it gives up
 * (JIT_ONEPASS_RUN_GIVE_UP) for the C engine to run. Returns 0 or
 * JRX_ERROR_NOMEMORY; assembly errors are left in the buffer. With
 * paired_starts, a search with starts checks a candidate's second byte
 * (capture_starts_pair_fits) before its attempt. */
int jit_onepass_emit(a64_buffer *buffer, const onepass *automaton, const uint8_t *tables,
                     bool paired_starts, const jrx_allocator *allocator,
                     uint32_t entry_offsets[2]);

#endif
