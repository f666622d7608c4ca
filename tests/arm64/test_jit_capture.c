/* test_jit_capture: the native capture backtracker reports exactly the
 * slots of pike_match for the match pike_match finds, for fixed patterns
 * with every kind of group, random patterns from the oracle generator,
 * every start offset and match option, spans over the scratch cap,
 * subjects flush against unmapped pages on both sides, a full job stack
 * and allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "../oracle/oracle_generate.h"
#include "jrx.h"
#include "regex/arm64/jit_capture.h"
#include "regex/arm64/jit_capture_emit.h"
#include "regex/arm64/jit_install.h"
#include "regex/memory.h"
#include "regex/parse.h"
#include "regex/pike.h"
#include "regex/utf8.h"
#include "test_random.h"

typedef struct capture_fixture {
  const char *pattern;
  nfa_program program;
  pike_scratch *pike;
  jit_capture_code *code;
  backtrack_scratch *scratch;
  size_t compared; /* matches whose slots were compared */
} capture_fixture;

/* Returns 0 and fills fixture, or the parse or compile error (patterns
 * from the generator may be outside jrx's subset). */
static int fixture_try_create(capture_fixture *fixture, const char *pattern, size_t length,
                              uint32_t options) {
  memset(fixture, 0, sizeof *fixture);
  fixture->pattern = pattern;
  parse_limits parse;
  parse_default_limits(&parse);
  ast_tree tree;
  size_t error_offset;
  int status = parse_pattern(pattern, length, options, &parse, memory_default_allocator(), &tree,
                             &error_offset);
  if (status != 0) {
    return status;
  }
  nfa_compile_limits nfa;
  nfa_default_limits(&nfa);
  status = nfa_compile(&tree, &nfa, &fixture->program, &error_offset);
  ast_tree_release(&tree);
  if (status != 0) {
    return status;
  }
  assert_int_equal(pike_scratch_create(&fixture->program, &fixture->pike), 0);
  assert_int_equal(jit_capture_compile(&fixture->program, memory_default_allocator(), NULL,
                                       &fixture->code),
                   0);
  assert_int_equal(
      backtrack_scratch_create(fixture->program.slot_count, memory_default_allocator(), &fixture->scratch), 0);
  return 0;
}

static void fixture_create(capture_fixture *fixture, const char *pattern, uint32_t options) {
  assert_int_equal(fixture_try_create(fixture, pattern, strlen(pattern), options), 0);
}

static void fixture_release(capture_fixture *fixture) {
  backtrack_scratch_destroy(fixture->scratch);
  jit_capture_release(fixture->code);
  pike_scratch_destroy(fixture->pike);
  nfa_program_release(&fixture->program);
}

static void print_bytes(const unsigned char *bytes, size_t length) {
  for (size_t i = 0; i < length; i++) {
    printf(bytes[i] >= 0x20 && bytes[i] < 0x7f ? "%c" : "\\x%02x", bytes[i]);
  }
}

/* Where pike_match finds a match, the native code given its bounds must
 * report the same slots. */
static void check(capture_fixture *fixture, const unsigned char *subject, size_t length,
                  size_t start_offset, uint32_t options) {
  const size_t *pike_slots;
  int status = pike_match(&fixture->program, fixture->pike, subject, length, start_offset,
                          options, &pike_slots, NULL);
  if (status != 1) {
    assert_int_equal(status, JRX_NOMATCH);
    return;
  }
  uint32_t slot_count = fixture->program.slot_count;
  size_t expected[64];
  assert_true(slot_count <= sizeof expected / sizeof expected[0]);
  memcpy(expected, pike_slots, slot_count * sizeof *expected);
  const size_t *native = NULL;
  status = jit_capture_match(fixture->code, fixture->scratch, subject, length, expected[0],
                             expected[1], start_offset, options, &native);
  int same = status == 1 && memcmp(native, expected, slot_count * sizeof *expected) == 0;
  if (!same) {
    printf("pattern /%s/ options 0x%x offset %zu subject \"", fixture->pattern,
           (unsigned)options, start_offset);
    print_bytes(subject, length);
    printf("\"\n  native %d:", status);
    for (uint32_t i = 0; status == 1 && i < slot_count; i++) {
      printf(" %td", (ptrdiff_t)native[i]);
    }
    printf("\n  pike:");
    for (uint32_t i = 0; i < slot_count; i++) {
      printf(" %td", (ptrdiff_t)expected[i]);
    }
    printf("\n");
    fail();
  }
  fixture->compared++;
}

typedef struct pattern_case {
  const char *pattern;
  uint32_t options;
} pattern_case;

static const pattern_case patterns[] = {
    {"(a)", 0},
    {"(a)(b)(c)", 0},
    {"((a)(b))", 0},
    {"(a(b(c)))", 0},
    {"(a|b)", 0},
    {"(a|ab)(c|bcd)(d*)", 0},
    {"(a|b)*", 0},
    {"(a|b)+c", 0},
    {"(a)|(b)", 0},
    {"(a)|b", 0},
    {"(a)?", 0},
    {"(a)?b", 0},
    {"(a?)b", 0},
    {"()", 0},
    {"(()|a)+", 0},
    {"(a*)*", 0},
    {"(a*)+", 0},
    {"(a|)+", 0},
    {"(|a)+", 0},
    {"(a*)*b", 0},
    {"(a*?)*", 0},
    {"(a+|b+)*", 0},
    {"(?:(a)|(b))+", 0},
    {"(?:(a)|b)+", 0},
    {"(a)+", 0},
    {"(ab|a)+", 0},
    {"(a|ab)+c", 0},
    {"(a+?)(a*)", 0},
    {"(a*?)(a*)", 0},
    {"(a?\?)(a*)", 0},
    {"(a{2,3})(a*)", 0},
    {"(a{2,3}?)(a*)", 0},
    {"(a){2}", 0},
    {"(a){0,3}b", 0},
    {"(.*)(b)", 0},
    {"(.*?)(b)", 0},
    {"(.*)b(.*)", JRX_DOTALL},
    {"([a-c]+)(c)", 0},
    {"(\\w+)@(\\w+)\\.com", 0},
    {"(\\w+)\\s+(\\w+)", 0},
    {"(\\d+)-(\\d+)?", 0},
    {"(\\b)", 0},
    {"(\\bab)", 0},
    {"(a\\b)", 0},
    {"(\\B)(a)", 0},
    {"\\b(\\w+)\\b", 0},
    {"(^a)", 0},
    {"(^)", JRX_MULTILINE},
    {"(^a|b)+", JRX_MULTILINE},
    {"(a$)", JRX_MULTILINE},
    {"($)", 0},
    {"(a$|b)+", 0},
    {"(a)(\\Z)", 0},
    {"(a\\z)", 0},
    {"(\\A)(a)", 0},
    {"(\\n)(^)", JRX_MULTILINE},
    {"($)(\\n)", JRX_MULTILINE},
    {"(\\Ga)", 0},
    {"(a|\\Gb)+", 0},
    {"(\\G)?(a)", 0},
    {"(a)", JRX_ANCHORED},
    {"(a|b)*", JRX_ANCHORED},
    {"(A)(b)", JRX_CASELESS},
    {"(sher)(lock)", JRX_CASELESS},
    {"(\xc3\xa9+)", JRX_UTF},
    {"(\xc3\xa9)(.)", JRX_UTF},
    {"(.)(.)", JRX_UTF},
    {"(\xc3\xa9|a)+", JRX_UTF | JRX_CASELESS},
    {"([^a]+)", JRX_UTF},
    {"(\\w)(\\W)", JRX_UTF},
    {"(.)(\\b)", JRX_UTF},
    {"(?<first>a)(?<second>b)?", 0},
    {"(a)(?:b|(c))*", 0},
    {"((a)|(b))*c", 0},
    {"((a)|(b))*?c", 0},
    {"(a|b)*?(b)", 0},
    {"(a+)+b", 0},
    {"((a*)*)*", 0},
    {"(a*)(b*)(c*)", 0},
    {"(a)|(b)|(c)|(d)", 0},
    {"x(a|b|)y", 0},
    {"(a+)(?:b(a+))*", JRX_UNGREEDY},
    {"(a)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)", JRX_DOTALL},
};
#define PATTERN_COUNT (sizeof patterns / sizeof patterns[0])

/* A random subset of the match options. */
static uint32_t random_match_options(uint64_t *random) {
  static const uint32_t bits[] = {JRX_ANCHORED, JRX_NOTBOL, JRX_NOTEOL, JRX_NOTEMPTY,
                                  JRX_NOTEMPTY_ATSTART};
  uint64_t draw = test_random_next(random);
  uint32_t options = 0;
  for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
    options |= (draw >> i) & 1u ? bits[i] : 0u;
  }
  return options;
}

static const char *const pieces[] = {"a", "a", "a", "b", "b",  "c",  "d",  "x", "y", "@", ".",
                                     "com", " ", "\n", "1", "-", "A", "B", "\xc3\xa9", "\xc3\x89",
                                     "sher", "LOCK", "_", "abc", "x@y.com", "sherLOCK", "12-3"};
#define PIECE_COUNT (sizeof pieces / sizeof pieces[0])

/* Whole pieces up to a random length below capacity. */
static size_t random_subject(uint64_t *random, unsigned char *subject, size_t capacity) {
  size_t target = (size_t)(test_random_next(random) % capacity);
  size_t length = 0;
  for (;;) {
    const char *piece = pieces[test_random_next(random) % PIECE_COUNT];
    size_t size = strlen(piece);
    if (size > target - length) {
      return length;
    }
    memcpy(subject + length, piece, size);
    length += size;
  }
}

/* In UTF mode pike_match assumes a valid subject starting at a character. */
static int valid_offset(const unsigned char *subject, size_t length, size_t offset) {
  return offset == length || (subject[offset] & 0xc0u) != 0x80u;
}

static void fixed_patterns_agree(void **state) {
  (void)state;
  uint64_t random = 0x9e3779b97f4a7c15u;
  unsigned char subject[32];
  size_t compared = 0;
  for (size_t p = 0; p < PATTERN_COUNT; p++) {
    capture_fixture fixture;
    fixture_create(&fixture, patterns[p].pattern, patterns[p].options);
    for (int round = 0; round < 100; round++) {
      size_t length = random_subject(&random, subject, sizeof subject);
      for (size_t offset = 0; offset <= length; offset++) {
        if (!valid_offset(subject, length, offset)) {
          continue;
        }
        check(&fixture, subject, length, offset, 0);
        for (int draw = 0; draw < 4; draw++) {
          check(&fixture, subject, length, offset, random_match_options(&random));
        }
      }
    }
    /* Every pattern matches somewhere, so each one is really compared. */
    if (fixture.compared == 0) {
      printf("pattern /%s/ never matched\n", patterns[p].pattern);
      fail();
    }
    compared += fixture.compared;
    fixture_release(&fixture);
  }
  printf("fixed patterns: %zu matches compared\n", compared);
}

/* Random patterns of the differential test, each with its own subject,
 * offset and options plus every other offset of that subject. */
static void random_patterns_agree(void **state) {
  (void)state;
  oracle_random random;
  oracle_random_seed(&random, 20261126u);
  size_t compiled = 0;
  size_t compared = 0;
  for (int i = 0; i < 4000; i++) {
    oracle_generated generated;
    oracle_generate(&random, &generated);
    char pattern[ORACLE_GENERATED_PATTERN_MAX + 1]; /* NUL-terminated for messages */
    memcpy(pattern, generated.pattern, generated.pattern_length);
    pattern[generated.pattern_length] = '\0';
    capture_fixture fixture;
    if (fixture_try_create(&fixture, pattern, generated.pattern_length,
                           generated.compile_options) != 0) {
      continue;
    }
    compiled++;
    const unsigned char *subject = (const unsigned char *)generated.subject;
    size_t length = generated.subject_length;
    int utf = (generated.compile_options & JRX_UTF) != 0;
    size_t error_offset;
    for (size_t offset = 0; offset <= length; offset++) {
      if (!utf || (utf8_validate(subject, length, &error_offset) &&
                   valid_offset(subject, length, offset))) {
        check(&fixture, subject, length, offset, generated.match_options);
      }
    }
    compared += fixture.compared;
    fixture_release(&fixture);
  }
  printf("random patterns: %zu compiled, %zu matches compared\n", compiled, compared);
  assert_true(compiled > 1000);
  assert_true(compared > 1000);
}

/* A span whose scratch is over the cap is refused, one just under it
 * runs natively and still agrees with the Pike VM. */
static void spans_over_the_cap_are_refused(void **state) {
  (void)state;
  capture_fixture fixture;
  fixture_create(&fixture, "(a|b)*(c)", 0);
  size_t length = BACKTRACK_MAX_SCRATCH_BYTES;
  unsigned char *subject = test_malloc(length);
  memset(subject, 'a', length);
  subject[length - 1] = 'c';
  const size_t *slots;
  assert_int_equal(jit_capture_match(fixture.code, fixture.scratch, subject, length, 0, length, 0,
                                     0, &slots),
                   BACKTRACK_SPAN_TOO_LONG);
  /* Find the longest span that is accepted by halving. */
  size_t low = 1;
  size_t high = length;
  while (high - low > 1) {
    size_t middle = low + (high - low) / 2;
    subject[middle - 1] = 'c';
    int status = jit_capture_match(fixture.code, fixture.scratch, subject, middle, 0, middle, 0,
                                   0, &slots);
    subject[middle - 1] = 'a';
    if (status == BACKTRACK_SPAN_TOO_LONG) {
      high = middle;
    } else {
      assert_int_equal(status, 1);
      low = middle;
    }
  }
  printf("(a|b)*(c): spans up to %zu bytes run natively\n", low);
  assert_true(low > 10000);
  subject[low - 1] = 'c';
  check(&fixture, subject, low, 0, 0);
  assert_int_equal(fixture.compared, 1);
  test_free(subject);
  fixture_release(&fixture);
}

/* Through jrx_match: a span over the cap falls back to the Pike VM and
 * one under it runs natively, both with the interpreter's groups. */
static void jrx_match_falls_back_over_the_cap(void **state) {
  (void)state;
  static const char pattern[] = "(a|b)*(c)";
  int error;
  size_t error_offset;
  jrx *native = jrx_compile(pattern, strlen(pattern), 0, &error, &error_offset);
  jrx *interpreted = jrx_compile(pattern, strlen(pattern), JRX_NO_JIT, &error, &error_offset);
  assert_non_null(native);
  assert_non_null(interpreted);
  assert_string_equal(jrx_engine(native), "arm64-jit");
  /* The cap of this pattern is about 32000 bytes (see above). */
  size_t length = 120000;
  char *subject = test_malloc(length);
  memset(subject, 'b', length);
  static const size_t ends[] = {10, 1000, 30000, 100000, 120000};
  for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
    subject[ends[e] - 1] = 'c';
    size_t expected[6];
    size_t actual[6];
    assert_int_equal(jrx_match(interpreted, subject, length, 0, 0, expected, 3), 3);
    assert_int_equal(jrx_match(native, subject, length, 0, 0, actual, 3), 3);
    assert_memory_equal(actual, expected, sizeof expected);
    subject[ends[e] - 1] = 'b';
  }
  test_free(subject);
  jrx_free(interpreted);
  jrx_free(native);
}

/* Programs so large that conditional branches cannot reach the shared
 * failure path and visited bits lie beyond a load's immediate offset:
 * short matches still run natively and agree. */
static void large_programs_agree(void **state) {
  (void)state;
  static const char *const large[] = {"(x)|(?:(a|b){200}){200}", "(?:(a|b){200}){200}|(x)",
                                      "(?:(a|b)?){8000}(x)"};
  static const char *const subjects[] = {"x", "ax", "bx", "x", "zx"};
  for (size_t p = 0; p < sizeof large / sizeof large[0]; p++) {
    capture_fixture fixture;
    fixture_create(&fixture, large[p], 0);
    for (size_t s = 0; s < sizeof subjects / sizeof subjects[0]; s++) {
      const unsigned char *subject = (const unsigned char *)subjects[s];
      size_t length = strlen(subjects[s]);
      const size_t *bounds;
      if (pike_match(&fixture.program, fixture.pike, subject, length, 0, 0, &bounds, NULL) == 1) {
        const size_t *slots;
        assert_int_not_equal(jit_capture_match(fixture.code, fixture.scratch, subject, length,
                                               bounds[0], bounds[1], 0, 0, &slots),
                             BACKTRACK_SPAN_TOO_LONG);
      }
      for (size_t offset = 0; offset <= length; offset++) {
        check(&fixture, subject, length, offset, 0);
      }
    }
    assert_true(fixture.compared > 0);
    fixture_release(&fixture);
  }
}

/* Subjects flush against PROT_NONE pages before and after: assertions at
 * both ends must not read outside the subject. */
static void subjects_between_unmapped_pages(void **state) {
  (void)state;
  static const pattern_case guarded[] = {
      {"(\\b)(\\w*)(\\b)", 0},   {"(\\B)(a*)(\\B)", 0},      {"(^)(a*)($)", JRX_MULTILINE},
      {"(a*)(\\Z)", 0},         {"(^a|\\n)+($)", 0},        {"(.*)", JRX_UTF},
      {"(\\w+)@(\\w+)\\.com", 0}};
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  /* Only the middle page of three is accessible. */
  unsigned char *pages = mmap(NULL, 3 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(pages != MAP_FAILED);
  unsigned char *first = pages + page;
  unsigned char *end = first + page;
  assert_int_equal(mprotect(first, page, PROT_READ | PROT_WRITE), 0);
  uint64_t random = 0xb7e151628aed2a6bu;
  for (size_t p = 0; p < sizeof guarded / sizeof guarded[0]; p++) {
    capture_fixture fixture;
    fixture_create(&fixture, guarded[p].pattern, guarded[p].options);
    for (size_t length = 0; length <= 40; length++) {
      for (int round = 0; round < 8; round++) {
        unsigned char *at_end = end - length;
        size_t made = length > 0 ? random_subject(&random, at_end, length + 1) : 0;
        memset(at_end + made, round % 2 ? '\n' : 'a', length - made);
        memcpy(first, at_end, length);
        for (size_t offset = 0; offset <= length; offset++) {
          if (!valid_offset(first, length, offset)) {
            continue;
          }
          check(&fixture, first, length, offset, 0);
          check(&fixture, at_end, length, offset, JRX_NOTBOL);
          check(&fixture, at_end, length, offset, 0);
        }
      }
    }
    /* The whole page, both ends guarded. */
    memset(first, 'a', page);
    check(&fixture, first, page, 0, 0);
    assert_true(fixture.compared > 0);
    fixture_release(&fixture);
  }
  assert_int_equal(munmap(pages, 3 * page), 0);
}

/* The generated code checks its job stack against the limit it is given
 * (which jit_capture_match sizes so that it is never reached): with no
 * room at all, the first push reports the stack exhausted. */
static void a_full_job_stack_is_reported(void **state) {
  (void)state;
  capture_fixture fixture;
  fixture_create(&fixture, "(a|b)*(c)", 0);
  const jrx_allocator *allocator = memory_default_allocator();
  backtrack_plan plan;
  assert_int_equal(backtrack_plan_create(&fixture.program, allocator, &plan), 0);
  uint32_t resume_offsets[64];
  assert_true(fixture.program.count + fixture.program.slot_count <= 64);
  a64_buffer buffer;
  a64_buffer_init(&buffer, allocator);
  assert_int_equal(
      jit_capture_emit(&buffer, &fixture.program, &plan, allocator, resume_offsets), 0);
  jitmem_block *block = NULL;
  void *entry = NULL;
  assert_int_equal(jit_install_buffer(&buffer, NULL, &block, &entry), 0);
  a64_buffer_release(&buffer);
  jit_capture_function function;
  memcpy(&function, &entry, sizeof function);
  static const unsigned char subject[] = "abc";
  size_t slots[6];
  uint8_t bitmap[8] = {0};
  backtrack_job stack[1];
  jit_capture_context context = {.subject = subject,
                                 .length = 3,
                                 .start = 0,
                                 .end = 3,
                                 .start_offset = 0,
                                 .options = 0,
                                 .slots = slots,
                                 .bitmap = bitmap,
                                 .stack = stack,
                                 .stack_limit = stack,
                                 .resume_offsets = resume_offsets,
                                 .word_bytes = bitmap};
  for (size_t i = 0; i < 6; i++) {
    slots[i] = JRX_UNSET;
  }
  assert_int_equal(function(&context), JIT_CAPTURE_RUN_STACK_EXHAUSTED);
  jitmem_free(block);
  backtrack_plan_release(&plan, allocator);
  fixture_release(&fixture);
}

/* An allocator that fails from the allowed-th allocation on, counting
 * what is still outstanding. */
typedef struct limited_allocator {
  size_t allowed;
  size_t made;
  size_t outstanding;
} limited_allocator;

static void *limited_malloc(size_t size, void *user_data) {
  limited_allocator *limits = user_data;
  if (limits->made == limits->allowed) {
    return NULL;
  }
  limits->made++;
  limits->outstanding++;
  return test_malloc(size);
}

static void limited_free(void *pointer, void *user_data) {
  limited_allocator *limits = user_data;
  if (pointer != NULL) {
    limits->outstanding--;
    test_free(pointer);
  }
}

/* Compile, scratch and a match that grows the scratch: every failing
 * allocation is reported as JRX_ERROR_NOMEMORY and leaves nothing behind. */
static void allocation_failures_are_reported(void **state) {
  (void)state;
  capture_fixture fixture;
  fixture_create(&fixture, "(a|b)*(c)", 0);
  static const unsigned char subject[] = "ababababababababc";
  size_t length = sizeof subject - 1;
  int succeeded = 0;
  for (size_t allowed = 0; !succeeded; allowed++) {
    limited_allocator limits = {allowed, 0, 0};
    jrx_allocator allocator = {limited_malloc, limited_free, &limits};
    jit_capture_code *code = NULL;
    backtrack_scratch *scratch = NULL;
    const size_t *slots;
    int status = jit_capture_compile(&fixture.program, &allocator, NULL, &code);
    if (status == 0) {
      status = backtrack_scratch_create(fixture.program.slot_count, &allocator, &scratch);
    }
    if (status == 0) {
      status = jit_capture_match(code, scratch, subject, length, 0, length, 0, 0, &slots);
    }
    if (status == 1) {
      const size_t *expected;
      assert_int_equal(pike_match(&fixture.program, fixture.pike, subject, length, 0, 0, &expected,
                                  NULL),
                       1);
      assert_memory_equal(slots, expected, fixture.program.slot_count * sizeof *slots);
      succeeded = 1;
    } else {
      assert_int_equal(status, JRX_ERROR_NOMEMORY);
    }
    backtrack_scratch_destroy(scratch);
    jit_capture_release(code);
    assert_int_equal(limits.outstanding, 0);
  }
  fixture_release(&fixture);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fixed_patterns_agree),
      cmocka_unit_test(random_patterns_agree),
      cmocka_unit_test(spans_over_the_cap_are_refused),
      cmocka_unit_test(jrx_match_falls_back_over_the_cap),
      cmocka_unit_test(large_programs_agree),
      cmocka_unit_test(subjects_between_unmapped_pages),
      cmocka_unit_test(a_full_job_stack_is_reported),
      cmocka_unit_test(allocation_failures_are_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
