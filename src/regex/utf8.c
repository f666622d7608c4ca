/* utf8: the one place that knows the UTF-8 bit layout. Decoding accepts
 * exactly what PCRE2 accepts; validation reports the offset of the first
 * byte of the first bad sequence, as PCRE2 does in its ovector[0]. */
#include "utf8.h"

#include <string.h>

#include "search/utf8_check.h"

#define UTF8_MAX_CODE_POINT 0x10ffffu
#define UTF8_SURROGATE_LOW 0xd800u
#define UTF8_SURROGATE_HIGH 0xdfffu

static int utf8_is_continuation(unsigned char byte) {
  return (byte & 0xc0u) == 0x80u;
}

size_t utf8_decode(const unsigned char *text, size_t length, uint32_t *code_point) {
  if (length == 0) {
    return 0;
  }
  unsigned char lead = text[0];
  size_t sequence_length;
  uint32_t value;
  uint32_t shortest; /* smaller values have a shorter encoding */
  if (lead < 0x80u) {
    *code_point = lead;
    return 1;
  } else if (lead >= 0xc2u && lead <= 0xdfu) {
    sequence_length = 2;
    value = lead & 0x1fu;
    shortest = 0x80u;
  } else if (lead >= 0xe0u && lead <= 0xefu) {
    sequence_length = 3;
    value = lead & 0x0fu;
    shortest = 0x800u;
  } else if (lead >= 0xf0u && lead <= 0xf4u) {
    sequence_length = 4;
    value = lead & 0x07u;
    shortest = 0x10000u;
  } else {
    return 0; /* a continuation byte, an overlong 2-byte lead, or > U+10FFFF */
  }
  if (length < sequence_length) {
    return 0;
  }
  for (size_t index = 1; index < sequence_length; index++) {
    if (!utf8_is_continuation(text[index])) {
      return 0;
    }
    value = (value << 6) | (text[index] & 0x3fu);
  }
  if (value < shortest || value > UTF8_MAX_CODE_POINT ||
      (value >= UTF8_SURROGATE_LOW && value <= UTF8_SURROGATE_HIGH)) {
    return 0;
  }
  *code_point = value;
  return sequence_length;
}

size_t utf8_encode(uint32_t code_point, unsigned char out[4]) {
  if (code_point < 0x80u) {
    out[0] = (unsigned char)code_point;
    return 1;
  }
  if (code_point < 0x800u) {
    out[0] = (unsigned char)(0xc0u | (code_point >> 6));
    out[1] = (unsigned char)(0x80u | (code_point & 0x3fu));
    return 2;
  }
  if (code_point >= UTF8_SURROGATE_LOW && code_point <= UTF8_SURROGATE_HIGH) {
    return 0;
  }
  if (code_point < 0x10000u) {
    out[0] = (unsigned char)(0xe0u | (code_point >> 12));
    out[1] = (unsigned char)(0x80u | ((code_point >> 6) & 0x3fu));
    out[2] = (unsigned char)(0x80u | (code_point & 0x3fu));
    return 3;
  }
  if (code_point <= UTF8_MAX_CODE_POINT) {
    out[0] = (unsigned char)(0xf0u | (code_point >> 18));
    out[1] = (unsigned char)(0x80u | ((code_point >> 12) & 0x3fu));
    out[2] = (unsigned char)(0x80u | ((code_point >> 6) & 0x3fu));
    out[3] = (unsigned char)(0x80u | (code_point & 0x3fu));
    return 4;
  }
  return 0;
}

/* The bytes of a 64-bit word (loaded little-endian) as flags in bit 7
 * of each byte. */
#define UTF8_HIGH_BITS 0x8080808080808080u
#define UTF8_LOW_SEVEN 0x7f7f7f7f7f7f7f7fu

/* 0x80 in each byte of word that is zero. */
static uint64_t utf8_zero_bytes(uint64_t word) {
  return ~(((word & UTF8_LOW_SEVEN) + UTF8_LOW_SEVEN) | word | UTF8_LOW_SEVEN);
}

/* Passes text[offset..) eight bytes at a time while it is ASCII and
 * two-byte characters (Latin, Greek, Cyrillic, Hebrew, Arabic, ...), all
 * valid; returns where that stops, always at a character start. Per byte
 * of a word: continuation bytes (10xxxxxx) must be exactly the bytes
 * after two-byte leads (110xxxxx but not C0/C1), a lead in the last byte
 * carrying into the next word; any longer lead ends the pass. */
static size_t utf8_skip_one_and_two_byte_characters(const unsigned char *text, size_t offset,
                                                    size_t length) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t carry = 0; /* 1: the previous word ended with a two-byte lead */
  while (length - offset >= sizeof(uint64_t)) {
    uint64_t word;
    memcpy(&word, text + offset, sizeof word);
    uint64_t high = word & UTF8_HIGH_BITS;
    if ((high | carry) == 0) {
      offset += sizeof word;
      /* More ASCII is likely: four words a test while it lasts. */
      uint64_t words[4];
      while (length - offset >= sizeof words) {
        memcpy(words, text + offset, sizeof words);
        if (((words[0] | words[1] | words[2] | words[3]) & UTF8_HIGH_BITS) != 0) {
          break;
        }
        offset += sizeof words;
      }
      continue;
    }
    uint64_t bit6 = (word << 1) & UTF8_HIGH_BITS;
    uint64_t bit5 = (word << 2) & UTF8_HIGH_BITS;
    uint64_t continuation = high & ~bit6;
    uint64_t lead = high & bit6 & ~bit5;
    uint64_t longer_lead = high & bit6 & bit5;
    uint64_t overlong = lead & utf8_zero_bytes((word & 0xfefefefefefefefeu) ^ 0xc0c0c0c0c0c0c0c0u);
    if ((longer_lead | overlong) != 0 || continuation != ((lead << 8) | (carry << 7))) {
      break;
    }
    carry = lead >> 63;
    offset += sizeof word;
  }
  return offset - (size_t)carry;
#else
  (void)text;
  (void)length;
  return offset;
#endif
}

/* Whether text[0..length) starts with a two- or three-byte sequence whose
 * lead byte alone rules out overlong forms and surrogates (E0 and ED need
 * their second byte checked, which utf8_decode does). Returns its length,
 * or 0. */
static size_t utf8_plain_sequence(const unsigned char *text, size_t length) {
  unsigned char lead = text[0];
  if (lead >= 0xc2u && lead <= 0xdfu && length >= 2 && utf8_is_continuation(text[1])) {
    return 2;
  }
  if (((lead >= 0xe1u && lead <= 0xecu) || lead == 0xeeu || lead == 0xefu) && length >= 3 &&
      utf8_is_continuation(text[1]) && utf8_is_continuation(text[2])) {
    return 3;
  }
  return 0;
}

/* The vector check (search/utf8_check.h) when the CPU has one: valid
 * text, the common case, never decodes. Otherwise, or to find where an
 * error is: mostly ASCII text, or ASCII and two-byte characters, goes
 * word by word; elsewhere (CJK text, say) sequences are taken one at a
 * time until the next ASCII byte, the common two- and three-byte ones
 * without a full decode. Every call of jrx_match in UTF mode runs this
 * over what the match may read, so its speed bounds theirs. */
/* Subjects up to this long are first read as ASCII a word at a time:
 * cheaper than finding and calling the SIMD kernel, for a line of text. */
#define UTF8_SHORT_ASCII_LENGTH 128u

/* Whether text[0 .. length) (length <= UTF8_SHORT_ASCII_LENGTH) is ASCII:
 * whole words, the last one overlapping the one before. */
static int utf8_short_is_ascii(const unsigned char *text, size_t length) {
  uint64_t high = 0;
  if (length < sizeof(uint64_t)) {
    for (size_t offset = 0; offset < length; offset++) {
      high |= text[offset];
    }
    return (high & 0x80u) == 0;
  }
  uint64_t word;
  for (size_t offset = 0; offset < length - sizeof word; offset += sizeof word) {
    memcpy(&word, text + offset, sizeof word);
    high |= word;
  }
  memcpy(&word, text + length - sizeof word, sizeof word);
  return ((high | word) & UTF8_HIGH_BITS) == 0;
}

int utf8_validate(const unsigned char *text, size_t length, size_t *error_offset) {
  if (length <= UTF8_SHORT_ASCII_LENGTH && utf8_short_is_ascii(text, length)) {
    return 1;
  }
  utf8_check_kernel check = utf8_check_kernel_current();
  if (check != NULL && length > 0 && check(text, length)) {
    return 1;
  }
  size_t offset = 0;
  while (offset < length) {
    offset = utf8_skip_one_and_two_byte_characters(text, offset, length);
    size_t slow_until = offset + sizeof(uint64_t);
    while (offset < length && (offset < slow_until || text[offset] >= 0x80u)) {
      if (text[offset] < 0x80u) {
        offset++;
        continue;
      }
      size_t sequence_length = utf8_plain_sequence(text + offset, length - offset);
      if (sequence_length == 0) {
        uint32_t code_point;
        sequence_length = utf8_decode(text + offset, length - offset, &code_point);
      }
      if (sequence_length == 0) {
        *error_offset = offset;
        return 0;
      }
      offset += sequence_length;
    }
  }
  return 1;
}
