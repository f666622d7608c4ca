/* prefilter_scan: finding candidates. The searched position's bytes are
 * found with memchr, SSE2 or a table loop, reading only inside the
 * subject; each hit is then checked against the other positions' sets. */
#include <string.h>

#include "prefilter.h"

#include "jrx.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define NOT_FOUND SIZE_MAX

/* The first byte of the searched set in [from, end), or end. Unrolled by
 * four because most bytes are misses. */
static const unsigned char *find_in_table(const prefilter *filter, const unsigned char *from,
                                          const unsigned char *end) {
  const unsigned char *in_set = filter->in_searched_set;
  while (end - from >= 4) {
    if (in_set[from[0]] | in_set[from[1]] | in_set[from[2]] | in_set[from[3]]) {
      break;
    }
    from += 4;
  }
  while (from != end && !in_set[*from]) {
    from++;
  }
  return from;
}

#ifdef __SSE2__
/* find_in_table for a few needles, 16 bytes at a time. */
static const unsigned char *find_needles(const prefilter *filter, const unsigned char *from,
                                         const unsigned char *end) {
  __m128i needles[PREFILTER_MAX_NEEDLES];
  uint32_t count = filter->needle_count;
  for (uint32_t i = 0; i < count; i++) {
    needles[i] = _mm_set1_epi8((char)filter->needles[i]);
  }
  while (end - from >= 16) {
    __m128i block = _mm_loadu_si128((const __m128i *)(const void *)from);
    __m128i hits = _mm_cmpeq_epi8(block, needles[0]);
    for (uint32_t i = 1; i < count; i++) {
      hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, needles[i]));
    }
    unsigned mask = (unsigned)_mm_movemask_epi8(hits);
    if (mask != 0) {
      return from + __builtin_ctz(mask);
    }
    from += 16;
  }
  return find_in_table(filter, from, end);
}
#else
static const unsigned char *find_needles(const prefilter *filter, const unsigned char *from,
                                         const unsigned char *end) {
  return find_in_table(filter, from, end);
}
#endif

/* Bytes looked at one by one before calling a vector search: where hits
 * are dense, the call would cost more than it skips. */
#define SCALAR_LOOKAHEAD 4

static const unsigned char *find_searched(const prefilter *filter, const unsigned char *from,
                                          const unsigned char *end) {
  for (int i = 0; i < SCALAR_LOOKAHEAD && from != end; i++, from++) {
    if (filter->in_searched_set[*from]) {
      return from;
    }
  }
  switch (filter->kind) {
    case PREFILTER_MEMCHR: {
      const unsigned char *hit = memchr(from, filter->needles[0], (size_t)(end - from));
      return hit != NULL ? hit : end;
    }
    case PREFILTER_NEEDLES:
      return find_needles(filter, from, end);
    case PREFILTER_BYTE_TABLE:
    case PREFILTER_PAIR:
    case PREFILTER_NONE:
      break;
  }
  return find_in_table(filter, from, end);
}

/* The first position in [from, last] whose byte at the searched position
 * is in the searched set (with the pair's, for PREFILTER_PAIR), or
 * NOT_FOUND; from <= last. */
static inline size_t next_searched_hit(const prefilter *filter, const unsigned char *subject,
                                       size_t from, size_t last) {
  if (filter->kind == PREFILTER_PAIR) {
    return byte_pair_find(&filter->pair, subject, from, last);
  }
  size_t offset = filter->searched_position;
  const unsigned char *end = subject + last + offset + 1;
  const unsigned char *hit = find_searched(filter, subject + from + offset, end);
  return hit == end ? NOT_FOUND : (size_t)(hit - subject) - offset;
}

size_t prefilter_next_candidate(const prefilter *filter, const unsigned char *subject,
                                size_t length, size_t from, size_t *hits) {
  size_t span = filter->program->min_length;
  if (length < span) {
    return NOT_FOUND;
  }
  /* A match is at least span bytes long, so none starts after last. */
  size_t last = length - span;
  size_t first = from;
  size_t looked = 0;
  while (from <= last) {
    size_t candidate = next_searched_hit(filter, subject, from, last);
    if (candidate == NOT_FOUND) {
      break;
    }
    looked++;
    /* Hits failing every few bytes are handed to the DFA unchecked (it
     * checks them anyway), and the scan then stops skipping. */
    if (nfa_prefix_fits(filter->program, subject + candidate) ||
        !dfa_skipping_pays(looked, candidate - first)) {
      *hits += looked;
      return candidate;
    }
    from = candidate + 1;
  }
  *hits += looked;
  return NOT_FOUND;
}

/* The next hit of filter's byte search, unchecked (a dfa_candidate_function
 * for the sequence search, which checks each hit itself). */
static size_t next_hit(const void *context, const unsigned char *subject, size_t length,
                       size_t from, size_t *hits) {
  const prefilter *filter = context;
  size_t span = filter->program->min_length;
  if (length < span || from > length - span) {
    return NOT_FOUND;
  }
  size_t hit = next_searched_hit(filter, subject, from, length - span);
  *hits += hit != NOT_FOUND;
  return hit;
}

static size_t next_candidate(const void *filter, const unsigned char *subject, size_t length,
                             size_t from, size_t *hits) {
  return prefilter_next_candidate(filter, subject, length, from, hits);
}

int prefilter_required_byte_far(const nfa_program *program, const unsigned char *subject,
                                size_t length, size_t from) {
  size_t end = length;
  int found = 0;
  for (uint32_t i = 0; i < program->required_byte_count; i++) {
    const unsigned char *hit = memchr(subject + from, program->required_bytes[i], end - from);
    if (hit != NULL) {
      found = 1;
      end = (size_t)(hit - subject);
    }
  }
  return found;
}

int prefilter_search(const prefilter *filter, const dfa *automaton, dfa_cache *cache,
                     const unsigned char *subject, size_t length, size_t start_offset,
                     uint32_t options, size_t *match_start, size_t *match_end, dfa_stats *stats) {
  if (filter->kind == PREFILTER_NONE) {
    return dfa_search(automaton, cache, subject, length, start_offset, options, match_start,
                      match_end, stats);
  }
  if (filter->program->sequence_length > 0 && !cache->sequence_stood_down) {
    size_t position = start_offset;
    int status = prefilter_search_sequence(filter->program, next_hit, filter, cache,
                                           subject, length, options, &position, stats);
    if (status == 1) {
      *match_start = position;
      *match_end = position + filter->program->sequence_length;
    }
    if (status != PREFILTER_HAND_OVER) {
      return status;
    }
    start_offset = position;
  }
  return dfa_search_skipping(automaton, cache, subject, length, start_offset, options,
                             next_candidate, filter, match_start, match_end, stats);
}
