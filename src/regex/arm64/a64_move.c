/* a64_move: a constant is built from whichever of 0x0000 and 0xffff
 * halfwords is the more common one as background (MOVZ or MOVN first),
 * then patched halfword by halfword with MOVK. */
#include "a64_move.h"

#include "a64_arithmetic.h"
#include "a64_encoding.h"
#include "a64_logical.h"
#include "a64_logical_immediate.h"

void a64_mov_reg(a64_buffer *buffer, a64_reg rd, a64_reg rm) {
  if ((rd & A64_REG_SP_FLAG) || (rm & A64_REG_SP_FLAG)) {
    a64_add_imm(buffer, rd, rm, 0);
    return;
  }
  a64_orr_reg(buffer, rd, a64_operand_zero_like(rd), rm);
}

static void move_wide(a64_buffer *buffer, uint32_t opcode, a64_reg rd, uint32_t imm16,
                      unsigned shift) {
  if (!a64_require(buffer, a64_operand_general(rd, false) && imm16 <= 0xffffu &&
                               shift % 16 == 0 && shift < a64_operand_width(rd))) {
    return;
  }
  a64_emit(buffer, opcode | a64_sf(rd) | a64_hw(shift) | a64_imm16(imm16) | a64_rd(rd));
}

void a64_movz(a64_buffer *buffer, a64_reg rd, uint32_t imm16, unsigned shift) {
  move_wide(buffer, A64_MOVZ, rd, imm16, shift);
}

void a64_movn(a64_buffer *buffer, a64_reg rd, uint32_t imm16, unsigned shift) {
  move_wide(buffer, A64_MOVN, rd, imm16, shift);
}

void a64_movk(a64_buffer *buffer, a64_reg rd, uint32_t imm16, unsigned shift) {
  move_wide(buffer, A64_MOVK, rd, imm16, shift);
}

static uint32_t halfword(uint64_t value, unsigned shift) {
  return (uint32_t)(value >> shift) & 0xffffu;
}

/* Number of halfwords of value (of width bits) that differ from background. */
static unsigned halfwords_differing(uint64_t value, unsigned width, uint32_t background) {
  unsigned count = 0;
  for (unsigned shift = 0; shift < width; shift += 16) {
    count += halfword(value, shift) != background;
  }
  return count;
}

void a64_mov_imm(a64_buffer *buffer, a64_reg rd, uint64_t value) {
  unsigned width = a64_operand_width(rd);
  if (!a64_require(buffer, a64_operand_general(rd, false) &&
                               (rd & A64_REG_NUMBER_MASK) != 31 &&
                               (width == 64 || value <= UINT32_MAX))) {
    return;
  }
  unsigned not_zero = halfwords_differing(value, width, 0);
  unsigned not_ones = halfwords_differing(value, width, 0xffffu);
  uint32_t bitmask_fields = 0;
  if (not_zero > 1 && not_ones > 1 &&
      a64_logical_immediate_encode(value, width, &bitmask_fields)) {
    a64_orr_imm(buffer, rd, a64_operand_zero_like(rd), value);
    return;
  }
  /* MOVZ starts from zeros, MOVN from ones; it writes the first halfword
   * that differs from that background (the lowest one if none does). */
  bool from_ones = not_ones < not_zero;
  uint32_t background = from_ones ? 0xffffu : 0;
  unsigned first_shift = 0;
  while (first_shift < width && halfword(value, first_shift) == background) {
    first_shift += 16;
  }
  first_shift %= width;
  uint32_t first_part = halfword(value, first_shift);
  if (from_ones) {
    a64_movn(buffer, rd, first_part ^ 0xffffu, first_shift);
  } else {
    a64_movz(buffer, rd, first_part, first_shift);
  }
  for (unsigned shift = first_shift + 16; shift < width; shift += 16) {
    if (halfword(value, shift) != background) {
      a64_movk(buffer, rd, halfword(value, shift), shift);
    }
  }
}
