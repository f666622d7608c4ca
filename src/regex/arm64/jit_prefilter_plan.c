/* jit_prefilter_plan: byte sets become probes (two bytes equal but for
 * bit 0x20, a letter in both cases or the second bytes of both cases of
 * most Cyrillic letters, are one folded compare); the rarest fitting offset is probed, with the next
 * rarest that fits beside it when the first is common (always for a
 * sequence of byte sets), and nothing is
 * probed when candidates would still be frequent. */
#include "jit_prefilter_plan.h"

#include <stddef.h>
#include <stdint.h>

#include "regex/byte_frequency.h"

/* A second probe costs about as much per block as the first; it pays
 * only when the first alone passes more than this many bytes in
 * BYTE_FREQUENCY_SCALE (each false candidate costs a call into C and
 * back), or for a sequence of byte sets (nfa_program.sequence_length),
 * whose separators (/ in \d{4}/\d\d) are rare in prose but common in
 * the logs and paths such patterns search: the second probe took the
 * log's dates from 0.88x to 1.4x PCRE2-JIT under qemu. */
#define SECOND_PROBE_FREQUENCY 300u

/* Above this many expected candidates per BYTE_FREQUENCY_SCALE bytes
 * the DFA alone, a few instructions a byte, is faster than stopping at
 * every candidate. */
#define MOST_CANDIDATES 3000u

/* Bit 0x20: a byte with it clear and the same byte with it set are one
 * folded compare (jit_prefilter_probe). */
#define CASE_BIT 0x20u

/* The probe testing set at offset, and its expected hits per 100 000
 * bytes; false if the set needs more compares than a probe has. */
static bool probe_from_set(const uint64_t set[4], unsigned offset, jit_prefilter_probe *probe,
                           uint32_t *frequency) {
  *probe = (jit_prefilter_probe){.offset = (uint8_t)offset};
  *frequency = 0;
  for (unsigned byte = 0; byte < 256; byte++) {
    if (!nfa_byte_set_has(set, byte)) {
      continue;
    }
    *frequency += byte_frequency[byte];
    unsigned other_case = byte ^ CASE_BIT;
    if ((byte & CASE_BIT) == 0 && nfa_byte_set_has(set, other_case)) {
      continue; /* the folded compare of the byte with the bit covers it */
    }
    if (probe->count == JIT_PREFILTER_MAX_COMPARES) {
      return false;
    }
    probe->values[probe->count] = (uint8_t)byte;
    probe->folds[probe->count] = (byte & CASE_BIT) != 0 && nfa_byte_set_has(set, other_case);
    probe->count++;
  }
  return true;
}

/* The index of the rarest probe with at most most_compares compares,
 * other than excluded, or SIZE_MAX. */
static size_t rarest(const jit_prefilter_probe *probes, const uint32_t *frequencies, size_t count,
                     size_t most_compares, size_t excluded) {
  size_t best = SIZE_MAX;
  for (size_t i = 0; i < count; i++) {
    if (i != excluded && probes[i].count <= most_compares &&
        (best == SIZE_MAX || frequencies[i] < frequencies[best])) {
      best = i;
    }
  }
  return best;
}

bool jit_prefilter_plan_make(const nfa_program *program, jit_prefilter_plan *plan) {
  jit_prefilter_probe probes[NFA_MAX_PREFIX_BYTE_SETS];
  uint32_t frequencies[NFA_MAX_PREFIX_BYTE_SETS];
  size_t count = 0;
  for (unsigned offset = 0; offset < program->prefix_byte_set_count; offset++) {
    if (probe_from_set(program->prefix_byte_sets[offset], offset, &probes[count],
                       &frequencies[count])) {
      count++;
    }
  }
  plan->probe_count = 0;
  size_t first = rarest(probes, frequencies, count, JIT_PREFILTER_MAX_COMPARES, SIZE_MAX);
  if (first == SIZE_MAX) {
    return false;
  }
  plan->probes[plan->probe_count++] = probes[first];
  uint64_t candidates = frequencies[first];
  if (candidates > SECOND_PROBE_FREQUENCY || program->sequence_length > 0) {
    size_t second = rarest(probes, frequencies, count,
                           JIT_PREFILTER_MAX_COMPARES - probes[first].count, first);
    if (second != SIZE_MAX) {
      plan->probes[plan->probe_count++] = probes[second];
      candidates = candidates * frequencies[second] / BYTE_FREQUENCY_SCALE;
    }
  }
  return candidates <= MOST_CANDIDATES;
}

bool jit_prefilter_plan_for_literal(const substring_searcher *literal, jit_prefilter_plan *plan) {
  size_t rarest = literal->rarest;
  size_t order[2] = {rarest, 1 - rarest};
  /* Both bytes, even when the rarest is expected to be rare enough alone:
   * the second probe costs a load, four compares and four ANDs per 64
   * bytes (about 0.15 instructions a byte), while a byte the table
   * misjudges costs a return from the scan and a verify at each of its
   * occurrences (`_` in C source: 12 instructions a byte of headers). */
  plan->probe_count = literal->length == 1 ? 1 : 2;
  for (size_t k = 0; k < plan->probe_count; k++) {
    size_t which = order[k];
    if (literal->rare_offsets[which] > UINT8_MAX) {
      return false;
    }
    plan->probes[k] = (jit_prefilter_probe){.offset = (uint8_t)literal->rare_offsets[which],
                                            .count = 1,
                                            .values = {literal->rare_bytes[which]},
                                            .folds = {literal->rare_folds[which] != 0}};
  }
  return true;
}
