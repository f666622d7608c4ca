/* dfa_build: computing one transition of the lazy DFA. A state is a
 * position seen from one side, holding the instructions its threads wait
 * at (before their epsilon closure) in priority order; the closure is taken
 * when the byte on the other side is read, so every assertion is decided
 * with both neighbours known. Forwards a match cuts every lower-priority
 * thread (leftmost-first, as the Pike VM stops stepping after a match);
 * backwards nothing is cut and lists are sorted, as only the set matters. */
#include <string.h>

#include "dfa.h"
#include "lookaround.h"
#include "sort.h"

#define CONTEXT_BITS 0xffffu
#define REJECT_FLAGS (DFA_STATE_REJECT_EMPTY | DFA_STATE_KEEP_REJECTING)

/* Both neighbours of the position whose closure is taken. */
typedef struct dfa_position {
  dfa_context before;
  dfa_context after;
  int at_match_start;
} dfa_position;

typedef struct dfa_step {
  const dfa_position *position;
  int consume; /* collect the successors over byte into next_items */
  uint8_t byte;
  int reject_empty; /* matches of threads starting here do not count */
  int matched;
} dfa_step;

/* Whether the lookaround one byte decides holds: the byte before
 * (lookbehind) or after (lookahead) is in its set; never at the edge of
 * the text, which has no byte and so no set's bit. Another lookaround
 * (only in a DFA jrx-explain draws, never searched with) fails. */
static int byte_set_lookaround_holds(const dfa_automaton *automaton,
                                     const nfa_instruction *instruction,
                                     const dfa_position *position) {
  const lookaround *checked = &automaton->program->lookarounds[instruction->lookaround];
  if (checked->byte_set == LOOKAROUND_NO_BYTE_SET) {
    return 0;
  }
  dfa_context side = checked->behind ? position->before : position->after;
  return ((side & (DFA_CONTEXT_BYTE_SET << checked->byte_set)) != 0) != checked->negated;
}

/* PCRE2's meaning of each assertion. JRX_NOTBOL and JRX_NOTEOL take away
 * the LINE_EDGE and DOLLAR_NEWLINE bits, which only ^ and $ read. */
static int assertion_holds(const dfa_automaton *automaton, const nfa_instruction *instruction,
                           const dfa_position *position) {
  dfa_context before = position->before;
  dfa_context after = position->after;
  switch ((ast_assertion)instruction->assertion) {
    case AST_ASSERT_TEXT_START:
      return (before & DFA_CONTEXT_TEXT_EDGE) != 0;
    case AST_ASSERT_CARET_START:
      return (before & DFA_CONTEXT_LINE_EDGE) != 0;
    case AST_ASSERT_LINE_START:
      return (before & DFA_CONTEXT_LINE_EDGE) != 0 ||
             ((before & DFA_CONTEXT_NEWLINE) != 0 && (after & DFA_CONTEXT_TEXT_EDGE) == 0);
    case AST_ASSERT_TEXT_END:
      return (after & DFA_CONTEXT_TEXT_EDGE) != 0;
    case AST_ASSERT_TEXT_END_NEWLINE:
      return (after & (DFA_CONTEXT_TEXT_EDGE | DFA_CONTEXT_FINAL_NEWLINE)) != 0;
    case AST_ASSERT_DOLLAR_END:
      return (after & (DFA_CONTEXT_LINE_EDGE | DFA_CONTEXT_DOLLAR_NEWLINE)) != 0;
    case AST_ASSERT_LINE_END:
      return (after & (DFA_CONTEXT_LINE_EDGE | DFA_CONTEXT_NEWLINE)) != 0;
    case AST_ASSERT_WORD_BOUNDARY:
      return ((before ^ after) & DFA_CONTEXT_WORD) != 0;
    case AST_ASSERT_NOT_WORD_BOUNDARY:
      return ((before ^ after) & DFA_CONTEXT_WORD) == 0;
    case AST_ASSERT_MATCH_START:
      return position->at_match_start;
    case AST_ASSERT_LOOKAROUND:
      return byte_set_lookaround_holds(automaton, instruction, position);
    case AST_ASSERT_UCP_WORD_BOUNDARY:
    case AST_ASSERT_UCP_NOT_WORD_BOUNDARY:
    AST_ASSERT_GRAPHEME_CASES:
      break; /* never built: a program with these has no DFA (nfa_program.needs_pike) */
  }
  return 0;
}

/* The generation starts at UINT32_MAX with stamps and added unzeroed
 * (dfa_lazy_init): the first step wraps it and zeroes them, as does every
 * 2^32nd. */
static void next_generation(dfa_lazy *lazy) {
  if (++lazy->generation == 0) {
    size_t count = (size_t)lazy->program->count + 1;
    memset(lazy->stamps, 0, count * sizeof *lazy->stamps);
    memset(lazy->added, 0, count * sizeof *lazy->added);
    lazy->generation = 1;
  }
}

static void add_next(dfa_lazy *lazy, uint32_t item) {
  if (lazy->added[item] != lazy->generation) {
    lazy->added[item] = lazy->generation;
    lazy->next_items[lazy->next_count++] = item;
  }
}

/* Follows the closure of pc in priority order. Returns 1 when a match cut
 * everything of lower priority. */
static int follow(dfa_lazy *lazy, dfa_step *step, uint32_t pc, int starts_here) {
  const dfa_automaton *automaton = lazy->automaton;
  const nfa_instruction *instructions = lazy->program->instructions;
  uint32_t depth = 0;
  lazy->stack[depth++] = pc;
  while (depth > 0) {
    pc = lazy->stack[--depth];
    while (lazy->stamps[pc] != lazy->generation) {
      lazy->stamps[pc] = lazy->generation;
      lazy->stats.closure_steps++;
      const nfa_instruction *instruction = &instructions[pc];
      if (instruction->opcode == NFA_BYTE_RANGE) {
        if (step->consume && step->byte >= instruction->low && step->byte <= instruction->high) {
          add_next(lazy, instruction->next);
        }
        break;
      }
      if (instruction->opcode == NFA_MATCH) {
        if (!(step->reject_empty && starts_here)) {
          step->matched = 1;
          if (automaton->direction == DFA_FORWARD) {
            return 1;
          }
        }
        break;
      }
      if (instruction->opcode == NFA_SPLIT) {
        lazy->stack[depth++] = instruction->alternative;
      } else if (instruction->opcode != NFA_SAVE &&
                 (instruction->opcode != NFA_ASSERT ||
                  !assertion_holds(automaton, instruction, step->position))) {
        break; /* NFA_FAIL, or an assertion that does not hold */
      }
      pc = instruction->next;
    }
  }
  return 0;
}

/* Runs the closure of the state's threads, and of a new thread if its
 * start item is present, in priority order. */
static void run_step(dfa_lazy *lazy, const dfa_state_record *record, dfa_step *step) {
  const uint32_t *items = &lazy->items[record->item_offset];
  next_generation(lazy);
  lazy->next_count = 0;
  step->matched = 0;
  step->reject_empty = (record->flags & DFA_STATE_REJECT_EMPTY) != 0;
  for (uint32_t i = 0; i < record->item_count; i++) {
    if (items[i] != DFA_START_ITEM) {
      if (follow(lazy, step, items[i], 0)) {
        return;
      }
      continue;
    }
    /* In UTF mode a match starts only on a character boundary. */
    if ((step->position->after & DFA_CONTEXT_CONTINUATION) == 0 &&
        follow(lazy, step, lazy->program->start, 1)) {
      return;
    }
    if (step->consume && (record->flags & DFA_STATE_ONE_START) == 0) {
      lazy->next_items[lazy->next_count++] = DFA_START_ITEM;
    }
  }
}

/* The position at a state with the given context on its other side. */
static dfa_position position_at(const dfa_lazy *lazy, const dfa_state_record *record,
                                dfa_context other_side, int at_match_start) {
  dfa_context remembered = (dfa_context)(record->flags & CONTEXT_BITS);
  if (lazy->automaton->direction == DFA_FORWARD) {
    return (dfa_position){.before = remembered,
                          .after = other_side,
                          .at_match_start = (record->flags & DFA_STATE_AT_MATCH_START) != 0};
  }
  return (dfa_position){
      .before = other_side, .after = remembered, .at_match_start = at_match_start};
}

static int compare_items(const void *left, const void *right) {
  uint32_t a = *(const uint32_t *)left;
  uint32_t b = *(const uint32_t *)right;
  return (a > b) - (a < b);
}

uint32_t dfa_lazy_successor(dfa_lazy *lazy, const dfa_state_record *record, uint32_t column) {
  const dfa_automaton *automaton = lazy->automaton;
  dfa_context context = automaton->column_context[column];
  dfa_position at = position_at(lazy, record, context, 0);
  dfa_step step = {.position = &at, .consume = 1, .byte = automaton->column_byte[column]};
  run_step(lazy, record, &step);
  uint32_t flags =
      (context & automaton->remembered_context) | (step.matched ? DFA_STATE_MATCHED : 0);
  int starts_continue =
      lazy->next_count > 0 && lazy->next_items[lazy->next_count - 1] == DFA_START_ITEM;
  if (starts_continue && (record->flags & DFA_STATE_KEEP_REJECTING) != 0) {
    flags |= REJECT_FLAGS;
  }
  if (automaton->direction == DFA_BACKWARD) {
    sort_items(lazy->next_items, lazy->next_count, sizeof *lazy->next_items, compare_items);
  }
  return flags;
}

int dfa_lazy_transition(dfa_lazy *lazy, uint32_t state, uint32_t column, size_t position,
                        uint32_t *next) {
  const dfa_state_record *record = dfa_lazy_record(lazy, state);
  uint32_t flags = dfa_lazy_successor(lazy, record, column);
  lazy->stats.transitions_computed++;
  uint64_t resets = lazy->stats.cache_resets;
  int status = dfa_lazy_intern(lazy, lazy->next_items, lazy->next_count, flags, position, next);
  if (status != 0 || lazy->stats.cache_resets != resets) {
    return status;
  }
  uint32_t *row = &lazy->table[state & DFA_ID_MASK];
  row[column] = *next;
  if (((*next ^ state) & DFA_ID_MASK) == 0 &&
      row[lazy->automaton->acceleration_column] == DFA_ACCELERATION_UNCHECKED) {
    dfa_lazy_examine_acceleration(lazy, state);
  }
  return 0;
}

int dfa_lazy_end_matches_run(dfa_lazy *lazy, uint32_t state, dfa_context context,
                             int at_match_start) {
  dfa_state_record *record = &lazy->states[(state & DFA_ID_MASK) / lazy->automaton->stride];
  uint32_t key = DFA_END_KNOWN | (at_match_start ? DFA_END_AT_MATCH_START : 0) | context;
  dfa_position at = position_at(lazy, record, context, at_match_start);
  dfa_step step = {.position = &at, .consume = 0};
  run_step(lazy, record, &step);
  record->end_answers[1] = record->end_answers[0];
  record->end_answers[0] = key | (step.matched ? DFA_END_MATCHES : 0);
  return step.matched;
}
