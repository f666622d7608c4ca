/* test_jit_prefilter: the generated probe scan against a C scan, for
 * random plans (one or two probes, exact compares and compares masked by
 * the case bit or bit 0 and by one to three random bits, probe
 * offsets up to 15, some confirming their candidates by up to eight
 * prefixes, exact or folded; or one or two lookups of every table size), random
 * ranges, and ranges lying flush against PROT_NONE pages on either side,
 * so that any read outside faults; literal plans, staged and not, from
 * every start offset of a step; the single-literal search on a scan
 * generated for the literal's rare bytes (substring_find_generated), and
 * the search of a few literals on the scan of their lookups, and on a
 * probe scan of their first bytes confirming by their prefixes
 * (literal_searcher_find_set), against plain loops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "jitmem.h"
#include "regex/arm64/a64.h"
#include "regex/arm64/jit_prefilter.h"
#include "regex/arm64/jit_prefilter_plan.h"
#include "regex/memory.h"
#include "regex/search/literal_searcher.h"
#include "regex/search/literal_set.h"
#include "regex/search/substring.h"
#include "test_random.h"

#define MAX_LENGTH 200
#define ROUNDS 2000
#define GUARDED_MAX_LENGTH 64
#define GUARDED_LONG_LENGTH 160
#define FILLER 'x' /* no plan below accepts it */

typedef struct prefilter {
  jitmem_block *block;
  jit_prefilter_function find;
  jit_prefilter_plan plan;
} prefilter;

static prefilter prefilter_create(const jit_prefilter_plan *plan) {
  prefilter result = {NULL, NULL, *plan};
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  jit_prefilter_emit(&buffer, plan);
  assert_int_equal(a64_buffer_finish(&buffer), 0);
  size_t words = 0;
  const uint32_t *code = a64_buffer_words(&buffer, &words);
  void *entry = NULL;
  assert_int_equal(jitmem_install(NULL, code, words * sizeof *code, &result.block, &entry),
                   JITMEM_OK);
  memcpy(&result.find, &entry, sizeof result.find);
  a64_buffer_release(&buffer);
  return result;
}

static int probe_passes(const jit_prefilter_probe *probe, uint8_t byte) {
  for (size_t i = 0; i < probe->count; i++) {
    uint8_t compared = (uint8_t)(byte | probe->masks[i]);
    if (compared == probe->values[i]) {
      return 1;
    }
  }
  return 0;
}

/* The buckets lookup allows for byte. */
static unsigned lookup_buckets(const jit_prefilter_lookup *lookup, uint8_t byte) {
  unsigned index = (unsigned)byte - lookup->base;
  return index < lookup->size ? lookup->buckets[index] : 0;
}

/* Whether one of plan's prefixes starts at from, or too few bytes lie
 * before end for the scan to read a word (it then returns the candidate
 * as the probes pass it). */
static int prefix_passes(const jit_prefilter_plan *plan, const uint8_t *from, const uint8_t *end) {
  if (plan->prefix_count == 0 || (size_t)(end - from) < JIT_PREFILTER_PREFIX_BYTES) {
    return 1;
  }
  uint32_t word = 0;
  for (unsigned b = 0; b < JIT_PREFILTER_PREFIX_BYTES; b++) {
    word |= (uint32_t)from[b] << (8 * b);
  }
  for (size_t i = 0; i < plan->prefix_count; i++) {
    if ((word | plan->prefixes[i].fold) == plan->prefixes[i].value) {
      return 1;
    }
  }
  return 0;
}

static const uint8_t *reference_find(const jit_prefilter_plan *plan, const uint8_t *from,
                                     const uint8_t *end) {
  for (; from < end && plan->lookup_count > 0; from++) {
    unsigned buckets = 0xff;
    for (size_t k = 0; k < plan->lookup_count; k++) {
      const jit_prefilter_lookup *lookup = &plan->lookups[k];
      buckets &= lookup->offset < (size_t)(end - from) ? lookup_buckets(lookup, from[lookup->offset])
                                                      : 0;
    }
    if (buckets != 0) {
      return from;
    }
  }
  for (; from < end; from++) {
    int passes = 1;
    for (size_t k = 0; k < plan->probe_count && passes; k++) {
      const jit_prefilter_probe *probe = &plan->probes[k];
      passes = probe->offset < (size_t)(end - from) && probe_passes(probe, from[probe->offset]);
    }
    if (passes && prefix_passes(plan, from, end)) {
      return from;
    }
  }
  return end;
}

static void check(const prefilter *filter, const uint8_t *from, const uint8_t *end) {
  assert_ptr_equal(filter->find(from, end), reference_find(&filter->plan, from, end));
}

/* Writes at candidate the bytes that pass every probe, as far as they lie
 * before end; variant picks among the compares and the case of a letter. */
static void plant(const jit_prefilter_plan *plan, uint8_t *candidate, const uint8_t *end,
                  size_t variant) {
  /* A bucket that every lookup gives some byte (every lookup plan below
   * has one; bucket 0 in the random ones), picked by variant among them. */
  unsigned shared = 0xffu;
  for (size_t k = 0; k < plan->lookup_count; k++) {
    unsigned any = 0;
    for (size_t entry = 0; entry < plan->lookups[k].size; entry++) {
      any |= plan->lookups[k].buckets[entry];
    }
    shared &= any;
  }
  unsigned bucket = 0;
  if (plan->lookup_count > 0) {
    assert_true(shared != 0);
    for (size_t skip = variant % (size_t)__builtin_popcount(shared); skip > 0; skip--) {
      shared &= shared - 1;
    }
    bucket = shared & -shared;
  }
  for (size_t k = 0; k < plan->lookup_count; k++) {
    const jit_prefilter_lookup *lookup = &plan->lookups[k];
    size_t entry = variant % lookup->size;
    while ((lookup->buckets[entry] & bucket) == 0) {
      entry = (entry + 1) % lookup->size;
    }
    if (lookup->offset < (size_t)(end - candidate)) {
      candidate[lookup->offset] = (uint8_t)(lookup->base + entry);
    }
  }
  /* A prefix (its folded bytes in either case), whose bytes the probes
   * at its offsets then keep. */
  size_t prefixed = 0;
  if (plan->prefix_count > 0) {
    const jit_prefilter_prefix *prefix = &plan->prefixes[variant % plan->prefix_count];
    for (; prefixed < JIT_PREFILTER_PREFIX_BYTES && prefixed < (size_t)(end - candidate);
         prefixed++) {
      uint8_t fold = (uint8_t)(prefix->fold >> (8 * prefixed));
      uint8_t value = (uint8_t)(prefix->value >> (8 * prefixed));
      candidate[prefixed] = variant & 2 ? (uint8_t)(value & ~fold) : value;
    }
  }
  for (size_t k = 0; k < plan->probe_count; k++) {
    const jit_prefilter_probe *probe = &plan->probes[k];
    if (probe->offset >= prefixed && probe->offset < (size_t)(end - candidate)) {
      size_t i = variant % probe->count;
      uint8_t value = probe->values[i];
      /* Some of the mask's bits cleared: any byte the compare passes. */
      uint8_t cleared = (uint8_t)(probe->masks[i] & (variant % 2 ? variant >> 1 : 0));
      candidate[probe->offset] = (uint8_t)(value & ~cleared);
    }
  }
}

/* A mask of one to three random bits, some of them beyond what a
 * logical immediate encodes (0x09, 0x45), for the scalar byte loop. */
static uint8_t random_mask(uint64_t *random) {
  unsigned mask = 0;
  for (uint64_t bits = 1 + test_random_next(random) % 3; bits > 0; bits--) {
    mask |= 1u << test_random_next(random) % 8;
  }
  return (uint8_t)mask;
}

static jit_prefilter_plan random_plan(uint64_t *random) {
  static const uint8_t alphabet[] = {'a', 'b', 'k', 'S', 's', 'W', 0x80, 0xff};
  /* The case bit or bit 0, and a random one (two masks at most in a
   * plan). */
  const uint8_t masks[] = {(uint8_t)(test_random_next(random) % 2 ? 0x20u : 0x01u),
                           random_mask(random)};
  jit_prefilter_plan plan = {.probe_count = 1 + test_random_next(random) % 2};
  for (size_t k = 0; k < plan.probe_count; k++) {
    jit_prefilter_probe *probe = &plan.probes[k];
    probe->offset = (uint8_t)(test_random_next(random) % 16);
    probe->count =
        (uint8_t)(1 + test_random_next(random) % (JIT_PREFILTER_MAX_COMPARES / plan.probe_count));
    for (size_t i = 0; i < probe->count; i++) {
      uint8_t value = alphabet[test_random_next(random) % sizeof alphabet];
      uint8_t mask = test_random_next(random) % 2 ? masks[test_random_next(random) % 2] : 0;
      /* The value has its mask's bits; the filler passes no compare. */
      bool masked = mask != 0 && ((FILLER | mask) & 0xff) != (value | mask);
      probe->values[i] = masked ? (uint8_t)(value | mask) : value;
      probe->masks[i] = masked ? mask : 0;
    }
  }
  plan.staged = plan.probe_count == 2 && test_random_next(random) % 2;
  return plan;
}

/* Up to JIT_PREFILTER_MAX_PREFIXES prefixes for a probe plan: each byte a
 * value of a probe at its offset (so that some pass the probes) or a
 * letter, folded now and then. */
static void add_random_prefixes(jit_prefilter_plan *plan, uint64_t *random) {
  plan->prefix_count = 1 + test_random_next(random) % JIT_PREFILTER_MAX_PREFIXES;
  for (size_t i = 0; i < plan->prefix_count; i++) {
    jit_prefilter_prefix *prefix = &plan->prefixes[i];
    *prefix = (jit_prefilter_prefix){0, 0};
    for (unsigned b = 0; b < JIT_PREFILTER_PREFIX_BYTES; b++) {
      uint8_t value = (uint8_t)('a' + test_random_next(random) % 4);
      for (size_t k = 0; k < plan->probe_count; k++) {
        const jit_prefilter_probe *probe = &plan->probes[k];
        if (probe->offset == b) {
          value = probe->values[test_random_next(random) % probe->count];
        }
      }
      uint8_t fold = (value & 0x20) != 0 && test_random_next(random) % 3 == 0 ? 0x20 : 0;
      prefix->value |= (uint32_t)value << (8 * b);
      prefix->fold |= (uint32_t)fold << (8 * b);
    }
  }
}

/* One or two lookups at offsets up to 15, tables of 16, 32 or 64 bytes
 * over ASCII letters or UTF-8 continuation bytes, each entry holding a
 * random few of the 4 buckets (bucket 0 in some entry of each). */
static jit_prefilter_plan random_lookup_plan(uint64_t *random) {
  static const uint8_t bases[] = {0x40, 0x60, 0x80, 0xb0};
  jit_prefilter_plan plan = {.lookup_count = 1 + test_random_next(random) % 2};
  for (size_t k = 0; k < plan.lookup_count; k++) {
    jit_prefilter_lookup *lookup = &plan.lookups[k];
    lookup->offset = (uint8_t)(test_random_next(random) % 16);
    lookup->size = (uint8_t)(16u << test_random_next(random) % 3);
    lookup->base = (uint8_t)(bases[test_random_next(random) % 4] & ~(lookup->size - 1u));
    for (size_t entry = 0; entry < lookup->size; entry++) {
      unsigned buckets = test_random_next(random) % 3 == 0 ? test_random_next(random) % 16 : 0;
      lookup->buckets[entry] = (uint8_t)(buckets * 0x11u);
    }
    lookup->buckets[test_random_next(random) % lookup->size] |= 0x11u;
  }
  return plan;
}

static void random_ranges_match_c(void **state) {
  (void)state;
  static uint8_t storage[MAX_LENGTH + 64];
  uint64_t random = 0x3c6ef372fe94f82bu;
  for (int plan_round = 0; plan_round < 80; plan_round++) {
    jit_prefilter_plan plan =
        plan_round % 2 == 0 ? random_plan(&random) : random_lookup_plan(&random);
    if (plan_round % 4 == 2) {
      add_random_prefixes(&plan, &random);
    }
    prefilter filter = prefilter_create(&plan);
    for (int round = 0; round < ROUNDS / 20; round++) {
      /* Passing bytes everywhere outside the range, so reading them would
       * show; inside, candidates planted now and then. */
      memset(storage, 0, sizeof storage);
      plant(&plan, storage, storage + sizeof storage, 0);
      memset(storage, storage[plan.lookup_count > 0 ? plan.lookups[0].offset
                                                    : plan.probes[0].offset],
             sizeof storage);
      size_t offset = 16 + (size_t)(test_random_next(&random) % 32);
      size_t length = (size_t)(test_random_next(&random) % MAX_LENGTH);
      uint8_t *from = storage + offset;
      uint8_t *end = from + length;
      unsigned rarity = 2 + (unsigned)(test_random_next(&random) % 60);
      unsigned high = plan.lookup_count > 0 ? plan.lookups[0].base & 0xc0u : 0x40u;
      for (size_t i = 0; i < length; i++) {
        from[i] = (uint8_t)(high | test_random_next(&random) % 0x40);
      }
      for (size_t i = 0; i < length; i++) {
        uint64_t draw = test_random_next(&random);
        if (draw % rarity == 0) {
          plant(&plan, from + i, end, (size_t)(draw >> 8));
        }
      }
      check(&filter, from, end);
    }
    jitmem_free(filter.block);
  }
}

/* Every range of length 0..GUARDED_MAX_LENGTH, flush against the
 * inaccessible page before it and then the one after it, from every
 * start offset, without candidates and with one at every position; up to
 * GUARDED_LONG_LENGTH, where the 64-candidate steps run, from some. */
static void check_guarded(const prefilter *filter, uint8_t *first_byte, size_t page) {
  for (size_t length = 0; length <= GUARDED_LONG_LENGTH; length++) {
    uint8_t *placements[2] = {first_byte, first_byte + page - length};
    size_t start_step = length <= GUARDED_MAX_LENGTH ? 1 : 13;
    for (size_t side = 0; side < 2; side++) {
      uint8_t *subject = placements[side];
      uint8_t *end = subject + length;
      for (size_t start = 0; start <= length; start += start_step) {
        memset(subject, FILLER, length);
        check(filter, subject + start, end);
        for (size_t position = 0; position < length; position++) {
          plant(&filter->plan, subject + position, end, position);
          check(filter, subject + start, end);
          memset(subject, FILLER, length);
        }
      }
    }
  }
}

static void ranges_between_inaccessible_pages(void **state) {
  (void)state;
  static const jit_prefilter_plan plans[] = {
      {.probes = {{.offset = 0, .count = 1, .values = {'S'}}}, .probe_count = 1},
      {.probes = {{.offset = 0, .count = 2, .values = {'s', 'W'}, .masks = {0x20, 0}},
                  {.offset = 5, .count = 1, .values = {'k'}, .masks = {0x20}}},
       .probe_count = 2},
      {.probes = {{.offset = 7, .count = 1, .values = {'k'}},
                  {.offset = 0, .count = 4, .values = {'a', 'b', 'c', 0xff}}},
       .probe_count = 2},
      {.probes = {{.offset = 15, .count = 1, .values = {'e'}, .masks = {0x20}}}, .probe_count = 1},
      {.probes = {{.offset = 0, .count = 5, .values = {'S', 'H', 'W', 'I', 'A'}},
                  {.offset = 2, .count = 3, .values = {'e', 'l', 't'}}},
       .probe_count = 2},
      /* Masks other than the case bit: [AHISW] as A, H|I, S|W, then
       * [ehlt] with h|l, staged and not. */
      {.probes = {{.offset = 0, .count = 3, .values = {'A', 'I', 'W'}, .masks = {0, 0x01, 0x04}},
                  {.offset = 2, .count = 3, .values = {'e', 'l', 't'}, .masks = {0, 0x04, 0}}},
       .probe_count = 2},
      {.probes = {{.offset = 0, .count = 3, .values = {'A', 'I', 'W'}, .masks = {0, 0x01, 0x04}},
                  {.offset = 2, .count = 3, .values = {'e', 'l', 't'}, .masks = {0, 0x04, 0}}},
       .probe_count = 2,
       .staged = true},
      /* Staged: the second probe read after the first's bytes, and before. */
      {.probes = {{.offset = 1, .count = 5, .values = {0x92, 0x9b, 0x9c, 0xa5, 0xa8}},
                  {.offset = 3, .count = 3, .values = {0xb0, 0xb5, 0xbe}}},
       .probe_count = 2,
       .staged = true},
      {.probes = {{.offset = 15, .count = 1, .values = {'k'}, .masks = {0x20}},
                  {.offset = 0, .count = 2, .values = {'s', 'W'}, .masks = {0x20, 0}}},
       .probe_count = 2,
       .staged = true},
      /* Masks of several bits: @ABCHIJK as K with 0x0b (no logical
       * immediate, the byte loop ORs it from a register), the
       * continuation bytes as 0xbf with 0x3f. */
      {.probes = {{.offset = 3, .count = 2, .values = {'K', 0xbf}, .masks = {0x0b, 0x3f}}},
       .probe_count = 1},
      /* Confirmed by prefixes: the five names' (staged, @AHI as I with
       * 0x09), folded ones. */
      {.probes = {{.offset = 0, .count = 2, .values = {'I', 'W'}, .masks = {0x09, 0x04}},
                  {.offset = 2, .count = 3, .values = {'e', 'l', 't'}, .masks = {0, 0x04, 0}}},
       .probe_count = 2,
       .staged = true,
       .prefixes = {{0x72656853, 0}, {0x6d6c6f48, 0}, {0x73746157, 0}, {0x6e657249, 0},
                    {0x656c6441, 0}},
       .prefix_count = 5},
      {.probes = {{.offset = 0, .count = 2, .values = {'s', 'w'}, .masks = {0x20, 0x20}}},
       .probe_count = 1,
       .prefixes = {{0x72656873, 0x20202020}, {0x73746177, 0x20200020}},
       .prefix_count = 2},
      /* The second bytes of Ш and Х, then of е and о, in two buckets. */
      {.lookups = {{.offset = 1, .base = 0x80, .size = 64, .buckets = {[0x28] = 0x11, [0x25] = 0x22}},
                   {.offset = 3, .base = 0xb0, .size = 16, .buckets = {[5] = 0x11, [0xe] = 0x22}}},
       .lookup_count = 2},
      {.lookups = {{.offset = 0, .base = 0x60, .size = 32, .buckets = {['e' - 0x60] = 0x11}}},
       .lookup_count = 1},
      {.lookups = {{.offset = 15, .base = 0x40, .size = 16, .buckets = {['K' - 0x40] = 0x11}},
                   {.offset = 0, .base = 0x40, .size = 64, .buckets = {['s' - 0x40] = 0xff}}},
       .lookup_count = 2},
  };
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  uint8_t *pages = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(pages != MAP_FAILED);
  assert_int_equal(mprotect(pages, page, PROT_NONE), 0);
  assert_int_equal(mprotect(pages + 2 * page, page, PROT_NONE), 0);
  for (size_t p = 0; p < sizeof plans / sizeof plans[0]; p++) {
    prefilter filter = prefilter_create(&plans[p]);
    check_guarded(&filter, pages + page, page);
    /* The whole page, across many blocks, with a candidate at its end. */
    memset(pages + page, FILLER, page);
    check(&filter, pages + page, pages + 2 * page);
    plant(&filter.plan, pages + 2 * page - 16, pages + 2 * page, 1);
    check(&filter, pages + page, pages + 2 * page);
    jitmem_free(filter.block);
  }
  assert_int_equal(munmap(pages, 3 * page), 0);
}

/* Lengths of the ranges below: one to four 64-candidate steps with
 * the largest probe offset (9) and a remainder of 0, 1 or 15 blocks. */
static const size_t step_lengths[] = {72, 73, 88, 136, 137, 200, 201, 265, 300};

/* The scans of literal plans, staged and not, over the steps of the
 * main loop: ranges of step_lengths flush against the inaccessible page
 * before and then after, from every start offset of a step, with a
 * candidate passing the first probe alone and then one passing both
 * planted at every seventh position (every offset in a step over the
 * starts): a step's end goes on, exits at a hit in any of its blocks,
 * or stops at the last step that fits. */
static void literal_plans_at_every_alignment(void **state) {
  (void)state;
  static const char *const literals[] = {"Sherlock Holmes", "sherlock holmes"};
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  uint8_t *pages = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(pages != MAP_FAILED);
  assert_int_equal(mprotect(pages, page, PROT_NONE), 0);
  assert_int_equal(mprotect(pages + 2 * page, page, PROT_NONE), 0);
  for (size_t variant = 0; variant < 3; variant++) {
    unsigned char bytes[64] = {0};
    unsigned char folds[64] = {0};
    const char *text = literals[variant == 2];
    memcpy(bytes, text, strlen(text));
    memset(folds, variant == 2 ? LITERAL_FOLD : 0, strlen(text));
    substring_searcher searcher;
    substring_searcher_init(&searcher, bytes, folds, strlen(text));
    jit_prefilter_plan plan;
    assert_true(jit_prefilter_plan_for_literal(&searcher, &plan));
    plan.staged = variant != 1;
    prefilter filter = prefilter_create(&plan);
    const jit_prefilter_probe *first = &plan.probes[0];
    for (size_t l = 0; l < sizeof step_lengths / sizeof *step_lengths; l++) {
      size_t length = step_lengths[l];
      for (int at_end = 0; at_end < 2; at_end++) {
        uint8_t *subject = pages + page + (at_end ? page - length : 0);
        uint8_t *end = subject + length;
        for (size_t start = 0; start < 64; start++) {
          memset(subject, FILLER, length);
          check(&filter, subject + start, end);
          for (size_t position = start; position < length; position += 7) {
            if (first->offset < length - position) {
              subject[position + first->offset] = first->values[0];
              check(&filter, subject + start, end);
            }
            plant(&plan, subject + position, end, position);
            check(&filter, subject + start, end);
            memset(subject, FILLER, length);
          }
        }
      }
    }
    jitmem_free(filter.block);
  }
  assert_int_equal(munmap(pages, 3 * page), 0);
}

static void invalid_plans_are_refused(void **state) {
  (void)state;
  static const jit_prefilter_plan plans[] = {
      {.probe_count = 0},
      {.probes = {{.offset = 0, .count = 0}}, .probe_count = 1},
      {.probes = {{.offset = 0, .count = 1, .values = {'S'}, .masks = {0x20}}}, .probe_count = 1},
      /* A mask with a bit the value lacks; three masks in a plan. */
      {.probes = {{.offset = 0, .count = 1, .values = {'s'}, .masks = {0x29}}}, .probe_count = 1},
      {.probes = {{.offset = 0, .count = 2, .values = {'s', 'W'}, .masks = {0x20, 0x04}},
                  {.offset = 1, .count = 1, .values = {'s'}, .masks = {0x01}}},
       .probe_count = 2},
      {.probes = {{.offset = 0, .count = 5, .values = {'a', 'b', 'c', 'd', 'e'}},
                  {.offset = 1, .count = 4, .values = {'a', 'b', 'c', 'd'}}},
       .probe_count = 2},
      /* Staged with one probe, or with lookups. */
      {.probes = {{.offset = 0, .count = 1, .values = {'S'}}}, .probe_count = 1, .staged = true},
      {.lookups = {{.base = 0x40, .size = 16, .buckets = {0x11}}, {.base = 0x40, .size = 16}},
       .lookup_count = 2,
       .staged = true},
      /* Lookups: beside probes, three of them, a table of 48 bytes, a
       * base inside a table, an entry with one nibble only. */
      {.probes = {{.offset = 0, .count = 1, .values = {'S'}}},
       .probe_count = 1,
       .lookups = {{.base = 0x40, .size = 16, .buckets = {0x11}}},
       .lookup_count = 1},
      {.lookups = {{.base = 0x40, .size = 16, .buckets = {0x11}}}, .lookup_count = 3},
      {.lookups = {{.base = 0x40, .size = 48, .buckets = {0x11}}}, .lookup_count = 1},
      {.lookups = {{.base = 0x50, .size = 32, .buckets = {0x11}}}, .lookup_count = 1},
      {.lookups = {{.base = 0x40, .size = 16, .buckets = {0x01}}}, .lookup_count = 1},
      /* Prefixes with lookups, or too many of them. */
      {.lookups = {{.base = 0x40, .size = 16, .buckets = {0x11}}},
       .lookup_count = 1,
       .prefix_count = 1},
      {.probes = {{.offset = 0, .count = 1, .values = {'S'}}},
       .probe_count = 1,
       .prefix_count = JIT_PREFILTER_MAX_PREFIXES + 1},
  };
  for (size_t p = 0; p < sizeof plans / sizeof plans[0]; p++) {
    a64_buffer buffer;
    a64_buffer_init(&buffer, memory_default_allocator());
    jit_prefilter_emit(&buffer, &plans[p]);
    assert_int_not_equal(a64_buffer_finish(&buffer), 0);
    a64_buffer_release(&buffer);
  }
}

static size_t plain_find(const unsigned char *bytes, const unsigned char *folds, size_t needle,
                         const unsigned char *haystack, size_t length, size_t from) {
  for (size_t at = from; at + needle <= length; at++) {
    size_t i = 0;
    while (i < needle && (haystack[at + i] | folds[i]) == bytes[i]) {
      i++;
    }
    if (i == needle) {
      return at;
    }
  }
  return SIZE_MAX;
}

/* Literals (Latin, folded, Cyrillic, CJK, a rare byte deep inside, one
 * byte, candidates at every other byte) searched through a scan of their
 * rare bytes, in haystacks of every length 0..300 against either guard
 * page, from several offsets. */
static void literal_scans_find_the_literal(void **state) {
  (void)state;
  static const char *const needles[] = {
      "Sherlock Holmes", "\xd0\xa8\xd0\xb5\xd1\x80\xd0\xbb\xd0\xbe\xd0\xba", "\xe5\xa4\x8f\xe6\xb4\x9b",
      "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeZ", "q", "abab", "sherlock"};
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  uint8_t *pages = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(pages != MAP_FAILED);
  assert_int_equal(mprotect(pages, page, PROT_NONE), 0);
  assert_int_equal(mprotect(pages + 2 * page, page, PROT_NONE), 0);
  uint64_t random = 0x9e3779b97f4a7c15u;
  for (size_t n = 0; n < sizeof needles / sizeof *needles; n++) {
    size_t needle = strlen(needles[n]);
    unsigned char bytes[64] = {0};
    unsigned char folds[64] = {0};
    int folded = n == sizeof needles / sizeof *needles - 1;
    for (size_t i = 0; i < needle; i++) {
      bytes[i] = (unsigned char)needles[n][i];
      folds[i] = folded ? LITERAL_FOLD : 0;
    }
    substring_searcher searcher;
    substring_searcher_init(&searcher, bytes, folds, needle);
    jit_prefilter_plan plan;
    assert_true(jit_prefilter_plan_for_literal(&searcher, &plan));
    prefilter filter = prefilter_create(&plan);
    for (size_t length = 0; length <= 300; length++) {
      for (int at_end = 0; at_end < 2; at_end++) {
        uint8_t *haystack = pages + page + (at_end ? page - length : 0);
        for (size_t i = 0; i < length; i++) {
          uint64_t draw = test_random_next(&random);
          haystack[i] = n == 5 ? "ab"[draw % 2] : (uint8_t)needles[n][draw % needle] ^ (draw & 0x20);
        }
        if (length >= needle && length % 4 == 0) {
          memcpy(haystack + test_random_next(&random) % (length - needle + 1), needles[n], needle);
        }
        size_t froms[] = {0, length / 3, length};
        for (size_t f = 0; f < 3; f++) {
          size_t expected = plain_find(bytes, folds, needle, haystack, length, froms[f]);
          size_t found = substring_find_generated(&searcher, filter.find, haystack, length,
                                                  froms[f]);
          if (found != expected) {
            fail_msg("needle %zu, haystack of %zu from %zu: %zu, expected %zu", n, length,
                     froms[f], found, expected);
          }
        }
      }
    }
    jitmem_free(filter.block);
  }
  assert_int_equal(munmap(pages, 3 * page), 0);
}

/* The leftmost-first occurrence of set at or after from, by a plain loop:
 * the first position where one occurs, there the literal listed first. */
static int plain_find_set(const literal_set *set, const unsigned char *haystack, size_t length,
                          size_t from, size_t *end) {
  for (size_t at = from; at < length; at++) {
    for (uint32_t i = 0; i < set->count; i++) {
      size_t needle = set->literals[i].length;
      if (needle <= length - at && literal_matches_at(haystack + at, literal_set_bytes(set, i),
                                                      literal_set_folds(set, i), needle)) {
        *end = at + needle;
        return (int)at;
      }
    }
  }
  return -1;
}

/* The set searched from froms of a haystack, against plain_find_set. */
static void check_set(const literal_searcher *searcher, jit_prefilter_function scan,
                      const unsigned char *haystack, size_t length, const char *name) {
  size_t froms[] = {0, 1, length / 3, length};
  for (size_t f = 0; f < sizeof froms / sizeof *froms; f++) {
    if (froms[f] > length) {
      continue;
    }
    size_t expected_end = 0;
    int expected = plain_find_set(searcher->set, haystack, length, froms[f], &expected_end);
    size_t start = 0;
    size_t end = 0;
    int found =
        literal_searcher_find_set(searcher, scan, haystack, length, froms[f], &start, &end);
    if (found != (expected >= 0) || (found && (start != (size_t)expected || end != expected_end))) {
      fail_msg("%s, haystack of %zu from %zu: %d at %zu..%zu, expected %d..%zu", name, length,
               froms[f], found, start, end, expected, expected_end);
    }
  }
}

/* A probe at offset 0 passing the literals' first bytes (both cases of a
 * folded one), confirmed by their prefixes when they have them. */
static jit_prefilter_plan first_byte_plan(const literal_set *set) {
  jit_prefilter_plan plan = {.probe_count = 1};
  jit_prefilter_probe *probe = &plan.probes[0];
  for (uint32_t i = 0; i < set->count; i++) {
    uint8_t value = literal_set_bytes(set, i)[0];
    uint8_t mask = literal_set_folds(set, i)[0];
    size_t seen = 0;
    while (seen < probe->count && (probe->values[seen] != value || probe->masks[seen] != mask)) {
      seen++;
    }
    if (seen == probe->count) {
      assert_true(probe->count < JIT_PREFILTER_MAX_COMPARES);
      probe->values[probe->count] = value;
      probe->masks[probe->count++] = mask;
    }
  }
  jit_prefilter_plan_add_prefixes(set, &plan);
  assert_true((plan.prefix_count > 0) == (set->shortest >= JIT_PREFILTER_PREFIX_BYTES));
  return plan;
}

/* Sets of a few literals (the Russian and Chinese names of the suite,
 * Latin names, caseless words, words that begin others, listed before and
 * after them, words sharing their first four bytes, words sharing their
 * first eight (a listed set's heads, literal_searcher_head) and differing
 * after, words of one byte, a set whose bytes fit no table) searched through the scan of their
 * lookups and through a probe scan of their first bytes confirming by
 * their prefixes: random haystacks of their bytes of every length 0..300
 * against either guard page, and one literal of the set planted at every
 * position of haystacks up to 80 bytes. */
static void set_scans_find_the_leftmost_first_literal(void **state) {
  (void)state;
  static const char *const sets[][6] = {
      {"Шерлок", "Холмс", "Ватсон", "Лестрейд", "Мориарти", NULL},
      {"夏洛克", "福尔摩斯", "华生", "雷斯垂德", "莫里亚蒂", NULL},
      {"Sherlock", "Holmes", "Watson", "Irene", "Adler", NULL},
      {"Холм", "Холмс", "олм", NULL},
      {"abc", "ab", "bcd", "b", NULL},
      {"sherlock", "watson", NULL},
      {"Samw", "Samwise", "Sams", NULL},
      {"Samwise", "Samw", "Samsonite", "amwi", NULL},
      {"Sherlocks", "Sherlocked", "Sherlock", NULL},
      {"a\x01", "\xff\x80", "z", NULL},
  };
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  uint8_t *pages = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(pages != MAP_FAILED);
  assert_int_equal(mprotect(pages, page, PROT_NONE), 0);
  assert_int_equal(mprotect(pages + 2 * page, page, PROT_NONE), 0);
  uint64_t random = 0x2545f4914f6cdd1du;
  for (size_t s = 0; s < sizeof sets / sizeof *sets; s++) {
    literal_set set;
    literal_set_init(&set, memory_default_allocator());
    unsigned char folds[64];
    memset(folds, s == 5 ? LITERAL_FOLD : 0, sizeof folds);
    size_t words = 0;
    for (; sets[s][words] != NULL; words++) {
      assert_int_equal(literal_set_add(&set, (const unsigned char *)sets[s][words], folds,
                                       (uint32_t)strlen(sets[s][words])),
                       0);
    }
    literal_searcher searcher;
    assert_int_equal(literal_searcher_init(&searcher, &set), 0);
    jit_prefilter_plan plan;
    /* The lookups' scan (the last set's first bytes span more than a
     * table), the first bytes' probe. */
    prefilter filters[2] = {{.block = NULL}, {.block = NULL}};
    bool planned = jit_prefilter_plan_for_set(&set, &plan);
    assert_true(planned == (s + 1 < sizeof sets / sizeof *sets));
    if (planned) {
      filters[0] = prefilter_create(&plan);
    }
    plan = first_byte_plan(&set);
    filters[1] = prefilter_create(&plan);
    for (size_t length = 0; length <= 300; length++) {
      for (int at_end = 0; at_end < 2; at_end++) {
        uint8_t *haystack = pages + page + (at_end ? page - length : 0);
        for (size_t i = 0; i < length; i++) {
          uint64_t draw = test_random_next(&random);
          const char *word = sets[s][draw % words];
          haystack[i] = (uint8_t)word[(draw >> 8) % strlen(word)] ^ (s == 5 ? draw & 0x20 : 0);
        }
        for (size_t f = 0; f < 2; f++) {
          check_set(&searcher, filters[f].find, haystack, length, sets[s][0]);
        }
        for (size_t at = 0; length <= 80 && at < length; at++) {
          const char *word = sets[s][at % words];
          size_t size = strlen(word);
          if (size <= length - at) {
            memcpy(haystack + at, word, size);
            for (size_t f = 0; f < 2; f++) {
              check_set(&searcher, filters[f].find, haystack, length, sets[s][0]);
            }
          }
        }
      }
    }
    jitmem_free(filters[0].block);
    jitmem_free(filters[1].block);
    literal_searcher_release(&searcher);
    literal_set_release(&set);
  }
  assert_int_equal(munmap(pages, 3 * page), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(random_ranges_match_c),
      cmocka_unit_test(ranges_between_inaccessible_pages),
      cmocka_unit_test(literal_plans_at_every_alignment),
      cmocka_unit_test(invalid_plans_are_refused),
      cmocka_unit_test(literal_scans_find_the_literal),
      cmocka_unit_test(set_scans_find_the_leftmost_first_literal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
