/* lookahead_filter: the lazy DFA's search for a pattern that opens with
 * lookaheads no single byte decides, ^(?=.*\d)(?=.*[a-z]).{8,}$: the DFA
 * searches the rest (^.{8,}$, the lookaheads' assertions made no-ops),
 * and each lookahead's body, a program of its own, is run by its own
 * lazy DFA anchored at the start of each match the rest finds; where one
 * fails, the search goes on from the next character.
 * Why the answers are the same: the lookaheads come first, before any
 * byte is consumed and before any split, so every path of the pattern
 * passes all of them at its start; the pattern matches at s exactly when
 * the rest matches at s and every lookahead holds at s, with the rest's
 * paths in the same priority order, so with the same end. The rest's
 * leftmost match at or after the search's start is at or before the
 * pattern's; if the lookaheads hold there it is the pattern's, else the
 * pattern's is later. A lookahead's truth at s does not depend on where
 * the search started (no \G), and the rest never matches the empty
 * string (JRX_NOTEMPTY and JRX_NOTEMPTY_ATSTART then never apply when
 * the search goes on from a later start). Every other lookaround of the
 * pattern, in the rest or in the bodies, is one a single byte decides,
 * which the DFA reads from the bytes around a position.
 * A lookahead C*X (lookaround.run) is checked otherwise: X's own DFA
 * searches unanchored from s for w, the first start of a match of X at or
 * after s, and the lookahead holds at s where no break (a character
 * outside C) lies in [s, w). That w is the first start for every s' in
 * [s, w] too, so a match data keeps it, with the last break before it,
 * and answers those starts without a scan (also from one search of an
 * iteration to the next, whose subject does not change). Where a
 * positive one fails at s it fails up to that last break (each later
 * start reaches the same w, with the break still before it), and a
 * negative one up to w: the search moves on past them at once.
 * Linear time: a search counts the bytes its DFAs scan and stops trying
 * once they pass LOOKAHEAD_FILTER_SLACK plus LOOKAHEAD_FILTER_FACTOR
 * times the distance it moved on; the caller then gives the search to
 * the Pike VM with the lookaround tables, O(n * m) as before. */
#ifndef JRX_LOOKAHEAD_FILTER_H
#define JRX_LOOKAHEAD_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arm64/jit.h"
#include "dfa.h"
#include "nfa.h"

/* Most leading lookaheads a pattern may open with. */
#define LOOKAHEAD_FILTER_MAX 4u
/* The DFA caches a search needs: the lookaheads', the probe's, and
 * those of the lookaheads' runs (lookahead_filter.runs) last. */
#define LOOKAHEAD_FILTER_PROBE_CACHE LOOKAHEAD_FILTER_MAX
#define LOOKAHEAD_FILTER_CACHES (2u * LOOKAHEAD_FILTER_MAX + 1u)
/* The budget of bytes scanned by one search: a constant, and so many
 * bytes per byte the search moves on past failed starts. */
#define LOOKAHEAD_FILTER_SLACK 4096u
#define LOOKAHEAD_FILTER_FACTOR 8u

typedef struct lookahead_filter {
  const jrx_allocator *allocator; /* of the filter and all it holds */
  uint32_t count; /* leading lookaheads, at least one once built */
  /* A multiline ^ comes with them: every match starts at a line start
   * (the subject's start or after a \n), where the search checks the
   * lookaheads first and then the rest, anchored there. */
  uint8_t line_starts;
  nfa_program rest;
  uint8_t negated[LOOKAHEAD_FILTER_MAX];
  nfa_program bodies[LOOKAHEAD_FILTER_MAX];
  dfa *automata[LOOKAHEAD_FILTER_MAX]; /* of the bodies; only searched anchored */
  /* Their native loops (lookahead_filter_attach_native); NULL: none. */
  jit_code *native[LOOKAHEAD_FILTER_MAX];
  /* With line_starts, the probe finds the next line start where the
   * first positive lookahead holds, in one scan over the lines where it
   * fails: the earliest start of a match of ^ and its body, searched
   * unanchored (the body has no lookaround of its own; every other match
   * of the program fails in the probe's copy). NULL automaton: none. */
  nfa_program probe;
  dfa *probe_automaton;
  jit_code *probe_native;
  /* Of each lookahead C*X (lookaround.run), X's program, its DFA
   * (searched unanchored) and native loops, and the bytes that break the
   * run of C; automaton NULL for the others. */
  nfa_program runs[LOOKAHEAD_FILTER_MAX];
  dfa *run_automata[LOOKAHEAD_FILTER_MAX];
  jit_code *run_native[LOOKAHEAD_FILTER_MAX];
  const uint64_t *run_breaks[LOOKAHEAD_FILTER_MAX];
} lookahead_filter;

/* What a match data keeps of a lookahead C*X's last search (see above):
 * for the subject, length and options it was searched on (subject NULL:
 * nothing kept), X's first start at or after from (SIZE_MAX: none), and
 * the last break in [from, witness) (SIZE_MAX: none). */
typedef struct lookahead_witness {
  const unsigned char *subject;
  size_t length;
  uint32_t options;
  size_t from;
  size_t witness;
  size_t last_break;
} lookahead_witness;

/* Builds the filter of program (which must outlive it: the lookarounds
 * stay program's) through program's allocator and stores it in *filter,
 * or stores NULL when program does not qualify (most patterns: the
 * filter is 17 KB, which a compiled pattern does not carry for nothing).
 * Returns 0 or JRX_ERROR_NOMEMORY (*filter NULL, nothing left
 * allocated). */
int lookahead_filter_create(const nfa_program *program, lookahead_filter **filter);

/* Gives each body the native loops of its DFA, from pool; a body whose
 * code cannot be made keeps none (its DFA runs in C). Returns 0 or
 * JRX_ERROR_NOMEMORY. */
int lookahead_filter_attach_native(lookahead_filter *filter, jitmem_pool *pool);

/* Frees a filter and all it holds; NULL is ignored. */
void lookahead_filter_destroy(lookahead_filter *filter);

/* With a probe: the next line start at or after from where the first
 * positive lookahead holds, in *start, and 1; or JRX_NOMATCH, DFA_GAVE_UP,
 * JRX_ERROR_NOMEMORY. As lookahead_filter_holds otherwise. */
int lookahead_filter_probe(const lookahead_filter *filter, dfa_cache **caches,
                           const dfa_limits *limits, const unsigned char *subject,
                           size_t length, size_t from, uint32_t options, bool native,
                           size_t *start, uint64_t *scanned);

/* Whether every leading lookahead holds at position: 1 or 0, adding the
 * bytes their DFAs scanned to *scanned; or DFA_GAVE_UP or
 * JRX_ERROR_NOMEMORY. caches (LOOKAHEAD_FILTER_CACHES entries) are made on first
 * use with limits; witnesses (LOOKAHEAD_FILTER_MAX entries) are kept from
 * one call to the next, and must be emptied (lookahead_filter_forget)
 * when the subject's bytes may have changed since the last call. options:
 * the search's (only JRX_NOTBOL and JRX_NOTEOL reach the bodies). native:
 * the bodies' native loops may run. On 0, *resume: the first start after
 * position where the lookaheads may hold (position + 1 unless a run told
 * more), SIZE_MAX for none. */
int lookahead_filter_holds(const lookahead_filter *filter, dfa_cache **caches,
                           lookahead_witness *witnesses, const dfa_limits *limits,
                           const unsigned char *subject, size_t length, size_t position,
                           uint32_t options, bool native, size_t *resume, uint64_t *scanned);

/* Empties witnesses (LOOKAHEAD_FILTER_MAX entries). */
void lookahead_filter_forget(lookahead_witness *witnesses);

#endif
