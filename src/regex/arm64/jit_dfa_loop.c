/* jit_dfa_loop: the generated DFA scan loop: byte, class, transition and
 * a tag test that leaves the fast path, four steps per bounds check. The
 * state register never holds tags, so it indexes the table directly. */
#include "jit_dfa_loop.h"

#include <stddef.h>

#include "jit_scan.h"

#define UNROLL 4u
#define FRAME_BYTES 80

/* Callee-saved registers keep everything that must survive the step call. */
static const a64_reg CONTEXT = A64_X(19);
static const a64_reg CURSOR = A64_X(20);
static const a64_reg STOP = A64_X(21);
static const a64_reg STATE = A64_W(22);
static const a64_reg TABLE = A64_X(23);
static const a64_reg CLASS_OF = A64_X(24);
static const a64_reg SKIP_STATE = A64_W(25);

/* Scratch, free between steps. */
static const a64_reg BYTE_X = A64_X(9);
static const a64_reg BYTE_W = A64_W(9);
static const a64_reg COLUMN = A64_W(10);
static const a64_reg INDEX = A64_W(11);
static const a64_reg NEXT = A64_W(12);
static const a64_reg REMAINING = A64_X(13);
static const a64_reg STEP_ADDRESS = A64_X(14);
static const a64_reg SCRATCH = A64_X(15);

static void emit_prologue(a64_buffer *buffer) {
  a64_stp_pre(buffer, A64_FP, A64_LR, A64_SP, -FRAME_BYTES);
  a64_mov_reg(buffer, A64_FP, A64_SP);
  a64_stp_offset(buffer, A64_X(19), A64_X(20), A64_SP, 16);
  a64_stp_offset(buffer, A64_X(21), A64_X(22), A64_SP, 32);
  a64_stp_offset(buffer, A64_X(23), A64_X(24), A64_SP, 48);
  a64_stp_offset(buffer, A64_X(25), A64_X(26), A64_SP, 64);
  a64_mov_reg(buffer, CONTEXT, A64_X(0));
  a64_mov_reg(buffer, CURSOR, A64_X(1));
  a64_mov_reg(buffer, STOP, A64_X(2));
  a64_mov_reg(buffer, STATE, A64_W(3));
  a64_ldr_imm(buffer, CLASS_OF, CONTEXT, offsetof(jit_scan_context, class_of));
}

/* What a step in C may change: the table's address and the skip state. */
static void emit_load_context(a64_buffer *buffer) {
  a64_ldr_imm(buffer, TABLE, CONTEXT, offsetof(jit_scan_context, table));
  a64_ldr_imm(buffer, TABLE, TABLE, 0);
  a64_ldr_imm(buffer, SKIP_STATE, CONTEXT, offsetof(jit_scan_context, skip_state));
}

static void emit_epilogue(a64_buffer *buffer) {
  a64_str_imm(buffer, CURSOR, CONTEXT, offsetof(jit_scan_context, cursor));
  a64_mov_reg(buffer, A64_W(0), STATE);
  a64_ldp_offset(buffer, A64_X(25), A64_X(26), A64_SP, 64);
  a64_ldp_offset(buffer, A64_X(23), A64_X(24), A64_SP, 48);
  a64_ldp_offset(buffer, A64_X(21), A64_X(22), A64_SP, 32);
  a64_ldp_offset(buffer, A64_X(19), A64_X(20), A64_SP, 16);
  a64_ldp_post(buffer, A64_FP, A64_LR, A64_SP, FRAME_BYTES);
  a64_ret(buffer);
}

/* next = table[state + class_of[byte]]; to `tagged` if any tag is set. */
static void emit_step(a64_buffer *buffer, dfa_direction direction, a64_label tagged) {
  if (direction == DFA_FORWARD) {
    a64_ldrb_post(buffer, BYTE_W, CURSOR, 1);
  } else {
    a64_ldrb_pre(buffer, BYTE_W, CURSOR, -1);
  }
  a64_ldrb_reg(buffer, COLUMN, CLASS_OF, BYTE_X, A64_UXTX, false);
  a64_add_reg(buffer, INDEX, STATE, COLUMN);
  a64_ldr_reg(buffer, NEXT, TABLE, INDEX, A64_UXTW, true);
  a64_tst_imm(buffer, NEXT, DFA_TAG_MASK);
  a64_b_cond(buffer, A64_NE, tagged);
  a64_mov_reg(buffer, STATE, NEXT);
}

/* found = the position the match transition just read implies: the
 * byte's index forwards (CURSOR - 1), the index after it backwards
 * (CURSOR + 1). Then the state continues without its tag. */
static void emit_record_match(a64_buffer *buffer, dfa_direction direction, a64_label resume) {
  a64_ldr_imm(buffer, SCRATCH, CONTEXT, offsetof(jit_scan_context, subject));
  a64_sub_reg(buffer, SCRATCH, CURSOR, SCRATCH);
  if (direction == DFA_FORWARD) {
    a64_sub_imm(buffer, SCRATCH, SCRATCH, 1);
  } else {
    a64_add_imm(buffer, SCRATCH, SCRATCH, 1);
  }
  a64_str_imm(buffer, SCRATCH, CONTEXT, offsetof(jit_scan_context, found));
  a64_and_imm(buffer, STATE, NEXT, DFA_ID_MASK);
  a64_b(buffer, resume);
}

/* Hands the tagged transition to C; the byte just read is at CURSOR - 1
 * forwards and at CURSOR backwards. The table may have moved. */
static void emit_call_step(a64_buffer *buffer, dfa_direction direction, a64_label resume,
                           a64_label finish) {
  a64_mov_reg(buffer, A64_X(0), CONTEXT);
  a64_mov_reg(buffer, A64_W(1), STATE);
  a64_mov_reg(buffer, A64_W(2), COLUMN);
  if (direction == DFA_FORWARD) {
    a64_sub_imm(buffer, A64_X(3), CURSOR, 1);
  } else {
    a64_mov_reg(buffer, A64_X(3), CURSOR);
  }
  a64_ldr_imm(buffer, STEP_ADDRESS, CONTEXT, offsetof(jit_scan_context, step));
  a64_blr(buffer, STEP_ADDRESS);
  a64_mov_reg(buffer, STATE, A64_W(0));
  a64_tbnz(buffer, STATE, 31, finish); /* JIT_SCAN_STOP */
  emit_load_context(buffer);
  a64_b(buffer, resume);
}

void jit_dfa_loop_emit(a64_buffer *buffer, const jit_dfa_loop_options *options) {
  dfa_direction direction = options->direction;
  a64_label prefilter = options->prefilter;
  a64_label unrolled = a64_label_new(buffer);
  a64_label single = a64_label_new(buffer);
  a64_label tagged = a64_label_new(buffer);
  a64_label finish = a64_label_new(buffer);

  emit_prologue(buffer);
  emit_load_context(buffer);

  a64_label_bind(buffer, unrolled);
  if (direction == DFA_FORWARD) {
    a64_sub_reg(buffer, REMAINING, STOP, CURSOR);
  } else {
    a64_sub_reg(buffer, REMAINING, CURSOR, STOP);
  }
  a64_cmp_imm(buffer, REMAINING, UNROLL);
  a64_b_cond(buffer, A64_LO, single);
  for (unsigned i = 0; i < UNROLL; i++) {
    emit_step(buffer, direction, tagged);
  }
  if (direction == DFA_FORWARD) {
    a64_cmp_reg(buffer, STATE, SKIP_STATE);
    if (prefilter == A64_LABEL_INVALID) {
      a64_b_cond(buffer, A64_EQ, finish);
    } else {
      a64_b_cond(buffer, A64_NE, unrolled);
      a64_mov_reg(buffer, A64_X(0), CURSOR);
      a64_mov_reg(buffer, A64_X(1), STOP);
      a64_bl(buffer, prefilter);
      a64_mov_reg(buffer, CURSOR, A64_X(0));
    }
  }
  a64_b(buffer, unrolled);

  a64_label_bind(buffer, single);
  a64_cmp_reg(buffer, CURSOR, STOP);
  a64_b_cond(buffer, A64_EQ, finish);
  emit_step(buffer, direction, tagged);
  a64_b(buffer, single);

  a64_label_bind(buffer, tagged);
  if (options->record_matches) {
    a64_label unknown_or_dead = a64_label_new(buffer);
    a64_tst_imm(buffer, NEXT, DFA_TAG_UNKNOWN | DFA_TAG_DEAD);
    a64_b_cond(buffer, A64_NE, unknown_or_dead);
    emit_record_match(buffer, direction, unrolled);
    a64_label_bind(buffer, unknown_or_dead);
  }
  emit_call_step(buffer, direction, unrolled, finish);

  a64_label_bind(buffer, finish);
  emit_epilogue(buffer);
}
