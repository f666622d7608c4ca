/* test_jit_reuse: thousands of jit_codes compiled, freed in random order
 * and compiled again: jitmem reuses the space (mapped memory stays near
 * the first peak) and code in reused space still answers correctly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jit_fixture.h"
#include "jitmem.h"
#include "jrx.h"
#include "test_random.h"

#define LIVE_CODES 3000u
#define ROUNDS 4

static const char *const patterns[] = {
    "Sherlock", "Sherlock|Watson|Holmes|Irene", "[a-z]+ing", "\\w+@\\w+\\.com", "a*", "\\bk\\b$"};
#define PATTERN_COUNT (sizeof patterns / sizeof patterns[0])

static jitmem_pool_stats pool_stats(void) {
  jitmem_pool *pool = NULL;
  assert_int_equal(jitmem_default_pool(&pool), JITMEM_OK);
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(pool, &stats), JITMEM_OK);
  return stats;
}

static void shuffle(size_t *order, size_t count, uint64_t *random) {
  for (size_t i = count; i > 1; i--) {
    size_t j = (size_t)(test_random_next(random) % i);
    size_t swap = order[i - 1];
    order[i - 1] = order[j];
    order[j] = swap;
  }
}

/* Searches with code compiled for fixture's DFA into wherever jitmem put
 * it, against the portable DFA. */
static void check_code(jit_fixture *fixture, jit_code *code, const char *pattern) {
  static const char *const subjects[] = {"Sherlock Holmes is singing", "mail bob@example.com", "",
                                         "ok k", "aaab"};
  for (size_t s = 0; s < sizeof subjects / sizeof subjects[0]; s++) {
    const unsigned char *subject = (const unsigned char *)subjects[s];
    size_t length = strlen(subjects[s]);
    jit_outcome native = {0, 0, 0};
    native.result = jit_search(code, fixture->native_cache, subject, length, 0, 0, &native.start,
                               &native.end, NULL);
    jit_outcome portable = jit_fixture_portable(fixture, subject, length, 0, 0);
    if (native.result != portable.result ||
        (native.result == 1 && (native.start != portable.start || native.end != portable.end))) {
      print_error("pattern /%s/ subject \"%s\": native %d, portable %d\n", pattern, subjects[s],
                  native.result, portable.result);
      fail();
    }
  }
}

static void freed_code_space_is_reused(void **state) {
  (void)state;
  jit_fixture fixtures[PATTERN_COUNT];
  for (size_t p = 0; p < PATTERN_COUNT; p++) {
    jit_fixture_create(&fixtures[p], patterns[p], 0, NULL);
  }
  jitmem_pool_stats before = pool_stats();
  jit_code **codes = calloc(LIVE_CODES, sizeof *codes);
  size_t *order = calloc(LIVE_CODES, sizeof *order);
  assert_non_null(codes);
  assert_non_null(order);
  uint64_t random = 0x13198a2e03707344u;
  size_t peak_mapped = 0;
  size_t peak_used = 0;
  for (int round = 0; round < ROUNDS; round++) {
    for (size_t i = 0; i < LIVE_CODES; i++) {
      if (codes[i] == NULL) {
        jit_fixture *fixture = &fixtures[i % PATTERN_COUNT];
        int reason = 0;
        assert_int_equal(
            jit_compile(&fixture->program, fixture->automaton, NULL, NULL, &codes[i], &reason), 0);
      }
      order[i] = i;
    }
    jitmem_pool_stats full = pool_stats();
    assert_int_equal(full.block_count, before.block_count + LIVE_CODES);
    if (round == 0) {
      peak_mapped = full.mapped_bytes;
      peak_used = full.used_bytes;
    }
    /* Each round refills exactly what the previous one freed, so the same
     * bytes are in use, and they fit in the space the first round mapped
     * give or take first-fit fragmentation. */
    assert_int_equal(full.used_bytes, peak_used);
    assert_true(full.mapped_bytes <= peak_mapped + peak_mapped / 4);
    for (size_t i = 0; i < LIVE_CODES; i += LIVE_CODES / 50) {
      check_code(&fixtures[i % PATTERN_COUNT], codes[i], patterns[i % PATTERN_COUNT]);
    }
    shuffle(order, LIVE_CODES, &random);
    size_t freeing = round == ROUNDS - 1 ? LIVE_CODES : LIVE_CODES / 2;
    for (size_t i = 0; i < freeing; i++) {
      jit_release(codes[order[i]]);
      codes[order[i]] = NULL;
    }
  }
  jitmem_pool_stats after = pool_stats();
  assert_int_equal(after.block_count, before.block_count);
  assert_int_equal(after.used_bytes, before.used_bytes);
  free(order);
  free(codes);
  for (size_t p = 0; p < PATTERN_COUNT; p++) {
    jit_fixture_release(&fixtures[p]);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(freed_code_space_is_reused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
