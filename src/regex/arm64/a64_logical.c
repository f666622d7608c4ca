/* a64_logical: register forms go through the shared shifted-register
 * encoder; immediate forms through the bitmask encoder. ANDS sets flags
 * and so never writes SP; the other immediate forms may. */
#include "a64_logical.h"

#include "a64_encoding.h"
#include "a64_logical_immediate.h"
#include "a64_shifted_register.h"

static void logical_immediate(a64_buffer *buffer, uint32_t opcode, a64_reg rd, a64_reg rn,
                              uint64_t value) {
  uint32_t n_immr_imms = 0;
  if (!a64_require(buffer, a64_operand_general(rd, opcode != A64_ANDS_IMM) &&
                               a64_operand_general(rn, false) && a64_operand_same_width(rd, rn) &&
                               a64_logical_immediate_encode(value, a64_operand_width(rd),
                                                            &n_immr_imms))) {
    return;
  }
  a64_emit(buffer, opcode | a64_sf(rd) | a64_bitmask_fields(n_immr_imms) | a64_rn(rn) |
                       a64_rd(rd));
}

void a64_and_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  a64_emit_shifted_register(buffer, A64_AND_SHIFTED, rd, rn, rm, A64_LSL, 0);
}

void a64_orr_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  a64_emit_shifted_register(buffer, A64_ORR_SHIFTED, rd, rn, rm, A64_LSL, 0);
}

void a64_eor_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  a64_emit_shifted_register(buffer, A64_EOR_SHIFTED, rd, rn, rm, A64_LSL, 0);
}

void a64_ands_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  a64_emit_shifted_register(buffer, A64_ANDS_SHIFTED, rd, rn, rm, A64_LSL, 0);
}

void a64_tst_reg(a64_buffer *buffer, a64_reg rn, a64_reg rm) {
  a64_emit_shifted_register(buffer, A64_ANDS_SHIFTED, a64_operand_zero_like(rn), rn, rm, A64_LSL,
                            0);
}

void a64_and_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount) {
  a64_emit_shifted_register(buffer, A64_AND_SHIFTED, rd, rn, rm, shift, amount);
}

void a64_orr_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount) {
  a64_emit_shifted_register(buffer, A64_ORR_SHIFTED, rd, rn, rm, shift, amount);
}

void a64_eor_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount) {
  a64_emit_shifted_register(buffer, A64_EOR_SHIFTED, rd, rn, rm, shift, amount);
}

void a64_ands_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                      unsigned amount) {
  a64_emit_shifted_register(buffer, A64_ANDS_SHIFTED, rd, rn, rm, shift, amount);
}

void a64_and_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value) {
  logical_immediate(buffer, A64_AND_IMM, rd, rn, value);
}

void a64_orr_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value) {
  logical_immediate(buffer, A64_ORR_IMM, rd, rn, value);
}

void a64_eor_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value) {
  logical_immediate(buffer, A64_EOR_IMM, rd, rn, value);
}

void a64_ands_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value) {
  logical_immediate(buffer, A64_ANDS_IMM, rd, rn, value);
}

void a64_tst_imm(a64_buffer *buffer, a64_reg rn, uint64_t value) {
  logical_immediate(buffer, A64_ANDS_IMM, a64_operand_zero_like(rn), rn, value);
}
