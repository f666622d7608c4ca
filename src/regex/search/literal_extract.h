/* literal_extract: the literals a program's matches begin with, read off
 * its NFA. Every path from the start is followed in priority order (a
 * split's next before its alternative), small byte classes expanded (an
 * ASCII letter in both cases becomes one case-folded byte), until the path
 * matches, loops back, passes a class too big to expand, or reaches the
 * length limit. Run on a reversed program (dfa.h) it gives the suffixes.
 * Bounded: the walk stops, with nothing, past its limits. */
#ifndef JRX_SEARCH_LITERAL_EXTRACT_H
#define JRX_SEARCH_LITERAL_EXTRACT_H

#include <stdbool.h>
#include <stdint.h>

#include "literal_set.h"
#include "regex/nfa.h"

/* The most members of a class expanded into that many literals; a case
 * pair counts once. */
#define LITERAL_EXTRACT_MAX_CLASS 10u

/* The highest max_distinct. */
#define LITERAL_EXTRACT_MAX_DISTINCT 64u

typedef struct literal_limits {
  uint32_t max_count;       /* literals in the set */
  /* 0, or at most LITERAL_EXTRACT_MAX_DISTINCT: give up as soon as the
   * set is certain to keep more literals than this after
   * literal_set_merge_case_pairs (more distinct literal_fold_keys), which
   * a caller that needs that few can tell at once. */
  uint32_t max_distinct;
  uint32_t max_length;      /* bytes of one literal: longer paths are cut there */
  size_t max_total_bytes;   /* of all literals together */
  bool only_exact;          /* give up at the first cut or assertion */
} literal_limits;

typedef enum literal_extraction {
  /* The program matches exactly the set's strings, no assertion involved,
   * and at a position where several occur, leftmost-first reports the
   * one listed first. */
  LITERAL_EXTRACTION_EXACT,
  /* Every match begins with one of the literals (cut ones included). */
  LITERAL_EXTRACTION_PREFIXES,
  /* No set within the limits, or one with the empty string (a match may
   * begin with anything). The set is empty. */
  LITERAL_EXTRACTION_NONE
} literal_extraction;

/* Fills set (initialized, empty) with the literals program's matches
 * begin with and stores what they are in *extraction. Returns 0 or
 * JRX_ERROR_NOMEMORY (the set is then empty). */
int literal_extract(const nfa_program *program, const literal_limits *limits, literal_set *set,
                    literal_extraction *extraction);

#endif
