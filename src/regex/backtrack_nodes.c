/* backtrack_nodes: the exploration. A node at a position has candidates
 * in priority order: the transitions of the byte's class (one, or a
 * list) and the node's match where it ranks among them; at the limit
 * (the match end when filling, the subject's end when searching) only
 * the match. Jobs on the stack are choices (node, next candidate,
 * position) or undos (a slot and its old value, UNDO_JOB set).
 *
 * A run first goes without visited bits: the bits only prune paths that
 * failed before from the same node and position (whatever the slots, as
 * a node's future does not read them), so the first path accepted is the
 * same, and most runs never meet a pair twice (a choice whose first
 * candidate succeeds, as a quoted field's). Each path segment (from the
 * start or a resumed choice to where it failed) is counted in bytes; once
 * the count passes NODES_BITLESS_FACTOR times the bytes reached, plus
 * NODES_BITLESS_SLACK, the run starts over with the bits, so a run stays
 * linear in the bytes it reaches. */
#include "backtrack_nodes.h"

#include <string.h>

#include "capture.h"
#include "memory.h"
#include "nfa_assertion.h"

#define UNDO_JOB ((uint64_t)1 << 63)

/* The bitless run's budget (see above), and its answer once past it. */
#define NODES_BITLESS_FACTOR 4u
#define NODES_BITLESS_SLACK 256u
#define NODES_WITH_BITS 3

typedef struct node_run {
  const onepass *automaton;
  backtrack_scratch *scratch;
  const unsigned char *subject;
  size_t start;   /* the match's start */
  size_t limit;   /* no byte is read here: the match end (fill) or the subject's end */
  int fill;       /* a match is accepted at the limit only */
  uint32_t options;
  size_t start_offset;
  nfa_assertion_input assertions;
  size_t *slots;
  size_t top;        /* jobs on the stack */
  size_t furthest;   /* the furthest position reached */
  size_t rows_ready; /* bitmap rows allocated and cleared */
  unsigned row_shift; /* a row is 1 << row_shift bytes (set by prepare_rows) */
  int bitless;       /* no visited bits: the budget below bounds the run */
  size_t walked;     /* bytes of the failed path segments (bitless runs) */
} node_run;

/* The run's assertions at position (nfa_assertions_hold_seldom). */
static inline __attribute__((always_inline)) int assertions_hold(const node_run *r,
                                                                  uint32_t assertions,
                                                                  size_t position) {
  return nfa_assertions_hold_seldom(&r->assertions, assertions, position);
}

/* Room for one more job. */
static int reserve_job(node_run *r) {
  backtrack_scratch *scratch = r->scratch;
  if (r->top < scratch->stack_capacity) {
    return 0;
  }
  size_t bytes = (r->top + 1) * sizeof(backtrack_job) + (r->rows_ready << r->row_shift);
  if (bytes > BACKTRACK_MAX_SCRATCH_BYTES) {
    return BACKTRACK_SPAN_TOO_LONG;
  }
  return memory_grow_array(&scratch->allocator, (void **)&scratch->stack,
                           &scratch->stack_capacity, r->top + 1, sizeof(backtrack_job), 64)
             ? 0
             : JRX_ERROR_NOMEMORY;
}

static int push(node_run *r, uint64_t resume, uint64_t value) {
  int status = reserve_job(r);
  if (status == 0) {
    r->scratch->stack[r->top++] = (backtrack_job){resume, value};
  }
  return status;
}

/* Makes the bitmap hold row, clearing the rows it adds: rows are cleared
 * as they are first needed, so a run pays for the positions it
 * backtracks over only. Returns 0, BACKTRACK_SPAN_TOO_LONG or an error. */
static int prepare_rows(node_run *r, size_t row) {
  backtrack_scratch *scratch = r->scratch;
  while (((size_t)8 << r->row_shift) < r->automaton->node_count) {
    r->row_shift++;
  }
  size_t rows = row + 1 > 2 * r->rows_ready ? row + 1 : 2 * r->rows_ready;
  rows = rows < 16 ? 16 : rows;
  if ((rows << r->row_shift) + r->top * sizeof(backtrack_job) > BACKTRACK_MAX_SCRATCH_BYTES) {
    rows = row + 1;
    if ((rows << r->row_shift) + r->top * sizeof(backtrack_job) > BACKTRACK_MAX_SCRATCH_BYTES) {
      return BACKTRACK_SPAN_TOO_LONG;
    }
  }
  size_t bytes = rows << r->row_shift;
  if (bytes > scratch->bitmap_capacity &&
      !memory_grow_array(&scratch->allocator, (void **)&scratch->bitmap,
                         &scratch->bitmap_capacity, bytes, 1, bytes)) {
    return JRX_ERROR_NOMEMORY;
  }
  size_t ready = r->rows_ready << r->row_shift;
  memset(scratch->bitmap + ready, 0, bytes - ready);
  r->rows_ready = rows;
  return 0;
}

/* Tests and sets the visited bit of node at position: returns 1 if it
 * was set, 0 if not, or prepare_rows's BACKTRACK_SPAN_TOO_LONG or error. */
static inline int visit(node_run *r, uint32_t node, size_t position) {
  size_t row = position - r->start;
  if (row >= r->rows_ready) {
    int status = prepare_rows(r, row);
    if (status != 0) {
      return status;
    }
  }
  uint32_t bit = onepass_node_index(r->automaton, node);
  uint8_t *cell = &r->scratch->bitmap[(row << r->row_shift) + (bit >> 3)];
  uint8_t mask = (uint8_t)(1u << (bit & 7u));
  int visited = (*cell & mask) != 0;
  *cell |= mask;
  return visited;
}

/* Candidate k of node at position into *word (ONEPASS_MATCH_HERE for the
 * match): returns 0 when there is none, 1 when it is the last, 2 when
 * another follows it. Candidates the run can never accept (the match
 * before the end when filling) are left out. */
static int candidate(const node_run *r, uint32_t node, size_t position, uint32_t k,
                     uint32_t *word) {
  const onepass *automaton = r->automaton;
  int matches = onepass_match_word(automaton, node) != ONEPASS_NO_MATCH &&
                (!r->fill || position == r->limit);
  if (position == r->limit) {
    *word = ONEPASS_MATCH_HERE;
    return k == 0 && matches;
  }
  uint32_t entry = automaton->table[node + automaton->class_of[r->subject[position]]];
  if (entry == ONEPASS_DEAD) {
    *word = ONEPASS_MATCH_HERE;
    return k == 0 && matches;
  }
  if ((entry & ONEPASS_ALTERNATIVES) != 0) {
    const onepass_list *list = &automaton->lists[entry & ONEPASS_INDEX_MASK];
    int found = 0;
    for (uint32_t i = 0; i < list->count; i++) {
      uint32_t listed = automaton->list_words[list->offset + i];
      if (listed == ONEPASS_MATCH_HERE && !matches) {
        continue;
      }
      if (found) {
        return 2;
      }
      if (k-- == 0) {
        *word = listed;
        found = 1;
      }
    }
    return found;
  }
  int match_first = (entry & ONEPASS_MATCH_WINS) != 0;
  if (!match_first && matches && onepass_surely_matches_after(automaton, entry)) {
    matches = 0; /* never the answer (onepass_surely_matches_after) */
  }
  if (k == 0) {
    *word = match_first && matches ? ONEPASS_MATCH_HERE : entry;
    return matches ? 2 : 1;
  }
  *word = match_first ? entry : ONEPASS_MATCH_HERE;
  return k == 1 && matches;
}

/* The node's only candidate at position when that is a transition (no
 * choice to push), else 0. */
static int only_transition(const node_run *r, uint32_t node, size_t position, uint32_t *word) {
  const onepass *automaton = r->automaton;
  if (position == r->limit) {
    return 0;
  }
  uint32_t entry = automaton->table[node + automaton->class_of[r->subject[position]]];
  if ((entry & (ONEPASS_ALTERNATIVES | ONEPASS_MATCH_WINS)) != 0 || entry == ONEPASS_DEAD) {
    return 0;
  }
  if (!r->fill && onepass_match_word(automaton, node) != ONEPASS_NO_MATCH &&
      !onepass_surely_matches_after(automaton, entry)) {
    return 0;
  }
  *word = entry;
  return 1;
}

/* Whether node's match is its only candidate at position (the limit, or
 * a byte no path reads): where run_plain stops at the end of most
 * matches, which then need neither only_transition nor candidate. */
static inline int match_is_only_candidate(const node_run *r, uint32_t node, size_t position) {
  const onepass *automaton = r->automaton;
  if (onepass_match_word(automaton, node) == ONEPASS_NO_MATCH) {
    return 0;
  }
  if (position == r->limit) {
    return 1;
  }
  return !r->fill &&
         automaton->table[node + automaton->class_of[r->subject[position]]] == ONEPASS_DEAD;
}

/* Whether node's match holds at position (not an empty match the options
 * reject); its slots are stored if so. */
static inline __attribute__((always_inline)) int accept_match(node_run *r, uint32_t node,
                                                               size_t position) {
  const onepass *automaton = r->automaton;
  if (position == r->start && ((r->options & JRX_NOTEMPTY) != 0 ||
                               ((r->options & JRX_NOTEMPTY_ATSTART) != 0 &&
                                r->start == r->start_offset))) {
    return 0;
  }
  const onepass_action *match = &automaton->actions[onepass_match_word(automaton, node)];
  if (!assertions_hold(r, match->assertions, position)) {
    return 0;
  }
  onepass_store_slots(automaton->slots, match, r->slots, position);
  return 1;
}

/* Takes transition word at position: its assertions, its slot stores
 * (undone later if a job is pending). Stores the next node, or
 * ONEPASS_DEAD when an assertion fails; returns 0 or an error. */
static inline int take(node_run *r, uint32_t word, size_t position, uint32_t *next) {
  const onepass *automaton = r->automaton;
  if ((word & ONEPASS_ACTION) != 0) {
    const onepass_action *action = &automaton->actions[word & ONEPASS_INDEX_MASK];
    if (onepass_action_general(action) && !assertions_hold(r, action->assertions, position)) {
      *next = ONEPASS_DEAD;
      return 0;
    }
    const uint32_t *slot = &automaton->slots[action->slot_offset];
    uint32_t count = action->slot_count;
    if (r->top > 0) {
      for (uint32_t i = 0; i < count; i++) {
        int status = push(r, UNDO_JOB | slot[i], r->slots[slot[i]]);
        if (status != 0) {
          return status;
        }
      }
    }
    onepass_store_slots(automaton->slots, action, r->slots, position);
    word = action->next;
  }
  *next = word & ONEPASS_INDEX_MASK;
  return 0;
}

/* Plain transitions and loops straight through, and with no job pending
 * (no store to undo) transitions that only store slots, stopping at a
 * node whose match a search must consider and at anything else. */
static void run_plain(node_run *r, uint32_t *node_at, size_t *position_at) {
  const onepass *automaton = r->automaton;
  const uint32_t *table = automaton->table;
  const uint8_t *class_of = automaton->class_of;
  const unsigned char *subject = r->subject;
  /* Locals: the slot stores below could otherwise alias r's fields. */
  size_t *slots = r->slots;
  size_t limit = r->limit;
  uint32_t node = *node_at;
  size_t position = *position_at;
  uint32_t stop = ONEPASS_DEAD | ONEPASS_ALTERNATIVES | ONEPASS_MATCH_WINS;
  uint32_t slow = stop | (r->top == 0 ? 0 : ONEPASS_ACTION);
  /* The next node's match is to be tested in searches only. */
  uint32_t next_matches = r->fill ? 0 : ONEPASS_NEXT_MATCHES;
  /* Whether the node's match is to be tested. */
  uint32_t matches = !r->fill && onepass_match_word(automaton, node) != ONEPASS_NO_MATCH;
  /* With no store to undo, the wide table's branch-free steps first. */
  const uint64_t *wide_table = r->top == 0 ? automaton->wide : NULL;
  size_t sink;
  while (position < limit) {
    uint32_t word;
    if (matches == 0 && wide_table != NULL) {
      uint64_t wide = onepass_fast_steps(table, wide_table, 1, class_of, subject, limit, slots,
                                         &sink, &node, &position);
      if (position == limit) {
        break;
      }
      if ((wide & ONEPASS_WIDE_STORES) != 0) { /* a simple action into a node with a match */
        onepass_wide_store(wide, slots, &sink, position);
        node = (uint32_t)wide & ONEPASS_INDEX_MASK;
        matches = (uint32_t)wide & next_matches;
        position++;
        continue;
      }
      word = (uint32_t)wide; /* the table's word, not widened */
    } else {
      word = table[node + class_of[subject[position]]];
    }
    if (matches != 0 && ((word & stop) != 0 || !onepass_surely_matches_after(automaton, word))) {
      break; /* the node's match is a candidate here */
    }
    if ((word & ONEPASS_LOOP) != 0) {
      position = onepass_skip_loop(automaton, node, subject, position + 1, limit);
      continue;
    }
    if ((word & slow) != 0) {
      break;
    }
    if ((word & ONEPASS_ACTION) != 0) {
      const onepass_action *action = &automaton->actions[word & ONEPASS_INDEX_MASK];
      if (onepass_action_general(action) && action->assertions != 0) {
        break;
      }
      onepass_store_slots(automaton->slots, action, slots, position);
      word = action->next;
    }
    node = word & ONEPASS_INDEX_MASK;
    matches = word & next_matches;
    position++;
  }
  *node_at = node;
  *position_at = position;
}

static int explore(node_run *r) {
  uint32_t node = r->automaton->start;
  size_t position = r->start;
  size_t segment = position; /* where the path segment began */
  uint32_t k = 0;
  for (;;) {
    /* At node and position, first arrival. */
    if (r->top == 0 || r->bitless) {
      run_plain(r, &node, &position);
    } else {
      int visited = visit(r, node, position);
      if (visited < 0 || visited == BACKTRACK_SPAN_TOO_LONG) {
        return visited;
      }
      if (visited) {
        goto fail;
      }
    }
    if (match_is_only_candidate(r, node, position)) {
      if (accept_match(r, node, position)) {
        return 1;
      }
      goto fail;
    }
    uint32_t only;
    if (only_transition(r, node, position, &only)) {
      if ((only & ONEPASS_LOOP) != 0 && r->top > 0 && !r->bitless) {
        /* The loop's run at once, each position visited on the way: an
         * earlier visit means the path from there failed already. */
        size_t end = onepass_skip_loop(r->automaton, node, r->subject, position + 1, r->limit);
        while (++position < end) {
          int visited = visit(r, node, position);
          if (visited != 0) {
            if (visited == 1) {
              goto fail;
            }
            return visited;
          }
        }
        continue; /* arriving at the run's end, visited there */
      }
      uint32_t next;
      int status = take(r, only, position, &next);
      if (status != 0) {
        return status;
      }
      if (next == ONEPASS_DEAD) {
        goto fail;
      }
      node = next;
      position++;
      continue;
    }
    k = 0;
  try_candidates:
    for (;;) {
      uint32_t word;
      int found = candidate(r, node, position, k, &word);
      if (found == 0) {
        goto fail;
      }
      int pushed = found == 2;
      if (pushed) {
        int status = push(r, (uint64_t)node | ((uint64_t)(k + 1) << 32), position);
        if (status != 0) {
          return status;
        }
      }
      if (word == ONEPASS_MATCH_HERE) {
        if (accept_match(r, node, position)) {
          return 1;
        }
      } else {
        uint32_t next;
        int status = take(r, word, position, &next);
        if (status != 0) {
          return status;
        }
        if (next != ONEPASS_DEAD) {
          node = next;
          position++;
          break;
        }
      }
      /* This candidate failed at once: the choice just pushed is next. */
      if (pushed) {
        r->top--;
        k++;
        continue;
      }
      goto fail;
    }
    continue;
  fail:
    /* Positions only grow between failures: the furthest one reached is
     * the furthest where a path failed (or the match's end). */
    r->furthest = position > r->furthest ? position : r->furthest;
    if (r->bitless) {
      r->walked += position - segment + 1;
      if (r->walked > NODES_BITLESS_FACTOR * (r->furthest - r->start) + NODES_BITLESS_SLACK) {
        return NODES_WITH_BITS;
      }
    }
    for (;;) {
      if (r->top == 0) {
        return JRX_NOMATCH;
      }
      backtrack_job job = r->scratch->stack[--r->top];
      if ((job.resume_index & UNDO_JOB) != 0) {
        r->slots[job.resume_index & ~UNDO_JOB] = job.value;
        continue;
      }
      node = (uint32_t)job.resume_index;
      k = (uint32_t)(job.resume_index >> 32);
      position = job.value;
      segment = position;
      goto try_candidates;
    }
  }
}

/* Field by field: an initializer zeroes the whole struct first, with a
 * call to memset, some 8 x86-64 instructions more a search. What each
 * attempt sets (its start, slots, start offset) is left to run_from. */
static void run_init(node_run *r, const onepass *automaton, backtrack_scratch *scratch,
                     const unsigned char *subject, size_t length, size_t limit, int fill,
                     uint32_t options) {
  r->automaton = automaton;
  r->scratch = scratch;
  r->subject = subject;
  r->limit = limit;
  r->fill = fill;
  r->options = options;
  r->assertions = (nfa_assertion_input){.subject = subject,
                                        .length = length,
                                        .options = options,
                                        .utf = automaton->program->utf};
}

/* The run from start (the search's start offset start_offset) with its
 * slot_count slots in slots, set to JRX_UNSET first. */
static int run_from(node_run *r, size_t start, size_t start_offset, size_t *slots,
                    uint32_t slot_count, size_t *stopped) {
  *stopped = start;
  if (r->automaton->program->utf && start < r->assertions.length &&
      (r->subject[start] & 0xc0u) == 0x80u) {
    return JRX_NOMATCH;
  }
  r->start = start;
  r->start_offset = start_offset;
  r->assertions.start_offset = start_offset;
  r->slots = slots;
  r->top = 0;
  r->furthest = start;
  r->rows_ready = 0;
  r->row_shift = 0;
  r->bitless = 1;
  r->walked = 0;
  int status;
  do {
    onepass_prepare_slots(r->automaton, slots, slot_count);
    status = explore(r);
    r->scratch->bit_reruns += status == NODES_WITH_BITS;
    r->bitless = 0;
    r->top = 0;
  } while (status == NODES_WITH_BITS);
  *stopped = r->furthest;
  return status;
}

static int run(const onepass *automaton, backtrack_scratch *scratch, const unsigned char *subject,
               size_t length, size_t start, size_t limit, int fill, size_t start_offset,
               uint32_t options, const size_t **slots, size_t *stopped) {
  node_run r;
  run_init(&r, automaton, scratch, subject, length, limit, fill, options);
  *slots = scratch->slots;
  return run_from(&r, start, start_offset, scratch->slots, scratch->slot_count, stopped);
}

int backtrack_nodes_fill(const onepass *automaton, backtrack_scratch *scratch,
                         const unsigned char *subject, size_t length, size_t match_start,
                         size_t match_end, size_t start_offset, uint32_t options,
                         const size_t **slots) {
  size_t stopped;
  return run(automaton, scratch, subject, length, match_start, match_end, 1, start_offset,
             options, slots, &stopped);
}

int backtrack_nodes_search(const onepass *automaton, backtrack_scratch *scratch,
                           const unsigned char *subject, size_t length, size_t start,
                           size_t start_offset, uint32_t options, const size_t **slots,
                           size_t *stopped) {
  return run(automaton, scratch, subject, length, start, length, 0, start_offset, options, slots,
             stopped);
}

/* backtrack_nodes_scan's loop on a run made by run_init, from
 * start_offset, each attempt's slots in slots. Inlined into both callers,
 * as onepass.c's scan_attempts: the call cost some 17 x86-64
 * instructions a match of key=value pairs. */
static inline __attribute__((always_inline)) int scan_attempts(node_run *r, const capture_starts *starts, uint32_t start_loop,
                         size_t length, size_t start_offset, size_t *failed, size_t *slots) {
  uint32_t slot_count = r->scratch->slot_count;
  for (size_t start = start_offset;;) {
    start = capture_starts_next(starts, r->subject, length, start);
    if (start == SIZE_MAX) {
      return JRX_NOMATCH;
    }
    size_t stopped;
    int status = run_from(r, start, start_offset, slots, slot_count, &stopped);
    if (status != JRX_NOMATCH) {
      return status;
    }
    if (capture_attempt_spends_budget(failed, start, stopped, start_offset)) {
      return ONEPASS_SCAN_SPENT;
    }
    start = onepass_start_run_end(r->automaton, start_loop, r->subject, length, start) + 1;
  }
}

int backtrack_nodes_scan(const onepass *automaton, backtrack_scratch *scratch,
                         const capture_starts *starts, uint32_t start_loop,
                         const unsigned char *subject, size_t length, size_t start_offset,
                         uint32_t options, size_t *failed, const size_t **slots) {
  node_run r;
  run_init(&r, automaton, scratch, subject, length, length, 0, options);
  *slots = scratch->slots;
  return scan_attempts(&r, starts, start_loop, length, start_offset, failed, scratch->slots);
}

int backtrack_nodes_scan_ahead(const onepass *automaton, backtrack_scratch *scratch,
                               const capture_starts *starts, uint32_t start_loop,
                               const unsigned char *subject, size_t length, uint32_t options,
                               size_t *ahead, uint32_t capacity, uint32_t *count) {
  node_run r;
  run_init(&r, automaton, scratch, subject, length, length, 0, options);
  uint32_t slot_count = scratch->slot_count;
  uint32_t found = *count;
  int status = 1;
  while (found < capacity) {
    size_t from = ahead[(found - 1) * slot_count + 1];
    if (automaton->program->utf && from < length && (subject[from] & 0xc0u) == 0x80u) {
      break;
    }
    size_t failed = 0;
    status = scan_attempts(&r, starts, start_loop, length, from, &failed,
                           &ahead[found * slot_count]);
    if (status != 1) {
      break;
    }
    found++;
  }
  *count = found;
  return status;
}
