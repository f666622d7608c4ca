/* Vectorscan (Hyperscan's portable fork) as a benchmark engine. It reports
 * every end offset at which the pattern matches, not PCRE2's successive
 * leftmost-first matches, so counts are comparable only where choosing
 * matches greedily by end gives the same answer (bench_pattern's
 * ends_suffice: fixed-length literals that cannot overlap each other) and
 * for "is there a match at all" (the short-subject workloads). Word lists
 * compile in its multi-pattern literal mode (hs_compile_lit_multi). */
#include "engine.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include <hs/hs.h>

typedef struct vectorscan_state {
  hs_database_t *database;
  hs_scratch_t *scratch;
} vectorscan_state;

static void release(void *state) {
  vectorscan_state *vectorscan = static_cast<vectorscan_state *>(state);
  hs_free_scratch(vectorscan->scratch);
  hs_free_database(vectorscan->database);
  free(vectorscan);
}

static int prepare(const bench_pattern *pattern, void **state, const char **skip_reason) {
  unsigned int flags =
      (pattern->caseless ? HS_FLAG_CASELESS : 0) | (pattern->utf ? HS_FLAG_UTF8 : 0);
  if (bench_kind_captures(pattern->kind)) {
    *skip_reason = "has no capture groups";
    return BENCH_SKIPPED;
  }
  if (pattern->kind == BENCH_KIND_SCAN || pattern->kind == BENCH_KIND_PATHOLOGICAL) {
    if (!pattern->ends_suffice) {
      *skip_reason = "reports match ends, not leftmost-first spans";
      return BENCH_SKIPPED;
    }
    /* Start offsets are needed to drop the matches that overlap. */
    flags |= HS_FLAG_SOM_LEFTMOST;
  }
  vectorscan_state *vectorscan = static_cast<vectorscan_state *>(calloc(1, sizeof *vectorscan));
  if (vectorscan == NULL) {
    return BENCH_FAILED;
  }
  if (pattern->utf) {
    /* Case folding beyond ASCII needs Unicode properties. */
    flags |= HS_FLAG_UTF8 | (pattern->caseless ? HS_FLAG_UCP : 0);
  }
  /* hs_compile wants a NUL-terminated pattern; workload patterns are. A
   * word list compiles in multi-pattern mode, each word a literal. */
  hs_compile_error_t *error = NULL;
  hs_error_t status;
  if (pattern->words != NULL) {
    std::vector<unsigned int> word_flags(pattern->word_count, flags);
    std::vector<unsigned int> ids(pattern->word_count, 0);
    std::vector<size_t> lengths;
    for (size_t i = 0; i < pattern->word_count; i++) {
      lengths.push_back(strlen(pattern->words[i]));
    }
    status = hs_compile_lit_multi(pattern->words, word_flags.data(), ids.data(), lengths.data(),
                                  static_cast<unsigned int>(pattern->word_count), HS_MODE_BLOCK,
                                  NULL, &vectorscan->database, &error);
  } else {
    status = hs_compile(pattern->text, flags, HS_MODE_BLOCK, NULL, &vectorscan->database, &error);
  }
  if (status != HS_SUCCESS) {
    hs_free_compile_error(error);
    free(vectorscan);
    return BENCH_FAILED;
  }
  if (hs_alloc_scratch(vectorscan->database, &vectorscan->scratch) != HS_SUCCESS) {
    release(vectorscan);
    return BENCH_FAILED;
  }
  *state = vectorscan;
  return 0;
}

typedef struct greedy_count {
  unsigned long long last_end;
  long count;
} greedy_count;

static int on_match_count(unsigned int id, unsigned long long from, unsigned long long to,
                          unsigned int flags, void *context) {
  (void)id;
  (void)flags;
  greedy_count *greedy = static_cast<greedy_count *>(context);
  if (greedy->count == 0 || from >= greedy->last_end) {
    greedy->count++;
    greedy->last_end = to;
  }
  return 0;
}

static long count_matches(void *state, const char *subject, size_t length) {
  vectorscan_state *vectorscan = static_cast<vectorscan_state *>(state);
  greedy_count greedy = {0, 0};
  if (length > UINT_MAX) {
    return BENCH_FAILED; /* hs_scan takes an unsigned int length */
  }
  if (hs_scan(vectorscan->database, subject, static_cast<unsigned int>(length), 0,
              vectorscan->scratch, on_match_count, &greedy) != HS_SUCCESS) {
    return BENCH_FAILED;
  }
  return greedy.count;
}

static int on_match_stop(unsigned int id, unsigned long long from, unsigned long long to,
                         unsigned int flags, void *context) {
  (void)id;
  (void)from;
  (void)to;
  (void)flags;
  (void)context;
  return 1; /* the first match answers the question: stop scanning */
}

static int has_match(void *state, const char *subject, size_t length) {
  vectorscan_state *vectorscan = static_cast<vectorscan_state *>(state);
  if (length > UINT_MAX) {
    return BENCH_FAILED;
  }
  hs_error_t status = hs_scan(vectorscan->database, subject, static_cast<unsigned int>(length), 0,
                              vectorscan->scratch, on_match_stop, NULL);
  if (status == HS_SCAN_TERMINATED) {
    return 1;
  }
  return status == HS_SUCCESS ? 0 : BENCH_FAILED;
}

const bench_engine bench_engine_vectorscan = {
    "vectorscan", prepare, count_matches, has_match, NULL, NULL, NULL, release, NULL};
