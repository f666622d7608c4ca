/* jit_offset: reaching a constant offset from a base register. Loads and
 * stores scale a 12-bit immediate by the access size; generated matchers
 * index tables (slots, stamps, visited bits) whose offsets may not fit. */
#ifndef JRX_JIT_OFFSET_H
#define JRX_JIT_OFFSET_H

#include <stdint.h>

#include "a64.h"

/* The base register to use for an access of access_size bytes at
 * [base + *offset] (offset a multiple of access_size): base itself when
 * the scaled immediate reaches, else temp, set here to base plus the
 * offset's upper bits, with *offset reduced to what is left. */
a64_reg jit_offset_base(a64_buffer *buffer, a64_reg base, uint64_t *offset, unsigned access_size,
                        a64_reg temp);

#endif
