/* parse_sets: the predefined sets behind \d \w \s \h \v and the POSIX
 * [:name:] classes, with PCRE2's meaning when UCP is off: \d \w \s and the
 * POSIX classes are ASCII in both modes, while \h and \v always include
 * their Latin-1 members and, in UTF mode, their other Unicode ones. */
#include "parse_internal.h"

#include <string.h>

typedef struct set_definition {
  const charset_range *ranges;
  size_t count;
} set_definition;

#define SET(array)                                                                                 \
  { array, sizeof array / sizeof array[0] }

static const charset_range digit_ranges[] = {{'0', '9'}};
static const charset_range word_ranges[] = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
/* Since PCRE2 10.x \s includes VT (0x0b), like [:space:]. */
static const charset_range space_ranges[] = {{0x09, 0x0d}, {' ', ' '}};
static const charset_range horizontal_space_byte_ranges[] = {
    {0x09, 0x09}, {' ', ' '}, {0xa0, 0xa0}};
static const charset_range horizontal_space_unicode_ranges[] = {
    {0x09, 0x09},     {' ', ' '},       {0xa0, 0xa0},     {0x1680, 0x1680}, {0x180e, 0x180e},
    {0x2000, 0x200a}, {0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000}};
static const charset_range vertical_space_byte_ranges[] = {{0x0a, 0x0d}, {0x85, 0x85}};
static const charset_range vertical_space_unicode_ranges[] = {
    {0x0a, 0x0d}, {0x85, 0x85}, {0x2028, 0x2029}};
static const charset_range alpha_ranges[] = {{'A', 'Z'}, {'a', 'z'}};
static const charset_range alnum_ranges[] = {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}};
static const charset_range ascii_ranges[] = {{0x00, 0x7f}};
static const charset_range blank_ranges[] = {{0x09, 0x09}, {' ', ' '}};
static const charset_range cntrl_ranges[] = {{0x00, 0x1f}, {0x7f, 0x7f}};
static const charset_range graph_ranges[] = {{'!', '~'}};
static const charset_range lower_ranges[] = {{'a', 'z'}};
static const charset_range print_ranges[] = {{' ', '~'}};
static const charset_range punct_ranges[] = {{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}};
static const charset_range upper_ranges[] = {{'A', 'Z'}};
static const charset_range xdigit_ranges[] = {{'0', '9'}, {'A', 'F'}, {'a', 'f'}};

static set_definition definition_of(parse_set_name name, int utf) {
  switch (name) {
  case PARSE_SET_DIGIT: return (set_definition)SET(digit_ranges);
  case PARSE_SET_WORD: return (set_definition)SET(word_ranges);
  case PARSE_SET_SPACE: return (set_definition)SET(space_ranges);
  case PARSE_SET_HORIZONTAL_SPACE:
    return utf ? (set_definition)SET(horizontal_space_unicode_ranges)
               : (set_definition)SET(horizontal_space_byte_ranges);
  case PARSE_SET_VERTICAL_SPACE:
    return utf ? (set_definition)SET(vertical_space_unicode_ranges)
               : (set_definition)SET(vertical_space_byte_ranges);
  case PARSE_SET_ALPHA: return (set_definition)SET(alpha_ranges);
  case PARSE_SET_ALNUM: return (set_definition)SET(alnum_ranges);
  case PARSE_SET_ASCII: return (set_definition)SET(ascii_ranges);
  case PARSE_SET_BLANK: return (set_definition)SET(blank_ranges);
  case PARSE_SET_CNTRL: return (set_definition)SET(cntrl_ranges);
  case PARSE_SET_GRAPH: return (set_definition)SET(graph_ranges);
  case PARSE_SET_LOWER: return (set_definition)SET(lower_ranges);
  case PARSE_SET_PRINT: return (set_definition)SET(print_ranges);
  case PARSE_SET_PUNCT: return (set_definition)SET(punct_ranges);
  case PARSE_SET_UPPER: return (set_definition)SET(upper_ranges);
  case PARSE_SET_XDIGIT: return (set_definition)SET(xdigit_ranges);
  }
  return (set_definition){NULL, 0};
}

int parse_set_add(charset *set, parse_set_name name, int negated, int utf) {
  set_definition definition = definition_of(name, utf);
  charset members;
  charset_init(&members, set->allocator);
  int status = 0;
  for (size_t index = 0; index < definition.count && status == 0; index++) {
    status =
        charset_add_range(&members, definition.ranges[index].low, definition.ranges[index].high);
  }
  if (status == 0 && negated) {
    status = charset_negate(&members, utf ? CHARSET_MAX_UNICODE : CHARSET_MAX_BYTE);
  }
  if (status == 0) {
    status = charset_add_set(set, &members);
  }
  charset_release(&members);
  return status;
}

typedef struct posix_name {
  const char *name;
  parse_set_name set;
} posix_name;

static const posix_name posix_names[] = {
    {"alpha", PARSE_SET_ALPHA}, {"lower", PARSE_SET_LOWER},  {"upper", PARSE_SET_UPPER},
    {"alnum", PARSE_SET_ALNUM}, {"ascii", PARSE_SET_ASCII},  {"blank", PARSE_SET_BLANK},
    {"cntrl", PARSE_SET_CNTRL}, {"digit", PARSE_SET_DIGIT},  {"graph", PARSE_SET_GRAPH},
    {"print", PARSE_SET_PRINT}, {"punct", PARSE_SET_PUNCT},  {"space", PARSE_SET_SPACE},
    {"word", PARSE_SET_WORD},   {"xdigit", PARSE_SET_XDIGIT}};

int parse_set_lookup_posix(const unsigned char *name, size_t length, parse_set_name *result) {
  for (size_t index = 0; index < sizeof posix_names / sizeof posix_names[0]; index++) {
    if (strlen(posix_names[index].name) == length &&
        memcmp(posix_names[index].name, name, length) == 0) {
      *result = posix_names[index].set;
      return 1;
    }
  }
  return 0;
}
