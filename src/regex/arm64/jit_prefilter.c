/* jit_prefilter: the generated probe scan. Unaligned loads test 64, then
 * 16, candidates at once while all their probe bytes lie before end, then
 * one 16-byte load ending exactly at the last probe byte, or a byte loop
 * when fewer than 16 candidates exist. Compare masks are narrowed by SHRN
 * to 4 bits a byte, so the first hit is at (trailing zeros) / 4. Lookup
 * tables follow the code (after its last RET), loaded by ADR and LD1 on
 * entry, as do the needles and masks where LD1s take fewer instructions
 * than a MOVI each; lookups run where probes do, with TBL instead of compares. With
 * prefixes, a block's candidates are walked (one bit each, lowest first)
 * and each compares its first word, read only when it lies before end,
 * with the prefixes, which follow the code too: the scan returns a
 * candidate only once confirmed, and goes on where it stopped otherwise
 * (returning every candidate to C cost it ~140 instructions and a
 * restart). */
#include "jit_prefilter.h"

#include <stdbool.h>

#define BLOCK_BYTES 16u
#define STEP_BLOCKS 4u /* blocks per step of the main loop, one LD1 per probe */

static const a64_reg CANDIDATE = A64_X(0); /* the argument from, then the scan position */
static const a64_reg END = A64_X(1);
static const a64_reg LIMIT = A64_X(2); /* candidates lie before it: END - largest offset */
static const a64_reg MASK = A64_X(3);
static const a64_reg SKIP = A64_X(4);
static const a64_reg STAY = A64_X(4); /* a step's end: 0 when the loop goes on */
static const a64_reg REMAINING = A64_X(5);
static const a64_reg ADDRESS = A64_X(6);
static const a64_reg ORIGIN = A64_X(7); /* the argument from */
static const a64_reg BYTE = A64_W(8);
static const a64_reg FOLDED_BYTE = A64_W(9);
static const a64_reg BLOCK = A64_X(10);
static const a64_reg MASK_BYTE = A64_W(10); /* the byte loop's mask, no BLOCK there */
static const a64_reg POINTER_LIMIT = A64_X(11); /* LIMIT as probe 0's address */
#define POINTER(probe) A64_X(12 + (probe)) /* probe's address in the main loop */
/* The last POINTER(0) of a step: POINTER_LIMIT - a step's bytes and step_slack. */
static const a64_reg LAST_STEP = A64_X(12 + JIT_PREFILTER_MAX_PROBES);
static const a64_reg TABLES = A64_X(15); /* the lookup tables, one after another */
/* The confirming walk: the prefixes as words, the candidate's first word
 * (in BYTE's register), a prefix's fold (in FOLDED_BYTE's); ADDRESS is
 * the candidate. */
static const a64_reg PREFIXES = A64_X(16);
static const a64_reg WALK_SCRATCH = A64_X(17);
static const a64_reg PREFIX_WORD = A64_W(17);
static const a64_reg CANDIDATE_WORD = A64_W(8);
static const a64_reg PREFIX_FOLD = A64_W(9);
/* One bit of the 4 SHRN leaves a passing probe candidate. */
#define CANDIDATE_BITS 0x8888888888888888u
/* The lookups' byte loop: the buckets in MASK, an entry in FOLDED_BYTE's
 * register. */
static const a64_reg BUCKETS = A64_W(3);
static const a64_reg ENTRY = A64_W(9);
_Static_assert(JIT_PREFILTER_MAX_LOOKUPS <= JIT_PREFILTER_MAX_PROBES,
               "a lookup's pointer is a probe's");

/* Vector register numbers; a step's blocks use n to n + STEP_BLOCKS - 1.
 * v0-v7 and v16-v31 are caller-saved in full, v8-v15 are not used. */
#define DATA 0u
#define PROBE_HITS 4u
#define FIRST_NEEDLE 16u /* one register per compare, probe after probe */
#define HITS 24u
#define HIT 28u
#define NARROW 29u
#define FIRST_MASK 30u /* the plan's masks, in plan_masks' order */
/* Lookups: lookup k's table in TABLE(k).., its base in every lane of
 * BASE(k) (no probe then uses a needle or a mask), indexes in HIT. */
#define TABLE(k) (FIRST_NEEDLE + 4u * (unsigned)(k))
#define BASE(k) (FIRST_MASK + (unsigned)(k))
_Static_assert(FIRST_MASK + JIT_PREFILTER_MAX_MASKS <= 32u, "a mask register each");
#define TABLE_REGISTERS(size) ((size) / BLOCK_BYTES)

/* The distinct masks of the plan's probes into masks, in the order they
 * first occur (up to JIT_PREFILTER_MAX_COMPARES of them); returns their
 * count. */
static size_t plan_masks(const jit_prefilter_plan *plan, uint8_t *masks) {
  size_t count = 0;
  for (size_t k = 0; k < plan->probe_count; k++) {
    const jit_prefilter_probe *probe = &plan->probes[k];
    for (size_t i = 0; i < probe->count; i++) {
      size_t seen = 0;
      while (seen < count && masks[seen] != probe->masks[i]) {
        seen++;
      }
      if (probe->masks[i] != 0 && seen == count) {
        masks[count++] = probe->masks[i];
      }
    }
  }
  return count;
}

/* The register holding mask in every lane. */
static a64_reg mask_register(const jit_prefilter_plan *plan, uint8_t mask) {
  uint8_t masks[JIT_PREFILTER_MAX_COMPARES];
  size_t count = plan_masks(plan, masks);
  size_t j = 0;
  while (j + 1 < count && masks[j] != mask) {
    j++;
  }
  return A64_V(FIRST_MASK + (unsigned)j);
}

/* How many of probe's compares have mask. */
static size_t compares_with(const jit_prefilter_probe *probe, uint8_t mask) {
  size_t count = 0;
  for (size_t i = 0; i < probe->count; i++) {
    count += probe->masks[i] == mask;
  }
  return count;
}

/* The register holding compare i of probe k. */
static unsigned needle(const jit_prefilter_plan *plan, size_t k, size_t i) {
  unsigned number = FIRST_NEEDLE;
  for (size_t before = 0; before < k; before++) {
    number += plan->probes[before].count;
  }
  return number + (unsigned)i;
}

static bool lookups_valid(const jit_prefilter_plan *plan) {
  if (plan->probe_count != 0 || plan->lookup_count > JIT_PREFILTER_MAX_LOOKUPS) {
    return false;
  }
  for (size_t k = 0; k < plan->lookup_count; k++) {
    const jit_prefilter_lookup *lookup = &plan->lookups[k];
    unsigned size = lookup->size;
    if ((size != 16 && size != 32 && size != 64) || lookup->base % size != 0) {
      return false;
    }
    for (unsigned entry = 0; entry < JIT_PREFILTER_MAX_TABLE; entry++) {
      if (lookup->buckets[entry] >> 4 != (lookup->buckets[entry] & 15u)) {
        return false;
      }
    }
  }
  return true;
}

static bool plan_valid(const jit_prefilter_plan *plan) {
  if ((plan->staged && (plan->lookup_count > 0 || plan->probe_count != 2)) ||
      (plan->prefix_count > 0 && plan->lookup_count > 0)) {
    return false;
  }
  if (plan->lookup_count > 0) {
    return lookups_valid(plan);
  }
  if (plan->probe_count < 1 || plan->probe_count > JIT_PREFILTER_MAX_PROBES) {
    return false;
  }
  size_t compares = 0;
  for (size_t k = 0; k < plan->probe_count; k++) {
    const jit_prefilter_probe *probe = &plan->probes[k];
    compares += probe->count;
    if (probe->count < 1 || compares > JIT_PREFILTER_MAX_COMPARES) {
      return false;
    }
    for (size_t i = 0; i < probe->count; i++) {
      if ((probe->values[i] & probe->masks[i]) != probe->masks[i]) {
        return false;
      }
    }
  }
  uint8_t masks[JIT_PREFILTER_MAX_COMPARES];
  return plan_masks(plan, masks) <= JIT_PREFILTER_MAX_MASKS &&
         plan->prefix_count <= JIT_PREFILTER_MAX_PREFIXES;
}

/* Probes and lookups alike: how many the plan has, and where each reads. */
static size_t test_count(const jit_prefilter_plan *plan) {
  return plan->lookup_count > 0 ? plan->lookup_count : plan->probe_count;
}

static unsigned test_offset(const jit_prefilter_plan *plan, size_t k) {
  return plan->lookup_count > 0 ? plan->lookups[k].offset : plan->probes[k].offset;
}

static unsigned largest_offset(const jit_prefilter_plan *plan) {
  unsigned largest = 0;
  for (size_t k = 0; k < test_count(plan); k++) {
    largest = test_offset(plan, k) > largest ? test_offset(plan, k) : largest;
  }
  return largest;
}

/* hits.. = lanes of DATA.. equal to the compares of probe k with mask
 * (the data OR'ed with it already); the first compare sets hits, later
 * ones add to them. */
static void emit_compares(a64_buffer *buffer, const jit_prefilter_plan *plan, size_t k,
                          uint8_t mask, unsigned hits, unsigned blocks, bool *first) {
  const jit_prefilter_probe *probe = &plan->probes[k];
  for (size_t i = 0; i < probe->count; i++) {
    if (probe->masks[i] != mask) {
      continue;
    }
    for (unsigned b = 0; b < blocks; b++) {
      a64_reg data = A64_V(DATA + b);
      if (*first) {
        a64_cmeq(buffer, A64_16B, A64_V(hits + b), data, A64_V(needle(plan, k, i)));
      } else {
        a64_cmeq(buffer, A64_16B, A64_V(HIT), data, A64_V(needle(plan, k, i)));
        a64_orr_vector(buffer, A64_16B, A64_V(hits + b), A64_V(hits + b), A64_V(HIT));
      }
    }
    *first = false;
  }
}

/* hits.. = lanes of DATA.. equal to probe k's compare i once OR'ed with
 * its mask, added to them unless first; DATA.. is left as it was. */
static void emit_masked_compare(a64_buffer *buffer, const jit_prefilter_plan *plan, size_t k,
                                size_t i, unsigned hits, unsigned blocks, bool *first) {
  a64_reg mask = mask_register(plan, plan->probes[k].masks[i]);
  for (unsigned b = 0; b < blocks; b++) {
    a64_reg result = *first ? A64_V(hits + b) : A64_V(HIT);
    a64_orr_vector(buffer, A64_16B, result, A64_V(DATA + b), mask);
    a64_cmeq(buffer, A64_16B, result, result, A64_V(needle(plan, k, i)));
    if (!*first) {
      a64_orr_vector(buffer, A64_16B, A64_V(hits + b), A64_V(hits + b), A64_V(HIT));
    }
  }
  *first = false;
}

/* hits.. = lanes of DATA.. that pass probe k. Exact compares come first;
 * then the masked ones, each OR'ing a copy of the data, except those of
 * the mask most compares share, which come last and OR the data in
 * place (one instruction a block for all of them). */
static void emit_probe_hits(a64_buffer *buffer, const jit_prefilter_plan *plan, size_t k,
                            unsigned hits, unsigned blocks) {
  const jit_prefilter_probe *probe = &plan->probes[k];
  bool first = true;
  emit_compares(buffer, plan, k, 0, hits, blocks, &first);
  uint8_t last = 0;
  for (size_t i = 0; i < probe->count; i++) {
    if (probe->masks[i] != 0 &&
        (last == 0 || compares_with(probe, probe->masks[i]) > compares_with(probe, last))) {
      last = probe->masks[i];
    }
  }
  for (size_t i = 0; i < probe->count; i++) {
    if (probe->masks[i] != 0 && probe->masks[i] != last) {
      emit_masked_compare(buffer, plan, k, i, hits, blocks, &first);
    }
  }
  if (last != 0) {
    for (unsigned b = 0; b < blocks; b++) {
      a64_orr_vector(buffer, A64_16B, A64_V(DATA + b), A64_V(DATA + b),
                     mask_register(plan, last));
    }
    emit_compares(buffer, plan, k, last, hits, blocks, &first);
  }
}

/* hits.. = the buckets lookup k allows for the bytes in DATA... */
static void emit_lookup_hits(a64_buffer *buffer, const jit_prefilter_plan *plan, size_t k,
                             unsigned hits, unsigned blocks) {
  for (unsigned b = 0; b < blocks; b++) {
    a64_eor_vector(buffer, A64_16B, A64_V(HIT), A64_V(DATA + b), A64_V(BASE(k)));
    a64_tbl(buffer, A64_16B, A64_V(hits + b), A64_V(TABLE(k)),
            TABLE_REGISTERS(plan->lookups[k].size), A64_V(HIT));
  }
}

/* DATA.. = the blocks of test k, read at offset: a step's, loaded from
 * its pointer, which moves on; or one, the 16 bytes at base + offset. */
static void emit_load(a64_buffer *buffer, unsigned offset, size_t k, unsigned blocks,
                      a64_reg base) {
  if (blocks == STEP_BLOCKS) {
    a64_ld1_post(buffer, A64_16B, A64_V(DATA), STEP_BLOCKS, POINTER(k));
    return;
  }
  a64_reg address = base;
  if (offset > 0) {
    a64_add_imm(buffer, ADDRESS, base, offset);
    address = ADDRESS;
  }
  a64_ld1(buffer, A64_16B, A64_V(DATA), 1, address);
}

/* HITS.. = what passes test k and the tests before it, of the blocks
 * loaded in DATA... */
static void emit_test_hits(a64_buffer *buffer, const jit_prefilter_plan *plan, size_t k,
                           unsigned blocks) {
  unsigned hits = k == 0 ? HITS : PROBE_HITS;
  if (plan->lookup_count > 0) {
    emit_lookup_hits(buffer, plan, k, hits, blocks);
  } else {
    emit_probe_hits(buffer, plan, k, hits, blocks);
  }
  for (unsigned b = 0; b < blocks && k > 0; b++) {
    a64_and_vector(buffer, A64_16B, A64_V(HITS + b), A64_V(HITS + b), A64_V(PROBE_HITS + b));
  }
}

/* HITS.. = candidates passing every probe, or the buckets every lookup
 * allows (not 0 where a candidate passes). */
static void emit_block_hits(a64_buffer *buffer, const jit_prefilter_plan *plan, unsigned blocks,
                            a64_reg base) {
  for (size_t k = 0; k < test_count(plan); k++) {
    emit_load(buffer, test_offset(plan, k), k, blocks, base);
    emit_test_hits(buffer, plan, k, blocks);
  }
}

/* MASK = 4 bits per candidate of hits, a 16-candidate block. */
static void emit_narrow(a64_buffer *buffer, unsigned hits) {
  a64_shrn(buffer, A64_8B, A64_V(NARROW), A64_V(hits), 4);
  a64_fmov_to_general(buffer, MASK, A64_V(NARROW));
}

/* MASK = 4 bits per candidate of the 16 starting at base, set where every
 * probe passes. */
static void emit_block_mask(a64_buffer *buffer, const jit_prefilter_plan *plan, a64_reg base) {
  emit_block_hits(buffer, plan, 1, base);
  emit_narrow(buffer, HITS);
}

/* Falls through if the candidate's lookups share a bucket, else goes to
 * miss. */
static void emit_scalar_lookups(a64_buffer *buffer, const jit_prefilter_plan *plan,
                                a64_label miss) {
  for (size_t k = 0; k < plan->lookup_count; k++) {
    const jit_prefilter_lookup *lookup = &plan->lookups[k];
    a64_ldrb_imm(buffer, BYTE, CANDIDATE, lookup->offset);
    a64_sub_imm(buffer, BYTE, BYTE, lookup->base);
    a64_cmp_imm(buffer, BYTE, lookup->size);
    a64_b_cond(buffer, A64_HS, miss);
    a64_reg table = TABLES;
    if (k > 0) {
      a64_add_imm(buffer, ADDRESS, TABLES, k * JIT_PREFILTER_MAX_TABLE);
      table = ADDRESS;
    }
    a64_ldrb_reg(buffer, k == 0 ? BUCKETS : ENTRY, table, BYTE, A64_UXTW, false);
    if (k > 0) {
      a64_and_reg(buffer, BUCKETS, BUCKETS, ENTRY);
    }
  }
  a64_cbz(buffer, MASK, miss);
}

/* FOLDED_BYTE = BYTE | mask: an immediate ORR where mask is a bitmask
 * immediate (a run of ones, as one bit is), else through a register. */
static void emit_scalar_mask(a64_buffer *buffer, uint8_t mask) {
  uint32_t encoding;
  if (a64_logical_immediate_encode(mask, 32, &encoding)) {
    a64_orr_imm(buffer, FOLDED_BYTE, BYTE, mask);
  } else {
    a64_mov_imm(buffer, MASK_BYTE, mask);
    a64_orr_reg(buffer, FOLDED_BYTE, BYTE, MASK_BYTE);
  }
}

/* Falls through if the candidate passes every probe, else goes to miss. */
static void emit_scalar_probes(a64_buffer *buffer, const jit_prefilter_plan *plan,
                               a64_label miss) {
  if (plan->lookup_count > 0) {
    emit_scalar_lookups(buffer, plan, miss);
    return;
  }
  for (size_t k = 0; k < plan->probe_count; k++) {
    const jit_prefilter_probe *probe = &plan->probes[k];
    a64_label passed = a64_label_new(buffer);
    a64_ldrb_imm(buffer, BYTE, CANDIDATE, probe->offset);
    for (size_t i = 0; i < probe->count; i++) {
      if (probe->masks[i] != 0) {
        emit_scalar_mask(buffer, probe->masks[i]);
      }
      a64_cmp_imm(buffer, probe->masks[i] != 0 ? FOLDED_BYTE : BYTE, probe->values[i]);
      a64_b_cond(buffer, A64_EQ, passed);
    }
    a64_b(buffer, miss);
    a64_label_bind(buffer, passed);
  }
}

/* TABLES = the lookup tables at pool, each in its TABLE registers, and
 * each base in its BASE register. */
static void emit_tables(a64_buffer *buffer, const jit_prefilter_plan *plan, a64_label pool) {
  a64_adr(buffer, TABLES, pool);
  for (size_t k = 0; k < plan->lookup_count; k++) {
    const jit_prefilter_lookup *lookup = &plan->lookups[k];
    a64_reg table = TABLES;
    if (k > 0) {
      a64_add_imm(buffer, ADDRESS, TABLES, k * JIT_PREFILTER_MAX_TABLE);
      table = ADDRESS;
    }
    a64_ld1(buffer, A64_16B, A64_V(TABLE(k)), TABLE_REGISTERS(lookup->size), table);
    a64_movi(buffer, A64_16B, A64_V(BASE(k)), lookup->base);
  }
}

/* The lookup tables, JIT_PREFILTER_MAX_TABLE bytes each, as words. */
static void emit_pool(a64_buffer *buffer, const jit_prefilter_plan *plan, a64_label pool) {
  a64_label_bind(buffer, pool);
  for (size_t k = 0; k < plan->lookup_count; k++) {
    const uint8_t *bytes = plan->lookups[k].buckets;
    for (size_t i = 0; i < JIT_PREFILTER_MAX_TABLE; i += 4) {
      a64_emit(buffer, (uint32_t)bytes[i] | (uint32_t)bytes[i + 1] << 8 |
                           (uint32_t)bytes[i + 2] << 16 | (uint32_t)bytes[i + 3] << 24);
    }
  }
}

/* How many needles (one a compare) and masks the plan's probes have. */
static size_t needle_count(const jit_prefilter_plan *plan) {
  size_t count = 0;
  for (size_t k = 0; k < plan->probe_count; k++) {
    count += plan->probes[k].count;
  }
  return count;
}

static size_t registers_loads(size_t registers) {
  return (registers + 3) / 4;
}

/* Whether the needles and masks come from the vector pool rather than
 * one MOVI each: the LD1s (four registers each) take fewer instructions,
 * counting an ADR unless the prefixes' is shared. A scan runs these once
 * a call, and a call comes once a match: the five names' seven MOVI
 * become two LD1. */
static bool needles_pooled(const jit_prefilter_plan *plan) {
  uint8_t masks[JIT_PREFILTER_MAX_COMPARES];
  size_t needles = needle_count(plan);
  size_t mask_count = plan_masks(plan, masks);
  size_t loads = registers_loads(needles) + registers_loads(mask_count) +
                 (plan->prefix_count > 0 ? 0 : 1);
  return loads < needles + mask_count;
}

/* LD1s of registers vectors into first.. from base, which moves past
 * them. */
static void emit_vector_loads(a64_buffer *buffer, unsigned first, size_t registers,
                              a64_reg base) {
  for (size_t loaded = 0; loaded < registers; loaded += 4) {
    size_t count = registers - loaded < 4 ? registers - loaded : 4;
    a64_ld1_post(buffer, A64_16B, A64_V(first + (unsigned)loaded), (unsigned)count, base);
  }
}

/* The needles and masks into their registers, and PREFIXES at the
 * prefixes when the plan has them: pooled, from the vector pool, which
 * lies just before the prefixes' pool. */
static void emit_needles(a64_buffer *buffer, const jit_prefilter_plan *plan, a64_label pool,
                         a64_label prefix_pool) {
  uint8_t masks[JIT_PREFILTER_MAX_COMPARES];
  size_t count = plan_masks(plan, masks);
  if (needles_pooled(plan)) {
    a64_reg base = plan->prefix_count > 0 ? PREFIXES : ADDRESS;
    a64_adr(buffer, base, pool);
    emit_vector_loads(buffer, FIRST_NEEDLE, needle_count(plan), base);
    emit_vector_loads(buffer, FIRST_MASK, count, base);
    return;
  }
  for (size_t k = 0; k < plan->probe_count; k++) {
    const jit_prefilter_probe *probe = &plan->probes[k];
    for (size_t i = 0; i < probe->count; i++) {
      a64_movi(buffer, A64_16B, A64_V(needle(plan, k, i)), probe->values[i]);
    }
  }
  for (size_t j = 0; j < count; j++) {
    a64_movi(buffer, A64_16B, A64_V(FIRST_MASK + (unsigned)j), masks[j]);
  }
  if (plan->prefix_count > 0) {
    a64_adr(buffer, PREFIXES, prefix_pool);
  }
}

/* A vector of byte in every lane, as words. */
static void emit_vector(a64_buffer *buffer, uint8_t byte) {
  for (size_t word = 0; word < BLOCK_BYTES / 4; word++) {
    a64_emit(buffer, byte * 0x01010101u);
  }
}

/* The vector pool of a pooled plan (emit_needles): the needles in
 * register order, then the masks. */
static void emit_vector_pool(a64_buffer *buffer, const jit_prefilter_plan *plan,
                             a64_label pool) {
  a64_label_bind(buffer, pool);
  if (!needles_pooled(plan)) {
    return;
  }
  for (size_t k = 0; k < plan->probe_count; k++) {
    for (size_t i = 0; i < plan->probes[k].count; i++) {
      emit_vector(buffer, plan->probes[k].values[i]);
    }
  }
  uint8_t masks[JIT_PREFILTER_MAX_COMPARES];
  size_t count = plan_masks(plan, masks);
  for (size_t j = 0; j < count; j++) {
    emit_vector(buffer, masks[j]);
  }
}

/* To confirmed if a prefix starts at ADDRESS or (unless its first word
 * is known to lie before END) too few bytes lie before END to read it;
 * else falls through. */
static void emit_confirm(a64_buffer *buffer, const jit_prefilter_plan *plan, bool word_fits,
                         a64_label confirmed) {
  if (!word_fits) {
    a64_sub_reg(buffer, WALK_SCRATCH, END, ADDRESS);
    a64_cmp_imm(buffer, WALK_SCRATCH, JIT_PREFILTER_PREFIX_BYTES);
    a64_b_cond(buffer, A64_LO, confirmed);
  }
  a64_ldr_imm(buffer, CANDIDATE_WORD, ADDRESS, 0);
  for (size_t i = 0; i < plan->prefix_count; i++) {
    size_t offset = i * sizeof(jit_prefilter_prefix);
    if (plan->prefixes[i].fold != 0) {
      a64_ldp_offset(buffer, PREFIX_WORD, PREFIX_FOLD, PREFIXES, (int64_t)offset);
      a64_orr_reg(buffer, PREFIX_FOLD, CANDIDATE_WORD, PREFIX_FOLD);
      a64_cmp_reg(buffer, PREFIX_FOLD, PREFIX_WORD);
    } else {
      a64_ldr_imm(buffer, PREFIX_WORD, PREFIXES, offset);
      a64_cmp_reg(buffer, CANDIDATE_WORD, PREFIX_WORD);
    }
    a64_b_cond(buffer, A64_EQ, confirmed);
  }
}

/* The candidates in MASK (4 bits each) of the 16 starting at base: to
 * found with the first (no prefixes), or to confirmed with the first a
 * prefix confirms (word_fits: each candidate's first word lies before
 * END); else falls through, MASK and ADDRESS clobbered. */
static void emit_candidates(a64_buffer *buffer, const jit_prefilter_plan *plan, a64_reg base,
                            bool word_fits, a64_label found, a64_label confirmed) {
  if (plan->prefix_count == 0) {
    a64_cbnz(buffer, MASK, found);
    return;
  }
  a64_label next = a64_label_new(buffer);
  a64_label none = a64_label_new(buffer);
  a64_cbz(buffer, MASK, none);
  a64_and_imm(buffer, MASK, MASK, CANDIDATE_BITS);
  a64_label_bind(buffer, next);
  a64_rbit(buffer, WALK_SCRATCH, MASK);
  a64_clz(buffer, WALK_SCRATCH, WALK_SCRATCH);
  a64_add_shifted(buffer, ADDRESS, base, WALK_SCRATCH, A64_LSR, 2);
  emit_confirm(buffer, plan, word_fits, confirmed);
  a64_sub_imm(buffer, WALK_SCRATCH, MASK, 1);
  a64_ands_reg(buffer, MASK, MASK, WALK_SCRATCH);
  a64_b_cond(buffer, A64_NE, next);
  a64_label_bind(buffer, none);
}

/* The prefixes, as (value, fold) words. */
static void emit_prefix_pool(a64_buffer *buffer, const jit_prefilter_plan *plan,
                             a64_label pool) {
  a64_label_bind(buffer, pool);
  for (size_t i = 0; i < plan->prefix_count; i++) {
    a64_emit(buffer, plan->prefixes[i].value);
    a64_emit(buffer, plan->prefixes[i].fold);
  }
}

/* difference = high - low, then to target if it compares to bound as
 * condition says (unsigned). */
static void emit_distance_branch(a64_buffer *buffer, a64_reg difference, a64_reg high,
                                 a64_reg low, unsigned bound, a64_condition condition,
                                 a64_label target) {
  a64_sub_reg(buffer, difference, high, low);
  a64_cmp_imm(buffer, difference, bound);
  a64_b_cond(buffer, condition, target);
}

/* To hit if any of a step's HITS.. is set, else to step while another
 * step fits, else to done. One conditional branch per step, because each
 * ends a qemu translation block: with a branch for hits and another for
 * the loop, every step ran two blocks. The hits are tested as the sum of
 * the two halves of their OR, which is 0 only when both are (a half is
 * 0x00 or 0xff in each byte, so its negation, whose lowest nonzero byte
 * is 0x01, is no other half): SHRN, which the exits' per-block masks
 * need, is about 50 host instructions under qemu (a load, shift and
 * insert per lane), ADDP of two lanes about a dozen. */
static void emit_step_end(a64_buffer *buffer, a64_label hit, a64_label step, a64_label done) {
  a64_orr_vector(buffer, A64_16B, A64_V(NARROW), A64_V(HITS), A64_V(HITS + 1));
  for (unsigned b = 2; b < STEP_BLOCKS; b++) {
    a64_orr_vector(buffer, A64_16B, A64_V(NARROW), A64_V(NARROW), A64_V(HITS + b));
  }
  a64_addp(buffer, A64_2D, A64_V(NARROW), A64_V(NARROW), A64_V(NARROW));
  a64_fmov_to_general(buffer, MASK, A64_V(NARROW));
  /* STAY = MASK while another step fits, else 1: 0 only to go on. */
  a64_cmp_reg(buffer, POINTER(0), LAST_STEP);
  a64_csinc(buffer, STAY, MASK, A64_XZR, A64_LS);
  a64_cbz(buffer, STAY, step);
  a64_cbnz(buffer, MASK, hit);
  a64_b(buffer, done);
}

/* HITS.. = a step's candidates passing both probes of a staged plan,
 * probe 0's already in HITS..: the second probe's blocks are loaded from
 * POINTER(0), which has moved past the step. */
static void emit_second_stage(a64_buffer *buffer, const jit_prefilter_plan *plan) {
  unsigned behind = STEP_BLOCKS * BLOCK_BYTES + plan->probes[0].offset;
  unsigned second = plan->probes[1].offset;
  if (behind >= second) {
    a64_sub_imm(buffer, ADDRESS, POINTER(0), behind - second);
  } else {
    a64_add_imm(buffer, ADDRESS, POINTER(0), second - behind);
  }
  a64_ld1(buffer, A64_16B, A64_V(DATA), STEP_BLOCKS, ADDRESS);
  emit_test_hits(buffer, plan, 1, STEP_BLOCKS);
}

/* Bytes the main loop leaves to the blocks after it, so that each
 * step's candidates (all before LIMIT less these) have their first word
 * before END: the step's confirming walk then reads it untested, three
 * instructions a candidate less (1530 candidates of five names a pass
 * over Sherlock). */
static unsigned step_slack(const jit_prefilter_plan *plan) {
  unsigned largest = largest_offset(plan);
  return plan->prefix_count > 0 && largest + 1 < JIT_PREFILTER_PREFIX_BYTES
             ? JIT_PREFILTER_PREFIX_BYTES - 1 - largest
             : 0;
}

/* The main loop: STEP_BLOCKS blocks a step, each probe's pointer moving
 * with them (a staged plan's second probe reads behind the first's);
 * ends with CANDIDATE at the first untested candidate, or goes to found
 * with CANDIDATE at the start of the block whose MASK is set (to
 * confirmed with ADDRESS at a confirmed candidate, with prefixes). The
 * loop is tested at its bottom (a compare of POINTER(0) with LAST_STEP
 * and a branch back), after a test at its entry. */
static void emit_steps(a64_buffer *buffer, const jit_prefilter_plan *plan, a64_label found,
                       a64_label confirmed) {
  unsigned first_offset = test_offset(plan, 0);
  a64_label step = a64_label_new(buffer);
  a64_label step_hit = a64_label_new(buffer);
  a64_label done = a64_label_new(buffer);
  size_t pointers = plan->staged ? 1 : test_count(plan);
  for (size_t k = 0; k < pointers; k++) {
    a64_add_imm(buffer, POINTER(k), CANDIDATE, test_offset(plan, k));
  }
  a64_add_imm(buffer, POINTER_LIMIT, LIMIT, first_offset);
  unsigned reach = STEP_BLOCKS * BLOCK_BYTES + step_slack(plan);
  emit_distance_branch(buffer, REMAINING, POINTER_LIMIT, POINTER(0), reach, A64_LO, done);
  a64_sub_imm(buffer, LAST_STEP, POINTER_LIMIT, reach);
  a64_label_bind(buffer, step);
  if (plan->staged) {
    a64_label first_hit = a64_label_new(buffer);
    emit_load(buffer, first_offset, 0, STEP_BLOCKS, CANDIDATE);
    emit_test_hits(buffer, plan, 0, STEP_BLOCKS);
    emit_step_end(buffer, first_hit, step, done);
    a64_label_bind(buffer, first_hit);
    emit_second_stage(buffer, plan);
  } else {
    emit_block_hits(buffer, plan, STEP_BLOCKS, CANDIDATE);
  }
  emit_step_end(buffer, step_hit, step, done);

  a64_label_bind(buffer, step_hit);
  a64_sub_imm(buffer, CANDIDATE, POINTER(0), STEP_BLOCKS * BLOCK_BYTES + first_offset);
  for (unsigned b = 0; b + 1 < STEP_BLOCKS; b++) {
    emit_narrow(buffer, HITS + b);
    emit_candidates(buffer, plan, CANDIDATE, true, found, confirmed);
    a64_add_imm(buffer, CANDIDATE, CANDIDATE, BLOCK_BYTES);
  }
  emit_narrow(buffer, HITS + STEP_BLOCKS - 1);
  if (plan->prefix_count == 0) {
    a64_b(buffer, found);
  } else {
    emit_candidates(buffer, plan, CANDIDATE, true, found, confirmed);
    a64_cmp_reg(buffer, POINTER(0), LAST_STEP);
    a64_b_cond(buffer, A64_LS, step);
    a64_b(buffer, done);
  }

  a64_label_bind(buffer, done);
  a64_sub_imm(buffer, CANDIDATE, POINTER(0), first_offset);
}

void jit_prefilter_emit(a64_buffer *buffer, const jit_prefilter_plan *plan) {
  if (!a64_require(buffer, plan_valid(plan))) {
    return;
  }
  unsigned offset = largest_offset(plan);
  a64_label blocks = a64_label_new(buffer);
  a64_label tail = a64_label_new(buffer);
  a64_label bytes = a64_label_new(buffer);
  a64_label next_byte = a64_label_new(buffer);
  a64_label found = a64_label_new(buffer);
  a64_label none = a64_label_new(buffer);
  a64_label pool = a64_label_new(buffer);
  a64_label confirmed = a64_label_new(buffer);
  a64_label prefix_pool = a64_label_new(buffer);
  a64_label vector_pool = a64_label_new(buffer);

  /* A candidate needs all its probe bytes before END. */
  a64_cmp_reg(buffer, CANDIDATE, END);
  a64_b_cond(buffer, A64_HS, none);
  emit_distance_branch(buffer, REMAINING, END, CANDIDATE, offset, A64_LS, none);
  a64_sub_imm(buffer, LIMIT, END, offset);
  a64_mov_reg(buffer, ORIGIN, CANDIDATE);
  emit_needles(buffer, plan, vector_pool, prefix_pool);
  if (plan->lookup_count > 0) {
    emit_tables(buffer, plan, pool);
  }
  emit_steps(buffer, plan, found, confirmed);

  a64_label_bind(buffer, blocks);
  emit_distance_branch(buffer, REMAINING, LIMIT, CANDIDATE, BLOCK_BYTES, A64_LO, tail);
  emit_block_mask(buffer, plan, CANDIDATE);
  emit_candidates(buffer, plan, CANDIDATE, false, found, confirmed);
  a64_add_imm(buffer, CANDIDATE, CANDIDATE, BLOCK_BYTES);
  a64_b(buffer, blocks);

  /* Fewer than 16 candidates left: the last 16 of the range, which may
   * overlap ones already tested, unless the range is shorter than that. */
  a64_label_bind(buffer, tail);
  a64_cbz(buffer, REMAINING, none);
  emit_distance_branch(buffer, SKIP, LIMIT, ORIGIN, BLOCK_BYTES, A64_LO, bytes);
  a64_sub_imm(buffer, BLOCK, LIMIT, BLOCK_BYTES);
  emit_block_mask(buffer, plan, BLOCK);
  /* Candidates before CANDIDATE were tested already. */
  a64_sub_reg(buffer, SKIP, CANDIDATE, BLOCK);
  a64_lsl_imm(buffer, SKIP, SKIP, 2);
  a64_lsr_reg(buffer, MASK, MASK, SKIP);
  a64_lsl_reg(buffer, MASK, MASK, SKIP);
  a64_cbz(buffer, MASK, none);
  a64_mov_reg(buffer, CANDIDATE, BLOCK);
  if (plan->prefix_count > 0) {
    emit_candidates(buffer, plan, CANDIDATE, false, found, confirmed);
    a64_b(buffer, none);
  } else {
    a64_label_bind(buffer, found);
    a64_rbit(buffer, MASK, MASK);
    a64_clz(buffer, MASK, MASK);
    a64_add_shifted(buffer, CANDIDATE, CANDIDATE, MASK, A64_LSR, 2);
    a64_ret(buffer);
  }

  a64_label_bind(buffer, bytes);
  emit_scalar_probes(buffer, plan, next_byte);
  if (plan->prefix_count > 0) {
    a64_mov_reg(buffer, ADDRESS, CANDIDATE);
    emit_confirm(buffer, plan, false, confirmed);
    a64_b(buffer, next_byte);
    a64_label_bind(buffer, confirmed);
    a64_mov_reg(buffer, A64_X(0), ADDRESS);
  }
  a64_ret(buffer);
  a64_label_bind(buffer, next_byte);
  a64_add_imm(buffer, CANDIDATE, CANDIDATE, 1);
  a64_cmp_reg(buffer, CANDIDATE, LIMIT);
  a64_b_cond(buffer, A64_LO, bytes);

  a64_label_bind(buffer, none);
  a64_mov_reg(buffer, A64_X(0), END);
  a64_ret(buffer);
  emit_pool(buffer, plan, pool);
  emit_vector_pool(buffer, plan, vector_pool);
  emit_prefix_pool(buffer, plan, prefix_pool);
}
