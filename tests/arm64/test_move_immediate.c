/* a64_mov_imm, checked by meaning: a small evaluator runs the emitted
 * MOVZ/MOVN/MOVK/ORR words and must arrive at the constant, in one word
 * whenever one instruction can hold it and otherwise in no more words than
 * the halfwords that differ from the better background (0 or 0xffff). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "bitmask_reference.h"
#include "test_random.h"
#include "regex/arm64/a64.h"
#include "regex/memory.h"

#define MOVE_WIDE_MASK 0x7f800000u
#define MOVN_CLASS 0x12800000u
#define MOVZ_CLASS 0x52800000u
#define MOVK_CLASS 0x72800000u
#define ORR_IMMEDIATE_MASK 0x7f800000u
#define ORR_IMMEDIATE_CLASS 0x32000000u
#define RANDOM_VALUES 100000u

typedef struct bitmask_values {
  uint64_t values[BITMASK_REFERENCE_ENCODINGS];
  size_t count;
} bitmask_values;

static unsigned halfwords_not(uint64_t value, unsigned width, uint64_t background) {
  unsigned count = 0;
  for (unsigned shift = 0; shift < width; shift += 16) {
    count += ((value >> shift) & 0xffffu) != background;
  }
  return count;
}

/* Runs the words on a register that starts as garbage; returns false on
 * a word that is not one of the four expected forms for rd. */
static bool evaluate(const uint32_t *words, size_t count, unsigned rd, unsigned width,
                     uint64_t *result) {
  uint64_t value = 0xdeadbeefdeadbeefu;
  uint64_t width_mask = width == 64 ? UINT64_MAX : UINT32_MAX;
  uint32_t sf = width == 64 ? 0x80000000u : 0;
  for (size_t i = 0; i < count; i++) {
    uint32_t word = words[i];
    if ((word & 0x80000000u) != sf || (word & 0x1fu) != rd) {
      return false;
    }
    unsigned shift = ((word >> 21) & 3u) * 16;
    uint64_t imm16 = (word >> 5) & 0xffffu;
    if ((word & MOVE_WIDE_MASK) == MOVZ_CLASS) {
      value = imm16 << shift;
    } else if ((word & MOVE_WIDE_MASK) == MOVN_CLASS) {
      value = ~(imm16 << shift);
    } else if ((word & MOVE_WIDE_MASK) == MOVK_CLASS && i > 0) {
      value = (value & ~((uint64_t)0xffff << shift)) | (imm16 << shift);
    } else if ((word & ORR_IMMEDIATE_MASK) == ORR_IMMEDIATE_CLASS && ((word >> 5) & 0x1fu) == 31) {
      if (!bitmask_reference_decode((word >> 10) & 0x1fffu, width, &value)) {
        return false;
      }
    } else {
      return false;
    }
    value &= width_mask;
  }
  *result = value;
  return true;
}

static void check_value(const bitmask_values *bitmasks, unsigned width, uint64_t value) {
  a64_reg rd = width == 64 ? A64_X(7) : A64_W(7);
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_mov_imm(&buffer, rd, value);
  assert_int_equal(a64_buffer_finish(&buffer), 0);
  size_t count = 0;
  const uint32_t *words = a64_buffer_words(&buffer, &count);
  uint64_t result = 0;
  assert_true(evaluate(words, count, 7, width, &result));
  assert_true(result == value);
  unsigned not_zero = halfwords_not(value, width, 0);
  unsigned not_ones = halfwords_not(value, width, 0xffff);
  bool single = not_zero <= 1 || not_ones <= 1 ||
                bitmask_reference_contains(bitmasks->values, bitmasks->count, value);
  unsigned bound = not_zero < not_ones ? not_zero : not_ones;
  if (single) {
    assert_int_equal(count, 1);
  } else {
    assert_true(count >= 2 && count <= bound);
  }
  a64_buffer_release(&buffer);
}

/* Halfwords drawn from 0, 0xffff and random ones, so that both
 * backgrounds and every mix of them occur often. */
static uint64_t mixed_value(uint64_t *state, unsigned width) {
  uint64_t value = 0;
  for (unsigned shift = 0; shift < width; shift += 16) {
    uint64_t choice = test_random_next(state) % 3;
    uint64_t part = choice == 0 ? 0 : choice == 1 ? 0xffff : test_random_next(state) & 0xffff;
    value |= part << shift;
  }
  return value;
}

static void constants_of_width(unsigned width) {
  bitmask_values *bitmasks = calloc(1, sizeof(*bitmasks));
  assert_non_null(bitmasks);
  bitmasks->count = bitmask_reference_values(width, bitmasks->values);
  uint64_t width_mask = width == 64 ? UINT64_MAX : UINT32_MAX;
  for (size_t i = 0; i < bitmasks->count; i++) {
    check_value(bitmasks, width, bitmasks->values[i]);
  }
  for (unsigned shift = 0; shift < width; shift += 16) {
    for (uint64_t part = 0; part <= 0xffff; part += 0x101) {
      check_value(bitmasks, width, part << shift);
      check_value(bitmasks, width, ~(part << shift) & width_mask);
    }
  }
  uint64_t state = 0x2545f4914f6cdd1du;
  for (unsigned i = 0; i < RANDOM_VALUES; i++) {
    check_value(bitmasks, width, mixed_value(&state, width));
    check_value(bitmasks, width, test_random_next(&state) & width_mask);
  }
  free(bitmasks);
}

static void w_constants_are_loaded_exactly(void **state) {
  (void)state;
  constants_of_width(32);
}

static void x_constants_are_loaded_exactly(void **state) {
  (void)state;
  constants_of_width(64);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(w_constants_are_loaded_exactly),
    cmocka_unit_test(x_constants_are_loaded_exactly),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
