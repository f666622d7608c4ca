/* dfa_reverse: the reversed program the backward DFA runs. Each original
 * instruction v becomes the node R(v) at the same index, meaning "from
 * here a path of the original reaches a match"; R(v) fans out over v's
 * predecessors u, through u's byte range, u's assertion (same meaning at
 * the same position) or directly. Epsilon edges stay a DAG, as reversing a
 * DAG keeps it one; priorities are meaningless, the backward DFA ignores
 * them. */
#include <string.h>

#include "dfa.h"
#include "jrx.h"
#include "lookaround.h"
#include "memory.h"

typedef struct reverser {
  const nfa_program *program;
  uint32_t *edge_offsets; /* count + 1 entries: v's predecessors are */
  uint32_t *predecessors; /* predecessors[edge_offsets[v] .. edge_offsets[v + 1]) */
  uint32_t *canonical;    /* canonical[u]: see canonical_node */
  nfa_instruction *out;   /* R(v) is out[v]; fan-out links and edges follow */
  uint32_t out_count;
  uint32_t accept; /* the MATCH reached where the original starts */
  uint32_t start;
} reverser;

/* The original successors of u with their edge kinds folded into u's
 * opcode; at most two. */
static uint32_t successors(const nfa_instruction *instruction, uint32_t targets[2]) {
  switch ((nfa_opcode)instruction->opcode) {
    case NFA_BYTE_RANGE:
    case NFA_SAVE:
    case NFA_ASSERT:
      targets[0] = instruction->next;
      return 1;
    case NFA_SPLIT:
      targets[0] = instruction->next;
      targets[1] = instruction->alternative;
      return 2;
    case NFA_MATCH:
    case NFA_FAIL:
      break;
  }
  return 0;
}

static int collect_predecessors(reverser *builder) {
  const nfa_program *program = builder->program;
  const jrx_allocator *allocator = program->allocator;
  builder->edge_offsets = memory_allocate_zeroed_array(allocator, (size_t)program->count + 1,
                                                       sizeof *builder->edge_offsets);
  if (builder->edge_offsets == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  uint32_t targets[2];
  size_t edge_count = 0;
  for (uint32_t u = 0; u < program->count; u++) {
    uint32_t n = successors(&program->instructions[u], targets);
    for (uint32_t i = 0; i < n; i++) {
      builder->edge_offsets[targets[i] + 1]++;
    }
    edge_count += n;
  }
  for (uint32_t v = 0; v < program->count; v++) {
    builder->edge_offsets[v + 1] += builder->edge_offsets[v];
  }
  builder->predecessors =
      memory_allocate_array(allocator, edge_count, sizeof *builder->predecessors);
  uint32_t *fill = memory_allocate_array(allocator, (size_t)program->count + 1, sizeof *fill);
  if (builder->predecessors == NULL || fill == NULL) {
    memory_free(allocator, fill);
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t v = 0; v < program->count; v++) {
    fill[v] = builder->edge_offsets[v];
  }
  for (uint32_t u = 0; u < program->count; u++) {
    uint32_t n = successors(&program->instructions[u], targets);
    for (uint32_t i = 0; i < n; i++) {
      builder->predecessors[fill[targets[i]]++] = u;
    }
  }
  memory_free(allocator, fill);
  return 0;
}

static uint32_t emit(reverser *builder, nfa_instruction instruction) {
  builder->out[builder->out_count] = instruction;
  return builder->out_count++;
}

/* Whether R(u) only leads to R(p), p being u's one predecessor, which
 * reaches u without an instruction of its own (a split or a save); u is
 * not the start. Sets *p then. */
static int leads_only_up(const reverser *builder, uint32_t u, uint32_t *p) {
  const nfa_program *program = builder->program;
  if (u == program->start || builder->edge_offsets[u + 1] - builder->edge_offsets[u] != 1) {
    return 0;
  }
  *p = builder->predecessors[builder->edge_offsets[u]];
  uint8_t opcode = program->instructions[*p].opcode;
  return opcode == NFA_SPLIT || opcode == NFA_SAVE;
}

/* R(u) itself, or the node R(u) only leads to through leads_only_up. Byte
 * ranges whose threads would wait at different nodes that mean the same
 * then leave them at one node, so that states the backward DFA reaches
 * on either are one state (the two ranges of `.`, the alternatives of a
 * class). Epsilon edges form a DAG, so the walks end; each node's answer
 * is kept, so every chain is walked once: an alternation of n words is a
 * chain of n splits, which walked again from each word would cost n^2. */
static int find_canonical_nodes(reverser *builder) {
  const nfa_program *program = builder->program;
  builder->canonical = memory_allocate_array(program->allocator, (size_t)program->count + 1,
                                             sizeof *builder->canonical);
  if (builder->canonical == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t u = 0; u < program->count; u++) {
    builder->canonical[u] = UINT32_MAX;
  }
  for (uint32_t u = 0; u < program->count; u++) {
    uint32_t top = u;
    uint32_t up;
    while (builder->canonical[top] == UINT32_MAX && leads_only_up(builder, top, &up)) {
      top = up;
    }
    uint32_t node = builder->canonical[top] != UINT32_MAX ? builder->canonical[top] : top;
    for (uint32_t v = u; builder->canonical[v] == UINT32_MAX;) {
      builder->canonical[v] = node;
      if (!leads_only_up(builder, v, &up)) {
        break;
      }
      v = up;
    }
  }
  return 0;
}

static uint32_t canonical_node(const reverser *builder, uint32_t u) {
  return builder->canonical[u];
}

/* The reversed edge from R(v) back to R(u) (which is instruction u): an
 * instruction for u's byte range or assertion, else none (returns 0). */
static int edge_instruction(const reverser *builder, const nfa_instruction *original, uint32_t u,
                            nfa_instruction *instruction) {
  if (original->opcode == NFA_BYTE_RANGE) {
    *instruction = (nfa_instruction){.opcode = NFA_BYTE_RANGE,
                                     .low = original->low,
                                     .high = original->high,
                                     .next = canonical_node(builder, u)};
    return 1;
  }
  if (original->opcode == NFA_ASSERT) {
    *instruction = (nfa_instruction){.opcode = NFA_ASSERT,
                                     .assertion = original->assertion,
                                     .next = u,
                                     .lookaround = original->lookaround};
    return 1;
  }
  return 0;
}

/* The instruction R(v) follows to reach R(u) for u, a predecessor of v. */
static uint32_t edge_target(reverser *builder, uint32_t u) {
  nfa_instruction instruction;
  if (edge_instruction(builder, &builder->program->instructions[u], u, &instruction)) {
    return emit(builder, instruction);
  }
  return u;
}

/* Makes out[at] a chain of splits trying targets[0 .. count) in order; a
 * single target is a split whose branches agree, none is FAIL. */
static void fill_chain(reverser *builder, uint32_t at, const uint32_t *targets, uint32_t count) {
  if (count == 0) {
    builder->out[at] = (nfa_instruction){.opcode = NFA_FAIL};
    return;
  }
  for (uint32_t i = 0; i + 2 < count; i++) {
    uint32_t rest = emit(builder, (nfa_instruction){.opcode = NFA_FAIL});
    builder->out[at] =
        (nfa_instruction){.opcode = NFA_SPLIT, .next = targets[i], .alternative = rest};
    at = rest;
  }
  builder->out[at] = (nfa_instruction){.opcode = NFA_SPLIT,
                                       .next = targets[count > 1 ? count - 2 : 0],
                                       .alternative = targets[count - 1]};
}

/* Marks in_body[v] for every instruction v in a lookaround's body, which
 * the backward DFA never runs (it decides lookarounds from the bytes
 * around a position). One pass over the bodies: a pattern may hold tens
 * of thousands of lookarounds ((?<=a){65535}), so no per-instruction walk
 * over the lookarounds. Nested bodies are marked once per level. */
static void mark_lookaround_bodies(const nfa_program *program, unsigned char *in_body) {
  for (uint32_t i = 0; i < program->lookaround_count; i++) {
    const lookaround *checked = &program->lookarounds[i];
    memset(in_body + checked->body_begin, 1, checked->body_count);
  }
}

/* Fills every R(v), then the start: a chain over the original matches
 * (not those ending lookaround bodies: in_body, program->count bytes). */
static void build(reverser *builder, uint32_t *targets, unsigned char *in_body) {
  const nfa_program *program = builder->program;
  builder->out_count = program->count;
  builder->accept = emit(builder, (nfa_instruction){.opcode = NFA_MATCH});
  for (uint32_t v = 0; v < program->count; v++) {
    uint32_t count = 0;
    for (uint32_t e = builder->edge_offsets[v]; e < builder->edge_offsets[v + 1]; e++) {
      targets[count++] = edge_target(builder, builder->predecessors[e]);
    }
    if (v == program->start) {
      targets[count++] = builder->accept;
    }
    fill_chain(builder, v, targets, count);
  }
  mark_lookaround_bodies(program, in_body);
  uint32_t count = 0;
  for (uint32_t v = 0; v < program->count; v++) {
    if (program->instructions[v].opcode == NFA_MATCH && !in_body[v]) {
      targets[count++] = v;
    }
  }
  builder->start = emit(builder, (nfa_instruction){.opcode = NFA_FAIL});
  fill_chain(builder, builder->start, targets, count);
}

int dfa_reverse_program(const nfa_program *program, nfa_program *reversed) {
  reverser builder = {.program = program};
  int status = collect_predecessors(&builder);
  if (status == 0) {
    status = find_canonical_nodes(&builder);
  }
  uint32_t *targets = NULL;
  unsigned char *in_body = NULL;
  if (status == 0) {
    /* Nodes, per edge at most an instruction and a split, the accepting
     * MATCH, and the start's chain over at most every instruction. */
    size_t edges = builder.edge_offsets[program->count];
    size_t capacity = 3 * (size_t)program->count + 2 * edges + 2;
    targets = memory_allocate_array(program->allocator, edges + (size_t)program->count + 1,
                                    sizeof *targets);
    builder.out = capacity <= DFA_ID_MASK
                      ? memory_allocate_array(program->allocator, capacity, sizeof *builder.out)
                      : NULL;
    in_body = memory_allocate_zeroed_array(program->allocator, (size_t)program->count + 1,
                                           sizeof *in_body);
    status = targets == NULL || builder.out == NULL || in_body == NULL ? JRX_ERROR_NOMEMORY : 0;
  }
  if (status == 0) {
    build(&builder, targets, in_body);
    *reversed = (nfa_program){.allocator = program->allocator,
                              .instructions = builder.out,
                              .count = builder.out_count,
                              .start = builder.start,
                              .utf = program->utf,
                              .anchored = 1};
  } else {
    memory_free(program->allocator, builder.out);
  }
  memory_free(program->allocator, in_body);
  memory_free(program->allocator, targets);
  memory_free(program->allocator, builder.edge_offsets);
  memory_free(program->allocator, builder.predecessors);
  memory_free(program->allocator, builder.canonical);
  return status;
}
