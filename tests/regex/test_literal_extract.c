/* test_literal_extract: the literals read off a program's NFA
 * (search/literal_extract.h): exact sets in leftmost-first order, case
 * folding (pairs differing in bit 0x20, ASCII letters and the second byte
 * of many Cyrillic letters, become one folded byte; Unicode's extra
 * variants such as U+017F and U+212A stay literals of their own), prefixes cut at
 * loops, big classes, assertions and the length limit, and the limits on
 * count and size. Literals print as text, a folded letter as ~x, other
 * bytes outside ASCII as \xHH, joined by |. */
#include <setjmp.h>
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cases),
      cmocka_unit_test(test_merging),
      cmocka_unit_test(test_only_exact),
      cmocka_unit_test(test_word_list),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
