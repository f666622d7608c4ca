/* literal_extract: the walk, depth-first on an explicit stack of tasks
 * pushed in reverse priority order. Invariant: a task made while the path
 * held some prefix runs while it still holds it, because everything that
 * runs in between descends from tasks made then or later, and those only
 * write further along the path. A consuming unit (a byte range, or a
 * class made of a split tree) stays marked while the path goes through
 * it, so coming back to it is a loop: the path is cut there (what it
 * holds so far begins every match it leads to). Marks are taken off
 * lazily: a task at path length L first unmarks the units the path held
 * at L and beyond. A unit of one byte is followed in place, without a
 * task, which keeps long literals and word lists cheap.
 *
 * Families: the bytes of a unit all continue at one instruction, so the
 * walk after each of them is the same but for that byte. A literal is
 * one of a family, the product of its units' member counts, whose
 * members come out one after another, in the order of the members'
 * places (a mixed-radix index). When one is emitted, the rest of its
 * family is certain to follow; if they cannot fit the limits, the walk
 * gives up at once instead of emitting them first: 10,000 literals of
 * \d{4} are never listed to find out that they are too many. The answer
 * is the one the whole walk would give.
 *
 * Distinct keys: with max_distinct, the walk keeps the literal_fold_keys
 * it has emitted in a small hash table; merging never joins literals of
 * different keys, and a family's members all have different keys (its
 * units' members differ in more than bit 0x20), so more keys, or a bigger
 * family, than max_distinct means the set would stay too big. */
#include "literal_extract.h"

#include <string.h>

#include "regex/memory.h"
#include "regex/unicode_automata.h"

/* Leaves of a split tree looked at to find a class: enough for small
 * classes, while a long alternation, whose splits each lead to many
 * leaves, costs little at every split. */
#define MAX_LEAVES 16u

/* A place to go on from: follow instruction with the path at length;
 * with consume set, first append byte (and fold) there, taken from the
 * unit whose id is unit. */
typedef struct walk_task {
  uint32_t instruction;
  uint32_t length;
  uint32_t unit;
  uint8_t consume;
  uint8_t byte;
  uint8_t fold;
  uint8_t member;  /* the byte's place among its unit's members */
  uint8_t members; /* how many the unit has */
} walk_task;

/* Family sizes and indexes saturate here: far above any limit on the
 * count or the bytes of a set, and a product of it with a literal length
 * still fits 64 bits. */
#define FAMILY_CAP ((uint64_t)1 << 40)

/* Slots of the table of distinct keys: a power of two, at least twice
 * LITERAL_EXTRACT_MAX_DISTINCT + 1, so that probes stay short. */
#define KEY_SLOTS 256u

typedef struct literal_walk {
  const nfa_program *program;
  const literal_limits *limits;
  literal_set *set;
  walk_task *tasks;
  size_t task_count;
  size_t task_capacity;
  unsigned char *on_path; /* per instruction: a unit the path goes through */
  uint32_t *path_units;   /* per path byte: the unit it came from */
  uint32_t marked_length; /* path bytes whose units are marked */
  unsigned char *path;
  unsigned char *folds;
  /* per path length: the size of the family of the path so far, and the
   * path's index in it (see the header comment) */
  uint64_t *family_size;
  uint64_t *family_index;
  uint64_t keys[KEY_SLOTS]; /* distinct literal_fold_keys, 0 for a free slot */
  uint32_t key_count;
  uint64_t work;
  uint64_t max_work;
  bool inexact; /* a cut or an assertion was met */
  bool give_up; /* over a limit, or a literal would be empty */
  int status;   /* JRX_ERROR_NOMEMORY */
} literal_walk;

static void push(literal_walk *walk, walk_task task) {
  if (walk->task_count == walk->task_capacity &&
      !memory_grow_array(walk->program->allocator, (void **)&walk->tasks, &walk->task_capacity,
                         walk->task_count + 1, sizeof *walk->tasks, 64)) {
    walk->status = JRX_ERROR_NOMEMORY;
    walk->give_up = true;
    return;
  }
  walk->tasks[walk->task_count++] = task;
}

/* Records the key of the literal path[0..length): false when that
 * makes more distinct keys than max_distinct. */
static bool distinct_key_fits(literal_walk *walk, uint32_t length) {
  uint64_t key = literal_fold_key(walk->path, length) | 1u;
  uint32_t slot = (uint32_t)(key >> 32) & (KEY_SLOTS - 1);
  while (walk->keys[slot] != 0) {
    if (walk->keys[slot] == key) {
      return true;
    }
    slot = (slot + 1) & (KEY_SLOTS - 1);
  }
  walk->keys[slot] = key;
  return ++walk->key_count <= walk->limits->max_distinct;
}

/* The path so far is a literal: complete when the path matched here,
 * cut otherwise. It and the rest of its family must fit the limits. */
static void emit(literal_walk *walk, uint32_t length, bool complete) {
  const literal_limits *limits = walk->limits;
  if (!complete) {
    walk->inexact = true;
  }
  uint64_t family_rest = walk->family_size[length] - walk->family_index[length];
  if (length == 0 || (walk->inexact && limits->only_exact) ||
      walk->set->count + family_rest > limits->max_count ||
      walk->set->byte_count + family_rest * length > limits->max_total_bytes ||
      (limits->max_distinct != 0 && (walk->family_size[length] > limits->max_distinct ||
                                     !distinct_key_fits(walk, length)))) {
    walk->give_up = true;
    return;
  }
  int status = literal_set_add(walk->set, walk->path, walk->folds, length);
  if (status != 0) {
    walk->status = status;
    walk->give_up = true;
  }
}

static void set_add_range(uint64_t bytes[4], unsigned low, unsigned high) {
  if (high - low > LITERAL_EXTRACT_MAX_CLASS * 2) {
    /* Too many to expand in any case: two members past the limit say so. */
    high = low + LITERAL_EXTRACT_MAX_CLASS * 2;
  }
  nfa_byte_set_add_range(bytes, low, high);
}

/* The bytes of a unit with pairs differing only in bit 0x20 merged (the
 * two cases of an ASCII letter, or of a Cyrillic letter's second byte):
 * the byte with the bit, with a fold, stands for both. Returns how many,
 * or more than the most. */
static uint32_t unit_members(const uint64_t bytes[4], unsigned char *members,
                             unsigned char *member_folds) {
  uint32_t count = 0;
  for (unsigned word = 0; word < 4 && count <= LITERAL_EXTRACT_MAX_CLASS; word++) {
    for (uint64_t rest = bytes[word]; rest != 0 && count <= LITERAL_EXTRACT_MAX_CLASS;
         rest &= rest - 1) {
      unsigned byte = word * 64u + (unsigned)__builtin_ctzll(rest);
      bool pair = nfa_byte_set_has(bytes, byte ^ LITERAL_FOLD);
      if (pair && (byte & LITERAL_FOLD) == 0) {
        continue; /* covered by the fold of the byte with the bit */
      }
      if (count < LITERAL_EXTRACT_MAX_CLASS) {
        members[count] = (unsigned char)byte;
        member_folds[count] = pair ? LITERAL_FOLD : 0;
      }
      count++;
    }
  }
  return count;
}

/* A split whose tree ends in at most MAX_LEAVES byte ranges that all
 * continue at one instruction is a class: one unit, so that [Ss] becomes
 * one folded byte. (A class with multi-byte members, [Ss\x{17f}] in UTF
 * mode, is a split between such a tree and the longer members' ranges.)
 * Fills the unit's bytes and continuation; false for any other split,
 * whose two branches are then followed in turn. The walk stops at the
 * first leaf that disagrees, so a long alternation costs little at each
 * of its splits. */
static bool class_at(const nfa_program *program, uint32_t split, uint64_t bytes[4],
                     uint32_t *next) {
  uint32_t stack[2 * MAX_LEAVES + 2];
  uint32_t depth = 0;
  uint32_t leaves = 0;
  stack[depth++] = split;
  while (depth > 0) {
    const nfa_instruction *instruction = &program->instructions[stack[--depth]];
    if (instruction->opcode == NFA_SPLIT) {
      if (depth + 2 > sizeof stack / sizeof *stack) {
        return false;
      }
      stack[depth++] = instruction->alternative;
      stack[depth++] = instruction->next;
      continue;
    }
    if (instruction->opcode != NFA_BYTE_RANGE || leaves == MAX_LEAVES ||
        (leaves > 0 && instruction->next != *next)) {
      return false;
    }
    *next = instruction->next;
    set_add_range(bytes, instruction->low, instruction->high);
    leaves++;
  }
  return true;
}

static uint64_t family_saturate(uint64_t value) {
  return value < FAMILY_CAP ? value : FAMILY_CAP;
}

/* The path takes the byte, member of members: marks its unit as on the
 * path and extends the family. */
static void take(literal_walk *walk, uint32_t length, uint32_t unit, unsigned char byte,
                 unsigned char fold, uint32_t member, uint32_t members) {
  walk->path[length] = byte;
  walk->folds[length] = fold;
  walk->path_units[length] = unit;
  walk->on_path[unit] = 1;
  walk->marked_length = length + 1;
  walk->family_size[length + 1] = family_saturate(walk->family_size[length] * members);
  walk->family_index[length + 1] =
      family_saturate(walk->family_index[length] * members + member);
}

/* Whether the walk, come to a stored region's entry (nfa.h) with the path
 * at length, is sure to give up in it, as its automaton's facts tell: a
 * byte range of more than 2 * LITERAL_EXTRACT_MAX_CLASS bytes is a unit
 * of more members than that even with case pairs merged (alone, or in a
 * class with others), so the path is cut where it meets one, and the walk
 * follows every path of the region to its ranges (or gives up first). An
 * exact walk gives up at any cut; at length 0, a cut at a range entry
 * reaches by splits alone is an empty literal, which every walk gives up
 * at. */
static bool gives_up_in_region(const literal_limits *limits, const nfa_stored_region *region,
                               uint32_t length) {
  const unicode_automaton *automaton = region->automaton;
  return (limits->only_exact &&
          automaton->widest_range >= 2 * LITERAL_EXTRACT_MAX_CLASS) ||
         (length == 0 && automaton->widest_lead_range >= 2 * LITERAL_EXTRACT_MAX_CLASS);
}

/* Follows the path from instruction at length until it branches (tasks
 * pushed), ends (a literal emitted) or is cut. */
static void follow(literal_walk *walk, uint32_t index, uint32_t length) {
  const nfa_program *program = walk->program;
  while (!walk->give_up) {
    if (++walk->work > walk->max_work) {
      walk->give_up = true;
      return;
    }
    const nfa_stored_region *region = nfa_stored_region_entered(program, index);
    if (region != NULL && gives_up_in_region(walk->limits, region, length)) {
      walk->give_up = true;
      return;
    }
    const nfa_instruction *instruction = &program->instructions[index];
    uint64_t bytes[4] = {0, 0, 0, 0};
    uint32_t next = instruction->next;
    unsigned char members[LITERAL_EXTRACT_MAX_CLASS];
    unsigned char member_folds[LITERAL_EXTRACT_MAX_CLASS];
    uint32_t count = 0;
    switch ((nfa_opcode)instruction->opcode) {
      case NFA_MATCH:
        emit(walk, length, true);
        return;
      case NFA_FAIL:
        return;
      case NFA_SAVE:
        index = next;
        continue;
      case NFA_ASSERT:
        /* Assumed to hold: the literals then still begin every match. */
        walk->inexact = true;
        walk->give_up = walk->limits->only_exact;
        index = next;
        continue;
      case NFA_BYTE_RANGE:
        if (instruction->low == instruction->high) {
          /* The byte of a literal written in the pattern: its own member,
           * without the set (most of a word list's walk). */
          members[0] = instruction->low;
          member_folds[0] = 0;
          count = 1;
          break;
        }
        set_add_range(bytes, instruction->low, instruction->high);
        count = unit_members(bytes, members, member_folds);
        break;
      case NFA_SPLIT:
        if (!class_at(program, index, bytes, &next)) {
          push(walk, (walk_task){.instruction = instruction->alternative, .length = length});
          index = instruction->next;
          continue;
        }
        count = unit_members(bytes, members, member_folds);
        break;
    }
    /* A unit: the path takes one of its bytes, unless this is a loop,
     * the path is as long as a literal may be, or it has too many bytes. */
    if (walk->on_path[index] || length == walk->limits->max_length ||
        count > LITERAL_EXTRACT_MAX_CLASS) {
      emit(walk, length, false);
      return;
    }
    for (uint32_t i = count; i > 1; i--) {
      push(walk, (walk_task){.instruction = next,
                             .length = length,
                             .unit = index,
                             .consume = 1,
                             .byte = members[i - 1],
                             .fold = member_folds[i - 1],
                             .member = (uint8_t)(i - 1),
                             .members = (uint8_t)count});
    }
    if (count == 0) {
      return;
    }
    take(walk, length, index, members[0], member_folds[0], 0, count);
    length++;
    index = next;
  }
}

/* Instructions gives_up_at_start follows from the start: a pattern's
 * opening saves and assertions are a few. */
#define START_STEPS 8u

/* Whether the walk gives up on its first path before consuming a byte,
 * as follow would find it: from the start through saves (and assertions,
 * at which an exact walk gives up) to a stored region whose facts say the
 * walk gives up there (\p{L} as a whole pattern). The walk is then not
 * run at all: no allocation, nothing zeroed. False when unsure. */
static bool gives_up_at_start(const nfa_program *program, const literal_limits *limits) {
  uint32_t index = program->start;
  for (uint32_t step = 0; step < START_STEPS; step++) {
    const nfa_stored_region *region = nfa_stored_region_entered(program, index);
    if (region != NULL) {
      return gives_up_in_region(limits, region, 0);
    }
    const nfa_instruction *instruction = &program->instructions[index];
    if (instruction->opcode == NFA_ASSERT && limits->only_exact) {
      return true;
    }
    if (instruction->opcode != NFA_SAVE && instruction->opcode != NFA_ASSERT) {
      return false;
    }
    index = instruction->next;
  }
  return false;
}

static void run(literal_walk *walk) {
  push(walk, (walk_task){.instruction = walk->program->start, .length = 0});
  while (walk->task_count > 0 && !walk->give_up) {
    walk_task task = walk->tasks[--walk->task_count];
    /* The path is back at task.length: later units are no longer on it. */
    while (walk->marked_length > task.length) {
      walk->on_path[walk->path_units[--walk->marked_length]] = 0;
    }
    uint32_t length = task.length;
    if (task.consume) {
      take(walk, length, task.unit, task.byte, task.fold, task.member, task.members);
      length++;
    }
    follow(walk, task.instruction, length);
  }
}

int literal_extract(const nfa_program *program, const literal_limits *limits, literal_set *set,
                    literal_extraction *extraction) {
  if (limits->max_distinct > LITERAL_EXTRACT_MAX_DISTINCT) {
    *extraction = LITERAL_EXTRACTION_NONE;
    return JRX_ERROR_INTERNAL;
  }
  if (program->stored_region_count > 0 && gives_up_at_start(program, limits)) {
    literal_set_release(set);
    *extraction = LITERAL_EXTRACTION_NONE;
    return 0;
  }
  const jrx_allocator *allocator = program->allocator;
  literal_walk walk = {.program = program, .limits = limits, .set = set};
  /* Every step either adds to a literal, which the byte budget bounds,
   * or moves through the program, which a path crosses at most once. */
  walk.max_work = 4 * ((uint64_t)program->count + limits->max_total_bytes) + 64;
  /* One allocation for the per-length arrays (the widest first) and
   * the per-instruction marks, which alone start zeroed. */
  size_t lengths = (size_t)limits->max_length + 1;
  size_t per_length = 2 * sizeof *walk.family_size + sizeof *walk.path_units + 2;
  unsigned char *scratch = memory_allocate(allocator, lengths * per_length + program->count);
  if (scratch == NULL) {
    walk.status = JRX_ERROR_NOMEMORY;
  } else {
    walk.family_size = (uint64_t *)(void *)scratch;
    walk.family_index = walk.family_size + lengths;
    walk.path_units = (uint32_t *)(void *)(walk.family_index + lengths);
    walk.path = (unsigned char *)(walk.path_units + lengths);
    walk.folds = walk.path + lengths;
    walk.on_path = walk.folds + lengths;
    memset(walk.on_path, 0, program->count);
    walk.family_size[0] = 1;
    walk.family_index[0] = 0;
    run(&walk);
  }
  memory_free(allocator, walk.tasks);
  memory_free(allocator, scratch);
  if (walk.status != 0 || walk.give_up || set->count == 0) {
    literal_set_release(set);
    *extraction = LITERAL_EXTRACTION_NONE;
    return walk.status;
  }
  *extraction = walk.inexact ? LITERAL_EXTRACTION_PREFIXES : LITERAL_EXTRACTION_EXACT;
  return 0;
}
