/* Tests of nfa_class_automata: every automaton stored by
 * scripts/gen_unicode_tables.py is found for its set and copies to
 * exactly the instructions nfa_compile_class.c builds for that set (so
 * the PCRE2 checks of the built classes hold for the copies); sets that
 * differ by one code point are built; a copy that would pass the
 * program's size limit fails as the build does; every property's ranges
 * are a set as they stand, which a class borrows (unicode_property_add),
 * and a borrowed set finds its automaton. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/charset.h"
#include "regex/memory.h"
#include "regex/nfa_builder.h"
#include "regex/unicode_automata.h"
#include "regex/unicode_tables.h"

/* Instructions before the class in both builders, so that copied
 * targets must be placed past them. */
#define LEADING_INSTRUCTIONS 3u

static void set_of(const unicode_automaton *automaton, charset *set) {
  const unicode_range_list *list = &unicode_range_lists[automaton->set];
  charset_init(set, memory_default_allocator());
  assert_int_equal(charset_add_sorted_ranges(set, &unicode_ranges[list->start], list->count), 0);
}

/* A builder holding LEADING_INSTRUCTIONS matches, the last the class's next. */
static void start_builder(nfa_builder *builder, uint32_t max_instructions, uint32_t *next) {
  nfa_builder_init(builder, max_instructions, memory_default_allocator());
  nfa_instruction match = {.opcode = NFA_MATCH};
  for (uint32_t i = 0; i < LEADING_INSTRUCTIONS; i++) {
    assert_int_equal(nfa_builder_emit(builder, match, next), 0);
  }
}

static void assert_same_instructions(const nfa_builder *built, const nfa_builder *copied) {
  assert_int_equal(copied->count, built->count);
  for (uint32_t i = 0; i < built->count; i++) {
    const nfa_instruction *expected = &built->instructions[i];
    const nfa_instruction *actual = &copied->instructions[i];
    /* Byte for byte, the unused fields' zeros too: the copy relocates
     * the stored words as they lie in memory. */
    assert_memory_equal(actual, expected, sizeof *expected);
    assert_int_equal(actual->opcode, expected->opcode);
    assert_int_equal(actual->next, expected->next);
    if (expected->opcode == NFA_SPLIT) {
      assert_int_equal(actual->alternative, expected->alternative);
    } else if (expected->opcode == NFA_BYTE_RANGE) {
      assert_int_equal(actual->low, expected->low);
      assert_int_equal(actual->high, expected->high);
    }
  }
}

/* The automaton's set compiled by the build (built) and by
 * nfa_compile_charset (copied), each after LEADING_INSTRUCTIONS, with
 * their statuses and entries; the caller releases both builders. */
static void compile_both(const unicode_automaton *automaton, uint32_t max_instructions,
                         nfa_builder *built, nfa_builder *copied, int status[2],
                         uint32_t entry[2]) {
  charset set;
  set_of(automaton, &set);
  assert_ptr_equal(nfa_class_automaton_of(&set), automaton);
  uint32_t next;
  start_builder(built, max_instructions, &next);
  start_builder(copied, max_instructions, &next);
  status[0] = nfa_compile_charset_built(built, &set, 1, next, &entry[0]);
  status[1] = nfa_compile_charset(copied, &set, 1, next, &entry[1]);
  charset_release(&set);
}

static void test_stored_automata_equal_the_build(void **state) {
  (void)state;
  assert_true(unicode_automaton_count > 0);
  for (size_t i = 0; i < unicode_automaton_count; i++) {
    nfa_builder built;
    nfa_builder copied;
    int status[2];
    uint32_t entry[2];
    compile_both(&unicode_automata[i], NFA_DEFAULT_MAX_INSTRUCTIONS, &built, &copied, status,
                 entry);
    assert_int_equal(status[0], 0);
    assert_int_equal(status[1], 0);
    assert_int_equal(copied.count - LEADING_INSTRUCTIONS, unicode_automata[i].count);
    assert_int_equal(entry[1], entry[0]);
    assert_same_instructions(&built, &copied);
    nfa_builder_release(&built);
    nfa_builder_release(&copied);
  }
}

static void test_other_sets_are_built(void **state) {
  (void)state;
  charset set;
  set_of(&unicode_automata[0], &set);
  uint32_t last = set.ranges[set.count - 1].high;
  assert_int_equal(charset_remove_range(&set, last, last), 0);
  assert_null(nfa_class_automaton_of(&set));
  charset_release(&set);
  charset_init(&set, memory_default_allocator());
  assert_int_equal(charset_add_range(&set, 'a', 'z'), 0);
  assert_null(nfa_class_automaton_of(&set));
  charset_release(&set);
}

static void test_copy_respects_the_size_limit(void **state) {
  (void)state;
  const unicode_automaton *automaton = &unicode_automata[0];
  nfa_builder built;
  nfa_builder copied;
  int status[2];
  uint32_t entry[2];
  compile_both(automaton, LEADING_INSTRUCTIONS + automaton->count - 1, &built, &copied, status,
               entry);
  assert_int_equal(status[0], JRX_ERROR_PROGRAM_TOO_BIG);
  assert_int_equal(status[1], JRX_ERROR_PROGRAM_TOO_BIG);
  nfa_builder_release(&built);
  nfa_builder_release(&copied);
}

/* Merging a list into an empty set changes nothing: it is sorted,
 * disjoint and non-adjacent, as charset_add_constant_ranges requires. */
static void assert_list_is_a_set(uint16_t index) {
  const unicode_range_list *list = &unicode_range_lists[index];
  charset merged;
  charset_init(&merged, memory_default_allocator());
  assert_int_equal(
      charset_add_sorted_ranges(&merged, &unicode_ranges[list->start], list->count), 0);
  assert_int_equal(merged.count, list->count);
  for (size_t i = 0; i < merged.count; i++) {
    assert_int_equal(merged.ranges[i].low, unicode_ranges[list->start + i].low);
    assert_int_equal(merged.ranges[i].high, unicode_ranges[list->start + i].high);
  }
  charset_release(&merged);
}

static void test_borrowed_property_sets(void **state) {
  (void)state;
  for (size_t i = 0; i < unicode_property_name_count; i++) {
    assert_list_is_a_set(unicode_property_names[i].set);
    assert_list_is_a_set(unicode_property_names[i].extensions);
  }
  for (size_t i = 0; i < unicode_automaton_count; i++) {
    const unicode_range_list *list = &unicode_range_lists[unicode_automata[i].set];
    charset set;
    charset_init(&set, memory_default_allocator());
    assert_int_equal(
        charset_add_constant_ranges(&set, &unicode_ranges[list->start], list->count), 0);
    assert_ptr_equal(set.ranges, &unicode_ranges[list->start]);
    assert_ptr_equal(nfa_class_automaton_of(&set), &unicode_automata[i]);
    charset_release(&set);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stored_automata_equal_the_build),
      cmocka_unit_test(test_other_sets_are_built),
      cmocka_unit_test(test_copy_respects_the_size_limit),
      cmocka_unit_test(test_borrowed_property_sets),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
