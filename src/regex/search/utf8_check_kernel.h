/* utf8_check_kernel: the check written once over the simd_* operations;
 * utf8_check_<level>.c defines UTF8_CHECK_KERNEL and includes it. The
 * text goes in blocks (BLOCK_BYTES), each checked by the cheapest of four
 * ways its bytes and the vector before it allow (the largest byte says):
 *  - all ASCII: nothing to check;
 *  - no byte from E0 (ASCII and two-byte characters: Latin, Greek,
 *    Cyrillic, Hebrew, Arabic, ...): a byte must be a continuation
 *    (10______) exactly when the byte before it is a lead (11______), and
 *    no lead may be C0 or C1;
 *  - no byte from F0 (CJK, most other scripts): the same with three-byte
 *    leads (1110____) requiring a continuation two on, unless the block
 *    or the one before it holds E0 or ED, whose second byte has a
 *    narrower range;
 *  - otherwise Keiser and Lemire's lookup algorithm: each lane is
 *    classified by its byte's high nibble and the previous byte's two
 *    nibbles into error bits that cancel only for a valid pair; the third
 *    and fourth bytes of a sequence are then required where the lead two
 *    and three back says so.
 * The first three use compares alone, several times cheaper than the
 * table lookups (TBL, PSHUFB) of the last, and under qemu much more so.
 * A level without byte shuffles (SSE2) defines UTF8_CHECK_WITHOUT_LOOKUPS:
 * its kernel gives up (false) at the first block that needs them.
 * A sequence cut off by the end of a vector is checked by the next
 * vector, which sees the bytes before it, or by the last lanes' limits
 * at the end. The text's last partial block is copied into a zeroed one,
 * so nothing past the text is read. */
#include <stdint.h>
#include <string.h>

#include "utf8_check.h"

enum {
  TOO_SHORT = 1u << 0,      /* 11______ then 0_______ or 11______ */
  TOO_LONG = 1u << 1,       /* 0_______ then 10______ */
  OVERLONG_3 = 1u << 2,     /* 11100000 100_____ */
  TOO_LARGE = 1u << 3,      /* 11110100 1001____, 11110100 101_____, 11110101+ ... */
  SURROGATE = 1u << 4,      /* 11101101 101_____ */
  OVERLONG_2 = 1u << 5,     /* 1100000_ 10______ */
  TOO_LARGE_1000 = 1u << 6, /* 11110101+ 1000____ */
  OVERLONG_4 = 1u << 6,     /* 11110000 1000____ */
  TWO_CONTINUATIONS = 1u << 7,
  CARRY = TOO_SHORT | TOO_LONG | TWO_CONTINUATIONS
};

#ifndef UTF8_CHECK_WITHOUT_LOOKUPS
static const unsigned char first_high[16] = {
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
    TWO_CONTINUATIONS, TWO_CONTINUATIONS, TWO_CONTINUATIONS, TWO_CONTINUATIONS,
    TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4};

static const unsigned char first_low[16] = {
    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
    CARRY | OVERLONG_2,
    CARRY,
    CARRY,
    CARRY | TOO_LARGE,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000};

static const unsigned char second_high[16] = {
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
    TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
    TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE,
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT};
#endif

/* Eight 16-byte vectors a block; two 32-byte ones (AVX2 has 16
 * registers, and eight of its vectors would not stay in them). */
#define BLOCK_VECTORS (SIMD_BYTES == 16u ? 8u : 2u)
#define BLOCK_BYTES (BLOCK_VECTORS * SIMD_BYTES)

typedef struct utf8_state {
#ifndef UTF8_CHECK_WITHOUT_LOOKUPS
  simd_vector first_high;
  simd_vector first_low;
  simd_vector second_high;
#endif
  simd_vector previous; /* the vector before the block (zero before the text) */
  simd_vector error;    /* any bit set is an error (the lookup algorithm's) */
  /* Bit 7 set in a lane where a continuation byte is missing or extra
   * (the compare checks; the lower bits mean nothing). */
  simd_vector sequence_error;
  /* The least byte ^ 0xC0 of the compare checks' blocks: below 2 where
   * there was a C0 or C1 (a two-byte lead of an overlong form). */
  simd_vector lead_least;
  /* The last block holds E0 or ED, or (as far as is known) F0 and up:
   * the next may only use the lookups. */
  bool narrow;
} utf8_state;

#ifndef UTF8_CHECK_WITHOUT_LOOKUPS
/* The lookup algorithm on one vector of a block. */
static inline __attribute__((always_inline)) void look_up_vector(utf8_state *state,
                                                                simd_vector previous,
                                                                simd_vector input) {
  simd_vector previous1 = simd_previous(input, previous, 1);
  simd_vector special =
      simd_and(simd_and(simd_lookup(state->first_high, simd_high_nibbles(previous1)),
                        simd_lookup(state->first_low, simd_low_nibbles(previous1))),
               simd_lookup(state->second_high, simd_high_nibbles(input)));
  simd_vector previous2 = simd_previous(input, previous, 2);
  simd_vector previous3 = simd_previous(input, previous, 3);
  /* Only 111_____ two back and 1111____ three back stay >= 0x80. */
  simd_vector must_continue =
      simd_or(simd_subtract_saturated(previous2, simd_splat(0xe0u - 0x80u)),
              simd_subtract_saturated(previous3, simd_splat(0xf0u - 0x80u)));
  simd_vector must_continue_80 = simd_and(must_continue, simd_splat(0x80u));
  /* A continuation byte where one must be clears the 0x80 bit
   * (TWO_CONTINUATIONS) the lookups set for it; anything left is an
   * error. */
  state->error = simd_or(state->error, simd_xor(special, must_continue_80));
}
#endif

/* 0xff in each lane holding a continuation byte: 0x80-0xBF are the
 * signed bytes below -64 (0xC0). */
static inline __attribute__((always_inline)) simd_vector continuations(simd_vector input) {
  return simd_signed_less(input, simd_splat(0xc0u));
}

/* The compare check of one vector of a block whose bytes, and the
 * previous vector's, are below 0xE0 (three_byte false) or 0xF0: the
 * lanes that must be continuations have bit 7 set in must (a lead just
 * before, 0xC0 and up less 0x40, or a three-byte lead two before, 0xE0
 * and up less 0x60), and continuations are all ones. */
static inline __attribute__((always_inline)) void compare_vector(utf8_state *state,
                                                                simd_vector previous,
                                                                simd_vector input,
                                                                bool three_byte) {
  simd_vector must =
      simd_subtract_saturated(simd_previous(input, previous, 1), simd_splat(0x40u));
  if (three_byte) {
    must = simd_or(must, simd_subtract_saturated(simd_previous(input, previous, 2),
                                                 simd_splat(0x60u)));
  }
  state->sequence_error = simd_or(state->sequence_error, simd_xor(must, continuations(input)));
  state->lead_least = simd_min(state->lead_least, simd_xor(input, simd_splat(0xc0u)));
}

/* Whether the block holds E0 or ED. */
static inline __attribute__((always_inline)) bool narrow_second_bytes(const simd_vector *vectors) {
  simd_vector found = simd_zero();
  _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
    found = simd_or(found, simd_or(simd_equal(vectors[i], simd_splat(0xe0u)),
                                   simd_equal(vectors[i], simd_splat(0xedu))));
  }
  return !simd_is_zero(found);
}

/* Checks a block; false where it needs the lookups and the level has
 * none. */
static inline __attribute__((always_inline)) bool check_block(utf8_state *state,
                                                             const unsigned char *block) {
  simd_vector vectors[BLOCK_VECTORS];
  simd_vector largest = state->previous;
  _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
    vectors[i] = simd_load(block + i * SIMD_BYTES);
    largest = simd_max(largest, vectors[i]);
  }
  simd_vector previous = state->previous;
  state->previous = vectors[BLOCK_VECTORS - 1];
  if (simd_is_ascii(largest)) {
    state->narrow = false;
  } else if (simd_all_below(largest, 0xe0u)) {
    state->narrow = false;
    _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
      compare_vector(state, i == 0 ? previous : vectors[i - 1], vectors[i], false);
    }
  } else {
    /* E0 or ED in the last block leaves its second byte to this one. */
    bool narrow_before = state->narrow;
    state->narrow = !simd_all_below(largest, 0xf0u) || narrow_second_bytes(vectors);
    bool look_up = state->narrow || narrow_before;
#ifdef UTF8_CHECK_WITHOUT_LOOKUPS
    if (look_up) {
      return false;
    }
#endif
    _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
      simd_vector before = i == 0 ? previous : vectors[i - 1];
#ifndef UTF8_CHECK_WITHOUT_LOOKUPS
      if (look_up) {
        look_up_vector(state, before, vectors[i]);
        continue;
      }
#endif
      compare_vector(state, before, vectors[i], true);
    }
  }
  return true;
}

bool UTF8_CHECK_KERNEL(const unsigned char *text, size_t length) {
  utf8_state state = {
#ifndef UTF8_CHECK_WITHOUT_LOOKUPS
                      .first_high = simd_table(first_high),
                      .first_low = simd_table(first_low),
                      .second_high = simd_table(second_high),
#endif
                      .previous = simd_zero(),
                      .error = simd_zero(),
                      .sequence_error = simd_zero(),
                      .lead_least = simd_splat(0xffu),
                      .narrow = false};
  const unsigned char *end = text + length;
  const unsigned char *at = text;
  for (size_t blocks = length / BLOCK_BYTES; blocks > 0; blocks--, at += BLOCK_BYTES) {
    if (!check_block(&state, at)) {
      return false;
    }
  }
  if (at < end) {
    unsigned char tail[BLOCK_BYTES];
    memset(tail, 0, sizeof tail);
    memcpy(tail, at, (size_t)(end - at));
    if (!check_block(&state, tail)) {
      return false;
    }
  }
  /* The last lanes may not start a sequence longer than the lanes left. */
  unsigned char limits[SIMD_BYTES];
  memset(limits, 0xff, sizeof limits);
  limits[SIMD_BYTES - 3] = 0xf0u - 1;
  limits[SIMD_BYTES - 2] = 0xe0u - 1;
  limits[SIMD_BYTES - 1] = 0xc0u - 1;
  simd_vector error = simd_subtract_saturated(state.previous, simd_load(limits));
  error = simd_or(error, state.error);
  error = simd_or(error, simd_and(state.sequence_error, simd_splat(0x80u)));
  /* lead_least below 2: 2 less it is not zero. */
  error = simd_or(error, simd_subtract_saturated(simd_splat(2u), state.lead_least));
  return simd_is_zero(error);
}
