/* jit_install: the last step of every native code build: an assembled
 * a64_buffer becomes one jitmem block. Nothing is installed on failure. */
#ifndef JRX_JIT_INSTALL_H
#define JRX_JIT_INSTALL_H

#include <stddef.h>
#include <stdint.h>

#include "a64_buffer.h"
#include "regex/backtrack_plan.h"
#include "jitmem.h"
#include "regex/nfa.h"

/* Finishes buffer and installs its words into pool (NULL: the default
 * pool), storing the block and the address of its first word. Returns 0,
 * the assembler's JRX_ERROR_* or jitmem's JITMEM_ERROR_*. The caller
 * still releases the buffer. */
int jit_install_buffer(a64_buffer *buffer, jitmem_pool *pool, jitmem_block **block,
                       void **entry);

/* How the generated matchers (capture backtracker, Pike VM) emit
 * themselves: one function at the buffer's start, plus a table of code
 * offsets from it. Returns 0 or a JRX_ERROR_*. */
typedef int (*jit_matcher_emitter)(a64_buffer *buffer, const nfa_program *program,
                                   const backtrack_plan *plan, const jrx_allocator *allocator,
                                   uint32_t *code_offsets);

/* Emits a matcher with emit and installs it: stores its block and copies
 * its entry's address into *function (a function pointer of
 * function_size bytes: copied, not cast, as jitmem hands out an object
 * pointer). Returns what emit or jit_install_buffer returned. */
int jit_install_matcher(jit_matcher_emitter emit, const nfa_program *program,
                        const backtrack_plan *plan, const jrx_allocator *allocator,
                        uint32_t *code_offsets, jitmem_pool *pool, jitmem_block **block,
                        void *function, size_t function_size);

#endif
