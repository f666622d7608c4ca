/* lookahead_filter: building the programs of lookahead_filter.h and
 * checking the lookaheads at a position. The rest is a copy of the
 * program with each leading lookahead's assertion turned into a no-op
 * (a save of slot 0, where the match starts anyway); each body is that
 * copy entered at the body's branch, ending at the body's own NFA_MATCH.
 * All share the copy's instructions and the program's lookarounds. */
#include "lookahead_filter.h"

#include <string.h>

#include "jrx.h"
#include "lookaround.h"
#include "memory.h"
#include "nfa_builder.h"

/* Whether instruction is the assertion of a lookaround the DFA cannot
 * decide from one byte. */
static int undecided_lookaround(const nfa_program *program, const nfa_instruction *instruction) {
  return instruction->opcode == NFA_ASSERT && instruction->assertion == AST_ASSERT_LOOKAROUND &&
         program->lookarounds[instruction->lookaround].byte_set == LOOKAROUND_NO_BYTE_SET;
}

/* Most instructions on the chain from the start to the last leading
 * lookahead that chain_reentered looks at; a longer chain is taken as
 * reentered (no filter). */
#define CHAIN_LIMIT 64u

/* Whether an instruction off the chain of saves and assertions from the
 * program's start jumps into it at or before `last`: a repeat looping back
 * to the leading lookaheads ((?:(?=a|ab)\w)+) passes them again after
 * bytes were consumed, where the rest, with their assertions made no-ops,
 * would no longer check them. */
static int chain_reentered(const nfa_program *program, uint32_t last) {
  uint32_t chain[CHAIN_LIMIT];
  uint32_t length = 0;
  for (uint32_t pc = program->start;; pc = program->instructions[pc].next) {
    if (length == CHAIN_LIMIT) {
      return 1;
    }
    chain[length++] = pc;
    if (pc == last) {
      break;
    }
  }
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    if (instruction->opcode == NFA_MATCH || instruction->opcode == NFA_FAIL) {
      continue;
    }
    uint32_t alternative =
        instruction->opcode == NFA_SPLIT ? instruction->alternative : instruction->next;
    for (uint32_t j = 0; j < length; j++) {
      int target = chain[j] == instruction->next || chain[j] == alternative;
      if (target && (j == 0 || chain[j - 1] != i)) {
        return 1;
      }
    }
  }
  return 0;
}

/* Stores in leading the instructions of the lookaheads the program opens
 * with (on the chain of saves and assertions from its start) and returns
 * their count; 0 when there is none, when they are too many or when
 * another lookaround no byte decides is anywhere else, or when the chain
 * is entered again (chain_reentered). Sets *line_starts when the chain
 * holds a multiline ^. */
static uint32_t leading_lookaheads(const nfa_program *program,
                                   uint32_t leading[LOOKAHEAD_FILTER_MAX], uint8_t *line_starts) {
  uint32_t count = 0;
  uint32_t pc = program->start;
  while (program->instructions[pc].opcode == NFA_SAVE ||
         program->instructions[pc].opcode == NFA_ASSERT) {
    const nfa_instruction *instruction = &program->instructions[pc];
    if (instruction->opcode == NFA_ASSERT && instruction->assertion == AST_ASSERT_LINE_START) {
      *line_starts = 1;
    }
    if (undecided_lookaround(program, instruction)) {
      if (count == LOOKAHEAD_FILTER_MAX || program->lookarounds[instruction->lookaround].behind) {
        return 0;
      }
      leading[count++] = pc;
    }
    pc = instruction->next;
  }
  uint32_t found = 0;
  for (uint32_t i = 0; i < program->count; i++) {
    found += (uint32_t)undecided_lookaround(program, &program->instructions[i]);
  }
  return found == count && count > 0 && !chain_reentered(program, leading[count - 1]) ? count : 0;
}

/* Whether the body of lookaround `checked` holds no lookaround. */
static int body_without_lookarounds(const nfa_program *program, const lookaround *checked) {
  for (uint32_t i = 0; i < checked->body_count; i++) {
    const nfa_instruction *instruction = &program->instructions[checked->body_begin + i];
    if (instruction->opcode == NFA_ASSERT && instruction->assertion == AST_ASSERT_LOOKAROUND) {
      return 0;
    }
  }
  return 1;
}

/* A copy of program's instructions with room for one more after them,
 * each match outside the body of `ahead` (and with lookarounds_fail each
 * lookaround's assertion too) turned into a FAIL; NULL when out of
 * memory. */
static nfa_instruction *copy_for_body(const nfa_program *program, const lookaround *ahead,
                                      int lookarounds_fail) {
  nfa_instruction *instructions =
      memory_allocate_array(program->allocator, (size_t)program->count + 1, sizeof *instructions);
  if (instructions == NULL) {
    return NULL;
  }
  memcpy(instructions, program->instructions, program->count * sizeof *instructions);
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &instructions[i];
    int other_match = instruction->opcode == NFA_MATCH &&
                      (i < ahead->body_begin || i - ahead->body_begin >= ahead->body_count);
    int lookaround_assertion =
        instruction->opcode == NFA_ASSERT && instruction->assertion == AST_ASSERT_LOOKAROUND;
    if (other_match || (lookarounds_fail && lookaround_assertion)) {
      instructions[i] = (nfa_instruction){.opcode = NFA_FAIL};
    }
  }
  return instructions;
}

/* Builds the probe (see the header) for the positive lookahead `ahead`,
 * if the filter has line starts and its body suits. */
static int build_probe(const nfa_program *program, const lookaround *ahead,
                       lookahead_filter *filter) {
  if (!filter->line_starts || ahead->negated || !body_without_lookarounds(program, ahead)) {
    return 0;
  }
  /* The probe reaches the body alone: every other match, and every
   * lookaround (none is in the body), fails, so the copy needs no
   * lookarounds and the body's match is the one the backward DFA starts
   * from. */
  nfa_instruction *instructions = copy_for_body(program, ahead, 1);
  if (instructions == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  instructions[program->count] =
      (nfa_instruction){.opcode = NFA_ASSERT,
                        .assertion = AST_ASSERT_LINE_START,
                        .next = program->lookaround_branches[ahead->first_branch].start};
  filter->probe = lookaround_derived_program(program, instructions, program->count + 1,
                                             program->count);
  filter->probe.lookarounds = NULL;
  filter->probe.lookaround_count = 0;
  filter->probe.lookaround_branches = NULL;
  filter->probe.lookaround_branch_count = 0;
  filter->probe.lookaround_byte_set_count = 0;
  int status = nfa_analyze(&filter->probe);
  if (status == 0) {
    status = dfa_create(&filter->probe, &filter->probe_automaton);
  }
  return status;
}

/* Builds filter->runs[i] and its DFA for `ahead`, a run: X, the body
 * entered at run_exit, in a copy whose only reachable match is a new one
 * after the program's instructions, which the body's own match leads to
 * (the backward DFA starts from no match inside a lookaround's body).
 * The lookarounds in X, each one a byte decides, stay. */
static int build_run(const nfa_program *program, const lookaround *ahead, uint32_t i,
                     lookahead_filter *filter) {
  nfa_instruction *instructions = copy_for_body(program, ahead, 0);
  if (instructions == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  instructions[ahead->body_begin] =
      (nfa_instruction){.opcode = NFA_SAVE, .slot = 1, .next = program->count};
  instructions[program->count] = (nfa_instruction){.opcode = NFA_MATCH};
  filter->runs[i] =
      lookaround_derived_program(program, instructions, program->count + 1, ahead->run_exit);
  filter->run_breaks[i] = ahead->run_breaks;
  int status = nfa_analyze(&filter->runs[i]);
  if (status == 0) {
    status = dfa_create(&filter->runs[i], &filter->run_automata[i]);
  }
  return status;
}

/* Fills filter (zeroed, with its allocator and line_starts) for the
 * count leading lookaheads at leading[]; 1 when the rest may match the
 * empty string (the pattern does not qualify after all), else 0 or
 * JRX_ERROR_NOMEMORY. The caller destroys filter unless it returns 0. */
static int build(const nfa_program *program, const uint32_t *leading, uint32_t count,
                 lookahead_filter *filter) {
  nfa_instruction *instructions =
      memory_allocate_array(program->allocator, program->count, sizeof *instructions);
  if (instructions == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  memcpy(instructions, program->instructions, program->count * sizeof *instructions);
  for (uint32_t i = 0; i < count; i++) {
    const nfa_instruction *assertion = &program->instructions[leading[i]];
    instructions[leading[i]] =
        (nfa_instruction){.opcode = NFA_SAVE, .slot = 0, .next = assertion->next};
  }
  filter->rest =
      lookaround_derived_program(program, instructions, program->count, program->start);
  int status = nfa_analyze(&filter->rest);
  if (status != 0 || filter->rest.can_match_empty) {
    return status != 0 ? status : 1;
  }
  for (uint32_t i = 0; i < count; i++) {
    const lookaround *ahead = &program->lookarounds[program->instructions[leading[i]].lookaround];
    uint32_t start = program->lookaround_branches[ahead->first_branch].start;
    if (filter->probe.instructions == NULL && status == 0) {
      status = build_probe(program, ahead, filter);
    }
    filter->negated[i] = ahead->negated;
    filter->bodies[i] = lookaround_derived_program(program, instructions, program->count, start);
    filter->count = i + 1;
    status = status == 0 ? nfa_analyze(&filter->bodies[i]) : status;
    if (status == 0) {
      status = dfa_create(&filter->bodies[i], &filter->automata[i]);
    }
    if (status == 0 && ahead->run) {
      status = build_run(program, ahead, i, filter);
    }
    if (status != 0) {
      return status;
    }
  }
  return 0;
}

int lookahead_filter_create(const nfa_program *program, lookahead_filter **filter) {
  *filter = NULL;
  uint32_t leading[LOOKAHEAD_FILTER_MAX];
  uint8_t line_starts = 0;
  uint32_t count = program->needs_pike && lookaround_dfa_asserts_all(program)
                       ? leading_lookaheads(program, leading, &line_starts)
                       : 0;
  if (count == 0) {
    return 0;
  }
  lookahead_filter *built =
      memory_allocate_zeroed_array(program->allocator, 1, sizeof *built);
  if (built == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  built->allocator = program->allocator;
  built->line_starts = line_starts;
  int status = build(program, leading, count, built);
  if (status != 0) {
    lookahead_filter_destroy(built);
    return status == 1 ? 0 : status;
  }
  *filter = built;
  return 0;
}

int lookahead_filter_attach_native(lookahead_filter *filter, jitmem_pool *pool) {
  if (filter->probe_automaton != NULL) {
    int reason = 0;
    int status = jit_compile(&filter->probe, filter->probe_automaton, NULL, pool,
                             &filter->probe_native, &reason);
    if (status == JRX_ERROR_NOMEMORY) {
      return status;
    }
  }
  for (uint32_t i = 0; i < filter->count; i++) {
    int reason = 0;
    int status = jit_compile(&filter->bodies[i], filter->automata[i], NULL, pool,
                             &filter->native[i], &reason);
    if (status == 0 && filter->run_automata[i] != NULL) {
      status = jit_compile(&filter->runs[i], filter->run_automata[i], NULL, pool,
                           &filter->run_native[i], &reason);
    }
    if (status == JRX_ERROR_NOMEMORY) {
      return status;
    }
  }
  return 0;
}

void lookahead_filter_destroy(lookahead_filter *filter) {
  if (filter == NULL) {
    return;
  }
  const jrx_allocator *allocator = filter->allocator;
  for (uint32_t i = 0; i < filter->count; i++) {
    jit_release(filter->native[i]);
    dfa_destroy(filter->automata[i]);
    jit_release(filter->run_native[i]);
    dfa_destroy(filter->run_automata[i]);
    memory_free(allocator, filter->runs[i].instructions);
  }
  jit_release(filter->probe_native);
  dfa_destroy(filter->probe_automaton);
  memory_free(allocator, filter->probe.instructions);
  memory_free(allocator, filter->rest.instructions);
  memory_free(allocator, filter);
}

/* One search of automaton (its native loops when native and code), its
 * cache made on first use, adding the bytes scanned. */
static int counted_search(const dfa *automaton, const jit_code *code, bool native,
                          dfa_cache **cache, const dfa_limits *limits,
                          const unsigned char *subject, size_t length, size_t from,
                          uint32_t options, size_t bounds[2], uint64_t *scanned) {
  if (*cache == NULL) {
    int status = dfa_cache_create(automaton, limits, cache);
    if (status != 0) {
      return status;
    }
  }
  dfa_stats counted = {0};
  int status = native && code != NULL
                   ? jit_search(code, *cache, subject, length, from, options, &bounds[0],
                                &bounds[1], &counted)
                   : dfa_search(automaton, *cache, subject, length, from, options, &bounds[0],
                                &bounds[1], &counted);
  *scanned += counted.bytes_scanned;
  return status;
}

int lookahead_filter_probe(const lookahead_filter *filter, dfa_cache **caches,
                           const dfa_limits *limits, const unsigned char *subject,
                           size_t length, size_t from, uint32_t options, bool native,
                           size_t *start, uint64_t *scanned) {
  size_t bounds[2] = {SIZE_MAX, SIZE_MAX};
  int status = counted_search(filter->probe_automaton, filter->probe_native, native,
                              &caches[LOOKAHEAD_FILTER_PROBE_CACHE], limits, subject, length, from,
                              options & (JRX_NOTBOL | JRX_NOTEOL), bounds, scanned);
  *start = bounds[0];
  return status;
}

/* The last position in [from, to) whose byte is in breaks, or SIZE_MAX. */
static size_t last_break(const uint64_t breaks[4], const unsigned char *subject, size_t from,
                         size_t to) {
  if ((breaks[0] | breaks[1] | breaks[2] | breaks[3]) == 0) {
    return SIZE_MAX;
  }
  for (size_t position = to; position > from; position--) {
    unsigned char byte = subject[position - 1];
    if ((breaks[byte >> 6] >> (byte & 63u)) & 1u) {
      return position - 1;
    }
  }
  return SIZE_MAX;
}

/* Whether lookahead i, a run (lookahead_filter.runs), holds at position,
 * from what witness keeps or else from a search of X there; as
 * lookahead_filter_holds otherwise. */
static int run_holds(const lookahead_filter *filter, uint32_t i, dfa_cache **caches,
                     lookahead_witness *witness, const dfa_limits *limits,
                     const unsigned char *subject, size_t length, size_t position,
                     uint32_t options, bool native, size_t *resume, uint64_t *scanned) {
  int kept = witness->subject == subject && witness->length == length &&
             witness->options == options && witness->from <= position &&
             position <= witness->witness;
  if (!kept) {
    size_t bounds[2] = {SIZE_MAX, SIZE_MAX};
    int status = counted_search(filter->run_automata[i], filter->run_native[i], native,
                                &caches[LOOKAHEAD_FILTER_PROBE_CACHE + 1 + i], limits, subject,
                                length, position, options, bounds, scanned);
    if (status != 1 && status != JRX_NOMATCH) {
      return status;
    }
    *witness = (lookahead_witness){.subject = subject,
                                   .length = length,
                                   .options = options,
                                   .from = position,
                                   .witness = status == 1 ? bounds[0] : SIZE_MAX,
                                   .last_break = SIZE_MAX};
    if (status == 1) {
      witness->last_break = last_break(filter->run_breaks[i], subject, position, bounds[0]);
      *scanned += bounds[0] - position;
    }
  }
  int found = witness->witness != SIZE_MAX &&
              (witness->last_break == SIZE_MAX || position > witness->last_break);
  if (found == (filter->negated[i] != 0)) {
    if (filter->negated[i]) {
      *resume = witness->witness + 1;
    } else {
      *resume = witness->witness == SIZE_MAX ? SIZE_MAX : witness->last_break + 1;
    }
    return 0;
  }
  return 1;
}

int lookahead_filter_holds(const lookahead_filter *filter, dfa_cache **caches,
                           lookahead_witness *witnesses, const dfa_limits *limits,
                           const unsigned char *subject, size_t length, size_t position,
                           uint32_t options, bool native, size_t *resume, uint64_t *scanned) {
  uint32_t kept_options = options & (JRX_NOTBOL | JRX_NOTEOL);
  *resume = position + 1;
  for (uint32_t i = 0; i < filter->count; i++) {
    if (filter->run_automata[i] != NULL) {
      int status = run_holds(filter, i, caches, &witnesses[i], limits, subject, length, position,
                             kept_options, native, resume, scanned);
      if (status != 1) {
        return status;
      }
      continue;
    }
    size_t bounds[2];
    int status = counted_search(filter->automata[i], filter->native[i], native, &caches[i],
                                limits, subject, length, position, JRX_ANCHORED | kept_options,
                                bounds, scanned);
    if (status != 1 && status != JRX_NOMATCH) {
      return status;
    }
    if ((status == 1) == (filter->negated[i] != 0)) {
      return 0;
    }
  }
  return 1;
}

void lookahead_filter_forget(lookahead_witness *witnesses) {
  for (uint32_t i = 0; i < LOOKAHEAD_FILTER_MAX; i++) {
    witnesses[i].subject = NULL;
  }
}
