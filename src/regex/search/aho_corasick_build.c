/* aho_corasick_build: byte classes, the trie (its size known in advance,
 * so every array is allocated once), failure links and outputs in one
 * breadth-first pass, then the states renumbered (outputs last) into a
 * full table or sparse edges. */
#include <string.h>

#include "aho_corasick.h"
#include "regex/memory.h"

#define NONE UINT32_MAX
/* A folded pair with a byte matched exactly elsewhere keeps a class per
 * byte; each folded occurrence then doubles its literal's trie paths,
 * which are capped at 2^this. */
#define MAX_MIXED_FOLDS 6u

typedef struct trie {
  const jrx_allocator *allocator;
  uint32_t class_count;
  uint32_t state_count;
  uint32_t edge_count;
  uint32_t *depth;
  uint32_t *terminal;   /* the first literal ending at the state, or NONE */
  uint32_t *first_edge; /* NONE-terminated list through edge_next */
  uint32_t *edge_next;
  uint32_t *edge_target;
  uint8_t *edge_class;
  uint32_t *root_next; /* per class: a child of the root, or NONE */
  uint32_t *fail;
  uint32_t *output_length;
  uint32_t *output_literal;
  uint32_t *order;     /* states breadth-first */
  uint32_t *numbering; /* state -> its number in the automaton */
  /* Per byte with bit 0x20: its pair is folded in some literals and has
   * a byte matched exactly in others. */
  bool mixed[256];
  bool any_mixed;
} trie;

/* Classes: 0 for bytes no literal has, one per other byte, except that
 * both bytes of a pair differing in bit 0x20 share one when the pair is
 * only ever folded. */
static void make_classes(aho_corasick *automaton, trie *builder, const literal_set *set) {
  bool used[256] = {false};
  bool folded[256] = {false};
  bool exact[256] = {false};
  for (size_t i = 0; i < set->byte_count; i++) {
    unsigned byte = set->bytes[i];
    used[byte] = true;
    if (set->folds[i] != 0) {
      used[byte ^ LITERAL_FOLD] = true;
      folded[byte] = true;
    } else {
      exact[byte | LITERAL_FOLD] = true;
    }
  }
  bool any_unused = false;
  for (unsigned byte = 0; byte < 256; byte++) {
    any_unused = any_unused || !used[byte];
  }
  uint32_t classes = any_unused ? 1 : 0; /* class 0: the unused bytes, if any */
  bool assigned[256] = {false};
  memset(automaton->class_of, 0, sizeof automaton->class_of);
  for (unsigned byte = 0; byte < 256; byte++) {
    if (!used[byte] || assigned[byte]) {
      continue;
    }
    unsigned pair = byte | LITERAL_FOLD;
    builder->mixed[pair] = folded[pair] && exact[pair];
    builder->any_mixed = builder->any_mixed || builder->mixed[pair];
    automaton->class_of[byte] = (uint8_t)classes;
    assigned[byte] = true;
    if (folded[pair] && !exact[pair]) {
      automaton->class_of[byte ^ LITERAL_FOLD] = (uint8_t)classes;
      assigned[byte ^ LITERAL_FOLD] = true;
    }
    classes++;
  }
  automaton->class_count = classes;
  builder->class_count = classes;
}

/* How many trie paths literal index takes, or 0 when too many. */
static uint32_t literal_variants(const trie *builder, const literal_set *set, uint32_t index) {
  if (!builder->any_mixed) {
    return 1;
  }
  const unsigned char *bytes = literal_set_bytes(set, index);
  const unsigned char *folds = literal_set_folds(set, index);
  uint32_t mixed = 0;
  for (uint32_t i = 0; i < set->literals[index].length; i++) {
    mixed += folds[i] != 0 && builder->mixed[bytes[i]];
  }
  return mixed > MAX_MIXED_FOLDS ? 0 : 1u << mixed;
}

static int allocate(trie *builder, size_t states) {
  const jrx_allocator *allocator = builder->allocator;
  uint32_t **state_arrays[] = {&builder->depth,         &builder->terminal,
                               &builder->first_edge,    &builder->edge_next,
                               &builder->edge_target,   &builder->fail,
                               &builder->output_length, &builder->output_literal,
                               &builder->order,         &builder->numbering};
  for (size_t i = 0; i < sizeof state_arrays / sizeof *state_arrays; i++) {
    *state_arrays[i] = memory_allocate_array(allocator, states, sizeof(uint32_t));
    if (*state_arrays[i] == NULL) {
      return JRX_ERROR_NOMEMORY;
    }
  }
  builder->edge_class = memory_allocate(allocator, states);
  builder->root_next = memory_allocate_array(allocator, builder->class_count, sizeof(uint32_t));
  if (builder->edge_class == NULL || builder->root_next == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  return 0;
}

static void release(trie *builder) {
  const jrx_allocator *allocator = builder->allocator;
  uint32_t *arrays[] = {builder->depth,         builder->terminal,       builder->first_edge,
                        builder->edge_next,     builder->edge_target,    builder->fail,
                        builder->output_length, builder->output_literal, builder->order,
                        builder->numbering,     builder->root_next};
  for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++) {
    memory_free(allocator, arrays[i]);
  }
  memory_free(allocator, builder->edge_class);
}

static uint32_t child(const trie *builder, uint32_t state, uint32_t class_number) {
  if (state == 0) {
    return builder->root_next[class_number];
  }
  for (uint32_t edge = builder->first_edge[state]; edge != NONE; edge = builder->edge_next[edge]) {
    if (builder->edge_class[edge] == class_number) {
      return builder->edge_target[edge];
    }
  }
  return NONE;
}

static uint32_t new_state(trie *builder, uint32_t parent, uint32_t class_number) {
  uint32_t state = builder->state_count++;
  builder->depth[state] = builder->depth[parent] + 1;
  builder->terminal[state] = NONE;
  builder->first_edge[state] = NONE;
  if (parent == 0) {
    builder->root_next[class_number] = state;
  } else {
    uint32_t edge = builder->edge_count++;
    builder->edge_class[edge] = (uint8_t)class_number;
    builder->edge_target[edge] = state;
    builder->edge_next[edge] = builder->first_edge[parent];
    builder->first_edge[parent] = edge;
  }
  return state;
}

/* Adds the trie path of literal index, case variant `variant` (bit k
 * picks the upper case at its k-th mixed folded byte). */
static void insert(trie *builder, const aho_corasick *automaton, const literal_set *set,
                   uint32_t index, uint32_t variant) {
  const unsigned char *bytes = literal_set_bytes(set, index);
  const unsigned char *folds = literal_set_folds(set, index);
  uint32_t state = 0;
  uint32_t mixed_seen = 0;
  for (uint32_t i = 0; i < set->literals[index].length; i++) {
    unsigned byte = bytes[i];
    if (folds[i] != 0 && builder->mixed[byte] && ((variant >> mixed_seen++) & 1u) != 0) {
      byte ^= LITERAL_FOLD;
    }
    uint32_t class_number = automaton->class_of[byte];
    uint32_t next = child(builder, state, class_number);
    state = next != NONE ? next : new_state(builder, state, class_number);
  }
  if (builder->terminal[state] == NONE) {
    builder->terminal[state] = index;
  }
}

/* Sets a state's failure link and output: its own literal, or its
 * failure's output, the longest literal that is a suffix of its path. */
static void add_child(trie *builder, uint32_t state, uint32_t failure) {
  builder->fail[state] = failure;
  if (builder->terminal[state] != NONE) {
    builder->output_length[state] = builder->depth[state];
    builder->output_literal[state] = builder->terminal[state];
  } else {
    builder->output_length[state] = builder->output_length[failure];
    builder->output_literal[state] = builder->output_literal[failure];
  }
}

/* Failure links and outputs breadth-first: a state's failure lies less
 * deep, so it is done before the state is reached. */
static void link_failures(trie *builder) {
  uint32_t tail = 0;
  builder->order[tail++] = 0;
  builder->fail[0] = 0;
  builder->output_length[0] = 0;
  builder->output_literal[0] = NONE;
  for (uint32_t class_number = 0; class_number < builder->class_count; class_number++) {
    uint32_t next = builder->root_next[class_number];
    if (next != NONE) {
      add_child(builder, next, 0);
      builder->order[tail++] = next;
    }
  }
  for (uint32_t head = 1; head < tail;) {
    uint32_t state = builder->order[head++];
    for (uint32_t edge = builder->first_edge[state]; edge != NONE;
         edge = builder->edge_next[edge]) {
      uint32_t class_number = builder->edge_class[edge];
      uint32_t failure = builder->fail[state];
      while (failure != 0 && child(builder, failure, class_number) == NONE) {
        failure = builder->fail[failure];
      }
      uint32_t target = child(builder, failure, class_number);
      add_child(builder, builder->edge_target[edge], target != NONE ? target : 0);
      builder->order[tail++] = builder->edge_target[edge];
    }
  }
}

/* Numbers states breadth-first, those with outputs after all others. */
static uint32_t renumber(trie *builder) {
  uint32_t plain = 0;
  for (uint32_t i = 0; i < builder->state_count; i++) {
    plain += builder->output_length[builder->order[i]] == 0;
  }
  uint32_t next_plain = 0;
  uint32_t next_output = plain;
  for (uint32_t i = 0; i < builder->state_count; i++) {
    uint32_t state = builder->order[i];
    builder->numbering[state] = builder->output_length[state] == 0 ? next_plain++ : next_output++;
  }
  return plain;
}

static int make_per_state(aho_corasick *automaton, const trie *builder) {
  uint32_t count = builder->state_count;
  automaton->depth = memory_allocate_array(automaton->allocator, count, sizeof(uint32_t));
  automaton->output_length = memory_allocate_array(automaton->allocator, count, sizeof(uint32_t));
  automaton->output_literal = memory_allocate_array(automaton->allocator, count, sizeof(uint32_t));
  if (automaton->depth == NULL || automaton->output_length == NULL ||
      automaton->output_literal == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t state = 0; state < count; state++) {
    uint32_t number = builder->numbering[state];
    automaton->depth[number] = builder->depth[state];
    automaton->output_length[number] = builder->output_length[state];
    automaton->output_literal[number] = builder->output_literal[state];
  }
  return 0;
}

/* The full table, row by row breadth-first: a row starts as its failure
 * state's (filled before it) and the trie's edges overwrite it. */
static int make_table(aho_corasick *automaton, const trie *builder) {
  uint32_t classes = builder->class_count;
  uint32_t stride = classes + AHO_CORASICK_ROW_FACTS;
  automaton->stride = stride;
  automaton->table = memory_allocate_array(automaton->allocator,
                                           (size_t)builder->state_count * stride, sizeof(uint32_t));
  if (automaton->table == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t i = 0; i < builder->state_count; i++) {
    uint32_t state = builder->order[i];
    uint32_t *row = automaton->table + (size_t)builder->numbering[state] * stride;
    if (state == 0) {
      for (uint32_t class_number = 0; class_number < classes; class_number++) {
        uint32_t next = builder->root_next[class_number];
        row[class_number] = next != NONE ? builder->numbering[next] * stride : 0;
      }
    } else {
      const uint32_t *failure_row =
          automaton->table + (size_t)builder->numbering[builder->fail[state]] * stride;
      memcpy(row, failure_row, classes * sizeof *row);
      for (uint32_t edge = builder->first_edge[state]; edge != NONE;
           edge = builder->edge_next[edge]) {
        row[builder->edge_class[edge]] = builder->numbering[builder->edge_target[edge]] * stride;
      }
    }
    row[classes + AHO_CORASICK_DEPTH] = builder->depth[state];
    row[classes + AHO_CORASICK_OUTPUT_LENGTH] = builder->output_length[state];
    row[classes + AHO_CORASICK_OUTPUT_LITERAL] = builder->output_literal[state];
  }
  return 0;
}

/* Sparse edges per state, sorted by class, and the root's dense row. */
static int make_edges(aho_corasick *automaton, const trie *builder) {
  const jrx_allocator *allocator = automaton->allocator;
  uint32_t count = builder->state_count;
  automaton->edge_start = memory_allocate_zeroed_array(allocator, (size_t)count + 1,
                                                       sizeof(uint32_t));
  automaton->edge_class = memory_allocate(allocator, (size_t)builder->edge_count + 1);
  automaton->edge_target = memory_allocate_array(allocator, (size_t)builder->edge_count + 1,
                                                 sizeof(uint32_t));
  automaton->fail = memory_allocate_array(allocator, count, sizeof(uint32_t));
  automaton->root_next = memory_allocate_array(allocator, builder->class_count, sizeof(uint32_t));
  if (automaton->edge_start == NULL || automaton->edge_class == NULL ||
      automaton->edge_target == NULL || automaton->fail == NULL || automaton->root_next == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  for (uint32_t class_number = 0; class_number < builder->class_count; class_number++) {
    uint32_t next = builder->root_next[class_number];
    automaton->root_next[class_number] = next != NONE ? builder->numbering[next] : 0;
  }
  for (uint32_t state = 1; state < count; state++) {
    uint32_t degree = 0;
    for (uint32_t edge = builder->first_edge[state]; edge != NONE;
         edge = builder->edge_next[edge]) {
      degree++;
    }
    automaton->edge_start[builder->numbering[state] + 1] = degree;
    automaton->fail[builder->numbering[state]] = builder->numbering[builder->fail[state]];
  }
  automaton->fail[0] = 0;
  for (uint32_t number = 0; number < count; number++) {
    automaton->edge_start[number + 1] += automaton->edge_start[number];
  }
  for (uint32_t state = 1; state < count; state++) {
    uint32_t first = automaton->edge_start[builder->numbering[state]];
    uint32_t placed = 0;
    for (uint32_t edge = builder->first_edge[state]; edge != NONE;
         edge = builder->edge_next[edge]) {
      /* Insertion by class: degrees are small but for a few states. */
      uint32_t at = first + placed++;
      while (at > first && automaton->edge_class[at - 1] > builder->edge_class[edge]) {
        automaton->edge_class[at] = automaton->edge_class[at - 1];
        automaton->edge_target[at] = automaton->edge_target[at - 1];
        at--;
      }
      automaton->edge_class[at] = builder->edge_class[edge];
      automaton->edge_target[at] = builder->numbering[builder->edge_target[edge]];
    }
  }
  return 0;
}

int aho_corasick_build(aho_corasick *automaton, const literal_set *set, size_t max_table_entries) {
  memset(automaton, 0, sizeof *automaton);
  automaton->allocator = set->allocator;
  trie builder = {.allocator = set->allocator};
  make_classes(automaton, &builder, set);
  size_t states = 1;
  for (uint32_t i = 0; i < set->count; i++) {
    uint32_t variants = literal_variants(&builder, set, i);
    if (variants == 0) {
      return JRX_ERROR_INTERNAL;
    }
    states += (size_t)variants * set->literals[i].length;
  }
  if (states >= NONE) {
    return JRX_ERROR_INTERNAL;
  }
  int status = allocate(&builder, states);
  if (status == 0) {
    builder.state_count = 1;
    builder.depth[0] = 0;
    builder.terminal[0] = NONE;
    builder.first_edge[0] = NONE;
    for (uint32_t class_number = 0; class_number < builder.class_count; class_number++) {
      builder.root_next[class_number] = NONE;
    }
    for (uint32_t i = 0; i < set->count; i++) {
      uint32_t variants = literal_variants(&builder, set, i);
      for (uint32_t variant = 0; variant < variants; variant++) {
        insert(&builder, automaton, set, i, variant);
      }
    }
    link_failures(&builder);
    automaton->first_output = renumber(&builder);
    automaton->state_count = builder.state_count;
    status = make_per_state(automaton, &builder);
  }
  if (status == 0) {
    bool full = (size_t)builder.state_count * (builder.class_count + AHO_CORASICK_ROW_FACTS) <=
                max_table_entries;
    status = full ? make_table(automaton, &builder) : make_edges(automaton, &builder);
  }
  release(&builder);
  if (status != 0) {
    aho_corasick_release(automaton);
  }
  return status;
}

void aho_corasick_release(aho_corasick *automaton) {
  const jrx_allocator *allocator = automaton->allocator;
  if (allocator == NULL) {
    return;
  }
  memory_free(allocator, automaton->depth);
  memory_free(allocator, automaton->output_length);
  memory_free(allocator, automaton->output_literal);
  memory_free(allocator, automaton->table);
  memory_free(allocator, automaton->edge_start);
  memory_free(allocator, automaton->edge_class);
  memory_free(allocator, automaton->edge_target);
  memory_free(allocator, automaton->fail);
  memory_free(allocator, automaton->root_next);
  memset(automaton, 0, sizeof *automaton);
}
