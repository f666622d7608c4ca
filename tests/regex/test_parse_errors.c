/* test_parse_errors: every error code with its exact offset. Syntax errors
 * must be errors for PCRE2 too, at the same offset; constructs rejected as
 * unsupported must be ones PCRE2 accepts, which shows they are subset
 * decisions and not misreadings. Then the limits, just under and just
 * over each, and invalid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse_test_support.h"
#include "regex/memory.h"
#include "unsupported_construct.h"

typedef struct error_case {
  const char *pattern;
  uint32_t options;
  int code;
  size_t offset;
} error_case;

typedef enum oracle_expectation {
  PCRE2_REJECTS_AT_SAME_OFFSET,
  PCRE2_ACCEPTS,
  NO_ORACLE /* limits of jrx's own, or arguments PCRE2 takes differently */
} oracle_expectation;

static void check_error(const char *pattern, size_t length, uint32_t options,
                        const parse_limits *limits, int code, size_t offset,
                        oracle_expectation expectation) {
  ast_tree tree;
  size_t error_offset = SIZE_MAX;
  int status = parse_pattern(pattern, length, options, limits, memory_default_allocator(), &tree,
                             &error_offset);
  if (status != code || error_offset != offset) {
    print_error("pattern %.60s (options %#x): got %d at %zu, expected %d at %zu\n", pattern,
                (unsigned)options, status, error_offset, code, offset);
    fail();
  }
  assert_null(tree.root);
  assert_int_equal(tree.name_count, 0);
  size_t pcre2_offset = SIZE_MAX;
  int accepted =
      expectation == NO_ORACLE || parse_test_pcre2_accepts(pattern, length, options, &pcre2_offset);
  if (expectation == PCRE2_ACCEPTS && !accepted) {
    print_error("PCRE2 rejects unsupported %s at %zu\n", pattern, pcre2_offset);
    fail();
  }
  if (expectation == PCRE2_REJECTS_AT_SAME_OFFSET && (accepted || pcre2_offset != offset)) {
    print_error("PCRE2 on %s: %s at %zu, jrx at %zu\n", pattern, accepted ? "accepted" : "rejected",
                pcre2_offset, offset);
    fail();
  }
}

static void check_error_table(const error_case *cases, size_t count) {
  for (size_t index = 0; index < count; index++) {
    const error_case *test = &cases[index];
    check_error(test->pattern, strlen(test->pattern), test->options, NULL, test->code, test->offset,
                unsupported_construct_code(test->code) ? PCRE2_ACCEPTS
                                                       : PCRE2_REJECTS_AT_SAME_OFFSET);
  }
}

#define CHECK_ERRORS(cases) check_error_table(cases, sizeof cases / sizeof cases[0])

static void test_escape_errors(void **context) {
  (void)context;
  static const error_case cases[] = {
      {"a\\", 0, JRX_ERROR_END_BACKSLASH, 2},
      {"[a\\", 0, JRX_ERROR_END_BACKSLASH, 3},
      {"\\i", 0, JRX_ERROR_UNKNOWN_ESCAPE, 1},
      {"[\\q]", 0, JRX_ERROR_UNKNOWN_ESCAPE, 2},
      {"\\L", 0, JRX_ERROR_UNKNOWN_ESCAPE, 2},
      {"[\\u]", 0, JRX_ERROR_UNKNOWN_ESCAPE, 3},
      {"\\N{x}", 0, JRX_ERROR_UNKNOWN_ESCAPE, 2},
      {"\\N{,3}", 0, JRX_ERROR_UNKNOWN_ESCAPE, 2},
      {"\\N{U+41}", 0, JRX_ERROR_UNKNOWN_ESCAPE, 2},
      {"\\g", 0, JRX_ERROR_UNKNOWN_ESCAPE, 2},
      {"\\kx", 0, JRX_ERROR_UNKNOWN_ESCAPE, 2},
      {"\\x{}", 0, JRX_ERROR_BAD_ESCAPE_VALUE, 3},
      {"\\x{", 0, JRX_ERROR_BAD_ESCAPE_VALUE, 3},
      {"\\x{41", 0, JRX_ERROR_BAD_ESCAPE_VALUE, 4},
      {"\\x{ 41}", 0, JRX_ERROR_BAD_ESCAPE_VALUE, 3},
      {"\\o", 0, JRX_ERROR_BAD_ESCAPE_VALUE, 1},
      {"\\ox", 0, JRX_ERROR_BAD_ESCAPE_VALUE, 2},
      {"[\\o]", 0, JRX_ERROR_BAD_ESCAPE_VALUE, 3},
      {"\\o{8}", 0, JRX_ERROR_BAD_ESCAPE_VALUE, 3},
      {"\\o{12", 0, JRX_ERROR_BAD_ESCAPE_VALUE, 4},
      {"\\N{U+}", JRX_UTF, JRX_ERROR_BAD_ESCAPE_VALUE, 5},
      {"\\N{U+41", JRX_UTF, JRX_ERROR_BAD_ESCAPE_VALUE, 6},
      {"\\c", 0, JRX_ERROR_BAD_CONTROL_ESCAPE, 2},
      {"[\\c", 0, JRX_ERROR_BAD_CONTROL_ESCAPE, 3},
      {"\\c\x7f", 0, JRX_ERROR_BAD_CONTROL_ESCAPE, 2},
      {"\\c\xc3\xa9", JRX_UTF, JRX_ERROR_BAD_CONTROL_ESCAPE, 2},
      {"\\x{100}", 0, JRX_ERROR_CODE_POINT_TOO_BIG, 6},
      {"\\o{400}", 0, JRX_ERROR_CODE_POINT_TOO_BIG, 6},
      {"\\400", 0, JRX_ERROR_CODE_POINT_TOO_BIG, 4},
      {"[\\400]", 0, JRX_ERROR_CODE_POINT_TOO_BIG, 5},
      {"\\x{110000}", JRX_UTF, JRX_ERROR_CODE_POINT_TOO_BIG, 9},
      {"\\x{1234567890}", JRX_UTF, JRX_ERROR_CODE_POINT_TOO_BIG, 13},
      {"\\x{d800}", JRX_UTF, JRX_ERROR_CODE_POINT_TOO_BIG, 7},
      {"\\N{U+DFFF}", JRX_UTF, JRX_ERROR_CODE_POINT_TOO_BIG, 9},
      {"[\\z]", 0, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, 2},
      {"[\\B]", 0, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, 2},
      {"[\\R]", 0, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, 2},
      {"[\\X]", 0, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, 2},
      {"[\\K]", 0, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, 2},
      {"[\\k<n>]", 0, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, 2},
      {"[\\N]", 0, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, 3},
      {"[\\N{3}]", 0, JRX_ERROR_ESCAPE_INVALID_IN_CLASS, 3},
  };
  CHECK_ERRORS(cases);
}

static void test_class_errors(void **context) {
  (void)context;
  static const error_case cases[] = {
      {"[a", 0, JRX_ERROR_MISSING_BRACKET, 2},
      {"[]", 0, JRX_ERROR_MISSING_BRACKET, 2},
      {"[^]", 0, JRX_ERROR_MISSING_BRACKET, 3},
      {"[\\Qa]", 0, JRX_ERROR_MISSING_BRACKET, 5},
      {"(?xx)[ ]", 0, JRX_ERROR_MISSING_BRACKET, 8},
      {"[z-a]", 0, JRX_ERROR_BAD_CLASS_RANGE, 3},
      {"[a-\\b]", 0, JRX_ERROR_BAD_CLASS_RANGE, 4},
      {"[a-\\x{40}]", 0, JRX_ERROR_BAD_CLASS_RANGE, 8},
      {"[\xc3\xa9-a]", JRX_UTF, JRX_ERROR_BAD_CLASS_RANGE, 4},
      {"[a-\\d]", 0, JRX_ERROR_BAD_CLASS_RANGE, 5},
      {"[\\d-a]", 0, JRX_ERROR_BAD_CLASS_RANGE, 3},
      {"[\\d-\\E]", 0, JRX_ERROR_BAD_CLASS_RANGE, 3},
      {"[a-[:digit:]]", 0, JRX_ERROR_BAD_CLASS_RANGE, 4},
      {"[[:digit:]-a]", 0, JRX_ERROR_BAD_CLASS_RANGE, 10},
      /* Escapes that are no characters fail as range ends before failing
       * for themselves. */
      {"[a-\\z]", 0, JRX_ERROR_BAD_CLASS_RANGE, 5},
      {"[a-\\N]", 0, JRX_ERROR_BAD_CLASS_RANGE, 5},
      {"[a-\\pL]", 0, JRX_ERROR_BAD_CLASS_RANGE, 5},
      {"[[:foo:]]", 0, JRX_ERROR_BAD_POSIX_CLASS, 3},
      {"[[:^foo:]]", 0, JRX_ERROR_BAD_POSIX_CLASS, 4},
      {"[[: alpha:]]", 0, JRX_ERROR_BAD_POSIX_CLASS, 3},
      {"[a[:<:]]", 0, JRX_ERROR_BAD_POSIX_CLASS, 4},
      {"[:alpha:]", 0, JRX_ERROR_BAD_POSIX_CLASS, 0},
      {"[.a.]", 0, JRX_ERROR_BAD_POSIX_CLASS, 0},
      {"[[.a.]]", 0, JRX_ERROR_BAD_POSIX_CLASS, 1},
      {"[[=a=]]", 0, JRX_ERROR_BAD_POSIX_CLASS, 1},
  };
  CHECK_ERRORS(cases);
}

static void test_group_errors(void **context) {
  (void)context;
  static const error_case cases[] = {
      {"(", 0, JRX_ERROR_MISSING_PARENTHESIS, 1},
      {"(a|(b)", 0, JRX_ERROR_MISSING_PARENTHESIS, 6},
      {"(?", 0, JRX_ERROR_MISSING_PARENTHESIS, 2},
      {"(?i", 0, JRX_ERROR_MISSING_PARENTHESIS, 3},
      {"(?i-", 0, JRX_ERROR_MISSING_PARENTHESIS, 4},
      {"(?P", 0, JRX_ERROR_MISSING_PARENTHESIS, 3},
      {")", 0, JRX_ERROR_UNMATCHED_PARENTHESIS, 0},
      {"a)b", 0, JRX_ERROR_UNMATCHED_PARENTHESIS, 1},
      {"(?#abc", 0, JRX_ERROR_MISSING_COMMENT_END, 6},
      {"(?#a\\)b)c", 0, JRX_ERROR_UNMATCHED_PARENTHESIS, 7},
      {"(?%)", 0, JRX_ERROR_BAD_GROUP_SYNTAX, 2},
      {"(?Px)", 0, JRX_ERROR_BAD_GROUP_SYNTAX, 3},
      {"(?+i)", 0, JRX_ERROR_BAD_GROUP_SYNTAX, 2},
      {"(*FOO)", 0, JRX_ERROR_BAD_GROUP_SYNTAX, 5},
      {"(* ACCEPT)", 0, JRX_ERROR_BAD_GROUP_SYNTAX, 2},
      {"(*aK)", 0, JRX_ERROR_BAD_GROUP_SYNTAX, 4},
      {"(*foo:a)", 0, JRX_ERROR_BAD_GROUP_SYNTAX, 5},
      {"(?z)", 0, JRX_ERROR_BAD_INLINE_OPTION, 2},
      {"(?i%)", 0, JRX_ERROR_BAD_INLINE_OPTION, 3},
      {"(?i^)", 0, JRX_ERROR_BAD_INLINE_OPTION, 3},
      {"(?^-i)", 0, JRX_ERROR_BAD_INLINE_OPTION, 3},
      {"(?i-m-s)", 0, JRX_ERROR_BAD_INLINE_OPTION, 5},
      {"(?<", 0, JRX_ERROR_BAD_GROUP_NAME, 3},
      {"(?<>a)", 0, JRX_ERROR_BAD_GROUP_NAME, 3},
      {"(?<1n>a)", 0, JRX_ERROR_BAD_GROUP_NAME, 3},
      {"(?<\xd9\xa3>a)", JRX_UTF, JRX_ERROR_BAD_GROUP_NAME, 3},
      {"(?<n", 0, JRX_ERROR_BAD_GROUP_NAME, 4},
      {"(?<n-x>a)", 0, JRX_ERROR_BAD_GROUP_NAME, 4},
      {"(?'n>a)", 0, JRX_ERROR_BAD_GROUP_NAME, 4},
      {"(?P<n)", 0, JRX_ERROR_BAD_GROUP_NAME, 5},
      /* Not letters: a Unicode 15 letter, a letter number, a combining
       * mark, and a byte-mode Latin-1 letter. */
      {"(?<a\xf0\x9e\x93\x90>a)", JRX_UTF, JRX_ERROR_BAD_GROUP_NAME, 4},
      {"(?<a\xe2\x85\xa7>a)", JRX_UTF, JRX_ERROR_BAD_GROUP_NAME, 4},
      {"(?<a\xcc\x80>a)", JRX_UTF, JRX_ERROR_BAD_GROUP_NAME, 4},
      {"(?<a\xe9>a)", 0, JRX_ERROR_BAD_GROUP_NAME, 4},
      /* Names are limited to 32 bytes, counted in UTF-8. */
      {"(?<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa>a)", 0, JRX_ERROR_BAD_GROUP_NAME, 36},
      {"(?<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9>a)", JRX_UTF, JRX_ERROR_BAD_GROUP_NAME, 36},
      {"(?<n>a)(?<n>b)", 0, JRX_ERROR_DUPLICATE_GROUP_NAME, 12},
      {"(?<n>a)(?P<n>b)", 0, JRX_ERROR_DUPLICATE_GROUP_NAME, 13},
  };
  CHECK_ERRORS(cases);
}

static void test_quantifier_errors(void **context) {
  (void)context;
  static const error_case cases[] = {
      {"*", 0, JRX_ERROR_NOTHING_TO_REPEAT, 0},
      {"a**", 0, JRX_ERROR_NOTHING_TO_REPEAT, 2},
      {"a???", 0, JRX_ERROR_NOTHING_TO_REPEAT, 3},
      {"a+?+", 0, JRX_ERROR_NOTHING_TO_REPEAT, 3},
      {"a|*", 0, JRX_ERROR_NOTHING_TO_REPEAT, 2},
      {"(*)", 0, JRX_ERROR_NOTHING_TO_REPEAT, 1},
      {"(*", 0, JRX_ERROR_NOTHING_TO_REPEAT, 1},
      {"(?:*)", 0, JRX_ERROR_NOTHING_TO_REPEAT, 3},
      {"{2}", 0, JRX_ERROR_NOTHING_TO_REPEAT, 2},
      {"a{2}{3}", 0, JRX_ERROR_NOTHING_TO_REPEAT, 6},
      {"a|{2}", 0, JRX_ERROR_NOTHING_TO_REPEAT, 4},
      /* An option setting is not an item; assertions cannot repeat. */
      {"a(?i)*", 0, JRX_ERROR_NOTHING_TO_REPEAT, 5},
      {"\\Q\\E*", 0, JRX_ERROR_NOTHING_TO_REPEAT, 4},
      {"^*", 0, JRX_ERROR_NOTHING_TO_REPEAT, 1},
      {"^{23}", 0, JRX_ERROR_NOTHING_TO_REPEAT, 4},
      {"\\b?", 0, JRX_ERROR_NOTHING_TO_REPEAT, 2},
      {"\\G*", 0, JRX_ERROR_NOTHING_TO_REPEAT, 2},
      {"\\z+", 0, JRX_ERROR_NOTHING_TO_REPEAT, 2},
      {"$*", JRX_MULTILINE, JRX_ERROR_NOTHING_TO_REPEAT, 1},
      {"a{2,1}", 0, JRX_ERROR_BAD_REPEAT_RANGE, 5},
      {"^{2,1}", 0, JRX_ERROR_BAD_REPEAT_RANGE, 5},
      {"a{65536}", 0, JRX_ERROR_REPEAT_TOO_BIG, 7},
      {"a{1,65536}", 0, JRX_ERROR_REPEAT_TOO_BIG, 9},
      {"a{99999999999}", 0, JRX_ERROR_REPEAT_TOO_BIG, 7},
      {"{99999}", 0, JRX_ERROR_REPEAT_TOO_BIG, 6},
      {"\\N{65536}", 0, JRX_ERROR_REPEAT_TOO_BIG, 2},
  };
  CHECK_ERRORS(cases);
}

static void test_unsupported_constructs(void **context) {
  (void)context;
  static const error_case cases[] = {
      {"(a)\\1", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 3},
      {"(a)\\g1", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 3},
      {"(a)\\g{-1}", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 3},
      {"(a)\\g+1()", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 3},
      {"(?<n>a)\\k<n>", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 7},
      {"(?<n>a)\\k'n'", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 7},
      {"(?<n>a)\\k{n}", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 7},
      {"(?<n>a)(?P=n)", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 7},
      /* \10 is a reference once ten groups are open, octal before. */
      {"()()()()()()()()()()\\10", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 20},
      {"()()()()()()()()()(\\10)", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 19},
      /* PCRE2 10.42's own errors: a lookbehind branch of varying length
       * (reported four bytes before the body, at the first lookbehind
       * PCRE2 measures) and \K in a lookaround (at the pattern's end). */
      {"(?<=a+)b", 0, JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH, 0},
      {"x(?<=a{2,3})", 0, JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH, 1},
      {"(?<=a(b|cd))e", 0, JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH, 0},
      {"(?<=\\R)a", 0, JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH, 0},
      {"x(*plb:a?)", 0, JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH, 3},
      {"(*negative_lookbehind:a?)", 0, JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH, 18},
      {"(?<=(?<!b?)a?)", 0, JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH, 4},
      {"(?<=a?(?<!b?))", 0, JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH, 0},
      {"(?<=x(?=(?<=b?)))", 0, JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH, 8},
      /* ... or one of over 65535 characters, at the same place. */
      {"xy(?<=a{65535}b)", 0, JRX_ERROR_LOOKBEHIND_TOO_LONG, 2},
      {"(*plb:a{65535}b)", 0, JRX_ERROR_LOOKBEHIND_TOO_LONG, 2},
      {"(?<=a{65535}b?)", 0, JRX_ERROR_LOOKBEHIND_TOO_LONG, 0},
      {"(?=a\\Kb)", 0, JRX_ERROR_MATCH_RESET_IN_LOOKAROUND, 8},
      {"ab(?<=.\\Kb)", 0, JRX_ERROR_MATCH_RESET_IN_LOOKAROUND, 11},
      /* Atomic groups and possessive quantifiers where atomicity could
       * change a match (parse_atomic.c); the leftmost refused one. */
      {"(?>a+)a", 0, JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP, 0},
      {"(*atomic:a|b)", 0, JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP, 0},
      {"x(?>a*?)", 0, JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP, 1},
      {"a++a", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE, 2},
      {"a?+a", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE, 2},
      {"a{2,}+a", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE, 5},
      {"a*(?#c)+\\b", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE, 7},
      {"a++b\\d*+1", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE, 7},
      {"(?>a+)b*+b", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE, 8},
      {"(?>a*+a)", 0, JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP, 0},
      {"(?R)", 0, JRX_ERROR_UNSUPPORTED_RECURSION, 0},
      {"(a)(?1)", 0, JRX_ERROR_UNSUPPORTED_RECURSION, 3},
      {"(a)(?-1)", 0, JRX_ERROR_UNSUPPORTED_RECURSION, 3},
      {"(?+1)(a)", 0, JRX_ERROR_UNSUPPORTED_RECURSION, 0},
      {"(?<n>a)(?&n)", 0, JRX_ERROR_UNSUPPORTED_RECURSION, 7},
      {"(?<n>a)(?P>n)", 0, JRX_ERROR_UNSUPPORTED_RECURSION, 7},
      {"(a)\\g<1>", 0, JRX_ERROR_UNSUPPORTED_RECURSION, 3},
      {"(a)\\g'1'", 0, JRX_ERROR_UNSUPPORTED_RECURSION, 3},
      {"(?(?=a)a)", 0, JRX_ERROR_UNSUPPORTED_CONDITIONAL, 0},
      {"(a)(?(1)a|b)", 0, JRX_ERROR_UNSUPPORTED_CONDITIONAL, 3},
      {"(*ACCEPT)", 0, JRX_ERROR_UNSUPPORTED_VERB, 0},
      {"a(*SKIP)b", 0, JRX_ERROR_UNSUPPORTED_VERB, 1},
      {"(*MARK:x)", 0, JRX_ERROR_UNSUPPORTED_VERB, 0},
      {"(*:x)", 0, JRX_ERROR_UNSUPPORTED_VERB, 0},
      {"(*CR)(*UTF)a", 0, JRX_ERROR_UNSUPPORTED_VERB, 0},
      {"(*UCP)(*CR)a", 0, JRX_ERROR_UNSUPPORTED_VERB, 6},
      {"(*LIMIT_MATCH=10)a", 0, JRX_ERROR_UNSUPPORTED_VERB, 0},
      {"(?C)", 0, JRX_ERROR_UNSUPPORTED_CALLOUT, 0},
      {"(?C\"x\")", 0, JRX_ERROR_UNSUPPORTED_CALLOUT, 0},
      {"\\C", 0, JRX_ERROR_UNSUPPORTED_SINGLE_BYTE, 0},
      {"\\p", 0, JRX_ERROR_BAD_PROPERTY, 2},
      {"\\p{Lu", JRX_UTF, JRX_ERROR_BAD_PROPERTY, 5},
      {"\\p^", 0, JRX_ERROR_BAD_PROPERTY, 3},
      {"\\px", 0, JRX_ERROR_UNKNOWN_PROPERTY, 3},
      {"\\P{Letter}", JRX_UTF, JRX_ERROR_UNKNOWN_PROPERTY, 10},
      {"[a\\p{sc:L}]", 0, JRX_ERROR_UNKNOWN_PROPERTY, 10},
      {"[a-\\p{L}]", 0, JRX_ERROR_BAD_CLASS_RANGE, 5},
      {"[\\p{L}-z]", 0, JRX_ERROR_BAD_CLASS_RANGE, 6},
      {"(?J)(?<n>a)", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT, 0},
      {"(*sr:a)", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT, 0},
      {"[[:<:]]a", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT, 0},
      {"a[[:>:]]", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT, 1},
      {"(?|(a)|(b))", 0, JRX_ERROR_UNSUPPORTED_BRANCH_RESET, 0},
      {"\\R\\n", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 0},
      {"a\\R{2}", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 1},
      {"\\R$", JRX_MULTILINE, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 0},
      {"x|\\R\\B", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 2},
      /* The leftmost offending \R is the one reported. */
      {"\\Ra\\R\\n\\R\\n", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 3},
      /* PCRE2 10.42 makes these quantifiers possessive by mistake; the
       * quantified item is reported. */
      {".+\\R", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 0},
      {"a\\N*?\\R", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 1},
      {"(?:.{1,3}|x)(?#c)\\R", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 3},
      {"\\R?.", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 0},
      {"\\R+(\\N)", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 0},
  };
  CHECK_ERRORS(cases);
}

/* Back-references where PCRE2 itself fails (no such group): still
 * rejected as back-references, without PCRE2's offset. */
static void test_references_to_missing_groups(void **context) {
  (void)context;
  check_error("\\1", 2, 0, NULL, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 0, NO_ORACLE);
  check_error("\\81", 3, 0, NULL, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 0, NO_ORACLE);
  check_error("\\89999999", 9, 0, NULL, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 0, NO_ORACLE);
  check_error("a\\k<n>", 6, 0, NULL, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 1, NO_ORACLE);
}

static void test_invalid_utf8(void **context) {
  (void)context;
  static const error_case cases[] = {
      {"a\xff"
       "b",
       JRX_UTF, JRX_ERROR_BAD_UTF_PATTERN, 1},
      {"ab\xe2\x82", JRX_UTF, JRX_ERROR_BAD_UTF_PATTERN, 2},
      {"ab\xed\xa0\x80", JRX_UTF, JRX_ERROR_BAD_UTF_PATTERN, 2},
      {"ab\xc0\x80", JRX_UTF, JRX_ERROR_BAD_UTF_PATTERN, 2},
      {"a\x80", JRX_UTF, JRX_ERROR_BAD_UTF_PATTERN, 1},
      {"\xf4\x90\x80\x80", JRX_UTF, JRX_ERROR_BAD_UTF_PATTERN, 0},
      /* Checked before anything else, even inside comments and quotes. */
      {"(?#\xff)", JRX_UTF, JRX_ERROR_BAD_UTF_PATTERN, 3},
      {"\\Q\xff", JRX_UTF, JRX_ERROR_BAD_UTF_PATTERN, 2},
      {"#\xff", JRX_UTF | JRX_EXTENDED, JRX_ERROR_BAD_UTF_PATTERN, 1},
      {"(\xff", JRX_UTF, JRX_ERROR_BAD_UTF_PATTERN, 1},
  };
  CHECK_ERRORS(cases);
}

/* "(" depth times, then "a", then ")" depth times. */
static char *nested_groups(const char *open, size_t depth, size_t *length) {
  size_t open_length = strlen(open);
  *length = depth * (open_length + 1) + 1;
  char *pattern = malloc(*length + 1);
  assert_non_null(pattern);
  for (size_t index = 0; index < depth; index++) {
    memcpy(pattern + index * open_length, open, open_length);
  }
  pattern[depth * open_length] = 'a';
  memset(pattern + depth * open_length + 1, ')', depth);
  pattern[*length] = '\0';
  return pattern;
}

static void test_nesting_limit(void **context) {
  (void)context;
  const char *openings[] = {"(", "(?:", "(?i:"};
  for (size_t kind = 0; kind < sizeof openings / sizeof openings[0]; kind++) {
    size_t length;
    char *pattern = nested_groups(openings[kind], PARSE_DEFAULT_MAX_NESTING_DEPTH, &length);
    ast_tree tree;
    size_t offset;
    assert_int_equal(
        parse_pattern(pattern, length, 0, NULL, memory_default_allocator(), &tree, &offset), 0);
    ast_tree_release(&tree);
    assert_true(parse_test_pcre2_accepts(pattern, length, 0, &offset));
    free(pattern);
    /* One more: rejected just after the opening of the group too many. */
    pattern = nested_groups(openings[kind], PARSE_DEFAULT_MAX_NESTING_DEPTH + 1, &length);
    check_error(pattern, length, 0, NULL, JRX_ERROR_NESTING_TOO_DEEP,
                (PARSE_DEFAULT_MAX_NESTING_DEPTH + 1) * strlen(openings[kind]),
                PCRE2_REJECTS_AT_SAME_OFFSET);
    free(pattern);
  }
  /* Option settings do not nest; a smaller limit is honoured exactly. */
  parse_limits limits;
  parse_default_limits(&limits);
  limits.max_nesting_depth = 2;
  ast_tree tree;
  size_t offset;
  assert_int_equal(
      parse_pattern("(?i)((a))(b)", 12, 0, &limits, memory_default_allocator(), &tree, &offset), 0);
  ast_tree_release(&tree);
  check_error("(((a)))", 7, 0, &limits, JRX_ERROR_NESTING_TOO_DEEP, 3, NO_ORACLE);
  check_error("(?<nn>(?<mm>(?<oo>a)))", 22, 0, &limits, JRX_ERROR_NESTING_TOO_DEEP, 18, NO_ORACLE);
}

static void test_pattern_length_limit(void **context) {
  (void)context;
  parse_limits limits;
  parse_default_limits(&limits);
  limits.max_pattern_length = 5;
  ast_tree tree;
  size_t offset;
  assert_int_equal(
      parse_pattern("abcde", 5, 0, &limits, memory_default_allocator(), &tree, &offset), 0);
  ast_tree_release(&tree);
  check_error("abcdef", 6, 0, &limits, JRX_ERROR_PATTERN_TOO_LONG, 0, NO_ORACLE);
  /* The length limit is checked before the pattern is read at all. */
  check_error("(((((((", 7, 0, &limits, JRX_ERROR_PATTERN_TOO_LONG, 0, NO_ORACLE);
}

static void test_capture_limit(void **context) {
  (void)context;
  size_t length = 2 * (PARSE_MAX_REPEAT_COUNT + 1);
  char *pattern = malloc(length);
  assert_non_null(pattern);
  for (size_t index = 0; index < length; index += 2) {
    pattern[index] = '(';
    pattern[index + 1] = ')';
  }
  ast_tree tree;
  size_t offset;
  /* 65535 groups is the maximum (PCRE2 as built here fails on program
   * size before that, so only jrx is asked). */
  assert_int_equal(
      parse_pattern(pattern, length - 2, 0, NULL, memory_default_allocator(), &tree, &offset), 0);
  assert_int_equal(tree.capture_count, 65535);
  ast_tree_release(&tree);
  check_error(pattern, length, 0, NULL, JRX_ERROR_TOO_MANY_CAPTURES, length - 1,
              PCRE2_REJECTS_AT_SAME_OFFSET);
  /* Under (?n) plain groups do not count. */
  memcpy(pattern, "(?n)", 4);
  assert_int_equal(
      parse_pattern(pattern, length, 0, NULL, memory_default_allocator(), &tree, &offset), 0);
  assert_int_equal(tree.capture_count, 0);
  ast_tree_release(&tree);
  free(pattern);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_escape_errors),
      cmocka_unit_test(test_class_errors),
      cmocka_unit_test(test_group_errors),
      cmocka_unit_test(test_quantifier_errors),
      cmocka_unit_test(test_unsupported_constructs),
      cmocka_unit_test(test_references_to_missing_groups),
      cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_nesting_limit),
      cmocka_unit_test(test_pattern_length_limit),
      cmocka_unit_test(test_capture_limit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
