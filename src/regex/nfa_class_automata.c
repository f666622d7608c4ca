/* nfa_class_automata: a UTF-mode class equal to one of the big Unicode
 * property sets (\p{L}, Xwd = \w under UCP, [\p{L}\p{N}], ...) gets its
 * byte automaton copied from unicode_automata.c, precomputed by
 * scripts/gen_unicode_tables.py, instead of built range by range: the
 * build was half of compiling \p{L}. The copy is instruction for
 * instruction what nfa_compile_class.c's trie emits for that set
 * (scripts/utf8_automaton.py mirrors it; test_nfa_class_automata compares
 * every stored automaton with the build), so every engine and analysis
 * sees the same program either way. The copy is recorded as a stored
 * region, whose facts the analyses take instead of walking it. */

#include "nfa_builder.h"
#include "unicode_automata.h"
#include "unicode_tables.h"

static int same_ranges(const charset *set, const unicode_range_list *list) {
  if (set->count != list->count) {
    return 0;
  }
  const charset_range *ranges = &unicode_ranges[list->start];
  if (set->ranges == ranges) {
    return 1; /* the property's own ranges, borrowed (unicode_property_add) */
  }
  for (size_t i = 0; i < set->count; i++) {
    if (set->ranges[i].low != ranges[i].low || set->ranges[i].high != ranges[i].high) {
      return 0;
    }
  }
  return 1;
}

/* The target of a packed instruction in bits shift..shift + 12 as an
 * index of the program: base + the target, or next for
 * UNICODE_AUTOMATON_NEXT. */
static uint32_t placed(uint32_t word, unsigned shift, uint32_t base, uint32_t next) {
  uint32_t target = (word >> shift) & UNICODE_AUTOMATON_TARGET_MASK;
  return target == UNICODE_AUTOMATON_NEXT ? next : base + target;
}

const unicode_automaton *nfa_class_automaton_of(const charset *set) {
  for (size_t i = 0; i < unicode_automaton_count; i++) {
    const unicode_range_list *list = &unicode_range_lists[unicode_automata[i].set];
    if (list->count > set->count) {
      return NULL; /* sorted by range count: a small class stops here */
    }
    if (same_ranges(set, list)) {
      return &unicode_automata[i];
    }
  }
  return NULL;
}

int nfa_class_automaton_copy(nfa_builder *builder, const unicode_automaton *automaton,
                             uint32_t next, uint32_t *entry) {
  int status = nfa_builder_reserve(builder, automaton->count);
  if (status != 0) {
    return status;
  }
  uint32_t base = builder->count;
  const uint32_t *words = &unicode_automaton_instructions[automaton->start];
  nfa_instruction *copied = &builder->instructions[base];
  for (uint32_t i = 0; i < automaton->count; i++) {
    uint32_t word = words[i];
    uint32_t target = placed(word, UNICODE_AUTOMATON_TARGET_SHIFT, base, next);
    if ((word & UNICODE_AUTOMATON_SPLIT) != 0) {
      copied[i] = (nfa_instruction){
          .opcode = NFA_SPLIT, .next = target, .alternative = placed(word, 0, base, next)};
    } else {
      copied[i] = (nfa_instruction){.opcode = NFA_BYTE_RANGE,
                                    .low = (uint8_t)word,
                                    .high = (uint8_t)(word >> 8),
                                    .next = target};
    }
  }
  builder->count = base + automaton->count;
  *entry = base + automaton->entry;
  if (builder->stored_region_count < NFA_MAX_STORED_REGIONS) {
    builder->stored_regions[builder->stored_region_count++] =
        (nfa_stored_region){.automaton = automaton, .first = base, .entry = *entry, .exit = next};
  }
  return 0;
}
