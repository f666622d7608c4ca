/* jit_generation_failure: a test hook that makes the building of native
 * code fail on purpose, as an assembler error would, so that tests can
 * show their engine checks catch a JIT that quietly falls back to the
 * interpreter (see tests/support/engine_expectation.h). Nothing in the
 * library sets it; it stays off unless a test turns it on. */
#ifndef JRX_JIT_GENERATION_FAILURE_H
#define JRX_JIT_GENERATION_FAILURE_H

#include <stdbool.h>

/* The separately built pieces of a pattern's native code. */
typedef enum jit_part {
  JIT_PART_SEARCH = 1u << 0,   /* the DFA loops and prefilter (jit.c) */
  JIT_PART_CAPTURES = 1u << 1, /* the capture engines (jit_capture.c, jit_onepass.c) */
  JIT_PART_PIKE_VM = 1u << 2   /* the Pike VM, built on first need (jit_pike.c) */
} jit_part;

/* Makes every later build of the parts in the mask fail with
 * JRX_ERROR_INTERNAL before anything is installed; 0 turns it off. For
 * tests only; safe to call from any thread. */
void jit_inject_generation_failure(unsigned parts);

/* Whether builds of part fail on purpose (checked by each builder). */
bool jit_generation_fails(jit_part part);

#endif
