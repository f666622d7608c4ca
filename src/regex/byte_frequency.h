/* byte_frequency: the expected share of each byte value in text, its
 * most in English, Russian and Chinese UTF-8 text (generated, see
 * scripts/gen_byte_frequency.py), which makes the prefilters and literal
 * searches (portable and NEON) scan for the rarest bytes a pattern
 * requires. */
#ifndef JRX_BYTE_FREQUENCY_H
#define JRX_BYTE_FREQUENCY_H

#include <stdint.h>

#define BYTE_FREQUENCY_SCALE 100000u

/* Occurrences per BYTE_FREQUENCY_SCALE bytes; at least 1 for every
 * byte. */
extern const uint16_t byte_frequency[256];

#endif
