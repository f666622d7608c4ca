/* test_literal_extract: the literals read off a program's NFA
 * (search/literal_extract.h): exact sets in leftmost-first order, case
 * folding (pairs differing in bit 0x20, ASCII letters and the second byte
 * of many Cyrillic letters, become one folded byte; Unicode's extra
 * variants such as U+017F and U+212A stay literals of their own), prefixes cut at
 * loops, big classes, assertions and the length limit, and the limits on
 * count and size. Literals print as text, a folded letter as ~x, other
 * bytes outside ASCII as \xHH, joined by |. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/jrx_internal.h"
#include "regex/memory.h"
#include "regex/search/literal_extract.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static const literal_limits test_limits = {
    .max_count = 64, .max_length = 16, .max_total_bytes = 4096, .only_exact = false};

static jrx *compile_or_fail(const char *pattern, uint32_t options) {
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(pattern, strlen(pattern), options | JRX_NO_JIT, &error, &offset);
  if (re == NULL) {
    fail_msg("/%s/ does not compile: error %d at %zu", pattern, error, offset);
  }
  return re;
}

static void format_set(const literal_set *set, char *out, size_t size) {
  size_t used = 0;
  out[0] = '\0';
  for (uint32_t i = 0; i < set->count; i++) {
    const unsigned char *bytes = literal_set_bytes(set, i);
    const unsigned char *folds = literal_set_folds(set, i);
    if (i > 0) {
      used += (size_t)snprintf(out + used, size - used, "|");
    }
    for (uint32_t j = 0; j < set->literals[i].length && used < size; j++) {
      if (folds[j] != 0) {
        used += (size_t)snprintf(out + used, size - used, "~");
      }
      if (bytes[j] >= 0x20 && bytes[j] < 0x7f) {
        used += (size_t)snprintf(out + used, size - used, "%c", bytes[j]);
      } else {
        used += (size_t)snprintf(out + used, size - used, "\\x%02x", bytes[j]);
      }
    }
  }
}

typedef struct extract_case {
  const char *pattern;
  uint32_t options;
  literal_extraction extraction;
  const char *literals; /* NULL for LITERAL_EXTRACTION_NONE */
} extract_case;

static const extract_case cases[] = {
    {"Sherlock Holmes", 0, LITERAL_EXTRACTION_EXACT, "Sherlock Holmes"},
    {"(?i)sherlock", 0, LITERAL_EXTRACTION_EXACT, "~s~h~e~r~l~o~c~k"},
    {"x(?i:ab)Y", 0, LITERAL_EXTRACTION_EXACT, "x~a~bY"},
    /* UTF caseless: s also matches U+017F, k also U+212A (the variants
     * exclude one another, so their order is the NFA's). */
    {"(?i)sk", JRX_UTF, LITERAL_EXTRACTION_EXACT,
     "\\xc5\\xbf\\xe2\\x84\\xaa|\\xc5\\xbf~k|~s\\xe2\\x84\\xaa|~s~k"},
    {"(?i)\\x{444}", JRX_UTF, LITERAL_EXTRACTION_EXACT, "\\xd1\\x84|\\xd0\\xa4"},
    /* Cyrillic U+0430-U+043F and their capitals differ in bit 0x20 of
     * the second byte, after a shared first byte the walk does not merge
     * (literal_set_merge_case_pairs does: test_merging). */
    {"(?i)\\x{435}\\x{43b}", JRX_UTF, LITERAL_EXTRACTION_EXACT,
     "\\xd0\\xb5\\xd0\\xbb|\\xd0\\xb5\\xd0\\x9b|\\xd0\\x95\\xd0\\xbb|\\xd0\\x95\\xd0\\x9b"},
    /* Leftmost-first order: the alternative listed first wins at one
     * position, whichever is longer. */
    {"a|ab", 0, LITERAL_EXTRACTION_EXACT, "a|ab"},
    {"ab|a", 0, LITERAL_EXTRACTION_EXACT, "ab|a"},
    {"(?:a|ab)(?:c|bcd)", 0, LITERAL_EXTRACTION_EXACT, "ac|abcd|abc|abbcd"},
    {"a{2,3}", 0, LITERAL_EXTRACTION_EXACT, "aaa|aa"},
    {"a{2,3}?", 0, LITERAL_EXTRACTION_EXACT, "aa|aaa"},
    {"gr[ae]y", 0, LITERAL_EXTRACTION_EXACT, "gray|grey"},
    {"(?i)[a-c]x", 0, LITERAL_EXTRACTION_EXACT, "~a~x|~b~x|~c~x"},
    {"(a)(b)", 0, LITERAL_EXTRACTION_EXACT, "ab"},
    {"abc(?:[^\\x00-\\xff]|d)", 0, LITERAL_EXTRACTION_EXACT, "abcd"},
    {"\\x00\\xff", 0, LITERAL_EXTRACTION_EXACT, "\\x00\\xff"},
    /* Prefixes: assertions assumed to hold, loops and big classes cut. */
    {"\\bfoo\\b", 0, LITERAL_EXTRACTION_PREFIXES, "foo"},
    {"(?m)^foo|bar$", 0, LITERAL_EXTRACTION_PREFIXES, "foo|bar"},
    {"foo\\w+", 0, LITERAL_EXTRACTION_PREFIXES, "foo"},
    {"(?:ab)+c", 0, LITERAL_EXTRACTION_PREFIXES, "ab|abc"},
    {"x[a-z]y", 0, LITERAL_EXTRACTION_PREFIXES, "x"},
    {"abcdefghijklmnopqrstuvwxyz", 0, LITERAL_EXTRACTION_PREFIXES, "abcdefghijklmnop"},
    /* Nothing: a match may begin anywhere, be empty, or none exists. */
    {"\\w+", 0, LITERAL_EXTRACTION_NONE, NULL},
    {"[a-z]+ing", 0, LITERAL_EXTRACTION_NONE, NULL},
    {"x*", 0, LITERAL_EXTRACTION_NONE, NULL},
    {"a|", 0, LITERAL_EXTRACTION_NONE, NULL},
    {"", 0, LITERAL_EXTRACTION_NONE, NULL},
    {"[^\\x00-\\xff]", 0, LITERAL_EXTRACTION_NONE, NULL},
    /* Over the count (65 literals) or the class limit. */
    {"[0-7][0-7][0-7]", 0, LITERAL_EXTRACTION_NONE, NULL},
    {"\\d\\d", 0, LITERAL_EXTRACTION_NONE, NULL},
};

static void test_cases(void **state) {
  (void)state;
  for (size_t i = 0; i < COUNT_OF(cases); i++) {
    jrx *re = compile_or_fail(cases[i].pattern, cases[i].options);
    literal_set set;
    literal_set_init(&set, re->program.allocator);
    literal_extraction extraction;
    assert_int_equal(literal_extract(&re->program, &test_limits, &set, &extraction), 0);
    char text[1024];
    format_set(&set, text, sizeof text);
    if (extraction != cases[i].extraction ||
        (cases[i].literals != NULL && strcmp(text, cases[i].literals) != 0)) {
      fail_msg("/%s/: extraction %d \"%s\", expected %d \"%s\"", cases[i].pattern,
               (int)extraction, text, (int)cases[i].extraction,
               cases[i].literals != NULL ? cases[i].literals : "");
    }
    if (extraction == LITERAL_EXTRACTION_NONE) {
      assert_int_equal(set.count, 0);
    }
    literal_set_release(&set);
    jrx_free(re);
  }
}

/* Neighbours merged: case pairs into folded bytes, literals another
 * covers dropped, but only past literals that exclude the moved one. */
static void test_merging(void **state) {
  (void)state;
  static const struct {
    const char *literals[6];
    const char *merged;
  } merges[] = {
      {{"ab", "aB", "Ab", "AB", NULL}, "~a~b"},
      {{"ab", "abc", "aB", NULL}, "a~b|abc"},
      {{"ab", "a", "aB", NULL}, "ab|a|aB"},
      {{"ab", "ab", "xy", NULL}, "ab|xy"},
      {{"ab", "cd", "ab", NULL}, "ab|cd"},
      {{"ab", "abcd", "ab", NULL}, "ab|abcd"},
      {{"\xd0\xb5", "\xd0\x95", NULL}, "\\xd0~\\xb5"},
      {{"a!", "aA", NULL}, "a!|aA"},
  };
  for (size_t i = 0; i < COUNT_OF(merges); i++) {
    literal_set set;
    literal_set_init(&set, memory_default_allocator());
    for (size_t j = 0; merges[i].literals[j] != NULL; j++) {
      const char *text = merges[i].literals[j];
      assert_int_equal(
          literal_set_add(&set, (const unsigned char *)text, NULL, (uint32_t)strlen(text)), 0);
    }
    literal_set_merge_case_pairs(&set);
    char text[256];
    format_set(&set, text, sizeof text);
    if (strcmp(text, merges[i].merged) != 0) {
      fail_msg("case %zu: merged to \"%s\", expected \"%s\"", i, text, merges[i].merged);
    }
    literal_set_release(&set);
  }
}

/* With only_exact the walk stops at the first cut or assertion. */
static void test_only_exact(void **state) {
  (void)state;
  literal_limits limits = test_limits;
  limits.only_exact = true;
  static const char *const inexact[] = {"\\bfoo", "foo\\w+", "(?:ab)+c"};
  for (size_t i = 0; i < COUNT_OF(inexact); i++) {
    jrx *re = compile_or_fail(inexact[i], 0);
    literal_set set;
    literal_set_init(&set, re->program.allocator);
    literal_extraction extraction;
    assert_int_equal(literal_extract(&re->program, &limits, &set, &extraction), 0);
    assert_int_equal(extraction, LITERAL_EXTRACTION_NONE);
    literal_set_release(&set);
    jrx_free(re);
  }
}

/* A long alternation, as jrxgrep -f builds: every word in order, with
 * the walk's work linear in the pattern. */
static void test_word_list(void **state) {
  (void)state;
  enum { WORDS = 3000 };
  static char pattern[WORDS * 16];
  size_t length = 0;
  for (int i = 0; i < WORDS; i++) {
    length += (size_t)snprintf(pattern + length, sizeof pattern - length, "%s(?:w%d\\E)",
                               i > 0 ? "|" : "", i);
  }
  jrx *re = compile_or_fail(pattern, 0);
  literal_limits limits = {
      .max_count = WORDS, .max_length = 64, .max_total_bytes = 1u << 20, .only_exact = true};
  literal_set set;
  literal_set_init(&set, re->program.allocator);
  literal_extraction extraction;
  assert_int_equal(literal_extract(&re->program, &limits, &set, &extraction), 0);
  assert_int_equal(extraction, LITERAL_EXTRACTION_EXACT);
  assert_int_equal(set.count, WORDS);
  for (uint32_t i = 0; i < WORDS; i++) {
    char word[16];
    int word_length = snprintf(word, sizeof word, "w%u", i);
    assert_int_equal(set.literals[i].length, word_length);
    assert_memory_equal(literal_set_bytes(&set, i), word, (size_t)word_length);
  }
  literal_set_release(&set);
  limits.max_count = WORDS - 1;
  assert_int_equal(literal_extract(&re->program, &limits, &set, &extraction), 0);
  assert_int_equal(extraction, LITERAL_EXTRACTION_NONE);
  jrx_free(re);
}

/* Early give-ups at the limits: a family too big to fit (every member
 * of \d{3} is listed, or none), and one that emits nothing costs no
 * literal. */
static void test_family_limits(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    uint32_t max_count;
    size_t max_total_bytes;
    uint32_t max_distinct;
    literal_extraction extraction;
    uint32_t count;
  } limit_cases[] = {
      {"[0-7][0-7]", 64, 4096, 0, LITERAL_EXTRACTION_EXACT, 64},
      {"[0-7][0-7]|x", 64, 4096, 0, LITERAL_EXTRACTION_NONE, 0},
      {"x|[0-7][0-7]", 64, 4096, 0, LITERAL_EXTRACTION_NONE, 0},
      {"x|[0-7][0-7]", 65, 4096, 0, LITERAL_EXTRACTION_EXACT, 65},
      {"[0-7][0-7]", 64, 128, 0, LITERAL_EXTRACTION_EXACT, 64},
      {"[0-7][0-7]", 64, 127, 0, LITERAL_EXTRACTION_NONE, 0},
      {"\\d\\d\\d[^\\x00-\\xff]|ab", 2, 4096, 0, LITERAL_EXTRACTION_EXACT, 1},
      {"\\d{4}", 9999, 1u << 20, 0, LITERAL_EXTRACTION_NONE, 0},
      {"\\d{4}", 10000, 1u << 20, 0, LITERAL_EXTRACTION_EXACT, 10000},
      /* Distinct keys: case variants share one, a family's members not. */
      {"ab|aB|Ab|AB|cd", 64, 4096, 2, LITERAL_EXTRACTION_EXACT, 5},
      {"ab|aB|Ab|AB|cd|e", 64, 4096, 2, LITERAL_EXTRACTION_NONE, 0},
      {"[a-d]x", 64, 4096, 4, LITERAL_EXTRACTION_EXACT, 4},
      {"[a-e]x", 64, 4096, 4, LITERAL_EXTRACTION_NONE, 0},
      {"(?i)[a-e]x", 64, 4096, 5, LITERAL_EXTRACTION_EXACT, 5},
  };
  for (size_t i = 0; i < COUNT_OF(limit_cases); i++) {
    jrx *re = compile_or_fail(limit_cases[i].pattern, 0);
    literal_limits limits = {.max_count = limit_cases[i].max_count,
                             .max_distinct = limit_cases[i].max_distinct,
                             .max_length = 16,
                             .max_total_bytes = limit_cases[i].max_total_bytes};
    literal_set set;
    literal_set_init(&set, re->program.allocator);
    literal_extraction extraction;
    assert_int_equal(literal_extract(&re->program, &limits, &set, &extraction), 0);
    if (extraction != limit_cases[i].extraction || set.count != limit_cases[i].count) {
      fail_msg("/%s/: extraction %d with %u literals, expected %d with %u",
               limit_cases[i].pattern, (int)extraction, set.count,
               (int)limit_cases[i].extraction, limit_cases[i].count);
    }
    literal_set_release(&set);
    jrx_free(re);
  }
  jrx *re = compile_or_fail("ab", 0);
  literal_limits limits = test_limits;
  limits.max_distinct = LITERAL_EXTRACT_MAX_DISTINCT + 1;
  literal_set set;
  literal_set_init(&set, re->program.allocator);
  literal_extraction extraction;
  assert_int_equal(literal_extract(&re->program, &limits, &set, &extraction),
                   JRX_ERROR_INTERNAL);
  assert_int_equal(extraction, LITERAL_EXTRACTION_NONE);
  jrx_free(re);
}

static bool sets_equal(const literal_set *a, const literal_set *b) {
  if (a->count != b->count || a->byte_count != b->byte_count) {
    return false;
  }
  for (uint32_t i = 0; i < a->count; i++) {
    uint32_t length = a->literals[i].length;
    if (b->literals[i].length != length ||
        memcmp(literal_set_bytes(a, i), literal_set_bytes(b, i), length) != 0 ||
        memcmp(literal_set_folds(a, i), literal_set_folds(b, i), length) != 0) {
      return false;
    }
  }
  return true;
}

/* How many distinct literal_fold_keys a set has. */
static uint32_t distinct_keys(const literal_set *set) {
  uint32_t distinct = 0;
  for (uint32_t i = 0; i < set->count; i++) {
    uint64_t key = literal_fold_key(literal_set_bytes(set, i), set->literals[i].length);
    uint32_t j = 0;
    while (j < i &&
           literal_fold_key(literal_set_bytes(set, j), set->literals[j].length) != key) {
      j++;
    }
    distinct += j == i;
  }
  return distinct;
}

static const char *const walk_pieces[] = {
    "a",  "(?i:b)", "[0-3]", "[a-c]", "\\d",     "(?:x|yz)", "[^\\x00-\\xff]",
    "q?", "(?:r|)", "(?:st)+", "\\b", "(?i:k)", "(?i:\\x{434})", "(?i:[a-c][x-z])"};

/* One generated pattern: a walk with limits gives the whole walk's
 * answer, or nothing exactly when that answer is over them; merging
 * keeps at least as many literals as the set has distinct keys. */
static void check_walk_limits(const char *pattern, uint32_t options) {
  static const uint32_t counts[] = {1, 2, 5, 16, 64};
  static const uint32_t distincts[] = {1, 2, 4, 16};
  jrx *re = compile_or_fail(pattern, options);
  for (int exact = 0; exact < 2; exact++) {
    for (uint32_t max_length = 3; max_length <= 16; max_length += 13) {
      literal_limits limits = {.max_count = 1u << 20,
                               .max_length = max_length,
                               .max_total_bytes = 1u << 16,
                               .only_exact = exact != 0};
      literal_set whole;
      literal_set_init(&whole, re->program.allocator);
      literal_extraction whole_extraction;
      assert_int_equal(literal_extract(&re->program, &limits, &whole, &whole_extraction), 0);
      uint32_t keys = distinct_keys(&whole);
      for (size_t i = 0; i < COUNT_OF(counts) + COUNT_OF(distincts); i++) {
        literal_limits limited = limits;
        bool over;
        if (i < COUNT_OF(counts)) {
          limited.max_count = counts[i];
          over = whole.count > counts[i];
        } else {
          limited.max_distinct = distincts[i - COUNT_OF(counts)];
          over = keys > limited.max_distinct;
        }
        literal_set set;
        literal_set_init(&set, re->program.allocator);
        literal_extraction extraction;
        assert_int_equal(literal_extract(&re->program, &limited, &set, &extraction), 0);
        bool expected = over ? extraction == LITERAL_EXTRACTION_NONE
                             : extraction == whole_extraction && sets_equal(&set, &whole);
        if (!expected) {
          fail_msg("/%s/ (options %#x, exact %d, length %u, count %u, distinct %u): "
                   "extraction %d with %u literals, the whole walk %d with %u (%u keys)",
                   pattern, options, exact, max_length, limited.max_count,
                   limited.max_distinct, (int)extraction, set.count, (int)whole_extraction,
                   whole.count, keys);
        }
        literal_set_release(&set);
      }
      literal_set_merge_case_pairs(&whole);
      if (whole.count < keys) {
        fail_msg("/%s/: merged to %u literals with %u distinct keys", pattern, whole.count, keys);
      }
      literal_set_release(&whole);
    }
  }
  jrx_free(re);
}

/* Every pair of pieces, followed by every third piece (a third of the
 * triples: the walks are slow under the sanitizers). */
static void test_limits_keep_answers(void **state) {
  (void)state;
  size_t pieces = COUNT_OF(walk_pieces);
  for (size_t a = 0; a < pieces; a++) {
    for (size_t b = 0; b < pieces; b++) {
      for (size_t c = (a + b) % 3; c < pieces; c += 3) {
        char pattern[128];
        snprintf(pattern, sizeof pattern, "%s%s|%s", walk_pieces[a], walk_pieces[b],
                 walk_pieces[c]);
        check_walk_limits(pattern, JRX_UTF);
        snprintf(pattern, sizeof pattern, "%s%s%s", walk_pieces[a], walk_pieces[b],
                 walk_pieces[c]);
        check_walk_limits(pattern, JRX_UTF);
      }
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cases),
      cmocka_unit_test(test_merging),
      cmocka_unit_test(test_only_exact),
      cmocka_unit_test(test_word_list),
      cmocka_unit_test(test_family_limits),
      cmocka_unit_test(test_limits_keep_answers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
