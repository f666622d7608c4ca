/* a64_bitfield: immediate shifts are expressed as the UBFM/SBFM they alias,
 * so one bitfield encoder checks every position; N always equals sf. */
#include "a64_bitfield.h"

#include "a64_encoding.h"

static bool general_pair(a64_reg rd, a64_reg rn) {
  return a64_operand_general(rd, false) && a64_operand_general(rn, false) &&
         a64_operand_same_width(rd, rn);
}

static void bitfield_move(a64_buffer *buffer, uint32_t opcode, a64_reg rd, a64_reg rn,
                          unsigned immr, unsigned imms) {
  if (!a64_require(buffer, general_pair(rd, rn) && immr < a64_operand_width(rd) &&
                               imms < a64_operand_width(rd))) {
    return;
  }
  uint32_t n = a64_operand_is_64(rd) ? 1u : 0u;
  a64_emit(buffer, opcode | a64_sf(rd) | a64_bitmask_fields((n << 12) | (immr << 6) | imms) |
                       a64_rn(rn) | a64_rd(rd));
}

static void two_sources(a64_buffer *buffer, uint32_t opcode, a64_reg rd, a64_reg rn, a64_reg rm) {
  if (!a64_require(buffer, general_pair(rd, rn) && a64_operand_general(rm, false) &&
                               a64_operand_same_width(rd, rm))) {
    return;
  }
  a64_emit(buffer, opcode | a64_sf(rd) | a64_rm(rm) | a64_rn(rn) | a64_rd(rd));
}

static void one_source(a64_buffer *buffer, uint32_t opcode, a64_reg rd, a64_reg rn) {
  if (!a64_require(buffer, general_pair(rd, rn))) {
    return;
  }
  a64_emit(buffer, opcode | a64_sf(rd) | a64_rn(rn) | a64_rd(rd));
}

void a64_ubfm(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned immr, unsigned imms) {
  bitfield_move(buffer, A64_UBFM, rd, rn, immr, imms);
}

void a64_sbfm(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned immr, unsigned imms) {
  bitfield_move(buffer, A64_SBFM, rd, rn, immr, imms);
}

void a64_ubfx(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned lsb, unsigned field_width) {
  unsigned width = a64_operand_width(rd);
  if (!a64_require(buffer, lsb < width && field_width >= 1 && field_width <= width - lsb)) {
    return;
  }
  bitfield_move(buffer, A64_UBFM, rd, rn, lsb, lsb + field_width - 1);
}

/* Positions are checked before the aliases compute immr and imms from
 * them, so an amount of 64 cannot wrap into a valid-looking field. */
static bool shift_amount_valid(a64_buffer *buffer, a64_reg rd, unsigned amount) {
  return a64_require(buffer, amount < a64_operand_width(rd));
}

void a64_lsl_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned amount) {
  if (!shift_amount_valid(buffer, rd, amount)) {
    return;
  }
  unsigned width = a64_operand_width(rd);
  bitfield_move(buffer, A64_UBFM, rd, rn, (width - amount) % width, width - 1 - amount);
}

void a64_lsr_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned amount) {
  if (!shift_amount_valid(buffer, rd, amount)) {
    return;
  }
  bitfield_move(buffer, A64_UBFM, rd, rn, amount, a64_operand_width(rd) - 1);
}

void a64_asr_imm(a64_buffer *buffer, a64_reg rd, a64_reg rn, unsigned amount) {
  if (!shift_amount_valid(buffer, rd, amount)) {
    return;
  }
  bitfield_move(buffer, A64_SBFM, rd, rn, amount, a64_operand_width(rd) - 1);
}

void a64_lsl_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  two_sources(buffer, A64_LSLV, rd, rn, rm);
}

void a64_lsr_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  two_sources(buffer, A64_LSRV, rd, rn, rm);
}

void a64_asr_reg(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm) {
  two_sources(buffer, A64_ASRV, rd, rn, rm);
}

void a64_clz(a64_buffer *buffer, a64_reg rd, a64_reg rn) {
  one_source(buffer, A64_CLZ, rd, rn);
}

void a64_rbit(a64_buffer *buffer, a64_reg rd, a64_reg rn) {
  one_source(buffer, A64_RBIT, rd, rn);
}
