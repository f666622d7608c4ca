/* prefilter: how the interpreter's forward DFA skips text where no match
 * can start. Built once per program (no allocation, immutable after); a
 * candidate it reports may still fail, but a position it skips never starts
 * a match. The arm64 JIT has its own NEON prefilter (arm64/jit_prefilter.h). */
#ifndef JRX_PREFILTER_H
#define JRX_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "dfa.h"
#include "jrx.h"
#include "nfa.h"
#include "search/byte_pair.h"

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

/* prefilter_required_byte_far, but on arm64 a subject of at most 32
 * bytes from the start offset is read inline, byte by byte: there
 * memchr's call through the PLT and its vector set-up cost more (under
 * qemu, most of a 20-byte subject's search; short [a-z]+ing subjects
 * 0.92-1.0x -> 1.1x PCRE2-JIT). x86-64's memchr is cheaper than the loop
 * even on 20 bytes (short e-mail subjects: 12.3 ns a call with memchr,
 * 13.2 with the loop), so it is called there as before. */
static inline int prefilter_required_byte_occurs(const nfa_program *program,
                                                 const unsigned char *subject, size_t length,
                                                 size_t from) {
#if defined(__aarch64__)
  if (length - from <= 32) {
    const unsigned char *bytes = program->required_bytes;
    uint32_t count = program->required_byte_count;
    for (size_t at = from; at < length; at++) {
      unsigned char byte = subject[at];
      if (byte == bytes[0] ||
          (count > 1 && (byte == bytes[1] || (count > 2 && byte == bytes[2])))) {
        return 1;
      }
    }
    return 0;
  }
#endif
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
  while ((at = candidates(context, subject, length, at, &hits)) != SIZE_MAX &&
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
