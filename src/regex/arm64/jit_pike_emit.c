/* jit_pike_emit: pike.c's algorithm with the program's shape compiled in.
 * A closure is entered with BL and follows its instruction's edges
 * directly: a SPLIT pushes its alternative and falls into next, a SAVE
 * pushes the slot's old value, and a dead end pops the newest job (RET
 * when none is left), so threads join the list in the priority order the
 * C Pike VM gives them. Only join points carry a stamp; any other
 * instruction is reached at most as often as its one predecessor. */
#include "jit_pike_emit.h"

#include <stdbool.h>

#include "jit_assertion_emit.h"
#include "jit_frame.h"
#include "jit_lookaround_emit.h"
#include "jit_offset.h"
#include "jrx.h"
#include "regex/memory.h"

static const a64_reg CONTEXT = A64_X(0);
static const a64_reg SUBJECT = A64_X(1);
static const a64_reg LENGTH = A64_X(2);
static const a64_reg POSITION = A64_X(3); /* of the list being built */
static const a64_reg OPTIONS = A64_X(4);
static const a64_reg STAMPS = A64_X(5);
static const a64_reg GENERATION = A64_W(6); /* stamp of the list being built */
static const a64_reg GENERATION_X = A64_X(6);
static const a64_reg ADD_CODES = A64_X(7); /* cursors of the list being built */
static const a64_reg ADD_SLOTS = A64_X(8);
static const a64_reg WORKING = A64_X(9);
static const a64_reg STACK = A64_X(10);
static const a64_reg STACK_BASE = A64_X(11);
static const a64_reg TABLE = A64_X(12);
static const a64_reg ENTRY = A64_X(13);
static const a64_reg BYTE = A64_W(14); /* the byte the threads step over; 256 at the end */
static const a64_reg TEMP_0 = A64_X(15);
static const a64_reg TEMP_0_W = A64_W(15);
static const a64_reg TEMP_1 = A64_X(16);
static const a64_reg TEMP_1_W = A64_W(16);
static const a64_reg TEMP_2 = A64_X(17);
static const a64_reg TEMP_2_W = A64_W(17);

/* Callee-saved: the two lists, the thread being stepped, and constants. */
static const a64_reg CURRENT_CODES = A64_X(19);
static const a64_reg CURRENT_SLOTS = A64_X(20);
static const a64_reg NEXT_CODES = A64_X(21);
static const a64_reg NEXT_SLOTS = A64_X(22);
static const a64_reg CURRENT_END = A64_X(23);
static const a64_reg THREAD_CODES = A64_X(24);
static const a64_reg THREAD_SLOTS = A64_X(25);
static const a64_reg SLOT_BYTES = A64_X(26);
static const a64_reg MATCHED = A64_X(27);
static const a64_reg MATCHED_W = A64_W(27);
static const a64_reg COPY_END = A64_X(28);
#define SAVED_PAIRS 5u /* x19-x28 */

/* Slot copies up to this many slots are unrolled pairs (LDP/STP offsets
 * reach 504 bytes); longer ones loop. */
#define UNROLLED_SLOTS 64u

#define JOB_BYTES sizeof(jit_pike_job)

typedef struct emitter {
  a64_buffer *buffer;
  const nfa_program *program;
  const backtrack_plan *plan;
  a64_label *closures; /* per instruction */
  a64_label step_match;
  a64_label pop;
  a64_label closure_return;
  a64_label advance;
  a64_label step_done;
  a64_label stack_exhausted;
  jit_branch_reach reach;
  size_t stack_bytes;
  bool count_steps; /* jit_pike_emit_*_counting */
} emitter;

size_t jit_pike_stack_bytes(const backtrack_plan *plan) {
  size_t bytes = ((size_t)plan->pushes_per_position + 1) * JOB_BYTES;
  return bytes <= 0xfff ? bytes : (bytes + 0xfff) & ~(size_t)0xfff;
}

/* context->steps += 1, through TEMP_0, in the counting code only. */
static void emit_count_step(emitter *e) {
  if (!e->count_steps) {
    return;
  }
  a64_ldr_imm(e->buffer, TEMP_0, CONTEXT, offsetof(jit_pike_context, steps));
  a64_add_imm(e->buffer, TEMP_0, TEMP_0, 1);
  a64_str_imm(e->buffer, TEMP_0, CONTEXT, offsetof(jit_pike_context, steps));
}

static void branch_if(emitter *e, a64_condition condition, a64_label target) {
  jit_branch_if(&e->reach, condition, target);
}

static uint32_t step_index(const emitter *e, uint32_t instruction) {
  return e->program->count + e->program->slot_count + instruction;
}

/* Loads or stores a working slot, through TEMP_2 when its offset is
 * beyond the scaled immediate's reach. */
static void access_working_slot(emitter *e, a64_reg value, uint32_t slot, int store) {
  uint64_t offset = (uint64_t)slot * sizeof(size_t);
  a64_reg base = jit_offset_base(e->buffer, WORKING, &offset, sizeof(size_t), TEMP_2);
  if (store) {
    a64_str_imm(e->buffer, value, base, offset);
  } else {
    a64_ldr_imm(e->buffer, value, base, offset);
  }
}

/* Copies slot_count slots from source (kept) to destination, which ends
 * past them. Uses TEMP_0, TEMP_1 and COPY_END. */
static void emit_copy_slots(emitter *e, a64_reg destination, a64_reg source) {
  a64_buffer *buffer = e->buffer;
  uint32_t slots = e->program->slot_count;
  if (slots <= UNROLLED_SLOTS) {
    for (uint32_t slot = 0; slot < slots; slot += 2) {
      a64_ldp_offset(buffer, TEMP_0, TEMP_1, source, (int64_t)slot * 8);
      a64_stp_post(buffer, TEMP_0, TEMP_1, destination, 16);
    }
    return;
  }
  a64_label loop = a64_label_new(buffer);
  a64_add_reg(buffer, COPY_END, source, SLOT_BYTES);
  a64_mov_reg(buffer, TEMP_0, source);
  a64_label_bind(buffer, loop);
  a64_ldr_post(buffer, TEMP_1, TEMP_0, 8);
  a64_str_post(buffer, TEMP_1, destination, 8);
  a64_cmp_reg(buffer, TEMP_0, COPY_END);
  a64_b_cond(buffer, A64_NE, loop);
}

/* Every working slot = JRX_UNSET, as a new start has none set. */
static void emit_unset_working(emitter *e) {
  a64_buffer *buffer = e->buffer;
  a64_mov_imm(buffer, TEMP_1, (uint64_t)JRX_UNSET);
  a64_mov_reg(buffer, TEMP_2, WORKING);
  a64_label loop = a64_label_new(buffer);
  a64_add_reg(buffer, COPY_END, WORKING, SLOT_BYTES);
  a64_label_bind(buffer, loop);
  a64_stp_post(buffer, TEMP_1, TEMP_1, TEMP_2, 16);
  a64_cmp_reg(buffer, TEMP_2, COPY_END);
  a64_b_cond(buffer, A64_NE, loop);
}

/* A new list at a new generation; after 2^32 lists the stamps are zeroed
 * so that old ones cannot pass for new. */
static void emit_begin_list(emitter *e, a64_reg codes, a64_reg slots) {
  a64_buffer *buffer = e->buffer;
  a64_label fresh = a64_label_new(buffer);
  a64_add_imm(buffer, GENERATION, GENERATION, 1);
  a64_cbnz(buffer, GENERATION, fresh);
  if (e->plan->join_count > 0) {
    a64_label zero = a64_label_new(buffer);
    a64_mov_reg(buffer, TEMP_0, STAMPS);
    a64_mov_imm(buffer, TEMP_1, e->plan->join_count);
    a64_label_bind(buffer, zero);
    a64_str_post(buffer, A64_WZR, TEMP_0, 4);
    a64_subs_imm(buffer, TEMP_1, TEMP_1, 1);
    a64_b_cond(buffer, A64_NE, zero);
  }
  a64_mov_imm(buffer, GENERATION, 1);
  a64_label_bind(buffer, fresh);
  a64_mov_reg(buffer, ADD_CODES, codes);
  a64_mov_reg(buffer, ADD_SLOTS, slots);
}

/* Pops to the closure's next job if the instruction's stamp is the
 * list's, else stamps it. */
static void emit_stamp(emitter *e, uint32_t join) {
  a64_buffer *buffer = e->buffer;
  uint64_t offset = (uint64_t)join * sizeof(uint32_t);
  a64_reg base = jit_offset_base(buffer, STAMPS, &offset, sizeof(uint32_t), TEMP_1);
  a64_ldr_imm(buffer, TEMP_0_W, base, offset);
  a64_cmp_reg(buffer, TEMP_0_W, GENERATION);
  branch_if(e, A64_EQ, e->pop);
  a64_str_imm(buffer, GENERATION, base, offset);
}

/* The plan bounds the pushes, so the check never fires; it turns a wrong
 * bound into an error instead of a write past the stack. */
static void push_job(emitter *e, uint64_t code_index, a64_reg value) {
  a64_buffer *buffer = e->buffer;
  a64_sub_reg(buffer, TEMP_0, STACK, STACK_BASE);
  a64_cmp_imm(buffer, TEMP_0, e->stack_bytes);
  branch_if(e, A64_HS, e->stack_exhausted);
  a64_mov_imm(buffer, TEMP_0, code_index);
  a64_stp_post(buffer, TEMP_0, value, STACK, (int64_t)JOB_BYTES);
}

static void emit_assertion(emitter *e, const nfa_instruction *instruction) {
  ast_assertion assertion = (ast_assertion)instruction->assertion;
  const jit_lookaround_registers call_registers = {
      .context = CONTEXT,
      .lookarounds_field = offsetof(jit_pike_context, lookarounds),
      .position = POSITION,
      .result = TEMP_0};
  if (assertion == AST_ASSERT_LOOKAROUND) {
    jit_emit_lookaround(&e->reach, &call_registers, instruction->lookaround, e->pop);
    return;
  }
  if (assertion == AST_ASSERT_UCP_WORD_BOUNDARY || assertion == AST_ASSERT_UCP_NOT_WORD_BOUNDARY ||
      ast_assertion_is_grapheme(assertion)) {
    jit_emit_assertion_call(&e->reach, &call_registers, assertion, e->pop);
    return;
  }
  const jit_assertion_registers registers = {
      .context = CONTEXT,
      .start_offset_field = offsetof(jit_pike_context, start_offset),
      .word_bytes_field = offsetof(jit_pike_context, word_bytes),
      .subject = SUBJECT,
      .length = LENGTH,
      .position = POSITION,
      .options = OPTIONS,
      .temps = {TEMP_0, TEMP_1, TEMP_2}};
  jit_emit_assertion(&e->reach, &registers, assertion, e->pop);
}

/* Adds the thread (its step entry and the working slots) to the list. */
static void emit_add_thread(emitter *e, uint32_t index) {
  a64_mov_imm(e->buffer, TEMP_0_W, step_index(e, index));
  a64_str_post(e->buffer, TEMP_0_W, ADD_CODES, 4);
  emit_copy_slots(e, ADD_SLOTS, WORKING);
}

static void emit_closure_block(emitter *e, uint32_t index) {
  a64_buffer *buffer = e->buffer;
  const nfa_instruction *instruction = &e->program->instructions[index];
  a64_label_bind(buffer, e->closures[index]);
  if (e->plan->visited_bit[index] != BACKTRACK_NO_BIT) {
    emit_stamp(e, e->plan->visited_bit[index]);
  }
  emit_count_step(e);
  switch ((nfa_opcode)instruction->opcode) {
    case NFA_BYTE_RANGE:
    case NFA_MATCH:
      emit_add_thread(e, index);
      a64_b(buffer, e->pop);
      return;
    case NFA_FAIL:
      a64_b(buffer, e->pop);
      return;
    case NFA_SPLIT:
      push_job(e, instruction->alternative, TEMP_0);
      break;
    case NFA_SAVE:
      access_working_slot(e, TEMP_1, instruction->slot, 0);
      push_job(e, (uint64_t)e->program->count + instruction->slot, TEMP_1);
      access_working_slot(e, POSITION, instruction->slot, 1);
      break;
    case NFA_ASSERT:
      emit_assertion(e, instruction);
      break;
  }
  if (instruction->next != index + 1) {
    a64_b(buffer, e->closures[instruction->next]);
  }
}

/* Moves the thread over BYTE into the list being built (its closure runs
 * at POSITION, one past the byte). */
static void emit_step_block(emitter *e, const nfa_instruction *instruction) {
  a64_buffer *buffer = e->buffer;
  if (instruction->low == instruction->high) {
    a64_cmp_imm(buffer, BYTE, instruction->low);
    branch_if(e, A64_NE, e->advance);
  } else {
    a64_sub_imm(buffer, TEMP_0_W, BYTE, instruction->low);
    a64_cmp_imm(buffer, TEMP_0_W, (uint64_t)(instruction->high - instruction->low));
    branch_if(e, A64_HI, e->advance);
  }
  a64_mov_reg(buffer, TEMP_2, WORKING);
  emit_copy_slots(e, TEMP_2, THREAD_SLOTS);
  a64_bl(buffer, e->closures[instruction->next]);
  a64_b(buffer, e->advance);
}

/* A thread at MATCH wins unless it is an empty match the options reject;
 * the threads after it have lower priority and are dropped. */
static void emit_step_match(emitter *e) {
  a64_buffer *buffer = e->buffer;
  a64_label accept = a64_label_new(buffer);
  a64_label_bind(buffer, e->step_match);
  a64_ldr_imm(buffer, TEMP_0, THREAD_SLOTS, 0);
  a64_sub_imm(buffer, TEMP_1, POSITION, 1);
  a64_cmp_reg(buffer, TEMP_0, TEMP_1);
  a64_b_cond(buffer, A64_NE, accept);
  a64_tst_imm(buffer, OPTIONS, JRX_NOTEMPTY);
  branch_if(e, A64_NE, e->advance);
  a64_tst_imm(buffer, OPTIONS, JRX_NOTEMPTY_ATSTART);
  a64_b_cond(buffer, A64_EQ, accept);
  a64_ldr_imm(buffer, TEMP_0, CONTEXT, offsetof(jit_pike_context, start_offset));
  a64_cmp_reg(buffer, TEMP_1, TEMP_0);
  branch_if(e, A64_EQ, e->advance);
  a64_label_bind(buffer, accept);
  a64_ldr_imm(buffer, TEMP_2, CONTEXT, offsetof(jit_pike_context, best));
  emit_copy_slots(e, TEMP_2, THREAD_SLOTS);
  a64_mov_imm(buffer, MATCHED, 1);
  a64_b(buffer, e->step_done);
}

/* Branches to target when the search is anchored at the start offset:
 * by the pattern, or by JRX_ANCHORED. */
static void branch_if_anchored(emitter *e, a64_label target) {
  if (e->program->anchored) {
    a64_b(e->buffer, target);
  } else {
    a64_tst_imm(e->buffer, OPTIONS, JRX_ANCHORED);
    a64_b_cond(e->buffer, A64_NE, target);
  }
}

/* Follows the start instruction into the list being built, unless a match
 * was found (later starts lose to it), the search is anchored away from
 * the start offset, or the position is inside a UTF-8 character. */
static void emit_try_start(emitter *e, a64_label skip) {
  a64_buffer *buffer = e->buffer;
  a64_label may_start = a64_label_new(buffer);
  a64_cbnz(buffer, MATCHED, skip);
  if (!e->program->anchored) {
    a64_tst_imm(buffer, OPTIONS, JRX_ANCHORED);
    a64_b_cond(buffer, A64_EQ, may_start);
  }
  a64_ldr_imm(buffer, TEMP_0, CONTEXT, offsetof(jit_pike_context, start_offset));
  a64_cmp_reg(buffer, POSITION, TEMP_0);
  a64_b_cond(buffer, A64_NE, skip);
  a64_label_bind(buffer, may_start);
  if (e->program->utf) {
    a64_label boundary = a64_label_new(buffer);
    a64_cmp_reg(buffer, POSITION, LENGTH);
    a64_b_cond(buffer, A64_HS, boundary);
    a64_ldrb_reg(buffer, TEMP_0_W, SUBJECT, POSITION, A64_UXTX, false);
    a64_and_imm(buffer, TEMP_0_W, TEMP_0_W, 0xc0);
    a64_cmp_imm(buffer, TEMP_0_W, 0x80);
    a64_b_cond(buffer, A64_EQ, skip);
    a64_label_bind(buffer, boundary);
  }
  emit_unset_working(e);
  a64_bl(buffer, e->closures[e->program->start]);
}

/* With no thread left and no match, the next position where a match could
 * start: the next one if the empty string may match, else the next byte a
 * match may begin with. Leaves to done when there is none. */
static void emit_skip_ahead(emitter *e, a64_label done) {
  a64_buffer *buffer = e->buffer;
  a64_add_imm(buffer, POSITION, POSITION, 1);
  if (e->program->can_match_empty) {
    a64_cmp_reg(buffer, POSITION, LENGTH);
    a64_b_cond(buffer, A64_HI, done);
    return;
  }
  a64_label loop = a64_label_new(buffer);
  a64_label found = a64_label_new(buffer);
  a64_ldr_imm(buffer, TEMP_2, CONTEXT, offsetof(jit_pike_context, first_bytes));
  a64_label_bind(buffer, loop);
  a64_cmp_reg(buffer, POSITION, LENGTH);
  a64_b_cond(buffer, A64_HS, done);
  a64_ldrb_reg(buffer, TEMP_0_W, SUBJECT, POSITION, A64_UXTX, false);
  a64_ldrb_reg(buffer, TEMP_0_W, TEMP_2, TEMP_0, A64_UXTX, false);
  a64_cbnz(buffer, TEMP_0_W, found);
  a64_add_imm(buffer, POSITION, POSITION, 1);
  a64_b(buffer, loop);
  a64_label_bind(buffer, found);
}

/* Takes the next thread of the current list to its step entry. */
static void emit_dispatch(emitter *e, a64_label next_thread) {
  a64_buffer *buffer = e->buffer;
  a64_label_bind(buffer, e->advance);
  a64_add_reg(buffer, THREAD_SLOTS, THREAD_SLOTS, SLOT_BYTES);
  a64_label_bind(buffer, next_thread);
  a64_cmp_reg(buffer, THREAD_CODES, CURRENT_END);
  a64_b_cond(buffer, A64_EQ, e->step_done);
  emit_count_step(e);
  a64_ldr_post(buffer, TEMP_0_W, THREAD_CODES, 4);
  a64_ldr_reg(buffer, TEMP_1_W, TABLE, TEMP_0, A64_UXTX, true);
  a64_add_reg(buffer, TEMP_1, ENTRY, TEMP_1);
  a64_br(buffer, TEMP_1);
}

static void swap(a64_buffer *buffer, a64_reg a, a64_reg b) {
  a64_mov_reg(buffer, TEMP_0, a);
  a64_mov_reg(buffer, a, b);
  a64_mov_reg(buffer, b, TEMP_0);
}

/* Stores the generation for the next run and returns result (a W
 * register or JIT_PIKE_RUN_* in TEMP_0_W). */
static void emit_finish(emitter *e, a64_reg result) {
  a64_str_imm(e->buffer, GENERATION_X, CONTEXT, offsetof(jit_pike_context, generation));
  a64_mov_reg(e->buffer, A64_W(0), result);
  jit_frame_leave_and_return(e->buffer, SAVED_PAIRS);
}

static void emit_entry(emitter *e) {
  a64_buffer *buffer = e->buffer;
  a64_label entry = a64_label_new(buffer);
  a64_label_bind(buffer, entry);
  jit_frame_enter(buffer, SAVED_PAIRS);
  a64_adr(buffer, ENTRY, entry);
  a64_ldr_imm(buffer, SUBJECT, CONTEXT, offsetof(jit_pike_context, subject));
  a64_ldr_imm(buffer, LENGTH, CONTEXT, offsetof(jit_pike_context, length));
  a64_ldr_imm(buffer, POSITION, CONTEXT, offsetof(jit_pike_context, start_offset));
  a64_ldr_imm(buffer, OPTIONS, CONTEXT, offsetof(jit_pike_context, options));
  a64_ldr_imm(buffer, STAMPS, CONTEXT, offsetof(jit_pike_context, stamps));
  a64_ldr_imm(buffer, GENERATION_X, CONTEXT, offsetof(jit_pike_context, generation));
  a64_ldp_offset(buffer, CURRENT_CODES, NEXT_CODES, CONTEXT,
                 (int64_t)offsetof(jit_pike_context, thread_codes));
  a64_ldp_offset(buffer, CURRENT_SLOTS, NEXT_SLOTS, CONTEXT,
                 (int64_t)offsetof(jit_pike_context, thread_slots));
  a64_ldr_imm(buffer, STACK, CONTEXT, offsetof(jit_pike_context, stack));
  a64_mov_reg(buffer, STACK_BASE, STACK);
  a64_ldr_imm(buffer, WORKING, CONTEXT, offsetof(jit_pike_context, working));
  a64_ldr_imm(buffer, TABLE, CONTEXT, offsetof(jit_pike_context, code_offsets));
  a64_mov_imm(buffer, SLOT_BYTES, (uint64_t)e->program->slot_count * sizeof(size_t));
  a64_mov_imm(buffer, MATCHED, 0);
}

/* pike_match's loop: a start joins the list of each position after the
 * threads that stepped into it, as it has the lowest priority. */
static void emit_search(emitter *e) {
  a64_buffer *buffer = e->buffer;
  a64_label try_start = a64_label_new(buffer);
  a64_label after_start = a64_label_new(buffer);
  a64_label have_threads = a64_label_new(buffer);
  a64_label next_thread = a64_label_new(buffer);
  a64_label done = a64_label_new(buffer);
  a64_label at_end = a64_label_new(buffer);

  emit_begin_list(e, CURRENT_CODES, CURRENT_SLOTS);
  a64_label_bind(buffer, try_start);
  emit_try_start(e, after_start);
  a64_label_bind(buffer, after_start);
  a64_cmp_reg(buffer, ADD_CODES, CURRENT_CODES);
  a64_b_cond(buffer, A64_NE, have_threads);
  a64_cbnz(buffer, MATCHED, done);
  branch_if_anchored(e, done);
  emit_skip_ahead(e, done);
  emit_begin_list(e, CURRENT_CODES, CURRENT_SLOTS);
  a64_b(buffer, try_start);

  a64_label_bind(buffer, have_threads);
  a64_mov_reg(buffer, CURRENT_END, ADD_CODES);
  a64_mov_reg(buffer, THREAD_CODES, CURRENT_CODES);
  a64_mov_reg(buffer, THREAD_SLOTS, CURRENT_SLOTS);
  emit_begin_list(e, NEXT_CODES, NEXT_SLOTS);
  a64_mov_imm(buffer, BYTE, 256);
  a64_cmp_reg(buffer, POSITION, LENGTH);
  a64_b_cond(buffer, A64_HS, at_end);
  a64_ldrb_reg(buffer, BYTE, SUBJECT, POSITION, A64_UXTX, false);
  a64_label_bind(buffer, at_end);
  a64_add_imm(buffer, POSITION, POSITION, 1);
  a64_b(buffer, next_thread);
  emit_dispatch(e, next_thread);

  a64_label_bind(buffer, e->step_done);
  swap(buffer, CURRENT_CODES, NEXT_CODES);
  swap(buffer, CURRENT_SLOTS, NEXT_SLOTS);
  a64_cmp_reg(buffer, POSITION, LENGTH);
  a64_b_cond(buffer, A64_LS, try_start);

  a64_label_bind(buffer, done);
  emit_finish(e, MATCHED_W);
  a64_label_bind(buffer, e->stack_exhausted);
  a64_mov_imm(buffer, TEMP_0_W, JIT_PIKE_RUN_STACK_EXHAUSTED);
  emit_finish(e, TEMP_0_W);
}

/* Pops the newest job to its entry, with its value in TEMP_1; with none
 * left the closure returns. */
static void emit_pop(emitter *e) {
  a64_buffer *buffer = e->buffer;
  a64_label_bind(buffer, e->pop);
  a64_cmp_reg(buffer, STACK, STACK_BASE);
  a64_b_cond(buffer, A64_EQ, e->closure_return);
  a64_ldp_pre(buffer, TEMP_0, TEMP_1, STACK, -(int64_t)JOB_BYTES);
  a64_ldr_reg(buffer, TEMP_2_W, TABLE, TEMP_0, A64_UXTX, true);
  a64_add_reg(buffer, TEMP_2, ENTRY, TEMP_2);
  a64_br(buffer, TEMP_2);
  a64_label_bind(buffer, e->closure_return);
  a64_ret(buffer);
}

static uint32_t offset_from(const a64_buffer *buffer, size_t entry_word) {
  return (uint32_t)((a64_buffer_position(buffer) - entry_word) * sizeof(uint32_t));
}

/* The blocks, recording where each entry of the code offset table is. */
static void emit_blocks(emitter *e, size_t entry_word, uint32_t *code_offsets) {
  a64_buffer *buffer = e->buffer;
  const nfa_program *program = e->program;
  for (uint32_t i = 0; i < program->count; i++) {
    code_offsets[i] = offset_from(buffer, entry_word);
    emit_closure_block(e, i);
  }
  for (uint32_t slot = 0; slot < program->slot_count; slot++) {
    code_offsets[program->count + slot] = offset_from(buffer, entry_word);
    access_working_slot(e, TEMP_1, slot, 1);
    a64_b(buffer, e->pop);
  }
  uint32_t match_offset = offset_from(buffer, entry_word);
  emit_step_match(e);
  for (uint32_t i = 0; i < program->count; i++) {
    const nfa_instruction *instruction = &program->instructions[i];
    if (instruction->opcode == NFA_MATCH) {
      code_offsets[step_index(e, i)] = match_offset;
    } else if (instruction->opcode == NFA_BYTE_RANGE) {
      code_offsets[step_index(e, i)] = offset_from(buffer, entry_word);
      emit_step_block(e, instruction);
    }
  }
}

static int emit(a64_buffer *buffer, const nfa_program *program, const backtrack_plan *plan,
                const jrx_allocator *allocator, uint32_t *code_offsets, int near,
                bool count_steps) {
  emitter e = {.buffer = buffer,
               .program = program,
               .plan = plan,
               .closures = memory_allocate_array(allocator, program->count, sizeof(a64_label)),
               .step_match = a64_label_new(buffer),
               .pop = a64_label_new(buffer),
               .closure_return = a64_label_new(buffer),
               .advance = a64_label_new(buffer),
               .step_done = a64_label_new(buffer),
               .stack_exhausted = a64_label_new(buffer),
               .reach = {buffer, near},
               .stack_bytes = jit_pike_stack_bytes(plan),
               .count_steps = count_steps};
  if (e.closures == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t i = 0; i < program->count; i++) {
    e.closures[i] = a64_label_new(buffer);
  }
  size_t entry_word = a64_buffer_position(buffer);
  emit_entry(&e);
  emit_search(&e);
  emit_pop(&e);
  emit_blocks(&e, entry_word, code_offsets);
  memory_free(allocator, e.closures);
  return 0;
}

int jit_pike_emit_near(a64_buffer *buffer, const nfa_program *program,
                       const backtrack_plan *plan, const jrx_allocator *allocator,
                       uint32_t *code_offsets) {
  return emit(buffer, program, plan, allocator, code_offsets, 1, false);
}

int jit_pike_emit_far(a64_buffer *buffer, const nfa_program *program,
                      const backtrack_plan *plan, const jrx_allocator *allocator,
                      uint32_t *code_offsets) {
  return emit(buffer, program, plan, allocator, code_offsets, 0, false);
}

int jit_pike_emit_near_counting(a64_buffer *buffer, const nfa_program *program,
                                const backtrack_plan *plan, const jrx_allocator *allocator,
                                uint32_t *code_offsets) {
  return emit(buffer, program, plan, allocator, code_offsets, 1, true);
}

int jit_pike_emit_far_counting(a64_buffer *buffer, const nfa_program *program,
                               const backtrack_plan *plan, const jrx_allocator *allocator,
                               uint32_t *code_offsets) {
  return emit(buffer, program, plan, allocator, code_offsets, 0, true);
}
