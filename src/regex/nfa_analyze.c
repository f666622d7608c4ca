/* nfa_analyze: prefilter facts, match lengths and matcher sizes of a
 * finished program.
 * Conservative (assertions are assumed to hold) and linear: every walk
 * visits an instruction at most once. The walks that would cross a whole
 * stored region (nfa.h) take its automaton's facts at its entry instead,
 * with the same answer; the ones that stop at the bytes a thread reads
 * next (closures, layers) see only its first instructions, or take its
 * lead ranges from the automaton without walking the splits to them. */
#include <string.h>

#include "byte_frequency.h"
#include "jrx.h"
#include "lookaround.h"
#include "memory.h"
#include "nfa.h"
#include "nfa_builder.h"
#include "unicode_automata.h"

typedef struct nfa_walk {
  const nfa_program *program;
  /* Instruction -> generation of its last visit. A byte, as zeroing
   * them is the walks' whole cost for a big class (\p{L}: they read its
   * first instructions only); next_generation zeroes them again when the
   * generation wraps, which the bounded number of generations of
   * nfa_analyze (a few hundred) and nfa_find_required_bytes (a program
   * of MAX_EXCLUDED_ANALYSIS_INSTRUCTIONS at most) makes rare. */
  uint8_t *stamps;
  uint8_t generation;
  uint32_t *stack;
  uint32_t *frontier;    /* consuming and match instructions reached */
  uint32_t frontier_count;
  int reached_anchor; /* the last closure reached an assertion anchors_match holds for */
  /* Walks by layers (walk_layers, find_min_length) stop at a stored
   * region's entry: the frontier then holds, for region r, bit d of
   * region_depths[r] for the byte ranges a path reaches after exactly d
   * bytes from the entry, in place of those instructions; the next
   * layer's closure starts with next_region_depths. Other walks go
   * through regions (their masks stay 0). */
  int by_layers;
  uint8_t region_depths[NFA_MAX_STORED_REGIONS];
  uint8_t next_region_depths[NFA_MAX_STORED_REGIONS];
} nfa_walk;

/* Starts a generation: nothing is visited in it yet. */
static void next_generation(nfa_walk *walk) {
  if (++walk->generation == 0) {
    memset(walk->stamps, 0, walk->program->count * sizeof *walk->stamps);
    walk->generation = 1;
  }
}

static int anchors_match(const nfa_instruction *instruction) {
  return instruction->opcode == NFA_ASSERT &&
         (instruction->assertion == AST_ASSERT_TEXT_START ||
          instruction->assertion == AST_ASSERT_CARET_START ||
          instruction->assertion == AST_ASSERT_MATCH_START);
}

/* Adds to the frontier the lead ranges of a region (those its entry
 * reaches by splits alone) not visited yet, stamping them: what walking
 * the splits from its entry would add. Returns the new count. */
static uint32_t add_region_leads(const nfa_stored_region *region, uint8_t *stamps,
                                 uint8_t generation, uint32_t *frontier,
                                 uint32_t frontier_count) {
  const uint16_t *leads = &unicode_automaton_leads[region->automaton->lead_start];
  for (uint32_t i = 0; i < region->automaton->lead_count; i++) {
    uint32_t index = region->first + leads[i];
    if (stamps[index] != generation) {
      stamps[index] = generation;
      frontier[frontier_count++] = index;
    }
  }
  return frontier_count;
}

/* Collects into walk->frontier the consuming and match instructions that
 * the seeds reach through epsilon edges, skipping instructions already
 * visited in the current generation. With stop_at_anchors the walk does not
 * pass assertions that pin a match to the start offset. A region's entry
 * (a split) gives its lead ranges at once; its other splits, which only
 * the region's own ranges lead to, are walked. */
static void walk_closure(nfa_walk *walk, const uint32_t *seeds, uint32_t seed_count,
                         int stop_at_anchors) {
  const nfa_instruction *instructions = walk->program->instructions;
  /* In locals: a store to a byte stamp may alias any of walk's fields. */
  uint8_t *stamps = walk->stamps;
  uint8_t generation = walk->generation;
  uint32_t *stack = walk->stack;
  uint32_t *frontier = walk->frontier;
  uint32_t frontier_count = 0;
  uint32_t depth = 0;
  int reached_anchor = 0;
  for (uint32_t r = 0; r < NFA_MAX_STORED_REGIONS; r++) {
    walk->region_depths[r] = walk->by_layers ? walk->next_region_depths[r] : 0;
  }
  for (uint32_t i = seed_count; i > 0; i--) {
    if (stamps[seeds[i - 1]] != generation) {
      stamps[seeds[i - 1]] = generation;
      stack[depth++] = seeds[i - 1];
    }
  }
  while (depth > 0) {
    uint32_t index = stack[--depth];
    const nfa_instruction *instruction = &instructions[index];
    uint32_t successors[2];
    uint32_t successor_count = 0;
    const nfa_stored_region *region = nfa_stored_region_entered(walk->program, index);
    if (region != NULL && walk->by_layers) {
      walk->region_depths[region - walk->program->stored_regions] |= 1u;
      continue;
    }
    if (region != NULL && instruction->opcode == NFA_SPLIT) {
      frontier_count = add_region_leads(region, stamps, generation, frontier, frontier_count);
      continue;
    }
    switch ((nfa_opcode)instruction->opcode) {
      case NFA_BYTE_RANGE:
      case NFA_MATCH:
        frontier[frontier_count++] = index;
        break;
      case NFA_SPLIT:
        successors[successor_count++] = instruction->alternative;
        successors[successor_count++] = instruction->next;
        break;
      case NFA_ASSERT:
        reached_anchor |= anchors_match(instruction);
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
      if (stamps[successors[i]] != generation) {
        stamps[successors[i]] = generation;
        stack[depth++] = successors[i];
      }
    }
  }
  walk->frontier_count = frontier_count;
  walk->reached_anchor = reached_anchor;
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
 * returns how many there are; a region's ranges at depth d lead to its
 * ranges at depth d + 1, and to its exit where a path ends after d + 1
 * bytes. */
static uint32_t advance_frontier(nfa_walk *walk, uint32_t *seeds) {
  uint32_t count = 0;
  for (uint32_t i = 0; i < walk->frontier_count; i++) {
    const nfa_instruction *instruction = &walk->program->instructions[walk->frontier[i]];
    if (instruction->opcode == NFA_BYTE_RANGE) {
      seeds[count++] = instruction->next;
    }
  }
  for (uint32_t r = 0; r < walk->program->stored_region_count; r++) {
    const nfa_stored_region *region = &walk->program->stored_regions[r];
    unsigned after = (unsigned)walk->region_depths[r] << 1;
    if ((after & region->automaton->ends) != 0) {
      seeds[count++] = region->exit;
    }
    walk->next_region_depths[r] = (uint8_t)(after & ((1u << region->automaton->max_length) - 1));
  }
  return count;
}

/* Adds to set (a 256-bit map) every byte the frontier's regions accept;
 * returns whether it holds any region. */
static int add_region_bytes(const nfa_walk *walk, uint64_t set[4]) {
  int regions = 0;
  for (uint32_t r = 0; r < walk->program->stored_region_count; r++) {
    regions |= walk->region_depths[r] != 0;
    const unicode_automaton *automaton = walk->program->stored_regions[r].automaton;
    for (unsigned depth = 0; depth < 4; depth++) {
      for (unsigned word = 0; (walk->region_depths[r] >> depth & 1u) != 0 && word < 4; word++) {
        set[word] |= automaton->bytes_at[depth][word];
      }
    }
  }
  return regions;
}

/* Adds to set (a 256-bit map) every byte the frontier's ranges accept. */
static void add_frontier_bytes(const nfa_walk *walk, uint64_t set[4]) {
  for (uint32_t i = 0; i < walk->frontier_count; i++) {
    const nfa_instruction *instruction = &walk->program->instructions[walk->frontier[i]];
    if (instruction->opcode == NFA_BYTE_RANGE) {
      nfa_byte_set_add_range(set, instruction->low, instruction->high);
    }
  }
  add_region_bytes(walk, set);
}

/* Whether the frontier holds nothing, no instruction and no region. */
static int frontier_empty(const nfa_walk *walk) {
  uint64_t unused[4] = {0, 0, 0, 0};
  return walk->frontier_count == 0 && !add_region_bytes(walk, unused);
}

/* Whether the next layer starts in some region. */
static int regions_ahead(const nfa_walk *walk) {
  for (uint32_t r = 0; r < walk->program->stored_region_count; r++) {
    if (walk->next_region_depths[r] != 0) {
      return 1;
    }
  }
  return 0;
}

static void find_first_bytes(nfa_walk *walk, nfa_program *program) {
  next_generation(walk);
  walk_closure(walk, &program->start, 1, 0);
  program->can_match_empty = frontier_has_match(walk);
  add_frontier_bytes(walk, program->first_bytes);
  if (walk->reached_anchor) { /* else stopping at anchors changes nothing */
    next_generation(walk);
    walk_closure(walk, &program->start, 1, 1);
  }
  program->anchored = walk->frontier_count == 0;
}

/* The byte every frontier instruction requires, or -1 if they differ or
 * a match is possible here. A region's ranges all require one byte when
 * they hold one byte together. */
static int common_frontier_byte(const nfa_walk *walk) {
  int common = -1;
  uint64_t region_bytes[4] = {0, 0, 0, 0};
  if (add_region_bytes(walk, region_bytes)) {
    unsigned count = 0;
    for (unsigned word = 0; word < 4; word++) {
      count += (unsigned)__builtin_popcountll(region_bytes[word]);
      common = region_bytes[word] != 0 ? (int)(word * 64u) + __builtin_ctzll(region_bytes[word])
                                       : common;
    }
    if (count != 1) {
      return -1;
    }
  }
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
  memset(walk->next_region_depths, 0, sizeof walk->next_region_depths);
  walk->by_layers = 1;
  for (;;) {
    next_generation(walk);
    walk_closure(walk, seeds, seed_count, 0);
    if (!visit(walk, program)) {
      break;
    }
    seed_count = advance_frontier(walk, seeds);
  }
  walk->by_layers = 0;
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
  if (program->prefix_byte_set_count == NFA_MAX_PREFIX_BYTE_SETS || frontier_empty(walk) ||
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
  next_generation(walk);
  memset(walk->next_region_depths, 0, sizeof walk->next_region_depths);
  walk->by_layers = 1;
  program->min_length = SIZE_MAX;
  for (size_t length = 0; seed_count > 0 || regions_ahead(walk); length++) {
    walk_closure(walk, seeds, seed_count, 0);
    if (frontier_has_match(walk)) {
      program->min_length = length;
      break;
    }
    seed_count = advance_frontier(walk, seeds);
  }
  walk->by_layers = 0;
}

/* The bytes every match consumes, or SIZE_MAX. Each instruction gets the
 * bytes consumed on the way to it; one reached twice with different
 * counts (which any reachable loop is) means lengths may differ, even if
 * that instruction cannot lead to a match: wrong only in the safe way. */
static size_t find_fixed_length(nfa_walk *walk, const nfa_program *program, uint32_t *consumed) {
  const uint32_t unvisited = UINT32_MAX;
  uint32_t next_region = 0;
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_stored_region *region = nfa_stored_region_from(program, i, &next_region);
    if (region != NULL) {
      consumed[region->entry] = unvisited; /* the walk sees no other of its instructions */
      i += region->automaton->count - 1;
      continue;
    }
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
    uint32_t successor_count = nfa_successors(instruction, successors);
    if (instruction->opcode == NFA_MATCH) {
      if (length != SIZE_MAX && length != consumed[index]) {
        return SIZE_MAX;
      }
      length = consumed[index];
    }
    uint32_t after = consumed[index] + (instruction->opcode == NFA_BYTE_RANGE);
    const nfa_stored_region *region = nfa_stored_region_entered(program, index);
    if (region != NULL) {
      /* Its paths reach exit having consumed min to max bytes. */
      if (region->automaton->min_length != region->automaton->max_length) {
        return SIZE_MAX;
      }
      after = consumed[index] + region->automaton->min_length;
      successors[0] = region->exit;
      successor_count = 1;
    }
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

static int has_assertion(const nfa_program *program) {
  uint32_t next_region = 0;
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_stored_region *region = nfa_stored_region_from(program, i, &next_region);
    if (region != NULL) {
      i += region->automaton->count - 1; /* splits and byte ranges only */
      continue;
    }
    if (program->instructions[i].opcode == NFA_ASSERT) {
      return 1;
    }
  }
  return 0;
}

/* The distinct byte sets of a sequence so far. */
typedef struct sequence_sets {
  uint64_t sets[NFA_MAX_SEQUENCE_SETS][4];
  uint32_t count;
} sequence_sets;

/* The bit of the frontier's byte set among the distinct sets, added if
 * new; 0 when the sets would be too many. */
static uint8_t sequence_set_bit(const nfa_walk *walk, sequence_sets *distinct) {
  uint64_t set[4] = {0, 0, 0, 0};
  add_frontier_bytes(walk, set);
  uint32_t k = 0;
  while (k < distinct->count && memcmp(distinct->sets[k], set, sizeof set) != 0) {
    k++;
  }
  if (k == NFA_MAX_SEQUENCE_SETS) {
    return 0;
  }
  if (k == distinct->count) {
    memcpy(distinct->sets[distinct->count++], set, sizeof set);
  }
  return (uint8_t)(1u << k);
}

/* Whether set (not empty) is the one range of bytes
 * [*low, *low + *width]. */
static bool set_is_range(const uint64_t set[4], uint8_t *low, uint8_t *width) {
  unsigned first = 256, last = 0, count = 0;
  for (unsigned word = 0; word < 4; word++) {
    if (set[word] != 0) {
      first = first == 256 ? word * 64u + (unsigned)__builtin_ctzll(set[word]) : first;
      last = word * 64u + 63u - (unsigned)__builtin_clzll(set[word]);
      count += (unsigned)__builtin_popcountll(set[word]);
    }
  }
  *low = (uint8_t)first;
  *width = (uint8_t)(last - first);
  return count > 0 && count == last - first + 1;
}

/* sequence_lanes (nfa.h) of a sequence whose distinct sets are
 * distinct. */
static void find_sequence_lanes(nfa_program *program, const sequence_sets *distinct) {
  uint32_t length = program->sequence_length;
  if (length < 8 || length > NFA_MAX_SEQUENCE_LANES) {
    return;
  }
  uint8_t low[NFA_MAX_SEQUENCE_SETS], width[NFA_MAX_SEQUENCE_SETS];
  for (uint32_t k = 0; k < distinct->count; k++) {
    if (!set_is_range(distinct->sets[k], &low[k], &width[k])) {
      return;
    }
  }
  uint32_t half = length <= 16 ? 8 : 16;
  for (uint32_t lane = 0; lane < 2 * half; lane++) {
    uint32_t offset = lane < half ? lane : length - 2 * half + lane;
    uint32_t k = (uint32_t)__builtin_ctz(program->sequence_masks[offset]);
    program->sequence_lane_low[lane] = low[k];
    program->sequence_lane_width[lane] = width[k];
  }
  program->sequence_lanes = 2 * half;
}

/* sequence_length (nfa.h): each layer before fixed_length holds byte
 * ranges alone, all leading to one successor (so the next layer is all
 * that follows any byte of the layer), and the layer at fixed_length
 * holds matches alone. */
static void find_sequence(nfa_walk *walk, nfa_program *program) {
  size_t length = program->fixed_length;
  if (length == 0 || length > NFA_MAX_SEQUENCE || has_assertion(program)) {
    return;
  }
  sequence_sets distinct = {.count = 0};
  uint8_t masks[NFA_MAX_SEQUENCE];
  uint32_t seed = program->start;
  for (size_t layer = 0; layer <= length; layer++) {
    next_generation(walk);
    walk_closure(walk, &seed, 1, 0);
    uint32_t successor = UINT32_MAX;
    uint8_t wanted = layer == length ? NFA_MATCH : NFA_BYTE_RANGE;
    for (uint32_t i = 0; i < walk->frontier_count; i++) {
      const nfa_instruction *instruction = &program->instructions[walk->frontier[i]];
      if (instruction->opcode != wanted ||
          (wanted == NFA_BYTE_RANGE && successor != UINT32_MAX &&
           instruction->next != successor)) {
        return;
      }
      successor = instruction->next;
    }
    if (successor == UINT32_MAX) {
      return; /* nothing left to read, or no match at the end */
    }
    if (layer < length && (masks[layer] = sequence_set_bit(walk, &distinct)) == 0) {
      return;
    }
    seed = successor;
  }
  const uint64_t *first = distinct.sets[0]; /* the set at offset 0 */
  for (unsigned byte = 0x80; program->utf && byte < 0xc0; byte++) {
    if (nfa_byte_set_has(first, byte)) {
      return;
    }
  }
  for (uint32_t k = 0; k < distinct.count; k++) {
    for (unsigned word = 0; word < 4; word++) {
      for (uint64_t bits = distinct.sets[k][word]; bits != 0; bits &= bits - 1) {
        program->sequence_membership[word * 64u + (unsigned)__builtin_ctzll(bits)] |=
            (uint8_t)(1u << k);
      }
    }
  }
  memcpy(program->sequence_masks, masks, length);
  program->sequence_length = (uint32_t)length;
  find_sequence_lanes(program, &distinct);
}

/* Required byte sets (nfa_program.required_bytes): a set is required
 * when no path from the start reaches a match without reading one of its
 * bytes, that is, when the match is unreachable once every byte range
 * inside the set is taken away (assertions assumed to hold). The
 * candidates are the narrow ranges of the program, with their ASCII case
 * partners (a caseless letter is two ranges), at most
 * MAX_REQUIRED_CANDIDATES distinct ones; the rarest MAX_REQUIRED_WALKS are
 * tried, each costing a walk. A set text has more of than
 * MAX_REQUIRED_FREQUENCY is not worth looking for. */
#define MAX_REQUIRED_CANDIDATES 32u
#define MAX_REQUIRED_WALKS 4u
#define MAX_REQUIRED_FREQUENCY (BYTE_FREQUENCY_SCALE / 40)

typedef struct required_candidate {
  uint64_t set[4];
  unsigned frequency;
} required_candidate;

static void add_byte(uint64_t set[4], unsigned byte) {
  set[byte >> 6] |= (uint64_t)1 << (byte & 63u);
}

/* The range's bytes into set, with their ASCII case partners if
 * with_partners; whether they are NFA_MAX_REQUIRED_BYTES at most. */
static int required_candidate_set(const nfa_instruction *instruction, int with_partners,
                                  uint64_t set[4]) {
  unsigned count = 0;
  for (unsigned byte = instruction->low; byte <= instruction->high; byte++) {
    unsigned folded = byte | 0x20u;
    unsigned partner = with_partners && folded >= 'a' && folded <= 'z' ? byte ^ 0x20u : byte;
    count += !nfa_byte_set_has(set, byte);
    add_byte(set, byte);
    count += !nfa_byte_set_has(set, partner);
    add_byte(set, partner);
    if (count > NFA_MAX_REQUIRED_BYTES) {
      return 0;
    }
  }
  return 1;
}

/* Adds candidate to candidates[0 .. *count), kept rarest first, unless
 * they hold its set already (looked for when check_duplicates) or are
 * full of rarer ones (the most common one makes room otherwise). */
static void add_required_candidate(required_candidate *candidates, uint32_t *count,
                                   required_candidate candidate, int check_duplicates) {
  for (uint32_t k = 0; check_duplicates && k < *count; k++) {
    if (memcmp(candidates[k].set, candidate.set, sizeof candidate.set) == 0) {
      return;
    }
  }
  for (unsigned word = 0; word < 4; word++) {
    for (uint64_t bits = candidate.set[word]; bits != 0; bits &= bits - 1) {
      candidate.frequency += byte_frequency[word * 64u + (unsigned)__builtin_ctzll(bits)];
    }
  }
  if (*count == MAX_REQUIRED_CANDIDATES) {
    if (candidates[*count - 1].frequency <= candidate.frequency) {
      return;
    }
    (*count)--;
  }
  uint32_t at = *count;
  while (at > 0 && candidates[at - 1].frequency > candidate.frequency) {
    candidates[at] = candidates[at - 1];
    at--;
  }
  candidates[at] = candidate;
  (*count)++;
}

static int range_inside(const nfa_instruction *instruction, const uint64_t set[4]) {
  if ((unsigned)(instruction->high - instruction->low) >= NFA_MAX_REQUIRED_BYTES) {
    return 0;
  }
  for (unsigned byte = instruction->low; byte <= instruction->high; byte++) {
    if (!nfa_byte_set_has(set, byte)) {
      return 0;
    }
  }
  return 1;
}

/* Starts a new generation of walk's depth-first walk with pc alone on
 * its stack, stamped; returns the stack's depth. */
static uint32_t walk_from(nfa_walk *walk, uint32_t pc) {
  next_generation(walk);
  walk->stamps[pc] = walk->generation;
  walk->stack[0] = pc;
  return 1;
}

/* Whether a match is reachable from the start without a byte range
 * inside set. */
static int match_reachable_without(nfa_walk *walk, const nfa_program *program,
                                   const uint64_t set[4]) {
  uint32_t depth = walk_from(walk, program->start);
  while (depth > 0) {
    const nfa_instruction *instruction = &program->instructions[walk->stack[--depth]];
    if (instruction->opcode == NFA_MATCH) {
      return 1;
    }
    uint32_t successors[2];
    uint32_t successor_count =
        instruction->opcode == NFA_BYTE_RANGE && range_inside(instruction, set)
            ? 0
            : nfa_successors(instruction, successors);
    for (uint32_t i = 0; i < successor_count; i++) {
      if (walk->stamps[successors[i]] != walk->generation) {
        walk->stamps[successors[i]] = walk->generation;
        walk->stack[depth++] = successors[i];
      }
    }
  }
  return 0;
}

/* Pushes on walk's stack the successors of a split or save not visited
 * in this generation, stamping them; returns the new depth. */
static uint32_t push_unvisited_epsilon_successors(nfa_walk *walk,
                                                  const nfa_instruction *instruction,
                                                  uint32_t depth) {
  uint32_t successors[2];
  uint32_t successor_count = instruction->opcode == NFA_SPLIT || instruction->opcode == NFA_SAVE
                                 ? nfa_successors(instruction, successors)
                                 : 0;
  for (uint32_t i = 0; i < successor_count; i++) {
    if (walk->stamps[successors[i]] != walk->generation) {
      walk->stamps[successors[i]] = walk->generation;
      walk->stack[depth++] = successors[i];
    }
  }
  return depth;
}

/* Whether a match is reached from pc by splits and saves alone. */
static int matches_without_input(nfa_walk *walk, const nfa_program *program, uint32_t pc) {
  uint32_t depth = walk_from(walk, pc);
  while (depth > 0) {
    const nfa_instruction *instruction = &program->instructions[walk->stack[--depth]];
    if (instruction->opcode == NFA_MATCH) {
      return 1;
    }
    depth = push_unvisited_epsilon_successors(walk, instruction, depth);
  }
  return 0;
}

/* Whether more than NFA_MAX_REQUIRED_BYTES bytes are each a match alone:
 * a byte range the start reaches by splits and saves whose successor
 * matches the same way. A required set holds every such byte, so then
 * there is none; a big class (\p{L}, \w under UCP) is told so after a
 * walk of its first bytes rather than a walk of it all per candidate.
 * scratch is a second walk (its own stamps and stack) for the
 * successors'. */
static int many_single_byte_matches(nfa_walk *walk, nfa_walk *scratch,
                                    const nfa_program *program) {
  uint64_t alone[4] = {0, 0, 0, 0};
  unsigned alone_count = 0;
  uint32_t depth = walk_from(walk, program->start);
  while (depth > 0) {
    const nfa_instruction *instruction = &program->instructions[walk->stack[--depth]];
    if (instruction->opcode == NFA_BYTE_RANGE) {
      if (matches_without_input(scratch, program, instruction->next)) {
        for (unsigned byte = instruction->low; byte <= instruction->high; byte++) {
          alone_count += !nfa_byte_set_has(alone, byte);
          add_byte(alone, byte);
          if (alone_count > NFA_MAX_REQUIRED_BYTES) {
            return 1;
          }
        }
      }
      continue;
    }
    depth = push_unvisited_epsilon_successors(walk, instruction, depth);
  }
  return 0;
}

static void find_required_bytes(nfa_walk *walk, nfa_walk *scratch, nfa_program *program) {
  if (many_single_byte_matches(walk, scratch, program)) {
    return;
  }
  required_candidate candidates[MAX_REQUIRED_CANDIDATES];
  uint32_t count = 0;
  /* Ranges of one byte, the most common narrow ones, are weighed once per
   * byte however often the program has them; a letter whose other case
   * the program has too (caseless) only with it, once. */
  uint64_t single[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    if (instruction->opcode == NFA_BYTE_RANGE && instruction->low == instruction->high) {
      add_byte(single, instruction->low);
    }
  }
  for (unsigned word = 0; word < 4; word++) {
    for (uint64_t bits = single[word]; bits != 0; bits &= bits - 1) {
      unsigned byte = word * 64u + (unsigned)__builtin_ctzll(bits);
      unsigned folded = byte | 0x20u;
      int paired = folded >= 'a' && folded <= 'z' && nfa_byte_set_has(single, byte ^ 0x20u);
      if (paired && byte != folded) {
        continue; /* the pair comes with the lower case */
      }
      required_candidate candidate = {{0, 0, 0, 0}, 0};
      add_byte(candidate.set, byte);
      if (paired) {
        add_byte(candidate.set, byte ^ 0x20u);
      }
      add_required_candidate(candidates, &count, candidate, 0);
    }
  }
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    int narrow = instruction->opcode == NFA_BYTE_RANGE && instruction->low != instruction->high &&
                 (unsigned)(instruction->high - instruction->low) < NFA_MAX_REQUIRED_BYTES;
    for (int with_partners = 0; with_partners < 2 && narrow; with_partners++) {
      required_candidate candidate = {{0, 0, 0, 0}, 0};
      if (required_candidate_set(instruction, with_partners, candidate.set)) {
        add_required_candidate(candidates, &count, candidate, 1);
      }
    }
  }
  for (uint32_t i = 0; i < count && i < MAX_REQUIRED_WALKS &&
                      candidates[i].frequency <= MAX_REQUIRED_FREQUENCY;
       i++) {
    if (!match_reachable_without(walk, program, candidates[i].set)) {
      for (unsigned word = 0; word < 4; word++) {
        for (uint64_t bits = candidates[i].set[word]; bits != 0; bits &= bits - 1) {
          program->required_bytes[program->required_byte_count++] =
              (unsigned char)(word * 64u + (unsigned)__builtin_ctzll(bits));
        }
      }
      return;
    }
  }
}

/* Most instructions for which starts_after_excluded is worked out: it
 * takes a closure per distinct first byte. */
#define MAX_EXCLUDED_ANALYSIS_INSTRUCTIONS 4096u

/* The bytes of the byte ranges program->start reaches: not those of
 * lookaround bodies, which a match does not hold. */
static void find_excluded_bytes(nfa_walk *walk, nfa_program *program) {
  uint64_t used[4] = {0, 0, 0, 0};
  uint32_t depth = walk_from(walk, program->start);
  while (depth > 0) {
    uint32_t index = walk->stack[--depth];
    const nfa_instruction *instruction = &program->instructions[index];
    uint32_t targets[2];
    uint32_t count = 0;
    const nfa_stored_region *region = nfa_stored_region_entered(program, index);
    if (region != NULL) {
      /* Its entry reaches all its instructions, and they only exit. */
      for (unsigned word = 0; word < 4; word++) {
        used[word] |= region->automaton->bytes[word];
      }
      targets[count++] = region->exit;
    } else {
      switch ((nfa_opcode)instruction->opcode) {
        case NFA_BYTE_RANGE:
          nfa_byte_set_add_range(used, instruction->low, instruction->high);
          targets[count++] = instruction->next;
          break;
        case NFA_SPLIT:
          targets[count++] = instruction->alternative;
          targets[count++] = instruction->next;
          break;
        case NFA_SAVE:
        case NFA_ASSERT:
          targets[count++] = instruction->next;
          break;
        case NFA_MATCH:
        case NFA_FAIL:
          break;
      }
    }
    for (uint32_t i = 0; i < count; i++) {
      if (walk->stamps[targets[i]] != walk->generation) {
        walk->stamps[targets[i]] = walk->generation;
        walk->stack[depth++] = targets[i];
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

/* Whether the assertion at pc is a lookahead after which only other such
 * lookaheads and slots come before the match: it reads nothing but what
 * follows the match's end. */
static int is_trailing_lookahead(const nfa_program *program, uint32_t pc) {
  const nfa_instruction *instruction = &program->instructions[pc];
  while (instruction->opcode == NFA_SAVE ||
         (instruction->opcode == NFA_ASSERT &&
          instruction->assertion == AST_ASSERT_LOOKAROUND &&
          !program->lookarounds[instruction->lookaround].behind)) {
    instruction = &program->instructions[instruction->next];
  }
  return instruction->opcode == NFA_MATCH;
}

/* Whether the program's assertions leave the argument below standing:
 * none, or only trailing lookaheads of a program that cannot match the
 * empty string (then no path reaches a byte range through one, and a
 * match of b.L found so ends where the one of L does, with the same
 * bytes after it to read). */
static int assertions_allow_starts_after_excluded(const nfa_program *program) {
  if (!has_assertion(program)) {
    return 1;
  }
  if (program->can_match_empty) {
    return 0;
  }
  for (uint32_t i = 0; i < program->count; i++) {
    if (program->instructions[i].opcode == NFA_ASSERT && !is_trailing_lookahead(program, i)) {
      return 0;
    }
  }
  return 1;
}

/* starts_after_excluded (nfa.h): with no assertion anywhere (or only
 * trailing lookaheads), L contains b.L for every byte b outside the
 * excluded set when the threads after b from the start include every
 * thread of the start itself (more threads accept more, and the closure
 * is the same at every position). Only the bytes where the start
 * frontier's ranges begin or end need checking. */
static void find_starts_after_excluded(nfa_walk *walk, nfa_program *program, uint32_t *seeds,
                                       uint32_t *start_frontier) {
  if (!assertions_allow_starts_after_excluded(program)) {
    return;
  }
  next_generation(walk);
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
      next_generation(walk);
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
  /* One allocation: the stack, the frontier, the seeds with room for a
   * copy of a frontier after them (find_starts_after_excluded), then the
   * stamps (zeroed). */
  size_t count = program->count;
  uint32_t *scratch =
      memory_allocate_array(allocator, count, 4 * sizeof *scratch + sizeof *walk.stamps);
  uint32_t *seeds = NULL;
  if (scratch != NULL) {
    walk.stack = scratch;
    walk.frontier = scratch + count;
    seeds = scratch + 2 * count;
    walk.stamps = (uint8_t *)(scratch + 4 * count);
    memset(walk.stamps, 0, count * sizeof *walk.stamps);
  }
  int status = 0;
  if (scratch == NULL) {
    status = JRX_ERROR_NOMEMORY;
  } else {
    program->thread_capacity = 0;
    uint32_t next_region = 0;
    for (uint32_t i = 0; i < program->count; i++) {
      const nfa_stored_region *region = nfa_stored_region_from(program, i, &next_region);
      if (region != NULL) {
        program->thread_capacity += region->automaton->range_count;
        i += region->automaton->count - 1;
        continue;
      }
      uint8_t opcode = program->instructions[i].opcode;
      program->thread_capacity += opcode == NFA_BYTE_RANGE || opcode == NFA_MATCH;
    }
    find_first_bytes(&walk, program);
    walk_layers(&walk, program, seeds, add_literal_prefix_byte);
    walk_layers(&walk, program, seeds, add_prefix_byte_set);
    find_min_length(&walk, program, seeds);
    program->fixed_length = find_fixed_length(&walk, program, seeds); /* seeds as scratch */
    find_sequence(&walk, program);
    find_excluded_bytes(&walk, program);
    if (program->count <= MAX_EXCLUDED_ANALYSIS_INSTRUCTIONS) {
      find_starts_after_excluded(&walk, program, seeds, seeds + program->count);
    }
  }
  memory_free(allocator, scratch);
  return status;
}

int nfa_find_required_bytes(nfa_program *program) {
  program->required_byte_count = 0;
  if (program->count > MAX_EXCLUDED_ANALYSIS_INSTRUCTIONS) {
    return 0;
  }
  /* One allocation: the two walks' stacks, then their stamps (zeroed). */
  size_t count = program->count;
  uint32_t *stacks =
      memory_allocate_array(program->allocator, count, 2 * (sizeof *stacks + sizeof(uint8_t)));
  if (stacks == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  uint8_t *stamps = (uint8_t *)(stacks + 2 * count);
  memset(stamps, 0, 2 * count * sizeof *stamps);
  nfa_walk walk = {.program = program, .stamps = stamps, .stack = stacks};
  nfa_walk scratch = {.program = program, .stamps = stamps + count, .stack = stacks + count};
  find_required_bytes(&walk, &scratch, program);
  memory_free(program->allocator, stacks);
  return 0;
}
