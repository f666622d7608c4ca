/* nfa_compile: AST to program with PCRE2's repeat semantics. A loop stops
 * after an empty iteration; threads carry no positions, so each loop body
 * gets a "nothing consumed yet" copy whose end leaves the loop. */
#include <string.h>

#include "jrx.h"
#include "lookaround.h"
#include "lookaround_table.h"
#include "memory.h"
#include "nfa.h"
#include "nfa_builder.h"

/* A lookaround by its pattern offset, and for one compiled as its
 * branches (ast_node.as.lookaround.split) the branch's index + 1. */
typedef struct position_owner {
  size_t pattern_offset;
  size_t branch;
  uint32_t group; /* 0, or the group of a conditional lookaround's condition */
} position_owner;

typedef struct nfa_compiler {
  nfa_builder builder;
  lookaround *lookarounds;
  uint32_t lookaround_count;
  size_t lookaround_capacity;
  lookaround_branch *branches;
  uint32_t branch_count;
  size_t branch_capacity;
  size_t lookbehind_reach; /* characters */
  uint32_t table_count;
  uint32_t negative_depth;   /* negative lookarounds around the node compiled */
  uint32_t lookaround_depth; /* lookarounds around it */
  /* The position slots (lookaround.position_slot), after the groups',
   * one per lookaround of the pattern (per branch of a split one): the
   * copies a repeat compiles share it, so that the last pass of any of
   * them wins. position_owners[i] names slot first_position_slot + i's. */
  position_owner *position_owners;
  uint32_t position_slots;
  size_t position_capacity;
  uint32_t first_position_slot;
  int has_match_reset;
  int has_ucp_word_boundary; /* \b or \B under UCP: the Pike VM alone answers */
  int has_grapheme;          /* \X: the same */
  int utf;
  int error_recorded;
  size_t error_offset;
} nfa_compiler;

static int compile_node(nfa_compiler *compiler, const ast_node *node, uint32_t next,
                        uint32_t *entry);

void nfa_default_limits(nfa_compile_limits *limits) {
  limits->max_instructions = NFA_DEFAULT_MAX_INSTRUCTIONS;
  limits->max_lookaround_table_bytes = NFA_DEFAULT_MAX_LOOKAROUND_TABLE_BYTES;
}

static int emit_split(nfa_compiler *compiler, uint32_t preferred, uint32_t other,
                      uint32_t *index) {
  nfa_instruction split = {.opcode = NFA_SPLIT, .next = preferred, .alternative = other};
  return nfa_builder_emit(&compiler->builder, split, index);
}

static int emit_save(nfa_compiler *compiler, uint32_t slot, uint32_t next, uint32_t *index) {
  nfa_instruction save = {.opcode = NFA_SAVE, .next = next, .slot = slot};
  return nfa_builder_emit(&compiler->builder, save, index);
}

static int compile_concatenation(nfa_compiler *compiler, const ast_node *node, uint32_t next,
                                 uint32_t *entry) {
  *entry = next;
  for (size_t i = node->as.list.count; i > 0; i--) {
    int status = compile_node(compiler, node->as.list.items[i - 1], *entry, entry);
    if (status != 0) {
      return status;
    }
  }
  return 0;
}

static int compile_alternation(nfa_compiler *compiler, const ast_node *node, uint32_t next,
                               uint32_t *entry) {
  size_t remaining = node->as.list.count;
  if (remaining == 0) {
    nfa_instruction fail = {.opcode = NFA_FAIL};
    return nfa_builder_emit(&compiler->builder, fail, entry);
  }
  int status = compile_node(compiler, node->as.list.items[--remaining], next, entry);
  while (status == 0 && remaining > 0) {
    uint32_t branch;
    status = compile_node(compiler, node->as.list.items[--remaining], next, &branch);
    if (status == 0) {
      status = emit_split(compiler, branch, *entry, entry);
    }
  }
  return status;
}

static int compile_capture(nfa_compiler *compiler, const ast_node *node, uint32_t next,
                           uint32_t *entry) {
  uint32_t slot = 2u * node->as.capture.index;
  uint32_t close;
  uint32_t body;
  int status = emit_save(compiler, slot + 1u, next, &close);
  if (status == 0) {
    status = compile_node(compiler, node->as.capture.child, close, &body);
  }
  if (status == 0) {
    status = emit_save(compiler, slot, body, entry);
  }
  return status;
}

/* Per-instruction marks of the body walk in make_empty_iteration. */
enum {
  WALK_VISITED = 1u,    /* pushed on the walk stack */
  WALK_REACHES_END = 2u /* the iteration's end is reachable without consuming */
};

typedef struct walk_frame {
  uint32_t instruction;
  uint32_t successors_done;
} walk_frame;

static int is_epsilon(const nfa_instruction *instruction) {
  return instruction->opcode == NFA_SPLIT || instruction->opcode == NFA_SAVE ||
         instruction->opcode == NFA_ASSERT;
}

static uint32_t epsilon_successor(const nfa_instruction *instruction, uint32_t which) {
  return which == 0 ? instruction->next : instruction->alternative;
}

static uint32_t epsilon_successor_count(const nfa_instruction *instruction) {
  if (!is_epsilon(instruction)) {
    return 0;
  }
  return instruction->opcode == NFA_SPLIT ? 2u : 1u;
}

/* Marks the body instructions from which `loop` (the iteration's end) is
 * reachable through epsilon edges alone, walking depth-first from entry.
 * marks is indexed from body_begin. */
static void mark_reaching_end(const nfa_instruction *instructions, uint32_t body_begin,
                              uint32_t body_end, uint32_t entry, uint32_t loop,
                              unsigned char *marks, walk_frame *stack) {
  size_t depth = 0;
  stack[depth++] = (walk_frame){entry, 0};
  marks[entry - body_begin] = WALK_VISITED;
  while (depth > 0) {
    walk_frame *frame = &stack[depth - 1];
    const nfa_instruction *instruction = &instructions[frame->instruction];
    if (frame->successors_done == epsilon_successor_count(instruction)) {
      depth--;
      continue;
    }
    uint32_t successor = epsilon_successor(instruction, frame->successors_done++);
    unsigned char *mark = &marks[frame->instruction - body_begin];
    if (successor == loop) {
      *mark |= WALK_REACHES_END;
    } else if (successor >= body_begin && successor < body_end) {
      unsigned char *successor_mark = &marks[successor - body_begin];
      if (*successor_mark == 0) {
        *successor_mark = WALK_VISITED;
        /* Revisit this successor once it is finished to pick up its mark. */
        frame->successors_done--;
        stack[depth++] = (walk_frame){successor, 0};
      } else {
        *mark |= *successor_mark & WALK_REACHES_END;
      }
    }
  }
}

static uint32_t empty_copy_target(uint32_t target, uint32_t body_begin, uint32_t body_end,
                                  uint32_t loop, uint32_t exit, const unsigned char *marks,
                                  const uint32_t *copies) {
  if (target == loop) {
    return exit;
  }
  if (target >= body_begin && target < body_end &&
      (marks[target - body_begin] & WALK_REACHES_END) != 0) {
    return copies[target - body_begin];
  }
  return target;
}

/* Builds the "nothing consumed yet" version of the loop body occupying
 * [body_begin, body_end) with entry body_entry and end `loop`: a copy of
 * every epsilon instruction that can reach the end without consuming, in
 * which reaching the end means going to exit. Consuming instructions are
 * shared, so after the first byte a thread is in the ordinary body. */
static int make_empty_iteration(nfa_compiler *compiler, uint32_t body_begin, uint32_t body_end,
                                uint32_t body_entry, uint32_t loop, uint32_t exit,
                                uint32_t *empty_entry) {
  if (body_entry == loop) {
    *empty_entry = exit;
    return 0;
  }
  nfa_builder *builder = &compiler->builder;
  uint32_t size = body_end - body_begin;
  int status = nfa_builder_charge_work(builder, size);
  if (status != 0) {
    return status;
  }
  const jrx_allocator *allocator = builder->allocator;
  unsigned char *marks = memory_allocate_zeroed_array(allocator, size, sizeof *marks);
  uint32_t *copies = memory_allocate_array(allocator, size, sizeof *copies);
  walk_frame *stack = memory_allocate_array(allocator, size, sizeof *stack);
  if (marks == NULL || copies == NULL || stack == NULL) {
    status = JRX_ERROR_NOMEMORY;
  } else {
    mark_reaching_end(builder->instructions, body_begin, body_end, body_entry, loop, marks,
                      stack);
    for (uint32_t i = 0; status == 0 && i < size; i++) {
      if ((marks[i] & WALK_REACHES_END) != 0) {
        status = nfa_builder_emit(builder, builder->instructions[body_begin + i], &copies[i]);
      }
    }
    for (uint32_t i = 0; status == 0 && i < size; i++) {
      if ((marks[i] & WALK_REACHES_END) != 0) {
        nfa_instruction *copy = &builder->instructions[copies[i]];
        copy->next =
            empty_copy_target(copy->next, body_begin, body_end, loop, exit, marks, copies);
        if (copy->opcode == NFA_SPLIT) {
          copy->alternative = empty_copy_target(copy->alternative, body_begin, body_end, loop,
                                                exit, marks, copies);
        }
      }
    }
    if (status == 0) {
      *empty_entry = empty_copy_target(body_entry, body_begin, body_end, loop, exit, marks,
                                       copies);
    }
  }
  memory_free(allocator, stack);
  memory_free(allocator, copies);
  memory_free(allocator, marks);
  return status;
}

/* An unbounded loop over child continuing at exit. Every iteration starts
 * in the "nothing consumed yet" copy; with first_mandatory the loop is
 * entered there directly (X+), otherwise at the loop's choice (X*). */
static int compile_loop(nfa_compiler *compiler, const ast_node *node, int first_mandatory,
                        uint32_t exit, uint32_t *entry) {
  uint32_t loop;
  int status = emit_split(compiler, 0, 0, &loop);
  if (status != 0) {
    return status;
  }
  uint32_t body_begin = compiler->builder.count;
  uint32_t body_entry;
  status = compile_node(compiler, node->as.repeat.child, loop, &body_entry);
  uint32_t empty_entry = 0;
  if (status == 0) {
    status = make_empty_iteration(compiler, body_begin, compiler->builder.count, body_entry,
                                  loop, exit, &empty_entry);
  }
  if (status != 0) {
    return status;
  }
  nfa_instruction *split = &compiler->builder.instructions[loop];
  split->next = node->as.repeat.greedy ? empty_entry : exit;
  split->alternative = node->as.repeat.greedy ? exit : empty_entry;
  *entry = first_mandatory ? empty_entry : loop;
  return 0;
}

/* Counted repetition expanded as PCRE2 does: X{2,} is X X+ and X{2,4} is
 * X X (?:X(?:X)?)?, the optional copies without any empty-iteration rule. */
static int compile_repeat(nfa_compiler *compiler, const ast_node *node, uint32_t next,
                          uint32_t *entry) {
  uint32_t min = node->as.repeat.min;
  uint32_t max = node->as.repeat.max;
  const ast_node *child = node->as.repeat.child;
  uint32_t mandatory = min;
  int status = 0;
  *entry = next;
  if (max == AST_REPEAT_INFINITE) {
    status = compile_loop(compiler, node, min > 0, next, entry);
    if (min > 0) {
      mandatory--;
    }
  } else {
    for (uint32_t optional = max - min; status == 0 && optional > 0; optional--) {
      uint32_t copy;
      status = compile_node(compiler, child, *entry, &copy);
      if (status == 0) {
        status = node->as.repeat.greedy ? emit_split(compiler, copy, next, entry)
                                        : emit_split(compiler, next, copy, entry);
      }
    }
  }
  for (; status == 0 && mandatory > 0; mandatory--) {
    status = compile_node(compiler, child, *entry, entry);
  }
  return status;
}

/* *slot: the position slot of owner, taken on its first compile. The
 * search is charged as compile work. */
static int position_slot(nfa_compiler *compiler, position_owner owner, uint32_t *slot) {
  int status = nfa_builder_charge_work(&compiler->builder, compiler->position_slots);
  if (status != 0) {
    return status;
  }
  for (uint32_t index = 0; index < compiler->position_slots; index++) {
    const position_owner *known = &compiler->position_owners[index];
    if (known->pattern_offset == owner.pattern_offset && known->branch == owner.branch &&
        known->group == owner.group) {
      *slot = compiler->first_position_slot + index;
      return 0;
    }
  }
  void *grown = compiler->position_owners;
  if (!memory_grow_array(compiler->builder.allocator, &grown, &compiler->position_capacity,
                         (size_t)compiler->position_slots + 1, sizeof *compiler->position_owners,
                         4)) {
    return JRX_ERROR_NOMEMORY;
  }
  compiler->position_owners = grown;
  compiler->position_owners[compiler->position_slots] = owner;
  *slot = compiler->first_position_slot + compiler->position_slots++;
  return 0;
}

/* Makes room for count more lookaround branches. */
static int reserve_branches(nfa_compiler *compiler, size_t count) {
  void *grown = compiler->branches;
  if (!memory_grow_array(compiler->builder.allocator, &grown, &compiler->branch_capacity,
                         (size_t)compiler->branch_count + count, sizeof *compiler->branches, 4)) {
    return JRX_ERROR_NOMEMORY;
  }
  compiler->branches = grown;
  return 0;
}

/* Appends entry to the lookarounds, storing its index. */
static int append_lookaround(nfa_compiler *compiler, lookaround entry, uint32_t *index) {
  void *grown = compiler->lookarounds;
  if (!memory_grow_array(compiler->builder.allocator, &grown, &compiler->lookaround_capacity,
                         (size_t)compiler->lookaround_count + 1, sizeof *compiler->lookarounds,
                         4)) {
    return JRX_ERROR_NOMEMORY;
  }
  compiler->lookarounds = grown;
  *index = compiler->lookaround_count;
  compiler->lookarounds[compiler->lookaround_count++] = entry;
  return 0;
}

/* Appends a lookaround of one branch, entered at branch.start, storing
 * its index. */
static int add_lookaround(nfa_compiler *compiler, lookaround entry, lookaround_branch branch,
                          uint32_t *index) {
  int status = reserve_branches(compiler, 1);
  if (status != 0) {
    return status;
  }
  entry.first_branch = compiler->branch_count;
  entry.branch_count = 1;
  compiler->branches[compiler->branch_count++] = branch;
  return append_lookaround(compiler, entry, index);
}

/* A conditional lookaround (ast_node.as.lookaround.conditional) of one
 * branch, B, passed several times: PCRE2 keeps each of its groups from
 * the last pass whose first match of B set it, which may be an earlier
 * pass than the last. So for each group g of B, each pass also saves its
 * position in a slot of g's when the condition C_g holds there: "the
 * first match of B here sets g", and lookaround_capture_fill runs B at
 * that slot's position for g alone.
 *
 * C_g is a lookaround of its own (lookaround.group, .source), whose body
 * is B twice, before and after setting g, matching only in the second
 * copy: a path through it is a match of B that sets g. B sets g where it
 * passes g's closing save, or a lookaround N nested in it whose every
 * pass sets g (sets_group): N holds g and sets all its groups, or N is
 * the condition for g of a conditional lookaround nested in B, its
 * split's preferred branch. It
 * accepts only B's first match: each SPLIT of B, which tries its
 * preferred branch first, may take its other one only where the
 * preferred one cannot reach B's end, a negative lookahead entered at the
 * preferred branch over B's instructions (one per SPLIT, shared by the
 * copies). The first match takes, at each SPLIT, the preferred branch
 * exactly when some path from there reaches the end (epsilon edges form
 * a DAG, so the first match is a path), so exactly one path of B is
 * left, and C_g holds where it passes g's close. Each C_g and negative
 * lookahead is a lookaround like the others, checked directly or from a
 * table, with a table where B has one: the search stays O(n * m). */
typedef struct condition_source {
  uint32_t lookaround; /* B's */
  uint32_t begin;      /* B's instructions: [begin, begin + count) */
  uint32_t count;
  uint32_t match;      /* B's NFA_MATCH */
  uint32_t characters; /* of a lookbehind's branch */
  uint8_t behind;
  int tabled;     /* B has a table */
  uint32_t depth; /* lookarounds around B, B included */
  position_owner owner;
  /* Per instruction of B, for a SPLIT the negative lookahead that holds
   * where its preferred branch cannot reach B's end. */
  uint32_t *preferred_fails;
} condition_source;

static int add_preferred_fails(nfa_compiler *compiler, condition_source *source) {
  source->preferred_fails =
      memory_allocate_array(compiler->builder.allocator, source->count, sizeof(uint32_t));
  if (source->preferred_fails == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  int tabled = source->tabled || (source->depth + 1) % LOOKAROUND_TABLE_NESTING == 0;
  for (uint32_t offset = 0; offset < source->count; offset++) {
    nfa_instruction instruction = compiler->builder.instructions[source->begin + offset];
    source->preferred_fails[offset] = UINT32_MAX; /* not a SPLIT */
    if (instruction.opcode != NFA_SPLIT) {
      continue;
    }
    lookaround entry = {.body_begin = source->begin,
                        .body_count = source->count,
                        .table = tabled ? compiler->table_count++ : LOOKAROUND_NO_TABLE,
                        .byte_set = LOOKAROUND_NO_BYTE_SET,
                        .position_slot = LOOKAROUND_NO_POSITION_SLOT,
                        .negated = 1};
    int status = add_lookaround(compiler, entry, (lookaround_branch){instruction.next, 0},
                                &source->preferred_fails[offset]);
    if (status != 0) {
      return status;
    }
  }
  return 0;
}

/* Whether passing instruction, one of B's, sets group: g's closing save,
 * or a lookaround nested in B that sets g at every pass
 * (lookaround_sets_group), such as g's own condition of that one. */
static int sets_group(const nfa_compiler *compiler, const nfa_instruction *instruction,
                      uint32_t group) {
  if (instruction->opcode == NFA_SAVE) {
    return instruction->slot == 2 * group + 1;
  }
  return instruction->opcode == NFA_ASSERT &&
         instruction->assertion == AST_ASSERT_LOOKAROUND &&
         lookaround_sets_group(compiler->builder.instructions, compiler->lookarounds,
                               instruction->lookaround, group);
}

/* Emits C_g's body (condition_source) and stores its entry. */
static int emit_condition_body(nfa_compiler *compiler, const condition_source *source,
                               uint32_t group, uint32_t *entry) {
  uint32_t base = compiler->builder.count;
  uint32_t extra = base + 2 * source->count; /* the SPLITs' negative lookaheads */
  for (uint32_t pass = 0; pass < 2; pass++) {
    for (uint32_t copy = 0; copy < 2; copy++) {
      for (uint32_t offset = 0; offset < source->count; offset++) {
        nfa_instruction instruction = compiler->builder.instructions[source->begin + offset];
        uint32_t copied = base + copy * source->count;
        if (pass == 1) {
          if (instruction.opcode != NFA_SPLIT) {
            continue;
          }
          /* The other branch, where the preferred one cannot reach the end. */
          instruction = (nfa_instruction){
              .opcode = NFA_ASSERT,
              .assertion = AST_ASSERT_LOOKAROUND,
              .next = copied + instruction.alternative - source->begin,
              .lookaround = source->preferred_fails[offset]};
        } else if (instruction.opcode == NFA_MATCH) {
          if (copy == 0 && source->begin + offset == source->match) {
            instruction.opcode = NFA_FAIL;
          }
        } else if (instruction.opcode != NFA_FAIL) {
          int closes = copy == 0 && sets_group(compiler, &instruction, group);
          instruction.next =
              (closes ? base + source->count : copied) + instruction.next - source->begin;
          if (instruction.opcode == NFA_SPLIT) {
            instruction.alternative = extra++;
          }
        }
        uint32_t index;
        int status = nfa_builder_emit(&compiler->builder, instruction, &index);
        if (status != 0) {
          return status;
        }
      }
    }
  }
  *entry = base;
  return 0;
}

/* Adds C_g for group g and, before next, a preferred branch through it
 * that saves the position in g's slot; *next becomes that branch. */
static int compile_condition(nfa_compiler *compiler, const condition_source *source,
                             uint32_t group, uint32_t *next) {
  uint32_t body_begin;
  int status = emit_condition_body(compiler, source, group, &body_begin);
  if (status != 0) {
    return status;
  }
  uint32_t body_count = compiler->builder.count - body_begin;
  uint32_t start = body_begin +
                   compiler->branches[compiler->lookarounds[source->lookaround].first_branch].start -
                   source->begin;
  int tabled = source->tabled || body_count > LOOKAROUND_MAX_BODY_INSTRUCTIONS;
  position_owner owner = source->owner;
  owner.group = group;
  uint32_t slot;
  status = position_slot(compiler, owner, &slot);
  if (status != 0) {
    return status;
  }
  lookaround entry = {.body_begin = body_begin,
                      .body_count = body_count,
                      .table = tabled ? compiler->table_count++ : LOOKAROUND_NO_TABLE,
                      .byte_set = LOOKAROUND_NO_BYTE_SET,
                      .position_slot = slot,
                      .group = group,
                      .source = source->lookaround,
                      .behind = source->behind};
  uint32_t index;
  status = add_lookaround(compiler, entry, (lookaround_branch){start, source->characters}, &index);
  uint32_t save;
  uint32_t check;
  if (status == 0) {
    status = emit_save(compiler, slot, *next, &save);
  }
  if (status == 0) {
    nfa_instruction assertion = {.opcode = NFA_ASSERT,
                                 .assertion = AST_ASSERT_LOOKAROUND,
                                 .next = save,
                                 .lookaround = index};
    status = nfa_builder_emit(&compiler->builder, assertion, &check);
  }
  if (status == 0) {
    status = emit_split(compiler, check, *next, next);
  }
  return status;
}

/* compile_condition for each group of node, those of the positive
 * lookarounds nested in it included: B's first match sets such a group
 * where it passes a lookaround that then sets it (sets_group), and the
 * fill follows it there (lookaround_capture_fill). */
static int compile_conditions(nfa_compiler *compiler, const condition_source *source,
                              const ast_node *node, uint32_t *next) {
  int status = 0;
  switch (node->kind) {
  case AST_CONCAT:
  case AST_ALTERNATE:
    for (size_t index = 0; index < node->as.list.count && status == 0; index++) {
      status = compile_conditions(compiler, source, node->as.list.items[index], next);
    }
    return status;
  case AST_REPEAT: return compile_conditions(compiler, source, node->as.repeat.child, next);
  case AST_LOOKAROUND:
    return node->as.lookaround.negated
               ? 0
               : compile_conditions(compiler, source, node->as.lookaround.child, next);
  case AST_CAPTURE:
    status = compile_condition(compiler, source, node->as.capture.index, next);
    return status == 0 ? compile_conditions(compiler, source, node->as.capture.child, next)
                       : status;
  default: return 0;
  }
}

/* Which part of a lookaround compile_lookaround compiles: all its
 * branches, or one branch of a split one. */
#define WHOLE_LOOKAROUND SIZE_MAX

/* Whether set holds every code point in [low, high] (its ranges are
 * disjoint and never adjacent, so one range must hold them all). */
static int covers(const charset *set, uint32_t low, uint32_t high) {
  for (size_t i = 0; i < set->count; i++) {
    if (set->ranges[i].low <= low && high <= set->ranges[i].high) {
      return 1;
    }
  }
  return 0;
}

/* Marks entry, a lookahead whose whole body is compiled with its entry
 * at start, as a run (lookaround.run) when the body is C*X: a repeat
 * {0,} of a class, and more after it. Its entry is then the repeat's
 * loop split, whose way out (the lower-priority way of a greedy loop,
 * the preferred one of a lazy loop) enters X. */
static void find_lookahead_run(const nfa_compiler *compiler, const ast_node *body,
                               uint32_t start, lookaround *entry) {
  if (body->kind != AST_CONCAT || body->as.list.count < 2) {
    return;
  }
  const ast_node *repeat = body->as.list.items[0];
  if (repeat->kind != AST_REPEAT || repeat->as.repeat.min != 0 ||
      repeat->as.repeat.max != AST_REPEAT_INFINITE ||
      repeat->as.repeat.child->kind != AST_CLASS) {
    return;
  }
  const charset *set = &repeat->as.repeat.child->as.set;
  if (compiler->utf && !(covers(set, 0x80u, 0xd7ffu) && covers(set, 0xe000u, 0x10ffffu))) {
    return;
  }
  const nfa_instruction *split = &compiler->builder.instructions[start];
  if (split->opcode != NFA_SPLIT) {
    return;
  }
  uint32_t last_byte = compiler->utf ? 0x7fu : 0xffu;
  for (uint32_t byte = 0; byte <= last_byte; byte++) {
    if (!charset_contains(set, byte)) {
      entry->run_breaks[byte >> 6] |= (uint64_t)1 << (byte & 63u);
    }
  }
  entry->run = 1;
  entry->run_exit = repeat->as.repeat.greedy ? split->alternative : split->next;
}

/* The lookaround's branches (or only branch `part` of it), each a
 * detached sub-program ending in an NFA_MATCH of its own, then the
 * assertion that checks them. The
 * branches' slots are taken before compiling them, so that lookarounds
 * nested inside add theirs after and each lookaround's stay contiguous.
 * A body that may match more than LOOKAROUND_MAX_BODY_BYTES bytes, or
 * compiles to more than LOOKAROUND_MAX_BODY_INSTRUCTIONS, gets a table,
 * and so does every LOOKAROUND_TABLE_NESTING-th level of nesting. */
static int compile_lookaround(nfa_compiler *compiler, const ast_node *node, size_t part,
                              uint32_t next, uint32_t *entry) {
  const jrx_allocator *allocator = compiler->builder.allocator;
  int behind = node->as.lookaround.behind;
  int whole = part == WHOLE_LOOKAROUND;
  const ast_node *body = whole ? node->as.lookaround.child : ast_lookaround_branch(node, part);
  size_t count = behind && whole ? node->as.lookaround.branch_count : 1;
  if (reserve_branches(compiler, count) != 0) {
    return JRX_ERROR_NOMEMORY;
  }
  uint32_t first_branch = compiler->branch_count;
  compiler->branch_count += (uint32_t)count;
  uint32_t body_begin = compiler->builder.count;
  uint32_t longest = 0; /* characters of the longest lookbehind branch */
  compiler->negative_depth += (uint32_t)node->as.lookaround.negated;
  compiler->lookaround_depth++;
  for (size_t index = 0; index < count; index++) {
    const ast_node *branch = behind && whole ? ast_lookaround_branch(node, index) : body;
    nfa_instruction match = {.opcode = NFA_MATCH};
    uint32_t match_index;
    uint32_t start;
    int status = nfa_builder_emit(&compiler->builder, match, &match_index);
    if (status == 0) {
      status = compile_node(compiler, branch, match_index, &start);
    }
    if (status != 0) {
      return status;
    }
    uint32_t characters = behind ? ast_fixed_characters(branch) : 0;
    compiler->branches[first_branch + index] = (lookaround_branch){start, characters};
    if (characters > longest) {
      longest = characters;
    }
  }
  compiler->negative_depth -= (uint32_t)node->as.lookaround.negated;
  uint32_t depth = compiler->lookaround_depth--;
  compiler->lookbehind_reach += longest;
  uint32_t body_count = compiler->builder.count - body_begin;
  int tabled = lookaround_tables_forced() || body_count > LOOKAROUND_MAX_BODY_INSTRUCTIONS ||
               ast_max_bytes(body, compiler->utf) > LOOKAROUND_MAX_BODY_BYTES ||
               depth % LOOKAROUND_TABLE_NESTING == 0;
  uint32_t index;
  int status = append_lookaround(
      compiler,
      (lookaround){.first_branch = first_branch,
                   .branch_count = (uint32_t)count,
                   .body_begin = body_begin,
                   .body_count = body_count,
                   .table = tabled ? compiler->table_count++ : LOOKAROUND_NO_TABLE,
                   .byte_set = LOOKAROUND_NO_BYTE_SET,
                   .position_slot = LOOKAROUND_NO_POSITION_SLOT,
                   .behind = (uint8_t)behind,
                   .negated = (uint8_t)node->as.lookaround.negated,
                   .conditional = (uint8_t)node->as.lookaround.conditional},
      &index);
  if (status != 0) {
    return status;
  }
  if (!behind && whole) {
    find_lookahead_run(compiler, body, compiler->branches[first_branch].start,
                       &compiler->lookarounds[index]);
  }
  position_owner owner = {node->pattern_offset, whole ? 0 : part + 1, 0};
  if (node->as.lookaround.conditional) {
    condition_source source = {.lookaround = index,
                               .begin = body_begin,
                               .count = body_count,
                               .match = body_begin, /* a branch's match comes first */
                               .characters = compiler->branches[first_branch].characters,
                               .behind = (uint8_t)behind,
                               .tabled = tabled,
                               .depth = depth,
                               .owner = owner};
    status = add_preferred_fails(compiler, &source);
    if (status == 0) {
      status = compile_conditions(compiler, &source, body, &next);
    }
    memory_free(allocator, source.preferred_fails);
    if (status != 0) {
      return status;
    }
  }
  if (compiler->negative_depth == 0 && !node->as.lookaround.negated &&
      ast_has_settable_capture(body)) {
    /* Where the match passed it, for lookaround_capture_fill. */
    uint32_t slot;
    status = position_slot(compiler, owner, &slot);
    if (status == 0) {
      compiler->lookarounds[index].position_slot = slot;
      status = emit_save(compiler, slot, next, &next);
    }
    if (status != 0) {
      return status;
    }
  }
  nfa_instruction assertion = {.opcode = NFA_ASSERT,
                               .assertion = AST_ASSERT_LOOKAROUND,
                               .next = next,
                               .lookaround = index};
  return nfa_builder_emit(&compiler->builder, assertion, entry);
}

/* A split lookaround (ast_node.as.lookaround.split): its branches, each
 * a lookaround of its own, as the alternatives of a group, in order. */
static int compile_split_lookaround(nfa_compiler *compiler, const ast_node *node, uint32_t next,
                                    uint32_t *entry) {
  size_t remaining = node->as.lookaround.branch_count;
  int status = compile_lookaround(compiler, node, --remaining, next, entry);
  while (status == 0 && remaining > 0) {
    uint32_t branch;
    status = compile_lookaround(compiler, node, --remaining, next, &branch);
    if (status == 0) {
      status = emit_split(compiler, branch, *entry, entry);
    }
  }
  return status;
}

static int compile_node_kind(nfa_compiler *compiler, const ast_node *node, uint32_t next,
                             uint32_t *entry) {
  switch (node->kind) {
    case AST_EMPTY:
      *entry = next;
      return 0;
    case AST_LITERAL:
      return nfa_compile_code_point(&compiler->builder, node->as.code_point, compiler->utf, next,
                                    entry);
    case AST_CLASS:
      return nfa_compile_charset(&compiler->builder, &node->as.set, compiler->utf, next, entry);
    case AST_CONCAT:
      return compile_concatenation(compiler, node, next, entry);
    case AST_ALTERNATE:
      return compile_alternation(compiler, node, next, entry);
    case AST_REPEAT:
      return compile_repeat(compiler, node, next, entry);
    case AST_CAPTURE:
      return compile_capture(compiler, node, next, entry);
    case AST_ASSERT: {
      compiler->has_ucp_word_boundary |= node->as.assertion == AST_ASSERT_UCP_WORD_BOUNDARY ||
                                         node->as.assertion == AST_ASSERT_UCP_NOT_WORD_BOUNDARY;
      compiler->has_grapheme |= ast_assertion_is_grapheme(node->as.assertion);
      nfa_instruction assertion = {
          .opcode = NFA_ASSERT, .assertion = (uint8_t)node->as.assertion, .next = next};
      return nfa_builder_emit(&compiler->builder, assertion, entry);
    }
    case AST_LOOKAROUND:
      return node->as.lookaround.split
                 ? compile_split_lookaround(compiler, node, next, entry)
                 : compile_lookaround(compiler, node, WHOLE_LOOKAROUND, next, entry);
    case AST_MATCH_RESET:
      /* The reported start is where \K was last passed: slot 0. */
      compiler->has_match_reset = 1;
      return emit_save(compiler, 0, next, entry);
  }
  return JRX_ERROR_INTERNAL;
}

/* Recursion depth is the AST's nesting depth, which the parser bounds. */
static int compile_node(nfa_compiler *compiler, const ast_node *node, uint32_t next,
                        uint32_t *entry) {
  /* Each visit is charged so that repeats of empty constructs, which emit
   * nothing, still cannot make compilation slow. */
  int status = nfa_builder_charge_work(&compiler->builder, 1);
  if (status == 0) {
    status = compile_node_kind(compiler, node, next, entry);
  }
  if (status != 0 && !compiler->error_recorded) {
    compiler->error_recorded = 1;
    compiler->error_offset = node->pattern_offset;
  }
  return status;
}

/* nfa_program.first_character_matches of the tree's root. */
static int first_character_matches(const ast_node *root) {
  if (root->kind != AST_REPEAT || root->as.repeat.min != 1) {
    return 0;
  }
  ast_kind item = root->as.repeat.child->kind;
  return item == AST_LITERAL || item == AST_CLASS;
}

/* Whether repeat is a repeat {n,} (n >= 1, greedy or lazy) of a literal
 * or a class whose code points are all below limit (a multiple of 64);
 * then sets their bits in bits (limit / 64 words, zeroed by the caller). */
static int unbounded_run_bits(const ast_node *repeat, uint32_t limit, uint64_t *bits) {
  if (repeat->kind != AST_REPEAT || repeat->as.repeat.min < 1 ||
      repeat->as.repeat.max != AST_REPEAT_INFINITE) {
    return 0;
  }
  const ast_node *item = repeat->as.repeat.child;
  charset_range single;
  const charset_range *ranges = &single;
  size_t count = 1;
  if (item->kind == AST_LITERAL) {
    single = (charset_range){item->as.code_point, item->as.code_point};
  } else if (item->kind == AST_CLASS) {
    ranges = item->as.set.ranges;
    count = item->as.set.count;
  } else {
    return 0;
  }
  for (size_t i = 0; i < count; i++) {
    if (ranges[i].high >= limit) {
      return 0;
    }
  }
  for (size_t i = 0; i < count; i++) {
    for (uint32_t code_point = ranges[i].low; code_point <= ranges[i].high; code_point++) {
      bits[code_point >> 6] |= (uint64_t)1 << (code_point & 63u);
    }
  }
  return 1;
}

/* nfa_program.starts_at_run_start and run_class of the tree: in UTF
 * mode, a root that is a repeat {n,} (n >= 1) of a literal or a class
 * with no code point from U+0800 up, or a sequence of such a repeat and
 * lookaheads. */
static void find_run_class(const ast_tree *tree, nfa_program *program) {
  const ast_node *repeat = tree->root;
  if (repeat->kind == AST_CONCAT) {
    if (repeat->as.list.count == 0) {
      return;
    }
    for (size_t i = 1; i < repeat->as.list.count; i++) {
      const ast_node *item = repeat->as.list.items[i];
      if (item->kind != AST_LOOKAROUND || item->as.lookaround.behind) {
        return;
      }
    }
    repeat = repeat->as.list.items[0];
  }
  uint64_t bits[32] = {0};
  if (!tree->utf || !unbounded_run_bits(repeat, 0x800u, bits)) {
    return;
  }
  memcpy(program->run_class, bits, sizeof bits);
  program->starts_at_run_start = 1;
}

/* nfa_program.has_leading_run and leading_run_bytes of the tree: its
 * root, or the first item of its root's sequence, through capturing
 * groups, is a repeat {n,} (n >= 1) of a literal or a class whose code
 * points are all single bytes in the program's encoding. */
static void find_leading_run(const ast_tree *tree, nfa_program *program) {
  const ast_node *first = tree->root;
  while (first->kind == AST_CAPTURE ||
         (first->kind == AST_CONCAT && first->as.list.count != 0)) {
    first = first->kind == AST_CAPTURE ? first->as.capture.child : first->as.list.items[0];
  }
  uint64_t bytes[4] = {0};
  if (!unbounded_run_bits(first, tree->utf ? 0x80u : 0x100u, bytes)) {
    return;
  }
  memcpy(program->leading_run_bytes, bytes, sizeof bytes);
  program->has_leading_run = 1;
}

/* Leaves the position slot of a lookaround a repeat compiled several
 * times on its last copy alone: one run of its body fills the groups, and
 * the last copy of a lookaround comes after the last copies of those
 * nested in it (they are compiled inside it). Marks position_owners. */
static void keep_last_copies(nfa_compiler *compiler) {
  for (uint32_t index = compiler->lookaround_count; index-- > 0;) {
    lookaround *copy = &compiler->lookarounds[index];
    if (copy->position_slot == LOOKAROUND_NO_POSITION_SLOT) {
      continue;
    }
    position_owner *owner =
        &compiler->position_owners[copy->position_slot - compiler->first_position_slot];
    if (owner->pattern_offset == SIZE_MAX) {
      copy->position_slot = LOOKAROUND_NO_POSITION_SLOT;
    }
    owner->pattern_offset = SIZE_MAX;
  }
}

int nfa_compile(const ast_tree *tree, const nfa_compile_limits *limits, nfa_program *program,
                size_t *error_offset) {
  nfa_compiler compiler = {.utf = tree->utf, .first_position_slot = 2u * (tree->capture_count + 1u)};
  nfa_builder_init(&compiler.builder, limits->max_instructions, tree->allocator);
  *program = (nfa_program){0};
  *error_offset = 0;

  /* The whole match is group 0: slot 0 before the body, slot 1 after. */
  nfa_instruction match = {.opcode = NFA_MATCH};
  uint32_t match_index;
  uint32_t body_end;
  uint32_t body_entry;
  int status = nfa_builder_emit(&compiler.builder, match, &match_index);
  if (status == 0) {
    status = emit_save(&compiler, 1, match_index, &body_end);
  }
  if (status == 0) {
    status = compile_node(&compiler, tree->root, body_end, &body_entry);
  }
  if (status == 0) {
    status = emit_save(&compiler, 0, body_entry, &program->start);
  }
  if (status == 0) {
    keep_last_copies(&compiler);
  }
  memory_free(tree->allocator, compiler.position_owners);
  if (status != 0) {
    *error_offset = compiler.error_offset;
    nfa_builder_release(&compiler.builder);
    memory_free(tree->allocator, compiler.lookarounds);
    memory_free(tree->allocator, compiler.branches);
    *program = (nfa_program){0};
    return status;
  }
  program->lookarounds = compiler.lookarounds;
  program->lookaround_count = compiler.lookaround_count;
  program->lookaround_branches = compiler.branches;
  program->lookaround_branch_count = compiler.branch_count;
  program->max_lookbehind = ast_max_lookbehind(tree->root);
  program->lookbehind_reach = compiler.lookbehind_reach;
  program->lookaround_table_count = compiler.table_count;
  program->max_lookaround_table_bytes = limits->max_lookaround_table_bytes;
  program->allocator = tree->allocator;
  program->instructions = compiler.builder.instructions;
  program->count = compiler.builder.count;
  /* \K's second copy of the instructions (nfa_split_empty_threads) is
   * not marked, so its programs are walked whole. */
  program->stored_region_count =
      compiler.has_match_reset ? 0 : compiler.builder.stored_region_count;
  memcpy(program->stored_regions, compiler.builder.stored_regions,
         sizeof program->stored_regions);
  program->needs_pike = !lookaround_find_byte_sets(program) || compiler.has_match_reset ||
                        compiler.has_ucp_word_boundary || compiler.has_grapheme;
  /* The lookarounds' position slots come after the groups' (an even count). */
  program->slot_count = compiler.first_position_slot + compiler.position_slots +
                        (compiler.position_slots & 1u);
  program->position_slot_count = compiler.position_slots;
  program->utf = tree->utf;
  program->first_character_matches = first_character_matches(tree->root);
  uint32_t characters = tree->utf ? ast_fixed_characters(tree->root) : AST_LENGTH_VARIES;
  program->fixed_characters = characters < AST_LENGTH_VARIES - 1 ? characters : 0; /* not saturated */
  find_run_class(tree, program);
  find_leading_run(tree, program);
  status = compiler.has_match_reset ? nfa_split_empty_threads(program, limits->max_instructions) : 0;
  if (status == 0) {
    status = nfa_analyze(program);
  }
  if (status != 0) {
    nfa_program_release(program);
  }
  return status;
}

void nfa_program_release(nfa_program *program) {
  memory_free(program->allocator, program->instructions);
  memory_free(program->allocator, program->lookarounds);
  memory_free(program->allocator, program->lookaround_branches);
  *program = (nfa_program){0};
}

int nfa_first_byte_possible(const nfa_program *program, unsigned char byte) {
  return nfa_byte_set_has(program->first_bytes, byte);
}

int nfa_prefix_fits(const nfa_program *program, const unsigned char *at) {
  for (uint32_t offset = 0; offset < program->prefix_byte_set_count; offset++) {
    if (!nfa_byte_set_has(program->prefix_byte_sets[offset], at[offset])) {
      return 0;
    }
  }
  return memcmp(at, program->literal_prefix, program->literal_prefix_length) == 0;
}
