/* a64_conditional: one encoder for both select forms; CSET is CSINC of the
 * zero register under the inverted condition, which AL and NV lack. */
#include "a64_conditional.h"

#include "a64_encoding.h"

static void conditional_select(a64_buffer *buffer, uint32_t opcode, a64_reg rd, a64_reg rn,
                               a64_reg rm, a64_condition condition) {
  if (!a64_require(buffer, a64_operand_general(rd, false) && a64_operand_general(rn, false) &&
                               a64_operand_general(rm, false) && a64_operand_same_width(rd, rn) &&
                               a64_operand_same_width(rd, rm) &&
                               (unsigned)condition <= (unsigned)A64_NV)) {
    return;
  }
  a64_emit(buffer, opcode | a64_sf(rd) | a64_rm(rm) | a64_select_condition(condition) |
                       a64_rn(rn) | a64_rd(rd));
}

void a64_csel(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_condition condition) {
  conditional_select(buffer, A64_CSEL, rd, rn, rm, condition);
}

void a64_csinc(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_condition condition) {
  conditional_select(buffer, A64_CSINC, rd, rn, rm, condition);
}

void a64_cset(a64_buffer *buffer, a64_reg rd, a64_condition condition) {
  if (!a64_require(buffer, (unsigned)condition < (unsigned)A64_AL)) {
    return;
  }
  a64_reg zero = a64_operand_zero_like(rd);
  conditional_select(buffer, A64_CSINC, rd, zero, zero, (a64_condition)((unsigned)condition ^ 1u));
}
