/* a64_move: register moves, the move-wide instructions and a helper that
 * loads any constant with the fewest of them (at most four words).
 * Constants are never truncated: a W register takes values below 2^32. */
#ifndef JRX_A64_MOVE_H
#define JRX_A64_MOVE_H

#include <stdint.h>

#include "a64_buffer.h"
#include "a64_operand.h"

/* rd = rm. Either may be SP (then as ADD #0), otherwise ORR from ZR. */
void a64_mov_reg(a64_buffer *buffer, a64_reg rd, a64_reg rm);

/* MOVZ: rd = imm16 << shift; MOVN: rd = ~(imm16 << shift); MOVK: replace
 * the 16 bits at shift with imm16. shift is 0 or 16, or 32 or 48 for X. */
void a64_movz(a64_buffer *buffer, a64_reg rd, uint32_t imm16, unsigned shift);
void a64_movn(a64_buffer *buffer, a64_reg rd, uint32_t imm16, unsigned shift);
void a64_movk(a64_buffer *buffer, a64_reg rd, uint32_t imm16, unsigned shift);

/* rd (not SP or ZR) = value, in one MOVZ, MOVN or ORR when possible and
 * otherwise MOVZ or MOVN followed by a MOVK for each remaining halfword. */
void a64_mov_imm(a64_buffer *buffer, a64_reg rd, uint64_t value);

#endif
