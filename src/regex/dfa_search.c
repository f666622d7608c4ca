/* dfa_search: the portable search loops and the dfa and dfa_cache objects.
 * A forward scan from the start offset finds where the leftmost-first match
 * ends; unless anchored, a backward scan from there finds where it starts.
 * Both scans read the same table shape the native loops read (dfa.h). */
#include <stdlib.h>
#include <string.h>

#include "dfa.h"
#include "jrx.h"

#define NOT_FOUND SIZE_MAX

typedef struct dfa_scan {
  const unsigned char *subject;
  size_t length;
  size_t start_offset;
  size_t final_newline; /* index of a last byte \n that $ may match before, or SIZE_MAX */
  uint32_t options;
} dfa_scan;

static uint32_t column_at(const dfa_automaton *automaton, const dfa_scan *scan, size_t index) {
  if (index == scan->final_newline) {
    return automaton->class_count;
  }
  return automaton->class_of[scan->subject[index]];
}

/* The context of the text edge at the start (before) or end (after). */
static uint8_t edge_context(const dfa_scan *scan, uint32_t notbol_or_noteol) {
  return (uint8_t)(DFA_CONTEXT_TEXT_EDGE |
                   ((scan->options & notbol_or_noteol) != 0 ? 0 : DFA_CONTEXT_LINE_EDGE));
}

/* The context of what precedes the start offset: the text edge or a byte. */
static uint8_t context_before_start(const dfa_automaton *automaton, const dfa_scan *scan) {
  if (scan->start_offset == 0) {
    return edge_context(scan, JRX_NOTBOL);
  }
  return automaton->column_context[automaton->class_of[scan->subject[scan->start_offset - 1]]];
}

static int is_character_start(const dfa_scan *scan, const nfa_program *program, size_t position) {
  return !program->utf || position == scan->length || (scan->subject[position] & 0xc0u) != 0x80u;
}

/* Runs lazy from *state over the bytes between positions from and to:
 * forwards (from < to) reading subject[p] at p, backwards reading
 * subject[p - 1]. *found becomes the last position a match ended
 * (forwards) or started (backwards) at before `to`. Returns 0 with *state
 * the state at `to`, or DFA_DEAD if the scan died early; or DFA_GAVE_UP or
 * JRX_ERROR_NOMEMORY. */
static int run_scan(dfa_lazy *lazy, const dfa_scan *scan, size_t from, size_t to, uint32_t *state,
                    size_t *found) {
  const dfa_automaton *automaton = lazy->automaton;
  int forward = automaton->direction == DFA_FORWARD;
  const uint32_t *table = lazy->table;
  uint32_t current = *state;
  int status = 0;
  size_t position = from;
  while (position != to) {
    size_t index = forward ? position : position - 1;
    uint32_t column = column_at(automaton, scan, index);
    uint32_t next = table[(current & DFA_ID_MASK) + column];
    if ((next & DFA_TAG_MASK) != 0) {
      if (next == DFA_UNKNOWN) {
        status = dfa_lazy_transition(lazy, current, column, index, &next);
        if (status != 0) {
          break;
        }
        table = lazy->table;
      }
      if (next == DFA_DEAD) {
        current = DFA_DEAD;
        position = forward ? position + 1 : position - 1;
        break;
      }
      if ((next & DFA_TAG_MATCH) != 0) {
        if (forward) {
          *found = index;
        } else if (is_character_start(scan, automaton->program, index + 1)) {
          *found = index + 1;
        }
      }
    }
    current = next;
    position = forward ? position + 1 : position - 1;
  }
  lazy->stats.bytes_scanned += forward ? position - from : from - position;
  *state = current;
  return status;
}

static int forward_start_state(const dfa *automaton, dfa_lazy *lazy, const dfa_scan *scan,
                               int anchored, uint32_t *state) {
  const dfa_automaton *forward = &automaton->forward;
  uint32_t flags = context_before_start(forward, scan) & forward->remembered_context;
  if (forward->uses_match_start) {
    flags |= DFA_STATE_AT_MATCH_START;
  }
  if (anchored) {
    flags |= DFA_STATE_ONE_START;
  }
  if ((scan->options & (JRX_NOTEMPTY | JRX_NOTEMPTY_ATSTART)) != 0) {
    flags |= DFA_STATE_REJECT_EMPTY;
  }
  if ((scan->options & JRX_NOTEMPTY) != 0) {
    flags |= DFA_STATE_KEEP_REJECTING;
  }
  uint32_t item = DFA_START_ITEM;
  return dfa_lazy_intern(lazy, &item, 1, flags, scan->start_offset, state);
}

/* Where the leftmost-first match ends, or NOT_FOUND. */
static int find_end(const dfa *automaton, dfa_lazy *lazy, const dfa_scan *scan, int anchored,
                    size_t *end) {
  uint32_t state;
  *end = NOT_FOUND;
  dfa_lazy_begin_search(lazy, scan->start_offset);
  int status = forward_start_state(automaton, lazy, scan, anchored, &state);
  if (status == 0 && state != DFA_DEAD) {
    status = run_scan(lazy, scan, scan->start_offset, scan->length, &state, end);
  }
  if (status == 0 && state != DFA_DEAD &&
      dfa_lazy_end_matches(lazy, state, edge_context(scan, JRX_NOTEOL), 0)) {
    *end = scan->length;
  }
  return status;
}

/* Where the match ending at end starts: the earliest start, which the
 * leftmost-first match has since no match starts further left. */
static int find_start(const dfa *automaton, dfa_lazy *lazy, const dfa_scan *scan, size_t end,
                      size_t *start) {
  const dfa_automaton *backward = &automaton->backward;
  uint8_t after = end == scan->length ? edge_context(scan, JRX_NOTEOL)
                                      : backward->column_context[column_at(backward, scan, end)];
  uint32_t item = automaton->reversed.start;
  uint32_t state;
  *start = NOT_FOUND;
  dfa_lazy_begin_search(lazy, end);
  int status = dfa_lazy_intern(lazy, &item, 1, after & backward->remembered_context, end, &state);
  if (status == 0 && state != DFA_DEAD) {
    status = run_scan(lazy, scan, end, scan->start_offset, &state, start);
  }
  if (status != 0 || state == DFA_DEAD) {
    return status;
  }
  if (dfa_lazy_end_matches(lazy, state, context_before_start(backward, scan), 1) &&
      is_character_start(scan, backward->program, scan->start_offset)) {
    *start = scan->start_offset;
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

int dfa_search(const dfa *automaton, dfa_cache *cache, const unsigned char *subject, size_t length,
               size_t start_offset, uint32_t options, size_t *match_start, size_t *match_end,
               dfa_stats *stats) {
  dfa_scan scan = {.subject = subject,
                   .length = length,
                   .start_offset = start_offset,
                   .final_newline = SIZE_MAX,
                   .options = options};
  if (length > 0 && subject[length - 1] == '\n' && (options & JRX_NOTEOL) == 0) {
    scan.final_newline = length - 1;
  }
  /* The final-newline column stands for "$ may match before this \n",
   * which JRX_NOTEOL denies but \Z still needs: rare enough for the Pike VM. */
  if ((options & JRX_NOTEOL) != 0 && automaton->forward.uses_subject_end_newline &&
      scan.final_newline == SIZE_MAX && length > 0 && subject[length - 1] == '\n') {
    return DFA_GAVE_UP;
  }
  int anchored = (options & JRX_ANCHORED) != 0 || automaton->forward.program->anchored;
  size_t end;
  size_t start = start_offset;
  int status = find_end(automaton, &cache->forward, &scan, anchored, &end);
  if (status == 0 && end != NOT_FOUND && !anchored) {
    status = find_start(automaton, &cache->backward, &scan, end, &start);
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

int dfa_rerun_options(const dfa *automaton, size_t start_offset, size_t match_start,
                      uint32_t options, uint32_t *rerun_options) {
  if (match_start == start_offset) {
    *rerun_options = options | JRX_ANCHORED;
    return 1;
  }
  *rerun_options = (options & ~JRX_NOTEMPTY_ATSTART) | JRX_ANCHORED;
  return !automaton->forward.uses_match_start;
}
