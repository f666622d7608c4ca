/* utf8_bench: the subject's UTF-8 check (utf8_validate) alone, on whole
 * files: each file is validated CALLS times a repetition, and the best
 * of REPETITIONS is printed in MB/s (CPU time of the process, less
 * sensitive to the load of a shared machine than the wall clock). Under qemu, count guest
 * instructions with bench/suite/count_guest_insns.c and take the
 * difference of two CALLS values (start-up and file reading cancel):
 *   count_guest_insns qemu-aarch64 -L / -- bench/utf8_bench --calls 2 FILE
 * Not a test.
 * Usage: utf8_bench [--calls N] [--repetitions R] FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "regex/utf8.h"

static double cpu_seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static unsigned char *read_file(const char *path, size_t *length) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    return NULL;
  }
  unsigned char *data = NULL;
  size_t size = 0;
  size_t capacity = 0;
  for (;;) {
    if (size == capacity) {
      capacity = capacity == 0 ? 1u << 20 : capacity * 2;
      unsigned char *grown = realloc(data, capacity);
      if (grown == NULL) {
        free(data);
        fclose(file);
        return NULL;
      }
      data = grown;
    }
    size_t got = fread(data + size, 1, capacity - size, file);
    size += got;
    if (got == 0) {
      break;
    }
  }
  int failed = ferror(file);
  fclose(file);
  if (failed) {
    free(data);
    return NULL;
  }
  *length = size;
  return data;
}

/* Runs the check calls times; returns the number of invalid answers (so
 * the calls are not optimized away) and the first error offset. */
static size_t validate_calls(const unsigned char *data, size_t length, long calls,
                             size_t *error_offset) {
  size_t invalid = 0;
  for (long call = 0; call < calls; call++) {
    invalid += (size_t)!utf8_validate(data, length, error_offset);
  }
  return invalid;
}

int main(int argc, char **argv) {
  long calls = 20;
  long repetitions = 7;
  int first_file = 1;
  while (first_file + 1 < argc && strncmp(argv[first_file], "--", 2) == 0) {
    long value = strtol(argv[first_file + 1], NULL, 10);
    if (strcmp(argv[first_file], "--calls") == 0) {
      calls = value;
    } else if (strcmp(argv[first_file], "--repetitions") == 0) {
      repetitions = value;
    } else {
      break;
    }
    first_file += 2;
  }
  if (first_file >= argc || calls < 0 || repetitions < 1) {
    fprintf(stderr, "usage: utf8_bench [--calls N] [--repetitions R] FILE...\n");
    return 2;
  }
  for (int index = first_file; index < argc; index++) {
    size_t length;
    unsigned char *data = read_file(argv[index], &length);
    if (data == NULL) {
      fprintf(stderr, "utf8_bench: cannot read %s\n", argv[index]);
      return 1;
    }
    double best = 0;
    size_t invalid = 0;
    size_t error_offset = 0;
    for (long repetition = 0; repetition < repetitions; repetition++) {
      double start = cpu_seconds();
      invalid += validate_calls(data, length, calls, &error_offset);
      double seconds = cpu_seconds() - start;
      if (repetition == 0 || seconds < best) {
        best = seconds;
      }
    }
    printf("%s bytes=%zu calls=%ld invalid=%zu", argv[index], length, calls, invalid);
    if (invalid > 0) {
      printf(" error_offset=%zu", error_offset);
    }
    if (calls > 0 && best > 0) {
      printf(" MB/s=%.1f", (double)length * (double)calls / best / 1e6);
    }
    printf("\n");
    free(data);
  }
  return 0;
}
