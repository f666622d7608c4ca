/* nfa_class_automata: a UTF-mode class equal to one of the big Unicode
 * property sets (\p{L}, Xwd = \w under UCP, [\p{L}\p{N}], ...) gets its
 * byte automaton copied from unicode_automata.c, precomputed by
 * scripts/gen_unicode_tables.py, instead of built range by range: the
 * build was half of compiling \p{L}. The copy is instruction for
 * instruction what nfa_compile_class.c's trie emits for that set
 * (scripts/utf8_automaton.py mirrors it; test_nfa_class_automata compares
 * every stored automaton with the build), so every engine and analysis
 * sees the same program either way. The generator stores the
 * instructions as they lie in memory, so the copy only relocates their
 * targets. The copy is recorded as a stored region, whose facts the
 * analyses take instead of walking it. */

#include <stddef.h>
#include <string.h>

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

/* The stored words are nfa_instruction's as this target lays them out. */
_Static_assert(sizeof(nfa_instruction) == UNICODE_AUTOMATON_WORDS * sizeof(uint32_t),
               "an instruction is three stored words");
_Static_assert(offsetof(nfa_instruction, next) == sizeof(uint32_t) &&
                   offsetof(nfa_instruction, alternative) == 2 * sizeof(uint32_t),
               "next and alternative are the second and third words");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "opcode, low, high from the low byte");
_Static_assert(UNICODE_AUTOMATON_PLACED == 0x80000000u, "the flag is the sign bit");
_Static_assert(NFA_BYTE_RANGE == UNICODE_AUTOMATON_OPCODE_BYTE_RANGE &&
                   NFA_SPLIT == UNICODE_AUTOMATON_OPCODE_SPLIT,
               "the generator's opcodes");

/* A placed target is base + index: adding base + the flag to the word
 * both adds base and clears the flag (the top bit, the vectors' sign). */
static uint32_t relocation(uint32_t word, uint32_t base) {
  return word >> 31 != 0 ? base + UNICODE_AUTOMATON_PLACED : 0;
}

typedef uint32_t word_vector __attribute__((vector_size(16)));
typedef int32_t signed_vector __attribute__((vector_size(16)));
#define VECTOR_WORDS (sizeof(word_vector) / sizeof(uint32_t))

static void relocate_vector(unsigned char *out, const uint32_t *words, word_vector moves) {
  word_vector vector;
  memcpy(&vector, words, sizeof vector);
  vector += moves & (word_vector)((signed_vector)vector >> 31);
  memcpy(out, &vector, sizeof vector);
}

/* Writes words[0..count) relocated by base to out: two vectors a step,
 * in GNU C vectors (SSE2 or NEON, no per-target code). Decoded one at a
 * time, the 4,683 words of \p{L} cost 31K x86 instructions. */
static void relocate(unsigned char *out, const uint32_t *words, size_t count, uint32_t base) {
  const word_vector moves = relocation(UNICODE_AUTOMATON_PLACED, base) - (word_vector){0};
  size_t i = 0;
  for (; i + 2 * VECTOR_WORDS <= count; i += 2 * VECTOR_WORDS) {
    relocate_vector(out + i * sizeof *words, &words[i], moves);
    relocate_vector(out + (i + VECTOR_WORDS) * sizeof *words, &words[i + VECTOR_WORDS], moves);
  }
  for (; i < count; i++) {
    uint32_t word = words[i] + relocation(words[i], base);
    memcpy(out + i * sizeof *words, &word, sizeof word);
  }
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
  unsigned char *copied = (unsigned char *)&builder->instructions[base];
  relocate(copied, &unicode_automaton_words[(size_t)automaton->start * UNICODE_AUTOMATON_WORDS],
           (size_t)automaton->count * UNICODE_AUTOMATON_WORDS, base);
  const uint16_t *exits = &unicode_automaton_exits[automaton->exit_start];
  for (uint32_t i = 0; i < automaton->exit_count; i++) {
    memcpy(copied + exits[i] * sizeof(uint32_t), &next, sizeof next);
  }
  builder->count = base + automaton->count;
  *entry = base + automaton->entry;
  if (builder->stored_region_count < NFA_MAX_STORED_REGIONS) {
    builder->stored_regions[builder->stored_region_count++] =
        (nfa_stored_region){.automaton = automaton, .first = base, .entry = *entry, .exit = next};
  }
  return 0;
}
