/* casefold: lookups in the generated orbit table (casefold_table.c). The
 * table is sorted by code point and every orbit lists each member once, so
 * a binary search finds a code point's whole orbit. */
#include "casefold.h"

/* Returns the index of the first entry whose code point is >= code_point
 * (casefold_entry_count if there is none). */
static size_t casefold_lower_bound(uint32_t code_point) {
  size_t low = 0;
  size_t high = casefold_entry_count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (casefold_entries[middle].code_point < code_point) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

size_t casefold_other_cases(uint32_t code_point, uint32_t others[CASEFOLD_MAX_OTHERS]) {
  size_t index = casefold_lower_bound(code_point);
  if (index == casefold_entry_count || casefold_entries[index].code_point != code_point) {
    return 0;
  }
  const uint32_t *orbit = &casefold_orbit_members[casefold_entries[index].orbit_start];
  size_t count = 0;
  for (size_t member = 0; member < casefold_entries[index].orbit_size; member++) {
    if (orbit[member] != code_point) {
      others[count++] = orbit[member];
    }
  }
  return count;
}

uint32_t casefold_next_with_other_cases(uint32_t code_point) {
  size_t index = casefold_lower_bound(code_point);
  return index == casefold_entry_count ? CASEFOLD_NONE : casefold_entries[index].code_point;
}
