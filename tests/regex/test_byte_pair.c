/* test_byte_pair: the pair kernels (portable, SSE2, AVX2, NEON: each level
 * this CPU has, forced with simd_level_cap) against a plain loop, over
 * random subjects of lengths 0-300 on a four-letter alphabet (so pairs
 * occur every few bytes, and in runs), from every start, with sets of one
 * to three bytes at offsets up to 15 in either order; and with subjects
 * flush against an unmapped page on either side, where reading past the
 * last position's bytes faults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "guarded_page.h"
#include "regex/search/byte_pair.h"
#include "regex/search/simd_level.h"

#define MAX_LENGTH 300u
#define MAX_OFFSET 15u
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static const simd_level all_levels[] = {SIMD_LEVEL_PORTABLE, SIMD_LEVEL_SSE2, SIMD_LEVEL_SSSE3,
                                        SIMD_LEVEL_AVX2, SIMD_LEVEL_NEON};

static uint32_t next_random(uint32_t *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return *seed >> 8;
}

static const unsigned char alphabet[] = {'a', 'b', 'c', '/'};

/* A pair of random sets drawn from the alphabet (and one byte outside it,
 * so some sets never hit). */
static void random_pair(uint32_t *seed, uint32_t offsets[2], uint32_t counts[2],
                        unsigned char bytes[2][BYTE_PAIR_MAX_BYTES]) {
  for (unsigned k = 0; k < 2; k++) {
    offsets[k] = next_random(seed) % (MAX_OFFSET + 1);
    counts[k] = 1 + next_random(seed) % BYTE_PAIR_MAX_BYTES;
    for (uint32_t i = 0; i < counts[k]; i++) {
      uint32_t pick = next_random(seed) % (COUNT_OF(alphabet) + 1);
      bytes[k][i] = pick < COUNT_OF(alphabet) ? alphabet[pick] : 'z';
    }
  }
}

static int plain_has(const unsigned char *set, uint32_t count, unsigned char byte) {
  for (uint32_t i = 0; i < count; i++) {
    if (set[i] == byte) {
      return 1;
    }
  }
  return 0;
}

static size_t plain_find(const uint32_t offsets[2], const uint32_t counts[2],
                         const unsigned char bytes[2][BYTE_PAIR_MAX_BYTES],
                         const unsigned char *subject, size_t from, size_t last) {
  for (size_t p = from; p <= last; p++) {
    if (plain_has(bytes[0], counts[0], subject[p + offsets[0]]) &&
        plain_has(bytes[1], counts[1], subject[p + offsets[1]])) {
      return p;
    }
  }
  return SIZE_MAX;
}

/* Every start of subject, against the plain loop; last is the last
 * position whose bytes are inside the subject. */
static void check_every_start(const byte_pair *pair, const uint32_t offsets[2],
                              const uint32_t counts[2],
                              const unsigned char bytes[2][BYTE_PAIR_MAX_BYTES],
                              const unsigned char *subject, size_t length, simd_level level) {
  size_t reach = offsets[0] > offsets[1] ? offsets[0] : offsets[1];
  if (length <= reach) {
    return; /* no position has both bytes inside */
  }
  size_t last = length - 1 - reach;
  for (size_t from = 0; from <= last + 1; from++) { /* last + 1: an empty span */
    size_t expected = plain_find(offsets, counts, bytes, subject, from, last);
    size_t found = byte_pair_find(pair, subject, from, last);
    if (found != expected) {
      fail_msg("level %d, offsets %u/%u, length %zu, from %zu: %zu, expected %zu", (int)level,
               offsets[0], offsets[1], length, from, found, expected);
    }
  }
}

static void test_against_plain_loop(void **state) {
  (void)state;
  unsigned char subject[MAX_LENGTH];
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    uint32_t seed = 7;
    for (size_t length = 0; length <= MAX_LENGTH; length++) {
      uint32_t offsets[2];
      uint32_t counts[2];
      unsigned char bytes[2][BYTE_PAIR_MAX_BYTES];
      random_pair(&seed, offsets, counts, bytes);
      byte_pair pair;
      assert_int_equal(byte_pair_init(&pair, offsets, counts, bytes), 0);
      for (size_t i = 0; i < length; i++) {
        subject[i] = alphabet[next_random(&seed) % COUNT_OF(alphabet)];
      }
      check_every_start(&pair, offsets, counts, bytes, subject, length, all_levels[l]);
    }
  }
  simd_level_cap(simd_level_detected());
}

/* A pair that hits only at the subject's last position, or nowhere. */
static void test_page_edges(void **state) {
  (void)state;
  guarded_page guarded;
  guarded_page_create(&guarded);
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    const uint32_t offsets[2] = {4, 7};
    const uint32_t counts[2] = {1, 2};
    const unsigned char bytes[2][BYTE_PAIR_MAX_BYTES] = {{'/'}, {'/', ':'}};
    byte_pair pair;
    assert_int_equal(byte_pair_init(&pair, offsets, counts, bytes), 0);
    for (size_t length = 0; length <= MAX_LENGTH; length++) {
      for (int at_end = 0; at_end < 2; at_end++) {
        for (int hit = 0; hit < 2; hit++) {
          unsigned char *subject = guarded_page_subject(&guarded, length, at_end);
          memset(subject, 'a', length);
          if (hit && length >= 8) {
            subject[length - 4] = '/';
            subject[length - 1] = ':';
          }
          check_every_start(&pair, offsets, counts, bytes, subject, length, all_levels[l]);
        }
      }
    }
  }
  simd_level_cap(simd_level_detected());
  guarded_page_release(&guarded);
}

static void test_bad_counts(void **state) {
  (void)state;
  const uint32_t offsets[2] = {0, 1};
  const unsigned char bytes[2][BYTE_PAIR_MAX_BYTES] = {{'a'}, {'b'}};
  byte_pair pair;
  const uint32_t none[2] = {1, 0};
  const uint32_t too_many[2] = {BYTE_PAIR_MAX_BYTES + 1, 1};
  assert_int_equal(byte_pair_init(&pair, offsets, none, bytes), -1);
  assert_int_equal(byte_pair_init(&pair, offsets, too_many, bytes), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_against_plain_loop),
      cmocka_unit_test(test_page_edges),
      cmocka_unit_test(test_bad_counts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
