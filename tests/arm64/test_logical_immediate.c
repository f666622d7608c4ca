/* Logical-immediate encoder against the reference decoder: every one of
 * the 2^13 encodings is decoded for both widths, the encoder must give
 * back the canonical encoding of each value, and values outside that set
 * (neighbours of members, random ones, 0, all ones) must be rejected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "bitmask_reference.h"
#include "regex/arm64/a64_logical_immediate.h"
#include "test_random.h"

#define RANDOM_CANDIDATES 200000u

/* The element size of a valid encoding: 2^(highest set bit of
 * N:NOT(imms)), the size within which the decoder reduces immr. */
static unsigned encoding_element_size(uint32_t n_immr_imms) {
  uint32_t combined = (((n_immr_imms >> 12) & 1u) << 6) | (~n_immr_imms & 0x3fu);
  unsigned size = 1;
  while (combined > 1) {
    combined >>= 1;
    size <<= 1;
  }
  return size;
}

/* Checks encode on a value whose membership in the set is known. */
static void check_candidate(const uint64_t *values, size_t count, uint64_t value, unsigned width) {
  uint32_t fields = 0;
  bool encodable = a64_logical_immediate_encode(value, width, &fields);
  bool member = (width == 64 || value <= UINT32_MAX) &&
                bitmask_reference_contains(values, count, value);
  assert_int_equal(encodable, member);
  if (encodable) {
    uint64_t decoded = 0;
    assert_true(bitmask_reference_decode(fields, width, &decoded));
    assert_true(decoded == value);
  }
}

static void round_trip_and_rejection(unsigned width) {
  /* Every valid encoding's value encodes back to that encoding, with immr
   * reduced to the element size as the decoder reads it. */
  for (uint32_t encoding = 0; encoding < BITMASK_REFERENCE_ENCODINGS; encoding++) {
    uint64_t value = 0;
    if (!bitmask_reference_decode(encoding, width, &value)) {
      continue;
    }
    uint32_t immr = (encoding >> 6) & 0x3fu;
    uint32_t canonical =
        (encoding & ~(0x3fu << 6)) | ((immr % encoding_element_size(encoding)) << 6);
    uint32_t fields = 0;
    assert_true(a64_logical_immediate_encode(value, width, &fields));
    assert_int_equal(fields, canonical);
  }

  uint64_t *values = calloc(BITMASK_REFERENCE_ENCODINGS, sizeof(uint64_t));
  assert_non_null(values);
  size_t count = bitmask_reference_values(width, values);
  /* Each element size e that fits gives e rotations of e - 1 run lengths,
   * all distinct values. */
  size_t expected = 0;
  for (unsigned element_size = 2; element_size <= width; element_size *= 2) {
    expected += (size_t)element_size * (element_size - 1);
  }
  assert_int_equal(count, expected);

  uint64_t all_ones = width == 64 ? UINT64_MAX : UINT32_MAX;
  check_candidate(values, count, 0, width);
  check_candidate(values, count, all_ones, width);
  for (size_t i = 0; i < count; i++) {
    for (unsigned bit = 0; bit < 64; bit++) {
      check_candidate(values, count, values[i] ^ ((uint64_t)1 << bit), width);
    }
  }
  uint64_t state = 0x9e3779b97f4a7c15u;
  for (unsigned i = 0; i < RANDOM_CANDIDATES; i++) {
    uint64_t value = test_random_next(&state);
    check_candidate(values, count, value & all_ones, width);
    check_candidate(values, count, value, width);
  }
  free(values);
}

static void every_32_bit_encoding_round_trips(void **state) {
  (void)state;
  round_trip_and_rejection(32);
}

static void every_64_bit_encoding_round_trips(void **state) {
  (void)state;
  round_trip_and_rejection(64);
}

static void other_widths_are_rejected(void **state) {
  (void)state;
  uint32_t fields = 0;
  assert_false(a64_logical_immediate_encode(0xff, 16, &fields));
  assert_false(a64_logical_immediate_encode(0xff, 0, &fields));
  assert_true(a64_logical_immediate_encode(0xff, 32, &fields));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_32_bit_encoding_round_trips),
    cmocka_unit_test(every_64_bit_encoding_round_trips),
    cmocka_unit_test(other_widths_are_rejected),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
