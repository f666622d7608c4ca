/* jit_prefilter: emits a NEON scan for the first byte of a small set,
 * memchr-style, used to skip to where a match can start. The scan reads
 * only whole aligned 16-byte blocks holding at least one byte of the
 * range, so it never touches a page the range does not touch. */
#ifndef JRX_JIT_PREFILTER_H
#define JRX_JIT_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "a64.h"

/* Most bytes a set may have: each costs one compare per 16 bytes. */
#define JIT_PREFILTER_MAX_BYTES 4u

/* The generated function: the first address in [from, end) whose byte is
 * in the set, or end. */
typedef const uint8_t *(*jit_prefilter_function)(const uint8_t *from, const uint8_t *end);

/* Appends the scan for bytes[0..count) (1..JIT_PREFILTER_MAX_BYTES) to
 * buffer at its current position; errors are recorded in the buffer. */
void jit_prefilter_emit(a64_buffer *buffer, const uint8_t *bytes, size_t count);

#endif
