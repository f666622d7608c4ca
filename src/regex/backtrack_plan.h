/* backtrack_plan: what the backtrackers (backtrack.c, and the generated
 * capture backtracker and Pike VM in arm64/) need to know about a program
 * before running or emitting it: which instructions carry a visited bit
 * (the join points), which are resumed from the job stack, and the sizes
 * that bound one match's scratch. A backtracker keeps a visited bit per
 * join point and position, the native Pike VM a stamp per join point.
 * Immutable once made. */
#ifndef JRX_BACKTRACK_PLAN_H
#define JRX_BACKTRACK_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "jrx.h"
#include "nfa.h"

/* visited_bit of an instruction reached along a single edge: it is
 * visited at most as often per position as its one predecessor, so it
 * needs no bit of its own. */
#define BACKTRACK_NO_BIT UINT32_MAX

typedef struct backtrack_plan {
  uint32_t *visited_bit;  /* per instruction: bit in a position's row, or BACKTRACK_NO_BIT */
  uint32_t join_count;    /* instructions with a bit; the bits are 0..join_count-1 */
  uint8_t *resumed;       /* per instruction: 1 if a SPLIT pushes it as its alternative */
  unsigned row_shift;     /* a position's row of visited bits is 1 << row_shift bytes */
  uint32_t pushes_per_position; /* SPLIT and SAVE instructions: jobs one position can push */
} backtrack_plan;

/* Fills plan for program. Returns 0 or JRX_ERROR_NOMEMORY (nothing held). */
int backtrack_plan_create(const nfa_program *program, const jrx_allocator *allocator,
                          backtrack_plan *plan);
void backtrack_plan_release(backtrack_plan *plan, const jrx_allocator *allocator);

#endif
