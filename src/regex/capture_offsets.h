/* capture_offsets: groups whose bounds lie at a fixed distance from the
 * match's start or end, in every match: (\d{4})-(\d{2}) has its group
 * bounds at start + 0, 4, 5 and 7; ("[^"]*"|[^,]+) has group 1 equal to
 * the whole match. When every slot of a program is so placed, the groups
 * of a match follow from its bounds alone, with no capture engine: the
 * DFA (or the whole-match one-pass DFA) finds the match and the slots are
 * two additions each.
 *
 * A slot is placed when every path from the start to a match (assertions
 * ignored, so a superset of the paths a match can take) saves it, and
 * every save of it on such a path lies the same number of bytes after the
 * start (or before the end) on every path there. Its value in any match
 * is then that distance from the match's bound, whatever engine would
 * have found the match: the last save on the match's path is at that
 * distance, as every save is. */
#ifndef JRX_CAPTURE_OFFSETS_H
#define JRX_CAPTURE_OFFSETS_H

#include <stddef.h>
#include <stdint.h>

#include "jrx.h"
#include "nfa.h"

/* The analysis keeps a 64-bit mask of saved slots per instruction, and
 * skips programs over this many instructions (its scratch is 24 bytes an
 * instruction). */
#define CAPTURE_OFFSETS_MAX_SLOTS 64u
#define CAPTURE_OFFSETS_MAX_INSTRUCTIONS 65536u

typedef struct capture_offsets {
  int placed;        /* the program has groups, and every slot is placed: the rest is valid */
  uint32_t slot_count;
  uint64_t from_end; /* bit s: slot s is distance[s] before the end, else after the start */
  uint32_t distance[CAPTURE_OFFSETS_MAX_SLOTS];
} capture_offsets;

/* Analyses program: offsets->placed says whether it has groups and every
 * slot is placed.
 * Returns 0 or JRX_ERROR_NOMEMORY. */
int capture_offsets_build(const nfa_program *program, const jrx_allocator *allocator,
                          capture_offsets *offsets);

/* The first count slots (at most offsets->slot_count) of the match
 * [start, end) of a program whose slots are all placed. */
static inline void capture_offsets_fill(const capture_offsets *offsets, size_t start, size_t end,
                                        size_t count, size_t *slots) {
  if (offsets->from_end == 0) { /* a match of fixed length, as (\d{4})-(\d{2}) */
    for (size_t slot = 0; slot < count; slot++) {
      slots[slot] = start + offsets->distance[slot];
    }
    return;
  }
  for (size_t slot = 0; slot < count; slot++) {
    slots[slot] = ((offsets->from_end >> slot) & 1u) != 0 ? end - offsets->distance[slot]
                                                          : start + offsets->distance[slot];
  }
}

#endif
