/* literal_searcher: finds the leftmost-first occurrence of a literal set
 * (literal_set.h): the earliest position where one of its literals
 * occurs, and there the literal listed first. The search is chosen by
 * the set's size: one literal is a substring search (substring.h); up to
 * 64 use Teddy (teddy.h) where the CPU has byte shuffles, with
 * Aho-Corasick (aho_corasick.h) taking over when Teddy's candidates come
 * too often (built by the first search that needs it); more, or without
 * shuffles, Aho-Corasick alone. Immutable once made but for that
 * automaton, published with a compare-and-swap, so any number of threads
 * may search at once; shares the set, which must outlive it. */
#ifndef JRX_SEARCH_LITERAL_SEARCHER_H
#define JRX_SEARCH_LITERAL_SEARCHER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "aho_corasick.h"
#include "literal_set.h"
#include "substring.h"
#include "teddy.h"

typedef enum literal_searcher_kind {
  LITERAL_SEARCHER_SUBSTRING,   /* one literal */
  LITERAL_SEARCHER_TEDDY,       /* a few, with automaton as the fallback */
  LITERAL_SEARCHER_AHO_CORASICK /* many */
} literal_searcher_kind;

/* Sets of up to this many literals are compared literal after literal at
 * a generated scan's candidate (literal_searcher_find), each screened
 * first by its first LITERAL_SEARCHER_SCREEN_BYTES bytes. */
#define LITERAL_SEARCHER_LISTED_MAX 8u
#define LITERAL_SEARCHER_SCREEN_BYTES 4u

typedef struct literal_searcher {
  literal_searcher_kind kind;
  const literal_set *set;
  /* A listed set's screens: literal i's first bytes, little-endian, as
   * OR'ing a subject's with screen_folds[i] leaves them; all ones for a
   * shorter literal (every word passes). */
  uint32_t screen_values[LITERAL_SEARCHER_LISTED_MAX];
  uint32_t screen_folds[LITERAL_SEARCHER_LISTED_MAX];
  substring_searcher substring;
  teddy teddy;
  aho_corasick automaton; /* LITERAL_SEARCHER_AHO_CORASICK's */
  /* LITERAL_SEARCHER_TEDDY's Aho-Corasick, NULL until a search needs it
   * (literal_searcher_automaton): most never do, and building it costs
   * more than the rest of the search plan. */
  _Atomic(aho_corasick *) fallback;
} literal_searcher;

/* Prepares a search for set (at least one literal, none empty). Returns
 * 0, JRX_ERROR_NOMEMORY, or JRX_ERROR_INTERNAL for a set no searcher here
 * handles (the caller then searches otherwise); on failure nothing needs
 * releasing. */
int literal_searcher_init(literal_searcher *searcher, const literal_set *set);
void literal_searcher_release(literal_searcher *searcher);

/* literal_searcher_find for a set of two literals or more. */
int literal_searcher_find_set(const literal_searcher *searcher, substring_generated_scan scan,
                              const unsigned char *haystack, size_t length, size_t from,
                              size_t *start, size_t *end);

/* A Teddy search's rest from stopped, where its kernel gave up because
 * candidates came too often: Aho-Corasick's, or the kernel's own without
 * giving up when the automaton cannot be built. */
int literal_searcher_find_after_stop(const literal_searcher *searcher,
                                     const unsigned char *haystack, size_t length,
                                     size_t stopped, size_t *start, size_t *end);

/* literal_searcher_find for a Teddy set without a generated scan: its
 * kernel, called from the caller, for an iteration's search of a few
 * literals' frequent matches, which comes there once a match (a call less
 * is a fifth of what it spends outside the kernel). Not inlined into
 * literal_searcher_find: a short subject's search of one literal would
 * then save four more registers. */
static inline __attribute__((always_inline)) int literal_searcher_find_teddy(
    const literal_searcher *searcher, const unsigned char *haystack, size_t length, size_t from,
    size_t *start, size_t *end) {
  size_t stopped;
  if (searcher->teddy.kernel(&searcher->teddy, haystack, length, from, true, start, end,
                             &stopped)) {
    return 1;
  }
  return stopped != SIZE_MAX &&
         literal_searcher_find_after_stop(searcher, haystack, length, stopped, start, end);
}

/* The leftmost-first occurrence at or after from (<= length): returns 1
 * and its bounds, or 0 when there is none. scan, when not NULL, is a
 * generated scan (substring.h) whose candidates include every position
 * where a literal of the set occurs: a single literal's rare bytes, or
 * bytes every literal has at fixed offsets; the candidates it stops at
 * are verified, and where they come too often the search goes on
 * without it. One literal is searched inline, down to the kernel's or
 * the scan's search (a call less: an iteration over frequent matches
 * comes here once a match, and a short subject's search once). */
static inline __attribute__((always_inline)) int literal_searcher_find(
    const literal_searcher *searcher, substring_generated_scan scan, const unsigned char *haystack,
    size_t length, size_t from, size_t *start, size_t *end) {
  if (searcher->kind != LITERAL_SEARCHER_SUBSTRING) {
    return literal_searcher_find_set(searcher, scan, haystack, length, from, start, end);
  }
  size_t found = scan != NULL
                     ? substring_find_generated(&searcher->substring, scan, haystack, length, from)
                     : substring_find(&searcher->substring, haystack, length, from);
  if (found == SIZE_MAX) {
    return 0;
  }
  *start = found;
  *end = found + searcher->substring.length;
  return 1;
}

/* The Aho-Corasick automaton of a set of two literals or more, built now
 * for a Teddy searcher that has none yet; NULL for one literal or when it
 * cannot be built (out of memory, or too many case variants: a Teddy
 * search then goes on with Teddy, which answers the same). */
const aho_corasick *literal_searcher_automaton(const literal_searcher *searcher);

/* The literal listed first among those occurring exactly at position:
 * returns 1 and its end, or 0. */
int literal_searcher_match_at(const literal_searcher *searcher, const unsigned char *haystack,
                              size_t length, size_t position, size_t *end);

#endif
