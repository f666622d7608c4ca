/* explain_dfa: draws the forward DFA. States are explored in the order the
 * lazy DFA creates them (its state records are numbered densely from the
 * start state on), so the record index is the node name. Every transition
 * is computed through dfa_lazy_transition, exactly as a search would; a
 * cache reset would make the ids stale, so it aborts the drawing. A state
 * that computing its self-loops made accelerated (dfa_accelerate.c) says
 * so in its label: the bytes its vector scan stops at. */
#include "explain_dfa.h"

#include <string.h>

#include "explain_bytes.h"

/* The node name of a state id (tags removed). */
static uint32_t state_index(const dfa_lazy *lazy, uint32_t id) {
  return (id & DFA_ID_MASK) / lazy->automaton->stride;
}

/* The second line of an accelerated state's label: what its scan jumps
 * to (the acceleration word's bytes, dfa.h); nothing for other states. */
static void print_acceleration(FILE *out, uint32_t word) {
  dfa_acceleration_kind kind = dfa_acceleration_kind_of(word);
  unsigned char leaving[256] = {0};
  if (kind == DFA_ACCELERATION_TO_END) {
    fputs("\\nscan to the end", out);
    return;
  }
  if (kind == DFA_ACCELERATION_ESCAPES) {
    for (unsigned shift = 0; shift < DFA_ACCELERATION_KIND_SHIFT; shift += 8) {
      leaving[(word >> shift) & 0xffu] = 1;
    }
  } else if (kind == DFA_ACCELERATION_RANGE) {
    for (unsigned byte = 0; byte < 256; byte++) {
      leaving[byte] = byte < (word & 0xffu) || byte > ((word >> 8) & 0xffu);
    }
  } else if (kind == DFA_ACCELERATION_LEAVING_RANGE) {
    for (unsigned byte = (word & 0xffu); byte <= ((word >> 8) & 0xffu); byte++) {
      leaving[byte] = 1;
    }
  } else {
    return;
  }
  fputs("\\nscan to ", out);
  explain_print_byte_set(out, leaving, EXPLAIN_STYLE_DOT);
}

static void print_node(FILE *out, const dfa_lazy *lazy, uint32_t index) {
  uint8_t edge = DFA_CONTEXT_TEXT_EDGE | DFA_CONTEXT_LINE_EDGE;
  uint32_t id = lazy->states[index].id;
  /* dfa_lazy_end_matches only reads the state, but takes it mutable. */
  int matches_at_end = dfa_lazy_end_matches((dfa_lazy *)lazy, id, edge, 0);
  fprintf(out, "  s%u [label=\"%u", index, index);
  print_acceleration(out, lazy->table[(id & DFA_ID_MASK) + lazy->automaton->acceleration_column]);
  fprintf(out, "\"%s];\n", matches_at_end ? ", shape=doublecircle" : "");
}

/* One edge for every distinct target of state, labelled with the bytes
 * leading there; a tagged edge means the match ended before that byte,
 * and leads to the node "matched" when no thread is left after it
 * (DFA_MATCH_THEN_DEAD; *to_matched is then set). */
static void print_edges(FILE *out, const dfa_lazy *lazy, uint32_t index, const uint32_t *next,
                        int *to_matched) {
  const dfa_automaton *forward = lazy->automaton;
  for (uint32_t column = 0; column <= forward->class_count; column++) {
    uint32_t target = next[column];
    int first_of_target = target != DFA_DEAD;
    for (uint32_t earlier = 0; earlier < column && first_of_target; earlier++) {
      first_of_target = next[earlier] != target;
    }
    if (!first_of_target) {
      continue;
    }
    unsigned char member[256] = {0};
    for (unsigned byte = 0; byte < 256; byte++) {
      member[byte] = next[forward->class_of[byte]] == target;
    }
    uint32_t target_index = state_index(lazy, target);
    if (target == DFA_MATCH_THEN_DEAD) {
      fprintf(out, "  s%u -> matched [label=\"", index);
      *to_matched = 1;
    } else if (target_index < EXPLAIN_DFA_MAX_STATES) {
      fprintf(out, "  s%u -> s%u [label=\"", index, target_index);
    } else {
      fprintf(out, "  s%u -> more [label=\"", index);
    }
    explain_print_byte_set(out, member, EXPLAIN_STYLE_DOT);
    if (next[forward->class_count] == target) {
      fputs(memchr(member, 1, sizeof member) != NULL ? " final\\\\n" : "final\\\\n", out);
    }
    fprintf(out, "\"%s];\n", (target & DFA_TAG_MATCH) != 0 ? ", style=bold, color=blue" : "");
  }
}

static int explore(FILE *out, dfa_lazy *lazy) {
  const dfa_automaton *forward = lazy->automaton;
  dfa_input input;
  dfa_input_init(&input, (const unsigned char *)"", 0, 0, 0);
  dfa_lazy_begin_search(lazy, 0);
  uint32_t start;
  int status = dfa_forward_start_state(forward, lazy, &input, 0, forward->program->anchored, &start);
  if (status != 0) {
    return status;
  }
  fputs("digraph dfa {\n  rankdir=LR;\n  node [shape=circle];\n", out);
  fputs("  begin [shape=point];\n", out);
  if (start == DFA_DEAD) {
    fputs("  dead [shape=plaintext, label=\"no match possible\"];\n  begin -> dead;\n}\n", out);
    return 0;
  }
  fprintf(out, "  begin -> s%u;\n", state_index(lazy, start));
  uint32_t next[257];
  int truncated = 0;
  int to_matched = 0;
  for (uint32_t index = 0; index < lazy->state_count; index++) {
    if (index == EXPLAIN_DFA_MAX_STATES) {
      truncated = 1;
      break;
    }
    uint32_t id = lazy->states[index].id & DFA_ID_MASK;
    for (uint32_t column = 0; column <= forward->class_count; column++) {
      uint64_t resets = lazy->stats.cache_resets;
      status = dfa_lazy_transition(lazy, id, column, 0, &next[column]);
      if (status == 0 && lazy->stats.cache_resets != resets) {
        status = DFA_GAVE_UP;
      }
      if (status != 0) {
        return status;
      }
    }
    print_node(out, lazy, index);
    print_edges(out, lazy, index, next, &to_matched);
  }
  if (to_matched) {
    fputs("  matched [shape=doublecircle, label=\"match\"];\n", out);
  }
  if (truncated) {
    fputs("  more [shape=plaintext, label=\"more states\"];\n", out);
  }
  fputs("}\n", out);
  return 0;
}

int explain_dfa_dot(FILE *out, const dfa *automaton) {
  dfa_cache *cache = NULL;
  int status = dfa_cache_create(automaton, NULL, &cache);
  if (status == 0) {
    status = explore(out, &cache->forward);
  }
  dfa_cache_destroy(cache);
  return status;
}
