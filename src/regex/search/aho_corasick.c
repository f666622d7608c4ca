/* aho_corasick: the leftmost-first scan. Until the first match the loop
 * does one transition and one compare a byte (outputs are numbered last);
 * after it, the scan runs on only while some literal in progress could
 * still start at or before the match (see aho_corasick.h). The scan is
 * written once over the two forms; in each copy `dense` is a constant, and
 * a state is its row offset (dense) or its number (sparse). */
#include "aho_corasick.h"

#include <stdbool.h>

#define INLINE static inline __attribute__((always_inline))

/* The state after class_number from state, following failure links
 * (sparse form). */
INLINE uint32_t sparse_next(const aho_corasick *automaton, uint32_t state,
                            uint32_t class_number) {
  for (;;) {
    if (state == 0) {
      return automaton->root_next[class_number];
    }
    for (uint32_t edge = automaton->edge_start[state]; edge < automaton->edge_start[state + 1];
         edge++) {
      if (automaton->edge_class[edge] >= class_number) {
        if (automaton->edge_class[edge] == class_number) {
          return automaton->edge_target[edge];
        }
        break;
      }
    }
    state = automaton->fail[state];
  }
}

INLINE uint32_t step(const aho_corasick *automaton, uint32_t state, unsigned char byte,
                     bool dense) {
  uint32_t class_number = automaton->class_of[byte];
  return dense ? automaton->table[state + class_number]
               : sparse_next(automaton, state, class_number);
}

/* One of a state's facts (AHO_CORASICK_DEPTH...). */
INLINE uint32_t fact(const aho_corasick *automaton, uint32_t state, unsigned which, bool dense) {
  if (dense) {
    return automaton->table[state + automaton->class_count + which];
  }
  const uint32_t *facts[AHO_CORASICK_ROW_FACTS] = {automaton->depth, automaton->output_length,
                                                   automaton->output_literal};
  return facts[which][state];
}

INLINE int find(const aho_corasick *automaton, const unsigned char *haystack, size_t length,
                size_t from, size_t *start, size_t *end, bool dense) {
  uint32_t first_output = automaton->first_output * (dense ? automaton->stride : 1);
  uint32_t state = 0;
  size_t position = from;
  while (position < length) {
    state = step(automaton, state, haystack[position++], dense);
    if (state >= first_output) {
      break;
    }
  }
  if (state < first_output) {
    return 0;
  }
  size_t best_start = position - fact(automaton, state, AHO_CORASICK_OUTPUT_LENGTH, dense);
  size_t best_end = position;
  uint32_t best_literal = fact(automaton, state, AHO_CORASICK_OUTPUT_LITERAL, dense);
  /* position - depth is the earliest start of a literal still in
   * progress: once it is past the match, nothing can beat the match. */
  while (position < length &&
         position - fact(automaton, state, AHO_CORASICK_DEPTH, dense) <= best_start) {
    state = step(automaton, state, haystack[position++], dense);
    if (state >= first_output) {
      size_t match_start = position - fact(automaton, state, AHO_CORASICK_OUTPUT_LENGTH, dense);
      uint32_t literal = fact(automaton, state, AHO_CORASICK_OUTPUT_LITERAL, dense);
      if (match_start < best_start || (match_start == best_start && literal < best_literal)) {
        best_start = match_start;
        best_end = position;
        best_literal = literal;
      }
    }
  }
  *start = best_start;
  *end = best_end;
  return 1;
}

int aho_corasick_find(const aho_corasick *automaton, const unsigned char *haystack, size_t length,
                      size_t from, size_t *start, size_t *end) {
  return automaton->table != NULL ? find(automaton, haystack, length, from, start, end, true)
                                  : find(automaton, haystack, length, from, start, end, false);
}

INLINE int match_at(const aho_corasick *automaton, const unsigned char *haystack, size_t length,
                    size_t position, size_t *end, bool dense) {
  uint32_t state = 0;
  uint32_t best_literal = UINT32_MAX;
  for (size_t at = position; at < length; at++) {
    uint32_t next = step(automaton, state, haystack[at], dense);
    uint32_t depth = fact(automaton, next, AHO_CORASICK_DEPTH, dense);
    /* A trie edge goes one deeper; anything else came by a failure. */
    if (depth != fact(automaton, state, AHO_CORASICK_DEPTH, dense) + 1) {
      break;
    }
    state = next;
    uint32_t literal = fact(automaton, state, AHO_CORASICK_OUTPUT_LITERAL, dense);
    if (fact(automaton, state, AHO_CORASICK_OUTPUT_LENGTH, dense) == depth &&
        literal < best_literal) {
      best_literal = literal;
      *end = at + 1;
    }
  }
  return best_literal != UINT32_MAX;
}

int aho_corasick_match_at(const aho_corasick *automaton, const unsigned char *haystack,
                          size_t length, size_t position, size_t *end) {
  return automaton->table != NULL ? match_at(automaton, haystack, length, position, end, true)
                                  : match_at(automaton, haystack, length, position, end, false);
}
