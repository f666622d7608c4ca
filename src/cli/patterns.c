/* patterns: splitting pattern sources into single patterns. Pattern files
 * are read whole: they are small, and a pattern cannot span a block. */
#include "patterns.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "textfile.h"

static int patterns_append(struct pattern_list *list, const char *text, size_t length) {
  if (list->count == list->capacity) {
    size_t capacity = list->capacity ? list->capacity * 2 : 8;
    struct pattern_text *items = realloc(list->items, capacity * sizeof *items);
    if (!items) {
      return -1;
    }
    list->items = items;
    list->capacity = capacity;
  }
  char *copy = malloc(length + 1);
  if (!copy) {
    return -1;
  }
  memcpy(copy, text, length);
  copy[length] = '\0';
  list->items[list->count].text = copy;
  list->items[list->count].length = length;
  list->count++;
  return 0;
}

/* A file's final newline terminates its last line instead of starting an
 * empty pattern; an -e argument's does start one, as in grep. */
static int patterns_split(struct pattern_list *list, const char *text, size_t length,
                          bool final_newline_terminates) {
  size_t start = 0;
  for (;;) {
    const char *newline = memchr(text + start, '\n', length - start);
    size_t end = newline ? (size_t)(newline - text) : length;
    if (!newline && final_newline_terminates && start == length) {
      return 0;
    }
    if (patterns_append(list, text + start, end - start) != 0) {
      return -1;
    }
    if (!newline) {
      return 0;
    }
    start = end + 1;
  }
}

int patterns_add_text(struct pattern_list *list, const char *text, size_t length) {
  return patterns_split(list, text, length, false);
}

int patterns_add_file(struct pattern_list *list, const char *path) {
  char *text = NULL;
  size_t length = 0;
  if (textfile_read(path, &text, &length) != 0) {
    return -1;
  }
  int status = patterns_split(list, text, length, true);
  free(text);
  if (status != 0) {
    errno = ENOMEM;
  }
  return status;
}

void patterns_free(struct pattern_list *list) {
  for (size_t i = 0; i < list->count; i++) {
    free(list->items[i].text);
  }
  free(list->items);
  list->items = NULL;
  list->count = list->capacity = 0;
}
