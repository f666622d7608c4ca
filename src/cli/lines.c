/* lines: word-at-a-time scans (UTF-8 validation is jrx's own, which
 * passes ASCII eight bytes at a time too). A 64-bit word is loaded with memcpy (no
 * alignment or aliasing assumptions); the bytes equal to eol are found
 * with the exact zero-byte test ((x & 0x7f..) + 0x7f..) | x, which has
 * bit 7 clear exactly in the zero bytes, so no carry can produce a false
 * hit. Compilers turn this into a few instructions per eight bytes on
 * x86-64 and arm64 alike. */
#include "lines.h"

#include <stdint.h>
#include <string.h>

#include "regex/utf8.h"

static const uint64_t LINES_LOW_SEVEN = 0x7f7f7f7f7f7f7f7full;
static const uint64_t LINES_ONES = 0x0101010101010101ull;

static uint64_t lines_load(const char *text) {
  uint64_t word;
  memcpy(&word, text, sizeof word);
  return word;
}

/* 0x80 in each byte of word that is zero, 0 in the others. */
static uint64_t lines_zero_bytes(uint64_t word) {
  return ~(((word & LINES_LOW_SEVEN) + LINES_LOW_SEVEN) | word | LINES_LOW_SEVEN);
}

size_t lines_count(const char *text, size_t length, char eol) {
  uint64_t pattern = LINES_ONES * (unsigned char)eol;
  size_t count = 0;
  size_t position = 0;
  for (; position + 32 <= length; position += 32) {
    uint64_t hits = (lines_zero_bytes(lines_load(text + position) ^ pattern) >> 7) +
                    (lines_zero_bytes(lines_load(text + position + 8) ^ pattern) >> 7) +
                    (lines_zero_bytes(lines_load(text + position + 16) ^ pattern) >> 7) +
                    (lines_zero_bytes(lines_load(text + position + 24) ^ pattern) >> 7);
    /* Each byte of hits holds 0..4: their sum over the word is exact. */
    count += (size_t)((hits * LINES_ONES) >> 56);
  }
  for (; position < length; position++) {
    count += text[position] == eol;
  }
  return count;
}

size_t lines_valid_utf8_prefix(const char *text, size_t length) {
  size_t error_offset;
  return utf8_validate((const unsigned char *)text, length, &error_offset) ? length : error_offset;
}
