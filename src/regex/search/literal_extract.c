/* literal_extract: the walk, depth-first on an explicit stack of tasks
 * pushed in reverse priority order. Invariant: a task made while the path
 * held some prefix runs while it still holds it, because everything that
 * runs in between descends from tasks made then or later, and those only
 * write further along the path. A consuming instruction stays marked while
 * the walk is below it, so coming back to it is a loop: the path is cut
 * there (what it holds so far begins every match it leads to). */
#include "literal_extract.h"

#include <string.h>

#include "regex/memory.h"

/* Leaves of a split tree looked at to find a class: enough for a case
 * pair with multi-byte variants, while a long alternation, whose splits
 * each lead to many leaves, costs little at every split. */
#define MAX_LEAVES 16u

typedef enum task_kind {
  TASK_VISIT,   /* follow instruction */
  TASK_CONSUME, /* append one byte (and its fold) to the path, then follow instruction */
  TASK_UNIT,    /* expand a consuming unit: a byte range, or a class made of a split tree */
  TASK_UNMARK   /* the walk left the unit: a later visit is no loop */
} task_kind;

typedef struct walk_task {
  uint8_t kind;
  uint8_t byte;
  uint8_t fold;
  uint32_t instruction; /* VISIT, CONSUME: where to go; UNIT, UNMARK: the unit's id */
  uint32_t length;      /* of the path when the task was made */
  uint32_t next;        /* UNIT: where its bytes lead */
  uint64_t bytes[4];    /* UNIT: its byte set */
} walk_task;

typedef struct literal_walk {
  const nfa_program *program;
  const literal_limits *limits;
  literal_set *set;
  walk_task *tasks;
  size_t task_count;
  size_t task_capacity;
  unsigned char *on_path; /* per instruction: a unit the path is inside */
  unsigned char *path;
  unsigned char *folds;
  uint64_t work;
  uint64_t max_work;
  bool inexact;  /* a cut or an assertion was met */
  bool give_up;  /* over a limit, or a literal would be empty */
  int status;    /* JRX_ERROR_NOMEMORY */
} literal_walk;

static void push(literal_walk *walk, walk_task task) {
  if (walk->status != 0) {
    return;
  }
  if (!memory_grow_array(walk->program->allocator, (void **)&walk->tasks, &walk->task_capacity,
                         walk->task_count + 1, sizeof *walk->tasks, 64)) {
    walk->status = JRX_ERROR_NOMEMORY;
    return;
  }
  walk->tasks[walk->task_count++] = task;
}

static void push_visit(literal_walk *walk, uint32_t instruction, uint32_t length) {
  push(walk, (walk_task){.kind = TASK_VISIT, .instruction = instruction, .length = length});
}

/* The path so far is a literal: complete when the path matched here,
 * cut otherwise. */
static void emit(literal_walk *walk, uint32_t length, bool complete) {
  const literal_limits *limits = walk->limits;
  if (!complete) {
    walk->inexact = true;
  }
  if (length == 0 || (walk->inexact && limits->only_exact) || walk->set->count == limits->max_count ||
      walk->set->byte_count + length > limits->max_total_bytes) {
    walk->give_up = true;
    return;
  }
  int status = literal_set_add(walk->set, walk->path, walk->folds, length);
  if (status != 0) {
    walk->status = status;
  }
}

static void set_add_range(uint64_t bytes[4], unsigned low, unsigned high) {
  for (unsigned byte = low; byte <= high; byte++) {
    bytes[byte >> 6] |= (uint64_t)1 << (byte & 63u);
  }
}

static bool is_ascii_letter(unsigned byte) {
  return (byte | LITERAL_FOLD) >= 'a' && (byte | LITERAL_FOLD) <= 'z';
}

/* The bytes of a unit with case pairs merged: lower-case bytes with a
 * fold stand for both cases. Returns how many, or more than the most. */
static uint32_t unit_members(const uint64_t bytes[4], unsigned char *members,
                             unsigned char *member_folds) {
  uint32_t count = 0;
  for (unsigned byte = 0; byte < 256 && count <= LITERAL_EXTRACT_MAX_CLASS; byte++) {
    if (!nfa_byte_set_has(bytes, byte)) {
      continue;
    }
    bool pair = is_ascii_letter(byte) && nfa_byte_set_has(bytes, byte ^ LITERAL_FOLD);
    if (pair && (byte & LITERAL_FOLD) == 0) {
      continue; /* the upper case, covered by the lower case's fold */
    }
    if (count < LITERAL_EXTRACT_MAX_CLASS) {
      members[count] = (unsigned char)byte;
      member_folds[count] = pair ? LITERAL_FOLD : 0;
    }
    count++;
  }
  return count;
}

/* A unit: the path takes one of its bytes, unless this is a loop, the
 * path is as long as a literal may be, or the unit has too many bytes. */
static void expand_unit(literal_walk *walk, const walk_task *unit) {
  unsigned char members[LITERAL_EXTRACT_MAX_CLASS];
  unsigned char member_folds[LITERAL_EXTRACT_MAX_CLASS];
  uint32_t count = unit_members(unit->bytes, members, member_folds);
  if (walk->on_path[unit->instruction] || unit->length == walk->limits->max_length ||
      count > LITERAL_EXTRACT_MAX_CLASS) {
    emit(walk, unit->length, false);
    return;
  }
  walk->on_path[unit->instruction] = 1;
  push(walk, (walk_task){.kind = TASK_UNMARK, .instruction = unit->instruction});
  for (uint32_t i = count; i > 0; i--) {
    push(walk, (walk_task){.kind = TASK_CONSUME,
                           .byte = members[i - 1],
                           .fold = member_folds[i - 1],
                           .instruction = unit->next,
                           .length = unit->length});
  }
}

static walk_task range_unit(const nfa_instruction *range, uint32_t id, uint32_t length) {
  walk_task unit = {.kind = TASK_UNIT, .instruction = id, .length = length, .next = range->next};
  set_add_range(unit.bytes, range->low, range->high);
  return unit;
}

/* The byte ranges a split tree leads to, in priority order, if that is
 * all it leads to and they are at most MAX_LEAVES. */
static uint32_t collect_leaves(const nfa_program *program, uint32_t split, uint32_t *leaves) {
  uint32_t stack[2 * MAX_LEAVES + 2];
  uint32_t depth = 0;
  uint32_t count = 0;
  stack[depth++] = split;
  while (depth > 0) {
    uint32_t index = stack[--depth];
    const nfa_instruction *instruction = &program->instructions[index];
    if (instruction->opcode == NFA_SPLIT) {
      if (depth + 2 > sizeof stack / sizeof *stack) {
        return 0;
      }
      stack[depth++] = instruction->alternative;
      stack[depth++] = instruction->next;
    } else if (instruction->opcode == NFA_BYTE_RANGE && count < MAX_LEAVES) {
      leaves[count++] = index;
    } else {
      return 0;
    }
  }
  return count;
}

/* A split whose tree ends in byte ranges only: the leaves sharing the
 * most common continuation form one class unit (so [Ss] becomes one
 * folded byte even beside U+017F's two bytes), taken first, which is
 * only allowed when no other leaf can take one of its bytes; the other
 * leaves follow in their priority order. Returns false for any other
 * split, whose branches are then followed one by one. */
static bool push_leaf_units(literal_walk *walk, uint32_t split, uint32_t length) {
  const nfa_instruction *instructions = walk->program->instructions;
  uint32_t leaves[MAX_LEAVES];
  uint32_t count = collect_leaves(walk->program, split, leaves);
  if (count == 0) {
    return false;
  }
  uint32_t shared = instructions[leaves[0]].next;
  uint32_t best = 0;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t same = 0;
    for (uint32_t j = 0; j < count; j++) {
      same += instructions[leaves[j]].next == instructions[leaves[i]].next;
    }
    if (same > best) {
      best = same;
      shared = instructions[leaves[i]].next;
    }
  }
  walk_task group = {.kind = TASK_UNIT, .instruction = split, .length = length, .next = shared};
  uint64_t others[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < count; i++) {
    const nfa_instruction *leaf = &instructions[leaves[i]];
    set_add_range(leaf->next == shared ? group.bytes : others, leaf->low, leaf->high);
  }
  bool exclusive = ((group.bytes[0] & others[0]) | (group.bytes[1] & others[1]) |
                    (group.bytes[2] & others[2]) | (group.bytes[3] & others[3])) == 0;
  for (uint32_t i = count; i > 0; i--) {
    const nfa_instruction *leaf = &instructions[leaves[i - 1]];
    if (!exclusive || leaf->next != shared) {
      push(walk, range_unit(leaf, leaves[i - 1], length));
    }
  }
  if (exclusive) {
    push(walk, group);
  }
  return true;
}

static void visit(literal_walk *walk, uint32_t index, uint32_t length) {
  const nfa_instruction *instruction = &walk->program->instructions[index];
  switch ((nfa_opcode)instruction->opcode) {
    case NFA_MATCH:
      emit(walk, length, true);
      break;
    case NFA_FAIL:
      break;
    case NFA_SAVE:
      push_visit(walk, instruction->next, length);
      break;
    case NFA_ASSERT:
      /* Assumed to hold: the literals then still begin every match. */
      walk->inexact = true;
      walk->give_up = walk->give_up || walk->limits->only_exact;
      push_visit(walk, instruction->next, length);
      break;
    case NFA_BYTE_RANGE:
      push(walk, range_unit(instruction, index, length));
      break;
    case NFA_SPLIT:
      if (!push_leaf_units(walk, index, length)) {
        push_visit(walk, instruction->alternative, length);
        push_visit(walk, instruction->next, length);
      }
      break;
  }
}

static void run(literal_walk *walk) {
  push_visit(walk, walk->program->start, 0);
  while (walk->task_count > 0 && walk->status == 0 && !walk->give_up) {
    if (++walk->work > walk->max_work) {
      walk->give_up = true;
      break;
    }
    walk_task task = walk->tasks[--walk->task_count];
    switch ((task_kind)task.kind) {
      case TASK_VISIT:
        visit(walk, task.instruction, task.length);
        break;
      case TASK_CONSUME:
        walk->path[task.length] = task.byte;
        walk->folds[task.length] = task.fold;
        visit(walk, task.instruction, task.length + 1);
        break;
      case TASK_UNIT:
        expand_unit(walk, &task);
        break;
      case TASK_UNMARK:
        walk->on_path[task.instruction] = 0;
        break;
    }
  }
}

int literal_extract(const nfa_program *program, const literal_limits *limits, literal_set *set,
                    literal_extraction *extraction) {
  const jrx_allocator *allocator = program->allocator;
  literal_walk walk = {.program = program, .limits = limits, .set = set};
  /* Every task either adds to a literal, which the byte budget bounds,
   * or moves through the program, which a path crosses at most once. */
  walk.max_work = 4 * ((uint64_t)program->count + limits->max_total_bytes) + 64;
  walk.on_path = memory_allocate_zeroed_array(allocator, program->count, 1);
  walk.path = memory_allocate((allocator), (size_t)limits->max_length + 1);
  walk.folds = memory_allocate((allocator), (size_t)limits->max_length + 1);
  if (walk.on_path == NULL || walk.path == NULL || walk.folds == NULL) {
    walk.status = JRX_ERROR_NOMEMORY;
  } else {
    run(&walk);
  }
  memory_free(allocator, walk.tasks);
  memory_free(allocator, walk.folds);
  memory_free(allocator, walk.path);
  memory_free(allocator, walk.on_path);
  if (walk.status != 0 || walk.give_up || set->count == 0) {
    literal_set_release(set);
    *extraction = LITERAL_EXTRACTION_NONE;
    return walk.status;
  }
  *extraction = walk.inexact ? LITERAL_EXTRACTION_PREFIXES : LITERAL_EXTRACTION_EXACT;
  return 0;
}
