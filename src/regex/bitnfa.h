/* bitnfa: the bit-parallel NFA (Glushkov positions in one machine word,
 * Hyperscan's LimEx idea), for programs whose lazy DFA would build a state
 * every few bytes: counted repetitions over dense text such as
 * a[acgt]{20}c over DNA. The state is a set of positions, one bit each;
 * a step is a few shifts and ORs of it (the edges between positions,
 * grouped by distance), an OR of the positions a match begins with, and
 * an AND with the positions that accept the byte read.
 *
 * Exactness: the set of positions forgets which thread came first, so the
 * engine only takes programs whose leftmost-first match it can still name:
 * every match has the same length (nfa_program.fixed_length), and no
 * assertion. The first position where any match ends is then the end of
 * the match that starts leftmost, its start that length before, and from
 * a given start only one end exists, so priority never decides.
 * Linear: one step per byte, no state beyond the word.
 * Immutable and shared; a search needs no scratch. */
#ifndef JRX_BITNFA_H
#define JRX_BITNFA_H

#include <stddef.h>
#include <stdint.h>

#include "jrx.h"
#include "nfa.h"

#define BITNFA_MAX_POSITIONS 64u
/* Distinct distances between positions one step may follow: each is a
 * shift, an AND and an OR per byte. */
#define BITNFA_MAX_SHIFTS 6u
/* Programs larger than this are not examined (the build is quadratic in
 * the byte-range instructions, which such programs have too many of). */
#define BITNFA_MAX_INSTRUCTIONS 4096u

/* Why a program has no bit-parallel NFA (bitnfa_build), for jrx-explain. */
typedef enum bitnfa_refusal {
  BITNFA_BUILT = 0,
  BITNFA_LENGTHS_DIFFER,  /* matches of different lengths, or none, or empty ones */
  BITNFA_HAS_ASSERTIONS,  /* anchors, \b, \G ... */
  BITNFA_TOO_LARGE,       /* over BITNFA_MAX_INSTRUCTIONS instructions */
  BITNFA_TOO_MANY_POSITIONS,
  BITNFA_TOO_MANY_SHIFTS,
  BITNFA_STARTS_INSIDE_CHARACTERS /* UTF mode, a first byte that continues a character */
} bitnfa_refusal;

/* Follows every edge from a position p to p + amount (amount < 0: back):
 * next |= (state & mask) << amount, or >> -amount. When no position
 * outside mask has a position at that distance, masked is 0 and the AND
 * may be left out (bits shifted onto no position meet no reach bit). */
typedef struct bitnfa_shift {
  int32_t amount;
  uint32_t masked;
  uint64_t mask;
} bitnfa_shift;

typedef struct bitnfa {
  const jrx_allocator *allocator;
  uint64_t reach[256]; /* the positions accepting each byte */
  uint64_t first;      /* the positions a match begins with */
  uint64_t final;      /* the positions a match ends with */
  uint32_t position_count;
  uint32_t shift_count;
  bitnfa_shift shifts[BITNFA_MAX_SHIFTS];
  size_t match_length; /* the program's fixed_length */
} bitnfa;

/* Builds the bit-parallel NFA of program into *result, or stores NULL
 * and the reason in *refusal when the program does not qualify. Returns
 * 0 or JRX_ERROR_NOMEMORY. */
int bitnfa_build(const nfa_program *program, bitnfa **result, bitnfa_refusal *refusal);
void bitnfa_destroy(bitnfa *automaton);

/* A sentence for jrx-explain. */
const char *bitnfa_refusal_text(bitnfa_refusal refusal);

/* One step: the positions after reading byte from state, with a new
 * thread when start is the first mask (0: none). */
static inline uint64_t bitnfa_step(const bitnfa *automaton, uint64_t state, uint64_t start,
                                   unsigned char byte) {
  uint64_t next = start;
  for (uint32_t i = 0; i < automaton->shift_count; i++) {
    const bitnfa_shift *shift = &automaton->shifts[i];
    uint64_t moving = shift->masked ? state & shift->mask : state;
    next |= shift->amount >= 0 ? moving << shift->amount : moving >> -shift->amount;
  }
  return next & automaton->reach[byte];
}

/* The unanchored loop: steps from *state over subject[from .. to) with
 * a new thread at every byte, and returns the position just after the
 * first byte where a match ends, or to; *state is the set there. The
 * arm64 JIT generates the same function (jit_bitnfa.h). */
typedef size_t (*bitnfa_scan_function)(const bitnfa *automaton, const unsigned char *subject,
                                       size_t from, size_t to, uint64_t *state);

size_t bitnfa_scan(const bitnfa *automaton, const unsigned char *subject, size_t from, size_t to,
                   uint64_t *state);

/* Work counters so tests can bound the work without timing it. */
typedef struct bitnfa_stats {
  uint64_t bytes_scanned;
} bitnfa_stats;

/* The leftmost-first match of subject[0..length) from start_offset with
 * the options of pike_match (JRX_ANCHORED is the only one that can change
 * the answer), scanned by scan (bitnfa_scan, or native code). Returns 1
 * and the bounds, or JRX_NOMATCH. stats may be NULL. */
int bitnfa_search(const bitnfa *automaton, bitnfa_scan_function scan,
                  const unsigned char *subject, size_t length, size_t start_offset,
                  uint32_t options, size_t *match_start, size_t *match_end, bitnfa_stats *stats);

#endif
