/* lookaround_table: the passes that fill the lookaround tables (see the
 * header). Each table's plan lists the body instructions its branches can
 * reach, in post-order over epsilon edges (split, save, assertion), so an
 * instruction comes after every instruction it reaches without consuming:
 * epsilon edges form a DAG (nfa.h), so one sweep per position settles
 * every state. The states of two neighbouring positions are byte arrays
 * over the body; the bits of every table live in one array. The test
 * hook is the one piece of mutable global state: relaxed atomics suffice,
 * as tests set it before compiling. */
#include "lookaround_table.h"

#include <stdatomic.h>
#include <string.h>

#include "jrx.h"
#include "memory.h"

static atomic_bool tables_forced;

void lookaround_force_tables(bool on) {
  atomic_store_explicit(&tables_forced, on, memory_order_relaxed);
}

bool lookaround_tables_forced(void) {
  return atomic_load_explicit(&tables_forced, memory_order_relaxed);
}

typedef struct table_plan {
  const lookaround *lookaround;
  const uint32_t *order; /* body offsets (instruction - body_begin), epsilon successors first */
  uint32_t order_count;
} table_plan;

struct lookaround_tables {
  const nfa_program *program;
  table_plan *plans;    /* one per table, in table order */
  uint32_t *orders;     /* every plan's order */
  uint8_t *states[2];   /* the largest body's count each */
  uint64_t *bits;       /* words_per_table per table */
  size_t bit_words;     /* allocated */
  size_t words_per_table;
  size_t low;           /* the first position the last fill covered; the last is the length */
  /* The last fill's subject (NULL: none, or it failed) and options. */
  const unsigned char *filled_subject;
  size_t filled_length;
  uint32_t filled_options;
  bool kept;     /* lookaround_tables_keep_subject's promise, for the next fill */
  bool reusable; /* the bits do not depend on the start offset (see the header) */
};

/* The instructions an epsilon edge of instruction leads to; at most two. */
static uint32_t epsilon_successors(const nfa_instruction *instruction, uint32_t targets[2]) {
  switch ((nfa_opcode)instruction->opcode) {
    case NFA_SPLIT:
      targets[0] = instruction->next;
      targets[1] = instruction->alternative;
      return 2;
    case NFA_SAVE:
    case NFA_ASSERT:
      targets[0] = instruction->next;
      return 1;
    case NFA_BYTE_RANGE:
    case NFA_MATCH:
    case NFA_FAIL:
      break;
  }
  return 0;
}

/* Depth-first walk state: an instruction and how many of its epsilon
 * successors were walked. */
typedef struct walk_frame {
  uint32_t offset;
  uint32_t walked;
} walk_frame;

/* Appends to order, in post-order over epsilon edges, every body
 * instruction the lookaround's branches reach. marks (body_count, zero)
 * records the instructions met; roots and frames hold body_count +
 * branch_count and body_count entries. Returns the count appended. */
static uint32_t build_order(const nfa_program *program, const lookaround *checked,
                            uint8_t *marks, uint32_t *roots, walk_frame *frames,
                            uint32_t *order) {
  const nfa_instruction *body = &program->instructions[checked->body_begin];
  uint32_t root_count = 0;
  uint32_t count = 0;
  for (uint32_t i = 0; i < checked->branch_count; i++) {
    roots[root_count++] =
        program->lookaround_branches[checked->first_branch + i].start - checked->body_begin;
  }
  while (root_count > 0) {
    uint32_t root = roots[--root_count];
    if (marks[root]) {
      continue;
    }
    marks[root] = 1;
    size_t depth = 0;
    frames[depth++] = (walk_frame){root, 0};
    while (depth > 0) {
      walk_frame *frame = &frames[depth - 1];
      const nfa_instruction *instruction = &body[frame->offset];
      uint32_t targets[2];
      uint32_t target_count = epsilon_successors(instruction, targets);
      if (frame->walked < target_count) {
        uint32_t target = targets[frame->walked++] - checked->body_begin;
        if (!marks[target]) {
          marks[target] = 1;
          frames[depth++] = (walk_frame){target, 0};
        }
        continue;
      }
      if (instruction->opcode == NFA_BYTE_RANGE) {
        roots[root_count++] = instruction->next - checked->body_begin;
      }
      order[count++] = frame->offset;
      depth--;
    }
  }
  return count;
}

/* Fills every plan's order; scratch sized for the largest body. */
static int build_orders(lookaround_tables *tables, uint32_t largest_body) {
  const nfa_program *program = tables->program;
  const jrx_allocator *allocator = program->allocator;
  uint8_t *marks = memory_allocate_array(allocator, largest_body, sizeof *marks);
  uint32_t *roots = memory_allocate_array(
      allocator, (size_t)largest_body + program->lookaround_branch_count, sizeof *roots);
  walk_frame *frames = memory_allocate_array(allocator, largest_body, sizeof *frames);
  int status = marks != NULL && roots != NULL && frames != NULL ? 0 : JRX_ERROR_NOMEMORY;
  uint32_t *next_order = tables->orders;
  for (uint32_t index = 0; status == 0 && index < program->lookaround_count; index++) {
    const lookaround *checked = &program->lookarounds[index];
    if (checked->table == LOOKAROUND_NO_TABLE) {
      continue;
    }
    memset(marks, 0, checked->body_count);
    table_plan *plan = &tables->plans[checked->table];
    plan->lookaround = checked;
    plan->order = next_order;
    plan->order_count = build_order(program, checked, marks, roots, frames, next_order);
    next_order += plan->order_count;
  }
  memory_free(allocator, marks);
  memory_free(allocator, roots);
  memory_free(allocator, frames);
  return status;
}

static bool body_has_assertion(const nfa_program *program, const lookaround *around) {
  for (uint32_t pc = around->body_begin; pc - around->body_begin < around->body_count; pc++) {
    if (program->instructions[pc].opcode == NFA_ASSERT) {
      return true;
    }
  }
  return false;
}

/* Whether tables filled from one start offset hold for any later one: no
 * \G (it reads the start offset), and in UTF mode no lookbehind whose
 * body holds an assertion. A lookbehind may not step back before the
 * validity start, which moves with the start offset, but one at or after
 * the start offset starts its body at most max_lookbehind characters back,
 * inside either validity start; only an assertion in its body (\b, or a
 * lookbehind nested in it) can read on before it. Anchors read the
 * options, compared at each fill, or the subject; \b and \B in UTF mode
 * read one character back from positions at or after the start offset,
 * inside either validity start. (Without this, iterating over a UTF
 * subject's matches of (?<=[^a]{300})b filled its table from each match
 * to the end: quadratic, 47 s for 20 KB.) */
static bool reusable_across_starts(const nfa_program *program) {
  for (uint32_t pc = 0; pc < program->count; pc++) {
    const nfa_instruction *instruction = &program->instructions[pc];
    if (instruction->opcode == NFA_ASSERT && instruction->assertion == AST_ASSERT_MATCH_START) {
      return false;
    }
  }
  for (uint32_t index = 0; program->utf && index < program->lookaround_count; index++) {
    const lookaround *around = &program->lookarounds[index];
    if (around->behind && body_has_assertion(program, around)) {
      return false;
    }
  }
  return true;
}

int lookaround_tables_create(const nfa_program *program, lookaround_tables **result) {
  *result = NULL;
  if (program->lookaround_table_count == 0) {
    return 0;
  }
  const jrx_allocator *allocator = program->allocator;
  lookaround_tables *tables = memory_allocate_zeroed_array(allocator, 1, sizeof *tables);
  if (tables == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  tables->program = program;
  tables->reusable = reusable_across_starts(program);
  uint32_t largest_body = 1;
  size_t order_total = 0;
  for (uint32_t index = 0; index < program->lookaround_count; index++) {
    const lookaround *checked = &program->lookarounds[index];
    if (checked->table != LOOKAROUND_NO_TABLE) {
      order_total += checked->body_count;
      largest_body = checked->body_count > largest_body ? checked->body_count : largest_body;
    }
  }
  tables->plans =
      memory_allocate_array(allocator, program->lookaround_table_count, sizeof *tables->plans);
  tables->orders = memory_allocate_array(allocator, order_total, sizeof *tables->orders);
  tables->states[0] = memory_allocate_array(allocator, largest_body, 1);
  tables->states[1] = memory_allocate_array(allocator, largest_body, 1);
  int status = tables->plans != NULL && tables->orders != NULL && tables->states[0] != NULL &&
                       tables->states[1] != NULL
                   ? build_orders(tables, largest_body)
                   : JRX_ERROR_NOMEMORY;
  if (status != 0) {
    lookaround_tables_destroy(tables);
    return status;
  }
  *result = tables;
  return 0;
}

void lookaround_tables_destroy(lookaround_tables *tables) {
  if (tables == NULL) {
    return;
  }
  const jrx_allocator *allocator = tables->program->allocator;
  memory_free(allocator, tables->plans);
  memory_free(allocator, tables->orders);
  memory_free(allocator, tables->states[0]);
  memory_free(allocator, tables->states[1]);
  memory_free(allocator, tables->bits);
  memory_free(allocator, tables);
}

static uint64_t *table_bits(const lookaround_tables *tables, uint32_t table) {
  return &tables->bits[(size_t)table * tables->words_per_table];
}

static void set_bit(uint64_t *bits, size_t index) {
  bits[index / 64u] |= (uint64_t)1 << (index % 64u);
}

static int in_range(const nfa_instruction *instruction, unsigned char byte) {
  return byte >= instruction->low && byte <= instruction->high;
}

/* A lookbehind: at each position, the states the body reaches from the
 * states one byte before and from a fresh start of every branch. */
static void fill_behind(lookaround_tables *tables, const table_plan *plan,
                        const lookaround_subject *subject, uint64_t *bits) {
  const lookaround *checked = plan->lookaround;
  const nfa_instruction *body = &subject->program->instructions[checked->body_begin];
  const lookaround_branch *branches = &subject->program->lookaround_branches[checked->first_branch];
  uint8_t *current = tables->states[0];
  uint8_t *previous = tables->states[1];
  for (size_t position = tables->low; position <= subject->length; position++) {
    memset(current, 0, checked->body_count);
    for (uint32_t i = 0; position > tables->low && i < plan->order_count; i++) {
      const nfa_instruction *instruction = &body[plan->order[i]];
      if (previous[plan->order[i]] && instruction->opcode == NFA_BYTE_RANGE &&
          in_range(instruction, subject->subject[position - 1])) {
        current[instruction->next - checked->body_begin] = 1;
      }
    }
    for (uint32_t i = 0; i < checked->branch_count; i++) {
      current[branches[i].start - checked->body_begin] = 1;
    }
    int matched = 0;
    for (uint32_t i = plan->order_count; i-- > 0;) {
      uint32_t offset = plan->order[i];
      const nfa_instruction *instruction = &body[offset];
      if (!current[offset]) {
        continue;
      }
      uint32_t targets[2];
      uint32_t target_count = epsilon_successors(instruction, targets);
      if (instruction->opcode == NFA_ASSERT &&
          !lookaround_assertion_holds(subject, instruction, position)) {
        target_count = 0;
      }
      for (uint32_t t = 0; t < target_count; t++) {
        current[targets[t] - checked->body_begin] = 1;
      }
      matched |= instruction->opcode == NFA_MATCH;
    }
    if (matched) {
      set_bit(bits, position - tables->low);
    }
    if (subject->work != NULL) {
      *subject->work += plan->order_count;
    }
    uint8_t *swap = previous;
    previous = current;
    current = swap;
  }
}

/* Whether a path from instruction at position reaches the body's end,
 * given the answers for the instructions after it at this position
 * (current) and at the next one (previous). */
static uint8_t reaches_end(const lookaround_subject *subject, const nfa_instruction *instruction,
                           uint32_t body_begin, const uint8_t *current, const uint8_t *previous,
                           size_t position) {
  switch ((nfa_opcode)instruction->opcode) {
    case NFA_BYTE_RANGE:
      return position < subject->length && in_range(instruction, subject->subject[position]) &&
             previous[instruction->next - body_begin];
    case NFA_MATCH:
      return 1;
    case NFA_SPLIT:
      return current[instruction->next - body_begin] ||
             current[instruction->alternative - body_begin];
    case NFA_SAVE:
      return current[instruction->next - body_begin];
    case NFA_ASSERT:
      return current[instruction->next - body_begin] &&
             lookaround_assertion_holds(subject, instruction, position);
    case NFA_FAIL:
      break;
  }
  return 0;
}

/* A lookahead: from the subject's end backwards, each instruction's
 * answer from those of the instructions it leads to. */
static void fill_ahead(lookaround_tables *tables, const table_plan *plan,
                       const lookaround_subject *subject, uint64_t *bits) {
  const lookaround *checked = plan->lookaround;
  const nfa_instruction *body = &subject->program->instructions[checked->body_begin];
  uint32_t start = subject->program->lookaround_branches[checked->first_branch].start -
                   checked->body_begin;
  uint8_t *current = tables->states[0];
  uint8_t *previous = tables->states[1];
  for (size_t position = subject->length + 1; position-- > tables->low;) {
    for (uint32_t i = 0; i < plan->order_count; i++) {
      uint32_t offset = plan->order[i];
      current[offset] = reaches_end(subject, &body[offset], checked->body_begin, current,
                                    previous, position);
    }
    if (current[start]) {
      set_bit(bits, position - tables->low);
    }
    if (subject->work != NULL) {
      *subject->work += plan->order_count;
    }
    uint8_t *swap = previous;
    previous = current;
    current = swap;
  }
}

/* The first position a search from start_offset can ask about. */
static size_t first_position(const lookaround_subject *subject) {
  if (subject->program->utf) {
    return subject->check_from;
  }
  size_t reach = subject->program->lookbehind_reach;
  return subject->start_offset > reach ? subject->start_offset - reach : 0;
}

/* Whether tables of words words each stay within the program's bound. */
static bool words_fit(const nfa_program *program, size_t words) {
  return words <= program->max_lookaround_table_bytes / sizeof(uint64_t) /
                      program->lookaround_table_count;
}

int lookaround_tables_fit(const nfa_program *program, const unsigned char *subject,
                          size_t length, size_t start_offset) {
  if (program->lookaround_table_count == 0) {
    return 0;
  }
  lookaround_subject searched = {
      .program = program,
      .subject = subject,
      .length = length,
      .start_offset = start_offset,
      .check_from = lookaround_check_from(program, subject, length, start_offset)};
  size_t positions = length - first_position(&searched) + 1u;
  return words_fit(program, positions / 64u + 1u) ? 0 : JRX_ERROR_LOOKAROUND_TABLE_LIMIT;
}

/* Makes room for words_per_table words per table within the bound. */
static int reserve_bits(lookaround_tables *tables, size_t positions) {
  const nfa_program *program = tables->program;
  size_t words = positions / 64u + 1u;
  size_t table_count = program->lookaround_table_count;
  if (!words_fit(program, words)) {
    return JRX_ERROR_LOOKAROUND_TABLE_LIMIT;
  }
  size_t needed = words * table_count;
  if (needed > tables->bit_words) {
    uint64_t *grown = memory_allocate_array(program->allocator, needed, sizeof *grown);
    if (grown == NULL) {
      return JRX_ERROR_NOMEMORY;
    }
    memory_free(program->allocator, tables->bits);
    tables->bits = grown;
    tables->bit_words = needed;
  }
  tables->words_per_table = words;
  memset(tables->bits, 0, needed * sizeof *tables->bits);
  return 0;
}

void lookaround_tables_keep_subject(lookaround_tables *tables, bool kept) {
  if (tables != NULL) {
    tables->kept = kept;
  }
}

/* Whether a UTF search starts inside a character: JRX_MATCH_INVALID_UTF's
 * search of a fragment, whose validity start is the start offset itself. */
static bool starts_in_fragment(const lookaround_subject *subject) {
  return subject->program->utf && subject->start_offset < subject->length &&
         (subject->subject[subject->start_offset] & 0xc0u) == 0x80u;
}

/* Whether the last fill holds for subject, its first position low. */
static bool last_fill_holds(const lookaround_tables *tables, const lookaround_subject *subject,
                            size_t low) {
  return tables->kept && tables->reusable && !starts_in_fragment(subject) &&
         tables->filled_subject != NULL &&
         tables->filled_subject == subject->subject && tables->filled_length == subject->length &&
         tables->filled_options == (subject->options & (JRX_NOTBOL | JRX_NOTEOL)) &&
         low >= tables->low;
}

int lookaround_tables_fill(lookaround_tables *tables, lookaround_subject *subject) {
  size_t low = first_position(subject);
  bool holds = last_fill_holds(tables, subject, low);
  tables->kept = false;
  if (holds) {
    subject->tables = tables;
    return 0;
  }
  tables->filled_subject = NULL;
  int status = reserve_bits(tables, subject->length - low + 1u);
  if (status != 0) {
    return status;
  }
  tables->low = low;
  subject->tables = tables;
  for (uint32_t table = 0; table < tables->program->lookaround_table_count; table++) {
    const table_plan *plan = &tables->plans[table];
    if (plan->lookaround->behind) {
      fill_behind(tables, plan, subject, table_bits(tables, table));
    } else {
      fill_ahead(tables, plan, subject, table_bits(tables, table));
    }
  }
  tables->filled_subject = subject->subject;
  tables->filled_length = subject->length;
  tables->filled_options = subject->options & (JRX_NOTBOL | JRX_NOTEOL);
  return 0;
}

int lookaround_table_matches(const lookaround_tables *tables, uint32_t table, size_t position) {
  size_t index = position - tables->low;
  return (int)((table_bits(tables, table)[index / 64u] >> (index % 64u)) & 1u);
}
