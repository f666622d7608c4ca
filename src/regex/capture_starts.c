/* capture_starts: the first bytes of a capture search's attempts and the
 * bytes the one-pass table lets follow each (capture_starts.h). */
#include "capture_starts.h"

#include <string.h>

/* Masks a second byte can be checked against: bits 1 to 7 (bit 0 is
 * CAPTURE_STARTS_ANY_SECOND). */
#define PAIR_SETS 7u

typedef struct byte_set {
  uint64_t words[4];
} byte_set;

/* The bytes the table reads right after first byte `byte` from its start
 * node in *follows; false when any byte may follow: the start node reads
 * several paths there (alternatives) or loops, or the node after it may
 * match before reading one. Assertions on the way are left out: they can
 * only make the attempt fail. */
static bool follow_set(const onepass *automaton, unsigned byte, byte_set *follows) {
  uint32_t word = onepass_transition(automaton, automaton->start, automaton->class_of[byte]);
  if (word == ONEPASS_DEAD || (word & (ONEPASS_ALTERNATIVES | ONEPASS_LOOP)) != 0) {
    return false;
  }
  if ((word & ONEPASS_ACTION) != 0) {
    word = automaton->actions[word & ONEPASS_INDEX_MASK].next;
  }
  uint32_t node = word & ONEPASS_INDEX_MASK;
  if ((word & ONEPASS_NEXT_MATCHES) != 0 ||
      onepass_match_word(automaton, node) != ONEPASS_NO_MATCH) {
    return false;
  }
  *follows = (byte_set){{0}};
  for (unsigned next = 0; next < 256; next++) {
    if (onepass_transition(automaton, node, automaton->class_of[next]) != ONEPASS_DEAD) {
      follows->words[next / 64] |= (uint64_t)1 << (next % 64);
    }
  }
  return true;
}

/* The mask of a set of second bytes: the bit of an equal set already
 * kept, or of a new one while there is room, else "any". */
static uint8_t pair_mask(capture_starts *starts, byte_set *kept, uint32_t *kept_count,
                         const byte_set *follows) {
  for (uint32_t index = 0; index < *kept_count; index++) {
    if (memcmp(&kept[index], follows, sizeof *follows) == 0) {
      return (uint8_t)(2u << index);
    }
  }
  if (*kept_count == PAIR_SETS) {
    return CAPTURE_STARTS_ANY_SECOND;
  }
  uint32_t index = (*kept_count)++;
  kept[index] = *follows;
  for (unsigned next = 0; next < 256; next++) {
    if ((follows->words[next / 64] >> (next % 64)) & 1u) {
      starts->second[next] |= (uint8_t)(2u << index);
    }
  }
  starts->paired = true;
  return (uint8_t)(2u << index);
}

void capture_starts_build(capture_starts *starts, const nfa_program *program,
                          const onepass *automaton) {
  memset(starts, 0, sizeof *starts);
  memset(starts->second, CAPTURE_STARTS_ANY_SECOND, sizeof starts->second);
  byte_set kept[PAIR_SETS];
  uint32_t kept_count = 0;
  for (unsigned byte = 0; byte < 256; byte++) {
    if (!nfa_first_byte_possible(program, (unsigned char)byte)) {
      continue;
    }
    byte_set follows;
    starts->first[byte] =
        program->can_match_empty || !follow_set(automaton, byte, &follows)
            ? CAPTURE_STARTS_ANY_SECOND
            : pair_mask(starts, kept, &kept_count, &follows);
  }
}
