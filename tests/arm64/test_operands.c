/* Operand checking: each call below asks for something its instruction
 * cannot encode (an immediate one step past its range, a register of the
 * wrong kind or width, SP where 31 means ZR and the reverse, a reserved
 * arrangement, an unpredictable writeback). Each must record
 * JRX_ERROR_INTERNAL and emit nothing: never a truncated encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/arm64/a64.h"
#include "regex/memory.h"

static void check_rejected(a64_buffer *buffer, const char *call) {
  if (a64_buffer_error(buffer) != JRX_ERROR_INTERNAL || a64_buffer_position(buffer) != 0) {
    printf("accepted: %s (error %d, %zu words)\n", call, a64_buffer_error(buffer),
           a64_buffer_position(buffer));
    fail();
  }
}

/* Runs `call` (which uses the name `buffer`) on a fresh buffer. */
#define EXPECT_REJECTED(call)                                                                     \
  do {                                                                                            \
    a64_buffer storage;                                                                           \
    a64_buffer *buffer = &storage;                                                                \
    a64_buffer_init(buffer, memory_default_allocator());                                          \
    call;                                                                                         \
    check_rejected(buffer, #call);                                                                \
    a64_buffer_release(buffer);                                                                   \
  } while (0)

static void arithmetic_operands(void **state) {
  (void)state;
  EXPECT_REJECTED(a64_add_imm(buffer, A64_X(0), A64_X(1), 0x1001));
  EXPECT_REJECTED(a64_add_imm(buffer, A64_X(0), A64_X(1), 0xfff001));
  EXPECT_REJECTED(a64_add_imm(buffer, A64_X(0), A64_X(1), 0x1000000));
  EXPECT_REJECTED(a64_add_imm(buffer, A64_X(0), A64_X(1), UINT64_C(1) << 32));
  EXPECT_REJECTED(a64_add_imm(buffer, A64_X(0), A64_W(1), 1));
  EXPECT_REJECTED(a64_add_imm(buffer, A64_XZR, A64_X(1), 1));
  EXPECT_REJECTED(a64_add_imm(buffer, A64_X(0), A64_XZR, 1));
  EXPECT_REJECTED(a64_adds_imm(buffer, A64_SP, A64_X(1), 1));
  EXPECT_REJECTED(a64_sub_imm(buffer, A64_V(0), A64_X(1), 1));
  EXPECT_REJECTED(a64_subs_imm(buffer, A64_X(0), A64_X(32), 1));
  EXPECT_REJECTED(a64_cmp_imm(buffer, A64_XZR, 1));
  EXPECT_REJECTED(a64_cmn_imm(buffer, A64_W(0), 4097));
  EXPECT_REJECTED(a64_add_reg(buffer, A64_SP, A64_X(1), A64_X(2)));
  EXPECT_REJECTED(a64_sub_reg(buffer, A64_X(0), A64_SP, A64_X(2)));
  EXPECT_REJECTED(a64_adds_reg(buffer, A64_X(0), A64_X(1), A64_W(2)));
  EXPECT_REJECTED(a64_subs_reg(buffer, A64_W(0), A64_X(1), A64_X(2)));
  EXPECT_REJECTED(a64_cmp_reg(buffer, A64_X(1), A64_SP));
  EXPECT_REJECTED(a64_cmn_reg(buffer, A64_V(1), A64_X(2)));
  EXPECT_REJECTED(a64_add_shifted(buffer, A64_X(0), A64_X(1), A64_X(2), A64_LSL, 64));
  EXPECT_REJECTED(a64_sub_shifted(buffer, A64_W(0), A64_W(1), A64_W(2), A64_ASR, 32));
  EXPECT_REJECTED(a64_adds_shifted(buffer, A64_X(0), A64_X(1), A64_X(2), A64_ROR, 1));
  EXPECT_REJECTED(a64_subs_shifted(buffer, A64_X(0), A64_X(1), A64_X(2), (a64_shift)4, 1));
  EXPECT_REJECTED(a64_cmp_shifted(buffer, A64_X(1), A64_X(2), A64_LSR, 64));
  EXPECT_REJECTED(a64_add_extended(buffer, A64_X(0), A64_X(1), A64_W(2), A64_UXTW, 5));
  EXPECT_REJECTED(a64_add_extended(buffer, A64_X(0), A64_X(1), A64_X(2), A64_UXTW, 0));
  EXPECT_REJECTED(a64_sub_extended(buffer, A64_X(0), A64_X(1), A64_W(2), A64_SXTX, 0));
  EXPECT_REJECTED(a64_adds_extended(buffer, A64_SP, A64_X(1), A64_W(2), A64_UXTB, 0));
  EXPECT_REJECTED(a64_subs_extended(buffer, A64_W(0), A64_W(1), A64_X(2), A64_UXTX, 0));
  EXPECT_REJECTED(a64_cmp_extended(buffer, A64_X(1), A64_WSP, A64_UXTW, 0));
  EXPECT_REJECTED(a64_add_extended(buffer, A64_X(0), A64_X(1), A64_W(2), (a64_extend)8, 0));
}

static void logical_operands(void **state) {
  (void)state;
  EXPECT_REJECTED(a64_and_imm(buffer, A64_X(0), A64_X(1), 0));
  EXPECT_REJECTED(a64_orr_imm(buffer, A64_X(0), A64_X(1), UINT64_MAX));
  EXPECT_REJECTED(a64_eor_imm(buffer, A64_X(0), A64_X(1), 5));
  EXPECT_REJECTED(a64_and_imm(buffer, A64_W(0), A64_W(1), UINT64_C(0x1ffffffff)));
  EXPECT_REJECTED(a64_and_imm(buffer, A64_W(0), A64_W(1), 0xffffffffu));
  EXPECT_REJECTED(a64_ands_imm(buffer, A64_SP, A64_X(1), 1));
  EXPECT_REJECTED(a64_and_imm(buffer, A64_X(0), A64_SP, 1));
  EXPECT_REJECTED(a64_tst_imm(buffer, A64_X(1), 0x1234));
  EXPECT_REJECTED(a64_and_reg(buffer, A64_SP, A64_X(1), A64_X(2)));
  EXPECT_REJECTED(a64_orr_reg(buffer, A64_X(0), A64_X(1), A64_W(2)));
  EXPECT_REJECTED(a64_eor_shifted(buffer, A64_X(0), A64_X(1), A64_X(2), A64_ROR, 64));
  EXPECT_REJECTED(a64_ands_shifted(buffer, A64_W(0), A64_W(1), A64_W(2), A64_LSL, 32));
  EXPECT_REJECTED(a64_and_shifted(buffer, A64_X(0), A64_X(1), A64_X(2), (a64_shift)4, 0));
  EXPECT_REJECTED(a64_orr_shifted(buffer, A64_X(0), A64_V(1), A64_X(2), A64_LSL, 0));
  EXPECT_REJECTED(a64_ands_reg(buffer, A64_X(0), A64_X(1), A64_SP));
  EXPECT_REJECTED(a64_tst_reg(buffer, A64_W(1), A64_X(2)));
}

static void bitfield_operands(void **state) {
  (void)state;
  EXPECT_REJECTED(a64_ubfm(buffer, A64_X(0), A64_X(1), 64, 0));
  EXPECT_REJECTED(a64_sbfm(buffer, A64_W(0), A64_W(1), 0, 32));
  EXPECT_REJECTED(a64_ubfm(buffer, A64_X(0), A64_W(1), 0, 0));
  EXPECT_REJECTED(a64_ubfx(buffer, A64_X(0), A64_X(1), 0, 0));
  EXPECT_REJECTED(a64_ubfx(buffer, A64_X(0), A64_X(1), 60, 5));
  EXPECT_REJECTED(a64_ubfx(buffer, A64_W(0), A64_W(1), 32, 1));
  EXPECT_REJECTED(a64_lsl_imm(buffer, A64_X(0), A64_X(1), 64));
  EXPECT_REJECTED(a64_lsr_imm(buffer, A64_W(0), A64_W(1), 32));
  EXPECT_REJECTED(a64_asr_imm(buffer, A64_SP, A64_X(1), 1));
  EXPECT_REJECTED(a64_lsl_reg(buffer, A64_X(0), A64_X(1), A64_W(2)));
  EXPECT_REJECTED(a64_lsr_reg(buffer, A64_X(0), A64_SP, A64_X(2)));
  EXPECT_REJECTED(a64_asr_reg(buffer, A64_V(0), A64_X(1), A64_X(2)));
  EXPECT_REJECTED(a64_clz(buffer, A64_X(0), A64_W(1)));
  EXPECT_REJECTED(a64_rbit(buffer, A64_SP, A64_X(1)));
}

static void conditional_operands(void **state) {
  (void)state;
  EXPECT_REJECTED(a64_csel(buffer, A64_X(0), A64_X(1), A64_X(2), (a64_condition)16));
  EXPECT_REJECTED(a64_csel(buffer, A64_X(0), A64_X(1), A64_W(2), A64_EQ));
  EXPECT_REJECTED(a64_csinc(buffer, A64_SP, A64_X(1), A64_X(2), A64_EQ));
  EXPECT_REJECTED(a64_cset(buffer, A64_X(0), A64_AL));
  EXPECT_REJECTED(a64_cset(buffer, A64_X(0), A64_NV));
  EXPECT_REJECTED(a64_cset(buffer, A64_SP, A64_EQ));
}

static void move_operands(void **state) {
  (void)state;
  EXPECT_REJECTED(a64_movz(buffer, A64_X(0), 0x10000, 0));
  EXPECT_REJECTED(a64_movz(buffer, A64_X(0), 1, 8));
  EXPECT_REJECTED(a64_movz(buffer, A64_X(0), 1, 64));
  EXPECT_REJECTED(a64_movn(buffer, A64_W(0), 1, 32));
  EXPECT_REJECTED(a64_movk(buffer, A64_SP, 1, 0));
  EXPECT_REJECTED(a64_mov_imm(buffer, A64_W(0), UINT64_C(0x100000000)));
  EXPECT_REJECTED(a64_mov_imm(buffer, A64_XZR, 1));
  EXPECT_REJECTED(a64_mov_imm(buffer, A64_SP, 1));
  EXPECT_REJECTED(a64_mov_imm(buffer, A64_V(0), 1));
  EXPECT_REJECTED(a64_mov_reg(buffer, A64_SP, A64_XZR));
  EXPECT_REJECTED(a64_mov_reg(buffer, A64_X(0), A64_W(1)));
  EXPECT_REJECTED(a64_mov_reg(buffer, A64_SP, A64_WSP));
}

static void memory_operands(void **state) {
  (void)state;
  EXPECT_REJECTED(a64_ldr_imm(buffer, A64_X(0), A64_X(1), 4));
  EXPECT_REJECTED(a64_ldr_imm(buffer, A64_X(0), A64_X(1), 4096 * 8));
  EXPECT_REJECTED(a64_ldr_imm(buffer, A64_W(0), A64_X(1), 4096 * 4));
  EXPECT_REJECTED(a64_ldrh_imm(buffer, A64_W(0), A64_X(1), 1));
  EXPECT_REJECTED(a64_ldrb_imm(buffer, A64_W(0), A64_X(1), 4096));
  EXPECT_REJECTED(a64_ldrb_imm(buffer, A64_X(0), A64_X(1), 0));
  EXPECT_REJECTED(a64_strb_imm(buffer, A64_W(0), A64_W(1), 0));
  EXPECT_REJECTED(a64_strh_imm(buffer, A64_W(0), A64_XZR, 0));
  EXPECT_REJECTED(a64_str_imm(buffer, A64_SP, A64_X(1), 0));
  EXPECT_REJECTED(a64_ldr_reg(buffer, A64_X(0), A64_X(1), A64_X(2), A64_UXTW, false));
  EXPECT_REJECTED(a64_ldr_reg(buffer, A64_X(0), A64_X(1), A64_W(2), A64_SXTX, false));
  EXPECT_REJECTED(a64_ldrb_reg(buffer, A64_W(0), A64_X(1), A64_W(2), A64_UXTB, false));
  EXPECT_REJECTED(a64_ldrh_reg(buffer, A64_W(0), A64_X(1), A64_SP, A64_UXTX, false));
  EXPECT_REJECTED(a64_strb_reg(buffer, A64_W(0), A64_X(1), A64_X(2), A64_SXTH, true));
  EXPECT_REJECTED(a64_strh_reg(buffer, A64_X(0), A64_X(1), A64_X(2), A64_UXTX, true));
  EXPECT_REJECTED(a64_str_reg(buffer, A64_X(0), A64_W(1), A64_X(2), A64_UXTX, true));
  EXPECT_REJECTED(a64_ldr_pre(buffer, A64_X(0), A64_X(1), 256));
  EXPECT_REJECTED(a64_ldr_post(buffer, A64_X(0), A64_X(1), -257));
  EXPECT_REJECTED(a64_ldrb_pre(buffer, A64_W(1), A64_X(1), 1));
  EXPECT_REJECTED(a64_ldrb_post(buffer, A64_W(3), A64_X(3), 1));
  EXPECT_REJECTED(a64_ldrh_pre(buffer, A64_X(0), A64_X(1), 2));
  EXPECT_REJECTED(a64_ldrh_post(buffer, A64_W(0), A64_W(1), 2));
  EXPECT_REJECTED(a64_strb_pre(buffer, A64_W(2), A64_X(2), 1));
  EXPECT_REJECTED(a64_strb_post(buffer, A64_W(0), A64_X(1), 256));
  EXPECT_REJECTED(a64_strh_pre(buffer, A64_W(0), A64_X(1), -257));
  EXPECT_REJECTED(a64_strh_post(buffer, A64_W(4), A64_X(4), 2));
  EXPECT_REJECTED(a64_str_pre(buffer, A64_X(5), A64_X(5), 8));
  EXPECT_REJECTED(a64_str_post(buffer, A64_X(0), A64_XZR, 8));
  EXPECT_REJECTED(a64_ldp_offset(buffer, A64_X(0), A64_X(1), A64_SP, 4));
  EXPECT_REJECTED(a64_ldp_offset(buffer, A64_X(0), A64_X(1), A64_SP, 512));
  EXPECT_REJECTED(a64_ldp_offset(buffer, A64_W(0), A64_W(1), A64_SP, -260));
  EXPECT_REJECTED(a64_ldp_offset(buffer, A64_X(0), A64_X(0), A64_SP, 0));
  EXPECT_REJECTED(a64_ldp_pre(buffer, A64_X(0), A64_X(1), A64_X(1), 16));
  EXPECT_REJECTED(a64_ldp_post(buffer, A64_X(0), A64_X(1), A64_X(0), 16));
  EXPECT_REJECTED(a64_stp_offset(buffer, A64_X(0), A64_W(1), A64_SP, 0));
  EXPECT_REJECTED(a64_stp_pre(buffer, A64_X(29), A64_X(30), A64_X(29), -16));
  EXPECT_REJECTED(a64_stp_post(buffer, A64_X(29), A64_X(30), A64_SP, 520));
  EXPECT_REJECTED(a64_stp_offset(buffer, A64_SP, A64_X(30), A64_SP, 0));
}

static void branch_operands(void **state) {
  (void)state;
  EXPECT_REJECTED({
    a64_label target = a64_label_new(buffer);
    a64_tbz(buffer, A64_W(0), 32, target);
  });
  EXPECT_REJECTED({
    a64_label target = a64_label_new(buffer);
    a64_tbnz(buffer, A64_X(0), 64, target);
  });
  EXPECT_REJECTED({
    a64_label target = a64_label_new(buffer);
    a64_cbz(buffer, A64_SP, target);
  });
  EXPECT_REJECTED({
    a64_label target = a64_label_new(buffer);
    a64_cbnz(buffer, A64_V(0), target);
  });
  EXPECT_REJECTED({
    a64_label target = a64_label_new(buffer);
    a64_b_cond(buffer, (a64_condition)16, target);
  });
  EXPECT_REJECTED({
    a64_label target = a64_label_new(buffer);
    a64_adr(buffer, A64_W(0), target);
  });
  EXPECT_REJECTED({
    a64_label target = a64_label_new(buffer);
    a64_bl(buffer, target + 1);
  });
  EXPECT_REJECTED(a64_adrp(buffer, A64_X(0), 4095));
  EXPECT_REJECTED(a64_adrp(buffer, A64_X(0), INT64_C(1) << 32));
  EXPECT_REJECTED(a64_adrp(buffer, A64_X(0), -(INT64_C(1) << 32) - 4096));
  EXPECT_REJECTED(a64_adrp(buffer, A64_SP, 0));
  EXPECT_REJECTED(a64_br(buffer, A64_W(0)));
  EXPECT_REJECTED(a64_blr(buffer, A64_SP));
  EXPECT_REJECTED(a64_brk(buffer, 0x10000));
}

static void neon_operands(void **state) {
  (void)state;
  EXPECT_REJECTED(a64_ld1(buffer, A64_16B, A64_V(0), 0, A64_X(1)));
  EXPECT_REJECTED(a64_ld1(buffer, A64_16B, A64_V(0), 5, A64_X(1)));
  EXPECT_REJECTED(a64_ld1(buffer, A64_16B, A64_X(0), 1, A64_X(1)));
  EXPECT_REJECTED(a64_ld1_post(buffer, A64_16B, A64_V(0), 1, A64_W(1)));
  EXPECT_REJECTED(a64_ld1_post(buffer, (a64_arrangement)8, A64_V(0), 1, A64_X(1)));
  EXPECT_REJECTED(a64_dup_general(buffer, A64_1D, A64_V(0), A64_X(1)));
  EXPECT_REJECTED(a64_dup_general(buffer, A64_16B, A64_V(0), A64_X(1)));
  EXPECT_REJECTED(a64_dup_general(buffer, A64_2D, A64_V(0), A64_W(1)));
  EXPECT_REJECTED(a64_dup_general(buffer, A64_4S, A64_V(0), A64_WSP));
  EXPECT_REJECTED(a64_umov(buffer, A64_8B, A64_W(0), A64_V(1), 0));
  EXPECT_REJECTED(a64_umov(buffer, A64_16B, A64_W(0), A64_V(1), 16));
  EXPECT_REJECTED(a64_umov(buffer, A64_2D, A64_W(0), A64_V(1), 0));
  EXPECT_REJECTED(a64_umov(buffer, A64_4S, A64_X(0), A64_V(1), 0));
  EXPECT_REJECTED(a64_fmov_to_general(buffer, A64_V(0), A64_V(1)));
  EXPECT_REJECTED(a64_fmov_to_general(buffer, A64_X(0), A64_X(1)));
  EXPECT_REJECTED(a64_cmeq(buffer, A64_1D, A64_V(0), A64_V(1), A64_V(2)));
  EXPECT_REJECTED(a64_cmhs(buffer, A64_16B, A64_V(0), A64_X(1), A64_V(2)));
  EXPECT_REJECTED(a64_cmhi(buffer, (a64_arrangement)9, A64_V(0), A64_V(1), A64_V(2)));
  EXPECT_REJECTED(a64_and_vector(buffer, A64_4S, A64_V(0), A64_V(1), A64_V(2)));
  EXPECT_REJECTED(a64_bic_vector(buffer, A64_8H, A64_V(0), A64_V(1), A64_V(2)));
  EXPECT_REJECTED(a64_orr_vector(buffer, A64_2D, A64_V(0), A64_V(1), A64_V(2)));
  EXPECT_REJECTED(a64_eor_vector(buffer, A64_16B, A64_V(0), A64_V(1), A64_W(2)));
  EXPECT_REJECTED(a64_umaxv(buffer, A64_2S, A64_V(0), A64_V(1)));
  EXPECT_REJECTED(a64_uminv(buffer, A64_2D, A64_V(0), A64_V(1)));
  EXPECT_REJECTED(a64_addp(buffer, A64_1D, A64_V(0), A64_V(1), A64_V(2)));
  EXPECT_REJECTED(a64_shrn(buffer, A64_16B, A64_V(0), A64_V(1), 4));
  EXPECT_REJECTED(a64_shrn(buffer, A64_8B, A64_V(0), A64_V(1), 0));
  EXPECT_REJECTED(a64_shrn(buffer, A64_8B, A64_V(0), A64_V(1), 9));
  EXPECT_REJECTED(a64_shrn(buffer, A64_2S, A64_V(0), A64_V(1), 33));
  EXPECT_REJECTED(a64_ushr(buffer, A64_1D, A64_V(0), A64_V(1), 1));
  EXPECT_REJECTED(a64_ushr(buffer, A64_2D, A64_V(0), A64_V(1), 65));
  EXPECT_REJECTED(a64_ushr(buffer, A64_16B, A64_V(0), A64_V(1), 0));
  EXPECT_REJECTED(a64_ushr(buffer, (a64_arrangement)200, A64_V(0), A64_V(1), 1));
  EXPECT_REJECTED(a64_tbl(buffer, A64_16B, A64_V(0), A64_V(1), 0, A64_V(2)));
  EXPECT_REJECTED(a64_tbl(buffer, A64_16B, A64_V(0), A64_V(1), 5, A64_V(2)));
  EXPECT_REJECTED(a64_tbl(buffer, A64_4S, A64_V(0), A64_V(1), 1, A64_V(2)));
  EXPECT_REJECTED(a64_movi(buffer, A64_16B, A64_V(0), 0x100));
  EXPECT_REJECTED(a64_movi(buffer, A64_4S, A64_V(0), 1));
  EXPECT_REJECTED(a64_movi(buffer, A64_2D, A64_V(0), 0x0102));
  EXPECT_REJECTED(a64_movi(buffer, A64_8B, A64_X(0), 1));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(arithmetic_operands),  cmocka_unit_test(logical_operands),
    cmocka_unit_test(bitfield_operands),    cmocka_unit_test(conditional_operands),
    cmocka_unit_test(move_operands),        cmocka_unit_test(memory_operands),
    cmocka_unit_test(branch_operands),      cmocka_unit_test(neon_operands),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
