/* oracle_generate: see oracle_generate.h. The tree lives in a fixed pool
 * of nodes, so a pattern has at most GENERATE_MAX_NODES constructs and its
 * text always fits ORACLE_GENERATED_PATTERN_MAX. Quantifiers are only put
 * on items PCRE2 can repeat (never directly on an anchor or an option
 * setting), so nearly every pattern is one both engines must accept. */
#include "oracle_generate.h"

#include <string.h>

#include "jrx.h"

void oracle_random_seed(oracle_random *random, uint64_t seed) {
  random->state = seed;
}

/* splitmix64: tiny, fast and well mixed, even for consecutive seeds. */
uint64_t oracle_random_next(oracle_random *random) {
  uint64_t z = (random->state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

uint32_t oracle_random_below(oracle_random *random, uint32_t bound) {
  return (uint32_t)(oracle_random_next(random) % bound);
}

static int chance(oracle_random *random, uint32_t percent) {
  return oracle_random_below(random, 100) < percent;
}

/* A piece of pattern text and strings it matches ("" for assertions). */
typedef struct atom {
  const char *text;
  const char *samples[3];
  int repeatable;
} atom;

static const atom common_atoms[] = {
    {"a", {"a", "A"}, 1},
    {"b", {"b", "B"}, 1},
    {"c", {"c"}, 1},
    {"x", {"x", "X"}, 1},
    {"\\.", {"."}, 1},
    {"-", {"-"}, 1},
    {" ", {" "}, 1},
    {"\\n", {"\n"}, 1},
    {"\\t", {"\t"}, 1},
    {"\\x41", {"A", "a"}, 1},
    {"\\x{62}", {"b"}, 1},
    {"\\101", {"A"}, 1},
    {"\\o{143}", {"c"}, 1},
    {"\\cA", {"\x01"}, 1},
    {"\\e", {"\x1b"}, 1},
    {"\\Qa.\\E", {"a."}, 1},
    {".", {"a", "\n", "."}, 1},
    {"\\d", {"0", "7"}, 1},
    {"\\D", {"a", "-"}, 1},
    {"\\w", {"a", "_", "9"}, 1},
    {"\\W", {"-", " ", "\n"}, 1},
    {"\\s", {" ", "\t", "\n"}, 1},
    {"\\S", {"a", "-"}, 1},
    {"\\h", {" ", "\t"}, 1},
    {"\\H", {"a"}, 1},
    {"\\v", {"\n", "\x0b"}, 1},
    {"\\V", {"a", " "}, 1},
    {"\\N", {"a", "b"}, 1},
    {"\\R", {"\r\n", "\n", "\r"}, 1},
    {"[abc]", {"a", "c"}, 1},
    {"[^abc]", {"x", "\n"}, 1},
    {"[a-f]", {"b", "E"}, 1},
    {"[\\d_]", {"_", "3"}, 1},
    {"[[:alpha:]]", {"q", "Q"}, 1},
    {"[[:^digit:]x]", {"x", "1"}, 1},
    {"[^\\s]", {"a"}, 1},
    {"[-a]", {"-", "a"}, 1},
    {"[]a]", {"]", "a"}, 1},
    {"[\\x41-\\x43]", {"B", "b"}, 1},
    {"[[:punct:][:space:]]", {"!", " "}, 1},
    {"[\\w.]", {".", "a"}, 1},
    {"[a b]", {"a", " "}, 1},
    {"x{,2}", {"x{,2}"}, 1}, /* not a quantifier in PCRE2 10.42 */
    {"^", {""}, 0},
    {"$", {""}, 0},
    {"\\A", {""}, 0},
    {"\\Z", {""}, 0},
    {"\\z", {""}, 0},
    {"\\b", {""}, 0},
    {"\\B", {""}, 0},
    {"\\G", {""}, 0},
    {"(?i)", {""}, 0},
    {"(?-i)", {""}, 0},
    {"(?s)", {""}, 0},
    {"(?m)", {""}, 0},
    {"(?x)", {""}, 0},
    {"(?U)", {""}, 0},
    {"(?^)", {""}, 0},
    {"(?#c)", {""}, 0},
};

static const atom utf_atoms[] = {
    {"\xc3\xa9", {"\xc3\xa9", "\xc3\x89"}, 1},             /* e acute */
    {"\xcf\x83", {"\xcf\x83", "\xcf\x82", "\xce\xa3"}, 1}, /* sigma */
    {"k", {"k", "K", "\xe2\x84\xaa"}, 1},                  /* Kelvin sign */
    {"\\x{212a}", {"k", "\xe2\x84\xaa"}, 1},
    {"\xc5\xbf", {"s", "S", "\xc5\xbf"}, 1}, /* long s */
    {"\xe4\xb8\xad", {"\xe4\xb8\xad"}, 1},
    {"[^\xe4\xb8\xad]", {"\xc3\xa9", "a"}, 1},
    {"\\x{1F600}", {"\xf0\x9f\x98\x80"}, 1},
    {"[\xc3\xa9-\xc3\xbc]", {"\xc3\xb6", "\xc3\x96"}, 1},
    {"[\\x{100}-\\x{10ffff}]", {"\xc4\x80", "\xf0\x9f\x98\x80"}, 1},
    {"\\x{e9}", {"\xc3\xa9"}, 1},
    {"[^a]", {"\xc3\xa9", "b"}, 1},
};

static const atom byte_atoms[] = {
    {"\\xe9", {"\xe9", "\xc9"}, 1},
    {"[\\x80-\\xff]", {"\xc3", "\xff"}, 1},
    {"\xc3\xa9", {"\xc3\xa9"}, 1},
    {"[^\\x00-\\x7f]", {"\xe9"}, 1},
};

static const char *const group_openings[] = {
    "(",    "(",    "(",    "(?:",  "(?:",    "(?i:",  "(?-i:", "(?s:",
    "(?m:", "(?U:", "(?x:", "(?^:", "(?i-s:", "(?xx:", "(?n:",
};

static const char *const quantifiers[] = {
    "*", "+", "?", "*", "+", "?", "{0}", "{1}", "{2}", "{0,1}", "{1,3}", "{2,}", "{0,2}",
};

/* Extra characters for subjects. */
static const char *const common_noise[] = {
    "a", "b", "c", "x", "A", "B", "_", "-", " ", "\n", "\r", "\t", "0", "7", ".", "]", "!",
};
static const char *const utf_noise[] = {
    "\xc3\xa9",     "\xc3\x89", "\xcf\x83",     "\xcf\x82",         "\xce\xa3", "K",
    "\xe2\x84\xaa", "\xc5\xbf", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xc4\x80",
};
static const char *const byte_noise[] = {"\xe9", "\xff", "\x80", "\xc3"};

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))
#define GENERATE_MAX_NODES 20
#define GENERATE_MAX_DEPTH 3
#define GENERATE_MAX_CHILDREN 4
#define REPEAT_UNBOUNDED 255

typedef enum node_kind {
  NODE_ATOM,
  NODE_SEQUENCE,
  NODE_ALTERNATION,
  NODE_REPEAT,
  NODE_GROUP
} node_kind;

typedef struct node {
  node_kind kind;
  const atom *atom;  /* NODE_ATOM */
  const char *text;  /* NODE_GROUP: opening; NODE_REPEAT: quantifier */
  int lazy;          /* NODE_REPEAT */
  unsigned min, max; /* NODE_REPEAT; max may be REPEAT_UNBOUNDED */
  char name[8];      /* NODE_GROUP of a named kind */
  size_t children[GENERATE_MAX_CHILDREN];
  size_t child_count;
} node;

typedef struct pattern_generator {
  oracle_random *random;
  int utf;
  node nodes[GENERATE_MAX_NODES];
  size_t node_count;
  unsigned names_used;
} pattern_generator;

static size_t new_node(pattern_generator *generator, node_kind kind) {
  node *item = &generator->nodes[generator->node_count];
  memset(item, 0, sizeof *item);
  item->kind = kind;
  return generator->node_count++;
}

static int pool_is_low(const pattern_generator *generator) {
  return generator->node_count + 3 > GENERATE_MAX_NODES;
}

static const atom *pick_atom(pattern_generator *generator) {
  uint32_t special = generator->utf ? COUNT_OF(utf_atoms) : COUNT_OF(byte_atoms);
  uint32_t roll =
      oracle_random_below(generator->random, (uint32_t)COUNT_OF(common_atoms) + special);
  if (roll < COUNT_OF(common_atoms)) return &common_atoms[roll];
  roll -= (uint32_t)COUNT_OF(common_atoms);
  return generator->utf ? &utf_atoms[roll] : &byte_atoms[roll];
}

static void parse_quantifier(node *item, const char *text) {
  if (text[0] == '*') {
    item->min = 0;
    item->max = REPEAT_UNBOUNDED;
  } else if (text[0] == '+') {
    item->min = 1;
    item->max = REPEAT_UNBOUNDED;
  } else if (text[0] == '?') {
    item->min = 0;
    item->max = 1;
  } else {
    item->min = (unsigned)(text[1] - '0');
    item->max = text[2] == '}'   ? item->min
                : text[3] == '}' ? REPEAT_UNBOUNDED
                                 : (unsigned)(text[3] - '0');
  }
}

static size_t wrap_in_repeat(pattern_generator *generator, size_t child) {
  const char *quantifier =
      quantifiers[oracle_random_below(generator->random, (uint32_t)COUNT_OF(quantifiers))];
  /* PCRE2 10.42's anchoring analysis misreads some groups repeated {0}:
   * it never finds " c" with (|\G){0}c, nor "xa" with (|\N*){0}a. That
   * bug is not one jrx should copy, so groups are not repeated {0}. */
  if (strcmp(quantifier, "{0}") == 0 && generator->nodes[child].kind == NODE_GROUP) {
    quantifier = "{1}";
  }
  size_t index = new_node(generator, NODE_REPEAT);
  node *item = &generator->nodes[index];
  item->text = quantifier;
  item->lazy = chance(generator->random, 30);
  parse_quantifier(item, item->text);
  item->children[0] = child;
  item->child_count = 1;
  return index;
}

static size_t generate_alternation(pattern_generator *generator, unsigned depth);

static size_t generate_group(pattern_generator *generator, unsigned depth) {
  size_t index = new_node(generator, NODE_GROUP);
  uint32_t kinds = (uint32_t)COUNT_OF(group_openings) + 3;
  uint32_t roll = oracle_random_below(generator->random, kinds);
  node *item = &generator->nodes[index];
  if (roll < COUNT_OF(group_openings)) {
    item->text = group_openings[roll];
  } else {
    static const char *const named[] = {"(?<%s>", "(?'%s'", "(?P<%s>"};
    item->text = named[roll - COUNT_OF(group_openings)];
    generator->names_used++;
    item->name[0] = 'g';
    item->name[1] = (char)('0' + generator->names_used / 10 % 10);
    item->name[2] = (char)('0' + generator->names_used % 10);
    item->name[3] = '\0';
  }
  size_t child = generate_alternation(generator, depth);
  generator->nodes[index].children[0] = child;
  generator->nodes[index].child_count = 1;
  return index;
}

static size_t generate_piece(pattern_generator *generator, unsigned depth) {
  if (depth < GENERATE_MAX_DEPTH && !pool_is_low(generator) && chance(generator->random, 25)) {
    size_t group = generate_group(generator, depth + 1);
    return !pool_is_low(generator) && chance(generator->random, 50)
               ? wrap_in_repeat(generator, group)
               : group;
  }
  size_t index = new_node(generator, NODE_ATOM);
  const atom *chosen = pick_atom(generator);
  generator->nodes[index].atom = chosen;
  if (chosen->repeatable && !pool_is_low(generator) && chance(generator->random, 35)) {
    return wrap_in_repeat(generator, index);
  }
  return index;
}

static size_t generate_sequence(pattern_generator *generator, unsigned depth) {
  size_t index = new_node(generator, NODE_SEQUENCE);
  size_t count = oracle_random_below(generator->random, GENERATE_MAX_CHILDREN + 1);
  for (size_t i = 0; i < count && !pool_is_low(generator); i++) {
    size_t child = generate_piece(generator, depth);
    node *item = &generator->nodes[index];
    item->children[item->child_count++] = child;
  }
  return index;
}

static size_t generate_alternation(pattern_generator *generator, unsigned depth) {
  uint32_t branches =
      depth < GENERATE_MAX_DEPTH ? 1 + oracle_random_below(generator->random, 3) : 1;
  if (branches == 1 || pool_is_low(generator)) return generate_sequence(generator, depth);
  size_t index = new_node(generator, NODE_ALTERNATION);
  for (uint32_t i = 0; i < branches && !pool_is_low(generator); i++) {
    size_t child = generate_sequence(generator, depth);
    node *item = &generator->nodes[index];
    item->children[item->child_count++] = child;
  }
  return index;
}

/* A bounded string builder; the node pool keeps patterns well inside. */
typedef struct builder {
  char *data;
  size_t length;
  size_t capacity;
} builder;

static void append(builder *out, const char *text, size_t length) {
  if (length > out->capacity - out->length) length = out->capacity - out->length;
  memcpy(out->data + out->length, text, length);
  out->length += length;
}

static void append_string(builder *out, const char *text) {
  append(out, text, strlen(text));
}

static void render(const pattern_generator *generator, size_t index, builder *out) {
  const node *item = &generator->nodes[index];
  switch (item->kind) {
    case NODE_ATOM: append_string(out, item->atom->text); break;
    case NODE_SEQUENCE:
      for (size_t i = 0; i < item->child_count; i++) render(generator, item->children[i], out);
      break;
    case NODE_ALTERNATION:
      for (size_t i = 0; i < item->child_count; i++) {
        if (i > 0) append_string(out, "|");
        render(generator, item->children[i], out);
      }
      break;
    case NODE_REPEAT:
      render(generator, item->children[0], out);
      append_string(out, item->text);
      if (item->lazy) append_string(out, "?");
      break;
    case NODE_GROUP:
      if (item->name[0] != '\0') {
        /* The opening is "(?<%s>" and the like: splice the name in. */
        const char *mark = strstr(item->text, "%s");
        append(out, item->text, (size_t)(mark - item->text));
        append_string(out, item->name);
        append_string(out, mark + 2);
      } else {
        append_string(out, item->text);
      }
      render(generator, item->children[0], out);
      append_string(out, ")");
      break;
  }
}

static void flip_ascii_case(oracle_random *random, char *text, size_t length) {
  for (size_t i = 0; i < length; i++) {
    char c = text[i];
    int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (letter && chance(random, 25)) text[i] = (char)(c ^ 0x20);
  }
}

/* Appends one string the tree matches, chosen at random. */
static void sample(const pattern_generator *generator, size_t index, builder *out) {
  const node *item = &generator->nodes[index];
  switch (item->kind) {
    case NODE_ATOM: {
      size_t count = 0;
      while (count < 3 && item->atom->samples[count] != NULL) count++;
      size_t before = out->length;
      append_string(out,
                    item->atom->samples[oracle_random_below(generator->random, (uint32_t)count)]);
      flip_ascii_case(generator->random, out->data + before, out->length - before);
      break;
    }
    case NODE_SEQUENCE:
      for (size_t i = 0; i < item->child_count; i++) sample(generator, item->children[i], out);
      break;
    case NODE_ALTERNATION:
      if (item->child_count > 0) {
        sample(generator,
               item->children[oracle_random_below(generator->random, (uint32_t)item->child_count)],
               out);
      }
      break;
    case NODE_REPEAT: {
      unsigned high = item->max == REPEAT_UNBOUNDED ? item->min + 3 : item->max;
      unsigned times = item->min + oracle_random_below(generator->random, high - item->min + 1);
      for (unsigned i = 0; i < times; i++) sample(generator, item->children[0], out);
      break;
    }
    case NODE_GROUP: sample(generator, item->children[0], out); break;
  }
}

static void add_noise(pattern_generator *generator, builder *out) {
  uint32_t count = 1 + oracle_random_below(generator->random, 3);
  for (uint32_t i = 0; i < count; i++) {
    uint32_t special = generator->utf ? COUNT_OF(utf_noise) : COUNT_OF(byte_noise);
    uint32_t roll =
        oracle_random_below(generator->random, (uint32_t)COUNT_OF(common_noise) + special + 1);
    if (roll < COUNT_OF(common_noise)) {
      append_string(out, common_noise[roll]);
    } else if (roll < COUNT_OF(common_noise) + special) {
      roll -= (uint32_t)COUNT_OF(common_noise);
      append_string(out, generator->utf ? utf_noise[roll] : byte_noise[roll]);
    } else {
      append(out, "\0", 1);
    }
  }
}

/* Cuts the subject back to whole characters after an overlong sample. */
static size_t whole_characters(const char *text, size_t length, size_t limit) {
  if (length <= limit) return length;
  size_t cut = limit;
  while (cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80) cut--;
  return cut;
}

static uint32_t generate_compile_options(oracle_random *random) {
  uint32_t options = 0;
  if (chance(random, 50)) options |= JRX_UTF;
  if (chance(random, 25)) options |= JRX_CASELESS;
  if (chance(random, 20)) options |= JRX_MULTILINE;
  if (chance(random, 20)) options |= JRX_DOTALL;
  if (chance(random, 10)) options |= JRX_UNGREEDY;
  if (chance(random, 8)) options |= JRX_EXTENDED;
  if (chance(random, 5)) options |= JRX_ANCHORED;
  return options;
}

static uint32_t generate_match_options(oracle_random *random) {
  static const uint32_t choices[] = {JRX_NOTBOL, JRX_NOTEOL, JRX_NOTEMPTY, JRX_NOTEMPTY_ATSTART,
                                     JRX_ANCHORED};
  uint32_t options = 0;
  if (chance(random, 20)) options |= choices[oracle_random_below(random, COUNT_OF(choices))];
  if (chance(random, 5)) options |= choices[oracle_random_below(random, COUNT_OF(choices))];
  return options;
}

void oracle_generate(oracle_random *random, oracle_generated *out) {
  pattern_generator generator;
  generator.random = random;
  generator.node_count = 0;
  generator.names_used = 0;
  out->compile_options = generate_compile_options(random);
  generator.utf = (out->compile_options & JRX_UTF) != 0;
  size_t root = generate_alternation(&generator, 0);

  builder pattern = {out->pattern, 0, sizeof out->pattern};
  render(&generator, root, &pattern);
  out->pattern_length = pattern.length;

  /* Room for a long sample; the subject is cut back to the limit after. */
  char subject[4 * ORACLE_GENERATED_SUBJECT_MAX];
  builder text = {subject, 0, sizeof subject};
  uint32_t pieces = 1 + oracle_random_below(random, 4);
  for (uint32_t i = 0; i < pieces; i++) {
    if (chance(random, 55)) {
      sample(&generator, root, &text);
    } else {
      add_noise(&generator, &text);
    }
  }
  if (generator.utf && chance(random, 2)) append(&text, "\xff", 1); /* invalid UTF-8 now and then */
  out->subject_length = whole_characters(subject, text.length, sizeof out->subject);
  memcpy(out->subject, subject, out->subject_length);

  out->start_offset =
      chance(random, 15) ? oracle_random_below(random, (uint32_t)out->subject_length + 1) : 0;
  out->match_options = generate_match_options(random);
}
