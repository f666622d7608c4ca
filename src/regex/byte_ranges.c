/* byte_ranges: a set's intervals for the block test (byte_ranges.h): the
 * set's own runs of bytes, or its complement's when those are fewer. */
#include "byte_ranges.h"

#include <string.h>

/* Stores the runs of bytes b with (stays[b] != 0) == inside as intervals;
 * returns how many there are, counting on past BYTE_RANGES_MAX without
 * storing. */
static uint32_t store_runs(const uint8_t stays[256], int inside, byte_ranges *ranges) {
  uint32_t count = 0;
  for (unsigned byte = 0; byte < 256u; byte++) {
    if ((stays[byte] != 0) != inside || (byte > 0 && (stays[byte - 1] != 0) == inside)) {
      continue;
    }
    unsigned last = byte;
    while (last < 255u && (stays[last + 1] != 0) == inside) {
      last++;
    }
    if (count < BYTE_RANGES_MAX) {
      memset(ranges->low[count], (int)byte, BYTE_RANGES_BLOCK);
      memset(ranges->width[count], (int)(last - byte), BYTE_RANGES_BLOCK);
    }
    count++;
  }
  return count;
}

/* Pads an odd count with its last interval (byte_ranges' invariant). */
static uint32_t even_count(byte_ranges *ranges, uint32_t count) {
  for (; count % 2 != 0; count++) {
    memcpy(ranges->low[count], ranges->low[count - 1], BYTE_RANGES_BLOCK);
    memcpy(ranges->width[count], ranges->width[count - 1], BYTE_RANGES_BLOCK);
  }
  return count;
}

void byte_ranges_of(const uint8_t stays[256], byte_ranges *ranges) {
  byte_ranges leaving;
  memset(ranges, 0, sizeof *ranges);
  memset(&leaving, 0, sizeof leaving);
  uint32_t staying_count = store_runs(stays, 1, ranges);
  uint32_t leaving_count = store_runs(stays, 0, &leaving);
  if (leaving_count != 0 && leaving_count < staying_count && leaving_count <= BYTE_RANGES_MAX) {
    *ranges = leaving;
    ranges->count = even_count(ranges, leaving_count);
    return;
  }
  if (staying_count != 0 && staying_count <= BYTE_RANGES_MAX) {
    ranges->count = even_count(ranges, staying_count);
    ranges->flip = 0xffffu;
    return;
  }
  memset(ranges, 0, sizeof *ranges);
}
