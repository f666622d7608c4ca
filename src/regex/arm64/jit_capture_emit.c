/* jit_capture_emit: assembles the capture backtracker, RE2's BitState as
 * code. Blocks run in priority order: a SPLIT pushes its alternative and
 * falls into next, a SAVE pushes the slot's old value, and failing pops
 * the newest job, so the first NFA_MATCH reached at the end is the one
 * the Pike VM would report. A leaf function: it keeps everything in the
 * caller-saved registers x0-x17 and never touches the stack pointer. */
#include "jit_capture_emit.h"

#include "jit_assertion_emit.h"
#include "jit_offset.h"
#include "jrx.h"
#include "regex/memory.h"

static const a64_reg CONTEXT = A64_X(0);
static const a64_reg SUBJECT = A64_X(1);
static const a64_reg LENGTH = A64_X(2);
static const a64_reg START = A64_X(3);
static const a64_reg END = A64_X(4);
static const a64_reg POSITION = A64_X(5);
static const a64_reg SLOTS = A64_X(6);
static const a64_reg BITMAP = A64_X(7);
static const a64_reg ROW = A64_X(8); /* the visited bits of POSITION */
static const a64_reg STACK = A64_X(9);
static const a64_reg STACK_BASE = A64_X(10);
static const a64_reg TABLE = A64_X(11);
static const a64_reg ENTRY = A64_X(12);
static const a64_reg STACK_LIMIT = A64_X(13);
static const a64_reg OPTIONS = A64_X(14);

/* Scratch, dead between blocks except TEMP_1, which carries a popped
 * job's value into its resume entry. */
static const a64_reg TEMP_0 = A64_X(15);
static const a64_reg TEMP_0_W = A64_W(15);
static const a64_reg TEMP_1 = A64_X(16);
static const a64_reg TEMP_1_W = A64_W(16);
static const a64_reg TEMP_2 = A64_X(17);
static const a64_reg TEMP_2_W = A64_W(17);

/* A generous bound on the words one instruction's block and resume entry
 * take, to tell whether conditional branches (+-1 MiB) reach everywhere. */
#define WORDS_PER_INSTRUCTION 48u
#define CONDITIONAL_BRANCH_REACH ((size_t)1 << 20)

typedef struct emitter {
  a64_buffer *buffer;
  const nfa_program *program;
  const backtrack_plan *plan;
  a64_label *blocks; /* per instruction */
  a64_label fail;
  a64_label stack_exhausted;
  jit_branch_reach reach; /* whether conditional branches reach the shared exits */
} emitter;

static void fail_if(emitter *e, a64_condition condition) {
  jit_branch_if(&e->reach, condition, e->fail);
}

/* Loads or stores the 64-bit slot, through TEMP_2 when its offset is
 * beyond the scaled immediate's reach. */
static void access_slot(emitter *e, a64_reg value, uint32_t slot, int store) {
  uint64_t offset = (uint64_t)slot * sizeof(size_t);
  a64_reg base = jit_offset_base(e->buffer, SLOTS, &offset, sizeof(size_t), TEMP_2);
  if (store) {
    a64_str_imm(e->buffer, value, base, offset);
  } else {
    a64_ldr_imm(e->buffer, value, base, offset);
  }
}

/* Fails if the instruction's bit is set in ROW, else sets it. */
static void emit_visit(emitter *e, uint32_t bit) {
  a64_buffer *buffer = e->buffer;
  uint64_t offset = bit >> 3;
  a64_reg base = jit_offset_base(buffer, ROW, &offset, 1, TEMP_1);
  uint64_t mask = 1u << (bit & 7u);
  a64_ldrb_imm(buffer, TEMP_0_W, base, offset);
  a64_tst_imm(buffer, TEMP_0_W, mask);
  fail_if(e, A64_NE);
  a64_orr_imm(buffer, TEMP_0_W, TEMP_0_W, mask);
  a64_strb_imm(buffer, TEMP_0_W, base, offset);
}

static void emit_assertion(emitter *e, ast_assertion assertion) {
  const jit_assertion_registers registers = {
      .context = CONTEXT,
      .start_offset_field = offsetof(jit_capture_context, start_offset),
      .word_bytes_field = offsetof(jit_capture_context, word_bytes),
      .subject = SUBJECT,
      .length = LENGTH,
      .position = POSITION,
      .options = OPTIONS,
      .temps = {TEMP_0, TEMP_1, TEMP_2}};
  jit_emit_assertion(&e->reach, &registers, assertion, e->fail);
}

/* Consumes the byte at POSITION if it is in [low, high] and the match
 * end is not reached. */
static void emit_byte_range(emitter *e, const nfa_instruction *instruction) {
  a64_buffer *buffer = e->buffer;
  a64_cmp_reg(buffer, POSITION, END);
  fail_if(e, A64_EQ);
  if (instruction->low != 0 || instruction->high != 0xff) {
    a64_ldrb_reg(buffer, TEMP_1_W, SUBJECT, POSITION, A64_UXTX, false);
    if (instruction->low == instruction->high) {
      a64_cmp_imm(buffer, TEMP_1_W, instruction->low);
      fail_if(e, A64_NE);
    } else {
      if (instruction->low != 0) {
        a64_sub_imm(buffer, TEMP_1_W, TEMP_1_W, instruction->low);
      }
      a64_cmp_imm(buffer, TEMP_1_W, (uint64_t)(instruction->high - instruction->low));
      fail_if(e, A64_HI);
    }
  }
  a64_add_imm(buffer, POSITION, POSITION, 1);
  a64_add_imm(buffer, ROW, ROW, (uint64_t)1 << e->plan->row_shift);
}

/* The plan bounds the pushes, so the limit is never reached; checking it
 * turns a wrong bound into an error instead of a write past the stack. */
static void push_job(emitter *e, uint64_t resume_index, a64_reg value) {
  a64_cmp_reg(e->buffer, STACK, STACK_LIMIT);
  jit_branch_if(&e->reach, A64_HS, e->stack_exhausted);
  a64_mov_imm(e->buffer, TEMP_0, resume_index);
  a64_stp_post(e->buffer, TEMP_0, value, STACK, (int64_t)sizeof(backtrack_job));
}

static void emit_block(emitter *e, uint32_t index) {
  a64_buffer *buffer = e->buffer;
  const nfa_instruction *instruction = &e->program->instructions[index];
  a64_label_bind(buffer, e->blocks[index]);
  if (e->plan->visited_bit[index] != BACKTRACK_NO_BIT) {
    emit_visit(e, e->plan->visited_bit[index]);
  }
  switch ((nfa_opcode)instruction->opcode) {
    case NFA_BYTE_RANGE:
      emit_byte_range(e, instruction);
      break;
    case NFA_SPLIT:
      push_job(e, instruction->alternative, POSITION);
      break;
    case NFA_SAVE:
      access_slot(e, TEMP_1, instruction->slot, 0);
      push_job(e, (uint64_t)e->program->count + instruction->slot, TEMP_1);
      access_slot(e, POSITION, instruction->slot, 1);
      break;
    case NFA_ASSERT:
      emit_assertion(e, (ast_assertion)instruction->assertion);
      break;
    case NFA_MATCH:
      a64_cmp_reg(buffer, POSITION, END);
      fail_if(e, A64_NE);
      a64_mov_imm(buffer, A64_W(0), JIT_CAPTURE_RUN_MATCH);
      a64_ret(buffer);
      return;
    case NFA_FAIL:
      a64_b(buffer, e->fail);
      return;
  }
  if (instruction->next != index + 1) {
    a64_b(buffer, e->blocks[instruction->next]);
  }
}

static void emit_entry(emitter *e, a64_label entry) {
  a64_buffer *buffer = e->buffer;
  a64_label_bind(buffer, entry);
  a64_adr(buffer, ENTRY, entry);
  a64_ldr_imm(buffer, SUBJECT, CONTEXT, offsetof(jit_capture_context, subject));
  a64_ldr_imm(buffer, LENGTH, CONTEXT, offsetof(jit_capture_context, length));
  a64_ldr_imm(buffer, START, CONTEXT, offsetof(jit_capture_context, start));
  a64_ldr_imm(buffer, END, CONTEXT, offsetof(jit_capture_context, end));
  a64_ldr_imm(buffer, STACK_LIMIT, CONTEXT, offsetof(jit_capture_context, stack_limit));
  a64_ldr_imm(buffer, OPTIONS, CONTEXT, offsetof(jit_capture_context, options));
  a64_ldr_imm(buffer, SLOTS, CONTEXT, offsetof(jit_capture_context, slots));
  a64_ldr_imm(buffer, BITMAP, CONTEXT, offsetof(jit_capture_context, bitmap));
  a64_ldr_imm(buffer, STACK, CONTEXT, offsetof(jit_capture_context, stack));
  a64_ldr_imm(buffer, TABLE, CONTEXT, offsetof(jit_capture_context, resume_offsets));
  a64_mov_reg(buffer, STACK_BASE, STACK);
  a64_mov_reg(buffer, POSITION, START);
  a64_mov_reg(buffer, ROW, BITMAP);
  a64_b(buffer, e->blocks[e->program->start]);
}

/* Pops the newest job and jumps to its resume entry with its value in
 * TEMP_1; with none left there is no match. */
static void emit_fail(emitter *e) {
  a64_buffer *buffer = e->buffer;
  a64_label exhausted = a64_label_new(buffer);
  a64_label_bind(buffer, e->fail);
  a64_cmp_reg(buffer, STACK, STACK_BASE);
  a64_b_cond(buffer, A64_EQ, exhausted);
  a64_ldp_pre(buffer, TEMP_0, TEMP_1, STACK, -(int64_t)sizeof(backtrack_job));
  a64_ldr_reg(buffer, TEMP_2_W, TABLE, TEMP_0, A64_UXTX, true);
  a64_add_reg(buffer, TEMP_2, ENTRY, TEMP_2);
  a64_br(buffer, TEMP_2);
  a64_label_bind(buffer, exhausted);
  a64_mov_imm(buffer, A64_W(0), JIT_CAPTURE_RUN_NO_MATCH);
  a64_ret(buffer);
  a64_label_bind(buffer, e->stack_exhausted);
  a64_mov_imm(buffer, A64_W(0), JIT_CAPTURE_RUN_STACK_EXHAUSTED);
  a64_ret(buffer);
}

static uint32_t offset_from(const a64_buffer *buffer, size_t entry_word) {
  return (uint32_t)((a64_buffer_position(buffer) - entry_word) * sizeof(uint32_t));
}

/* An alternative continues at its instruction from the pushed position;
 * an undo job puts the slot's old value back and keeps failing. */
static void emit_resume_entries(emitter *e, size_t entry_word, uint32_t *resume_offsets) {
  a64_buffer *buffer = e->buffer;
  for (uint32_t i = 0; i < e->program->count; i++) {
    if (!e->plan->resumed[i]) {
      continue;
    }
    resume_offsets[i] = offset_from(buffer, entry_word);
    a64_mov_reg(buffer, POSITION, TEMP_1);
    a64_sub_reg(buffer, TEMP_0, POSITION, START);
    a64_add_shifted(buffer, ROW, BITMAP, TEMP_0, A64_LSL, e->plan->row_shift);
    a64_b(buffer, e->blocks[i]);
  }
  for (uint32_t slot = 0; slot < e->program->slot_count; slot++) {
    resume_offsets[e->program->count + slot] = offset_from(buffer, entry_word);
    access_slot(e, TEMP_1, slot, 1);
    a64_b(buffer, e->fail);
  }
}

int jit_capture_emit(a64_buffer *buffer, const nfa_program *program, const backtrack_plan *plan,
                     const jrx_allocator *allocator, uint32_t *resume_offsets) {
  size_t words = ((size_t)program->count + program->slot_count + 16u) * WORDS_PER_INSTRUCTION;
  emitter e = {.buffer = buffer,
               .program = program,
               .plan = plan,
               .blocks = memory_allocate_array(allocator, program->count, sizeof(a64_label)),
               .fail = a64_label_new(buffer),
               .stack_exhausted = a64_label_new(buffer),
               .reach = {buffer, words * sizeof(uint32_t) < CONDITIONAL_BRANCH_REACH}};
  if (e.blocks == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t i = 0; i < program->count; i++) {
    e.blocks[i] = a64_label_new(buffer);
  }
  a64_label entry = a64_label_new(buffer);
  size_t entry_word = a64_buffer_position(buffer);
  emit_entry(&e, entry);
  emit_fail(&e);
  for (uint32_t i = 0; i < program->count; i++) {
    emit_block(&e, i);
  }
  emit_resume_entries(&e, entry_word, resume_offsets);
  memory_free(allocator, e.blocks);
  return 0;
}
