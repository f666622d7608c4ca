/* Allocation failure: the buffer allocates through a counting allocator
 * told to fail its Nth call and every one after. For every N until a run
 * needs no more allocations, assembling a program with many words, labels
 * and fixups must report JRX_ERROR_NOMEMORY, hand out no words and leak
 * nothing (AddressSanitizer checks at exit); the full run must match the
 * run made with a working allocator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "counting_allocator.h"
#include "jrx.h"
#include "regex/arm64/a64.h"

enum { PROGRAM_BLOCKS = 300 };

/* A program whose arrays all grow several times: words, labels (one per
 * block plus shared ones) and fixups (forward references). */
static void assemble_program(a64_buffer *buffer) {
  a64_label done = a64_label_new(buffer);
  a64_label loop = a64_label_new(buffer);
  a64_label_bind(buffer, loop);
  for (int block = 0; block < PROGRAM_BLOCKS; block++) {
    a64_label next = a64_label_new(buffer);
    a64_ldrb_post(buffer, A64_W(2), A64_X(0), 1);
    a64_cmp_imm(buffer, A64_W(2), (uint64_t)block & 0xff);
    a64_b_cond(buffer, A64_NE, next);
    a64_mov_imm(buffer, A64_X(3), UINT64_C(0x123456789abcdef0) ^ (uint64_t)block);
    a64_cbz(buffer, A64_X(3), done);
    a64_tbnz(buffer, A64_X(3), (unsigned)block % 64, loop);
    a64_label_bind(buffer, next);
  }
  a64_label_bind(buffer, done);
  a64_ret(buffer);
}

static void every_allocation_failure_is_reported(void **state) {
  (void)state;
  counting_allocator counter;
  counting_allocator_init(&counter);
  a64_buffer reference;
  a64_buffer_init(&reference, &counter.allocator);
  assemble_program(&reference);
  size_t allocations_needed = counting_allocator_calls(&counter);
  assert_int_equal(a64_buffer_finish(&reference), 0);
  size_t reference_count = 0;
  const uint32_t *reference_words = a64_buffer_words(&reference, &reference_count);
  assert_non_null(reference_words);
  assert_true(allocations_needed >= 3);

  for (size_t limit = 0; limit <= allocations_needed; limit++) {
    a64_buffer buffer;
    a64_buffer_init(&buffer, &counter.allocator);
    counting_allocator_arm(&counter, COUNTING_FAIL_FROM, limit + 1);
    assemble_program(&buffer);
    int status = a64_buffer_finish(&buffer);
    size_t count = 0;
    const uint32_t *words = a64_buffer_words(&buffer, &count);
    if (limit < allocations_needed) {
      assert_int_equal(status, JRX_ERROR_NOMEMORY);
      assert_null(words);
      assert_int_equal(count, 0);
      /* After the failure nothing tried to allocate again. */
      assert_int_equal(counting_allocator_calls(&counter), limit + 1);
    } else {
      assert_int_equal(status, 0);
      assert_int_equal(count, reference_count);
      assert_memory_equal(words, reference_words, count * sizeof(uint32_t));
    }
    a64_buffer_release(&buffer);
  }
  counting_allocator_arm(&counter, COUNTING_FAIL_NEVER, 0);
  a64_buffer_release(&reference);
  assert_int_equal(counting_allocator_live(&counter), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_allocation_failure_is_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
