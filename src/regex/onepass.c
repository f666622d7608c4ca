/* onepass: building the one-pass DFA and running it in C. Building walks
 * each node's closure once, depth first in priority order, with the
 * path's assertions and slots on a stack; the table then answers each
 * byte with one load, and the search loop leaves its fast path only for
 * transitions with an action, into a node that may match, or dead ones. */
#include "onepass.h"

#include <string.h>

#include "capture.h"
#include "memory.h"
#include "nfa_assertion.h"

#define NO_NODE UINT32_MAX

struct onepass_scratch {
  jrx_allocator allocator;
  uint32_t slot_count;
  size_t *current; /* the thread's slots */
  size_t *best;    /* a match kept while a higher-priority path goes on */
};

/* A pending alternative of the closure walk: where it continues, and the
 * path's assertions and slot count at the SPLIT that pushed it. */
typedef struct closure_branch {
  uint32_t instruction;
  uint32_t assertions;
  uint32_t path_slot_count;
} closure_branch;

/* What a closure path ends in, in priority order: a byte range and its
 * transition word, or the match (LEAF_MATCH). */
typedef struct closure_leaf {
  uint32_t word;
  uint8_t low;
  uint8_t high;
} closure_leaf;

#define LEAF_MATCH UINT32_MAX

typedef struct builder {
  const nfa_program *program;
  onepass *automaton;
  const jrx_allocator *allocator;
  int alternatives_allowed;
  int groups_saved; /* 0: the SAVEs of slots 2 and up are left out */
  uint8_t class_byte[256]; /* a byte of each class */
  uint32_t *node_of;   /* instruction -> node id, or NO_NODE */
  uint32_t *entries;   /* node index -> its instruction (the work queue) */
  uint32_t *stamps;    /* instruction -> 1 + node index of its last closure visit */
  uint32_t *first_assertions; /* instruction -> the assertions of the path that got there first */
  closure_leaf *leaves; /* of the closure being walked */
  size_t leaf_count;
  size_t leaf_capacity;
  uint32_t *sequence;   /* one class's words, in priority order */
  size_t sequence_capacity;
  size_t list_capacity;
  size_t list_word_capacity;
  closure_branch *branches;
  uint32_t *path_slots; /* the slots saved along the path being walked */
  uint32_t *path_index; /* slot -> its index in path_slots, when it is on the path */
  size_t table_capacity; /* words */
  uint32_t closure_actions; /* the first action of the closure being walked */
  size_t action_capacity;
  size_t slot_capacity;
  uint64_t work;
} builder;

static size_t table_words(uint32_t node_count, uint32_t stride) {
  return (size_t)node_count * stride;
}

/* The node entered at instruction, made (with every class dead and no
 * match) if new. */
static int node_for(builder *b, uint32_t instruction, uint32_t *node) {
  onepass *automaton = b->automaton;
  if (b->node_of[instruction] != NO_NODE) {
    *node = b->node_of[instruction];
    return 0;
  }
  size_t words = table_words(automaton->node_count + 1, automaton->stride);
  if (words * sizeof(uint32_t) > ONEPASS_MAX_TABLE_BYTES || words > ONEPASS_INDEX_MASK) {
    return ONEPASS_NOT_ONE_PASS;
  }
  if (!memory_grow_array(b->allocator, (void **)&automaton->table, &b->table_capacity, words,
                         sizeof *automaton->table, (size_t)automaton->stride * 8)) {
    return JRX_ERROR_NOMEMORY;
  }
  uint32_t id = automaton->node_count * automaton->stride;
  for (uint32_t column = 0; column < automaton->class_count; column++) {
    automaton->table[id + column] = ONEPASS_DEAD;
  }
  automaton->table[id + automaton->class_count] = ONEPASS_NO_MATCH;
  automaton->table[id + automaton->class_count + 1] = ONEPASS_NO_LOOP;
  automaton->table[id + automaton->class_count + 2] = automaton->node_count;
  b->entries[automaton->node_count++] = instruction;
  b->node_of[instruction] = id;
  *node = id;
  return 0;
}

/* Whether action does the path's assertions and slots and goes to next. */
static int same_action(const builder *b, const onepass_action *action, uint32_t next,
                       uint32_t assertions, uint32_t path_slot_count) {
  return action->next == next && action->assertions == assertions &&
         action->slot_count == path_slot_count &&
         memcmp(&b->automaton->slots[action->slot_offset], b->path_slots,
                path_slot_count * sizeof *b->path_slots) == 0;
}

/* Records the path's assertions and slots as an action, or finds the same
 * one made earlier in this closure (the ranges of one class usually make
 * several); its index goes to *index. */
static int add_action(builder *b, uint32_t next, uint32_t assertions, uint32_t path_slot_count,
                      uint32_t *index) {
  onepass *automaton = b->automaton;
  for (uint32_t i = b->closure_actions; i < automaton->action_count; i++) {
    if (same_action(b, &automaton->actions[i], next, assertions, path_slot_count)) {
      *index = i;
      return 0;
    }
  }
  if (!memory_grow_array(b->allocator, (void **)&automaton->actions, &b->action_capacity,
                         (size_t)automaton->action_count + 1, sizeof *automaton->actions, 16) ||
      !memory_grow_array(b->allocator, (void **)&automaton->slots, &b->slot_capacity,
                         (size_t)automaton->slot_list_length + path_slot_count,
                         sizeof *automaton->slots, 16)) {
    return JRX_ERROR_NOMEMORY;
  }
  if (automaton->action_count > ONEPASS_INDEX_MASK) {
    return ONEPASS_NOT_ONE_PASS;
  }
  onepass_action *action = &automaton->actions[automaton->action_count];
  *action = (onepass_action){
      .next = next,
      .assertions = assertions,
      .slot_offset = automaton->slot_list_length,
      .slot_count = path_slot_count,
      .first_slot = assertions == 0 && path_slot_count - 1u < 2u ? b->path_slots[0]
                                                                 : ONEPASS_GENERAL_ACTION,
      .last_slot = path_slot_count > 0 ? b->path_slots[path_slot_count - 1] : 0};
  memcpy(&automaton->slots[automaton->slot_list_length], b->path_slots,
         path_slot_count * sizeof *b->path_slots);
  automaton->slot_list_length += path_slot_count;
  *index = automaton->action_count++;
  return 0;
}

static int add_leaf(builder *b, uint32_t word, uint8_t low, uint8_t high) {
  if (!memory_grow_array(b->allocator, (void **)&b->leaves, &b->leaf_capacity, b->leaf_count + 1,
                         sizeof *b->leaves, 16)) {
    return JRX_ERROR_NOMEMORY;
  }
  b->leaves[b->leaf_count++] = (closure_leaf){word, low, high};
  return 0;
}

/* The leaf of a path reaching instruction's byte range. */
static int add_byte_range(builder *b, const nfa_instruction *instruction, uint32_t assertions,
                          uint32_t path_slot_count) {
  uint32_t next;
  int status = node_for(b, instruction->next, &next);
  if (status != 0) {
    return status;
  }
  uint32_t word = next; /* ONEPASS_NEXT_MATCHES comes later: mark_matching_targets */
  if (assertions != 0 || path_slot_count != 0) {
    uint32_t index;
    status = add_action(b, word, assertions, path_slot_count, &index);
    if (status != 0) {
      return status;
    }
    word = ONEPASS_ACTION | index;
  }
  return add_leaf(b, word, instruction->low, instruction->high);
}

/* The list of words (ONEPASS_MATCH_HERE among them) as an alternatives
 * list, shared with an equal one of the same node. */
static int add_list(builder *b, uint32_t first_list, const uint32_t *words, uint32_t count,
                    uint32_t *index) {
  onepass *automaton = b->automaton;
  for (uint32_t i = first_list; i < automaton->list_count; i++) {
    const onepass_list *list = &automaton->lists[i];
    if (list->count == count &&
        memcmp(&automaton->list_words[list->offset], words, count * sizeof *words) == 0) {
      *index = i;
      return 0;
    }
  }
  if (automaton->list_count > ONEPASS_INDEX_MASK) {
    return ONEPASS_NOT_ONE_PASS;
  }
  if (!memory_grow_array(b->allocator, (void **)&automaton->lists, &b->list_capacity,
                         (size_t)automaton->list_count + 1, sizeof *automaton->lists, 16) ||
      !memory_grow_array(b->allocator, (void **)&automaton->list_words, &b->list_word_capacity,
                         (size_t)automaton->list_word_count + count,
                         sizeof *automaton->list_words, 64)) {
    return JRX_ERROR_NOMEMORY;
  }
  automaton->lists[automaton->list_count] =
      (onepass_list){.offset = automaton->list_word_count, .count = count};
  memcpy(&automaton->list_words[automaton->list_word_count], words, count * sizeof *words);
  automaton->list_word_count += count;
  *index = automaton->list_count++;
  return 0;
}

/* Turns the closure's leaves into the node's row: for each class, its
 * words in priority order (the same word twice only once: both paths do
 * the same), with the node's match where it ranks among them. */
static int fill_row(builder *b, uint32_t node) {
  onepass *automaton = b->automaton;
  uint32_t first_list = automaton->list_count;
  b->work += (uint64_t)b->leaf_count * automaton->class_count;
  if (b->work > ONEPASS_MAX_WORK) {
    return ONEPASS_NOT_ONE_PASS;
  }
  if (!memory_grow_array(b->allocator, (void **)&b->sequence, &b->sequence_capacity,
                         b->leaf_count, sizeof *b->sequence, 16)) {
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t column = 0; column < automaton->class_count; column++) {
    unsigned byte = b->class_byte[column];
    uint32_t count = 0;
    uint32_t words = 0;
    int match_first = 0;
    for (size_t i = 0; i < b->leaf_count; i++) {
      const closure_leaf *leaf = &b->leaves[i];
      if (leaf->word == LEAF_MATCH) {
        match_first = words == 0;
        b->sequence[count++] = ONEPASS_MATCH_HERE;
      } else if (byte >= leaf->low && byte <= leaf->high &&
                 (count == 0 || b->sequence[count - 1] != leaf->word)) {
        b->sequence[count++] = leaf->word;
        words++;
      }
    }
    uint32_t *entry = &automaton->table[node + column];
    if (words == 0) {
      *entry = ONEPASS_DEAD;
    } else if (words == 1) {
      *entry = b->sequence[match_first ? 1 : 0] | (match_first ? ONEPASS_MATCH_WINS : 0);
    } else if (!b->alternatives_allowed) {
      return ONEPASS_NOT_ONE_PASS;
    } else {
      uint32_t index;
      int status = add_list(b, first_list, b->sequence, count, &index);
      if (status != 0) {
        return status;
      }
      *entry = ONEPASS_ALTERNATIVES | index;
    }
  }
  return 0;
}

/* Adds slot to the path unless it is on it already (it then holds the
 * same position). path_index is a sparse set over the path's prefix: an
 * entry left by a branch that was popped fails the check, so the test is
 * constant time however many groups a path passes (a pattern of 65535
 * groups was quadratic with a scan). */
static uint32_t path_add_slot(builder *b, uint32_t path_slot_count, uint32_t slot) {
  uint32_t index = b->path_index[slot];
  if (index < path_slot_count && b->path_slots[index] == slot) {
    return path_slot_count;
  }
  b->path_index[slot] = path_slot_count;
  b->path_slots[path_slot_count] = slot;
  return path_slot_count + 1;
}

/* Walks the closure of the node at index node_index, depth first with the
 * preferred branch first, so paths are met in priority order. */
static int walk_closure(builder *b, uint32_t node_index) {
  const nfa_program *program = b->program;
  onepass *automaton = b->automaton;
  uint32_t node = node_index * automaton->stride;
  uint32_t stamp = node_index + 1;
  b->closure_actions = automaton->action_count;
  b->leaf_count = 0;
  size_t depth = 0;
  b->branches[depth++] = (closure_branch){b->entries[node_index], 0, 0};
  while (depth > 0) {
    closure_branch branch = b->branches[--depth];
    uint32_t pc = branch.instruction;
    uint32_t assertions = branch.assertions;
    uint32_t path_slot_count = branch.path_slot_count;
    for (;;) {
      if (b->stamps[pc] == stamp) {
        /* Another path got here first and wins, as in the Pike VM, if it
         * gets here whenever this one does: its assertions are among this
         * one's. Otherwise which path wins depends on the subject. */
        if ((b->first_assertions[pc] & ~assertions) != 0) {
          return ONEPASS_NOT_ONE_PASS;
        }
        break;
      }
      if (++b->work > ONEPASS_MAX_WORK) {
        return ONEPASS_NOT_ONE_PASS;
      }
      b->stamps[pc] = stamp;
      b->first_assertions[pc] = assertions;
      const nfa_instruction *instruction = &program->instructions[pc];
      int status = 0;
      switch ((nfa_opcode)instruction->opcode) {
        case NFA_BYTE_RANGE:
          status = add_byte_range(b, instruction, assertions, path_slot_count);
          break;
        case NFA_SPLIT:
          b->branches[depth++] =
              (closure_branch){instruction->alternative, assertions, path_slot_count};
          pc = instruction->next;
          continue;
        case NFA_SAVE:
          if (b->groups_saved || instruction->slot < 2) {
            path_slot_count = path_add_slot(b, path_slot_count, instruction->slot);
          }
          pc = instruction->next;
          continue;
        case NFA_ASSERT:
          assertions |= 1u << instruction->assertion;
          pc = instruction->next;
          continue;
        case NFA_MATCH: {
          uint32_t index;
          status = add_action(b, 0, assertions, path_slot_count, &index);
          automaton->table[node + automaton->class_count] = index;
          if (status == 0) {
            status = add_leaf(b, LEAF_MATCH, 0, 0);
          }
          break;
        }
        case NFA_FAIL:
          break;
      }
      if (status != 0) {
        return status;
      }
      break;
    }
  }
  return fill_row(b, node);
}

/* Sets ONEPASS_NEXT_MATCHES in a transition word (or its action's next)
 * whose target has a match path. */
static void mark_if_target_matches(onepass *automaton, uint32_t *word) {
  if (*word == ONEPASS_DEAD || *word == ONEPASS_MATCH_HERE ||
      (*word & ONEPASS_ALTERNATIVES) != 0) {
    return;
  }
  uint32_t *target_word =
      (*word & ONEPASS_ACTION) != 0 ? &automaton->actions[*word & ONEPASS_INDEX_MASK].next : word;
  uint32_t target = *target_word & ONEPASS_INDEX_MASK;
  if (automaton->table[target + automaton->class_count] != ONEPASS_NO_MATCH) {
    *target_word |= ONEPASS_NEXT_MATCHES;
  }
}

/* The NEXT_MATCHES bit of a transition can only be set once its target's
 * closure has been walked; nodes are walked in order of creation, so a
 * final sweep sets the bits that were not known yet. */
static void mark_matching_targets(onepass *automaton) {
  for (uint32_t node = 0; node < automaton->node_count * automaton->stride;
       node += automaton->stride) {
    for (uint32_t column = 0; column < automaton->class_count; column++) {
      mark_if_target_matches(automaton, &automaton->table[node + column]);
    }
  }
  for (uint32_t i = 0; i < automaton->list_word_count; i++) {
    mark_if_target_matches(automaton, &automaton->list_words[i]);
  }
}

/* Whether the plain transition word of node on a class may be skipped
 * over as part of the node's loop (see ONEPASS_LOOP). */
static int loops_back(const onepass *automaton, uint32_t node, uint32_t word) {
  if ((word & (ONEPASS_DEAD | ONEPASS_ACTION | ONEPASS_MATCH_WINS | ONEPASS_ALTERNATIVES)) != 0 ||
      (word & ONEPASS_INDEX_MASK) != node) {
    return 0;
  }
  uint32_t match = onepass_match_word(automaton, node);
  return match == ONEPASS_NO_MATCH || automaton->actions[match].assertions == 0;
}

/* Gives every node that loops on some bytes its loop record and marks
 * those transitions ONEPASS_LOOP. */
static int find_loops(onepass *automaton) {
  uint32_t count = 0;
  for (uint32_t node = 0; node < automaton->node_count * automaton->stride;
       node += automaton->stride) {
    for (uint32_t column = 0; column < automaton->class_count; column++) {
      if (loops_back(automaton, node, automaton->table[node + column])) {
        count++;
        break;
      }
    }
  }
  if (count == 0) {
    return 0;
  }
  automaton->loops = memory_allocate_zeroed_array(&automaton->allocator, count,
                                                  sizeof *automaton->loops);
  if (automaton->loops == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t node = 0; node < automaton->node_count * automaton->stride;
       node += automaton->stride) {
    onepass_loop loop = {.escape = -1};
    int escapes = 0;
    for (unsigned byte = 0; byte < 256; byte++) {
      loop.stays[byte] =
          (uint8_t)loops_back(automaton, node, automaton->table[node + automaton->class_of[byte]]);
      if (!loop.stays[byte]) {
        loop.escape = escapes++ == 0 ? (int)byte : -1;
      }
    }
    if (escapes == 256) {
      continue;
    }
    byte_ranges_of(loop.stays, &loop.ranges);
    for (uint32_t column = 0; column < automaton->class_count; column++) {
      uint32_t *word = &automaton->table[node + column];
      if (loops_back(automaton, node, *word)) {
        *word |= ONEPASS_LOOP;
      }
    }
    automaton->loops[automaton->loop_count] = loop;
    automaton->table[node + automaton->class_count + 1] = automaton->loop_count++;
  }
  return 0;
}

/* The wide table (onepass.h): each word of table, widened where it
 * runs a simple action. */
static uint64_t widened_word(const onepass *automaton, uint32_t word) {
  if ((word & (ONEPASS_DEAD | ONEPASS_ACTION | ONEPASS_MATCH_WINS | ONEPASS_ALTERNATIVES)) !=
      ONEPASS_ACTION) {
    return word;
  }
  const onepass_action *action = &automaton->actions[word & ONEPASS_INDEX_MASK];
  if (onepass_action_general(action) || action->first_slot > ONEPASS_WIDE_SLOTS ||
      action->last_slot > ONEPASS_WIDE_SLOTS) {
    return word;
  }
  return ONEPASS_WIDE_STORES | (uint64_t)action->first_slot << ONEPASS_WIDE_FIRST |
         (uint64_t)action->last_slot << ONEPASS_WIDE_LAST | action->next;
}

/* Whether a node other than the start widens a word: a slot store
 * between the start and the match (a group's), which the wide table
 * makes branch-free; without one it would only cost sink stores. */
static int widening_pays(const onepass *automaton) {
  for (uint32_t node = 0; node < automaton->node_count * automaton->stride;
       node += automaton->stride) {
    for (uint32_t column = 0; node != automaton->start && column < automaton->class_count;
         column++) {
      if ((widened_word(automaton, automaton->table[node + column]) & ONEPASS_WIDE_STORES) != 0) {
        return 1;
      }
    }
  }
  return 0;
}

static int widen_table(onepass *automaton) {
  if (!widening_pays(automaton)) {
    return 0;
  }
  size_t words = (size_t)automaton->node_count * automaton->stride;
  automaton->wide = memory_allocate_array(&automaton->allocator, words, sizeof *automaton->wide);
  if (automaton->wide == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  for (size_t i = 0; i < words; i++) {
    automaton->wide[i] = widened_word(automaton, automaton->table[i]);
  }
  return 0;
}

/* Whether program's match is reachable from its start by a path with
 * no SAVE of slot; stamps (zero at first, program->count entries) mark
 * the instructions walked with stamp, stack has room for them all. Paths
 * are followed whatever their assertions say: a "no" is always right. */
static int match_without_slot(const nfa_program *program, uint32_t slot, uint32_t stamp,
                              uint32_t *stamps, uint32_t *stack) {
  size_t depth = 0;
  stack[depth++] = program->start;
  stamps[program->start] = stamp;
  while (depth > 0) {
    const nfa_instruction *instruction = &program->instructions[stack[--depth]];
    if (instruction->opcode == NFA_MATCH) {
      return 1;
    }
    uint32_t successors[2];
    uint32_t count = instruction->opcode == NFA_SAVE && instruction->slot == slot
                         ? 0
                         : nfa_successors(instruction, successors);
    for (uint32_t i = 0; i < count; i++) {
      if (stamps[successors[i]] != stamp) {
        stamps[successors[i]] = stamp;
        stack[depth++] = successors[i];
      }
    }
  }
  return 0;
}

/* The automaton's every_slot_saved: one walk a slot, none (the answer
 * no) when they would pass ONEPASS_MAX_WORK steps. */
static int find_every_slot_saved(onepass *automaton) {
  const nfa_program *program = automaton->program;
  automaton->every_slot_saved = 0;
  if ((uint64_t)automaton->slot_count * program->count > ONEPASS_MAX_WORK) {
    return 0;
  }
  uint32_t *stamps =
      memory_allocate_zeroed_array(&automaton->allocator, program->count, sizeof *stamps);
  uint32_t *stack = memory_allocate_array(&automaton->allocator, program->count, sizeof *stack);
  int status = stamps == NULL || stack == NULL ? JRX_ERROR_NOMEMORY : 0;
  if (status == 0) {
    uint32_t slot = 0;
    while (slot < automaton->slot_count &&
           !match_without_slot(program, slot, slot + 1, stamps, stack)) {
      slot++;
    }
    automaton->every_slot_saved = slot == automaton->slot_count;
  }
  memory_free(&automaton->allocator, stamps);
  memory_free(&automaton->allocator, stack);
  return status;
}

static void builder_release(builder *b) {
  memory_free(b->allocator, b->first_assertions);
  memory_free(b->allocator, b->leaves);
  memory_free(b->allocator, b->sequence);
  memory_free(b->allocator, b->node_of);
  memory_free(b->allocator, b->entries);
  memory_free(b->allocator, b->stamps);
  memory_free(b->allocator, b->branches);
  memory_free(b->allocator, b->path_slots);
  memory_free(b->allocator, b->path_index);
}

static int build(const nfa_program *program, const uint8_t class_of[256], uint32_t class_count,
                 int alternatives_allowed, int groups_saved, const jrx_allocator *allocator,
                 onepass **result) {
  onepass *automaton = memory_allocate_zeroed_array(allocator, 1, sizeof *automaton);
  if (automaton == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  automaton->allocator = *allocator;
  automaton->program = program;
  memcpy(automaton->class_of, class_of, sizeof automaton->class_of);
  automaton->class_count = class_count;
  automaton->stride = class_count + 3;
  automaton->slot_count = groups_saved ? program->slot_count : 2;
  builder b = {.program = program,
               .automaton = automaton,
               .allocator = &automaton->allocator,
               .alternatives_allowed = alternatives_allowed,
               .groups_saved = groups_saved};
  for (unsigned byte = 256; byte-- > 0;) {
    b.class_byte[class_of[byte]] = (uint8_t)byte;
  }
  /* A node per byte range target at most, plus the start. */
  size_t max_nodes = (size_t)program->thread_capacity + 1;
  b.node_of = memory_allocate_array(b.allocator, program->count, sizeof *b.node_of);
  b.entries = memory_allocate_array(b.allocator, max_nodes, sizeof *b.entries);
  b.stamps = memory_allocate_zeroed_array(b.allocator, program->count, sizeof *b.stamps);
  b.first_assertions =
      memory_allocate_array(b.allocator, program->count, sizeof *b.first_assertions);
  b.branches = memory_allocate_array(b.allocator, (size_t)program->count + 1, sizeof *b.branches);
  b.path_slots = memory_allocate_array(b.allocator, program->slot_count, sizeof *b.path_slots);
  b.path_index =
      memory_allocate_zeroed_array(b.allocator, program->slot_count, sizeof *b.path_index);
  int status = b.node_of == NULL || b.entries == NULL || b.stamps == NULL ||
                       b.first_assertions == NULL || b.branches == NULL ||
                       b.path_slots == NULL || b.path_index == NULL
                   ? JRX_ERROR_NOMEMORY
                   : 0;
  if (status == 0) {
    for (uint32_t i = 0; i < program->count; i++) {
      b.node_of[i] = NO_NODE;
    }
    status = node_for(&b, program->start, &automaton->start);
  }
  for (uint32_t walked = 0; status == 0 && walked < automaton->node_count; walked++) {
    status = walk_closure(&b, walked);
  }
  builder_release(&b);
  if (status == 0) {
    automaton->one_pass = automaton->list_count == 0;
    mark_matching_targets(automaton);
    status = find_loops(automaton);
  }
  if (status == 0) {
    status = widen_table(automaton);
  }
  if (status == 0) {
    status = find_every_slot_saved(automaton);
  }
  if (status != 0) {
    onepass_release(automaton);
    return status;
  }
  *result = automaton;
  return 0;
}

int onepass_build(const nfa_program *program, const uint8_t class_of[256], uint32_t class_count,
                  int alternatives_allowed, const jrx_allocator *allocator, onepass **result) {
  return build(program, class_of, class_count, alternatives_allowed, 1, allocator, result);
}

int onepass_build_whole_match(const nfa_program *program, const uint8_t class_of[256],
                              uint32_t class_count, const jrx_allocator *allocator,
                              onepass **result) {
  return build(program, class_of, class_count, 0, 0, allocator, result);
}

int onepass_build_whole_search(const nfa_program *program, const uint8_t class_of[256],
                               uint32_t class_count, const jrx_allocator *allocator,
                               onepass **result) {
  return build(program, class_of, class_count, 1, 0, allocator, result);
}

void onepass_release(onepass *automaton) {
  if (automaton == NULL) {
    return;
  }
  memory_free(&automaton->allocator, automaton->table);
  memory_free(&automaton->allocator, automaton->wide);
  memory_free(&automaton->allocator, automaton->actions);
  memory_free(&automaton->allocator, automaton->slots);
  memory_free(&automaton->allocator, automaton->loops);
  memory_free(&automaton->allocator, automaton->lists);
  memory_free(&automaton->allocator, automaton->list_words);
  memory_free(&automaton->allocator, automaton);
}

int onepass_scratch_create(const onepass *automaton, const jrx_allocator *allocator,
                           onepass_scratch **result) {
  onepass_scratch *scratch = memory_allocate(allocator, sizeof *scratch);
  if (scratch == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  *scratch = (onepass_scratch){.allocator = *allocator, .slot_count = automaton->slot_count};
  scratch->current = memory_allocate_array(allocator, 2 * (size_t)automaton->slot_count,
                                           sizeof *scratch->current);
  if (scratch->current == NULL) {
    memory_free(allocator, scratch);
    return JRX_ERROR_NOMEMORY;
  }
  scratch->best = scratch->current + automaton->slot_count;
  *result = scratch;
  return 0;
}

void onepass_scratch_slots(onepass_scratch *scratch, size_t **current, size_t **best) {
  *current = scratch->current;
  *best = scratch->best;
}

void onepass_scratch_destroy(onepass_scratch *scratch) {
  if (scratch == NULL) {
    return;
  }
  memory_free(&scratch->allocator, scratch->current);
  memory_free(&scratch->allocator, scratch);
}

/* One search's view of the automaton and subject, passed by value: the
 * attempts of a scan read its fields from registers (from memory, the
 * slot stores and the assertions' calls would have them read again). */
typedef struct run {
  const onepass *automaton;
  const uint32_t *table;
  const uint64_t *wide;
  const onepass_action *actions;
  const uint32_t *slot_lists;
  uint32_t match_column; /* class_count: a row's match word */
  uint32_t start_node;
  const unsigned char *subject;
  size_t length;
  const nfa_assertion_input *assertions;
} run;

static run make_run(const onepass *automaton, const unsigned char *subject, size_t length,
                    const nfa_assertion_input *assertions) {
  return (run){.automaton = automaton,
               .table = automaton->table,
               .wide = automaton->wide,
               .actions = automaton->actions,
               .slot_lists = automaton->slots,
               .match_column = automaton->class_count,
               .start_node = automaton->start,
               .subject = subject,
               .length = length,
               .assertions = assertions};
}

static nfa_assertion_input run_assertions(const onepass *automaton, const unsigned char *subject,
                                          size_t length, size_t start_offset, uint32_t options) {
  return (nfa_assertion_input){.subject = subject,
                               .length = length,
                               .start_offset = start_offset,
                               .options = options,
                               .utf = automaton->program->utf};
}

/* The run's assertions at position (nfa_assertions_hold_seldom). */
static inline __attribute__((always_inline)) int assertions_hold(const run *r,
                                                                  uint32_t assertions,
                                                                  size_t position) {
  return nfa_assertions_hold_seldom(r->assertions, assertions, position);
}

/* Takes the transition word on the byte at position (< length): the next
 * node's word (with ONEPASS_NEXT_MATCHES), or ONEPASS_DEAD when the byte
 * has no path or its assertions fail. Saves the path's slots in slots. */
static inline __attribute__((always_inline)) uint32_t take_transition(const run *r,
                                                                      const onepass_action *actions,
                                                                      const uint32_t *slot_lists,
                                                                      size_t *slots, uint32_t word,
                                                                      size_t position) {
  if ((word & ONEPASS_ACTION) == 0 || word == ONEPASS_DEAD) {
    return word;
  }
  const onepass_action *action = &actions[word & ONEPASS_INDEX_MASK];
  if (onepass_action_general(action) && !assertions_hold(r, action->assertions, position)) {
    return ONEPASS_DEAD;
  }
  onepass_store_slots(slot_lists, action, slots, position);
  return action->next;
}

uint32_t onepass_start_loop(const onepass *automaton) {
  uint32_t start = automaton->start;
  if (onepass_match_word(automaton, start) != ONEPASS_NO_MATCH) {
    return ONEPASS_NO_LOOP;
  }
  uint32_t loop = ONEPASS_NO_LOOP;
  for (uint32_t column = 0; column < automaton->class_count; column++) {
    uint32_t word = onepass_transition(automaton, start, column);
    if (word == ONEPASS_DEAD || (word & ONEPASS_ALTERNATIVES) != 0) {
      continue;
    }
    if ((word & ONEPASS_ACTION) != 0) {
      const onepass_action *action = &automaton->actions[word & ONEPASS_INDEX_MASK];
      word = action->assertions == 0 ? action->next : ONEPASS_DEAD;
    }
    uint32_t target = word & ONEPASS_INDEX_MASK;
    if (word != ONEPASS_DEAD && onepass_loop_word(automaton, target) != ONEPASS_NO_LOOP) {
      loop = target;
      break;
    }
  }
  if (loop == ONEPASS_NO_LOOP) {
    return loop;
  }
  const onepass_loop *stays = &automaton->loops[onepass_loop_word(automaton, loop)];
  for (unsigned byte = 0; byte < 256; byte++) {
    if (!stays->stays[byte]) {
      continue;
    }
    uint32_t word = onepass_transition(automaton, start, automaton->class_of[byte]);
    if ((word & ONEPASS_ACTION) != 0) {
      const onepass_action *action = &automaton->actions[word & ONEPASS_INDEX_MASK];
      word = action->assertions == 0 ? action->next : ONEPASS_DEAD;
    }
    if (word == ONEPASS_DEAD || (word & ONEPASS_ALTERNATIVES) != 0 ||
        (word & ONEPASS_INDEX_MASK) != loop) {
      return ONEPASS_NO_LOOP;
    }
  }
  return loop;
}

int onepass_fill(const onepass *automaton, onepass_scratch *scratch,
                 const unsigned char *subject, size_t length, size_t match_start,
                 size_t match_end, size_t start_offset, uint32_t options, const size_t **slots) {
  nfa_assertion_input assertions =
      run_assertions(automaton, subject, length, start_offset, options);
  run r = make_run(automaton, subject, length, &assertions);
  size_t *current = scratch->current;
  onepass_prepare_slots(automaton, current, automaton->slot_count);
  const uint32_t *table = automaton->table;
  const uint8_t *class_of = automaton->class_of;
  uint32_t node = automaton->start;
  size_t position = match_start;
  while (position < match_end) {
    uint32_t word = table[node + class_of[subject[position]]];
    if ((word & (ONEPASS_DEAD | ONEPASS_ACTION | ONEPASS_LOOP)) != 0) {
      if ((word & ONEPASS_LOOP) != 0) {
        position = onepass_skip_loop(automaton, node, subject, position + 1, match_end);
        continue;
      }
      word = take_transition(&r, automaton->actions, automaton->slots, current, word, position);
      if (word == ONEPASS_DEAD) {
        return JRX_NOMATCH;
      }
    }
    node = word & ONEPASS_INDEX_MASK;
    position++;
  }
  uint32_t match = onepass_match_word(automaton, node);
  if (match == ONEPASS_NO_MATCH ||
      !assertions_hold(&r, automaton->actions[match].assertions, match_end)) {
    return JRX_NOMATCH;
  }
  onepass_store_slots(automaton->slots, &automaton->actions[match], current, match_end);
  *slots = current;
  return 1;
}

/* Whether the path that continues with transition word (read at
 * position; ONEPASS_DEAD at the end) outranks the node's match and may go
 * on: otherwise the match ends the search. */
static inline __attribute__((always_inline)) int continuation_outranks(
    const run *r, const onepass_action *actions, uint32_t word, size_t position) {
  if (word == ONEPASS_DEAD || (word & ONEPASS_MATCH_WINS) != 0) {
    return 0;
  }
  if ((word & ONEPASS_ACTION) != 0) {
    const onepass_action *action = &actions[word & ONEPASS_INDEX_MASK];
    return assertions_hold(r, action->assertions, position);
  }
  return 1;
}

/* The wide words attempt takes past onepass_fast_steps without
 * take_transition: all but these (a plain or simple-action transition into
 * a node with a match). */
#define WIDE_STOP (ONEPASS_DEAD | ONEPASS_ACTION | ONEPASS_MATCH_WINS | ONEPASS_LOOP)

/* One anchored attempt from start, its slots in current (made ready by
 * onepass_prepare_slots): 1 with *slots (current or best), or JRX_NOMATCH with
 * *stopped where it stopped reading (onepass_search's answers);
 * empty_refused: an empty match is not an answer (JRX_NOTEMPTY, or
 * JRX_NOTEMPTY_ATSTART at the start offset). Inlined into onepass_search
 * and onepass_scan's loop over candidate starts. Each position's
 * transition word is read once. Two loops, for nodes with and without a
 * match, so that the one without (most of them) never looks at matches:
 * a transition with ONEPASS_NEXT_MATCHES enters the second, any other
 * the first. A loop transition is taken before the node's match is
 * looked at: it outranks that match, and the node it stays in surely
 * matches (its match, if any, is unconditional), so the match would
 * neither end the search nor need keeping. */
static inline __attribute__((always_inline)) int attempt(const run *r, size_t start,
                                                         size_t *current, size_t *best,
                                                         int empty_refused, const size_t **slots,
                                                         size_t *stopped) {
  const onepass *automaton = r->automaton;
  const unsigned char *subject = r->subject;
  size_t length = r->length;
  const uint32_t *table = r->table;
  const uint64_t *wide_table = r->wide;
  const uint8_t *class_of = automaton->class_of;
  const onepass_action *actions = r->actions;
  const uint32_t *slot_lists = r->slot_lists;
  uint32_t match_column = r->match_column;
  uint32_t node = r->start_node;
  size_t position = start;
  int kept = 0;
  size_t sink;
  uint32_t word;
  if (table[node + match_column] != ONEPASS_NO_MATCH) {
    goto at_match;
  }
  for (;;) {
    /* Unwidened, a table without slot stores between its start and its
     * match keeps the table's plain loop: sink stores would only cost. */
    uint64_t wide = wide_table != NULL
                        ? onepass_fast_steps(table, wide_table, 1, class_of, subject, length,
                                             current, &sink, &node, &position)
                        : onepass_fast_steps(table, wide_table, 0, class_of, subject, length,
                                             current, &sink, &node, &position);
    word = (uint32_t)wide;
    if ((word & ONEPASS_LOOP) != 0) {
      position = onepass_skip_loop(automaton, node, subject, position + 1, length);
      continue;
    }
    if ((word & WIDE_STOP) == 0) { /* into a node with a match */
      onepass_wide_store(wide, current, &sink, position);
    } else {
    take:
      word = take_transition(r, actions, slot_lists, current, word, position);
      if (word == ONEPASS_DEAD) {
        break;
      }
    }
    node = word & ONEPASS_INDEX_MASK;
    position++;
    if ((word & ONEPASS_NEXT_MATCHES) == 0) {
      continue;
    }
  at_match:
    word = position < length ? table[node + class_of[subject[position]]] : ONEPASS_DEAD;
    if ((word & ONEPASS_LOOP) != 0) {
      position = onepass_skip_loop(automaton, node, subject, position + 1, length);
      goto at_match;
    }
    const onepass_action *match = &actions[table[node + match_column]];
    if ((position != start || !empty_refused) &&
        assertions_hold(r, match->assertions, position)) {
      if (!continuation_outranks(r, actions, word, position)) {
        onepass_store_slots(slot_lists, match, current, position);
        *slots = current;
        return 1;
      }
      if (!onepass_surely_matches_after(automaton, word)) {
        memcpy(best, current, automaton->slot_count * sizeof *current);
        onepass_store_slots(slot_lists, match, best, position);
        kept = 1;
      }
    }
    goto take;
  }
  *stopped = position;
  *slots = best;
  return kept ? 1 : JRX_NOMATCH;
}

/* Whether an empty match from start is refused (attempt's empty_refused). */
static inline int empty_refused(uint32_t options, size_t start, size_t start_offset) {
  return (options & JRX_NOTEMPTY) != 0 ||
         ((options & JRX_NOTEMPTY_ATSTART) != 0 && start == start_offset);
}

/* Whether start is inside a UTF-8 character, where no search starts. */
static inline int inside_character(int utf, const unsigned char *subject, size_t length,
                                   size_t start) {
  return utf && start < length && (subject[start] & 0xc0u) == 0x80u;
}

int onepass_search(const onepass *automaton, onepass_scratch *scratch,
                   const unsigned char *subject, size_t length, size_t start, size_t start_offset,
                   uint32_t options, const size_t **slots, size_t *stopped) {
  *stopped = start;
  if (inside_character(automaton->program->utf, subject, length, start)) {
    return JRX_NOMATCH;
  }
  nfa_assertion_input assertions =
      run_assertions(automaton, subject, length, start_offset, options);
  run r = make_run(automaton, subject, length, &assertions);
  onepass_prepare_slots(automaton, scratch->current, automaton->slot_count);
  return attempt(&r, start, scratch->current, scratch->best,
                 empty_refused(options, start, start_offset), slots, stopped);
}

/* onepass_scan's loop on r (its assertions' start offset start_offset),
 * each attempt's slots in current (the scratch's, or a match's place in
 * an iteration's matches ahead), made ready by onepass_prepare_slots.
 * Inlined into both callers: a call passing r cost some 20 x86-64
 * instructions a match. */
static inline __attribute__((always_inline)) int scan_attempts(
    run r, onepass_scratch *scratch, const capture_starts *starts, uint32_t start_loop,
    size_t start_offset, uint32_t options, size_t *failed, size_t *current,
    const size_t **slots) {
  const onepass *automaton = r.automaton;
  const unsigned char *subject = r.subject;
  size_t length = r.length;
  int utf = automaton->program->utf;
  size_t *best = scratch->best;
  for (size_t start = start_offset;;) {
    start = capture_starts_next(starts, subject, length, start);
    if (start == SIZE_MAX) {
      return JRX_NOMATCH;
    }
    size_t stopped = start;
    if (!inside_character(utf, subject, length, start)) {
      onepass_prepare_slots(automaton, current, automaton->slot_count);
      if (attempt(&r, start, current, best, empty_refused(options, start, start_offset), slots,
                  &stopped) == 1) {
        return 1;
      }
    }
    if (capture_attempt_spends_budget(failed, start, stopped, start_offset)) {
      return ONEPASS_SCAN_SPENT;
    }
    start = onepass_start_run_end(automaton, start_loop, subject, length, start) + 1;
  }
}

int onepass_scan(const onepass *automaton, onepass_scratch *scratch,
                 const capture_starts *starts, uint32_t start_loop,
                 const unsigned char *subject, size_t length, size_t start_offset,
                 uint32_t options, size_t *failed, const size_t **slots) {
  nfa_assertion_input assertions =
      run_assertions(automaton, subject, length, start_offset, options);
  return scan_attempts(make_run(automaton, subject, length, &assertions), scratch, starts,
                       start_loop, start_offset, options, failed, scratch->current, slots);
}

int onepass_scan_ahead(const onepass *automaton, onepass_scratch *scratch,
                       const capture_starts *starts, uint32_t start_loop,
                       const unsigned char *subject, size_t length, uint32_t options,
                       size_t *ahead, uint32_t capacity, uint32_t *count) {
  nfa_assertion_input assertions = run_assertions(automaton, subject, length, 0, options);
  run r = make_run(automaton, subject, length, &assertions);
  uint32_t slot_count = scratch->slot_count;
  uint32_t found = *count;
  int status = 1;
  while (found < capacity) {
    size_t from = ahead[(found - 1) * slot_count + 1];
    if (inside_character(automaton->program->utf, subject, length, from)) {
      break;
    }
    assertions.start_offset = from;
    size_t failed = 0;
    size_t *current = &ahead[found * slot_count];
    const size_t *slots;
    status = scan_attempts(r, scratch, starts, start_loop, from, options, &failed, current,
                           &slots);
    if (status != 1) {
      break;
    }
    if (slots != current) { /* a match kept before the attempt went on */
      memcpy(current, slots, slot_count * sizeof *current);
    }
    found++;
  }
  *count = found;
  return status;
}
