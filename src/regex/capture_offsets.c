/* capture_offsets: the analysis. Three passes over the instructions the
 * start reaches, each a worklist in which an instruction's value only
 * moves down a short lattice (so each is revisited a bounded number of
 * times: linear work):
 *   distance from the start  unseen -> one distance -> variable
 *   distance to a match      the same, over the reversed edges
 *   slots saved on every path so far  all -> fewer (64 bits at most) */
#include "capture_offsets.h"

#include <string.h>

#include "memory.h"

#define UNSEEN UINT32_MAX
#define VARIABLE (UINT32_MAX - 1)
/* Distances past this are counted as variable (no overflow). */
#define MAX_DISTANCE (UINT32_MAX / 4)

typedef struct analysis {
  const nfa_program *program;
  uint32_t *from_start;    /* instruction -> distance from the start */
  uint32_t *to_match;      /* instruction -> distance to a match */
  uint64_t *saved;         /* instruction -> slots saved on every path to it */
  uint32_t *queue;         /* worklist, count entries; an instruction is on it once at most */
  uint8_t *queued;
  uint32_t *predecessor_start; /* count + 1 offsets into predecessors */
  uint32_t *predecessors;
  uint32_t queue_head;
  uint32_t queue_length;
} analysis;

/* The instructions a thread at instruction goes to, and how many bytes it
 * reads on the way (0 or 1). */
static uint32_t successors(const nfa_instruction *instruction, uint32_t next[2]) {
  switch ((nfa_opcode)instruction->opcode) {
    case NFA_SPLIT:
      next[0] = instruction->next;
      next[1] = instruction->alternative;
      return 2;
    case NFA_BYTE_RANGE:
    case NFA_SAVE:
    case NFA_ASSERT:
      next[0] = instruction->next;
      return 1;
    case NFA_MATCH:
    case NFA_FAIL:
      break;
  }
  return 0;
}

static void enqueue(analysis *a, uint32_t instruction) {
  if (a->queued[instruction]) {
    return;
  }
  a->queued[instruction] = 1;
  uint32_t count = a->program->count;
  a->queue[(a->queue_head + a->queue_length++) % count] = instruction;
}

static uint32_t dequeue(analysis *a) {
  uint32_t instruction = a->queue[a->queue_head];
  a->queue_head = (a->queue_head + 1) % a->program->count;
  a->queue_length--;
  a->queued[instruction] = 0;
  return instruction;
}

/* Merges distance into *value; returns whether it changed. */
static int merge_distance(uint32_t *value, uint32_t distance) {
  if (distance != VARIABLE && distance > MAX_DISTANCE) {
    distance = VARIABLE;
  }
  if (*value == distance || *value == VARIABLE) {
    return 0;
  }
  *value = *value == UNSEEN ? distance : VARIABLE;
  return 1;
}

static uint32_t plus(uint32_t distance, uint32_t bytes) {
  return distance == VARIABLE ? VARIABLE : distance + bytes;
}

static int reads_a_byte(const nfa_instruction *instruction) {
  return instruction->opcode == NFA_BYTE_RANGE;
}

/* from_start and saved, forward from the start. */
static void walk_forward(analysis *a) {
  const nfa_program *program = a->program;
  a->from_start[program->start] = 0;
  a->saved[program->start] = 0;
  enqueue(a, program->start);
  while (a->queue_length > 0) {
    uint32_t at = dequeue(a);
    const nfa_instruction *instruction = &program->instructions[at];
    uint64_t saved = a->saved[at];
    if (instruction->opcode == NFA_SAVE && instruction->slot < CAPTURE_OFFSETS_MAX_SLOTS) {
      saved |= (uint64_t)1 << instruction->slot;
    }
    uint32_t distance = plus(a->from_start[at], (uint32_t)reads_a_byte(instruction));
    uint32_t next[2];
    uint32_t count = successors(instruction, next);
    for (uint32_t i = 0; i < count; i++) {
      uint32_t target = next[i];
      int first = a->from_start[target] == UNSEEN;
      int changed = merge_distance(&a->from_start[target], distance);
      uint64_t merged = first ? saved : a->saved[target] & saved;
      if (merged != a->saved[target]) {
        a->saved[target] = merged;
        changed = 1;
      }
      if (changed) {
        enqueue(a, target);
      }
    }
  }
}

/* Each edge from an instruction the start reaches: counted into
 * predecessor_start (link 0), or stored into predecessors (link 1). */
static void visit_edges(analysis *a, int link) {
  const nfa_program *program = a->program;
  for (uint32_t at = 0; at < program->count; at++) {
    if (a->from_start[at] == UNSEEN) {
      continue;
    }
    uint32_t next[2];
    uint32_t count = successors(&program->instructions[at], next);
    for (uint32_t i = 0; i < count; i++) {
      if (link) {
        /* queue, empty now, counts each instruction's predecessors stored so far */
        a->predecessors[a->predecessor_start[next[i]] + a->queue[next[i]]++] = at;
      } else {
        a->predecessor_start[next[i] + 1]++;
      }
    }
  }
}

/* The reversed edges among the instructions the start reaches. */
static void link_predecessors(analysis *a) {
  visit_edges(a, 0);
  for (uint32_t at = 0; at < a->program->count; at++) {
    a->predecessor_start[at + 1] += a->predecessor_start[at];
  }
  memset(a->queue, 0, a->program->count * sizeof *a->queue);
  visit_edges(a, 1);
}

/* to_match, backward from every reachable match. */
static void walk_backward(analysis *a) {
  const nfa_program *program = a->program;
  for (uint32_t at = 0; at < program->count; at++) {
    if (a->from_start[at] != UNSEEN && program->instructions[at].opcode == NFA_MATCH) {
      a->to_match[at] = 0;
      enqueue(a, at);
    }
  }
  while (a->queue_length > 0) {
    uint32_t at = dequeue(a);
    for (uint32_t i = a->predecessor_start[at]; i < a->predecessor_start[at + 1]; i++) {
      uint32_t from = a->predecessors[i];
      uint32_t distance =
          plus(a->to_match[at], (uint32_t)reads_a_byte(&program->instructions[from]));
      if (merge_distance(&a->to_match[from], distance)) {
        enqueue(a, from);
      }
    }
  }
}

/* Places every slot, from the three walks; offsets->placed stays 0 if
 * one cannot be placed. */
static void place_slots(const analysis *a, capture_offsets *offsets) {
  const nfa_program *program = a->program;
  uint64_t always = ~(uint64_t)0;
  uint32_t after_start[CAPTURE_OFFSETS_MAX_SLOTS];
  uint32_t before_end[CAPTURE_OFFSETS_MAX_SLOTS];
  for (uint32_t slot = 0; slot < program->slot_count; slot++) {
    after_start[slot] = UNSEEN;
    before_end[slot] = UNSEEN;
  }
  int matches = 0;
  for (uint32_t at = 0; at < program->count; at++) {
    const nfa_instruction *instruction = &program->instructions[at];
    if (a->from_start[at] == UNSEEN || a->to_match[at] == UNSEEN) {
      continue; /* on no path from the start to a match */
    }
    if (instruction->opcode == NFA_MATCH) {
      always &= a->saved[at];
      matches = 1;
    } else if (instruction->opcode == NFA_SAVE) {
      merge_distance(&after_start[instruction->slot], a->from_start[at]);
      merge_distance(&before_end[instruction->slot], a->to_match[at]);
    }
  }
  if (!matches || after_start[0] != 0 || before_end[1] != 0) {
    return; /* slot 0 and 1 must be the match's bounds (no \K) */
  }
  offsets->from_end = 0;
  for (uint32_t slot = 0; slot < program->slot_count; slot++) {
    if (((always >> slot) & 1u) == 0) {
      return;
    }
    if (after_start[slot] < VARIABLE) {
      offsets->distance[slot] = after_start[slot];
    } else if (before_end[slot] < VARIABLE) {
      offsets->distance[slot] = before_end[slot];
      offsets->from_end |= (uint64_t)1 << slot;
    } else {
      return;
    }
  }
  offsets->placed = 1;
}

int capture_offsets_build(const nfa_program *program, const jrx_allocator *allocator,
                          capture_offsets *offsets) {
  *offsets = (capture_offsets){.slot_count = program->slot_count};
  if (program->slot_count <= 2 || program->slot_count > CAPTURE_OFFSETS_MAX_SLOTS ||
      program->needs_pike ||
      program->count > CAPTURE_OFFSETS_MAX_INSTRUCTIONS || program->count == 0) {
    return 0;
  }
  uint32_t count = program->count;
  analysis a = {.program = program};
  a.from_start = memory_allocate_array(allocator, count, sizeof *a.from_start);
  a.to_match = memory_allocate_array(allocator, count, sizeof *a.to_match);
  a.saved = memory_allocate_zeroed_array(allocator, count, sizeof *a.saved);
  a.queue = memory_allocate_zeroed_array(allocator, count, sizeof *a.queue);
  a.queued = memory_allocate_zeroed_array(allocator, count, sizeof *a.queued);
  a.predecessor_start =
      memory_allocate_zeroed_array(allocator, (size_t)count + 1, sizeof *a.predecessor_start);
  a.predecessors = memory_allocate_array(allocator, (size_t)count * 2, sizeof *a.predecessors);
  int status = JRX_ERROR_NOMEMORY;
  if (a.from_start != NULL && a.to_match != NULL && a.saved != NULL && a.queue != NULL &&
      a.queued != NULL && a.predecessor_start != NULL && a.predecessors != NULL) {
    for (uint32_t at = 0; at < count; at++) {
      a.from_start[at] = UNSEEN;
      a.to_match[at] = UNSEEN;
    }
    walk_forward(&a);
    link_predecessors(&a);
    walk_backward(&a);
    place_slots(&a, offsets);
    status = 0;
  }
  memory_free(allocator, a.from_start);
  memory_free(allocator, a.to_match);
  memory_free(allocator, a.saved);
  memory_free(allocator, a.queue);
  memory_free(allocator, a.queued);
  memory_free(allocator, a.predecessor_start);
  memory_free(allocator, a.predecessors);
  return status;
}
