/* reader: a file read in large blocks into one buffer. The caller says how
 * much of the buffer it still needs (lines not yet searched, leading
 * context); the rest is dropped before the next read, so memory stays
 * proportional to the longest line, not to the file. */
#ifndef JRXGREP_READER_H
#define JRXGREP_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reader {
  int fd;
  char *data;
  size_t length;   /* bytes held in data */
  size_t capacity;
  uint64_t base;   /* file offset of data[0] */
  char eol;        /* the line end byte: newline, or NUL with -z */
  bool eof;
};

/* Returns 0, or -1 when the buffer cannot be allocated. */
int reader_init(struct reader *reader, int fd, char eol);

/* Drops data[0..keep_from), then reads at least one more byte or reaches
 * end of file. At end of file a last line without eol gets one. Grows
 * the buffer when it is full. Returns the number of bytes added (0 at end
 * of file), or -1 with errno set. */
long reader_fill(struct reader *reader, size_t keep_from);

void reader_free(struct reader *reader);

#endif
