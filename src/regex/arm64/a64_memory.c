/* a64_memory: one encoder per addressing mode, all deriving the access
 * size from the opcode's size field so that offsets are checked against
 * the scale they will be encoded with. Writeback with the transferred
 * register as base is unpredictable in A64, so it is rejected. */
#include "a64_memory.h"

#include "a64_encoding.h"

#define A64_INDEX_MIN (-256)
#define A64_INDEX_MAX 255
#define A64_PAIR_INDEX_MIN (-64)
#define A64_PAIR_INDEX_MAX 63

static unsigned access_size_log2(uint32_t opcode) {
  return opcode >> 30;
}

static uint32_t by_width(a64_reg rt, uint32_t w_opcode, uint32_t x_opcode) {
  return a64_operand_is_64(rt) ? x_opcode : w_opcode;
}

static bool base_valid(a64_reg rn) {
  return a64_operand_general(rn, true) && a64_operand_is_64(rn);
}

static bool transfer_valid(uint32_t opcode, a64_reg rt, a64_reg rn) {
  return a64_operand_general(rt, false) &&
         a64_operand_is_64(rt) == (access_size_log2(opcode) == 3) && base_valid(rn);
}

static bool writeback_base_distinct(a64_reg rn, a64_reg rt) {
  return (rn & A64_REG_SP_FLAG) || (rn & A64_REG_NUMBER_MASK) != (rt & A64_REG_NUMBER_MASK);
}

static void unsigned_offset(a64_buffer *buffer, uint32_t opcode, a64_reg rt, a64_reg rn,
                            uint64_t offset) {
  unsigned size_log2 = access_size_log2(opcode);
  uint64_t scaled = offset >> size_log2;
  if (!a64_require(buffer, transfer_valid(opcode, rt, rn) &&
                               (offset & ((1u << size_log2) - 1)) == 0 && scaled <= 0xfffu)) {
    return;
  }
  a64_emit(buffer, opcode | A64_ADDRESS_UNSIGNED_OFFSET | a64_imm12((uint32_t)scaled) |
                       a64_rn(rn) | a64_rt(rt));
}

static void register_offset(a64_buffer *buffer, uint32_t opcode, a64_reg rt, a64_reg rn,
                            a64_reg rm, a64_extend extend, bool scaled) {
  bool x_index = extend == A64_UXTX || extend == A64_SXTX;
  bool extend_valid = x_index || extend == A64_UXTW || extend == A64_SXTW;
  if (!a64_require(buffer, transfer_valid(opcode, rt, rn) && a64_operand_general(rm, false) &&
                               extend_valid && a64_operand_is_64(rm) == x_index)) {
    return;
  }
  a64_emit(buffer, opcode | A64_ADDRESS_REGISTER_OFFSET | a64_rm(rm) |
                       a64_extend_option(extend) | (scaled ? A64_ADDRESS_SCALED : 0) |
                       a64_rn(rn) | a64_rt(rt));
}

static void indexed(a64_buffer *buffer, uint32_t opcode, uint32_t mode, a64_reg rt, a64_reg rn,
                    int64_t offset) {
  if (!a64_require(buffer, transfer_valid(opcode, rt, rn) && offset >= A64_INDEX_MIN &&
                               offset <= A64_INDEX_MAX && writeback_base_distinct(rn, rt))) {
    return;
  }
  a64_emit(buffer, opcode | mode | a64_imm9((uint32_t)offset) | a64_rn(rn) | a64_rt(rt));
}

static void pair(a64_buffer *buffer, uint32_t opcode, uint32_t mode, a64_reg rt1, a64_reg rt2,
                 a64_reg rn, int64_t offset) {
  int64_t size = a64_operand_is_64(rt1) ? 8 : 4;
  bool writeback = mode != A64_PAIR_OFFSET;
  bool load = (opcode & A64_LOAD) != 0;
  if (!a64_require(buffer, a64_operand_general(rt1, false) && a64_operand_general(rt2, false) &&
                               a64_operand_same_width(rt1, rt2) && base_valid(rn) &&
                               offset % size == 0 && offset / size >= A64_PAIR_INDEX_MIN &&
                               offset / size <= A64_PAIR_INDEX_MAX &&
                               (!load || rt1 != rt2) &&
                               (!writeback || (writeback_base_distinct(rn, rt1) &&
                                               writeback_base_distinct(rn, rt2))))) {
    return;
  }
  a64_emit(buffer, opcode | mode | a64_imm7((uint32_t)(offset / size)) | a64_rt2(rt2) |
                       a64_rn(rn) | a64_rt(rt1));
}

void a64_ldrb_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset) {
  unsigned_offset(buffer, A64_LDRB, rt, rn, offset);
}

void a64_ldrh_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset) {
  unsigned_offset(buffer, A64_LDRH, rt, rn, offset);
}

void a64_ldr_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset) {
  unsigned_offset(buffer, by_width(rt, A64_LDR_W, A64_LDR_X), rt, rn, offset);
}

void a64_strb_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset) {
  unsigned_offset(buffer, A64_STRB, rt, rn, offset);
}

void a64_strh_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset) {
  unsigned_offset(buffer, A64_STRH, rt, rn, offset);
}

void a64_str_imm(a64_buffer *buffer, a64_reg rt, a64_reg rn, uint64_t offset) {
  unsigned_offset(buffer, by_width(rt, A64_STR_W, A64_STR_X), rt, rn, offset);
}

void a64_ldrb_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                  bool scaled) {
  register_offset(buffer, A64_LDRB, rt, rn, rm, extend, scaled);
}

void a64_ldrh_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                  bool scaled) {
  register_offset(buffer, A64_LDRH, rt, rn, rm, extend, scaled);
}

void a64_ldr_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                 bool scaled) {
  register_offset(buffer, by_width(rt, A64_LDR_W, A64_LDR_X), rt, rn, rm, extend, scaled);
}

void a64_strb_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                  bool scaled) {
  register_offset(buffer, A64_STRB, rt, rn, rm, extend, scaled);
}

void a64_strh_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                  bool scaled) {
  register_offset(buffer, A64_STRH, rt, rn, rm, extend, scaled);
}

void a64_str_reg(a64_buffer *buffer, a64_reg rt, a64_reg rn, a64_reg rm, a64_extend extend,
                 bool scaled) {
  register_offset(buffer, by_width(rt, A64_STR_W, A64_STR_X), rt, rn, rm, extend, scaled);
}

void a64_ldrb_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, A64_LDRB, A64_ADDRESS_PRE_INDEX, rt, rn, offset);
}

void a64_ldrh_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, A64_LDRH, A64_ADDRESS_PRE_INDEX, rt, rn, offset);
}

void a64_ldr_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, by_width(rt, A64_LDR_W, A64_LDR_X), A64_ADDRESS_PRE_INDEX, rt, rn, offset);
}

void a64_strb_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, A64_STRB, A64_ADDRESS_PRE_INDEX, rt, rn, offset);
}

void a64_strh_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, A64_STRH, A64_ADDRESS_PRE_INDEX, rt, rn, offset);
}

void a64_str_pre(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, by_width(rt, A64_STR_W, A64_STR_X), A64_ADDRESS_PRE_INDEX, rt, rn, offset);
}

void a64_ldrb_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, A64_LDRB, A64_ADDRESS_POST_INDEX, rt, rn, offset);
}

void a64_ldrh_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, A64_LDRH, A64_ADDRESS_POST_INDEX, rt, rn, offset);
}

void a64_ldr_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, by_width(rt, A64_LDR_W, A64_LDR_X), A64_ADDRESS_POST_INDEX, rt, rn, offset);
}

void a64_strb_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, A64_STRB, A64_ADDRESS_POST_INDEX, rt, rn, offset);
}

void a64_strh_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, A64_STRH, A64_ADDRESS_POST_INDEX, rt, rn, offset);
}

void a64_str_post(a64_buffer *buffer, a64_reg rt, a64_reg rn, int64_t offset) {
  indexed(buffer, by_width(rt, A64_STR_W, A64_STR_X), A64_ADDRESS_POST_INDEX, rt, rn, offset);
}

void a64_ldp_offset(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset) {
  pair(buffer, by_width(rt1, A64_LDP_W, A64_LDP_X), A64_PAIR_OFFSET, rt1, rt2, rn, offset);
}

void a64_ldp_pre(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset) {
  pair(buffer, by_width(rt1, A64_LDP_W, A64_LDP_X), A64_PAIR_PRE_INDEX, rt1, rt2, rn, offset);
}

void a64_ldp_post(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset) {
  pair(buffer, by_width(rt1, A64_LDP_W, A64_LDP_X), A64_PAIR_POST_INDEX, rt1, rt2, rn, offset);
}

void a64_stp_offset(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset) {
  pair(buffer, by_width(rt1, A64_STP_W, A64_STP_X), A64_PAIR_OFFSET, rt1, rt2, rn, offset);
}

void a64_stp_pre(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset) {
  pair(buffer, by_width(rt1, A64_STP_W, A64_STP_X), A64_PAIR_PRE_INDEX, rt1, rt2, rn, offset);
}

void a64_stp_post(a64_buffer *buffer, a64_reg rt1, a64_reg rt2, a64_reg rn, int64_t offset) {
  pair(buffer, by_width(rt1, A64_STP_W, A64_STP_X), A64_PAIR_POST_INDEX, rt1, rt2, rn, offset);
}
