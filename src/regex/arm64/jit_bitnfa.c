/* jit_bitnfa: the generated bit-parallel loop. Per byte: load it, load
 * its reach, OR the first positions with every shift of the state (an AND
 * with the shift's mask first where it needs one), AND with the reach, and
 * test the final positions; bitnfa_step is the same step in C. */
#include "jit_bitnfa.h"

#include <stddef.h>

#define UNROLL 4u

/* Arguments: the automaton (then the reach table), subject, from, to,
 * and where the state lives. */
static const a64_reg REACH = A64_X(0);
static const a64_reg CURSOR = A64_X(1);
static const a64_reg NEXT = A64_X(2);
static const a64_reg STOP = A64_X(3);
static const a64_reg STATE_ADDRESS = A64_X(4);
static const a64_reg SUBJECT = A64_X(5);
static const a64_reg STATE = A64_X(6);
static const a64_reg FIRST = A64_X(7);
static const a64_reg FINAL = A64_X(8);
static const a64_reg BYTE_W = A64_W(9);
static const a64_reg BYTE_X = A64_X(9);
static const a64_reg MOVING = A64_X(10);
#define MASK(i) A64_X(11 + (i)) /* x11 .. x16, one per masked shift */
static const a64_reg ACCEPTING = A64_X(17);

/* The register of shift i's mask, counting masked shifts only. */
static a64_reg mask_register(const bitnfa *automaton, uint32_t shift) {
  unsigned index = 0;
  for (uint32_t i = 0; i < shift; i++) {
    index += automaton->shifts[i].masked ? 1u : 0u;
  }
  return MASK(index);
}

static void emit_entry(a64_buffer *buffer, const bitnfa *automaton) {
  a64_mov_reg(buffer, SUBJECT, CURSOR);
  a64_add_reg(buffer, CURSOR, SUBJECT, NEXT); /* from */
  a64_add_reg(buffer, STOP, SUBJECT, STOP);   /* to */
  a64_ldr_imm(buffer, STATE, STATE_ADDRESS, 0);
  a64_ldr_imm(buffer, FIRST, REACH, offsetof(bitnfa, first));
  a64_ldr_imm(buffer, FINAL, REACH, offsetof(bitnfa, final));
  for (uint32_t i = 0; i < automaton->shift_count; i++) {
    if (automaton->shifts[i].masked) {
      a64_ldr_imm(buffer, mask_register(automaton, i), REACH,
                  offsetof(bitnfa, shifts) + i * sizeof(bitnfa_shift) +
                      offsetof(bitnfa_shift, mask));
    }
  }
  a64_add_imm(buffer, REACH, REACH, offsetof(bitnfa, reach));
}

/* STATE = the step over the byte at CURSOR (which moves on); to found
 * when a final position holds a thread. */
static void emit_step(a64_buffer *buffer, const bitnfa *automaton, a64_label found) {
  a64_ldrb_post(buffer, BYTE_W, CURSOR, 1);
  a64_ldr_reg(buffer, ACCEPTING, REACH, BYTE_X, A64_UXTX, true);
  a64_reg accumulated = FIRST;
  for (uint32_t i = 0; i < automaton->shift_count; i++) {
    const bitnfa_shift *shift = &automaton->shifts[i];
    a64_reg moving = STATE;
    if (shift->masked) {
      a64_and_reg(buffer, MOVING, STATE, mask_register(automaton, i));
      moving = MOVING;
    }
    unsigned amount = (unsigned)(shift->amount >= 0 ? shift->amount : -shift->amount);
    a64_orr_shifted(buffer, NEXT, accumulated, moving, shift->amount >= 0 ? A64_LSL : A64_LSR,
                    amount);
    accumulated = NEXT;
  }
  a64_and_reg(buffer, STATE, accumulated, ACCEPTING);
  a64_tst_reg(buffer, STATE, FINAL);
  a64_b_cond(buffer, A64_NE, found);
}

void jit_bitnfa_emit(a64_buffer *buffer, const bitnfa *automaton) {
  a64_label unrolled = a64_label_new(buffer);
  a64_label single = a64_label_new(buffer);
  a64_label done = a64_label_new(buffer);
  emit_entry(buffer, automaton);

  a64_label_bind(buffer, unrolled);
  a64_sub_reg(buffer, MOVING, STOP, CURSOR);
  a64_cmp_imm(buffer, MOVING, UNROLL);
  a64_b_cond(buffer, A64_LO, single);
  for (unsigned i = 0; i < UNROLL; i++) {
    emit_step(buffer, automaton, done);
  }
  a64_b(buffer, unrolled);

  a64_label_bind(buffer, single);
  a64_cmp_reg(buffer, CURSOR, STOP);
  a64_b_cond(buffer, A64_EQ, done);
  emit_step(buffer, automaton, done);
  a64_b(buffer, single);

  a64_label_bind(buffer, done);
  a64_str_imm(buffer, STATE, STATE_ADDRESS, 0);
  a64_sub_reg(buffer, A64_X(0), CURSOR, SUBJECT);
  a64_ret(buffer);
}
