/* literal_sequence: a pattern whose matches are a sequence of positions,
 * each one of a few byte strings: a caseless literal, whose case variants
 * multiply past any literal set (шерлок холмс has 13,824: two or three
 * forms of each letter) while each position has two or three. The
 * strings of a position are distinct and none begins another, so at any
 * place at most one of them occurs: a match at a given start is checked
 * in one pass with no backtracking, and the earliest start where the
 * sequence fits is the leftmost-first match. Owns its arrays; immutable
 * once built. */
#ifndef JRX_SEARCH_LITERAL_SEQUENCE_H
#define JRX_SEARCH_LITERAL_SEQUENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "regex/nfa.h"

/* Most positions and strings a position: a caseless character has at
 * most three forms (s, S, U+017F). A string is at most eight bytes,
 * compared as one word: a run of case-sensitive bytes is cut into
 * positions of one string each, and a position of several strings
 * longer than that (a caseless character then case-sensitive ones) is
 * not a sequence here. */
#define LITERAL_SEQUENCE_MAX_POSITIONS 64u
#define LITERAL_SEQUENCE_MAX_STRINGS 4u
#define LITERAL_SEQUENCE_MAX_BYTES 8u

/* One string of a position, as a word: its bytes as memcpy lays them
 * out, the rest zero, and a mask of 0xff in its bytes. The strings of a
 * position follow each other in literal_sequence.strings; the next
 * position's first comes next_position strings on. */
typedef struct literal_sequence_string {
  uint64_t word;
  uint64_t mask;
  uint8_t length;
  uint8_t next_position; /* strings from this one to the next position's first */
} literal_sequence_string;

typedef struct literal_sequence {
  const jrx_allocator *allocator;
  uint32_t position_count; /* 0: the program is not a sequence */
  uint32_t string_count;
  uint32_t longest; /* the most bytes a match has */
  literal_sequence_string *strings;
} literal_sequence;

/* The sequence program's matches are, when they are one (an unanchored
 * program of byte instructions and splits only, its one group the whole
 * match's, each split's branches strings of exact bytes meeting again,
 * as the case variants of a character compile). sequence->position_count
 * stays 0 when the program is not one. Returns 0 or JRX_ERROR_NOMEMORY. */
int literal_sequence_build(const nfa_program *program, literal_sequence *sequence);
void literal_sequence_release(literal_sequence *sequence);

/* Whether the sequence occurs at position of haystack[0..length): true
 * with *end after it. */
bool literal_sequence_match_at(const literal_sequence *sequence, const unsigned char *haystack,
                               size_t length, size_t position, size_t *end);

#endif
