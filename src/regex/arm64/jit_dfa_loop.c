/* jit_dfa_loop: the generated DFA scan loop: byte, class, transition and
 * a tag test that leaves the fast path, four steps per bounds check. The
 * state register never holds tags, so it indexes the table directly; the
 * four steps of a round load their transitions into four registers in
 * turn (the last back into the state register), so no step moves its
 * state from one register to another. The
 * self-loop of an accelerated state leaves the fast path too, for a NEON
 * scan to the next byte that leaves the state (dfa_accelerate.c has the
 * portable twin), 16 bytes a load while 16 remain: compares with up to
 * three escapes, or with an interval's bounds. */
#include "jit_dfa_loop.h"

#include <stddef.h>

#include "jit_frame.h"
#include "jit_scan.h"

#define UNROLL 4u
#define ROUND_SHIFT 2u /* log2(UNROLL) */
_Static_assert(UNROLL == 1u << ROUND_SHIFT, "a round of a power of two steps");
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
static const a64_reg SCRATCH_W = A64_W(15);
static const a64_reg TAGS = A64_W(15); /* a transition's tag bits */
/* The character check of a backward match in UTF mode: the subject's end,
 * then (once compared) the byte after the match byte. */
static const a64_reg SUBJECT_END = A64_X(14);
static const a64_reg FOLLOWING_BYTE = A64_W(14);

/* The jump of an accelerated state, between steps as well. */
static const a64_reg WORD = A64_W(9);  /* the state's acceleration word */
static const a64_reg KIND = A64_W(10); /* its dfa_acceleration_kind */
static const a64_reg LEAVING = A64_X(11);
static const a64_reg LEAVING_W = A64_W(11);
static const a64_reg BLOCK_START = A64_X(15);

/* Vector registers: the block, the three compare values, two masks. */
#define VECTOR_BLOCK A64_V(0)
#define VECTOR_VALUE(i) A64_V(1 + (i))
#define VECTOR_HITS A64_V(4)
#define VECTOR_MORE A64_V(5)
#define BLOCK_BYTES 16u
#define BLOCK_SHIFT 4u /* log2(BLOCK_BYTES) */

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

/* The registers of the unrolled round's states: step i goes from
 * ROUND_STATE[i] to ROUND_STATE[i + 1], the last back to STATE. Free
 * between calls, as the scratch registers. */
static const a64_reg ROUND_STATE[] = {A64_W(22) /* STATE */, A64_W(5), A64_W(6), A64_W(7)};
_Static_assert(sizeof ROUND_STATE / sizeof ROUND_STATE[0] == UNROLL, "a register per step");

/* to = table[from + class_of[byte]]; to `tagged` if any tag is set. The
 * tags, the top bits, are tested by a shift and cbnz rather than tst and
 * b.ne: qemu stores all four flags for a tst (8 x86-64 instructions for
 * the pair, 4 for lsr and cbnz, of a step's 40-odd); on hardware both are
 * two instructions. */
static void emit_step(a64_buffer *buffer, dfa_direction direction, a64_reg from, a64_reg to,
                      a64_label tagged) {
  if (direction == DFA_FORWARD) {
    a64_ldrb_post(buffer, BYTE_W, CURSOR, 1);
  } else {
    a64_ldrb_pre(buffer, BYTE_W, CURSOR, -1);
  }
  a64_ldrb_reg(buffer, COLUMN, CLASS_OF, BYTE_X, A64_UXTX, false);
  a64_add_reg(buffer, INDEX, from, COLUMN);
  a64_ldr_reg(buffer, to, TABLE, INDEX, A64_UXTW, true);
  a64_lsr_imm(buffer, TAGS, to, TAG_BIT(DFA_TAG_MASK));
  a64_cbnz(buffer, TAGS, tagged);
}

/* Stores the byte of the last match transition read: at CURSOR - 1
 * forwards, at CURSOR backwards, where with check_character_starts the
 * match would start after it only if that is a character's first byte
 * (or the subject's end): a continuation byte there stores nothing, as
 * dfa_record_match. */
static void emit_store_match_byte(a64_buffer *buffer, const jit_dfa_loop_options *options) {
  if (options->direction == DFA_FORWARD) {
    a64_sub_imm(buffer, SCRATCH, CURSOR, 1);
    a64_str_imm(buffer, SCRATCH, CONTEXT, offsetof(jit_scan_context, match_byte));
    return;
  }
  a64_label store = a64_label_new(buffer);
  a64_label skip = a64_label_new(buffer);
  if (options->check_character_starts) {
    a64_add_imm(buffer, SCRATCH, CURSOR, 1);
    a64_ldr_imm(buffer, SUBJECT_END, CONTEXT, offsetof(jit_scan_context, subject_end));
    a64_cmp_reg(buffer, SCRATCH, SUBJECT_END);
    a64_b_cond(buffer, A64_EQ, store);
    a64_ldrb_imm(buffer, FOLLOWING_BYTE, SCRATCH, 0);
    a64_and_imm(buffer, FOLLOWING_BYTE, FOLLOWING_BYTE, 0xc0); /* continuation: 10xxxxxx */
    a64_cmp_imm(buffer, FOLLOWING_BYTE, 0x80);
    a64_b_cond(buffer, A64_EQ, skip);
  }
  a64_label_bind(buffer, store);
  a64_str_imm(buffer, CURSOR, CONTEXT, offsetof(jit_scan_context, match_byte));
  a64_label_bind(buffer, skip);
}

/* Forwards, the first match transition read: its byte, at CURSOR - 1, is
 * both the first and (so far) the last match byte. */
static void emit_store_first_match_byte(a64_buffer *buffer) {
  a64_sub_imm(buffer, SCRATCH, CURSOR, 1);
  a64_str_imm(buffer, SCRATCH, CONTEXT, offsetof(jit_scan_context, match_byte));
  a64_str_imm(buffer, SCRATCH, CONTEXT, offsetof(jit_scan_context, first_match_byte));
}

/* The match transition just read; the state continues without its tag.
 * In the copy of the loop before the first match (first), that is the
 * first match byte too, and the loop goes on in the other copy. */
static void emit_record_match(a64_buffer *buffer, const jit_dfa_loop_options *options, bool first,
                              a64_label resume) {
  if (first) {
    emit_store_first_match_byte(buffer);
  } else {
    emit_store_match_byte(buffer, options);
  }
  a64_and_imm(buffer, STATE, NEXT, DFA_ID_MASK);
  a64_b(buffer, resume);
}

/* REMAINING = the bytes between CURSOR and STOP. */
static void emit_remaining(a64_buffer *buffer, dfa_direction direction) {
  if (direction == DFA_FORWARD) {
    a64_sub_reg(buffer, REMAINING, STOP, CURSOR);
  } else {
    a64_sub_reg(buffer, REMAINING, CURSOR, STOP);
  }
}

/* REMAINING = the whole rounds between CURSOR and STOP: a shift and
 * cbz/cbnz rather than cmp and b.lo, whose four flags qemu computes and
 * stores (about 17 x86-64 instructions for the cmp alone). */
static void emit_rounds_left(a64_buffer *buffer, dfa_direction direction) {
  emit_remaining(buffer, direction);
  a64_lsr_imm(buffer, REMAINING, REMAINING, ROUND_SHIFT);
}

/* Hands the tagged transition to C; the byte just read is at CURSOR - 1
 * forwards and at CURSOR backwards. The table may have moved. Goes on at
 * matched_resume instead of resume once the step (or an earlier one) has
 * recorded a first match: with record_first_match, the copy after it. */
static void emit_call_step(a64_buffer *buffer, const jit_dfa_loop_options *options,
                           a64_label resume, a64_label matched_resume, a64_label finish) {
  dfa_direction direction = options->direction;
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
  if (matched_resume != resume) {
    a64_ldr_imm(buffer, SCRATCH, CONTEXT, offsetof(jit_scan_context, first_match_byte));
    a64_cbnz(buffer, SCRATCH, matched_resume);
  }
  a64_b(buffer, resume);
}

/* Where a step goes when its transition is tagged, and where a recorded
 * match resumes: right after that step (after), so the loop carries on
 * where it was (the unrolled block checked the bounds of all its steps).
 * The exit code works on STATE and NEXT: the step's registers are moved
 * there on the way out (from still holds the state before the step), and
 * the state back into holds, which has it after the step, on the way in
 * (resume: at after itself when holds is STATE). */
typedef struct tagged_exit {
  a64_label tagged;
  a64_label resume;
  a64_label after;
  a64_reg from;
  a64_reg to;
  a64_reg holds;
} tagged_exit;

static void bind_after(a64_buffer *buffer, tagged_exit exit) {
  a64_label_bind(buffer, exit.after);
  if (exit.holds == STATE) {
    a64_label_bind(buffer, exit.resume);
  }
}

/* Step i of the unrolled round. */
static tagged_exit emit_round_step(a64_buffer *buffer, dfa_direction direction, unsigned i) {
  a64_reg to = ROUND_STATE[(i + 1) % UNROLL];
  tagged_exit exit = {a64_label_new(buffer), a64_label_new(buffer), a64_label_new(buffer),
                      ROUND_STATE[i], to, to};
  emit_step(buffer, direction, exit.from, to, exit.tagged);
  bind_after(buffer, exit);
  return exit;
}

/* The step after the unrolled rounds, one byte at a time. */
static tagged_exit emit_single_step(a64_buffer *buffer, dfa_direction direction) {
  tagged_exit exit = {a64_label_new(buffer), a64_label_new(buffer), a64_label_new(buffer),
                      STATE, NEXT, STATE};
  emit_step(buffer, direction, STATE, NEXT, exit.tagged);
  a64_mov_reg(buffer, STATE, NEXT);
  bind_after(buffer, exit);
  return exit;
}

/* The way back in: the state from STATE to exit.holds. */
static void emit_resume(a64_buffer *buffer, tagged_exit exit) {
  if (exit.holds != STATE) {
    a64_label_bind(buffer, exit.resume);
    a64_mov_reg(buffer, exit.holds, STATE);
    a64_b(buffer, exit.after);
  }
}

/* DFA_UNKNOWN and DFA_DEAD are exact values and an accelerated self-loop
 * has both their bits (dfa.h): the unknown bit sends both of those to
 * `special`, the dead bit alone is death (DFA_MATCH_THEN_DEAD has the
 * match bit too), which ends the scan at once as the step in C would; the
 * rest is a match, after which the loop resumes at matched_resume. */
static void emit_tagged_exit(a64_buffer *buffer, const jit_dfa_loop_options *options, bool first,
                             tagged_exit exit, a64_label matched_resume, a64_label dead,
                             a64_label special) {
  a64_label_bind(buffer, exit.tagged);
  if (exit.to != NEXT) {
    a64_mov_reg(buffer, NEXT, exit.to); /* before STATE, which may be exit.to */
  }
  if (exit.from != STATE) {
    a64_mov_reg(buffer, STATE, exit.from);
  }
  a64_tbnz(buffer, NEXT, TAG_BIT(DFA_UNKNOWN), special);
  a64_tbnz(buffer, NEXT, TAG_BIT(DFA_DEAD), dead);
  emit_record_match(buffer, options, first, matched_resume);
}

/* VECTOR_HITS = the bytes of VECTOR_BLOCK that leave: equal to one of the
 * three escapes, below the low or above the high byte (RANGE), or from
 * the low to the high byte (LEAVING_RANGE). */
static void emit_block_test(a64_buffer *buffer, dfa_acceleration_kind kind) {
  if (kind == DFA_ACCELERATION_RANGE) {
    a64_cmhi(buffer, A64_16B, VECTOR_HITS, VECTOR_VALUE(0), VECTOR_BLOCK);
    a64_cmhi(buffer, A64_16B, VECTOR_MORE, VECTOR_BLOCK, VECTOR_VALUE(1));
    a64_orr_vector(buffer, A64_16B, VECTOR_HITS, VECTOR_HITS, VECTOR_MORE);
    return;
  }
  if (kind == DFA_ACCELERATION_LEAVING_RANGE) {
    a64_cmhs(buffer, A64_16B, VECTOR_HITS, VECTOR_BLOCK, VECTOR_VALUE(0));
    a64_cmhs(buffer, A64_16B, VECTOR_MORE, VECTOR_VALUE(1), VECTOR_BLOCK);
    a64_and_vector(buffer, A64_16B, VECTOR_HITS, VECTOR_HITS, VECTOR_MORE);
    return;
  }
  a64_cmeq(buffer, A64_16B, VECTOR_HITS, VECTOR_BLOCK, VECTOR_VALUE(0));
  for (unsigned i = 1; i < 3; i++) {
    a64_cmeq(buffer, A64_16B, VECTOR_MORE, VECTOR_BLOCK, VECTOR_VALUE(i));
    a64_orr_vector(buffer, A64_16B, VECTOR_HITS, VECTOR_HITS, VECTOR_MORE);
  }
}

/* One scan loop over whole blocks: to `found` with LEAVING the nibble
 * mask (4 bits a byte) of the block, forwards at CURSOR, backwards at
 * BLOCK_START = CURSOR - 16; to `landed` when fewer than 16 bytes remain. */
static void emit_block_loop(a64_buffer *buffer, dfa_direction direction,
                            dfa_acceleration_kind kind, a64_label found, a64_label landed) {
  a64_label loop = a64_label_new(buffer);
  a64_label_bind(buffer, loop);
  if (direction == DFA_FORWARD) {
    a64_ld1(buffer, A64_16B, VECTOR_BLOCK, 1, CURSOR);
  } else {
    a64_sub_imm(buffer, BLOCK_START, CURSOR, BLOCK_BYTES);
    a64_ld1(buffer, A64_16B, VECTOR_BLOCK, 1, BLOCK_START);
  }
  emit_block_test(buffer, kind);
  a64_shrn(buffer, A64_8B, VECTOR_HITS, VECTOR_HITS, 4);
  a64_fmov_to_general(buffer, LEAVING, VECTOR_HITS);
  a64_cbnz(buffer, LEAVING, found);
  if (direction == DFA_FORWARD) {
    a64_add_imm(buffer, CURSOR, CURSOR, BLOCK_BYTES);
  } else {
    a64_mov_reg(buffer, CURSOR, BLOCK_START);
  }
  a64_sub_imm(buffer, REMAINING, REMAINING, BLOCK_BYTES);
  a64_lsr_imm(buffer, LEAVING, REMAINING, BLOCK_SHIFT); /* no flags, as emit_rounds_left */
  a64_cbnz(buffer, LEAVING, loop);
  a64_b(buffer, landed);
}

/* Reached with NEXT the tagged self-loop of an accelerated state over
 * the byte just read. Moves CURSOR over the bytes after it that loop too
 * (the acceleration word in the state's row says which), to the first
 * byte that leaves or the stop; with fewer than 16 bytes left it does not
 * move, and the steps take the rest. The match the self-loop carries is
 * recorded at the last byte passed over (and in the copy before the first
 * match, first, at the byte just read). Then the loop carries on at
 * resume, or at matched_resume after a match. */
static void emit_accelerated(a64_buffer *buffer, const jit_dfa_loop_options *options, bool first,
                             a64_label resume, a64_label matched_resume) {
  dfa_direction direction = options->direction;
  a64_label to_end = a64_label_new(buffer);
  a64_label range = a64_label_new(buffer);
  a64_label leaving_range = a64_label_new(buffer);
  a64_label found = a64_label_new(buffer);
  a64_label landed = a64_label_new(buffer);

  if (first) {
    a64_label no_match = a64_label_new(buffer);
    a64_tbz(buffer, NEXT, TAG_BIT(DFA_TAG_MATCH), no_match);
    emit_store_first_match_byte(buffer);
    a64_label_bind(buffer, no_match);
  }
  a64_and_imm(buffer, STATE, NEXT, DFA_ID_MASK);
  a64_add_extended(buffer, SCRATCH, TABLE, STATE, A64_UXTW, 2);
  a64_ldr_imm(buffer, WORD, SCRATCH, options->acceleration_offset);
  a64_lsr_imm(buffer, KIND, WORD, DFA_ACCELERATION_KIND_SHIFT);
  emit_remaining(buffer, direction);
  a64_cmp_imm(buffer, KIND, DFA_ACCELERATION_TO_END);
  a64_b_cond(buffer, A64_EQ, to_end);
  a64_cmp_imm(buffer, REMAINING, BLOCK_BYTES);
  a64_b_cond(buffer, A64_LO, landed);
  for (unsigned i = 0; i < 3; i++) {
    if (i > 0) {
      a64_lsr_imm(buffer, LEAVING_W, WORD, 8 * i);
    }
    a64_dup_general(buffer, A64_16B, VECTOR_VALUE(i), i > 0 ? LEAVING_W : WORD);
  }
  a64_cmp_imm(buffer, KIND, DFA_ACCELERATION_RANGE);
  a64_b_cond(buffer, A64_EQ, range);
  a64_cmp_imm(buffer, KIND, DFA_ACCELERATION_LEAVING_RANGE);
  a64_b_cond(buffer, A64_EQ, leaving_range);
  emit_block_loop(buffer, direction, DFA_ACCELERATION_ESCAPES, found, landed);
  a64_label_bind(buffer, range);
  emit_block_loop(buffer, direction, DFA_ACCELERATION_RANGE, found, landed);
  a64_label_bind(buffer, leaving_range);
  emit_block_loop(buffer, direction, DFA_ACCELERATION_LEAVING_RANGE, found, landed);

  /* Forwards the first leaving byte is at trailing zeros / 4; backwards
   * the last one ends the block, less leading zeros / 4. */
  a64_label_bind(buffer, found);
  if (direction == DFA_FORWARD) {
    a64_rbit(buffer, LEAVING, LEAVING);
    a64_clz(buffer, LEAVING, LEAVING);
    a64_add_shifted(buffer, CURSOR, CURSOR, LEAVING, A64_LSR, 2);
  } else {
    a64_clz(buffer, LEAVING, LEAVING);
    a64_sub_shifted(buffer, CURSOR, CURSOR, LEAVING, A64_LSR, 2);
  }
  a64_b(buffer, landed);

  a64_label_bind(buffer, to_end);
  a64_mov_reg(buffer, CURSOR, STOP);

  a64_label_bind(buffer, landed);
  /* The last byte passed over was read with the self-loop's tag. */
  a64_tbz(buffer, NEXT, TAG_BIT(DFA_TAG_MATCH), resume);
  emit_store_match_byte(buffer, options);
  a64_b(buffer, matched_resume);
}

/* The labels of one copy of the loop. */
typedef struct loop_copy {
  a64_label unrolled;
  a64_label single;
  a64_label special;
  a64_label unknown;
  a64_label dead;
  tagged_exit exits[UNROLL + 1];
} loop_copy;

/* The steps of a copy: four a round while four bytes remain, then one. */
static void emit_copy_steps(a64_buffer *buffer, const jit_dfa_loop_options *options,
                            loop_copy *copy, a64_label finish) {
  dfa_direction direction = options->direction;
  a64_label prefilter = options->prefilter;
  copy->unrolled = a64_label_new(buffer);
  copy->single = a64_label_new(buffer);
  copy->special = a64_label_new(buffer);
  copy->unknown = a64_label_new(buffer);
  copy->dead = a64_label_new(buffer);

  a64_label round = a64_label_new(buffer);
  a64_label_bind(buffer, copy->unrolled);
  emit_rounds_left(buffer, direction);
  a64_cbz(buffer, REMAINING, copy->single);
  a64_label_bind(buffer, round);
  for (unsigned i = 0; i < UNROLL; i++) {
    copy->exits[i] = emit_round_step(buffer, direction, i);
  }
  if (direction == DFA_FORWARD) {
    /* Back to the top, which checks the bounds, unless in the skip state. */
    a64_eor_reg(buffer, SCRATCH_W, STATE, SKIP_STATE);
    a64_cbnz(buffer, SCRATCH_W, copy->unrolled);
    if (prefilter == A64_LABEL_INVALID) {
      a64_b(buffer, finish);
    } else {
      a64_mov_reg(buffer, A64_X(0), CURSOR);
      a64_mov_reg(buffer, A64_X(1), STOP);
      a64_bl(buffer, prefilter);
      a64_mov_reg(buffer, CURSOR, A64_X(0));
      emit_load_context(buffer);
      a64_b(buffer, copy->unrolled);
    }
  } else {
    /* The bounds checked at the bottom: one block less a round. */
    emit_rounds_left(buffer, direction);
    a64_cbnz(buffer, REMAINING, round);
    a64_b(buffer, copy->single);
  }

  a64_label_bind(buffer, copy->single);
  emit_remaining(buffer, direction);
  a64_cbz(buffer, REMAINING, finish);
  copy->exits[UNROLL] = emit_single_step(buffer, direction);
  a64_b(buffer, copy->single);
}

/* The tagged transitions of a copy. With after (the copy before the
 * first match, of a loop with record_first_match), a match stores the
 * first match byte too and goes on in after; else in the copy itself,
 * which is the last one emitted. Death ends the scan at stop, which
 * follows. */
static void emit_copy_exits(a64_buffer *buffer, const jit_dfa_loop_options *options,
                            const loop_copy *copy, const loop_copy *after, a64_label stop,
                            a64_label finish) {
  bool first = after != NULL;
  const loop_copy *matched = first ? after : copy;
  for (unsigned i = 0; i <= UNROLL; i++) {
    emit_tagged_exit(buffer, options, first, copy->exits[i], matched->exits[i].resume, copy->dead,
                     copy->special);
    emit_resume(buffer, copy->exits[i]);
  }

  /* Without the dead bit, the unknown bit is DFA_UNKNOWN exactly. */
  a64_label_bind(buffer, copy->special);
  a64_tbz(buffer, NEXT, TAG_BIT(DFA_DEAD), copy->unknown);
  emit_accelerated(buffer, options, first, copy->unrolled, matched->unrolled);

  a64_label_bind(buffer, copy->unknown);
  emit_call_step(buffer, options, copy->unrolled, matched->unrolled, finish);

  /* A match before the death is the scan's last. */
  a64_label_bind(buffer, copy->dead);
  a64_tbz(buffer, NEXT, TAG_BIT(DFA_TAG_MATCH), stop);
  if (first) {
    emit_store_first_match_byte(buffer);
    a64_b(buffer, stop);
  } else {
    emit_store_match_byte(buffer, options); /* stop follows this copy */
  }
}

void jit_dfa_loop_emit(a64_buffer *buffer, const jit_dfa_loop_options *options) {
  a64_label stop = a64_label_new(buffer);
  a64_label finish = a64_label_new(buffer);
  loop_copy before;
  loop_copy copy;

  emit_prologue(buffer);
  emit_load_context(buffer);
  if (options->record_first_match) {
    emit_copy_steps(buffer, options, &before, finish);
  }
  emit_copy_steps(buffer, options, &copy, finish);
  if (options->record_first_match) {
    emit_copy_exits(buffer, options, &before, &copy, stop, finish);
  }
  emit_copy_exits(buffer, options, &copy, NULL, stop, finish);

  a64_label_bind(buffer, stop);
  a64_mov_imm(buffer, STATE, JIT_SCAN_STOP);

  a64_label_bind(buffer, finish);
  emit_epilogue(buffer);
}
