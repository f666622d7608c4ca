/* jit_assertion_emit: one emitter per assertion kind, reading at most the
 * byte before and the byte at the position, each only where it exists. */
#include "jit_assertion_emit.h"

#include "jrx.h"

typedef struct assertion_emitter {
  const jit_branch_reach *reach;
  const jit_assertion_registers *registers;
  a64_label fail;
} assertion_emitter;

void jit_fill_word_bytes(uint8_t word_bytes[256]) {
  for (unsigned byte = 0; byte < 256; byte++) {
    word_bytes[byte] = (uint8_t)ast_is_word_byte(byte);
  }
}

void jit_branch_if(const jit_branch_reach *reach, a64_condition condition, a64_label target) {
  if (reach->near) {
    a64_b_cond(reach->buffer, condition, target);
    return;
  }
  a64_label skip = a64_label_new(reach->buffer);
  a64_b_cond(reach->buffer, (a64_condition)(condition ^ 1u), skip);
  a64_b(reach->buffer, target);
  a64_label_bind(reach->buffer, skip);
}

static void fail_if(const assertion_emitter *e, a64_condition condition) {
  jit_branch_if(e->reach, condition, e->fail);
}

static a64_reg w(a64_reg reg) {
  return A64_W(reg & A64_REG_NUMBER_MASK);
}

/* temps[1] = the byte at the position + delta (0 or -1, in range). */
static void load_byte(const assertion_emitter *e, int delta) {
  const jit_assertion_registers *r = e->registers;
  a64_buffer *buffer = e->reach->buffer;
  if (delta == 0) {
    a64_ldrb_reg(buffer, w(r->temps[1]), r->subject, r->position, A64_UXTX, false);
  } else {
    a64_sub_imm(buffer, r->temps[1], r->position, 1);
    a64_ldrb_reg(buffer, w(r->temps[1]), r->subject, r->temps[1], A64_UXTX, false);
  }
}

static void fail_unless_newline(const assertion_emitter *e, int delta) {
  load_byte(e, delta);
  a64_cmp_imm(e->reach->buffer, w(e->registers->temps[1]), '\n');
  fail_if(e, A64_NE);
}

static void fail_if_option(const assertion_emitter *e, uint32_t option) {
  a64_tst_imm(e->reach->buffer, e->registers->options, option);
  fail_if(e, A64_NE);
}

static void compare_position(const assertion_emitter *e, a64_reg other) {
  a64_cmp_reg(e->reach->buffer, e->registers->position, other);
}

/* result = whether the byte at the position + delta is a word byte, 0
 * where there is no such byte. */
static void word_byte_flag(const assertion_emitter *e, a64_reg result, int delta) {
  const jit_assertion_registers *r = e->registers;
  a64_buffer *buffer = e->reach->buffer;
  a64_label done = a64_label_new(buffer);
  a64_mov_imm(buffer, w(result), 0);
  if (delta == 0) {
    compare_position(e, r->length);
    a64_b_cond(buffer, A64_HS, done);
  } else {
    a64_cmp_imm(buffer, r->position, 0);
    a64_b_cond(buffer, A64_EQ, done);
  }
  load_byte(e, delta);
  a64_ldr_imm(buffer, r->temps[2], r->context, r->word_bytes_field);
  a64_ldrb_reg(buffer, w(result), r->temps[2], r->temps[1], A64_UXTX, false);
  a64_label_bind(buffer, done);
}

/* \Z, and $ without multiline: at the end or before a final newline. */
static void emit_end_or_final_newline(const assertion_emitter *e) {
  const jit_assertion_registers *r = e->registers;
  a64_buffer *buffer = e->reach->buffer;
  a64_label done = a64_label_new(buffer);
  compare_position(e, r->length);
  a64_b_cond(buffer, A64_EQ, done);
  a64_add_imm(buffer, r->temps[1], r->position, 1);
  a64_cmp_reg(buffer, r->temps[1], r->length);
  fail_if(e, A64_NE);
  fail_unless_newline(e, 0);
  a64_label_bind(buffer, done);
}

void jit_emit_assertion(const jit_branch_reach *reach, const jit_assertion_registers *registers,
                        ast_assertion assertion, a64_label fail) {
  assertion_emitter emitter = {.reach = reach, .registers = registers, .fail = fail};
  const assertion_emitter *e = &emitter;
  const jit_assertion_registers *r = registers;
  a64_buffer *buffer = reach->buffer;
  /* Only ^ and $ with multiline branch to these; unreferenced labels
   * may stay unbound. */
  a64_label done = a64_label_new(buffer);
  a64_label inside = a64_label_new(buffer);
  switch (assertion) {
    case AST_ASSERT_CARET_START:
      fail_if_option(e, JRX_NOTBOL);
      a64_cmp_imm(buffer, r->position, 0);
      fail_if(e, A64_NE);
      break;
    case AST_ASSERT_TEXT_START:
      a64_cmp_imm(buffer, r->position, 0);
      fail_if(e, A64_NE);
      break;
    case AST_ASSERT_LINE_START:
      a64_cmp_imm(buffer, r->position, 0);
      a64_b_cond(buffer, A64_NE, inside);
      fail_if_option(e, JRX_NOTBOL);
      a64_b(buffer, done);
      a64_label_bind(buffer, inside);
      compare_position(e, r->length);
      fail_if(e, A64_HS);
      fail_unless_newline(e, -1);
      break;
    case AST_ASSERT_TEXT_END:
      compare_position(e, r->length);
      fail_if(e, A64_NE);
      break;
    case AST_ASSERT_DOLLAR_END:
      fail_if_option(e, JRX_NOTEOL);
      emit_end_or_final_newline(e);
      break;
    case AST_ASSERT_TEXT_END_NEWLINE:
      emit_end_or_final_newline(e);
      break;
    case AST_ASSERT_LINE_END:
      compare_position(e, r->length);
      a64_b_cond(buffer, A64_NE, inside);
      fail_if_option(e, JRX_NOTEOL);
      a64_b(buffer, done);
      a64_label_bind(buffer, inside);
      fail_unless_newline(e, 0);
      break;
    case AST_ASSERT_WORD_BOUNDARY:
    case AST_ASSERT_NOT_WORD_BOUNDARY:
      word_byte_flag(e, r->temps[0], -1);
      word_byte_flag(e, r->temps[2], 0);
      a64_cmp_reg(buffer, w(r->temps[0]), w(r->temps[2]));
      fail_if(e, assertion == AST_ASSERT_WORD_BOUNDARY ? A64_EQ : A64_NE);
      break;
    case AST_ASSERT_MATCH_START:
      a64_ldr_imm(buffer, r->temps[0], r->context, r->start_offset_field);
      compare_position(e, r->temps[0]);
      fail_if(e, A64_NE);
      break;
    case AST_ASSERT_UCP_WORD_BOUNDARY:
    case AST_ASSERT_UCP_NOT_WORD_BOUNDARY:
    AST_ASSERT_GRAPHEME_CASES:
    case AST_ASSERT_LOOKAROUND:
      /* Only the Pike VM runs lookarounds, \b \B under UCP and \X, calling C
       * through jit_lookaround_emit.h; anything else that met one would
       * fail it rather than pass it. */
      a64_b(buffer, fail);
      break;
  }
  a64_label_bind(buffer, done);
}
