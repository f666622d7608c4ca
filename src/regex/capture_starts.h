/* capture_starts: where an unanchored capture search (capture_search's
 * loop over candidate starts, in C or native code) starts its attempts:
 * at a byte a match may begin with, and, when the one-pass table says
 * which bytes may follow that one, only before such a byte. A start the
 * pair rules out would fail on its second byte; skipping it saves the
 * attempt and keeps it off capture_search's budget, which a frequent
 * lead byte would otherwise spend: on Russian text every 0xD0 (the lead
 * byte of most Cyrillic letters) started an attempt of ([aо的])(\X),
 * whose о is D0 BE, and the search fell back to the DFA.
 *
 * Invariant: first[b] is 0 for a byte no match begins with, else a mask
 * with bit 0 set unless the byte after b is checked, and the byte after
 * an attempt's first byte b can be read by an attempt that goes on from
 * there only when second[that byte] & first[b] is non-zero (bit 0 is set
 * in every second[]). The check is skipped at the subject's last byte. */
#ifndef JRX_CAPTURE_STARTS_H
#define JRX_CAPTURE_STARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nfa.h"
#include "onepass.h"

/* The mask of a first byte whose second byte is not checked. */
#define CAPTURE_STARTS_ANY_SECOND 1u

typedef struct capture_starts {
  uint8_t first[256];
  uint8_t second[256];
  bool paired; /* some first byte has its second byte checked */
} capture_starts;

/* The starts of program, whose one-pass table (with or without
 * alternatives) is automaton: the first bytes nfa_first_byte_possible
 * allows, each paired with the bytes the table reads after it from its
 * start node, for at most 7 distinct sets of them (the rest unchecked). */
void capture_starts_build(capture_starts *starts, const nfa_program *program,
                          const onepass *automaton);

/* Whether an attempt from start (a first byte) is worth making. */
static inline bool capture_starts_pair_fits(const capture_starts *starts,
                                            const unsigned char *subject, size_t length,
                                            size_t start) {
  return start + 1 == length ||
         (starts->second[subject[start + 1]] & starts->first[subject[start]]) != 0;
}

/* The first position from start where an attempt is worth making, or
 * SIZE_MAX. Four bytes a round first: text that holds few starts
 * (Cyrillic for \w in byte mode) passes at a fraction of a test a byte;
 * paired, a round tests the four pairs that begin in it, so that a
 * frequent first byte (0xD0 in Russian) followed by the wrong second one
 * leaves no round. */
static inline __attribute__((always_inline)) size_t capture_starts_next(
    const capture_starts *starts, const unsigned char *subject, size_t length, size_t start) {
  const uint8_t *first = starts->first;
  if (!starts->paired) {
    while (length - start >= 4 && (first[subject[start]] | first[subject[start + 1]] |
                                   first[subject[start + 2]] | first[subject[start + 3]]) == 0) {
      start += 4;
    }
    while (start < length && !first[subject[start]]) {
      start++;
    }
    return start < length ? start : SIZE_MAX;
  }
  const uint8_t *second = starts->second;
  /* After a match the next start is mostly the byte after the one that
   * ended it (a word after a space): two byte tests before the rounds,
   * which cost as much as four. */
  for (size_t end = length - start > 2 ? start + 2 : length; start < end; start++) {
    if (first[subject[start]] && capture_starts_pair_fits(starts, subject, length, start)) {
      return start;
    }
  }
  while (length - start >= 5) {
    const unsigned char *at = subject + start;
    if (((first[at[0]] & second[at[1]]) | (first[at[1]] & second[at[2]]) |
         (first[at[2]] & second[at[3]]) | (first[at[3]] & second[at[4]])) != 0) {
      break;
    }
    start += 4;
  }
  while (start < length &&
         !(first[subject[start]] && capture_starts_pair_fits(starts, subject, length, start))) {
    start++;
  }
  return start < length ? start : SIZE_MAX;
}

#endif
