/* The results of a run and how they are shown: Markdown tables (one per
 * unit: throughput, short-subject latency, compile time) with each
 * engine's speed relative to PCRE2-JIT, and a data file for bench/plot.gnuplot. */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <string>
#include <vector>

#include "engine.h"
#include "workloads.h"

enum bench_outcome {
  BENCH_OUTCOME_MEASURED,
  BENCH_OUTCOME_LIMIT_HIT,   /* timed until the engine gave up */
  BENCH_OUTCOME_SKIPPED,     /* not comparable: reason says why */
  BENCH_OUTCOME_FAILED,      /* an engine error */
  BENCH_OUTCOME_WRONG_COUNT  /* count (or capture checksum) differs from expected or others */
};

typedef struct bench_cell {
  enum bench_outcome outcome;
  double seconds_per_call;
  int single_call; /* timed once: the call took longer than the plan allows */
  long count;
  unsigned long long checksum; /* capture kinds */
  const char *reason;
  std::string detail; /* bench_engine.describe's answer, if any */
} bench_cell;

typedef struct bench_row {
  const bench_workload *workload;
  size_t haystack_bytes;
  size_t subjects; /* short-subject workloads: subjects per call; line kinds: lines */
  std::vector<bench_cell> cells; /* one per engine, in bench_engines order */
} bench_row;

void bench_report_markdown(FILE *out, const bench_engine *const *engines, size_t engine_count,
                           const std::vector<bench_row> &rows);

/* Throughput rows as whitespace-separated columns: label, then MB/s per
 * engine ("-" where there is no number). Returns 0 or -1. */
int bench_report_plot_data(const char *path, const bench_engine *const *engines,
                           size_t engine_count, const std::vector<bench_row> &rows);

#endif
