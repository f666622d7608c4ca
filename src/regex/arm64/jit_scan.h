/* jit_scan: the contract between the generated scan loops and the C that
 * drives them: a context whose marked fields the loops use at their
 * offsetof positions, and the step callback for tagged transitions. */
#ifndef JRX_JIT_SCAN_H
#define JRX_JIT_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "regex/dfa.h"

/* What `step` and a scan loop return instead of a state when the scan
 * must end early: the DFA died or C failed (see jit_scan_context). Never a
 * state id, whose tag bits are clear when the loops hold it. */
#define JIT_SCAN_STOP UINT32_MAX

typedef struct jit_scan_context jit_scan_context;

/* One tagged transition of state (an untagged id) over column, for the
 * byte at `byte`. Returns the next state without tags, or JIT_SCAN_STOP.
 * The loops finish dead, match and accelerated transitions themselves, so
 * it computes the transitions not known yet (and steps a final newline). */
typedef uint32_t (*jit_scan_step_function)(jit_scan_context *context, uint32_t state,
                                           uint32_t column, const uint8_t *byte);

/* A generated loop: runs from state over the bytes from cursor towards
 * stop (forwards reading *cursor, backwards reading cursor[-1]), stores
 * where it stopped in context->cursor and returns the last state or
 * JIT_SCAN_STOP. In context->skip_state (checked after every four bytes)
 * the forward loop either returns early so that C can skip ahead with the
 * prefilter, or calls the prefilter of its own block and goes on from the
 * candidate. AAPCS64; the only other call it makes is to context->step. */
typedef uint32_t (*jit_scan_loop_function)(jit_scan_context *context, const uint8_t *cursor,
                                           const uint8_t *stop, uint32_t state);

struct jit_scan_context {
  /* Used by generated code. */
  uint32_t *const *table;  /* &lazy->table: reloaded after every step */
  const uint8_t *class_of; /* the direction's byte classes */
  jit_scan_step_function step;
  const uint8_t *cursor; /* written by the loop when it returns */
  /* The byte of the last transition that recorded a match, or NULL: a
   * pointer, so that recording one is a single store. */
  const uint8_t *match_byte;
  /* Forwards, the byte of the first transition that recorded a match:
   * written by a loop made with record_first_match (jit_dfa_loop.h) and by
   * the step, only while it is NULL. */
  const uint8_t *first_match_byte;
  uint32_t skip_state; /* forwards the start state, or JIT_SCAN_STOP; reloaded */
  const uint8_t *subject_end; /* backwards in UTF mode: bounds the character check */

  /* Used by the C side only. */
  dfa_lazy *lazy;
  const dfa_input *input;
  int status; /* why a step stopped the scan: 0 when the DFA died */
};

#endif
