/* test_charset: the range-set operations, each against exact expected
 * ranges, plus a randomized comparison with a plain membership array
 * that checks the sorted/disjoint/non-adjacent invariant after every step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/charset.h"
#include "regex/memory.h"

/* Asserts that set holds exactly the ranges given as low, high pairs. */
static void assert_ranges(const charset *set, size_t count, ...) {
  va_list arguments;
  va_start(arguments, count);
  assert_int_equal(set->count, count);
  for (size_t index = 0; index < count; index++) {
    uint32_t low = va_arg(arguments, uint32_t);
    uint32_t high = va_arg(arguments, uint32_t);
    assert_int_equal(set->ranges[index].low, low);
    assert_int_equal(set->ranges[index].high, high);
  }
  va_end(arguments);
}

static void assert_invariant(const charset *set) {
  for (size_t index = 0; index < set->count; index++) {
    assert_true(set->ranges[index].low <= set->ranges[index].high);
    if (index > 0) {
      /* Sorted, disjoint and not even touching the previous range. */
      assert_true(set->ranges[index].low > set->ranges[index - 1].high + 1);
    }
  }
}

static void test_add_range_merges(void **context) {
  (void)context;
  charset set;
  charset_init(&set, memory_default_allocator());
  assert_int_equal(charset_add_range(&set, 'm', 'p'), 0);
  assert_int_equal(charset_add_range(&set, 'a', 'c'), 0);
  assert_ranges(&set, 2, 'a', 'c', 'm', 'p');
  assert_int_equal(charset_add_range(&set, 'd', 'e'), 0); /* touches a-c */
  assert_ranges(&set, 2, 'a', 'e', 'm', 'p');
  assert_int_equal(charset_add_range(&set, 'x', 'z'), 0);
  assert_int_equal(charset_add_range(&set, 'g', 'h'), 0);
  assert_ranges(&set, 4, 'a', 'e', 'g', 'h', 'm', 'p', 'x', 'z');
  assert_int_equal(charset_add_range(&set, 'f', 'y'), 0); /* swallows three */
  assert_ranges(&set, 1, 'a', 'z');
  assert_int_equal(charset_add_range(&set, 'b', 'c'), 0); /* already inside */
  assert_ranges(&set, 1, 'a', 'z');
  assert_int_equal(charset_add_range(&set, '{', '{'), 0); /* appends by extending */
  assert_ranges(&set, 1, 'a', '{');
  charset_release(&set);
  assert_int_equal(set.count, 0);
  assert_null(set.ranges);
}

static void test_add_ranges_unsorted(void **context) {
  (void)context;
  charset set;
  charset_init(&set, memory_default_allocator());
  assert_int_equal(charset_add_range(&set, 100, 110), 0);
  charset_range ranges[] = {{50, 60}, {5, 7}, {111, 120}, {1, 4}, {55, 58}, {200, 200}};
  assert_int_equal(charset_add_ranges(&set, ranges, 6), 0);
  assert_ranges(&set, 4, 1, 7, 50, 60, 100, 120, 200, 200);
  assert_int_equal(charset_add_ranges(&set, ranges, 0), 0);
  assert_ranges(&set, 4, 1, 7, 50, 60, 100, 120, 200, 200);
  charset_release(&set);
}

static void test_add_set_and_copy(void **context) {
  (void)context;
  charset first;
  charset second;
  charset copy;
  charset_init(&first, memory_default_allocator());
  charset_init(&second, memory_default_allocator());
  charset_init(&copy, memory_default_allocator());
  assert_int_equal(charset_add_range(&first, '0', '9'), 0);
  assert_int_equal(charset_add_range(&first, 'a', 'f'), 0);
  assert_int_equal(charset_add_range(&second, 'A', 'F'), 0);
  assert_int_equal(charset_add_range(&second, 'g', 'z'), 0);
  assert_int_equal(charset_add_set(&first, &second), 0);
  assert_ranges(&first, 3, '0', '9', 'A', 'F', 'a', 'z');
  assert_int_equal(charset_copy(&copy, &first), 0);
  assert_ranges(&copy, 3, '0', '9', 'A', 'F', 'a', 'z');
  assert_ptr_not_equal(copy.ranges, first.ranges);
  assert_int_equal(charset_copy(&copy, &second), 0); /* replaces the old members */
  assert_ranges(&copy, 2, 'A', 'F', 'g', 'z');
  charset empty;
  charset_init(&empty, memory_default_allocator());
  assert_int_equal(charset_copy(&copy, &empty), 0);
  assert_int_equal(copy.count, 0);
  charset_release(&first);
  charset_release(&second);
  charset_release(&copy);
}

/* A constant set as a Unicode property's ranges are: a borrowing set
 * never writes or frees it (ASan would catch a free), each change gives
 * the set a copy of its own first. */
static const charset_range constant_ranges[] = {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}};
#define CONSTANT_COUNT (sizeof constant_ranges / sizeof constant_ranges[0])

static void borrow(charset *set) {
  charset_init(set, memory_default_allocator());
  assert_int_equal(charset_add_constant_ranges(set, constant_ranges, CONSTANT_COUNT), 0);
  assert_ptr_equal(set->ranges, constant_ranges);
  assert_ranges(set, 3, '0', '9', 'A', 'Z', 'a', 'z');
}

static void assert_constant_unchanged(void) {
  assert_int_equal(constant_ranges[0].low, '0');
  assert_int_equal(constant_ranges[0].high, '9');
  assert_int_equal(constant_ranges[1].low, 'A');
  assert_int_equal(constant_ranges[1].high, 'Z');
  assert_int_equal(constant_ranges[2].low, 'a');
  assert_int_equal(constant_ranges[2].high, 'z');
}

static void test_borrowed_ranges(void **context) {
  (void)context;
  charset set;
  borrow(&set);
  assert_int_equal(charset_add_range(&set, '{', '{'), 0); /* extends the last range */
  assert_ranges(&set, 3, '0', '9', 'A', 'Z', 'a', '{');
  charset_release(&set);
  borrow(&set);
  assert_int_equal(charset_add_range(&set, '~', '~'), 0); /* appends */
  assert_ranges(&set, 4, '0', '9', 'A', 'Z', 'a', 'z', '~', '~');
  charset_release(&set);
  borrow(&set);
  assert_int_equal(charset_add_range(&set, '_', '_'), 0); /* merges */
  assert_ranges(&set, 4, '0', '9', 'A', 'Z', '_', '_', 'a', 'z');
  charset_release(&set);
  borrow(&set);
  assert_int_equal(charset_remove_range(&set, 'M', 'N'), 0); /* splits */
  assert_ranges(&set, 4, '0', '9', 'A', 'L', 'O', 'Z', 'a', 'z');
  charset_release(&set);
  borrow(&set);
  assert_int_equal(charset_remove_range(&set, '5', 'B'), 0); /* trims two */
  assert_ranges(&set, 3, '0', '4', 'C', 'Z', 'a', 'z');
  charset_release(&set);
  borrow(&set);
  assert_int_equal(charset_remove_range(&set, '!', '/'), 0); /* nothing there: still borrows */
  assert_ptr_equal(set.ranges, constant_ranges);
  assert_int_equal(charset_negate(&set, CHARSET_MAX_BYTE), 0);
  assert_ranges(&set, 4, 0, '/', ':', '@', '[', '`', '{', 0xff);
  charset_release(&set);
  borrow(&set);
  assert_int_equal(charset_add_case_variants(&set, 0), 0);
  assert_ranges(&set, 3, '0', '9', 'A', 'Z', 'a', 'z');
  charset_release(&set);
  borrow(&set);
  charset other;
  charset_init(&other, memory_default_allocator());
  assert_int_equal(charset_add_set(&other, &set), 0); /* an empty set borrows too */
  assert_ptr_equal(other.ranges, set.ranges);
  charset copy;
  charset_init(&copy, memory_default_allocator());
  assert_int_equal(charset_copy(&copy, &other), 0);
  assert_ptr_not_equal(copy.ranges, constant_ranges);
  assert_int_equal(charset_add_constant_ranges(&copy, constant_ranges, 1), 0); /* merges */
  assert_ranges(&copy, 3, '0', '9', 'A', 'Z', 'a', 'z');
  assert_int_equal(charset_add_range(&other, '_', '_'), 0);
  assert_ranges(&other, 4, '0', '9', 'A', 'Z', '_', '_', 'a', 'z');
  assert_ranges(&set, 3, '0', '9', 'A', 'Z', 'a', 'z');
  charset_release(&copy);
  charset_release(&other);
  charset_release(&set);
  assert_constant_unchanged();
}

static void test_remove_range(void **context) {
  (void)context;
  charset set;
  charset_init(&set, memory_default_allocator());
  assert_int_equal(charset_add_range(&set, 10, 20), 0);
  assert_int_equal(charset_add_range(&set, 30, 40), 0);
  assert_int_equal(charset_add_range(&set, 50, 60), 0);
  assert_int_equal(charset_remove_range(&set, 0, 5), 0); /* nothing there */
  assert_ranges(&set, 3, 10, 20, 30, 40, 50, 60);
  assert_int_equal(charset_remove_range(&set, 33, 35), 0); /* splits one range */
  assert_ranges(&set, 4, 10, 20, 30, 32, 36, 40, 50, 60);
  assert_int_equal(charset_remove_range(&set, 15, 55), 0); /* trims both ends, drops the middle */
  assert_ranges(&set, 2, 10, 14, 56, 60);
  assert_int_equal(charset_remove_range(&set, 10, 14), 0); /* a whole range */
  assert_ranges(&set, 1, 56, 60);
  assert_int_equal(charset_remove_range(&set, 0, 100), 0);
  assert_int_equal(set.count, 0);
  charset_release(&set);
}

static void test_negate(void **context) {
  (void)context;
  charset set;
  charset_init(&set, memory_default_allocator());
  assert_int_equal(charset_negate(&set, CHARSET_MAX_BYTE), 0);
  assert_ranges(&set, 1, 0, 0xff);
  assert_int_equal(charset_negate(&set, CHARSET_MAX_BYTE), 0);
  assert_int_equal(set.count, 0);
  assert_int_equal(charset_add_range(&set, 0, 9), 0);
  assert_int_equal(charset_add_range(&set, 'a', 'a'), 0);
  assert_int_equal(charset_negate(&set, CHARSET_MAX_BYTE), 0);
  assert_ranges(&set, 2, 10, 'a' - 1, 'b', 0xff);
  charset_release(&set);

  /* Unicode complements never contain surrogates. */
  assert_int_equal(charset_add_range(&set, '\n', '\n'), 0);
  assert_int_equal(charset_negate(&set, CHARSET_MAX_UNICODE), 0);
  assert_ranges(&set, 3, 0, 9, 11, 0xd7ff, 0xe000, 0x10ffff);
  assert_false(charset_contains(&set, 0xd800));
  assert_int_equal(charset_negate(&set, CHARSET_MAX_UNICODE), 0);
  assert_ranges(&set, 1, '\n', '\n');
  charset_release(&set);
  assert_int_equal(charset_add_range(&set, 0xd000, 0xe100), 0);
  assert_int_equal(charset_negate(&set, CHARSET_MAX_UNICODE), 0);
  assert_ranges(&set, 2, 0, 0xcfff, 0xe101, 0x10ffff);
  charset_release(&set);
}

static void test_case_variants_byte_mode(void **context) {
  (void)context;
  charset set;
  charset_init(&set, memory_default_allocator());
  assert_int_equal(charset_add_range(&set, 'a', 'c'), 0);
  assert_int_equal(charset_add_range(&set, 'X', '\\'), 0);
  /* PCRE2's default tables fold only ASCII letters: 0xc0 and 0xe0 stay. */
  assert_int_equal(charset_add_range(&set, 0xc0, 0xc0), 0);
  assert_int_equal(charset_add_case_variants(&set, 0), 0);
  assert_ranges(&set, 5, 'A', 'C', 'X', '\\', 'a', 'c', 'x', 'z', 0xc0, 0xc0);
  charset_release(&set);
}

static void test_case_variants_unicode(void **context) {
  (void)context;
  charset set;
  charset_init(&set, memory_default_allocator());
  assert_int_equal(charset_add_range(&set, 'k', 'k'), 0);
  assert_int_equal(charset_add_case_variants(&set, 1), 0);
  assert_ranges(&set, 3, 'K', 'K', 'k', 'k', 0x212a, 0x212a); /* KELVIN SIGN */
  charset_release(&set);

  assert_int_equal(charset_add_range(&set, 0x3c3, 0x3c3), 0); /* small sigma */
  assert_int_equal(charset_add_case_variants(&set, 1), 0);
  assert_ranges(&set, 2, 0x3a3, 0x3a3, 0x3c2, 0x3c3); /* capital and final sigma */
  charset_release(&set);

  assert_int_equal(charset_add_range(&set, 0xdf, 0xdf), 0); /* sharp s */
  assert_int_equal(charset_add_case_variants(&set, 1), 0);
  assert_ranges(&set, 2, 0xdf, 0xdf, 0x1e9e, 0x1e9e);
  charset_release(&set);

  assert_int_equal(charset_add_range(&set, 'a', 'z'), 0);
  assert_int_equal(charset_add_case_variants(&set, 1), 0);
  assert_ranges(&set, 4, 'A', 'Z', 'a', 'z', 0x17f, 0x17f, 0x212a, 0x212a);
  charset_release(&set);

  /* Everything: every variant is already inside, and the walk visits only
   * the code points that fold. */
  assert_int_equal(charset_add_range(&set, 0, CHARSET_MAX_UNICODE), 0);
  assert_int_equal(charset_add_case_variants(&set, 1), 0);
  assert_ranges(&set, 1, 0, CHARSET_MAX_UNICODE);
  charset_release(&set);
}

static void test_contains_and_size(void **context) {
  (void)context;
  charset set;
  charset_init(&set, memory_default_allocator());
  assert_false(charset_contains(&set, 0));
  assert_int_equal(charset_size(&set), 0);
  assert_int_equal(charset_add_range(&set, 10, 19), 0);
  assert_int_equal(charset_add_range(&set, 0x10ffff, 0x10ffff), 0);
  assert_true(charset_contains(&set, 10));
  assert_true(charset_contains(&set, 19));
  assert_false(charset_contains(&set, 9));
  assert_false(charset_contains(&set, 20));
  assert_true(charset_contains(&set, 0x10ffff));
  assert_int_equal(charset_size(&set), 11);
  charset_release(&set);
}

#define MODEL_SIZE 300u

/* xorshift32: a fixed, portable sequence. */
static uint32_t next_random(uint32_t *state) {
  uint32_t value = *state;
  value ^= value << 13;
  value ^= value >> 17;
  value ^= value << 5;
  *state = value;
  return value;
}

static void assert_matches_model(const charset *set, const unsigned char *model) {
  assert_invariant(set);
  for (uint32_t code_point = 0; code_point < MODEL_SIZE; code_point++) {
    assert_int_equal(charset_contains(set, code_point), model[code_point]);
  }
}

static void test_random_operations_match_model(void **context) {
  (void)context;
  uint32_t random_state = 0x2545f491u;
  for (int round = 0; round < 200; round++) {
    charset set;
    charset_init(&set, memory_default_allocator());
    unsigned char model[MODEL_SIZE] = {0};
    for (int step = 0; step < 40; step++) {
      uint32_t low = next_random(&random_state) % MODEL_SIZE;
      uint32_t high = low + next_random(&random_state) % 12;
      if (high >= MODEL_SIZE) {
        high = MODEL_SIZE - 1;
      }
      uint32_t operation = next_random(&random_state) % 10;
      if (operation < 6) {
        assert_int_equal(charset_add_range(&set, low, high), 0);
        memset(model + low, 1, high - low + 1);
      } else if (operation < 9) {
        assert_int_equal(charset_remove_range(&set, low, high), 0);
        memset(model + low, 0, high - low + 1);
      } else {
        assert_int_equal(charset_negate(&set, MODEL_SIZE - 1), 0);
        for (uint32_t index = 0; index < MODEL_SIZE; index++) {
          model[index] = !model[index];
        }
      }
      assert_matches_model(&set, model);
    }
    charset_release(&set);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_add_range_merges),
      cmocka_unit_test(test_add_ranges_unsorted),
      cmocka_unit_test(test_add_set_and_copy),
      cmocka_unit_test(test_borrowed_ranges),
      cmocka_unit_test(test_remove_range),
      cmocka_unit_test(test_negate),
      cmocka_unit_test(test_case_variants_byte_mode),
      cmocka_unit_test(test_case_variants_unicode),
      cmocka_unit_test(test_contains_and_size),
      cmocka_unit_test(test_random_operations_match_model),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
