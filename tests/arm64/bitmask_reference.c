/* bitmask_reference: follows the architecture manual step by step: the
 * element size is given by the highest set bit of N:NOT(imms), S and R are
 * imms and immr within it, the element is S+1 ones rotated right by R. */
#include "bitmask_reference.h"

#include <stdlib.h>

static int highest_set_bit(uint32_t value) {
  int bit = -1;
  for (int i = 0; i < 32; i++) {
    if (value & (1u << i)) {
      bit = i;
    }
  }
  return bit;
}

bool bitmask_reference_decode(uint32_t n_immr_imms, unsigned width, uint64_t *value) {
  uint32_t n = (n_immr_imms >> 12) & 1u;
  uint32_t immr = (n_immr_imms >> 6) & 0x3fu;
  uint32_t imms = n_immr_imms & 0x3fu;
  if (width == 32 && n == 1) {
    return false;
  }
  int length = highest_set_bit((n << 6) | (~imms & 0x3fu));
  if (length < 1) {
    return false;
  }
  uint32_t levels = (1u << length) - 1;
  if ((imms & levels) == levels) {
    return false;
  }
  unsigned element_size = 1u << length;
  unsigned ones = (imms & levels) + 1;
  unsigned rotation = immr & levels;
  uint64_t element = 0;
  for (unsigned bit = 0; bit < ones; bit++) {
    element |= (uint64_t)1 << bit;
  }
  uint64_t rotated = 0;
  for (unsigned bit = 0; bit < element_size; bit++) {
    if (element & ((uint64_t)1 << bit)) {
      rotated |= (uint64_t)1 << ((bit + element_size - rotation) % element_size);
    }
  }
  uint64_t replicated = 0;
  for (unsigned base = 0; base < width; base += element_size) {
    replicated |= rotated << base;
  }
  *value = replicated;
  return true;
}

static int compare_values(const void *a, const void *b) {
  uint64_t left = *(const uint64_t *)a;
  uint64_t right = *(const uint64_t *)b;
  return left < right ? -1 : left > right;
}

size_t bitmask_reference_values(unsigned width, uint64_t values[BITMASK_REFERENCE_ENCODINGS]) {
  size_t count = 0;
  for (uint32_t encoding = 0; encoding < BITMASK_REFERENCE_ENCODINGS; encoding++) {
    if (bitmask_reference_decode(encoding, width, &values[count])) {
      count++;
    }
  }
  qsort(values, count, sizeof(uint64_t), compare_values);
  size_t distinct = 0;
  for (size_t i = 0; i < count; i++) {
    if (distinct == 0 || values[distinct - 1] != values[i]) {
      values[distinct++] = values[i];
    }
  }
  return distinct;
}

bool bitmask_reference_contains(const uint64_t *values, size_t count, uint64_t value) {
  return bsearch(&value, values, count, sizeof(uint64_t), compare_values) != NULL;
}
