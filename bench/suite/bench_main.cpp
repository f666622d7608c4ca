/* bench_suite: jrx against PCRE2 (JIT and interpreter), RE2 and Vectorscan
 * on the workloads of workloads.tsv. Every count is checked against the
 * expected one and across engines; a disagreement is an error (exit 1),
 * never a number in the table. Benchmarks are not tests: ctest runs only
 * --smoke, a single pass over the in-repository haystacks that checks counts
 * (haystacks over SMOKE_HAYSTACK_BYTES cut to about that size, where engines
 * must then agree with each other instead of with the expected values).
 *
 * Usage: bench_suite [options] [BENCH_DATA_DIR]
 *   --smoke               in-repository haystacks only, one repetition
 *   --repetitions N       timed repetitions per measurement (default 7)
 *   --min-time SECONDS    least duration of one repetition (default 0.02)
 *   --cpu-time            time on the thread's CPU clock, not the wall clock
 *                         (steadier on a loaded machine; under qemu it is
 *                         the emulating thread's time)
 *   --max-call SECONDS    a warm-up call longer than this is timed alone (default 5)
 *   --only NAME/HAYSTACK  run this workload (may be repeated)
 *   --haystacks A,B       run only workloads on these haystacks
 *   --plot-data FILE      write throughput numbers for bench/plot.gnuplot
 *   --workloads FILE      read workloads from FILE instead of workloads.tsv
 *   --engines A,B         time only these engines (pcre2-jit, the base of the
 *                         ratios, is always kept first): a quicker run
 *   --word-lists DIR      the word lists of "@words:" patterns (word_lists.py)
 *   --engine NAME --calls K
 *                         no timing: run K calls of NAME on each selected
 *                         workload and print bytes and result (for counting
 *                         executed instructions under an emulator); K = 0
 *                         prepares and releases the pattern only, so that
 *                         K = 1 less K = 0 is the first call's cost */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <map>
#include <new>
#include <string>
#include <vector>

#include "engine.h"
#include "haystacks.h"
#include "measure.h"
#include "report.h"
#include "workloads.h"

/* The most of a haystack --smoke reads (under qemu the generated access
 * log alone would take most of a minute). */
#define SMOKE_HAYSTACK_BYTES ((size_t)1 << 20)

typedef struct bench_options {
  bool smoke = false;
  bench_timing_plan plan = {7, 0.02, false, 5.0};
  std::vector<std::string> only;
  std::string haystacks; /* comma-separated, empty: all */
  std::string engines;   /* comma-separated, empty: all */
  const char *plot_data = NULL;
  const char *workloads = BENCH_WORKLOADS_PATH;
  const char *word_lists = NULL;
  const char *engine = NULL;
  long calls = 0;
  const char *data_dir = NULL;
} bench_options;

typedef struct operation_context {
  const bench_engine *engine;
  void *state;
  const bench_pattern *pattern;
  const std::string *haystack;
  unsigned long long checksum; /* capture kinds: of the last call */
} operation_context;

static long scan_operation(void *context) {
  operation_context *operation = static_cast<operation_context *>(context);
  return operation->engine->count(operation->state, operation->haystack->data(),
                                  operation->haystack->size());
}

/* The haystack cut into consecutive 20-byte subjects (the last one may be
 * shorter); the result is how many of them contain a match. */
static long short_operation(void *context) {
  operation_context *operation = static_cast<operation_context *>(context);
  const std::string &haystack = *operation->haystack;
  long matched = 0;
  for (size_t offset = 0; offset < haystack.size(); offset += BENCH_SHORT_SUBJECT_LENGTH) {
    size_t length = haystack.size() - offset;
    if (length > BENCH_SHORT_SUBJECT_LENGTH) {
      length = BENCH_SHORT_SUBJECT_LENGTH;
    }
    int status = operation->engine->has_match(operation->state, haystack.data() + offset, length);
    if (status < 0) {
      return status;
    }
    matched += status;
  }
  return matched;
}

/* Every match with every group, or (matches) with the whole match only. */
static long groups_operation(void *context) {
  operation_context *operation = static_cast<operation_context *>(context);
  size_t pairs = operation->pattern->kind == BENCH_KIND_MATCHES
                     ? 1
                     : operation->engine->pairs(operation->state);
  operation->checksum = BENCH_CHECKSUM_START;
  return operation->engine->scan_groups(operation->state, operation->haystack->data(),
                                        operation->haystack->size(), pairs,
                                        &operation->checksum);
}

/* One match per line (the newline left out), as a log parser calls a
 * regex library: every group, or the whole match only; the result is the
 * number of lines that match, and every offset (from the line's start) is
 * folded into the checksum. */
static long lines_operation(void *context) {
  operation_context *operation = static_cast<operation_context *>(context);
  const std::string &haystack = *operation->haystack;
  size_t pairs = operation->pattern->kind == BENCH_KIND_LINE_MATCH
                     ? 1
                     : operation->engine->pairs(operation->state);
  std::vector<size_t> ovector(2 * pairs);
  operation->checksum = BENCH_CHECKSUM_START;
  long matched = 0;
  size_t line = 0;
  while (line < haystack.size()) {
    size_t newline = haystack.find('\n', line);
    size_t end = newline == std::string::npos ? haystack.size() : newline;
    int status = operation->engine->first_match(operation->state, haystack.data() + line,
                                                end - line, pairs, ovector.data());
    if (status < 0) {
      return status;
    }
    for (size_t i = 0; status == 1 && i < ovector.size(); i++) {
      bench_checksum_fold(&operation->checksum, ovector[i]);
    }
    matched += status;
    line = end + 1;
  }
  return matched;
}

/* Lines as lines_operation cuts them: a last line without a newline counts. */
static size_t bench_line_count(const std::string &haystack) {
  size_t lines = 0;
  for (size_t line = 0; line < haystack.size(); lines++) {
    size_t newline = haystack.find('\n', line);
    line = newline == std::string::npos ? haystack.size() : newline + 1;
  }
  return lines;
}

static long compile_operation(void *context) {
  operation_context *operation = static_cast<operation_context *>(context);
  void *state = NULL;
  const char *reason = NULL;
  int status = operation->engine->prepare(operation->pattern, &state, &reason);
  if (status != 0) {
    return status;
  }
  operation->engine->release(state);
  return 1;
}

static bench_operation operation_for(enum bench_kind kind) {
  switch (kind) {
  case BENCH_KIND_SCAN:
  case BENCH_KIND_PATHOLOGICAL:
    return scan_operation;
  case BENCH_KIND_SHORT:
    return short_operation;
  case BENCH_KIND_GROUPS:
  case BENCH_KIND_MATCHES:
    return groups_operation;
  case BENCH_KIND_LINE_GROUPS:
  case BENCH_KIND_LINE_MATCH:
    return lines_operation;
  case BENCH_KIND_COMPILE:
    break;
  }
  return compile_operation;
}

static bool selected(const bench_options &options, const bench_workload &workload) {
  if ((options.smoke && bench_haystack_needs_data_dir(workload.haystack)) ||
      workload.word_list_missing) {
    return false;
  }
  if (!options.haystacks.empty() && workload.kind != BENCH_KIND_COMPILE &&
      ("," + options.haystacks + ",").find("," + workload.haystack + ",") == std::string::npos) {
    return false;
  }
  if (options.only.empty()) {
    return true;
  }
  for (const std::string &id : options.only) {
    if (id == bench_workload_id(workload)) {
      return true;
    }
  }
  return false;
}

/* Measures one engine on one workload into *cell. */
static void measure_engine(const bench_engine *engine, const bench_pattern *pattern,
                           const std::string *haystack, const bench_timing_plan *plan,
                           bench_cell *cell) {
  operation_context operation = {engine, NULL, pattern, haystack, 0};
  const char *reason = NULL;
  int status = 0;
  if (pattern->kind != BENCH_KIND_COMPILE) {
    status = engine->prepare(pattern, &operation.state, &reason);
  }
  cell->reason = reason;
  cell->outcome = status == BENCH_SKIPPED ? BENCH_OUTCOME_SKIPPED : BENCH_OUTCOME_FAILED;
  if (status != 0) {
    return;
  }
  if (engine->describe != NULL && operation.state != NULL) {
    cell->detail = engine->describe(operation.state);
  }
  bench_timing timing;
  if (bench_measure(operation_for(pattern->kind), &operation, plan, &timing) == 0) {
    cell->seconds_per_call = timing.seconds_per_call;
    cell->single_call = timing.single_call;
    cell->count = timing.result;
    cell->checksum = operation.checksum;
    cell->outcome = timing.result == BENCH_LIMIT_HIT ? BENCH_OUTCOME_LIMIT_HIT
                    : timing.result == BENCH_SKIPPED ? BENCH_OUTCOME_SKIPPED
                    : timing.result < 0              ? BENCH_OUTCOME_FAILED
                                                     : BENCH_OUTCOME_MEASURED;
  }
  if (operation.state != NULL) {
    engine->release(operation.state);
  }
}

/* Marks every count that differs from the expected one, or, without an
 * expected count (or with a cut haystack), from the first engine's; returns
 * the number of errors. */
static int check_counts(const bench_engine *const *engines, bench_row *row, bool cut) {
  if (row->workload->kind == BENCH_KIND_COMPILE) {
    return 0;
  }
  long reference = cut ? BENCH_NO_EXPECTED_COUNT : row->workload->expected_count;
  unsigned long long reference_checksum = row->workload->expected_checksum;
  bool checksum_known = !cut;
  int errors = 0;
  for (size_t engine = 0; engine < row->cells.size(); engine++) {
    bench_cell &cell = row->cells[engine];
    if (cell.outcome == BENCH_OUTCOME_FAILED) {
      fprintf(stderr, "bench_suite: %s: %s failed\n", bench_workload_id(*row->workload).c_str(),
              engines[engine]->name);
      errors++;
    }
    if (cell.outcome == BENCH_OUTCOME_LIMIT_HIT &&
        row->workload->kind != BENCH_KIND_PATHOLOGICAL) {
      fprintf(stderr, "bench_suite: %s: %s hit its limit on an ordinary workload\n",
              bench_workload_id(*row->workload).c_str(), engines[engine]->name);
      errors++;
    }
    if (cell.outcome != BENCH_OUTCOME_MEASURED) {
      continue;
    }
    if (reference == BENCH_NO_EXPECTED_COUNT) {
      reference = cell.count;
    }
    if (!checksum_known) {
      reference_checksum = cell.checksum;
      checksum_known = true;
    }
    if (cell.count != reference) {
      fprintf(stderr, "bench_suite: %s: %s counted %ld, expected %ld\n",
              bench_workload_id(*row->workload).c_str(), engines[engine]->name, cell.count,
              reference);
      cell.outcome = BENCH_OUTCOME_WRONG_COUNT;
      errors++;
    } else if (bench_kind_captures(row->workload->kind) && cell.checksum != reference_checksum) {
      fprintf(stderr, "bench_suite: %s: %s reported offsets with checksum %016llx, expected "
                      "%016llx\n",
              bench_workload_id(*row->workload).c_str(), engines[engine]->name, cell.checksum,
              reference_checksum);
      cell.outcome = BENCH_OUTCOME_WRONG_COUNT;
      errors++;
    }
  }
  return errors;
}

static const std::string *load_haystack(std::map<std::string, std::string> *cache,
                                        const std::string &name, const char *data_dir) {
  auto found = cache->find(name);
  if (found != cache->end()) {
    return &found->second;
  }
  std::string text;
  if (bench_haystack_load(name, data_dir, &text) != 0) {
    return NULL;
  }
  return &cache->emplace(name, std::move(text)).first->second;
}

static const bench_engine *find_engine(const char *name) {
  size_t count = 0;
  const bench_engine *const *engines = bench_engines(&count);
  for (size_t engine = 0; engine < count; engine++) {
    if (strcmp(engines[engine]->name, name) == 0) {
      return engines[engine];
    }
  }
  return NULL;
}

/* --engine/--calls: the calls without a clock, for instruction counting. */
static int run_calls(const bench_options &options, const bench_workload &workload,
                     const std::string *haystack) {
  const bench_engine *engine = find_engine(options.engine);
  if (engine == NULL) {
    fprintf(stderr, "bench_suite: no engine %s in this build\n", options.engine);
    return -1;
  }
  bench_pattern pattern = bench_workload_pattern(workload);
  operation_context operation = {engine, NULL, &pattern, haystack, 0};
  const char *reason = NULL;
  if (pattern.kind != BENCH_KIND_COMPILE &&
      engine->prepare(&pattern, &operation.state, &reason) != 0) {
    printf("%s %s skipped\n", bench_workload_id(workload).c_str(), engine->name);
    return 0;
  }
  long result = 0;
  for (long call = 0; call < options.calls; call++) {
    result = operation_for(pattern.kind)(&operation);
  }
  if (operation.state != NULL) {
    engine->release(operation.state);
  }
  printf("%s %s bytes=%zu result=%ld checksum=%016llx\n", bench_workload_id(workload).c_str(),
         engine->name, haystack->size(), result, operation.checksum);
  return result < 0 && result != BENCH_LIMIT_HIT ? -1 : 0;
}

static int parse_options(int argc, char **argv, bench_options *options) {
  for (int index = 1; index < argc; index++) {
    const char *argument = argv[index];
    const char *value = index + 1 < argc ? argv[index + 1] : NULL;
    bool takes_value = true;
    if (strcmp(argument, "--smoke") == 0) {
      options->smoke = true;
      options->plan.repetitions = 1;
      options->plan.min_seconds = 0;
      takes_value = false;
    } else if (strcmp(argument, "--cpu-time") == 0) {
      options->plan.cpu_time = true;
      takes_value = false;
    } else if (value == NULL && argument[0] == '-') {
      fprintf(stderr, "bench_suite: %s needs a value\n", argument);
      return -1;
    } else if (strcmp(argument, "--repetitions") == 0) {
      options->plan.repetitions = atoi(value);
    } else if (strcmp(argument, "--min-time") == 0) {
      options->plan.min_seconds = atof(value);
    } else if (strcmp(argument, "--max-call") == 0) {
      options->plan.max_seconds_per_call = atof(value);
    } else if (strcmp(argument, "--only") == 0) {
      options->only.push_back(value);
    } else if (strcmp(argument, "--haystacks") == 0) {
      options->haystacks = value;
    } else if (strcmp(argument, "--engines") == 0) {
      options->engines = value;
    } else if (strcmp(argument, "--plot-data") == 0) {
      options->plot_data = value;
    } else if (strcmp(argument, "--workloads") == 0) {
      options->workloads = value;
    } else if (strcmp(argument, "--word-lists") == 0) {
      options->word_lists = value;
    } else if (strcmp(argument, "--engine") == 0) {
      options->engine = value;
    } else if (strcmp(argument, "--calls") == 0) {
      options->calls = atol(value);
    } else if (argument[0] == '-' || options->data_dir != NULL) {
      fprintf(stderr, "bench_suite: unexpected argument %s (see the usage in bench_main.cpp)\n",
              argument);
      return -1;
    } else {
      options->data_dir = argument;
      takes_value = false;
    }
    index += takes_value ? 1 : 0;
  }
  if (options->plan.repetitions < 1 || options->plan.min_seconds < 0 ||
      (options->engine != NULL && options->calls < 0)) {
    fprintf(stderr, "bench_suite: bad --repetitions, --min-time or --calls\n");
    return -1;
  }
  return 0;
}

/* The engines to time: all of them, or those --engines names (in the
 * build's order, so pcre2-jit, the first, stays the base of the ratios). */
static std::vector<const bench_engine *> chosen_engines(const bench_options &options) {
  size_t count = 0;
  const bench_engine *const *engines = bench_engines(&count);
  std::vector<const bench_engine *> chosen;
  for (size_t engine = 0; engine < count; engine++) {
    std::string list = "," + options.engines + ",";
    if (engine == 0 || options.engines.empty() ||
        list.find("," + std::string(engines[engine]->name) + ",") != std::string::npos) {
      chosen.push_back(engines[engine]);
    }
  }
  return chosen;
}

static int run(const bench_options &options) {
  std::vector<bench_workload> workloads;
  if (bench_workloads_read(options.workloads, options.word_lists, &workloads) != 0) {
    return 1;
  }
  std::vector<const bench_engine *> chosen = chosen_engines(options);
  const bench_engine *const *engines = chosen.data();
  size_t engine_count = chosen.size();
  std::map<std::string, std::string> haystacks;
  std::vector<bench_row> rows;
  int errors = 0;
  for (const bench_workload &workload : workloads) {
    if (!selected(options, workload)) {
      continue;
    }
    const std::string empty;
    const std::string *haystack = &empty;
    std::string cut_haystack;
    if (workload.kind != BENCH_KIND_COMPILE) {
      haystack = load_haystack(&haystacks, workload.haystack, options.data_dir);
      if (haystack == NULL) {
        return 1;
      }
    }
    bool cut = options.smoke && haystack->size() > SMOKE_HAYSTACK_BYTES;
    if (cut) {
      size_t end = haystack->find('\n', SMOKE_HAYSTACK_BYTES);
      cut_haystack = haystack->substr(0, end == std::string::npos ? haystack->size() : end + 1);
      haystack = &cut_haystack;
    }
    if (options.engine != NULL) {
      errors += run_calls(options, workload, haystack) != 0;
      continue;
    }
    bench_pattern pattern = bench_workload_pattern(workload);
    bench_row row;
    row.workload = &workload;
    row.haystack_bytes = haystack->size();
    row.subjects = (haystack->size() + BENCH_SHORT_SUBJECT_LENGTH - 1) / BENCH_SHORT_SUBJECT_LENGTH;
    if (pattern.kind == BENCH_KIND_LINE_GROUPS || pattern.kind == BENCH_KIND_LINE_MATCH) {
      row.subjects = bench_line_count(*haystack);
    }
    row.cells.resize(engine_count);
    for (size_t engine = 0; engine < engine_count; engine++) {
      measure_engine(engines[engine], &pattern, haystack, &options.plan, &row.cells[engine]);
    }
    errors += check_counts(engines, &row, cut);
    fprintf(stderr, "bench_suite: %s done\n", bench_workload_id(workload).c_str());
    rows.push_back(row);
  }
  if (options.engine == NULL) {
    bench_report_markdown(stdout, engines, engine_count, rows);
    if (options.plot_data != NULL &&
        bench_report_plot_data(options.plot_data, engines, engine_count, rows) != 0) {
      errors++;
    }
  }
  if (errors > 0) {
    fprintf(stderr, "bench_suite: %d error(s)\n", errors);
  }
  return errors > 0 ? 1 : 0;
}

int main(int argc, char **argv) {
  bench_options options;
  if (parse_options(argc, argv, &options) != 0) {
    return 2;
  }
  try {
    return run(options);
  } catch (const std::bad_alloc &) {
    fprintf(stderr, "bench_suite: out of memory\n");
    return 1;
  }
}
