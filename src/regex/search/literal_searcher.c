/* literal_searcher: the choice among the literal searches by set size,
 * and the dispatch. */
#include "literal_searcher.h"

#include <stdbool.h>
#include <string.h>

#include "jrx.h"
#include "regex/memory.h"

/* The screens of a listed set (literal_searcher.screen_values). */
static void init_screens(literal_searcher *searcher, const literal_set *set) {
  for (uint32_t i = 0; i < set->count && i < LITERAL_SEARCHER_LISTED_MAX; i++) {
    uint32_t value = UINT32_MAX;
    uint32_t fold = UINT32_MAX;
    if (set->literals[i].length >= LITERAL_SEARCHER_SCREEN_BYTES) {
      memcpy(&value, literal_set_bytes(set, i), sizeof value);
      memcpy(&fold, literal_set_folds(set, i), sizeof fold);
    }
    searcher->screen_values[i] = value;
    searcher->screen_folds[i] = fold;
  }
}

int literal_searcher_init(literal_searcher *searcher, const literal_set *set) {
  memset(searcher, 0, sizeof *searcher);
  atomic_init(&searcher->fallback, NULL);
  searcher->set = set;
  init_screens(searcher, set);
  if (set->count == 1) {
    searcher->kind = LITERAL_SEARCHER_SUBSTRING;
    substring_searcher_init(&searcher->substring, literal_set_bytes(set, 0),
                            literal_set_folds(set, 0), set->literals[0].length);
    return 0;
  }
  if (teddy_applies(set)) {
    searcher->kind = LITERAL_SEARCHER_TEDDY;
    teddy_init(&searcher->teddy, set);
    return 0;
  }
  int status = aho_corasick_build(&searcher->automaton, set, AHO_CORASICK_MAX_TABLE_ENTRIES);
  if (status != 0) {
    return status;
  }
  searcher->kind = LITERAL_SEARCHER_AHO_CORASICK;
  return 0;
}

void literal_searcher_release(literal_searcher *searcher) {
  aho_corasick_release(&searcher->automaton);
  aho_corasick *fallback = atomic_load(&searcher->fallback);
  if (fallback != NULL) {
    const jrx_allocator *allocator = fallback->allocator;
    aho_corasick_release(fallback);
    memory_free(allocator, fallback);
  }
}

/* The loser of a race to build it frees its own. */
const aho_corasick *literal_searcher_automaton(const literal_searcher *searcher) {
  if (searcher->kind == LITERAL_SEARCHER_AHO_CORASICK) {
    return &searcher->automaton;
  }
  if (searcher->kind != LITERAL_SEARCHER_TEDDY) {
    return NULL;
  }
  literal_searcher *shared = (literal_searcher *)searcher; /* its fallback slot is mutable */
  aho_corasick *built = atomic_load_explicit(&shared->fallback, memory_order_acquire);
  if (built != NULL) {
    return built;
  }
  const jrx_allocator *allocator = searcher->set->allocator;
  built = memory_allocate(allocator, sizeof *built);
  if (built == NULL) {
    return NULL;
  }
  if (aho_corasick_build(built, searcher->set, AHO_CORASICK_MAX_TABLE_ENTRIES) != 0) {
    memory_free(allocator, built);
    return NULL;
  }
  aho_corasick *published = NULL;
  if (!atomic_compare_exchange_strong_explicit(&shared->fallback, &published, built,
                                               memory_order_acq_rel, memory_order_acquire)) {
    aho_corasick_release(built);
    memory_free(allocator, built);
    return published;
  }
  return built;
}

/* literal_searcher_match_at for a set of two literals or more: a Teddy
 * set looks up the buckets its leading bytes allow and compares their
 * literals (most candidates fail the lookup, a match compares a word or
 * two); a larger set walks Aho-Corasick's trie. */
static int set_match_at(const literal_searcher *searcher, const unsigned char *haystack,
                        size_t length, size_t position, size_t *end) {
  if (searcher->kind != LITERAL_SEARCHER_TEDDY) {
    return aho_corasick_match_at(&searcher->automaton, haystack, length, position, end);
  }
  const teddy *buckets = &searcher->teddy;
  /* The fingerprint is no longer than the shortest literal. */
  if (buckets->fingerprint > length - position) {
    return 0;
  }
  unsigned bits = teddy_bucket_bits(buckets, haystack + position);
  uint32_t literal =
      bits == 0 ? UINT32_MAX : teddy_verify(buckets, haystack, length, position, bits);
  if (literal == UINT32_MAX) {
    return 0;
  }
  *end = position + searcher->set->literals[literal].length;
  return 1;
}

/* The first literal of a listed set occurring at position, in the set's
 * order: returns 1 and its end, or 0. The scan of a few literals confirms
 * its candidates by their first bytes (jit_prefilter.h), so most are
 * matches; the screens leave the others at one compare a literal. Five
 * names took about 220 instructions a match through Teddy's buckets and
 * verification. */
static int listed_match_at(const literal_searcher *searcher, const unsigned char *haystack,
                           size_t length, size_t position, size_t *end) {
  const literal_set *set = searcher->set;
  /* Near the end no screened literal fits, and the word of all ones
   * passes only the shorter literals' screens. */
  uint32_t word = UINT32_MAX;
  if (length - position >= LITERAL_SEARCHER_SCREEN_BYTES) {
    memcpy(&word, haystack + position, sizeof word);
  }
  for (uint32_t i = 0; i < set->count; i++) {
    size_t literal_length = set->literals[i].length;
    if ((word | searcher->screen_folds[i]) == searcher->screen_values[i] &&
        literal_length <= length - position &&
        literal_matches_at(haystack + position, literal_set_bytes(set, i),
                           literal_set_folds(set, i), literal_length)) {
      *end = position + literal_length;
      return 1;
    }
  }
  return 0;
}

/* The set's search with a generated scan finding the candidates, every
 * position where a literal occurs among them: the first one where a
 * literal does occur is the leftmost-first occurrence. Candidates that
 * come too often hand the rest to the set's own search. */
static int find_generated(const literal_searcher *searcher, substring_generated_scan scan,
                          const unsigned char *haystack, size_t length, size_t from,
                          size_t *start, size_t *end) {
  const unsigned char *haystack_end = haystack + length;
  bool listed = searcher->set->count <= LITERAL_SEARCHER_LISTED_MAX;
  size_t failed = 0;
  for (size_t position = from; position < length;) {
    const unsigned char *hit = scan(haystack + position, haystack_end);
    if (hit == haystack_end) {
      return 0;
    }
    size_t candidate = (size_t)(hit - haystack);
    if (listed ? listed_match_at(searcher, haystack, length, candidate, end)
               : set_match_at(searcher, haystack, length, candidate, end)) {
      *start = candidate;
      return 1;
    }
    failed++;
    position = candidate + 1;
    if (!substring_candidates_pay(failed, candidate - from)) {
      return literal_searcher_find(searcher, NULL, haystack, length, position, start, end);
    }
  }
  return 0;
}

int literal_searcher_find_set(const literal_searcher *searcher, substring_generated_scan scan,
                              const unsigned char *haystack, size_t length, size_t from,
                              size_t *start, size_t *end) {
  switch (searcher->kind) {
    case LITERAL_SEARCHER_SUBSTRING: /* literal_searcher_find's own */
      return literal_searcher_find(searcher, scan, haystack, length, from, start, end);
    case LITERAL_SEARCHER_TEDDY:
      return scan != NULL
                 ? find_generated(searcher, scan, haystack, length, from, start, end)
                 : literal_searcher_find_teddy(searcher, haystack, length, from, start, end);
    case LITERAL_SEARCHER_AHO_CORASICK:
      if (scan != NULL) {
        return find_generated(searcher, scan, haystack, length, from, start, end);
      }
      break;
  }
  return aho_corasick_find(&searcher->automaton, haystack, length, from, start, end);
}

int literal_searcher_find_after_stop(const literal_searcher *searcher,
                                     const unsigned char *haystack, size_t length,
                                     size_t stopped, size_t *start, size_t *end) {
  const aho_corasick *fallback = literal_searcher_automaton(searcher);
  if (fallback == NULL) {
    return searcher->teddy.kernel(&searcher->teddy, haystack, length, stopped, false, start, end,
                                  &stopped);
  }
  return aho_corasick_find(fallback, haystack, length, stopped, start, end);
}

int literal_searcher_match_at(const literal_searcher *searcher, const unsigned char *haystack,
                              size_t length, size_t position, size_t *end) {
  if (searcher->kind != LITERAL_SEARCHER_SUBSTRING) {
    return set_match_at(searcher, haystack, length, position, end);
  }
  size_t literal_length = searcher->substring.length;
  if (literal_length > length - position ||
      !literal_matches_at(haystack + position, searcher->substring.bytes,
                          searcher->substring.folds, literal_length)) {
    return 0;
  }
  *end = position + literal_length;
  return 1;
}
