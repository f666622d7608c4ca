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
#include <string.h>

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
 * a generated scan's candidate (literal_searcher_find), each by its head,
 * its first LITERAL_SEARCHER_HEAD_BYTES bytes, first. */
#define LITERAL_SEARCHER_LISTED_MAX 8u
#define LITERAL_SEARCHER_HEAD_BYTES 8u

/* A listed literal's head: its first bytes, little-endian, as OR'ing a
 * subject's word with fold leaves them, the bytes past a shorter
 * literal's end all ones in both (every word passes there); and its
 * length. A literal of 8 bytes or fewer is its head. */
typedef struct literal_searcher_head {
  uint64_t value;
  uint64_t fold;
  size_t length;
} literal_searcher_head;

typedef struct literal_searcher {
  literal_searcher_kind kind;
  const literal_set *set;
  literal_searcher_head heads[LITERAL_SEARCHER_LISTED_MAX]; /* a listed set's */
  /* For each byte, the first listed head whose literal may start with it
   * (its first byte once OR'ed with its fold), or the listed count: no
   * head before it can occur where the byte is, so the compares start
   * there (one, when the literals' first bytes differ). */
  uint8_t first_head[256];
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

/* literal_searcher_match_at for a set of two literals or more: a Teddy
 * set looks up the buckets its leading bytes allow and compares their
 * literals; a larger set walks Aho-Corasick's trie. */
int literal_searcher_set_match_at(const literal_searcher *searcher, const unsigned char *haystack,
                                  size_t length, size_t position, size_t *end);

/* The first literal of a listed set occurring at position (< length), in
 * the set's order: returns 1 and its end, or 0. The scan of a few literals confirms
 * its candidates by their first bytes (jit_prefilter.h), so most are
 * matches; the heads leave the others at one compare a literal, and
 * answer a literal of up to 8 bytes whole (a 4-byte screen and the rest
 * compared took alternation-5 over Sherlock about 50 instructions a
 * match; Teddy's buckets took about 220). */
static inline __attribute__((always_inline)) int literal_searcher_listed_match_at(
    const literal_searcher *searcher, const unsigned char *haystack, size_t length,
    size_t position, size_t *end) {
  const literal_set *set = searcher->set;
  size_t available = length - position;
  uint32_t first = searcher->first_head[haystack[position]];
  if (available < LITERAL_SEARCHER_HEAD_BYTES) {
    for (uint32_t i = first; i < set->count; i++) {
      size_t literal_length = searcher->heads[i].length;
      if (literal_length <= available &&
          literal_matches_at(haystack + position, literal_set_bytes(set, i),
                             literal_set_folds(set, i), literal_length)) {
        *end = position + literal_length;
        return 1;
      }
    }
    return 0;
  }
  uint64_t word = literal_load8(haystack + position);
  for (uint32_t i = first; i < set->count; i++) {
    const literal_searcher_head *head = &searcher->heads[i];
    if ((word | head->fold) != head->value) {
      continue;
    }
    size_t literal_length = head->length;
    if (literal_length <= LITERAL_SEARCHER_HEAD_BYTES ||
        (literal_length <= available &&
         literal_matches_at(haystack + position + LITERAL_SEARCHER_HEAD_BYTES,
                            literal_set_bytes(set, i) + LITERAL_SEARCHER_HEAD_BYTES,
                            literal_set_folds(set, i) + LITERAL_SEARCHER_HEAD_BYTES,
                            literal_length - LITERAL_SEARCHER_HEAD_BYTES))) {
      *end = position + literal_length;
      return 1;
    }
  }
  return 0;
}

/* literal_searcher_find for a set of two literals or more with a
 * generated scan finding the candidates, every position where a literal
 * occurs among them: the first one where a literal does occur is the
 * leftmost-first occurrence. Candidates that come too often hand the
 * rest to the set's own search. Inline: an iteration's run of searches
 * (search_find_successive) holds it in its loop, without the call, its
 * frame and the dispatch on the searcher's kind each match. */
static inline __attribute__((always_inline)) int literal_searcher_find_generated(
    const literal_searcher *searcher, substring_generated_scan scan, const unsigned char *haystack,
    size_t length, size_t from, size_t *start, size_t *end) {
  const unsigned char *haystack_end = haystack + length;
  bool listed = searcher->set->count <= LITERAL_SEARCHER_LISTED_MAX;
  size_t failed = 0;
  for (size_t position = from; position < length;) {
    const unsigned char *hit = scan(haystack + position, haystack_end);
    if (hit == haystack_end) {
      return 0;
    }
    size_t candidate = (size_t)(hit - haystack);
    if (listed ? literal_searcher_listed_match_at(searcher, haystack, length, candidate, end)
               : literal_searcher_set_match_at(searcher, haystack, length, candidate, end)) {
      *start = candidate;
      return 1;
    }
    failed++;
    position = candidate + 1;
    if (!substring_candidates_pay(failed, candidate - from)) {
      return literal_searcher_find_set(searcher, NULL, haystack, length, position, start, end);
    }
  }
  return 0;
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
