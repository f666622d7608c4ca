/* prefilter: choosing the strategy from the program. The program's facts
 * say which bytes each of a match's first positions allows (assertions
 * assumed to hold, so the sets only over-approximate); the search then
 * looks for the position whose set English text has least of. */
#include "prefilter.h"

#include <string.h>

#include "byte_frequency.h"

/* Expected share of a set of bytes in text (per BYTE_FREQUENCY_SCALE
 * bytes) above which the jumps may cost more than stepping the DFA over
 * every byte. On sherlock.txt memchr for e (10% of it) still wins. */
#define MAX_SEARCHED_FREQUENCY (BYTE_FREQUENCY_SCALE / 5)
/* The widest set worth the table loop. */
#define MAX_TABLE_BYTES 32u

static uint32_t set_size(const uint64_t bytes[4]) {
  uint32_t size = 0;
  for (unsigned i = 0; i < 4; i++) {
    size += (uint32_t)__builtin_popcountll(bytes[i]);
  }
  return size;
}

/* Walks the set's members only: the build runs it for every prefix
 * position, and a compile should not pay 256 tests for each. */
static unsigned set_frequency(const uint64_t bytes[4]) {
  unsigned total = 0;
  for (unsigned word = 0; word < 4; word++) {
    for (uint64_t bits = bytes[word]; bits != 0; bits &= bits - 1) {
      total += byte_frequency[word * 64u + (unsigned)__builtin_ctzll(bits)];
    }
  }
  return total;
}

/* The position of at most max_size bytes that text has least of, if it
 * has little enough of it to be worth skipping to. */
static int rarest_position(const nfa_program *program, uint32_t max_size, uint32_t *position) {
  unsigned best_frequency = MAX_SEARCHED_FREQUENCY + 1;
  for (uint32_t i = 0; i < program->prefix_byte_set_count && i < PREFILTER_MAX_POSITIONS; i++) {
    if (set_size(program->prefix_byte_sets[i]) > max_size) {
      continue; /* before the frequency, which walks every member */
    }
    unsigned frequency = set_frequency(program->prefix_byte_sets[i]);
    if (frequency < best_frequency) {
      best_frequency = frequency;
      *position = i;
    }
  }
  return best_frequency <= MAX_SEARCHED_FREQUENCY;
}

static void set_strategy(prefilter *filter) {
  const uint64_t *bytes = filter->program->prefix_byte_sets[filter->searched_position];
  filter->needle_count = 0;
  for (unsigned byte = 0; byte < 256; byte++) {
    filter->in_searched_set[byte] = (unsigned char)nfa_byte_set_has(bytes, byte);
    if (nfa_byte_set_has(bytes, byte) && filter->needle_count < PREFILTER_MAX_NEEDLES) {
      filter->needles[filter->needle_count++] = (unsigned char)byte;
    }
  }
  uint32_t size = set_size(bytes);
  if (size == 1) {
    filter->kind = PREFILTER_MEMCHR;
  } else if (size <= PREFILTER_MAX_NEEDLES) {
    filter->kind = PREFILTER_NEEDLES;
  } else {
    filter->kind = PREFILTER_BYTE_TABLE;
    filter->needle_count = 0;
  }
}

/* Pairs the searched position with the rarest other prefix position of at
 * most BYTE_PAIR_MAX_BYTES bytes, when the searched set is that small too.
 * Always, as PCRE2 pairs characters: the frequency table is blind to the
 * text at hand (it ranks '/' among the rarest bytes, and a log's paths
 * are full of it), a false candidate costs a prefix check and a call, and
 * the second compare costs about two instructions a block. The pair's
 * bytes are read no further than a match's shortest length. */
static void pair_strategy(prefilter *filter) {
  const nfa_program *program = filter->program;
  uint32_t searched = filter->searched_position;
  const uint64_t *searched_set = program->prefix_byte_sets[searched];
  if (set_size(searched_set) > BYTE_PAIR_MAX_BYTES) {
    return;
  }
  uint32_t best = searched;
  unsigned best_frequency = MAX_SEARCHED_FREQUENCY + 1;
  for (uint32_t i = 0; i < program->prefix_byte_set_count && i < program->min_length; i++) {
    unsigned frequency = set_frequency(program->prefix_byte_sets[i]);
    if (i != searched && set_size(program->prefix_byte_sets[i]) <= BYTE_PAIR_MAX_BYTES &&
        frequency < best_frequency) {
      best = i;
      best_frequency = frequency;
    }
  }
  if (best == searched) {
    return;
  }
  uint32_t offsets[2] = {searched, best};
  uint32_t counts[2] = {0, 0};
  unsigned char bytes[2][BYTE_PAIR_MAX_BYTES];
  for (unsigned k = 0; k < 2; k++) {
    for (unsigned byte = 0; byte < 256; byte++) {
      if (nfa_byte_set_has(program->prefix_byte_sets[offsets[k]], byte)) {
        bytes[k][counts[k]++] = (unsigned char)byte;
      }
    }
  }
  if (byte_pair_init(&filter->pair, offsets, counts, bytes) == 0) {
    filter->kind = PREFILTER_PAIR;
  }
}

void prefilter_build(const nfa_program *program, const dfa *automaton, prefilter *filter) {
  memset(filter, 0, sizeof *filter);
  filter->kind = PREFILTER_NONE;
  if (program->anchored || program->can_match_empty || program->min_length == SIZE_MAX ||
      automaton->forward.uses_match_start) {
    return;
  }
  filter->program = program;
  /* The vector search is fast enough to prefer to a rarer, wider set. */
  if (rarest_position(program, PREFILTER_MAX_NEEDLES, &filter->searched_position) ||
      rarest_position(program, MAX_TABLE_BYTES, &filter->searched_position)) {
    set_strategy(filter);
    pair_strategy(filter);
  }
}
