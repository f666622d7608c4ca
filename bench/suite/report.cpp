/* Formats results. Every ratio is PCRE2-JIT's time for the same work over
 * the engine's time, so above 1 means faster than PCRE2-JIT whatever the
 * unit of the table. PCRE2-JIT is engine 0 (see bench_engines). */
#include "report.h"

#include <math.h>
#include <string.h>

#include <map>
#include <string>

typedef struct table_kind {
  const char *title;
  const char *unit;
  enum bench_kind kinds[4];
} table_kind;

static const table_kind tables[] = {
    {"Throughput (count all matches)", "MB/s, higher is better",
     {BENCH_KIND_SCAN, BENCH_KIND_PATHOLOGICAL, BENCH_KIND_PATHOLOGICAL,
      BENCH_KIND_PATHOLOGICAL}},
    {"Capture groups (groups: every match with all its groups; matches: every match, whole "
     "match only; line-groups: one match per line with all groups; line-match: one match per "
     "line, whole match only; offsets checked)",
     "MB/s, higher is better",
     {BENCH_KIND_GROUPS, BENCH_KIND_MATCHES, BENCH_KIND_LINE_GROUPS, BENCH_KIND_LINE_MATCH}},
    {"Short subjects (compile once, one match call per 20-byte subject)",
     "ns per call, lower is better",
     {BENCH_KIND_SHORT, BENCH_KIND_SHORT, BENCH_KIND_SHORT, BENCH_KIND_SHORT}},
    {"Compile time (compile and free)", "microseconds, lower is better",
     {BENCH_KIND_COMPILE, BENCH_KIND_COMPILE, BENCH_KIND_COMPILE, BENCH_KIND_COMPILE}},
};

static double shown_value(const bench_row &row, const bench_cell &cell) {
  switch (row.workload->kind) {
  case BENCH_KIND_SCAN:
  case BENCH_KIND_PATHOLOGICAL:
  case BENCH_KIND_GROUPS:
  case BENCH_KIND_LINE_GROUPS:
  case BENCH_KIND_LINE_MATCH:
  case BENCH_KIND_MATCHES:
    return static_cast<double>(row.haystack_bytes) / cell.seconds_per_call / 1e6;
  case BENCH_KIND_SHORT:
    return cell.seconds_per_call / static_cast<double>(row.subjects) * 1e9;
  case BENCH_KIND_COMPILE:
    return cell.seconds_per_call * 1e6;
  }
  return 0;
}

static std::string format_number(double value) {
  char buffer[64];
  snprintf(buffer, sizeof buffer, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
  return buffer;
}

/* Two significant digits, without an exponent for large ratios. */
static std::string format_ratio(double ratio) {
  char buffer[64];
  snprintf(buffer, sizeof buffer, ratio >= 10 ? "%.0fx" : "%.2gx", ratio);
  return buffer;
}

static std::string format_cell(const bench_row &row, const bench_cell &cell,
                               const bench_cell &baseline) {
  switch (cell.outcome) {
  case BENCH_OUTCOME_SKIPPED:
    return "n/c";
  case BENCH_OUTCOME_FAILED:
    return "**error**";
  case BENCH_OUTCOME_WRONG_COUNT:
    return "**wrong count " + std::to_string(cell.count) + "**";
  case BENCH_OUTCOME_LIMIT_HIT:
    return "limit hit after " + format_number(cell.seconds_per_call * 1e3) + " ms";
  case BENCH_OUTCOME_MEASURED:
    break;
  }
  std::string text = format_number(shown_value(row, cell));
  if (baseline.outcome == BENCH_OUTCOME_MEASURED) {
    text += " (" + format_ratio(baseline.seconds_per_call / cell.seconds_per_call) + ")";
  }
  return cell.single_call ? text + " [1 call]" : text;
}

static bool in_table(const table_kind &table, const bench_row &row) {
  for (enum bench_kind kind : table.kinds) {
    if (row.workload->kind == kind) {
      return true;
    }
  }
  return false;
}

static std::string format_size(size_t bytes) {
  return bytes >= 10000 ? std::to_string((bytes + 500) / 1000) + " KB"
                        : std::to_string(bytes) + " B";
}

static std::string format_count(const bench_row &row) {
  if (row.workload->kind == BENCH_KIND_COMPILE) {
    return "-";
  }
  std::string count = row.workload->expected_count == BENCH_NO_EXPECTED_COUNT
                          ? "agreed"
                          : std::to_string(row.workload->expected_count);
  if (row.workload->kind == BENCH_KIND_SHORT) {
    count += " of " + std::to_string(row.subjects);
  } else if (row.workload->kind == BENCH_KIND_LINE_GROUPS ||
             row.workload->kind == BENCH_KIND_LINE_MATCH) {
    count += " of " + std::to_string(row.subjects) + " lines";
  }
  return count;
}

static void print_table(FILE *out, const table_kind &table, const bench_engine *const *engines,
                        size_t engine_count, const std::vector<bench_row> &rows) {
  fprintf(out, "### %s: %s\n\n| workload | haystack | size | matches |", table.title, table.unit);
  for (size_t engine = 0; engine < engine_count; engine++) {
    fprintf(out, " %s |", engines[engine]->name);
  }
  fprintf(out, "\n|---|---|--:|--:|");
  for (size_t engine = 0; engine < engine_count; engine++) {
    fprintf(out, "--:|");
  }
  fprintf(out, "\n");
  for (const bench_row &row : rows) {
    if (!in_table(table, row)) {
      continue;
    }
    std::string size =
        row.workload->kind == BENCH_KIND_COMPILE ? "-" : format_size(row.haystack_bytes);
    fprintf(out, "| %s | %s | %s | %s |", row.workload->name.c_str(),
            row.workload->haystack.c_str(), size.c_str(), format_count(row).c_str());
    for (size_t engine = 0; engine < engine_count; engine++) {
      fprintf(out, " %s |", format_cell(row, row.cells[engine], row.cells[0]).c_str());
    }
    fprintf(out, "\n");
  }
  fprintf(out, "\n");
}

/* Each engine's ratios to PCRE2-JIT over the rows both measured: the
 * geomean hides the rows where an engine loses, so the worst row and the
 * number of rows below 1x stand beside it. */
static void print_summary(FILE *out, const bench_engine *const *engines, size_t engine_count,
                          const std::vector<bench_row> &rows) {
  std::string lines;
  for (size_t table = 0; table <= sizeof tables / sizeof tables[0]; table++) {
    bool all_tables = table == sizeof tables / sizeof tables[0];
    for (size_t engine = 1; engine < engine_count; engine++) {
      size_t compared = 0, below = 0;
      double log_sum = 0, worst = 0;
      const bench_row *worst_row = NULL;
      for (const bench_row &row : rows) {
        const bench_cell &cell = row.cells[engine], &baseline = row.cells[0];
        if ((!all_tables && !in_table(tables[table], row)) ||
            cell.outcome != BENCH_OUTCOME_MEASURED || baseline.outcome != BENCH_OUTCOME_MEASURED) {
          continue;
        }
        double ratio = baseline.seconds_per_call / cell.seconds_per_call;
        compared++;
        below += ratio < 1;
        log_sum += log(ratio);
        if (worst_row == NULL || ratio < worst) {
          worst = ratio;
          worst_row = &row;
        }
      }
      if (compared == 0) {
        continue;
      }
      const char *title = all_tables ? "all" : tables[table].title;
      std::string short_title(title, strcspn(title, " ("));
      lines += "| " + short_title + " | " + engines[engine]->name + " | " +
               std::to_string(compared) + " | " + format_ratio(exp(log_sum / compared)) + " | " +
               std::to_string(below) + " | " + worst_row->workload->name + "/" +
               worst_row->workload->haystack + " " + format_ratio(worst) + " |\n";
    }
  }
  if (!lines.empty()) {
    fprintf(out, "\n### Summary against %s\n\n| rows | engine | compared | geomean | below 1x | "
                 "worst |\n|---|---|--:|--:|--:|---|\n%s",
            engines[0]->name, lines.c_str());
  }
}

/* Says which inner engine ran each measured row, e.g. whether jrx ran
 * native code or its interpreter, so numbers are read for what they are. */
static void print_engine_details(FILE *out, const bench_engine *const *engines,
                                 size_t engine_count, const std::vector<bench_row> &rows) {
  for (size_t engine = 0; engine < engine_count; engine++) {
    std::map<std::string, int> rows_per_detail;
    for (const bench_row &row : rows) {
      if (!row.cells[engine].detail.empty()) {
        rows_per_detail[row.cells[engine].detail]++;
      }
    }
    if (rows_per_detail.empty()) {
      continue;
    }
    fprintf(out, "\n- %s ran as:", engines[engine]->name);
    const char *separator = " ";
    for (const auto &entry : rows_per_detail) {
      fprintf(out, "%s%s (%d rows)", separator, entry.first.c_str(), entry.second);
      separator = ", ";
    }
    fprintf(out, ".");
  }
  fprintf(out, "\n");
}

void bench_report_markdown(FILE *out, const bench_engine *const *engines, size_t engine_count,
                           const std::vector<bench_row> &rows) {
  for (const table_kind &table : tables) {
    bool any = false;
    for (const bench_row &row : rows) {
      any = any || in_table(table, row);
    }
    if (any) {
      print_table(out, table, engines, engine_count, rows);
    }
  }
  fprintf(out, "(Nx) = speed relative to pcre2-jit in the same run (above 1 is faster); "
               "n/c = not comparable, see bench/README.md; [1 call] = one call took over "
               "the per-call limit and was the only one timed.\n");
  print_summary(out, engines, engine_count, rows);
  print_engine_details(out, engines, engine_count, rows);
}

int bench_report_plot_data(const char *path, const bench_engine *const *engines,
                           size_t engine_count, const std::vector<bench_row> &rows) {
  FILE *out = fopen(path, "w");
  if (out == NULL) {
    perror(path);
    return -1;
  }
  fprintf(out, "workload");
  for (size_t engine = 0; engine < engine_count; engine++) {
    fprintf(out, " %s", engines[engine]->name);
  }
  fprintf(out, "\n");
  for (const bench_row &row : rows) {
    if (row.workload->kind != BENCH_KIND_SCAN) {
      continue;
    }
    fprintf(out, "%s/%s", row.workload->name.c_str(), row.workload->haystack.c_str());
    for (size_t engine = 0; engine < engine_count; engine++) {
      const bench_cell &cell = row.cells[engine];
      if (cell.outcome == BENCH_OUTCOME_MEASURED) {
        fprintf(out, " %.1f", shown_value(row, cell));
      } else {
        fprintf(out, " -");
      }
    }
    fprintf(out, "\n");
  }
  return fclose(out) == 0 ? 0 : -1;
}
