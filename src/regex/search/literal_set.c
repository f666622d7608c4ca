/* literal_set: the growable arrays behind a set of literals. */
#include "literal_set.h"

#include "regex/byte_frequency.h"
#include "regex/memory.h"

void literal_set_init(literal_set *set, const jrx_allocator *allocator) {
  *set = (literal_set){.allocator = allocator};
}

void literal_set_release(literal_set *set) {
  memory_free(set->allocator, set->literals);
  memory_free(set->allocator, set->bytes);
  memory_free(set->allocator, set->folds);
  literal_set_init(set, set->allocator);
}

/* Bytes past the last literal, so that word-at-a-time reads of any
 * literal stay inside the arrays: see literal_matches_at. */
#define PADDING 8u

int literal_set_add(literal_set *set, const unsigned char *bytes, const unsigned char *folds,
                    uint32_t length) {
  size_t needed = set->byte_count + length + PADDING;
  if (needed > set->byte_capacity) {
    size_t capacity = set->byte_capacity;
    if (!memory_grow_array(set->allocator, (void **)&set->bytes, &capacity, needed, 1, 64)) {
      return JRX_ERROR_NOMEMORY;
    }
    capacity = set->byte_capacity;
    if (!memory_grow_array(set->allocator, (void **)&set->folds, &capacity, needed, 1, 64)) {
      return JRX_ERROR_NOMEMORY;
    }
    set->byte_capacity = capacity;
  }
  if (!memory_grow_array(set->allocator, (void **)&set->literals, &set->literal_capacity,
                         (size_t)set->count + 1, sizeof *set->literals, 8)) {
    return JRX_ERROR_NOMEMORY;
  }
  memcpy(set->bytes + set->byte_count, bytes, length);
  if (folds != NULL) {
    memcpy(set->folds + set->byte_count, folds, length);
  } else {
    memset(set->folds + set->byte_count, 0, length);
  }
  for (uint32_t i = 0; i < length; i++) {
    set->any_fold = set->any_fold || set->folds[set->byte_count + i] != 0;
  }
  memset(set->bytes + set->byte_count + length, 0, PADDING);
  memset(set->folds + set->byte_count + length, 0, PADDING);
  set->literals[set->count++] = (literal_span){set->byte_count, length};
  set->byte_count += length;
  set->shortest = set->count == 1 || length < set->shortest ? length : set->shortest;
  set->longest = length > set->longest ? length : set->longest;
  return 0;
}

unsigned literal_byte_frequency(const unsigned char *bytes, const unsigned char *folds, size_t i) {
  if (folds[i] != 0) {
    return byte_frequency[bytes[i]] + byte_frequency[bytes[i] ^ LITERAL_FOLD];
  }
  if (i > 0 && folds[i - 1] == 0) {
    return byte_frequency_after(bytes[i - 1], bytes[i]);
  }
  return byte_frequency[bytes[i]];
}

double literal_set_expected_rate(const literal_set *set, uint32_t index) {
  const unsigned char *bytes = literal_set_bytes(set, index);
  const unsigned char *folds = literal_set_folds(set, index);
  double rate = BYTE_FREQUENCY_SCALE;
  for (uint32_t i = 0; i < set->literals[index].length && rate > 1e-9; i++) {
    rate *= (double)literal_byte_frequency(bytes, folds, i) / BYTE_FREQUENCY_SCALE;
  }
  return rate > 1e-9 ? rate : 1e-9;
}
