/* test_nfa: compiler output for hand-built ASTs: program shapes through the
 * listing, counted-repeat expansion, empty-iteration copies, the size and
 * work limits, UTF-8 classes, the prefilter facts and fixed_length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ast_builder.h"
#include "jrx.h"
#include "regex/memory.h"
#include "regex/nfa.h"
#include "regex/parse.h"

static nfa_program compile_tree(ast_tree tree) {
  nfa_compile_limits limits;
  nfa_default_limits(&limits);
  nfa_program program;
  size_t error_offset;
  assert_int_equal(nfa_compile(&tree, &limits, &program, &error_offset), 0);
  return program;
}

static void assert_listing(ast_tree tree, const char *expected) {
  nfa_program program = compile_tree(tree);
  char listing[2048];
  size_t length = nfa_format_listing(&program, listing, sizeof listing);
  assert_true(length < sizeof listing);
  assert_string_equal(listing, expected);
  nfa_program_release(&program);
}

static void test_literal_string(void **state) {
  (void)state;
  ast_builder b = {0};
  assert_listing(ast_build_tree(ast_build_string(&b, "ab"), 0, 0),
                 "start 4\n"
                 "0: match\n"
                 "1: save 1 -> 0\n"
                 "2: byte 'b' -> 1\n"
                 "3: byte 'a' -> 2\n"
                 "4: save 0 -> 3\n");
}

static void test_alternation_keeps_priority(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root = ast_build_alternate(&b, 3, ast_build_literal(&b, 'a'),
                                       ast_build_literal(&b, 'b'), ast_build_empty(&b));
  /* a first, then b, then the empty branch straight to the end. */
  assert_listing(ast_build_tree(root, 0, 0),
                 "start 6\n"
                 "0: match\n"
                 "1: save 1 -> 0\n"
                 "2: byte 'b' -> 1\n"
                 "3: split -> 2, 1\n"
                 "4: byte 'a' -> 1\n"
                 "5: split -> 4, 3\n"
                 "6: save 0 -> 5\n");
}

static void test_capture_and_assertion(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root = ast_build_concat(&b, 2, ast_build_assert(&b, AST_ASSERT_WORD_BOUNDARY),
                                    ast_build_capture(&b, ast_build_literal(&b, 'x'), 1));
  nfa_program program = compile_tree(ast_build_tree(root, 1, 0));
  char listing[512];
  nfa_format_listing(&program, listing, sizeof listing);
  assert_string_equal(listing,
                      "start 6\n"
                      "0: match\n"
                      "1: save 1 -> 0\n"
                      "2: save 3 -> 1\n"
                      "3: byte 'x' -> 2\n"
                      "4: save 2 -> 3\n"
                      "5: assert \\b -> 4\n"
                      "6: save 0 -> 5\n");
  assert_int_equal(program.slot_count, 4);
  assert_int_equal(program.max_lookbehind, 1);
  nfa_program_release(&program);
}

/* A body that cannot finish without consuming needs no copy: the loop
 * split leads into the one body, which leads back to the split. */
static void test_star_of_nonempty_body_is_not_copied(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root = ast_build_repeat(&b, ast_build_literal(&b, 'a'), 0, AST_REPEAT_INFINITE, 1);
  assert_listing(ast_build_tree(root, 0, 0),
                 "start 4\n"
                 "0: match\n"
                 "1: save 1 -> 0\n"
                 "2: split -> 3, 1\n"
                 "3: byte 'a' -> 2\n"
                 "4: save 0 -> 2\n");
}

/* (?:a?)*: the copy of the optional's split ends at the loop exit. */
static void test_star_of_nullable_body_gets_empty_copy(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *optional = ast_build_repeat(&b, ast_build_literal(&b, 'a'), 0, 1, 1);
  ast_node *root = ast_build_repeat(&b, optional, 0, AST_REPEAT_INFINITE, 1);
  assert_listing(ast_build_tree(root, 0, 0),
                 "start 6\n"
                 "0: match\n"
                 "1: save 1 -> 0\n"
                 "2: split -> 5, 1\n"
                 "3: byte 'a' -> 2\n"
                 "4: split -> 3, 2\n"
                 "5: split -> 3, 1\n"
                 "6: save 0 -> 2\n");
}

static void test_lazy_plus_enters_body_first(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root = ast_build_repeat(&b, ast_build_literal(&b, 'a'), 1, AST_REPEAT_INFINITE, 0);
  assert_listing(ast_build_tree(root, 0, 0),
                 "start 4\n"
                 "0: match\n"
                 "1: save 1 -> 0\n"
                 "2: split -> 1, 3\n"
                 "3: byte 'a' -> 2\n"
                 "4: save 0 -> 3\n");
}

/* a{2,4} is a a (?:a(?:a)?)?: nested optional copies that all skip to the
 * end, as PCRE2 expands it. */
static void test_counted_repeat_expansion(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root = ast_build_repeat(&b, ast_build_literal(&b, 'a'), 2, 4, 1);
  assert_listing(ast_build_tree(root, 0, 0),
                 "start 8\n"
                 "0: match\n"
                 "1: save 1 -> 0\n"
                 "2: byte 'a' -> 1\n"
                 "3: split -> 2, 1\n"
                 "4: byte 'a' -> 3\n"
                 "5: split -> 4, 1\n"
                 "6: byte 'a' -> 5\n"
                 "7: byte 'a' -> 6\n"
                 "8: save 0 -> 7\n");
}

/* a{2,} is a a+: one mandatory copy, then a loop whose first iteration is
 * mandatory too. */
static void test_counted_unbounded_repeat_expansion(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root = ast_build_repeat(&b, ast_build_literal(&b, 'a'), 2, AST_REPEAT_INFINITE, 1);
  assert_listing(ast_build_tree(root, 0, 0),
                 "start 5\n"
                 "0: match\n"
                 "1: save 1 -> 0\n"
                 "2: split -> 3, 1\n"
                 "3: byte 'a' -> 2\n"
                 "4: byte 'a' -> 3\n"
                 "5: save 0 -> 4\n");
}

static void test_zero_repeat_emits_nothing(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root = ast_build_concat(
      &b, 2, ast_build_repeat(&b, ast_build_capture(&b, ast_build_literal(&b, 'a'), 1), 0, 0, 1),
      ast_build_literal(&b, 'b'));
  assert_listing(ast_build_tree(root, 1, 0),
                 "start 3\n"
                 "0: match\n"
                 "1: save 1 -> 0\n"
                 "2: byte 'b' -> 1\n"
                 "3: save 0 -> 2\n");
}

static void test_byte_class_and_empty_class(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root = ast_build_alternate(&b, 2, ast_build_class(&b, 2, 'a', 'z', '0', '9'),
                                       ast_build_class(&b, 0));
  assert_listing(ast_build_tree(root, 0, 0),
                 "start 7\n"
                 "0: match\n"
                 "1: save 1 -> 0\n"
                 "2: fail\n"
                 "3: byte 'a'-'z' -> 1\n"
                 "4: byte '0'-'9' -> 1\n"
                 "5: split -> 4, 3\n"
                 "6: split -> 5, 2\n"
                 "7: save 0 -> 6\n");
}

static void test_utf8_literal_is_encoded(void **state) {
  (void)state;
  ast_builder b = {0};
  assert_listing(ast_build_tree(ast_build_literal(&b, 0xe9), 0, 1),
                 "start 4\n"
                 "0: match\n"
                 "1: save 1 -> 0\n"
                 "2: byte 0xa9 -> 1\n"
                 "3: byte 0xc3 -> 2\n"
                 "4: save 0 -> 3\n");
}

static size_t count_opcode(const nfa_program *program, nfa_opcode opcode) {
  size_t count = 0;
  for (uint32_t i = 0; i < program->count; i++) {
    count += program->instructions[i].opcode == opcode;
  }
  return count;
}

/* Every non-ASCII code point: the continuation-byte tails of 2-, 3- and
 * 4-byte sequences are shared, so the automaton stays small. */
static void test_utf8_class_shares_suffixes(void **state) {
  (void)state;
  ast_builder b = {0};
  nfa_program program =
      compile_tree(ast_build_tree(ast_build_class(&b, 1, 0x80, 0x10ffff), 0, 1));
  /* [C2-DF][80-BF] E0[A0-BF][80-BF] [E1-EC][80-BF]{2} ED[80-9F][80-BF]
   * [EE-EF][80-BF]{2} F0[90-BF][80-BF]{2} [F1-F3][80-BF]{3} F4[80-8F][80-BF]{2}:
   * 8 sequences, 3 shared continuation tails and 8 distinct heads plus
   * the 4 second bytes that are not a plain tail. */
  assert_int_equal(count_opcode(&program, NFA_BYTE_RANGE), 3 + 8 + 4);
  assert_int_equal(count_opcode(&program, NFA_SPLIT), 7);
  nfa_program_release(&program);
}

static void test_size_limit(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *literal = ast_build_literal(&b, 'a');
  literal->pattern_offset = 3;
  ast_tree tree = ast_build_tree(ast_build_repeat(&b, literal, 4000, 4000, 1), 0, 0);
  /* The program needs a match, two saves and 4000 bytes. */
  nfa_compile_limits limits = {.max_instructions = 4001};
  nfa_program program;
  size_t error_offset = 99;
  assert_int_equal(nfa_compile(&tree, &limits, &program, &error_offset),
                   JRX_ERROR_PROGRAM_TOO_BIG);
  assert_null(program.instructions);
  assert_int_equal(error_offset, 3);
  limits.max_instructions = 4003;
  assert_int_equal(nfa_compile(&tree, &limits, &program, &error_offset), 0);
  assert_int_equal(program.count, 4003);
  nfa_program_release(&program);
}

/* Repeats of nothing emit no instructions, yet nesting them must not make
 * compilation take billions of steps. */
static void test_work_limit_for_repeated_empty(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *inner = ast_build_repeat(&b, ast_build_empty(&b), 65535, 65535, 1);
  ast_node *root = ast_build_repeat(&b, inner, 65535, 65535, 1);
  ast_tree tree = ast_build_tree(root, 0, 0);
  nfa_compile_limits limits;
  nfa_default_limits(&limits);
  nfa_program program;
  size_t error_offset;
  assert_int_equal(nfa_compile(&tree, &limits, &program, &error_offset),
                   JRX_ERROR_PROGRAM_TOO_BIG);
}

static void test_facts_of_anchored_literal(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root = ast_build_concat(&b, 2, ast_build_assert(&b, AST_ASSERT_TEXT_START),
                                    ast_build_string(&b, "abc"));
  nfa_program program = compile_tree(ast_build_tree(root, 0, 0));
  assert_true(program.anchored);
  assert_false(program.can_match_empty);
  assert_int_equal(program.min_length, 3);
  assert_int_equal(program.literal_prefix_length, 3);
  assert_memory_equal(program.literal_prefix, "abc", 3);
  for (unsigned byte = 0; byte < 256; byte++) {
    assert_int_equal(nfa_first_byte_possible(&program, (unsigned char)byte), byte == 'a');
  }
  assert_int_equal(program.thread_capacity, 4);
  nfa_program_release(&program);
}

static void test_facts_of_alternation(void **state) {
  (void)state;
  ast_builder b = {0};
  /* abc|abd|\Gx* : prefix "ab" only if the last branch were absent. */
  ast_node *two = ast_build_alternate(&b, 2, ast_build_string(&b, "abc"),
                                      ast_build_string(&b, "abdd"));
  nfa_program program = compile_tree(ast_build_tree(two, 0, 0));
  assert_false(program.anchored);
  assert_int_equal(program.literal_prefix_length, 2);
  assert_memory_equal(program.literal_prefix, "ab", 2);
  assert_int_equal(program.min_length, 3);
  nfa_program_release(&program);

  ast_node *three = ast_build_alternate(
      &b, 2, two,
      ast_build_concat(&b, 2, ast_build_assert(&b, AST_ASSERT_MATCH_START),
                       ast_build_repeat(&b, ast_build_literal(&b, 'x'), 0, AST_REPEAT_INFINITE,
                                        1)));
  program = compile_tree(ast_build_tree(three, 0, 0));
  assert_false(program.anchored);
  assert_true(program.can_match_empty);
  assert_int_equal(program.literal_prefix_length, 0);
  assert_int_equal(program.min_length, 0);
  assert_true(nfa_first_byte_possible(&program, 'a'));
  assert_true(nfa_first_byte_possible(&program, 'x'));
  assert_false(nfa_first_byte_possible(&program, 'b'));
  nfa_program_release(&program);
}

/* The bytes of set, as a NUL-terminated string of the ones below 0x80. */
static void set_bytes(const uint64_t set[4], char *text) {
  for (unsigned byte = 1; byte < 0x80; byte++) {
    if ((set[byte >> 6] >> (byte & 63u)) & 1u) {
      *text++ = (char)byte;
    }
  }
  *text = '\0';
}

static void assert_prefix_byte_sets(const nfa_program *program, size_t count,
                                    const char *const *expected) {
  assert_int_equal(program->prefix_byte_set_count, count);
  for (size_t offset = 0; offset < count; offset++) {
    char text[0x80];
    set_bytes(program->prefix_byte_sets[offset], text);
    assert_string_equal(text, expected[offset]);
  }
}

static void test_prefix_byte_sets(void **state) {
  (void)state;
  ast_builder b = {0};
  /* a(b|cd)e|xy: offset 2 holds d of one path and e of another, and the
   * sets end where xy and abe can match. */
  ast_node *root = ast_build_alternate(
      &b, 2,
      ast_build_concat(&b, 3, ast_build_literal(&b, 'a'),
                       ast_build_alternate(&b, 2, ast_build_literal(&b, 'b'),
                                           ast_build_string(&b, "cd")),
                       ast_build_literal(&b, 'e')),
      ast_build_string(&b, "xy"));
  nfa_program program = compile_tree(ast_build_tree(root, 0, 0));
  static const char *const alternation[] = {"ax", "bcy"};
  assert_prefix_byte_sets(&program, 2, alternation);
  nfa_program_release(&program);

  /* \bk[0-2]+: assertions are assumed to hold; the repeat's first byte is
   * required, later ones are not. */
  root = ast_build_concat(&b, 3, ast_build_assert(&b, AST_ASSERT_WORD_BOUNDARY),
                          ast_build_literal(&b, 'k'),
                          ast_build_repeat(&b, ast_build_class(&b, 1, '0', '2'), 1,
                                           AST_REPEAT_INFINITE, 1));
  program = compile_tree(ast_build_tree(root, 0, 0));
  static const char *const repeat[] = {"k", "012"};
  assert_prefix_byte_sets(&program, 2, repeat);
  nfa_program_release(&program);

  /* x* can match empty: no offset is required. */
  root = ast_build_repeat(&b, ast_build_literal(&b, 'x'), 0, AST_REPEAT_INFINITE, 1);
  program = compile_tree(ast_build_tree(root, 0, 0));
  assert_int_equal(program.prefix_byte_set_count, 0);
  nfa_program_release(&program);

  /* A long literal is described up to the limit. */
  root = ast_build_string(&b, "abcdefghijklmnopqrstuvwxyz");
  program = compile_tree(ast_build_tree(root, 0, 0));
  assert_int_equal(program.prefix_byte_set_count, NFA_MAX_PREFIX_BYTE_SETS);
  for (size_t offset = 0; offset < NFA_MAX_PREFIX_BYTE_SETS; offset++) {
    char text[0x80];
    set_bytes(program.prefix_byte_sets[offset], text);
    assert_int_equal(strlen(text), 1);
    assert_int_equal(text[0], 'a' + (int)offset);
  }
  nfa_program_release(&program);
}

static void test_facts_of_unmatchable_program(void **state) {
  (void)state;
  ast_builder b = {0};
  nfa_program program = compile_tree(ast_build_tree(ast_build_class(&b, 0), 0, 0));
  assert_int_equal(program.min_length, SIZE_MAX);
  assert_int_equal(program.fixed_length, SIZE_MAX);
  assert_false(program.can_match_empty);
  nfa_program_release(&program);
}

/* The fixed_length fact of pattern compiled with options, through the
 * parser, so that UTF-8 encoding and case folding are the real ones. */
static size_t fixed_length_of(const char *pattern, uint32_t options) {
  parse_limits limits;
  parse_default_limits(&limits);
  ast_tree tree;
  size_t error_offset;
  assert_int_equal(parse_pattern(pattern, strlen(pattern), options, &limits,
                                 memory_default_allocator(), &tree, &error_offset),
                   0);
  nfa_program program = compile_tree(tree);
  ast_tree_release(&tree);
  size_t length = program.fixed_length;
  nfa_program_release(&program);
  return length;
}

static void test_fixed_length(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    uint32_t options;
    size_t length;
  } cases[] = {
      {"Sherlock Holmes", 0, 15},
      {"Sherlock|Holmes|Watson|Irene", 0, SIZE_MAX},
      {"Holmes|Watson", 0, 6},
      {"[a-z]{3}x|ab(?:cd|ef)", 0, 4},
      {"(a)(b)?", 0, SIZE_MAX},
      {"a{3}", 0, 3},
      {"a{2,3}", 0, SIZE_MAX},
      {"a+", 0, SIZE_MAX},
      {"\\w+", 0, SIZE_MAX},
      {"", 0, 0},
      {"\\b", 0, 0},
      {"^$", JRX_MULTILINE, 0},
      /* Assertions consume nothing, wherever they sit. */
      {"\\bab\\b|^cd$|\\Gef", 0, 2},
      {"(?:ab|cd)\\Z", 0, 2},
      {"[^\\x00-\\xff]", 0, SIZE_MAX},
      /* Outside UTF mode . is one byte; inside, one to four. */
      {"a.c", 0, 3},
      {"a.c", JRX_UTF, SIZE_MAX},
      {"a.c", JRX_DOTALL, 3},
      /* One character each, but not one byte count each. */
      {"\\x{e9}|e", JRX_UTF, SIZE_MAX},
      {"\\x{e9}|\\x{e8}", JRX_UTF, 2},
      {"\\x{e9}|e", 0, 1},
      {"x", JRX_CASELESS, 1},
      {"k", JRX_CASELESS, 1},
      /* The Kelvin sign (three bytes) folds to k under UTF. */
      {"k", JRX_CASELESS | JRX_UTF, SIZE_MAX},
      {"\\x{e9}", JRX_CASELESS | JRX_UTF, 2},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t length = fixed_length_of(cases[i].pattern, cases[i].options);
    if (length != cases[i].length) {
      fail_msg("/%s/ (options %#x): fixed_length %zu, expected %zu", cases[i].pattern,
               (unsigned)cases[i].options, length, cases[i].length);
    }
  }
}

static void test_formatters_behave_like_snprintf(void **state) {
  (void)state;
  ast_builder b = {0};
  ast_node *root = ast_build_concat(&b, 2, ast_build_assert(&b, AST_ASSERT_NOT_WORD_BOUNDARY),
                                    ast_build_alternate(&b, 2, ast_build_literal(&b, '"'),
                                                        ast_build_literal(&b, 'y')));
  nfa_program program = compile_tree(ast_build_tree(root, 0, 0));
  char full[1024];
  size_t length = nfa_format_listing(&program, full, sizeof full);
  assert_int_equal(length, strlen(full));
  char small[10];
  assert_int_equal(nfa_format_listing(&program, small, sizeof small), length);
  assert_int_equal(strlen(small), sizeof small - 1);
  assert_memory_equal(small, full, sizeof small - 1);
  assert_int_equal(nfa_format_listing(&program, NULL, 0), length);

  char dot[2048];
  length = nfa_format_dot(&program, dot, sizeof dot);
  assert_int_equal(length, strlen(dot));
  assert_non_null(strstr(dot, "digraph nfa {\n"));
  assert_non_null(strstr(dot, "[label=\"5: assert \\\\B\"];"));
  assert_non_null(strstr(dot, "[label=\"3: byte 0x22\"];"));
  assert_non_null(strstr(dot, "n4 -> n3 [label=\"1\"];"));
  assert_non_null(strstr(dot, "n6 -> n5;"));
  assert_non_null(strstr(dot, "shape=doublecircle"));
  assert_int_equal(nfa_format_dot(&program, NULL, 0), length);
  nfa_program_release(&program);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_literal_string),
      cmocka_unit_test(test_alternation_keeps_priority),
      cmocka_unit_test(test_capture_and_assertion),
      cmocka_unit_test(test_star_of_nonempty_body_is_not_copied),
      cmocka_unit_test(test_star_of_nullable_body_gets_empty_copy),
      cmocka_unit_test(test_lazy_plus_enters_body_first),
      cmocka_unit_test(test_counted_repeat_expansion),
      cmocka_unit_test(test_counted_unbounded_repeat_expansion),
      cmocka_unit_test(test_zero_repeat_emits_nothing),
      cmocka_unit_test(test_byte_class_and_empty_class),
      cmocka_unit_test(test_utf8_literal_is_encoded),
      cmocka_unit_test(test_utf8_class_shares_suffixes),
      cmocka_unit_test(test_size_limit),
      cmocka_unit_test(test_work_limit_for_repeated_empty),
      cmocka_unit_test(test_facts_of_anchored_literal),
      cmocka_unit_test(test_facts_of_alternation),
      cmocka_unit_test(test_facts_of_unmatchable_program),
      cmocka_unit_test(test_prefix_byte_sets),
      cmocka_unit_test(test_fixed_length),
      cmocka_unit_test(test_formatters_behave_like_snprintf),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
