/* required_literal: reads a pattern as a sequence of top-level atoms,
 * each perhaps quantified. Literal bytes (plain characters, escaped
 * punctuation, \Q...\E) that no quantifier makes optional form runs, which
 * every match contains; anything else (classes, groups, dots, anchors,
 * \w-style escapes) ends a run. An alternation at the top level, an
 * option setting such as (?i) or (?x), a verb, or an escape whose length
 * or meaning is not known here gives no literal at all.
 * The runs are built inside the caller's buffer: the best run so far at
 * its start, the current one right after it. Both come from disjoint
 * parts of the pattern and take at most one byte per pattern byte, so
 * they fit in a buffer as long as the pattern. */
#include "required_literal.h"

#include <string.h>

/* The runs being built in literal[]. */
struct required_literal_runs {
  char *literal;
  size_t best_length;
  size_t run_length;
  size_t run_character; /* where the run's last character starts */
  size_t first_length;  /* the run begun by the pattern's first atom */
  bool first_run;       /* the current run began at the first atom */
};

static bool required_literal_is_alphanumeric(unsigned char byte) {
  return (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
         (byte >= 'A' && byte <= 'Z');
}

static void required_literal_append(struct required_literal_runs *runs, unsigned char byte,
                                    bool utf) {
  if (!utf || (byte & 0xc0) != 0x80) {
    runs->run_character = runs->run_length;
  }
  runs->literal[runs->best_length + runs->run_length++] = (char)byte;
}

static void required_literal_end_run(struct required_literal_runs *runs) {
  if (runs->first_run) {
    runs->first_length = runs->run_length;
    runs->first_run = false;
  }
  if (runs->run_length > runs->best_length) {
    memmove(runs->literal, runs->literal + runs->best_length, runs->run_length);
    runs->best_length = runs->run_length;
  }
  runs->run_length = 0;
}

/* Whether a quantifier starts at pattern[at]: then *end is just past it
 * (and a lazy or possessive mark) and *optional tells whether it allows
 * zero repetitions. A brace that does not form {n}, {n,} or {n,m} is a
 * literal in PCRE2 10.42. */
static bool required_literal_quantifier(const char *pattern, size_t length, size_t at,
                                        size_t *end, bool *optional) {
  size_t position = at + 1;
  char first = pattern[at];
  if (first == '*' || first == '?' || first == '+') {
    *optional = first != '+';
  } else if (first == '{') {
    bool digits = false, nonzero = false;
    for (; position < length && pattern[position] >= '0' && pattern[position] <= '9';
         position++) {
      digits = true;
      nonzero = nonzero || pattern[position] != '0';
    }
    if (digits && position < length && pattern[position] == ',') {
      position++;
      while (position < length && pattern[position] >= '0' && pattern[position] <= '9') {
        position++;
      }
    }
    if (!digits || position >= length || pattern[position] != '}') {
      return false;
    }
    position++;
    *optional = !nonzero;
  } else {
    return false;
  }
  if (position < length && (pattern[position] == '+' || pattern[position] == '?')) {
    position++;
  }
  *end = position;
  return true;
}

/* Just past the character class opening at pattern[at], or 0 when it is
 * not understood. */
static size_t required_literal_skip_class(const char *pattern, size_t length, size_t at) {
  size_t position = at + 1;
  if (position < length && pattern[position] == '^') {
    position++;
  }
  if (position < length && pattern[position] == ']') {
    position++;
  }
  while (position < length) {
    char byte = pattern[position];
    if (byte == ']') {
      return position + 1;
    }
    if (byte == '\\') {
      if (position + 1 < length && pattern[position + 1] == 'Q') {
        return 0;
      }
      position += 2;
    } else if (byte == '[' && position + 1 < length && pattern[position + 1] == ':') {
      const char *close = NULL;
      for (size_t i = position + 2; i + 1 < length && !close; i++) {
        close = pattern[i] == ':' && pattern[i + 1] == ']' ? pattern + i : NULL;
      }
      if (!close) {
        return 0;
      }
      position = (size_t)(close - pattern) + 2;
    } else {
      position++;
    }
  }
  return 0;
}

/* Just past the \Q...\E quote whose text starts at pattern[at] (the
 * pattern's end when no \E closes it). */
static size_t required_literal_quote_end(const char *pattern, size_t length, size_t at,
                                         size_t *text_end) {
  for (size_t position = at; position + 1 < length; position++) {
    if (pattern[position] == '\\' && pattern[position + 1] == 'E') {
      *text_end = position;
      return position + 2;
    }
  }
  *text_end = length;
  return length;
}

/* Just past the group opening at pattern[at], or 0 when it is not
 * understood. What is inside does not matter, only where it ends. */
static size_t required_literal_skip_group(const char *pattern, size_t length, size_t at) {
  size_t depth = 0;
  size_t position = at;
  while (position < length) {
    char byte = pattern[position];
    if (byte == '\\' && position + 1 < length && pattern[position + 1] == 'Q') {
      size_t text_end;
      position = required_literal_quote_end(pattern, length, position + 2, &text_end);
    } else if (byte == '\\') {
      position += 2;
    } else if (byte == '[') {
      position = required_literal_skip_class(pattern, length, position);
      if (position == 0) {
        return 0;
      }
    } else {
      depth += byte == '(';
      if (byte == ')' && --depth == 0) {
        return position + 1;
      }
      position++;
    }
  }
  return 0;
}

/* Reads the atom at pattern[*at] and moves *at past it: literal bytes
 * are appended to the current run (true is returned), anything else ends
 * the run. Returns false with *failed set when the pattern is not
 * understood. */
static bool required_literal_atom(const char *pattern, size_t length, bool utf, size_t *at,
                                  struct required_literal_runs *runs, bool *failed) {
  size_t position = *at;
  unsigned char byte = (unsigned char)pattern[position];
  *failed = true;
  if (byte == '\\') {
    if (position + 1 >= length) {
      return false;
    }
    unsigned char escaped = (unsigned char)pattern[position + 1];
    if (escaped == 'Q') {
      size_t text_end;
      *at = required_literal_quote_end(pattern, length, position + 2, &text_end);
      for (size_t i = position + 2; i < text_end; i++) {
        required_literal_append(runs, (unsigned char)pattern[i], utf);
      }
      *failed = text_end == position + 2; /* a quantifier would apply to what came before */
      return true;
    }
    *at = position + 2;
    if (!required_literal_is_alphanumeric(escaped)) {
      required_literal_append(runs, escaped, utf);
      *failed = false;
      return true;
    }
    *failed = strchr("wWdDsShHvVbB", escaped) == NULL;
    required_literal_end_run(runs);
    return false;
  }
  if (byte == '(') {
    bool plain = position + 1 >= length || pattern[position + 1] != '?' ||
                 (position + 2 < length && pattern[position + 2] == ':');
    bool verb = position + 1 < length && pattern[position + 1] == '*';
    *at = plain && !verb ? required_literal_skip_group(pattern, length, position) : 0;
    *failed = *at == 0;
    required_literal_end_run(runs);
    return false;
  }
  if (byte == '[') {
    *at = required_literal_skip_class(pattern, length, position);
    *failed = *at == 0;
    required_literal_end_run(runs);
    return false;
  }
  size_t end;
  bool optional;
  if (byte == '|' || byte == ')' || byte == '*' || byte == '+' || byte == '?' ||
      required_literal_quantifier(pattern, length, position, &end, &optional)) {
    return false;
  }
  *failed = false;
  *at = position + 1;
  if (byte == '.' || byte == '^' || byte == '$') {
    required_literal_end_run(runs);
    return false;
  }
  required_literal_append(runs, byte, utf);
  return true;
}

size_t required_literal_find(const char *pattern, size_t length, bool utf, char *literal,
                             bool *at_start, bool *whole) {
  struct required_literal_runs runs = {.literal = literal, .first_run = true};
  bool only_literals = true;
  size_t position = 0;
  while (position < length) {
    bool failed;
    bool appended = required_literal_atom(pattern, length, utf, &position, &runs, &failed);
    if (failed) {
      return 0;
    }
    only_literals = only_literals && appended;
    size_t end;
    bool optional;
    if (position < length &&
        required_literal_quantifier(pattern, length, position, &end, &optional)) {
      /* It repeats the last character only (the last byte in byte mode). */
      if (appended && optional) {
        runs.run_length = runs.run_character;
      }
      required_literal_end_run(&runs);
      only_literals = false;
      position = end;
    }
  }
  required_literal_end_run(&runs);
  *at_start = runs.first_length > 0;
  *whole = only_literals && runs.best_length > 0;
  return runs.best_length;
}
