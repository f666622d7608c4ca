/* Timing: a warm-up call, then several repetitions of a batch of calls,
 * reporting the median seconds per call. Every call must return the same
 * value (a match count or a negative code), so a flaky engine is caught. */
#ifndef BENCH_MEASURE_H
#define BENCH_MEASURE_H

/* One measured operation; returns a count or a negative BENCH_* code. */
typedef long (*bench_operation)(void *context);

typedef struct bench_timing_plan {
  int repetitions;    /* timed batches; the median is reported */
  double min_seconds; /* each batch repeats the call until it lasts this long */
  /* Time on the calling thread's CPU clock instead of the wall clock: on
   * a shared machine, time spent waiting for a core is not counted. */
  bool cpu_time;
  /* A warm-up call longer than this is the only one timed: an engine
   * that backtracks through a long word list at every position takes
   * minutes a call, and one such time says enough. */
  double max_seconds_per_call;
} bench_timing_plan;

typedef struct bench_timing {
  double seconds_per_call; /* median over the repetitions */
  long result;             /* what every call returned */
  int single_call;         /* only the warm-up call was timed */
} bench_timing;

/* Returns 0, or -1 (with a message) when calls disagreed. */
int bench_measure(bench_operation operation, void *context, const bench_timing_plan *plan,
                  bench_timing *timing);

#endif
