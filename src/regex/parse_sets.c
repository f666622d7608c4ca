/* parse_sets: the predefined sets behind \d \w \s \h \v and the POSIX
 * [:name:] classes, with PCRE2 10.42's meaning. When UCP is off, \d \w \s
 * and the POSIX classes are ASCII in both modes, while \h and \v always
 * include their Latin-1 members and, in UTF mode, their other Unicode ones.
 * Under UCP (JRX_UCP, (*UCP)) \d \w \s and most POSIX classes are Unicode
 * properties, with PCRE2's own rules for [:graph:], [:print:] and
 * [:punct:]; [:ascii:] and [:xdigit:] stay as they are. */
#include "parse_internal.h"

#include <string.h>

#include "unicode_property.h"

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

/* Adds the union of the properties (loose names) up to max_code_point. */
static int add_properties(charset *members, const char *const *names, size_t count,
                          uint32_t max_code_point) {
  int status = 0;
  for (size_t index = 0; index < count && status == 0; index++) {
    unicode_property property;
    if (!unicode_property_lookup(names[index], strlen(names[index]), &property)) {
      return JRX_ERROR_INTERNAL;
    }
    status = unicode_property_add(members, property, 0, max_code_point);
  }
  return status;
}

#define ADD_PROPERTIES(members, names, max_code_point)                                             \
  add_properties(members, names, sizeof names / sizeof names[0], max_code_point)

/* PCRE2's [:graph:] under UCP: letters, marks, numbers, punctuation,
 * symbols and the format characters except U+061C, U+180E and
 * U+2066..U+2069; [:print:] adds the Zs spaces and takes U+180E back. */
static const char *const graph_properties[] = {"l", "m", "n", "p", "s", "cf"};
static const char *const print_properties[] = {"l", "m", "n", "p", "s", "cf", "zs"};
static const charset_range graph_exceptions[] = {
    {0x061c, 0x061c}, {0x180e, 0x180e}, {0x2066, 0x2069}};
static const charset_range print_exceptions[] = {{0x061c, 0x061c}, {0x2066, 0x2069}};
static const char *const punctuation_properties[] = {"p"};
static const char *const symbol_properties[] = {"s"};

static int remove_ranges(charset *members, const charset_range *ranges, size_t count) {
  int status = 0;
  for (size_t index = 0; index < count && status == 0; index++) {
    status = charset_remove_range(members, ranges[index].low, ranges[index].high);
  }
  return status;
}

/* PCRE2's [:punct:] under UCP: punctuation, and the symbols below 0x80. */
static int add_ucp_punctuation(charset *members, uint32_t max_code_point) {
  charset symbols;
  charset_init(&symbols, members->allocator);
  int status = ADD_PROPERTIES(&symbols, symbol_properties, 0x7f);
  if (status == 0) {
    status = charset_add_set(members, &symbols);
  }
  charset_release(&symbols);
  return status != 0 ? status : ADD_PROPERTIES(members, punctuation_properties, max_code_point);
}

/* The members of name under UCP; sets *done to 0 for the sets UCP does
 * not change. */
static int add_ucp_members(charset *members, parse_set_name name, uint32_t max_code_point,
                           int *done) {
  static const char *const digit[] = {"nd"};
  static const char *const word[] = {"xwd"};
  static const char *const space[] = {"xps"};
  static const char *const alpha[] = {"l"};
  static const char *const alnum[] = {"xan"};
  static const char *const control[] = {"cc"};
  static const char *const lower[] = {"ll"};
  static const char *const upper[] = {"lu"};
  int status;
  *done = 1;
  switch (name) {
  case PARSE_SET_DIGIT: return ADD_PROPERTIES(members, digit, max_code_point);
  case PARSE_SET_WORD: return ADD_PROPERTIES(members, word, max_code_point);
  case PARSE_SET_SPACE: return ADD_PROPERTIES(members, space, max_code_point);
  case PARSE_SET_ALPHA: return ADD_PROPERTIES(members, alpha, max_code_point);
  case PARSE_SET_ALNUM: return ADD_PROPERTIES(members, alnum, max_code_point);
  case PARSE_SET_CNTRL: return ADD_PROPERTIES(members, control, max_code_point);
  case PARSE_SET_LOWER: return ADD_PROPERTIES(members, lower, max_code_point);
  case PARSE_SET_UPPER: return ADD_PROPERTIES(members, upper, max_code_point);
  case PARSE_SET_GRAPH:
    status = ADD_PROPERTIES(members, graph_properties, max_code_point);
    return status != 0 ? status : remove_ranges(members, graph_exceptions,
                                                 sizeof graph_exceptions / sizeof graph_exceptions[0]);
  case PARSE_SET_PRINT:
    status = ADD_PROPERTIES(members, print_properties, max_code_point);
    return status != 0 ? status : remove_ranges(members, print_exceptions,
                                                 sizeof print_exceptions / sizeof print_exceptions[0]);
  case PARSE_SET_PUNCT: return add_ucp_punctuation(members, max_code_point);
  case PARSE_SET_BLANK:
  case PARSE_SET_HORIZONTAL_SPACE:
  case PARSE_SET_VERTICAL_SPACE:
  case PARSE_SET_ASCII:
  case PARSE_SET_XDIGIT: break;
  }
  *done = 0;
  return 0;
}

int parse_set_add(charset *set, parse_set_name name, int negated, const parse_state *state) {
  int utf = state->utf;
  charset members;
  charset_init(&members, set->allocator);
  int done = 0;
  int status = state->ucp ? add_ucp_members(&members, name, state->max_code_point, &done) : 0;
  /* [:blank:] is \h under UCP. */
  parse_set_name plain = state->ucp && name == PARSE_SET_BLANK ? PARSE_SET_HORIZONTAL_SPACE : name;
  set_definition definition = definition_of(plain, utf);
  for (size_t index = 0; index < definition.count && status == 0 && !done; index++) {
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
