/* a64_conditional: conditional selects (CSEL, CSINC) and the CSET alias.
 * General registers of one width, never SP. */
#ifndef JRX_A64_CONDITIONAL_H
#define JRX_A64_CONDITIONAL_H

#include "a64_buffer.h"
#include "a64_operand.h"

/* rd = condition ? rn : rm. */
void a64_csel(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_condition condition);

/* rd = condition ? rn : rm + 1. */
void a64_csinc(a64_buffer *buffer, a64_reg rd, a64_reg rn, a64_reg rm, a64_condition condition);

/* rd = condition ? 1 : 0; condition is neither AL nor NV. */
void a64_cset(a64_buffer *buffer, a64_reg rd, a64_condition condition);

#endif
