/* patterns: the list of search patterns gathered from -e, -f and the
 * PATTERN operand. Like grep, every newline separates two patterns. The
 * list owns copies of the texts; patterns_free releases them. */
#ifndef JRXGREP_PATTERNS_H
#define JRXGREP_PATTERNS_H

#include <stdbool.h>
#include <stddef.h>

struct pattern_text {
  char *text;
  size_t length;
};

struct pattern_list {
  struct pattern_text *items;
  size_t count;
  size_t capacity;
};

/* Adds each newline-separated piece of text[0..length) (an -e argument:
 * a trailing newline adds a final empty pattern). Returns 0 or -1 on OOM. */
int patterns_add_text(struct pattern_list *list, const char *text, size_t length);

/* Adds one pattern per line of the file ("-" is stdin). An empty file adds
 * no pattern. Returns 0, or -1 with errno set. */
int patterns_add_file(struct pattern_list *list, const char *path);

void patterns_free(struct pattern_list *list);

#endif
