/* a64_memory: loads and stores of one general register (byte, halfword,
 * word, doubleword) and of register pairs. The base is an X register or
 * SP. LDRB/LDRH/STRB/STRH transfer a W register; LDR/STR/LDP/STP transfer
 * W or X by the register given. Offsets are in bytes and must fit the
 * form exactly (never truncated); otherwise JRX_ERROR_INTERNAL. */
#ifndef JRX_A64_MEMORY_H
#define JRX_A64_MEMORY_H

#include <stdbool.h>
#include <stdint.h>

#include "a64_buffer.h"
#include "a64_operand.h"

/* [rn, #offset]: offset a multiple of the access size, below 4096 of them. */
void a64_ldrb_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset);
void a64_ldrh_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset);
void a64_ldr_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset);
void a64_strb_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset);
void a64_strh_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset);
void a64_str_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset);

/* [rn, rm, extend {#size}]: extend is A64_UXTX (written LSL) or A64_SXTX
 * with an X register rm, A64_UXTW or A64_SXTW with a W register; scaled
 * shifts rm left by log2 of the access size. */
void a64_ldrb_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                  bool scaled);
void a64_ldrh_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                  bool scaled);
void a64_ldr_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                 bool scaled);
void a64_strb_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                  bool scaled);
void a64_strh_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                  bool scaled);
void a64_str_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                 bool scaled);

/* [rn, #offset]! (pre) and [rn], #offset (post): rn += offset, offset in
 * -256..255; rt must not be the base register. */
void a64_ldrb_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_ldrh_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_ldr_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_strb_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_strh_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_str_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_ldrb_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_ldrh_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_ldr_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_strb_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_strh_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);
void a64_str_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset);

/* Pairs: offset a multiple of the register size, -64..63 of them. rt1 and
 * rt2 have one width; loads need rt1 != rt2, writeback forms a base that
 * is neither of them. */
void a64_ldp_offset(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset);
void a64_ldp_pre(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset);
void a64_ldp_post(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset);
void a64_stp_offset(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset);
void a64_stp_pre(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset);
void a64_stp_post(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset);

#endif
