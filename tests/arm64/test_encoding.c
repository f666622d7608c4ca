/* Encoding test: every case of the generated encoding_cases.h (emitter
 * calls paired with llvm-mc-14's words for the same assembly) must emit
 * exactly those words, with no error and no pending label. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "regex/arm64/a64.h"

#include "encoding_cases.h"
#include "regex/memory.h"

/* Runs one case; prints what differs and returns 0 when it fails. */
static int encoding_case_matches(const encoding_case *test_case) {
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  test_case->emit(&buffer);
  int status = a64_buffer_finish(&buffer);
  size_t count = 0;
  const uint32_t *words = a64_buffer_words(&buffer, &count);
  int matches = status == 0 && count == test_case->word_count;
  for (size_t i = 0; matches && i < count; i++) {
    matches = words[i] == test_case->words[i];
  }
  if (!matches) {
    printf("mismatch: %s (status %d): expected", test_case->assembly, status);
    for (size_t i = 0; i < test_case->word_count; i++) {
      printf(" %08x", test_case->words[i]);
    }
    printf(", emitted");
    for (size_t i = 0; i < count; i++) {
      printf(" %08x", words[i]);
    }
    printf("\n");
  }
  a64_buffer_release(&buffer);
  return matches;
}

static void every_case_matches_the_reference_assembler(void **state) {
  (void)state;
  size_t case_count = sizeof(encoding_cases) / sizeof(encoding_cases[0]);
  size_t failures = 0;
  for (size_t i = 0; i < case_count; i++) {
    failures += !encoding_case_matches(&encoding_cases[i]);
  }
  printf("%zu encoding cases, %zu failed\n", case_count, failures);
  assert_int_equal(failures, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_case_matches_the_reference_assembler),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
