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

/* The layout strings of the position whose first string is first (see
 * literal_sequence_layout_word): the one or two of the length most of
 * them have (the shorter on a tie), into *a and *b (b NULL for one).
 * False when more have it. */
static bool layout_strings(const literal_sequence_string *first,
                           const literal_sequence_string **a,
                           const literal_sequence_string **b) {
  uint32_t count = first->next_position;
  uint32_t most = 0;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t same = 0;
    for (uint32_t k = 0; k < count; k++) {
      same += first[k].length == first[i].length;
    }
    if (same > most || (same == most && first[i].length < (*a)->length)) {
      *a = &first[i];
      most = same;
    }
  }
  *b = NULL;
  for (uint32_t i = 0; i < count; i++) {
    if (&first[i] != *a && first[i].length == (*a)->length) {
      *b = &first[i];
    }
  }
  return most <= 2;
}

/* Adds the position with layout strings a and b (or NULL) at offset
 * into sequence's layout, in the last word when it fits whole there
 * with the same shift. False when the strings differ in more than two
 * bits or the words run out. */
static bool layout_add(literal_sequence *sequence, const literal_sequence_string *a,
                       const literal_sequence_string *b, uint32_t offset) {
  uint64_t differing = b != NULL ? a->word ^ b->word : 0;
  uint64_t low = differing & (0 - differing);
  uint64_t rest = differing ^ low;
  if ((rest & (rest - 1)) != 0) {
    return false;
  }
  /* One differing bit: a masked string; two: a pair, low to high. */
  uint32_t shift = rest != 0 ? (uint32_t)(__builtin_ctzll(rest) - __builtin_ctzll(low)) : 0;
  uint64_t pair = rest != 0 ? low : 0;
  literal_sequence_layout_word *word =
      sequence->layout_count > 0 ? &sequence->layout[sequence->layout_count - 1] : NULL;
  bool fits = word != NULL && offset + a->length <= word->offset + sizeof(uint64_t) &&
              (pair == 0 || word->pairs == 0 || word->shift == shift);
  if (!fits) {
    if (sequence->layout_count == LITERAL_SEQUENCE_LAYOUT_WORDS) {
      return false;
    }
    word = &sequence->layout[sequence->layout_count++];
    *word = (literal_sequence_layout_word){.offset = offset};
  }
  unsigned bits = 8u * (offset - word->offset);
  word->value |= a->word << bits;
  word->mask |= (a->mask & ~differing) << bits;
  word->pairs |= pair << bits;
  word->shift = pair != 0 ? shift : word->shift;
  sequence->layout_reach = word->offset + (uint32_t)sizeof(uint64_t);
  return true;
}

/* sequence's layout from its strings; layout_count stays 0 when there
 * is none. */
static void layout_build(literal_sequence *sequence) {
  uint32_t offset = 0;
  for (uint32_t i = 0; i < sequence->string_count; i += sequence->strings[i].next_position) {
    const literal_sequence_string *a = NULL;
    const literal_sequence_string *b = NULL;
    if (!layout_strings(&sequence->strings[i], &a, &b) || !layout_add(sequence, a, b, offset)) {
      sequence->layout_count = 0;
      return;
    }
    offset += a->length;
  }
  sequence->layout_length = offset;
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
      layout_build(sequence);
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

/* Whether a match in the layout starts at at, which has layout_reach
 * bytes. */
static inline bool layout_fits(const literal_sequence *sequence, const unsigned char *at) {
  uint64_t wrong = 0;
  for (uint32_t k = 0; k < sequence->layout_count; k++) {
    const literal_sequence_layout_word *word = &sequence->layout[k];
    uint64_t text;
    memcpy(&text, at + word->offset, sizeof text);
    uint64_t x = text ^ word->value;
    wrong |= (x & word->mask) | ((x ^ x >> word->shift) & word->pairs);
  }
  return wrong == 0;
}

bool literal_sequence_match_at(const literal_sequence *sequence, const unsigned char *haystack,
                               size_t length, size_t position, size_t *end) {
  size_t left = length - position;
  /* A match in the layout is the match: no other starts there. */
  if (sequence->layout_count > 0 && left >= sequence->layout_reach &&
      layout_fits(sequence, haystack + position)) {
    *end = position + sequence->layout_length;
    return true;
  }
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
