/* a64_bitfield: shifts (by immediate, which are bitfield moves, and by
 * register), UBFM/SBFM/UBFX, and the bit scans CLZ and RBIT. General
 * registers of one width, never SP; out-of-range positions record
 * JRX_ERROR_INTERNAL. */
#ifndef JRX_A64_BITFIELD_H
#define JRX_A64_BITFIELD_H

#include "a64_buffer.h"
#include "a64_operand.h"

/* immr and imms below the width. */
void a64_ubfm(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned immr, unsigned imms);
void a64_sbfm(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned immr, unsigned imms);

/* rd = field_width bits of rn from bit lsb, zero-extended (lsb +
 * field_width at most the width, field_width at least 1). */
void a64_ubfx(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned lsb, unsigned field_width);

/* Shifts by an amount below the width. */
void a64_lsl_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned amount);
void a64_lsr_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned amount);
void a64_asr_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned amount);

/* Shifts by rm modulo the width. */
void a64_lsl_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);
void a64_lsr_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);
void a64_asr_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);

/* Count leading zeros; reverse the bit order. */
void a64_clz(a64_buffer *buffer, a64_reg rd, a64_reg rn);
void a64_rbit(a64_buffer *buffer, a64_reg rd, a64_reg rn);

#endif
