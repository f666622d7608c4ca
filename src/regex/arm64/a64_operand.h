/* a64_operand: how emitter arguments name registers, conditions, shifts,
 * extends and vector arrangements, and the checks that an operand suits a
 * field. A register value carries its kind (W, X or vector) and whether it
 * means the stack pointer, so a ZR-only field never silently becomes SP. */
#ifndef JRX_A64_OPERAND_H
#define JRX_A64_OPERAND_H

#include <stdbool.h>
#include <stdint.h>

/* Bits 0-4: register number. Bit 5: the stack pointer (number 31). Bit 6:
 * 64-bit general register. Bit 7: SIMD&FP register (bits 5 and 6 clear).
 * Number 31 without bit 5 is the zero register. */
typedef uint8_t a64_reg;

#define A64_REG_NUMBER_MASK 0x1fu
#define A64_REG_SP_FLAG 0x20u
#define A64_REG_64_FLAG 0x40u
#define A64_REG_VECTOR_FLAG 0x80u

#define A64_W(n) ((a64_reg)(n))
#define A64_X(n) ((a64_reg)(A64_REG_64_FLAG | (n)))
#define A64_V(n) ((a64_reg)(A64_REG_VECTOR_FLAG | (n)))
#define A64_WZR A64_W(31)
#define A64_XZR A64_X(31)
#define A64_WSP ((a64_reg)(A64_REG_SP_FLAG | 31))
#define A64_SP ((a64_reg)(A64_REG_SP_FLAG | A64_REG_64_FLAG | 31))
#define A64_FP A64_X(29) /* frame pointer by the AAPCS64 */
#define A64_LR A64_X(30) /* link register */

/* Condition codes in their encoded order, so inverting one flips bit 0. */
typedef enum a64_condition {
  A64_EQ, A64_NE, A64_HS, A64_LO, A64_MI, A64_PL, A64_VS, A64_VC,
  A64_HI, A64_LS, A64_GE, A64_LT, A64_GT, A64_LE, A64_AL, A64_NV
} a64_condition;

/* Shift types of shifted-register operands (ROR only for logical ones). */
typedef enum a64_shift { A64_LSL, A64_LSR, A64_ASR, A64_ROR } a64_shift;

/* Extend types of extended-register operands and register offsets;
 * A64_UXTX is what the assembler writes as LSL in those places. */
typedef enum a64_extend {
  A64_UXTB, A64_UXTH, A64_UXTW, A64_UXTX, A64_SXTB, A64_SXTH, A64_SXTW, A64_SXTX
} a64_extend;

/* Vector arrangements, numbered size << 1 | Q as the encodings use them. */
typedef enum a64_arrangement {
  A64_8B, A64_16B, A64_4H, A64_8H, A64_2S, A64_4S, A64_1D, A64_2D
} a64_arrangement;

/* Whether reg is a general register valid in a field where number 31 means
 * the stack pointer (stack_pointer_field) or the zero register (otherwise). */
bool a64_operand_general(a64_reg reg, bool stack_pointer_field);

/* Whether reg is a SIMD&FP register. */
bool a64_operand_vector(a64_reg reg);

/* Whether the general registers a and b have the same width. */
bool a64_operand_same_width(a64_reg a, a64_reg b);

static inline bool a64_operand_is_64(a64_reg reg) {
  return (reg & A64_REG_64_FLAG) != 0;
}

/* 64 or 32: the operation width that a general register selects. */
static inline unsigned a64_operand_width(a64_reg reg) {
  return a64_operand_is_64(reg) ? 64u : 32u;
}

/* The zero register of the same width as reg. */
static inline a64_reg a64_operand_zero_like(a64_reg reg) {
  return (a64_reg)((reg & A64_REG_64_FLAG) | 31u);
}

/* Whether a valid arrangement is given (vector operations then reject the
 * ones they do not support). */
static inline bool a64_operand_arrangement(a64_arrangement arrangement) {
  return (unsigned)arrangement <= (unsigned)A64_2D;
}

/* Element size in bits (8, 16, 32, 64) and lane count of an arrangement. */
static inline unsigned a64_arrangement_element_bits(a64_arrangement arrangement) {
  return 8u << ((unsigned)arrangement >> 1);
}

static inline unsigned a64_arrangement_lanes(a64_arrangement arrangement) {
  unsigned total_bits = ((unsigned)arrangement & 1u) ? 128u : 64u;
  return total_bits / a64_arrangement_element_bits(arrangement);
}

#endif
