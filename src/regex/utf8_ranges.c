/* utf8_ranges: splits a code point range until the encodings of its ends
 * have the same length and every byte position can vary independently;
 * then the range is exactly the product of the byte ranges between the two
 * encodings. Recursion depth is bounded by the few split kinds below. */
#include "utf8_ranges.h"

#include "jrx.h"
#include "utf8.h"

#define UTF8_RANGES_MAX_CODE_POINT 0x10ffffu
#define UTF8_RANGES_SURROGATE_LOW 0xd800u
#define UTF8_RANGES_SURROGATE_HIGH 0xdfffu

/* The largest code point of each encoded length but the longest. */
static const uint32_t utf8_ranges_length_ends[] = {0x7fu, 0x7ffu, 0xffffu};

static int utf8_ranges_split_scalar(uint32_t low, uint32_t high, utf8_ranges_emit emit,
                                    void *context);

/* Splits [first_low, first_high] and then [second_low, second_high]. */
static int utf8_ranges_split_both(uint32_t first_low, uint32_t first_high, uint32_t second_low,
                                  uint32_t second_high, utf8_ranges_emit emit, void *context) {
  int status = utf8_ranges_split_scalar(first_low, first_high, emit, context);
  return status != 0 ? status : utf8_ranges_split_scalar(second_low, second_high, emit, context);
}

/* Splits [low, high], which holds no surrogate, in increasing order. */
static int utf8_ranges_split_scalar(uint32_t low, uint32_t high, utf8_ranges_emit emit,
                                    void *context) {
  for (size_t index = 0; index < sizeof utf8_ranges_length_ends / sizeof utf8_ranges_length_ends[0];
       index++) {
    uint32_t end = utf8_ranges_length_ends[index];
    if (low <= end && end < high) {
      return utf8_ranges_split_both(low, end, end + 1, high, emit, context);
    }
  }
  /* Both ends now encode to the same length. Each continuation byte carries
   * 6 bits: where low and high differ above the last `bits` bits, the lower
   * bits must span everything (0..mask) or the product of byte ranges would
   * include code points outside [low, high]. */
  for (unsigned bits = 6; bits < 24; bits += 6) {
    uint32_t mask = (UINT32_C(1) << bits) - 1;
    if ((low & ~mask) == (high & ~mask)) {
      break;
    }
    if ((low & mask) != 0) {
      return utf8_ranges_split_both(low, low | mask, (low | mask) + 1, high, emit, context);
    }
    if ((high & mask) != mask) {
      return utf8_ranges_split_both(low, (high & ~mask) - 1, high & ~mask, high, emit, context);
    }
  }
  unsigned char low_bytes[UTF8_RANGES_MAX_LENGTH];
  unsigned char high_bytes[UTF8_RANGES_MAX_LENGTH];
  size_t length = utf8_encode(low, low_bytes);
  utf8_encode(high, high_bytes);
  utf8_byte_range sequence[UTF8_RANGES_MAX_LENGTH];
  for (size_t position = 0; position < length; position++) {
    sequence[position].low = low_bytes[position];
    sequence[position].high = high_bytes[position];
  }
  return emit(context, sequence, length);
}

int utf8_ranges_split(uint32_t low, uint32_t high, utf8_ranges_emit emit, void *context) {
  if (low > high || high > UTF8_RANGES_MAX_CODE_POINT) {
    return JRX_ERROR_INTERNAL;
  }
  if (low < UTF8_RANGES_SURROGATE_LOW && high > UTF8_RANGES_SURROGATE_HIGH) {
    return utf8_ranges_split_both(low, UTF8_RANGES_SURROGATE_LOW - 1,
                                  UTF8_RANGES_SURROGATE_HIGH + 1, high, emit, context);
  }
  if (low >= UTF8_RANGES_SURROGATE_LOW && low <= UTF8_RANGES_SURROGATE_HIGH) {
    low = UTF8_RANGES_SURROGATE_HIGH + 1;
  }
  if (high >= UTF8_RANGES_SURROGATE_LOW && high <= UTF8_RANGES_SURROGATE_HIGH) {
    high = UTF8_RANGES_SURROGATE_LOW - 1;
  }
  return low <= high ? utf8_ranges_split_scalar(low, high, emit, context) : 0;
}
