/* reader: a file handed to the search in blocks, held in one buffer. The
 * caller says how much of the buffer it still needs (lines not yet
 * searched, leading context); the rest is dropped before the next block,
 * so memory stays proportional to the longest line, not to the file.
 * A large regular file is mapped instead of read: data then points into
 * the mapping and nothing is copied. Either way blocks end at file offsets
 * that are multiples of READER_BLOCK, where GNU grep's reads end, so a
 * NUL byte makes the file binary from the same line on as in grep. */
#ifndef JRXGREP_READER_H
#define JRXGREP_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* GNU grep 3.8 reads 96 KiB at a time. */
enum { READER_BLOCK = 96 * 1024 };

struct reader {
  int fd;
  char *data;      /* writable (a private mapping is copy-on-write) */
  size_t length;   /* bytes held in data */
  uint64_t base;   /* file offset of data[0] */
  char eol;        /* the line end byte: newline, or NUL with -z */
  bool eof;
  /* Reading: data is buffer. */
  char *buffer;
  size_t capacity;
  /* Mapping: data points into map, which holds the file and at least one
   * writable byte after it for the line end added at end of file; or,
   * once the caller is to change the data (reader_copy_mapped), data is
   * buffer again and blocks are copied from map instead of read. */
  char *map;
  bool copying;
  size_t map_size;     /* bytes reserved at map */
  uint64_t file_size;
  size_t populated;    /* map[0..populated) has been faulted in ahead of the search */
  size_t released;     /* map[0..released) has been given back to the kernel */
};

/* Returns 0, or -1 when no buffer can be allocated. status is the file's
 * (a regular file of at least a few MiB read from its start is mapped;
 * if mapping fails it is read). */
int reader_init(struct reader *reader, int fd, char eol, const struct stat *status);

/* Drops data[0..keep_from), then adds at least one more byte or reaches
 * end of file. At end of file a last line without eol gets one. Returns
 * the number of bytes added (0 at end of file), or -1 with errno set. */
long reader_fill(struct reader *reader, size_t keep_from);

/* For a mapped file: from now on the data is a copy in buffer, so that
 * changing it (binary files have their NULs overwritten) copies no pages
 * of the mapping. Returns 0, or -1 when the buffer cannot be allocated. */
int reader_copy_mapped(struct reader *reader);

void reader_free(struct reader *reader);

#endif
