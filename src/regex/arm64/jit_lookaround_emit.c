/* jit_lookaround_emit: see the header. The saved registers take 160 bytes
 * below the stack pointer, which stays 16-byte aligned as AAPCS64 wants at
 * the call. */
#include "jit_lookaround_emit.h"

#include "regex/lookaround.h"

/* x0-x17 in pairs, then the link register and a pad. */
#define SAVED_PAIRS 9u
#define LINK_OFFSET (SAVED_PAIRS * 16u)
#define SAVE_BYTES (LINK_OFFSET + 16u)

static unsigned register_number(a64_reg reg) {
  return (unsigned)(reg & 31u);
}

/* The stack slot where the call saved reg (one of x0-x17). */
static uint64_t save_slot(a64_reg reg) {
  return (uint64_t)register_number(reg) * 8u;
}

typedef int (*native_check)(const lookaround_subject *subject, uint32_t argument,
                            size_t position);

static void emit_check_call(const jit_branch_reach *reach, const jit_lookaround_registers *registers,
                            native_check check, uint32_t argument, a64_label fail) {
  a64_buffer *buffer = reach->buffer;
  const jit_lookaround_registers *r = registers;
  a64_stp_pre(buffer, A64_X(0), A64_X(1), A64_SP, -(int64_t)SAVE_BYTES);
  for (unsigned pair = 1; pair < SAVED_PAIRS; pair++) {
    a64_stp_offset(buffer, A64_X(2 * pair), A64_X(2 * pair + 1), A64_SP, (int64_t)pair * 16);
  }
  a64_str_imm(buffer, A64_LR, A64_SP, LINK_OFFSET);
  /* check(subject, argument, position), each argument read from the
   * saved copy of its register so that the order of the moves cannot
   * matter. */
  a64_ldr_imm(buffer, A64_X(2), A64_SP, save_slot(r->position));
  a64_ldr_imm(buffer, A64_X(0), A64_SP, save_slot(r->context));
  a64_ldr_imm(buffer, A64_X(0), A64_X(0), r->lookarounds_field);
  a64_mov_imm(buffer, A64_X(1), argument);
  a64_mov_imm(buffer, A64_X(16), (uint64_t)(uintptr_t)check);
  a64_blr(buffer, A64_X(16));
  a64_str_imm(buffer, A64_X(0), A64_SP, save_slot(r->result));
  for (unsigned pair = 1; pair < SAVED_PAIRS; pair++) {
    a64_ldp_offset(buffer, A64_X(2 * pair), A64_X(2 * pair + 1), A64_SP, (int64_t)pair * 16);
  }
  a64_ldr_imm(buffer, A64_LR, A64_SP, LINK_OFFSET);
  a64_ldp_post(buffer, A64_X(0), A64_X(1), A64_SP, (int64_t)SAVE_BYTES);
  a64_cmp_imm(buffer, A64_W(register_number(r->result)), 0);
  jit_branch_if(reach, A64_EQ, fail);
}

void jit_emit_lookaround(const jit_branch_reach *reach, const jit_lookaround_registers *registers,
                         uint32_t index, a64_label fail) {
  emit_check_call(reach, registers, lookaround_holds_native, index, fail);
}

void jit_emit_assertion_call(const jit_branch_reach *reach,
                             const jit_lookaround_registers *registers, ast_assertion assertion,
                             a64_label fail) {
  emit_check_call(reach, registers, lookaround_anchor_holds_native, (uint32_t)assertion, fail);
}
