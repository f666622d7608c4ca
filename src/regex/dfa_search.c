/* dfa_search: the search around the byte loops. A forward scan from the
 * start offset finds where the leftmost-first match ends; unless anchored
 * or of fixed length, a backward scan from there finds where it starts.
 * The byte loop is pluggable (dfa_search_with.h holds the search around
 * it), so native loops share everything else; the portable loop here
 * reads the same table shape they do (dfa.h). */
#include "dfa.h"
#include "dfa_search_with.h"
#include "jrx.h"

#define NOT_FOUND SIZE_MAX

/* A forward match end at `at`, the scan's first if *first is still
 * NOT_FOUND (first is NULL when the scan does not ask). */
static inline void record_first(size_t *first, size_t at) {
  if (first != NULL && *first == NOT_FOUND) {
    *first = at;
  }
}

void dfa_record_match(const dfa_lazy *lazy, const dfa_input *input, size_t index, size_t *found) {
  if (lazy->automaton->direction == DFA_FORWARD) {
    *found = index;
  } else if (dfa_is_character_start(lazy->automaton->program, input, index + 1)) {
    *found = index + 1;
  }
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
  dfa_context before_candidate = dfa_context_before(automaton, input, candidate);
  dfa_context before_position = dfa_context_before(automaton, input, *position);
  *position = candidate;
  if (((before_candidate ^ before_position) & automaton->remembered_context) == 0) {
    return 0;
  }
  return dfa_forward_start_state(automaton, lazy, input, candidate, 0, state);
}

/* Steps the self-loop of the accelerated state (its id, with the
 * transition's match tag) over subject[index], then the bytes after it
 * that loop too, recording the last match; returns the position reached.
 * Forwards the jump stops before a final newline, which has a column of
 * its own; backwards the scan reads the final newline first, if at all. */
static size_t jump(dfa_lazy *lazy, const dfa_input *input, uint32_t state, size_t index,
                   size_t to, size_t *found, size_t *first) {
  const dfa_automaton *automaton = lazy->automaton;
  uint32_t word = lazy->table[(state & DFA_ID_MASK) + automaton->acceleration_column];
  size_t landing;
  size_t last;
  if (automaton->direction == DFA_FORWARD) {
    size_t limit = input->final_newline > index && input->final_newline < to ? input->final_newline
                                                                             : to;
    landing = dfa_accelerate_forward(word, input->subject, index + 1, limit);
    last = landing - 1;
  } else {
    landing = dfa_accelerate_backward(word, input->subject, index, to);
    last = landing;
  }
  if ((state & DFA_TAG_MATCH) != 0) {
    record_first(first, index);
    dfa_record_match(lazy, input, last, found);
  }
  return landing;
}

/* The forward loop's fast path: steps from *position while transitions
 * are known and carry no tag but DFA_TAG_MATCH (recorded in place), up to
 * stop (before the final newline, whose column is not its class), or
 * until the state is stop_state. Returns the state reached; the byte at
 * *position, if before stop, then needs the slow path. first_match as
 * in record_first. */
static inline __attribute__((always_inline)) uint32_t
step_forward(const uint32_t *table, const unsigned char *class_of, const unsigned char *subject,
             size_t *position, size_t stop, uint32_t current, uint32_t stop_state,
             size_t *found, size_t *first_match) {
  size_t at = *position;
  /* Two bytes a round while the transitions carry no tag at all (and are
   * not stop_state): an untagged transition is its state's row offset, so
   * the second lookup needs no mask and each byte's dependent chain is one
   * add and one load. Anything else is left to the loop below. */
  uint32_t plain = current & DFA_ID_MASK;
  size_t plain_from = at;
  while (at + 2 <= stop) {
    uint32_t first = table[plain + class_of[subject[at]]];
    if ((first & DFA_TAG_MASK) != 0 || first == stop_state) {
      break;
    }
    uint32_t second = table[first + class_of[subject[at + 1]]];
    if ((second & DFA_TAG_MASK) != 0 || second == stop_state) {
      plain = first;
      at++;
      break;
    }
    plain = second;
    at += 2;
  }
  if (at != plain_from) {
    current = plain;
  }
  while (at < stop) {
    uint32_t next = table[(current & DFA_ID_MASK) + class_of[subject[at]]];
    if (next == current && current != stop_state) {
      /* A state that stays put (the rest of a match, as \S+ of key=value):
       * the loads no longer wait for each other, as the state they read
       * is known before they finish. */
      size_t stayed_from = at;
      do {
        at++;
      } while (at < stop && table[(current & DFA_ID_MASK) + class_of[subject[at]]] == current);
      if ((current & DFA_TAG_MATCH) != 0) {
        record_first(first_match, stayed_from);
        *found = at - 1;
      }
      continue;
    }
    if ((next & (DFA_TAG_UNKNOWN | DFA_TAG_DEAD)) != 0) {
      break;
    }
    if ((next & DFA_TAG_MATCH) != 0) {
      record_first(first_match, at);
      *found = at;
    }
    current = next;
    at++;
    if (current == stop_state) {
      break;
    }
  }
  *position = at;
  return current;
}

/* The portable byte loop. With may_skip (forwards only) it skips from
 * the start state it begins in, and returns early, storing the position
 * in *skipping_ended, once skipping stops paying (dfa_skipping_pays), so
 * the caller finishes on the loop without it; always inlined, so that the
 * loop without skipping, given a constant 0, does not test for it on every
 * byte, and each direction (forward, a constant too) has its own copy.
 * First as in record_first (forwards only). */
static inline __attribute__((always_inline)) int scan_bytes(const candidate_skipper *skipper,
                                                            int may_skip, int forward,
                                                            dfa_lazy *lazy,
                                                            const dfa_input *input, size_t from,
                                                            size_t to, uint32_t *state,
                                                            size_t *found, size_t *first,
                                                            size_t *skipping_ended) {
  const dfa_automaton *automaton = lazy->automaton;
  const uint32_t *table = lazy->table;
  /* The fast path stops before the final newline. */
  size_t fast_stop = forward && input->final_newline >= from && input->final_newline < to
                         ? input->final_newline
                         : to;
  uint32_t current = *state;
  uint32_t skip_state = current;
  size_t hits = 0;
  int status = 0;
  size_t position = from;
  while (position != to) {
    if (may_skip && current == skip_state) {
      if (!dfa_skipping_pays(hits, position - from)) {
        *skipping_ended = position;
        lazy->stats.prefilter_stand_downs++;
        break;
      }
      status = skip_to_candidate(skipper, lazy, input, to, &position, &current, &hits);
      if (status != 0 || current == DFA_DEAD) {
        break;
      }
      skip_state = current;
      table = lazy->table;
    }
    if (forward) {
      /* In skipping mode the fast path hands the skip state back, once
       * it has stepped into it. */
      size_t stepped_from = position;
      current = step_forward(table, automaton->class_of, input->subject, &position, fast_stop,
                             current, may_skip ? skip_state : DFA_UNKNOWN, found, first);
      if (position == to || (may_skip && current == skip_state && position != stepped_from)) {
        continue;
      }
    }
    size_t index = forward ? position : position - 1;
    uint32_t column = dfa_column_at(automaton, input, index);
    uint32_t next = table[(current & DFA_ID_MASK) + column];
    if ((next & DFA_TAG_MASK) != 0) {
      if (dfa_is_accelerated(next)) {
        current = dfa_without_acceleration(next);
        position = jump(lazy, input, current, index, to, found, first);
        continue;
      }
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
      if ((next & DFA_TAG_MATCH) != 0) {
        record_first(first, index);
        dfa_record_match(lazy, input, index, found);
      }
      if (dfa_is_dead(next)) {
        current = DFA_DEAD;
        position = forward ? position + 1 : position - 1;
        break;
      }
    }
    current = next;
    position = forward ? position + 1 : position - 1;
  }
  lazy->stats.bytes_scanned += forward ? position - from : from - position;
  lazy->stats.prefilter_candidates += hits;
  *state = current;
  return status;
}

/* The dfa_scan_function of dfa_search; always inlined there, as the
 * call would cost matches a few bytes apart more than the scan. */
static inline __attribute__((always_inline)) int run_scan(void *unused, dfa_lazy *lazy, const dfa_input *input, size_t from, size_t to,
                    uint32_t *state, size_t *found) {
  (void)unused;
  size_t unused_end;
  if (lazy->automaton->direction == DFA_FORWARD) {
    return scan_bytes(NULL, 0, 1, lazy, input, from, to, state, found, NULL, &unused_end);
  }
  return scan_bytes(NULL, 0, 0, lazy, input, from, to, state, found, NULL, &unused_end);
}

/* The dfa_first_scan_function of dfa_search_dense (forwards only). */
static inline __attribute__((always_inline)) int run_first_scan(void *unused, dfa_lazy *lazy,
                                                                const dfa_input *input,
                                                                size_t from, size_t to,
                                                                uint32_t *state, size_t *found,
                                                                size_t *first) {
  (void)unused;
  size_t unused_end;
  return scan_bytes(NULL, 0, 1, lazy, input, from, to, state, found, first, &unused_end);
}

/* The dfa_scan_function of dfa_search_skipping; skipper is a
 * candidate_skipper. */
static int run_skipping_scan(void *skipper, dfa_lazy *lazy, const dfa_input *input, size_t from,
                             size_t to, uint32_t *state, size_t *found) {
  if (lazy->automaton->direction != DFA_FORWARD) {
    return run_scan(NULL, lazy, input, from, to, state, found);
  }
  size_t skipping_ended = NOT_FOUND;
  int status =
      scan_bytes(skipper, 1, 1, lazy, input, from, to, state, found, NULL, &skipping_ended);
  if (status != 0 || skipping_ended == NOT_FOUND) {
    return status;
  }
  return run_scan(NULL, lazy, input, skipping_ended, to, state, found);
}

int dfa_search_with(const dfa *automaton, dfa_cache *cache, const dfa_input *input,
                    dfa_scan_function scan, void *context, size_t *match_start, size_t *match_end,
                    dfa_stats *stats) {
  return dfa_search_inlining(automaton, cache, input, scan, context, match_start, match_end, stats);
}

int dfa_search(const dfa *automaton, dfa_cache *cache, const unsigned char *subject, size_t length,
               size_t start_offset, uint32_t options, size_t *match_start, size_t *match_end,
               dfa_stats *stats) {
  dfa_input input;
  dfa_input_init(&input, subject, length, start_offset, options);
  return dfa_search_inlining(automaton, cache, &input, run_scan, NULL, match_start, match_end,
                             stats);
}

int dfa_search_dense(const dfa *automaton, dfa_cache *cache, const unsigned char *subject,
                     size_t length, size_t start_offset, uint32_t options, size_t *bounds,
                     size_t capacity) {
  dfa_input input;
  dfa_input_init(&input, subject, length, start_offset, options);
  return dfa_search_dense_run(automaton, cache, &input, run_scan, run_first_scan, NULL, 1, 1,
                              bounds, capacity);
}

int dfa_search_skipping(const dfa *automaton, dfa_cache *cache, const unsigned char *subject,
                        size_t length, size_t start_offset, uint32_t options,
                        dfa_candidate_function next_candidate, const void *context,
                        size_t *match_start, size_t *match_end, dfa_stats *stats) {
  candidate_skipper skipper = {next_candidate, context};
  int skips = !dfa_search_is_anchored(automaton, options) && !automaton->forward.uses_match_start;
  dfa_input input;
  dfa_input_init(&input, subject, length, start_offset, options);
  if (skips && dfa_candidate_try_pays(automaton, cache)) {
    size_t hits = 0;
    input.scan_from = next_candidate(context, subject, length, start_offset, &hits);
    cache->forward.stats.prefilter_candidates += hits;
    if (input.scan_from == NOT_FOUND) {
      return JRX_NOMATCH;
    }
    int status = dfa_match_at_candidate(automaton, cache, &input, run_scan, NULL, match_start,
                                        match_end, stats);
    if (status != JRX_NOMATCH) {
      return status;
    }
  }
  return dfa_search_with(automaton, cache, &input, skips ? run_skipping_scan : run_scan, &skipper,
                         match_start, match_end, stats);
}

int dfa_search_earliest(const dfa *automaton, dfa_cache *cache, const unsigned char *subject,
                        size_t length, size_t start_offset, uint32_t options, size_t *match_end) {
  const dfa_automaton *forward = &automaton->forward;
  dfa_lazy *lazy = &cache->forward;
  dfa_input input;
  dfa_input_init(&input, subject, length, start_offset, options);
  uint32_t state;
  dfa_lazy_begin_search(lazy, start_offset);
  int status = dfa_forward_start_state(forward, lazy, &input, start_offset,
                                       dfa_search_is_anchored(automaton, options), &state);
  /* Untagged steps go without a mask up to the final newline, whose
   * column is not its class, two bytes a round; any tag, that newline and
   * the end of the text take the slow path below. */
  size_t fast_stop = input.final_newline < length ? input.final_newline : length;
  const unsigned char *class_of = forward->class_of;
  size_t position = start_offset;
  while (status == 0 && state != DFA_DEAD && position < length) {
    const uint32_t *table = lazy->table;
    while (position + 1 < fast_stop) {
      uint32_t first = table[state + class_of[subject[position]]];
      if ((first & DFA_TAG_MASK) != 0) {
        break;
      }
      uint32_t second = table[first + class_of[subject[position + 1]]];
      if ((second & DFA_TAG_MASK) != 0) {
        state = first;
        position++;
        break;
      }
      state = second;
      position += 2;
    }
    if (position + 1 == fast_stop) {
      uint32_t next = table[state + class_of[subject[position]]];
      if ((next & DFA_TAG_MASK) == 0) {
        state = next;
        position++;
      }
    }
    if (position == length) {
      break;
    }
    uint32_t column = dfa_column_at(forward, &input, position);
    uint32_t next = table[state + column];
    if (dfa_is_accelerated(next)) {
      next = dfa_without_acceleration(next);
      if ((next & DFA_TAG_MATCH) == 0) {
        /* A self-loop without a match: over the bytes that stay. */
        size_t limit = fast_stop > position ? fast_stop : length;
        position = dfa_accelerate_forward(table[state + forward->acceleration_column], subject,
                                          position + 1, limit);
        continue;
      }
    } else if (next == DFA_UNKNOWN) {
      status = dfa_lazy_transition(lazy, state, column, position, &next);
      if (status != 0) {
        break;
      }
    }
    if ((next & DFA_TAG_MATCH) != 0) {
      lazy->stats.bytes_scanned += position - start_offset;
      *match_end = position;
      return 1;
    }
    state = dfa_is_dead(next) ? DFA_DEAD : next;
    position++;
  }
  lazy->stats.bytes_scanned += position - start_offset;
  if (status != 0) {
    return status;
  }
  if (state != DFA_DEAD &&
      dfa_lazy_end_matches(lazy, state, dfa_edge_context(&input, JRX_NOTEOL), 0)) {
    *match_end = length;
    return 1;
  }
  return JRX_NOMATCH;
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
