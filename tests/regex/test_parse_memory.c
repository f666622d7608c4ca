/* test_parse_memory: out of memory at every allocation the parser makes.
 * allocation_failure.c wraps malloc, calloc and realloc at link time so
 * the Nth allocation fails; for each N the parse must fail cleanly with
 * JRX_ERROR_NOMEMORY (AddressSanitizer reports any leak or bad free) until
 * N is large enough for it to succeed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "allocation_failure.h"
#include "jrx.h"
#include "regex/charset.h"
#include "regex/parse.h"
#include "regex/memory.h"

#define NEVER SIZE_MAX

#define MAX_ALLOCATIONS 5000u

static void check_every_failure(const char *pattern, uint32_t options) {
  size_t length = strlen(pattern);
  for (size_t budget = 0;; budget++) {
    assert_true(budget < MAX_ALLOCATIONS);
    ast_tree tree;
    size_t offset = NEVER;
    allocation_failure_arm(budget);
    int status =
        parse_pattern(pattern, length, options, NULL, memory_default_allocator(), &tree, &offset);
    allocation_failure_disarm();
    if (status == 0) {
      ast_tree_release(&tree);
      return;
    }
    if (status != JRX_ERROR_NOMEMORY) {
      print_error("%s with %zu allocations: %d at %zu\n", pattern, budget, status, offset);
      fail();
    }
    assert_true(offset <= length);
    assert_null(tree.root);
  }
}

static void test_parser_out_of_memory(void **context) {
  (void)context;
  static const struct {
    const char *pattern;
    uint32_t options;
  } cases[] = {
      {"^(?<user>[\\w.+-]+)@(\\w+)\\.(?:com|org|net)$", 0},
      {"(a|b|c|)*?(?:x{2,5}|y+)(?'q'z)(?P<p>w)", JRX_MULTILINE},
      {"(?i)stra\xc3\x9f"
       "e[^k-s\\d]\\x{212a}.",
       JRX_UTF},
      {"[[:alpha:]\\D[:cntrl:]\\h\\V\\Qa-z\\E]", JRX_UTF | JRX_CASELESS},
      {"\\R+x|a\\Rb|(?:.|\\N)\\R", 0},
      {"((((((((((a))))))))))", 0},
      {"(?x) a b # comment\n c (?#other) \\Q d \\E", 0},
      {"(?<a1>a)(?<a2>b)(?<a3>c)(?<a4>d)(?<a5>e)(?<a6>f)(?<a7>g)(?<a8>h)(?<a9>i)(?<a10>j)", 0},
  };
  for (size_t index = 0; index < sizeof cases / sizeof cases[0]; index++) {
    check_every_failure(cases[index].pattern, cases[index].options);
  }
}

static void test_charset_out_of_memory(void **context) {
  (void)context;
  for (size_t budget = 0;; budget++) {
    assert_true(budget < MAX_ALLOCATIONS);
    charset set;
    charset_init(&set, memory_default_allocator());
    allocation_failure_arm(budget);
    int status = charset_add_range(&set, 'a', 'z');
    charset_range ranges[] = {{'0', '9'}, {0x100, 0x17f}};
    if (status == 0) {
      status = charset_add_ranges(&set, ranges, 2);
    }
    if (status == 0) {
      status = charset_add_case_variants(&set, 1);
    }
    if (status == 0) {
      status = charset_negate(&set, CHARSET_MAX_UNICODE);
    }
    if (status == 0) {
      status = charset_remove_range(&set, 0x3000, 0x3001);
    }
    allocation_failure_disarm();
    if (status == 0) {
      assert_false(charset_contains(&set, 'K'));
      assert_false(charset_contains(&set, 0x3000));
      assert_true(charset_contains(&set, 0x3002));
      charset_release(&set);
      return;
    }
    assert_int_equal(status, JRX_ERROR_NOMEMORY);
    charset_release(&set);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parser_out_of_memory),
      cmocka_unit_test(test_charset_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
