/* jit_install: the last step of every native code build: an assembled
 * a64_buffer becomes one jitmem block. Nothing is installed on failure. */
#ifndef JRX_JIT_INSTALL_H
#define JRX_JIT_INSTALL_H

#include "a64_buffer.h"
#include "jitmem.h"

/* Finishes buffer and installs its words into pool (NULL: the default
 * pool), storing the block and the address of its first word. Returns 0,
 * the assembler's JRX_ERROR_* or jitmem's JITMEM_ERROR_*. The caller
 * still releases the buffer. */
int jit_install_buffer(a64_buffer *buffer, jitmem_pool *pool, jitmem_block **block,
                       void **entry);

#endif
