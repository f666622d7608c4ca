/* inner_literal: dominators found on one path. Every dominator of the
 * matches lies on every path to one, so a breadth-first path from the
 * start to a match holds them all; each instruction on it is tested by a
 * search that may not pass it: if no match is reachable so, it is one.
 * Each test reads the program once, so the tests stop at a budget.
 * Stored regions (nfa.h) are crossed whole, from entry straight to exit:
 * no instruction of one but its entry lies on every path through it
 * (scripts/gen_unicode_tables.py stores no other automaton), so none
 * inside is a dominator, and none is on the path or read by a test. */
#include "inner_literal.h"

#include <stdbool.h>
#include <string.h>

#include "literal_extract.h"
#include "regex/memory.h"
#include "regex/unicode_automata.h"

/* Instructions read by all the tests together, beyond one program's
 * worth per test for the first few: enough for any ordinary pattern. */
#define TEST_BUDGET ((uint64_t)1 << 22)
#define NO_INSTRUCTION UINT32_MAX

typedef struct reach_search {
  const nfa_program *program;
  uint32_t *queue;
  uint8_t *seen;    /* the stamp of the search that last queued it */
  uint32_t *parent; /* per instruction: where the first search came from, or NULL */
  uint8_t stamp;
} reach_search;

/* A new stamp; after 255 searches the marks are zeroed again. That costs
 * one program's bytes per 255 searches, while the searches are few: a
 * test of the instruction p places along the path reads at least p
 * instructions (the path up to it, or a path as long to a match), so the
 * tests that fit the budget are at most about the square root of twice
 * TEST_BUDGET plus four per instruction. */
static void next_stamp(reach_search *search) {
  if (++search->stamp == 0) {
    memset(search->seen, 0, search->program->count);
    search->stamp = 1;
  }
}

/* One block for a search's queue, extra more arrays of a word per
 * instruction after it, and its zeroed marks (the block is search->queue,
 * for memory_free). False when out of memory. */
static bool reach_search_allocate(reach_search *search, const nfa_program *program,
                                  size_t extra) {
  size_t words = (1 + extra) * (size_t)program->count;
  search->program = program;
  search->queue = memory_allocate_array(program->allocator, words + program->count / 4 + 1,
                                        sizeof *search->queue);
  if (search->queue == NULL) {
    return false;
  }
  search->seen = (uint8_t *)(search->queue + words);
  memset(search->seen, 0, program->count);
  return true;
}

static void visit(reach_search *search, uint32_t from, uint32_t to, uint32_t avoid,
                  size_t *tail) {
  if (to == avoid || search->seen[to] == search->stamp) {
    return;
  }
  search->seen[to] = search->stamp;
  if (search->parent != NULL) {
    search->parent[to] = from;
  }
  search->queue[(*tail)++] = to;
}

/* The search of reach_match; over_regions: a stored region's entry
 * leads straight to its exit. That reaches a match exactly when the
 * whole search would, avoid lying outside every region or at an entry:
 * nothing outside a region leads into it but to its entry, every path
 * from the entry reaches its exit, and the region holds no match. */
static inline __attribute__((always_inline)) uint32_t
search_for_match(reach_search *search, uint32_t avoid, bool whole, bool over_regions,
                 uint64_t *work) {
  next_stamp(search);
  /* In locals: a store to the byte marks could alias what search and the
   * program point to, which would then be read again after each. */
  reach_search local = *search;
  const nfa_program *program = local.program;
  const nfa_instruction *instructions = program->instructions;
  bool depth_first = local.parent == NULL;
  size_t head = 0;
  size_t tail = 0;
  uint64_t read = 0;
  visit(&local, NO_INSTRUCTION, program->start, avoid, &tail);
  while (head < tail) {
    uint32_t index = depth_first ? local.queue[--tail] : local.queue[head++];
    read++;
    const nfa_instruction *instruction = &instructions[index];
    const nfa_stored_region *region =
        over_regions ? nfa_stored_region_entered(program, index) : NULL;
    if (region != NULL) {
      visit(&local, index, region->exit, avoid, &tail);
      continue;
    }
    switch ((nfa_opcode)instruction->opcode) {
      case NFA_MATCH:
        if (!whole) {
          *work += read;
          return index;
        }
        break;
      case NFA_FAIL:
        break;
      case NFA_SPLIT:
        visit(&local, index, instruction->next, avoid, &tail);
        visit(&local, index, instruction->alternative, avoid, &tail);
        break;
      case NFA_BYTE_RANGE:
      case NFA_SAVE:
      case NFA_ASSERT:
        visit(&local, index, instruction->next, avoid, &tail);
        break;
    }
  }
  *work += read;
  return NO_INSTRUCTION;
}

/* A match instruction reached from the start without passing avoid, or
 * NO_INSTRUCTION; adds the instructions read to *work. With
 * whole set, goes on past matches, so that everything reachable so is
 * marked with the search's stamp. The first search, which records the
 * path (search->parent), is breadth first, so that its path is a
 * shortest one; the tests ask only whether a match is reachable, and go
 * depth first, which reaches one after the instructions of a path when
 * one exists (a big class's split tree: its first branch) rather than
 * after every instruction as near as the nearest match. Unless whole,
 * stored regions are crossed at once (avoid is never inside one); the
 * first search's path then lacks their instructions, none of which is a
 * dominator, and no other answer depends on the path: the dominators lie
 * on every path in one order, and what follows a byte range on any path
 * is its next. */
static uint32_t reach_match(reach_search *search, uint32_t avoid, bool whole, uint64_t *work) {
  if (!whole && search->program->stored_region_count > 0) {
    return search_for_match(search, avoid, false, true, work);
  }
  return search_for_match(search, avoid, whole, false, work);
}

/* Whether a literal walk from index can give anything: not when the
 * instructions it reaches before consuming a byte include a match (an
 * empty literal) or a byte range too wide to expand (literal_extract.h:
 * over 2 * LITERAL_EXTRACT_MAX_CLASS bytes keep more members than that
 * even with case pairs merged), since the walk gives up at either. Looks
 * at CLOSURE_LIMIT instructions at most, and past them says yes. At a
 * stored region's entry its facts answer, as they do for the walk
 * (literal_extract.c): no match, and the widest range of its lead bytes. */
#define CLOSURE_LIMIT 64u
static bool walk_can_start(reach_search *search, uint32_t index) {
  const nfa_program *program = search->program;
  const nfa_stored_region *region = nfa_stored_region_entered(program, index);
  if (region != NULL) {
    return region->automaton->widest_lead_range < 2 * LITERAL_EXTRACT_MAX_CLASS;
  }
  next_stamp(search);
  size_t head = 0;
  size_t tail = 0;
  visit(search, NO_INSTRUCTION, index, NO_INSTRUCTION, &tail);
  while (head < tail && head < CLOSURE_LIMIT) {
    const nfa_instruction *instruction = &program->instructions[search->queue[head++]];
    switch ((nfa_opcode)instruction->opcode) {
      case NFA_MATCH:
        return false;
      case NFA_BYTE_RANGE:
        if ((unsigned)(instruction->high - instruction->low) >= 2 * LITERAL_EXTRACT_MAX_CLASS) {
          return false;
        }
        break;
      case NFA_SPLIT:
        visit(search, NO_INSTRUCTION, instruction->alternative, NO_INSTRUCTION, &tail);
        visit(search, NO_INSTRUCTION, instruction->next, NO_INSTRUCTION, &tail);
        break;
      case NFA_SAVE:
      case NFA_ASSERT:
        visit(search, NO_INSTRUCTION, instruction->next, NO_INSTRUCTION, &tail);
        break;
      case NFA_FAIL:
        break;
    }
  }
  return true;
}

static bool is_single_byte(const nfa_instruction *instruction) {
  return instruction->opcode == NFA_BYTE_RANGE && instruction->low == instruction->high;
}

int inner_literal_dominators(const nfa_program *program, uint32_t *dominators) {
  if (program->lookaround_count > 0 || program->count == 0) {
    return 0;
  }
  reach_search search = {0};
  if (!reach_search_allocate(&search, program, 2)) {
    return JRX_ERROR_NOMEMORY;
  }
  uint32_t *parent = search.queue + program->count;
  uint32_t *path = parent + program->count;
  search.parent = parent;
  int found = 0;
  uint64_t work = 0;
  uint32_t match = reach_match(&search, NO_INSTRUCTION, false, &work);
  uint32_t length = 0;
  for (uint32_t at = match; at != NO_INSTRUCTION; at = parent[at]) {
    path[length++] = at;
  }
  search.parent = NULL; /* the tests need no path */
  uint64_t budget = TEST_BUDGET + 4 * (uint64_t)program->count;
  bool previous_single = false;
  /* The path was collected from the match back to the start. */
  for (uint32_t i = length; i > 0 && (uint32_t)found < INNER_LITERAL_MAX_DOMINATORS; i--) {
    uint32_t index = path[i - 1];
    const nfa_instruction *instruction = &program->instructions[index];
    bool candidate = instruction->opcode == NFA_BYTE_RANGE || instruction->opcode == NFA_SPLIT;
    bool dominates = false;
    if (candidate && !previous_single) {
      if (work > budget) {
        break;
      }
      dominates = reach_match(&search, index, false, &work) == NO_INSTRUCTION;
      if (dominates && walk_can_start(&search, index)) {
        dominators[found++] = index;
      }
    } else if (candidate && previous_single) {
      /* Right after a single-byte dominator every path goes on here. */
      dominates = true;
    }
    bool passes = instruction->opcode == NFA_SAVE || instruction->opcode == NFA_ASSERT;
    previous_single = passes ? previous_single : dominates && is_single_byte(instruction);
  }
  memory_free(program->allocator, search.queue);
  return found;
}

int inner_literal_bytes_before(const nfa_program *program, uint32_t dominator,
                               uint64_t before[4]) {
  reach_search search = {0};
  int status = 0;
  before[0] = before[1] = before[2] = before[3] = 0;
  if (!reach_search_allocate(&search, program, 0)) {
    status = JRX_ERROR_NOMEMORY;
  } else {
    uint64_t work = 0;
    (void)reach_match(&search, dominator, true, &work);
    for (uint32_t index = 0; index < program->count; index++) {
      const nfa_instruction *instruction = &program->instructions[index];
      if (search.seen[index] != search.stamp || instruction->opcode != NFA_BYTE_RANGE) {
        continue;
      }
      for (unsigned byte = instruction->low; byte <= instruction->high; byte++) {
        before[byte >> 6] |= (uint64_t)1 << (byte & 63u);
      }
    }
  }
  memory_free(program->allocator, search.queue);
  return status;
}
