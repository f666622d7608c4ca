/* a64_shifted_register: one encoder for both instruction classes, which
 * differ only in whether ROR is allowed. */
#include "a64_shifted_register.h"

#include "a64_encoding.h"

void a64_emit_shifted_register(a64_buffer *buffer, uint32_t opcode, a64_reg rd, a64_reg rn,
                               a64_reg rm, a64_shift shift, unsigned amount) {
  bool rotate_allowed = (opcode & A64_SHIFTED_ADD_SUB_CLASS) == 0;
  bool shift_valid = (unsigned)shift < (unsigned)A64_ROR || (shift == A64_ROR && rotate_allowed);
  if (!a64_require(buffer, a64_operand_general(rd, false) && a64_operand_general(rn, false) &&
                               a64_operand_general(rm, false) && a64_operand_same_width(rd, rn) &&
                               a64_operand_same_width(rd, rm) && shift_valid &&
                               amount < a64_operand_width(rd))) {
    return;
  }
  a64_emit(buffer, opcode | a64_sf(rd) | a64_shift_type(shift) | a64_rm(rm) | a64_imm6(amount) |
                       a64_rn(rn) | a64_rd(rd));
}
