/* jit_prefilter_plan: byte sets become probes (two bytes equal but for
 * one bit are one masked compare: bit 0x20 for a letter in both cases or
 * the second bytes of both cases of most Cyrillic letters, 0x01 for H
 * and I; two compares merge into one of a wider mask where the
 * candidates the bytes it adds let through cost less than the
 * instructions it saves: 0x09 for @, A, H and I); the rarest fitting
 * offset is probed, with the next rarest that fits beside it when the
 * first is common (always for a sequence of byte sets), and nothing is
 * probed when candidates would still be frequent. A set of literals
 * becomes lookups at the offsets, and with the buckets, that let through
 * the fewest candidates. */
#include "jit_prefilter_plan.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "regex/byte_frequency.h"
#include "regex/search/teddy.h"

/* A second probe costs about as much per block as the first; it pays
 * only when the first alone passes more than this many bytes in
 * BYTE_FREQUENCY_SCALE (each false candidate costs a call into C and
 * back), or for a sequence of byte sets (nfa_program.sequence_length),
 * whose separators (/ in \d{4}/\d\d) are rare in prose but common in
 * the logs and paths such patterns search: the second probe took the
 * log's dates from 0.88x to 1.4x PCRE2-JIT under qemu. */
#define SECOND_PROBE_FREQUENCY 300u

/* A second probe is staged (jit_prefilter_plan.staged) unless the first
 * is expected to pass more bytes than this in BYTE_FREQUENCY_SCALE, four
 * a 64-byte step: a step where the first passes nowhere skips the
 * second's load, compares and ANDs (about 17 instructions), one where it
 * passes pays 3 more (a narrowing and branch of its own), so staging
 * pays unless nearly every step passes. The table's counts are the most
 * of three languages, so its estimate runs high: the capitals of five
 * Russian names (4258 by the table) passed in 25% of the steps of
 * Russian subtitles, whose scan went from 2.02M to 1.57M guest
 * instructions. */
#define STAGED_FIRST_FREQUENCY (BYTE_FREQUENCY_SCALE / 16u)

/* A first probe of continuation bytes alone (a two-byte letter's second
 * byte, a CJK character's later bytes) is staged while it is expected
 * to pass fewer than this share of the 64-byte steps, 1 - (1 - f)^64 for
 * its bytes' expected share f: the table's counts of such bytes are
 * their own script's (Chinese subtitles', Russian ones'), so the rate
 * follows from them, where an ASCII letter's are the most of English
 * prose and subtitles (the five English names' capitals are 2.5% of
 * subtitles, 1.3% of sherlock.txt, whose steps they pass 55%, and
 * staged they save 8% there). A step costs 33 + 32p guest instructions
 * staged against 54 unstaged for the five CJK names (4 compares and 2),
 * even at p = 0.66; their [\x8e\x8f\xab\xb7] at +2 passes 80% of the
 * steps of Chinese subtitles (83% expected), and unstaged they take
 * 1.18M -> 1.14M guest instructions a pass. The five Russian names'
 * capitals' second bytes pass 25% (34% expected) and stay staged. */
#define STAGED_MOST_PASSING (2.0 / 3.0)

/* A literal's second probe is staged when its first probe's bytes (both
 * cases when folded) are expected at most this often alone, their count
 * in any context, since the probe tests them alone: in at most 36% of
 * the 64-byte steps, while a staged step that passes costs about 40%
 * more than an unstaged one (its second half, narrowing and branch).
 * Sherlock Holmes's H (383) is in 13% of the steps of sherlock.txt, and
 * the others skip S's load, compares and ANDs: 2.29M -> 1.66M qemu host
 * instructions a pass. Шерлок Холмс's Ш (0xa8, 669) is staged; not `to
 * reason ten times`'s m (1916, 71% of the steps), nor a folded k (1014),
 * nor 夏洛克·福尔摩斯's 0x8f, rare after its lead byte, 892 alone. */
#define LITERAL_STAGED_FREQUENCY 700u

/* Two compares of a probe become one whose mask holds the bits in which
 * their values differ (and their masks) when the instructions that saves
 * a byte outweigh the candidates the bytes it adds let through, each
 * costing about this many: a passing candidate costs its block's
 * narrowing and its walk, a passing byte of a staged plan's first probe
 * its step's second stage. Measured (guest instructions a pass): the
 * five names' [AHISW] take @ (1 in 100 000 bytes) as I with 0x09, 7 -> 5
 * instructions a 16-byte block, 801K -> 724K over sherlock.txt; the five
 * CJK names' second probe [\x87\x94\x96\xb0\xb4], run on 80% of the
 * steps, takes 0x90, 0x92, 0xb2 and 0xb6 as 0xb6 with 0x26, 8 -> 4 a
 * block, 1.41M -> 1.26M over Chinese subtitles; the five names' [elt]
 * would save 1 a block for d and m, 2.9K more with them; the Russian
 * names' capitals at +1 are left alone, their first stage passing 25% of
 * the steps and 37% with a merge. */
#define CANDIDATE_COST 64u
#define BLOCK_BYTES 16u
#define STEP_BYTES 64u /* a step of jit_prefilter.c's main loop */

/* Above this many expected candidates per BYTE_FREQUENCY_SCALE bytes
 * the DFA alone, a few instructions a byte, is faster than stopping at
 * every candidate. */
#define MOST_CANDIDATES 3000u

/* The share of the 64-byte steps in which bytes expected at frequency
 * (a share of the bytes) occur. */
static double step_pass_rate(double frequency) {
  double step_misses = 1.0;
  for (unsigned byte = 0; byte < STEP_BYTES; byte++) {
    step_misses *= 1.0 - frequency;
  }
  return 1.0 - step_misses;
}

/* Whether every byte probe passes is a continuation byte (10______). */
static bool continuation_bytes(const jit_prefilter_probe *probe) {
  for (size_t i = 0; i < probe->count; i++) {
    if ((probe->values[i] & 0xc0u) != 0x80u || (probe->masks[i] & 0xc0u) != 0) {
      return false;
    }
  }
  return true;
}

/* Bit 0x20: a byte with it clear and the same byte with it set are one
 * folded compare (jit_prefilter_probe); tried first among the bits. */
#define CASE_BIT 0x20u

/* Lead bytes of two-byte characters (Cyrillic, Greek, Hebrew, ...). */
#define FIRST_TWO_BYTE_LEAD 0xc2u
#define LAST_TWO_BYTE_LEAD 0xdfu

/* The expected occurrences of byte where previous (the set before it;
 * NULL at offset 0) holds two-byte leads alone: for a continuation byte,
 * its counts after every two-byte lead (a probe passes it after any of
 * them), when below its count alone; else its count alone. The table's
 * columns are the most of three scripts and call the second bytes of
 * Cyrillic letters common (0x88 is 2,410 for Chinese, where it ends
 * three-byte characters; ш's 0xd1 0x88 is 485 in Russian subtitles): the
 * caseless шерлок холмс probed л at +7 (1,757, the first probe passing
 * 71% of the 64-byte steps of Russian subtitles) rather than ш at +1
 * (27%). After other bytes the count alone stands: a CJK character's
 * later bytes are as common in Chinese text in any place. */
static uint32_t frequency_after(const uint64_t *previous, unsigned byte) {
  if (previous == NULL || (byte & 0xc0u) != 0x80u) {
    return byte_frequency[byte];
  }
  uint32_t sum = 0;
  for (unsigned before = 0; before < 256; before++) {
    bool two_byte_lead = before >= FIRST_TWO_BYTE_LEAD && before <= LAST_TWO_BYTE_LEAD;
    if (nfa_byte_set_has(previous, before) && !two_byte_lead) {
      return byte_frequency[byte];
    }
    sum += two_byte_lead ? byte_frequency_after((unsigned char)before, (unsigned char)byte) : 0;
  }
  return sum < byte_frequency[byte] ? sum : byte_frequency[byte];
}

/* Whether byte, without bit, and byte with bit are both in set and
 * neither in paired yet. */
static bool pairable(const uint64_t set[4], const uint64_t paired[4], unsigned byte,
                     unsigned bit) {
  return (byte & bit) == 0 && nfa_byte_set_has(set, byte) && nfa_byte_set_has(set, byte | bit) &&
         !nfa_byte_set_has(paired, byte) && !nfa_byte_set_has(paired, byte | bit);
}

/* The bit, not in fixed unless spare is 0 (no new mask may be added),
 * pairing the most bytes of set not yet in paired with another of them
 * that differs in that bit alone, CASE_BIT on a tie; 0 when none pairs. */
static unsigned best_pairing_bit(const uint64_t set[4], const uint64_t paired[4], unsigned fixed,
                                 unsigned spare) {
  static const uint8_t bits[] = {CASE_BIT, 0x01, 0x02, 0x04, 0x08, 0x10, 0x40, 0x80};
  unsigned best = 0;
  unsigned best_pairs = 0;
  for (size_t j = 0; j < sizeof bits; j++) {
    unsigned bit = bits[j];
    if ((fixed & bit) == 0 && spare == 0) {
      continue;
    }
    unsigned pairs = 0;
    for (unsigned byte = 0; byte < 256; byte++) {
      pairs += pairable(set, paired, byte, bit);
    }
    if (pairs > best_pairs) {
      best = bit;
      best_pairs = pairs;
    }
  }
  return best;
}

/* The probe testing set at offset, and its expected hits per 100 000
 * bytes (after previous, the set before it or NULL); false if the set
 * needs more compares than a probe has. Two bytes differing in one bit
 * are one compare with that bit as its mask: the masks in fixed at will,
 * and up to spare others (the plan's masks each take a register). */
static bool probe_from_set(const uint64_t set[4], const uint64_t *previous, unsigned offset,
                           unsigned fixed, unsigned spare, jit_prefilter_probe *probe,
                           uint32_t *frequency) {
  *probe = (jit_prefilter_probe){.offset = (uint8_t)offset};
  *frequency = 0;
  uint64_t paired[4] = {0};
  uint8_t mask_of[256] = {0}; /* the mask of a pair, at its byte with the bit set */
  for (unsigned bit; (bit = best_pairing_bit(set, paired, fixed, spare)) != 0;) {
    spare -= (fixed & bit) == 0;
    fixed |= bit;
    for (unsigned byte = 0; byte < 256; byte++) {
      if (pairable(set, paired, byte, bit)) {
        paired[byte / 64] |= UINT64_C(1) << (byte % 64);
        paired[(byte | bit) / 64] |= UINT64_C(1) << ((byte | bit) % 64);
        mask_of[byte | bit] = (uint8_t)bit;
      }
    }
  }
  for (unsigned byte = 0; byte < 256; byte++) {
    if (!nfa_byte_set_has(set, byte)) {
      continue;
    }
    *frequency += frequency_after(previous, byte);
    if (nfa_byte_set_has(paired, byte) && mask_of[byte] == 0) {
      continue; /* the compare of the pair's byte with the bit covers it */
    }
    if (probe->count == JIT_PREFILTER_MAX_COMPARES) {
      return false;
    }
    probe->values[probe->count] = (uint8_t)byte;
    probe->masks[probe->count] = mask_of[byte];
    probe->count++;
  }
  return true;
}

/* The masks of probe's compares, as one bit set. */
static unsigned probe_mask_bits(const jit_prefilter_probe *probe) {
  unsigned bits = 0;
  for (size_t i = 0; i < probe->count; i++) {
    bits |= probe->masks[i];
  }
  return bits;
}

/* The rarest probe with at most most_compares compares among program's
 * offsets other than excluded, pairing only the two cases of letters
 * (CASE_BIT), or false. */
static bool rarest(const nfa_program *program, unsigned excluded, size_t most_compares,
                   jit_prefilter_probe *best, uint32_t *best_frequency) {
  bool found = false;
  for (unsigned offset = 0; offset < program->prefix_byte_set_count; offset++) {
    const uint64_t *previous = offset > 0 ? program->prefix_byte_sets[offset - 1] : NULL;
    jit_prefilter_probe probe;
    uint32_t frequency;
    if (offset != excluded &&
        probe_from_set(program->prefix_byte_sets[offset], previous, offset, CASE_BIT, 0, &probe,
                       &frequency) &&
        probe.count <= most_compares && (!found || frequency < *best_frequency)) {
      *best = probe;
      *best_frequency = frequency;
      found = true;
    }
  }
  return found;
}

/* Pairs the bytes of each probe of plan that differ in other bits than
 * CASE_BIT too, where that takes fewer compares, within the plan's
 * masks (CASE_BIT stays one of them when a probe folds case). The
 * offsets and sets are chosen before, by the case pairs alone: the
 * masks make each step cheaper, never another set probed (a digit set
 * of five pairs would be). */
static void pair_by_other_bits(const nfa_program *program, jit_prefilter_plan *plan) {
  unsigned fixed = 0;
  for (size_t k = 0; k < plan->probe_count; k++) {
    fixed |= probe_mask_bits(&plan->probes[k]);
  }
  unsigned spare = JIT_PREFILTER_MAX_MASKS - (unsigned)__builtin_popcount(fixed);
  for (size_t k = 0; k < plan->probe_count; k++) {
    unsigned offset = plan->probes[k].offset;
    const uint64_t *previous = offset > 0 ? program->prefix_byte_sets[offset - 1] : NULL;
    jit_prefilter_probe paired;
    uint32_t frequency;
    if (probe_from_set(program->prefix_byte_sets[offset], previous, offset, fixed, spare, &paired,
                       &frequency) &&
        paired.count < plan->probes[k].count) {
      plan->probes[k] = paired;
      unsigned added = probe_mask_bits(&paired) & ~fixed;
      fixed |= added;
      spare -= (unsigned)__builtin_popcount(added);
    }
  }
}

/* Whether compare i of probe passes byte. */
static bool compare_passes(const jit_prefilter_probe *probe, size_t i, unsigned byte) {
  return (byte | probe->masks[i]) == probe->values[i];
}

static bool probe_passes(const jit_prefilter_probe *probe, unsigned byte) {
  for (size_t i = 0; i < probe->count; i++) {
    if (compare_passes(probe, i, byte)) {
      return true;
    }
  }
  return false;
}

/* Distinct masks of plan's compares, as jit_prefilter_emit counts them. */
static unsigned distinct_masks(const jit_prefilter_plan *plan) {
  bool seen[256] = {false};
  unsigned count = 0;
  for (size_t k = 0; k < plan->probe_count; k++) {
    for (size_t i = 0; i < plan->probes[k].count; i++) {
      uint8_t mask = plan->probes[k].masks[i];
      count += mask != 0 && !seen[mask];
      seen[mask] = true;
    }
  }
  return count;
}

/* Probe k of plan with compares i and j (i < j) merged into i; false
 * when the plan would need more masks than JIT_PREFILTER_MAX_MASKS. *added
 * = the expected occurrences of the bytes the merged compare passes and
 * the probe did not (after previous, the set before its offset). */
static bool merged(const jit_prefilter_plan *plan, size_t k, size_t i, size_t j,
                   const uint64_t *previous, jit_prefilter_plan *result, uint32_t *added) {
  const jit_prefilter_probe *probe = &plan->probes[k];
  unsigned mask = probe->masks[i] | probe->masks[j] | (probe->values[i] ^ probe->values[j]);
  *result = *plan;
  jit_prefilter_probe *merge = &result->probes[k];
  merge->values[i] = (uint8_t)(probe->values[i] | mask);
  merge->masks[i] = (uint8_t)mask;
  memmove(&merge->values[j], &merge->values[j + 1], (size_t)(merge->count - j - 1));
  memmove(&merge->masks[j], &merge->masks[j + 1], (size_t)(merge->count - j - 1));
  merge->count--;
  *added = 0;
  for (unsigned byte = 0; byte < 256; byte++) {
    if (compare_passes(merge, i, byte) && !probe_passes(probe, byte)) {
      *added += frequency_after(previous, byte);
    }
  }
  return distinct_masks(result) <= JIT_PREFILTER_MAX_MASKS;
}

/* The instructions a 16-byte block of probe's compares takes, as
 * jit_prefilter.c emits them: a CMEQ each and an ORR for all but the
 * first, an ORR of the data with a mask for each masked compare but
 * those of the mask most share, which OR the data once. */
static unsigned compare_instructions(const jit_prefilter_probe *probe) {
  unsigned masked = 0;
  unsigned most_sharing = 0;
  for (size_t i = 0; i < probe->count; i++) {
    unsigned sharing = 0;
    for (size_t j = 0; j < probe->count; j++) {
      sharing += probe->masks[i] != 0 && probe->masks[j] == probe->masks[i];
    }
    masked += probe->masks[i] != 0;
    most_sharing = sharing > most_sharing ? sharing : most_sharing;
  }
  return 2u * probe->count - 1u + masked - most_sharing + (masked > 0);
}

/* The expected occurrences of the bytes of the set at probe k's offset. */
static uint32_t set_frequency(const nfa_program *program, const jit_prefilter_plan *plan,
                              size_t k) {
  unsigned offset = plan->probes[k].offset;
  const uint64_t *previous = offset > 0 ? program->prefix_byte_sets[offset - 1] : NULL;
  uint32_t sum = 0;
  for (unsigned byte = 0; byte < 256; byte++) {
    sum += nfa_byte_set_has(program->prefix_byte_sets[offset], byte)
               ? frequency_after(previous, byte)
               : 0;
  }
  return sum;
}

/* Merges compares of plan's probes, the pair gaining most first, while a
 * merge saves more instructions than the candidates it adds cost
 * (CANDIDATE_COST), both per BYTE_FREQUENCY_SCALE bytes. A probe runs on
 * every block but a staged plan's second, which runs on the steps where
 * the first passes; a byte a probe adds is a candidate where the other
 * probe passes too, but for a staged plan's first, whose every passing
 * byte runs its step's second stage. */
static void merge_rare_compares(const nfa_program *program, jit_prefilter_plan *plan) {
  double frequencies[JIT_PREFILTER_MAX_PROBES] = {0};
  for (size_t k = 0; k < plan->probe_count; k++) {
    frequencies[k] = (double)set_frequency(program, plan, k) / BYTE_FREQUENCY_SCALE;
  }
  for (size_t k = 0; k < plan->probe_count; k++) {
    bool alone = plan->probe_count == 1 || (plan->staged && k == 0);
    double other = alone ? 1.0 : frequencies[1 - k];
    double runs = plan->staged && k == 1 ? step_pass_rate(frequencies[0]) : 1.0;
    unsigned offset = plan->probes[k].offset;
    const uint64_t *previous = offset > 0 ? program->prefix_byte_sets[offset - 1] : NULL;
    for (bool merging = true; merging;) {
      jit_prefilter_plan best = *plan;
      double best_gain = 0;
      for (size_t i = 0; i < plan->probes[k].count; i++) {
        for (size_t j = i + 1; j < plan->probes[k].count; j++) {
          jit_prefilter_plan candidate;
          uint32_t added;
          if (!merged(plan, k, i, j, previous, &candidate, &added)) {
            continue;
          }
          double saved = (double)compare_instructions(&plan->probes[k]) -
                         (double)compare_instructions(&candidate.probes[k]);
          double gain = saved * runs * BYTE_FREQUENCY_SCALE / BLOCK_BYTES -
                        (double)added * other * CANDIDATE_COST;
          if (gain > best_gain) {
            best = candidate;
            best_gain = gain;
          }
        }
      }
      merging = best_gain > 0;
      *plan = best;
    }
  }
}

bool jit_prefilter_plan_make(const nfa_program *program, jit_prefilter_plan *plan) {
  *plan = (jit_prefilter_plan){.probe_count = 0};
  uint32_t first_frequency = 0;
  if (!rarest(program, UINT32_MAX, JIT_PREFILTER_MAX_COMPARES, &plan->probes[0],
              &first_frequency)) {
    return false;
  }
  plan->probe_count = 1;
  uint64_t candidates = first_frequency;
  uint32_t second_frequency = 0;
  if ((candidates > SECOND_PROBE_FREQUENCY || program->sequence_length > 0) &&
      rarest(program, plan->probes[0].offset,
             JIT_PREFILTER_MAX_COMPARES - plan->probes[0].count, &plan->probes[1],
             &second_frequency)) {
    plan->probe_count = 2;
    plan->staged = continuation_bytes(&plan->probes[0])
                       ? step_pass_rate((double)first_frequency / BYTE_FREQUENCY_SCALE) <
                             STAGED_MOST_PASSING
                       : first_frequency < STAGED_FIRST_FREQUENCY;
    candidates = candidates * second_frequency / BYTE_FREQUENCY_SCALE;
  }
  pair_by_other_bits(program, plan);
  merge_rare_compares(program, plan);
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
  *plan = (jit_prefilter_plan){.probe_count = literal->length == 1 ? 1 : 2};
  unsigned byte = literal->rare_bytes[rarest];
  unsigned fold = literal->rare_folds[rarest];
  plan->staged = plan->probe_count == 2 &&
                 byte_frequency[byte] + (fold != 0 ? byte_frequency[byte ^ fold] : 0u) <=
                     LITERAL_STAGED_FREQUENCY;
  for (size_t k = 0; k < plan->probe_count; k++) {
    size_t which = order[k];
    if (literal->rare_offsets[which] > UINT8_MAX) {
      return false;
    }
    plan->probes[k] = (jit_prefilter_probe){.offset = (uint8_t)literal->rare_offsets[which],
                                            .count = 1,
                                            .values = {literal->rare_bytes[which]},
                                            .masks = {literal->rare_folds[which]}};
  }
  return true;
}

/* Buckets of a lookup: an entry holds bucket b as bits b and b + 4, so
 * that the scan's narrowing to 4 bits a candidate (jit_prefilter.c)
 * keeps every candidate's buckets. */
#define LOOKUP_BUCKETS 4u
/* Literals a set may have for lookups: more share buckets two by two and
 * beyond, and the candidates they let through, each verified in C, cost
 * more than the C Teddy search with its Aho-Corasick fallback (50 English
 * words over sherlock.txt: 15.4M guest instructions a pass in C, 30.4M
 * with lookups for all 50). */
#define LOOKUP_MAX_LITERALS (2u * LOOKUP_BUCKETS)
/* Offsets a lookup may read, from a literal's start: past the first
 * dozen bytes of a few literals there is rarely a rarer byte. */
#define LOOKUP_OFFSETS 16u

/* Whether the bytes every literal of set allows at offset fit a lookup's
 * table; if so, lookup gets its offset, base and size. */
static bool lookup_window(const literal_set *set, unsigned offset, jit_prefilter_lookup *lookup) {
  unsigned low = 0xff;
  unsigned high = 0;
  for (uint32_t i = 0; i < set->count; i++) {
    unsigned byte = literal_set_bytes(set, i)[offset];
    unsigned other = literal_set_folds(set, i)[offset] != 0 ? byte ^ LITERAL_FOLD : byte;
    low = byte < low ? byte : low;
    low = other < low ? other : low;
    high = byte > high ? byte : high;
    high = other > high ? other : high;
  }
  for (unsigned size = 16; size <= JIT_PREFILTER_MAX_TABLE; size *= 2) {
    unsigned base = low & ~(size - 1);
    if (high - base < size) {
      *lookup = (jit_prefilter_lookup){
          .offset = (uint8_t)offset, .base = (uint8_t)base, .size = (uint8_t)size};
      return true;
    }
  }
  return false;
}

/* The expected occurrences per BYTE_FREQUENCY_SCALE bytes of any of the
 * bytes the literals allow at offset. */
static double offset_rate(const literal_set *set, unsigned offset) {
  uint64_t seen[4] = {0};
  double rate = 0;
  for (uint32_t i = 0; i < set->count; i++) {
    const unsigned char *bytes = literal_set_bytes(set, i);
    unsigned byte = bytes[offset];
    if ((seen[byte / 64] >> (byte % 64) & 1u) == 0) {
      seen[byte / 64] |= UINT64_C(1) << (byte % 64);
      rate += literal_byte_frequency(bytes, literal_set_folds(set, i), offset);
    }
  }
  return rate;
}

/* The expected occurrences of literal i's bytes at first and second
 * together: the frequency of the second alone when it is the
 * continuation byte right after the first (the tables count it in that
 * context), else the product. */
static double pair_rate(const literal_set *set, uint32_t i, unsigned first, unsigned second) {
  const unsigned char *bytes = literal_set_bytes(set, i);
  const unsigned char *folds = literal_set_folds(set, i);
  double a = literal_byte_frequency(bytes, folds, first);
  double b = literal_byte_frequency(bytes, folds, second);
  bool in_context = second == first + 1 && folds[first] == 0 && folds[second] == 0 &&
                    (bytes[second] & 0xc0u) == 0x80u;
  return in_context ? b : a * b / BYTE_FREQUENCY_SCALE;
}

/* Spreads the literals over the buckets for lookups at first and second,
 * each where it adds the fewest expected candidates (its own, and those
 * of its bytes at one offset with the bucket's others at the other);
 * returns the expected candidates of all buckets. */
static double spread_buckets(const literal_set *set, unsigned first, unsigned second,
                             uint8_t *bucket_of) {
  double first_sums[LOOKUP_BUCKETS] = {0};
  double second_sums[LOOKUP_BUCKETS] = {0};
  double total = 0;
  for (uint32_t i = 0; i < set->count; i++) {
    const unsigned char *bytes = literal_set_bytes(set, i);
    const unsigned char *folds = literal_set_folds(set, i);
    double a = literal_byte_frequency(bytes, folds, first);
    double b = literal_byte_frequency(bytes, folds, second);
    double own = pair_rate(set, i, first, second);
    unsigned best = 0;
    double best_cost = 0;
    for (unsigned bucket = 0; bucket < LOOKUP_BUCKETS; bucket++) {
      double cost = own + (a * second_sums[bucket] + b * first_sums[bucket]) / BYTE_FREQUENCY_SCALE;
      if (bucket == 0 || cost < best_cost) {
        best = bucket;
        best_cost = cost;
      }
    }
    bucket_of[i] = (uint8_t)best;
    first_sums[best] += a;
    second_sums[best] += b;
    total += best_cost;
  }
  return total;
}

/* Lookup's table: each literal's bucket at the bytes it allows. */
static void fill_table(const literal_set *set, const uint8_t *bucket_of,
                       jit_prefilter_lookup *lookup) {
  for (uint32_t i = 0; i < set->count; i++) {
    unsigned byte = literal_set_bytes(set, i)[lookup->offset];
    unsigned other = literal_set_folds(set, i)[lookup->offset] != 0 ? byte ^ LITERAL_FOLD : byte;
    uint8_t bits = (uint8_t)(0x11u << bucket_of[i]);
    lookup->buckets[byte - lookup->base] |= bits;
    lookup->buckets[other - lookup->base] |= bits;
  }
}

bool jit_prefilter_plan_for_set(const literal_set *set, jit_prefilter_plan *plan) {
  *plan = (jit_prefilter_plan){.probe_count = 0};
  if (set->count > LOOKUP_MAX_LITERALS) {
    return false;
  }
  unsigned offsets = set->shortest < LOOKUP_OFFSETS ? set->shortest : LOOKUP_OFFSETS;
  jit_prefilter_lookup windows[LOOKUP_OFFSETS];
  bool fits[LOOKUP_OFFSETS];
  unsigned single = UINT32_MAX;
  double single_rate = 0;
  for (unsigned offset = 0; offset < offsets; offset++) {
    fits[offset] = lookup_window(set, offset, &windows[offset]);
    double rate = fits[offset] ? offset_rate(set, offset) : 0;
    if (fits[offset] && (single == UINT32_MAX || rate < single_rate)) {
      single = offset;
      single_rate = rate;
    }
  }
  if (single == UINT32_MAX) {
    return false;
  }
  uint8_t bucket_of[TEDDY_MAX_LITERALS];
  unsigned pair[2] = {single, single};
  double best_rate = 0;
  for (unsigned first = 0; first < offsets; first++) {
    for (unsigned second = first + 1; second < offsets; second++) {
      if (fits[first] && fits[second]) {
        double rate = spread_buckets(set, first, second, bucket_of);
        if (pair[0] == pair[1] || rate < best_rate) {
          pair[0] = first;
          pair[1] = second;
          best_rate = rate;
        }
      }
    }
  }
  /* One lookup: every literal in bucket 0. */
  memset(bucket_of, 0, sizeof bucket_of);
  if (pair[0] != pair[1]) {
    spread_buckets(set, pair[0], pair[1], bucket_of);
  }
  plan->lookup_count = pair[0] != pair[1] ? 2 : 1;
  for (size_t k = 0; k < plan->lookup_count; k++) {
    plan->lookups[k] = windows[pair[k]];
    fill_table(set, bucket_of, &plan->lookups[k]);
  }
  return true;
}

void jit_prefilter_plan_add_prefixes(const literal_set *set, jit_prefilter_plan *plan) {
  plan->prefix_count = 0;
  if (plan->lookup_count > 0 || plan->probe_count == 0 || set->count > JIT_PREFILTER_MAX_PREFIXES ||
      set->shortest < JIT_PREFILTER_PREFIX_BYTES) {
    return;
  }
  for (uint32_t i = 0; i < set->count; i++) {
    jit_prefilter_prefix prefix = {0, 0};
    for (unsigned b = 0; b < JIT_PREFILTER_PREFIX_BYTES; b++) {
      prefix.value |= (uint32_t)literal_set_bytes(set, i)[b] << (8 * b);
      prefix.fold |= (uint32_t)literal_set_folds(set, i)[b] << (8 * b);
    }
    size_t seen = 0;
    while (seen < plan->prefix_count && (plan->prefixes[seen].value != prefix.value ||
                                         plan->prefixes[seen].fold != prefix.fold)) {
      seen++;
    }
    if (seen == plan->prefix_count) {
      plan->prefixes[plan->prefix_count++] = prefix;
    }
  }
}
