/* a64_logical_immediate: the bitmask immediates of AND/ORR/EOR/ANDS/TST,
 * values made of one element (2, 4, ..., 64 bits) repeated, the element
 * being a rotated run of ones. Anything else is reported, not approximated. */
#ifndef JRX_A64_LOGICAL_IMMEDIATE_H
#define JRX_A64_LOGICAL_IMMEDIATE_H

#include <stdbool.h>
#include <stdint.h>

/* Finds the canonical N:immr:imms (as a 13-bit value, N at bit 12) that
 * encodes value for an operation of width 32 or 64. For width 32 the value
 * must fit in 32 bits. Returns false when value cannot be encoded (0, all
 * ones, or not a repeated rotated run). */
bool a64_logical_immediate_encode(uint64_t value, unsigned width, uint32_t *n_immr_imms);

#endif
