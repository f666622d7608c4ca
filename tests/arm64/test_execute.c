/* Runs assembled code (arm64 only): functions built with the emitters are
 * installed through jitmem and called, and their results compared with C:
 * constant loading, a NEON memchr (random buffers and alignments, and a
 * buffer ending exactly at an unmapped page), table lookups and lane
 * reductions, bit tests, and a scalar routine with a frame, a local call
 * and a call back into C. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "jitmem.h"
#include "regex/arm64/a64.h"
#include "test_random.h"
#include "regex/memory.h"

#define RANDOM_CONSTANTS 300
#define RANDOM_BUFFERS 3000
#define MAX_RANDOM_LENGTH 300
#define BLOCK_BYTES 16
#define TABLE_BYTES 32

typedef struct installed_code {
  jitmem_block *block;
  void *entry;
} installed_code;

/* Finishes the buffer, installs its words and releases it. */
static installed_code install(a64_buffer *buffer) {
  assert_int_equal(a64_buffer_finish(buffer), 0);
  size_t count = 0;
  const uint32_t *words = a64_buffer_words(buffer, &count);
  assert_non_null(words);
  installed_code code = {NULL, NULL};
  assert_int_equal(jitmem_install(NULL, words, count * sizeof(uint32_t), &code.block, &code.entry),
                   JITMEM_OK);
  a64_buffer_release(buffer);
  return code;
}

typedef uint64_t (*constant_function)(void);

static uint64_t run_constant(a64_reg rd, uint64_t value) {
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_mov_imm(&buffer, rd, value);
  a64_ret(&buffer);
  installed_code code = install(&buffer);
  constant_function function;
  memcpy(&function, &code.entry, sizeof(function));
  uint64_t result = function();
  jitmem_free(code.block);
  return result;
}

static void constants_load(void **state) {
  (void)state;
  static const uint64_t fixed[] = {0, 1, 0xffff, 0x10000, UINT64_MAX, 0x8000000000000000u,
                                   0x5555555555555555u, 0xffffffff00000000u, 0x123456789abcdef0u,
                                   0xffff1234ffff5678u};
  for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
    assert_true(run_constant(A64_X(0), fixed[i]) == fixed[i]);
    /* A W destination zero-extends into X0. */
    assert_true(run_constant(A64_W(0), fixed[i] & UINT32_MAX) == (fixed[i] & UINT32_MAX));
  }
  uint64_t random_state = 0x853c49e6748fea9bu;
  for (int i = 0; i < RANDOM_CONSTANTS; i++) {
    uint64_t value = test_random_next(&random_state);
    value &= (uint64_t)-1 >> (test_random_next(&random_state) % 64);
    assert_true(run_constant(A64_X(0), value) == value);
  }
}

typedef const uint8_t *(*memchr_function)(const uint8_t *text, int byte, size_t length);

/* memchr over whole aligned 16-byte blocks: an aligned block never
 * crosses a page, so reading all of one that holds a byte of the buffer is
 * safe. Matches before the start are masked off; ones past the end are
 * rejected after the fact. The compare mask is narrowed to 4 bits per byte
 * with SHRN, so the first match is at (count of trailing zeros) / 4. */
static installed_code assemble_memchr(void) {
  const a64_reg text = A64_X(0), byte = A64_W(1), length = A64_X(2), end = A64_X(3),
                block = A64_X(4), mask = A64_X(5), skip = A64_X(6);
  const a64_reg needle = A64_V(0), data = A64_V(1);
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_label loop = a64_label_new(&buffer);
  a64_label found = a64_label_new(&buffer);
  a64_label not_found = a64_label_new(&buffer);

  a64_cbz(&buffer, length, not_found);
  a64_dup_general(&buffer, A64_16B, needle, byte);
  a64_add_reg(&buffer, end, text, length);
  a64_and_imm(&buffer, block, text, ~(uint64_t)(BLOCK_BYTES - 1));
  a64_and_imm(&buffer, skip, text, BLOCK_BYTES - 1);
  a64_lsl_imm(&buffer, skip, skip, 2);
  a64_ld1_post(&buffer, A64_16B, data, 1, block);
  a64_cmeq(&buffer, A64_16B, data, data, needle);
  a64_shrn(&buffer, A64_8B, data, data, 4);
  a64_fmov_to_general(&buffer, mask, data);
  a64_lsr_reg(&buffer, mask, mask, skip);
  a64_lsl_reg(&buffer, mask, mask, skip);

  a64_label_bind(&buffer, loop);
  a64_cbnz(&buffer, mask, found);
  a64_cmp_reg(&buffer, block, end);
  a64_b_cond(&buffer, A64_HS, not_found);
  a64_ld1_post(&buffer, A64_16B, data, 1, block);
  a64_cmeq(&buffer, A64_16B, data, data, needle);
  a64_shrn(&buffer, A64_8B, data, data, 4);
  a64_fmov_to_general(&buffer, mask, data);
  a64_b(&buffer, loop);

  a64_label_bind(&buffer, found);
  a64_rbit(&buffer, mask, mask);
  a64_clz(&buffer, mask, mask);
  a64_sub_imm(&buffer, block, block, BLOCK_BYTES);
  a64_add_shifted(&buffer, A64_X(0), block, mask, A64_LSR, 2);
  a64_cmp_reg(&buffer, A64_X(0), end);
  a64_b_cond(&buffer, A64_HS, not_found);
  a64_ret(&buffer);

  a64_label_bind(&buffer, not_found);
  a64_mov_imm(&buffer, A64_X(0), 0);
  a64_ret(&buffer);
  return install(&buffer);
}

static void check_memchr(memchr_function function, const uint8_t *text, int byte, size_t length) {
  const uint8_t *expected = memchr(text, byte, length);
  assert_ptr_equal(function(text, byte, length), expected);
}

static void neon_memchr_matches_memchr(void **state) {
  (void)state;
  installed_code code = assemble_memchr();
  memchr_function function;
  memcpy(&function, &code.entry, sizeof(function));
  static uint8_t storage[MAX_RANDOM_LENGTH + 2 * BLOCK_BYTES];
  uint64_t random_state = 0xda942042e4dd58b5u;
  for (int i = 0; i < RANDOM_BUFFERS; i++) {
    size_t offset = (size_t)(test_random_next(&random_state) % BLOCK_BYTES);
    size_t length = (size_t)(test_random_next(&random_state) % MAX_RANDOM_LENGTH);
    /* A small alphabet makes matches common; bytes outside the buffer
     * hold the needle so stray reads would be noticed. */
    unsigned alphabet = 1 + (unsigned)(test_random_next(&random_state) % 40);
    int byte = (int)(test_random_next(&random_state) % alphabet);
    memset(storage, byte, sizeof(storage));
    for (size_t j = 0; j < length; j++) {
      storage[offset + j] = (uint8_t)(test_random_next(&random_state) % alphabet);
    }
    check_memchr(function, storage + offset, byte, length);
    check_memchr(function, storage + offset, 0x100 + byte, length); /* only the low byte counts */
  }
  jitmem_free(code.block);
}

/* The last byte of the buffer is the last byte of a mapped page and the
 * next page is unmapped: any read past the end would fault. */
static void neon_memchr_stops_at_an_unmapped_page(void **state) {
  (void)state;
  installed_code code = assemble_memchr();
  memchr_function function;
  memcpy(&function, &code.entry, sizeof(function));
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  uint8_t *pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(pages != MAP_FAILED);
  assert_int_equal(munmap(pages + page, page), 0);
  uint8_t *page_end = pages + page;
  memset(pages, 'a', page);
  for (size_t length = 0; length <= 3 * BLOCK_BYTES + 1; length++) {
    uint8_t *text = page_end - length;
    check_memchr(function, text, 'z', length);
    for (size_t position = 0; position < length; position++) {
      text[position] = 'z';
      check_memchr(function, text, 'z', length);
      text[position] = 'a';
    }
  }
  check_memchr(function, pages, 'z', page);
  page_end[-1] = 'z';
  check_memchr(function, pages, 'z', page);
  assert_int_equal(munmap(pages, page), 0);
  jitmem_free(code.block);
}

typedef struct vector_result {
  uint64_t low;
  uint64_t high;
} vector_result;

typedef vector_result (*lookup_function)(const uint8_t *block, const uint8_t *table);

/* result[i] = table[b & 31] ^ table[b >> 4] ^ (b < 32 ? table[b] : 0) for
 * b = block[i]: a two-register TBL, a one-register TBL, and TBL's zero for
 * indexes past the table. */
static installed_code assemble_lookup(void) {
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_ld1(&buffer, A64_16B, A64_V(0), 1, A64_X(0));
  a64_ld1(&buffer, A64_16B, A64_V(1), 2, A64_X(1));
  a64_movi(&buffer, A64_16B, A64_V(3), TABLE_BYTES - 1);
  a64_and_vector(&buffer, A64_16B, A64_V(4), A64_V(0), A64_V(3));
  a64_tbl(&buffer, A64_16B, A64_V(5), A64_V(1), 2, A64_V(4));
  a64_ushr(&buffer, A64_16B, A64_V(6), A64_V(0), 4);
  a64_tbl(&buffer, A64_16B, A64_V(7), A64_V(1), 1, A64_V(6));
  a64_eor_vector(&buffer, A64_16B, A64_V(5), A64_V(5), A64_V(7));
  a64_tbl(&buffer, A64_16B, A64_V(7), A64_V(1), 2, A64_V(0));
  a64_eor_vector(&buffer, A64_16B, A64_V(5), A64_V(5), A64_V(7));
  a64_fmov_to_general(&buffer, A64_X(0), A64_V(5));
  a64_umov(&buffer, A64_2D, A64_X(1), A64_V(5), 1);
  a64_ret(&buffer);
  return install(&buffer);
}

static void table_lookups_match_c(void **state) {
  (void)state;
  installed_code code = assemble_lookup();
  lookup_function function;
  memcpy(&function, &code.entry, sizeof(function));
  uint64_t random_state = 0x6a09e667f3bcc909u;
  uint8_t block[BLOCK_BYTES];
  uint8_t table[TABLE_BYTES];
  for (int round = 0; round < 200; round++) {
    for (size_t i = 0; i < BLOCK_BYTES; i++) {
      block[i] = (uint8_t)test_random_next(&random_state);
    }
    for (size_t i = 0; i < TABLE_BYTES; i++) {
      table[i] = (uint8_t)test_random_next(&random_state);
    }
    uint8_t expected[BLOCK_BYTES];
    for (size_t i = 0; i < BLOCK_BYTES; i++) {
      uint8_t b = block[i];
      expected[i] = table[b & 31] ^ table[b >> 4] ^ (b < TABLE_BYTES ? table[b] : 0);
    }
    vector_result result = function(block, table);
    uint8_t actual[BLOCK_BYTES];
    memcpy(actual, &result.low, sizeof(result.low));
    memcpy(actual + 8, &result.high, sizeof(result.high));
    assert_memory_equal(actual, expected, BLOCK_BYTES);
  }
  jitmem_free(code.block);
}

typedef uint32_t (*range_function)(const uint8_t *block, uint32_t low, uint32_t high);

/* Returns bit 0: some byte is in [low, high]; bit 1: all are; bits 8-15:
 * how many are above high (by lane-wise ones summed with ADDP). */
static installed_code assemble_range(void) {
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_ld1(&buffer, A64_16B, A64_V(0), 1, A64_X(0));
  a64_dup_general(&buffer, A64_16B, A64_V(1), A64_W(1));
  a64_dup_general(&buffer, A64_16B, A64_V(2), A64_W(2));
  a64_cmhs(&buffer, A64_16B, A64_V(3), A64_V(0), A64_V(1));
  a64_cmhs(&buffer, A64_16B, A64_V(4), A64_V(2), A64_V(0));
  a64_and_vector(&buffer, A64_16B, A64_V(3), A64_V(3), A64_V(4));
  a64_umaxv(&buffer, A64_16B, A64_V(5), A64_V(3));
  a64_umov(&buffer, A64_16B, A64_W(0), A64_V(5), 0);
  a64_uminv(&buffer, A64_16B, A64_V(6), A64_V(3));
  a64_umov(&buffer, A64_16B, A64_W(3), A64_V(6), 0);
  a64_cmhi(&buffer, A64_16B, A64_V(7), A64_V(0), A64_V(2));
  a64_bic_vector(&buffer, A64_16B, A64_V(7), A64_V(7), A64_V(3)); /* no-op: disjoint sets */
  a64_orr_vector(&buffer, A64_16B, A64_V(7), A64_V(7), A64_V(7));
  a64_ushr(&buffer, A64_16B, A64_V(7), A64_V(7), 7);
  for (int step = 0; step < 4; step++) {
    a64_addp(&buffer, A64_16B, A64_V(7), A64_V(7), A64_V(7));
  }
  a64_umov(&buffer, A64_16B, A64_W(4), A64_V(7), 0);
  a64_and_imm(&buffer, A64_W(0), A64_W(0), 1);
  a64_and_imm(&buffer, A64_W(3), A64_W(3), 1);
  a64_orr_shifted(&buffer, A64_W(0), A64_W(0), A64_W(3), A64_LSL, 1);
  a64_orr_shifted(&buffer, A64_W(0), A64_W(0), A64_W(4), A64_LSL, 8);
  a64_ret(&buffer);
  return install(&buffer);
}

static void lane_compares_and_reductions_match_c(void **state) {
  (void)state;
  installed_code code = assemble_range();
  range_function function;
  memcpy(&function, &code.entry, sizeof(function));
  uint64_t random_state = 0xbb67ae8584caa73bu;
  uint8_t block[BLOCK_BYTES];
  for (int round = 0; round < 500; round++) {
    for (size_t i = 0; i < BLOCK_BYTES; i++) {
      uint64_t random = test_random_next(&random_state);
      block[i] = (uint8_t)(round % 2 ? random : 100 + random % 16); /* clustered or spread */
    }
    uint32_t low = (uint32_t)(test_random_next(&random_state) % 256);
    uint32_t high = round % 3 == 0 ? 255 : (uint32_t)(test_random_next(&random_state) % 256);
    uint32_t any = 0, all = 1, above = 0;
    for (size_t i = 0; i < BLOCK_BYTES; i++) {
      uint32_t inside = block[i] >= low && block[i] <= high;
      any |= inside;
      all &= inside;
      above += block[i] > high;
    }
    assert_int_equal(function(block, low, high), any | all << 1 | above << 8);
  }
  jitmem_free(code.block);
}

typedef uint64_t (*bit_test_function)(uint64_t value);

/* Returns 2 if bit `bit` of the argument is set (TBNZ), 1 if it is clear
 * (TBZ), checking that both branches agree. */
static installed_code assemble_bit_test(unsigned bit) {
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_label set = a64_label_new(&buffer);
  a64_label clear = a64_label_new(&buffer);
  a64_label inconsistent = a64_label_new(&buffer);
  a64_tbnz(&buffer, A64_X(0), bit, set);
  a64_tbz(&buffer, A64_X(0), bit, clear);
  a64_b(&buffer, inconsistent);
  a64_label_bind(&buffer, set);
  a64_tbz(&buffer, A64_X(0), bit, inconsistent);
  a64_mov_imm(&buffer, A64_X(0), 2);
  a64_ret(&buffer);
  a64_label_bind(&buffer, clear);
  a64_mov_imm(&buffer, A64_X(0), 1);
  a64_ret(&buffer);
  a64_label_bind(&buffer, inconsistent);
  a64_mov_imm(&buffer, A64_X(0), 0);
  a64_ret(&buffer);
  return install(&buffer);
}

static void bit_tests_branch_on_the_right_bit(void **state) {
  (void)state;
  static const unsigned bits[] = {0, 5, 31, 32, 47, 63};
  for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
    installed_code code = assemble_bit_test(bits[i]);
    bit_test_function function;
    memcpy(&function, &code.entry, sizeof(function));
    uint64_t mask = (uint64_t)1 << bits[i];
    assert_int_equal(function(mask), 2);
    assert_int_equal(function(~mask), 1);
    assert_int_equal(function(UINT64_MAX), 2);
    assert_int_equal(function(0), 1);
    jitmem_free(code.block);
  }
}

static uint64_t callback_calls;

static uint64_t triple_plus_one(uint64_t value) {
  callback_calls++;
  return value * 3 + 1;
}

typedef uint64_t (*count_function)(const uint8_t *text, size_t length, uint32_t byte,
                                   const uint64_t *words);

/* 3 * (occurrences of byte in text) + 1 + sum of words[0..length / 8):
 * a frame saving x19-x21 and the words pointer, a byte loop with
 * post-increment loads calling a local leaf (BL), a call into C (BLR),
 * and a register-offset word loop. */
static installed_code assemble_count(void) {
  const a64_reg text = A64_X(19), count = A64_X(20), word_count = A64_X(21);
  enum { FRAME = 48, SAVED_X19 = 16, SAVED_X21 = 32, SAVED_WORDS = 40 };
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_label loop = a64_label_new(&buffer);
  a64_label done = a64_label_new(&buffer);
  a64_label compare = a64_label_new(&buffer);
  a64_label words_loop = a64_label_new(&buffer);
  a64_label words_done = a64_label_new(&buffer);

  a64_stp_pre(&buffer, A64_FP, A64_LR, A64_SP, -FRAME);
  a64_mov_reg(&buffer, A64_FP, A64_SP);
  a64_stp_offset(&buffer, A64_X(19), A64_X(20), A64_SP, SAVED_X19);
  a64_str_imm(&buffer, A64_X(21), A64_SP, SAVED_X21);
  a64_str_imm(&buffer, A64_X(3), A64_SP, SAVED_WORDS);
  a64_mov_reg(&buffer, text, A64_X(0));
  a64_mov_imm(&buffer, count, 0);
  a64_lsr_imm(&buffer, word_count, A64_X(1), 3);
  a64_and_imm(&buffer, A64_W(2), A64_W(2), 0xff);

  a64_label_bind(&buffer, loop);
  a64_cbz(&buffer, A64_X(1), done);
  a64_ldrb_post(&buffer, A64_W(4), text, 1);
  a64_sub_imm(&buffer, A64_X(1), A64_X(1), 1);
  a64_bl(&buffer, compare);
  a64_add_extended(&buffer, count, count, A64_W(5), A64_UXTW, 0);
  a64_b(&buffer, loop);
  a64_label_bind(&buffer, done);

  a64_mov_reg(&buffer, A64_X(0), count);
  a64_mov_imm(&buffer, A64_X(9), (uint64_t)(uintptr_t)triple_plus_one);
  a64_blr(&buffer, A64_X(9));

  a64_ldr_imm(&buffer, A64_X(3), A64_SP, SAVED_WORDS);
  a64_mov_imm(&buffer, A64_X(6), 0);
  a64_label_bind(&buffer, words_loop);
  a64_cmp_reg(&buffer, A64_X(6), word_count);
  a64_b_cond(&buffer, A64_HS, words_done);
  a64_ldr_reg(&buffer, A64_X(7), A64_X(3), A64_X(6), A64_UXTX, true);
  a64_add_reg(&buffer, A64_X(0), A64_X(0), A64_X(7));
  a64_add_imm(&buffer, A64_X(6), A64_X(6), 1);
  a64_b(&buffer, words_loop);
  a64_label_bind(&buffer, words_done);

  a64_ldr_imm(&buffer, A64_X(21), A64_SP, SAVED_X21);
  a64_ldp_offset(&buffer, A64_X(19), A64_X(20), A64_SP, SAVED_X19);
  a64_ldp_post(&buffer, A64_FP, A64_LR, A64_SP, FRAME);
  a64_ret(&buffer);

  a64_label_bind(&buffer, compare); /* leaf: w5 = (w4 == w2) */
  a64_cmp_reg(&buffer, A64_W(4), A64_W(2));
  a64_cset(&buffer, A64_W(5), A64_EQ);
  a64_ret(&buffer);
  return install(&buffer);
}

static void frames_calls_and_loops_run(void **state) {
  (void)state;
  installed_code code = assemble_count();
  count_function function;
  memcpy(&function, &code.entry, sizeof(function));
  uint64_t random_state = 0x3c6ef372fe94f82bu;
  uint8_t text[200];
  uint64_t words[sizeof(text) / 8];
  for (int round = 0; round < 100; round++) {
    size_t length = (size_t)(test_random_next(&random_state) % sizeof(text));
    uint32_t byte = (uint32_t)(test_random_next(&random_state) % 4) | (round % 2 ? 0x300u : 0);
    uint64_t expected_count = 0;
    for (size_t i = 0; i < length; i++) {
      text[i] = (uint8_t)(test_random_next(&random_state) % 4);
      expected_count += text[i] == (byte & 0xff);
    }
    uint64_t expected = expected_count * 3 + 1;
    for (size_t i = 0; i < length / 8; i++) {
      words[i] = test_random_next(&random_state);
      expected += words[i];
    }
    uint64_t calls_before = callback_calls;
    assert_true(function(text, length, byte, words) == expected);
    assert_true(callback_calls == calls_before + 1);
  }
  jitmem_free(code.block);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(constants_load),
    cmocka_unit_test(neon_memchr_matches_memchr),
    cmocka_unit_test(neon_memchr_stops_at_an_unmapped_page),
    cmocka_unit_test(table_lookups_match_c),
    cmocka_unit_test(lane_compares_and_reductions_match_c),
    cmocka_unit_test(bit_tests_branch_on_the_right_bit),
    cmocka_unit_test(frames_calls_and_loops_run),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
