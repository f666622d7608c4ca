/* simd_neon: the kernels' vector operations on 16-byte NEON registers,
 * for arm64 builds (the portable engine's kernels; the JIT emits its
 * own). NEON has no byte movemask: SHRN narrows a compare result to four
 * bits a lane, of which one is kept. */
#ifndef JRX_SEARCH_SIMD_NEON_H
#define JRX_SEARCH_SIMD_NEON_H

#include <arm_neon.h>
#include <stdint.h>

typedef uint8x16_t simd_vector;

#define SIMD_BYTES 16u
/* simd_lane_mask sets bit 4 * lane + 3: lane = trailing zeros >> 2. */
#define SIMD_LANE_SHIFT 2u

static inline simd_vector simd_load(const unsigned char *at) {
  return vld1q_u8(at);
}

static inline simd_vector simd_splat(unsigned char byte) {
  return vdupq_n_u8(byte);
}

static inline simd_vector simd_equal(simd_vector a, simd_vector b) {
  return vceqq_u8(a, b);
}

static inline simd_vector simd_and(simd_vector a, simd_vector b) {
  return vandq_u8(a, b);
}

static inline simd_vector simd_or(simd_vector a, simd_vector b) {
  return vorrq_u8(a, b);
}

static inline simd_vector simd_xor(simd_vector a, simd_vector b) {
  return veorq_u8(a, b);
}

static inline uint64_t simd_lane_mask(simd_vector v) {
  uint8x8_t narrowed = vshrn_n_u16(vreinterpretq_u16_u8(v), 4);
  return vget_lane_u64(vreinterpret_u64_u8(narrowed), 0) & UINT64_C(0x8888888888888888);
}

static inline uint64_t simd_nonzero_lanes(simd_vector v) {
  return simd_lane_mask(vtstq_u8(v, v));
}

/* Whether any lane is nonzero: the test of a block before its lanes;
 * the two halves ORed, without the narrowing of simd_nonzero_lanes. */
static inline int simd_any_nonzero(simd_vector v) {
  uint64x2_t halves = vreinterpretq_u64_u8(v);
  return (vgetq_lane_u64(halves, 0) | vgetq_lane_u64(halves, 1)) != 0;
}

static inline void simd_store(unsigned char *at, simd_vector v) {
  vst1q_u8(at, v);
}

static inline simd_vector simd_table(const unsigned char table[16]) {
  return vld1q_u8(table);
}

static inline simd_vector simd_lookup(simd_vector table, simd_vector indexes) {
  return vqtbl1q_u8(table, indexes);
}

static inline simd_vector simd_low_nibbles(simd_vector v) {
  return vandq_u8(v, vdupq_n_u8(0x0f));
}

static inline simd_vector simd_high_nibbles(simd_vector v) {
  return vshrq_n_u8(v, 4);
}

/* The vector of the last n bytes of previous followed by the first
 * 16 - n of current: each lane sees the byte n before it. */
#define simd_previous(current, previous, n) vextq_u8((previous), (current), 16 - (n))

static inline simd_vector simd_zero(void) {
  return vdupq_n_u8(0);
}

static inline simd_vector simd_subtract_saturated(simd_vector a, simd_vector b) {
  return vqsubq_u8(a, b);
}

static inline int simd_is_zero(simd_vector v) {
  return vmaxvq_u8(v) == 0;
}

static inline int simd_is_ascii(simd_vector v) {
  return vmaxvq_u8(v) < 0x80u;
}

static inline simd_vector simd_max(simd_vector a, simd_vector b) {
  return vmaxq_u8(a, b);
}

static inline simd_vector simd_min(simd_vector a, simd_vector b) {
  return vminq_u8(a, b);
}

/* The largest lane. */
static inline unsigned simd_largest_lane(simd_vector v) {
  return vmaxvq_u8(v);
}

/* Whether every lane is below limit: the largest lane is (one UMAXV,
 * shared by the calls on one vector). */
static inline int simd_all_below(simd_vector v, unsigned char limit) {
  return vmaxvq_u8(v) < limit;
}

/* 0xff in each lane where a > b as unsigned bytes, else 0. */
static inline simd_vector simd_greater(simd_vector a, simd_vector b) {
  return vcgtq_u8(a, b);
}

/* A 64-byte table in four registers (TBL with four table registers, one
 * instruction): the level defines SIMD_TABLE64. */
#define SIMD_TABLE64 1
typedef uint8x16x4_t simd_table64_vectors;

static inline simd_table64_vectors simd_table64(const unsigned char table[64]) {
  return vld1q_u8_x4(table);
}

/* table[index] in each lane whose index is below 64, else the lane of
 * otherwise (TBX, one instruction; TBL would give 0 there). */
static inline simd_vector simd_lookup64_or(simd_table64_vectors table, simd_vector indexes,
                                           simd_vector otherwise) {
  return vqtbx4q_u8(otherwise, table, indexes);
}

/* Four vectors from 64 bytes (LD1 of four registers, one instruction;
 * qemu reads it eight bytes at a time, where it reads LD4's
 * de-interleaving loads a byte at a time). Levels with SIMD_TABLE64
 * provide it too. */
typedef uint8x16x4_t simd_vectors4;

static inline simd_vectors4 simd_load4(const unsigned char *at) {
  return vld1q_u8_x4(at);
}

/* simd_load4 at *at, which moves on by 64: one post-indexed LD1 (the
 * empty asm keeps the compiler from deriving the pointers of a loop from
 * one counter, which costs a move or an add per load). */
static inline simd_vectors4 simd_load4_next(const unsigned char **at) {
  simd_vectors4 vectors = vld1q_u8_x4(*at);
  *at += 64;
  __asm__("" : "+r"(*at));
  return vectors;
}

/* acc plus |a - b| in each lane, a and b signed bytes (SABA, one
 * instruction): the sum wraps only past 255. */
static inline simd_vector simd_add_signed_distance(simd_vector acc, simd_vector a,
                                                   simd_vector b) {
  return vreinterpretq_u8_s8(vabaq_s8(vreinterpretq_s8_u8(acc), vreinterpretq_s8_u8(a),
                                      vreinterpretq_s8_u8(b)));
}

static inline simd_vector simd_add(simd_vector a, simd_vector b) {
  return vaddq_u8(a, b);
}

/* 0xff in each lane where a < b as signed bytes, else 0. */
static inline simd_vector simd_signed_less(simd_vector a, simd_vector b) {
  return vcltq_s8(vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(b));
}

#endif
