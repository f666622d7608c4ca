/* test_pike: the Pike VM on hand-built programs against PCRE2 on the same
 * pattern text: captures, empty iterations, every assertion, offset and
 * option, scratch reuse, and linear work counted in steps, not time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "../oracle/oracle_pcre2.h"
#include "ast_builder.h"
#include "jrx.h"
#include "regex/nfa.h"
#include "regex/pike.h"

#define MAX_GROUPS 8

typedef struct compiled_pair {
  nfa_program program;
  pike_scratch *scratch;
  pcre2_code *oracle;
  pcre2_match_data *oracle_data;
} compiled_pair;

static compiled_pair compile_pair(ast_tree tree, const char *pattern, uint32_t pcre2_options) {
  compiled_pair pair;
  nfa_compile_limits limits;
  nfa_default_limits(&limits);
  size_t error_offset;
  assert_int_equal(nfa_compile(&tree, &limits, &pair.program, &error_offset), 0);
  assert_int_equal(pike_scratch_create(&pair.program, &pair.scratch), 0);
  int error;
  PCRE2_SIZE pcre2_offset;
  pair.oracle = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, pcre2_options, &error,
                              &pcre2_offset, NULL);
  assert_non_null(pair.oracle);
  pair.oracle_data = pcre2_match_data_create(MAX_GROUPS, NULL);
  assert_non_null(pair.oracle_data);
  return pair;
}

static void release_pair(compiled_pair *pair) {
  pcre2_match_data_free(pair->oracle_data);
  pcre2_code_free(pair->oracle);
  pike_scratch_destroy(pair->scratch);
  nfa_program_release(&pair->program);
}

/* Runs both engines and fails, naming the case, on any difference in the
 * outcome or in any capture pair. */
static void check_case(compiled_pair *pair, const char *pattern, const char *subject,
                       size_t length, size_t start_offset, uint32_t options) {
  const size_t *slots;
  int result = pike_match(&pair->program, pair->scratch, (const unsigned char *)subject, length,
                          start_offset, options, &slots, NULL);
  int expected = pcre2_match(pair->oracle, (PCRE2_SPTR)subject, length, start_offset,
                             oracle_pcre2_match_options(options), pair->oracle_data, NULL);
  char description[256];
  snprintf(description, sizeof description, "pattern /%s/ subject \"%.*s\" from %zu options %#x",
           pattern, (int)length, subject, start_offset, (unsigned)options);
  if ((result == 1) != (expected > 0)) {
    fail_msg("%s: pike %d, pcre2 %d", description, result, expected);
  }
  if (expected <= 0) {
    return;
  }
  const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(pair->oracle_data);
  for (uint32_t slot = 0; slot < pair->program.slot_count; slot++) {
    if (slots[slot] != ovector[slot]) {
      fail_msg("%s: slot %u is %zd, pcre2 says %zd", description, slot, (ptrdiff_t)slots[slot],
               (ptrdiff_t)ovector[slot]);
    }
  }
}

static void check_subjects(ast_tree tree, const char *pattern, const char *const *subjects,
                           size_t subject_count, uint32_t options) {
  compiled_pair pair = compile_pair(tree, pattern, 0);
  for (size_t i = 0; i < subject_count; i++) {
    size_t length = strlen(subjects[i]);
    for (size_t start = 0; start <= length; start++) {
      check_case(&pair, pattern, subjects[i], length, start, options);
    }
  }
  release_pair(&pair);
}

static const char *const repeat_subjects[] = {"", "a", "aa", "ab", "aab", "ba", "abab", "aabbc",
                                              "b", "bb", "abc", "cab", "aaab", "abba"};
#define REPEAT_SUBJECT_COUNT (sizeof repeat_subjects / sizeof repeat_subjects[0])

static ast_node *star(ast_builder *b, ast_node *child, int greedy) {
  return ast_build_repeat(b, child, 0, AST_REPEAT_INFINITE, greedy);
}

static ast_node *optional(ast_builder *b, ast_node *child, int greedy) {
  return ast_build_repeat(b, child, 0, 1, greedy);
}

static ast_node *lit(ast_builder *b, char c) {
  return ast_build_literal(b, (unsigned char)c);
}

static void check_repeat(ast_node *root, uint32_t groups, const char *pattern) {
  check_subjects(ast_build_tree(root, groups, 0), pattern, repeat_subjects, REPEAT_SUBJECT_COUNT,
                 0);
}

static void test_captures_keep_last_iteration(void **state) {
  (void)state;
  ast_builder b = {0};
  /* (?:(a)|b)* */
  check_repeat(star(&b, ast_build_alternate(&b, 2, ast_build_capture(&b, lit(&b, 'a'), 1),
                                            lit(&b, 'b')),
                    1),
               1, "(?:(a)|b)*");
  ast_builder c = {0};
  /* (a)|(b) */
  check_repeat(ast_build_alternate(&c, 2, ast_build_capture(&c, lit(&c, 'a'), 1),
                                   ast_build_capture(&c, lit(&c, 'b'), 2)),
               2, "(a)|(b)");
  ast_builder d = {0};
  /* (a+)(b*?)(ab|b)? */
  check_repeat(ast_build_concat(
                   &d, 3,
                   ast_build_capture(&d, ast_build_repeat(&d, lit(&d, 'a'), 1,
                                                          AST_REPEAT_INFINITE, 1),
                                     1),
                   ast_build_capture(&d, star(&d, lit(&d, 'b'), 0), 2),
                   optional(&d,
                            ast_build_capture(&d,
                                              ast_build_alternate(&d, 2,
                                                                  ast_build_string(&d, "ab"),
                                                                  lit(&d, 'b')),
                                              3),
                            1)),
               3, "(a+)(b*?)(ab|b)?");
}

static void test_empty_iteration_star_of_star(void **state) {
  (void)state;
  ast_builder b = {0};
  check_repeat(star(&b, ast_build_capture(&b, star(&b, lit(&b, 'a'), 1), 1), 1), 1, "(a*)*");
  ast_builder c = {0};
  check_repeat(star(&c, ast_build_capture(&c, star(&c, lit(&c, 'a'), 0), 1), 1), 1, "(a*?)*");
  ast_builder d = {0};
  check_repeat(star(&d, ast_build_capture(&d, star(&d, lit(&d, 'a'), 1), 1), 0), 1, "(a*)*?");
  ast_builder e = {0};
  check_repeat(ast_build_repeat(&e, ast_build_capture(&e, star(&e, lit(&e, 'a'), 1), 1), 1,
                                AST_REPEAT_INFINITE, 1),
               1, "(a*)+");
}

static void test_empty_iteration_alternation_with_empty_branch(void **state) {
  (void)state;
  ast_builder b = {0};
  check_repeat(ast_build_concat(&b, 2,
                                star(&b,
                                     ast_build_capture(&b,
                                                       ast_build_alternate(&b, 2, lit(&b, 'a'),
                                                                           ast_build_empty(&b)),
                                                       1),
                                     1),
                                lit(&b, 'b')),
               1, "(a|)*b");
  ast_builder c = {0};
  check_repeat(ast_build_concat(&c, 2,
                                star(&c,
                                     ast_build_capture(&c,
                                                       ast_build_alternate(&c, 2,
                                                                           ast_build_empty(&c),
                                                                           lit(&c, 'a')),
                                                       1),
                                     1),
                                lit(&c, 'b')),
               1, "(|a)*b");
  ast_builder d = {0};
  check_repeat(ast_build_concat(&d, 2,
                                star(&d,
                                     ast_build_capture(&d,
                                                       ast_build_alternate(&d, 2,
                                                                           ast_build_empty(&d),
                                                                           lit(&d, 'a')),
                                                       1),
                                     0),
                                lit(&d, 'b')),
               1, "(|a)*?b");
  ast_builder e = {0};
  /* (?:(a)|b|())* */
  check_repeat(star(&e, ast_build_alternate(&e, 3, ast_build_capture(&e, lit(&e, 'a'), 1),
                                            lit(&e, 'b'),
                                            ast_build_capture(&e, ast_build_empty(&e), 2)),
                    1),
               2, "(?:(a)|b|())*");
}

static void test_empty_iteration_sequence_of_optionals(void **state) {
  (void)state;
  ast_builder b = {0};
  /* (?:(a?)(b?))*c? */
  check_repeat(ast_build_concat(
                   &b, 2,
                   star(&b,
                        ast_build_concat(&b, 2,
                                         ast_build_capture(&b, optional(&b, lit(&b, 'a'), 1), 1),
                                         ast_build_capture(&b, optional(&b, lit(&b, 'b'), 1), 2)),
                        1),
                   optional(&b, lit(&b, 'c'), 1)),
               2, "(?:(a?)(b?))*c?");
  ast_builder c = {0};
  /* ((a*)*)*b — nested loops, each with its own empty copy */
  check_repeat(ast_build_concat(
                   &c, 2,
                   star(&c,
                        ast_build_capture(
                            &c, star(&c, ast_build_capture(&c, star(&c, lit(&c, 'a'), 1), 2), 1),
                            1),
                        1),
                   lit(&c, 'b')),
               2, "((a*)*)*b");
}

static void test_counted_repeats_of_nullable_groups(void **state) {
  (void)state;
  static const uint32_t bounds[][2] = {{0, 2}, {1, 2}, {2, 3}, {1, AST_REPEAT_INFINITE},
                                       {2, AST_REPEAT_INFINITE}, {3, 3}};
  for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
    for (int greedy = 0; greedy <= 1; greedy++) {
      ast_builder b = {0};
      ast_node *group = ast_build_capture(
          &b, ast_build_alternate(&b, 2, ast_build_empty(&b), lit(&b, 'a')), 1);
      ast_node *root = ast_build_concat(
          &b, 2, ast_build_repeat(&b, group, bounds[i][0], bounds[i][1], greedy), lit(&b, 'b'));
      char pattern[64];
      if (bounds[i][1] == AST_REPEAT_INFINITE) {
        snprintf(pattern, sizeof pattern, "(|a){%u,}%sb", bounds[i][0], greedy ? "" : "?");
      } else {
        snprintf(pattern, sizeof pattern, "(|a){%u,%u}%sb", bounds[i][0], bounds[i][1],
                 greedy ? "" : "?");
      }
      check_repeat(root, 1, pattern);
    }
  }
}

static const ast_assertion all_assertions[] = {
    AST_ASSERT_TEXT_START,        AST_ASSERT_CARET_START,   AST_ASSERT_LINE_START,
    AST_ASSERT_TEXT_END,          AST_ASSERT_TEXT_END_NEWLINE, AST_ASSERT_DOLLAR_END,
    AST_ASSERT_LINE_END,          AST_ASSERT_WORD_BOUNDARY, AST_ASSERT_NOT_WORD_BOUNDARY,
    AST_ASSERT_MATCH_START};
/* The PCRE2 spelling of each kind, NOTBOL/NOTEOL behaviour included. */
static const char *const assertion_text[] = {"\\A",    "^",   "(?m)^", "\\z", "\\Z",
                                             "$",     "(?m)$", "\\b", "\\B", "\\G"};

static void test_every_assertion_everywhere(void **state) {
  (void)state;
  static const char *const subjects[] = {"",    "x",   "\n",   "x\n",  "\nx",   "x\nx",
                                         "xx",  "a b", "\n\n", "ab\n", "-x-",   "x\n\n",
                                         " x ", "_",   "x-\ny", "\n-\n", "9 x_y"};
  static const uint32_t option_sets[] = {0, JRX_NOTBOL, JRX_NOTEOL, JRX_NOTBOL | JRX_NOTEOL,
                                         JRX_ANCHORED};
  for (size_t a = 0; a < sizeof all_assertions / sizeof all_assertions[0]; a++) {
    /* Shapes: A, xA, Ax, \nA, A\n and (?:A|x)x. */
    for (int shape = 0; shape < 6; shape++) {
      ast_builder b = {0};
      ast_node *assertion = ast_build_assert(&b, all_assertions[a]);
      ast_node *root = assertion;
      const char *format = "%s";
      switch (shape) {
        case 1:
          root = ast_build_concat(&b, 2, lit(&b, 'x'), assertion);
          format = "x%s";
          break;
        case 2:
          root = ast_build_concat(&b, 2, assertion, lit(&b, 'x'));
          format = "%sx";
          break;
        case 3:
          root = ast_build_concat(&b, 2, lit(&b, '\n'), assertion);
          format = "\n%s";
          break;
        case 4:
          root = ast_build_concat(&b, 2, assertion, lit(&b, '\n'));
          format = "%s\n";
          break;
        case 5:
          root = ast_build_concat(&b, 2, ast_build_alternate(&b, 2, assertion, lit(&b, 'x')),
                                  lit(&b, 'x'));
          format = "(?:%s|x)x";
          break;
      }
      char pattern[32];
      snprintf(pattern, sizeof pattern, format, assertion_text[a]);
      for (size_t o = 0; o < sizeof option_sets / sizeof option_sets[0]; o++) {
        check_subjects(ast_build_tree(root, 0, 0), pattern, subjects,
                       sizeof subjects / sizeof subjects[0], option_sets[o]);
      }
    }
  }
}

static void test_not_empty_options(void **state) {
  (void)state;
  static const char *const subjects[] = {"", "a", "ba", "aab", "bab", "b"};
  static const uint32_t option_sets[] = {JRX_NOTEMPTY, JRX_NOTEMPTY_ATSTART,
                                         JRX_NOTEMPTY | JRX_ANCHORED,
                                         JRX_NOTEMPTY_ATSTART | JRX_ANCHORED};
  for (size_t o = 0; o < sizeof option_sets / sizeof option_sets[0]; o++) {
    ast_builder b = {0};
    check_subjects(ast_build_tree(star(&b, lit(&b, 'a'), 0), 0, 0), "a*?", subjects, 6,
                   option_sets[o]);
    ast_builder c = {0};
    check_subjects(ast_build_tree(ast_build_capture(&c, star(&c, lit(&c, 'a'), 1), 1), 1, 0),
                   "(a*)", subjects, 6, option_sets[o]);
    ast_builder d = {0};
    /* (?:|b)a? : the empty branch first, then b */
    check_subjects(ast_build_tree(ast_build_concat(&d, 2,
                                                   ast_build_alternate(&d, 2, ast_build_empty(&d),
                                                                       lit(&d, 'b')),
                                                   optional(&d, lit(&d, 'a'), 1)),
                                  0, 0),
                   "(?:|b)a?", subjects, 6, option_sets[o]);
    ast_builder e = {0};
    check_subjects(ast_build_tree(ast_build_alternate(&e, 2,
                                                      ast_build_assert(&e, AST_ASSERT_LINE_END),
                                                      ast_build_string(&e, "ab")),
                                  0, 0),
                   "(?m)$|ab", subjects, 6, option_sets[o]);
  }
}

static void test_utf8_program_starts_on_character_boundaries(void **state) {
  (void)state;
  ast_builder b = {0};
  /* \B$ never matches inside a character: "aé" has its end as the only
   * non-boundary, and PCRE2 never tries the middle of é. */
  ast_node *root = ast_build_concat(&b, 2, ast_build_assert(&b, AST_ASSERT_NOT_WORD_BOUNDARY),
                                    star(&b, ast_build_class(&b, 1, 0x80, 0x10ffff), 1));
  compiled_pair pair = compile_pair(ast_build_tree(root, 0, 1), "\\B[^\\x00-\\x7f]*", PCRE2_UTF);
  static const char subject[] = "a\xc3\xa9\xe2\x82\xac z\xf0\x9f\x98\x80";
  for (size_t start = 0; start < sizeof subject - 1; start++) {
    if ((subject[start] & 0xc0) != 0x80) {
      check_case(&pair, "\\B[^\\x00-\\x7f]*", subject, sizeof subject - 1, start, 0);
    }
  }
  release_pair(&pair);
}

static void test_scratch_is_reusable(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root =
      ast_build_alternate(&b, 2, ast_build_capture(&b, ast_build_string(&b, "ab"), 1),
                          ast_build_capture(&b, lit(&b, 'b'), 2));
  compiled_pair pair = compile_pair(ast_build_tree(root, 2, 0), "(ab)|(b)", 0);
  for (int round = 0; round < 3; round++) {
    check_case(&pair, "(ab)|(b)", "xxab", 4, 0, 0);
    check_case(&pair, "(ab)|(b)", "xxb", 3, 0, 0);
    check_case(&pair, "(ab)|(b)", "xx", 2, 0, 0);
  }
  release_pair(&pair);
}

/* Work on subject lengths n and 2n: never more than two visits per
 * instruction and position, and twice the subject costs at most twice the
 * work (plus 1% for the different warm-up at the ends). */
static void assert_linear_work(ast_tree tree, const char *unit, size_t unit_count) {
  nfa_compile_limits limits;
  nfa_default_limits(&limits);
  nfa_program program;
  size_t error_offset;
  assert_int_equal(nfa_compile(&tree, &limits, &program, &error_offset), 0);
  pike_scratch *scratch;
  assert_int_equal(pike_scratch_create(&program, &scratch), 0);
  size_t unit_length = strlen(unit);
  size_t length = 2 * unit_count * unit_length;
  unsigned char *subject = test_malloc(length);
  for (size_t i = 0; i < length; i += unit_length) {
    memcpy(subject + i, unit, unit_length);
  }
  uint64_t steps[2];
  for (int half = 0; half < 2; half++) {
    size_t used = (half + 1) * unit_count * unit_length;
    pike_stats stats = {0};
    const size_t *slots;
    pike_match(&program, scratch, subject, used, 0, 0, &slots, &stats);
    steps[half] = stats.steps;
    assert_true(stats.steps <= 2u * (uint64_t)(used + 1) * program.count);
    assert_true(stats.steps >= used);
  }
  assert_true(steps[1] <= 2 * steps[0] + steps[0] / 100);
  test_free(subject);
  pike_scratch_destroy(scratch);
  nfa_program_release(&program);
}

#define LINEAR_UNITS 25000u

static void test_linear_work_on_pathological_patterns(void **state) {
  (void)state;
  ast_builder b = {0};
  /* (a*)*b on aaaa... */
  assert_linear_work(ast_build_tree(ast_build_concat(&b, 2,
                                                     star(&b,
                                                          ast_build_capture(
                                                              &b, star(&b, lit(&b, 'a'), 1), 1),
                                                          1),
                                                     lit(&b, 'b')),
                                    1, 0),
                     "aa", LINEAR_UNITS);
  /* (a|a)*c */
  assert_linear_work(
      ast_build_tree(ast_build_concat(&b, 2,
                                      star(&b,
                                           ast_build_capture(
                                               &b, ast_build_alternate(&b, 2, lit(&b, 'a'),
                                                                       lit(&b, 'a')),
                                               1),
                                           1),
                                      lit(&b, 'c')),
                     1, 0),
      "aa", LINEAR_UNITS);
  /* (x+x+)+y */
  ast_node *x_plus = ast_build_repeat(&b, lit(&b, 'x'), 1, AST_REPEAT_INFINITE, 1);
  assert_linear_work(
      ast_build_tree(ast_build_concat(&b, 2,
                                      ast_build_repeat(&b,
                                                       ast_build_capture(
                                                           &b,
                                                           ast_build_concat(&b, 2, x_plus,
                                                                            x_plus),
                                                           1),
                                                       1, AST_REPEAT_INFINITE, 1),
                                      lit(&b, 'y')),
                     1, 0),
      "xx", LINEAR_UNITS);
  /* (a|aa)*b */
  assert_linear_work(
      ast_build_tree(ast_build_concat(&b, 2,
                                      star(&b,
                                           ast_build_capture(
                                               &b, ast_build_alternate(&b, 2, lit(&b, 'a'),
                                                                       ast_build_string(&b, "aa")),
                                               1),
                                           1),
                                      lit(&b, 'b')),
                     1, 0),
      "aa", LINEAR_UNITS);
  /* (.*a){12} on text with a's but no newline */
  ast_node *dot = ast_build_class(&b, 2, 0x00, 0x09, 0x0b, 0xff);
  assert_linear_work(
      ast_build_tree(ast_build_repeat(&b,
                                      ast_build_capture(
                                          &b, ast_build_concat(&b, 2, star(&b, dot, 1),
                                                               lit(&b, 'a')),
                                          1),
                                      12, 12, 1),
                     1, 0),
      "ab", LINEAR_UNITS);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_captures_keep_last_iteration),
      cmocka_unit_test(test_empty_iteration_star_of_star),
      cmocka_unit_test(test_empty_iteration_alternation_with_empty_branch),
      cmocka_unit_test(test_empty_iteration_sequence_of_optionals),
      cmocka_unit_test(test_counted_repeats_of_nullable_groups),
      cmocka_unit_test(test_every_assertion_everywhere),
      cmocka_unit_test(test_not_empty_options),
      cmocka_unit_test(test_utf8_program_starts_on_character_boundaries),
      cmocka_unit_test(test_scratch_is_reusable),
      cmocka_unit_test(test_linear_work_on_pathological_patterns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
