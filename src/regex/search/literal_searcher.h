/* literal_searcher: finds the leftmost-first occurrence of a literal set
 * (literal_set.h): the earliest position where one of its literals
 * occurs, and there the literal listed first. One literal is a substring
 * search (substring.h). Immutable once made; shares the set, which must
 * outlive it. */
#ifndef JRX_SEARCH_LITERAL_SEARCHER_H
#define JRX_SEARCH_LITERAL_SEARCHER_H

#include <stddef.h>

#include "literal_set.h"
#include "substring.h"

typedef enum literal_searcher_kind {
  LITERAL_SEARCHER_SUBSTRING /* one literal */
} literal_searcher_kind;

typedef struct literal_searcher {
  literal_searcher_kind kind;
  const literal_set *set;
  substring_searcher substring;
} literal_searcher;

/* Prepares a search for set (at least one literal). Returns 0,
 * JRX_ERROR_NOMEMORY, or JRX_ERROR_INTERNAL for a set no searcher here
 * handles (the caller then searches otherwise). */
int literal_searcher_init(literal_searcher *searcher, const literal_set *set);
void literal_searcher_release(literal_searcher *searcher);

/* The leftmost-first occurrence at or after from (<= length): returns 1
 * and its bounds, or 0 when there is none. */
int literal_searcher_find(const literal_searcher *searcher, const unsigned char *haystack,
                          size_t length, size_t from, size_t *start, size_t *end);

/* The literal listed first among those occurring exactly at position:
 * returns 1 and its end, or 0. */
int literal_searcher_match_at(const literal_searcher *searcher, const unsigned char *haystack,
                              size_t length, size_t position, size_t *end);

#endif
