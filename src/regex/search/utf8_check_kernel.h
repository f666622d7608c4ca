/* utf8_check_kernel: the lookup algorithm written once over the simd_*
 * operations; utf8_check_<level>.c defines UTF8_CHECK_KERNEL and
 * includes it. Each lane is classified by its byte's high nibble and the
 * previous byte's two nibbles into error bits that cancel only for a
 * valid pair; the third and fourth bytes of a sequence are then required
 * where the lead two and three back says so. The text is read in whole
 * vectors; its last partial vector is copied into a zeroed one, so
 * nothing past the text is read. */
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

typedef struct utf8_state {
  simd_vector first_high;
  simd_vector first_low;
  simd_vector second_high;
  simd_vector previous;
  simd_vector incomplete; /* lanes of the previous vector starting a sequence it cuts off */
  simd_vector error;
  simd_vector last_lead_limits; /* the most each of the last three lanes may be */
} utf8_state;

static inline void check_vector(utf8_state *state, simd_vector input) {
  if (simd_is_ascii(input)) {
    state->error = simd_or(state->error, state->incomplete);
  } else {
    simd_vector previous1 = simd_previous(input, state->previous, 1);
    simd_vector special =
        simd_and(simd_and(simd_lookup(state->first_high, simd_high_nibbles(previous1)),
                          simd_lookup(state->first_low, simd_low_nibbles(previous1))),
                 simd_lookup(state->second_high, simd_high_nibbles(input)));
    simd_vector previous2 = simd_previous(input, state->previous, 2);
    simd_vector previous3 = simd_previous(input, state->previous, 3);
    /* Only 111_____ two back and 1111____ three back stay >= 0x80. */
    simd_vector must_continue =
        simd_or(simd_subtract_saturated(previous2, simd_splat(0xe0u - 0x80u)),
                simd_subtract_saturated(previous3, simd_splat(0xf0u - 0x80u)));
    simd_vector must_continue_80 = simd_and(must_continue, simd_splat(0x80u));
    /* A continuation byte where one must be clears the 0x80 bit
     * (TWO_CONTINUATIONS) the lookups set for it; anything left is an
     * error. */
    state->error = simd_or(state->error, simd_xor(special, must_continue_80));
    state->incomplete = simd_subtract_saturated(input, state->last_lead_limits);
  }
  state->previous = input;
}

bool UTF8_CHECK_KERNEL(const unsigned char *text, size_t length) {
  unsigned char limits[SIMD_BYTES];
  memset(limits, 0xff, sizeof limits);
  limits[SIMD_BYTES - 3] = 0xf0u - 1;
  limits[SIMD_BYTES - 2] = 0xe0u - 1;
  limits[SIMD_BYTES - 1] = 0xc0u - 1;
  utf8_state state = {.first_high = simd_table(first_high),
                      .first_low = simd_table(first_low),
                      .second_high = simd_table(second_high),
                      .previous = simd_zero(),
                      .incomplete = simd_zero(),
                      .error = simd_zero(),
                      .last_lead_limits = simd_load(limits)};
  size_t offset = 0;
  for (; offset + SIMD_BYTES <= length; offset += SIMD_BYTES) {
    check_vector(&state, simd_load(text + offset));
  }
  if (offset < length) {
    unsigned char tail[SIMD_BYTES];
    memset(tail, 0, sizeof tail);
    memcpy(tail, text + offset, length - offset);
    check_vector(&state, simd_load(tail));
  }
  state.error = simd_or(state.error, state.incomplete);
  return simd_is_zero(state.error);
}
