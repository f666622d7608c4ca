/* utf8: decoding, encoding and validation of UTF-8 as PCRE2 accepts it:
 * shortest form only, no surrogates (U+D800..U+DFFF), nothing above
 * U+10FFFF. Never reads outside text[0..length). */
#ifndef JRX_UTF8_H
#define JRX_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at text[0..length). Returns its length (1..4) and
 * stores the code point, or returns 0 if the bytes there are not a valid
 * sequence (length 0 also returns 0). */
size_t utf8_decode(const unsigned char *text, size_t length, uint32_t *code_point);

/* utf8_decode, inlined for two- and three-byte sequences (Cyrillic, CJK)
 * where a per-character loop calls it (a grapheme cluster's characters);
 * other sequences go to utf8_decode. text[0] is not ASCII. */
static inline size_t utf8_decode_inline(const unsigned char *text, size_t length,
                                        uint32_t *code_point) {
  unsigned char lead = text[0];
  if (lead >= 0xc2u && lead <= 0xdfu && length >= 2 && (text[1] & 0xc0u) == 0x80u) {
    *code_point = (uint32_t)(lead & 0x1fu) << 6 | (text[1] & 0x3fu);
    return 2;
  }
  if ((lead & 0xf0u) == 0xe0u && length >= 3 && (text[1] & 0xc0u) == 0x80u &&
      (text[2] & 0xc0u) == 0x80u) {
    uint32_t value =
        (uint32_t)(lead & 0x0fu) << 12 | (uint32_t)(text[1] & 0x3fu) << 6 | (text[2] & 0x3fu);
    if (value < 0x800u || (value >= 0xd800u && value <= 0xdfffu)) {
      return 0; /* overlong, or a surrogate */
    }
    *code_point = value;
    return 3;
  }
  return utf8_decode(text, length, code_point);
}

/* Writes code_point (<= 0x10ffff, not a surrogate) and returns 1..4, or
 * returns 0 for a code point that cannot be encoded. */
size_t utf8_encode(uint32_t code_point, unsigned char out[4]);

/* Returns 1 if text[0..length) is valid UTF-8; otherwise 0 and stores the
 * offset of the first byte of the first invalid sequence. */
int utf8_validate(const unsigned char *text, size_t length, size_t *error_offset);

#endif
