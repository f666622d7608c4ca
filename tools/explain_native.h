/* explain_native: the ARM64 code jit_compile generates for a pattern,
 * printed as the bytes of each instruction in the input format of
 * `llvm-mc --disassemble -triple=aarch64`, so any host can disassemble it.
 * The code is generated and installed but never run here. */
#ifndef JRX_EXPLAIN_NATIVE_H
#define JRX_EXPLAIN_NATIVE_H

#include <stdio.h>

#include "regex/bitnfa.h"
#include "regex/dfa.h"
#include "regex/nfa.h"

/* Writes each block of code (DFA loops, prefilter and bit-parallel NFA
 * loop, Pike VM, capture
 * backtracker for patterns with groups) with a "# name at +offset" line
 * where each function begins, or a "# no native code: reason" line.
 * Returns 0 or JRX_ERROR_NOMEMORY. */
int explain_native_code(FILE *out, const nfa_program *program, const dfa *automaton,
                        const bitnfa *bit_parallel);

#endif
