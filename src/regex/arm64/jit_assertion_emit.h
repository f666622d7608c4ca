/* jit_assertion_emit: the zero-width assertions (^ $ \A \Z \z \b \B \G)
 * as A64 code, shared by the generated matchers so they test exactly
 * pike.c's rules: each matcher names the registers holding the subject,
 * its length, the position and the match options, and where to go when an
 * assertion fails. */
#ifndef JRX_JIT_ASSERTION_EMIT_H
#define JRX_JIT_ASSERTION_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "a64.h"
#include "regex/ast.h"

/* Conditional branches reach +-1 MiB: a generator that cannot promise
 * that for its code says "far", and branch_if then hops over a B. */
typedef struct jit_branch_reach {
  a64_buffer *buffer;
  int near;
} jit_branch_reach;

void jit_branch_if(const jit_branch_reach *reach, a64_condition condition, a64_label target);

typedef struct jit_assertion_registers {
  a64_reg context; /* holds the uint64_t start offset and the word-byte table's address */
  size_t start_offset_field;
  size_t word_bytes_field; /* a const uint8_t[256]: 1 for [A-Za-z0-9_] */
  a64_reg subject;
  a64_reg length;
  a64_reg position; /* never above length */
  a64_reg options;  /* JRX_NOTBOL and JRX_NOTEOL are read */
  a64_reg temps[3]; /* clobbered */
} jit_assertion_registers;

/* Fills the word-byte table the registers' word_bytes_field points at:
 * 1 for the bytes ast_is_word_byte accepts, 0 for the others. */
void jit_fill_word_bytes(uint8_t word_bytes[256]);

/* Emits the test of assertion at the position: falls through where it
 * holds, branches to fail where it does not. The registers are X
 * registers. */
void jit_emit_assertion(const jit_branch_reach *reach, const jit_assertion_registers *registers,
                        ast_assertion assertion, a64_label fail);

#endif
