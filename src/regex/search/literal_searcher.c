/* literal_searcher: the dispatch over the literal searches. */
#include "literal_searcher.h"

#include "jrx.h"

int literal_searcher_init(literal_searcher *searcher, const literal_set *set) {
  searcher->set = set;
  if (set->count != 1) {
    return JRX_ERROR_INTERNAL;
  }
  searcher->kind = LITERAL_SEARCHER_SUBSTRING;
  substring_searcher_init(&searcher->substring, literal_set_bytes(set, 0),
                          literal_set_folds(set, 0), set->literals[0].length);
  return 0;
}

void literal_searcher_release(literal_searcher *searcher) {
  (void)searcher;
}

int literal_searcher_find(const literal_searcher *searcher, const unsigned char *haystack,
                          size_t length, size_t from, size_t *start, size_t *end) {
  size_t found = substring_find(&searcher->substring, haystack, length, from);
  if (found == SIZE_MAX) {
    return 0;
  }
  *start = found;
  *end = found + searcher->substring.length;
  return 1;
}

int literal_searcher_match_at(const literal_searcher *searcher, const unsigned char *haystack,
                              size_t length, size_t position, size_t *end) {
  const literal_set *set = searcher->set;
  for (uint32_t i = 0; i < set->count; i++) {
    size_t literal_length = set->literals[i].length;
    if (literal_length <= length - position &&
        literal_matches_at(haystack + position, literal_set_bytes(set, i),
                           literal_set_folds(set, i), literal_length)) {
      *end = position + literal_length;
      return 1;
    }
  }
  return 0;
}
