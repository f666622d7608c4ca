/* a64_logical_immediate: finds the smallest repeating element of the value
 * and the rotation that turns a run of ones into it; the element size,
 * run length and rotation then are exactly N:imms and immr. */
#include "a64_logical_immediate.h"

static uint64_t low_ones(unsigned count) {
  return count >= 64 ? UINT64_MAX : ((uint64_t)1 << count) - 1;
}

static uint64_t rotate_right(uint64_t element, unsigned amount, unsigned element_bits) {
  if (amount == 0) {
    return element;
  }
  uint64_t mask = low_ones(element_bits);
  return ((element >> amount) | (element << (element_bits - amount))) & mask;
}

static unsigned count_ones(uint64_t value) {
  unsigned count = 0;
  for (; value != 0; value &= value - 1) {
    count++;
  }
  return count;
}

bool a64_logical_immediate_encode(uint64_t value, unsigned width, uint32_t *n_immr_imms) {
  if (width == 32) {
    if (value > UINT32_MAX) {
      return false;
    }
    /* A 32-bit operation sees the 32-bit pattern; repeating it to 64 bits
     * lets one search serve both widths (it then never needs N = 1). */
    value |= value << 32;
  } else if (width != 64) {
    return false;
  }
  if (value == 0 || value == UINT64_MAX) {
    return false;
  }
  unsigned element_bits = 64;
  while (element_bits > 2) {
    unsigned half = element_bits / 2;
    uint64_t half_mask = low_ones(half);
    if ((value & half_mask) != ((value >> half) & half_mask)) {
      break;
    }
    element_bits = half;
  }
  uint64_t element = value & low_ones(element_bits);
  unsigned ones = count_ones(element);
  uint64_t run = low_ones(ones);
  for (unsigned rotation = 0; rotation < element_bits; rotation++) {
    if (rotate_right(run, rotation, element_bits) == element) {
      /* imms: element size as leading ones above a zero, then ones - 1. */
      uint32_t size_marker = (~(uint32_t)(element_bits - 1) << 1) & 0x3fu;
      uint32_t n = element_bits == 64 ? 1u : 0u;
      *n_immr_imms = (n << 12) | (rotation << 6) | size_marker | (ones - 1);
      return true;
    }
  }
  return false;
}
