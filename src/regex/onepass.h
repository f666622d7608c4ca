/* onepass: the one-pass DFA (RE2's onepass.cc, regex-automata's onepass):
 * for programs where, anchored, at most one thread can continue on any
 * byte, the groups come out of a single forward pass that saves slots on
 * its transitions, with no backtracking and no thread lists. The same
 * table, built with alternatives allowed, is what the node backtracker
 * (backtrack.h) explores for the other programs.
 *
 * A node stands for the instruction a thread is at before reading a byte
 * (the program's start, and the target of every NFA_BYTE_RANGE). Its
 * epsilon closure is walked in priority order; each path becomes an
 * action (assertions that must hold at the position and slots that take
 * the position, before the byte is read, or before the match is
 * accepted). A path reaching an instruction another path reached first
 * is dropped, as the Pike VM drops it, when the first path's assertions
 * are among its own (otherwise the build fails). The program is one-pass
 * when every reachable node reaches each byte class along at most one
 * path (two paths doing exactly the same count as one). Where several
 * paths read a class, the table lists their transitions in priority
 * order, with the node's match where it ranks among them
 * (ONEPASS_ALTERNATIVES); only a table built with alternatives allowed
 * has lists, and one_pass says whether it has none.
 *
 * Building is bounded (ONEPASS_MAX_WORK closure steps, ONEPASS_MAX_TABLE_BYTES
 * of table); a program over the bounds, or not one-pass when it had to be,
 * answers ONEPASS_NOT_ONE_PASS. A onepass is immutable; each thread
 * brings its own onepass_scratch. */
#ifndef JRX_ONEPASS_H
#define JRX_ONEPASS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "byte_ranges.h"
#include "jrx.h"
#include "nfa.h"

struct capture_starts;

/* onepass_build's answer when the program is not one-pass (or too big, or
 * its paths' order depends on the subject). */
#define ONEPASS_NOT_ONE_PASS 2

#define ONEPASS_MAX_WORK ((uint64_t)1 << 22)
#define ONEPASS_MAX_TABLE_BYTES ((size_t)1 << 20)

/* ---- The table, shared with the generated code --------------------------
 * One row of `stride` words per node: a transition word per byte class,
 * then the node's match word, its loop word and its index. A node's id is its row's
 * offset in words (premultiplied). A transition word is
 *   ONEPASS_DEAD   no path reads this class: stop; or
 *   ONEPASS_ALTERNATIVES | the index of a list in lists (several paths);
 *   or [ONEPASS_ACTION] [ONEPASS_NEXT_MATCHES] [ONEPASS_MATCH_WINS]
 *   [ONEPASS_LOOP] low bits
 * where the low bits (ONEPASS_INDEX_MASK) are the next node's id, or with
 * ONEPASS_ACTION an index into actions, whose `next` word then holds the
 * next node's id and ONEPASS_NEXT_MATCHES. ONEPASS_NEXT_MATCHES: the next
 * node has a match path; ONEPASS_MATCH_WINS: this node's match path comes
 * before this byte's in priority; ONEPASS_LOOP: the byte leads back to
 * this node doing nothing, and so may every byte after it that the node's
 * loop (its loop word indexes loops) lets stay, with nothing to record on
 * the way: the node has no match path or an unconditional one that no
 * staying byte outranks. The match word is ONEPASS_NO_MATCH or an action
 * index (its `next` unused); the loop word ONEPASS_NO_LOOP or an index
 * into loops. A list's words are transition words (never DEAD or
 * ALTERNATIVES) in priority order, and ONEPASS_MATCH_HERE where the
 * node's match ranks, if it has one. */
#define ONEPASS_DEAD 0x80000000u
#define ONEPASS_ACTION 0x40000000u
#define ONEPASS_NEXT_MATCHES 0x20000000u
#define ONEPASS_MATCH_WINS 0x10000000u
#define ONEPASS_LOOP 0x08000000u
#define ONEPASS_ALTERNATIVES 0x04000000u
#define ONEPASS_INDEX_MASK 0x03ffffffu
#define ONEPASS_NO_MATCH 0xffffffffu
#define ONEPASS_MATCH_HERE 0xfffffffeu
#define ONEPASS_NO_LOOP 0xffffffffu

/* ---- The wide table, for the C loops -----------------------------------
 * The table again, each transition word that runs a simple action (see
 * onepass_action: no assertions, one or two slots, both below
 * ONEPASS_WIDE_SLOTS) widened with the action: its low 32 bits are then
 * the action's next word (no ONEPASS_ACTION), ONEPASS_WIDE_STORES is set
 * and the two slots sit at ONEPASS_WIDE_FIRST and ONEPASS_WIDE_LAST.
 * Every other word is the table's (high bits zero), so a plain transition
 * and a slot-saving one take the same branch-free step: two stores, to
 * the slots or to a sink, and no load of the action after the word's
 * (on an access-log line the test telling them apart was the C one-pass
 * loop's most mispredicted branch, and the action's load lengthened the
 * chain from one node to the next). */
#define ONEPASS_WIDE_STORES ((uint64_t)1 << 63)
#define ONEPASS_WIDE_FIRST 32
#define ONEPASS_WIDE_LAST 47
#define ONEPASS_WIDE_SLOTS 0x7fffu

/* An alternatives list: count words from list_words[offset]. */
typedef struct onepass_list {
  uint32_t offset;
  uint32_t count;
} onepass_list;

/* The bytes a node with a loop stays in; escape is the one byte that
 * leaves it, or -1 when several do; ranges, the same bytes for the
 * 16-byte block test. */
typedef struct onepass_loop {
  uint8_t stays[256];
  int escape;
  byte_ranges ranges;
} onepass_loop;

/* What a path does at the position before its byte (or its match). */
typedef struct onepass_action {
  uint32_t next;        /* the transition word without ONEPASS_ACTION */
  uint32_t assertions;  /* bit 1 << ast_assertion for each that must hold */
  uint32_t slot_offset; /* into slots: the slots that take the position */
  uint32_t slot_count;
  /* Of an action that asserts nothing and saves one or two slots (most
   * do: a group's start or end, the match's end with its last group's),
   * the list's first and last slot (the same one for one): the loops store
   * them with no test of the assertions and no read of the list, a
   * dependent load fewer at each action. ONEPASS_GENERAL_ACTION in
   * first_slot for any other action. */
  uint32_t first_slot;
  uint32_t last_slot;
} onepass_action;

#define ONEPASS_GENERAL_ACTION 0xffffffffu

/* Whether the action's assertions are to be tested (it may have some). */
static inline int onepass_action_general(const onepass_action *action) {
  return action->first_slot == ONEPASS_GENERAL_ACTION;
}

typedef struct onepass {
  jrx_allocator allocator;
  const nfa_program *program;
  uint8_t class_of[256];
  uint32_t class_count;
  uint32_t stride;     /* class_count + 3 */
  uint32_t node_count;
  uint32_t start;      /* the start node's id */
  uint32_t *table;     /* node_count * stride words */
  onepass_action *actions;
  uint32_t action_count;
  onepass_loop *loops;
  uint32_t loop_count;
  onepass_list *lists;
  uint32_t list_count;
  uint32_t *list_words;
  uint32_t list_word_count;
  /* The C loops' copy of table (the wide table above), node_count * stride
   * words (twice the table's bytes), or NULL where it would not pay. */
  uint64_t *wide;
  int one_pass;        /* no lists: onepass_search and onepass_fill may run it */
  uint32_t *slots;     /* the actions' slot lists */
  uint32_t slot_list_length;
  uint32_t slot_count; /* program->slot_count, or 2 (onepass_build_whole_match) */
  /* Every path to the match saves each slot: an attempt that matches has
   * stored them all, so the searches leave out setting them to JRX_UNSET
   * first (all groups of a word pair or an access-log line: a store a
   * slot an attempt). */
  int every_slot_saved;
} onepass;

/* Builds the table of program (which must outlive it) over the byte
 * classes class_of[256] (class_count of them; any partition that no byte
 * range of the program splits, e.g. the lazy DFA's), with alternatives
 * lists only if alternatives_allowed. Returns 0, ONEPASS_NOT_ONE_PASS or
 * JRX_ERROR_NOMEMORY; nothing is held on failure. */
int onepass_build(const nfa_program *program, const uint8_t class_of[256], uint32_t class_count,
                  int alternatives_allowed, const jrx_allocator *allocator, onepass **result);
/* As onepass_build without alternatives, for the whole match alone: the
 * groups' SAVEs are left out (slot_count is 2), so their paths need no
 * actions and their loops stay plain. */
int onepass_build_whole_match(const nfa_program *program, const uint8_t class_of[256],
                              uint32_t class_count, const jrx_allocator *allocator,
                              onepass **result);
/* As onepass_build with alternatives allowed, for the whole match alone
 * (slot_count 2, as onepass_build_whole_match): a pattern's search for
 * its whole match (capture.h's whole search) runs the same table whether
 * the pattern has groups or is written with (?:...). */
int onepass_build_whole_search(const nfa_program *program, const uint8_t class_of[256],
                               uint32_t class_count, const jrx_allocator *allocator,
                               onepass **result);
void onepass_release(onepass *automaton);

/* The transition word of node on class (an inline reader for tests and
 * the emitter). */
static inline uint32_t onepass_transition(const onepass *automaton, uint32_t node,
                                          uint32_t class_index) {
  return automaton->table[node + class_index];
}

static inline uint32_t onepass_match_word(const onepass *automaton, uint32_t node) {
  return automaton->table[node + automaton->class_count];
}

static inline uint32_t onepass_loop_word(const onepass *automaton, uint32_t node) {
  return automaton->table[node + automaton->class_count + 1];
}

/* The node's index: its id / stride, without the division. */
static inline uint32_t onepass_node_index(const onepass *automaton, uint32_t node) {
  return automaton->table[node + automaton->class_count + 2];
}

/* Whether the node after transition word (not DEAD or ALTERNATIVES)
 * matches whatever follows, the transition having no assertions: a match
 * ranking below the transition is then never the answer, as the path
 * through it matches one byte later at the latest. */
static inline int onepass_surely_matches_after(const onepass *automaton, uint32_t word) {
  if ((word & ONEPASS_ACTION) != 0) {
    const onepass_action *action = &automaton->actions[word & ONEPASS_INDEX_MASK];
    if (action->assertions != 0) {
      return 0;
    }
    word = action->next;
  }
  uint32_t match = onepass_match_word(automaton, word & ONEPASS_INDEX_MASK);
  return match != ONEPASS_NO_MATCH && automaton->actions[match].assertions == 0;
}

/* The wide word's step: position into its action's slots, or twice into
 * sink[0] (its slot fields are zero) for a plain transition; the target
 * is a select, not a branch. */
static inline __attribute__((always_inline)) void onepass_wide_store(uint64_t wide, size_t *slots,
                                                                     size_t *sink,
                                                                     size_t position) {
  size_t *target = (wide & ONEPASS_WIDE_STORES) != 0 ? slots : sink;
  target[(wide >> ONEPASS_WIDE_FIRST) & ONEPASS_WIDE_SLOTS] = position;
  target[(wide >> ONEPASS_WIDE_LAST) & ONEPASS_WIDE_SLOTS] = position;
}

/* The words onepass_fast_steps stops at. */
#define ONEPASS_FAST_STOP                                                                     \
  (ONEPASS_DEAD | ONEPASS_ACTION | ONEPASS_MATCH_WINS | ONEPASS_LOOP | ONEPASS_ALTERNATIVES |   \
   ONEPASS_NEXT_MATCHES)

/* The steps from *node_at at *position_at through plain transitions and
 * (widened: through wide_table, else table) simple actions, into nodes
 * without a match, with no branch between the two kinds; the actions'
 * slots go to slots. Returns the word that stops them (wide_table's or
 * table's; ONEPASS_DEAD at limit), *node_at and *position_at where it
 * was read. */
static inline __attribute__((always_inline)) uint64_t onepass_fast_steps(
    const uint32_t *table, const uint64_t *wide_table, int widened, const uint8_t *class_of,
    const unsigned char *subject, size_t limit, size_t *slots, size_t *sink, uint32_t *node_at,
    size_t *position_at) {
  uint32_t node = *node_at;
  size_t position = *position_at;
  uint64_t wide;
  for (;;) {
    if (position >= limit) {
      wide = ONEPASS_DEAD;
      break;
    }
    size_t index = node + class_of[subject[position]];
    wide = widened ? wide_table[index] : table[index];
    if ((wide & ONEPASS_FAST_STOP) != 0) {
      break;
    }
    if (widened) {
      onepass_wide_store(wide, slots, sink, position);
    }
    node = (uint32_t)wide;
    position++;
  }
  *node_at = node;
  *position_at = position;
  return wide;
}

/* Stores position in the slots the action saves (slot_lists: the
 * automaton's slots, which a caller may keep in a register). One or two slots (a
 * group's start or end, the match's with its last group's) take two
 * stores and no loop, the second repeating the first for one: the exit
 * of a loop over them, taken after one store here and two there, was
 * mispredicted at each action of a key=value pair (a tenth of the node
 * backtracker's time natively). */
static inline __attribute__((always_inline)) void onepass_store_slots(
    const uint32_t *slot_lists, const onepass_action *action, size_t *slots, size_t position) {
  if (!onepass_action_general(action)) {
    slots[action->first_slot] = position;
    slots[action->last_slot] = position;
    return;
  }
  const uint32_t *slot = &slot_lists[action->slot_offset];
  uint32_t count = action->slot_count;
  for (uint32_t i = 0; i < count; i++) {
    slots[slot[i]] = position;
  }
}

/* An attempt's slot_count slots (an even count) before it starts: set
 * to JRX_UNSET, unless a match stores every one (every_slot_saved, and
 * no more slots than the automaton's), when what an earlier attempt
 * left there is overwritten before it is read. A pair a step: a loop GCC
 * does not make a call of memset, which cost more than the stores for
 * the few slots of most patterns. */
static inline void onepass_prepare_slots(const onepass *automaton, size_t *slots,
                                         uint32_t slot_count) {
  if (automaton->every_slot_saved && slot_count <= automaton->slot_count) {
    return;
  }
  for (uint32_t i = 0; i < slot_count; i += 2) {
    slots[i] = JRX_UNSET;
    slots[i + 1] = JRX_UNSET;
  }
}

/* The loop node every byte it stays on leads to from the start node (no
 * assertions on the way, no match at the start), or ONEPASS_NO_LOOP: an
 * anchored search that failed from a start then fails from every start
 * inside the run of such bytes after it too. */
uint32_t onepass_start_loop(const onepass *automaton);

/* Where node's loop (it has one), entered at position, is left: the first
 * byte before limit that does not stay, or limit. Inline: the search
 * loops take it for every word or field, too short to pay for a call. */
static inline __attribute__((always_inline)) size_t onepass_skip_loop(
    const onepass *automaton, uint32_t node, const unsigned char *subject, size_t position,
    size_t limit) {
  const onepass_loop *loop = &automaton->loops[onepass_loop_word(automaton, node)];
  if (loop->escape >= 0) {
    const unsigned char *found = memchr(subject + position, loop->escape, limit - position);
    return found != NULL ? (size_t)(found - subject) : limit;
  }
  /* Blocks where the set is a few intervals (x86-64: a run's end is then
   * no mispredicted branch), then four bytes a round with one bound
   * check: a loop's runs (a word, a field) are often longer than that. */
  if (byte_ranges_find_leaving(&loop->ranges, subject, &position, limit)) {
    return position;
  }
  const uint8_t *stays = loop->stays;
  while (limit - position >= 4) {
    if (!stays[subject[position]]) {
      return position;
    }
    if (!stays[subject[position + 1]]) {
      return position + 1;
    }
    if (!stays[subject[position + 2]]) {
      return position + 2;
    }
    if (!stays[subject[position + 3]]) {
      return position + 3;
    }
    position += 4;
  }
  while (position < limit && stays[subject[position]]) {
    position++;
  }
  return position;
}

/* The last byte of the run of start_loop's bytes (onepass_start_loop)
 * that begins at start (< length), or start when its byte does not stay
 * there or start_loop is ONEPASS_NO_LOOP: an attempt that failed from
 * start fails from every start up to it too. */
static inline size_t onepass_start_run_end(const onepass *automaton, uint32_t start_loop,
                                           const unsigned char *subject, size_t length,
                                           size_t start) {
  if (start_loop == ONEPASS_NO_LOOP) {
    return start;
  }
  const uint8_t *stays = automaton->loops[onepass_loop_word(automaton, start_loop)].stays;
  if (stays[subject[start]]) {
    while (start + 1 < length && stays[subject[start + 1]]) {
      start++;
    }
  }
  return start;
}

/* ---- Matching ----------------------------------------------------------- */

typedef struct onepass_scratch onepass_scratch;

int onepass_scratch_create(const onepass *automaton, const jrx_allocator *allocator,
                           onepass_scratch **result);
void onepass_scratch_destroy(onepass_scratch *scratch);

/* The scratch's two slot arrays (slot_count each): the running thread's
 * and a kept match's, for the generated code. */
void onepass_scratch_slots(onepass_scratch *scratch, size_t **current, size_t **best);

/* With a one-pass table (one_pass): the leftmost-first match starting at
 * start (>= start_offset), groups and all, that pike_match finds from
 * start_offset with options (\G and JRX_NOTEMPTY_ATSTART are about
 * start_offset): pike_match itself with JRX_ANCHORED when start is
 * start_offset. Returns 1 and points *slots at the table's slot_count slots
 * (valid until the scratch is used again), or JRX_NOMATCH; *stopped is
 * where a failed search stopped reading. */
int onepass_search(const onepass *automaton, onepass_scratch *scratch,
                   const unsigned char *subject, size_t length, size_t start, size_t start_offset,
                   uint32_t options, const size_t **slots, size_t *stopped);

/* onepass_scan's answer when the failed attempts spent their budget. */
#define ONEPASS_SCAN_SPENT 3

/* capture_search's unanchored loop over onepass_search, for a program
 * that cannot match the empty string, in one call: from start_offset,
 * an attempt from each start that starts allows (capture_starts_next;
 * never inside a UTF-8 character), the run of start_loop's bytes after a
 * failed one skipped, *failed the budget spent so far
 * (capture_attempt_spends_budget, updated). Returns 1 with *slots as
 * onepass_search, JRX_NOMATCH, or ONEPASS_SCAN_SPENT. */
int onepass_scan(const onepass *automaton, onepass_scratch *scratch,
                 const struct capture_starts *starts, uint32_t start_loop,
                 const unsigned char *subject, size_t length, size_t start_offset,
                 uint32_t options, size_t *failed, const size_t **slots);

/* onepass_scan repeated for an iteration's matches ahead, as
 * backtrack_nodes_scan_ahead (which see): from the end of match
 * *count - 1 (> 0) of ahead (the table's slot_count slots each), each
 * match written in place after the one before, until capacity are there
 * or a search answers otherwise; none from inside a UTF-8 character.
 * Returns the last search's answer (1 when ahead is full or a search was
 * not made), *count updated. */
int onepass_scan_ahead(const onepass *automaton, onepass_scratch *scratch,
                       const struct capture_starts *starts, uint32_t start_loop,
                       const unsigned char *subject, size_t length, uint32_t options,
                       size_t *ahead, uint32_t capacity, uint32_t *count);

/* The groups of the match [match_start, match_end) that pike_match finds
 * from start_offset with options, as backtrack_match (the bounds must be
 * that match's; JRX_NOTBOL, JRX_NOTEOL and \G's start_offset matter): one
 * pass over the span. Returns 1 and points *slots as onepass_search, or
 * JRX_NOMATCH if no path spans exactly the bounds. */
int onepass_fill(const onepass *automaton, onepass_scratch *scratch,
                 const unsigned char *subject, size_t length, size_t match_start,
                 size_t match_end, size_t start_offset, uint32_t options, const size_t **slots);

#endif
