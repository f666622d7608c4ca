/* test_jit_prefilter: the generated probe scan against a C scan, for
 * random plans (one or two probes, exact and case-folded compares, probe
 * offsets up to 15), random ranges, and ranges lying flush against
 * PROT_NONE pages on either side, so that any read outside faults; and
 * the single-literal search on a scan generated for the literal's rare
 * bytes (substring_find_generated) against a plain loop. */
#include <setjmp.h>
#include <stdarg.h>
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
    uint8_t compared = probe->folds[i] ? (uint8_t)(byte | 0x20) : byte;
    if (compared == probe->values[i]) {
      return 1;
    }
  }
  return 0;
}

static const uint8_t *reference_find(const jit_prefilter_plan *plan, const uint8_t *from,
                                     const uint8_t *end) {
  for (; from < end; from++) {
    int passes = 1;
    for (size_t k = 0; k < plan->probe_count && passes; k++) {
      const jit_prefilter_probe *probe = &plan->probes[k];
      passes = probe->offset < (size_t)(end - from) && probe_passes(probe, from[probe->offset]);
    }
    if (passes) {
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
  for (size_t k = 0; k < plan->probe_count; k++) {
    const jit_prefilter_probe *probe = &plan->probes[k];
    if (probe->offset < (size_t)(end - candidate)) {
      size_t i = variant % probe->count;
      uint8_t value = probe->values[i];
      candidate[probe->offset] = probe->folds[i] && variant % 2 ? (uint8_t)(value ^ 0x20) : value;
    }
  }
}

static jit_prefilter_plan random_plan(uint64_t *random) {
  static const uint8_t alphabet[] = {'a', 'b', 'k', 'S', 's', 'W', 0x80, 0xff};
  jit_prefilter_plan plan = {.probe_count = 1 + test_random_next(random) % 2};
  for (size_t k = 0; k < plan.probe_count; k++) {
    jit_prefilter_probe *probe = &plan.probes[k];
    probe->offset = (uint8_t)(test_random_next(random) % 16);
    probe->count =
        (uint8_t)(1 + test_random_next(random) % (JIT_PREFILTER_MAX_COMPARES / plan.probe_count));
    for (size_t i = 0; i < probe->count; i++) {
      uint8_t value = alphabet[test_random_next(random) % sizeof alphabet];
      probe->values[i] = value;
      probe->folds[i] = value >= 'a' && value <= 'z' && test_random_next(random) % 2;
    }
  }
  return plan;
}

static void random_ranges_match_c(void **state) {
  (void)state;
  static uint8_t storage[MAX_LENGTH + 64];
  uint64_t random = 0x3c6ef372fe94f82bu;
  for (int plan_round = 0; plan_round < 40; plan_round++) {
    jit_prefilter_plan plan = random_plan(&random);
    prefilter filter = prefilter_create(&plan);
    for (int round = 0; round < ROUNDS / 20; round++) {
      /* Passing bytes everywhere outside the range, so reading them would
       * show; inside, candidates planted now and then. */
      memset(storage, plan.probes[0].values[0], sizeof storage);
      size_t offset = 16 + (size_t)(test_random_next(&random) % 32);
      size_t length = (size_t)(test_random_next(&random) % MAX_LENGTH);
      uint8_t *from = storage + offset;
      uint8_t *end = from + length;
      unsigned rarity = 2 + (unsigned)(test_random_next(&random) % 60);
      for (size_t i = 0; i < length; i++) {
        from[i] = (uint8_t)(0x40 | test_random_next(&random) % 0x40);
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
      {.probes = {{.offset = 0, .count = 2, .values = {'s', 'W'}, .folds = {1, 0}},
                  {.offset = 5, .count = 1, .values = {'k'}, .folds = {1}}},
       .probe_count = 2},
      {.probes = {{.offset = 7, .count = 1, .values = {'k'}},
                  {.offset = 0, .count = 4, .values = {'a', 'b', 'c', 0xff}}},
       .probe_count = 2},
      {.probes = {{.offset = 15, .count = 1, .values = {'e'}, .folds = {1}}}, .probe_count = 1},
      {.probes = {{.offset = 0, .count = 5, .values = {'S', 'H', 'W', 'I', 'A'}},
                  {.offset = 2, .count = 3, .values = {'e', 'l', 't'}}},
       .probe_count = 2},
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

static void invalid_plans_are_refused(void **state) {
  (void)state;
  static const jit_prefilter_plan plans[] = {
      {.probe_count = 0},
      {.probes = {{.offset = 0, .count = 0}}, .probe_count = 1},
      {.probes = {{.offset = 0, .count = 1, .values = {'S'}, .folds = {1}}}, .probe_count = 1},
      {.probes = {{.offset = 0, .count = 5, .values = {'a', 'b', 'c', 'd', 'e'}},
                  {.offset = 1, .count = 4, .values = {'a', 'b', 'c', 'd'}}},
       .probe_count = 2},
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(random_ranges_match_c),
      cmocka_unit_test(ranges_between_inaccessible_pages),
      cmocka_unit_test(invalid_plans_are_refused),
      cmocka_unit_test(literal_scans_find_the_literal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
