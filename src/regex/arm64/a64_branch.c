/* a64_branch: label branches only check their non-displacement operands
 * and leave the displacement to a64_label, which range-checks it whether
 * the label is bound already or later. */
#include "a64_branch.h"

#include "a64_encoding.h"

#define A64_PAGE_SIZE 4096
#define A64_ADRP_PAGES_LIMIT ((int64_t)1 << 20) /* signed 21-bit page count */

void a64_b(a64_buffer *buffer, a64_label target) {
  a64_emit_label_reference(buffer, A64_B, A64_FIXUP_BRANCH26, target);
}

void a64_bl(a64_buffer *buffer, a64_label target) {
  a64_emit_label_reference(buffer, A64_BL, A64_FIXUP_BRANCH26, target);
}

void a64_b_cond(a64_buffer *buffer, a64_condition condition, a64_label target) {
  if (!a64_require(buffer, (unsigned)condition <= (unsigned)A64_NV)) {
    return;
  }
  a64_emit_label_reference(buffer, A64_B_COND | a64_branch_condition(condition),
                           A64_FIXUP_BRANCH19, target);
}

static void compare_and_branch(a64_buffer *buffer, uint32_t opcode, a64_reg rt,
                               a64_label target) {
  if (!a64_require(buffer, a64_operand_general(rt, false))) {
    return;
  }
  a64_emit_label_reference(buffer, opcode | a64_sf(rt) | a64_rt(rt), A64_FIXUP_BRANCH19, target);
}

void a64_cbz(a64_buffer *buffer, a64_reg rt, a64_label target) {
  compare_and_branch(buffer, A64_CBZ, rt, target);
}

void a64_cbnz(a64_buffer *buffer, a64_reg rt, a64_label target) {
  compare_and_branch(buffer, A64_CBNZ, rt, target);
}

static void test_and_branch(a64_buffer *buffer, uint32_t opcode, a64_reg rt, unsigned bit,
                            a64_label target) {
  if (!a64_require(buffer, a64_operand_general(rt, false) && bit < a64_operand_width(rt))) {
    return;
  }
  a64_emit_label_reference(buffer, opcode | a64_test_bit(bit) | a64_rt(rt), A64_FIXUP_BRANCH14,
                           target);
}

void a64_tbz(a64_buffer *buffer, a64_reg rt, unsigned bit, a64_label target) {
  test_and_branch(buffer, A64_TBZ, rt, bit, target);
}

void a64_tbnz(a64_buffer *buffer, a64_reg rt, unsigned bit, a64_label target) {
  test_and_branch(buffer, A64_TBNZ, rt, bit, target);
}

static bool address_register(a64_reg rd) {
  return a64_operand_general(rd, false) && a64_operand_is_64(rd);
}

void a64_adr(a64_buffer *buffer, a64_reg rd, a64_label target) {
  if (!a64_require(buffer, address_register(rd))) {
    return;
  }
  a64_emit_label_reference(buffer, A64_ADR | a64_rd(rd), A64_FIXUP_ADR21, target);
}

void a64_adrp(a64_buffer *buffer, a64_reg rd, int64_t page_offset) {
  int64_t pages = page_offset / A64_PAGE_SIZE;
  if (!a64_require(buffer, address_register(rd) && page_offset % A64_PAGE_SIZE == 0 &&
                               pages >= -A64_ADRP_PAGES_LIMIT && pages < A64_ADRP_PAGES_LIMIT)) {
    return;
  }
  a64_emit(buffer, A64_ADRP | a64_adr_immediate((uint32_t)pages) | a64_rd(rd));
}

static void branch_to_register(a64_buffer *buffer, uint32_t opcode, a64_reg rn) {
  if (!a64_require(buffer, address_register(rn))) {
    return;
  }
  a64_emit(buffer, opcode | a64_rn(rn));
}

void a64_br(a64_buffer *buffer, a64_reg rn) {
  branch_to_register(buffer, A64_BR, rn);
}

void a64_blr(a64_buffer *buffer, a64_reg rn) {
  branch_to_register(buffer, A64_BLR, rn);
}

void a64_ret(a64_buffer *buffer) {
  a64_emit(buffer, A64_RET | a64_rn(A64_LR));
}

void a64_nop(a64_buffer *buffer) {
  a64_emit(buffer, A64_NOP);
}

void a64_brk(a64_buffer *buffer, uint32_t imm16) {
  if (!a64_require(buffer, imm16 <= 0xffffu)) {
    return;
  }
  a64_emit(buffer, A64_BRK | a64_imm16(imm16));
}
