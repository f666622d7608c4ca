/* literal_sequence: recognizing a sequence program (a walk of the NFA
 * from its start, a position at a time) and checking a match at a start. */
#include "literal_sequence.h"

#include <string.h>

#include "jrx.h"
#include "regex/memory.h"

/* Splits a position may open with before its first byte: three forms of
 * a character are two nested splits. Bounds the walk on a loop of
 * splits that reads nothing. */
#define MAX_OPENING_SPLITS 8u

/* The longest string the walk takes before cutting it into words: a run
 * of case-sensitive bytes in one position. */
#define MAX_WALKED_BYTES (LITERAL_SEQUENCE_MAX_POSITIONS * LITERAL_SEQUENCE_MAX_BYTES)

/* One position's strings as walked. */
typedef struct walked_position {
  unsigned char bytes[LITERAL_SEQUENCE_MAX_STRINGS][MAX_WALKED_BYTES];
  uint32_t lengths[LITERAL_SEQUENCE_MAX_STRINGS];
  uint32_t count;
  uint32_t join; /* where every string ends; UINT32_MAX until one does */
} walked_position;

/* A sequence being walked, in arrays of the largest size. */
typedef struct walk {
  walked_position position;
  literal_sequence_string strings[LITERAL_SEQUENCE_MAX_POSITIONS * LITERAL_SEQUENCE_MAX_STRINGS];
  uint32_t position_count;
  uint32_t string_count;
  uint32_t longest;
  bool last_single; /* the last position holds one string */
} walk;

/* The strings of the position opening at instruction at, added to
 * position: each string ends at the first split, save or match after its
 * bytes, which must be the same instruction for all. splits counts the
 * splits passed before any byte. False when the instructions are not
 * such strings. */
static bool walk_strings(const nfa_program *program, uint32_t at, unsigned splits,
                         walked_position *position) {
  if (position->count == LITERAL_SEQUENCE_MAX_STRINGS) {
    return false;
  }
  unsigned char *bytes = position->bytes[position->count];
  uint32_t length = 0;
  for (;;) {
    const nfa_instruction *instruction = &program->instructions[at];
    bool ends = instruction->opcode == NFA_SAVE || instruction->opcode == NFA_MATCH ||
                instruction->opcode == NFA_SPLIT;
    if (ends && length > 0) {
      break;
    }
    if (instruction->opcode == NFA_SPLIT) {
      return splits < MAX_OPENING_SPLITS &&
             walk_strings(program, instruction->next, splits + 1, position) &&
             walk_strings(program, instruction->alternative, splits + 1, position);
    }
    if (instruction->opcode != NFA_BYTE_RANGE || instruction->low != instruction->high ||
        length == MAX_WALKED_BYTES) {
      return false;
    }
    bytes[length++] = instruction->low;
    at = instruction->next;
  }
  if (position->join != UINT32_MAX && position->join != at) {
    return false;
  }
  position->join = at;
  /* Distinct, and none begins another: at most one occurs at a place. */
  for (uint32_t i = 0; i < position->count; i++) {
    uint32_t common = position->lengths[i] < length ? position->lengths[i] : length;
    if (memcmp(position->bytes[i], bytes, common) == 0) {
      return false;
    }
  }
  position->lengths[position->count++] = length;
  return true;
}

/* Adds a position of one string (its word, mask and length) to w: into
 * the position before when that one is a single string too and both fit
 * in a word, so that one compare checks both. False when there is no
 * room. */
static bool add_single(walk *w, uint64_t word, uint64_t mask, uint32_t length) {
  if (w->last_single) {
    literal_sequence_string *last = &w->strings[w->string_count - 1];
    if (last->length + length <= LITERAL_SEQUENCE_MAX_BYTES) {
      unsigned shift = 8u * last->length;
      last->word |= word << shift;
      last->mask |= mask << shift;
      last->length = (uint8_t)(last->length + length);
      w->longest += length;
      return true;
    }
  }
  if (w->position_count == LITERAL_SEQUENCE_MAX_POSITIONS) {
    return false;
  }
  w->strings[w->string_count++] = (literal_sequence_string){
      .word = word, .mask = mask, .length = (uint8_t)length, .next_position = 1};
  w->longest += length;
  w->position_count++;
  w->last_single = true;
  return true;
}

/* Adds a position of strings (each at most LITERAL_SEQUENCE_MAX_BYTES)
 * to w; false when there is no room. Two strings of one length that
 * differ in one bit alone (the two cases of most letters: a bit 0x20)
 * are one string whose mask leaves that bit out: the word compare then
 * takes either and nothing else. */
static bool add_position(walk *w, unsigned char (*bytes)[MAX_WALKED_BYTES], uint32_t offset,
                         const uint32_t *lengths, uint32_t count) {
  uint64_t words[LITERAL_SEQUENCE_MAX_STRINGS] = {0};
  uint64_t masks[LITERAL_SEQUENCE_MAX_STRINGS] = {0};
  for (uint32_t i = 0; i < count; i++) {
    memcpy(&words[i], &bytes[i][offset], lengths[i]);
    memset(&masks[i], 0xff, lengths[i]);
  }
  uint64_t differing = words[0] ^ words[1];
  if (count == 1 || (count == 2 && lengths[0] == lengths[1] && (differing & (differing - 1)) == 0)) {
    return add_single(w, words[0] & ~differing, masks[0] & ~differing, lengths[0]);
  }
  if (w->position_count == LITERAL_SEQUENCE_MAX_POSITIONS) {
    return false;
  }
  uint32_t longest = 0;
  for (uint32_t i = 0; i < count; i++) {
    w->strings[w->string_count++] = (literal_sequence_string){
        .word = words[i], .mask = masks[i], .length = (uint8_t)lengths[i],
        .next_position = (uint8_t)(count - i)};
    longest = lengths[i] > longest ? lengths[i] : longest;
  }
  w->longest += longest;
  w->position_count++;
  w->last_single = false;
  return true;
}

/* Adds the walked position to w: one string cut into words, several as
 * they are. False when they do not fit. */
static bool add_walked(walk *w) {
  walked_position *position = &w->position;
  if (position->count == 1) {
    for (uint32_t offset = 0; offset < position->lengths[0];
         offset += LITERAL_SEQUENCE_MAX_BYTES) {
      uint32_t left = position->lengths[0] - offset;
      uint32_t length = left < LITERAL_SEQUENCE_MAX_BYTES ? left : LITERAL_SEQUENCE_MAX_BYTES;
      if (!add_position(w, position->bytes, offset, &length, 1)) {
        return false;
      }
    }
    return true;
  }
  for (uint32_t i = 0; i < position->count; i++) {
    if (position->lengths[i] > LITERAL_SEQUENCE_MAX_BYTES) {
      return false;
    }
  }
  return add_position(w, position->bytes, 0, position->lengths, position->count);
}

/* Walks program into w: true when it is a sequence. */
static bool walk_program(const nfa_program *program, walk *w) {
  const nfa_instruction *instructions = program->instructions;
  uint32_t at = program->start;
  if (program->anchored || instructions[at].opcode != NFA_SAVE || instructions[at].slot != 0) {
    return false;
  }
  at = instructions[at].next;
  bool first = true;
  while (instructions[at].opcode != NFA_SAVE) {
    walked_position *position = &w->position;
    position->count = 0;
    position->join = UINT32_MAX;
    if (!walk_strings(program, at, 0, position)) {
      return false;
    }
    /* In UTF mode a match starts on a character: no first string may
     * start with a continuation byte, which the search would try inside
     * a character. */
    for (uint32_t i = 0; first && program->utf && i < position->count; i++) {
      if ((position->bytes[i][0] & 0xc0u) == 0x80u) {
        return false;
      }
    }
    if (!add_walked(w)) {
      return false;
    }
    first = false;
    at = position->join;
  }
  return w->position_count > 0 && instructions[at].slot == 1 &&
         instructions[instructions[at].next].opcode == NFA_MATCH;
}

int literal_sequence_build(const nfa_program *program, literal_sequence *sequence) {
  *sequence = (literal_sequence){.allocator = program->allocator};
  walk *w = memory_allocate(program->allocator, sizeof *w);
  if (w == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  w->position_count = 0;
  w->string_count = 0;
  w->longest = 0;
  w->last_single = false;
  int status = 0;
  if (walk_program(program, w)) {
    sequence->strings =
        memory_allocate_array(program->allocator, w->string_count, sizeof *w->strings);
    if (sequence->strings == NULL) {
      status = JRX_ERROR_NOMEMORY;
    } else {
      memcpy(sequence->strings, w->strings, w->string_count * sizeof *w->strings);
      sequence->position_count = w->position_count;
      sequence->string_count = w->string_count;
      sequence->longest = w->longest;
    }
  }
  memory_free(program->allocator, w);
  return status;
}

void literal_sequence_release(literal_sequence *sequence) {
  if (sequence->position_count > 0) {
    memory_free(sequence->allocator, sequence->strings);
  }
  sequence->position_count = 0;
}

/* The end of the sequence at `at`, or NULL: text may be read up to
 * longest + 8 bytes from at (a word at each position). */
static inline const unsigned char *fit(const literal_sequence *sequence,
                                       const unsigned char *at) {
  const literal_sequence_string *string = sequence->strings;
  const literal_sequence_string *strings_end = string + sequence->string_count;
  do {
    uint64_t word;
    memcpy(&word, at, sizeof word);
    while ((word & string->mask) != string->word) {
      if (string->next_position == 1) {
        return NULL;
      }
      string++;
    }
    at += string->length;
    string += string->next_position;
  } while (string != strings_end);
  return at;
}

bool literal_sequence_match_at(const literal_sequence *sequence, const unsigned char *haystack,
                               size_t length, size_t position, size_t *end) {
  size_t left = length - position;
  size_t reach = sequence->longest + sizeof(uint64_t);
  if (left >= reach) {
    const unsigned char *found = fit(sequence, haystack + position);
    if (found == NULL) {
      return false;
    }
    *end = (size_t)(found - haystack);
    return true;
  }
  /* Near the end: the bytes left, then zeros. A string that matched
   * past the end ends the match past it; no other string of its position
   * could have matched instead (none begins another). */
  unsigned char tail[MAX_WALKED_BYTES + sizeof(uint64_t)];
  memset(tail, 0, reach);
  memcpy(tail, haystack + position, left);
  const unsigned char *found = fit(sequence, tail);
  if (found == NULL || (size_t)(found - tail) > left) {
    return false;
  }
  *end = position + (size_t)(found - tail);
  return true;
}
