/* bitnfa_search: the portable loop and the search around a loop. A new
 * thread starts at every byte of an unanchored search, at the start offset
 * only of an anchored one; the first byte after which a final position
 * holds a thread ends the leftmost match (bitnfa.h says why). */
#include "bitnfa.h"

size_t bitnfa_scan(const bitnfa *automaton, const unsigned char *subject, size_t from, size_t to,
                   uint64_t *state) {
  uint64_t current = *state;
  size_t position = from;
  while (position != to) {
    current = bitnfa_step(automaton, current, automaton->first, subject[position++]);
    if ((current & automaton->final) != 0) {
      break;
    }
  }
  *state = current;
  return position;
}

/* Only the match that starts at start_offset, match_length bytes long. */
static size_t anchored_end(const bitnfa *automaton, const unsigned char *subject, size_t length,
                           size_t start_offset, uint64_t *state) {
  uint64_t current = 0;
  size_t position = start_offset;
  size_t end = length - start_offset < automaton->match_length
                   ? length
                   : start_offset + automaton->match_length;
  uint64_t start = automaton->first;
  while (position != end) {
    current = bitnfa_step(automaton, current, start, subject[position++]);
    start = 0;
    if (current == 0) {
      break;
    }
  }
  *state = current;
  return position;
}

int bitnfa_search(const bitnfa *automaton, bitnfa_scan_function scan,
                  const unsigned char *subject, size_t length, size_t start_offset,
                  uint32_t options, size_t *match_start, size_t *match_end, bitnfa_stats *stats) {
  uint64_t state = 0;
  size_t end = (options & JRX_ANCHORED) != 0
                   ? anchored_end(automaton, subject, length, start_offset, &state)
                   : scan(automaton, subject, start_offset, length, &state);
  if (stats != NULL) {
    stats->bytes_scanned += end - start_offset;
  }
  if ((state & automaton->final) == 0) {
    return JRX_NOMATCH;
  }
  *match_start = end - automaton->match_length;
  *match_end = end;
  return 1;
}
