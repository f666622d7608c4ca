/* jrx-explain: shows what jrx builds for one pattern: the parse tree, the
 * NFA listing, the DFA's byte classes, the engine jrx_match would use, the
 * strategy and prefilter it chose (read from the compiled pattern), the
 * prefilter facts and the search strategy; or the NFA/DFA as Graphviz
 * dot, or the native code; or, with --stats FILE, what searching the file
 * for every match did. It repeats jrx_compile's pipeline with the internal
 * headers, after jrx_compile itself accepted the pattern, so what it shows is what runs.
 * Exit status: 0 shown, 1 usage, unreadable file or out of memory, 2 the
 * pattern is rejected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_bytes.h"
#include "explain_dfa.h"
#include "explain_native.h"
#include "explain_stats.h"
#include "explain_strategy.h"
#include "jrx.h"
#include "regex/ast.h"
#include "regex/bitnfa.h"
#include "regex/jrx_internal.h"
#include "regex/dfa.h"
#include "regex/memory.h"
#include "regex/nfa.h"
#include "regex/parse.h"
#include "regex/memory.h"
#include "regex/search/strategy.h"

typedef enum explain_mode {
  EXPLAIN_REPORT,
  EXPLAIN_NFA_DOT,
  EXPLAIN_DFA_DOT,
  EXPLAIN_NATIVE_CODE,
  EXPLAIN_STATS
} explain_mode;

typedef struct explain_request {
  explain_mode mode;
  uint32_t options;
  const char *pattern;
  const char *subject_path; /* EXPLAIN_STATS */
} explain_request;

/* What jrx_compile builds, rebuilt with the internals; owns all of it. */
typedef struct explain_build {
  ast_tree tree;
  nfa_program program;
  dfa *automaton;
  bitnfa *bit_parallel; /* NULL, and why in refusal, when the program has none */
  bitnfa_refusal refusal;
} explain_build;

static const char usage_text[] =
    "usage: jrx-explain [--dot=nfa|dfa] [--disasm] [--stats FILE] [-i] [-m] [-s] [-x] [-u]\n"
    "                   PATTERN\n"
    "  -i caseless  -m multiline  -s dotall  -x extended  -u UTF-8\n"
    "  --dot=nfa|dfa  print the NFA or the forward DFA as Graphviz dot\n"
    "  --disasm       print the ARM64 code (pipe it to\n"
    "                 llvm-mc --disassemble -triple=aarch64)\n"
    "  --stats FILE   find every match in FILE and print what the searches did:\n"
    "                 the engine that answered each, the DFA's states, cache\n"
    "                 resets and give-ups, prefilter candidates and stand-downs\n"
    "  --             the next argument is the pattern, even if it starts with -\n";

static int option_bit(char letter, uint32_t *bit) {
  static const struct {
    char letter;
    uint32_t bit;
  } letters[] = {{'i', JRX_CASELESS}, {'m', JRX_MULTILINE}, {'s', JRX_DOTALL},
                 {'x', JRX_EXTENDED}, {'u', JRX_UTF}};
  for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++) {
    if (letters[i].letter == letter) {
      *bit = letters[i].bit;
      return 1;
    }
  }
  return 0;
}

/* Returns 0 with request filled, or 1 for a usage error. */
static int parse_arguments(int argc, char **argv, explain_request *request) {
  *request = (explain_request){EXPLAIN_REPORT, 0, NULL, NULL};
  int index = 1;
  for (; index < argc && argv[index][0] == '-' && argv[index][1] != '\0'; index++) {
    const char *argument = argv[index];
    uint32_t bit;
    if (strcmp(argument, "--") == 0) {
      index++;
      break;
    } else if (strcmp(argument, "--dot=nfa") == 0) {
      request->mode = EXPLAIN_NFA_DOT;
    } else if (strcmp(argument, "--dot=dfa") == 0) {
      request->mode = EXPLAIN_DFA_DOT;
    } else if (strcmp(argument, "--disasm") == 0) {
      request->mode = EXPLAIN_NATIVE_CODE;
    } else if (strcmp(argument, "--stats") == 0 && index + 1 < argc) {
      request->mode = EXPLAIN_STATS;
      request->subject_path = argv[++index];
    } else if (argument[1] != '-' && argument[2] == '\0' && option_bit(argument[1], &bit)) {
      request->options |= bit;
    } else {
      fprintf(stderr, "jrx-explain: unknown option %s\n", argument);
      return 1;
    }
  }
  if (index != argc - 1) {
    return 1;
  }
  request->pattern = argv[index];
  return 0;
}

/* The message, the line of the pattern holding the offset, and a caret
 * under the offending character (continuation bytes take no column, tabs
 * stay tabs so the caret lines up in a terminal). */
static void report_compile_error(const char *pattern, int code, size_t offset) {
  char message[256];
  jrx_error_message(code, message, sizeof message);
  fprintf(stderr, "jrx-explain: error %d at offset %zu: %s\n", code, offset, message);
  size_t line_start = offset;
  while (line_start > 0 && pattern[line_start - 1] != '\n') {
    line_start--;
  }
  size_t line_length = strcspn(pattern + line_start, "\n");
  fprintf(stderr, "  %.*s\n  ", (int)line_length, pattern + line_start);
  for (size_t i = line_start; i < offset; i++) {
    unsigned char byte = (unsigned char)pattern[i];
    if ((byte & 0xc0u) != 0x80u) {
      fputc(byte == '\t' ? '\t' : ' ', stderr);
    }
  }
  fputs("^\n", stderr);
}

static void build_release(explain_build *build) {
  bitnfa_destroy(build->bit_parallel);
  dfa_destroy(build->automaton);
  nfa_program_release(&build->program);
  ast_tree_release(&build->tree);
}

static int build_pattern(const explain_request *request, explain_build *build) {
  memset(build, 0, sizeof *build);
  ast_tree_init(&build->tree, memory_default_allocator());
  parse_limits limits;
  parse_default_limits(&limits);
  nfa_compile_limits nfa_limits;
  nfa_default_limits(&nfa_limits);
  size_t offset;
  int status = parse_pattern(request->pattern, strlen(request->pattern), request->options,
                             &limits, memory_default_allocator(), &build->tree, &offset);
  if (status == 0) {
    status = nfa_compile(&build->tree, &nfa_limits, &build->program, &offset);
  }
  if (status == 0) {
    status = dfa_create(&build->program, &build->automaton);
  }
  if (status == 0) {
    status = bitnfa_build(&build->program, &build->bit_parallel, &build->refusal);
  }
  return status;
}

/* Runs an snprintf-like formatter into a buffer of the size it asks for. */
typedef size_t (*explain_formatter)(const void *object, char *buffer, size_t size);

static size_t format_tree(const void *object, char *buffer, size_t size) {
  return ast_format(object, buffer, size);
}

static size_t format_listing(const void *object, char *buffer, size_t size) {
  return nfa_format_listing(object, buffer, size);
}

static size_t format_dot(const void *object, char *buffer, size_t size) {
  return nfa_format_dot(object, buffer, size);
}

static int print_formatted(explain_formatter format, const void *object) {
  size_t length = format(object, NULL, 0);
  char *text = malloc(length + 1);
  if (text == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  format(object, text, length + 1);
  fputs(text, stdout);
  free(text);
  return 0;
}

static const char *yes_no(int value) {
  return value ? "yes" : "no";
}

static void print_prefilter_facts(const nfa_program *program) {
  printf("prefilter:\n  anchored: %s\n  can match empty: %s\n", yes_no(program->anchored),
         yes_no(program->can_match_empty));
  if (program->min_length == SIZE_MAX) {
    printf("  min length: none (no match possible)\n");
  } else {
    printf("  min length: %zu\n", program->min_length);
  }
  printf("  literal prefix: ");
  if (program->literal_prefix_length == 0) {
    printf("none");
  }
  for (uint32_t i = 0; i < program->literal_prefix_length; i++) {
    explain_print_byte(stdout, program->literal_prefix[i], EXPLAIN_STYLE_TEXT);
  }
  unsigned char first[256];
  unsigned count = 0;
  for (unsigned byte = 0; byte < 256; byte++) {
    first[byte] = (unsigned char)nfa_first_byte_possible(program, (unsigned char)byte);
    count += first[byte];
  }
  printf("\n  first bytes: %u [", count);
  explain_print_byte_set(stdout, first, EXPLAIN_STYLE_TEXT);
  printf("]\n");
  if (program->sequence_length > 0) {
    printf("  sequence of byte sets: %u bytes, the matches exactly\n",
           (unsigned)program->sequence_length);
  }
}

static void print_dfa_facts(const dfa *automaton) {
  const dfa_automaton *forward = &automaton->forward;
  printf("dfa: %u byte classes forward, %u backward; states are built lazily\n",
         forward->class_count, automaton->backward.class_count);
  for (uint32_t class_index = 0; class_index < forward->class_count; class_index++) {
    unsigned char member[256];
    for (unsigned byte = 0; byte < 256; byte++) {
      member[byte] = forward->class_of[byte] == class_index;
    }
    printf("  class %u: [", class_index);
    explain_print_byte_set(stdout, member, EXPLAIN_STYLE_TEXT);
    printf("]\n");
  }
}

/* The bit-parallel NFA, which searches instead of a lazy DFA that keeps
 * emptying its cache. */
static void print_bitnfa_facts(const explain_build *build) {
  const bitnfa *automaton = build->bit_parallel;
  if (automaton == NULL) {
    printf("bit-parallel nfa: %s\n", bitnfa_refusal_text(build->refusal));
    return;
  }
  printf("bit-parallel nfa: %u positions, matches of %zu bytes, shifts", automaton->position_count,
         automaton->match_length);
  for (uint32_t i = 0; i < automaton->shift_count; i++) {
    printf(" %+d%s", automaton->shifts[i].amount, automaton->shifts[i].masked ? " (masked)" : "");
  }
  printf("; searches instead of the lazy DFA once its cache thrashes\n");
}

static const char *literal_searcher_name(literal_searcher_kind kind) {
  switch (kind) {
    case LITERAL_SEARCHER_SUBSTRING:
      return "substring";
    case LITERAL_SEARCHER_TEDDY:
      return "teddy";
    case LITERAL_SEARCHER_AHO_CORASICK:
      return "aho-corasick";
  }
  return "?";
}

/* The strategy, why, and its literals (the first few; ~x is a letter in
 * either case). */
static int print_search_plan(const explain_build *build) {
  search_plan plan;
  int status = search_plan_build(&plan, &build->program, build->automaton);
  if (status != 0) {
    return status;
  }
  printf("search: %s (%s)\n", search_strategy_name(plan.strategy), plan.reason);
  const literal_set *set = &plan.literals;
  if (set->count > 0) {
    printf("  literals: %u, by %s:", set->count, literal_searcher_name(plan.searcher.kind));
    for (uint32_t i = 0; i < set->count && i < 8; i++) {
      const unsigned char *bytes = literal_set_bytes(set, i);
      const unsigned char *folds = literal_set_folds(set, i);
      printf(" ");
      for (uint32_t j = 0; j < set->literals[i].length; j++) {
        if (folds[j] != 0) {
          printf("~");
        }
        explain_print_byte(stdout, bytes[j], EXPLAIN_STYLE_TEXT);
      }
    }
    printf("%s\n", set->count > 8 ? " ..." : "");
  }
  search_plan_release(&plan);
  return 0;
}

static int print_report(const explain_build *build, const jrx *re) {
  printf("parse tree: ");
  int status = print_formatted(format_tree, build->tree.root);
  if (status != 0) {
    return status;
  }
  printf("\ncaptures: %u\nnfa: %u instructions, %zu bytes, %u capture slots\n",
         build->tree.capture_count, build->program.count,
         (size_t)build->program.count * sizeof(nfa_instruction), build->program.slot_count);
  status = print_formatted(format_listing, &build->program);
  if (status != 0) {
    return status;
  }
  print_dfa_facts(build->automaton);
  print_bitnfa_facts(build);
  printf("engine: %s\n", jrx_engine(re));
  explain_strategy(stdout, re);
  print_prefilter_facts(&build->program);
  return print_search_plan(build);
}

static int explain(const explain_request *request, const jrx *re) {
  explain_build build;
  int status = build_pattern(request, &build);
  if (status == 0) {
    switch (request->mode) {
      case EXPLAIN_REPORT:
        status = print_report(&build, re);
        break;
      case EXPLAIN_NFA_DOT:
        status = print_formatted(format_dot, &build.program);
        break;
      case EXPLAIN_DFA_DOT:
        status = explain_dfa_dot(stdout, build.automaton);
        break;
      case EXPLAIN_NATIVE_CODE:
        status = explain_native_code(stdout, &build.program, build.automaton, build.bit_parallel);
        break;
      case EXPLAIN_STATS:
        status = explain_stats(stdout, re, request->subject_path);
        break;
    }
  }
  build_release(&build);
  return status;
}

int main(int argc, char **argv) {
  explain_request request;
  if (parse_arguments(argc, argv, &request) != 0) {
    fputs(usage_text, stderr);
    return 1;
  }
  int code = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(request.pattern, strlen(request.pattern), request.options, &code, &offset);
  if (re == NULL) {
    report_compile_error(request.pattern, code, offset);
    return 2;
  }
  int status = explain(&request, re);
  jrx_free(re);
  if (status == DFA_GAVE_UP) {
    fputs("jrx-explain: the DFA is too big to draw\n", stderr);
    return 1;
  }
  if (status != 0) {
    char message[256];
    jrx_error_message(status, message, sizeof message);
    fprintf(stderr, "jrx-explain: %s\n", message);
    return 1;
  }
  return 0;
}
