/* code_samples (tests): the encodings. arm64 words are written
 * little-endian byte by byte, as the CPU fetches them. */
#include "code_samples.h"

#include <string.h>

#if defined(__aarch64__)

static size_t store_words(unsigned char *code, const uint32_t *words, size_t count) {
  for (size_t i = 0; i < count; i++) {
    for (size_t byte = 0; byte < 4; byte++) {
      code[i * 4 + byte] = (unsigned char)(words[i] >> (8 * byte));
    }
  }
  return count * 4;
}

size_t code_samples_add(unsigned char code[CODE_SAMPLES_MAX]) {
  static const uint32_t words[] = {
      0x8b010000u, /* add x0, x0, x1 */
      0xd65f03c0u, /* ret */
  };
  return store_words(code, words, sizeof words / sizeof words[0]);
}

size_t code_samples_sum_to(unsigned char code[CODE_SAMPLES_MAX]) {
  static const uint32_t words[] = {
      0xaa0003e1u, /* mov x1, x0 */
      0xd2800000u, /* mov x0, #0 */
      0xb4000081u, /* cbz x1, done (+16) */
      0x8b010000u, /* loop: add x0, x0, x1 */
      0xf1000421u, /* subs x1, x1, #1 */
      0x54ffffc1u, /* b.ne loop (-8) */
      0xd65f03c0u, /* done: ret */
  };
  return store_words(code, words, sizeof words / sizeof words[0]);
}

static uint32_t movz_w0(uint16_t value) {
  return 0x52800000u | ((uint32_t)value << 5); /* movz w0, #value */
}

size_t code_samples_return_constant(uint16_t value, unsigned char code[CODE_SAMPLES_MAX]) {
  const uint32_t words[] = {movz_w0(value), 0xd65f03c0u /* ret */};
  return store_words(code, words, 2);
}

size_t code_samples_constant_patch(uint16_t value, unsigned char bytes[CODE_SAMPLES_MAX],
                                   size_t *offset) {
  const uint32_t word = movz_w0(value);
  *offset = 0;
  return store_words(bytes, &word, 1);
}

int code_samples_all_traps(const unsigned char *bytes, size_t size) {
  static const unsigned char brk[4] = {0x00, 0x00, 0x20, 0xd4}; /* brk #0 */
  for (size_t i = 0; i < size; i++) {
    if (bytes[i] != brk[i % 4]) {
      return 0;
    }
  }
  return 1;
}

#elif defined(__x86_64__)

static size_t store_bytes(unsigned char *code, const unsigned char *bytes, size_t count) {
  memcpy(code, bytes, count);
  return count;
}

size_t code_samples_add(unsigned char code[CODE_SAMPLES_MAX]) {
  static const unsigned char bytes[] = {
      0x48, 0x8d, 0x04, 0x37, /* lea rax, [rdi + rsi] */
      0xc3,                   /* ret */
  };
  return store_bytes(code, bytes, sizeof bytes);
}

size_t code_samples_sum_to(unsigned char code[CODE_SAMPLES_MAX]) {
  static const unsigned char bytes[] = {
      0x31, 0xc0,       /* xor eax, eax */
      0x48, 0x85, 0xff, /* test rdi, rdi */
      0x74, 0x08,       /* je done */
      0x48, 0x01, 0xf8, /* loop: add rax, rdi */
      0x48, 0xff, 0xcf, /* dec rdi */
      0x75, 0xf8,       /* jne loop */
      0xc3,             /* done: ret */
  };
  return store_bytes(code, bytes, sizeof bytes);
}

size_t code_samples_return_constant(uint16_t value, unsigned char code[CODE_SAMPLES_MAX]) {
  const unsigned char bytes[] = {
      0xb8, (unsigned char)value, (unsigned char)(value >> 8), 0x00, 0x00, /* mov eax, value */
      0xc3,                                                               /* ret */
  };
  return store_bytes(code, bytes, sizeof bytes);
}

size_t code_samples_constant_patch(uint16_t value, unsigned char bytes[CODE_SAMPLES_MAX],
                                   size_t *offset) {
  const unsigned char immediate[] = {(unsigned char)value, (unsigned char)(value >> 8), 0x00,
                                     0x00};
  *offset = 1;
  return store_bytes(bytes, immediate, sizeof immediate);
}

int code_samples_all_traps(const unsigned char *bytes, size_t size) {
  for (size_t i = 0; i < size; i++) {
    if (bytes[i] != 0xcc) { /* int3 */
      return 0;
    }
  }
  return 1;
}

#else
#error "code_samples: no machine code for this architecture"
#endif

typedef int64_t (*binary_function)(int64_t, int64_t);
typedef int64_t (*unary_function)(int64_t);
typedef int (*constant_function)(void);

int64_t code_samples_call_binary(const void *entry, int64_t a, int64_t b) {
  return ((binary_function)entry)(a, b);
}

int64_t code_samples_call_unary(const void *entry, int64_t a) {
  return ((unary_function)entry)(a);
}

int code_samples_call_constant(const void *entry) {
  return ((constant_function)entry)();
}
