/* dfa_search: the search around the byte loops. A forward scan from the
 * start offset finds where the leftmost-first match ends; unless anchored
 * or of fixed length, a backward scan from there finds where it starts.
 * The byte loop is pluggable (dfa_search_with), so native loops share
 * everything else; the portable loop here reads the same table shape they
 * do (dfa.h). */
#include <string.h>

#include "dfa.h"
#include "jrx.h"

#define NOT_FOUND SIZE_MAX

uint32_t dfa_column_at(const dfa_automaton *automaton, const dfa_input *input, size_t index) {
  if (index == input->final_newline) {
    return automaton->class_count + ((input->options & JRX_NOTEOL) != 0 ? 1 : 0);
  }
  return automaton->class_of[input->subject[index]];
}

/* The context of the text edge at the start (before) or end (after). */
static uint8_t edge_context(const dfa_input *input, uint32_t notbol_or_noteol) {
  return (uint8_t)(DFA_CONTEXT_TEXT_EDGE |
                   ((input->options & notbol_or_noteol) != 0 ? 0 : DFA_CONTEXT_LINE_EDGE));
}

uint8_t dfa_context_before(const dfa_automaton *automaton, const dfa_input *input,
                           size_t position) {
  if (position == 0) {
    return edge_context(input, JRX_NOTBOL);
  }
  return automaton->column_context[automaton->class_of[input->subject[position - 1]]];
}

int dfa_is_character_start(const nfa_program *program, const dfa_input *input, size_t position) {
  return !program->utf || position == input->length || (input->subject[position] & 0xc0u) != 0x80u;
}

void dfa_record_match(const dfa_lazy *lazy, const dfa_input *input, size_t index, size_t *found) {
  if (lazy->automaton->direction == DFA_FORWARD) {
    *found = index;
  } else if (dfa_is_character_start(lazy->automaton->program, input, index + 1)) {
    *found = index + 1;
  }
}

int dfa_forward_start_state(const dfa_automaton *forward, dfa_lazy *lazy, const dfa_input *input,
                            size_t position, int anchored, uint32_t *state) {
  uint32_t flags = dfa_context_before(forward, input, position) & forward->remembered_context;
  if (forward->uses_match_start) {
    flags |= DFA_STATE_AT_MATCH_START;
  }
  if (anchored) {
    flags |= DFA_STATE_ONE_START;
  }
  if ((input->options & (JRX_NOTEMPTY | JRX_NOTEMPTY_ATSTART)) != 0) {
    flags |= DFA_STATE_REJECT_EMPTY;
  }
  if ((input->options & JRX_NOTEMPTY) != 0) {
    flags |= DFA_STATE_KEEP_REJECTING;
  }
  return dfa_lazy_start_state(lazy, DFA_START_ITEM, flags, position, state);
}

/* The forward loop's jumps between candidates (dfa_search_skipping). */
typedef struct candidate_skipper {
  dfa_candidate_function next_candidate;
  const void *context;
} candidate_skipper;

/* Moves *position, where the forward DFA is in the unanchored start state
 * *state, to the next candidate before to, with the start state there
 * (which differs only if the context before it does); *state is DFA_DEAD
 * when no candidate is left, since then no match starts before to either.
 * Returns 0, or the error of making that start state. */
static int skip_to_candidate(const candidate_skipper *skipper, dfa_lazy *lazy,
                             const dfa_input *input, size_t to, size_t *position,
                             uint32_t *state, size_t *hits) {
  size_t candidate =
      skipper->next_candidate(skipper->context, input->subject, input->length, *position, hits);
  if (candidate >= to) {
    *position = to;
    *state = DFA_DEAD;
    return 0;
  }
  const dfa_automaton *automaton = lazy->automaton;
  uint8_t before_candidate = dfa_context_before(automaton, input, candidate);
  uint8_t before_position = dfa_context_before(automaton, input, *position);
  *position = candidate;
  if (((before_candidate ^ before_position) & automaton->remembered_context) == 0) {
    return 0;
  }
  return dfa_forward_start_state(automaton, lazy, input, candidate, 0, state);
}

/* The portable byte loop. With may_skip (forwards only) it skips from
 * the start state it begins in, and returns early, storing the position
 * in *skipping_ended, once skipping stops paying (dfa_skipping_pays), so
 * the caller finishes on the loop without it; always inlined, so that the
 * loop without skipping, given a constant 0, does not test for it on every
 * byte. */
static inline __attribute__((always_inline)) int scan_bytes(const candidate_skipper *skipper,
                                                            int may_skip, dfa_lazy *lazy,
                                                            const dfa_input *input, size_t from,
                                                            size_t to, uint32_t *state,
                                                            size_t *found,
                                                            size_t *skipping_ended) {
  const dfa_automaton *automaton = lazy->automaton;
  int forward = automaton->direction == DFA_FORWARD;
  const uint32_t *table = lazy->table;
  uint32_t current = *state;
  uint32_t skip_state = current;
  size_t hits = 0;
  int status = 0;
  size_t position = from;
  while (position != to) {
    if (may_skip && current == skip_state) {
      if (!dfa_skipping_pays(hits, position - from)) {
        *skipping_ended = position;
        break;
      }
      status = skip_to_candidate(skipper, lazy, input, to, &position, &current, &hits);
      if (status != 0 || current == DFA_DEAD) {
        break;
      }
      skip_state = current;
      table = lazy->table;
    }
    size_t index = forward ? position : position - 1;
    uint32_t column = dfa_column_at(automaton, input, index);
    uint32_t next = table[(current & DFA_ID_MASK) + column];
    if ((next & DFA_TAG_MASK) != 0) {
      if (next == DFA_UNKNOWN) {
        uint64_t resets = lazy->stats.cache_resets;
        status = dfa_lazy_transition(lazy, current, column, index, &next);
        if (status != 0) {
          break;
        }
        table = lazy->table;
        if (lazy->stats.cache_resets != resets) {
          may_skip = 0; /* the skip state's id went stale with the cache */
        }
      }
      if (next == DFA_DEAD) {
        current = DFA_DEAD;
        position = forward ? position + 1 : position - 1;
        break;
      }
      if ((next & DFA_TAG_MATCH) != 0) {
        dfa_record_match(lazy, input, index, found);
      }
    }
    current = next;
    position = forward ? position + 1 : position - 1;
  }
  lazy->stats.bytes_scanned += forward ? position - from : from - position;
  *state = current;
  return status;
}

/* The dfa_scan_function of dfa_search. */
static int run_scan(void *unused, dfa_lazy *lazy, const dfa_input *input, size_t from, size_t to,
                    uint32_t *state, size_t *found) {
  (void)unused;
  size_t unused_end;
  return scan_bytes(NULL, 0, lazy, input, from, to, state, found, &unused_end);
}

/* The dfa_scan_function of dfa_search_skipping; skipper is a
 * candidate_skipper. */
static int run_skipping_scan(void *skipper, dfa_lazy *lazy, const dfa_input *input, size_t from,
                             size_t to, uint32_t *state, size_t *found) {
  if (lazy->automaton->direction != DFA_FORWARD) {
    return run_scan(NULL, lazy, input, from, to, state, found);
  }
  size_t skipping_ended = NOT_FOUND;
  int status = scan_bytes(skipper, 1, lazy, input, from, to, state, found, &skipping_ended);
  if (status != 0 || skipping_ended == NOT_FOUND) {
    return status;
  }
  return run_scan(NULL, lazy, input, skipping_ended, to, state, found);
}

typedef struct dfa_scanner {
  dfa_scan_function scan;
  void *context;
} dfa_scanner;

/* Where the leftmost-first match ends, or NOT_FOUND. */
static int find_end(const dfa *automaton, dfa_lazy *lazy, const dfa_input *input, int anchored,
                    const dfa_scanner *scanner, size_t *end) {
  uint32_t state;
  *end = NOT_FOUND;
  dfa_lazy_begin_search(lazy, input->start_offset);
  int status = dfa_forward_start_state(&automaton->forward, lazy, input, input->start_offset,
                                       anchored, &state);
  if (status == 0 && state != DFA_DEAD) {
    status = scanner->scan(scanner->context, lazy, input, input->start_offset, input->length,
                           &state, end);
  }
  if (status == 0 && state != DFA_DEAD &&
      dfa_lazy_end_matches(lazy, state, edge_context(input, JRX_NOTEOL), 0)) {
    *end = input->length;
  }
  return status;
}

/* Where the match ending at end starts: the earliest start, which the
 * leftmost-first match has since no match starts further left. */
static int find_start(const dfa *automaton, dfa_lazy *lazy, const dfa_input *input, size_t end,
                      const dfa_scanner *scanner, size_t *start) {
  const dfa_automaton *backward = &automaton->backward;
  uint8_t after = end == input->length
                      ? edge_context(input, JRX_NOTEOL)
                      : backward->column_context[dfa_column_at(backward, input, end)];
  uint32_t state;
  *start = NOT_FOUND;
  dfa_lazy_begin_search(lazy, end);
  int status = dfa_lazy_start_state(lazy, automaton->reversed.start,
                                    after & backward->remembered_context, end, &state);
  if (status == 0 && state != DFA_DEAD) {
    status = scanner->scan(scanner->context, lazy, input, end, input->start_offset, &state, start);
  }
  if (status != 0 || state == DFA_DEAD) {
    return status;
  }
  uint8_t before = dfa_context_before(backward, input, input->start_offset);
  if (dfa_lazy_end_matches(lazy, state, before, 1) &&
      dfa_is_character_start(backward->program, input, input->start_offset)) {
    *start = input->start_offset;
  }
  return 0;
}

/* Adds what lazy counted in this search (its stats were cleared when it
 * began). Searches nobody counts leave the counters running: the search
 * itself only compares them before and after a transition. */
static void collect_stats(const dfa_lazy *lazy, dfa_stats *stats) {
  stats->bytes_scanned += lazy->stats.bytes_scanned;
  stats->transitions_computed += lazy->stats.transitions_computed;
  stats->closure_steps += lazy->stats.closure_steps;
  stats->states_built += lazy->stats.states_built;
  stats->cache_resets += lazy->stats.cache_resets;
}

static int search_is_anchored(const dfa *automaton, uint32_t options) {
  return (options & JRX_ANCHORED) != 0 || automaton->forward.program->anchored;
}

int dfa_search_with(const dfa *automaton, dfa_cache *cache, const dfa_input *input,
                    dfa_scan_function scan, void *context, size_t *match_start, size_t *match_end,
                    dfa_stats *stats) {
  dfa_scanner scanner = {scan, context};
  int anchored = search_is_anchored(automaton, input->options);
  size_t fixed_length = automaton->forward.program->fixed_length;
  size_t end;
  size_t start = input->start_offset;
  if (stats != NULL) {
    memset(&cache->forward.stats, 0, sizeof cache->forward.stats);
    memset(&cache->backward.stats, 0, sizeof cache->backward.stats);
  }
  int status = find_end(automaton, &cache->forward, input, anchored, &scanner, &end);
  if (status == 0 && end != NOT_FOUND && !anchored) {
    if (fixed_length != SIZE_MAX) {
      start = end - fixed_length; /* what the backward scan would find, without it */
    } else {
      status = find_start(automaton, &cache->backward, input, end, &scanner, &start);
      if (status == 0 && start == NOT_FOUND) {
        status = JRX_ERROR_INTERNAL; /* the forward scan saw a match the backward one cannot */
      }
    }
  }
  if (stats != NULL) {
    collect_stats(&cache->forward, stats);
    collect_stats(&cache->backward, stats);
  }
  if (status != 0) {
    return status;
  }
  if (end == NOT_FOUND) {
    return JRX_NOMATCH;
  }
  *match_start = start;
  *match_end = end;
  return 1;
}

int dfa_search(const dfa *automaton, dfa_cache *cache, const unsigned char *subject, size_t length,
               size_t start_offset, uint32_t options, size_t *match_start, size_t *match_end,
               dfa_stats *stats) {
  dfa_input input;
  dfa_input_init(&input, subject, length, start_offset, options);
  return dfa_search_with(automaton, cache, &input, run_scan, NULL, match_start, match_end, stats);
}

int dfa_search_skipping(const dfa *automaton, dfa_cache *cache, const unsigned char *subject,
                        size_t length, size_t start_offset, uint32_t options,
                        dfa_candidate_function next_candidate, const void *context,
                        size_t *match_start, size_t *match_end, dfa_stats *stats) {
  candidate_skipper skipper = {next_candidate, context};
  int skips = !search_is_anchored(automaton, options) && !automaton->forward.uses_match_start;
  dfa_input input;
  dfa_input_init(&input, subject, length, start_offset, options);
  return dfa_search_with(automaton, cache, &input, skips ? run_skipping_scan : run_scan, &skipper,
                         match_start, match_end, stats);
}

int dfa_rerun_options(const dfa *automaton, size_t start_offset, size_t match_start,
                      uint32_t options, uint32_t *rerun_options) {
  if (match_start == start_offset) {
    *rerun_options = options | JRX_ANCHORED;
    return 1;
  }
  *rerun_options = (options & ~JRX_NOTEMPTY_ATSTART) | JRX_ANCHORED;
  return !automaton->forward.uses_match_start;
}
