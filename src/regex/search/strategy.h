/* strategy: how a pattern's matches are found (the search step, before
 * any capture group is filled): each strategy is a named way to get the
 * leftmost-first match's bounds, and search_plan_build (strategy.c) picks
 * one per pattern at compile time, trying them in the order written there
 * with the reason for each. A plan is immutable and shared by every
 * thread; search_find (search.c) runs it. To add a strategy: a value
 * here, its test in strategy.c's order, its run in search.c. */
#ifndef JRX_SEARCH_STRATEGY_H
#define JRX_SEARCH_STRATEGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "literal_searcher.h"
#include "literal_sequence.h"
#include "literal_set.h"
#include "regex/dfa.h"
#include "regex/nfa.h"
#include "regex/prefilter.h"

typedef enum search_strategy {
  /* The lazy DFA from the start offset (forward for the end, backward
   * for the start), reading every byte. */
  SEARCH_STRATEGY_DFA,
  /* The lazy DFA, jumping from its start state to the next place where
   * the rarest byte set of a match's first bytes occurs (prefilter.h). */
  SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES,
  /* The lazy DFA, jumping from its start state to the next occurrence of
   * a literal every match begins with. */
  SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS,
  /* The matches are exactly a set of literals: the leftmost-first
   * occurrence is the match, and no DFA runs. */
  SEARCH_STRATEGY_LITERALS,
  /* The matches are exactly a literal sequence (literal_sequence.h: a
   * caseless literal, its variants too many to list): the next
   * occurrence of a prefix every match begins with, or native code's
   * scan, gives candidates, each checked against the sequence, and no
   * DFA runs. */
  SEARCH_STRATEGY_LITERAL_SEQUENCE,
  /* The lazy DFA, jumping from its start state to where the bytes before
   * the next occurrence of an inner literal begin (inner_literal.h):
   * every match holds one of the literals, and before it only bytes of
   * inner_before, so no match starts before that run of them. */
  SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS
} search_strategy;

typedef struct search_plan {
  search_strategy strategy;
  const char *reason; /* why this strategy: one fixed sentence */
  /* SKIPPING_TO_LITERALS and LITERAL_SEQUENCE: the prefixes; LITERALS:
   * the matches; FROM_INNER_LITERALS: literals every match holds. */
  literal_set literals;
  literal_searcher searcher;
  literal_sequence sequence; /* LITERAL_SEQUENCE: the matches */
  prefilter bytes; /* SKIPPING_TO_BYTES (and the JIT's choice of probes) */
  /* FROM_INNER_LITERALS: the bytes a match may hold before its literal,
   * and whether matches start on UTF-8 character boundaries. */
  uint64_t inner_before[4];
  bool utf;
  /* FROM_INNER_LITERALS: the literals' expected occurrences per
   * BYTE_FREQUENCY_SCALE bytes of text (literal_set_expected_rate). */
  double inner_rate;
  /* search_plan_candidates(plan), kept for native searches, which ask on
   * every call. */
  dfa_candidate_function native_candidates;
  /* DFA: literals holds the few prefixes every match begins with, the
   * shortest a single byte (step 4 takes none that short), and the dense
   * path's searches (jrx_match_dense) look for the next of them before
   * stepping the DFA from there, one literal search a search:
   * [aо的]\X over Chinese text, a match every 80 bytes. */
  bool dense_skips;
} search_plan;

/* One search's use of a plan's candidate function (search_plan_candidates),
 * made on the search's stack by search_cursor_init: the plan and, for
 * FROM_INNER_LITERALS, the last inner literal found and where the run of
 * bytes before it begins, so that a DFA back in its start state before
 * that literal does not look for it again. */
typedef struct search_cursor {
  const search_plan *plan;
  size_t searched_from; /* where the literal was looked for; SIZE_MAX: not yet */
  size_t literal_start;
  size_t run_start;
} search_cursor;

static inline void search_cursor_init(search_cursor *cursor, const search_plan *plan) {
  *cursor = (search_cursor){.plan = plan, .searched_from = SIZE_MAX};
}

/* Chooses and prepares the strategy for program, whose DFA is automaton;
 * both must outlive the plan. Returns 0 or JRX_ERROR_NOMEMORY. */
int search_plan_build(search_plan *plan, const nfa_program *program, const dfa *automaton);
void search_plan_release(search_plan *plan);

/* The inner literals of program (inner_literal.h): of the few prefixes
 * (as step 4 takes them, two bytes or more, but of eight bytes at most:
 * the shortest walk alone) a walk from each dominator
 * but the start gives, those expected least often in text, into set
 * (initialized, empty), and the bytes a match may hold before them into
 * before. With prefixes_walked (the search plan, after its step 4) the
 * dominator that begins every match is skipped too: its walk is the
 * start's. The set stays empty when no dominator gives any. Returns 0 or
 * JRX_ERROR_NOMEMORY. */
int search_inner_literals(const nfa_program *program, bool prefixes_walked, literal_set *set,
                          uint64_t before[4]);

/* The strategy's name, for jrx-explain and tests. */
const char *search_strategy_name(search_strategy strategy);

/* The search step of a portable search: the bounds of the leftmost-first
 * match at or after start_offset with the options of dfa_search. Returns
 * 1 with bounds[0..1], JRX_NOMATCH, DFA_GAVE_UP (the caller runs the Pike
 * VM) or an error. cache may be NULL for SEARCH_STRATEGY_LITERALS. */
int search_find(const search_plan *plan, const dfa *automaton, dfa_cache *cache,
                const unsigned char *subject, size_t length, size_t start_offset,
                uint32_t options, size_t bounds[2]);

/* search_find for SEARCH_STRATEGY_LITERALS, which needs no DFA; scan,
 * when not NULL, is native code's scan for a single literal's rare bytes
 * (substring.h). */
int search_find_literals(const search_plan *plan, substring_generated_scan scan,
                         const unsigned char *subject, size_t length, size_t start_offset,
                         uint32_t options, size_t bounds[2]);

/* search_find for SEARCH_STRATEGY_LITERAL_SEQUENCE, which needs no DFA;
 * scan, when not NULL, is native code's scan for bytes every match has
 * at fixed offsets (substring.h). */
int search_find_sequence(const search_plan *plan, substring_generated_scan scan,
                         const unsigned char *subject, size_t length, size_t start_offset,
                         uint32_t options, size_t bounds[2]);

/* An iteration's matches of a plan whose search finds the whole match
 * (SEARCH_STRATEGY_LITERALS or LITERAL_SEQUENCE, unanchored): the first
 * from `from`, each later one from the end of the one before, up to
 * `most`, into bounds (a pair each); returns how many. Each later search
 * sees only the `window` bytes from its start (up to length), so a run
 * that ends early has read at most that much past its last match. A
 * match found in a window is the whole subject's when the window reaches
 * length or the match starts before window_end - longest + 1 (every
 * match that could start there fits); a later one may be a shorter
 * literal where the window cut a longer one. When the run stops before
 * `most` (a search found no match, or only such a later one), *clear_to
 * is where the next search may start (no match starts before it, after
 * the last match's end): length when none follows. One loop holding the
 * searcher's state, the searches' calls and frames less a match. */
size_t search_find_successive(const search_plan *plan, substring_generated_scan scan,
                              const unsigned char *subject, size_t length, size_t from,
                              size_t window, size_t *bounds, size_t most, size_t *clear_to);

/* Subjects shorter than this from the start offset are searched by a
 * FROM_INNER_LITERALS plan as by the plain DFA strategy: over a few
 * dozen bytes the literal search and the jumps cost more than the DFA
 * reading them all (one call per 20-byte subject: about twice as many
 * instructions). */
#define SEARCH_INNER_MIN_SUBJECT 64u

/* Whether a search of subject[start_offset..length) runs the plain DFA
 * (with its required-byte check) rather than the plan's skipping. */
static inline bool search_plan_runs_plain_dfa(const search_plan *plan, size_t length,
                                              size_t start_offset) {
  return plan->strategy == SEARCH_STRATEGY_DFA ||
         (plan->strategy == SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS &&
          length - start_offset < SEARCH_INNER_MIN_SUBJECT);
}

/* Whether the search finds a match's bounds without the DFA:
 * the literals or a literal sequence are the matches, or a sequence of byte sets is
 * (nfa_program.sequence_length) and the prefilter's candidates are
 * checked against it (prefilter_search). Inline: one call less per
 * match where groups are wanted. */
static inline bool search_plan_skips_dfa(const search_plan *plan) {
  return plan->strategy == SEARCH_STRATEGY_LITERALS ||
         plan->strategy == SEARCH_STRATEGY_LITERAL_SEQUENCE ||
         (plan->strategy == SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES && plan->bytes.program != NULL &&
          plan->bytes.program->sequence_length > 0);
}

/* The inner literals of a FROM_INNER_LITERALS plan, or NULL: a caller
 * searching lines may look for them first (a line without one has no
 * match). */
const literal_searcher *search_plan_inner_literals(const search_plan *plan);

/* The most bytes a match of a LITERALS or LITERAL_SEQUENCE plan has
 * (its longest literal, or the sequence's longest). */
size_t search_plan_longest_match(const search_plan *plan);

/* The single literal of a plan whose strategy searches for one (as the
 * match or as every match's prefix), or NULL: native code generates a
 * scan for its rare bytes. */
const substring_searcher *search_plan_single_literal(const search_plan *plan);

/* The literals of a plan whose matches are exactly a few literals,
 * searched by Teddy, or NULL: native code generates a scan for their
 * fingerprint (its candidates verified by literal_searcher_find). */
const literal_set *search_plan_few_literals(const search_plan *plan);

/* Where native DFA loops should skip to: the candidate function of a
 * plan that skips to a set of literals or runs from inner literals not
 * expected too often (search.c; its context is a search_cursor of the
 * plan), or NULL when the native code's own prefilter serves. */
dfa_candidate_function search_plan_candidates(const search_plan *plan);

#endif
