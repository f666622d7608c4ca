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

uint64_t literal_fold_key(const unsigned char *bytes, uint32_t length) {
  const uint64_t multiplier = 0x9e3779b97f4a7c15u;
  uint64_t key = length * multiplier;
  uint32_t i = 0;
  for (; i + 8 <= length; i += 8) {
    uint64_t word;
    memcpy(&word, bytes + i, 8);
    key = (key ^ (word | 0x2020202020202020u)) * multiplier;
    key ^= key >> 29;
  }
  for (; i < length; i++) {
    key = (key ^ (bytes[i] | LITERAL_FOLD)) * multiplier;
    key ^= key >> 29;
  }
  return key;
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

/* How two literals relate, for merging neighbours. */
typedef enum literal_relation {
  RELATION_NONE,
  RELATION_SECOND_IN_FIRST, /* every string the second matches, the first does */
  RELATION_FIRST_IN_SECOND,
  RELATION_CASE_PAIR /* equal but for one byte, exact in both, differing in bit 0x20 */
} literal_relation;

/* Whether byte position i of a literal (bytes, folds) matches every
 * byte position j of another does. */
static bool covers(unsigned char byte, unsigned char fold, unsigned char other_byte,
                   unsigned char other_fold) {
  return byte == other_byte && (fold != 0 || other_fold == 0) ? true
         : fold != 0 && other_fold == 0 ? (other_byte | LITERAL_FOLD) == byte
                                        : false;
}

static literal_relation relation(const literal_set *set, uint32_t a, uint32_t b,
                                 size_t *pair_position) {
  uint32_t length = set->literals[a].length;
  if (set->literals[b].length != length) {
    return RELATION_NONE;
  }
  const unsigned char *bytes_a = literal_set_bytes(set, a);
  const unsigned char *bytes_b = literal_set_bytes(set, b);
  const unsigned char *folds_a = literal_set_folds(set, a);
  const unsigned char *folds_b = literal_set_folds(set, b);
  bool a_covers = true;
  bool b_covers = true;
  size_t differences = 0;
  for (uint32_t i = 0; i < length; i++) {
    a_covers = a_covers && covers(bytes_a[i], folds_a[i], bytes_b[i], folds_b[i]);
    b_covers = b_covers && covers(bytes_b[i], folds_b[i], bytes_a[i], folds_a[i]);
    if (bytes_a[i] != bytes_b[i] || folds_a[i] != folds_b[i]) {
      differences++;
      *pair_position = i;
      if (differences > 1 && !a_covers && !b_covers) {
        return RELATION_NONE; /* the usual answer between two words of a list */
      }
    }
  }
  if (a_covers) {
    return RELATION_SECOND_IN_FIRST;
  }
  if (b_covers) {
    return RELATION_FIRST_IN_SECOND;
  }
  size_t i = *pair_position;
  return differences == 1 && folds_a[i] == 0 && folds_b[i] == 0 &&
                 (bytes_a[i] ^ bytes_b[i]) == LITERAL_FOLD
             ? RELATION_CASE_PAIR
             : RELATION_NONE;
}

/* Whether the two bytes (with their folds) can be the same text byte. */
static bool bytes_meet(unsigned char byte, unsigned char fold, unsigned char other_byte,
                       unsigned char other_fold) {
  return byte == other_byte || (fold != 0 && (other_byte | LITERAL_FOLD) == byte) ||
         (other_fold != 0 && (byte | LITERAL_FOLD) == other_byte);
}

/* Whether literals a and b can never both occur at one position. */
static bool exclusive(const literal_set *set, uint32_t a, uint32_t b) {
  uint32_t length = set->literals[a].length < set->literals[b].length ? set->literals[a].length
                                                                       : set->literals[b].length;
  const unsigned char *bytes_a = literal_set_bytes(set, a);
  const unsigned char *bytes_b = literal_set_bytes(set, b);
  const unsigned char *folds_a = literal_set_folds(set, a);
  const unsigned char *folds_b = literal_set_folds(set, b);
  for (uint32_t i = 0; i < length; i++) {
    if (!bytes_meet(bytes_a[i], folds_a[i], bytes_b[i], folds_b[i])) {
      return true;
    }
  }
  return false;
}

/* Whether literal a begins with literal b, byte for byte covered by it. */
static bool begins_with(const literal_set *set, uint32_t a, uint32_t b) {
  uint32_t length = set->literals[b].length;
  if (set->literals[a].length < length) {
    return false;
  }
  const unsigned char *bytes_a = literal_set_bytes(set, a);
  const unsigned char *bytes_b = literal_set_bytes(set, b);
  const unsigned char *folds_a = literal_set_folds(set, a);
  const unsigned char *folds_b = literal_set_folds(set, b);
  for (uint32_t i = 0; i < length; i++) {
    if (!covers(bytes_b[i], folds_b[i], bytes_a[i], folds_a[i])) {
      return false;
    }
  }
  return true;
}

void literal_set_drop_covered_prefixes(literal_set *set) {
  uint32_t kept = 0;
  uint32_t longest = 0;
  for (uint32_t i = 0; i < set->count; i++) {
    bool covered = false;
    for (uint32_t j = 0; j < set->count && !covered; j++) {
      /* Of two that cover each other (equal), the first stays. */
      covered = j != i && begins_with(set, i, j) && (j < i || !begins_with(set, j, i));
    }
    if (!covered) {
      longest = set->literals[i].length > longest ? set->literals[i].length : longest;
      set->literals[kept++] = set->literals[i];
    }
  }
  set->count = kept;
  set->longest = longest;
}

/* How far back a literal looks for one to merge with. */
#define MERGE_WINDOW 8u

void literal_set_merge_case_pairs(literal_set *set) {
  bool merged = true;
  while (merged && set->count > 1) {
    merged = false;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < set->count; i++) {
      set->literals[kept] = set->literals[i];
      /* A partner listed before it: one covering it always (it could
       * never win), one to merge with only with literals it excludes in
       * between, so that moving it up to the partner's place changes no
       * answer. */
      bool excluded_between = true;
      for (uint32_t back = 1; back <= MERGE_WINDOW && back <= kept; back++) {
        uint32_t partner = kept - back;
        size_t position = 0;
        literal_relation related = relation(set, partner, kept, &position);
        if (related == RELATION_SECOND_IN_FIRST ||
            (related != RELATION_NONE && excluded_between)) {
          if (related == RELATION_FIRST_IN_SECOND) {
            set->literals[partner] = set->literals[kept];
          } else if (related == RELATION_CASE_PAIR) {
            size_t at = set->literals[partner].offset + position;
            set->bytes[at] |= LITERAL_FOLD;
            set->folds[at] = LITERAL_FOLD;
            set->any_fold = true;
          }
          merged = true;
          kept--; /* cancelled by the increment below: the literal is gone */
          break;
        }
        excluded_between = excluded_between && exclusive(set, partner, kept);
      }
      kept++;
    }
    set->count = kept;
  }
}
