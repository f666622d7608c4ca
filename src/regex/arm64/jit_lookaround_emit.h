/* jit_lookaround_emit: a lookaround assertion in generated code, as a call
 * to lookaround_holds_native (src/regex/lookaround.h) at the position:
 * the check simulates the lookaround's bounded body, work no generated
 * loop would do faster for bodies this short, or reads the lookaround's
 * table, and the same C code answers for both builds. \b and \B under UCP,
 * which decode UTF-8 and look characters up in Unicode tables, are calls
 * to lookaround_anchor_holds_native the same way. The call keeps every
 * register the generated code uses (x0-x17 and the link register) on the
 * stack around it, so a matcher can emit it anywhere it could emit
 * jit_emit_assertion. */
#ifndef JRX_JIT_LOOKAROUND_EMIT_H
#define JRX_JIT_LOOKAROUND_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "a64.h"
#include "jit_assertion_emit.h"
#include "regex/nfa.h"

typedef struct jit_lookaround_registers {
  a64_reg context; /* holds the search's const lookaround_subject * */
  size_t lookarounds_field;
  a64_reg position;
  a64_reg result; /* clobbered: the answer, 1 or 0 */
} jit_lookaround_registers;

/* Emits the check of lookaround `index` at the position: falls through
 * where it holds, branches to fail where it does not. The registers are X
 * registers among x0-x17. */
void jit_emit_lookaround(const jit_branch_reach *reach, const jit_lookaround_registers *registers,
                         uint32_t index, a64_label fail);

/* Emits the check of assertion (AST_ASSERT_UCP_WORD_BOUNDARY or
 * AST_ASSERT_UCP_NOT_WORD_BOUNDARY) at the position, by C's rules. */
void jit_emit_assertion_call(const jit_branch_reach *reach,
                             const jit_lookaround_registers *registers, ast_assertion assertion,
                             a64_label fail);

#endif
