/* Parses workloads.tsv: '#' lines are comments, every other line has seven
 * tab-separated fields: name, kind, haystack, flags, vectorscan, expected
 * (count/checksum for capture kinds), pattern. The pattern comes last so
 * that it may contain any byte but tab and newline, with no escaping;
 * "@words:HAYSTACK:COUNT" names a word list instead. */
#include "workloads.h"

#include <stdio.h>
#include <stdlib.h>

#include <fstream>

static int parse_kind(const std::string &text, enum bench_kind *kind) {
  static const struct {
    const char *name;
    enum bench_kind kind;
  } kinds[] = {{"scan", BENCH_KIND_SCAN},
               {"pathological", BENCH_KIND_PATHOLOGICAL},
               {"short", BENCH_KIND_SHORT},
               {"compile", BENCH_KIND_COMPILE},
               {"groups", BENCH_KIND_GROUPS},
               {"line-groups", BENCH_KIND_LINE_GROUPS},
               {"line-match", BENCH_KIND_LINE_MATCH},
               {"matches", BENCH_KIND_MATCHES}};
  for (const auto &entry : kinds) {
    if (text == entry.name) {
      *kind = entry.kind;
      return 0;
    }
  }
  return -1;
}

/* "-", a count, or for capture kinds "count/checksum" (hexadecimal). */
static int parse_expected(const std::string &text, bench_workload *workload) {
  workload->expected_checksum = 0;
  if (text == "-") {
    workload->expected_count = BENCH_NO_EXPECTED_COUNT;
    return bench_kind_captures(workload->kind) ? -1 : 0;
  }
  char *end = NULL;
  long value = strtol(text.c_str(), &end, 10);
  if (text.empty() || end == text.c_str() || value < 0) {
    return -1;
  }
  workload->expected_count = value;
  if (!bench_kind_captures(workload->kind)) {
    return *end == '\0' ? 0 : -1;
  }
  if (*end != '/' || end[1] == '\0') {
    return -1;
  }
  const char *checksum = end + 1;
  workload->expected_checksum = strtoull(checksum, &end, 16);
  return *end == '\0' ? 0 : -1;
}

static int parse_line(const std::string &line, bench_workload *workload) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (fields.size() < 6) {
    size_t tab = line.find('\t', start);
    if (tab == std::string::npos) {
      return -1;
    }
    fields.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  workload->name = fields[0];
  workload->haystack = fields[2];
  workload->pattern = line.substr(start);
  if (workload->name.empty() || workload->pattern.empty() ||
      parse_kind(fields[1], &workload->kind) != 0 || parse_expected(fields[5], workload) != 0) {
    return -1;
  }
  if (fields[3] != "-" && fields[3] != "i" && fields[3] != "u" && fields[3] != "iu") {
    return -1;
  }
  workload->caseless = fields[3].find('i') != std::string::npos;
  workload->utf = fields[3].find('u') != std::string::npos;
  if (fields[4] != "yes" && fields[4] != "no") {
    return -1;
  }
  workload->ends_suffice = fields[4] == "yes";
  return 0;
}

/* "@words:HAYSTACK:COUNT" becomes the words of
 * word_lists_dir/HAYSTACK-COUNT.txt (one a line) joined by '|'. */
static int read_word_list(const char *word_lists_dir, bench_workload *workload) {
  const std::string prefix = "@words:";
  if (workload->pattern.compare(0, prefix.size(), prefix) != 0) {
    return 0;
  }
  std::string spec = workload->pattern.substr(prefix.size());
  size_t colon = spec.find(':');
  if (colon == std::string::npos) {
    return -1;
  }
  if (word_lists_dir == NULL) {
    workload->word_list_missing = true; /* such workloads are skipped */
    return 0;
  }
  std::string path = std::string(word_lists_dir) + "/" + spec.substr(0, colon) + "-" +
                     spec.substr(colon + 1) + ".txt";
  std::ifstream input(path);
  if (!input) {
    fprintf(stderr, "bench_suite: cannot read %s\n", path.c_str());
    return -1;
  }
  std::string word;
  workload->pattern.clear();
  while (std::getline(input, word)) {
    if (!word.empty()) {
      workload->pattern += (workload->pattern.empty() ? "" : "|") + word;
      workload->words.push_back(word);
    }
  }
  return workload->words.empty() ? -1 : 0;
}

int bench_workloads_read(const char *path, const char *word_lists_dir,
                         std::vector<bench_workload> *workloads) {
  std::ifstream input(path);
  if (!input) {
    fprintf(stderr, "bench_suite: cannot read %s\n", path);
    return -1;
  }
  std::string line;
  int line_number = 0;
  while (std::getline(input, line)) {
    line_number++;
    if (line.empty() || line[0] == '#') {
      continue;
    }
    bench_workload workload;
    if (parse_line(line, &workload) != 0) {
      fprintf(stderr, "bench_suite: %s:%d: malformed workload\n", path, line_number);
      return -1;
    }
    if (read_word_list(word_lists_dir, &workload) != 0) {
      return -1;
    }
    workloads->push_back(workload);
  }
  for (bench_workload &workload : *workloads) {
    for (const std::string &word : workload.words) {
      workload.word_pointers.push_back(word.c_str());
    }
  }
  return 0;
}

bench_pattern bench_workload_pattern(const bench_workload &workload) {
  bench_pattern pattern;
  pattern.text = workload.pattern.c_str();
  pattern.length = workload.pattern.size();
  pattern.caseless = workload.caseless;
  pattern.utf = workload.utf;
  pattern.words = workload.word_pointers.empty() ? NULL : workload.word_pointers.data();
  pattern.word_count = workload.word_pointers.size();
  pattern.kind = workload.kind;
  pattern.ends_suffice = workload.ends_suffice;
  return pattern;
}

std::string bench_workload_id(const bench_workload &workload) {
  return workload.name + "/" + workload.haystack;
}
