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

/* The same for a UTF-8 continuation byte (0x80-0xBF) right after a lead
 * byte 0xC2-0xF4, or right after a continuation byte; index
 * [(previous - first) * 64 + (byte & 0x3f)]. */
#define BYTE_FREQUENCY_FIRST_LEAD 0xc2u
#define BYTE_FREQUENCY_LAST_LEAD 0xf4u
extern const uint16_t byte_frequency_after_lead[];
extern const uint16_t byte_frequency_after_continuation[];

/* The expected occurrences of byte where previous comes before it: the
 * context tables for a continuation byte after a lead or continuation
 * byte, byte_frequency otherwise. */
static inline unsigned byte_frequency_after(unsigned char previous, unsigned char byte) {
  if ((byte & 0xc0u) != 0x80u) {
    return byte_frequency[byte];
  }
  if (previous >= BYTE_FREQUENCY_FIRST_LEAD && previous <= BYTE_FREQUENCY_LAST_LEAD) {
    return byte_frequency_after_lead[(previous - BYTE_FREQUENCY_FIRST_LEAD) * 64u +
                                     (byte & 0x3fu)];
  }
  if ((previous & 0xc0u) == 0x80u) {
    return byte_frequency_after_continuation[(previous & 0x3fu) * 64u + (byte & 0x3fu)];
  }
  return byte_frequency[byte];
}

#endif
