/* unicode_property: name resolution and set building over the generated
 * tables. A name is found by binary search among the loose names; the
 * prefixes are PCRE2's: sc: and scx: must name a script (script and script
 * extensions), bc: is looked up as "bidi" + the value, and a bare script
 * name means its extensions. */
#include "unicode_property.h"

#include <string.h>

#include "ast.h"
#include "jrx.h"
#include "unicode_tables.h"

static const unicode_property_name *find_name(const char *name, size_t length) {
  size_t low = 0;
  size_t high = unicode_property_name_count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    const char *candidate = unicode_property_names[middle].name;
    int order = strncmp(candidate, name, length);
    if (order == 0 && candidate[length] != '\0') {
      order = 1;
    }
    if (order == 0) {
      return &unicode_property_names[middle];
    }
    if (order < 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return NULL;
}

typedef enum name_prefix {
  PREFIX_NONE,
  PREFIX_SCRIPT,
  PREFIX_SCRIPT_EXTENSIONS,
  PREFIX_BIDI_CLASS,
  PREFIX_UNKNOWN
} name_prefix;

static int equals(const char *text, size_t length, const char *word) {
  return strlen(word) == length && memcmp(text, word, length) == 0;
}

static name_prefix prefix_of(const char *prefix, size_t length) {
  if (equals(prefix, length, "sc") || equals(prefix, length, "script")) {
    return PREFIX_SCRIPT;
  }
  if (equals(prefix, length, "scx") || equals(prefix, length, "scriptextensions")) {
    return PREFIX_SCRIPT_EXTENSIONS;
  }
  if (equals(prefix, length, "bc") || equals(prefix, length, "bidiclass")) {
    return PREFIX_BIDI_CLASS;
  }
  return PREFIX_UNKNOWN;
}

int unicode_property_lookup(const char *name, size_t length, unicode_property *property) {
  name_prefix prefix = PREFIX_NONE;
  const char *value = name;
  size_t value_length = length;
  for (size_t i = 0; i < length; i++) {
    if (name[i] == ':' || name[i] == '=') {
      prefix = prefix_of(name, i);
      value = name + i + 1;
      value_length = length - i - 1;
      break;
    }
  }
  const unicode_property_name *entry = NULL;
  if (prefix == PREFIX_BIDI_CLASS) {
    static const char bidi[] = "bidi";
    char prefixed[sizeof bidi - 1 + UNICODE_PROPERTY_MAX_NAME];
    if (value_length > UNICODE_PROPERTY_MAX_NAME) {
      return 0;
    }
    memcpy(prefixed, bidi, sizeof bidi - 1);
    memcpy(prefixed + sizeof bidi - 1, value, value_length);
    entry = find_name(prefixed, sizeof bidi - 1 + value_length);
  } else if (prefix != PREFIX_UNKNOWN) {
    entry = find_name(value, value_length);
  }
  if (entry == NULL) {
    return 0;
  }
  int script = entry->kind == UNICODE_NAME_SCRIPT;
  if ((prefix == PREFIX_SCRIPT || prefix == PREFIX_SCRIPT_EXTENSIONS) && !script) {
    return 0;
  }
  property->set = script && prefix != PREFIX_SCRIPT ? entry->extensions : entry->set;
  return 1;
}

int unicode_property_add(charset *set, unicode_property property, int negated,
                         uint32_t max_code_point) {
  const unicode_range_list *list = &unicode_range_lists[property.set];
  const charset_range *ranges = &unicode_ranges[list->start];
  size_t count = list->count;
  while (count > 0 && ranges[count - 1].low > max_code_point) {
    count--;
  }
  int clipped = count > 0 && ranges[count - 1].high > max_code_point;
  if (!negated && !clipped) {
    return charset_add_constant_ranges(set, ranges, count);
  }
  charset part;
  charset_init(&part, set->allocator);
  int status = charset_add_sorted_ranges(&part, ranges, count);
  if (status == 0 && clipped) {
    status = charset_remove_range(&part, max_code_point + 1, CHARSET_MAX_UNICODE);
  }
  if (status == 0 && negated) {
    status = charset_negate(&part, max_code_point);
  }
  if (status == 0) {
    status = charset_add_set(set, &part);
  }
  charset_release(&part);
  return status;
}

unsigned unicode_property_grapheme_break(uint32_t code_point) {
  size_t block = code_point >> UNICODE_GRAPHEME_BLOCK_SHIFT;
  size_t low = unicode_grapheme_blocks[block];
  size_t high = unicode_grapheme_blocks[block + 1] + 1;
  if (high > unicode_grapheme_range_count) {
    high = unicode_grapheme_range_count;
  }
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    const unicode_grapheme_range *range = &unicode_grapheme_ranges[middle];
    if (code_point < range->low) {
      high = middle;
    } else if (code_point > range->high) {
      low = middle + 1;
    } else {
      return range->value;
    }
  }
  return UNICODE_GRAPHEME_OTHER;
}

int unicode_property_is_word(uint32_t code_point) {
  if (code_point < 0x80) {
    return ast_is_word_byte(code_point);
  }
  const unicode_range_list *list = &unicode_range_lists[UNICODE_WORD_SET];
  return charset_ranges_contain(&unicode_ranges[list->start], list->count, code_point);
}
