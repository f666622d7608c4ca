/* jrx-demo: the README's main command until jrxgrep exists. Prints every
 * line of FILE that matches PATTERN, with its line number and the first
 * match marked by [ ], then says which engine ran. */
#include <jrx.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_whole_file(const char *path, char **contents, size_t *length) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    perror(path);
    return -1;
  }
  size_t capacity = 1 << 16;
  size_t used = 0;
  char *buffer = malloc(capacity);
  while (buffer != NULL) {
    used += fread(buffer + used, 1, capacity - used, file);
    if (used < capacity) break;
    char *grown = realloc(buffer, capacity * 2);
    if (grown == NULL) {
      free(buffer);
      buffer = NULL;
      break;
    }
    buffer = grown;
    capacity *= 2;
  }
  int failed = buffer == NULL || ferror(file);
  fclose(file);
  if (failed) {
    fprintf(stderr, "%s: cannot read the file\n", path);
    free(buffer);
    return -1;
  }
  *contents = buffer;
  *length = used;
  return 0;
}

static void report_compile_error(const char *pattern, int errcode, size_t erroffset) {
  char message[256];
  jrx_error_message(errcode, message, sizeof message);
  fprintf(stderr, "jrx-demo: bad pattern: %s\n  %s\n  %*s^\n", message, pattern,
          (int)erroffset, "");
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: jrx-demo PATTERN FILE\n");
    return 2;
  }
  const char *pattern = argv[1];
  int errcode = 0;
  size_t erroffset = 0;
  jrx *re = jrx_compile(pattern, strlen(pattern), JRX_UTF, &errcode, &erroffset);
  if (re == NULL) {
    report_compile_error(pattern, errcode, erroffset);
    return 2;
  }
  char *text = NULL;
  size_t text_length = 0;
  if (read_whole_file(argv[2], &text, &text_length) != 0) {
    jrx_free(re);
    return 2;
  }

  int status = 1;
  size_t line_number = 0;
  for (size_t line_start = 0; line_start < text_length;) {
    const char *newline = memchr(text + line_start, '\n', text_length - line_start);
    size_t line_end = newline ? (size_t)(newline - text) : text_length;
    size_t ovector[2];
    line_number++;
    int rc = jrx_match(re, text + line_start, line_end - line_start, 0, 0, ovector, 1);
    if (rc >= 0) {
      const char *line = text + line_start;
      printf("%zu: %.*s[%.*s]%.*s\n", line_number, (int)ovector[0], line,
             (int)(ovector[1] - ovector[0]), line + ovector[0],
             (int)(line_end - line_start - ovector[1]), line + ovector[1]);
      status = 0;
    } else if (rc != JRX_NOMATCH) {
      char message[256];
      jrx_error_message(rc, message, sizeof message);
      fprintf(stderr, "jrx-demo: line %zu: %s\n", line_number, message);
      status = 2;
      break;
    }
    line_start = line_end + 1;
  }
  fprintf(stderr, "jrx-demo: engine: %s\n", jrx_engine(re));
  free(text);
  jrx_free(re);
  return status;
}
