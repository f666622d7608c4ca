/* charset: sorted, disjoint, non-adjacent code point ranges. Every change
 * either completes or leaves the set exactly as it was: new storage is
 * prepared first and swapped in only when nothing can fail any more.
 * Invariant: the set owns its ranges (and may free them) exactly when
 * capacity >= count; a set with count > capacity borrows a constant array
 * (charset_add_constant_ranges), never writes it and never frees it. */
#include "charset.h"

#include <string.h>

#include "casefold.h"
#include "jrx.h"
#include "memory.h"
#include "sort.h"

#define ASCII_CASE_DISTANCE 0x20u

void charset_init(charset *set, const jrx_allocator *allocator) {
  set->allocator = allocator;
  set->ranges = NULL;
  set->count = 0;
  set->capacity = 0;
}

static int borrows(const charset *set) {
  return set->count > set->capacity;
}

/* Frees the set's ranges unless it borrows them. */
static void free_ranges(charset *set) {
  if (!borrows(set)) {
    memory_free(set->allocator, set->ranges);
  }
}

void charset_release(charset *set) {
  free_ranges(set);
  charset_init(set, set->allocator);
}

/* Gives a borrowing set ranges of its own, with room for needed. */
static int own_ranges(charset *set, size_t needed) {
  size_t capacity = needed > set->count ? needed : set->count;
  charset_range *owned = memory_allocate_array(set->allocator, capacity, sizeof *owned);
  if (owned == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  memcpy(owned, set->ranges, set->count * sizeof *owned);
  set->ranges = owned;
  set->capacity = capacity;
  return 0;
}

/* Room for needed ranges that the set owns, so that it may write them;
 * a borrowing set never has room (count > capacity). */
static inline int charset_reserve(charset *set, size_t needed) {
  if (needed <= set->capacity) {
    return 0;
  }
  if (borrows(set)) {
    return own_ranges(set, needed);
  }
  void *ranges = set->ranges;
  if (!memory_grow_array(set->allocator, &ranges, &set->capacity, needed, sizeof(charset_range),
                         4)) {
    return JRX_ERROR_NOMEMORY;
  }
  set->ranges = ranges;
  return 0;
}

/* Appends [low, high] to ranges[0..*count), which is sorted by low and
 * coalesced, merging when the new range overlaps or touches the last one.
 * Ranges must arrive in ascending order of low. */
static void append_coalescing(charset_range *ranges, size_t *count, uint32_t low, uint32_t high) {
  if (*count > 0) {
    charset_range *last = &ranges[*count - 1];
    if (low <= last->high || low - last->high == 1) {
      if (high > last->high) {
        last->high = high;
      }
      return;
    }
  }
  ranges[*count].low = low;
  ranges[*count].high = high;
  (*count)++;
}

/* Merges the sorted ranges other[0..other_count) (which may overlap each
 * other) into the set with one linear pass. */
static int merge_sorted(charset *set, const charset_range *other, size_t other_count) {
  if (other_count == 0) {
    return 0;
  }
  if (set->count > SIZE_MAX / sizeof(charset_range) - other_count) {
    return JRX_ERROR_NOMEMORY;
  }
  size_t total = set->count + other_count;
  charset_range *merged = memory_allocate_array(set->allocator, total, sizeof *merged);
  if (merged == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  size_t count = 0;
  size_t mine = 0;
  size_t theirs = 0;
  while (mine < set->count || theirs < other_count) {
    const charset_range *next;
    if (theirs == other_count ||
        (mine < set->count && set->ranges[mine].low <= other[theirs].low)) {
      next = &set->ranges[mine++];
    } else {
      next = &other[theirs++];
    }
    append_coalescing(merged, &count, next->low, next->high);
  }
  free_ranges(set);
  set->ranges = merged;
  set->count = count;
  set->capacity = total;
  return 0;
}

int charset_add_range(charset *set, uint32_t low, uint32_t high) {
  if (set->count == 0 || low > set->ranges[set->count - 1].high) {
    /* The common case while building a class in order: append or extend. */
    int extends = set->count > 0 && low - set->ranges[set->count - 1].high == 1;
    int status = charset_reserve(set, set->count + !extends);
    if (status != 0) {
      return status;
    }
    if (extends) {
      set->ranges[set->count - 1].high = high;
      return 0;
    }
    set->ranges[set->count].low = low;
    set->ranges[set->count].high = high;
    set->count++;
    return 0;
  }
  charset_range single = {low, high};
  return merge_sorted(set, &single, 1);
}

static int compare_ranges(const void *left, const void *right) {
  const charset_range *a = left;
  const charset_range *b = right;
  if (a->low != b->low) {
    return a->low < b->low ? -1 : 1;
  }
  return (a->high > b->high) - (a->high < b->high);
}

int charset_add_ranges(charset *set, charset_range *ranges, size_t count) {
  if (count == 0) {
    return 0;
  }
  sort_items(ranges, count, sizeof *ranges, compare_ranges);
  return merge_sorted(set, ranges, count);
}

int charset_add_set(charset *set, const charset *other) {
  if (borrows(other) && set->count == 0) {
    return charset_add_constant_ranges(set, other->ranges, other->count);
  }
  return merge_sorted(set, other->ranges, other->count);
}

int charset_add_sorted_ranges(charset *set, const charset_range *ranges, size_t count) {
  return merge_sorted(set, ranges, count);
}

int charset_add_constant_ranges(charset *set, const charset_range *ranges, size_t count) {
  if (set->count > 0 || count == 0) {
    return merge_sorted(set, ranges, count);
  }
  charset_release(set);
  /* Never written while borrowed: charset_reserve copies first. */
  set->ranges = (charset_range *)ranges;
  set->count = count;
  return 0;
}

/* Index of the first range whose high is >= code_point (count if none). */
/* The index of the first of ranges[0..count) (sorted, disjoint) whose
 * high end reaches code_point, or count. */
static size_t first_range_reaching(const charset_range *ranges, size_t count,
                                   uint32_t code_point) {
  size_t low = 0;
  size_t high = count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (ranges[middle].high < code_point) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

int charset_remove_range(charset *set, uint32_t low, uint32_t high) {
  size_t first = first_range_reaching(set->ranges, set->count, low);
  if (first == set->count || set->ranges[first].low > high) {
    return 0;
  }
  int splits = set->ranges[first].low < low && set->ranges[first].high > high;
  /* The removed range lying strictly inside one range splits it in two. */
  int status = charset_reserve(set, set->count + splits);
  if (status != 0) {
    return status;
  }
  if (splits) {
    charset_range *split = &set->ranges[first];
    memmove(split + 1, split, (set->count - first) * sizeof *split);
    set->count++;
    split[0].high = low - 1;
    split[1].low = high + 1;
    return 0;
  }
  size_t keep_end = first;
  size_t index = first;
  if (set->ranges[index].low < low) {
    set->ranges[index].high = low - 1;
    keep_end = ++index;
  }
  while (index < set->count && set->ranges[index].high <= high) {
    index++;
  }
  if (index < set->count && set->ranges[index].low <= high) {
    set->ranges[index].low = high + 1;
  }
  memmove(&set->ranges[keep_end], &set->ranges[index], (set->count - index) * sizeof *set->ranges);
  set->count -= index - keep_end;
  return 0;
}

/* Appends the gap [low, high] to the complement, leaving out the
 * surrogates when building a Unicode complement. */
static void append_gap(charset_range *ranges, size_t *count, uint32_t low, uint32_t high,
                       int unicode) {
  if (unicode && low <= CHARSET_SURROGATE_HIGH && high >= CHARSET_SURROGATE_LOW) {
    if (low < CHARSET_SURROGATE_LOW) {
      append_coalescing(ranges, count, low, CHARSET_SURROGATE_LOW - 1);
    }
    if (high > CHARSET_SURROGATE_HIGH) {
      append_coalescing(ranges, count, CHARSET_SURROGATE_HIGH + 1, high);
    }
    return;
  }
  append_coalescing(ranges, count, low, high);
}

int charset_negate(charset *set, uint32_t max_code_point) {
  int unicode = max_code_point == CHARSET_MAX_UNICODE;
  /* n ranges leave at most n + 1 gaps, and one of them may split around
   * the surrogates. */
  size_t capacity = set->count + 2;
  charset_range *gaps = memory_allocate_array(set->allocator, capacity, sizeof *gaps);
  if (gaps == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  size_t count = 0;
  uint32_t next = 0;
  int reached_max = 0;
  for (size_t index = 0; index < set->count && !reached_max; index++) {
    const charset_range *range = &set->ranges[index];
    if (range->low > max_code_point) {
      break;
    }
    if (range->low > next) {
      append_gap(gaps, &count, next, range->low - 1, unicode);
    }
    if (range->high >= max_code_point) {
      reached_max = 1;
    } else {
      next = range->high + 1;
    }
  }
  if (!reached_max) {
    append_gap(gaps, &count, next, max_code_point, unicode);
  }
  free_ranges(set);
  set->ranges = gaps;
  set->count = count;
  set->capacity = capacity;
  return 0;
}

/* A growable scratch list of ranges, for collecting case variants. */
typedef struct range_list {
  const jrx_allocator *allocator;
  charset_range *ranges;
  size_t count;
  size_t capacity;
} range_list;

static int range_list_push(range_list *list, uint32_t low, uint32_t high) {
  if (list->count > 0 && list->ranges[list->count - 1].high + 1 == low) {
    list->ranges[list->count - 1].high = high;
    return 0;
  }
  void *ranges = list->ranges;
  if (!memory_grow_array(list->allocator, &ranges, &list->capacity, list->count + 1,
                         sizeof(charset_range), 16)) {
    return JRX_ERROR_NOMEMORY;
  }
  list->ranges = ranges;
  list->ranges[list->count].low = low;
  list->ranges[list->count].high = high;
  list->count++;
  return 0;
}

/* The ASCII letters of [low, high] moved to the other case. */
static int collect_ascii_variants(range_list *variants, uint32_t low, uint32_t high) {
  static const charset_range letters[] = {{'A', 'Z'}, {'a', 'z'}};
  for (size_t index = 0; index < 2; index++) {
    uint32_t from = low > letters[index].low ? low : letters[index].low;
    uint32_t to = high < letters[index].high ? high : letters[index].high;
    if (from > to) {
      continue;
    }
    int status =
        index == 0
            ? range_list_push(variants, from + ASCII_CASE_DISTANCE, to + ASCII_CASE_DISTANCE)
            : range_list_push(variants, from - ASCII_CASE_DISTANCE, to - ASCII_CASE_DISTANCE);
    if (status != 0) {
      return status;
    }
  }
  return 0;
}

/* The other cases of every member of [low, high] that lie outside it;
 * visits only the code points that have other cases at all. */
static int collect_unicode_variants(range_list *variants, uint32_t low, uint32_t high) {
  uint32_t code_point = casefold_next_with_other_cases(low);
  while (code_point != CASEFOLD_NONE && code_point <= high) {
    uint32_t others[CASEFOLD_MAX_OTHERS];
    size_t count = casefold_other_cases(code_point, others);
    for (size_t index = 0; index < count; index++) {
      if (others[index] < low || others[index] > high) {
        int status = range_list_push(variants, others[index], others[index]);
        if (status != 0) {
          return status;
        }
      }
    }
    if (code_point == high) {
      break;
    }
    code_point = casefold_next_with_other_cases(code_point + 1);
  }
  return 0;
}

int charset_add_case_variants(charset *set, int utf) {
  range_list variants = {set->allocator, NULL, 0, 0};
  int status = 0;
  for (size_t index = 0; index < set->count && status == 0; index++) {
    uint32_t low = set->ranges[index].low;
    uint32_t high = set->ranges[index].high;
    status = utf ? collect_unicode_variants(&variants, low, high)
                 : collect_ascii_variants(&variants, low, high);
  }
  if (status == 0) {
    status = charset_add_ranges(set, variants.ranges, variants.count);
  }
  memory_free(set->allocator, variants.ranges);
  return status;
}

int charset_ranges_contain(const charset_range *ranges, size_t count, uint32_t code_point) {
  size_t index = first_range_reaching(ranges, count, code_point);
  return index < count && ranges[index].low <= code_point;
}

int charset_contains(const charset *set, uint32_t code_point) {
  return charset_ranges_contain(set->ranges, set->count, code_point);
}

int charset_intersects(const charset *left, const charset *right) {
  size_t i = 0;
  size_t j = 0;
  while (i < left->count && j < right->count) {
    if (left->ranges[i].high < right->ranges[j].low) {
      i++;
    } else if (right->ranges[j].high < left->ranges[i].low) {
      j++;
    } else {
      return 1;
    }
  }
  return 0;
}

uint32_t charset_size(const charset *set) {
  uint32_t size = 0;
  for (size_t index = 0; index < set->count; index++) {
    size += set->ranges[index].high - set->ranges[index].low + 1;
  }
  return size;
}

int charset_copy(charset *destination, const charset *source) {
  charset copy;
  charset_init(&copy, destination->allocator);
  if (source->count > 0) {
    copy.ranges = memory_allocate_array(copy.allocator, source->count, sizeof *copy.ranges);
    if (copy.ranges == NULL) {
      return JRX_ERROR_NOMEMORY;
    }
    memcpy(copy.ranges, source->ranges, source->count * sizeof *copy.ranges);
    copy.count = source->count;
    copy.capacity = source->count;
  }
  charset_release(destination);
  *destination = copy;
  return 0;
}
