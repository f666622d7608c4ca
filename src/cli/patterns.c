/* patterns: splitting pattern sources into single patterns. Pattern files
 * are read whole: they are small, and a pattern cannot span a block. */
#include "patterns.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static int patterns_read_all(int fd, char **out_text, size_t *out_length) {
  size_t capacity = 4096;
  size_t length = 0;
  char *text = malloc(capacity);
  if (!text) {
    return -1;
  }
  for (;;) {
    if (length == capacity) {
      char *grown = realloc(text, capacity * 2);
      if (!grown) {
        free(text);
        errno = ENOMEM;
        return -1;
      }
      text = grown;
      capacity *= 2;
    }
    ssize_t got = read(fd, text + length, capacity - length);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      int saved = errno;
      free(text);
      errno = saved;
      return -1;
    }
    if (got == 0) {
      break;
    }
    length += (size_t)got;
  }
  *out_text = text;
  *out_length = length;
  return 0;
}

int patterns_add_file(struct pattern_list *list, const char *path) {
  bool is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
  if (fd < 0) {
    return -1;
  }
  char *text = NULL;
  size_t length = 0;
  int status = patterns_read_all(fd, &text, &length);
  int saved = errno;
  if (!is_stdin) {
    close(fd);
  }
  if (status != 0) {
    errno = saved;
    return -1;
  }
  status = patterns_split(list, text, length, true);
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
