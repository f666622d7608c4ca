/* strategy: the choice of a search strategy, in one place. The order is
 * the order of preference; each step says when it applies and why it
 * beats the ones after it. */
#include "strategy.h"

#include "literal_extract.h"

/* Literal sets the walk may produce. An exact set may be large (a word
 * list given as one alternation); a set of prefixes only has to be
 * selective, so a short walk suffices. */
static const literal_limits exact_limits = {
    .max_count = 100000, .max_length = 1024, .max_total_bytes = 8u << 20, .only_exact = true};
static const literal_limits prefix_limits = {
    .max_count = TEDDY_MAX_LITERALS, .max_length = 256, .max_total_bytes = 1u << 14,
    .only_exact = false};

static int use(search_plan *plan, search_strategy strategy, const char *reason) {
  plan->strategy = strategy;
  plan->reason = reason;
  return 0;
}

/* Fills plan's literals as limits allow; true when they are what wanted
 * is and a searcher was made for them. */
static int try_literals(search_plan *plan, const nfa_program *program,
                        const literal_limits *limits, literal_extraction wanted, bool *made) {
  literal_extraction extraction;
  *made = false;
  int status = literal_extract(program, limits, &plan->literals, &extraction);
  if (status != 0 || extraction == LITERAL_EXTRACTION_NONE) {
    return status;
  }
  if (extraction != wanted || (wanted == LITERAL_EXTRACTION_PREFIXES && plan->literals.shortest < 2)) {
    literal_set_release(&plan->literals);
    return 0;
  }
  status = literal_searcher_init(&plan->searcher, &plan->literals);
  if (status != 0) {
    literal_set_release(&plan->literals);
    return status == JRX_ERROR_NOMEMORY ? status : 0;
  }
  *made = true;
  return 0;
}

int search_plan_build(search_plan *plan, const nfa_program *program, const dfa *automaton) {
  *plan = (search_plan){.strategy = SEARCH_STRATEGY_DFA};
  literal_set_init(&plan->literals, program->allocator);
  prefilter_build(program, automaton, &plan->bytes);

  /* 1. Only the start offset can start a match (^, \A): the DFA reads
   * just what the match needs, there is nothing to skip. */
  if (program->anchored) {
    return use(plan, SEARCH_STRATEGY_DFA, "matches start only at the start offset");
  }
  /* 2. \G holds only at the start offset: moving the start would move it. */
  if (automaton->forward.uses_match_start) {
    return use(plan, SEARCH_STRATEGY_DFA, "\\G pins matches to the start offset");
  }
  /* 3. The pattern is a literal: its occurrence is the match, found at
   * memory speed, and the DFA never runs. */
  bool made;
  int status = try_literals(plan, program, &exact_limits, LITERAL_EXTRACTION_EXACT, &made);
  if (status != 0 || made) {
    return status != 0
               ? status
               : use(plan, SEARCH_STRATEGY_LITERALS, "the matches are exactly the literals");
  }
  /* 4. Every match begins with a literal of two bytes or more: its search
   * compares two rare bytes at once, more selective than any one byte
   * set, and the DFA starts only where the literal occurs. */
  status = try_literals(plan, program, &prefix_limits, LITERAL_EXTRACTION_PREFIXES, &made);
  if (status != 0 || made) {
    return status != 0 ? status
                       : use(plan, SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS,
                             "every match begins with the literals");
  }
  /* 5. A byte set at a fixed offset of every match start is rare in text. */
  if (plan->bytes.kind != PREFILTER_NONE) {
    return use(plan, SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES,
               "a byte set every match has near its start is rare");
  }
  /* 6. Anything else: every byte through the DFA. */
  return use(plan, SEARCH_STRATEGY_DFA, "no literal or rare byte to skip to");
}

void search_plan_release(search_plan *plan) {
  literal_searcher_release(&plan->searcher);
  literal_set_release(&plan->literals);
}

const char *search_strategy_name(search_strategy strategy) {
  switch (strategy) {
    case SEARCH_STRATEGY_DFA:
      return "dfa";
    case SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES:
      return "dfa skipping to bytes";
    case SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS:
      return "dfa skipping to literals";
    case SEARCH_STRATEGY_LITERALS:
      return "literals";
  }
  return "?";
}
