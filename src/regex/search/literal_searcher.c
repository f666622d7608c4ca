/* literal_searcher: the choice among the literal searches by set size,
 * and the dispatch. */
#include "literal_searcher.h"

#include <stdbool.h>
#include <string.h>

#include "jrx.h"
#include "regex/memory.h"

/* The heads of a listed set (literal_searcher_head). */
static void init_heads(literal_searcher *searcher, const literal_set *set) {
  for (uint32_t i = 0; i < set->count && i < LITERAL_SEARCHER_LISTED_MAX; i++) {
    size_t length = set->literals[i].length;
    unsigned char value[LITERAL_SEARCHER_HEAD_BYTES];
    unsigned char fold[LITERAL_SEARCHER_HEAD_BYTES];
    memset(value, 0xff, sizeof value);
    memset(fold, 0xff, sizeof fold);
    size_t head = length < sizeof value ? length : sizeof value;
    memcpy(value, literal_set_bytes(set, i), head);
    memcpy(fold, literal_set_folds(set, i), head);
    literal_searcher_head *made = &searcher->heads[i];
    memcpy(&made->value, value, sizeof made->value);
    memcpy(&made->fold, fold, sizeof made->fold);
    made->length = length;
  }
  uint32_t listed = set->count < LITERAL_SEARCHER_LISTED_MAX ? set->count
                                                             : LITERAL_SEARCHER_LISTED_MAX;
  for (unsigned byte = 0; byte < 256; byte++) {
    uint32_t i = 0;
    while (i < listed && (byte | literal_set_folds(set, i)[0]) != literal_set_bytes(set, i)[0]) {
      i++;
    }
    searcher->first_head[byte] = (uint8_t)i;
  }
}

int literal_searcher_init(literal_searcher *searcher, const literal_set *set) {
  memset(searcher, 0, sizeof *searcher);
  atomic_init(&searcher->fallback, NULL);
  searcher->set = set;
  init_heads(searcher, set);
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
int literal_searcher_set_match_at(const literal_searcher *searcher, const unsigned char *haystack,
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

int literal_searcher_find_set(const literal_searcher *searcher, substring_generated_scan scan,
                              const unsigned char *haystack, size_t length, size_t from,
                              size_t *start, size_t *end) {
  switch (searcher->kind) {
    case LITERAL_SEARCHER_SUBSTRING: /* literal_searcher_find's own */
      return literal_searcher_find(searcher, scan, haystack, length, from, start, end);
    case LITERAL_SEARCHER_TEDDY:
      return scan != NULL
                 ? literal_searcher_find_generated(searcher, scan, haystack, length, from, start,
                                                   end)
                 : literal_searcher_find_teddy(searcher, haystack, length, from, start, end);
    case LITERAL_SEARCHER_AHO_CORASICK:
      if (scan != NULL) {
        return literal_searcher_find_generated(searcher, scan, haystack, length, from, start,
                                               end);
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
    return literal_searcher_set_match_at(searcher, haystack, length, position, end);
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
