/* jit_frame: the AAPCS64 frame of generated functions that keep state in
 * callee-saved registers: a frame record (x29, x30) and x19 upwards in
 * pairs, 16-byte aligned, restored in the reverse order. */
#ifndef JRX_JIT_FRAME_H
#define JRX_JIT_FRAME_H

#include "a64.h"

/* Pushes the frame record and saved_pairs pairs of callee-saved registers
 * (x19/x20, x21/x22, ...; at most 5) and points x29 at the record. */
void jit_frame_enter(a64_buffer *buffer, unsigned saved_pairs);

/* Undoes jit_frame_enter with the same saved_pairs and returns. */
void jit_frame_leave_and_return(a64_buffer *buffer, unsigned saved_pairs);

#endif
