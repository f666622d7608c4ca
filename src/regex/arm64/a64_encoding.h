/* a64_encoding: the A64 instruction words, one named constant per
 * instruction form with every operand field zero, and the helpers that
 * place a field. Helpers assume the value already fits; checking is the
 * emitters' job. Data-processing constants are the 32-bit forms, to which
 * A64_SF_64 adds 64-bit operation. */
#ifndef JRX_A64_ENCODING_H
#define JRX_A64_ENCODING_H

#include <stdint.h>

#include "a64_operand.h"

#define A64_SF_64 0x80000000u /* sf: 64-bit operation */
#define A64_SETS_FLAGS 0x20000000u /* S of add/sub: Rd is never SP */

/* Add/subtract (immediate); A64_ADD_SUB_LSL12 shifts imm12 left by 12. */
#define A64_ADD_IMM 0x11000000u
#define A64_ADDS_IMM 0x31000000u
#define A64_SUB_IMM 0x51000000u
#define A64_SUBS_IMM 0x71000000u
#define A64_ADD_SUB_LSL12 0x00400000u

/* Add/subtract (shifted register, extended register). */
#define A64_ADD_SHIFTED 0x0b000000u
#define A64_ADDS_SHIFTED 0x2b000000u
#define A64_SUB_SHIFTED 0x4b000000u
#define A64_SUBS_SHIFTED 0x6b000000u
#define A64_ADD_EXTENDED 0x0b200000u
#define A64_ADDS_EXTENDED 0x2b200000u
#define A64_SUB_EXTENDED 0x4b200000u
#define A64_SUBS_EXTENDED 0x6b200000u

/* Logical (shifted register, immediate). Bit 24 tells the shifted-register
 * forms of add/sub (set) from logical ones, which alone may rotate. */
#define A64_SHIFTED_ADD_SUB_CLASS 0x01000000u
#define A64_AND_SHIFTED 0x0a000000u
#define A64_ORR_SHIFTED 0x2a000000u
#define A64_EOR_SHIFTED 0x4a000000u
#define A64_ANDS_SHIFTED 0x6a000000u
#define A64_AND_IMM 0x12000000u
#define A64_ORR_IMM 0x32000000u
#define A64_EOR_IMM 0x52000000u
#define A64_ANDS_IMM 0x72000000u

/* Move wide (immediate). */
#define A64_MOVN 0x12800000u
#define A64_MOVZ 0x52800000u
#define A64_MOVK 0x72800000u

/* Bitfield moves. */
#define A64_SBFM 0x13000000u
#define A64_UBFM 0x53000000u

/* Data processing, one and two sources. */
#define A64_RBIT 0x5ac00000u
#define A64_CLZ 0x5ac01000u
#define A64_LSLV 0x1ac02000u
#define A64_LSRV 0x1ac02400u
#define A64_ASRV 0x1ac02800u

/* Conditional select. */
#define A64_CSEL 0x1a800000u
#define A64_CSINC 0x1a800400u

/* PC-relative addressing and branches. */
#define A64_ADR 0x10000000u
#define A64_ADRP 0x90000000u
#define A64_B 0x14000000u
#define A64_BL 0x94000000u
#define A64_B_COND 0x54000000u
#define A64_CBZ 0x34000000u
#define A64_CBNZ 0x35000000u
#define A64_TBZ 0x36000000u
#define A64_TBNZ 0x37000000u
#define A64_BR 0xd61f0000u
#define A64_BLR 0xd63f0000u
#define A64_RET 0xd65f0000u
#define A64_NOP 0xd503201fu
#define A64_BRK 0xd4200000u

/* Single-register loads and stores: an operation (access size in bits
 * 31:30, direction) combined with one addressing mode. */
#define A64_LOAD 0x00400000u /* set in every load of this file, clear in stores */
#define A64_STRB 0x38000000u
#define A64_LDRB 0x38400000u
#define A64_STRH 0x78000000u
#define A64_LDRH 0x78400000u
#define A64_STR_W 0xb8000000u
#define A64_LDR_W 0xb8400000u
#define A64_STR_X 0xf8000000u
#define A64_LDR_X 0xf8400000u
#define A64_ADDRESS_UNSIGNED_OFFSET 0x01000000u
#define A64_ADDRESS_REGISTER_OFFSET 0x00200800u
#define A64_ADDRESS_PRE_INDEX 0x00000c00u
#define A64_ADDRESS_POST_INDEX 0x00000400u
#define A64_ADDRESS_SCALED 0x00001000u /* S: register offset << access size */

/* Register-pair loads and stores, combined with one addressing mode. */
#define A64_STP_W 0x28000000u
#define A64_LDP_W 0x28400000u
#define A64_STP_X 0xa8000000u
#define A64_LDP_X 0xa8400000u
#define A64_PAIR_POST_INDEX 0x00800000u
#define A64_PAIR_OFFSET 0x01000000u
#define A64_PAIR_PRE_INDEX 0x01800000u

/* Advanced SIMD, with Q (bit 30) clear: the arrangement helpers below add
 * it. MOVI_2D exists only with Q set. */
#define A64_LD1_MULTIPLE 0x0c400000u
#define A64_LD1_MULTIPLE_POST 0x0cdf0000u /* Rm = 31: post-index by the size */
#define A64_LD1_OPCODE_SHIFT 12 /* register count's opcode (15:12) */
#define A64_DUP_GENERAL 0x0e000c00u
#define A64_UMOV 0x0e003c00u
#define A64_CMEQ 0x2e208c00u
#define A64_CMHS 0x2e203c00u
#define A64_CMHI 0x2e203400u
#define A64_AND_VECTOR 0x0e201c00u
#define A64_BIC_VECTOR 0x0e601c00u
#define A64_ORR_VECTOR 0x0ea01c00u
#define A64_EOR_VECTOR 0x2e201c00u
#define A64_UMAXV 0x2e30a800u
#define A64_UMINV 0x2e31a800u
#define A64_ADDP_VECTOR 0x0e20bc00u
#define A64_SHRN 0x0f008400u
#define A64_USHR 0x2f000400u
#define A64_TBL 0x0e000000u
#define A64_TBL_LENGTH_SHIFT 13 /* table registers - 1 (14:13) */
#define A64_MOVI_8 0x0f00e400u  /* every byte the same imm8 */
#define A64_MOVI_2D 0x6f00e400u /* each imm8 bit expands to a byte */
#define A64_FMOV_W_FROM_S 0x1e260000u
#define A64_FMOV_X_FROM_D 0x9e660000u

/* Register fields. */
static inline uint32_t a64_rd(a64_reg reg) {
  return reg & A64_REG_NUMBER_MASK;
}
static inline uint32_t a64_rt(a64_reg reg) {
  return reg & A64_REG_NUMBER_MASK;
}
static inline uint32_t a64_rn(a64_reg reg) {
  return (uint32_t)(reg & A64_REG_NUMBER_MASK) << 5;
}
static inline uint32_t a64_rt2(a64_reg reg) {
  return (uint32_t)(reg & A64_REG_NUMBER_MASK) << 10;
}
static inline uint32_t a64_rm(a64_reg reg) {
  return (uint32_t)(reg & A64_REG_NUMBER_MASK) << 16;
}
static inline uint32_t a64_sf(a64_reg reg) {
  return a64_operand_is_64(reg) ? A64_SF_64 : 0;
}

/* Immediate fields. */
static inline uint32_t a64_imm26(uint32_t value) {
  return value & 0x03ffffffu;
}
static inline uint32_t a64_imm19(uint32_t value) {
  return (value & 0x7ffffu) << 5;
}
static inline uint32_t a64_imm16(uint32_t value) {
  return (value & 0xffffu) << 5;
}
static inline uint32_t a64_imm14(uint32_t value) {
  return (value & 0x3fffu) << 5;
}
static inline uint32_t a64_imm12(uint32_t value) {
  return (value & 0xfffu) << 10;
}
static inline uint32_t a64_imm9(uint32_t value) {
  return (value & 0x1ffu) << 12;
}
static inline uint32_t a64_imm7(uint32_t value) {
  return (value & 0x7fu) << 15;
}
static inline uint32_t a64_imm6(uint32_t value) {
  return (value & 0x3fu) << 10;
}
/* ADR/ADRP: the low two bits go to immlo (30:29), the rest to immhi (23:5). */
static inline uint32_t a64_adr_immediate(uint32_t value) {
  return ((value & 3u) << 29) | (((value >> 2) & 0x7ffffu) << 5);
}
/* N:immr:imms (bits 22:10) of logical immediates and bitfield moves,
 * given as one 13-bit value. */
static inline uint32_t a64_bitmask_fields(uint32_t n_immr_imms) {
  return (n_immr_imms & 0x1fffu) << 10;
}
/* TBZ/TBNZ bit number: b5 at bit 31, b40 at 23:19. */
static inline uint32_t a64_test_bit(uint32_t bit) {
  return ((bit >> 5) << 31) | ((bit & 0x1fu) << 19);
}
/* Move wide: hw (22:21) counts 16-bit steps of the shift. */
static inline uint32_t a64_hw(uint32_t shift) {
  return (shift / 16u) << 21;
}

/* Other operand fields. */
static inline uint32_t a64_shift_type(a64_shift shift) {
  return (uint32_t)shift << 22;
}
static inline uint32_t a64_extend_option(a64_extend extend) {
  return (uint32_t)extend << 13;
}
static inline uint32_t a64_extend_amount(uint32_t amount) {
  return (amount & 7u) << 10;
}
static inline uint32_t a64_select_condition(a64_condition condition) {
  return (uint32_t)condition << 12;
}
static inline uint32_t a64_branch_condition(a64_condition condition) {
  return (uint32_t)condition;
}
/* Advanced SIMD: size (23:22) and Q (30) of an arrangement. */
static inline uint32_t a64_vector_size_q(a64_arrangement arrangement) {
  return (((uint32_t)arrangement >> 1) << 22) | (((uint32_t)arrangement & 1u) << 30);
}
/* Q alone, for instructions whose size field holds something else. */
static inline uint32_t a64_vector_q(a64_arrangement arrangement) {
  return ((uint32_t)arrangement & 1u) << 30;
}
/* Load/store multiple structures put the size in 11:10 instead. */
static inline uint32_t a64_structure_size_q(a64_arrangement arrangement) {
  return (((uint32_t)arrangement >> 1) << 10) | (((uint32_t)arrangement & 1u) << 30);
}
/* imm5 of DUP/UMOV: the element size as the lowest set bit, index above it. */
static inline uint32_t a64_element_imm5(unsigned element_size_log2, unsigned index) {
  return ((1u | (index << 1)) << element_size_log2) << 16;
}
/* immh:immb (22:16) of shifts by immediate. */
static inline uint32_t a64_shift_immediate(uint32_t immh_immb) {
  return (immh_immb & 0x7fu) << 16;
}
/* MOVI a:b:c (18:16) and d:e:f:g:h (9:5). */
static inline uint32_t a64_movi_immediate(uint32_t imm8) {
  return ((imm8 >> 5) << 16) | ((imm8 & 0x1fu) << 5);
}

#endif
