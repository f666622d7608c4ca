/* dfa_accelerate: accelerated states, the lazy DFA's jumps over bytes that
 * change nothing. A state is examined the first time one of its
 * self-loops is computed: every class column is stepped (without
 * interning anything) and compared with the state itself. When the bytes
 * that stay form the whole byte range but at most three bytes, or one
 * interval, or the bytes that leave form one interval, the row's
 * acceleration word says so and every self-loop column
 * is tagged DFA_TAG_ACCELERATED, so byte loops leave their fast path there
 * and scan for the next byte that leaves (SSE2 or NEON here, NEON in the
 * generated loops). Invariant: a tagged column holds exactly the
 * transition the state computes, so a jump over n staying bytes is n steps
 * (a match included: DFA_TAG_MATCH says one ends, or starts, at each). */
#include <string.h>

#include "byte_frequency.h"
#include "dfa.h"

#ifdef __SSE2__
#include <emmintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif

/* More escaping bytes than a scan compares at once. */
#define MAX_ESCAPES 3u

/* The most expected occurrences, in BYTE_FREQUENCY_SCALE bytes of text,
 * of the bytes that leave an unanchored start state it jumps in: one in a
 * 16-byte block, so that a jump (about 20 instructions to set up) passes
 * a block on average. [0-9] (787) took ipv4 over the 100 KB sample from
 * 0.91M to 0.31M guest instructions a pass under qemu; [a-z] (most text)
 * took [a-z]+ing over sherlock from 6.14M to 6.89M. */
#define MOST_START_LEAVING (BYTE_FREQUENCY_SCALE / 16u)

/* The bytes of one class column: one interval of byte values. */
static void column_bytes(const dfa_automaton *automaton, uint32_t column, unsigned *low,
                         unsigned *high) {
  *low = automaton->column_byte[column];
  *high = column + 1 < automaton->class_count ? automaton->column_byte[column + 1] - 1u : 255u;
}

/* Whether record's state moves to itself on column. A computed column
 * answers at once; otherwise the step is taken and compared (the list a
 * state keeps and the one a step makes are both in priority order, or
 * sorted backwards, so equal states have equal lists). */
static int loops_on(dfa_lazy *lazy, const dfa_state_record *record, const uint32_t *row,
                    uint32_t column) {
  if (row[column] != DFA_UNKNOWN) {
    /* a tagged self-loop, another state, or DFA_DEAD */
    return dfa_is_accelerated(row[column]) || row[column] == record->id;
  }
  uint32_t flags = dfa_lazy_successor(lazy, record, column);
  uint32_t count = lazy->next_count;
  if (count == 0) {
    /* dfa_lazy_intern's empty lists: dead, or the matched state after
     * the last thread, neither of which loops on a byte. */
    return 0;
  }
  return flags == record->flags && count == record->item_count &&
         memcmp(lazy->next_items, &lazy->items[record->item_offset], count * sizeof(uint32_t)) ==
             0;
}

/* The forward start state of an unanchored search, which stays on every
 * byte that starts no match: the prefilters' business. */
static int is_unanchored_start(const dfa_lazy *lazy, const dfa_state_record *record) {
  return lazy->automaton->direction == DFA_FORWARD && record->item_count == 1 &&
         lazy->items[record->item_offset] == DFA_START_ITEM;
}

/* Whether such a start state jumps with word: only over text where the
 * bytes that start a match are one rare interval ([0-9]...), which no
 * prefilter probes (they compare with bytes, not intervals). */
static int start_jumps_with(uint32_t word) {
  if (dfa_acceleration_kind_of(word) != DFA_ACCELERATION_LEAVING_RANGE) {
    return 0;
  }
  unsigned expected = 0;
  for (unsigned byte = word & 0xffu; byte <= ((word >> 8) & 0xffu); byte++) {
    expected += byte_frequency[byte];
  }
  return expected <= MOST_START_LEAVING;
}

/* States a scan must not jump in: in UTF mode, backward states on a
 * match, whose starts are recorded per character by the step in C. */
static int may_accelerate(const dfa_lazy *lazy, const dfa_state_record *record) {
  const dfa_automaton *automaton = lazy->automaton;
  return automaton->direction == DFA_FORWARD ||
         !(automaton->program->utf && (record->flags & DFA_STATE_MATCHED) != 0);
}

/* The intervals of bytes that stay in a state, or leave it: how many,
 * and the last one. */
typedef struct byte_runs {
  uint32_t count;
  unsigned low;
  unsigned high;
} byte_runs;

/* The acceleration word of a state whose leaving bytes are escapes (the
 * first MAX_ESCAPES of escape_count), stay and leave its intervals; 0
 * when no scan stops on exactly those bytes. */
static uint32_t acceleration_word(const unsigned char *escapes, uint32_t escape_count,
                                  byte_runs stay, byte_runs leave) {
  if (escape_count == 0) {
    return (uint32_t)DFA_ACCELERATION_TO_END << DFA_ACCELERATION_KIND_SHIFT;
  }
  if (escape_count <= MAX_ESCAPES) {
    uint32_t word = (uint32_t)DFA_ACCELERATION_ESCAPES << DFA_ACCELERATION_KIND_SHIFT;
    for (uint32_t i = 0; i < MAX_ESCAPES; i++) {
      word |= (uint32_t)escapes[i < escape_count ? i : 0] << (8 * i);
    }
    return word;
  }
  if (stay.count == 1) {
    return ((uint32_t)DFA_ACCELERATION_RANGE << DFA_ACCELERATION_KIND_SHIFT) |
           (uint32_t)stay.low | (uint32_t)stay.high << 8;
  }
  if (leave.count == 1) {
    return ((uint32_t)DFA_ACCELERATION_LEAVING_RANGE << DFA_ACCELERATION_KIND_SHIFT) |
           (uint32_t)leave.low | (uint32_t)leave.high << 8;
  }
  return 0;
}

/* A word of the set at a time: the first escapes, how many there are,
 * and the runs of bytes outside it (a run starts at a byte outside whose
 * predecessor is inside, or at byte 0). */
uint32_t dfa_acceleration_word_leaving_on(const uint64_t set[4]) {
  unsigned char escapes[MAX_ESCAPES];
  uint32_t escape_count = 0;
  uint32_t stored = 0;
  uint32_t stay_runs = 0;
  unsigned stay_low = 0;
  unsigned stay_high = 0;
  uint64_t inside_before = 1; /* byte 0 may start a run */
  for (unsigned word = 0; word < 4; word++) {
    uint64_t inside = set[word];
    for (uint64_t bits = inside; bits != 0 && stored < MAX_ESCAPES; bits &= bits - 1) {
      escapes[stored++] = (unsigned char)(word * 64u + (unsigned)__builtin_ctzll(bits));
    }
    escape_count += (uint32_t)__builtin_popcountll(inside);
    uint64_t outside = ~inside;
    uint64_t run_starts = outside & ((inside << 1) | inside_before);
    stay_runs += (uint32_t)__builtin_popcountll(run_starts);
    if (run_starts != 0) {
      stay_low = word * 64u + 63u - (unsigned)__builtin_clzll(run_starts);
    }
    if (outside != 0) {
      stay_high = word * 64u + 63u - (unsigned)__builtin_clzll(outside);
    }
    inside_before = inside >> 63;
  }
  byte_runs stay = {stay_runs, stay_low, stay_high};
  byte_runs leave = {0, 0, 0}; /* not offered: the callers' runs scan with the other kinds */
  return acceleration_word(escapes, escape_count, stay, leave);
}

void dfa_lazy_examine_acceleration(dfa_lazy *lazy, uint32_t state) {
  const dfa_automaton *automaton = lazy->automaton;
  const dfa_state_record *record = dfa_lazy_record(lazy, state);
  uint32_t *row = &lazy->table[state & DFA_ID_MASK];
  row[automaton->acceleration_column] = (uint32_t)DFA_ACCELERATION_NONE
                                        << DFA_ACCELERATION_KIND_SHIFT;
  if (!may_accelerate(lazy, record)) {
    return;
  }
  unsigned char escapes[MAX_ESCAPES];
  uint32_t escape_count = 0; /* counts past MAX_ESCAPES, stored up to it */
  byte_runs stay = {0, 0, 0};
  byte_runs leave = {0, 0, 0};
  int previous_stays = -1;
  uint8_t stays[256];
  for (uint32_t column = 0; column < automaton->class_count; column++) {
    unsigned low, high;
    column_bytes(automaton, column, &low, &high);
    stays[column] = (uint8_t)loops_on(lazy, record, row, column);
    byte_runs *runs = stays[column] ? &stay : &leave;
    if (stays[column] != previous_stays) {
      runs->count++;
      runs->low = low;
    }
    runs->high = high;
    if (!stays[column]) {
      for (unsigned byte = low; byte <= high && escape_count <= MAX_ESCAPES; byte++) {
        if (escape_count < MAX_ESCAPES) {
          escapes[escape_count] = (unsigned char)byte;
        }
        escape_count++;
      }
    }
    previous_stays = stays[column];
    if (escape_count > MAX_ESCAPES && stay.count > 1 && leave.count > 1) {
      return; /* neither a few escapes nor one interval */
    }
  }
  uint32_t word = acceleration_word(escapes, escape_count, stay, leave);
  if (word == 0 || (is_unanchored_start(lazy, record) && !start_jumps_with(word))) {
    return;
  }
  row[automaton->acceleration_column] = word;
  for (uint32_t column = 0; column < automaton->class_count; column++) {
    if (stays[column]) {
      row[column] = record->id | DFA_TAG_ACCELERATED;
    }
  }
}

/* ---- The scans ---------------------------------------------------------
 * One block of 16 bytes at a time while 16 remain, then byte by byte, so
 * that nothing is read outside [to, from) or [from, to). */

static int leaves(uint32_t word, unsigned byte) {
  switch (dfa_acceleration_kind_of(word)) {
    case DFA_ACCELERATION_ESCAPES:
      return byte == (word & 0xffu) || byte == ((word >> 8) & 0xffu) ||
             byte == ((word >> 16) & 0xffu);
    case DFA_ACCELERATION_RANGE:
      return byte < (word & 0xffu) || byte > ((word >> 8) & 0xffu);
    case DFA_ACCELERATION_LEAVING_RANGE:
      return byte >= (word & 0xffu) && byte <= ((word >> 8) & 0xffu);
    case DFA_ACCELERATION_TO_END:
    case DFA_ACCELERATION_UNCHECKED:
    case DFA_ACCELERATION_NONE:
      break;
  }
  return 0;
}

#define BLOCK 16u

#if defined(__SSE2__) || defined(__ARM_NEON)
/* The 16-byte block test: a mask with BLOCK_BITS bits per byte, set for the
 * bytes that leave. */
#ifdef __SSE2__
#define BLOCK_BITS 1u
typedef struct block_test {
  __m128i bytes[MAX_ESCAPES]; /* ESCAPES: the escapes; the ranges: low, then high - low */
  dfa_acceleration_kind kind;
} block_test;

static block_test block_test_make(uint32_t word) {
  block_test test = {.kind = dfa_acceleration_kind_of(word)};
  for (unsigned i = 0; i < MAX_ESCAPES; i++) {
    test.bytes[i] = _mm_set1_epi8((char)(word >> (8 * i)));
  }
  if (test.kind != DFA_ACCELERATION_ESCAPES) {
    test.bytes[1] = _mm_set1_epi8((char)(((word >> 8) - word) & 0xffu));
  }
  return test;
}

static uint64_t block_leaving(const block_test *test, const unsigned char *at) {
  __m128i block = _mm_loadu_si128((const __m128i *)(const void *)at);
  if (test->kind != DFA_ACCELERATION_ESCAPES) {
    /* in the range when byte - low <= high - low, unsigned: max(x, width) == width */
    __m128i offset = _mm_sub_epi8(block, test->bytes[0]);
    __m128i inside = _mm_cmpeq_epi8(_mm_max_epu8(offset, test->bytes[1]), test->bytes[1]);
    unsigned mask = (unsigned)_mm_movemask_epi8(inside);
    return test->kind == DFA_ACCELERATION_RANGE ? (uint64_t)(~mask & 0xffffu) : (uint64_t)mask;
  }
  __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(block, test->bytes[0]),
                              _mm_or_si128(_mm_cmpeq_epi8(block, test->bytes[1]),
                                           _mm_cmpeq_epi8(block, test->bytes[2])));
  return (uint64_t)(unsigned)_mm_movemask_epi8(hits);
}
#else
#define BLOCK_BITS 4u
typedef struct block_test {
  uint8x16_t bytes[MAX_ESCAPES]; /* ESCAPES: the escapes; the ranges: low, high */
  dfa_acceleration_kind kind;
} block_test;

static block_test block_test_make(uint32_t word) {
  block_test test = {.kind = dfa_acceleration_kind_of(word)};
  for (unsigned i = 0; i < MAX_ESCAPES; i++) {
    test.bytes[i] = vdupq_n_u8((uint8_t)(word >> (8 * i)));
  }
  return test;
}

static uint64_t block_leaving(const block_test *test, const unsigned char *at) {
  uint8x16_t block = vld1q_u8(at);
  uint8x16_t hits;
  if (test->kind == DFA_ACCELERATION_RANGE) {
    hits = vorrq_u8(vcltq_u8(block, test->bytes[0]), vcgtq_u8(block, test->bytes[1]));
  } else if (test->kind == DFA_ACCELERATION_LEAVING_RANGE) {
    hits = vandq_u8(vcgeq_u8(block, test->bytes[0]), vcleq_u8(block, test->bytes[1]));
  } else {
    hits = vorrq_u8(vceqq_u8(block, test->bytes[0]),
                    vorrq_u8(vceqq_u8(block, test->bytes[1]), vceqq_u8(block, test->bytes[2])));
  }
  /* Narrowing by 4 leaves a nibble per byte. */
  uint8x8_t nibbles = vshrn_n_u16(vreinterpretq_u16_u8(hits), 4);
  return vget_lane_u64(vreinterpret_u64_u8(nibbles), 0);
}
#endif

/* Moves *position over whole blocks that stay; returns 1 when it stops
 * at a leaving byte (forwards at *position, backwards before it), 0 when
 * fewer than a block's bytes are left. */
static int forward_blocks(uint32_t word, const unsigned char *subject, size_t *position,
                          size_t to) {
  block_test test = block_test_make(word);
  for (size_t at = *position; to - at >= BLOCK; at += BLOCK) {
    uint64_t leaving = block_leaving(&test, subject + at);
    if (leaving != 0) {
      *position = at + (size_t)__builtin_ctzll(leaving) / BLOCK_BITS;
      return 1;
    }
    *position = at + BLOCK;
  }
  return 0;
}

static int backward_blocks(uint32_t word, const unsigned char *subject, size_t *position,
                           size_t to) {
  block_test test = block_test_make(word);
  for (size_t at = *position; at - to >= BLOCK; at -= BLOCK) {
    uint64_t leaving = block_leaving(&test, subject + at - BLOCK);
    if (leaving != 0) {
      size_t highest = (size_t)(63 - __builtin_clzll(leaving)) / BLOCK_BITS;
      *position = at - BLOCK + highest + 1;
      return 1;
    }
    *position = at - BLOCK;
  }
  return 0;
}
#else
static int forward_blocks(uint32_t word, const unsigned char *subject, size_t *position,
                          size_t to) {
  (void)word, (void)subject, (void)position, (void)to;
  return 0;
}

static int backward_blocks(uint32_t word, const unsigned char *subject, size_t *position,
                           size_t to) {
  (void)word, (void)subject, (void)position, (void)to;
  return 0;
}
#endif

size_t dfa_accelerate_forward(uint32_t word, const unsigned char *subject, size_t from,
                              size_t to) {
  if (dfa_acceleration_kind_of(word) == DFA_ACCELERATION_TO_END) {
    return to;
  }
  if (dfa_acceleration_kind_of(word) == DFA_ACCELERATION_ESCAPES &&
      (word & 0xffu) == ((word >> 8) & 0xffu) && (word & 0xffu) == ((word >> 16) & 0xffu)) {
    const unsigned char *hit = memchr(subject + from, (int)(word & 0xffu), to - from);
    return hit != NULL ? (size_t)(hit - subject) : to;
  }
  size_t position = from;
  if (forward_blocks(word, subject, &position, to)) {
    return position;
  }
  while (position != to && !leaves(word, subject[position])) {
    position++;
  }
  return position;
}

size_t dfa_accelerate_backward(uint32_t word, const unsigned char *subject, size_t from,
                               size_t to) {
  if (dfa_acceleration_kind_of(word) == DFA_ACCELERATION_TO_END) {
    return to;
  }
  size_t position = from;
  if (backward_blocks(word, subject, &position, to)) {
    return position;
  }
  while (position != to && !leaves(word, subject[position - 1])) {
    position--;
  }
  return position;
}
