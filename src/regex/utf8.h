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

/* Writes code_point (<= 0x10ffff, not a surrogate) and returns 1..4, or
 * returns 0 for a code point that cannot be encoded. */
size_t utf8_encode(uint32_t code_point, unsigned char out[4]);

/* Returns 1 if text[0..length) is valid UTF-8; otherwise 0 and stores the
 * offset of the first byte of the first invalid sequence. */
int utf8_validate(const unsigned char *text, size_t length, size_t *error_offset);

#endif
