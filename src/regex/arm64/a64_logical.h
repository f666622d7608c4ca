/* a64_logical: AND, ORR, EOR, ANDS and the TST alias, with a register
 * (optionally shifted, ROR included) or a bitmask immediate. A value that
 * is not a bitmask immediate records JRX_ERROR_INTERNAL: materialise it in
 * a register with a64_mov_imm and use the register form instead. */
#ifndef JRX_A64_LOGICAL_H
#define JRX_A64_LOGICAL_H

#include <stdint.h>

#include "a64_buffer.h"
#include "a64_operand.h"

void a64_and_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);
void a64_orr_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);
void a64_eor_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);
void a64_ands_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm);
void a64_tst_reg(a64_buffer *buffer, a64_reg rn, a64_reg rm);

void a64_and_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount);
void a64_orr_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount);
void a64_eor_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount);
void a64_ands_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                      unsigned amount);

/* Immediate forms; Rd of AND, ORR and EOR may be SP. For W registers the
 * value must fit in 32 bits. */
void a64_and_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value);
void a64_orr_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value);
void a64_eor_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value);
void a64_ands_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value);
void a64_tst_imm(a64_buffer *buffer, a64_reg rn, uint64_t value);

#endif
