/* jit_bench: jrx's native code, jrx's interpreter and PCRE2-JIT on the
 * same patterns over the same text: match counts (which must agree),
 * median MB/s and the ratio to PCRE2-JIT. Not a test.
 * Usage: jit_bench BENCH_DATA_DIR [RUNS]  (reads BENCH_DATA_DIR/sherlock.txt) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcre2.h>

#include "jrx.h"

#define DEFAULT_RUNS 5
#define MAX_RUNS 101
#define ENGINE_COUNT 3

typedef struct bench_pattern {
  const char *label;
  const char *pattern;
  int caseless;
} bench_pattern;

static const bench_pattern patterns[] = {
    {"literal", "Sherlock", 0},          {"alternation", "Sherlock|Watson|Holmes|Irene", 0},
    {"suffix", "[a-z]+ing", 0},          {"email", "\\w+@\\w+\\.com", 0},
    {"caseless literal", "sherlock", 1},
};

typedef struct text {
  char *bytes;
  size_t length;
} text;

/* Counts the matches of one full scan; negative on an error. */
typedef long (*count_function)(void *state, const text *subject);

typedef struct bench_engine {
  const char *name;
  void *state;
  count_function count;
} bench_engine;

static int read_text(const char *directory, text *result) {
  char path[4096];
  int written = snprintf(path, sizeof path, "%s/sherlock.txt", directory);
  if (written < 0 || (size_t)written >= sizeof path) {
    return -1;
  }
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    perror(path);
    return -1;
  }
  int status = -1;
  if (fseek(file, 0, SEEK_END) == 0) {
    long size = ftell(file);
    if (size >= 0 && fseek(file, 0, SEEK_SET) == 0) {
      result->bytes = malloc((size_t)size + 1);
      result->length = (size_t)size;
      if (result->bytes != NULL &&
          fread(result->bytes, 1, result->length, file) == result->length) {
        status = 0;
      }
    }
  }
  fclose(file);
  if (status != 0) {
    fprintf(stderr, "jit_bench: cannot read %s\n", path);
  }
  return status;
}

static long count_jrx(void *state, const text *subject) {
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, state, subject->bytes, subject->length, 0, 0);
  size_t ovector[2];
  long count = 0;
  int status;
  while ((status = jrx_iterator_next(&iterator, ovector, 1)) >= 0) {
    count++;
  }
  return status == JRX_NOMATCH ? count : status;
}

typedef struct pcre2_engine {
  pcre2_code *code;
  pcre2_match_data *data;
} pcre2_engine;

/* After an empty match the next attempt is anchored and non-empty at the
 * same offset, and on failure moves one byte on, as jrx_iterator does. */
static long count_pcre2(void *state, const text *subject) {
  pcre2_engine *pcre2 = state;
  PCRE2_SIZE offset = 0;
  uint32_t options = 0;
  long count = 0;
  while (offset <= subject->length) {
    int status = pcre2_jit_match(pcre2->code, (PCRE2_SPTR)subject->bytes, subject->length, offset,
                                 options, pcre2->data, NULL);
    if (status == PCRE2_ERROR_NOMATCH) {
      if (options == 0) {
        return count;
      }
      offset++;
      options = 0;
      continue;
    }
    if (status < 0) {
      return status;
    }
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(pcre2->data);
    count++;
    options = ovector[0] == ovector[1] ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    offset = ovector[1];
  }
  return count;
}

static double seconds_now(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static int compare_doubles(const void *left, const void *right) {
  double a = *(const double *)left;
  double b = *(const double *)right;
  return (a > b) - (a < b);
}

/* Median MB/s of runs scans; stores the match count of the last one
 * (every scan must count the same). Returns 0, or -1 on an error. */
static int measure(const bench_engine *engine, const text *subject, int runs, long *matches,
                   double *megabytes_per_second) {
  double rates[MAX_RUNS];
  for (int run = 0; run < runs; run++) {
    double start = seconds_now();
    long count = engine->count(engine->state, subject);
    double elapsed = seconds_now() - start;
    if (count < 0 || (run > 0 && count != *matches)) {
      fprintf(stderr, "jit_bench: %s failed (%ld)\n", engine->name, count);
      return -1;
    }
    *matches = count;
    rates[run] = (double)subject->length / 1e6 / (elapsed > 0 ? elapsed : 1e-9);
  }
  qsort(rates, (size_t)runs, sizeof rates[0], compare_doubles);
  *megabytes_per_second = rates[runs / 2];
  return 0;
}

static int bench_pattern_run(const bench_pattern *pattern, const text *subject, int runs) {
  int status = -1;
  uint32_t jrx_options = pattern->caseless ? JRX_CASELESS : 0;
  int error = 0;
  size_t error_offset = 0;
  jrx *native =
      jrx_compile(pattern->pattern, strlen(pattern->pattern), jrx_options, &error, &error_offset);
  jrx *interpreter = jrx_compile(pattern->pattern, strlen(pattern->pattern),
                                 jrx_options | JRX_NO_JIT, &error, &error_offset);
  PCRE2_SIZE pcre2_offset;
  pcre2_engine pcre2 = {
      pcre2_compile((PCRE2_SPTR)pattern->pattern, PCRE2_ZERO_TERMINATED,
                    pattern->caseless ? PCRE2_CASELESS : 0, &error, &pcre2_offset, NULL),
      NULL};
  if (pcre2.code != NULL && pcre2_jit_compile(pcre2.code, PCRE2_JIT_COMPLETE) == 0) {
    pcre2.data = pcre2_match_data_create_from_pattern(pcre2.code, NULL);
  }
  if (native == NULL || interpreter == NULL || pcre2.data == NULL) {
    fprintf(stderr, "jit_bench: /%s/ does not compile in every engine\n", pattern->pattern);
  } else {
    bench_engine engines[ENGINE_COUNT] = {{jrx_engine(native), native, count_jrx},
                                          {"interpreter (JRX_NO_JIT)", interpreter, count_jrx},
                                          {"pcre2-jit", &pcre2, count_pcre2}};
    long matches[ENGINE_COUNT];
    double rates[ENGINE_COUNT];
    status = 0;
    for (int e = 0; e < ENGINE_COUNT && status == 0; e++) {
      status = measure(&engines[e], subject, runs, &matches[e], &rates[e]);
    }
    for (int e = 0; e < ENGINE_COUNT && status == 0; e++) {
      printf("| %-16s | %-30s | %7ld | %9.2f | %6.2f |\n", pattern->label, engines[e].name,
             matches[e], rates[e], rates[e] / rates[ENGINE_COUNT - 1]);
      if (matches[e] != matches[ENGINE_COUNT - 1]) {
        fprintf(stderr, "jit_bench: /%s/: %s counts %ld matches, pcre2-jit %ld\n", pattern->pattern,
                engines[e].name, matches[e], matches[ENGINE_COUNT - 1]);
        status = -1;
      }
    }
  }
  pcre2_match_data_free(pcre2.data);
  pcre2_code_free(pcre2.code);
  jrx_free(interpreter);
  jrx_free(native);
  return status;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s BENCH_DATA_DIR [RUNS]\n", argv[0]);
    return 2;
  }
  int runs = argc == 3 ? atoi(argv[2]) : DEFAULT_RUNS;
  if (runs < 1 || runs > MAX_RUNS) {
    fprintf(stderr, "jit_bench: RUNS must be 1..%d\n", MAX_RUNS);
    return 2;
  }
  text subject = {NULL, 0};
  if (read_text(argv[1], &subject) != 0) {
    free(subject.bytes);
    return 1;
  }
  printf("%zu bytes, median of %d runs\n", subject.length, runs);
  printf("| %-16s | %-30s | %7s | %9s | %6s |\n", "pattern", "engine", "matches", "MB/s",
         "vs pcre2-jit");
  int status = 0;
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    if (bench_pattern_run(&patterns[p], &subject, runs) != 0) {
      status = 1;
    }
  }
  free(subject.bytes);
  return status;
}
