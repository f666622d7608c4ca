/* grapheme: the tests \X is made of (grapheme.h), by PCRE2 10.42's pair
 * table. A character that is missing (the end of the subject) or not
 * valid UTF-8 (the end of a JRX_MATCH_INVALID_UTF fragment) has no value:
 * the cluster ends before it, as PCRE2's ends at its end of subject. */
#include "grapheme.h"

#include "nfa_assertion.h"
#include "unicode_property.h"
#include "unicode_tables.h"
#include "utf8.h"

#define NO_CHARACTER UINT32_MAX
#define BIT(value) (1u << (value))
#define EXTEND_SPACING_ZWJ \
  (BIT(UNICODE_GRAPHEME_EXTEND) | BIT(UNICODE_GRAPHEME_SPACINGMARK) | BIT(UNICODE_GRAPHEME_ZWJ))

/* Bit r of join_after[l]: no break between a character of value l (the
 * value kept for the left side) and one of value r. PCRE2 10.42's rules:
 * CR LF; nothing after LF and controls, nothing before them but an LF
 * after a CR; Hangul syllable sequences; Extend, SpacingMark and ZWJ
 * after anything else; anything else after Prepend but
 * Extended_Pictographic; Extended_Pictographic after itself; a regional
 * indicator after another (grapheme_join also counts them). */
static const uint32_t join_after[] = {
    [UNICODE_GRAPHEME_OTHER] = EXTEND_SPACING_ZWJ,
    [UNICODE_GRAPHEME_CR] = BIT(UNICODE_GRAPHEME_LF),
    [UNICODE_GRAPHEME_LF] = 0,
    [UNICODE_GRAPHEME_CONTROL] = 0,
    [UNICODE_GRAPHEME_EXTEND] = EXTEND_SPACING_ZWJ,
    [UNICODE_GRAPHEME_PREPEND] =
        EXTEND_SPACING_ZWJ | BIT(UNICODE_GRAPHEME_PREPEND) | BIT(UNICODE_GRAPHEME_L) |
        BIT(UNICODE_GRAPHEME_V) | BIT(UNICODE_GRAPHEME_T) | BIT(UNICODE_GRAPHEME_LV) |
        BIT(UNICODE_GRAPHEME_LVT) | BIT(UNICODE_GRAPHEME_OTHER) |
        BIT(UNICODE_GRAPHEME_REGIONAL_INDICATOR),
    [UNICODE_GRAPHEME_SPACINGMARK] = EXTEND_SPACING_ZWJ,
    [UNICODE_GRAPHEME_L] = EXTEND_SPACING_ZWJ | BIT(UNICODE_GRAPHEME_L) | BIT(UNICODE_GRAPHEME_V) |
                           BIT(UNICODE_GRAPHEME_LV) | BIT(UNICODE_GRAPHEME_LVT),
    [UNICODE_GRAPHEME_V] = EXTEND_SPACING_ZWJ | BIT(UNICODE_GRAPHEME_V) | BIT(UNICODE_GRAPHEME_T),
    [UNICODE_GRAPHEME_T] = EXTEND_SPACING_ZWJ | BIT(UNICODE_GRAPHEME_T),
    [UNICODE_GRAPHEME_LV] = EXTEND_SPACING_ZWJ | BIT(UNICODE_GRAPHEME_V) | BIT(UNICODE_GRAPHEME_T),
    [UNICODE_GRAPHEME_LVT] = EXTEND_SPACING_ZWJ | BIT(UNICODE_GRAPHEME_T),
    [UNICODE_GRAPHEME_REGIONAL_INDICATOR] = BIT(UNICODE_GRAPHEME_REGIONAL_INDICATOR),
    [UNICODE_GRAPHEME_ZWJ] = EXTEND_SPACING_ZWJ,
    [UNICODE_GRAPHEME_EXTENDED_PICTOGRAPHIC] =
        EXTEND_SPACING_ZWJ | BIT(UNICODE_GRAPHEME_EXTENDED_PICTOGRAPHIC),
};

/* The value of code_point: at once when no range of the table's block
 * starts at or before it (most letters of most scripts: Cyrillic before
 * U+0483, the CJK ideographs), else by the table's search. */
static inline uint32_t value_of(uint32_t code_point) {
  size_t first = unicode_grapheme_blocks[code_point >> UNICODE_GRAPHEME_BLOCK_SHIFT];
  if (first >= unicode_grapheme_range_count || code_point < unicode_grapheme_ranges[first].low) {
    return UNICODE_GRAPHEME_OTHER;
  }
  return unicode_property_grapheme_break(code_point);
}

/* The value of the character starting at position, or NO_CHARACTER. */
static uint32_t value_after(const nfa_assertion_input *input, size_t position) {
  if (position >= input->length) {
    return NO_CHARACTER;
  }
  if (!input->utf) {
    return value_of(input->subject[position]);
  }
  uint32_t code_point;
  if (utf8_decode(input->subject + position, input->length - position, &code_point) == 0) {
    return NO_CHARACTER;
  }
  return value_of(code_point);
}

/* The start of the valid UTF-8 character that ends at end, or SIZE_MAX;
 * its value in *value. */
static size_t character_before(const unsigned char *subject, size_t end, uint32_t *value) {
  size_t start = end;
  while (start > 0 && end - start < 4) {
    start--;
    if ((subject[start] & 0xc0u) != 0x80u) {
      uint32_t code_point;
      if (utf8_decode(subject + start, end - start, &code_point) != end - start) {
        return SIZE_MAX;
      }
      *value = value_of(code_point);
      return start;
    }
  }
  return SIZE_MAX;
}

/* How many regional indicators come right before position, those that
 * start at check_from or later: under JRX_MATCH_INVALID_UTF it may be
 * inside one (a start offset inside a character, searched from the byte
 * before the next). */
static size_t regional_run_before(const unsigned char *subject, size_t position,
                                  size_t check_from) {
  size_t count = 0;
  uint32_t value;
  while (position > check_from) {
    size_t before = character_before(subject, position, &value);
    if (before == SIZE_MAX || before < check_from ||
        value != UNICODE_GRAPHEME_REGIONAL_INDICATOR) {
      break;
    }
    position = before;
    count++;
  }
  return count;
}

/* How many regional indicators come right before left (those starting
 * at check_from or later), where one starts that ends at left_end
 * (UTF-8: in byte mode no byte is one). */
static size_t regional_count_before(const nfa_assertion_input *input, size_t left,
                                    size_t left_end) {
  grapheme_regional_cache *cache = input->regional_cache;
  if (cache != NULL && cache->known) {
    if (cache->left == left) {
      return cache->count;
    }
    /* The cached one counts unless it starts before check_from (a
     * lookahead's table may have asked about it). */
    if (cache->left_end == left && cache->left >= input->check_from) {
      *cache = (grapheme_regional_cache){true, left, left_end, cache->count + 1};
      return cache->count;
    }
    /* The one right before the cached one, counted in its count: a
     * lookahead's table asks from the end backwards. */
    if (left_end == cache->left && cache->count > 0) {
      *cache = (grapheme_regional_cache){true, left, left_end, cache->count - 1};
      return cache->count;
    }
  }
  size_t count = regional_run_before(input->subject, left, input->check_from);
  if (input->work != NULL) {
    *input->work += count + 1;
  }
  if (cache != NULL) {
    *cache = (grapheme_regional_cache){true, left, left_end, count};
  }
  return count;
}

/* Whether the characters on both sides of position join, the left one's
 * value being the one PCRE2 keeps (not after Extended_Pictographic). */
static int grapheme_join(const nfa_assertion_input *input, size_t position) {
  uint32_t right = value_after(input, position);
  if (right == NO_CHARACTER || position == 0) {
    return 0;
  }
  uint32_t left;
  size_t left_start = position - 1;
  if (!input->utf) {
    left = value_of(input->subject[left_start]);
  } else {
    left_start = character_before(input->subject, position, &left);
    if (left_start == SIZE_MAX) {
      return 0;
    }
  }
  if ((join_after[left] & BIT(right)) == 0) {
    return 0;
  }
  if (left == UNICODE_GRAPHEME_REGIONAL_INDICATOR && right == UNICODE_GRAPHEME_REGIONAL_INDICATOR) {
    return regional_count_before(input, left_start, position) % 2 == 0;
  }
  return 1;
}

/* The value of an ASCII character (< 0x80), the table's: CR, LF, the
 * other C0 controls and DEL are controls, the rest Other. */
static inline uint32_t ascii_value(unsigned char byte) {
  if (byte >= 0x20u && byte != 0x7fu) {
    return UNICODE_GRAPHEME_OTHER;
  }
  return byte == '\r'   ? UNICODE_GRAPHEME_CR
         : byte == '\n' ? UNICODE_GRAPHEME_LF
                        : UNICODE_GRAPHEME_CONTROL;
}

/* The value of the character at subject[position..length) (position <
 * length) in *value, and its length; 0 when it is not valid UTF-8. */
static inline size_t read_value(const unsigned char *subject, size_t length, size_t position,
                                int utf, uint32_t *value) {
  unsigned char lead = subject[position];
  if (lead < 0x80u) {
    *value = ascii_value(lead);
    return 1;
  }
  if (!utf) {
    *value = value_of(lead);
    return 1;
  }
  uint32_t code_point;
  size_t size = utf8_decode_inline(subject + position, length - position, &code_point);
  if (size == 0) {
    return 0;
  }
  *value = value_of(code_point);
  return size;
}

size_t grapheme_cluster_end(const unsigned char *subject, size_t length, size_t start, int utf) {
  return grapheme_cluster_end_after(subject, length, start, utf, start);
}

size_t grapheme_cluster_end_after(const unsigned char *subject, size_t length, size_t start,
                                  int utf, size_t check_from) {
  if (grapheme_ascii_alone(subject, length, start)) {
    return start + 1;
  }
  uint32_t left;
  size_t position = start + read_value(subject, length, start, utf, &left);
  if (position == start) {
    return SIZE_MAX;
  }
  /* Regional indicators in a row, the left character being the last. */
  size_t regional_run = 0;
  if (left == UNICODE_GRAPHEME_REGIONAL_INDICATOR) {
    regional_run = 1 + regional_run_before(subject, start, check_from);
  }
  while (position < length) {
    uint32_t right;
    size_t size = read_value(subject, length, position, utf, &right);
    if (size == 0 || (join_after[left] & BIT(right)) == 0) {
      break;
    }
    if (right == UNICODE_GRAPHEME_REGIONAL_INDICATOR) {
      if (left == UNICODE_GRAPHEME_REGIONAL_INDICATOR && (regional_run - 1) % 2 != 0) {
        break;
      }
      regional_run++;
    } else {
      regional_run = 0;
    }
    /* Extended_Pictographic stays the left value over Extend and ZWJ. */
    if (left != UNICODE_GRAPHEME_EXTENDED_PICTOGRAPHIC ||
        (right != UNICODE_GRAPHEME_EXTEND && right != UNICODE_GRAPHEME_ZWJ)) {
      left = right;
    }
    position += size;
  }
  return position;
}

int grapheme_assertion_holds(const nfa_assertion_input *input, ast_assertion assertion,
                             size_t position) {
  uint32_t next;
  switch (assertion) {
    case AST_ASSERT_GRAPHEME_NEXT_PICTOGRAPHIC:
      return value_after(input, position) == UNICODE_GRAPHEME_EXTENDED_PICTOGRAPHIC;
    case AST_ASSERT_GRAPHEME_NEXT_NOT_PICTOGRAPHIC:
      next = value_after(input, position);
      return next != NO_CHARACTER && next != UNICODE_GRAPHEME_EXTENDED_PICTOGRAPHIC;
    case AST_ASSERT_GRAPHEME_JOIN:
      return grapheme_join(input, position);
    case AST_ASSERT_GRAPHEME_BREAK:
      return !grapheme_join(input, position);
    case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_EXTEND:
      next = value_after(input, position);
      return next == UNICODE_GRAPHEME_EXTEND || next == UNICODE_GRAPHEME_ZWJ ||
             next == UNICODE_GRAPHEME_EXTENDED_PICTOGRAPHIC;
    case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_SPACING:
      return value_after(input, position) == UNICODE_GRAPHEME_SPACINGMARK;
    case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_BREAK:
      next = value_after(input, position);
      return next == NO_CHARACTER ||
             (join_after[UNICODE_GRAPHEME_EXTENDED_PICTOGRAPHIC] & BIT(next)) == 0;
    default:
      break;
  }
  return 0;
}

size_t grapheme_clusters_from(const unsigned char *subject, size_t length, size_t start, int utf,
                              size_t *bounds, size_t capacity) {
  size_t count = 0;
  size_t end;
  while (count < capacity && start < length &&
         (end = grapheme_cluster_end(subject, length, start, utf)) != SIZE_MAX) {
    bounds[2 * count] = start;
    bounds[2 * count + 1] = end;
    count++;
    start = end;
  }
  return count;
}
