/* nfa_analyze: prefilter facts, match lengths and matcher sizes of a
 * finished program.
 * Conservative (assertions are assumed to hold) and linear: every walk
 * visits an instruction at most once. */
#include "jrx.h"
#include "memory.h"
#include "nfa.h"
#include "nfa_builder.h"

typedef struct nfa_walk {
  const nfa_program *program;
  uint32_t *stamps;      /* instruction -> generation of its last visit */
  uint32_t generation;
  uint32_t *stack;
  uint32_t *frontier;    /* consuming and match instructions reached */
  uint32_t frontier_count;
} nfa_walk;

static int anchors_match(const nfa_instruction *instruction) {
  return instruction->opcode == NFA_ASSERT &&
         (instruction->assertion == AST_ASSERT_TEXT_START ||
          instruction->assertion == AST_ASSERT_CARET_START ||
          instruction->assertion == AST_ASSERT_MATCH_START);
}

/* Collects into walk->frontier the consuming and match instructions that
 * the seeds reach through epsilon edges, skipping instructions already
 * visited in the current generation. With stop_at_anchors the walk does not
 * pass assertions that pin a match to the start offset. */
static void walk_closure(nfa_walk *walk, const uint32_t *seeds, uint32_t seed_count,
                         int stop_at_anchors) {
  const nfa_instruction *instructions = walk->program->instructions;
  uint32_t depth = 0;
  walk->frontier_count = 0;
  for (uint32_t i = seed_count; i > 0; i--) {
    if (walk->stamps[seeds[i - 1]] != walk->generation) {
      walk->stamps[seeds[i - 1]] = walk->generation;
      walk->stack[depth++] = seeds[i - 1];
    }
  }
  while (depth > 0) {
    uint32_t index = walk->stack[--depth];
    const nfa_instruction *instruction = &instructions[index];
    uint32_t successors[2];
    uint32_t successor_count = 0;
    switch ((nfa_opcode)instruction->opcode) {
      case NFA_BYTE_RANGE:
      case NFA_MATCH:
        walk->frontier[walk->frontier_count++] = index;
        break;
      case NFA_SPLIT:
        successors[successor_count++] = instruction->alternative;
        successors[successor_count++] = instruction->next;
        break;
      case NFA_ASSERT:
        if (!(stop_at_anchors && anchors_match(instruction))) {
          successors[successor_count++] = instruction->next;
        }
        break;
      case NFA_SAVE:
        successors[successor_count++] = instruction->next;
        break;
      case NFA_FAIL:
        break;
    }
    for (uint32_t i = 0; i < successor_count; i++) {
      if (walk->stamps[successors[i]] != walk->generation) {
        walk->stamps[successors[i]] = walk->generation;
        walk->stack[depth++] = successors[i];
      }
    }
  }
}

static int frontier_has_match(const nfa_walk *walk) {
  for (uint32_t i = 0; i < walk->frontier_count; i++) {
    if (walk->program->instructions[walk->frontier[i]].opcode == NFA_MATCH) {
      return 1;
    }
  }
  return 0;
}

/* Replaces seeds with the successors of the frontier's byte ranges and
 * returns how many there are. */
static uint32_t advance_frontier(const nfa_walk *walk, uint32_t *seeds) {
  uint32_t count = 0;
  for (uint32_t i = 0; i < walk->frontier_count; i++) {
    const nfa_instruction *instruction = &walk->program->instructions[walk->frontier[i]];
    if (instruction->opcode == NFA_BYTE_RANGE) {
      seeds[count++] = instruction->next;
    }
  }
  return count;
}

/* Adds to set (a 256-bit map) every byte the frontier's ranges accept. */
static void add_frontier_bytes(const nfa_walk *walk, uint64_t set[4]) {
  for (uint32_t i = 0; i < walk->frontier_count; i++) {
    const nfa_instruction *instruction = &walk->program->instructions[walk->frontier[i]];
    if (instruction->opcode == NFA_BYTE_RANGE) {
      for (unsigned byte = instruction->low; byte <= instruction->high; byte++) {
        set[byte >> 6] |= (uint64_t)1 << (byte & 63u);
      }
    }
  }
}

static void find_first_bytes(nfa_walk *walk, nfa_program *program) {
  walk->generation++;
  walk_closure(walk, &program->start, 1, 0);
  program->can_match_empty = frontier_has_match(walk);
  add_frontier_bytes(walk, program->first_bytes);
  walk->generation++;
  walk_closure(walk, &program->start, 1, 1);
  program->anchored = walk->frontier_count == 0;
}

/* The byte every frontier instruction requires, or -1 if they differ or
 * a match is possible here. */
static int common_frontier_byte(const nfa_walk *walk) {
  int common = -1;
  for (uint32_t i = 0; i < walk->frontier_count; i++) {
    const nfa_instruction *instruction = &walk->program->instructions[walk->frontier[i]];
    if (instruction->opcode != NFA_BYTE_RANGE || instruction->low != instruction->high ||
        (common >= 0 && common != instruction->low)) {
      return -1;
    }
    common = instruction->low;
  }
  return common;
}

/* Records one layer of walk_layers in program; returns whether the next
 * layer is wanted. */
typedef int (*nfa_layer_visitor)(const nfa_walk *walk, nfa_program *program);

/* Visits the layers of the program: layer d is what it reaches after
 * exactly d bytes (a fresh generation per layer, unlike find_min_length),
 * so its ranges are the bytes possible at offset d of a match. */
static void walk_layers(nfa_walk *walk, nfa_program *program, uint32_t *seeds,
                        nfa_layer_visitor visit) {
  uint32_t seed_count = 1;
  seeds[0] = program->start;
  for (;;) {
    walk->generation++;
    walk_closure(walk, seeds, seed_count, 0);
    if (!visit(walk, program)) {
      return;
    }
    seed_count = advance_frontier(walk, seeds);
  }
}

static int add_literal_prefix_byte(const nfa_walk *walk, nfa_program *program) {
  int byte = common_frontier_byte(walk);
  if (program->literal_prefix_length == NFA_MAX_LITERAL_PREFIX || byte < 0) {
    return 0;
  }
  program->literal_prefix[program->literal_prefix_length++] = (unsigned char)byte;
  return 1;
}

/* The sets end at the first layer that can match or has nothing left. */
static int add_prefix_byte_set(const nfa_walk *walk, nfa_program *program) {
  if (program->prefix_byte_set_count == NFA_MAX_PREFIX_BYTE_SETS || walk->frontier_count == 0 ||
      frontier_has_match(walk)) {
    return 0;
  }
  add_frontier_bytes(walk, program->prefix_byte_sets[program->prefix_byte_set_count++]);
  return 1;
}

/* Breadth-first by bytes consumed: layer d holds what is reachable after
 * exactly d bytes and was not reachable earlier. */
static void find_min_length(nfa_walk *walk, nfa_program *program, uint32_t *seeds) {
  uint32_t seed_count = 1;
  seeds[0] = program->start;
  walk->generation++;
  for (size_t length = 0; seed_count > 0; length++) {
    walk_closure(walk, seeds, seed_count, 0);
    if (frontier_has_match(walk)) {
      program->min_length = length;
      return;
    }
    seed_count = advance_frontier(walk, seeds);
  }
  program->min_length = SIZE_MAX;
}

/* The bytes every match consumes, or SIZE_MAX. Each instruction gets the
 * bytes consumed on the way to it; one reached twice with different
 * counts (which any reachable loop is) means lengths may differ, even if
 * that instruction cannot lead to a match: wrong only in the safe way. */
static size_t find_fixed_length(nfa_walk *walk, const nfa_program *program, uint32_t *consumed) {
  const uint32_t unvisited = UINT32_MAX;
  for (uint32_t i = 0; i < program->count; i++) {
    consumed[i] = unvisited;
  }
  size_t length = SIZE_MAX;
  uint32_t depth = 0;
  consumed[program->start] = 0;
  walk->stack[depth++] = program->start;
  while (depth > 0) {
    uint32_t index = walk->stack[--depth];
    const nfa_instruction *instruction = &program->instructions[index];
    uint32_t successors[2];
    uint32_t successor_count = 0;
    switch ((nfa_opcode)instruction->opcode) {
      case NFA_MATCH:
        if (length != SIZE_MAX && length != consumed[index]) {
          return SIZE_MAX;
        }
        length = consumed[index];
        break;
      case NFA_SPLIT:
        successors[successor_count++] = instruction->alternative;
        successors[successor_count++] = instruction->next;
        break;
      case NFA_BYTE_RANGE:
      case NFA_ASSERT:
      case NFA_SAVE:
        successors[successor_count++] = instruction->next;
        break;
      case NFA_FAIL:
        break;
    }
    uint32_t after = consumed[index] + (instruction->opcode == NFA_BYTE_RANGE);
    for (uint32_t i = 0; i < successor_count; i++) {
      if (consumed[successors[i]] == unvisited) {
        consumed[successors[i]] = after;
        walk->stack[depth++] = successors[i];
      } else if (consumed[successors[i]] != after) {
        return SIZE_MAX;
      }
    }
  }
  return length;
}

/* Most instructions for which starts_after_excluded is worked out: it
 * takes a closure per distinct first byte. */
#define MAX_EXCLUDED_ANALYSIS_INSTRUCTIONS 4096u

static void find_excluded_bytes(nfa_program *program) {
  uint64_t used[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    if (instruction->opcode == NFA_BYTE_RANGE) {
      for (unsigned byte = instruction->low; byte <= instruction->high; byte++) {
        used[byte >> 6] |= (uint64_t)1 << (byte & 63u);
      }
    }
  }
  for (unsigned i = 0; i < 4; i++) {
    program->excluded_bytes[i] = ~used[i];
  }
}

/* Whether the last walk reached every instruction of old_frontier (and so
 * has them all in its frontier). */
static int frontier_contains(const nfa_walk *walk, const uint32_t *old_frontier,
                             uint32_t old_count) {
  for (uint32_t i = 0; i < old_count; i++) {
    if (walk->stamps[old_frontier[i]] != walk->generation) {
      return 0;
    }
  }
  return 1;
}

/* starts_after_excluded (nfa.h): with no assertion anywhere, L contains
 * b.L for every byte b outside the excluded set when the threads after b
 * from the start include every thread of the start itself (more threads
 * accept more, and the closure is the same at every position). Only the
 * bytes where the start frontier's ranges begin or end need checking. */
static void find_starts_after_excluded(nfa_walk *walk, nfa_program *program, uint32_t *seeds,
                                       uint32_t *start_frontier) {
  for (uint32_t i = 0; i < program->count; i++) {
    if (program->instructions[i].opcode == NFA_ASSERT) {
      return;
    }
  }
  walk->generation++;
  walk_closure(walk, &program->start, 1, 0);
  uint32_t start_count = walk->frontier_count;
  for (uint32_t i = 0; i < start_count; i++) {
    start_frontier[i] = walk->frontier[i];
  }
  unsigned char boundary[257] = {0};
  boundary[0] = 1;
  for (uint32_t i = 0; i < start_count; i++) {
    const nfa_instruction *instruction = &program->instructions[start_frontier[i]];
    if (instruction->opcode == NFA_BYTE_RANGE) {
      boundary[instruction->low] = 1;
      boundary[instruction->high + 1u] = 1;
    }
  }
  for (unsigned low = 0; low < 256;) {
    unsigned high = low;
    while (high + 1 < 256 && !boundary[high + 1]) {
      high++;
    }
    unsigned byte = low;
    while (byte <= high && nfa_byte_set_has(program->excluded_bytes, byte)) {
      byte++;
    }
    if (byte <= high) {
      uint32_t count = 0;
      for (uint32_t i = 0; i < start_count; i++) {
        const nfa_instruction *instruction = &program->instructions[start_frontier[i]];
        if (instruction->opcode == NFA_BYTE_RANGE && byte >= instruction->low &&
            byte <= instruction->high) {
          seeds[count++] = instruction->next;
        }
      }
      walk->generation++;
      walk_closure(walk, seeds, count, 0);
      if (!frontier_contains(walk, start_frontier, start_count)) {
        return;
      }
    }
    low = high + 1;
  }
  program->starts_after_excluded = 1;
}

int nfa_analyze(nfa_program *program) {
  nfa_walk walk = {.program = program};
  const jrx_allocator *allocator = program->allocator;
  /* seeds, then room for a copy of a frontier (find_starts_after_excluded) */
  uint32_t *seeds = memory_allocate_array(allocator, 2 * (size_t)program->count, sizeof *seeds);
  walk.stamps = memory_allocate_zeroed_array(allocator, program->count, sizeof *walk.stamps);
  walk.stack = memory_allocate_array(allocator, program->count, sizeof *walk.stack);
  walk.frontier = memory_allocate_array(allocator, program->count, sizeof *walk.frontier);
  int status = 0;
  if (seeds == NULL || walk.stamps == NULL || walk.stack == NULL || walk.frontier == NULL) {
    status = JRX_ERROR_NOMEMORY;
  } else {
    program->thread_capacity = 0;
    for (uint32_t i = 0; i < program->count; i++) {
      uint8_t opcode = program->instructions[i].opcode;
      program->thread_capacity += opcode == NFA_BYTE_RANGE || opcode == NFA_MATCH;
    }
    find_first_bytes(&walk, program);
    walk_layers(&walk, program, seeds, add_literal_prefix_byte);
    walk_layers(&walk, program, seeds, add_prefix_byte_set);
    find_min_length(&walk, program, seeds);
    program->fixed_length = find_fixed_length(&walk, program, seeds); /* seeds as scratch */
    find_excluded_bytes(program);
    if (program->count <= MAX_EXCLUDED_ANALYSIS_INSTRUCTIONS) {
      find_starts_after_excluded(&walk, program, seeds, seeds + program->count);
    }
  }
  memory_free(allocator, walk.frontier);
  memory_free(allocator, walk.stack);
  memory_free(allocator, walk.stamps);
  memory_free(allocator, seeds);
  return status;
}
