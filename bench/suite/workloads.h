/* The benchmark's workloads, read from workloads.tsv: each is a pattern
 * with options, the haystack it runs on, what is measured, and the match
 * count every engine must report (checked, never just printed). */
#ifndef BENCH_WORKLOADS_H
#define BENCH_WORKLOADS_H

#include <string>
#include <vector>

#include "engine.h"

/* Length of each subject of the short-subject workloads. */
#define BENCH_SHORT_SUBJECT_LENGTH 20

/* expected_count when no fixed count exists (the haystack is this
 * repository's own, changing source): engines must only agree. */
#define BENCH_NO_EXPECTED_COUNT (-1L)

typedef struct bench_workload {
  std::string name;
  std::string haystack; /* a name bench_haystack_load knows, or "-" */
  std::string pattern;
  enum bench_kind kind;
  int caseless;
  int utf;
  /* A pattern "@words:HAYSTACK:COUNT" is a word list written by
   * word_lists.py into the --word-lists folder: its words, in order. */
  std::vector<std::string> words;
  std::vector<const char *> word_pointers;
  bool word_list_missing = false; /* no --word-lists: the workload is skipped */
  int ends_suffice;
  long expected_count;
  /* Capture kinds: the checksum of every offset reported (engine.h's
   * bench_checksum_fold), written "count/checksum" in hexadecimal in the
   * expected column. */
  unsigned long long expected_checksum;
} bench_workload;

/* Reads path; on failure prints why (file and line) and returns -1.
 * Word-list patterns are read from word_lists_dir (NULL: those workloads
 * are marked word_list_missing). */
int bench_workloads_read(const char *path, const char *word_lists_dir,
                         std::vector<bench_workload> *workloads);

/* The engine-facing view of a workload; valid while the workload lives. */
bench_pattern bench_workload_pattern(const bench_workload &workload);

/* "name/haystack", how workloads are named on the command line. */
std::string bench_workload_id(const bench_workload &workload);

#endif
