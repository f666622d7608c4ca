/* test_jit_pike: the native Pike VM answers exactly as pike_match does,
 * status and every slot, for every instruction and assertion, generated
 * patterns, every start offset and option pair, many groups, large
 * programs, long subjects, guard pages, the wrap of the stamp generation,
 * allocation failures and shared code; and searches the lazy DFA gives up
 * on agree with the interpreter through the public API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "../oracle/oracle_generate.h"
#include "../reliability/counting_allocator.h"
#include "../reliability/long_tests.h"
#include "jrx.h"
#include "regex/arm64/jit_capture.h"
#include "regex/arm64/jit_pike.h"
#include "regex/dfa.h"
#include "regex/jrx_internal.h"
#include "regex/memory.h"
#include "regex/pike.h"
#include "regex/utf8.h"
#include "test_random.h"

/* Mismatches printed per fixture; the rest are only counted. */
#define MISMATCHES_SHOWN 6

/* Subjects longer than this are described, not printed. */
#define SUBJECT_SHOWN_MAX 160

/* One pattern compiled to a program (through jrx_compile with JRX_NO_JIT,
 * which owns it), the reference Pike VM and the native one. */
typedef struct pike_fixture {
  char *pattern; /* a NUL-terminated copy, for messages */
  size_t pattern_length;
  uint32_t compile_options;
  jrx *re;
  const nfa_program *program;
  pike_scratch *reference;
  jit_pike_code *code;
  jit_pike_scratch *scratch;
  size_t *expected; /* slot_count: pike_match's slots, kept while the native code runs */
  size_t compared;
  size_t matched;    /* comparisons where pike_match found a match */
  size_t mismatches;
} pike_fixture;

/* Returns 0 and fills fixture, or jrx_compile's error (generated patterns
 * may lie outside jrx's subset). */
static int fixture_try_create(pike_fixture *fixture, const char *pattern, size_t length,
                              uint32_t compile_options) {
  memset(fixture, 0, sizeof *fixture);
  fixture->compile_options = compile_options;
  int error = 0;
  size_t error_offset;
  fixture->re = jrx_compile(pattern, length, compile_options | JRX_NO_JIT, &error, &error_offset);
  if (fixture->re == NULL) {
    return error;
  }
  fixture->pattern = malloc(length + 1);
  assert_non_null(fixture->pattern);
  memcpy(fixture->pattern, pattern, length);
  fixture->pattern[length] = '\0';
  fixture->pattern_length = length;
  fixture->program = &fixture->re->program;
  fixture->expected = malloc(fixture->program->slot_count * sizeof *fixture->expected);
  assert_non_null(fixture->expected);
  assert_int_equal(pike_scratch_create(fixture->program, &fixture->reference), 0);
  int status = jit_pike_compile(fixture->program, memory_default_allocator(), NULL, &fixture->code);
  if (status != 0) {
    printf("pattern /%s/: jit_pike_compile returned %d\n", fixture->pattern, status);
    fail();
  }
  assert_int_equal(
      jit_pike_scratch_create(fixture->code, memory_default_allocator(), &fixture->scratch), 0);
  return 0;
}

static void fixture_create(pike_fixture *fixture, const char *pattern, uint32_t compile_options) {
  assert_int_equal(fixture_try_create(fixture, pattern, strlen(pattern), compile_options), 0);
}

/* Releases everything, then fails the test if any comparison disagreed. */
static void fixture_finish(pike_fixture *fixture) {
  size_t mismatches = fixture->mismatches;
  jit_pike_scratch_destroy(fixture->scratch);
  jit_pike_release(fixture->code);
  pike_scratch_destroy(fixture->reference);
  free(fixture->expected);
  jrx_free(fixture->re);
  if (mismatches > 0) {
    printf("pattern /%s/: %zu of %zu comparisons disagreed\n", fixture->pattern, mismatches,
           fixture->compared);
  }
  free(fixture->pattern);
  assert_int_equal(mismatches, 0);
}

/* Fails unless pike_match found a match in at least one comparison, so
 * that slots, not only statuses, were compared. */
static void assert_some_match(const pike_fixture *fixture) {
  if (fixture->matched == 0) {
    printf("pattern /%s/ never matched\n", fixture->pattern);
    fail();
  }
}

static void print_escaped(const unsigned char *bytes, size_t length) {
  for (size_t i = 0; i < length; i++) {
    printf(bytes[i] >= 0x20 && bytes[i] < 0x7f ? "%c" : "\\x%02x", bytes[i]);
  }
}

static void print_slots(const char *engine, int status, const size_t *slots, uint32_t count) {
  printf("  %s %d:", engine, status);
  for (uint32_t i = 0; status == 1 && i < count; i++) {
    printf(" %td", (ptrdiff_t)slots[i]);
  }
  printf("\n");
}

static void report_mismatch(const pike_fixture *fixture, const unsigned char *subject,
                            size_t length, size_t start_offset, uint32_t options, int expected,
                            int actual, const size_t *native) {
  printf("pattern /");
  print_escaped((const unsigned char *)fixture->pattern, fixture->pattern_length);
  printf("/ compile 0x%x match 0x%x offset %zu subject ", (unsigned)fixture->compile_options,
         (unsigned)options, start_offset);
  if (length <= SUBJECT_SHOWN_MAX) {
    printf("\"");
    print_escaped(subject, length);
    printf("\"\n");
  } else {
    printf("of %zu bytes (see the test)\n", length);
  }
  print_slots("pike_match", expected, fixture->expected, fixture->program->slot_count);
  print_slots("jit_pike_match", actual, native, fixture->program->slot_count);
}

/* pike_match's answer, its slots kept in fixture->expected. */
static int reference(pike_fixture *fixture, const unsigned char *subject, size_t length,
                     size_t start_offset, uint32_t options) {
  const size_t *slots;
  int status = pike_match(fixture->program, fixture->reference, subject, length, start_offset,
                          options, &slots, NULL);
  if (status == 1) {
    memcpy(fixture->expected, slots, fixture->program->slot_count * sizeof *slots);
  }
  return status;
}

/* Counts one comparison of the native answer with reference's, which
 * must have just been made for the same question. Returns whether the
 * status and, on a match, every slot agree. */
static int record(pike_fixture *fixture, const unsigned char *subject, size_t length,
                  size_t start_offset, uint32_t options, int expected, int actual,
                  const size_t *native) {
  fixture->compared++;
  fixture->matched += expected == 1;
  int same = actual == expected &&
             (expected != 1 || memcmp(native, fixture->expected,
                                      fixture->program->slot_count * sizeof *native) == 0);
  if (!same) {
    if (fixture->mismatches < MISMATCHES_SHOWN) {
      report_mismatch(fixture, subject, length, start_offset, options, expected, actual, native);
    }
    fixture->mismatches++;
  }
  return same;
}

/* Asks both engines the same question; returns whether they agree. */
static int compare(pike_fixture *fixture, const unsigned char *subject, size_t length,
                   size_t start_offset, uint32_t options) {
  options |= fixture->compile_options & JRX_ANCHORED;
  int expected = reference(fixture, subject, length, start_offset, options);
  const size_t *native = NULL;
  int actual = jit_pike_match(fixture->code, fixture->scratch, subject, length, start_offset,
                              options, &native, NULL);
  return record(fixture, subject, length, start_offset, options, expected, actual, native);
}

/* A match may start at offset: in UTF mode only on a character's first
 * byte (pike_match's contract). */
static int starts_character(const pike_fixture *fixture, const unsigned char *subject,
                            size_t length, size_t offset) {
  return !fixture->program->utf || offset == length || (subject[offset] & 0xc0u) != 0x80u;
}

/* No options, each one alone, and each pair of them. */
#define OPTION_SETS 16

static void option_sets(uint32_t sets[OPTION_SETS]) {
  static const uint32_t single[] = {JRX_ANCHORED, JRX_NOTBOL, JRX_NOTEOL, JRX_NOTEMPTY,
                                    JRX_NOTEMPTY_ATSTART};
  size_t count = sizeof single / sizeof single[0];
  size_t made = 0;
  sets[made++] = 0;
  for (size_t i = 0; i < count; i++) {
    sets[made++] = single[i];
    for (size_t j = i + 1; j < count; j++) {
      sets[made++] = single[i] | single[j];
    }
  }
  assert_int_equal(made, OPTION_SETS);
}

/* Every start offset a match may begin at, each with every option set. */
static void compare_everywhere(pike_fixture *fixture, const unsigned char *subject,
                               size_t length) {
  uint32_t sets[OPTION_SETS];
  option_sets(sets);
  for (size_t offset = 0; offset <= length; offset++) {
    if (!starts_character(fixture, subject, length, offset)) {
      continue;
    }
    for (size_t s = 0; s < OPTION_SETS; s++) {
      compare(fixture, subject, length, offset, sets[s]);
    }
  }
}

static int is_continuation(unsigned char byte) {
  return (byte & 0xc0u) == 0x80u;
}

/* Whole characters of the UTF-8 alphabet drawn at random, up to a random
 * length of at most capacity bytes; returns the length. */
static size_t random_text(uint64_t *random, const char *alphabet, unsigned char *text,
                          size_t capacity) {
  const unsigned char *letters = (const unsigned char *)alphabet;
  size_t letter_bytes = strlen(alphabet);
  size_t target = (size_t)(test_random_next(random) % (capacity + 1));
  size_t length = 0;
  for (;;) {
    size_t first = (size_t)(test_random_next(random) % letter_bytes);
    while (first > 0 && is_continuation(letters[first])) {
      first--;
    }
    size_t size = 1;
    while (first + size < letter_bytes && is_continuation(letters[first + size])) {
      size++;
    }
    if (size > target - length) {
      return length;
    }
    memcpy(text + length, letters + first, size);
    length += size;
  }
}

/* Mostly a and b, so that most patterns below match, plus newlines, word
 * and non-word bytes, and two-, three- and four-byte characters. */
static const char default_alphabet[] = "aaaabbbbc \n\n_1-xAB@.\xc3\xa9\xc3\x89\xe2\x82\xac"
                                       "\xf0\x9f\x98\x80";

typedef struct pattern_case {
  const char *pattern;
  uint32_t options;
  const char *alphabet; /* NULL: default_alphabet */
} pattern_case;

static const pattern_case fixed_cases[] = {
    /* Byte ranges, splits, saves, the match and the failure instruction. */
    {"abc", 0, "abcc"},
    {"a.c", 0, "abc\n"},
    {"a.c", JRX_DOTALL, "abc\n"},
    {"[a-c]+x", 0, "abcx"},
    {"[^ab]", 0, NULL},
    {"a|[^\\x00-\\xff]|b", 0, NULL},
    {"([\\x80-\\xfe]+)(\\xff)", 0, "a\x7f\x80\xfe\xff"},
    {"[^\\x00-\\x7f]\\b", 0, "a\x7f\x80\xc3\xa9\xff" "a"},
    {"([^\\x00-\\xff])?a(b)", 0, NULL},
    {"(a)|(b)", 0, NULL},
    {"(a)?(b)", 0, NULL},
    {"(?:(a)|(b))*", 0, NULL},
    {"((a)(b(c)?))", 0, "abcc"},
    {"((a|b)*)*c", 0, "abc"},
    {"(((a)))+", 0, NULL},
    {"(a(b(c)))|(a)(b)", 0, "abcc"},
    /* Quantifiers, greedy and lazy. */
    {"a*", 0, NULL},
    {"(a+?)(a*)", 0, NULL},
    {"(a?\?)b", 0, NULL},
    {"(a|b)*?c", 0, "abcc"},
    {"(a{2,3})(a{2,3}?)", 0, "aaaab"},
    {"(ab){1,2}?", 0, NULL},
    {"(a*?)$", 0, NULL},
    {"(a+)+b", 0, NULL},
    {"(a*)*", 0, NULL},
    {"(a+|b)*?(b+)", 0, NULL},
    {"(a+)(?:b(a+))*", JRX_UNGREEDY, NULL},
    /* Empty alternatives and empty matches. */
    {"", 0, NULL},
    {"()", 0, NULL},
    {"(|a)", 0, NULL},
    {"(a|)", 0, NULL},
    {"a||b", 0, NULL},
    {"(?:|a)+", 0, NULL},
    {"(a|)+", 0, NULL},
    {"x(|a|b)y", 0, "abxy"},
    {"(?:a|b|)*c", 0, "abc"},
    /* Every assertion, with and without multiline. */
    {"^a", 0, "ab\na"},
    {"^a", JRX_MULTILINE, "ab\na"},
    {"(a)$", 0, "ab\na"},
    {"(a)$", JRX_MULTILINE, "ab\na"},
    {"^", 0, NULL},
    {"$", 0, NULL},
    {"^$", JRX_MULTILINE, "a\n\n"},
    {"(^|b)+(a)", JRX_MULTILINE, NULL},
    {"(\\n)(^)", JRX_MULTILINE, NULL},
    {"($)(\\n)", JRX_MULTILINE, NULL},
    {"\\Aa", 0, "ab\na"},
    {"\\A", JRX_MULTILINE, NULL},
    {"(a)\\Z", 0, "ab\na"},
    {"\\Z", 0, "a\n"},
    {"(a)\\z", 0, "ab\na"},
    {"\\z", 0, NULL},
    {"\\b(\\w+)\\b", 0, NULL},
    {"(\\b)", 0, NULL},
    {"\\Ba\\B", 0, NULL},
    {"(\\B)", 0, NULL},
    {"\\Ga", 0, "ab"},
    {"(?:\\Ga|b)+", 0, NULL},
    {"(\\G)?(a)", 0, NULL},
    {"\\G", 0, NULL},
    {"a\\b|\\Bb", 0, NULL},
    {"(^a|\\n)+($)", 0, "a\n\n"},
    /* Caseless. */
    {"(A)(b)", JRX_CASELESS, NULL},
    {"(S)(h+)", JRX_CASELESS, "sShHx"},
    {"[a-c]+", JRX_CASELESS, "abcABCx"},
    /* UTF mode: matches start only on character boundaries. */
    {"\xc3\xa9+", JRX_UTF, NULL},
    {".", JRX_UTF, NULL},
    {"(.)(.)", JRX_UTF, NULL},
    {".+", JRX_UTF | JRX_DOTALL, NULL},
    {"[^a]+", JRX_UTF, NULL},
    {"[\xc3\xa9\xe2\x82\xac]+", JRX_UTF, NULL},
    {"\xf0\x9f\x98\x80|.", JRX_UTF, NULL},
    {"(\\w+)(\\W)", JRX_UTF, NULL},
    {"(.)\\b", JRX_UTF, NULL},
    {"\\B.", JRX_UTF, NULL},
    {"(a).?(b)", JRX_UTF, NULL},
    {"(\xc3\xa9|a)+", JRX_UTF | JRX_CASELESS, NULL},
    {"k+", JRX_UTF | JRX_CASELESS, "kK\xe2\x84\xaa" "a"},
    {"$", JRX_UTF | JRX_MULTILINE, NULL},
};
#define FIXED_CASE_COUNT (sizeof fixed_cases / sizeof fixed_cases[0])

/* How the subjects of a case are searched. */
typedef void subject_searches(pike_fixture *fixture, const unsigned char *subject, size_t length);

/* Compiles the case and searches its alphabet (chosen so that the pattern
 * matches in it), then rounds random texts of it of at most capacity
 * bytes; fails unless the engines always agreed and a search matched.
 * Returns the number of comparisons. */
static size_t case_agrees(const pattern_case *test_case, uint64_t *random, size_t capacity,
                          int rounds, subject_searches *searches) {
  const char *alphabet = test_case->alphabet != NULL ? test_case->alphabet : default_alphabet;
  unsigned char *subject = malloc(capacity);
  assert_non_null(subject);
  pike_fixture fixture;
  fixture_create(&fixture, test_case->pattern, test_case->options);
  searches(&fixture, (const unsigned char *)alphabet, strlen(alphabet));
  for (int round = 0; round < rounds; round++) {
    size_t length = random_text(random, alphabet, subject, capacity);
    searches(&fixture, subject, length);
  }
  assert_some_match(&fixture);
  size_t compared = fixture.compared;
  fixture_finish(&fixture);
  free(subject);
  return compared;
}

static void fixed_patterns_agree(void **state) {
  (void)state;
  uint64_t random = 0x2545f4914f6cdd1du;
  size_t compared = 0;
  for (size_t c = 0; c < FIXED_CASE_COUNT; c++) {
    compared += case_agrees(&fixed_cases[c], &random, 24, 14, compare_everywhere);
  }
  printf("fixed patterns: %zu comparisons\n", compared);
}

/* Byte-mode patterns over subjects of arbitrary bytes, NUL and 0xff
 * included: ranges that start at 0, end at 0xff or cross 0x80, and a
 * program that starts with its failure instruction. */
static void every_byte_value_agrees(void **state) {
  (void)state;
  static const char *const patterns[] = {"([\\x00-\\x1f])([^\\x00\\xff]*)(\\xff|\\x00)",
                                         "[\\x70-\\x90]+", "(\\x00)|(\\xff)|(\\x7f\\x80)",
                                         "[^\\x00-\\xff]", "\\b[\\x80-\\xff]"};
  uint64_t random = 0xbb67ae8584caa73bu;
  unsigned char subject[40];
  size_t matched = 0;
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    pike_fixture fixture;
    fixture_create(&fixture, patterns[p], 0);
    for (int round = 0; round < 20; round++) {
      size_t length = (size_t)(test_random_next(&random) % (sizeof subject + 1));
      for (size_t i = 0; i < length; i++) {
        /* Half the bytes from the edges of the byte ranges above. */
        static const unsigned char edges[] = {0x00, 0x01, 0x1f, 0x20, 0x6f, 0x70, 0x7f,
                                              0x80, 0x90, 0x91, 0xfe, 0xff, 'a', ' '};
        uint64_t draw = test_random_next(&random);
        subject[i] = draw & 1u ? edges[(draw >> 1) % sizeof edges] : (unsigned char)(draw >> 8);
      }
      compare_everywhere(&fixture, subject, length);
    }
    matched += fixture.matched;
    fixture_finish(&fixture);
  }
  assert_true(matched > 0);
}

/* Random patterns of the differential test, each with its subject at
 * every offset, with the generated options and with one more option set. */
static void random_patterns_agree(void **state) {
  (void)state;
  oracle_random random;
  oracle_random_seed(&random, 4202611u);
  uint32_t sets[OPTION_SETS];
  option_sets(sets);
  int cases = reliability_long_tests() ? 40000 : 3000;
  size_t compiled = 0;
  size_t compared = 0;
  size_t matched = 0;
  for (int i = 0; i < cases; i++) {
    oracle_generated generated;
    oracle_generate(&random, &generated);
    pike_fixture fixture;
    if (fixture_try_create(&fixture, generated.pattern, generated.pattern_length,
                           generated.compile_options) != 0) {
      continue;
    }
    compiled++;
    const unsigned char *subject = (const unsigned char *)generated.subject;
    size_t length = generated.subject_length;
    size_t error_offset;
    if (!fixture.program->utf || utf8_validate(subject, length, &error_offset)) {
      uint32_t extra = sets[oracle_random_below(&random, OPTION_SETS)];
      for (size_t offset = 0; offset <= length; offset++) {
        if (starts_character(&fixture, subject, length, offset)) {
          compare(&fixture, subject, length, offset, generated.match_options);
          compare(&fixture, subject, length, offset, extra);
        }
      }
      /* The subject three times over: more threads, from more starts. */
      unsigned char repeated[3 * ORACLE_GENERATED_SUBJECT_MAX];
      for (size_t copy = 0; copy < 3; copy++) {
        memcpy(repeated + copy * length, subject, length);
      }
      compare(&fixture, repeated, 3 * length, 0, generated.match_options);
      compare(&fixture, repeated, 3 * length, length, extra);
    }
    compared += fixture.compared;
    matched += fixture.matched;
    fixture_finish(&fixture);
  }
  printf("random patterns: %zu compiled, %zu comparisons, %zu matches\n", compiled, compared,
         matched);
  assert_true(compiled > (size_t)cases / 4);
  assert_true(matched > 1000);
}

/* Appends text to a pattern being built in buffer (capacity bytes). */
static void append(char *buffer, size_t capacity, const char *text) {
  size_t used = strlen(buffer);
  size_t size = strlen(text);
  assert_true(used + size < capacity);
  memcpy(buffer + used, text, size + 1);
}

/* A sequence of group_count groups, alternately (a*) and (b?). */
static void group_sequence(char *pattern, size_t capacity, int group_count) {
  pattern[0] = '\0';
  for (int i = 0; i < group_count; i++) {
    append(pattern, capacity, i % 2 == 0 ? "(a*)" : "(b?)");
  }
}

/* The emitter copies up to 64 slots (31 groups) unrolled and more in a
 * loop: sequences of 31, 32 and 40 groups, and a repeated alternation of
 * 48 groups that are set, reset by later iterations and left unset in
 * every combination. */
static void many_groups_agree(void **state) {
  (void)state;
  static const char *const pieces[] = {"(a*(b)?)", "(a)", "(b|)", "(ab|a)", "(?:(b)c)?"};
  static char sequences[3][256];
  static const int group_counts[] = {31, 32, 40};
  for (size_t g = 0; g < 3; g++) {
    group_sequence(sequences[g], sizeof sequences[g], group_counts[g]);
  }
  static char alternation[512];
  alternation[0] = '\0';
  append(alternation, sizeof alternation, "(?:");
  for (size_t i = 0; i < 40; i++) {
    append(alternation, sizeof alternation, i > 0 ? "|" : "");
    append(alternation, sizeof alternation, pieces[i % 5]);
  }
  append(alternation, sizeof alternation, ")+");
  const char *const patterns[] = {sequences[0], sequences[1], sequences[2], alternation};
  static const uint32_t slot_counts[] = {64, 66, 82, 98};
  uint64_t random = 0x9e3779b97f4a7c15u;
  unsigned char subject[48];
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    pike_fixture fixture;
    fixture_create(&fixture, patterns[p], 0);
    assert_int_equal(fixture.program->slot_count, slot_counts[p]);
    for (int round = 0; round < 5; round++) {
      size_t length = random_text(&random, "aaabbbc ", subject, sizeof subject);
      compare_everywhere(&fixture, subject, length);
    }
    assert_some_match(&fixture);
    fixture_finish(&fixture);
  }
}

/* Fills text[0..length) with characters of alphabet, whole characters
 * only (the last may be cut to ASCII filler where one does not fit). */
static void fill_text(uint64_t *random, const char *alphabet, unsigned char *text,
                      size_t length) {
  size_t made = 0;
  while (made < length) {
    size_t piece = random_text(random, alphabet, text + made, length - made);
    if (piece == 0) {
      text[made++] = 'a';
    }
    made += piece;
  }
}

/* From offsets near both ends and the middle, with and without options. */
static void compare_at_sample_offsets(pike_fixture *fixture, const unsigned char *subject,
                                      size_t length) {
  size_t offsets[] = {0, 7, length / 2, length > 300 ? length - 300 : 0, length};
  for (size_t o = 0; o < sizeof offsets / sizeof offsets[0]; o++) {
    size_t offset = offsets[o] < length ? offsets[o] : length;
    while (!starts_character(fixture, subject, length, offset)) {
      offset++;
    }
    compare(fixture, subject, length, offset, 0);
    compare(fixture, subject, length, offset, JRX_NOTEMPTY | JRX_NOTEOL);
  }
}

/* Programs with thousands of instructions, over subjects of a few
 * thousand bytes. */
static void large_programs_agree(void **state) {
  (void)state;
  static const pattern_case large[] = {
      {"\\w{300}", JRX_UTF, "ab_1"},
      {"(.{120})(\\b)", JRX_UTF, "ab \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"},
      {"(?:(a)|b|(\xc3\xa9)){3,700}?\\z", JRX_UTF | JRX_CASELESS, "aAb\xc3\xa9\xc3\x89x"},
  };
  uint64_t random = 0xd1b54a32d192ed03u;
  for (size_t p = 0; p < sizeof large / sizeof large[0]; p++) {
    case_agrees(&large[p], &random, 2600, 2, compare_at_sample_offsets);
  }
}

/* Some 10000 instructions: anchored matches run the whole program, and
 * an unanchored search keeps up to 500 threads alive, one in each of as
 * many copies of the group. */
static void a_wide_program_agrees(void **state) {
  (void)state;
  static unsigned char subject[2100];
  size_t length = sizeof subject;
  uint64_t random = 0xa54ff53a5f1d36f1u;
  fill_text(&random, "abc", subject, length);
  pike_fixture fixture;
  fixture_create(&fixture, "(a|b|c){2000}", 0);
  assert_true(fixture.program->count > 8000);
  compare(&fixture, subject, length, 0, JRX_ANCHORED);
  compare(&fixture, subject, length, 1, JRX_ANCHORED | JRX_NOTEOL);
  compare(&fixture, subject, length, length - 1999, JRX_ANCHORED);
  assert_int_equal(fixture.matched, 2);
  for (size_t i = 499; i < length; i += 500) {
    subject[i] = 'd';
  }
  compare(&fixture, subject, length, 0, 0);
  fixture_finish(&fixture);
}

/* At every offset, unanchored, and anchored with no empty match there. */
static void compare_anchored_or_not(pike_fixture *fixture, const unsigned char *subject,
                                    size_t length) {
  for (size_t offset = 0; offset <= length; offset++) {
    compare(fixture, subject, length, offset, 0);
    compare(fixture, subject, length, offset, JRX_NOTEMPTY_ATSTART | JRX_ANCHORED);
  }
}

/* Long chains of splits and saves between two bytes: the closure stack
 * must hold one job per instruction, as pike_match's does. */
static void long_epsilon_paths_agree(void **state) {
  (void)state;
  static const pattern_case deep[] = {
      {"(?:a?){1000}b", 0, "aab"},
      {"(?:(a)|b?){300}c", 0, "abbc"},
      {"(?:|a){500}(b)", 0, "ab"},
      {"(((((((((((((((((((((a?)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?b", 0, "ab"},
      {"((((((((((a*)*)*)*)*)*)*)*)*)*)*$", 0, "aab"},
      {"(?:(?:(a)|(b)|(c)|)+){20}d", 0, "abcd"},
  };
  uint64_t random = 0x510e527fade682d1u;
  for (size_t d = 0; d < sizeof deep / sizeof deep[0]; d++) {
    case_agrees(&deep[d], &random, 64, 4, compare_anchored_or_not);
  }
}

/* Programs whose code is beyond a conditional branch's reach of 1 MiB,
 * built in the far form, over short subjects. */
static void code_beyond_branch_reach_agrees(void **state) {
  (void)state;
  static const pattern_case far[] = {
      {"(x)|(?:(a|b){200}){200}", 0, "abx"},
      {"(?:(a|b){200}){200}|(x)", 0, "abx"},
      {"(?:(a|b)?){2000}(x)", 0, "abx"},
  };
  uint64_t random = 0x1f83d9abfb41bd6bu;
  size_t beyond_reach = 0;
  for (size_t f = 0; f < sizeof far / sizeof far[0]; f++) {
    pike_fixture fixture;
    fixture_create(&fixture, far[f].pattern, far[f].options);
    beyond_reach += jitmem_block_size(jit_pike_block(fixture.code)) > ((size_t)1 << 20);
    compare_anchored_or_not(&fixture, (const unsigned char *)far[f].alphabet,
                            strlen(far[f].alphabet));
    unsigned char subject[8];
    for (int round = 0; round < 2; round++) {
      size_t length = random_text(&random, far[f].alphabet, subject, sizeof subject);
      compare_anchored_or_not(&fixture, subject, length);
    }
    assert_some_match(&fixture);
    fixture_finish(&fixture);
  }
  assert_true(beyond_reach >= 2);
}

/* A megabyte subject with a pattern that keeps ten threads alive at
 * every position; the match ends at the very end. The long variant also
 * searches it without a match, and from its middle. */
static void long_subject_agrees(void **state) {
  (void)state;
  size_t length = (size_t)1 << 20;
  unsigned char *subject = malloc(length);
  assert_non_null(subject);
  uint64_t random = 0x8f14e45fceea167au;
  for (size_t i = 0; i < length; i++) {
    subject[i] = test_random_next(&random) & 1u ? 'a' : 'b';
  }
  pike_fixture fixture;
  fixture_create(&fixture, "(?:a|b)*a[ab]{8}(c)", 0);
  if (reliability_long_tests()) {
    compare(&fixture, subject, length, 0, 0);
    assert_int_equal(fixture.matched, 0);
  }
  subject[length - 10] = 'a';
  subject[length - 1] = 'c';
  compare(&fixture, subject, length, 0, 0);
  if (reliability_long_tests()) {
    compare(&fixture, subject, length, length / 2, JRX_NOTBOL);
  }
  assert_some_match(&fixture);
  fixture_finish(&fixture);
  free(subject);
}

/* Subjects flush against PROT_NONE pages on both sides, for assertions
 * that look at the bytes around a position. */
static void subjects_between_unmapped_pages(void **state) {
  (void)state;
  static const pattern_case guarded[] = {
      {"\\b(\\w+)\\b", 0, NULL},      {"(\\B)(a*)(\\B)", 0, NULL},
      {"a*$", 0, "aa\n"},             {"(a*)(\\Z)", 0, "aa\n"},
      {"a*\\z", 0, "aa\n"},           {"(^|\\n)(a*)($)", JRX_MULTILINE, "aa\n"},
      {"(.)\\b", JRX_UTF, NULL},      {"\\b\\w\\B", 0, "ab "},
      {"(\\w+)\\s+(\\w+)$", 0, "ab \n"}};
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  unsigned char *pages = mmap(NULL, 3 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(pages != MAP_FAILED);
  unsigned char *first = pages + page; /* the only accessible page */
  unsigned char *end = first + page;
  assert_int_equal(mprotect(first, page, PROT_READ | PROT_WRITE), 0);
  static const uint32_t options[] = {0, JRX_NOTBOL, JRX_NOTEOL, JRX_NOTEMPTY_ATSTART};
  uint64_t random = 0xb7e151628aed2a6bu;
  unsigned char text[40];
  for (size_t g = 0; g < sizeof guarded / sizeof guarded[0]; g++) {
    const char *alphabet = guarded[g].alphabet != NULL ? guarded[g].alphabet : default_alphabet;
    pike_fixture fixture;
    fixture_create(&fixture, guarded[g].pattern, guarded[g].options);
    for (size_t length = 0; length <= sizeof text; length++) {
      fill_text(&random, alphabet, text, length);
      unsigned char *at_end = end - length;
      memcpy(at_end, text, length);
      memcpy(first, text, length);
      for (size_t offset = 0; offset <= length; offset++) {
        if (!starts_character(&fixture, text, length, offset)) {
          continue;
        }
        for (size_t o = 0; o < sizeof options / sizeof options[0]; o++) {
          compare(&fixture, first, length, offset, options[o]);
          compare(&fixture, at_end, length, offset, options[o]);
        }
      }
    }
    fill_text(&random, alphabet, first, page);
    compare(&fixture, first, page, 0, 0);
    compare(&fixture, first, page, page, 0);
    assert_some_match(&fixture);
    fixture_finish(&fixture);
  }
  assert_int_equal(munmap(pages, 3 * page), 0);
}

/* The stamp generation wraps during a match: the stamps earlier matches
 * left must not pass for the new generations'. A fresh scratch searches a
 * subject with generations from 1 up; the same search is repeated from
 * just below the wrap, so that after it the generations, and the joins
 * each list visits, repeat those of the first search. */
static void generation_wraps_around(void **state) {
  (void)state;
  static const char *const patterns[] = {"(a|b)*?(b)\\b", "(?:(a)|(ab)|b)+c", "\\b(\\w+)\\b",
                                         "(a|b)*a(a|b){3}"};
  uint64_t random = 0x6a09e667f3bcc909u;
  unsigned char subject[40];
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    pike_fixture fixture;
    fixture_create(&fixture, patterns[p], 0);
    jit_pike_scratch *first = fixture.scratch;
    for (uint32_t k = 0; k < 24; k++) {
      assert_int_equal(
          jit_pike_scratch_create(fixture.code, memory_default_allocator(), &fixture.scratch), 0);
      size_t length = random_text(&random, "aabbc ", subject, sizeof subject);
      compare(&fixture, subject, length, 0, 0);
      jit_pike_scratch_set_generation(fixture.scratch, UINT32_MAX - k);
      for (size_t offset = 0; offset <= length; offset++) {
        compare(&fixture, subject, length, offset, 0);
      }
      jit_pike_scratch_destroy(fixture.scratch);
    }
    fixture.scratch = first;
    assert_some_match(&fixture);
    fixture_finish(&fixture);
  }
}

/* One scratch serves different subjects and offsets; a second scratch on
 * the same code does not disturb the slots the first one reported. */
static void scratches_are_independent(void **state) {
  (void)state;
  pike_fixture fixture;
  fixture_create(&fixture, "(a+)(b*)|(c)", 0);
  jit_pike_scratch *other;
  assert_int_equal(jit_pike_scratch_create(fixture.code, memory_default_allocator(), &other), 0);
  static const char *const subjects[] = {"xxaabbb", "c", "", "bbbaab", "ccab", "aaaaaaaaaaaa"};
  size_t subject_count = sizeof subjects / sizeof subjects[0];
  jit_pike_scratch *first = fixture.scratch;
  for (size_t s = 0; s < subject_count; s++) {
    const unsigned char *subject = (const unsigned char *)subjects[s];
    size_t length = strlen(subjects[s]);
    const unsigned char *next = (const unsigned char *)subjects[(s + 1) % subject_count];
    size_t next_length = strlen((const char *)next);
    for (size_t offset = 0; offset <= length; offset++) {
      const size_t *first_slots = NULL;
      int first_status =
          jit_pike_match(fixture.code, first, subject, length, offset, 0, &first_slots, NULL);
      fixture.scratch = other;
      for (size_t next_offset = 0; next_offset <= next_length; next_offset++) {
        compare(&fixture, next, next_length, next_offset, 0);
      }
      fixture.scratch = first;
      /* The first scratch's slots still hold its own match. */
      int expected = reference(&fixture, subject, length, offset, 0);
      record(&fixture, subject, length, offset, 0, expected, first_status, first_slots);
    }
  }
  assert_some_match(&fixture);
  jit_pike_scratch_destroy(other);
  fixture_finish(&fixture);
}

/* Compile and scratch creation with the Nth allocation failing (alone, or
 * with every one after it) report JRX_ERROR_NOMEMORY and leave nothing
 * allocated; once nothing fails, the code matches as pike_match does. */
static void allocation_failures_are_reported(void **state) {
  (void)state;
  pike_fixture fixture;
  fixture_create(&fixture, "(a|b)*(c)", 0);
  static const unsigned char subject[] = "ababababababc";
  size_t length = sizeof subject - 1;
  const size_t *expected;
  assert_int_equal(
      pike_match(fixture.program, fixture.reference, subject, length, 0, 0, &expected, NULL), 1);
  static const counting_failure_mode modes[] = {COUNTING_FAIL_ONLY, COUNTING_FAIL_FROM};
  for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
    size_t failed = 0;
    for (size_t fail_at = 1;; fail_at++) {
      counting_allocator counter;
      counting_allocator_init(&counter);
      counting_allocator_arm(&counter, modes[m], fail_at);
      jit_pike_code *code = NULL;
      jit_pike_scratch *scratch = NULL;
      int status = jit_pike_compile(fixture.program, &counter.allocator, NULL, &code);
      if (status == 0) {
        status = jit_pike_scratch_create(code, &counter.allocator, &scratch);
      }
      int injected = counting_allocator_failures(&counter) > 0;
      if (injected) {
        assert_int_equal(status, JRX_ERROR_NOMEMORY);
        failed++;
      } else {
        assert_int_equal(status, 0);
        const size_t *slots;
        assert_int_equal(jit_pike_match(code, scratch, subject, length, 0, 0, &slots, NULL), 1);
        assert_memory_equal(slots, expected, fixture.program->slot_count * sizeof *slots);
      }
      jit_pike_scratch_destroy(scratch);
      jit_pike_release(code);
      assert_int_equal(counting_allocator_live(&counter), 0);
      if (!injected) {
        break;
      }
    }
    assert_true(failed > 0);
  }
  fixture_finish(&fixture);
}

/* ---- Through the public API: DFA give-ups and long capture spans ---- */

/* Runs of 1000 to 5000 bytes of the letters (whole characters), each
 * ended by a c. */
static void fill_runs(unsigned char *text, size_t length, uint64_t seed, const char *letters) {
  uint64_t random = seed;
  size_t at = 0;
  while (at < length) {
    size_t run = 1000 + (size_t)(test_random_next(&random) % 4000);
    run = run < length - at ? run : length - at;
    fill_text(&random, letters, text + at, run);
    at += run;
    if (at < length) {
      text[at++] = 'c';
    }
  }
}

/* Whether ovector and rc, as jrx_match reports a match, say what pike_match's
 * slots say for a pattern with pairs - 1 groups. */
static int ovector_is_slots(const size_t *ovector, int rc, const size_t *slots, size_t pairs) {
  size_t set_pairs = 1;
  for (size_t i = 0; i < pairs; i++) {
    int set = slots[2 * i] != JRX_UNSET && slots[2 * i + 1] != JRX_UNSET;
    if (ovector[2 * i] != (set ? slots[2 * i] : JRX_UNSET) ||
        ovector[2 * i + 1] != (set ? slots[2 * i + 1] : JRX_UNSET)) {
      return 0;
    }
    set_pairs = set ? i + 1 : set_pairs;
  }
  return rc == (int)set_pairs;
}

#define ITERATION_PAIRS 4
#define ITERATION_OFFSETS 512

/* The offsets each search of an iteration started from. */
typedef struct iteration_starts {
  size_t offsets[ITERATION_OFFSETS];
  size_t count; /* matches; offsets holds the first ITERATION_OFFSETS */
} iteration_starts;

static jrx *compile_with_limits(const char *pattern, uint32_t options,
                                const jrx_compile_limits *limits) {
  int error;
  size_t error_offset;
  jrx *re = jrx_compile_with_limits(pattern, strlen(pattern), options, limits, &error,
                                    &error_offset);
  assert_non_null(re);
  return re;
}

/* Iterates over every match of pattern (which never matches empty) in the
 * native build; each match must be the interpreter's and pike_match's,
 * groups included unless whole_match_only (one ovector pair: for a
 * pattern without groups no capture engine runs, so a search the DFA
 * gives up on goes to the Pike VM).
 * Afterwards the match data must hold the native Pike VM's scratch and
 * not pike.c's: the searches that needed a Pike VM ran on the native one
 * (jrx builds both lazily, on a search's first need). */
static void iteration_agrees(const char *pattern, uint32_t options,
                             const jrx_compile_limits *limits, const unsigned char *subject,
                             size_t length, int whole_match_only, iteration_starts *starts) {
  jrx *native = compile_with_limits(pattern, options, limits);
  jrx *interpreted = compile_with_limits(pattern, options | JRX_NO_JIT, limits);
  assert_string_equal(jrx_engine(native), "arm64-jit");
  jrx_match_data *data;
  assert_int_equal(jrx_match_data_create(native, &data), 0);
  size_t pairs = whole_match_only ? 1 : (size_t)native->capture_count + 1;
  assert_true(pairs <= ITERATION_PAIRS);
  pike_scratch *reference;
  assert_int_equal(pike_scratch_create(&native->program, &reference), 0);
  jrx_iterator native_matches;
  jrx_iterator interpreted_matches;
  jrx_iterator_init(&native_matches, native, (const char *)subject, length, 0, 0);
  jrx_iterator_set_match_data(&native_matches, data);
  jrx_iterator_init(&interpreted_matches, interpreted, (const char *)subject, length, 0, 0);
  size_t offset = 0;
  starts->count = 0;
  for (;;) {
    size_t found[2 * ITERATION_PAIRS];
    size_t expected[2 * ITERATION_PAIRS];
    int rc = jrx_iterator_next(&native_matches, found, pairs);
    int expected_rc = jrx_iterator_next(&interpreted_matches, expected, pairs);
    const size_t *slots;
    int reference_status =
        pike_match(&native->program, reference, subject, length, offset, 0, &slots, NULL);
    assert_int_equal(rc, expected_rc);
    if (rc == JRX_NOMATCH) {
      assert_int_equal(reference_status, JRX_NOMATCH);
      break;
    }
    assert_true(rc >= 0);
    assert_int_equal(reference_status, 1);
    assert_memory_equal(found, expected, 2 * pairs * sizeof *found);
    if (whole_match_only ? found[0] != slots[0] || found[1] != slots[1]
                         : !ovector_is_slots(found, rc, slots, pairs)) {
      printf("/%s/ match %zu from offset %zu: jrx (%zu, %zu), pike_match (%zu, %zu)\n",
             pattern, starts->count, offset, found[0], found[1], slots[0], slots[1]);
      fail();
    }
    assert_true(found[1] > found[0]); /* no empty matches: the next search starts there */
    if (starts->count < ITERATION_OFFSETS) {
      starts->offsets[starts->count] = offset;
    }
    starts->count++;
    offset = found[1];
  }
  assert_non_null(atomic_load(&native->pike_code));
  assert_non_null(data->native_pike);
  assert_null(data->pike);
  assert_string_equal(jrx_engine(native), "arm64-jit");
  pike_scratch_destroy(reference);
  jrx_match_data_free(data);
  jrx_free(interpreted);
  jrx_free(native);
}

/* How many of the searches the DFA alone gives up on, under the cache
 * limits jrx gives it. */
static size_t searches_given_up(const char *pattern, uint32_t options,
                                const jrx_compile_limits *limits, const unsigned char *subject,
                                size_t length, const iteration_starts *starts) {
  jrx *re = compile_with_limits(pattern, options, limits);
  dfa_cache *cache;
  assert_int_equal(dfa_cache_create(re->automaton, &re->dfa_limits, &cache), 0);
  size_t searched = starts->count < ITERATION_OFFSETS ? starts->count : ITERATION_OFFSETS;
  size_t given_up = 0;
  for (size_t i = 0; i < searched; i++) {
    size_t start;
    size_t end;
    given_up += dfa_search(re->automaton, cache, subject, length, starts->offsets[i], 0, &start,
                           &end, NULL) == DFA_GAVE_UP;
  }
  dfa_cache_destroy(cache);
  jrx_free(re);
  return given_up;
}

/* The smallest DFA cache, patterns whose DFAs need far more, and 200 KB
 * of text in runs of two letters: the DFA alone really gives up on these
 * searches (asked for the whole match only), and the native build's
 * answers are the interpreter's and pike_match's. */
static void dfa_give_ups_agree_through_jrx(void **state) {
  (void)state;
  /* No groups: the whole match of a pattern with groups is the capture
   * engine's search in this build (jrx_whole_match_by_capture_engine),
   * which would leave the DFA, and so its give-ups, out. */
  static const pattern_case thrashing[] = {
      {"(?:[ab]*a[ab]{12})+c?", 0, "ab"},
      {"[ab]*a[ab]{14}|c+", 0, "ab"},
      {"(?:a|\xc3\xa9)*a(?:a|\xc3\xa9){12}", JRX_UTF, "a\xc3\xa9"},
  };
  size_t length = 200 * 1024;
  unsigned char *subject = malloc(length);
  assert_non_null(subject);
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.dfa_cache_size = (size_t)64 << 10;
  for (size_t t = 0; t < sizeof thrashing / sizeof thrashing[0]; t++) {
    const pattern_case *test_case = &thrashing[t];
    fill_runs(subject, length, 0x3c6ef372fe94f82bu, test_case->alphabet);
    iteration_starts starts;
    iteration_agrees(test_case->pattern, test_case->options, &limits, subject, length, 1,
                     &starts);
    size_t given_up = searches_given_up(test_case->pattern, test_case->options, &limits, subject,
                                        length, &starts);
    printf("/%s/: %zu matches, the DFA alone gives up on %zu of the searches\n",
           test_case->pattern, starts.count, given_up);
    assert_true(starts.count > 20);
    assert_true(given_up > 0);
  }
  free(subject);
}

/* Matches whose groups span more than the capture backtracker's scratch
 * allows (about 48 bytes a byte here: a choice and two slot undos) get
 * them from the native Pike VM: same groups as the interpreter's and
 * pike_match's. */
static void long_capture_spans_agree_through_jrx(void **state) {
  (void)state;
  size_t length = 400000;
  unsigned char *subject = malloc(length);
  assert_non_null(subject);
  memset(subject, 'b', length);
  static const size_t ends[] = {10, 1000, 40000, 300000, 399990};
  for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
    subject[ends[e] - 1] = 'c';
  }
  /* Not one-pass (b or bb), so its groups come from the backtracker. */
  static const char pattern[] = "(a|b|bb)*(c)";
  iteration_starts starts;
  iteration_agrees(pattern, 0, NULL, subject, length, 0, &starts);
  assert_int_equal(starts.count, sizeof ends / sizeof ends[0]);
  /* The backtracker refuses the longest of these matches. */
  jrx *re = compile_with_limits(pattern, 0, NULL);
  jrx_match_data *data;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  assert_int_equal(re->captures.kind, CAPTURE_ENGINE_NODES);
  const size_t *slots;
  assert_int_equal(capture_fill(&re->captures, &data->captures, subject, length, ends[2], ends[3],
                                ends[2], 0, true, &slots),
                   BACKTRACK_SPAN_TOO_LONG);
  jrx_match_data_free(data);
  jrx_free(re);
  free(subject);
}

/* A program too long for the native Pike VM to pay (over
 * JIT_PIKE_MAX_INSTRUCTIONS): the search the DFA gives up on runs pike.c,
 * with the same answer, and none is built. */
static void long_program_runs_pike_c_through_jrx(void **state) {
  (void)state;
  jrx_compile_limits limits;
  jrx_compile_limits_default(&limits);
  limits.dfa_cache_size = (size_t)64 << 10;
  jrx *re = compile_with_limits("(?:a{1000}){20}", 0, &limits);
  assert_true(re->program.count > JIT_PIKE_MAX_INSTRUCTIONS);
  size_t length = 20001;
  char *subject = malloc(length);
  assert_non_null(subject);
  memset(subject, 'a', length);
  jrx_match_data *data;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  size_t ovector[2];
  assert_int_equal(jrx_match_with(re, data, subject, length, 0, JRX_ANCHORED, ovector, 1), 1);
  assert_int_equal(ovector[0], 0);
  assert_int_equal(ovector[1], 20000);
  jrx_match_stats stats;
  assert_int_equal(jrx_match_data_stats(data, &stats), 0);
  assert_int_equal(stats.dfa_give_ups, 1);
  assert_int_equal(stats.pike_searches, 1);
  assert_int_equal(stats.native_pike_searches, 0);
  assert_null(atomic_load(&re->pike_code));
  assert_null(data->native_pike);
  assert_string_equal(jrx_engine(re), "arm64-jit");
  jrx_match_data_free(data);
  jrx_free(re);
  free(subject);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  setvbuf(stdout, NULL, _IONBF, 0);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fixed_patterns_agree),
      cmocka_unit_test(every_byte_value_agrees),
      cmocka_unit_test(random_patterns_agree),
      cmocka_unit_test(many_groups_agree),
      cmocka_unit_test(large_programs_agree),
      cmocka_unit_test(a_wide_program_agrees),
      cmocka_unit_test(long_epsilon_paths_agree),
      cmocka_unit_test(code_beyond_branch_reach_agrees),
      cmocka_unit_test(long_subject_agrees),
      cmocka_unit_test(subjects_between_unmapped_pages),
      cmocka_unit_test(generation_wraps_around),
      cmocka_unit_test(scratches_are_independent),
      cmocka_unit_test(allocation_failures_are_reported),
      cmocka_unit_test(dfa_give_ups_agree_through_jrx),
      cmocka_unit_test(long_capture_spans_agree_through_jrx),
      cmocka_unit_test(long_program_runs_pike_c_through_jrx),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
