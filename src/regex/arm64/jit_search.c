/* jit_search: dfa_search driven by the generated loops. The orchestration
 * (start states, the forward scan for the end, the backward scan for the
 * start, end-of-text checks, stats) follows dfa_search.c step for step;
 * only the byte loop is native, and every tagged transition comes back to
 * step() here, which does what dfa_search's run_scan does with it. With a
 * prefilter, the forward scan also jumps from the start state (no thread
 * under way) straight to the next candidate. */
#include <string.h>

#include "jit_code.h"
#include "jrx.h"

#define NOT_FOUND SIZE_MAX

typedef struct jit_search_input {
  const jit_code *code;
  const unsigned char *subject;
  size_t length;
  size_t start_offset;  /* where the DFA starts: the caller's, or a prefilter candidate */
  size_t final_newline; /* index of a last byte \n that $ may match before, or SIZE_MAX */
  uint32_t options;
} jit_search_input;

static int is_character_start(const nfa_program *program, const unsigned char *subject,
                              size_t length, size_t position) {
  return !program->utf || position == length || (subject[position] & 0xc0u) != 0x80u;
}

static uint32_t step(jit_scan_context *context, uint32_t state, uint32_t column,
                     const uint8_t *byte) {
  dfa_lazy *lazy = context->lazy;
  size_t index = (size_t)(byte - context->subject);
  uint32_t next = lazy->table[state + column];
  if (next == DFA_UNKNOWN) {
    uint64_t resets = lazy->stats.cache_resets;
    context->status = dfa_lazy_transition(lazy, state, column, index, &next);
    if (context->status != 0) {
      return JIT_SCAN_STOP;
    }
    if (lazy->stats.cache_resets != resets) {
      context->skip_state = JIT_SCAN_STOP; /* its id went stale with the cache */
    }
  }
  if (next == DFA_DEAD) {
    return JIT_SCAN_STOP;
  }
  if ((next & DFA_TAG_MATCH) != 0) {
    if (lazy->automaton->direction == DFA_FORWARD) {
      context->found = index;
    } else if (is_character_start(lazy->automaton->program, context->subject, context->length,
                                  index + 1)) {
      context->found = index + 1;
    }
  }
  return next & DFA_ID_MASK;
}

static uint8_t edge_context(const jit_search_input *input, uint32_t notbol_or_noteol) {
  return (uint8_t)(DFA_CONTEXT_TEXT_EDGE |
                   ((input->options & notbol_or_noteol) != 0 ? 0 : DFA_CONTEXT_LINE_EDGE));
}

/* The context of what precedes position: the text edge or a byte. */
static uint8_t context_before(const dfa_automaton *automaton, const jit_search_input *input,
                              size_t position) {
  if (position == 0) {
    return edge_context(input, JRX_NOTBOL);
  }
  return automaton->column_context[automaton->class_of[input->subject[position - 1]]];
}

static int forward_start_state(const dfa_automaton *forward, dfa_lazy *lazy,
                               const jit_search_input *input, size_t position, int anchored,
                               uint32_t *state) {
  uint32_t flags = context_before(forward, input, position) & forward->remembered_context;
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
  uint32_t item = DFA_START_ITEM;
  return dfa_lazy_intern(lazy, &item, 1, flags, position, state);
}

/* The first position at or after from where a match can start, or
 * NOT_FOUND: a byte of the prefilter's set, followed by the rest of the
 * literal prefix if there is one. */
static size_t next_candidate(const jit_code *code, const unsigned char *subject, size_t length,
                             size_t from) {
  const uint8_t *end = subject + length;
  size_t prefix_length = code->literal_prefix_length;
  while (from < length) {
    const uint8_t *hit = code->prefilter(subject + from, end);
    size_t position = (size_t)(hit - subject);
    if (hit == end || prefix_length > length - position) {
      return NOT_FOUND;
    }
    if (memcmp(subject + position, code->program->literal_prefix, prefix_length) == 0) {
      return position;
    }
    from = position + 1;
  }
  return NOT_FOUND;
}

/* The generated loop from *cursor to stop, resumed at the next prefilter
 * candidate whenever it returns in the skip state with bytes left. No
 * match can start before that candidate, and none can end later if there
 * is none (every match starts at one), so the scan then ends as if the
 * DFA had died. */
static uint32_t run_loop(const jit_search_input *input, jit_scan_context *context,
                         const uint8_t **cursor, const uint8_t *stop, uint32_t state) {
  int forward = context->lazy->automaton->direction == DFA_FORWARD;
  jit_scan_loop_function loop = forward ? input->code->forward_loop : input->code->backward_loop;
  for (;;) {
    state = loop(context, *cursor, stop, state);
    *cursor = context->cursor;
    if (state == JIT_SCAN_STOP || *cursor == stop || state != context->skip_state) {
      return state;
    }
    size_t candidate = next_candidate(input->code, input->subject, input->length,
                                      (size_t)(*cursor - input->subject));
    if (candidate == NOT_FOUND) {
      *cursor = stop;
      return JIT_SCAN_STOP;
    }
    /* The skip state is the start state for the context before cursor;
     * it serves the candidate too unless that context differs. */
    const dfa_automaton *automaton = context->lazy->automaton;
    uint8_t remembered = automaton->remembered_context;
    size_t position = (size_t)(*cursor - input->subject);
    *cursor = input->subject + candidate;
    if ((context_before(automaton, input, candidate) & remembered) !=
        (context_before(automaton, input, position) & remembered)) {
      context->status = forward_start_state(automaton, context->lazy, input, candidate, 0, &state);
      if (context->status != 0 || state == DFA_DEAD) {
        return JIT_SCAN_STOP;
      }
      state &= DFA_ID_MASK;
      context->skip_state = state;
    }
  }
}

/* run_scan of dfa_search.c: from *state over the bytes between from and
 * to. The final newline, which has its own column, is always the last
 * byte read forwards or the first read backwards, so it is stepped in C
 * and the loop covers the rest. */
static int run_scan(const jit_search_input *input, dfa_lazy *lazy, size_t from, size_t to,
                    uint32_t skip_state, uint32_t *state, size_t *found) {
  int forward = lazy->automaton->direction == DFA_FORWARD;
  jit_scan_context context = {.table = &lazy->table,
                              .class_of = lazy->automaton->class_of,
                              .step = step,
                              .skip_state = skip_state,
                              .lazy = lazy,
                              .subject = input->subject,
                              .length = input->length,
                              .found = *found,
                              .status = 0};
  size_t low = forward ? from : to;
  size_t high = forward ? to : from;
  int newline_inside = input->final_newline >= low && input->final_newline < high;
  const uint8_t *cursor = input->subject + from;
  const uint8_t *stop = input->subject + to;
  uint32_t column = lazy->automaton->class_count;
  uint32_t current = *state & DFA_ID_MASK;
  if (newline_inside && !forward) {
    cursor--;
    current = step(&context, current, column, cursor);
  }
  if (current != JIT_SCAN_STOP && cursor != stop) {
    current =
        run_loop(input, &context, &cursor, newline_inside && forward ? stop - 1 : stop, current);
  }
  if (current != JIT_SCAN_STOP && newline_inside && forward) {
    current = step(&context, current, column, cursor);
    cursor++;
  }
  const uint8_t *start = input->subject + from;
  lazy->stats.bytes_scanned += (size_t)(forward ? cursor - start : start - cursor);
  *found = context.found;
  *state = current == JIT_SCAN_STOP ? DFA_DEAD : current;
  return context.status;
}

static int find_end(const jit_search_input *input, dfa_lazy *lazy, int anchored, size_t *end) {
  uint32_t state;
  *end = NOT_FOUND;
  dfa_lazy_begin_search(lazy, input->start_offset);
  int status = forward_start_state(&input->code->automaton->forward, lazy, input,
                                   input->start_offset, anchored, &state);
  if (status == 0 && state != DFA_DEAD) {
    uint32_t skip_state =
        !anchored && input->code->prefilter != NULL ? state & DFA_ID_MASK : JIT_SCAN_STOP;
    status = run_scan(input, lazy, input->start_offset, input->length, skip_state, &state, end);
  }
  if (status == 0 && state != DFA_DEAD &&
      dfa_lazy_end_matches(lazy, state, edge_context(input, JRX_NOTEOL), 0)) {
    *end = input->length;
  }
  return status;
}

static int find_start(const jit_search_input *input, dfa_lazy *lazy, size_t end, size_t *start) {
  const dfa *automaton = input->code->automaton;
  const dfa_automaton *backward = &automaton->backward;
  uint8_t after = edge_context(input, JRX_NOTEOL);
  if (end < input->length) {
    uint32_t column = end == input->final_newline ? backward->class_count
                                                  : backward->class_of[input->subject[end]];
    after = backward->column_context[column];
  }
  uint32_t item = automaton->reversed.start;
  uint32_t state;
  *start = NOT_FOUND;
  dfa_lazy_begin_search(lazy, end);
  int status = dfa_lazy_intern(lazy, &item, 1, after & backward->remembered_context, end, &state);
  if (status == 0 && state != DFA_DEAD) {
    status = run_scan(input, lazy, end, input->start_offset, JIT_SCAN_STOP, &state, start);
  }
  if (status != 0 || state == DFA_DEAD) {
    return status;
  }
  if (dfa_lazy_end_matches(lazy, state, context_before(backward, input, input->start_offset), 1) &&
      is_character_start(backward->program, input->subject, input->length, input->start_offset)) {
    *start = input->start_offset;
  }
  return 0;
}

static void collect_stats(dfa_lazy *lazy, dfa_stats *stats) {
  if (stats != NULL) {
    stats->bytes_scanned += lazy->stats.bytes_scanned;
    stats->transitions_computed += lazy->stats.transitions_computed;
    stats->closure_steps += lazy->stats.closure_steps;
    stats->states_built += lazy->stats.states_built;
    stats->cache_resets += lazy->stats.cache_resets;
  }
  memset(&lazy->stats, 0, sizeof lazy->stats);
}

int jit_search(const jit_code *code, dfa_cache *cache, const unsigned char *subject, size_t length,
               size_t start_offset, uint32_t options, size_t *match_start, size_t *match_end,
               dfa_stats *stats) {
  jit_search_input input = {.code = code,
                            .subject = subject,
                            .length = length,
                            .start_offset = start_offset,
                            .final_newline = SIZE_MAX,
                            .options = options};
  if (length > 0 && subject[length - 1] == '\n' && (options & JRX_NOTEOL) == 0) {
    input.final_newline = length - 1;
  }
  int anchored = (options & JRX_ANCHORED) != 0 || code->program->anchored;
  if (!anchored && code->prefilter != NULL) {
    /* No match starts before the candidate, so the leftmost-first match
     * is the one found from there; empty matches, the only ones the
     * moved start could change, are impossible when a prefilter is set. */
    input.start_offset = next_candidate(code, subject, length, start_offset);
    if (input.start_offset == NOT_FOUND) {
      return JRX_NOMATCH;
    }
  }
  size_t end;
  size_t start = input.start_offset;
  int status = find_end(&input, &cache->forward, anchored, &end);
  if (status == 0 && end != NOT_FOUND && !anchored) {
    status = find_start(&input, &cache->backward, end, &start);
    if (status == 0 && start == NOT_FOUND) {
      status = JRX_ERROR_INTERNAL; /* the forward scan saw a match the backward one cannot */
    }
  }
  collect_stats(&cache->forward, stats);
  collect_stats(&cache->backward, stats);
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
