/* jit_code: what a compiled jit_code holds, shared by jit.c (which builds
 * and frees it) and jit_search.c (which runs it). Immutable once built. */
#ifndef JRX_JIT_CODE_H
#define JRX_JIT_CODE_H

#include <stdbool.h>
#include <stddef.h>

#include "jit.h"
#include "jit_prefilter.h"
#include "jit_scan.h"
#include "jitmem.h"

struct jit_code {
  const nfa_program *program;
  const dfa *automaton;
  const bitnfa *bit_parallel; /* NULL when the program has none */
  jitmem_block *block; /* owns the functions below */
  jit_scan_loop_function forward_loop;
  jit_scan_loop_function backward_loop;
  /* The forward loop recording the first match too (record_first_match),
   * for a program whose first character matches; NULL for others. */
  jit_scan_loop_function forward_first_loop;
  /* NULL unless every match passes its probes; a candidate must also
   * pass the program's prefix byte sets and literal prefix (jit_search). */
  jit_prefilter_function prefilter;
  /* With a prefilter: what it looks for, and whether the forward loop
   * jumps to it by itself (else the C around the loop calls it); kept
   * for jrx-explain, which shows the strategy chosen. */
  jit_prefilter_plan prefilter_plan;
  bool prefilter_in_loop;
  bitnfa_scan_function bitnfa_loop; /* NULL without a bit-parallel NFA */
};

/* jit_literal_scan, inlined for the searches that ask for it on every
 * call (jrx.c). */
static inline jit_prefilter_function jit_code_literal_scan(const jit_code *code) {
  return code != NULL ? code->prefilter : NULL;
}

#endif
