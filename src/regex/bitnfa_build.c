/* bitnfa_build: Glushkov positions from a program. Every byte-range
 * instruction reachable from the start is a candidate position; the
 * "sources" of one are the places whose epsilon closure reaches it (the
 * start, or the successor of another byte range). Ranges with the same
 * successor and the same sources always hold the same threads, so they
 * are one position (the ranges of one class: [acgt] caseless is eight
 * instructions and one position). Positions are numbered in program
 * order, which makes most edges +1 (concatenation) or 0 (a loop). Work is
 * bounded by the instruction count times the sources, both capped. */
#include "bitnfa.h"

#include <string.h>

#include "memory.h"

#define NO_RANGE UINT32_MAX

typedef struct builder {
  const nfa_program *program;
  uint32_t *stack;
  uint8_t *visited;
  uint32_t *range_of;   /* instruction -> its index among the ranges, or NO_RANGE */
  uint32_t *ranges;     /* the reachable byte-range instructions, in program order */
  uint32_t range_count;
  uint32_t source_words; /* words of one source set: bit 0 the start, bit 1 + r range r */
  uint64_t *sources;     /* range_count sets */
  uint8_t *reaches_match; /* per source: the match is in its closure */
  uint32_t *position_of;  /* per range */
} builder;

/* Visits everything reachable from the start (every edge), refusing
 * assertions, and lists the byte ranges. */
static bitnfa_refusal collect_ranges(builder *build) {
  const nfa_program *program = build->program;
  uint32_t depth = 0;
  build->stack[depth++] = program->start;
  build->visited[program->start] = 1;
  while (depth > 0) {
    const nfa_instruction *instruction = &program->instructions[build->stack[--depth]];
    uint32_t successors[2];
    uint32_t count = 0;
    switch ((nfa_opcode)instruction->opcode) {
      case NFA_ASSERT:
        return BITNFA_HAS_ASSERTIONS;
      case NFA_SPLIT:
        successors[count++] = instruction->alternative;
        successors[count++] = instruction->next;
        break;
      case NFA_BYTE_RANGE:
      case NFA_SAVE:
        successors[count++] = instruction->next;
        break;
      case NFA_MATCH:
      case NFA_FAIL:
        break;
    }
    for (uint32_t i = 0; i < count; i++) {
      if (!build->visited[successors[i]]) {
        build->visited[successors[i]] = 1;
        build->stack[depth++] = successors[i];
      }
    }
  }
  for (uint32_t i = 0; i < program->count; i++) {
    build->range_of[i] = NO_RANGE;
    if (build->visited[i] && program->instructions[i].opcode == NFA_BYTE_RANGE) {
      build->range_of[i] = build->range_count;
      build->ranges[build->range_count++] = i;
    }
  }
  return BITNFA_BUILT;
}

/* Marks source in the source set of every range the epsilon closure of
 * pc reaches, and whether it reaches the match. */
static void add_closure(builder *build, uint32_t pc, uint32_t source) {
  const nfa_program *program = build->program;
  memset(build->visited, 0, program->count);
  uint32_t depth = 0;
  build->stack[depth++] = pc;
  build->visited[pc] = 1;
  while (depth > 0) {
    uint32_t index = build->stack[--depth];
    const nfa_instruction *instruction = &program->instructions[index];
    uint32_t successors[2];
    uint32_t count = 0;
    if (instruction->opcode == NFA_BYTE_RANGE) {
      uint64_t *set = &build->sources[(size_t)build->range_of[index] * build->source_words];
      set[source / 64] |= (uint64_t)1 << (source % 64);
    } else if (instruction->opcode == NFA_MATCH) {
      build->reaches_match[source] = 1;
    } else if (instruction->opcode == NFA_SPLIT) {
      successors[count++] = instruction->alternative;
      successors[count++] = instruction->next;
    } else if (instruction->opcode == NFA_SAVE) {
      successors[count++] = instruction->next;
    }
    for (uint32_t i = 0; i < count; i++) {
      if (!build->visited[successors[i]]) {
        build->visited[successors[i]] = 1;
        build->stack[depth++] = successors[i];
      }
    }
  }
}

static int same_position(const builder *build, uint32_t a, uint32_t b) {
  const nfa_instruction *instructions = build->program->instructions;
  size_t words = build->source_words;
  return instructions[build->ranges[a]].next == instructions[build->ranges[b]].next &&
         memcmp(&build->sources[a * words], &build->sources[b * words],
                words * sizeof(uint64_t)) == 0;
}

/* Numbers the positions; representatives[p] is the first range of p. */
static bitnfa_refusal assign_positions(builder *build, uint32_t *representatives,
                                       uint32_t *position_count) {
  uint32_t count = 0;
  for (uint32_t r = 0; r < build->range_count; r++) {
    uint32_t p = 0;
    while (p < count && !same_position(build, representatives[p], r)) {
      p++;
    }
    if (p == count) {
      if (count == BITNFA_MAX_POSITIONS) {
        return BITNFA_TOO_MANY_POSITIONS;
      }
      representatives[count++] = r;
    }
    build->position_of[r] = p;
  }
  *position_count = count;
  return BITNFA_BUILT;
}

static int source_has(const builder *build, uint32_t range, uint32_t source) {
  const uint64_t *set = &build->sources[(size_t)range * build->source_words];
  return (int)((set[source / 64] >> (source % 64)) & 1u);
}

/* The edges: position p moves to q when p's successor's closure reaches
 * a range of q; grouped by distance into shifts. */
static bitnfa_refusal add_edges(const builder *build, bitnfa *automaton,
                                const uint32_t *representatives) {
  uint32_t count = automaton->position_count;
  for (uint32_t q_range = 0; q_range < build->range_count; q_range++) {
    uint32_t q = build->position_of[q_range];
    for (uint32_t p = 0; p < count; p++) {
      if (!source_has(build, q_range, 1 + representatives[p])) {
        continue;
      }
      int32_t amount = (int32_t)q - (int32_t)p;
      uint32_t s = 0;
      while (s < automaton->shift_count && automaton->shifts[s].amount != amount) {
        s++;
      }
      if (s == automaton->shift_count) {
        if (s == BITNFA_MAX_SHIFTS) {
          return BITNFA_TOO_MANY_SHIFTS;
        }
        automaton->shifts[automaton->shift_count++] = (bitnfa_shift){.amount = amount};
      }
      automaton->shifts[s].mask |= (uint64_t)1 << p;
    }
  }
  for (uint32_t s = 0; s < automaton->shift_count; s++) {
    bitnfa_shift *shift = &automaton->shifts[s];
    for (uint32_t p = 0; p < count; p++) {
      int64_t target = (int64_t)p + shift->amount;
      if ((shift->mask >> p & 1u) == 0 && target >= 0 && target < (int64_t)count) {
        shift->masked = 1;
      }
    }
  }
  return BITNFA_BUILT;
}

static void fill_sets(const builder *build, bitnfa *automaton, const uint32_t *representatives) {
  const nfa_instruction *instructions = build->program->instructions;
  for (uint32_t r = 0; r < build->range_count; r++) {
    uint64_t bit = (uint64_t)1 << build->position_of[r];
    const nfa_instruction *range = &instructions[build->ranges[r]];
    for (unsigned byte = range->low; byte <= range->high; byte++) {
      automaton->reach[byte] |= bit;
    }
    if (source_has(build, r, 0)) {
      automaton->first |= bit;
    }
  }
  for (uint32_t p = 0; p < automaton->position_count; p++) {
    if (build->reaches_match[1 + representatives[p]]) {
      automaton->final |= (uint64_t)1 << p;
    }
  }
}

/* In UTF mode a match starts only where a character does: no first
 * position may accept a continuation byte. */
static int starts_on_characters(const bitnfa *automaton) {
  for (unsigned byte = 0x80; byte <= 0xbf; byte++) {
    if ((automaton->reach[byte] & automaton->first) != 0) {
      return 0;
    }
  }
  return 1;
}

static bitnfa_refusal build_into(builder *build, bitnfa *automaton) {
  bitnfa_refusal refusal = collect_ranges(build);
  if (refusal != BITNFA_BUILT) {
    return refusal;
  }
  add_closure(build, build->program->start, 0);
  for (uint32_t r = 0; r < build->range_count; r++) {
    add_closure(build, build->program->instructions[build->ranges[r]].next, 1 + r);
  }
  uint32_t representatives[BITNFA_MAX_POSITIONS];
  refusal = assign_positions(build, representatives, &automaton->position_count);
  if (refusal == BITNFA_BUILT) {
    refusal = add_edges(build, automaton, representatives);
  }
  if (refusal == BITNFA_BUILT) {
    fill_sets(build, automaton, representatives);
    if (build->program->utf && !starts_on_characters(automaton)) {
      refusal = BITNFA_STARTS_INSIDE_CHARACTERS;
    }
  }
  return refusal;
}

/* The builder's arrays, carved out of one allocation (the 64-bit source
 * sets first, so that every array is aligned). Returns the block or NULL. */
static void *builder_allocate(builder *build, const jrx_allocator *allocator, size_t count) {
  build->source_words = (uint32_t)((count + 1 + 63) / 64);
  size_t words = count * build->source_words;
  /* stack and position_of: count + 1 each; range_of and ranges: count */
  size_t size = words * sizeof(uint64_t) + (2 * (count + 1) + 2 * count) * sizeof(uint32_t) +
                (count + 1) + count;
  unsigned char *block = memory_allocate_zeroed_array(allocator, size, 1);
  if (block == NULL) {
    return NULL;
  }
  build->sources = (uint64_t *)(void *)block;
  uint32_t *numbers = (uint32_t *)(void *)(block + words * sizeof(uint64_t));
  build->stack = numbers;
  numbers += count + 1;
  build->range_of = numbers;
  numbers += count;
  build->ranges = numbers;
  numbers += count;
  build->position_of = numbers;
  numbers += count + 1;
  build->reaches_match = (uint8_t *)numbers;
  build->visited = build->reaches_match + count + 1;
  return block;
}

int bitnfa_build(const nfa_program *program, bitnfa **result, bitnfa_refusal *refusal) {
  *result = NULL;
  if (program->fixed_length == SIZE_MAX || program->fixed_length == 0) {
    *refusal = BITNFA_LENGTHS_DIFFER;
    return 0;
  }
  if (program->count > BITNFA_MAX_INSTRUCTIONS) {
    *refusal = BITNFA_TOO_LARGE;
    return 0;
  }
  const jrx_allocator *allocator = program->allocator;
  builder build = {.program = program};
  void *block = builder_allocate(&build, allocator, program->count);
  bitnfa *automaton =
      block != NULL ? memory_allocate_zeroed_array(allocator, 1, sizeof *automaton) : NULL;
  if (automaton == NULL) {
    memory_free(allocator, block);
    return JRX_ERROR_NOMEMORY;
  }
  automaton->allocator = allocator;
  automaton->match_length = program->fixed_length;
  *refusal = build_into(&build, automaton);
  memory_free(allocator, block);
  if (*refusal != BITNFA_BUILT) {
    memory_free(allocator, automaton);
    return 0;
  }
  *result = automaton;
  return 0;
}

void bitnfa_destroy(bitnfa *automaton) {
  if (automaton != NULL) {
    memory_free(automaton->allocator, automaton);
  }
}

const char *bitnfa_refusal_text(bitnfa_refusal refusal) {
  switch (refusal) {
    case BITNFA_BUILT:
      return "built";
    case BITNFA_LENGTHS_DIFFER:
      return "none: matches may differ in length";
    case BITNFA_HAS_ASSERTIONS:
      return "none: the pattern has assertions";
    case BITNFA_TOO_LARGE:
      return "none: the program is too large";
    case BITNFA_TOO_MANY_POSITIONS:
      return "none: more than 64 positions";
    case BITNFA_TOO_MANY_SHIFTS:
      return "none: its edges span too many distances";
    case BITNFA_STARTS_INSIDE_CHARACTERS:
      return "none: a match could start inside a UTF-8 character";
  }
  return "none";
}
