/* jrx_match_data: what one match needs besides the pattern (lazy DFA
 * caches, the capture engine's scratch, and the Pike VM's scratch, made by
 * jrx.c when a search first needs it, and the counts of what its searches
 * did), made through the pattern's allocator, and the pattern's few
 * cached ones for jrx_match.
 * Invariant: a match data is used by one match at a time; a cached one is
 * owned by its slot until an atomic exchange hands it to a match. */
#include "jrx.h"

#include "arm64/jit_pike.h"
#include "jrx_internal.h"
#include "memory.h"

void jrx_match_data_free(jrx_match_data *data) {
  if (data == NULL) {
    return;
  }
  pike_scratch_destroy(data->pike);
  memory_free(data->re->allocator, data->lookaround_slots);
  jit_pike_scratch_destroy(data->native_pike);
  dfa_cache_destroy(data->dfa);
  for (uint32_t i = 0; i < LOOKAHEAD_FILTER_CACHES; i++) {
    dfa_cache_destroy(data->lookahead_dfa[i]);
  }
  capture_scratch_destroy(&data->captures);
  memory_free(data->re->allocator, data->captures_ahead);
  memory_free(data->re->allocator, data);
}

/* data->captures_ahead, for a pattern whose iteration's later searches
 * take the capture engine's search, or its group-less twin's
 * (jrx_match_captures). */
static int captures_ahead_create(const jrx *re, jrx_match_data *data) {
  uint32_t slot_count = re->program.slot_count;
  if (!re->captures_direct || slot_count > JRX_CAPTURES_AHEAD_SLOTS / 2) {
    return 0;
  }
  uint32_t capacity = JRX_CAPTURES_AHEAD_SLOTS / slot_count;
  capacity = capacity < JRX_CAPTURES_AHEAD_MATCHES ? capacity : JRX_CAPTURES_AHEAD_MATCHES;
  data->captures_ahead = memory_allocate_array(re->allocator, (size_t)capacity * slot_count,
                                               sizeof *data->captures_ahead);
  if (data->captures_ahead == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  data->captures_capacity = capacity;
  return 0;
}

int jrx_match_data_create(const jrx *re, jrx_match_data **out) {
  if (out == NULL) {
    return JRX_ERROR_NULL;
  }
  *out = NULL;
  if (re == NULL) {
    return JRX_ERROR_NULL;
  }
  jrx_match_data *data = memory_allocate_zeroed_array(re->allocator, 1, sizeof *data);
  if (data == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  data->re = re;
  data->error_offset = JRX_UNSET;
  /* A pattern run by the Pike VM alone has no DFA (nfa_program.needs_pike). */
  int status = re->automaton != NULL ? dfa_cache_create(re->automaton, &re->dfa_limits, &data->dfa)
                                     : 0;
  if (status == 0) {
    status = capture_scratch_create(&re->captures, re->program.slot_count, re->allocator,
                                    &data->captures);
  }
  if (status == 0) {
    status = captures_ahead_create(re, data);
  }
  if (status != 0) {
    jrx_match_data_free(data);
    return status;
  }
  *out = data;
  return 0;
}

int jrx_match_data_stats(const jrx_match_data *data, jrx_match_stats *stats) {
  if (data == NULL || stats == NULL) {
    return JRX_ERROR_NULL;
  }
  dfa_stats counted = {0};
  if (data->dfa != NULL) {
    dfa_cache_stats(data->dfa, &counted);
  }
  const dfa_stats *before = &data->dfa_counted_before;
  *stats = data->stats;
  stats->searches = stats->dfa_searches + stats->native_dfa_searches + stats->pike_searches +
                    stats->native_pike_searches + stats->bitnfa_searches +
                    stats->capture_searches + stats->native_capture_searches +
                    stats->literal_searches + stats->grapheme_searches;
  stats->dfa_states_built = counted.states_built - before->states_built;
  stats->dfa_cache_resets = counted.cache_resets - before->cache_resets;
  stats->prefilter_candidates = counted.prefilter_candidates - before->prefilter_candidates;
  stats->prefilter_stand_downs = counted.prefilter_stand_downs - before->prefilter_stand_downs;
  return 0;
}

void jrx_match_data_reset_stats(jrx_match_data *data) {
  if (data != NULL) {
    data->stats = (jrx_match_stats){0};
    if (data->dfa != NULL) {
      dfa_cache_stats(data->dfa, &data->dfa_counted_before);
    }
  }
}

size_t jrx_match_data_error_offset(const jrx_match_data *data) {
  return data != NULL ? data->error_offset : JRX_UNSET;
}

/* The cache is the one mutable part of a jrx; the object itself was
 * allocated non-const by jrx_compile. */
static _Atomic(jrx_match_data *) *cache_slots(const jrx *re) {
  return ((jrx *)re)->cached_match_data;
}

int jrx_match_data_take_cached(const jrx *re, jrx_match_data **data) {
  _Atomic(jrx_match_data *) *slots = cache_slots(re);
  for (size_t i = 0; i < JRX_CACHED_MATCH_DATA; i++) {
    /* A plain load first keeps threads from writing to slots that are
     * empty anyway, which would bounce the cache line between them. */
    if (atomic_load_explicit(&slots[i], memory_order_relaxed) != NULL) {
      *data = atomic_exchange(&slots[i], NULL);
      if (*data != NULL) {
        return 0;
      }
    }
  }
  return jrx_match_data_create(re, data);
}

void jrx_match_data_give_back(const jrx *re, jrx_match_data *data) {
  _Atomic(jrx_match_data *) *slots = cache_slots(re);
  for (size_t i = 0; i < JRX_CACHED_MATCH_DATA; i++) {
    jrx_match_data *expected = NULL;
    if (atomic_compare_exchange_strong(&slots[i], &expected, data)) {
      return;
    }
  }
  jrx_match_data_free(data);
}

void jrx_match_data_free_cached(jrx *re) {
  for (size_t i = 0; i < JRX_CACHED_MATCH_DATA; i++) {
    jrx_match_data_free(atomic_exchange(&re->cached_match_data[i], NULL));
  }
}
