/* jit_dfa_loop: the generated DFA scan loop: byte, class, transition and
 * a tag test that leaves the fast path, four steps per bounds check. The
 * state register never holds tags, so it indexes the table directly. */
#include "jit_dfa_loop.h"

#include <stddef.h>

#include "jit_frame.h"
#include "jit_scan.h"

#define UNROLL 4u
#define SAVED_PAIRS 2u /* x19-x22 */
#define TAG_BIT(tag) ((unsigned)__builtin_ctz(tag))

/* Callee-saved registers keep what must survive the calls (the step and
 * the prefilter); the rest is reloaded from the context after them. */
static const a64_reg CONTEXT = A64_X(19);
static const a64_reg CURSOR = A64_X(20);
static const a64_reg STOP = A64_X(21);
static const a64_reg STATE = A64_W(22);

/* Loaded from the context (emit_load_context). */
static const a64_reg TABLE = A64_X(16);
static const a64_reg CLASS_OF = A64_X(17);
static const a64_reg SKIP_STATE = A64_W(8);

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
  jit_frame_enter(buffer, SAVED_PAIRS);
  a64_mov_reg(buffer, CONTEXT, A64_X(0));
  a64_mov_reg(buffer, CURSOR, A64_X(1));
  a64_mov_reg(buffer, STOP, A64_X(2));
  a64_mov_reg(buffer, STATE, A64_W(3));
}

/* At the start and after every call, which may clobber these registers;
 * a step in C may also have moved the table or changed the skip state. */
static void emit_load_context(a64_buffer *buffer) {
  a64_ldr_imm(buffer, CLASS_OF, CONTEXT, offsetof(jit_scan_context, class_of));
  a64_ldr_imm(buffer, TABLE, CONTEXT, offsetof(jit_scan_context, table));
  a64_ldr_imm(buffer, TABLE, TABLE, 0);
  a64_ldr_imm(buffer, SKIP_STATE, CONTEXT, offsetof(jit_scan_context, skip_state));
}

static void emit_epilogue(a64_buffer *buffer) {
  a64_str_imm(buffer, CURSOR, CONTEXT, offsetof(jit_scan_context, cursor));
  a64_mov_reg(buffer, A64_W(0), STATE);
  jit_frame_leave_and_return(buffer, SAVED_PAIRS);
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

/* The match transition just read is the byte at CURSOR - 1 forwards and
 * at CURSOR backwards; the state continues without its tag. */
static void emit_record_match(a64_buffer *buffer, dfa_direction direction, a64_label resume) {
  if (direction == DFA_FORWARD) {
    a64_sub_imm(buffer, SCRATCH, CURSOR, 1);
    a64_str_imm(buffer, SCRATCH, CONTEXT, offsetof(jit_scan_context, match_byte));
  } else {
    a64_str_imm(buffer, CURSOR, CONTEXT, offsetof(jit_scan_context, match_byte));
  }
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

/* Where a step goes when its transition is tagged, and where a recorded
 * match resumes: right after that step, so the loop carries on where it
 * was (the unrolled block checked the bounds of all its steps). */
typedef struct tagged_exit {
  a64_label tagged;
  a64_label resume;
} tagged_exit;

static tagged_exit emit_step_with_exit(a64_buffer *buffer, dfa_direction direction) {
  tagged_exit exit = {a64_label_new(buffer), a64_label_new(buffer)};
  emit_step(buffer, direction, exit.tagged);
  a64_label_bind(buffer, exit.resume);
  return exit;
}

/* Both are exact values (dfa.h), so one bit tells each apart; a dead DFA
 * ends the scan at once, as the step in C would. */
static void emit_tagged_exit(a64_buffer *buffer, const jit_dfa_loop_options *options,
                             tagged_exit exit, a64_label dead, a64_label unknown) {
  a64_label_bind(buffer, exit.tagged);
  a64_tbnz(buffer, NEXT, TAG_BIT(DFA_DEAD), dead);
  if (options->record_matches) {
    a64_tbnz(buffer, NEXT, TAG_BIT(DFA_UNKNOWN), unknown);
    emit_record_match(buffer, options->direction, exit.resume);
  } else {
    a64_b(buffer, unknown);
  }
}

void jit_dfa_loop_emit(a64_buffer *buffer, const jit_dfa_loop_options *options) {
  dfa_direction direction = options->direction;
  a64_label prefilter = options->prefilter;
  a64_label unrolled = a64_label_new(buffer);
  a64_label single = a64_label_new(buffer);
  a64_label unknown = a64_label_new(buffer);
  a64_label dead = a64_label_new(buffer);
  a64_label finish = a64_label_new(buffer);
  tagged_exit exits[UNROLL + 1];

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
    exits[i] = emit_step_with_exit(buffer, direction);
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
      emit_load_context(buffer);
    }
  }
  a64_b(buffer, unrolled);

  a64_label_bind(buffer, single);
  a64_cmp_reg(buffer, CURSOR, STOP);
  a64_b_cond(buffer, A64_EQ, finish);
  exits[UNROLL] = emit_step_with_exit(buffer, direction);
  a64_b(buffer, single);

  for (unsigned i = 0; i <= UNROLL; i++) {
    emit_tagged_exit(buffer, options, exits[i], dead, unknown);
  }

  a64_label_bind(buffer, unknown);
  emit_call_step(buffer, direction, unrolled, finish);

  a64_label_bind(buffer, dead);
  a64_mov_imm(buffer, STATE, JIT_SCAN_STOP);

  a64_label_bind(buffer, finish);
  emit_epilogue(buffer);
}
