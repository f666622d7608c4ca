/* test_parse_oracle: the parser against PCRE2 on whole sets and on many
 * patterns at once: class membership code point by code point (case
 * folding, POSIX classes, negation, PCRE2 10.42's quirks), the claim that
 * each \R jrx accepts behaves like the plain alternation it becomes, and
 * fixed-seed random patterns, byte strings and mutations, which must never
 * crash, must report offsets inside the pattern and must agree with
 * PCRE2 on what is an error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "parse_test_support.h"
#include "regex/ast.h"
#include "regex/utf8.h"
#include "regex/memory.h"
#include "unsupported_construct.h"

static pcre2_code *pcre2_compile_or_fail(const char *pattern, size_t length, uint32_t options) {
  int error;
  PCRE2_SIZE offset;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, length, options, &error, &offset, NULL);
  if (code == NULL) {
    print_error("PCRE2 rejects %s at %zu\n", pattern, (size_t)offset);
    fail();
  }
  return code;
}

/* --- Class membership ---------------------------------------------------- */

typedef struct class_case {
  const char *pattern;
  uint32_t options;
} class_case;

static int node_contains(const ast_node *node, uint32_t code_point) {
  return node->kind == AST_LITERAL ? node->as.code_point == code_point
                                   : charset_contains(&node->as.set, code_point);
}

static void check_membership(const class_case *test, const ast_node *node, pcre2_code *oracle,
                             pcre2_match_data *match_data, uint32_t code_point) {
  int utf = (test->options & JRX_UTF) != 0;
  if (utf && code_point >= 0xd800 && code_point <= 0xdfff) {
    assert_false(node_contains(node, code_point));
    return;
  }
  unsigned char subject[4];
  size_t length = 1;
  if (utf) {
    length = utf8_encode(code_point, subject);
  } else {
    subject[0] = (unsigned char)code_point;
  }
  int expected = pcre2_match(oracle, subject, length, 0, 0, match_data, NULL) > 0;
  if (node_contains(node, code_point) != expected) {
    print_error("%s (options %#x): U+%04X is %s for PCRE2\n", test->pattern,
                (unsigned)test->options, (unsigned)code_point,
                expected ? "a member" : "not a member");
    fail();
  }
}

/* Every byte in byte mode; in UTF mode the first blocks, the blocks where
 * folding is busiest, both sides of every range boundary, and the end. */
static void check_class_case(const class_case *test, pcre2_match_data *match_data) {
  ast_tree tree;
  size_t offset;
  size_t length = strlen(test->pattern);
  assert_int_equal(parse_pattern(test->pattern, length, test->options, NULL,
                                 memory_default_allocator(), &tree, &offset),
                   0);
  const ast_node *node = tree.root;
  assert_true(node->kind == AST_CLASS || node->kind == AST_LITERAL);
  pcre2_code *oracle = pcre2_compile_or_fail(test->pattern, length,
                                             parse_test_pcre2_options(test->options) |
                                                 PCRE2_ANCHORED | PCRE2_ENDANCHORED);
  if ((test->options & JRX_UTF) == 0) {
    for (uint32_t code_point = 0; code_point <= 0xff; code_point++) {
      check_membership(test, node, oracle, match_data, code_point);
    }
  } else {
    static const uint32_t blocks[][2] = {
        {0, 0x5ff}, {0x1e00, 0x21ff}, {0xd7f0, 0xe010}, {0xff00, 0xff5f}};
    for (size_t block = 0; block < sizeof blocks / sizeof blocks[0]; block++) {
      for (uint32_t code_point = blocks[block][0]; code_point <= blocks[block][1]; code_point++) {
        check_membership(test, node, oracle, match_data, code_point);
      }
    }
    for (size_t index = 0; node->kind == AST_CLASS && index < node->as.set.count; index++) {
      const charset_range *range = &node->as.set.ranges[index];
      check_membership(test, node, oracle, match_data, range->low);
      check_membership(test, node, oracle, match_data, range->high);
      if (range->low > 0) {
        check_membership(test, node, oracle, match_data, range->low - 1);
      }
      if (range->high < CHARSET_MAX_UNICODE) {
        check_membership(test, node, oracle, match_data, range->high + 1);
      }
    }
    static const uint32_t extra[] = {0x10000, 0x10400, 0x10428,  0x1e900,
                                     0x1e922, 0x1f600, 0x10fffe, 0x10ffff};
    for (size_t index = 0; index < sizeof extra / sizeof extra[0]; index++) {
      check_membership(test, node, oracle, match_data, extra[index]);
    }
  }
  pcre2_code_free(oracle);
  ast_tree_release(&tree);
}

static void test_class_membership_matches_pcre2(void **context) {
  (void)context;
  static const class_case cases[] = {
      {"[a-z]", JRX_CASELESS},
      {"[^a-z]", JRX_CASELESS},
      {"[\\x{c0}-\\x{ff}]", JRX_CASELESS},
      {"[@-\\x{60}]", JRX_CASELESS},
      {"[[:upper:]]", JRX_CASELESS},
      {"[[:^lower:][:digit:]]", JRX_CASELESS},
      {"[\\W\\d]", JRX_CASELESS},
      {"[^\\s\\h]", 0},
      {"[\\H\\V]", 0},
      {"[[:punct:][:cntrl:]]", 0},
      {"[[:graph:]\\S]", 0},
      {"[^[:print:]-]", 0},
      {".", 0},
      {"\\N", JRX_DOTALL},
      {"K", JRX_CASELESS},
      {"[a-z]", JRX_CASELESS | JRX_UTF},
      {"[^k-s]", JRX_CASELESS | JRX_UTF},
      {"[\\x{100}-\\x{24f}]", JRX_CASELESS | JRX_UTF},
      {"[\\x{370}-\\x{3ff}\\x{1f00}-\\x{1fff}]", JRX_CASELESS | JRX_UTF},
      {"[\\x{10400}-\\x{10427}\\x{ff21}]", JRX_CASELESS | JRX_UTF},
      {"\xc3\x9f", JRX_CASELESS | JRX_UTF},
      {"\\x{1c5}", JRX_CASELESS | JRX_UTF},
      {"\\x{3b8}", JRX_CASELESS | JRX_UTF},
      {"[^\\x{212a}]", JRX_CASELESS | JRX_UTF},
      {"[\\h\\v]", JRX_UTF},
      {"[^\\H]", JRX_UTF},
      {"[\\w\\s[:^alpha:]]", JRX_UTF},
      {"[[:^ascii:]a]", JRX_UTF},
      {".", JRX_UTF},
      {".", JRX_UTF | JRX_DOTALL},
      {"[\\x{d000}-\\x{e0ff}]", JRX_UTF},
      /* PCRE2 10.42's lost characters above 0xff (see parse_class.c). */
      {"[\\D[:cntrl:]]", JRX_UTF},
      {"[^\\D[:cntrl:]]", JRX_UTF},
      {"[[:^ascii:][:lower:]]", JRX_UTF},
      {"[\\S[:alpha:]\\D]", JRX_UTF},
      {"[k\\W[:alpha:]]", JRX_CASELESS | JRX_UTF},
      {"[\\W\\x{100}-\\x{200}[:cntrl:]]", JRX_CASELESS | JRX_UTF},
      {"[\\H[:cntrl:]]", JRX_UTF},
  };
  pcre2_match_data *match_data = pcre2_match_data_create(1, NULL);
  assert_non_null(match_data);
  for (size_t index = 0; index < sizeof cases / sizeof cases[0]; index++) {
    check_class_case(&cases[index], match_data);
  }
  pcre2_match_data_free(match_data);
}

/* --- \R ------------------------------------------------------------------ */

/* The pattern with every \R spelled as the alternation jrx builds. */
static char *plain_newline_sequences(const char *pattern) {
  static const char replacement[] = "(?:\\r\\n|[\\n\\x0b\\f\\r\\x85])";
  char *result = malloc(strlen(pattern) * sizeof replacement + 1);
  assert_non_null(result);
  char *out = result;
  for (const char *in = pattern; *in != '\0'; in++) {
    if (in[0] == '\\' && in[1] == 'R') {
      memcpy(out, replacement, sizeof replacement - 1);
      out += sizeof replacement - 1;
      in++;
    } else if (in[0] == '\\' && in[1] != '\0') {
      *out++ = *in++;
      *out++ = *in;
    } else {
      *out++ = *in;
    }
  }
  *out = '\0';
  return result;
}

#define SUBJECT_ALPHABET "\r\nax"
#define MAX_SUBJECT_LENGTH 5

/* Whether the two PCRE2 patterns give the same result (match and every
 * group) on every subject up to MAX_SUBJECT_LENGTH over the alphabet. */
static int same_on_all_subjects(const char *pattern, uint32_t options) {
  char *plain = plain_newline_sequences(pattern);
  uint32_t pcre2_options = parse_test_pcre2_options(options);
  pcre2_code *atomic = pcre2_compile_or_fail(pattern, strlen(pattern), pcre2_options);
  pcre2_code *alternation = pcre2_compile_or_fail(plain, strlen(plain), pcre2_options);
  pcre2_match_data *atomic_data = pcre2_match_data_create_from_pattern(atomic, NULL);
  pcre2_match_data *alternation_data = pcre2_match_data_create_from_pattern(alternation, NULL);
  int same = 1;
  char subject[MAX_SUBJECT_LENGTH];
  size_t alphabet = strlen(SUBJECT_ALPHABET);
  for (size_t length = 0; length <= MAX_SUBJECT_LENGTH && same; length++) {
    size_t combinations = 1;
    for (size_t index = 0; index < length; index++) {
      combinations *= alphabet;
    }
    for (size_t number = 0; number < combinations && same; number++) {
      size_t digits = number;
      for (size_t index = 0; index < length; index++, digits /= alphabet) {
        subject[index] = SUBJECT_ALPHABET[digits % alphabet];
      }
      int first = pcre2_match(atomic, (PCRE2_SPTR)subject, length, 0, 0, atomic_data, NULL);
      int second =
          pcre2_match(alternation, (PCRE2_SPTR)subject, length, 0, 0, alternation_data, NULL);
      same = first == second;
      PCRE2_SIZE *first_groups = pcre2_get_ovector_pointer(atomic_data);
      PCRE2_SIZE *second_groups = pcre2_get_ovector_pointer(alternation_data);
      for (int index = 0; same && index < 2 * first; index++) {
        same = first_groups[index] == second_groups[index];
      }
    }
  }
  pcre2_match_data_free(atomic_data);
  pcre2_match_data_free(alternation_data);
  pcre2_code_free(atomic);
  pcre2_code_free(alternation);
  free(plain);
  return same;
}

typedef struct newline_case {
  const char *pattern;
  uint32_t options;
} newline_case;

static void test_accepted_newline_sequences_are_plain_alternations(void **context) {
  (void)context;
  static const newline_case cases[] = {
      {"\\R", 0},
      {"\\Rx", 0},
      {"a\\R", 0},
      {"\\R\\b", 0},
      {"\\R\\z", 0},
      {"\\R$", 0},
      {"\\R\\Z", 0},
      {"\\R^", JRX_MULTILINE},
      {"(\\R)x", 0},
      {"\\R+", 0},
      {"\\R*x", 0},
      {"(?:\\R)+a", 0},
      {"\\R*?", 0},
      {"\\R?x", 0},
      {"(?:a\\R)*b", 0},
      {"\\R(?:$|x)", 0},
      {"\\R(a|x)", 0},
      {"(\\R)(a)?x", 0},
      {"\\R\\r", 0},
      {"x\\R{0}\\n", 0},
      {"(\\R)+", 0},
      {"((\\R))*?x", 0},
      /* Next to "any but newline" only when PCRE2 gets it right. */
      {"(?:.)+\\R", 0},
      {"[^\\n]*\\R", 0},
      {".+\\R", JRX_DOTALL},
      {".{2}\\R", 0},
      {"(?:\\R)+.", 0},
      {"(\\R)+.", 0},
      {"\\R.", 0},
  };
  for (size_t index = 0; index < sizeof cases / sizeof cases[0]; index++) {
    const newline_case *test = &cases[index];
    ast_tree tree;
    size_t offset;
    int status = parse_pattern(test->pattern, strlen(test->pattern), test->options, NULL,
                               memory_default_allocator(), &tree, &offset);
    if (status != 0) {
      print_error("%s rejected: %d at %zu\n", test->pattern, status, offset);
      fail();
    }
    ast_tree_release(&tree);
    if (!same_on_all_subjects(test->pattern, test->options)) {
      print_error("%s: PCRE2's atomic \\R differs from the alternation\n", test->pattern);
      fail();
    }
  }
}

/* The rejections are needed: for each, some subject tells them apart
 * (for the ones next to . or \N, because PCRE2 10.42 gets them wrong). */
static void test_rejected_newline_sequences_really_differ(void **context) {
  (void)context;
  static const newline_case cases[] = {
      {"\\R\\n", 0},   {"\\R{2}", 0},       {"\\R$", JRX_MULTILINE}, {"\\R\\B", 0}, {"\\R{2,}", 0},
      {"(\\R){2}", 0}, {"\\R(?:\\n|x)", 0}, {"(?:\\R)*\\n", 0},      {"\\R\\R", 0}, {".+\\R", 0},
      {"\\N*?\\R", 0}, {"\\R?.", 0},        {"\\R+(?:.)", 0},
  };
  for (size_t index = 0; index < sizeof cases / sizeof cases[0]; index++) {
    const newline_case *test = &cases[index];
    ast_tree tree;
    size_t offset;
    assert_int_equal(parse_pattern(test->pattern, strlen(test->pattern), test->options, NULL,
                                   memory_default_allocator(), &tree, &offset),
                     JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE);
    if (same_on_all_subjects(test->pattern, test->options)) {
      print_error("%s: no subject shows a difference\n", test->pattern);
      fail();
    }
  }
}

/* --- Random patterns ----------------------------------------------------- */

/* Parses and checks what must hold for any input; returns the status. */
static int parse_checked(const char *pattern, size_t length, uint32_t options) {
  ast_tree tree;
  size_t offset = SIZE_MAX;
  int status =
      parse_pattern(pattern, length, options, NULL, memory_default_allocator(), &tree, &offset);
  if (status == 0) {
    assert_non_null(tree.root);
    char text[64];
    ast_format(tree.root, text, sizeof text);
    ast_tree_release(&tree);
  } else {
    assert_true(status < 0);
    assert_true(offset <= length);
    assert_null(tree.root);
  }
  return status;
}

/* PCRE2's verdict must agree: its errors are jrx errors at the same
 * offset (unless jrx met an unsupported construct first), and what it
 * accepts jrx accepts or rejects as unsupported, the construct being where
 * jrx says (unsupported_construct.h). */
static void check_against_pcre2(const char *pattern, size_t length, uint32_t options) {
  ast_tree tree;
  size_t offset = 0;
  int status =
      parse_pattern(pattern, length, options, NULL, memory_default_allocator(), &tree, &offset);
  if (status == 0) {
    ast_tree_release(&tree);
  }
  size_t pcre2_offset = 0;
  int accepted = parse_test_pcre2_accepts(pattern, length, options, &pcre2_offset);
  int agrees = unsupported_construct_present(status, pattern, length, offset, options) ||
               (accepted ? status == 0 : status != 0 && offset == pcre2_offset);
  if (!agrees) {
    print_error("%.*s (options %#x): jrx %d at %zu, PCRE2 %s at %zu\n", (int)length, pattern,
                (unsigned)options, status, offset, accepted ? "accepts" : "rejects", pcre2_offset);
    fail();
  }
}

static const uint32_t option_sets[] = {0,
                                       JRX_CASELESS,
                                       JRX_EXTENDED,
                                       JRX_UTF,
                                       JRX_UTF | JRX_EXTENDED,
                                       JRX_MULTILINE | JRX_DOTALL,
                                       JRX_UTF | JRX_CASELESS,
                                       JRX_UNGREEDY};
#define OPTION_SET_COUNT (sizeof option_sets / sizeof option_sets[0])

static void test_random_bytes(void **context) {
  (void)context;
  uint32_t random_state = 0x9e3779b9u;
  char pattern[48];
  for (int round = 0; round < 4000; round++) {
    size_t length = parse_test_random(&random_state) % sizeof pattern;
    for (size_t index = 0; index < length; index++) {
      pattern[index] = (char)(parse_test_random(&random_state) & 0xff);
    }
    parse_checked(pattern, length, option_sets[round % OPTION_SET_COUNT]);
  }
}

/* Pieces of syntax that random concatenation turns into interesting and
 * broken patterns. */
static const char *const tokens[] = {
    "a",          "b",    "x",     "0",        "9",     "(",         ")",
    "(?:",        "(?i)", "(?-i)", "(?x)",     "(?xx)", "(?s)",      "(?m)",
    "(?n)",       "(?U)", "(?^)",  "(?i:",     "(?<n>", "(?'q'",     "(?P<p>",
    "|",          "*",    "+",     "?",        "??",    "*?",        "{",
    "}",          "{2}",  "{1,3}", "{2,}",     "{,2}",  "{65536}",   "[",
    "]",          "[^",   "-",     "^",        "$",     ".",         "\\",
    "\\d",        "\\W",  "\\s",   "\\h",      "\\V",   "\\R",       "\\N",
    "\\b",        "\\B",  "\\A",   "\\z",      "\\Z",   "\\G",       "\\Q",
    "\\E",        "\\x",  "\\x{",  "\\x41",    "\\o{",  "\\0",       "\\1",
    "\\12",       "\\8",  "\\c",   "\\cA",     "\\e",   "\\n",       "\\g",
    "\\k",        "#",    " ",     "\n",       "[:",    "[:alpha:]", ":]",
    "[:^digit:]", "[[:",  "(?#",   "\xc3\xa9", "\x85",  "K",         "'",
    "<",          ">",    "=",     "!",        "&",     "P",         "C",
    "(*",         "(?|",  "(?>",   "(?=",      "(?<=",  "\\p",       "\\X",
    "\\K",        "\\C",  "\\i",   "\\l",      "}",     "\xff",      "\xe2\x84\xaa",
    "\\N{U+",     "1}",   "x{"};
#define TOKEN_COUNT (sizeof tokens / sizeof tokens[0])

static void test_random_token_patterns_agree_with_pcre2(void **context) {
  (void)context;
  uint32_t random_state = 0x1234567u;
  char pattern[256];
  for (int round = 0; round < 12000; round++) {
    size_t length = 0;
    size_t count = 1 + parse_test_random(&random_state) % 12;
    for (size_t index = 0; index < count; index++) {
      const char *token = tokens[parse_test_random(&random_state) % TOKEN_COUNT];
      size_t token_length = strlen(token);
      memcpy(pattern + length, token, token_length);
      length += token_length;
    }
    uint32_t options = option_sets[parse_test_random(&random_state) % OPTION_SET_COUNT];
    parse_checked(pattern, length, options);
    check_against_pcre2(pattern, length, options);
  }
}

static void test_random_mutations_of_valid_patterns(void **context) {
  (void)context;
  static const char *const seeds[] = {
      "^(?<user>[\\w.+-]+)@(\\w+)\\.(?:com|org)$", "(?i)a(?x: b c # note\n)d{2,5}?[^\\d\\s]",
      "\\Qa.b\\E(?:x|y)*\\R?\\x{41}\\o{101}\\cA",  "[[:alpha:]\\-_]+(?s:.)\\N{3}\\b\\B\\G\\z",
      "(a|(b|(c|(d))))+?(?#comment)e{0,}",         "(?xx)[ a - f ] (?n)(g)(?<h>h)\\h\\v\\H\\V"};
  uint32_t random_state = 0xc0ffeeu;
  char pattern[128];
  for (int round = 0; round < 6000; round++) {
    const char *seed = seeds[round % (sizeof seeds / sizeof seeds[0])];
    size_t length = strlen(seed);
    memcpy(pattern, seed, length);
    size_t mutations = 1 + parse_test_random(&random_state) % 3;
    for (size_t step = 0; step < mutations && length > 0; step++) {
      size_t at = parse_test_random(&random_state) % length;
      const char *token = tokens[parse_test_random(&random_state) % TOKEN_COUNT];
      switch (parse_test_random(&random_state) % 3) {
      case 0: /* delete one byte */
        memmove(pattern + at, pattern + at + 1, length - at - 1);
        length--;
        break;
      case 1: /* replace one byte */ pattern[at] = token[0]; break;
      default: { /* insert a token */
        size_t token_length = strlen(token);
        if (length + token_length <= sizeof pattern) {
          memmove(pattern + at + token_length, pattern + at, length - at);
          memcpy(pattern + at, token, token_length);
          length += token_length;
        }
        break;
      }
      }
    }
    uint32_t options = option_sets[parse_test_random(&random_state) % OPTION_SET_COUNT];
    parse_checked(pattern, length, options);
    check_against_pcre2(pattern, length, options);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_class_membership_matches_pcre2),
      cmocka_unit_test(test_accepted_newline_sequences_are_plain_alternations),
      cmocka_unit_test(test_rejected_newline_sequences_really_differ),
      cmocka_unit_test(test_random_bytes),
      cmocka_unit_test(test_random_token_patterns_agree_with_pcre2),
      cmocka_unit_test(test_random_mutations_of_valid_patterns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
