/* test_literal_sets: the searches for several literals (search/teddy.h,
 * search/aho_corasick.h, through search/literal_searcher.h) against a
 * plain leftmost-first loop: at each position in turn, the first-listed
 * literal that occurs there. Random sets of 2 to 1000 literals (exact,
 * case-folded, and with a letter both folded and exact) over small
 * alphabets, every Teddy kernel the CPU has, Aho-Corasick with its full
 * table and with sparse edges (and a set too big for the table), anchored
 * matches, subjects against PROT_NONE pages, sets Teddy gives up on, and
 * every Teddy kernel on haystacks of every length 0-300 at every alignment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "guarded_page.h"
#include "regex/memory.h"
#include "regex/search/aho_corasick.h"
#include "regex/search/literal_searcher.h"
#include "regex/search/simd_level.h"
#include "regex/search/teddy.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static const simd_level all_levels[] = {SIMD_LEVEL_PORTABLE, SIMD_LEVEL_SSE2, SIMD_LEVEL_SSSE3,
                                        SIMD_LEVEL_AVX2, SIMD_LEVEL_NEON};

static uint32_t next_random(uint32_t *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return *seed >> 8;
}

static int plain_matches_at(const literal_set *set, uint32_t index, const unsigned char *haystack,
                            size_t length, size_t position) {
  uint32_t literal_length = set->literals[index].length;
  if (literal_length > length - position) {
    return 0;
  }
  const unsigned char *bytes = literal_set_bytes(set, index);
  const unsigned char *folds = literal_set_folds(set, index);
  for (uint32_t i = 0; i < literal_length; i++) {
    if ((haystack[position + i] | folds[i]) != bytes[i]) {
      return 0;
    }
  }
  return 1;
}

/* The first-listed literal at position, or UINT32_MAX. */
static uint32_t plain_match_at(const literal_set *set, const unsigned char *haystack,
                               size_t length, size_t position) {
  for (uint32_t i = 0; i < set->count; i++) {
    if (plain_matches_at(set, i, haystack, length, position)) {
      return i;
    }
  }
  return UINT32_MAX;
}

static int plain_find(const literal_set *set, const unsigned char *haystack, size_t length,
                      size_t from, size_t *start, size_t *end) {
  for (size_t position = from; position <= length; position++) {
    uint32_t literal = plain_match_at(set, haystack, length, position);
    if (literal != UINT32_MAX) {
      *start = position;
      *end = position + set->literals[literal].length;
      return 1;
    }
  }
  return 0;
}

typedef struct set_shape {
  uint32_t count;
  uint32_t min_length;
  uint32_t max_length;
  const char *alphabet;
  int fold;   /* 0 none, 1 every letter, 2 some letters (mixed) */
} set_shape;

static void random_set(uint32_t *seed, const set_shape *shape, literal_set *set) {
  literal_set_init(set, memory_default_allocator());
  size_t alphabet_length = strlen(shape->alphabet);
  for (uint32_t i = 0; i < shape->count; i++) {
    unsigned char bytes[64];
    unsigned char folds[64];
    uint32_t length =
        shape->min_length + next_random(seed) % (shape->max_length - shape->min_length + 1);
    for (uint32_t j = 0; j < length; j++) {
      unsigned char byte = (unsigned char)shape->alphabet[next_random(seed) % alphabet_length];
      int letter = (byte | 0x20) >= 'a' && (byte | 0x20) <= 'z';
      int fold = letter && (shape->fold == 1 || (shape->fold == 2 && next_random(seed) % 4 == 0));
      bytes[j] = fold ? (unsigned char)(byte | 0x20) : byte;
      folds[j] = fold ? LITERAL_FOLD : 0;
    }
    assert_int_equal(literal_set_add(set, bytes, folds, length), 0);
  }
}

/* A haystack from the alphabet (letters in random case) with literals of
 * the set planted. */
static void random_haystack(uint32_t *seed, const set_shape *shape, const literal_set *set,
                            unsigned char *haystack, size_t length) {
  size_t alphabet_length = strlen(shape->alphabet);
  for (size_t i = 0; i < length; i++) {
    unsigned char byte = (unsigned char)shape->alphabet[next_random(seed) % alphabet_length];
    if (((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z') && next_random(seed) % 8 == 0) {
      byte ^= 0x20;
    }
    haystack[i] = byte;
  }
  for (int planted = 0; planted < 3; planted++) {
    uint32_t index = next_random(seed) % set->count;
    uint32_t literal_length = set->literals[index].length;
    if (literal_length <= length) {
      size_t at = next_random(seed) % (length - literal_length + 1);
      memcpy(haystack + at, literal_set_bytes(set, index), literal_length);
    }
  }
}

static void expect_same(const char *what, int found, size_t start, size_t end, const literal_set *set,
                        const unsigned char *haystack, size_t length, size_t from) {
  size_t expected_start = 0;
  size_t expected_end = 0;
  int expected = plain_find(set, haystack, length, from, &expected_start, &expected_end);
  if (found != expected || (found && (start != expected_start || end != expected_end))) {
    fail_msg("%s: %u literals, haystack of %zu from %zu: %d [%zu, %zu), expected %d [%zu, %zu)",
             what, set->count, length, from, found, start, end, expected, expected_start,
             expected_end);
  }
}

/* Every way of searching set over one haystack, from several offsets;
 * sparse is the set's automaton built without the full table. */
static void check_searches(const literal_set *set, const literal_searcher *searcher,
                           const aho_corasick *sparse, const unsigned char *haystack,
                           size_t length, uint32_t *seed) {
  size_t froms[] = {0, 1, length / 2, next_random(seed) % (length + 1), length};
  for (size_t f = 0; f < COUNT_OF(froms); f++) {
    size_t from = froms[f] <= length ? froms[f] : length;
    size_t start = 0;
    size_t end = 0;
    int found = literal_searcher_find(searcher, NULL, haystack, length, from, &start, &end);
    expect_same("searcher", found, start, end, set, haystack, length, from);
    const aho_corasick *automaton = literal_searcher_automaton(searcher);
    assert_non_null(automaton);
    found = aho_corasick_find(automaton, haystack, length, from, &start, &end);
    expect_same("aho-corasick", found, start, end, set, haystack, length, from);
    found = aho_corasick_find(sparse, haystack, length, from, &start, &end);
    expect_same("sparse aho-corasick", found, start, end, set, haystack, length, from);
    if (searcher->kind == LITERAL_SEARCHER_TEDDY) {
      size_t stopped;
      found = searcher->teddy.kernel(&searcher->teddy, haystack, length, from, false, &start,
                                     &end, &stopped);
      expect_same("teddy", found, start, end, set, haystack, length, from);
      found = teddy_find_portable(&searcher->teddy, haystack, length, from, false, &start, &end,
                                  &stopped);
      expect_same("portable teddy", found, start, end, set, haystack, length, from);
    }
    uint32_t literal = plain_match_at(set, haystack, length, from);
    size_t anchored_end = 0;
    int anchored = literal_searcher_match_at(searcher, haystack, length, from, &anchored_end);
    assert_int_equal(anchored, literal != UINT32_MAX);
    if (anchored) {
      assert_int_equal(anchored_end, from + set->literals[literal].length);
    }
    anchored = aho_corasick_match_at(sparse, haystack, length, from, &anchored_end);
    assert_int_equal(anchored, literal != UINT32_MAX);
    if (anchored) {
      assert_int_equal(anchored_end, from + set->literals[literal].length);
    }
  }
}

/* A listed set's compare at every position of haystack
 * (literal_searcher_listed_match_at, which verifies the generated scans'
 * candidates, starting at the first head the position's byte allows)
 * against the plain loop. */
static void check_listed_compares(const literal_set *set, const literal_searcher *searcher,
                                  const unsigned char *haystack, size_t length) {
  if (set->count > LITERAL_SEARCHER_LISTED_MAX) {
    return;
  }
  for (size_t position = 0; position < length; position++) {
    uint32_t literal = plain_match_at(set, haystack, length, position);
    size_t end = 0;
    int listed = literal_searcher_listed_match_at(searcher, haystack, length, position, &end);
    if (listed != (literal != UINT32_MAX) ||
        (listed && end != position + set->literals[literal].length)) {
      fail_msg("listed compare: %u literals, haystack of %zu at %zu: %d end %zu, expected "
               "literal %u",
               set->count, length, position, listed, end, literal);
    }
  }
}

/* A searcher for set and its automaton with sparse edges; false when the
 * set has a letter folded too often where others have it exact. */
static int make_searchers(const literal_set *set, literal_searcher *searcher,
                          aho_corasick *sparse) {
  int status = literal_searcher_init(searcher, set);
  if (status == JRX_ERROR_INTERNAL) {
    return 0;
  }
  assert_int_equal(status, 0);
  /* A Teddy searcher builds its automaton only when a search needs it. */
  status = aho_corasick_build(sparse, set, 0);
  if (status == JRX_ERROR_INTERNAL) {
    literal_searcher_release(searcher);
    return 0;
  }
  assert_int_equal(status, 0);
  assert_null(sparse->table);
  return 1;
}

static void release_searchers(literal_searcher *searcher, aho_corasick *sparse) {
  literal_searcher_release(searcher);
  aho_corasick_release(sparse);
}

static const set_shape shapes[] = {
    {2, 1, 4, "ab", 0},
    {2, 4, 9, "acgtAC-T", 2}, /* NEON compares the leading bytes (teddy.compared) */
    {3, 1, 3, "abc", 0},
    {5, 3, 8, "abcdefgh", 0},
    {8, 1, 6, "abcd\xd0\xd1\x80\x81", 0},
    {9, 2, 5, "abcdefghij", 1},
    {16, 3, 9, "SHERLOCKholmes ", 1},
    {40, 1, 4, "abcdefghijklmnop", 0},
    {64, 3, 12, "abcdefghijklmnopqrstuvwxyz", 2},
    {64, 1, 2, "ab", 0},
    {65, 2, 6, "abcdef", 0},
    {200, 2, 8, "abcdefghijkl", 1},
    {1000, 3, 10, "abcdefghijklmnopqrstuvwxyz'", 0},
};

static void test_random_sets(void **state) {
  (void)state;
  uint32_t seed = 2718u;
  unsigned char haystack[700];
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    for (size_t s = 0; s < COUNT_OF(shapes); s++) {
      /* The plain loop costs literals x haystack: big sets get less. */
      int big = shapes[s].count > TEDDY_MAX_LITERALS;
      for (int round = 0; round < (big ? 2 : 6); round++) {
        literal_set set;
        random_set(&seed, &shapes[s], &set);
        literal_searcher searcher;
        aho_corasick sparse;
        if (!make_searchers(&set, &searcher, &sparse)) {
          assert_int_equal(shapes[s].fold, 2);
          literal_set_release(&set);
          continue;
        }
        for (size_t length = 0; length < (big ? 200 : sizeof haystack);
             length += 1 + length / 3) {
          random_haystack(&seed, &shapes[s], &set, haystack, length);
          check_searches(&set, &searcher, &sparse, haystack, length, &seed);
          check_listed_compares(&set, &searcher, haystack, length);
        }
        release_searchers(&searcher, &sparse);
        literal_set_release(&set);
      }
    }
  }
  simd_level_cap(simd_level_detected());
}

/* A big set (12,000 literals) gets sparse edges by itself. */
static void test_big_set_is_sparse(void **state) {
  (void)state;
  uint32_t seed = 31337u;
  set_shape shape = {12000, 8, 14, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWX",
                     0};
  literal_set set;
  random_set(&seed, &shape, &set);
  aho_corasick automaton;
  assert_int_equal(aho_corasick_build(&automaton, &set, AHO_CORASICK_MAX_TABLE_ENTRIES), 0);
  assert_null(automaton.table);
  assert_non_null(automaton.edge_start);
  static unsigned char haystack[600];
  random_haystack(&seed, &shape, &set, haystack, sizeof haystack);
  size_t start = 0;
  size_t end = 0;
  int found = aho_corasick_find(&automaton, haystack, sizeof haystack, 0, &start, &end);
  expect_same("sparse aho-corasick", found, start, end, &set, haystack, sizeof haystack, 0);
  aho_corasick_release(&automaton);
  literal_set_release(&set);
}

/* Leftmost-first details: the earlier start wins over the earlier end,
 * the first-listed over the longer at one start. */
static void test_leftmost_first(void **state) {
  (void)state;
  static const struct {
    const char *literals[4];
    const char *haystack;
    size_t start;
    size_t end;
  } cases[] = {
      {{"abcd", "bc", NULL}, "xabcd", 1, 5},
      {{"bc", "abcd", NULL}, "xabcd", 1, 5},
      {{"abce", "bc", NULL}, "xabcd", 2, 4},
      {{"a", "ab", NULL}, "ab", 0, 1},
      {{"ab", "a", NULL}, "ab", 0, 2},
      {{"Samwise", "Sam", NULL}, "Samwise", 0, 7},
      {{"Sam", "Samwise", NULL}, "Samwise", 0, 3},
      {{"b", "abcdefgh", "cd", NULL}, "abcdefgX", 1, 2},
      {{"nopqrs", "xyz", "mnopqrst", NULL}, "lmnopqrstu", 1, 9},
  };
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
      literal_set set;
      literal_set_init(&set, memory_default_allocator());
      for (size_t j = 0; cases[i].literals[j] != NULL; j++) {
        const char *text = cases[i].literals[j];
        assert_int_equal(
            literal_set_add(&set, (const unsigned char *)text, NULL, (uint32_t)strlen(text)), 0);
      }
      literal_searcher searcher;
      aho_corasick sparse;
      assert_true(make_searchers(&set, &searcher, &sparse));
      const unsigned char *haystack = (const unsigned char *)cases[i].haystack;
      size_t length = strlen(cases[i].haystack);
      size_t start = 0;
      size_t end = 0;
      assert_int_equal(literal_searcher_find(&searcher, NULL, haystack, length, 0, &start, &end), 1);
      assert_int_equal(start, cases[i].start);
      assert_int_equal(end, cases[i].end);
      uint32_t seed = 1;
      check_searches(&set, &searcher, &sparse, haystack, length, &seed);
      release_searchers(&searcher, &sparse);
      literal_set_release(&set);
    }
  }
  simd_level_cap(simd_level_detected());
}

/* Haystacks against PROT_NONE pages on either side. */
static void test_page_edges(void **state) {
  (void)state;
  guarded_page guarded;
  guarded_page_create(&guarded);
  uint32_t seed = 77u;
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    for (size_t s = 0; s < 4; s++) {
      literal_set set;
      random_set(&seed, &shapes[s], &set);
      literal_searcher searcher;
      aho_corasick sparse;
      assert_true(make_searchers(&set, &searcher, &sparse));
      for (size_t length = 0; length <= 200; length++) {
        for (int at_end = 0; at_end < 2; at_end++) {
          unsigned char *haystack = guarded_page_subject(&guarded, length, at_end);
          random_haystack(&seed, &shapes[s], &set, haystack, length);
          check_searches(&set, &searcher, &sparse, haystack, length, &seed);
        }
      }
      release_searchers(&searcher, &sparse);
      literal_set_release(&set);
    }
  }
  simd_level_cap(simd_level_detected());
  guarded_page_release(&guarded);
}

/* Alignments tried: every offset within the widest vector (AVX2's 32
 * bytes), so each kernel's loads start at every offset of its vectors. */
#define ALIGNMENTS 32u
#define EVERY_LENGTH_MAX 300u

/* Every Teddy kernel this CPU has (through teddy_applies and teddy_init
 * at each level) against the plain loop on haystacks of every length
 * 0-300 at every alignment, from the start and from a third in: the same
 * bytes at each alignment, so the plain answer is computed once. A
 * literal is planted at the end (the last block, which overlaps the one
 * before it), at the start, in between, or not at all. */
static void test_teddy_every_length_and_alignment(void **state) {
  (void)state;
  static const set_shape teddy_shapes[] = {
      {2, 1, 4, "ab", 0},
      {2, 4, 9, "acgtAC-T", 2},
      {16, 3, 9, "SHERLOCKholmes ", 1},
      {64, 3, 12, "abcdefghijklmnopqrstuvwxyz", 2},
  };
  static unsigned char storage[EVERY_LENGTH_MAX + ALIGNMENTS + 64];
  unsigned char content[EVERY_LENGTH_MAX];
  uint32_t seed = 4242u;
  size_t kernels_run = 0;
  bool detected_level_run = false;
  for (size_t s = 0; s < COUNT_OF(teddy_shapes); s++) {
    literal_set set;
    random_set(&seed, &teddy_shapes[s], &set);
    teddy searchers[COUNT_OF(all_levels)];
    size_t searcher_count = 0;
    for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
      if (!simd_level_available(all_levels[l])) {
        continue;
      }
      simd_level_cap(all_levels[l]);
      if (teddy_applies(&set)) {
        teddy_init(&searchers[searcher_count], &set);
        detected_level_run |= searchers[searcher_count].level == simd_level_detected();
        searcher_count++;
      }
    }
    simd_level_cap(simd_level_detected());
    for (size_t length = 0; length <= EVERY_LENGTH_MAX; length++) {
      random_haystack(&seed, &teddy_shapes[s], &set, content, length);
      uint32_t index = next_random(&seed) % set.count;
      uint32_t literal_length = set.literals[index].length;
      if (literal_length <= length && length % 4 != 3) {
        size_t places[] = {length - literal_length, 0, (length - literal_length) / 2};
        memcpy(content + places[length % 4], literal_set_bytes(&set, index), literal_length);
      }
      size_t froms[] = {0, length / 3};
      for (size_t f = 0; f < COUNT_OF(froms); f++) {
        size_t expected_start = 0;
        size_t expected_end = 0;
        int expected = plain_find(&set, content, length, froms[f], &expected_start, &expected_end);
        for (size_t alignment = 0; alignment < ALIGNMENTS; alignment++) {
          unsigned char *haystack = storage + alignment;
          memcpy(haystack, content, length);
          for (size_t k = 0; k < searcher_count; k++) {
            size_t start = 0;
            size_t end = 0;
            size_t stopped;
            int found = searchers[k].kernel(&searchers[k], haystack, length, froms[f], false,
                                            &start, &end, &stopped);
            if (found != expected || (found && (start != expected_start || end != expected_end))) {
              fail_msg("teddy level %d, %u literals, haystack of %zu at alignment %zu from %zu: "
                       "%d [%zu, %zu), expected %d [%zu, %zu)",
                       (int)searchers[k].level, set.count, length, alignment, froms[f], found,
                       start, end, expected, expected_start, expected_end);
            }
            kernels_run++;
          }
        }
      }
    }
    literal_set_release(&set);
  }
  /* The portable kernel at least, and the CPU's best. */
  assert_true(detected_level_run);
  assert_true(kernels_run >= COUNT_OF(teddy_shapes) * (EVERY_LENGTH_MAX + 1) * 2 * ALIGNMENTS);
}

/* A letter folded in a literal and exact in others, in more than six
 * places of one literal: too many case variants for the trie. */
static void test_too_many_case_variants(void **state) {
  (void)state;
  literal_set set;
  literal_set_init(&set, memory_default_allocator());
  static const unsigned char folded[] = "aaaaaaa";
  static const unsigned char folds[] = {LITERAL_FOLD, LITERAL_FOLD, LITERAL_FOLD, LITERAL_FOLD,
                                        LITERAL_FOLD, LITERAL_FOLD, LITERAL_FOLD};
  assert_int_equal(literal_set_add(&set, folded, folds, 7), 0);
  assert_int_equal(literal_set_add(&set, (const unsigned char *)"A", NULL, 1), 0);
  aho_corasick automaton;
  assert_int_equal(aho_corasick_build(&automaton, &set, AHO_CORASICK_MAX_TABLE_ENTRIES),
                   JRX_ERROR_INTERNAL);
  literal_set_release(&set);
}

/* Prefixes: a literal goes when another it begins with covers it (a
 * folded byte covers both cases, an exact one only itself); of equal
 * ones the first stays. */
static void test_drop_covered_prefixes(void **state) {
  (void)state;
  literal_set set;
  literal_set_init(&set, memory_default_allocator());
  static const unsigned char both_folded[] = {LITERAL_FOLD, LITERAL_FOLD};
  static const unsigned char second_folded[] = {0, LITERAL_FOLD, 0};
  assert_int_equal(literal_set_add(&set, (const unsigned char *)"ab", both_folded, 2), 0);
  static const char *const exact[] = {"abc", "Abd", "xy", "xy", "xyz", "q", "cd"};
  for (size_t i = 0; i < sizeof exact / sizeof *exact; i++) {
    assert_int_equal(
        literal_set_add(&set, (const unsigned char *)exact[i], NULL, (uint32_t)strlen(exact[i])),
        0);
  }
  assert_int_equal(literal_set_add(&set, (const unsigned char *)"cde", second_folded, 3), 0);
  literal_set_drop_covered_prefixes(&set);
  static const char *const kept[] = {"ab", "xy", "q", "cd", "cde"};
  assert_int_equal(set.count, sizeof kept / sizeof *kept);
  for (uint32_t i = 0; i < set.count; i++) {
    assert_int_equal(set.literals[i].length, strlen(kept[i]));
    assert_memory_equal(literal_set_bytes(&set, i), kept[i], strlen(kept[i]));
  }
  assert_int_equal(set.longest, 3);
  literal_set_release(&set);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_random_sets),    cmocka_unit_test(test_big_set_is_sparse),
      cmocka_unit_test(test_leftmost_first), cmocka_unit_test(test_page_edges),
      cmocka_unit_test(test_too_many_case_variants),
      cmocka_unit_test(test_drop_covered_prefixes),
      cmocka_unit_test(test_teddy_every_length_and_alignment),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
