/* a64: the ARM64 assembler used by the native backend, in one include.
 * Usage: a64_buffer_init, emit instructions (each checks its operands and
 * records the first error in the buffer), a64_buffer_finish once, then
 * a64_buffer_words for the code to install; a64_buffer_release always. */
#ifndef JRX_A64_H
#define JRX_A64_H

#include "a64_arithmetic.h"
#include "a64_bitfield.h"
#include "a64_branch.h"
#include "a64_buffer.h"
#include "a64_conditional.h"
#include "a64_label.h"
#include "a64_logical.h"
#include "a64_logical_immediate.h"
#include "a64_memory.h"
#include "a64_move.h"
#include "a64_neon.h"
#include "a64_operand.h"

#endif
