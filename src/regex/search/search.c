/* search: running a plan. The literal strategy answers from the literal
 * search alone; the DFA strategies hand dfa_search_skipping a candidate
 * function, so the DFA starts only where a match can. */
#include "strategy.h"

#include <stdbool.h>

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

bool search_plan_skips_dfa(const search_plan *plan) {
  return plan->strategy == SEARCH_STRATEGY_LITERALS ||
         (plan->strategy == SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES && plan->bytes.program != NULL &&
          plan->bytes.program->sequence_length > 0);
}

const substring_searcher *search_plan_single_literal(const search_plan *plan) {
  bool searches_literals = plan->strategy == SEARCH_STRATEGY_LITERALS ||
                           plan->strategy == SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS;
  return searches_literals && plan->searcher.kind == LITERAL_SEARCHER_SUBSTRING
             ? &plan->searcher.substring
             : NULL;
}

/* The dfa_candidate_function of SKIPPING_TO_LITERALS: where the next
 * prefix occurs, which no match can start before. */
static size_t next_literal(const void *plan, const unsigned char *subject, size_t length,
                           size_t from, size_t *hits) {
  size_t start;
  size_t end;
  (*hits)++;
  return literal_searcher_find(&((const search_plan *)plan)->searcher, NULL, subject, length,
                               from, &start, &end)
             ? start
             : SIZE_MAX;
}

dfa_candidate_function search_plan_candidates(const search_plan *plan) {
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
    case SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS:
      return dfa_search_skipping(automaton, cache, subject, length, start_offset, options,
                                 next_literal, plan, &bounds[0], &bounds[1], NULL);
    case SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES:
      return prefilter_search(&plan->bytes, automaton, cache, subject, length, start_offset,
                              options, &bounds[0], &bounds[1], NULL);
    case SEARCH_STRATEGY_DFA:
      break;
  }
  return dfa_search(automaton, cache, subject, length, start_offset, options, &bounds[0],
                    &bounds[1], NULL);
}
