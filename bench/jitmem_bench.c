/* jitmem_bench: the cost of jitmem's write path alone: install a set of
 * blocks into a pool and free them again, the way compiling and freeing
 * a pattern does, timed as the median of repetitions. The default sizes
 * are the arm64 code blocks of the suite's compile rows (jrx-explain
 * --disasm: 820 to 5564 bytes). The bytes are never run, so any host will
 * do; natively (x86-64) jrx compiles without jitmem, so this is where
 * jitmem's own cost shows there. Not a test.
 * Usage: jitmem_bench [ROUNDS_PER_REPETITION [REPETITIONS]] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jitmem.h"

#define DEFAULT_ROUNDS 2000
#define DEFAULT_REPETITIONS 9
#define MAX_REPETITIONS 101

static const size_t block_sizes[] = {1476, 1708, 820, 2108, 820, 5564};
#define BLOCK_COUNT (sizeof block_sizes / sizeof block_sizes[0])
#define LARGEST_BLOCK 5564

static double now_seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a;
  double y = *(const double *)b;
  return (x > y) - (x < y);
}

/* One round: every block installed, then every block freed. */
static int round_trip(jitmem_pool *pool, const unsigned char *code) {
  jitmem_block *blocks[BLOCK_COUNT];
  for (size_t i = 0; i < BLOCK_COUNT; i++) {
    void *entry;
    if (jitmem_install(pool, code, block_sizes[i], &blocks[i], &entry) != JITMEM_OK) {
      return -1;
    }
  }
  for (size_t i = 0; i < BLOCK_COUNT; i++) {
    jitmem_free(blocks[i]);
  }
  return 0;
}

int main(int argc, char **argv) {
  long rounds = argc > 1 ? atol(argv[1]) : DEFAULT_ROUNDS;
  int repetitions = argc > 2 ? atoi(argv[2]) : DEFAULT_REPETITIONS;
  if (rounds < 1 || repetitions < 1 || repetitions > MAX_REPETITIONS) {
    fprintf(stderr, "usage: jitmem_bench [ROUNDS_PER_REPETITION [REPETITIONS (1-%d)]]\n",
            MAX_REPETITIONS);
    return 2;
  }
  static unsigned char code[LARGEST_BLOCK];
  memset(code, 0xcc, sizeof code);
  jitmem_pool *pool;
  if (jitmem_pool_create(NULL, 0, &pool) != JITMEM_OK || round_trip(pool, code) != 0) {
    fprintf(stderr, "jitmem_bench: no executable memory\n");
    return 1;
  }
  double seconds[MAX_REPETITIONS];
  for (int repetition = 0; repetition < repetitions; repetition++) {
    double start = now_seconds();
    for (long round = 0; round < rounds; round++) {
      if (round_trip(pool, code) != 0) {
        fprintf(stderr, "jitmem_bench: install failed\n");
        return 1;
      }
    }
    seconds[repetition] = (now_seconds() - start) / (double)rounds;
  }
  qsort(seconds, (size_t)repetitions, sizeof seconds[0], compare_doubles);
  double median = seconds[repetitions / 2];
  printf("%zu installs and frees: median %.0f ns per round, %.0f ns per install and free "
         "(%d repetitions of %ld rounds)\n",
         BLOCK_COUNT, median * 1e9, median * 1e9 / (double)BLOCK_COUNT, repetitions, rounds);
  jitmem_pool_destroy(pool);
  return 0;
}
