/* literal_set: byte strings a search looks for, in priority order (the
 * first of two that both occur at one position is the one PCRE2's
 * leftmost-first alternation reports). A byte may be case-folded: stored
 * with bit 0x20 set and fold 0x20, it matches itself and itself without
 * that bit, since (byte | 0x20) equals it exactly for those two bytes:
 * the two cases of an ASCII letter, or the second bytes of both cases of
 * most Cyrillic letters (U+0430-U+043F and their capitals).
 * Owns its arrays; immutable once built. */
#ifndef JRX_SEARCH_LITERAL_SET_H
#define JRX_SEARCH_LITERAL_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jrx.h"

/* The OR mask of a case-folded byte; 0 for a byte matched exactly. */
#define LITERAL_FOLD 0x20u

/* Where one literal lies in its set's arrays. */
typedef struct literal_span {
  size_t offset; /* of its first byte in the set's bytes and folds */
  uint32_t length;
} literal_span;

typedef struct literal_set {
  const jrx_allocator *allocator;
  literal_span *literals;
  uint32_t count;
  size_t literal_capacity;
  unsigned char *bytes;
  unsigned char *folds; /* LITERAL_FOLD or 0 for each byte */
  size_t byte_count;
  size_t byte_capacity;
  uint32_t shortest; /* length of the shortest literal (0 when empty) */
  uint32_t longest;
  bool any_fold;
} literal_set;

void literal_set_init(literal_set *set, const jrx_allocator *allocator);
void literal_set_release(literal_set *set);

/* Appends bytes[0..length) with their folds (NULL: none) as the literal
 * of lowest priority so far. Returns 0 or JRX_ERROR_NOMEMORY. */
int literal_set_add(literal_set *set, const unsigned char *bytes, const unsigned char *folds,
                    uint32_t length);

static inline const unsigned char *literal_set_bytes(const literal_set *set, uint32_t index) {
  return set->bytes + set->literals[index].offset;
}

static inline const unsigned char *literal_set_folds(const literal_set *set, uint32_t index) {
  return set->folds + set->literals[index].offset;
}

/* An unaligned load of 8 bytes for literal_matches_at. */
static inline uint64_t literal_load8(const unsigned char *at) {
  uint64_t value;
  memcpy(&value, at, sizeof value);
  return value;
}

/* An unaligned load of 4 bytes for literal_matches_at. */
static inline uint32_t literal_load4(const unsigned char *at) {
  uint32_t value;
  memcpy(&value, at, sizeof value);
  return value;
}

/* Whether haystack (at least length bytes) starts with the literal given
 * as bytes and folds. Eight bytes at a time: most candidates fail early,
 * and a match reads the whole literal anyway. A literal of 8 bytes or
 * more ends with the word of its last 8 bytes, overlapping the one before
 * (a byte compared twice gives the same answer): the byte loop after the
 * words took half the instructions of a match of a 15-byte literal. One
 * of 4 to 7 bytes is its first 4 and its last 4, overlapping the same
 * way (byte by byte, a 6-byte name took 30 instructions a match under
 * alternation-5); a shorter one is compared byte by byte. */
static inline bool literal_matches_at(const unsigned char *haystack, const unsigned char *bytes,
                                      const unsigned char *folds, size_t length) {
  if (length >= 8) {
    size_t last = length - 8;
    for (size_t i = 0; i < last; i += 8) {
      if ((literal_load8(haystack + i) | literal_load8(folds + i)) != literal_load8(bytes + i)) {
        return false;
      }
    }
    return (literal_load8(haystack + last) | literal_load8(folds + last)) ==
           literal_load8(bytes + last);
  }
  if (length >= 4) {
    size_t last = length - 4;
    return (literal_load4(haystack) | literal_load4(folds)) == literal_load4(bytes) &&
           (literal_load4(haystack + last) | literal_load4(folds + last)) ==
               literal_load4(bytes + last);
  }
  for (size_t i = 0; i < length; i++) {
    if ((haystack[i] | folds[i]) != bytes[i]) {
      return false;
    }
  }
  return true;
}

/* Merges literals until none merge, each with one of the few listed just
 * before it: a literal matching no string an earlier one does not goes
 * (it could never win); and, when every literal in between excludes it
 * (cannot occur at the same position), an earlier one it covers gives
 * way to it, and two equal but for one byte where they differ in bit
 * 0x20 only, neither folded there, become one literal with that byte
 * folded. Moving a literal up past literals it excludes changes no
 * leftmost-first answer. The case variants of a caseless literal come out
 * of the walk near each other. */
void literal_set_merge_case_pairs(literal_set *set);

/* For a set of prefixes, where only the places where one occurs matter,
 * not which: drops each literal that begins with an earlier or shorter
 * one covering it (every place it occurs, that one occurs too), so that
 * a{2,1000}'s prefixes aa to aaaaaaaa become aa. */
void literal_set_drop_covered_prefixes(literal_set *set);

/* A hash of the length of a literal and of its bytes with bit 0x20
 * set: literal_set_merge_case_pairs joins only literals with equal keys
 * (equal lengths, bytes equal but for that bit), so a set keeps at least
 * as many literals as it has distinct keys. */
uint64_t literal_fold_key(const unsigned char *bytes, uint32_t length);

/* The expected occurrences of byte i of a literal (bytes, folds) per
 * BYTE_FREQUENCY_SCALE bytes of text: both cases of a folded letter, and
 * a continuation byte in the context of the exact byte before it. */
unsigned literal_byte_frequency(const unsigned char *bytes, const unsigned char *folds, size_t i);

/* The expected occurrences of literal index per BYTE_FREQUENCY_SCALE
 * bytes of text, from byte_frequency: the product of its bytes' shares
 * (both cases for a folded one), at least 1e-9. */
double literal_set_expected_rate(const literal_set *set, uint32_t index);

#endif
