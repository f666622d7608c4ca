/* a64_shifted_register: the operand form "Rm shifted by an immediate"
 * shared by add/sub and logical instructions: rd = rn op (rm shift amount),
 * three general registers of one width, none of them SP. */
#ifndef JRX_A64_SHIFTED_REGISTER_H
#define JRX_A64_SHIFTED_REGISTER_H

#include <stdint.h>

#include "a64_buffer.h"
#include "a64_operand.h"

/* Emits opcode (an add/sub or logical shifted-register form) with the
 * operands, or records JRX_ERROR_INTERNAL if amount is not below the width
 * or the shift is ROR for add/sub. */
void a64_emit_shifted_register(a64_buffer *buffer, uint32_t opcode, a64_reg rd, a64_reg rn,
                               a64_reg rm, a64_shift shift, unsigned amount);

#endif
