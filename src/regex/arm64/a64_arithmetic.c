/* a64_arithmetic: an encoder per operand form (immediate, extended
 * register, and the shifted-register one shared with the logical
 * instructions); each public function names its opcode. Flag-setting
 * forms (S bit set) never write SP, so their Rd is a zero-register field. */
#include "a64_arithmetic.h"

#include "a64_encoding.h"
#include "a64_shifted_register.h"

#define A64_MAX_EXTEND_AMOUNT 4u

static bool sets_flags(uint32_t opcode) {
  return (opcode & A64_SETS_FLAGS) != 0;
}

static void add_sub_immediate(a64_buffer *buffer, uint32_t opcode, a64_reg rd, a64_reg rn,
                              uint64_t value) {
  bool low = value <= 0xfffu;
  bool high = (value & 0xfffu) == 0 && value <= 0xfff000u;
  if (!a64_require(buffer, a64_operand_general(rd, !sets_flags(opcode)) &&
                               a64_operand_general(rn, true) && a64_operand_same_width(rd, rn) &&
                               (low || high))) {
    return;
  }
  uint32_t imm12 = low ? (uint32_t)value : (uint32_t)(value >> 12);
  a64_emit(buffer, opcode | a64_sf(rd) | (low ? 0 : A64_ADD_SUB_LSL12) | a64_imm12(imm12) |
                       a64_rn(rn) | a64_rd(rd));
}

static bool extend_takes_x(a64_reg rd, a64_extend extend) {
  return a64_operand_is_64(rd) && (extend == A64_UXTX || extend == A64_SXTX);
}

static void add_sub_extended(a64_buffer *buffer, uint32_t opcode, a64_reg rd, a64_reg rn,
                             a64_reg rm, a64_extend extend, unsigned amount) {
  if (!a64_require(buffer, a64_operand_general(rd, !sets_flags(opcode)) &&
                               a64_operand_general(rn, true) && a64_operand_general(rm, false) &&
                               a64_operand_same_width(rd, rn) &&
                               (unsigned)extend <= (unsigned)A64_SXTX &&
                               a64_operand_is_64(rm) == extend_takes_x(rd, extend) &&
                               amount <= A64_MAX_EXTEND_AMOUNT)) {
    return;
  }
  a64_emit(buffer, opcode | a64_sf(rd) | a64_rm(rm) | a64_extend_option(extend) |
                       a64_extend_amount(amount) | a64_rn(rn) | a64_rd(rd));
}

void a64_add_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value) {
  add_sub_immediate(buffer, A64_ADD_IMM, rd, rn, value);
}

void a64_adds_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value) {
  add_sub_immediate(buffer, A64_ADDS_IMM, rd, rn, value);
}

void a64_sub_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value) {
  add_sub_immediate(buffer, A64_SUB_IMM, rd, rn, value);
}

void a64_subs_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value) {
  add_sub_immediate(buffer, A64_SUBS_IMM, rd, rn, value);
}

void a64_cmp_imm(a64_buffer *buffer, a64_reg rn, uint64_t value) {
  add_sub_immediate(buffer, A64_SUBS_IMM, a64_operand_zero_like(rn), rn, value);
}

void a64_cmn_imm(a64_buffer *buffer, a64_reg rn, uint64_t value) {
  add_sub_immediate(buffer, A64_ADDS_IMM, a64_operand_zero_like(rn), rn, value);
}

void a64_add_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  a64_emit_shifted_register(buffer, A64_ADD_SHIFTED, rd, rn, rm, A64_LSL, 0);
}

void a64_adds_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  a64_emit_shifted_register(buffer, A64_ADDS_SHIFTED, rd, rn, rm, A64_LSL, 0);
}

void a64_sub_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  a64_emit_shifted_register(buffer, A64_SUB_SHIFTED, rd, rn, rm, A64_LSL, 0);
}

void a64_subs_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  a64_emit_shifted_register(buffer, A64_SUBS_SHIFTED, rd, rn, rm, A64_LSL, 0);
}

void a64_cmp_reg(a64_buffer *buffer, a64_reg rn, a64_reg rm) {
  a64_cmp_shifted(buffer, rn, rm, A64_LSL, 0);
}

void a64_cmn_reg(a64_buffer *buffer, a64_reg rn, a64_reg rm) {
  a64_emit_shifted_register(buffer, A64_ADDS_SHIFTED, a64_operand_zero_like(rn), rn, rm, A64_LSL,
                            0);
}

void a64_add_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount) {
  a64_emit_shifted_register(buffer, A64_ADD_SHIFTED, rd, rn, rm, shift, amount);
}

void a64_adds_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                      unsigned amount) {
  a64_emit_shifted_register(buffer, A64_ADDS_SHIFTED, rd, rn, rm, shift, amount);
}

void a64_sub_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount) {
  a64_emit_shifted_register(buffer, A64_SUB_SHIFTED, rd, rn, rm, shift, amount);
}

void a64_subs_shifted(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_shift shift,
                      unsigned amount) {
  a64_emit_shifted_register(buffer, A64_SUBS_SHIFTED, rd, rn, rm, shift, amount);
}

void a64_cmp_shifted(a64_buffer *buffer, a64_reg rn, a64_reg rm, a64_shift shift,
                     unsigned amount) {
  a64_emit_shifted_register(buffer, A64_SUBS_SHIFTED, a64_operand_zero_like(rn), rn, rm, shift,
                            amount);
}

void a64_add_extended(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_extend extend,
                      unsigned amount) {
  add_sub_extended(buffer, A64_ADD_EXTENDED, rd, rn, rm, extend, amount);
}

void a64_adds_extended(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_extend extend,
                       unsigned amount) {
  add_sub_extended(buffer, A64_ADDS_EXTENDED, rd, rn, rm, extend, amount);
}

void a64_sub_extended(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_extend extend,
                      unsigned amount) {
  add_sub_extended(buffer, A64_SUB_EXTENDED, rd, rn, rm, extend, amount);
}

void a64_subs_extended(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_extend extend,
                       unsigned amount) {
  add_sub_extended(buffer, A64_SUBS_EXTENDED, rd, rn, rm, extend, amount);
}

void a64_cmp_extended(a64_buffer *buffer, a64_reg rn, a64_reg rm, a64_extend extend,
                      unsigned amount) {
  add_sub_extended(buffer, A64_SUBS_EXTENDED, a64_operand_zero_like(rn), rn, rm, extend, amount);
}
