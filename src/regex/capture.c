/* capture: choosing the capture engine of a pattern and running it. The
 * choice is made once, at compile time, from the program alone; a match
 * only dispatches on it. A whole search (CAPTURE_ENGINE_WHOLE_SEARCH) is
 * chosen then too, but its table and code are built by its first search. */
#include "capture.h"

#include "arm64/jit_capture.h"
#include "arm64/jit_lazy.h"
#include "arm64/jit_onepass.h"
#include "backtrack_nodes.h"
#include "capture_scan.h"
#include "memory.h"

/* Whether every path from the start to NFA_MATCH closes a group (passes a
 * SAVE of a group's end, which follows that group's start): then every
 * match sets one. Paths are followed whatever their assertions say, so a
 * "no" may be wrong but a "yes" never is. */
static int every_match_sets_a_group(const nfa_program *program, const jrx_allocator *allocator,
                                    int *answer) {
  uint8_t *seen = memory_allocate_zeroed_array(allocator, program->count, sizeof *seen);
  uint32_t *stack = memory_allocate_array(allocator, program->count, sizeof *stack);
  if (seen == NULL || stack == NULL) {
    memory_free(allocator, seen);
    memory_free(allocator, stack);
    return JRX_ERROR_NOMEMORY;
  }
  size_t depth = 0;
  stack[depth++] = program->start;
  seen[program->start] = 1;
  *answer = 1;
  while (depth > 0 && *answer) {
    const nfa_instruction *instruction = &program->instructions[stack[--depth]];
    *answer = instruction->opcode != NFA_MATCH;
    uint32_t successors[2];
    /* A path is followed no further once it closes a group. */
    uint32_t count = instruction->opcode == NFA_SAVE && instruction->slot >= 2 &&
                             instruction->slot % 2 == 1
                         ? 0
                         : nfa_successors(instruction, successors);
    for (uint32_t i = 0; i < count; i++) {
      if (!seen[successors[i]]) {
        seen[successors[i]] = 1;
        stack[depth++] = successors[i];
      }
    }
  }
  memory_free(allocator, seen);
  memory_free(allocator, stack);
  return 0;
}

/* Records the first native compile that failed (*native_failure, for
 * jit_engine_name); only running out of memory fails the build. A table
 * over the native one-pass DFA's node limit is no failure: it runs in C,
 * as the node backtracker always does. */
static int note_native(int status, int *native_failure) {
  if (status != 0 && status != JRX_ERROR_PROGRAM_TOO_BIG && *native_failure == 0) {
    *native_failure = status;
  }
  return status == JRX_ERROR_NOMEMORY ? status : 0;
}

static int build_backtracker(capture_engines *engines, const nfa_program *program,
                             const jrx_allocator *allocator, int native, jitmem_pool *pool,
                             int *native_failure) {
  engines->kind = CAPTURE_ENGINE_BACKTRACK;
  int status = backtrack_create(program, allocator, &engines->backtracker);
  if (status != 0 || !native) {
    return status;
  }
  status = jit_capture_compile(program, allocator, pool, &engines->native_backtracker);
  return note_native(status, native_failure);
}

/* The one-pass DFA of anchored searches for the whole match
 * (capture_engines.whole_match), when the program is anchored and
 * one-pass. */
static int build_whole_match(capture_engines *engines, const nfa_program *program,
                             const uint8_t class_of[256], uint32_t class_count,
                             const jrx_allocator *allocator, int native, jitmem_pool *pool,
                             int *native_failure) {
  if (!program->anchored) {
    return 0;
  }
  int status = onepass_build_whole_match(program, class_of, class_count, allocator,
                                         &engines->whole_match);
  if (status == ONEPASS_NOT_ONE_PASS) {
    return 0;
  }
  if (status == 0 && native) {
    status = note_native(
        jit_onepass_compile(engines->whole_match, allocator, pool, &engines->native_whole_match),
        native_failure);
  }
  return status;
}

/* A whole search's table and its native code (CAPTURE_ENGINE_WHOLE_SEARCH),
 * built together by its first search and published at once. */
typedef struct capture_whole_search {
  onepass *table; /* one-pass, or with alternatives: the node backtracker's */
  jit_onepass_code *code;
  uint32_t start_loop; /* onepass_start_loop */
  const jrx_allocator *allocator;
} capture_whole_search;

/* NULL is ignored. */
static void whole_search_release(capture_whole_search *whole) {
  if (whole != NULL) {
    jit_onepass_release(whole->code);
    onepass_release(whole->table);
    memory_free(whole->allocator, whole);
  }
}

/* The whole search's table and code. Returns 0, JRX_ERROR_NOMEMORY, or
 * another status when native code cannot run it (not one-pass even with
 * alternatives, more nodes than the code handles, generation failed). */
static int whole_search_build(const capture_engines *engines, capture_whole_search **result) {
  capture_whole_search *built = memory_allocate(engines->allocator, sizeof *built);
  if (built == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  *built = (capture_whole_search){.allocator = engines->allocator};
  int status = onepass_build_whole_search(engines->program, engines->class_of,
                                          engines->class_count, engines->allocator,
                                          &built->table);
  if (status == 0) {
    status = jit_onepass_compile(built->table, engines->allocator, engines->pool, &built->code);
  }
  if (status != 0) {
    whole_search_release(built);
    return status;
  }
  built->start_loop = onepass_start_loop(built->table);
  *result = built;
  return 0;
}

/* The search of a program without groups for its whole match
 * (capture_engines_build's whole_search): kind WHOLE_SEARCH, with what
 * its first search needs to build its table and native code
 * (whole_search_built). */
static void plan_whole_search(capture_engines *engines, const nfa_program *program,
                              const uint8_t class_of[256], uint32_t class_count,
                              const jrx_allocator *allocator, jitmem_pool *pool) {
  engines->kind = CAPTURE_ENGINE_WHOLE_SEARCH;
  engines->program = program;
  engines->class_of = class_of;
  engines->class_count = class_count;
  engines->allocator = allocator;
  engines->pool = pool;
}

/* capture_engines.whole_only of a program with groups: its twin's
 * engines, planned as plan_whole_search plans a program without groups. */
static int plan_whole_only(capture_engines *engines, const nfa_program *program,
                           const uint8_t class_of[256], uint32_t class_count,
                           const jrx_allocator *allocator, jitmem_pool *pool) {
  capture_engines *twin = memory_allocate(allocator, sizeof *twin);
  if (twin == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  *twin = (capture_engines){.starts_anywhere = program->can_match_empty,
                            .start_loop = ONEPASS_NO_LOOP};
  plan_whole_search(twin, program, class_of, class_count, allocator, pool);
  engines->whole_only = twin;
  return 0;
}

int capture_engines_build(capture_engines *engines, const nfa_program *program,
                          const uint8_t class_of[256], uint32_t class_count,
                          const jrx_allocator *allocator, int native, int whole_search,
                          jitmem_pool *pool, int *native_failure) {
  *engines = (capture_engines){.kind = CAPTURE_ENGINE_NONE,
                               .has_groups = program->slot_count > 2,
                               .start_loop = ONEPASS_NO_LOOP};
  *native_failure = 0;
  if (program->lookaround_count > 0) {
    engines->kind = engines->has_groups ? CAPTURE_ENGINE_PIKE : CAPTURE_ENGINE_NONE;
    return 0;
  }
  int status =
      build_whole_match(engines, program, class_of, class_count, allocator, native, pool,
                        native_failure);
  if (status != 0 || (!engines->has_groups && !(native && whole_search))) {
    if (status != 0) {
      capture_engines_release(engines);
    }
    return status;
  }
  engines->starts_anywhere = program->can_match_empty;
  if (!engines->has_groups) {
    plan_whole_search(engines, program, class_of, class_count, allocator, pool);
    return 0;
  }
  status = every_match_sets_a_group(program, allocator, &engines->every_match_sets_a_group);
  if (status == 0) {
    status = capture_offsets_build(program, allocator, &engines->offsets);
  }
  if (status == 0) {
    status = onepass_build(program, class_of, class_count, 1, allocator, &engines->onepass);
  }
  if (status == 0) {
    engines->start_loop = onepass_start_loop(engines->onepass);
    capture_starts_build(&engines->starts, program, engines->onepass);
  }
  if (status == 0 && !engines->onepass->one_pass) {
    engines->kind = CAPTURE_ENGINE_NODES;
    if (native) {
      status = note_native(
          jit_onepass_compile(engines->onepass, allocator, pool, &engines->native_nodes),
          native_failure);
    }
  } else if (status == 0) {
    engines->kind = CAPTURE_ENGINE_ONEPASS;
    if (native) {
      status = note_native(
          jit_onepass_compile(engines->onepass, allocator, pool, &engines->native_onepass),
          native_failure);
    }
  } else if (status == ONEPASS_NOT_ONE_PASS) {
    status = build_backtracker(engines, program, allocator, native, pool, native_failure);
  }
  if (status == 0 && native && whole_search) {
    status = plan_whole_only(engines, program, class_of, class_count, allocator, pool);
  }
  if (status != 0) {
    capture_engines_release(engines);
  }
  return status;
}

void capture_engines_release(capture_engines *engines) {
  jit_onepass_release(engines->native_whole_match);
  onepass_release(engines->whole_match);
  jit_onepass_release(engines->native_onepass);
  jit_onepass_release(engines->native_nodes);
  whole_search_release(atomic_load_explicit(&engines->whole, memory_order_acquire));
  onepass_release(engines->onepass);
  jit_capture_release(engines->native_backtracker);
  if (engines->kind == CAPTURE_ENGINE_BACKTRACK) {
    backtrack_release(&engines->backtracker);
  }
  if (engines->whole_only != NULL) {
    const jrx_allocator *allocator = engines->whole_only->allocator;
    capture_engines_release(engines->whole_only);
    memory_free(allocator, engines->whole_only);
  }
  *engines = (capture_engines){.kind = CAPTURE_ENGINE_NONE, .start_loop = ONEPASS_NO_LOOP};
}

const char *capture_engine_name(const capture_engines *engines) {
  switch (engines->kind) {
    case CAPTURE_ENGINE_NONE:
      return "none (no groups)";
    case CAPTURE_ENGINE_ONEPASS:
      return engines->native_onepass != NULL ? "one-pass DFA, native code" : "one-pass DFA";
    case CAPTURE_ENGINE_NODES:
      return engines->native_nodes != NULL
                 ? "backtracker over the one-pass table's nodes (native code for searches; Pike "
                   "VM beyond its scratch cap)"
                 : "backtracker over the one-pass table's nodes (Pike VM beyond its scratch cap)";
    case CAPTURE_ENGINE_BACKTRACK:
      return engines->native_backtracker != NULL
                 ? "bounded backtracker, native code (Pike VM for spans over its cap)"
                 : "bounded backtracker (Pike VM for spans over its cap)";
    case CAPTURE_ENGINE_PIKE:
      return "Pike VM over the match (the pattern has lookarounds)";
    case CAPTURE_ENGINE_WHOLE_SEARCH:
      return "one-pass DFA or node backtracker of the whole match, native code built by the "
             "first search";
  }
  return "none";
}

const char *capture_whole_match_name(const capture_engines *engines) {
  if (engines->whole_match != NULL) {
    return engines->native_whole_match != NULL
               ? "one-pass DFA of the whole match alone, native code"
               : "one-pass DFA of the whole match alone";
  }
  if (engines->kind == CAPTURE_ENGINE_WHOLE_SEARCH) {
    return "the search's one-pass table, built by the first search (searches with "
           "JRX_ANCHORED)";
  }
  if (engines->kind != CAPTURE_ENGINE_ONEPASS) {
    return "the DFA";
  }
  return engines->has_groups ? "the groups' one-pass DFA (searches with JRX_ANCHORED)"
                             : "the search's one-pass DFA (searches with JRX_ANCHORED)";
}

/* scratch->scanner, for a table's native code (one_pass: the one-pass
 * DFA's, else the node backtracker's). */
static int scanner_create(const jit_onepass_code *code, bool one_pass, capture_scratch *scratch,
                          const jrx_allocator *allocator) {
  return one_pass
             ? jit_onepass_scanner_create(code, scratch->onepass, NULL, allocator,
                                          &scratch->scanner)
             : jit_onepass_scanner_create(code, NULL, scratch->backtrack, allocator,
                                          &scratch->scanner);
}

int capture_scratch_create(const capture_engines *engines, uint32_t slot_count,
                           const jrx_allocator *allocator, capture_scratch *scratch) {
  *scratch = (capture_scratch){.allocator = allocator};
  if (engines->whole_only != NULL) {
    scratch->whole_only = memory_allocate(allocator, sizeof *scratch->whole_only);
    if (scratch->whole_only == NULL) {
      return JRX_ERROR_NOMEMORY;
    }
    int status = capture_scratch_create(engines->whole_only, 2, allocator, scratch->whole_only);
    if (status != 0) {
      return status;
    }
  }
  if (engines->whole_match != NULL) {
    int status = onepass_scratch_create(engines->whole_match, allocator, &scratch->whole_match);
    if (status == 0 && engines->native_whole_match != NULL) {
      status = jit_onepass_scanner_create(engines->native_whole_match, scratch->whole_match, NULL,
                                          allocator, &scratch->whole_match_scanner);
    }
    if (status != 0) {
      return status;
    }
  }
  int status = JRX_ERROR_INTERNAL;
  switch (engines->kind) {
    case CAPTURE_ENGINE_NONE:
    case CAPTURE_ENGINE_PIKE:
    case CAPTURE_ENGINE_WHOLE_SEARCH: /* made by its first search: whole_search_scratch */
      return 0;
    case CAPTURE_ENGINE_ONEPASS:
      status = onepass_scratch_create(engines->onepass, allocator, &scratch->onepass);
      break;
    case CAPTURE_ENGINE_NODES:
    case CAPTURE_ENGINE_BACKTRACK:
      status = backtrack_scratch_create(slot_count, allocator, &scratch->backtrack);
      break;
  }
  if (status != 0 || !capture_search_is_native(engines)) {
    return status;
  }
  return engines->native_onepass != NULL
             ? scanner_create(engines->native_onepass, true, scratch, allocator)
             : scanner_create(engines->native_nodes, false, scratch, allocator);
}

void capture_scratch_destroy(capture_scratch *scratch) {
  jit_onepass_scanner_destroy(scratch->scanner);
  jit_onepass_scanner_destroy(scratch->whole_match_scanner);
  onepass_scratch_destroy(scratch->whole_match);
  onepass_scratch_destroy(scratch->onepass);
  backtrack_scratch_destroy(scratch->backtrack);
  if (scratch->whole_only != NULL) {
    capture_scratch_destroy(scratch->whole_only);
    memory_free(scratch->allocator, scratch->whole_only);
  }
  *scratch = (capture_scratch){0};
}

/* The whole search's table and code (CAPTURE_ENGINE_WHOLE_SEARCH),
 * built by the first search that asks and published for every thread's
 * searches (jit_lazy.h), or NULL when they cannot be built: the search
 * then gives up to the DFA, which needs nothing built (capture_search's
 * BACKTRACK_SPAN_TOO_LONG), and so do the later ones, before they get
 * here (capture_searches, whole_search_failed set), unless memory ran
 * out, which a later search tries again. */
static const capture_whole_search *whole_search_built(const capture_engines *engines) {
  capture_engines *shared = (capture_engines *)engines; /* its slot is mutable */
  capture_whole_search *whole = atomic_load_explicit(&shared->whole, memory_order_acquire);
  if (whole != NULL) {
    jitmem_code_sync_thread(); /* another thread's search may have built it */
    return whole;
  }
  if (!capture_whole_search_stands(engines)) {
    return NULL;
  }
  capture_whole_search *built = NULL;
  int status = whole_search_build(engines, &built);
  if (status != 0) {
    if (status != JRX_ERROR_NOMEMORY) {
      atomic_store_explicit(&shared->whole_search_failed, true, memory_order_relaxed);
    }
    return NULL;
  }
  return JIT_LAZY_PUBLISH(&shared->whole, built, whole_search_release);
}

/* A whole search's table and code (whole_search_built), with scratch's
 * part for them and its scanner, which the scratch's first search makes:
 * the table is published once and never replaced, so they stay right,
 * and the scratch, one thread's at a time, needs no lock. Returns 0, or
 * BACKTRACK_SPAN_TOO_LONG when any of them cannot be built, memory
 * failing included (the DFA answers, and a later search tries again). */
static __attribute__((noinline)) int whole_search_scratch(const capture_engines *engines,
                                                          capture_scratch *scratch,
                                                          const capture_whole_search **whole) {
  *whole = whole_search_built(engines);
  if (*whole == NULL) {
    return BACKTRACK_SPAN_TOO_LONG;
  }
  if (scratch->scanner != NULL) {
    return 0;
  }
  const onepass *table = (*whole)->table;
  int status = 0;
  if (table->one_pass && scratch->onepass == NULL) {
    status = onepass_scratch_create(table, engines->allocator, &scratch->onepass);
  } else if (!table->one_pass && scratch->backtrack == NULL) {
    status = backtrack_scratch_create(table->slot_count, engines->allocator,
                                      &scratch->backtrack);
  }
  if (status == 0) {
    status = scanner_create((*whole)->code, table->one_pass, scratch, engines->allocator);
  }
  return status == 0 ? 0 : BACKTRACK_SPAN_TOO_LONG;
}

/* search_from of a whole search: its native code, built by the first
 * search that asks. */
static int whole_search_from(const capture_engines *engines, capture_scratch *scratch,
                             const unsigned char *subject, size_t length, size_t start,
                             size_t start_offset, uint32_t options, const size_t **slots,
                             size_t *stopped) {
  const capture_whole_search *whole;
  int status = whole_search_scratch(engines, scratch, &whole);
  if (status != 0) {
    return status;
  }
  return whole->table->one_pass
             ? jit_onepass_search(whole->code, scratch->onepass, subject, length, start,
                                  start_offset, options, slots, stopped)
             : jit_onepass_nodes_search(whole->code, scratch->backtrack, subject, length, start,
                                        start_offset, options, slots, stopped);
}

/* One anchored search from start. */
static inline int search_from(const capture_engines *engines, capture_scratch *scratch,
                       const unsigned char *subject, size_t length, size_t start,
                       size_t start_offset, uint32_t options, bool native,
                       const size_t **slots, size_t *stopped) {
  if (engines->kind == CAPTURE_ENGINE_WHOLE_SEARCH) {
    /* Without native code (a write scope open) the DFA answers. */
    return native ? whole_search_from(engines, scratch, subject, length, start, start_offset,
                                      options, slots, stopped)
                  : BACKTRACK_SPAN_TOO_LONG;
  }
  if (native && engines->native_onepass != NULL) {
    return jit_onepass_search(engines->native_onepass, scratch->onepass, subject, length, start,
                              start_offset, options, slots, stopped);
  }
  if (native && engines->native_nodes != NULL) {
    return jit_onepass_nodes_search(engines->native_nodes, scratch->backtrack, subject, length,
                                    start, start_offset, options, slots, stopped);
  }
  if (engines->kind == CAPTURE_ENGINE_NODES) {
    return backtrack_nodes_search(engines->onepass, scratch->backtrack, subject, length, start,
                                  start_offset, options, slots, stopped);
  }
  return onepass_search(engines->onepass, scratch->onepass, subject, length, start, start_offset,
                        options, slots, stopped);
}

/* The first position from start where a match may begin, or SIZE_MAX. */
static size_t next_candidate(const capture_engines *engines, const nfa_program *program,
                             const unsigned char *subject, size_t length, size_t start) {
  if (engines->starts_anywhere) {
    while (program->utf && start < length && (subject[start] & 0xc0u) == 0x80u) {
      start++;
    }
    return start;
  }
  return capture_starts_next(&engines->starts, subject, length, start);
}

int capture_give_up(capture_scratch *scratch) {
  scratch->give_ups += scratch->give_ups < 10 ? 1 : 0;
  scratch->dfa_searches = (uint32_t)1 << scratch->give_ups;
  return BACKTRACK_SPAN_TOO_LONG;
}

/* After the attempt from *start failed, having read up to stopped: the
 * budget (*failed, what the failed attempts cost), then *start moved to
 * where the next candidate may be, past the start loop's run. Returns 0,
 * or the search's answer: JRX_NOMATCH, or BACKTRACK_SPAN_TOO_LONG with the
 * budget spent. */
static int next_start(const onepass *table, uint32_t start_loop, capture_scratch *scratch,
                      const unsigned char *subject, size_t length, size_t start_offset,
                      size_t *start, size_t stopped, size_t *failed) {
  if (capture_attempt_spends_budget(failed, *start, stopped, start_offset)) {
    return capture_give_up(scratch);
  }
  if (*start == length) {
    return JRX_NOMATCH;
  }
  *start = onepass_start_run_end(table, start_loop, subject, length, *start) + 1;
  return 0;
}

/* The attempt from *start over table answered status, having read up to
 * stopped: the search's answer, or 0 to go on from *start (see
 * next_start). */
static int after_attempt(const onepass *table, uint32_t start_loop, capture_scratch *scratch,
                         const unsigned char *subject, size_t length, size_t start_offset,
                         int status, size_t *start, size_t stopped, size_t *failed) {
  if (status != JRX_NOMATCH) {
    return capture_searched(scratch, status);
  }
  return next_start(table, start_loop, scratch, subject, length, start_offset, start, stopped,
                    failed);
}

/* capture_search's unanchored loop for a table with alternatives, as
 * native code (jit_onepass_nodes_scan), from the attempt at start that
 * went past the native budget, which runs in C, as do later such ones. */
static __attribute__((noinline)) int nodes_scan_handed(const capture_engines *engines,
                                                       capture_scratch *scratch,
                                                       const unsigned char *subject,
                                                       size_t length, size_t start,
                                                       size_t start_offset, uint32_t options,
                                                       size_t failed, const size_t **slots) {
  const onepass *table = engines->onepass;
  uint32_t start_loop = engines->start_loop;
  if (engines->kind == CAPTURE_ENGINE_WHOLE_SEARCH) {
    const capture_whole_search *whole =
        atomic_load_explicit(&((capture_engines *)engines)->whole, memory_order_acquire);
    table = whole->table;
    start_loop = whole->start_loop;
  }
  for (;;) {
    size_t stopped;
    int status = backtrack_nodes_search(table, scratch->backtrack, subject, length, start,
                                        start_offset, options, slots, &stopped);
    status = after_attempt(table, start_loop, scratch, subject, length, start_offset, status,
                           &start, stopped, &failed);
    if (status != 0) {
      return status;
    }
    status = jit_onepass_nodes_scan(scratch->scanner, subject, length, &start, start_offset,
                                    options, &failed, slots);
    if (status == JIT_ONEPASS_SCAN_SPENT) {
      return capture_give_up(scratch);
    }
    if (status != JIT_ONEPASS_SCAN_HANDED) {
      return capture_searched(scratch, status);
    }
  }
}

int capture_scan_native_other(const capture_engines *engines, capture_scratch *scratch,
                              const unsigned char *subject, size_t length, size_t start_offset,
                              uint32_t options, const size_t **slots) {
  if (scratch->scanner == NULL) { /* a whole search's, before this scratch's first search */
    const capture_whole_search *whole;
    int status = whole_search_scratch(engines, scratch, &whole);
    if (status != 0) {
      return status;
    }
  }
  size_t failed = 0;
  int status;
  if (scratch->scanner->nodes == NULL) {
    status = jit_onepass_scan(scratch->scanner, subject, length, start_offset, start_offset,
                              options, &failed, slots);
  } else {
    size_t start = start_offset;
    status = jit_onepass_nodes_scan(scratch->scanner, subject, length, &start, start_offset,
                                    options, &failed, slots);
    if (status == JIT_ONEPASS_SCAN_HANDED) {
      return nodes_scan_handed(engines, scratch, subject, length, start, start_offset, options,
                               failed, slots);
    }
  }
  return status == JIT_ONEPASS_SCAN_SPENT ? capture_give_up(scratch)
                                          : capture_searched(scratch, status);
}

/* capture_scan_c's loop over candidate starts for a program that can
 * match the empty string, each attempt through search_from. Aligned to
 * 1 KiB, more than its size, so that it never straddles a 4 KiB page:
 * under qemu a jump to another page is not chained, and when the byte
 * loop of next_candidate lay across one, word pairs over Russian text
 * (candidates a few in a hundred bytes) ran 4 times slower with the same
 * instructions. */
static __attribute__((noinline, aligned(1024))) int scan_candidates(
    const capture_engines *engines, capture_scratch *scratch, const unsigned char *subject,
    size_t length, size_t start_offset, uint32_t options, const size_t **slots) {
  size_t failed = 0;
  const nfa_program *program = engines->onepass->program;
  for (size_t start = start_offset;;) {
    start = next_candidate(engines, program, subject, length, start);
    if (start == SIZE_MAX) {
      return JRX_NOMATCH;
    }
    size_t stopped;
    int status = search_from(engines, scratch, subject, length, start, start_offset, options,
                             false, slots, &stopped);
    status = after_attempt(engines->onepass, engines->start_loop, scratch, subject, length,
                           start_offset, status, &start, stopped, &failed);
    if (status != 0) {
      return status;
    }
  }
}

int capture_scan_c(const capture_engines *engines, capture_scratch *scratch,
                   const unsigned char *subject, size_t length, size_t start_offset,
                   uint32_t options, const size_t **slots) {
  if (engines->kind == CAPTURE_ENGINE_WHOLE_SEARCH) {
    return BACKTRACK_SPAN_TOO_LONG; /* no native code (or none could be built): the DFA */
  }
  if (capture_left_to_dfa(scratch)) {
    return BACKTRACK_SPAN_TOO_LONG;
  }
  if (engines->starts_anywhere) {
    return scan_candidates(engines, scratch, subject, length, start_offset, options, slots);
  }
  /* A table's whole loop is one call: onepass_scan, or
   * backtrack_nodes_scan for a table with alternatives. */
  size_t failed = 0;
  int status = engines->kind == CAPTURE_ENGINE_ONEPASS
                   ? onepass_scan(engines->onepass, scratch->onepass, &engines->starts,
                                  engines->start_loop, subject, length, start_offset, options,
                                  &failed, slots)
                   : backtrack_nodes_scan(engines->onepass, scratch->backtrack, &engines->starts,
                                          engines->start_loop, subject, length, start_offset,
                                          options, &failed, slots);
  return status == ONEPASS_SCAN_SPENT ? capture_give_up(scratch)
                                      : capture_searched(scratch, status);
}

int capture_scan_c_ahead(const capture_engines *engines, capture_scratch *scratch,
                         const unsigned char *subject, size_t length, uint32_t options,
                         size_t *ahead, uint32_t slot_count, uint32_t capacity,
                         uint32_t *count) {
  if (engines->starts_anywhere || scratch->dfa_searches > 0 ||
      engines->onepass == NULL || engines->onepass->slot_count != slot_count) {
    return 0;
  }
  int status;
  if (engines->kind == CAPTURE_ENGINE_NODES && scratch->backtrack->slot_count == slot_count) {
    status = backtrack_nodes_scan_ahead(engines->onepass, scratch->backtrack, &engines->starts,
                                        engines->start_loop, subject, length, options, ahead,
                                        capacity, count);
  } else if (engines->kind == CAPTURE_ENGINE_ONEPASS) {
    status = onepass_scan_ahead(engines->onepass, scratch->onepass, &engines->starts,
                                engines->start_loop, subject, length, options, ahead, capacity,
                                count);
  } else {
    return 0;
  }
  return status == ONEPASS_SCAN_SPENT ? capture_give_up(scratch)
                                      : capture_searched(scratch, status);
}

int capture_search(const capture_engines *engines, capture_scratch *scratch,
                   const unsigned char *subject, size_t length, size_t start_offset,
                   uint32_t options, int anchored, bool native, const size_t **slots) {
  if (anchored) {
    size_t stopped;
    return search_from(engines, scratch, subject, length, start_offset, start_offset, options,
                       native, slots, &stopped);
  }
  if (native && capture_search_is_native(engines)) {
    return capture_scan_native(engines, scratch, subject, length, start_offset, options, slots);
  }
  return capture_scan_c(engines, scratch, subject, length, start_offset, options, slots);
}

int capture_search_whole_match(const capture_engines *engines, capture_scratch *scratch,
                               const unsigned char *subject, size_t length, size_t start_offset,
                               uint32_t options, bool native, const size_t **slots) {
  size_t stopped;
  if (native && engines->native_whole_match != NULL) {
    return jit_onepass_scanner_search(scratch->whole_match_scanner,
                                      engines->whole_match->program->utf, subject, length,
                                      start_offset, options, slots);
  }
  if (engines->whole_match != NULL) {
    return onepass_search(engines->whole_match, scratch->whole_match, subject, length,
                          start_offset, start_offset, options, slots, &stopped);
  }
  return search_from(engines, scratch, subject, length, start_offset, start_offset, options,
                     native, slots, &stopped);
}

int capture_fill(const capture_engines *engines, capture_scratch *scratch,
                 const unsigned char *subject, size_t length, size_t match_start,
                 size_t match_end, size_t start_offset, uint32_t options, bool native,
                 const size_t **slots) {
  int status;
  if (engines->kind == CAPTURE_ENGINE_PIKE) {
    return BACKTRACK_SPAN_TOO_LONG;
  }
  if (native && engines->native_onepass != NULL) {
    status = jit_onepass_fill(engines->native_onepass, scratch->onepass, subject, length,
                              match_start, match_end, start_offset, options, slots);
  } else if (engines->kind == CAPTURE_ENGINE_ONEPASS) {
    status = onepass_fill(engines->onepass, scratch->onepass, subject, length, match_start,
                          match_end, start_offset, options, slots);
  } else if (engines->kind == CAPTURE_ENGINE_NODES) {
    status = backtrack_nodes_fill(engines->onepass, scratch->backtrack, subject, length,
                                  match_start, match_end, start_offset, options, slots);
  } else if (native && engines->native_backtracker != NULL) {
    status = jit_capture_match(engines->native_backtracker, scratch->backtrack, subject, length,
                               match_start, match_end, start_offset, options, slots);
  } else {
    status = backtrack_match(&engines->backtracker, scratch->backtrack, subject, length,
                             match_start, match_end, start_offset, options, slots);
  }
  return status == JRX_NOMATCH ? JRX_ERROR_INTERNAL : status;
}
