/* search: running a plan. The literal strategy answers from the literal
 * search alone; the DFA strategies hand dfa_search_skipping a candidate
 * function, so the DFA starts only where a match can. */
#include "strategy.h"

#include <stdbool.h>
#include <stdint.h>

#include "jrx.h"

int search_find_literals(const search_plan *plan, substring_generated_scan scan,
                         const unsigned char *subject, size_t length, size_t start_offset,
                         uint32_t options, size_t bounds[2]) {
  int found;
  if ((options & JRX_ANCHORED) != 0) {
    bounds[0] = start_offset;
    found = literal_searcher_match_at(&plan->searcher, subject, length, start_offset, &bounds[1]);
  } else {
    found = literal_searcher_find(&plan->searcher, scan, subject, length, start_offset,
                                  &bounds[0], &bounds[1]);
  }
  return found ? 1 : JRX_NOMATCH;
}

/* The candidates come from the generated scan while they pay (as a
 * literal set's do, literal_searcher.c), else from the prefixes' search;
 * the sequence fits at a candidate or not, and the first that fits is
 * the match. */
int search_find_sequence(const search_plan *plan, substring_generated_scan scan,
                         const unsigned char *subject, size_t length, size_t start_offset,
                         uint32_t options, size_t bounds[2]) {
  if ((options & JRX_ANCHORED) != 0) {
    bounds[0] = start_offset;
    return literal_sequence_match_at(&plan->sequence, subject, length, start_offset, &bounds[1])
               ? 1
               : JRX_NOMATCH;
  }
  const unsigned char *subject_end = subject + length;
  size_t failed = 0;
  for (size_t position = start_offset; position < length;) {
    size_t candidate;
    if (scan != NULL) {
      const unsigned char *hit = scan(subject + position, subject_end);
      if (hit == subject_end) {
        return JRX_NOMATCH;
      }
      candidate = (size_t)(hit - subject);
    } else {
      size_t prefix_end;
      if (!literal_searcher_find(&plan->searcher, NULL, subject, length, position, &candidate,
                                 &prefix_end)) {
        return JRX_NOMATCH;
      }
    }
    if (literal_sequence_match_at(&plan->sequence, subject, length, candidate, &bounds[1])) {
      bounds[0] = candidate;
      return 1;
    }
    failed++;
    position = candidate + 1;
    if (scan != NULL && !substring_candidates_pay(failed, candidate - start_offset)) {
      scan = NULL;
    }
  }
  return JRX_NOMATCH;
}

/* How search_find_successive searches each window: chosen once a run,
 * each step the loop's own copy. */
typedef enum successive_step {
  SUCCESSIVE_SEQUENCE,  /* search_find_sequence */
  SUCCESSIVE_GENERATED, /* a set's generated scan, its verification inline */
  SUCCESSIVE_TEDDY,     /* a Teddy set's kernel, without a scan */
  SUCCESSIVE_LITERALS   /* literal_searcher_find: one literal, or Aho-Corasick */
} successive_step;

static inline __attribute__((always_inline)) bool successive_search(
    const search_plan *plan, successive_step step, substring_generated_scan scan,
    const unsigned char *subject, size_t window_end, size_t from, size_t bounds[2]) {
  switch (step) {
    case SUCCESSIVE_SEQUENCE:
      return search_find_sequence(plan, scan, subject, window_end, from, 0, bounds) == 1;
    case SUCCESSIVE_GENERATED:
      return literal_searcher_find_generated(&plan->searcher, scan, subject, window_end, from,
                                             &bounds[0], &bounds[1]);
    case SUCCESSIVE_TEDDY:
      return literal_searcher_find_teddy(&plan->searcher, subject, window_end, from, &bounds[0],
                                         &bounds[1]);
    default:
      return literal_searcher_find(&plan->searcher, scan, subject, window_end, from, &bounds[0],
                                   &bounds[1]);
  }
}

static inline __attribute__((always_inline)) size_t successive_run(
    const search_plan *plan, successive_step step, substring_generated_scan scan,
    const unsigned char *subject, size_t length, size_t from, size_t window, size_t *bounds,
    size_t most, size_t *clear_to) {
  size_t longest = search_plan_longest_match(plan);
  size_t count = 0;
  size_t reach = SIZE_MAX; /* the first search's is the subject's end */
  for (;;) {
    size_t window_end = length - from > reach ? from + reach : length;
    reach = window;
    size_t *found = &bounds[2 * count];
    bool hit = successive_search(plan, step, scan, subject, window_end, from, found);
    size_t fitting = window_end - from > longest ? window_end - longest + 1 : from;
    if (!hit || (window_end != length && found[0] >= fitting)) {
      *clear_to = window_end == length ? length : fitting;
      return count;
    }
    count++;
    if (count == most) {
      return count;
    }
    from = found[1];
  }
}

/* The rest of a listed set's generated search from after a candidate
 * where no literal occurs: out of line, as the scan confirms its
 * candidates by the literals' prefixes and few fail. */
static __attribute__((noinline)) bool listed_after_candidate(const literal_searcher *searcher,
                                                             substring_generated_scan scan,
                                                             const unsigned char *subject,
                                                             size_t window_end, size_t candidate,
                                                             size_t bounds[2]) {
  return literal_searcher_find_generated(searcher, scan, subject, window_end, candidate + 1,
                                         &bounds[0], &bounds[1]);
}

/* successive_run for a listed set's generated scan (the same searches
 * and answers): the scan called and its candidate compared with the
 * heads here, so that little more than the subject, the window and the
 * next bounds' place stays live across the call. successive_run with
 * SUCCESSIVE_GENERATED spilled and reloaded its state around it, 88
 * guest instructions a match of alternation-5 over Sherlock. */
static size_t successive_listed(const search_plan *plan, substring_generated_scan scan,
                                const unsigned char *subject, size_t length, size_t from,
                                size_t window, size_t *bounds, size_t most, size_t *clear_to) {
  const literal_searcher *searcher = &plan->searcher;
  size_t longest = plan->literals.longest;
  size_t *found = bounds;
  const size_t *full = bounds + 2 * most;
  size_t window_end = length; /* the first search's reach is the subject's end */
  for (;;) {
    const unsigned char *end = subject + window_end;
    const unsigned char *hit = from < window_end ? scan(subject + from, end) : end;
    bool matched = false;
    if (hit != end) {
      found[0] = (size_t)(hit - subject);
      matched = literal_searcher_listed_match_at(searcher, subject, window_end, found[0],
                                                 &found[1]) ||
                listed_after_candidate(searcher, scan, subject, window_end, found[0], found);
    }
    size_t fitting = window_end - from > longest ? window_end - longest + 1 : from;
    if (!matched || (window_end != length && found[0] >= fitting)) {
      *clear_to = window_end == length ? length : fitting;
      return (size_t)(found - bounds) / 2;
    }
    from = found[1];
    found += 2;
    if (found == full) {
      return most;
    }
    window_end = length - from > window ? from + window : length;
  }
}

size_t search_find_successive(const search_plan *plan, substring_generated_scan scan,
                              const unsigned char *subject, size_t length, size_t from,
                              size_t window, size_t *bounds, size_t most, size_t *clear_to) {
  successive_step step = SUCCESSIVE_LITERALS;
  if (plan->strategy == SEARCH_STRATEGY_LITERAL_SEQUENCE) {
    step = SUCCESSIVE_SEQUENCE;
  } else if (plan->searcher.kind != LITERAL_SEARCHER_SUBSTRING && scan != NULL) {
    step = SUCCESSIVE_GENERATED;
  } else if (plan->searcher.kind == LITERAL_SEARCHER_TEDDY) {
    step = SUCCESSIVE_TEDDY;
  }
  switch (step) {
    case SUCCESSIVE_SEQUENCE:
      return successive_run(plan, SUCCESSIVE_SEQUENCE, scan, subject, length, from, window,
                            bounds, most, clear_to);
    case SUCCESSIVE_GENERATED:
      if (plan->searcher.set->count <= LITERAL_SEARCHER_LISTED_MAX) {
        return successive_listed(plan, scan, subject, length, from, window, bounds, most,
                                 clear_to);
      }
      return successive_run(plan, SUCCESSIVE_GENERATED, scan, subject, length, from, window,
                            bounds, most, clear_to);
    case SUCCESSIVE_TEDDY:
      return successive_run(plan, SUCCESSIVE_TEDDY, scan, subject, length, from, window, bounds,
                            most, clear_to);
    default:
      return successive_run(plan, SUCCESSIVE_LITERALS, scan, subject, length, from, window,
                            bounds, most, clear_to);
  }
}

size_t search_plan_longest_match(const search_plan *plan) {
  return plan->strategy == SEARCH_STRATEGY_LITERAL_SEQUENCE ? plan->sequence.longest
                                                            : plan->literals.longest;
}

const substring_searcher *search_plan_single_literal(const search_plan *plan) {
  bool searches_literals = plan->strategy == SEARCH_STRATEGY_LITERALS ||
                           plan->strategy == SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS;
  return searches_literals && plan->searcher.kind == LITERAL_SEARCHER_SUBSTRING
             ? &plan->searcher.substring
             : NULL;
}

const literal_set *search_plan_few_literals(const search_plan *plan) {
  return plan->strategy == SEARCH_STRATEGY_LITERALS && plan->searcher.kind == LITERAL_SEARCHER_TEDDY
             ? &plan->literals
             : NULL;
}

const literal_searcher *search_plan_inner_literals(const search_plan *plan) {
  return plan->strategy == SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS ? &plan->searcher : NULL;
}

/* The dfa_candidate_function of SKIPPING_TO_LITERALS: where the next
 * prefix occurs, which no match can start before. context is a
 * search_cursor. */
static size_t next_literal(const void *context, const unsigned char *subject, size_t length,
                           size_t from, size_t *hits) {
  const search_cursor *cursor = context;
  size_t start;
  size_t end;
  (*hits)++;
  return literal_searcher_find(&cursor->plan->searcher, NULL, subject, length, from, &start,
                               &end)
             ? start
             : SIZE_MAX;
}

/* The dfa_candidate_function of FROM_INNER_LITERALS. A match starting at
 * or after from holds an inner literal at or after its start, so at or
 * after the first occurrence L at or after from; the bytes before that
 * literal, up to the match's start, are all of inner_before. A match
 * starting before L either crosses at L, or crosses later with L inside
 * the bytes before its literal: either way the bytes from its start to L
 * are all of inner_before, so it starts in the run of such bytes ending
 * at L. Before that run (and from) no match starts. In UTF mode the
 * candidate moves back to a character's start. context is the search's
 * search_cursor, written here: while the DFA comes back to its start
 * state before L, L and its run stand. */
static size_t next_after_inner_literal(const void *context, const unsigned char *subject,
                                       size_t length, size_t from, size_t *hits) {
  search_cursor *cursor = (search_cursor *)(uintptr_t)context;
  const search_plan *plan = cursor->plan;
  if (cursor->searched_from == SIZE_MAX || from < cursor->searched_from ||
      from > cursor->literal_start) {
    size_t start;
    size_t end;
    (*hits)++;
    if (!literal_searcher_find(&plan->searcher, NULL, subject, length, from, &start, &end)) {
      return SIZE_MAX;
    }
    size_t run = start;
    while (run > from && nfa_byte_set_has(plan->inner_before, subject[run - 1])) {
      run--;
    }
    cursor->searched_from = from;
    cursor->literal_start = start;
    cursor->run_start = run;
  }
  size_t candidate = cursor->run_start > from ? cursor->run_start : from;
  while (plan->utf && candidate > from && (subject[candidate] & 0xc0) == 0x80) {
    candidate--;
  }
  return candidate;
}

/* Native DFA loops skip to inner literals expected at most this often
 * per BYTE_FREQUENCY_SCALE bytes (the estimate of byte frequencies, far
 * below real counts: ing is 3.6, Holmes 6e-5, :// 1e-7). Leaving
 * generated code for the literal search in C and coming back costs what
 * the native DFA spends on a few dozen bytes: [a-z]+ing on English with
 * a match every 54 bytes ran 1.4x PCRE2-JIT on the plain native DFA and
 * 0.6-1.0x skipping under qemu, where the portable loop gains 1.2x ->
 * 2.5x from skipping. */
#define INNER_NATIVE_MAX_RATE 1.0

dfa_candidate_function search_plan_candidates(const search_plan *plan) {
  if (plan->strategy == SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS) {
    return plan->inner_rate <= INNER_NATIVE_MAX_RATE ? next_after_inner_literal : NULL;
  }
  return plan->strategy == SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS &&
                 plan->searcher.kind != LITERAL_SEARCHER_SUBSTRING
             ? next_literal
             : NULL;
}

int search_find(const search_plan *plan, const dfa *automaton, dfa_cache *cache,
                const unsigned char *subject, size_t length, size_t start_offset,
                uint32_t options, size_t bounds[2]) {
  switch (plan->strategy) {
    case SEARCH_STRATEGY_LITERALS:
      return search_find_literals(plan, NULL, subject, length, start_offset, options, bounds);
    case SEARCH_STRATEGY_LITERAL_SEQUENCE:
      return search_find_sequence(plan, NULL, subject, length, start_offset, options, bounds);
    case SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS:
    case SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS: {
      search_cursor cursor;
      search_cursor_init(&cursor, plan);
      dfa_candidate_function next = plan->strategy == SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS
                                        ? next_literal
                                        : next_after_inner_literal;
      return dfa_search_skipping(automaton, cache, subject, length, start_offset, options, next,
                                 &cursor, &bounds[0], &bounds[1], NULL);
    }
    case SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES:
      return prefilter_search(&plan->bytes, automaton, cache, subject, length, start_offset,
                              options, &bounds[0], &bounds[1], NULL);
    case SEARCH_STRATEGY_DFA:
      break;
  }
  return dfa_search(automaton, cache, subject, length, start_offset, options, &bounds[0],
                    &bounds[1], NULL);
}
