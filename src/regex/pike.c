/* pike: threads in two priority-ordered lists; an instruction joins a list
 * at most once per position, won by the highest-priority thread, the one a
 * backtracker would try first. Each thread owns a copy of its slots. */
#include "pike.h"

#include <string.h>

#include "jrx.h"
#include "lookaround.h"
#include "lookaround_table.h"
#include "memory.h"
#include "nfa_assertion.h"

#define PIKE_NO_RESTORE UINT32_MAX

typedef struct thread_list {
  uint32_t *instructions; /* thread_capacity entries, highest priority first */
  size_t *slots;          /* slot_count per thread */
  uint32_t count;
  uint32_t generation;    /* stamp of the instructions on this list */
} thread_list;

/* Work of the epsilon closure: follow an instruction, or (slot set) put a
 * capture slot back once a path that saved into it has been explored. */
typedef struct closure_job {
  uint32_t instruction;
  uint32_t slot;
  size_t value;
} closure_job;

struct pike_scratch {
  const jrx_allocator *allocator; /* the program's */
  uint32_t slot_count;
  uint32_t instruction_count;
  uint32_t *stamps; /* instruction -> generation of the list it last joined */
  uint32_t generation;
  thread_list lists[2];
  closure_job *stack; /* one job per instruction visited, plus the first */
  size_t *working;    /* the slots along the path being followed */
  size_t *best;       /* the slots of the match found */
  lookaround_tables *tables; /* NULL when no lookaround has a table */
};

typedef struct pike_search {
  const nfa_instruction *instructions;
  pike_scratch *scratch;
  const unsigned char *subject;
  size_t length;
  size_t start_offset;
  uint32_t options;
  lookaround_subject assertions; /* what assertions read: the same subject and options */
  grapheme_regional_cache regional_cache; /* \X's, for this search */
  uint64_t steps;
  uint64_t lookaround_steps;
} pike_search;

int pike_scratch_create(const nfa_program *program, pike_scratch **scratch) {
  const jrx_allocator *allocator = program->allocator;
  pike_scratch *created = memory_allocate_zeroed_array(allocator, 1, sizeof *created);
  if (created == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  size_t threads = program->thread_capacity;
  size_t slots = program->slot_count;
  created->allocator = allocator;
  created->slot_count = program->slot_count;
  created->instruction_count = program->count;
  created->stamps =
      memory_allocate_zeroed_array(allocator, program->count, sizeof *created->stamps);
  created->stack =
      memory_allocate_array(allocator, (size_t)program->count + 1, sizeof *created->stack);
  created->working = memory_allocate_array(allocator, slots, sizeof *created->working);
  created->best = memory_allocate_array(allocator, slots, sizeof *created->best);
  int complete = created->stamps != NULL && created->stack != NULL &&
                 created->working != NULL && created->best != NULL &&
                 lookaround_tables_create(program, &created->tables) == 0;
  for (int i = 0; i < 2; i++) {
    thread_list *list = &created->lists[i];
    list->instructions = memory_allocate_array(allocator, threads, sizeof *list->instructions);
    list->slots = memory_allocate_array(allocator, threads * slots, sizeof *list->slots);
    complete = complete && list->instructions != NULL && list->slots != NULL;
  }
  if (!complete) {
    pike_scratch_destroy(created);
    return JRX_ERROR_NOMEMORY;
  }
  *scratch = created;
  return 0;
}

void pike_scratch_keep_subject(pike_scratch *scratch, bool kept) {
  lookaround_tables_keep_subject(scratch->tables, kept);
}

void pike_scratch_destroy(pike_scratch *scratch) {
  if (scratch == NULL) {
    return;
  }
  const jrx_allocator *allocator = scratch->allocator;
  for (int i = 0; i < 2; i++) {
    memory_free(allocator, scratch->lists[i].instructions);
    memory_free(allocator, scratch->lists[i].slots);
  }
  memory_free(allocator, scratch->stamps);
  memory_free(allocator, scratch->stack);
  memory_free(allocator, scratch->working);
  memory_free(allocator, scratch->best);
  lookaround_tables_destroy(scratch->tables);
  memory_free(allocator, scratch);
}

/* Starts an empty list for a new position. */
static void begin_list(pike_scratch *scratch, thread_list *list) {
  if (++scratch->generation == 0) {
    /* After 2^32 lists old stamps could collide with new ones. */
    memset(scratch->stamps, 0, (size_t)scratch->instruction_count * sizeof *scratch->stamps);
    scratch->generation = 1;
  }
  list->count = 0;
  list->generation = scratch->generation;
}

/* Adds to list, in priority order, every thread that pc reaches at
 * position without consuming, starting from the slots in working (which
 * hold the same values again on return). */
static void add_thread(pike_search *search, thread_list *list, uint32_t pc, size_t position) {
  pike_scratch *scratch = search->scratch;
  size_t *working = scratch->working;
  closure_job *stack = scratch->stack;
  size_t depth = 0;
  stack[depth++] = (closure_job){pc, PIKE_NO_RESTORE, 0};
  while (depth > 0) {
    closure_job job = stack[--depth];
    if (job.slot != PIKE_NO_RESTORE) {
      working[job.slot] = job.value;
      continue;
    }
    pc = job.instruction;
    while (scratch->stamps[pc] != list->generation) {
      scratch->stamps[pc] = list->generation;
      search->steps++;
      const nfa_instruction *instruction = &search->instructions[pc];
      if (instruction->opcode == NFA_BYTE_RANGE || instruction->opcode == NFA_MATCH) {
        list->instructions[list->count] = pc;
        memcpy(&list->slots[(size_t)list->count * scratch->slot_count], working,
               scratch->slot_count * sizeof *working);
        list->count++;
        break;
      }
      if (instruction->opcode == NFA_SPLIT) {
        stack[depth++] = (closure_job){instruction->alternative, PIKE_NO_RESTORE, 0};
      } else if (instruction->opcode == NFA_SAVE) {
        stack[depth++] = (closure_job){0, instruction->slot, working[instruction->slot]};
        working[instruction->slot] = position;
      } else if (instruction->opcode != NFA_ASSERT ||
                 !lookaround_assertion_holds(&search->assertions, instruction, position)) {
        break; /* NFA_FAIL, or an assertion that does not hold */
      }
      pc = instruction->next;
    }
  }
}

static int can_start_at(const nfa_program *program, const pike_search *search, size_t position) {
  return !program->utf || position == search->length ||
         (search->subject[position] & 0xc0u) != 0x80u;
}

/* The next position from which a match could start, or SIZE_MAX if there
 * is none. */
static size_t next_start(const nfa_program *program, const pike_search *search,
                         size_t position) {
  if (program->can_match_empty) {
    return position <= search->length ? position : SIZE_MAX;
  }
  for (; position < search->length; position++) {
    if (nfa_first_byte_possible(program, search->subject[position])) {
      return position;
    }
  }
  return SIZE_MAX;
}

static int empty_match_rejected(const pike_search *search, size_t match_start,
                                size_t position) {
  if (match_start != position) {
    return 0;
  }
  return (search->options & JRX_NOTEMPTY) != 0 ||
         ((search->options & JRX_NOTEMPTY_ATSTART) != 0 && position == search->start_offset);
}

/* Moves every thread of current over the byte at position into next; stops
 * at the first accepted match, as lower-priority threads can no longer win.
 * Returns whether a match was accepted. */
static int step(pike_search *search, const thread_list *current, thread_list *next,
                size_t position) {
  pike_scratch *scratch = search->scratch;
  size_t slot_bytes = scratch->slot_count * sizeof(size_t);
  for (uint32_t i = 0; i < current->count; i++) {
    const nfa_instruction *instruction = &search->instructions[current->instructions[i]];
    const size_t *slots = &current->slots[(size_t)i * scratch->slot_count];
    search->steps++;
    if (instruction->opcode == NFA_MATCH) {
      if (!empty_match_rejected(search, slots[0], position)) {
        memcpy(scratch->best, slots, slot_bytes);
        return 1;
      }
    } else if (position < search->length && search->subject[position] >= instruction->low &&
               search->subject[position] <= instruction->high) {
      memcpy(scratch->working, slots, slot_bytes);
      add_thread(search, next, instruction->next, position + 1);
    }
  }
  return 0;
}

/* The search from `from` (the only start when anchored) of the program
 * entered at pc; start_offset and options are the search's, for \G,
 * JRX_NOTEMPTY_ATSTART and the assertions. */
static int run(const nfa_program *program, pike_scratch *scratch, const unsigned char *subject,
               size_t length, size_t start_offset, uint32_t options, uint32_t pc, size_t from,
               int anchored, const size_t **slots, pike_stats *stats) {
  pike_search search = {.instructions = program->instructions,
                        .scratch = scratch,
                        .subject = subject,
                        .length = length,
                        .start_offset = start_offset,
                        .options = options,
                        .assertions = {.program = program,
                                       .subject = subject,
                                       .length = length,
                                       .start_offset = start_offset,
                                       .options = options,
                                       .check_from = lookaround_check_from(program, subject, length,
                                                                           start_offset)}};
  search.assertions.work = &search.lookaround_steps;
  search.assertions.regional_cache = &search.regional_cache;
  int status =
      scratch->tables != NULL ? lookaround_tables_fill(scratch->tables, &search.assertions) : 0;
  if (status != 0) {
    return status;
  }
  thread_list *current = &scratch->lists[0];
  thread_list *next = &scratch->lists[1];
  int matched = 0;
  size_t position = from;
  begin_list(scratch, current);
  for (;;) {
    if (!matched && (position == from || !anchored) &&
        can_start_at(program, &search, position)) {
      /* A new start has the lowest priority: every thread already on the
       * list started further left. */
      for (uint32_t i = 0; i < scratch->slot_count; i++) {
        scratch->working[i] = JRX_UNSET;
      }
      add_thread(&search, current, pc, position);
    }
    if (current->count == 0) {
      if (matched || anchored) {
        break;
      }
      position = next_start(program, &search, position + 1);
      if (position == SIZE_MAX) {
        break;
      }
      begin_list(scratch, current);
      continue;
    }
    begin_list(scratch, next);
    matched |= step(&search, current, next, position);
    thread_list *stepped = current;
    current = next;
    next = stepped;
    if (position == length) {
      break;
    }
    position++;
  }
  if (stats != NULL) {
    stats->steps += search.steps;
    stats->lookaround_steps += search.lookaround_steps;
  }
  *slots = scratch->best;
  return matched ? 1 : JRX_NOMATCH;
}

int pike_match(const nfa_program *program, pike_scratch *scratch, const unsigned char *subject,
               size_t length, size_t start_offset, uint32_t options, const size_t **slots,
               pike_stats *stats) {
  int anchored = (options & JRX_ANCHORED) != 0 || program->anchored;
  return run(program, scratch, subject, length, start_offset, options, program->start,
             start_offset, anchored, slots, stats);
}

int pike_match_at(const nfa_program *program, pike_scratch *scratch, const unsigned char *subject,
                  size_t length, size_t start_offset, uint32_t options, size_t from,
                  const size_t **slots, pike_stats *stats) {
  return run(program, scratch, subject, length, start_offset, options & ~(uint32_t)JRX_ANCHORED,
             program->start, from, 1, slots, stats);
}

int pike_match_branch(const nfa_program *program, pike_scratch *scratch,
                      const unsigned char *subject, size_t length, size_t start_offset,
                      uint32_t options, uint32_t pc, size_t from, const size_t **slots,
                      pike_stats *stats) {
  options &= ~(uint32_t)(JRX_ANCHORED | JRX_NOTEMPTY | JRX_NOTEMPTY_ATSTART);
  return run(program, scratch, subject, length, start_offset, options, pc, from, 1, slots, stats);
}
