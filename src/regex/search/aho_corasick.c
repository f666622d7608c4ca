/* aho_corasick: the leftmost-first scan. Until the first match the loop
 * does one transition and one compare a byte (outputs are numbered last);
 * after it, the scan runs on only while some literal in progress could
 * still start at or before the match (see aho_corasick.h). */
#include "aho_corasick.h"

/* The state after class_number from state, following failure links
 * (sparse form). */
static inline uint32_t sparse_next(const aho_corasick *automaton, uint32_t state,
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

/* One byte; states are plain numbers. */
static inline uint32_t step(const aho_corasick *automaton, uint32_t state, unsigned char byte) {
  uint32_t class_number = automaton->class_of[byte];
  if (automaton->table != NULL) {
    return automaton->table[(size_t)state * automaton->class_count + class_number] /
           automaton->class_count;
  }
  return sparse_next(automaton, state, class_number);
}

/* Scans from position in state until a state with an output; returns
 * the position after its byte, or length. */
static size_t scan_to_output(const aho_corasick *automaton, const unsigned char *haystack,
                             size_t length, size_t position, uint32_t *state) {
  uint32_t current = *state;
  if (automaton->table != NULL) {
    const uint32_t *table = automaton->table;
    const uint8_t *class_of = automaton->class_of;
    uint32_t classes = automaton->class_count;
    uint32_t id = current * classes;
    uint32_t first_output = automaton->first_output * classes;
    while (position < length) {
      id = table[id + class_of[haystack[position++]]];
      if (id >= first_output) {
        break;
      }
    }
    *state = id / classes;
    return position;
  }
  while (position < length) {
    current = sparse_next(automaton, current, automaton->class_of[haystack[position++]]);
    if (current >= automaton->first_output) {
      break;
    }
  }
  *state = current;
  return position;
}

int aho_corasick_find(const aho_corasick *automaton, const unsigned char *haystack, size_t length,
                      size_t from, size_t *start, size_t *end) {
  uint32_t state = 0;
  size_t position = scan_to_output(automaton, haystack, length, from, &state);
  if (state < automaton->first_output) {
    return 0;
  }
  size_t best_start = position - automaton->output_length[state];
  size_t best_end = position;
  uint32_t best_literal = automaton->output_literal[state];
  /* position - depth is the earliest start of a literal still in
   * progress: once it is past the match, nothing can beat the match. */
  while (position < length && position - automaton->depth[state] <= best_start) {
    state = step(automaton, state, haystack[position++]);
    if (state >= automaton->first_output) {
      size_t match_start = position - automaton->output_length[state];
      uint32_t literal = automaton->output_literal[state];
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

int aho_corasick_match_at(const aho_corasick *automaton, const unsigned char *haystack,
                          size_t length, size_t position, size_t *end) {
  uint32_t state = 0;
  uint32_t best_literal = UINT32_MAX;
  for (size_t at = position; at < length; at++) {
    uint32_t next = step(automaton, state, haystack[at]);
    /* A trie edge goes one deeper; anything else came by a failure. */
    if (automaton->depth[next] != automaton->depth[state] + 1) {
      break;
    }
    state = next;
    if (automaton->output_length[state] == automaton->depth[state] &&
        automaton->output_literal[state] < best_literal) {
      best_literal = automaton->output_literal[state];
      *end = at + 1;
    }
  }
  return best_literal != UINT32_MAX;
}
