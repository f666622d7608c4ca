/* reader: block reads with buffer compaction and doubling. One spare byte
 * is always kept so the newline added at end of file needs no reallocation. */
#include "reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { READER_INITIAL_CAPACITY = 256 * 1024 };

int reader_init(struct reader *reader, int fd, char eol) {
  memset(reader, 0, sizeof *reader);
  reader->fd = fd;
  reader->eol = eol;
  reader->data = malloc(READER_INITIAL_CAPACITY);
  if (!reader->data) {
    return -1;
  }
  reader->capacity = READER_INITIAL_CAPACITY;
  return 0;
}

static int reader_make_room(struct reader *reader) {
  if (reader->length + 1 < reader->capacity) {
    return 0;
  }
  if (reader->capacity > SIZE_MAX / 2) {
    errno = ENOMEM;
    return -1;
  }
  char *data = realloc(reader->data, reader->capacity * 2);
  if (!data) {
    errno = ENOMEM;
    return -1;
  }
  reader->data = data;
  reader->capacity *= 2;
  return 0;
}

long reader_fill(struct reader *reader, size_t keep_from) {
  if (keep_from > 0) {
    memmove(reader->data, reader->data + keep_from, reader->length - keep_from);
    reader->length -= keep_from;
    reader->base += keep_from;
  }
  if (reader->eof) {
    return 0;
  }
  if (reader_make_room(reader) != 0) {
    return -1;
  }
  for (;;) {
    ssize_t got = read(reader->fd, reader->data + reader->length,
                       reader->capacity - 1 - reader->length);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return -1;
    }
    if (got == 0) {
      reader->eof = true;
      if (reader->length > 0 && reader->data[reader->length - 1] != reader->eol) {
        reader->data[reader->length++] = reader->eol;
      }
      return 0;
    }
    reader->length += (size_t)got;
    return got;
  }
}

void reader_free(struct reader *reader) {
  free(reader->data);
  reader->data = NULL;
}
