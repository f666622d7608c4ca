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

static unsigned set_frequency(const uint64_t bytes[4]) {
  unsigned total = 0;
  for (unsigned byte = 0; byte < 256; byte++) {
    if (nfa_byte_set_has(bytes, byte)) {
      total += byte_frequency[byte];
    }
  }
  return total;
}

/* The position of at most max_size bytes that text has least of, if it
 * has little enough of it to be worth skipping to. */
static int rarest_position(const nfa_program *program, uint32_t max_size, uint32_t *position) {
  unsigned best_frequency = MAX_SEARCHED_FREQUENCY + 1;
  for (uint32_t i = 0; i < program->prefix_byte_set_count && i < PREFILTER_MAX_POSITIONS; i++) {
    unsigned frequency = set_frequency(program->prefix_byte_sets[i]);
    if (set_size(program->prefix_byte_sets[i]) <= max_size && frequency < best_frequency) {
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
  }
}
