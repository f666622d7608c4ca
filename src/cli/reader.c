/* reader: block reads with buffer compaction and doubling, or a private
 * mapping of the whole file walked block by block. One spare byte is
 * always kept after the data so the line end added at end of file needs
 * no reallocation; for a mapping it is an anonymous page reserved right
 * after the file (or the zero-filled rest of its last page). A binary
 * file, whose NULs the search overwrites, goes on from a copy instead, so
 * no page of the mapping is written; parts of a mapping already dropped
 * are given back now and then so that a multi-gigabyte file does not
 * stay resident. Pages are faulted in ahead of the search a few MiB at a
 * time (MADV_POPULATE_READ, where the kernel has it), which costs less
 * than a fault per page as the search first reads them; the first step is
 * small and each next one twice as large, so that a search that stops
 * early (-l, -q, -m) does not wait for pages it never reads. A mapped file
 * that shrinks while it is searched raises SIGBUS, as in other tools that
 * map their input. */
#include "reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum {
  READER_INITIAL_CAPACITY = 256 * 1024,
  /* Below this, reading costs less than setting up and tearing down a
   * mapping (and trees of small files are read on many threads). */
  READER_MAP_MINIMUM = 4 * 1024 * 1024,
  READER_RELEASE_STEP = 64 * 1024 * 1024,
  READER_POPULATE_FIRST_STEP = 256 * 1024,
  READER_POPULATE_STEP = 8 * 1024 * 1024
};

/* Maps the file plus one writable byte; false leaves the reader reading. */
static bool reader_map(struct reader *reader, const struct stat *status) {
  if (!S_ISREG(status->st_mode) || status->st_size < READER_MAP_MINIMUM ||
      (uint64_t)status->st_size > SIZE_MAX / 2 || lseek(reader->fd, 0, SEEK_CUR) != 0) {
    return false;
  }
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t file_size = (size_t)status->st_size;
  size_t reserved = (file_size + 1 + page - 1) / page * page;
  char *map = mmap(NULL, reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) {
    return false;
  }
  if (mmap(map, file_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, reader->fd, 0) ==
      MAP_FAILED) {
    munmap(map, reserved);
    return false;
  }
  madvise(map, file_size, MADV_SEQUENTIAL);
  reader->map = map;
  reader->map_size = reserved;
  reader->file_size = file_size;
  reader->data = map;
  return true;
}

static int reader_allocate(struct reader *reader, size_t capacity) {
  reader->buffer = malloc(capacity);
  if (!reader->buffer) {
    return -1;
  }
  reader->data = reader->buffer;
  reader->capacity = capacity;
  return 0;
}

int reader_init(struct reader *reader, int fd, char eol, const struct stat *status) {
  memset(reader, 0, sizeof *reader);
  reader->fd = fd;
  reader->eol = eol;
  if (reader_map(reader, status)) {
    return 0;
  }
  return reader_allocate(reader, READER_INITIAL_CAPACITY);
}

int reader_copy_mapped(struct reader *reader) {
  if (!reader->map || reader->copying) {
    return 0;
  }
  const char *mapped = reader->data;
  size_t capacity = READER_INITIAL_CAPACITY;
  while (capacity - reader->length < READER_BLOCK + 1) {
    capacity *= 2;
  }
  if (reader_allocate(reader, capacity) != 0) {
    reader->data = (char *)mapped;
    return -1;
  }
  memcpy(reader->buffer, mapped, reader->length);
  reader->copying = true;
  return 0;
}

/* Bytes from the end of the data to the next block boundary. */
static size_t reader_to_block_end(const struct reader *reader) {
  return READER_BLOCK - (size_t)((reader->base + reader->length) % READER_BLOCK);
}

/* At end of file: a last line without eol gets one (the spare byte). */
static void reader_end(struct reader *reader) {
  reader->eof = true;
  if (reader->length > 0 && reader->data[reader->length - 1] != reader->eol) {
    reader->data[reader->length++] = reader->eol;
  }
}

/* Gives back the pages before file offset `dropped`. */
static void reader_release_dropped(struct reader *reader, uint64_t dropped_offset) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t dropped = (size_t)dropped_offset / page * page;
  if (dropped - reader->released >= READER_RELEASE_STEP) {
    madvise(reader->map + reader->released, dropped - reader->released, MADV_DONTNEED);
    reader->released = dropped;
  }
}

/* Faults in the mapped pages up to the next populate step past the data
 * (best effort: without MADV_POPULATE_READ, or when it fails, pages are
 * faulted in as the search reads them). */
static void reader_populate_ahead(struct reader *reader) {
#ifdef MADV_POPULATE_READ
  uint64_t needed = reader->base + reader->length;
  if (needed <= reader->populated || reader->populated >= reader->file_size) {
    return;
  }
  size_t step = reader->populated < READER_POPULATE_FIRST_STEP ? READER_POPULATE_FIRST_STEP
                : reader->populated < READER_POPULATE_STEP    ? reader->populated
                                                              : READER_POPULATE_STEP;
  size_t end = reader->populated + step;
  if (end > reader->file_size || end < reader->populated) {
    end = reader->file_size;
  }
  (void)madvise(reader->map + reader->populated, end - reader->populated, MADV_POPULATE_READ);
  reader->populated = end;
#else
  (void)reader;
#endif
}

static long reader_fill_mapped(struct reader *reader, size_t keep_from) {
  reader->data += keep_from;
  reader->length -= keep_from;
  reader->base += keep_from;
  reader_release_dropped(reader, reader->base);
  if (reader->eof) {
    return 0;
  }
  uint64_t left = reader->file_size - (reader->base + reader->length);
  if (left == 0) {
    reader_end(reader);
    return 0;
  }
  size_t added = reader_to_block_end(reader);
  if (added > left) {
    added = (size_t)left;
  }
  reader->length += added;
  reader_populate_ahead(reader);
  return (long)added;
}

/* Room for one block after the data, plus the spare byte. */
static int reader_make_room(struct reader *reader, size_t wanted) {
  size_t capacity = reader->capacity;
  while (capacity - reader->length < wanted + 1) {
    if (capacity > SIZE_MAX / 2) {
      errno = ENOMEM;
      return -1;
    }
    capacity *= 2;
  }
  if (capacity != reader->capacity) {
    char *buffer = realloc(reader->buffer, capacity);
    if (!buffer) {
      errno = ENOMEM;
      return -1;
    }
    reader->buffer = reader->data = buffer;
    reader->capacity = capacity;
  }
  return 0;
}

static long reader_fill_read(struct reader *reader, size_t keep_from) {
  if (keep_from > 0) {
    memmove(reader->buffer, reader->buffer + keep_from, reader->length - keep_from);
    reader->length -= keep_from;
    reader->base += keep_from;
  }
  if (reader->eof) {
    return 0;
  }
  size_t wanted = reader_to_block_end(reader);
  if (reader_make_room(reader, wanted) != 0) {
    return -1;
  }
  if (reader->copying) {
    uint64_t offset = reader->base + reader->length;
    reader_release_dropped(reader, reader->base);
    if (offset == reader->file_size) {
      reader_end(reader);
      return 0;
    }
    if (wanted > reader->file_size - offset) {
      wanted = (size_t)(reader->file_size - offset);
    }
    memcpy(reader->buffer + reader->length, reader->map + offset, wanted);
    reader->length += wanted;
    return (long)wanted;
  }
  for (;;) {
    ssize_t got = read(reader->fd, reader->buffer + reader->length, wanted);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return -1;
    }
    if (got == 0) {
      reader_end(reader);
      return 0;
    }
    reader->length += (size_t)got;
    return got;
  }
}

long reader_fill(struct reader *reader, size_t keep_from) {
  return reader->map && !reader->copying ? reader_fill_mapped(reader, keep_from)
                                         : reader_fill_read(reader, keep_from);
}

void reader_free(struct reader *reader) {
  if (reader->map) {
    munmap(reader->map, reader->map_size);
  }
  free(reader->buffer);
  reader->map = reader->buffer = reader->data = NULL;
}
