/* code_samples (tests): hand-assembled machine code for the host (arm64 or
 * x86-64), encodings checked with llvm-mc-14 -show-encoding, plus typed
 * calls into installed code and a check for trap-filled bytes. */
#ifndef JITMEM_TEST_CODE_SAMPLES_H
#define JITMEM_TEST_CODE_SAMPLES_H

#include <stddef.h>
#include <stdint.h>

#define CODE_SAMPLES_MAX 32

/* int64_t f(int64_t a, int64_t b) { return a + b; } */
size_t code_samples_add(unsigned char code[CODE_SAMPLES_MAX]);

/* int64_t f(int64_t n) { return n + (n - 1) + ... + 1; } (0 for n == 0), a loop */
size_t code_samples_sum_to(unsigned char code[CODE_SAMPLES_MAX]);

/* int f(void) { return value; } */
size_t code_samples_return_constant(uint16_t value, unsigned char code[CODE_SAMPLES_MAX]);

/* The bytes that turn a return_constant function into one returning
 * value: stores them and their offset and returns their count. */
size_t code_samples_constant_patch(uint16_t value, unsigned char bytes[CODE_SAMPLES_MAX],
                                   size_t *offset);

int64_t code_samples_call_binary(const void *entry, int64_t a, int64_t b);
int64_t code_samples_call_unary(const void *entry, int64_t a);
int code_samples_call_constant(const void *entry);

/* 1 if [bytes, bytes+size) is all trap instructions (bytes 4-aligned). */
int code_samples_all_traps(const unsigned char *bytes, size_t size);

#endif
