/* arch: the few machine-code facts jitmem itself needs about the host
 * architecture (arm64 or x86-64): the trap instruction that fills unused
 * space, and a tiny "return a constant" function used to test execution. */
#ifndef JITMEM_ARCH_H
#define JITMEM_ARCH_H

#include <stddef.h>
#include <stdint.h>

/* Code alignment guaranteed to every block. */
#define JITMEM_ARCH_CODE_ALIGNMENT 16u

/* Room needed by jitmem_arch_return_constant. */
#define JITMEM_ARCH_RETURN_CONSTANT_MAX 8u

/* Fills [destination, destination+size) with trap instructions (arm64
 * BRK #0, x86-64 INT3). destination and size are multiples of 4. */
void jitmem_arch_fill_traps(unsigned char *destination, size_t size);

/* Writes a function `int f(void) { return value; }` and returns its size. */
size_t jitmem_arch_return_constant(uint16_t value,
                                   unsigned char code[JITMEM_ARCH_RETURN_CONSTANT_MAX]);

/* Calls such a function, already installed and flushed at entry. */
int jitmem_arch_run_constant(const void *entry);

#endif
