/* a64_neon: arrangements are checked against a per-instruction set
 * (bit n set = arrangement n allowed) before any field is placed, so no
 * reserved size/Q combination is ever emitted. */
#include "a64_neon.h"

#include "a64_encoding.h"

#define ARRANGEMENT(a) (1u << (unsigned)(a))
#define BYTE_ARRANGEMENTS (ARRANGEMENT(A64_8B) | ARRANGEMENT(A64_16B))
#define ALL_BUT_1D (0xffu & ~ARRANGEMENT(A64_1D))
#define ACROSS_ARRANGEMENTS                                                                       \
  (BYTE_ARRANGEMENTS | ARRANGEMENT(A64_4H) | ARRANGEMENT(A64_8H) | ARRANGEMENT(A64_4S))
#define NARROW_ARRANGEMENTS (ARRANGEMENT(A64_8B) | ARRANGEMENT(A64_4H) | ARRANGEMENT(A64_2S))
#define FULL_REGISTER_ARRANGEMENTS                                                                \
  (ARRANGEMENT(A64_16B) | ARRANGEMENT(A64_8H) | ARRANGEMENT(A64_4S) | ARRANGEMENT(A64_2D))
#define MAX_REGISTER_LIST 4u

static bool allowed(a64_arrangement arrangement, unsigned allowed_set) {
  return a64_operand_arrangement(arrangement) && (allowed_set & ARRANGEMENT(arrangement)) != 0;
}

static unsigned element_size_log2(a64_arrangement arrangement) {
  return (unsigned)arrangement >> 1;
}

static bool base_valid(a64_reg rn) {
  return a64_operand_general(rn, true) && a64_operand_is_64(rn);
}

static uint32_t register_list_opcode(unsigned count) {
  static const uint32_t opcodes[MAX_REGISTER_LIST] = {0x7u, 0xau, 0x6u, 0x2u};
  return opcodes[count - 1] << A64_LD1_OPCODE_SHIFT;
}

static void load_multiple(a64_buffer *buffer, uint32_t opcode, a64_arrangement arrangement,
                          a64_reg vt, unsigned count, a64_reg rn) {
  if (!a64_require(buffer, a64_operand_arrangement(arrangement) && a64_operand_vector(vt) &&
                               count >= 1 && count <= MAX_REGISTER_LIST && base_valid(rn))) {
    return;
  }
  a64_emit(buffer, opcode | a64_structure_size_q(arrangement) | register_list_opcode(count) |
                       a64_rn(rn) | a64_rt(vt));
}

void a64_ld1(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vt, unsigned count,
             a64_reg rn) {
  load_multiple(buffer, A64_LD1_MULTIPLE, arrangement, vt, count, rn);
}

void a64_ld1_post(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vt, unsigned count,
                  a64_reg rn) {
  load_multiple(buffer, A64_LD1_MULTIPLE_POST, arrangement, vt, count, rn);
}

void a64_dup_general(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg rn) {
  unsigned size_log2 = element_size_log2(arrangement);
  if (!a64_require(buffer, allowed(arrangement, ALL_BUT_1D) && a64_operand_vector(vd) &&
                               a64_operand_general(rn, false) &&
                               a64_operand_is_64(rn) == (size_log2 == 3))) {
    return;
  }
  a64_emit(buffer, A64_DUP_GENERAL | a64_vector_q(arrangement) | a64_element_imm5(size_log2, 0) |
                       a64_rn(rn) | a64_rd(vd));
}

void a64_umov(a64_buffer *buffer, a64_arrangement arrangement, a64_reg rd, a64_reg vn,
              unsigned index) {
  unsigned size_log2 = element_size_log2(arrangement);
  if (!a64_require(buffer, allowed(arrangement, FULL_REGISTER_ARRANGEMENTS) &&
                               a64_operand_general(rd, false) &&
                               a64_operand_is_64(rd) == (size_log2 == 3) &&
                               a64_operand_vector(vn) &&
                               index < a64_arrangement_lanes(arrangement))) {
    return;
  }
  /* Q is set only for the doubleword element, whatever the arrangement. */
  uint32_t q = size_log2 == 3 ? a64_vector_q(A64_2D) : 0;
  a64_emit(buffer, A64_UMOV | q | a64_element_imm5(size_log2, index) | a64_rn(vn) | a64_rd(rd));
}

void a64_fmov_to_general(a64_buffer *buffer, a64_reg rd, a64_reg vn) {
  if (!a64_require(buffer, a64_operand_general(rd, false) && a64_operand_vector(vn))) {
    return;
  }
  uint32_t opcode = a64_operand_is_64(rd) ? A64_FMOV_X_FROM_D : A64_FMOV_W_FROM_S;
  a64_emit(buffer, opcode | a64_rn(vn) | a64_rd(rd));
}

static void three_same(a64_buffer *buffer, uint32_t opcode, unsigned allowed_set,
                       a64_arrangement arrangement, a64_reg vd, a64_reg vn, a64_reg vm) {
  if (!a64_require(buffer, allowed(arrangement, allowed_set) && a64_operand_vector(vd) &&
                               a64_operand_vector(vn) && a64_operand_vector(vm))) {
    return;
  }
  a64_emit(buffer, opcode | a64_vector_size_q(arrangement) | a64_rm(vm) | a64_rn(vn) |
                       a64_rd(vd));
}

void a64_cmeq(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              a64_reg vm) {
  three_same(buffer, A64_CMEQ, ALL_BUT_1D, arrangement, vd, vn, vm);
}

void a64_cmhs(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              a64_reg vm) {
  three_same(buffer, A64_CMHS, ALL_BUT_1D, arrangement, vd, vn, vm);
}

void a64_cmhi(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              a64_reg vm) {
  three_same(buffer, A64_CMHI, ALL_BUT_1D, arrangement, vd, vn, vm);
}

/* The bitwise forms keep their operation in the size field; 8B and 16B
 * have size 0, so only Q is added. */
void a64_and_vector(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
                    a64_reg vm) {
  three_same(buffer, A64_AND_VECTOR, BYTE_ARRANGEMENTS, arrangement, vd, vn, vm);
}

void a64_bic_vector(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
                    a64_reg vm) {
  three_same(buffer, A64_BIC_VECTOR, BYTE_ARRANGEMENTS, arrangement, vd, vn, vm);
}

void a64_orr_vector(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
                    a64_reg vm) {
  three_same(buffer, A64_ORR_VECTOR, BYTE_ARRANGEMENTS, arrangement, vd, vn, vm);
}

void a64_eor_vector(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
                    a64_reg vm) {
  three_same(buffer, A64_EOR_VECTOR, BYTE_ARRANGEMENTS, arrangement, vd, vn, vm);
}

void a64_addp(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              a64_reg vm) {
  three_same(buffer, A64_ADDP_VECTOR, ALL_BUT_1D, arrangement, vd, vn, vm);
}

static void across_lanes(a64_buffer *buffer, uint32_t opcode, a64_arrangement arrangement,
                         a64_reg vd, a64_reg vn) {
  if (!a64_require(buffer, allowed(arrangement, ACROSS_ARRANGEMENTS) && a64_operand_vector(vd) &&
                               a64_operand_vector(vn))) {
    return;
  }
  a64_emit(buffer, opcode | a64_vector_size_q(arrangement) | a64_rn(vn) | a64_rd(vd));
}

void a64_umaxv(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn) {
  across_lanes(buffer, A64_UMAXV, arrangement, vd, vn);
}

void a64_uminv(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn) {
  across_lanes(buffer, A64_UMINV, arrangement, vd, vn);
}

/* Right shifts encode immh:immb = 2 * element bits - shift, which also
 * tells the element size by its highest set bit. */
static void shift_right(a64_buffer *buffer, uint32_t opcode, unsigned allowed_set,
                        a64_arrangement arrangement, a64_reg vd, a64_reg vn, unsigned shift) {
  if (!a64_require(buffer, allowed(arrangement, allowed_set))) {
    return;
  }
  unsigned element_bits = a64_arrangement_element_bits(arrangement);
  if (!a64_require(buffer, a64_operand_vector(vd) && a64_operand_vector(vn) && shift >= 1 &&
                               shift <= element_bits)) {
    return;
  }
  a64_emit(buffer, opcode | a64_vector_q(arrangement) |
                       a64_shift_immediate(2 * element_bits - shift) | a64_rn(vn) | a64_rd(vd));
}

void a64_shrn(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              unsigned shift) {
  shift_right(buffer, A64_SHRN, NARROW_ARRANGEMENTS, arrangement, vd, vn, shift);
}

void a64_ushr(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              unsigned shift) {
  shift_right(buffer, A64_USHR, ALL_BUT_1D, arrangement, vd, vn, shift);
}

void a64_tbl(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
             unsigned count, a64_reg vm) {
  if (!a64_require(buffer, allowed(arrangement, BYTE_ARRANGEMENTS) && a64_operand_vector(vd) &&
                               a64_operand_vector(vn) && a64_operand_vector(vm) && count >= 1 &&
                               count <= MAX_REGISTER_LIST)) {
    return;
  }
  a64_emit(buffer, A64_TBL | a64_vector_q(arrangement) | a64_rm(vm) |
                       ((count - 1) << A64_TBL_LENGTH_SHIFT) | a64_rn(vn) | a64_rd(vd));
}

/* The 2D form's imm8 has one bit per byte of the value, so only values
 * whose bytes are all 0x00 or 0xff have one. */
static bool byte_mask_immediate(uint64_t value, uint32_t *imm8) {
  uint32_t bits = 0;
  for (unsigned byte = 0; byte < 8; byte++) {
    uint64_t part = (value >> (byte * 8)) & 0xffu;
    if (part != 0 && part != 0xffu) {
      return false;
    }
    bits |= (part != 0 ? 1u : 0u) << byte;
  }
  *imm8 = bits;
  return true;
}

void a64_movi(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, uint64_t value) {
  bool bytes = allowed(arrangement, BYTE_ARRANGEMENTS);
  uint32_t imm8 = (uint32_t)(value & 0xffu);
  bool encodable = bytes ? value <= 0xffu
                         : arrangement == A64_2D && byte_mask_immediate(value, &imm8);
  if (!a64_require(buffer, a64_operand_vector(vd) && encodable)) {
    return;
  }
  uint32_t opcode = bytes ? A64_MOVI_8 | a64_vector_q(arrangement) : A64_MOVI_2D;
  a64_emit(buffer, opcode | a64_movi_immediate(imm8) | a64_rd(vd));
}
