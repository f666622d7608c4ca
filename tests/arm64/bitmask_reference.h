/* bitmask_reference: the A64 DecodeBitMasks pseudocode, written
 * independently of the encoder so tests can check one against the other. */
#ifndef JRX_TESTS_ARM64_BITMASK_REFERENCE_H
#define JRX_TESTS_ARM64_BITMASK_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BITMASK_REFERENCE_ENCODINGS 8192u /* every 13-bit N:immr:imms */

/* Decodes the 13-bit N:immr:imms for an operation of width 32 or 64.
 * Returns false for reserved encodings (N = 1 with width 32, an element
 * of all ones, no element size); otherwise stores the value (zero above
 * bit 31 for width 32). */
bool bitmask_reference_decode(uint32_t n_immr_imms, unsigned width, uint64_t *value);

/* Stores every distinct value some encoding decodes to for the width, in
 * ascending order, and returns how many there are. */
size_t bitmask_reference_values(unsigned width, uint64_t values[BITMASK_REFERENCE_ENCODINGS]);

/* Whether value is among values[0..count), as bitmask_reference_values
 * stores them. */
bool bitmask_reference_contains(const uint64_t *values, size_t count, uint64_t value);

#endif
