/* a64_arithmetic: ADD, ADDS, SUB, SUBS and the CMP/CMN aliases, with an
 * immediate, a shifted register or an extended register. The registers'
 * kind (A64_W or A64_X) selects the width and must agree; an operand the
 * form cannot encode records JRX_ERROR_INTERNAL in the buffer. */
#ifndef JRX_A64_ARITHMETIC_H
#define JRX_A64_ARITHMETIC_H

#include <stdint.h>

#include "a64_buffer.h"
#include "a64_operand.h"

/* Immediate forms: value is 0..4095, or a multiple of 4096 up to
 * 0xfff000 (encoded as imm12, LSL #12). Rn may be SP; so may Rd of ADD
 * and SUB. */
void a64_add_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value);
void a64_adds_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value);
void a64_sub_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value);
void a64_subs_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value);
void a64_cmp_imm(a64_buffer *buffer, a64_reg rn, uint64_t value);
void a64_cmn_imm(a64_buffer *buffer, a64_reg rn, uint64_t value);

/* Register forms: rd = rn op rm. */
void a64_add_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);
void a64_adds_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);
void a64_sub_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);
void a64_subs_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);
void a64_cmp_reg(a64_buffer *buffer, a64_reg rn, a64_reg rm);
void a64_cmn_reg(a64_buffer *buffer, a64_reg rn, a64_reg rm);

/* Shifted-register forms: rd = rn op (rm shift amount), shift LSL, LSR or
 * ASR, amount below the width. No operand may be SP. */
void a64_add_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount);
void a64_adds_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                      unsigned amount);
void a64_sub_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount);
void a64_subs_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                      unsigned amount);
void a64_cmp_shifted(a64_buffer *buffer, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount);

/* Extended-register forms: rd = rn op (extend(rm) << amount), amount 0..4.
 * Rm is an X register for UXTX/SXTX of a 64-bit operation and a W register
 * otherwise. Rn may be SP; so may Rd of ADD and SUB. */
void a64_add_extended(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_extend extend,
                      unsigned amount);
void a64_adds_extended(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_extend extend,
                       unsigned amount);
void a64_sub_extended(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_extend extend,
                      unsigned amount);
void a64_subs_extended(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_extend extend,
                       unsigned amount);
void a64_cmp_extended(a64_buffer *buffer, a64_reg rn, a64_reg rm, a64_extend extend,
                      unsigned amount);

#endif
