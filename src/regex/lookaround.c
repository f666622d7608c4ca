/* lookaround: every assertion at a position (the anchors and \b by
 * nfa_assertion.h's rules), the lookup of a lookaround with a table, and
 * the direct check of a bounded lookaround (see lookaround.h): the
 * branch's states are a bit set over the lookaround's instructions,
 * advanced one byte at a time, each instruction entered at most once per
 * byte. Nested lookarounds checked directly recurse, less than
 * LOOKAROUND_TABLE_NESTING deep, with their bit sets on the C stack. */
#include "lookaround.h"

#include <string.h>

#include "jrx.h"
#include "lookaround_table.h"
#include "nfa_assertion.h"

#define SET_WORDS (LOOKAROUND_MAX_BODY_INSTRUCTIONS / 64u)

typedef struct state_set {
  uint64_t bits[SET_WORDS]; /* bit i: instruction body_begin + i */
} state_set;

/* One run of one branch: the instructions it may visit and its worklist. */
typedef struct branch_run {
  const lookaround_subject *subject;
  const lookaround *lookaround;
  uint16_t stack[LOOKAROUND_MAX_BODY_INSTRUCTIONS];
} branch_run;

static int is_continuation(unsigned char byte) {
  return (byte & 0xc0u) == 0x80u;
}

/* The rules every C engine follows (nfa_assertion.h), with PCRE2's
 * validity start for \b and \B. */
static int anchor_holds(const lookaround_subject *search, ast_assertion assertion,
                        size_t position) {
  const nfa_assertion_input input = {search->subject,       search->length,
                                     search->start_offset,  search->options,
                                     search->check_from,    search->program->utf,
                                     search->regional_cache, search->work};
  return nfa_assertion_holds(&input, assertion, position);
}

static int lookaround_holds(const lookaround_subject *subject, uint32_t index, size_t position);

int lookaround_assertion_holds(const lookaround_subject *subject,
                               const nfa_instruction *instruction, size_t position) {
  if (instruction->assertion == AST_ASSERT_LOOKAROUND) {
    return lookaround_holds(subject, instruction->lookaround, position);
  }
  return anchor_holds(subject, (ast_assertion)instruction->assertion, position);
}

static int set_has(const state_set *set, uint32_t bit) {
  return (int)((set->bits[bit / 64u] >> (bit % 64u)) & 1u);
}

static void set_add(state_set *set, uint32_t bit) {
  set->bits[bit / 64u] |= (uint64_t)1 << (bit % 64u);
}

/* Pushes pc on the run's worklist unless it was pushed at this position
 * already: each instruction at most once, so the worklist never holds
 * more than the lookaround's instructions. */
static void push_once(branch_run *run, state_set *visited, size_t *depth, uint32_t pc) {
  uint32_t bit = pc - run->lookaround->body_begin;
  if (!set_has(visited, bit)) {
    set_add(visited, bit);
    run->stack[(*depth)++] = (uint16_t)bit;
  }
}

/* Adds to set every byte-consuming instruction that pc reaches at
 * position without consuming. Returns 1 when that includes the branch's
 * NFA_MATCH with position at end (at any position when end is SIZE_MAX). */
static int add_closure(branch_run *run, state_set *set, state_set *visited, uint32_t pc,
                       size_t position, size_t end) {
  const nfa_instruction *instructions = run->subject->program->instructions;
  uint32_t begin = run->lookaround->body_begin;
  size_t depth = 0;
  int matched = 0;
  push_once(run, visited, &depth, pc);
  while (depth > 0) {
    uint32_t bit = run->stack[--depth];
    if (run->subject->work != NULL) {
      (*run->subject->work)++;
    }
    const nfa_instruction *instruction = &instructions[begin + bit];
    switch ((nfa_opcode)instruction->opcode) {
      case NFA_BYTE_RANGE:
        set_add(set, bit);
        break;
      case NFA_MATCH:
        matched |= end == SIZE_MAX || position == end;
        break;
      case NFA_SPLIT:
        push_once(run, visited, &depth, instruction->alternative);
        push_once(run, visited, &depth, instruction->next);
        break;
      case NFA_SAVE:
        push_once(run, visited, &depth, instruction->next);
        break;
      case NFA_ASSERT:
        if (lookaround_assertion_holds(run->subject, instruction, position)) {
          push_once(run, visited, &depth, instruction->next);
        }
        break;
      case NFA_FAIL:
        break;
    }
  }
  return matched;
}

/* Whether the branch starting at pc matches from position, ending at end
 * (SIZE_MAX: anywhere). A lookbehind's end is at most its fixed length
 * away and a lookahead's body matches at most LOOKAROUND_MAX_BODY_BYTES,
 * so the loop runs at most that many bytes. */
static int branch_matches(branch_run *run, uint32_t pc, size_t position, size_t end) {
  const nfa_instruction *instructions = run->subject->program->instructions;
  uint32_t begin = run->lookaround->body_begin;
  state_set current = {{0}};
  state_set visited = {{0}};
  if (add_closure(run, &current, &visited, pc, position, end)) {
    return 1;
  }
  for (; position < run->subject->length && (end == SIZE_MAX || position < end); position++) {
    state_set next = {{0}};
    memset(&visited, 0, sizeof visited);
    int any = 0;
    unsigned char byte = run->subject->subject[position];
    for (uint32_t word = 0; word < SET_WORDS; word++) {
      for (uint64_t bits = current.bits[word]; bits != 0; bits &= bits - 1) {
        uint32_t bit = word * 64u + (uint32_t)__builtin_ctzll(bits);
        const nfa_instruction *instruction = &instructions[begin + bit];
        any = 1;
        if (byte >= instruction->low && byte <= instruction->high &&
            add_closure(run, &next, &visited, instruction->next, position + 1, end)) {
          return 1;
        }
      }
    }
    if (!any) {
      return 0;
    }
    current = next;
  }
  return 0;
}

/* position moved back one character (a byte in byte mode). */
static size_t character_before(const nfa_program *program, const unsigned char *subject,
                               size_t position) {
  do {
    position--;
  } while (program->utf && position > 0 && is_continuation(subject[position]));
  return position;
}

int lookaround_sets_group(const nfa_instruction *instructions, const lookaround *lookarounds,
                          uint32_t index, uint32_t group) {
  const lookaround *entry = &lookarounds[index];
  if (entry->group != 0 || entry->negated || entry->conditional) {
    return entry->group == group;
  }
  for (uint32_t at = entry->body_begin; at < entry->body_begin + entry->body_count; at++) {
    if (instructions[at].opcode == NFA_SAVE && instructions[at].slot == 2 * group + 1) {
      return 1;
    }
  }
  return 0;
}

int lookaround_dfa_asserts_all(const nfa_program *program) {
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    int reset = instruction->opcode == NFA_SAVE && instruction->slot == 0 && i != program->start;
    int other_assertion = instruction->opcode == NFA_ASSERT &&
                          (instruction->assertion == AST_ASSERT_MATCH_START ||
                           instruction->assertion == AST_ASSERT_UCP_WORD_BOUNDARY ||
                           instruction->assertion == AST_ASSERT_UCP_NOT_WORD_BOUNDARY ||
                           ast_assertion_is_grapheme((ast_assertion)instruction->assertion));
    if (reset || other_assertion) {
      return 0;
    }
  }
  return 1;
}

nfa_program lookaround_derived_program(const nfa_program *program, nfa_instruction *instructions,
                                       uint32_t count, uint32_t start) {
  nfa_program derived = {.allocator = program->allocator,
                         .instructions = instructions,
                         .count = count,
                         .start = start,
                         .slot_count = program->slot_count,
                         .utf = program->utf,
                         .max_lookbehind = program->max_lookbehind,
                         .lookarounds = program->lookarounds,
                         .lookaround_count = program->lookaround_count,
                         .lookaround_branches = program->lookaround_branches,
                         .lookaround_branch_count = program->lookaround_branch_count,
                         .lookaround_byte_set_count = program->lookaround_byte_set_count};
  memcpy(derived.lookaround_byte_sets, program->lookaround_byte_sets,
         sizeof derived.lookaround_byte_sets);
  return derived;
}

size_t lookaround_check_from(const nfa_program *program, const unsigned char *subject,
                             size_t length, size_t start_offset) {
  if (!program->utf) {
    return 0;
  }
  if (start_offset < length && is_continuation(subject[start_offset])) {
    do {
      start_offset++;
    } while (start_offset < length && is_continuation(subject[start_offset]));
    return start_offset; /* a fragment's start (jrx_invalid_utf.c) */
  }
  uint32_t characters = program->max_lookbehind;
  for (; characters > 0 && start_offset > 0; characters--) {
    start_offset = character_before(program, subject, start_offset);
  }
  return start_offset;
}

size_t lookaround_branch_start(const lookaround_subject *subject, size_t position,
                           uint32_t characters) {
  for (uint32_t counted = 0; counted < characters; counted++) {
    if (position <= subject->check_from) {
      return SIZE_MAX;
    }
    position = character_before(subject->program, subject->subject, position);
  }
  return position;
}

static int lookaround_holds(const lookaround_subject *subject, uint32_t index, size_t position) {
  const nfa_program *program = subject->program;
  const lookaround *checked = &program->lookarounds[index];
  if (checked->table != LOOKAROUND_NO_TABLE) {
    return lookaround_table_matches(subject->tables, checked->table, position) != checked->negated;
  }
  branch_run run = {.subject = subject, .lookaround = checked};
  int found = 0;
  for (uint32_t i = 0; i < checked->branch_count && !found; i++) {
    const lookaround_branch *branch = &program->lookaround_branches[checked->first_branch + i];
    if (!checked->behind) {
      found = branch_matches(&run, branch->start, position, SIZE_MAX);
      continue;
    }
    size_t start = lookaround_branch_start(subject, position, branch->characters);
    found = start != SIZE_MAX && branch_matches(&run, branch->start, start, position);
  }
  return found != checked->negated;
}

int lookaround_holds_native(const lookaround_subject *subject, uint32_t index, size_t position) {
  return lookaround_holds(subject, index, position);
}

int lookaround_anchor_holds_native(const lookaround_subject *subject, uint32_t assertion,
                                   size_t position) {
  return anchor_holds(subject, (ast_assertion)assertion, position);
}
