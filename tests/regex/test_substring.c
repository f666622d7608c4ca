/* test_substring: the single-literal search (search/substring.h) and its
 * two-way fallback against a plain byte loop. Every kernel this CPU has
 * runs (the level capped in turn: portable, SSE2, AVX2 on x86-64; portable
 * and NEON on arm64); haystacks of every length 0-300 at every alignment,
 * needles of lengths up to 300, exact and case-folded, at every start
 * offset the occurrences make interesting; subjects against PROT_NONE
 * pages on either side; candidates so frequent that the kernel gives up
 * to two-way; and two-way alone on periodic needles over tiny alphabets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "guarded_page.h"
#include "regex/search/literal_set.h"
#include "regex/search/simd_level.h"
#include "regex/search/substring.h"
#include "regex/search/two_way.h"

#define MAX_LENGTH 300
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static const simd_level all_levels[] = {SIMD_LEVEL_PORTABLE, SIMD_LEVEL_SSE2, SIMD_LEVEL_SSSE3,
                                        SIMD_LEVEL_AVX2, SIMD_LEVEL_NEON};

static uint32_t next_random(uint32_t *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return *seed >> 8;
}

/* A needle as a literal_set holds it: lower case where folded, padded. */
typedef struct needle {
  unsigned char bytes[MAX_LENGTH + 8];
  unsigned char folds[MAX_LENGTH + 8];
  size_t length;
} needle;

static int plain_matches_at(const needle *wanted, const unsigned char *at) {
  for (size_t i = 0; i < wanted->length; i++) {
    if ((at[i] | wanted->folds[i]) != wanted->bytes[i]) {
      return 0;
    }
  }
  return 1;
}

static size_t plain_find(const needle *wanted, const unsigned char *haystack, size_t length,
                         size_t from) {
  for (size_t at = from; at + wanted->length <= length; at++) {
    if (plain_matches_at(wanted, haystack + at)) {
      return at;
    }
  }
  return SIZE_MAX;
}

/* Bytes from alphabet; with fold, letters come in either case. */
static void random_bytes(uint32_t *seed, unsigned char *out, size_t length, const char *alphabet,
                         size_t alphabet_length, int mixed_case) {
  for (size_t i = 0; i < length; i++) {
    unsigned char byte = (unsigned char)alphabet[next_random(seed) % alphabet_length];
    if (mixed_case && ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z') && next_random(seed) % 2) {
      byte ^= 0x20;
    }
    out[i] = byte;
  }
}

/* Copies text into the needle; folded needles fold every letter. */
static void make_needle(needle *made, const unsigned char *text, size_t length, int folded) {
  memset(made, 0, sizeof *made);
  made->length = length;
  for (size_t i = 0; i < length; i++) {
    unsigned char byte = text[i];
    int letter = (byte | 0x20) >= 'a' && (byte | 0x20) <= 'z';
    made->bytes[i] = folded && letter ? (unsigned char)(byte | 0x20) : byte;
    made->folds[i] = folded && letter ? LITERAL_FOLD : 0;
  }
}

static void expect_find(const substring_searcher *searcher, const needle *wanted,
                        const unsigned char *haystack, size_t length, size_t from) {
  size_t expected = plain_find(wanted, haystack, length, from);
  size_t found = substring_find(searcher, haystack, length, from);
  if (found != expected) {
    fail_msg("level %d: needle of %zu bytes (rare offsets %zu, %zu), haystack of %zu from %zu: "
             "found %zu, expected %zu",
             (int)searcher->level, wanted->length, searcher->rare_offsets[0],
             searcher->rare_offsets[1], length, from, found, expected);
  }
}

static const size_t needle_lengths[] = {1,  2,  3,  4,  5,  7,  8,   9,   15,  16,  17,  31,
                                        32, 33, 63, 64, 65, 100, 150, 255, 256, 299, 300};

/* Needles of each length in haystacks of every length 0..300, each
 * placed at a different alignment of a 64-byte aligned buffer, with an
 * occurrence and a near miss (one byte changed) planted; searched from 0,
 * just before, at and after the occurrence, and from a random offset. */
static void run_lengths(int folded, const char *alphabet) {
  static _Alignas(64) unsigned char buffer[64 + MAX_LENGTH + 64];
  uint32_t seed = 12345u + (uint32_t)folded;
  size_t alphabet_length = strlen(alphabet);
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    for (size_t n = 0; n < COUNT_OF(needle_lengths); n++) {
      size_t needle_length = needle_lengths[n];
      unsigned char text[MAX_LENGTH];
      random_bytes(&seed, text, needle_length, alphabet, alphabet_length, 0);
      needle wanted;
      make_needle(&wanted, text, needle_length, folded);
      substring_searcher searcher;
      substring_searcher_init(&searcher, wanted.bytes, wanted.folds, needle_length);
      assert_int_equal(searcher.level, all_levels[l]);
      for (size_t length = 0; length <= MAX_LENGTH; length++) {
        unsigned char *haystack = buffer + (length * 7 + needle_length) % 64;
        random_bytes(&seed, haystack, length, alphabet, alphabet_length, folded);
        size_t planted = SIZE_MAX;
        if (length >= needle_length) {
          size_t room = length - needle_length + 1;
          size_t miss = next_random(&seed) % room;
          memcpy(haystack + miss, text, needle_length);
          haystack[miss + next_random(&seed) % needle_length] ^= 0x01;
          planted = next_random(&seed) % room;
          memcpy(haystack + planted, text, needle_length);
        }
        size_t froms[] = {0, planted - 1, planted, planted + 1, next_random(&seed) % (length + 1)};
        for (size_t f = 0; f < COUNT_OF(froms); f++) {
          if (froms[f] <= length) {
            expect_find(&searcher, &wanted, haystack, length, froms[f]);
          }
        }
      }
    }
  }
  simd_level_cap(simd_level_detected());
}

static void test_exact_needles(void **state) {
  (void)state;
  run_lengths(0, "abcdefghijklmnopqrstuvwxyz ABCXYZ\xd0\xd1\xb5\xe4\xbd\xa0\xff");
}

static void test_small_alphabet(void **state) {
  (void)state;
  run_lengths(0, "ab");
}

static void test_folded_needles(void **state) {
  (void)state;
  run_lengths(1, "abcdefgHIJKLMN xyz.\xc5\xbf");
}

/* Candidates at almost every byte (a needle of "a"s and one "b" in a
 * haystack of "a"s): the kernels give up to two-way and must agree. */
static void test_frequent_candidates(void **state) {
  (void)state;
  static unsigned char haystack[4096];
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    for (size_t needle_length = 2; needle_length < 40; needle_length += 3) {
      unsigned char text[64];
      memset(text, 'a', needle_length);
      text[needle_length / 2] = 'b';
      for (int folded = 0; folded < 2; folded++) {
        needle wanted;
        make_needle(&wanted, text, needle_length, folded);
        substring_searcher searcher;
        substring_searcher_init(&searcher, wanted.bytes, wanted.folds, needle_length);
        memset(haystack, folded ? 'A' : 'a', sizeof haystack);
        for (size_t b = 0; b < sizeof haystack; b += 37) {
          haystack[b] = 'b';
        }
        size_t kernel_stopped;
        size_t found = searcher.kernel(&searcher, haystack, sizeof haystack, 0, true,
                                       &kernel_stopped);
        assert_true(found != SIZE_MAX || kernel_stopped != SIZE_MAX);
        for (size_t from = 0; from < sizeof haystack; from += 97) {
          expect_find(&searcher, &wanted, haystack, sizeof haystack, from);
        }
        memcpy(haystack + sizeof haystack - needle_length, text, needle_length);
        expect_find(&searcher, &wanted, haystack, sizeof haystack, 0);
      }
    }
  }
  simd_level_cap(simd_level_detected());
}

/* Haystacks ending at, or starting right after, a PROT_NONE page: any
 * read outside them faults. Rare bytes at both ends of the needle make
 * the kernels load as close to the edges as they may. */
static void test_page_edges(void **state) {
  (void)state;
  guarded_page guarded;
  guarded_page_create(&guarded);
  static const char *const texts[] = {"Q", "QZ", "Qeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeez",
                                      "eeeeeeeeQ", "\xd0\xa8\xd0\xb5\xd1\x80"};
  uint32_t seed = 99u;
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    for (size_t t = 0; t < COUNT_OF(texts); t++) {
      size_t needle_length = strlen(texts[t]);
      for (int folded = 0; folded < 2; folded++) {
        needle wanted;
        make_needle(&wanted, (const unsigned char *)texts[t], needle_length, folded);
        substring_searcher searcher;
        substring_searcher_init(&searcher, wanted.bytes, wanted.folds, needle_length);
        for (size_t length = 0; length <= MAX_LENGTH; length++) {
          for (int at_end = 0; at_end < 2; at_end++) {
            unsigned char *haystack = guarded_page_subject(&guarded, length, at_end);
            random_bytes(&seed, haystack, length, "eQzZ", 4, 0);
            if (length >= needle_length && length % 3 == 0) {
              memcpy(at_end ? haystack + length - needle_length : haystack, texts[t],
                     needle_length);
            }
            expect_find(&searcher, &wanted, haystack, length, 0);
            if (length > 0) {
              expect_find(&searcher, &wanted, haystack, length, length - 1);
            }
            expect_find(&searcher, &wanted, haystack, length, length);
          }
        }
      }
    }
  }
  simd_level_cap(simd_level_detected());
  guarded_page_release(&guarded);
}

/* Two-way alone against the plain loop: random needles over alphabets of
 * one to three bytes (periodic ones abound) in random haystacks. */
static void test_two_way(void **state) {
  (void)state;
  uint32_t seed = 4242u;
  unsigned char haystack[512];
  for (int round = 0; round < 4000; round++) {
    const char *alphabet = round % 3 == 0 ? "a" : round % 3 == 1 ? "ab" : "abC";
    size_t alphabet_length = strlen(alphabet);
    size_t needle_length = 1 + next_random(&seed) % 24;
    unsigned char text[32];
    random_bytes(&seed, text, needle_length, alphabet, alphabet_length, 0);
    needle wanted;
    make_needle(&wanted, text, needle_length, round % 5 == 0);
    size_t length = next_random(&seed) % sizeof haystack;
    random_bytes(&seed, haystack, length, alphabet, alphabet_length, round % 5 == 0);
    two_way searcher;
    two_way_init(&searcher, wanted.bytes, wanted.folds, needle_length);
    assert_true(searcher.usable);
    size_t from = 0;
    for (;;) {
      size_t expected = plain_find(&wanted, haystack, length, from);
      size_t found = two_way_find(&searcher, haystack, length, from);
      if (found != expected) {
        fail_msg("two-way: needle %.*s (%zu), haystack %zu from %zu: %zu, expected %zu",
                 (int)needle_length, (const char *)wanted.bytes, needle_length, length, from,
                 found, expected);
      }
      if (found == SIZE_MAX) {
        break;
      }
      from = found + 1;
    }
  }
}

/* A letter folded in one place and exact in another cannot share one
 * byte map: two-way refuses, and the search still answers right. */
static void test_mixed_folds(void **state) {
  (void)state;
  needle wanted;
  make_needle(&wanted, (const unsigned char *)"abab", 4, 0);
  wanted.folds[0] = LITERAL_FOLD;
  two_way searcher;
  two_way_init(&searcher, wanted.bytes, wanted.folds, 4);
  assert_false(searcher.usable);
  substring_searcher substring;
  substring_searcher_init(&substring, wanted.bytes, wanted.folds, 4);
  static const unsigned char haystack[] = "ABAB aBAb Abab abab";
  expect_find(&substring, &wanted, haystack, sizeof haystack - 1, 0);
  assert_int_equal(substring_find(&substring, haystack, sizeof haystack - 1, 0), 10);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_exact_needles),       cmocka_unit_test(test_small_alphabet),
      cmocka_unit_test(test_folded_needles),      cmocka_unit_test(test_frequent_candidates),
      cmocka_unit_test(test_page_edges),          cmocka_unit_test(test_two_way),
      cmocka_unit_test(test_mixed_folds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
