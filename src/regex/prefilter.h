/* prefilter: how the interpreter's forward DFA skips text where no match
 * can start. Built once per program (no allocation, immutable after); a
 * candidate it reports may still fail, but a position it skips never starts
 * a match. The arm64 JIT has its own NEON prefilter (arm64/jit_prefilter.h). */
#ifndef JRX_PREFILTER_H
#define JRX_PREFILTER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dfa.h"
#include "jrx.h"
#include "nfa.h"
#include "search/byte_pair.h"
#if defined(__aarch64__)
#include "search/simd_neon.h"
#elif defined(__x86_64__)
#include "search/simd_sse2.h"
#endif

/* Offsets of a match's start the search may look for: further ones gain
 * little, and a candidate far into a match leaves its start far behind. */
#define PREFILTER_MAX_POSITIONS 8u

/* Most bytes the vector search looks for at once: each costs two
 * instructions per 16 bytes. */
#define PREFILTER_MAX_NEEDLES 6u

typedef enum prefilter_kind {
  PREFILTER_NONE,      /* no skipping: anchored, \G, empty matches, or no rare enough byte */
  PREFILTER_MEMCHR,    /* memchr for the one byte a position allows */
  PREFILTER_NEEDLES,   /* 2 to 6 bytes a position allows (SSE2, else the table) */
  PREFILTER_BYTE_TABLE, /* a wider, still rare set, by a 256-entry table */
  PREFILTER_PAIR        /* 1 to 3 bytes at the searched position and 1 to 3 at another,
                           compared together by a vector kernel (search/byte_pair.h) */
} prefilter_kind;

typedef struct prefilter {
  prefilter_kind kind;
  /* Its facts: every match fits nfa_prefix_fits and is at least
   * program->min_length bytes long. */
  const nfa_program *program;
  /* The offset searched for (the rarest prefix byte set), and its bytes. */
  uint32_t searched_position;
  uint32_t needle_count; /* PREFILTER_MEMCHR and PREFILTER_NEEDLES */
  unsigned char needles[PREFILTER_MAX_NEEDLES];
  unsigned char in_searched_set[256]; /* 1 for each byte of the searched position */
  /* PREFILTER_PAIR: the searched position's set (offsets[0]) and the
   * paired one's (offsets[1], any prefix position). */
  byte_pair pair;
} prefilter;

/* Chooses the strategy for program (which must outlive filter), whose DFA
 * is automaton. */
void prefilter_build(const nfa_program *program, const dfa *automaton, prefilter *filter);

/* A position at or after from where a match may start, with none
 * starting before it (the first such position, unless hits that fail keep
 * coming every few bytes: see dfa_skipping_pays), or SIZE_MAX if there is
 * none; adds the hits it looked at to *hits. filter must not be
 * PREFILTER_NONE. */
size_t prefilter_next_candidate(const prefilter *filter, const unsigned char *subject,
                                size_t length, size_t from, size_t *hits);

/* Whether a byte of program's required set (nfa_program.required_bytes,
 * which must not be empty) occurs in subject[from .. length): memchr for
 * each, each scan ending at the last one's hit. */
int prefilter_required_byte_far(const nfa_program *program, const unsigned char *subject,
                                size_t length, size_t from);

/* Whether prefilter_required_byte_occurs reads short subjects of fewer
 * than 16 bytes itself (it reads those of 16 to 32 bytes in vectors on
 * both targets). */
#if defined(__aarch64__)
#define PREFILTER_REQUIRED_BYTES_INLINE 1
#else
#define PREFILTER_REQUIRED_BYTES_INLINE 0
#endif

/* Nonzero when a byte of word equals the byte repeated fills (the
 * zero-byte test on their XOR: exact for "is there one", whatever the
 * other bytes). */
static inline uint64_t prefilter_word_holds(uint64_t word, uint64_t repeated) {
  uint64_t differing = word ^ repeated;
  return (differing - 0x0101010101010101u) & ~differing & 0x8080808080808080u;
}

/* Nonzero when a byte of required (copies of each required byte, the
 * first repeated where there are fewer than three) occurs in the 8 bytes
 * at bytes. */
static inline uint64_t prefilter_word_holds_required(const unsigned char *bytes,
                                                     const uint64_t required[3]) {
  uint64_t word;
  memcpy(&word, bytes, sizeof word);
  return prefilter_word_holds(word, required[0]) | prefilter_word_holds(word, required[1]) |
         prefilter_word_holds(word, required[2]);
}

#if defined(__aarch64__) || defined(__x86_64__)
/* Nonzero lanes where a byte of required (each of the count required
 * bytes in every lane, the first repeated where there are fewer than
 * three, as prefilter_word_holds_required's words) occurs in the 16 bytes
 * at bytes. One byte takes one compare. */
static inline simd_vector prefilter_vector_holds_required(const unsigned char *bytes,
                                                          const simd_vector required[3],
                                                          uint32_t count) {
  simd_vector block = simd_load(bytes);
  simd_vector held = simd_equal(block, required[0]);
  if (count > 1) {
    held = simd_or(held, simd_or(simd_equal(block, required[1]), simd_equal(block, required[2])));
  }
  return held;
}
#endif

/* prefilter_required_byte_far, but a subject of 16 to 32 bytes from the
 * start offset is read inline, 16 at a time in vector registers (the last
 * block overlapping the one before), and on arm64 one of 8 to 15 bytes 8
 * at a time in general ones: there memchr's call through the PLT and its
 * vector set-up cost more, and a byte loop 6 instructions a byte (under
 * qemu, 20-byte subjects of the e-mail pattern: 327 -> 277 guest
 * instructions a call with the words alone, 277 -> 234 with the vectors,
 * 85 -> 42 of them here; natively, 20-byte subjects of [a-z]+ing: 57 x86
 * instructions a call in memchr and its caller, 14 in SSE2 vectors).
 * Fewer than 8 bytes are read one by one. x86-64's memchr costs fewer
 * instructions than the words (callgrind, the same e-mail subjects: 258 a
 * call with memchr, 277 with the words), so it is called there below 16
 * bytes. */
static inline int prefilter_required_byte_occurs(const nfa_program *program,
                                                 const unsigned char *subject, size_t length,
                                                 size_t from) {
  size_t left = length - from;
  const unsigned char *bytes = program->required_bytes;
  uint32_t count = program->required_byte_count;
  unsigned char second = count > 1 ? bytes[1] : bytes[0];
  unsigned char third = count > 2 ? bytes[2] : second;
#if defined(__aarch64__) || defined(__x86_64__)
  if (left >= SIMD_BYTES && left <= 2 * SIMD_BYTES) {
    simd_vector required[3];
    required[0] = simd_splat(bytes[0]);
    required[1] = count > 1 ? simd_splat(second) : required[0];
    required[2] = count > 1 ? simd_splat(third) : required[0];
    simd_vector held =
        prefilter_vector_holds_required(subject + length - SIMD_BYTES, required, count);
    if (left > SIMD_BYTES) {
      held = simd_or(held, prefilter_vector_holds_required(subject + from, required, count));
    }
    return simd_any_nonzero(held);
  }
#endif
  if (PREFILTER_REQUIRED_BYTES_INLINE && left < 16) {
    if (left < 8) {
      for (size_t at = from; at < length; at++) {
        unsigned char byte = subject[at];
        if (byte == bytes[0] || byte == second || byte == third) {
          return 1;
        }
      }
      return 0;
    }
    const uint64_t ones = 0x0101010101010101u;
    const uint64_t required[3] = {bytes[0] * ones, second * ones, third * ones};
    uint64_t held = prefilter_word_holds_required(subject + length - 8, required);
    if (left > 8) {
      held |= prefilter_word_holds_required(subject + from, required);
    }
    return held != 0;
  }
  return prefilter_required_byte_far(program, subject, length, from);
}

/* The search of a sequence of byte sets (nfa_program.sequence_length > 0)
 * from *position, with no DFA: the first candidate (by candidates, called
 * with context; see dfa_candidate_function) the sequence fits at is the
 * leftmost-first match, as every match has the same length. Returns 1
 * with the match at *position, or JRX_NOMATCH; or, when the candidates
 * stop paying (DNA and a pattern of its letters: after 8 of them, fewer
 * than DFA_SKIP_MIN_ADVANCE bytes apart on average), PREFILTER_HAND_OVER
 * with *position where the DFA is to search on (with no assertion in
 * the program and no match before it, the same search), setting
 * cache->sequence_stood_down for the cache's later searches to go
 * straight to the DFA. The candidates looked at count as the forward
 * DFA's, and in stats if not NULL. An anchored search checks *position
 * alone. Inline, so that each caller's candidate function is inlined
 * into the loop (every match of \d{4}-\d\d-\d\d over a log is one
 * search). */
#define PREFILTER_HAND_OVER 2
/* Candidates of a sequence search stop paying when, after this many, they
 * are fewer than DFA_SKIP_MIN_ADVANCE bytes apart on average: each costs
 * a call and a check where the DFA steps a byte in a few instructions. */
#define PREFILTER_SEQUENCE_PROBATION 8u
static inline __attribute__((always_inline)) int prefilter_search_sequence(
    const nfa_program *program, dfa_candidate_function candidates, const void *context,
    dfa_cache *cache, const unsigned char *subject, size_t length, uint32_t options,
    size_t *position, dfa_stats *stats) {
  size_t span = program->sequence_length;
  size_t start = *position;
  if ((options & JRX_ANCHORED) != 0) {
    return length - start >= span && nfa_sequence_fits(program, subject + start) ? 1
                                                                                  : JRX_NOMATCH;
  }
  size_t hits = 0;
  size_t at = start;
  size_t stand_downs = 0;
  int status = JRX_NOMATCH;
  /* A search that starts at a match (jrxgrep's next line, in a log whose
   * lines open with a date) has it before the candidate search's set-up,
   * which costs more than this check; the start is the candidate that
   * search would have found first. */
  if (length - start >= span && nfa_sequence_fits(program, subject + start)) {
    hits = 1;
    status = 1;
  }
  while (status != 1 && (at = candidates(context, subject, length, at, &hits)) != SIZE_MAX &&
         length - at >= span) {
    if (nfa_sequence_fits(program, subject + at)) {
      status = 1;
      break;
    }
    at++;
    if (hits >= PREFILTER_SEQUENCE_PROBATION && (at - start) / DFA_SKIP_MIN_ADVANCE < hits) {
      cache->sequence_stood_down = 1;
      stand_downs = 1;
      status = PREFILTER_HAND_OVER;
      break;
    }
  }
  cache->forward.stats.prefilter_candidates += hits;
  cache->forward.stats.prefilter_stand_downs += stand_downs;
  if (stats != NULL) {
    stats->prefilter_candidates += hits;
    stats->prefilter_stand_downs += stand_downs;
  }
  *position = at;
  return status;
}

/* dfa_search, skipping with filter when it has a strategy; the first
 * candidate a sequence of byte sets (nfa_program.sequence_length) fits is
 * the match, with no DFA. */
int prefilter_search(const prefilter *filter, const dfa *automaton, dfa_cache *cache,
                     const unsigned char *subject, size_t length, size_t start_offset,
                     uint32_t options, size_t *match_start, size_t *match_end, dfa_stats *stats);

#endif
