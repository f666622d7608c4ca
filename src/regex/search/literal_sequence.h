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

/* The layout: the matches whose every position holds a string of the
 * length most of its strings have (a Cyrillic letter's two bytes, not
 * the three of U+1C82, a third о), at most two of them, which differ in
 * one or two bits (most letter cases: bit 0x20, or р's 0xd1 0x80 and
 * Р's 0xd0 0xa0). Such a match has a fixed length and is checked a
 * word at a time with no loop over strings: ~40 guest instructions for
 * шерлок холмс against ~160 a position at a time. A word of text at
 * offset from the match's start, x = word ^ value, fits when
 * x & mask == 0 (the bits both strings of each position share) and
 * (x ^ x >> shift) & pairs == 0 (each two-bit position's low bit equals
 * its high bit, shift bits up: both as in its first string or both
 * flipped, as in its second). Positions lie whole in one word, and the
 * pairs of a word share their shift. */
#define LITERAL_SEQUENCE_LAYOUT_WORDS 4u

typedef struct literal_sequence_layout_word {
  uint64_t value;
  uint64_t mask;
  uint64_t pairs;
  uint32_t offset;
  uint32_t shift;
} literal_sequence_layout_word;

typedef struct literal_sequence {
  const jrx_allocator *allocator;
  uint32_t position_count; /* 0: the program is not a sequence */
  uint32_t string_count;
  uint32_t longest; /* the most bytes a match has */
  literal_sequence_string *strings;
  uint32_t layout_count;  /* words of the layout; 0 when there is none */
  uint32_t layout_length; /* the bytes of a match in the layout */
  uint32_t layout_reach;  /* the bytes its words read from the start */
  literal_sequence_layout_word layout[LITERAL_SEQUENCE_LAYOUT_WORDS];
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
