/* a64_neon: the Advanced SIMD instructions that byte scanning needs
 * (memchr-style search, byte-class lookup, "movemask" by narrowing).
 * Vector registers are A64_V(n); each operation accepts only the
 * arrangements A64 defines for it, anything else records
 * JRX_ERROR_INTERNAL. */
#ifndef JRX_A64_NEON_H
#define JRX_A64_NEON_H

#include <stdint.h>

#include "a64_buffer.h"
#include "a64_operand.h"

/* LD1 {vt..vt+count-1}, [rn] (count 1..4, registers wrap after v31); the
 * _post form then adds the bytes loaded to rn. rn is an X register or SP. */
void a64_ld1(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vt, unsigned count,
             a64_reg rn);
void a64_ld1_post(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vt, unsigned count,
                  a64_reg rn);

/* Every element of vd = rn (W for B/H/S elements, X for 2D); not 1D. */
void a64_dup_general(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg rn);

/* rd = element index of vn, zero-extended. The arrangement names the
 * element size as a full register (16B, 8H, 4S or 2D); rd is X for 2D and
 * W otherwise. */
void a64_umov(a64_buffer *buffer, a64_arrangement arrangement, a64_reg rd, a64_reg vn,
              unsigned index);

/* rd = the low 32 (rd a W register) or 64 (X) bits of vn. */
void a64_fmov_to_general(a64_buffer *buffer, a64_reg rd, a64_reg vn);

/* Lane-wise compares giving all ones or zero: equal, unsigned >=,
 * unsigned >. Any arrangement but 1D. */
void a64_cmeq(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              a64_reg vm);
void a64_cmhs(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              a64_reg vm);
void a64_cmhi(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              a64_reg vm);

/* Bitwise operations; 8B or 16B. BIC is vn AND NOT vm. */
void a64_and_vector(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
                    a64_reg vm);
void a64_bic_vector(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
                    a64_reg vm);
void a64_orr_vector(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
                    a64_reg vm);
void a64_eor_vector(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
                    a64_reg vm);

/* Unsigned maximum / minimum across all lanes into the lowest element of
 * vd; 8B, 16B, 4H, 8H or 4S. */
void a64_umaxv(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn);
void a64_uminv(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn);

/* Pairwise add of the lanes of vn:vm; any arrangement but 1D. */
void a64_addp(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              a64_reg vm);

/* Shift each double-width lane of vn right by shift (1..element bits of
 * the result) and narrow into vd; arrangement is the result's: 8B (from
 * 8H), 4H (from 4S) or 2S (from 2D). shrn vd.8b, vn.8h, #4 turns a 16-byte
 * compare mask into a 64-bit nibble mask. */
void a64_shrn(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              unsigned shift);

/* Unsigned shift right of each lane by 1..element bits; not 1D. */
void a64_ushr(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
              unsigned shift);

/* Each byte of vd = byte vm[i] of the table vn..vn+count-1 (count 1..4,
 * registers wrap after v31), or 0 when the index is beyond it; 8B or 16B. */
void a64_tbl(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, a64_reg vn,
             unsigned count, a64_reg vm);

/* vd = value in every lane: for 8B and 16B a byte (value <= 0xff); for
 * 2D a 64-bit value whose bytes are each 0x00 or 0xff. */
void a64_movi(a64_buffer *buffer, a64_arrangement arrangement, a64_reg vd, uint64_t value);

#endif
