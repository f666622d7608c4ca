/* Median-of-repetitions timing with CLOCK_MONOTONIC (or the thread's CPU
 * clock, bench_timing_plan.cpu_time). The batch size is
 * fixed from the warm-up call so that every repetition does equal work. */
#include "measure.h"

#include <stdio.h>
#include <time.h>

#include <algorithm>
#include <vector>

static double seconds_now(const bench_timing_plan *plan) {
  struct timespec now;
  clock_gettime(plan->cpu_time ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

int bench_measure(bench_operation operation, void *context, const bench_timing_plan *plan,
                  bench_timing *timing) {
  double start = seconds_now(plan);
  timing->result = operation(context);
  double warm_up = seconds_now(plan) - start;
  timing->single_call = warm_up > plan->max_seconds_per_call;
  if (timing->single_call) {
    timing->seconds_per_call = warm_up;
    return 0;
  }
  long batch = 1;
  if (warm_up < plan->min_seconds) {
    batch = static_cast<long>(plan->min_seconds / std::max(warm_up, 1e-9)) + 1;
  }
  std::vector<double> per_call;
  for (int repetition = 0; repetition < plan->repetitions; repetition++) {
    start = seconds_now(plan);
    for (long call = 0; call < batch; call++) {
      long result = operation(context);
      if (result != timing->result) {
        fprintf(stderr, "bench_suite: a call returned %ld after %ld\n", result, timing->result);
        return -1;
      }
    }
    per_call.push_back((seconds_now(plan) - start) / static_cast<double>(batch));
  }
  std::sort(per_call.begin(), per_call.end());
  timing->seconds_per_call = per_call.empty() ? warm_up : per_call[per_call.size() / 2];
  return 0;
}
