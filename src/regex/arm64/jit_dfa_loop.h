/* jit_dfa_loop: emits the native scan loop of one lazy-DFA direction, a
 * jit_scan_loop_function (jit_scan.h). The loop runs the known
 * transitions, records matches, jumps over
 * the self-loops of accelerated states with NEON and stops on a dead
 * state itself, leaving only transitions not computed yet to the C step;
 * it never reads outside [stop, cursor) or [cursor, stop). */
#ifndef JRX_JIT_DFA_LOOP_H
#define JRX_JIT_DFA_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "a64.h"
#include "regex/dfa.h"

typedef struct jit_dfa_loop_options {
  dfa_direction direction;
  /* A64_LABEL_INVALID, or (forwards only) the label of a jit_prefilter
   * function in the same buffer whose candidates all start in the skip
   * state: the loop then calls it itself instead of returning to C. */
  a64_label prefilter;
  /* Backwards in UTF mode, where a match may only start on a character's
   * first byte: the loop checks the byte after a match transition. */
  bool check_character_starts;
  /* Forwards: the loop also stores the byte of the first match transition
   * in jit_scan_context.first_match_byte (two copies of the loop, the
   * first until a match is seen). */
  bool record_first_match;
  /* Byte offset of the acceleration word in a row of the direction's
   * table (dfa_automaton.acceleration_column * 4). */
  uint32_t acceleration_offset;
} jit_dfa_loop_options;

/* Appends the loop to buffer, starting at the current position. Errors
 * are recorded in the buffer. */
void jit_dfa_loop_emit(a64_buffer *buffer, const jit_dfa_loop_options *options);

#endif
