/* jit_bitnfa: emits the bit-parallel NFA's unanchored loop as a
 * bitnfa_scan_function (regex/bitnfa.h): the state in one register, the
 * first and final positions and the masks of the shifts in others, one
 * load of the reach table per byte, four bytes per bounds check. A leaf
 * function using only caller-saved registers; it reads subject[from .. to)
 * and nothing else. */
#ifndef JRX_JIT_BITNFA_H
#define JRX_JIT_BITNFA_H

#include "a64.h"
#include "regex/bitnfa.h"

/* Appends the loop of automaton (whose shifts it compiles in, so the code
 * serves that automaton only) at the buffer's current position. Errors
 * are recorded in the buffer. */
void jit_bitnfa_emit(a64_buffer *buffer, const bitnfa *automaton);

#endif
