/* jit_code: what a compiled jit_code holds, shared by jit.c (which builds
 * and frees it) and jit_search.c (which runs it). Immutable once built. */
#ifndef JRX_JIT_CODE_H
#define JRX_JIT_CODE_H

#include <stddef.h>

#include "jit.h"
#include "jit_prefilter.h"
#include "jit_scan.h"
#include "jitmem.h"

struct jit_code {
  const nfa_program *program;
  const dfa *automaton;
  jitmem_block *block; /* owns the three functions below */
  jit_scan_loop_function forward_loop;
  jit_scan_loop_function backward_loop;
  /* NULL unless every match starts with a byte of the scanned set; with
   * a literal prefix the set is its first byte and a candidate must start
   * with the whole prefix (literal_prefix_length > 0). */
  jit_prefilter_function prefilter;
  size_t literal_prefix_length;
};

#endif
