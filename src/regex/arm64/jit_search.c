/* jit_search: the generated loops plugged into dfa_search_inlining, which
 * does everything around them; step() treats each transition a loop hands
 * back as dfa_search's own loop does. Prefilters skip between candidates. */
#include "jit_code.h"
#include "jrx.h"
#include "regex/dfa_search_with.h"
#include "regex/page_aligned.h"
#include "regex/prefilter.h"

#define NOT_FOUND SIZE_MAX

typedef struct jit_search_context {
  const jit_code *code;
  int skips; /* the forward scan may jump between prefilter candidates */
  /* The candidates, when the caller gives them; NULL: the code's
   * prefilter, checked against the prefix facts. */
  dfa_candidate_function next_candidate;
  const void *candidate_context;
} jit_search_context;

static uint32_t step(jit_scan_context *context, uint32_t state, uint32_t column,
                     const uint8_t *byte) {
  dfa_lazy *lazy = context->lazy;
  const dfa_input *input = context->input;
  size_t index = (size_t)(byte - input->subject);
  uint32_t next = lazy->table[state + column];
  if (dfa_is_accelerated(next)) {
    next = dfa_without_acceleration(next); /* one step of the self-loop */
  } else if (next == DFA_UNKNOWN) {
    uint64_t resets = lazy->stats.cache_resets;
    context->status = dfa_lazy_transition(lazy, state, column, index, &next);
    if (context->status != 0) {
      return JIT_SCAN_STOP;
    }
    if (lazy->stats.cache_resets != resets) {
      context->skip_state = JIT_SCAN_STOP; /* its id went stale with the cache */
    }
  }
  if ((next & DFA_TAG_MATCH) != 0) {
    size_t found = NOT_FOUND;
    dfa_record_match(lazy, input, index, &found);
    if (found != NOT_FOUND) {
      context->match_byte = byte;
      if (context->first_match_byte == NULL && lazy->automaton->direction == DFA_FORWARD) {
        context->first_match_byte = byte;
      }
    }
  }
  return dfa_is_dead(next) ? JIT_SCAN_STOP : next & DFA_ID_MASK;
}

/* A position at or after from where a match can start, with none
 * starting before it, or NOT_FOUND: one the prefilter finds whose bytes
 * fit the prefix (or an unchecked hit when failing hits come every few
 * bytes: see dfa_skipping_pays); adds the hits it looked at to *hits.
 * Every match is longer than the byte sets and the literal prefix. */
static size_t next_candidate(const jit_search_context *search, const unsigned char *subject,
                             size_t length, size_t from, size_t *hits) {
  if (search->next_candidate != NULL) {
    return search->next_candidate(search->candidate_context, subject, length, from, hits);
  }
  const jit_code *code = search->code;
  const nfa_program *program = code->program;
  const uint8_t *end = subject + length;
  size_t needed = program->prefix_byte_set_count > program->literal_prefix_length
                      ? program->prefix_byte_set_count
                      : program->literal_prefix_length;
  size_t first = from;
  size_t looked = 0;
  size_t found = NOT_FOUND;
  while (from < length) {
    const uint8_t *hit = code->prefilter(subject + from, end);
    size_t position = (size_t)(hit - subject);
    if (hit == end || needed > length - position) {
      break;
    }
    looked++;
    /* Hits failing every few bytes are handed to the DFA unchecked (it
     * checks them anyway), and the scan then stops skipping. */
    if (nfa_prefix_fits(program, subject + position) ||
        !dfa_skipping_pays(looked, position - first)) {
      found = position;
      break;
    }
    from = position + 1;
  }
  *hits += looked;
  return found;
}

/* The next position at or after from where the prefilter passes, or
 * NOT_FOUND: hits unchecked, for the sequence search, which checks each
 * itself (a dfa_candidate_function). */
static size_t next_hit(const void *context, const unsigned char *subject, size_t length,
                       size_t from, size_t *hits) {
  const jit_search_context *search = context;
  if (search->next_candidate != NULL) {
    return search->next_candidate(search->candidate_context, subject, length, from, hits);
  }
  const uint8_t *end = subject + length;
  const uint8_t *hit = search->code->prefilter(subject + from, end);
  if (hit == end) {
    return NOT_FOUND;
  }
  ++*hits;
  return (size_t)(hit - subject);
}

/* The generated forward loop from *cursor to stop, resumed at the next
 * prefilter candidate whenever it returns in the skip state with bytes
 * left. No match can start before that candidate, and none can end later
 * if there is none (every match starts at one), so the scan then ends as
 * if the DFA had died. Kept out of line: most scans never skip, and the
 * wrapper around the others stays small without it. */
static __attribute__((noinline)) uint32_t run_skipping_loop(const jit_search_context *search,
                                                            jit_scan_context *context,
                                                            const uint8_t **cursor,
                                                            const uint8_t *stop,
                                                            uint32_t state) {
  const jit_code *code = search->code;
  const dfa_input *input = context->input;
  const dfa_automaton *automaton = context->lazy->automaton;
  const uint8_t *first = *cursor;
  size_t hits = 0;
  for (;;) {
    state = code->forward_loop(context, *cursor, stop, state);
    *cursor = context->cursor;
    if (state == JIT_SCAN_STOP || *cursor == stop || state != context->skip_state) {
      return state;
    }
    if (!dfa_skipping_pays(hits, (size_t)(*cursor - first))) {
      context->skip_state = JIT_SCAN_STOP; /* the loop reloads it: no more returns to skip */
      context->lazy->stats.prefilter_stand_downs++;
      state = code->forward_loop(context, *cursor, stop, state);
      *cursor = context->cursor;
      return state;
    }
    size_t position = (size_t)(*cursor - input->subject);
    size_t before = hits;
    size_t candidate = next_candidate(search, input->subject, input->length, position, &hits);
    context->lazy->stats.prefilter_candidates += hits - before;
    if (candidate == NOT_FOUND) {
      *cursor = stop;
      return JIT_SCAN_STOP;
    }
    *cursor = input->subject + candidate;
    /* The skip state is the start state for the context before position;
     * it serves the candidate too unless that context differs. */
    dfa_context remembered = automaton->remembered_context;
    if ((dfa_context_before(automaton, input, candidate) & remembered) !=
        (dfa_context_before(automaton, input, position) & remembered)) {
      context->status =
          dfa_forward_start_state(automaton, context->lazy, input, candidate, 0, &state);
      if (context->status != 0 || state == DFA_DEAD) {
        return JIT_SCAN_STOP;
      }
      state &= DFA_ID_MASK;
      context->skip_state = state;
    }
  }
}

/* Steps the final newline, which has a column of its own (dfa_column_at)
 * and so is never read by the loops; cursor is where the scan stands. Out
 * of line: most scans end before reaching it. */
static __attribute__((noinline)) uint32_t step_final_newline(jit_scan_context *context,
                                                             uint32_t state, const uint8_t *byte) {
  const dfa_input *input = context->input;
  return step(context, state, dfa_column_at(context->lazy->automaton, input, input->final_newline),
              byte);
}

/* The dfa_scan_function, inlined into jit_search. The final newline is
 * the subject's last byte, so the scan reads it last forwards (when it
 * reaches the end) and first backwards (when it starts there), in C; the
 * loop covers the rest. With first (forwards, no skipping), it runs the
 * loop that records the first match as well, as a dfa_first_scan_function. */
static inline __attribute__((always_inline)) int scan_recording(void *search_context,
                                                                dfa_lazy *lazy,
                                                                const dfa_input *input,
                                                                size_t from, size_t to,
                                                                uint32_t *state, size_t *found,
                                                                size_t *first) {
  const jit_search_context *search = search_context;
  int forward = lazy->automaton->direction == DFA_FORWARD;
  uint32_t current = *state & DFA_ID_MASK;
  jit_scan_context context = {.table = &lazy->table,
                              .class_of = lazy->automaton->class_of,
                              .step = step,
                              .match_byte = NULL,
                              .first_match_byte = NULL,
                              .skip_state = forward && search->skips ? current : JIT_SCAN_STOP,
                              .subject_end = input->subject + input->length,
                              .lazy = lazy,
                              .input = input,
                              .status = 0};
  int newline_inside =
      input->final_newline != NOT_FOUND && (forward ? to : from) == input->length && from != to;
  const uint8_t *start = input->subject + from;
  const uint8_t *cursor = start;
  const uint8_t *stop = input->subject + to;
  if (forward) {
    const uint8_t *loop_stop = stop - newline_inside;
    if (cursor != loop_stop) {
      if (context.skip_state != JIT_SCAN_STOP) {
        current = run_skipping_loop(search, &context, &cursor, loop_stop, current);
      } else {
        jit_scan_loop_function loop =
            first != NULL ? search->code->forward_first_loop : search->code->forward_loop;
        current = loop(&context, cursor, loop_stop, current);
        cursor = context.cursor;
      }
    }
    if (newline_inside && current != JIT_SCAN_STOP) {
      current = step_final_newline(&context, current, cursor++);
    }
  } else {
    if (newline_inside) {
      current = step_final_newline(&context, current, --cursor);
    }
    if (current != JIT_SCAN_STOP && cursor != stop) {
      current = search->code->backward_loop(&context, cursor, stop, current);
      cursor = context.cursor;
    }
  }
  lazy->stats.bytes_scanned += (size_t)(forward ? cursor - start : start - cursor);
  if (context.match_byte != NULL) {
    /* forwards the match ends before the byte, backwards it starts after it */
    *found = (size_t)(context.match_byte - input->subject) + (forward ? 0 : 1);
  }
  if (first != NULL && context.first_match_byte != NULL) {
    *first = (size_t)(context.first_match_byte - input->subject);
  }
  *state = current == JIT_SCAN_STOP ? DFA_DEAD : current;
  return context.status;
}

static inline __attribute__((always_inline)) int scan(void *search_context, dfa_lazy *lazy,
                                                      const dfa_input *input, size_t from,
                                                      size_t to, uint32_t *state, size_t *found) {
  return scan_recording(search_context, lazy, input, from, to, state, found, NULL);
}

int jit_search(const jit_code *code, dfa_cache *cache, const unsigned char *subject, size_t length,
               size_t start_offset, uint32_t options, size_t *match_start, size_t *match_end,
               dfa_stats *stats) {
  return jit_search_skipping(code, cache, subject, length, start_offset, options, NULL, NULL,
                             match_start, match_end, stats);
}

/* jit_search_skipping's search of a sequence of byte sets: the
 * candidates checked against it, with no DFA. In a small function of its
 * own, apart from the DFA search's code: every match of
 * \d{4}-\d\d-\d\d over a log is one such search, and under qemu each jump
 * to another page of code is not chained (in one build the path crossed
 * pages six times a match inside jit_search_skipping), and on a page of
 * its own (JRX_PAGE_ALIGNED). */
static __attribute__((noinline)) JRX_PAGE_ALIGNED int
search_sequence(const jit_search_context *search, dfa_cache *cache, const unsigned char *subject,
                size_t length, uint32_t options, size_t *position, size_t *match_start,
                size_t *match_end, dfa_stats *stats) {
  const nfa_program *program = search->code->program;
  int status = prefilter_search_sequence(program, next_hit, search, cache, subject, length,
                                         options, position, stats);
  if (status == 1) {
    *match_start = *position;
    *match_end = *position + program->sequence_length;
  }
  return status;
}

int jit_search_skipping(const jit_code *code, dfa_cache *cache, const unsigned char *subject,
                        size_t length, size_t start_offset, uint32_t options,
                        dfa_candidate_function candidates, const void *candidate_context,
                        size_t *match_start, size_t *match_end, dfa_stats *stats) {
  int anchored = (options & JRX_ANCHORED) != 0 || code->program->anchored;
  jit_search_context search = {code, !anchored && (code->prefilter != NULL || candidates != NULL),
                               candidates, candidate_context};
  size_t from = start_offset; /* where the skipping search looks for its first candidate */
  if (search.skips && code->program->sequence_length > 0 && !cache->sequence_stood_down) {
    /* A sequence of byte sets is checked at each candidate, with no DFA,
     * as the portable search does (prefilter_search). */
    int status = search_sequence(&search, cache, subject, length, options, &from, match_start,
                                 match_end, stats);
    if (status != PREFILTER_HAND_OVER) {
      return status;
    }
  }
  dfa_input input;
  dfa_input_init(&input, subject, length, start_offset, options);
  if (search.skips) {
    /* No match starts before the candidate, so the leftmost-first match
     * is the one found from there; empty matches, the only ones the
     * moved start could change, are impossible when a prefilter is set. */
    size_t hits = 0;
    input.scan_from = next_candidate(&search, subject, length, from, &hits);
    cache->forward.stats.prefilter_candidates += hits;
    if (input.scan_from == NOT_FOUND) {
      return JRX_NOMATCH;
    }
    if (dfa_candidate_try_pays(code->automaton, cache)) {
      jit_search_context at_candidate = {code, 0, NULL, NULL};
      int status = dfa_match_at_candidate(code->automaton, cache, &input, scan, &at_candidate,
                                          match_start, match_end, stats);
      if (status != JRX_NOMATCH) {
        return status;
      }
    }
  }
  return dfa_search_inlining(code->automaton, cache, &input, scan, &search, match_start, match_end,
                             stats);
}

/* jit_search_dense of one match: dfa_search_unanchored alone, so that
 * the search of a short subject runs none of the run ahead's code and
 * spans fewer pages of code (under qemu a jump to another page is not
 * chained). jrx_match_with's quick path calls it directly: a call less
 * than through jit_search_dense. */
int jit_search_dense_one(const jit_code *code, dfa_cache *cache, const unsigned char *subject,
                         size_t length, size_t start_offset, uint32_t options, size_t *bounds) {
  if (code->prefilter != NULL) {
    return jit_search(code, cache, subject, length, start_offset, options, &bounds[0],
                      &bounds[1], NULL);
  }
  jit_search_context search = {code, 0, NULL, NULL};
  dfa_input input;
  dfa_input_init(&input, subject, length, start_offset, options);
  return dfa_search_unanchored(code->automaton, cache, &input, length, scan, scan_recording,
                               &search, 0, 1, bounds);
}

int jit_search_dense(const jit_code *code, dfa_cache *cache, const unsigned char *subject,
                     size_t length, size_t start_offset, uint32_t options, size_t *bounds,
                     size_t capacity) {
  if (code->prefilter != NULL || capacity == 1) {
    return jit_search_dense_one(code, cache, subject, length, start_offset, options, bounds);
  }
  jit_search_context search = {code, 0, NULL, NULL};
  dfa_input input;
  dfa_input_init(&input, subject, length, start_offset, options);
  return dfa_search_dense_run(code->automaton, cache, &input, scan, scan_recording, &search, 0, 1,
                              bounds, capacity);
}
