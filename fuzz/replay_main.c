/* replay_main: runs inputs through a fuzz target's LLVMFuzzerTestOneInput
 * without libFuzzer, so that any compiler builds it and ctest can replay
 * the checked-in corpus:
 *   fuzz_replay_<target> [--keep-going] FILE_OR_DIRECTORY...
 * Directories contribute every regular file inside, in name order, not
 * recursively. Each input is copied into a buffer of exactly its size so
 * that sanitizers catch reads past it. A finding aborts inside the target;
 * with --keep-going each input runs in a child process instead, so that
 * every failing input is listed (not under qemu-aarch64 user mode, whose
 * forked children can deadlock). Exits 0 when every input ran cleanly. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz_target.h"

typedef struct replay_totals {
  int keep_going;
  size_t replayed;
  size_t failed;
} replay_totals;

/* Runs one input in a child process; returns 0 if it exited cleanly. */
static int run_isolated(const unsigned char *data, size_t size) {
  fflush(NULL);
  pid_t child = fork();
  if (child < 0) {
    fprintf(stderr, "replay: fork failed: %s\n", strerror(errno));
    return -1;
  }
  if (child == 0) {
    LLVMFuzzerTestOneInput(data, size);
    /* exit, not _exit: LeakSanitizer checks for leaks at exit. */
    exit(0);
  }
  int wait_status;
  while (waitpid(child, &wait_status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  return WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0 ? 0 : -1;
}

/* Runs one file; returns 0, or -1 if it could not be read. */
static int replay_file(const char *path, replay_totals *totals) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
    return -1;
  }
  size_t capacity = 4096;
  size_t size = 0;
  unsigned char *data = malloc(capacity);
  int status = 0;
  while (data != NULL) {
    size += fread(data + size, 1, capacity - size, file);
    if (size < capacity) {
      break;
    }
    unsigned char *grown = realloc(data, capacity * 2);
    if (grown == NULL) {
      free(data);
      data = NULL;
      break;
    }
    data = grown;
    capacity *= 2;
  }
  if (data == NULL || ferror(file)) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    status = -1;
  }
  fclose(file);
  if (status == 0) {
    /* An exact-size copy: the slack of the read buffer would hide
     * overreads from AddressSanitizer. */
    unsigned char *exact = malloc(size > 0 ? size : 1);
    if (exact == NULL) {
      fprintf(stderr, "replay: out of memory for %s\n", path);
      status = -1;
    } else {
      memcpy(exact, data, size);
      /* Named first, so that a finding's abort shows which input it was. */
      fprintf(stderr, "replay: %s\n", path);
      if (!totals->keep_going) {
        LLVMFuzzerTestOneInput(exact, size);
      } else if (run_isolated(exact, size) != 0) {
        fprintf(stderr, "replay: FAILED %s\n", path);
        totals->failed++;
      }
      totals->replayed++;
      free(exact);
    }
  }
  free(data);
  return status;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the paths of the entries of directory, sorted, into *names and
 * *count (to be freed with free_names even on failure). Returns 0 or -1. */
static int list_directory(const char *directory, char ***names_out, size_t *count_out) {
  char **names = NULL;
  size_t count = 0;
  size_t capacity = 0;
  int status = 0;
  *names_out = NULL;
  *count_out = 0;
  DIR *dir = opendir(directory);
  if (dir == NULL) {
    fprintf(stderr, "replay: cannot open %s: %s\n", directory, strerror(errno));
    return -1;
  }
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] == '.') {
      continue;
    }
    if (count == capacity) {
      size_t grown_capacity = capacity == 0 ? 64 : capacity * 2;
      char **grown = realloc(names, grown_capacity * sizeof *grown);
      if (grown == NULL) {
        status = -1;
        break;
      }
      names = grown;
      capacity = grown_capacity;
    }
    size_t length = strlen(directory) + 1 + strlen(entry->d_name) + 1;
    names[count] = malloc(length);
    if (names[count] == NULL) {
      status = -1;
      break;
    }
    snprintf(names[count], length, "%s/%s", directory, entry->d_name);
    count++;
  }
  closedir(dir);
  if (count > 0) {
    qsort(names, count, sizeof *names, compare_names);
  }
  *names_out = names;
  *count_out = count;
  if (status != 0) {
    fprintf(stderr, "replay: out of memory listing %s\n", directory);
  }
  return status;
}

static void free_names(char **names, size_t count) {
  for (size_t i = 0; i < count; i++) {
    free(names[i]);
  }
  free(names);
}

/* Replays one argument. Returns 0, or -1 if something could not be read. */
static int replay_argument(const char *path, replay_totals *totals) {
  struct stat info;
  if (stat(path, &info) != 0) {
    fprintf(stderr, "replay: cannot find %s: %s\n", path, strerror(errno));
    return -1;
  }
  if (!S_ISDIR(info.st_mode)) {
    return replay_file(path, totals);
  }
  char **names;
  size_t count;
  int status = list_directory(path, &names, &count);
  for (size_t i = 0; i < count && status == 0; i++) {
    if (stat(names[i], &info) == 0 && S_ISREG(info.st_mode)) {
      status = replay_file(names[i], totals);
    }
  }
  free_names(names, count);
  return status;
}

int main(int argc, char **argv) {
  replay_totals totals = {0, 0, 0};
  int first = 1;
  if (argc > 1 && strcmp(argv[1], "--keep-going") == 0) {
    totals.keep_going = 1;
    first = 2;
  }
  if (first >= argc) {
    fprintf(stderr, "usage: %s [--keep-going] FILE_OR_DIRECTORY...\n", argv[0]);
    return 1;
  }
  int status = 0;
  for (int i = first; i < argc; i++) {
    if (replay_argument(argv[i], &totals) != 0) {
      status = 1;
    }
  }
  if (totals.replayed == 0) {
    fputs("replay: no inputs found\n", stderr);
    status = 1;
  }
  if (totals.failed > 0) {
    status = 1;
  }
  printf("replay: %zu inputs ran, %zu failed\n", totals.replayed, totals.failed);
  return status;
}
