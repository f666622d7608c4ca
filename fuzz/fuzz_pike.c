/* fuzz_pike: the native Pike VM (jit_pike_match) against pike_match, its
 * reference, on the same program: the return value and, on a match, every
 * one of the program's slots. Input layout: the differential target's
 * (fuzz_case.h); the one-pair bit is ignored, both engines fill every slot.
 * Runs only where the generated code runs (arm64), so fuzz/CMakeLists.txt
 * builds it there only.
 *
 * Per input: parse and compile the pattern (patterns jrx rejects, and
 * programs too big to compile, are skipped), build the native code (any
 * failure but JRX_ERROR_NOMEMORY and JRX_ERROR_PROGRAM_TOO_BIG is a
 * finding), then compare at the case's start offset with the subject just
 * after an inaccessible page, and at every start offset with the subject
 * just before one, so that the native code's reads outside the subject
 * fault (it is not instrumented by AddressSanitizer). The sweep shares the
 * scratches across calls, which exercises the stamp generations, and stops
 * once pike_match has done SWEEP_STEP_BUDGET steps so that one input stays
 * cheap. Any difference aborts with a report. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_case.h"
#include "fuzz_options.h"
#include "fuzz_report.h"
#include "fuzz_target.h"
#include "jrx.h"
#include "regex/arm64/jit_pike.h"
#include "regex/memory.h"
#include "regex/nfa.h"
#include "regex/parse.h"
#include "regex/pike.h"

#define TARGET "pike"

/* As the differential target: larger inputs only slow the search down,
 * the Pike VM costs program size times subject length. */
#define MAX_PATTERN_LENGTH 1024u
#define MAX_SUBJECT_LENGTH 1024u

/* pike_match steps (pike_stats) the sweep over start offsets may take. */
#define SWEEP_STEP_BUDGET 100000u

/* Reports print the program listing up to this many bytes. */
#define LISTING_SHOWN_MAX 8192u

/* The program and both engines' state for it. */
typedef struct pike_engines {
  nfa_program program;
  pike_scratch *reference;
  jit_pike_code *code;
  jit_pike_scratch *scratch;
} pike_engines;

/* A subject copied next to an inaccessible page: [guard][page][guard]. */
typedef struct guarded_subject {
  unsigned char *mapping;
  size_t page_size;
} guarded_subject;

typedef struct engine_answer {
  int status;
  const size_t *slots;
} engine_answer;

static void print_listing(const nfa_program *program) {
  char *listing = malloc(LISTING_SHOWN_MAX);
  if (listing == NULL) {
    return;
  }
  size_t needed = nfa_format_listing(program, listing, LISTING_SHOWN_MAX);
  fprintf(stderr, "program (%u instructions, %u slots)%s:\n%s\n", (unsigned)program->count,
          (unsigned)program->slot_count, needed >= LISTING_SHOWN_MAX ? ", listing cut short" : "",
          listing);
  free(listing);
}

static void print_answer(const char *label, const engine_answer *answer, uint32_t slot_count) {
  fprintf(stderr, "%s: returns %d", label, answer->status);
  if (answer->status == 1) {
    fputs(", slots", stderr);
    for (uint32_t i = 0; i < slot_count; i++) {
      fputc(' ', stderr);
      fuzz_report_offset(stderr, answer->slots[i]);
    }
  }
  fputc('\n', stderr);
}

static int answers_differ(const engine_answer *expected, const engine_answer *got,
                          uint32_t slot_count) {
  if (expected->status != got->status) {
    return 1;
  }
  return expected->status == 1 &&
         memcmp(expected->slots, got->slots, slot_count * sizeof *expected->slots) != 0;
}

/* Runs both engines at start_offset; aborts with a report if they differ.
 * Returns the steps pike_match took. */
static uint64_t compare_at(const fuzz_case *item, const pike_engines *engines,
                           const unsigned char *subject, size_t start_offset, uint32_t options,
                           const char *placement) {
  pike_stats stats = {0};
  engine_answer expected;
  engine_answer got;
  expected.status = pike_match(&engines->program, engines->reference, subject,
                               item->subject_length, start_offset, options, &expected.slots,
                               &stats);
  got.status = jit_pike_match(engines->code, engines->scratch, subject, item->subject_length,
                              start_offset, options, &got.slots, NULL);
  if (answers_differ(&expected, &got, engines->program.slot_count)) {
    fuzz_report_begin(TARGET, "jit_pike_match differs from pike_match");
    fuzz_case_print(item);
    fprintf(stderr, "compared at start offset %zu with match options ", start_offset);
    fuzz_options_print(stderr, options);
    fprintf(stderr, ", subject %s\n", placement);
    print_answer("pike_match (expected)", &expected, engines->program.slot_count);
    print_answer("jit_pike_match", &got, engines->program.slot_count);
    print_listing(&engines->program);
    fuzz_report_abort();
  }
  return stats.steps;
}

/* Returns 0 and maps three pages, the outer two inaccessible, or -1. */
static int guarded_subject_map(guarded_subject *guarded) {
  long page_size = sysconf(_SC_PAGESIZE);
  if (page_size < (long)MAX_SUBJECT_LENGTH) {
    return -1;
  }
  guarded->page_size = (size_t)page_size;
  void *mapping = mmap(NULL, 3 * guarded->page_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
                       -1, 0);
  if (mapping == MAP_FAILED) {
    return -1;
  }
  guarded->mapping = mapping;
  if (mprotect(guarded->mapping + guarded->page_size, guarded->page_size,
               PROT_READ | PROT_WRITE) != 0) {
    munmap(guarded->mapping, 3 * guarded->page_size);
    return -1;
  }
  return 0;
}

static void guarded_subject_unmap(guarded_subject *guarded) {
  munmap(guarded->mapping, 3 * guarded->page_size);
}

/* Copies the subject to the start (at_end 0) or the end of the middle
 * page and returns where it begins. */
static const unsigned char *guarded_subject_place(const guarded_subject *guarded,
                                                  const fuzz_case *item, int at_end) {
  unsigned char *page = guarded->mapping + guarded->page_size;
  unsigned char *placed = at_end ? page + guarded->page_size - item->subject_length : page;
  memcpy(placed, item->subject, item->subject_length);
  return placed;
}

static void compare_engines(const fuzz_case *item, const pike_engines *engines,
                            const guarded_subject *guarded) {
  /* jrx_match adds the compile-time JRX_ANCHORED to every match's options. */
  uint32_t options = item->match_options | (item->compile_options & JRX_ANCHORED);
  const unsigned char *subject = guarded_subject_place(guarded, item, 0);
  compare_at(item, engines, subject, item->start_offset, options,
             "right after an inaccessible page");
  subject = guarded_subject_place(guarded, item, 1);
  uint64_t steps = 0;
  for (size_t offset = 0; offset <= item->subject_length && steps < SWEEP_STEP_BUDGET;
       offset++) {
    steps += compare_at(item, engines, subject, offset, options,
                        "right before an inaccessible page");
  }
}

static void report_build_failure(const fuzz_case *item, const nfa_program *program,
                                 int status) {
  fuzz_report_begin(TARGET, "jit_pike_compile fails");
  fuzz_case_print(item);
  fprintf(stderr, "jit_pike_compile returns %d\n", status);
  print_listing(program);
  fuzz_report_abort();
}

/* Builds the program from the case's pattern. Returns 0, or -1 when the
 * input is skipped (pattern rejected, program too big, out of memory). */
static int compile_program(const fuzz_case *item, nfa_program *program) {
  parse_limits parse_bounds;
  nfa_compile_limits compile_bounds;
  parse_default_limits(&parse_bounds);
  nfa_default_limits(&compile_bounds);
  ast_tree tree;
  size_t error_offset = 0;
  /* JRX_MATCH_INVALID_UTF is a matter of jrx_match, not of the program. */
  uint32_t compile_options = item->compile_options & ~JRX_MATCH_INVALID_UTF;
  if ((item->compile_options & JRX_MATCH_INVALID_UTF) != 0) {
    compile_options |= JRX_UTF;
  }
  if (parse_pattern(item->pattern, item->pattern_length, compile_options, &parse_bounds,
                    memory_default_allocator(), &tree, &error_offset) != 0) {
    return -1;
  }
  int status = nfa_compile(&tree, &compile_bounds, program, &error_offset);
  ast_tree_release(&tree);
  return status == 0 ? 0 : -1;
}

/* Creates both engines for engines->program, already compiled. Returns 0,
 * or -1 when out of memory or the program is too big for the native code
 * (what was created is left for engines_release). */
static int engines_create(const fuzz_case *item, pike_engines *engines) {
  const jrx_allocator *allocator = engines->program.allocator;
  if (pike_scratch_create(&engines->program, &engines->reference) != 0) {
    return -1;
  }
  int status = jit_pike_compile(&engines->program, allocator, NULL, &engines->code);
  if (status == JRX_ERROR_NOMEMORY || status == JRX_ERROR_PROGRAM_TOO_BIG) {
    return -1;
  }
  if (status != 0) {
    report_build_failure(item, &engines->program, status);
  }
  return jit_pike_scratch_create(engines->code, allocator, &engines->scratch) == 0 ? 0 : -1;
}

static void engines_release(pike_engines *engines) {
  jit_pike_scratch_destroy(engines->scratch);
  jit_pike_release(engines->code);
  pike_scratch_destroy(engines->reference);
  nfa_program_release(&engines->program);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_case item;
  if (fuzz_case_decode(data, size, &item) != 0 || item.pattern_length > MAX_PATTERN_LENGTH ||
      item.subject_length > MAX_SUBJECT_LENGTH) {
    return 0;
  }
  pike_engines engines = {0};
  if (compile_program(&item, &engines.program) != 0) {
    return 0;
  }
  guarded_subject guarded;
  if (engines_create(&item, &engines) == 0 && guarded_subject_map(&guarded) == 0) {
    compare_engines(&item, &engines, &guarded);
    guarded_subject_unmap(&guarded);
  }
  engines_release(&engines);
  return 0;
}
