/* dfa_create: the dfa (both directions' automata, immutable once made,
 * and the reversed program, built once on first need) and the dfa_cache
 * (both directions' state stores, one per thread, the backward one made on
 * first need). Each owns what it allocates and frees it all. */
#include <string.h>

#include "dfa.h"
#include "dfa_search_with.h"
#include "jrx.h"
#include "memory.h"

void dfa_default_limits(dfa_limits *limits) {
  limits->memory_budget = DFA_DEFAULT_MEMORY_BUDGET;
  limits->min_bytes_per_state = DFA_DEFAULT_MIN_BYTES_PER_STATE;
}

/* The low 8 bits of bits as 8 bytes of 0 or 1, the lowest bit first:
 * times 0x00204081, 4 bits land 7 apart without overlapping, bit i at
 * bit 8i (a loop over the 256 bytes was a tenth of dfa_create). */
static uint64_t spread_bits(unsigned bits) {
  _Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "byte i of a word is the i-th");
  uint64_t low = ((bits & 15u) * 0x00204081u) & 0x01010101u;
  uint64_t high = (((bits >> 4) & 15u) * 0x00204081u) & 0x01010101u;
  return low | high << 32;
}

int dfa_create(const nfa_program *program, dfa **result) {
  /* Not zeroed: every field is set below (dfa_automata_init zeroes each
   * automaton first). */
  dfa *created = memory_allocate_array(program->allocator, 1, sizeof *created);
  if (created == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  dfa_program_reads reads;
  dfa_program_reads_of(program, &reads);
  dfa_automata_init(&created->forward, &created->backward, program, &reads);
  atomic_init(&created->reversed, NULL);
  created->excluded_scan = dfa_acceleration_word_leaving_on(program->excluded_bytes);
  for (unsigned byte = 0; byte < 256; byte += 8) {
    uint64_t bytes = spread_bits((unsigned)(program->excluded_bytes[byte / 64u] >> (byte % 64u)));
    memcpy(&created->excluded_byte[byte], &bytes, sizeof bytes);
  }
  *result = created;
  return 0;
}

static void release_reversed(const jrx_allocator *allocator, nfa_program *reversed) {
  if (reversed != NULL) {
    nfa_program_release(reversed);
    memory_free(allocator, reversed);
  }
}

void dfa_destroy(dfa *automaton) {
  if (automaton == NULL) {
    return;
  }
  const jrx_allocator *allocator = automaton->forward.program->allocator;
  release_reversed(allocator, atomic_load_explicit(&automaton->reversed, memory_order_acquire));
  memory_free(allocator, automaton);
}

int dfa_reversed_program(const dfa *automaton, const nfa_program **reversed) {
  dfa *shared = (dfa *)automaton; /* its reversed slot is filled once, as jrx.c's Pike VM */
  *reversed = atomic_load_explicit(&shared->reversed, memory_order_acquire);
  if (*reversed != NULL) {
    return 0;
  }
  const nfa_program *program = automaton->forward.program;
  nfa_program *built = memory_allocate_zeroed_array(program->allocator, 1, sizeof *built);
  if (built == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  int status = dfa_reverse_program(program, built);
  if (status != 0) {
    memory_free(program->allocator, built);
    return status;
  }
  nfa_program *published = NULL;
  if (!atomic_compare_exchange_strong_explicit(&shared->reversed, &published, built,
                                               memory_order_acq_rel, memory_order_acquire)) {
    release_reversed(program->allocator, built);
    built = published;
  }
  *reversed = built;
  return 0;
}

int dfa_cache_create(const dfa *automaton, const dfa_limits *limits, dfa_cache **cache) {
  dfa_limits defaults;
  if (limits == NULL) {
    dfa_default_limits(&defaults);
    limits = &defaults;
  }
  const jrx_allocator *allocator = automaton->forward.program->allocator;
  dfa_cache *created = memory_allocate_zeroed_array(allocator, 1, sizeof *created);
  if (created == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  created->allocator = allocator;
  created->automaton = automaton;
  created->limits = *limits;
  int status =
      dfa_lazy_init(&created->forward, &automaton->forward, automaton->forward.program, limits);
  if (status != 0) {
    memory_free(allocator, created);
    return status;
  }
  *cache = created;
  return 0;
}

int dfa_cache_backward(dfa_cache *cache, dfa_lazy **backward) {
  *backward = &cache->backward;
  if (cache->backward.automaton != NULL) {
    return 0;
  }
  const nfa_program *reversed;
  int status = dfa_reversed_program(cache->automaton, &reversed);
  if (status == 0) {
    status = dfa_lazy_init(&cache->backward, &cache->automaton->backward, reversed, &cache->limits);
  }
  return status;
}

void dfa_cache_destroy(dfa_cache *cache) {
  if (cache == NULL) {
    return;
  }
  dfa_lazy_release(&cache->forward);
  dfa_lazy_release(&cache->backward);
  memory_free(cache->allocator, cache);
}

void dfa_cache_stats(const dfa_cache *cache, dfa_stats *total) {
  *total = (dfa_stats){0};
  dfa_stats_add(total, &cache->forward.stats, 1);
  dfa_stats_add(total, &cache->backward.stats, 1);
}
