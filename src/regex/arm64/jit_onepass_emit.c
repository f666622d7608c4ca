/* jit_onepass_emit: assembles the one-pass DFA. A leaf function keeping
 * everything in the caller-saved registers x0-x17 (a table with
 * alternatives also keeps its job stack's base and the bitless budget's
 * counts in x19-x22, saved in a frame). Each node's block is
 *   entry:    (search, node with a match) the match test, see emit_match
 *   dispatch: stop at the limit; load the byte; find its transition
 *   loop:     a self-loop's bytes are consumed right there (emit_stay_run)
 *   the transitions: assertions, slot stores, POSITION + 1, on to the next
 *             node's entry.
 * The fill function's limit is the match end, where the node's match must
 * hold; search's is the subject's end. */
#include "jit_onepass_emit.h"

#include "jit_assertion_emit.h"
#include "jit_frame.h"
#include "jit_offset.h"
#include "regex/capture.h"
#include "regex/memory.h"

static const a64_reg CONTEXT = A64_X(0);
static const a64_reg SUBJECT = A64_X(1);
static const a64_reg LENGTH = A64_X(2);
static const a64_reg POSITION = A64_X(3);
static const a64_reg LIMIT = A64_X(4);
static const a64_reg SLOTS = A64_X(5);
static const a64_reg START = A64_X(6);
static const a64_reg OPTIONS = A64_X(7);
static const a64_reg TABLES = A64_X(8);
static const a64_reg TABLE = A64_X(9); /* the current node's byte table */
static const a64_reg BEST = A64_X(10);
static const a64_reg KEPT = A64_X(11); /* search: a match is in BEST */
/* Tables with alternatives, in place of BEST and KEPT, and callee-saved. */
static const a64_reg TOP = A64_X(10);       /* the next free job */
static const a64_reg STACK_END = A64_X(11);
static const a64_reg STACK_BASE = A64_X(19); /* no job pending when TOP is here */
static const a64_reg SEGMENT = A64_X(20);    /* where the path segment began */
static const a64_reg WALKED = A64_X(21);     /* bytes of the failed segments */
static const a64_reg FURTHEST = A64_X(22);   /* the furthest position a path failed at */
#define NODES_SAVED_PAIRS 2u
/* backtrack_nodes.c's bitless budget: walked bytes past
 * NODES_BITLESS_FACTOR * (furthest - start) + NODES_BITLESS_SLACK. */
#define NODES_BITLESS_SHIFT 2u
#define NODES_BITLESS_SLACK 256u
static const a64_reg BYTE = A64_X(12);
static const a64_reg BYTE_W = A64_W(12);
static const a64_reg INDEX_W = A64_W(13); /* the byte's transition: 1 + its index, 0 none */
/* Scratch, dead between blocks. */
static const a64_reg TEMP_0 = A64_X(14);
static const a64_reg TEMP_1 = A64_X(15);
static const a64_reg TEMP_2 = A64_X(16);
static const a64_reg TEMP_3 = A64_X(17);

/* A generous bound on the words of one node's code in both functions,
 * to tell whether conditional branches (+-1 MiB) reach everywhere. */
#define WORDS_PER_NODE_TRANSITION 40u
#define CONDITIONAL_BRANCH_REACH ((size_t)1 << 20)

enum { MODE_FILL, MODE_SEARCH };

typedef struct emitter {
  a64_buffer *buffer;
  const onepass *automaton;
  const uint8_t *tables;
  int mode;
  a64_label *entries; /* per node, of the function being emitted */
  a64_label fail;
  int nodes;          /* the table has alternatives: the node backtracker */
  a64_label leave;    /* nodes: restores the saved registers and returns */
  a64_label give_up;  /* nodes: returns JIT_ONEPASS_RUN_GIVE_UP */
  a64_label attempt;  /* search: an attempt from START */
  /* Search with candidate starts: a failed attempt goes on from the next
   * (TEMP_0 the starts table, TEMP_1 where the attempt stopped reading). */
  int scans;
  bool paired_starts; /* a candidate's second byte is checked first */
  a64_label next_start;
  a64_label candidates; /* from POSITION, TEMP_0 the starts table */
  jit_branch_reach reach;
} emitter;

/* The distinct transition words of node, its self-loop's first, then in
 * class order: the order of the indexes in the byte tables. Returns their
 * number. */
static uint32_t node_words(const onepass *automaton, uint32_t node, uint32_t *words) {
  uint32_t count = 0;
  for (uint32_t column = 0; column < 2 * automaton->class_count; column++) {
    uint32_t word = onepass_transition(automaton, node, column % automaton->class_count);
    int loop_pass = column < automaton->class_count;
    if (word == ONEPASS_DEAD || loop_pass != ((word & ONEPASS_LOOP) != 0)) {
      continue;
    }
    uint32_t i = 0;
    while (i < count && words[i] != word) {
      i++;
    }
    if (i == count) {
      if (count == JIT_ONEPASS_MAX_TRANSITIONS) {
        return UINT32_MAX;
      }
      words[count++] = word;
    }
  }
  return count;
}

int jit_onepass_tables(const onepass *automaton, uint8_t *tables) {
  uint32_t words[JIT_ONEPASS_MAX_TRANSITIONS];
  for (uint32_t n = 0; n < automaton->node_count; n++) {
    uint32_t node = n * automaton->stride;
    uint32_t count = node_words(automaton, node, words);
    if (count == UINT32_MAX) {
      return JRX_ERROR_PROGRAM_TOO_BIG;
    }
    for (unsigned byte = 0; byte < 256; byte++) {
      uint32_t word = onepass_transition(automaton, node, automaton->class_of[byte]);
      uint8_t index = JIT_ONEPASS_NO_TRANSITION;
      for (uint32_t i = 0; word != ONEPASS_DEAD && i < count; i++) {
        if (words[i] == word) {
          index = (uint8_t)i;
        }
      }
      tables[(size_t)n * 256 + byte] = index;
    }
  }
  return 0;
}

static void branch_if(emitter *e, a64_condition condition, a64_label target) {
  jit_branch_if(&e->reach, condition, target);
}

/* CBZ, which reaches as far as a conditional branch. */
static void branch_if_zero(emitter *e, a64_reg reg, a64_label target) {
  if (e->reach.near) {
    a64_cbz(e->buffer, reg, target);
    return;
  }
  a64_label skip = a64_label_new(e->buffer);
  a64_cbnz(e->buffer, reg, skip);
  a64_b(e->buffer, target);
  a64_label_bind(e->buffer, skip);
}

/* rd = rn + value, for any value below 2^24. */
static void add_offset(a64_buffer *buffer, a64_reg rd, a64_reg rn, uint64_t value) {
  if (value >= 4096) {
    a64_add_imm(buffer, rd, rn, value & ~(uint64_t)0xfff);
    rn = rd;
    value &= 0xfff;
  }
  if (value != 0 || rd != rn) {
    a64_add_imm(buffer, rd, rn, value);
  }
}

/* Returns status from the function. */
static void emit_return(emitter *e, uint32_t status) {
  a64_mov_imm(e->buffer, A64_W(0), status);
  if (e->nodes) {
    a64_b(e->buffer, e->leave);
  } else {
    a64_ret(e->buffer);
  }
}

/* Nodes: pushes the job (TEMP_0, TEMP_1), giving up when the stack is full. */
static void emit_push(emitter *e) {
  a64_cmp_reg(e->buffer, TOP, STACK_END);
  branch_if(e, A64_HS, e->give_up);
  a64_stp_post(e->buffer, TEMP_0, TEMP_1, TOP, 16);
}

/* Nodes: pushes a choice resuming at resume with POSITION. */
static void emit_push_choice(emitter *e, a64_label resume) {
  a64_adr(e->buffer, TEMP_0, resume);
  a64_add_imm(e->buffer, TEMP_0, TEMP_0, 1);
  a64_mov_reg(e->buffer, TEMP_1, POSITION);
  emit_push(e);
}

static void emit_assertions(emitter *e, uint32_t assertions, a64_label fail) {
  const jit_assertion_registers registers = {
      .context = CONTEXT,
      .start_offset_field = offsetof(jit_onepass_context, start_offset),
      .word_bytes_field = offsetof(jit_onepass_context, word_bytes),
      .subject = SUBJECT,
      .length = LENGTH,
      .position = POSITION,
      .options = OPTIONS,
      .temps = {TEMP_0, TEMP_1, TEMP_2}};
  while (assertions != 0) {
    unsigned assertion = (unsigned)__builtin_ctz(assertions);
    jit_emit_assertion(&e->reach, &registers, (ast_assertion)assertion, fail);
    assertions &= assertions - 1;
  }
}

/* Stores POSITION into the action's slots of the array at base. */
static void emit_slot_stores(emitter *e, const onepass_action *action, a64_reg base) {
  const uint32_t *slots = &e->automaton->slots[action->slot_offset];
  for (uint32_t i = 0; i < action->slot_count; i++) {
    uint64_t offset = (uint64_t)slots[i] * sizeof(size_t);
    a64_reg at = jit_offset_base(e->buffer, base, &offset, sizeof(size_t), TEMP_3);
    a64_str_imm(e->buffer, POSITION, at, offset);
  }
}

static uint32_t target_node(const onepass *automaton, uint32_t word) {
  if ((word & ONEPASS_ACTION) != 0) {
    word = automaton->actions[word & ONEPASS_INDEX_MASK].next;
  }
  return word & ONEPASS_INDEX_MASK;
}

/* Nodes: while a job is pending, pushes each of the action's slots (its
 * address and old value) to be restored on the way back. */
static void emit_slot_undos(emitter *e, const onepass_action *action) {
  if (!e->nodes || action->slot_count == 0) {
    return;
  }
  a64_buffer *buffer = e->buffer;
  a64_label none = a64_label_new(buffer);
  a64_cmp_reg(buffer, TOP, STACK_BASE);
  branch_if(e, A64_EQ, none);
  const uint32_t *slots = &e->automaton->slots[action->slot_offset];
  for (uint32_t i = 0; i < action->slot_count; i++) {
    add_offset(buffer, TEMP_0, SLOTS, (uint64_t)slots[i] * sizeof(size_t));
    a64_ldr_imm(buffer, TEMP_1, TEMP_0, 0);
    emit_push(e);
  }
  a64_label_bind(buffer, none);
}

/* Goes to rejected when a match at POSITION would be an empty match the
 * options reject. */
static void emit_empty_match_rule(emitter *e, a64_label rejected) {
  a64_buffer *buffer = e->buffer;
  a64_label holds = a64_label_new(buffer);
  a64_cmp_reg(buffer, POSITION, START);
  branch_if(e, A64_NE, holds);
  a64_tst_imm(buffer, OPTIONS, JRX_NOTEMPTY);
  branch_if(e, A64_NE, rejected);
  a64_tst_imm(buffer, OPTIONS, JRX_NOTEMPTY_ATSTART);
  branch_if(e, A64_EQ, holds);
  a64_ldr_imm(buffer, TEMP_0, CONTEXT, offsetof(jit_onepass_context, start_offset));
  a64_cmp_reg(buffer, START, TEMP_0);
  branch_if(e, A64_EQ, rejected);
  a64_label_bind(buffer, holds);
}

/* Whether node n's match may be empty: only the start node is ever at
 * START, every other node being entered by a transition past a byte. */
static int match_may_be_empty(const emitter *e, uint32_t n) {
  return n * e->automaton->stride == e->automaton->start;
}

/* Nodes: the node's match as a candidate at POSITION: accepted if it
 * holds (not an empty match the options reject, its assertions), else
 * the path fails. */
static void emit_match_candidate(emitter *e, uint32_t n) {
  const onepass *automaton = e->automaton;
  const onepass_action *match =
      &automaton->actions[onepass_match_word(automaton, n * automaton->stride)];
  if (match_may_be_empty(e, n)) {
    emit_empty_match_rule(e, e->fail);
  }
  emit_assertions(e, match->assertions, e->fail);
  emit_slot_stores(e, match, SLOTS);
  emit_return(e, JIT_ONEPASS_RUN_MATCH);
}

/* The transition's work at POSITION, then on to the next node (falling
 * through when it is node follows, emitted next). */
static void emit_plain_transition(emitter *e, uint32_t word, uint32_t follows) {
  const onepass *automaton = e->automaton;
  if ((word & ONEPASS_ACTION) != 0) {
    const onepass_action *action = &automaton->actions[word & ONEPASS_INDEX_MASK];
    emit_assertions(e, action->assertions, e->fail);
    emit_slot_undos(e, action);
    emit_slot_stores(e, action, SLOTS);
  }
  a64_add_imm(e->buffer, POSITION, POSITION, 1);
  uint32_t target = target_node(automaton, word) / automaton->stride;
  if (target != follows) {
    a64_b(e->buffer, e->entries[target]);
  }
}

/* Node n's transition word at POSITION: plain, or (nodes) a list whose
 * candidates are tried in order, each but the last pushing the next.
 * follows: the node emitted right after, or UINT32_MAX. */
static void emit_transition(emitter *e, uint32_t n, uint32_t word, uint32_t follows) {
  if ((word & ONEPASS_ALTERNATIVES) == 0) {
    emit_plain_transition(e, word, follows);
    return;
  }
  const onepass *automaton = e->automaton;
  const onepass_list *list = &automaton->lists[word & ONEPASS_INDEX_MASK];
  a64_label resume = a64_label_new(e->buffer);
  for (uint32_t i = 0; i < list->count; i++) {
    if (i > 0) {
      a64_label_bind(e->buffer, resume);
      resume = a64_label_new(e->buffer);
    }
    if (i + 1 < list->count) {
      emit_push_choice(e, resume);
    }
    uint32_t listed = automaton->list_words[list->offset + i];
    if (listed == ONEPASS_MATCH_HERE) {
      emit_match_candidate(e, n);
    } else {
      emit_plain_transition(e, listed, UINT32_MAX);
    }
  }
}

/* Copies the slots to BEST and stores the match's slots there. */
static void emit_keep(emitter *e, const onepass_action *match) {
  a64_buffer *buffer = e->buffer;
  for (uint32_t slot = 0; slot < e->automaton->slot_count; slot += 2) {
    uint64_t offset = (uint64_t)slot * sizeof(size_t);
    a64_reg from = jit_offset_base(buffer, SLOTS, &offset, 1, TEMP_3);
    uint64_t to_offset = (uint64_t)slot * sizeof(size_t);
    a64_reg to = jit_offset_base(buffer, BEST, &to_offset, 1, TEMP_2);
    if (offset <= 504 && to_offset <= 504) {
      a64_ldp_offset(buffer, TEMP_0, TEMP_1, from, (int64_t)offset);
      a64_stp_offset(buffer, TEMP_0, TEMP_1, to, (int64_t)to_offset);
    } else {
      a64_ldr_imm(buffer, TEMP_0, from, offset);
      a64_ldr_imm(buffer, TEMP_1, from, offset + 8);
      a64_str_imm(buffer, TEMP_0, to, to_offset);
      a64_str_imm(buffer, TEMP_1, to, to_offset + 8);
    }
  }
  emit_slot_stores(e, match, BEST);
  a64_mov_imm(buffer, KEPT, 1);
}

/* Jumps to the transition whose index is in INDEX, from first (the
 * self-loop, index 0, is handled already when first is 1); falls through
 * to the last one when follows says its code comes next. */
static void emit_index_dispatch(emitter *e, const a64_label *transitions, uint32_t first,
                                uint32_t count, int follows) {
  for (uint32_t i = first; i + 1 < count; i++) {
    a64_cmp_imm(e->buffer, INDEX_W, i);
    branch_if(e, A64_EQ, transitions[i]);
  }
  a64_cmp_imm(e->buffer, INDEX_W, count - 1);
  branch_if(e, A64_NE, e->fail);
  if (!follows) {
    a64_b(e->buffer, transitions[count - 1]);
  }
}

/* INDEX = the node's table entry for BYTE. */
static void emit_table_lookup(emitter *e, uint32_t n) {
  a64_reg table = TABLES;
  if (n > 0) {
    add_offset(e->buffer, TABLE, TABLES, (uint64_t)n * 256);
    table = TABLE;
  }
  a64_ldrb_reg(e->buffer, INDEX_W, table, BYTE, A64_UXTX, false);
}

/* Whether the node's self-loop (index 0 of its table) stays on most byte
 * values: a negated class ([^"]*, \S+), whose runs span fields of a log
 * line. A word or digit class runs a few bytes, where the unrolled loop's
 * exit costs more than it saves. */
static int stays_long(const uint8_t *table) {
  unsigned stays = 0;
  for (unsigned byte = 0; byte < 256; byte++) {
    stays += table[byte] == 0;
  }
  return stays >= 128;
}

/* Consumes the self-loop's bytes from POSITION on (table: the node's byte
 * table, index 0 staying): at LIMIT on to limit_reached, else at the
 * first byte that leaves falls through with BYTE and INDEX set. One branch
 * a byte, so that qemu runs a byte in one translation block; with
 * unrolled, first four bytes a step with one branch (a pointer in TEMP_2
 * runs up to TEMP_3, the last address where four bytes fit before LIMIT).
 * TEMP_0 to TEMP_3 are spent. */
static void emit_stay_run(emitter *e, a64_reg table, int unrolled, a64_label limit_reached) {
  a64_buffer *buffer = e->buffer;
  a64_label left = a64_label_new(buffer);
  a64_label single = a64_label_new(buffer);
  a64_label top = a64_label_new(buffer);
  if (unrolled) {
    const a64_reg indexes[4] = {BYTE_W, INDEX_W, A64_W(14), A64_W(15)};
    a64_label quad = a64_label_new(buffer);
    /* Positions are below 2^63: signed, LIMIT - 4 holds below 4. */
    a64_sub_imm(buffer, TEMP_3, LIMIT, 4);
    a64_cmp_reg(buffer, POSITION, TEMP_3);
    branch_if(e, A64_GT, single);
    a64_add_reg(buffer, TEMP_3, SUBJECT, TEMP_3);
    a64_add_reg(buffer, TEMP_2, SUBJECT, POSITION);
    a64_label_bind(buffer, quad);
    for (unsigned i = 1; i < 4; i++) {
      a64_ldrb_imm(buffer, indexes[i], TEMP_2, i);
    }
    a64_ldrb_post(buffer, indexes[0], TEMP_2, 4);
    for (unsigned i = 0; i < 4; i++) {
      a64_ldrb_reg(buffer, indexes[i], table, A64_X(12 + i), A64_UXTX, false);
    }
    /* The four indexes in one word, the first byte's lowest: zero while
     * every byte stays. */
    a64_orr_shifted(buffer, indexes[0], indexes[0], indexes[1], A64_LSL, 8);
    a64_orr_shifted(buffer, indexes[2], indexes[2], indexes[3], A64_LSL, 8);
    a64_orr_shifted(buffer, indexes[0], indexes[0], indexes[2], A64_LSL, 16);
    /* Goes on while all stayed and four more bytes fit. */
    a64_cmp_reg(buffer, TEMP_2, TEMP_3);
    a64_csinc(buffer, INDEX_W, BYTE_W, A64_WZR, A64_LS);
    a64_cbz(buffer, INDEX_W, quad);
    a64_sub_reg(buffer, POSITION, TEMP_2, SUBJECT);
    a64_cbz(buffer, BYTE_W, single);
    /* Back to the first byte that left: its index is the lowest non-zero
     * byte of the word. */
    a64_rbit(buffer, BYTE_W, BYTE_W);
    a64_clz(buffer, BYTE_W, BYTE_W);
    a64_sub_imm(buffer, POSITION, POSITION, 4);
    a64_add_shifted(buffer, POSITION, POSITION, BYTE, A64_LSR, 3);
    a64_ldrb_reg(buffer, BYTE_W, SUBJECT, POSITION, A64_UXTX, false);
    a64_ldrb_reg(buffer, INDEX_W, table, BYTE, A64_UXTX, false);
    a64_b(buffer, left);
  }
  a64_label_bind(buffer, single);
  a64_cmp_reg(buffer, POSITION, LIMIT);
  branch_if(e, A64_EQ, limit_reached);
  /* A byte a step: a pointer in TEMP_2 runs up to TEMP_3, LIMIT's
   * address; the byte's index and the end fold into one test (TEMP_0 is
   * zero while the byte stays short of LIMIT). */
  a64_add_reg(buffer, TEMP_2, SUBJECT, POSITION);
  a64_add_reg(buffer, TEMP_3, SUBJECT, LIMIT);
  a64_label_bind(buffer, top);
  a64_ldrb_post(buffer, BYTE_W, TEMP_2, 1);
  a64_ldrb_reg(buffer, INDEX_W, table, BYTE, A64_UXTX, false);
  a64_cmp_reg(buffer, TEMP_2, TEMP_3);
  a64_csinc(buffer, A64_W(14), INDEX_W, A64_WZR, A64_NE);
  a64_cbz(buffer, A64_W(14), top);
  a64_sub_reg(buffer, POSITION, TEMP_2, SUBJECT);
  branch_if_zero(e, INDEX_W, limit_reached);
  a64_sub_imm(buffer, POSITION, POSITION, 1);
  a64_label_bind(buffer, left);
}

/* Search, at a node that may match: whether the match holds here (else
 * on to dispatch); if so, whether it ends the search (the subject ends,
 * no transition, or the match outranks it), or is kept while the
 * transition, which outranks it, goes on. */
static void emit_match(emitter *e, uint32_t n, const uint32_t *words, uint32_t count,
                       const a64_label *transitions, a64_label dispatch) {
  a64_buffer *buffer = e->buffer;
  const onepass *automaton = e->automaton;
  const onepass_action *match = &automaton->actions[onepass_match_word(automaton, n * automaton->stride)];
  a64_label accept = a64_label_new(buffer);
  a64_label go_on = a64_label_new(buffer);
  a64_label loop_run = a64_label_new(buffer);
  a64_label classified = a64_label_new(buffer);
  /* An empty match the options reject is no match. */
  if (match_may_be_empty(e, n)) {
    emit_empty_match_rule(e, dispatch);
  }
  emit_assertions(e, match->assertions, dispatch);
  if (count > 0) {
    a64_cmp_reg(buffer, POSITION, LENGTH);
    branch_if(e, A64_EQ, accept);
    a64_ldrb_reg(buffer, BYTE_W, SUBJECT, POSITION, A64_UXTX, false);
    emit_table_lookup(e, n);
    a64_label_bind(buffer, classified);
    a64_cmp_imm(buffer, INDEX_W, JIT_ONEPASS_NO_TRANSITION);
    branch_if(e, A64_EQ, accept);
    int keeps = 0;
    /* A self-loop back to this node, which then matches as surely: its
     * bytes need no match test, as in a tight loop. */
    int runs = (words[0] & (ONEPASS_LOOP | ONEPASS_ALTERNATIVES | ONEPASS_MATCH_WINS)) ==
                   ONEPASS_LOOP &&
               onepass_surely_matches_after(automaton, words[0]);
    for (uint32_t i = 0; i < count; i++) {
      if (i == 0 && runs) {
        a64_cmp_imm(buffer, INDEX_W, 0);
        branch_if(e, A64_EQ, loop_run);
      } else if ((words[i] & ONEPASS_ALTERNATIVES) != 0) {
        /* The list ranks the match among its candidates. */
        a64_cmp_imm(buffer, INDEX_W, i);
        branch_if(e, A64_EQ, go_on);
      } else if ((words[i] & ONEPASS_MATCH_WINS) != 0) {
        a64_cmp_imm(buffer, INDEX_W, i);
        branch_if(e, A64_EQ, accept);
      } else if (onepass_surely_matches_after(automaton, words[i])) {
        a64_cmp_imm(buffer, INDEX_W, i);
        branch_if(e, A64_EQ, go_on);
      } else {
        keeps = 1;
      }
    }
    if (keeps && e->nodes) {
      emit_push_choice(e, accept); /* the match, should the transition fail */
    } else if (keeps) {
      emit_keep(e, match);
    }
    a64_label_bind(buffer, go_on);
    emit_index_dispatch(e, transitions, 0, count, 0);
    if (runs) {
      a64_reg table = n > 0 ? TABLE : TABLES; /* set by emit_table_lookup */
      /* The node matches past the loop's bytes (not empty, no
       * assertions): at the end it accepts, else the byte is classified. */
      a64_label_bind(buffer, loop_run);
      a64_add_imm(buffer, POSITION, POSITION, 1);
      emit_stay_run(e, table, stays_long(&e->tables[(size_t)n * 256]), accept);
      a64_b(buffer, classified);
    }
  }
  a64_label_bind(buffer, accept);
  emit_slot_stores(e, match, SLOTS);
  emit_return(e, JIT_ONEPASS_RUN_MATCH);
}

/* Fill: the limit is the match end, where the node's match must hold. */
static void emit_fill_end(emitter *e, uint32_t n) {
  const onepass *automaton = e->automaton;
  uint32_t match = onepass_match_word(automaton, n * automaton->stride);
  if (match == ONEPASS_NO_MATCH) {
    a64_b(e->buffer, e->fail);
    return;
  }
  emit_assertions(e, automaton->actions[match].assertions, e->fail);
  emit_slot_stores(e, &automaton->actions[match], SLOTS);
  emit_return(e, JIT_ONEPASS_RUN_MATCH);
}

/* How many byte ranges the node's live transitions take in all. */
static uint32_t count_ranges(const uint8_t *table) {
  uint32_t ranges = 0;
  for (unsigned byte = 0; byte < 256; byte++) {
    if (table[byte] != JIT_ONEPASS_NO_TRANSITION &&
        (byte == 0 || table[byte - 1] != table[byte])) {
      ranges++;
    }
  }
  return ranges;
}

/* Branches to the transitions by comparing BYTE with their ranges. */
static void emit_range_dispatch(emitter *e, const uint8_t *table, const a64_label *transitions) {
  a64_buffer *buffer = e->buffer;
  for (unsigned low = 0; low < 256;) {
    unsigned high = low;
    while (high < 255 && table[high + 1] == table[low]) {
      high++;
    }
    if (table[low] != JIT_ONEPASS_NO_TRANSITION) {
      a64_label target = transitions[table[low]];
      if (low == 0 && high == 255) {
        a64_b(buffer, target);
      } else if (low == high) {
        a64_cmp_imm(buffer, BYTE_W, low);
        branch_if(e, A64_EQ, target);
      } else {
        a64_sub_imm(buffer, A64_W(14), BYTE_W, low);
        a64_cmp_imm(buffer, A64_W(14), high - low);
        branch_if(e, A64_LS, target);
      }
    }
    low = high + 1;
  }
  a64_b(buffer, e->fail);
}

static int emit_node(emitter *e, uint32_t n, const jrx_allocator *allocator) {
  a64_buffer *buffer = e->buffer;
  const onepass *automaton = e->automaton;
  uint32_t node = n * automaton->stride;
  const uint8_t *table = &e->tables[(size_t)n * 256];
  uint32_t words[JIT_ONEPASS_MAX_TRANSITIONS];
  uint32_t count = node_words(automaton, node, words);
  a64_label *transitions = memory_allocate_array(allocator, count + 1, sizeof *transitions);
  if (transitions == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t i = 0; i < count; i++) {
    transitions[i] = a64_label_new(buffer);
  }
  a64_label dispatch = a64_label_new(buffer);
  a64_label at_limit = a64_label_new(buffer);
  int has_match = onepass_match_word(automaton, node) != ONEPASS_NO_MATCH;
  int checks_match = e->mode == MODE_SEARCH && has_match;
  /* The self-loop (index 0) runs as a tight loop, unless every position
   * needs the match test. */
  int tight_loop = !checks_match && count > 0 && (words[0] & ONEPASS_LOOP) != 0;
  a64_label_bind(buffer, e->entries[n]);
  if (checks_match) {
    emit_match(e, n, words, count, transitions, dispatch);
  }
  /* Search: a match at the limit (the subject's end) was tested on entry,
   * so reaching it fails; fill: the node's match must hold there. */
  a64_label limit_reached = e->mode == MODE_FILL ? at_limit : e->fail;
  /* In search the transitions follow the dispatch: when only one is
   * emitted, the dispatch falls into it. */
  int dispatch_falls = e->mode == MODE_SEARCH && count == (tight_loop ? 2u : 1u);
  a64_label_bind(buffer, dispatch);
  if (tight_loop) {
    add_offset(buffer, TABLE, TABLES, (uint64_t)n * 256);
    emit_stay_run(e, TABLE, stays_long(table), limit_reached);
    if (count > 1) {
      emit_index_dispatch(e, transitions, 1, count, dispatch_falls);
    } else {
      a64_b(buffer, e->fail);
    }
  } else {
    a64_cmp_reg(buffer, POSITION, LIMIT);
    branch_if(e, A64_EQ, limit_reached);
    a64_ldrb_reg(buffer, BYTE_W, SUBJECT, POSITION, A64_UXTX, false);
    if (count_ranges(table) > 2) {
      emit_table_lookup(e, n);
      emit_index_dispatch(e, transitions, 0, count, dispatch_falls);
    } else {
      emit_range_dispatch(e, table, transitions);
    }
  }
  if (e->mode == MODE_FILL) {
    a64_label_bind(buffer, at_limit);
    emit_fill_end(e, n);
  }
  /* The last transition falls into the next node's block when it goes
   * there. */
  for (uint32_t i = tight_loop ? 1 : 0; i < count; i++) {
    a64_label_bind(buffer, transitions[i]);
    emit_transition(e, n, words[i], i + 1 == count ? n + 1 : UINT32_MAX);
  }
  memory_free(allocator, transitions);
  return 0;
}

static void emit_prologue(emitter *e, a64_reg limit_source, size_t limit_field) {
  a64_buffer *buffer = e->buffer;
  if (e->nodes) {
    jit_frame_enter(buffer, NODES_SAVED_PAIRS);
  }
  a64_ldr_imm(buffer, SUBJECT, CONTEXT, offsetof(jit_onepass_context, subject));
  a64_ldr_imm(buffer, LENGTH, CONTEXT, offsetof(jit_onepass_context, length));
  a64_ldr_imm(buffer, START, CONTEXT, offsetof(jit_onepass_context, start));
  a64_ldr_imm(buffer, OPTIONS, CONTEXT, offsetof(jit_onepass_context, options));
  a64_ldr_imm(buffer, SLOTS, CONTEXT, offsetof(jit_onepass_context, slots));
  if (e->nodes) {
    a64_ldr_imm(buffer, STACK_BASE, CONTEXT, offsetof(jit_onepass_context, stack));
    a64_ldr_imm(buffer, STACK_END, CONTEXT, offsetof(jit_onepass_context, stack_end));
  } else {
    a64_ldr_imm(buffer, BEST, CONTEXT, offsetof(jit_onepass_context, best));
  }
  a64_ldr_imm(buffer, TABLES, CONTEXT, offsetof(jit_onepass_context, tables));
  if (limit_source == CONTEXT) {
    a64_ldr_imm(buffer, LIMIT, CONTEXT, limit_field);
  } else {
    a64_mov_reg(buffer, LIMIT, limit_source);
  }
  a64_mov_reg(buffer, POSITION, START);
  if (e->scans) {
    a64_ldr_imm(buffer, TEMP_0, CONTEXT, offsetof(jit_onepass_context, starts));
    a64_cbnz(buffer, TEMP_0, e->candidates);
  }
}

/* An attempt from START (= POSITION): every slot unset, no match kept
 * (nodes: no job pending, nothing walked yet). */
static void emit_attempt_start(emitter *e) {
  a64_buffer *buffer = e->buffer;
  a64_label_bind(buffer, e->attempt);
  if (e->nodes) {
    a64_mov_reg(buffer, TOP, STACK_BASE);
    a64_mov_reg(buffer, SEGMENT, START);
    a64_mov_imm(buffer, WALKED, 0);
    a64_mov_reg(buffer, FURTHEST, START);
  } else {
    a64_mov_imm(buffer, KEPT, 0);
  }
  /* Every slot starts unset (JRX_UNSET is all ones). */
  a64_movn(buffer, TEMP_0, 0, 0);
  for (uint32_t slot = 0; slot < e->automaton->slot_count; slot += 2) {
    uint64_t offset = (uint64_t)slot * sizeof(size_t);
    a64_reg base = jit_offset_base(buffer, SLOTS, &offset, 1, TEMP_3);
    if (offset <= 504) {
      a64_stp_offset(buffer, TEMP_0, TEMP_0, base, (int64_t)offset);
    } else {
      a64_str_imm(buffer, TEMP_0, base, offset);
      a64_str_imm(buffer, TEMP_0, base, offset + 8);
    }
  }
}

/* Nodes: a failed path. Counts its segment against the budget, then pops
 * jobs, restoring slots, until a choice resumes (POSITION and SEGMENT
 * its position) or none is left. */
static void emit_nodes_fail(emitter *e) {
  a64_buffer *buffer = e->buffer;
  a64_label pop = a64_label_new(buffer);
  a64_label resume = a64_label_new(buffer);
  a64_label none = a64_label_new(buffer);
  a64_label_bind(buffer, e->fail);
  a64_cmp_reg(buffer, POSITION, FURTHEST);
  a64_csel(buffer, FURTHEST, POSITION, FURTHEST, A64_HI);
  a64_sub_reg(buffer, TEMP_0, POSITION, SEGMENT);
  a64_add_reg(buffer, WALKED, WALKED, TEMP_0);
  a64_add_imm(buffer, WALKED, WALKED, 1);
  a64_sub_reg(buffer, TEMP_0, FURTHEST, START);
  a64_lsl_imm(buffer, TEMP_0, TEMP_0, NODES_BITLESS_SHIFT);
  a64_add_imm(buffer, TEMP_0, TEMP_0, NODES_BITLESS_SLACK);
  a64_cmp_reg(buffer, WALKED, TEMP_0);
  a64_b_cond(buffer, A64_HI, e->give_up);
  a64_label_bind(buffer, pop);
  a64_cmp_reg(buffer, TOP, STACK_BASE);
  a64_b_cond(buffer, A64_EQ, none);
  a64_ldp_pre(buffer, TEMP_0, TEMP_1, TOP, -16);
  a64_tbnz(buffer, TEMP_0, 0, resume);
  a64_str_imm(buffer, TEMP_1, TEMP_0, 0);
  a64_b(buffer, pop);
  a64_label_bind(buffer, resume);
  a64_sub_imm(buffer, TEMP_0, TEMP_0, 1);
  a64_mov_reg(buffer, POSITION, TEMP_1);
  a64_mov_reg(buffer, SEGMENT, TEMP_1);
  a64_br(buffer, TEMP_0);
  a64_label_bind(buffer, none);
  if (e->scans) {
    a64_ldr_imm(buffer, TEMP_0, CONTEXT, offsetof(jit_onepass_context, starts));
    a64_mov_reg(buffer, TEMP_1, FURTHEST);
    a64_cbnz(buffer, TEMP_0, e->next_start);
  }
  a64_str_imm(buffer, FURTHEST, CONTEXT, offsetof(jit_onepass_context, stopped));
  a64_mov_imm(buffer, A64_W(0), JIT_ONEPASS_RUN_NO_MATCH);
  a64_b(buffer, e->leave);
  a64_label_bind(buffer, e->give_up);
  a64_str_imm(buffer, START, CONTEXT, offsetof(jit_onepass_context, start));
  a64_mov_imm(buffer, A64_W(0), JIT_ONEPASS_RUN_GIVE_UP);
  a64_label_bind(buffer, e->leave);
  jit_frame_leave_and_return(buffer, NODES_SAVED_PAIRS);
}

/* Search's failure: the kept match if there is one, else (with starts)
 * the next attempt. */
static void emit_fail(emitter *e) {
  a64_buffer *buffer = e->buffer;
  if (e->nodes) {
    emit_nodes_fail(e);
    return;
  }
  a64_label_bind(buffer, e->fail);
  if (e->mode == MODE_SEARCH) {
    a64_label kept = a64_label_new(buffer);
    a64_cbnz(buffer, KEPT, kept);
    if (e->scans) {
      a64_ldr_imm(buffer, TEMP_0, CONTEXT, offsetof(jit_onepass_context, starts));
      a64_mov_reg(buffer, TEMP_1, POSITION);
      a64_cbnz(buffer, TEMP_0, e->next_start);
    }
    a64_str_imm(buffer, POSITION, CONTEXT, offsetof(jit_onepass_context, stopped));
    a64_mov_imm(buffer, A64_W(0), JIT_ONEPASS_RUN_NO_MATCH);
    a64_ret(buffer);
    a64_label_bind(buffer, kept);
    a64_mov_imm(buffer, A64_W(0), JIT_ONEPASS_RUN_MATCH_KEPT);
    a64_ret(buffer);
    return;
  }
  a64_mov_imm(buffer, A64_W(0), JIT_ONEPASS_RUN_NO_MATCH);
  a64_ret(buffer);
}

/* Search with starts: the byte at POSITION's entry in table into W16,
 * POSITION past it, and back to loop while the entry is set (while_set)
 * or clear and LENGTH is not reached: one branch a byte, so that qemu runs
 * it in one translation block. */
static void emit_scan_byte(a64_buffer *buffer, a64_reg table, bool while_set, a64_label loop) {
  a64_ldrb_reg(buffer, BYTE_W, SUBJECT, POSITION, A64_UXTX, false);
  a64_ldrb_reg(buffer, A64_W(16), table, BYTE, A64_UXTX, false);
  a64_add_imm(buffer, POSITION, POSITION, 1);
  a64_cmp_reg(buffer, POSITION, LENGTH);
  if (while_set) {
    a64_csel(buffer, A64_W(17), A64_W(16), A64_WZR, A64_NE);
    a64_cbnz(buffer, A64_W(17), loop);
  } else {
    a64_csinc(buffer, A64_W(17), A64_W(16), A64_WZR, A64_NE);
    a64_cbz(buffer, A64_W(17), loop);
  }
}

/* Search with starts, after a failed attempt (TEMP_0 the starts table,
 * TEMP_1 where it stopped reading): capture_search's budget, then the
 * start loop's run skipped (a failed attempt from one of its bytes fails
 * from the rest), then the candidates from POSITION on, each starting an
 * attempt. */
static void emit_scan(emitter *e) {
  a64_buffer *buffer = e->buffer;
  const onepass *automaton = e->automaton;
  a64_label spent = a64_label_new(buffer);
  a64_label no_match = a64_label_new(buffer);
  a64_label advance = a64_label_new(buffer);
  a64_label at_end = a64_label_new(buffer);
  a64_label found = a64_label_new(buffer);
  a64_label_bind(buffer, e->next_start);
  /* failed += stopped - start + 1 + CAPTURE_ATTEMPT_COST; over
   * (start - start_offset) / 2 + CAPTURE_BUDGET_SLACK it is spent. */
  a64_ldr_imm(buffer, TEMP_2, CONTEXT, offsetof(jit_onepass_context, failed));
  a64_sub_reg(buffer, TEMP_1, TEMP_1, START);
  a64_add_reg(buffer, TEMP_2, TEMP_2, TEMP_1);
  a64_add_imm(buffer, TEMP_2, TEMP_2, 1 + CAPTURE_ATTEMPT_COST);
  a64_str_imm(buffer, TEMP_2, CONTEXT, offsetof(jit_onepass_context, failed));
  a64_ldr_imm(buffer, TEMP_3, CONTEXT, offsetof(jit_onepass_context, start_offset));
  a64_sub_reg(buffer, TEMP_3, START, TEMP_3);
  a64_lsr_imm(buffer, TEMP_3, TEMP_3, 1);
  a64_add_imm(buffer, TEMP_3, TEMP_3, CAPTURE_BUDGET_SLACK);
  a64_cmp_reg(buffer, TEMP_2, TEMP_3);
  a64_b_cond(buffer, A64_HI, spent);
  a64_cmp_reg(buffer, START, LENGTH);
  a64_b_cond(buffer, A64_EQ, no_match);
  a64_mov_reg(buffer, POSITION, START);
  if (onepass_start_loop(automaton) != ONEPASS_NO_LOOP) {
    /* The stays table follows the starts. The run from START is skipped,
     * and at least START itself. */
    a64_label stay = a64_label_new(buffer);
    a64_add_imm(buffer, TEMP_1, TEMP_0, JIT_ONEPASS_STARTS_SIZE);
    a64_label_bind(buffer, stay);
    emit_scan_byte(buffer, TEMP_1, true, stay);
    a64_cbnz(buffer, A64_W(16), at_end);
    a64_sub_imm(buffer, POSITION, POSITION, 1);
    a64_cmp_reg(buffer, POSITION, START);
    a64_csinc(buffer, POSITION, POSITION, POSITION, A64_NE);
    a64_b(buffer, e->candidates);
  }
  a64_label scan = a64_label_new(buffer);
  a64_label_bind(buffer, advance);
  a64_add_imm(buffer, POSITION, POSITION, 1);
  a64_label_bind(buffer, e->candidates);
  a64_cmp_reg(buffer, POSITION, LENGTH);
  a64_b_cond(buffer, A64_EQ, at_end);
  a64_label_bind(buffer, scan);
  emit_scan_byte(buffer, TEMP_0, false, scan);
  a64_cbz(buffer, A64_W(16), at_end);
  a64_sub_imm(buffer, POSITION, POSITION, 1);
  a64_b(buffer, found);
  a64_label_bind(buffer, at_end);
  a64_ldrb_imm(buffer, A64_W(16), TEMP_0, JIT_ONEPASS_STARTS_SIZE - 1);
  a64_cbz(buffer, A64_W(16), no_match);
  a64_label_bind(buffer, found);
  if (e->paired_starts) {
    /* capture_starts_pair_fits: W16 holds the first byte's mask, the
     * second byte's goes to BYTE. */
    a64_label attempt = a64_label_new(buffer);
    a64_add_imm(buffer, TEMP_3, POSITION, 1);
    a64_cmp_reg(buffer, TEMP_3, LENGTH);
    a64_b_cond(buffer, A64_EQ, attempt);
    a64_ldrb_reg(buffer, BYTE_W, SUBJECT, TEMP_3, A64_UXTX, false);
    a64_add_imm(buffer, TEMP_1, TEMP_0, JIT_ONEPASS_SECONDS_OFFSET);
    a64_ldrb_reg(buffer, BYTE_W, TEMP_1, BYTE, A64_UXTX, false);
    a64_tst_reg(buffer, BYTE_W, A64_W(16));
    a64_b_cond(buffer, A64_EQ, advance);
    a64_label_bind(buffer, attempt);
  }
  a64_mov_reg(buffer, START, POSITION);
  a64_b(buffer, e->attempt);
  a64_label_bind(buffer, spent);
  emit_return(e, JIT_ONEPASS_RUN_SCAN_SPENT);
  a64_label_bind(buffer, no_match);
  emit_return(e, JIT_ONEPASS_RUN_NO_MATCH);
}

static int emit_function(emitter *e, const jrx_allocator *allocator) {
  const onepass *automaton = e->automaton;
  for (uint32_t n = 0; n < automaton->node_count; n++) {
    e->entries[n] = a64_label_new(e->buffer);
  }
  e->fail = a64_label_new(e->buffer);
  e->leave = a64_label_new(e->buffer);
  e->give_up = a64_label_new(e->buffer);
  e->attempt = a64_label_new(e->buffer);
  e->next_start = a64_label_new(e->buffer);
  e->candidates = a64_label_new(e->buffer);
  e->scans = e->mode == MODE_SEARCH && !automaton->program->anchored;
  if (e->mode == MODE_FILL) {
    emit_prologue(e, CONTEXT, offsetof(jit_onepass_context, end));
  } else {
    emit_prologue(e, LENGTH, 0);
  }
  emit_attempt_start(e);
  a64_b(e->buffer, e->entries[automaton->start / automaton->stride]);
  emit_fail(e);
  if (e->scans) {
    emit_scan(e);
  }
  for (uint32_t n = 0; n < automaton->node_count; n++) {
    int status = emit_node(e, n, allocator);
    if (status != 0) {
      return status;
    }
  }
  return 0;
}

int jit_onepass_emit(a64_buffer *buffer, const onepass *automaton, const uint8_t *tables,
                     bool paired_starts, const jrx_allocator *allocator,
                     uint32_t entry_offsets[2]) {
  size_t words = 2 * ((size_t)automaton->node_count + automaton->list_word_count + 4) *
                 (automaton->class_count + automaton->slot_count + 8) * WORDS_PER_NODE_TRANSITION;
  emitter e = {.buffer = buffer,
               .automaton = automaton,
               .tables = tables,
               .nodes = !automaton->one_pass,
               .paired_starts = paired_starts,
               .entries = memory_allocate_array(allocator, automaton->node_count,
                                                sizeof(a64_label)),
               .reach = {buffer, words * sizeof(uint32_t) < CONDITIONAL_BRANCH_REACH}};
  if (e.entries == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  size_t first = a64_buffer_position(buffer);
  int status = 0;
  for (int mode = e.nodes ? MODE_SEARCH : MODE_FILL; status == 0 && mode <= MODE_SEARCH;
       mode++) {
    entry_offsets[mode] = (uint32_t)((a64_buffer_position(buffer) - first) * sizeof(uint32_t));
    e.mode = mode;
    status = emit_function(&e, allocator);
  }
  memory_free(allocator, e.entries);
  return status;
}
