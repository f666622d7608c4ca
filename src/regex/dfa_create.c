/* dfa_create: the dfa (both directions' automata and the reversed
 * program, immutable once made) and the dfa_cache (both directions' state
 * stores, one per thread). Each owns what it allocates and frees it all. */
#include "dfa.h"
#include "dfa_search_with.h"
#include "jrx.h"
#include "memory.h"

void dfa_default_limits(dfa_limits *limits) {
  limits->memory_budget = DFA_DEFAULT_MEMORY_BUDGET;
  limits->min_bytes_per_state = DFA_DEFAULT_MIN_BYTES_PER_STATE;
}

int dfa_create(const nfa_program *program, dfa **result) {
  dfa *created = memory_allocate_zeroed_array(program->allocator, 1, sizeof *created);
  if (created == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  int status = dfa_reverse_program(program, &created->reversed);
  if (status != 0) {
    memory_free(program->allocator, created);
    return status;
  }
  dfa_automaton_init(&created->forward, program, program, DFA_FORWARD);
  dfa_automaton_init(&created->backward, &created->reversed, program, DFA_BACKWARD);
  created->excluded_scan = dfa_acceleration_word_leaving_on(program->excluded_bytes);
  for (unsigned byte = 0; byte < 256; byte++) {
    created->excluded_byte[byte] = (uint8_t)nfa_byte_set_has(program->excluded_bytes, byte);
  }
  *result = created;
  return 0;
}

void dfa_destroy(dfa *automaton) {
  if (automaton == NULL) {
    return;
  }
  const jrx_allocator *allocator = automaton->reversed.allocator;
  nfa_program_release(&automaton->reversed);
  memory_free(allocator, automaton);
}

int dfa_cache_create(const dfa *automaton, const dfa_limits *limits, dfa_cache **cache) {
  dfa_limits defaults;
  if (limits == NULL) {
    dfa_default_limits(&defaults);
    limits = &defaults;
  }
  const jrx_allocator *allocator = automaton->reversed.allocator;
  dfa_cache *created = memory_allocate_zeroed_array(allocator, 1, sizeof *created);
  if (created == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  created->allocator = allocator;
  int status = dfa_lazy_init(&created->forward, &automaton->forward, limits);
  if (status == 0) {
    status = dfa_lazy_init(&created->backward, &automaton->backward, limits);
    if (status != 0) {
      dfa_lazy_release(&created->forward);
    }
  }
  if (status != 0) {
    memory_free(allocator, created);
    return status;
  }
  *cache = created;
  return 0;
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
