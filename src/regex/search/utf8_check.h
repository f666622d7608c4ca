/* utf8_check: whether text is valid UTF-8, a block of 64 or 128 bytes at
 * a time: blocks of ASCII skipped, blocks of one- to three-byte characters
 * checked with compares (on NEON with a 64-byte table of leads), the rest
 * with Keiser and Lemire's lookup algorithm (three nibble lookups
 * classify each byte with the one before it, and bytes two and three
 * back say where a continuation byte must be); see
 * utf8_check_kernel.h. Only yes or no: utf8_validate (regex/utf8.h) runs
 * these first and finds the offset of an error by decoding. Accepts
 * exactly what PCRE2 accepts. */
#ifndef JRX_SEARCH_UTF8_CHECK_H
#define JRX_SEARCH_UTF8_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* The kernel for simd_level_current, or NULL where there is none (the
 * caller decodes). Returns true only for valid text; the SSE2 kernel,
 * which has no byte shuffles for the lookups, also returns false for
 * text it cannot tell about (four-byte characters, E0 or ED). */
typedef bool (*utf8_check_kernel)(const unsigned char *text, size_t length);
utf8_check_kernel utf8_check_kernel_current(void);

bool utf8_check_sse2(const unsigned char *text, size_t length);
bool utf8_check_ssse3(const unsigned char *text, size_t length);
bool utf8_check_avx2(const unsigned char *text, size_t length);
bool utf8_check_neon(const unsigned char *text, size_t length);

#endif
