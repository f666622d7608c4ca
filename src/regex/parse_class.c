/* parse_class: [...] classes with PCRE2's rules for ']' first, '^', '-'
 * placement, ranges, escapes, \Q...\E, POSIX [:name:] and (?xx) spacing.
 * Caseless matching adds the other cases of literal members and ranges
 * only; \w, [:alpha:], \p{..} and the like are taken as they are, except
 * that [:upper:] and [:lower:] both mean [:alpha:] when caseless, as in
 * PCRE2 (10.42 leaves \p{Lu} as it is).
 *
 * PCRE2 10.42 quirk, reproduced on purpose: in UTF mode the characters
 * above 0xff that \D, \W, \S or a negated [:^name:] bring into a class
 * are lost when a positive [:name:] comes after the last of them, so
 * [\D[:cntrl:]] matches nothing above 0xff while [[:cntrl:]\D] matches
 * them all. (PCRE2 keeps one "flip" flag that a positive POSIX class
 * resets.) Explicit members above 0xff, from literals, ranges, case
 * variants, \h \H \v \V, are not affected. Under UCP PCRE2 turns \d \D
 * \w \W \s \S and the POSIX classes it gives a Unicode meaning into
 * property items ([:blank:] into \h), which leave the flag alone: only
 * [:^ascii:] and [:^xdigit:] still set it and [:ascii:] and [:xdigit:]
 * clear it. And the loss then happens only in a class PCRE2 compiles
 * without a list for the characters above 0xff: one with no property
 * item, \h \H \v \V, or member above 0xff (case variants included).
 * So under UCP [[:^punct:][:cntrl:]] and [[:^ascii:]\d[:ascii:]] keep
 * U+FF21 while [[:^ascii:][:xdigit:]] loses it. Without UCP they are
 * also lost from a negated class with a \p or \P item, whatever the
 * flag: PCRE2 then lists the characters above 0xff and adds the range
 * the negative specials stand for to that list only in a positive
 * class, so [^\p{Lu}\W] matches every character above 0xff that is not
 * \p{Lu}, as [^\p{Lu}] does, and [^\x{100}\W] none. Caseless matching
 * plays no part in it: PCRE2 closes neither properties nor these sets
 * under case. */
#include "parse_internal.h"

#include "memory.h"

typedef enum range_state {
  RANGE_NONE,      /* a '-' here is a literal */
  RANGE_AVAILABLE, /* the last item was a character: a '-' may start a range */
  RANGE_STARTED    /* character and '-' seen: the next character ends it */
} range_state;

/* What a class collects before it becomes one set. Literal members are
 * gathered unsorted and sorted once, so long classes stay O(n log n). */
typedef struct class_builder {
  charset_range *literals;
  size_t literal_count;
  size_t literal_capacity;
  charset sets;              /* predefined sets other than the ones below */
  charset negative_specials; /* \D \W \S [:^name:]: see the quirk above */
  int saw_negative_special;
  int flip;          /* PCRE2's flag: the last special was negative */
  int property_item; /* \p or \P; under UCP also \h \v or a set PCRE2 makes one */
  range_state range;
  uint32_t range_low;
} class_builder;

/* How a predefined set affects PCRE2's flip flag. */
typedef enum set_kind {
  SET_PLAIN,            /* \d \w \s \h \H \v \V: no effect */
  SET_NEGATIVE_SPECIAL, /* \D \W \S [:^name:]: sets it */
  SET_POSITIVE_POSIX    /* [:name:]: clears it */
} set_kind;

static int add_literal_range(class_builder *builder, uint32_t low, uint32_t high) {
  void *literals = builder->literals;
  if (!memory_grow_array(builder->sets.allocator, &literals, &builder->literal_capacity,
                         builder->literal_count + 1, sizeof(charset_range), 16)) {
    return JRX_ERROR_NOMEMORY;
  }
  builder->literals = literals;
  builder->literals[builder->literal_count].low = low;
  builder->literals[builder->literal_count].high = high;
  builder->literal_count++;
  return 0;
}

/* Offset of the first byte of the last character of an item, where PCRE2
 * reports a range that is out of order. */
static size_t last_character_offset(const parse_state *state, size_t item_start, size_t item_end) {
  size_t offset = item_end - 1;
  while (state->utf && offset > item_start && (state->pattern[offset] & 0xc0u) == 0x80u) {
    offset--;
  }
  return offset;
}

/* A character item: either the end of a pending range or a new member that
 * a following '-' may turn into a range start. */
static int add_character(parse_state *state, class_builder *builder, uint32_t code_point,
                         size_t item_start, size_t item_end) {
  int status;
  if (builder->range == RANGE_STARTED) {
    if (code_point < builder->range_low) {
      return parse_fail(state, JRX_ERROR_BAD_CLASS_RANGE,
                        last_character_offset(state, item_start, item_end));
    }
    status = add_literal_range(builder, builder->range_low, code_point);
    builder->range = RANGE_NONE;
  } else {
    status = add_literal_range(builder, code_point, code_point);
    builder->range_low = code_point;
    builder->range = RANGE_AVAILABLE;
  }
  return status != 0 ? parse_fail(state, status, item_start) : 0;
}

/* After \d or [:digit:], PCRE2 rejects a '-' unless it ends the class. */
static int check_no_range_after_set(parse_state *state, size_t position) {
  if (position + 1 < state->length && state->pattern[position] == '-' &&
      state->pattern[position + 1] != ']') {
    return parse_fail(state, JRX_ERROR_BAD_CLASS_RANGE, position);
  }
  return 0;
}

static int add_named_set(parse_state *state, class_builder *builder, parse_set_name name,
                         int negated, set_kind kind, size_t offset) {
  /* Under UCP, a property item for PCRE2 (the quirk above). */
  if (state->ucp && name != PARSE_SET_ASCII && name != PARSE_SET_XDIGIT) {
    kind = SET_PLAIN;
    builder->property_item = 1;
  }
  charset *target = kind == SET_NEGATIVE_SPECIAL ? &builder->negative_specials : &builder->sets;
  int status = parse_set_add(target, name, negated, state);
  if (kind != SET_PLAIN) {
    builder->flip = kind == SET_NEGATIVE_SPECIAL;
    builder->saw_negative_special |= builder->flip;
  }
  builder->range = RANGE_NONE;
  return status != 0 ? parse_fail(state, status, offset) : 0;
}

/* PCRE2's test for [:...:], [.....] and [=...=]: the opening at position
 * (just after the '[') must be closed by the same character and ']' before
 * any other ']' or nested opening. Stores the offset of that closing
 * character. */
static int find_posix_end(const parse_state *state, size_t position, size_t *end) {
  unsigned char terminator = state->pattern[position];
  for (position++; position + 2 <= state->length; position++) {
    unsigned char byte = state->pattern[position];
    unsigned char next = state->pattern[position + 1];
    if (byte == '\\' && (next == ']' || next == '\\')) {
      position++;
    } else if ((byte == '[' && next == terminator) || byte == ']') {
      return 0;
    } else if (byte == terminator && next == ']') {
      *end = position;
      return 1;
    }
  }
  return 0;
}

static int starts_posix(const parse_state *state, size_t position, size_t *end) {
  if (position >= state->length) {
    return 0;
  }
  unsigned char byte = state->pattern[position];
  return (byte == ':' || byte == '.' || byte == '=') && find_posix_end(state, position, end);
}

/* The [:name:] whose '[' is at position; end is the offset of its closing
 * ':'. Collating elements [.x.] and [=x=] are errors, as in PCRE2. */
static int read_posix_class(parse_state *state, class_builder *builder, size_t position,
                            size_t end) {
  if (state->pattern[position + 1] != ':') {
    return parse_fail(state, JRX_ERROR_BAD_POSIX_CLASS, position);
  }
  if (builder->range == RANGE_STARTED) {
    return parse_fail(state, JRX_ERROR_BAD_CLASS_RANGE, position + 1);
  }
  size_t name_start = position + 2;
  int negated = name_start < end && state->pattern[name_start] == '^';
  if (negated) {
    name_start++;
  }
  parse_set_name name;
  if (!parse_set_lookup_posix(state->pattern + name_start, end - name_start, &name)) {
    return parse_fail(state, JRX_ERROR_BAD_POSIX_CLASS, name_start);
  }
  /* Caseless, [:upper:] and [:lower:] are [:alpha:]; not under UCP, where
   * PCRE2 10.42 keeps them \p{Lu} and \p{Ll}, which caseless matching
   * does not change. */
  if ((state->options & PARSE_OPTION_CASELESS) != 0 && !state->ucp &&
      (name == PARSE_SET_UPPER || name == PARSE_SET_LOWER)) {
    name = PARSE_SET_ALPHA;
  }
  int status = add_named_set(state, builder, name, negated,
                             negated ? SET_NEGATIVE_SPECIAL : SET_POSITIVE_POSIX, position);
  return status != 0 ? status : check_no_range_after_set(state, end + 2);
}

static set_kind escape_set_kind(const parse_escape *escape) {
  int horizontal_or_vertical =
      escape->set == PARSE_SET_HORIZONTAL_SPACE || escape->set == PARSE_SET_VERTICAL_SPACE;
  return escape->negated && !horizontal_or_vertical ? SET_NEGATIVE_SPECIAL : SET_PLAIN;
}

/* One backslash item; sets *quote when it was \Q. */
static int read_class_escape(parse_state *state, class_builder *builder, size_t position,
                             int *quote) {
  if (builder->range == RANGE_STARTED &&
      (parse_looking_at(state, position, "\\p", 2) || parse_looking_at(state, position, "\\P", 2))) {
    /* PCRE2 rejects the range before reading the property. */
    return parse_fail(state, JRX_ERROR_BAD_CLASS_RANGE, position + 2);
  }
  state->position = position;
  parse_escape escape;
  int status = parse_escape_read(state, 1, &escape);
  if (status != 0) {
    return status;
  }
  size_t end = state->position;
  switch (escape.kind) {
  case PARSE_ESCAPE_QUOTE_START: *quote = 1; return 0;
  case PARSE_ESCAPE_QUOTE_END: return 0;
  case PARSE_ESCAPE_LITERAL: return add_character(state, builder, escape.code_point, position, end);
  case PARSE_ESCAPE_SET:
    if (builder->range == RANGE_STARTED) {
      return parse_fail(state, JRX_ERROR_BAD_CLASS_RANGE, end);
    }
    status = add_named_set(state, builder, escape.set, escape.negated, escape_set_kind(&escape),
                           position);
    return status != 0 ? status : check_no_range_after_set(state, end);
  case PARSE_ESCAPE_PROPERTY:
    builder->range = RANGE_NONE;
    builder->property_item = 1;
    status = parse_property_add(state, &builder->sets, &escape);
    if (status != 0) {
      return parse_fail(state, status, position);
    }
    return check_no_range_after_set(state, end);
  case PARSE_ESCAPE_NOT_IN_CLASS:
    if (builder->range == RANGE_STARTED) {
      return parse_fail(state, JRX_ERROR_BAD_CLASS_RANGE, end);
    }
    return parse_fail(state, escape.error, escape.error_offset);
  default:
    /* parse_escape_read rejects everything else inside a class. */
    return parse_fail(state, JRX_ERROR_INTERNAL, position);
  }
}

static int is_class_space(const parse_state *state, unsigned char byte) {
  return (state->options & PARSE_OPTION_EXTENDED_MORE) != 0 && (byte == ' ' || byte == '\t');
}

/* Skips what PCRE2 skips before the first real item: \E, \Q\E, (?xx)
 * spacing and one '^', which it records. */
static size_t skip_class_start(const parse_state *state, size_t position, int *negated) {
  for (;;) {
    if (parse_looking_at(state, position, "\\E", 2)) {
      position += 2;
    } else if (parse_looking_at(state, position, "\\Q\\E", 4)) {
      position += 4;
    } else if (position < state->length && is_class_space(state, state->pattern[position])) {
      position++;
    } else if (!*negated && position < state->length && state->pattern[position] == '^') {
      *negated = 1;
      position++;
    } else {
      return position;
    }
  }
}

/* Reads items up to the closing ']'; returns the offset just past it. */
static int read_class_items(parse_state *state, class_builder *builder, size_t position,
                            size_t *end) {
  int first = 1;
  int quote = 0;
  for (;;) {
    if (position >= state->length) {
      return parse_fail(state, JRX_ERROR_MISSING_BRACKET, state->length);
    }
    int status = 0;
    if (quote) {
      if (parse_looking_at(state, position, "\\E", 2)) {
        quote = 0;
        position += 2;
        continue;
      }
      uint32_t code_point;
      size_t size = parse_decode(state, position, &code_point);
      status = add_character(state, builder, code_point, position, position + size);
      position += size;
      if (status != 0) {
        return status;
      }
      first = 0;
      continue;
    }
    unsigned char byte = state->pattern[position];
    size_t posix_end;
    if (byte == ']' && !first) {
      *end = position + 1;
      return 0;
    }
    first = 0;
    if (is_class_space(state, byte)) {
      position++;
    } else if (byte == '[' && starts_posix(state, position + 1, &posix_end)) {
      status = read_posix_class(state, builder, position, posix_end);
      position = posix_end + 2;
    } else if (byte == '-' && builder->range == RANGE_AVAILABLE) {
      builder->range = RANGE_STARTED;
      position++;
    } else if (byte == '\\') {
      status = read_class_escape(state, builder, position, &quote);
      position = state->position;
    } else {
      uint32_t code_point;
      size_t size = parse_decode(state, position, &code_point);
      status = add_character(state, builder, code_point, position, position + size);
      position += size;
    }
    if (status != 0) {
      return status;
    }
  }
}

/* Whether PCRE2 10.42 drops the members above 0xff of the negative
 * specials (the quirk above); set holds the literal members and their
 * case variants. */
static int loses_negative_specials_above_byte(const parse_state *state,
                                              const class_builder *builder, const charset *set,
                                              int negated) {
  if (!state->utf || !builder->saw_negative_special) {
    return 0;
  }
  if (!state->ucp) {
    return !builder->flip || (negated && builder->property_item);
  }
  int listed_above_byte = builder->property_item ||
                          (set->count > 0 && set->ranges[set->count - 1].high > CHARSET_MAX_BYTE);
  return !builder->flip && !listed_above_byte;
}

/* Turns what the builder collected into the class's one set. */
static int build_set(parse_state *state, class_builder *builder, int negated, charset *set) {
  int status = 0;
  if (builder->range == RANGE_STARTED) {
    /* A '-' just before the ']' is a literal. */
    status = add_literal_range(builder, '-', '-');
  }
  if (status == 0) {
    status = charset_add_ranges(set, builder->literals, builder->literal_count);
  }
  if (status == 0) {
    status = parse_finish_set(state, set, (state->options & PARSE_OPTION_CASELESS) != 0);
  }
  if (status == 0 && loses_negative_specials_above_byte(state, builder, set, negated)) {
    status = charset_remove_range(&builder->negative_specials, CHARSET_MAX_BYTE + 1,
                                  CHARSET_MAX_UNICODE);
  }
  if (status == 0) {
    status = charset_add_set(set, &builder->sets);
  }
  if (status == 0) {
    status = charset_add_set(set, &builder->negative_specials);
  }
  if (status == 0 && negated) {
    status = charset_negate(set, state->max_code_point);
  }
  return status;
}

int parse_finish_set(parse_state *state, charset *set, int caseless) {
  int status = 0;
  if (caseless) {
    /* PCRE2 folds by Unicode's case pairs under UTF or UCP; in byte mode
     * under UCP (é and É) it keeps the cases that are bytes. */
    status = charset_add_case_variants(set, state->utf || state->ucp);
    if (status == 0 && !state->utf) {
      status = charset_remove_range(set, state->max_code_point + 1, CHARSET_MAX_UNICODE);
    }
  }
  if (status == 0 && state->utf) {
    status = charset_remove_range(set, CHARSET_SURROGATE_LOW, CHARSET_SURROGATE_HIGH);
  }
  return status;
}

int parse_class(parse_state *state, ast_node **node) {
  size_t open = state->position;
  if (parse_looking_at(state, open, "[[:<:]]", 7) || parse_looking_at(state, open, "[[:>:]]", 7)) {
    /* PCRE2's spelling of \b(?=\w) and \b(?<=\w): lookaround. */
    return parse_fail(state, JRX_ERROR_UNSUPPORTED_CONSTRUCT, open);
  }
  size_t posix_end;
  if (starts_posix(state, open + 1, &posix_end)) {
    return parse_fail(state, JRX_ERROR_BAD_POSIX_CLASS, open);
  }
  int negated = 0;
  size_t position = skip_class_start(state, open + 1, &negated);
  class_builder builder = {NULL, 0, 0, {state->allocator, NULL, 0, 0},
                           {state->allocator, NULL, 0, 0}, 0, 0, 0, RANGE_NONE, 0};
  size_t end = open;
  int status = read_class_items(state, &builder, position, &end);
  ast_node *class_node = NULL;
  if (status == 0) {
    class_node = ast_node_new(state->nodes, AST_CLASS, open);
    status = class_node == NULL ? JRX_ERROR_NOMEMORY
                                : build_set(state, &builder, negated, &class_node->as.set);
  }
  memory_free(state->allocator, builder.literals);
  charset_release(&builder.sets);
  charset_release(&builder.negative_specials);
  if (status != 0) {
    ast_node_free(class_node);
    return parse_fail(state, status, open);
  }
  state->position = end;
  *node = class_node;
  return 0;
}
