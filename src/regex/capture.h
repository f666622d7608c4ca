/* capture: the capture step of a match, once its bounds are known or when
 * the search is anchored: which engine fills the groups, chosen once per
 * pattern, and the matches run with it.
 *
 * The choice, best first:
 *   one-pass    the program is one-pass (onepass.h): one forward pass over
 *               the match saves the slots; an anchored search needs no
 *               DFA at all, as the one-pass DFA finds the match too.
 *   nodes       otherwise, when the one-pass table can hold the program
 *               with its alternatives: the backtracker over its nodes
 *               (backtrack_nodes.h), one byte a step and pushing only where
 *               several paths read a byte; it searches anchored too.
 *   backtrack   otherwise: the bounded backtracker over the instructions
 *               (backtrack.h).
 * The backtrackers give up on matches whose scratch would pass their cap;
 * the caller then runs the Pike VM. The one-pass DFA and the instruction
 * backtracker run as generated code in the arm64 build when the pattern
 * has native code (arm64/jit_onepass.h, arm64/jit_capture.h) and the
 * caller lets it run (`native`: false inside a jitmem write scope, where
 * the C engines answer alike), in C otherwise.
 *
 * Groups nobody asked for cost nothing: with at most one ovector pair the
 * answer needs no capture engine when the pattern has no groups, or when
 * every match sets one of them (jrx_match then returns 0, as pcre2_match
 * does when the ovector is too small); only a pattern whose groups may
 * all stay unset still runs one, to tell 0 from 1. Where a search for the
 * whole match alone runs a capture engine (the arm64 build's whole
 * search), a pattern with groups runs its group-less twin's
 * (capture_engines.whole_only): what the pattern written with (?:...)
 * runs, with no group's slot stored.
 *
 * Groups placed by the match's bounds cost an addition each: when every
 * group bound lies a fixed distance from the match's start or end
 * (capture_offsets.h, capture_groups_placed), a match whose bounds the DFA
 * or the anchored whole-match one-pass DFA found needs no capture engine:
 * capture_offsets_fill computes its groups. (Unanchored searches the
 * capture engine answers on its own still run it: that is cheaper than
 * the DFA where it succeeds.)
 *
 * Anchored searches for the whole match alone run a one-pass DFA too
 * when the program is one-pass (capture_search_whole_match), groups or
 * not: one forward pass that stops at the match, its loops skipped a
 * memchr or a byte table at a time, and no DFA start-up for a short
 * subject. An anchored program has a table of its own for that, without
 * the groups' slots (so the groups cost no stores and keep its loops
 * plain); with JRX_ANCHORED on another program, the groups' one-pass
 * table serves. */
#ifndef JRX_CAPTURE_H
#define JRX_CAPTURE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backtrack.h"
#include "capture_offsets.h"
#include "capture_starts.h"
#include "jitmem.h"
#include "jrx.h"
#include "nfa.h"
#include "onepass.h"

typedef enum capture_engine_kind {
  CAPTURE_ENGINE_NONE,     /* no groups, no search of the whole match */
  CAPTURE_ENGINE_ONEPASS,  /* onepass.h */
  CAPTURE_ENGINE_NODES,    /* backtrack_nodes.h over the onepass table */
  CAPTURE_ENGINE_BACKTRACK, /* backtrack.h over the instructions */
  /* A program without groups whose whole search was asked for
   * (capture_engines_build's whole_search), or the group-less twin of one
   * with groups (capture_engines.whole_only): the first search that runs
   * it builds its one-pass table for the whole match alone (one-pass, or
   * with alternatives: the node backtracker's; onepass_build_whole_search)
   * and the table's native code (capture_engines.whole). */
  CAPTURE_ENGINE_WHOLE_SEARCH,
  /* The program has lookarounds (each decided by one byte, or it would
   * have no DFA), which the engines above do not check: the Pike VM
   * fills the groups (capture_fill always leaves them to it). */
  CAPTURE_ENGINE_PIKE
} capture_engine_kind;

typedef struct capture_engines {
  capture_engine_kind kind;
  /* The program has groups. Without, kind is NONE unless the build was
   * asked for the search of the whole match (capture_engines_build), and
   * the answer never needs the engine for groups. */
  int has_groups;
  int every_match_sets_a_group;
  int starts_anywhere;   /* the program can match the empty string */
  capture_starts starts; /* where a non-empty match may begin (with onepass) */
  /* The loop node every byte it stays on leads to from the start node
   * (no assertions on the way, no match at the start), or
   * ONEPASS_NO_LOOP: a search that failed from a start then failed from
   * every start inside the run of such bytes after it too. */
  uint32_t start_loop;
  onepass *onepass;              /* CAPTURE_ENGINE_ONEPASS and NODES */
  struct jit_onepass_code *native_onepass; /* NULL: onepass.c runs it */
  /* CAPTURE_ENGINE_NODES: the table's search as native code (fills stay
   * in C); NULL: backtrack_nodes.c runs it. */
  struct jit_onepass_code *native_nodes;
  /* An anchored one-pass program's table for the whole match alone
   * (onepass_build_whole_match), whatever its kind; NULL otherwise. */
  onepass *whole_match;
  struct jit_onepass_code *native_whole_match; /* NULL: onepass.c runs it */
  backtrack backtracker;         /* CAPTURE_ENGINE_BACKTRACK: the plan, and the C matcher */
  /* Whether every group bound is placed by the match's bounds
   * (capture_offsets.h): then no engine runs for the groups. */
  capture_offsets offsets;
  struct jit_capture_code *native_backtracker; /* NULL: backtrack_match runs */
  /* CAPTURE_ENGINE_WHOLE_SEARCH: its table and native code, NULL until
   * the first search that runs it builds them (capture.c's
   * whole_search_built) from program and its byte classes, with allocator
   * and pool, not at compile time: \p{L}'s took 10 million guest
   * instructions under qemu, eight times the rest of its compile.
   * whole_search_failed: they could not be built (not one-pass, too many
   * nodes for native code, generation failed); the pattern's searches
   * then leave the engine to the DFA, as when there is no whole search. */
  _Atomic(struct capture_whole_search *) whole;
  atomic_bool whole_search_failed;
  const nfa_program *program;
  const uint8_t *class_of;
  uint32_t class_count;
  const jrx_allocator *allocator;
  jitmem_pool *pool;
  /* A program with groups whose whole search was asked for: the engines
   * of its group-less twin, the same program searched for its whole
   * match alone (kind WHOLE_SEARCH, no groups), which the searches that
   * want no group run (capture_groups_wanted), so that a pattern asked
   * for one pair costs what it costs written with (?:...). NULL
   * otherwise. */
  struct capture_engines *whole_only;
} capture_engines;

/* One thread's scratch for the pattern's engine. */
typedef struct capture_scratch {
  onepass_scratch *onepass;
  onepass_scratch *whole_match;
  backtrack_scratch *backtrack;
  /* The native unanchored search (capture_search_is_native), ready for
   * this scratch; NULL otherwise, and for a whole search until its first
   * search on this scratch, which makes it with the scratch above once
   * the table is there. */
  struct jit_onepass_scanner *scanner;
  /* The native one-pass DFA of the whole match alone
   * (capture_engines.native_whole_match), ready for whole_match above;
   * NULL without that code. */
  struct jit_onepass_scanner *whole_match_scanner;
  uint32_t give_ups;     /* unanchored searches given up since the last success */
  uint32_t dfa_searches; /* searches left to the DFA without trying */
  /* The scratch of the engines' whole_only twin, when they have one;
   * allocator: whose it is. */
  struct capture_scratch *whole_only;
  const jrx_allocator *allocator;
} capture_scratch;

/* What starting a search costs, in bytes read: a pattern whose candidate
 * starts are frequent and whose searches fail at once is found faster by
 * the DFA. */
#define CAPTURE_ATTEMPT_COST 32u

/* The failed searches' budget beyond one byte for every two advanced
 * (capture_search). */
#define CAPTURE_BUDGET_SLACK 256u

/* Counts the failed attempt from start that read up to stopped in
 * *failed: whether the failed attempts are then over their budget (one
 * byte for every two advanced from start_offset, plus the slack). */
static inline bool capture_attempt_spends_budget(size_t *failed, size_t start, size_t stopped,
                                                 size_t start_offset) {
  *failed += stopped - start + 1 + CAPTURE_ATTEMPT_COST;
  return *failed > (start - start_offset) / 2 + CAPTURE_BUDGET_SLACK;
}

/* Chooses and builds the engine of program (which must outlive it), whose
 * byte classes are class_of[256] (class_count of them, which must outlive
 * it too: a whole search builds its table later); with native set,
 * as native code installed in pool (NULL: jitmem's default pool). Returns
 * 0 or JRX_ERROR_NOMEMORY; when native code was asked for but could not
 * be made, the C engine stands in and *native_failure holds why (the
 * native compile's status, for jit_engine_name), else 0. A program
 * without groups gets an engine only with whole_search and native set,
 * and only as native code of the one-pass DFA or the node backtracker,
 * for capture_search to find whole matches (kind WHOLE_SEARCH: the first
 * search that runs it builds them); otherwise its kind is NONE. A
 * program with groups gets that too, with whole_search and native set,
 * as its whole_only twin. */
int capture_engines_build(capture_engines *engines, const nfa_program *program,
                          const uint8_t class_of[256], uint32_t class_count,
                          const jrx_allocator *allocator, int native, int whole_search,
                          jitmem_pool *pool, int *native_failure);
void capture_engines_release(capture_engines *engines);

/* "one-pass", "backtrack" or "none", and how it runs (jrx-explain). */
const char *capture_engine_name(const capture_engines *engines);

/* Which engine capture_search_whole_match runs, or "the DFA" (jrx-explain). */
const char *capture_whole_match_name(const capture_engines *engines);

int capture_scratch_create(const capture_engines *engines, uint32_t slot_count,
                           const jrx_allocator *allocator, capture_scratch *scratch);
void capture_scratch_destroy(capture_scratch *scratch);

/* Whether a match asked for ovector_pairs needs its groups. */
static inline int capture_groups_wanted(const capture_engines *engines, size_t ovector_pairs) {
  if (!engines->has_groups || ovector_pairs == 0) {
    return 0;
  }
  return ovector_pairs > 1 || !engines->every_match_sets_a_group;
}

/* Whether the groups of a match follow from its bounds alone
 * (capture_offsets_fill): the search then needs the bounds only. */
static inline int capture_groups_placed(const capture_engines *engines) {
  return engines->offsets.placed;
}

/* jrx_match's answer for a match whose groups were not wanted. */
static inline int capture_whole_match_result(const capture_engines *engines,
                                             size_t ovector_pairs) {
  return ovector_pairs == 0 || engines->has_groups ? 0 : 1;
}

/* Whether the whole search's table and code, if the engines are a whole
 * search (CAPTURE_ENGINE_WHOLE_SEARCH), were built or may still be: no
 * search found they could not be. */
static inline bool capture_whole_search_stands(const capture_engines *engines) {
  return engines->kind != CAPTURE_ENGINE_WHOLE_SEARCH ||
         !atomic_load_explicit(&((capture_engines *)engines)->whole_search_failed,
                               memory_order_relaxed);
}

/* Whether capture_search_whole_match may answer an anchored search for
 * the whole match. */
static inline int capture_finds_anchored_matches(const capture_engines *engines) {
  return engines->whole_match != NULL || engines->kind == CAPTURE_ENGINE_ONEPASS ||
         (engines->kind == CAPTURE_ENGINE_WHOLE_SEARCH && capture_whole_search_stands(engines));
}

/* Whether the runs below, allowed native code (the search may run
 * generated code), run the engine's native code: for the counts of
 * jrx_match_stats. */
static inline bool capture_search_is_native(const capture_engines *engines) {
  return engines->native_onepass != NULL || engines->native_nodes != NULL ||
         (engines->kind == CAPTURE_ENGINE_WHOLE_SEARCH && capture_whole_search_stands(engines));
}
static inline bool capture_whole_match_is_native(const capture_engines *engines) {
  return engines->whole_match != NULL ? engines->native_whole_match != NULL
                                      : capture_search_is_native(engines);
}
static inline bool capture_fill_is_native(const capture_engines *engines) {
  return engines->native_onepass != NULL || engines->native_backtracker != NULL;
}

/* Whether capture_search may answer a search on its own. */
static inline int capture_searches(const capture_engines *engines) {
  return engines->kind == CAPTURE_ENGINE_ONEPASS || engines->kind == CAPTURE_ENGINE_NODES ||
         (engines->kind == CAPTURE_ENGINE_WHOLE_SEARCH && capture_whole_search_stands(engines));
}

/* pike_match, groups and all, found by the capture engine itself
 * (capture_searches): anchored (JRX_ANCHORED, or an anchored program), one
 * search from start_offset; otherwise one anchored search from each
 * candidate start (capture_starts_next) in turn, the first match
 * being the leftmost (a failed search at a start_loop byte rules out the
 * rest of its run). The failed searches must stay within a linear budget
 * (the bytes they read plus CAPTURE_ATTEMPT_COST each, at most one for
 * every two bytes advanced, plus 256): past it the search gives up, and the
 * scratch leaves the next 2, 4, 8, ... up to 1024 searches to the DFA
 * after 1, 2, 3, ... give-ups in a row. With native code the whole loop
 * runs in it (jit_onepass_scan), the node backtracker's attempts past its
 * native budget in C; in C, a one-pass table's loop is one call
 * (onepass_scan). Returns 1 with *slots, JRX_NOMATCH,
 * JRX_ERROR_NOMEMORY, or BACKTRACK_SPAN_TOO_LONG on giving up (search with
 * the DFA then). */
int capture_search(const capture_engines *engines, capture_scratch *scratch,
                   const unsigned char *subject, size_t length, size_t start_offset,
                   uint32_t options, int anchored, bool native, const size_t **slots);

/* capture_search's unanchored search in C (capture_searches holds), for
 * callers that know no native code runs: one call less for an
 * iteration's searches ahead (jrx_match_captures). */
int capture_scan_c(const capture_engines *engines, capture_scratch *scratch,
                   const unsigned char *subject, size_t length, size_t start_offset,
                   uint32_t options, const size_t **slots);

/* capture_scan_c for an iteration's matches ahead, where one call
 * makes them all: from the end of match *count - 1 (> 0) of ahead
 * (slot_count slots each), each search from the end of the match before,
 * each match found written in place after it, until capacity are there
 * or a search answers otherwise (onepass_scan_ahead,
 * backtrack_nodes_scan_ahead). Returns that answer as capture_scan_c does
 * (1 when ahead is full, or when the iteration's own search must go on,
 * at a position inside a UTF-8 character), *count updated; or 0, nothing
 * done, when the engines have no such loop (the caller searches one
 * match at a time): a one-pass table, with alternatives or not, whose
 * program cannot match the empty string has one. */
int capture_scan_c_ahead(const capture_engines *engines, capture_scratch *scratch,
                         const unsigned char *subject, size_t length, uint32_t options,
                         size_t *ahead, uint32_t slot_count, uint32_t capacity,
                         uint32_t *count);

/* Gives the search up to the DFA: the scratch leaves it the next 2, 4,
 * 8, ... up to 1024 searches after 1, 2, 3, ... give-ups in a row.
 * Returns BACKTRACK_SPAN_TOO_LONG. */
int capture_give_up(capture_scratch *scratch);

/* The search's answer: status, the give-ups in a row counted. */
static inline int capture_searched(capture_scratch *scratch, int status) {
  if (status == 1) {
    scratch->give_ups = 0;
  }
  return status;
}

/* Whether the scratch leaves this unanchored search to the DFA without
 * trying (capture_give_up's count), counting it down. Inlined into the
 * callers' own tests: an iteration that has given up comes here once a
 * match, and under qemu a call and return there were 2 of the 25
 * unchained exits a match of `\w{5}\s+\w{5}` over sample-en. */
static inline bool capture_left_to_dfa(capture_scratch *scratch) {
  if (scratch->dfa_searches == 0) {
    return false;
  }
  scratch->dfa_searches--;
  return true;
}

/* After an unanchored capture_search returned BACKTRACK_SPAN_TOO_LONG:
 * the next one returns it again at once, leaving the scratch as that one
 * left it, for a caller that hands the same search on to a path that
 * tries the capture engine first. */
static inline void capture_search_repeat_give_up(capture_scratch *scratch) {
  scratch->dfa_searches++;
}

/* The anchored match from start_offset, its bounds in (*slots)[0] and
 * [1] (capture_finds_anchored_matches must hold): 1, JRX_NOMATCH or
 * JRX_ERROR_NOMEMORY. */
int capture_search_whole_match(const capture_engines *engines, capture_scratch *scratch,
                               const unsigned char *subject, size_t length, size_t start_offset,
                               uint32_t options, bool native, const size_t **slots);

/* The groups of the match [match_start, match_end) found from start_offset
 * with options, as backtrack_match. Returns 1 with *slots,
 * BACKTRACK_SPAN_TOO_LONG (run the Pike VM), JRX_ERROR_NOMEMORY, or
 * JRX_ERROR_INTERNAL when the engine finds no such match (a bug). */
int capture_fill(const capture_engines *engines, capture_scratch *scratch,
                 const unsigned char *subject, size_t length, size_t match_start,
                 size_t match_end, size_t start_offset, uint32_t options, bool native,
                 const size_t **slots);

#endif
