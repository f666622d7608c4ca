/* textfile: read() until end of file into a doubling buffer. */
#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int textfile_read_all(int fd, char **out_text, size_t *out_length) {
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

int textfile_read(const char *path, char **text, size_t *length) {
  bool is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
  if (fd < 0) {
    return -1;
  }
  int status = textfile_read_all(fd, text, length);
  int saved = errno;
  if (!is_stdin) {
    close(fd);
  }
  errno = saved;
  return status;
}
