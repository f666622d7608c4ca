/* jit_prefilter: emits a NEON scan for the next position where a match
 * can start: one or two probes, each a small byte set at a fixed offset
 * from the candidate, or one or two lookups, Teddy's fingerprint of a few
 * literals (their bytes at fixed offsets, each allowing a set of
 * buckets). Every load lies inside [from, end) of the call. */
#ifndef JRX_JIT_PREFILTER_H
#define JRX_JIT_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "a64.h"

/* Probes a scan may have, and compares its probes may have together:
 * each compare costs a vector compare and OR per 16 candidates. */
#define JIT_PREFILTER_MAX_PROBES 2u
#define JIT_PREFILTER_MAX_COMPARES 8u

/* Distinct masks (jit_prefilter_probe.masks) a plan's probes may have
 * together: each lives in a vector register of its own. */
#define JIT_PREFILTER_MAX_MASKS 2u

/* The byte at `offset` from a candidate must equal one of the values, or,
 * for a value with a mask (bits the value has), equal it once OR'ed with
 * the mask: one compare covers the bytes that differ from the value only
 * in bits of the mask (2 to the number of its bits), both cases of an
 * ASCII letter with 0x20, H and I with 0x01, @, A, H and I with 0x09. */
typedef struct jit_prefilter_probe {
  uint8_t offset;
  uint8_t count; /* 1..JIT_PREFILTER_MAX_COMPARES, for all probes together */
  uint8_t values[JIT_PREFILTER_MAX_COMPARES];
  uint8_t masks[JIT_PREFILTER_MAX_COMPARES]; /* 0 or bits of the value */
} jit_prefilter_probe;

/* Lookups a scan may have, and the largest table of one. */
#define JIT_PREFILTER_MAX_LOOKUPS 2u
#define JIT_PREFILTER_MAX_TABLE 64u

/* The byte at `offset` from a candidate, less base, indexes a table of
 * `size` bytes (16, 32 or 64; base a multiple of it), and a byte outside
 * [base, base + size) gives 0: one EOR and one TBL per 16 candidates,
 * with no nibble split, since the bytes a few literals have at one offset
 * mostly lie close together (one case of ASCII letters in 32, both in
 * 64, the second bytes of Cyrillic letters in 64). Each entry holds the
 * buckets of the literals having that byte there, bucket b (0..3) as
 * bits b and b + 4, so that the scan's narrowing to 4 bits a candidate
 * keeps them; a candidate passes when its lookups' entries share a
 * bucket. */
typedef struct jit_prefilter_lookup {
  uint8_t offset;
  uint8_t base;
  uint8_t size;
  uint8_t buckets[JIT_PREFILTER_MAX_TABLE];
} jit_prefilter_lookup;

/* Literal prefixes a probe plan may confirm its candidates with, and
 * their length: a candidate passing the probes with at least that many
 * bytes before end is returned only when its first bytes, each OR'ed
 * with its fold, equal a prefix. */
#define JIT_PREFILTER_MAX_PREFIXES 8u
#define JIT_PREFILTER_PREFIX_BYTES 4u

typedef struct jit_prefilter_prefix {
  uint32_t value; /* the bytes, little-endian, as the folds' OR leaves them */
  uint32_t fold;  /* the OR mask of each byte: 0 or the case bit */
} jit_prefilter_prefix;

/* Probes or lookups, never both. A staged plan of two probes tests the
 * second only on the 64-byte steps where the first passes somewhere:
 * when the first is rare, most steps cost one load and its compares.
 * Prefixes only with probes (their compares leave 4 set bits a passing
 * candidate once narrowed, which the confirming walk relies on). */
typedef struct jit_prefilter_plan {
  jit_prefilter_probe probes[JIT_PREFILTER_MAX_PROBES];
  size_t probe_count; /* 0..JIT_PREFILTER_MAX_PROBES */
  bool staged;        /* only with two probes */
  jit_prefilter_lookup lookups[JIT_PREFILTER_MAX_LOOKUPS];
  size_t lookup_count; /* 0..JIT_PREFILTER_MAX_LOOKUPS */
  jit_prefilter_prefix prefixes[JIT_PREFILTER_MAX_PREFIXES];
  size_t prefix_count; /* 0 (no confirming)..JIT_PREFILTER_MAX_PREFIXES */
} jit_prefilter_plan;

/* The generated function: the first candidate c in [from, end) for which
 * every probe's (lookup's) byte lies before end and passes, and, with
 * prefixes, one of them starts at c or fewer than
 * JIT_PREFILTER_PREFIX_BYTES bytes lie from c to end; or end. */
typedef const uint8_t *(*jit_prefilter_function)(const uint8_t *from, const uint8_t *end);

/* Appends the scan for plan to buffer at its current position; errors
 * (an invalid plan among them) are recorded in the buffer. */
void jit_prefilter_emit(a64_buffer *buffer, const jit_prefilter_plan *plan);

#endif
