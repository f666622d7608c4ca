/* oracle_unicode_gap: the lookups, and the older code points whose
 * properties changed after Unicode 14.0 (found by test_unicode_properties
 * and checked in the Unicode 15.0 release notes: the default bidi class of
 * the unassigned Arabic Extended-C block; Other_Alphabetic and
 * Other_Lowercase changes). */
#include "oracle_unicode_gap.h"

#include <string.h>

#include "regex/utf8.h"

typedef struct changed_property {
  const char *key;
  oracle_unicode_range range;
} changed_property;

static const changed_property changed_properties[] = {
    {"bidial", {0x10ec0, 0x10eff}},    {"bidir", {0x10ec0, 0x10eff}},
    {"alpha", {0x0c04, 0x0c04}},       {"alphabetic", {0x0c04, 0x0c04}},
    {"alpha", {0x0f82, 0x0f83}},       {"alphabetic", {0x0f82, 0x0f83}},
    {"alpha", {0x11080, 0x11081}},     {"alphabetic", {0x11080, 0x11081}},
    {"cased", {0x10fc, 0x10fc}},       {"cased", {0xa7f2, 0xa7f4}},
    {"cased", {0xab69, 0xab69}},       {"lower", {0x10fc, 0x10fc}},
    {"lowercase", {0x10fc, 0x10fc}},   {"lower", {0xa7f2, 0xa7f4}},
    {"lowercase", {0xa7f2, 0xa7f4}},   {"lower", {0xab69, 0xab69}},
    {"lowercase", {0xab69, 0xab69}},
};

#define CHANGED_COUNT (sizeof changed_properties / sizeof changed_properties[0])

int oracle_unicode_assigned_later(uint32_t code_point) {
  size_t low = 0;
  size_t high = oracle_unicode_later_range_count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (oracle_unicode_later_ranges[middle].high < code_point) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low < oracle_unicode_later_range_count &&
         oracle_unicode_later_ranges[low].low <= code_point;
}

int oracle_unicode_changed_later(const char *key, uint32_t code_point) {
  for (size_t i = 0; i < CHANGED_COUNT; i++) {
    const changed_property *change = &changed_properties[i];
    if ((key == NULL || strcmp(change->key, key) == 0) && code_point >= change->range.low &&
        code_point <= change->range.high) {
      return 1;
    }
  }
  return 0;
}

int oracle_unicode_text_in_gap(const char *text, size_t length) {
  const unsigned char *bytes = (const unsigned char *)text;
  size_t at = 0;
  while (at < length) {
    uint32_t code_point;
    size_t size = bytes[at] < 0x80 ? 1 : utf8_decode(bytes + at, length - at, &code_point);
    if (size == 0) {
      at++;
      continue;
    }
    if (size > 1 && (oracle_unicode_assigned_later(code_point) ||
                     oracle_unicode_changed_later(NULL, code_point))) {
      return 1;
    }
    at += size;
  }
  return 0;
}
