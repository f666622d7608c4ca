/* Tests of the stored regions (nfa.h): for every automaton stored by
 * scripts/gen_unicode_tables.py, in patterns that put its set in
 * different places, the analyses that take the automaton's facts for the
 * region (nfa_analyze, dfa_program_reads_of, literal_extract,
 * search_inner_literals) give exactly what they give walking its
 * instructions, the program with its regions unmarked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/dfa.h"
#include "regex/jrx_internal.h"
#include "regex/nfa_builder.h"
#include "regex/search/literal_extract.h"
#include "regex/search/strategy.h"
#include "regex/unicode_automata.h"
#include "regex/unicode_tables.h"

/* Places for the set, %s: alone, repeated, after and before literals, in
 * an alternation, anchored, in groups, more times than regions are
 * recorded, and after \K. Each with how many regions its program records. */
typedef struct region_context {
  const char *pattern;
  uint32_t regions;
} region_context;

static const region_context contexts[] = {
    {"%s", 1},
    {"x%s", 1},
    {"%s+", 1},
    {"ab%s*", 1},
    {"%scd", 1},
    {"(?:%s|foo)bar", 1},
    {"x%s{3}y", 3},
    {"^%s$", 1},
    {"(%s)-(%s)", 2},
    {"\\b%s", 1},
    {"a?%s%s%s%s%s", NFA_MAX_STORED_REGIONS},
    {"a\\K%s", 0}, /* \K's doubled program is walked whole */
};

/* The literal walks of search/strategy.c: exact sets, and prefixes with
 * and without a bound on distinct literals, and one that lists them all. */
static const literal_limits walks[] = {
    {.max_count = 1024, .max_length = 1024, .max_total_bytes = 1u << 20, .only_exact = true},
    {.max_count = 4096,
     .max_distinct = 16,
     .max_length = 8,
     .max_total_bytes = 1u << 16,
     .only_exact = false},
    {.max_count = 4096,
     .max_distinct = 16,
     .max_length = 256,
     .max_total_bytes = 1u << 16,
     .only_exact = false},
    {.max_count = 64, .max_length = 16, .max_total_bytes = 4096, .only_exact = false},
    {.max_count = 100000, .max_length = 16, .max_total_bytes = 1u << 20, .only_exact = false},
};

/* The set of the automaton as a class of \x{..} ranges (the caller frees it). */
static char *class_of(const unicode_automaton *automaton) {
  const unicode_range_list *list = &unicode_range_lists[automaton->set];
  size_t size = 3 + (size_t)list->count * 24;
  char *text = malloc(size);
  assert_non_null(text);
  size_t used = (size_t)snprintf(text, size, "[");
  for (size_t i = 0; i < list->count; i++) {
    const charset_range *range = &unicode_ranges[list->start + i];
    used += (size_t)snprintf(text + used, size - used, "\\x{%x}-\\x{%x}", (unsigned)range->low,
                             (unsigned)range->high);
  }
  snprintf(text + used, size - used, "]");
  return text;
}

/* The pattern of context with every %s the class (the caller frees it). */
static char *pattern_of(const char *context, const char *class_text) {
  size_t size = strlen(context) + 8 * strlen(class_text) + 1;
  char *text = malloc(size);
  assert_non_null(text);
  size_t used = 0;
  for (const char *at = context; *at != '\0'; at++) {
    if (at[0] == '%' && at[1] == 's') {
      used += (size_t)snprintf(text + used, size - used, "%s", class_text);
      at++;
    } else {
      text[used++] = *at;
    }
  }
  text[used] = '\0';
  return text;
}

/* A fresh program over the compiled one's instructions, with its first
 * region_count regions marked, analyzed. Every byte not set here is
 * zero, so two of them compare with memcmp. */
static nfa_program analyzed(const nfa_program *program, uint32_t region_count) {
  nfa_program copy;
  memset(&copy, 0, sizeof copy);
  copy.allocator = program->allocator;
  copy.instructions = program->instructions;
  copy.count = program->count;
  copy.start = program->start;
  copy.slot_count = program->slot_count;
  copy.utf = program->utf;
  copy.lookarounds = program->lookarounds;
  copy.lookaround_count = program->lookaround_count;
  copy.stored_region_count = region_count;
  memcpy(copy.stored_regions, program->stored_regions,
         region_count * sizeof *copy.stored_regions);
  assert_int_equal(nfa_analyze(&copy), 0);
  return copy;
}

static void assert_same_literals(const nfa_program *marked, const nfa_program *walked,
                                 const char *pattern) {
  for (size_t i = 0; i < sizeof walks / sizeof *walks; i++) {
    literal_set sets[2];
    literal_extraction extractions[2];
    const nfa_program *programs[2] = {marked, walked};
    for (int k = 0; k < 2; k++) {
      literal_set_init(&sets[k], marked->allocator);
      assert_int_equal(literal_extract(programs[k], &walks[i], &sets[k], &extractions[k]), 0);
    }
    if (extractions[0] != extractions[1] || sets[0].count != sets[1].count) {
      fail_msg("%.60s... walk %zu: extraction %d, %u literals with facts; %d, %u walking",
               pattern, i, (int)extractions[0], sets[0].count, (int)extractions[1],
               sets[1].count);
    }
    for (uint32_t j = 0; j < sets[0].count; j++) {
      assert_int_equal(sets[0].literals[j].length, sets[1].literals[j].length);
      assert_memory_equal(literal_set_bytes(&sets[0], j), literal_set_bytes(&sets[1], j),
                          sets[0].literals[j].length);
      assert_memory_equal(literal_set_folds(&sets[0], j), literal_set_folds(&sets[1], j),
                          sets[0].literals[j].length);
    }
    literal_set_release(&sets[0]);
    literal_set_release(&sets[1]);
  }
}

/* The inner literals the search plan would take, and the bytes before
 * them (a stored region's entry may be a dominator or not as its facts
 * tell, past the closure search's limit, without changing these). */
static void assert_same_inner_literals(const nfa_program *marked, const nfa_program *walked,
                                       const char *pattern) {
  for (int prefixes_walked = 0; prefixes_walked < 2; prefixes_walked++) {
    literal_set sets[2];
    uint64_t before[2][4];
    const nfa_program *programs[2] = {marked, walked};
    for (int k = 0; k < 2; k++) {
      literal_set_init(&sets[k], marked->allocator);
      assert_int_equal(search_inner_literals(programs[k], prefixes_walked, &sets[k], before[k]),
                       0);
    }
    if (sets[0].count != sets[1].count ||
        (sets[0].count > 0 && memcmp(before[0], before[1], sizeof before[0]) != 0)) {
      fail_msg("%.60s... (prefixes walked %d): %u inner literals with facts, %u walking",
               pattern, prefixes_walked, sets[0].count, sets[1].count);
    }
    for (uint32_t j = 0; j < sets[0].count; j++) {
      assert_int_equal(sets[0].literals[j].length, sets[1].literals[j].length);
      assert_memory_equal(literal_set_bytes(&sets[0], j), literal_set_bytes(&sets[1], j),
                          sets[0].literals[j].length);
    }
    literal_set_release(&sets[0]);
    literal_set_release(&sets[1]);
  }
}

static void check_pattern(const char *pattern, uint32_t expected_regions) {
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(pattern, strlen(pattern), JRX_UTF | JRX_NO_JIT, &error, &offset);
  if (re == NULL) {
    fail_msg("%.60s... does not compile: error %d at %zu", pattern, error, offset);
  }
  const nfa_program *program = &re->program;
  assert_int_equal(program->stored_region_count, expected_regions);
  nfa_program marked = analyzed(program, program->stored_region_count);
  nfa_program walked = analyzed(program, 0);
  dfa_program_reads reads[2];
  dfa_program_reads_of(&marked, &reads[0]);
  dfa_program_reads_of(&walked, &reads[1]);
  assert_memory_equal(&reads[0], &reads[1], sizeof reads[0]);
  assert_same_literals(&marked, &walked, pattern);
  assert_same_inner_literals(&marked, &walked, pattern);
  /* The compile's own facts are the marked ones. */
  assert_int_equal(program->min_length, marked.min_length);
  assert_int_equal(program->fixed_length, marked.fixed_length);
  marked.stored_region_count = 0;
  memset(marked.stored_regions, 0, sizeof marked.stored_regions);
  if (memcmp(&marked, &walked, sizeof marked) != 0) {
    fail_msg("%.60s...: nfa_analyze differs with the facts", pattern);
  }
  jrx_free(re);
}

static void test_facts_equal_the_walks(void **state) {
  (void)state;
  for (size_t i = 0; i < unicode_automaton_count; i++) {
    char *class_text = class_of(&unicode_automata[i]);
    for (size_t c = 0; c < sizeof contexts / sizeof *contexts; c++) {
      char *pattern = pattern_of(contexts[c].pattern, class_text);
      check_pattern(pattern, contexts[c].regions);
      free(pattern);
    }
    free(class_text);
  }
}

/* Whether a path of the stored automaton's words from entry reaches the
 * class's next without passing avoid. */
static bool reaches_next_avoiding(const uint32_t *words, uint32_t count, uint32_t entry,
                                  uint32_t avoid) {
  uint32_t *stack = malloc(count * sizeof *stack);
  bool *seen = calloc(count, sizeof *seen);
  assert_non_null(stack);
  assert_non_null(seen);
  bool reached = false;
  uint32_t depth = 0;
  stack[depth++] = entry;
  seen[entry] = true;
  while (depth > 0 && !reached) {
    const uint32_t *instruction = &words[stack[--depth] * UNICODE_AUTOMATON_WORDS];
    bool split = (instruction[0] & 0xffu) == UNICODE_AUTOMATON_OPCODE_SPLIT;
    for (uint32_t k = 1; k <= (split ? 2u : 1u); k++) {
      if ((instruction[k] & UNICODE_AUTOMATON_PLACED) == 0) {
        reached = true; /* the class's next */
        break;
      }
      uint32_t target = instruction[k] & ~UNICODE_AUTOMATON_PLACED;
      if (target != avoid && !seen[target]) {
        seen[target] = true;
        stack[depth++] = target;
      }
    }
  }
  free(seen);
  free(stack);
  return reached;
}

/* The byte ranges the automaton's entry reaches by splits alone, marked
 * in lead (by index; no automaton passes UINT16_MAX instructions). */
static void mark_lead_ranges(const unicode_automaton *automaton, bool *lead) {
  const uint32_t *words =
      &unicode_automaton_words[(size_t)automaton->start * UNICODE_AUTOMATON_WORDS];
  static uint32_t stack[2 * UINT16_MAX];
  uint32_t depth = 0;
  stack[depth++] = automaton->entry;
  while (depth > 0) {
    uint32_t k = stack[--depth];
    const uint32_t *instruction = &words[k * UNICODE_AUTOMATON_WORDS];
    if ((instruction[0] & 0xffu) == UNICODE_AUTOMATON_OPCODE_BYTE_RANGE) {
      lead[k] = true;
      continue;
    }
    for (int target = 1; target <= 2; target++) {
      assert_true((instruction[target] & UNICODE_AUTOMATON_PLACED) != 0); /* splits stay inside */
      stack[depth++] = instruction[target] & ~UNICODE_AUTOMATON_PLACED;
    }
  }
}

/* The stored lead ranges are the ones the entry reaches by splits, each
 * once, in order. */
static void test_stored_leads_are_the_entry_ranges(void **state) {
  (void)state;
  static bool lead[UINT16_MAX];
  for (size_t i = 0; i < unicode_automaton_count; i++) {
    const unicode_automaton *automaton = &unicode_automata[i];
    memset(lead, 0, sizeof lead);
    mark_lead_ranges(automaton, lead);
    const uint16_t *leads = &unicode_automaton_leads[automaton->lead_start];
    uint32_t count = 0;
    for (uint32_t k = 0; k < automaton->count; k++) {
      if (lead[k]) {
        assert_true(count < automaton->lead_count);
        assert_int_equal(leads[count], k);
        count++;
      }
    }
    assert_int_equal(count, automaton->lead_count);
  }
}

/* The stored lengths and widths are the automata's (the generator's
 * own walk, checked against the instructions), and no instruction but
 * the entry lies on every path through one (search/inner_literal.c
 * takes none of the others for a dominator). */
static void test_stored_facts_describe_the_instructions(void **state) {
  (void)state;
  for (size_t i = 0; i < unicode_automaton_count; i++) {
    const unicode_automaton *automaton = &unicode_automata[i];
    const uint32_t *words =
        &unicode_automaton_words[(size_t)automaton->start * UNICODE_AUTOMATON_WORDS];
    uint32_t ranges = 0;
    unsigned widest = 0;
    for (uint32_t k = 0; k < automaton->count; k++) {
      uint32_t head = words[k * UNICODE_AUTOMATON_WORDS];
      if ((head & 0xffu) == UNICODE_AUTOMATON_OPCODE_BYTE_RANGE) {
        unsigned width = ((head >> 16) & 0xffu) - ((head >> 8) & 0xffu);
        widest = width > widest ? width : widest;
        ranges++;
      }
    }
    assert_int_equal(automaton->range_count, ranges);
    assert_int_equal(automaton->widest_range, widest);
    assert_true(automaton->widest_lead_range <= automaton->widest_range);
    assert_true(automaton->min_length >= 1 && automaton->min_length <= automaton->max_length &&
                automaton->max_length <= 4);
    /* A dominator lies on every path: those of one path are tested. */
    uint32_t word = automaton->entry * UNICODE_AUTOMATON_WORDS + 1;
    while ((words[word] & UNICODE_AUTOMATON_PLACED) != 0) {
      uint32_t k = words[word] & ~UNICODE_AUTOMATON_PLACED;
      if (!reaches_next_avoiding(words, automaton->count, automaton->entry, k)) {
        fail_msg("automaton %zu: instruction %u lies on every path", i, k);
      }
      word = k * UNICODE_AUTOMATON_WORDS + 1;
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stored_facts_describe_the_instructions),
      cmocka_unit_test(test_stored_leads_are_the_entry_ranges),
      cmocka_unit_test(test_facts_equal_the_walks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
