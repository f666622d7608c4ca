/* The interface every regex engine of the benchmark implements, and the
 * list of engines this build has. An engine turns one workload pattern into
 * a private state, then counts matches in a haystack with that state; all
 * counts follow PCRE2's rules for successive non-overlapping matches. */
#ifndef BENCH_ENGINE_H
#define BENCH_ENGINE_H

#include <stddef.h>

/* What is measured for a workload (the "kind" column of workloads.tsv). */
enum bench_kind {
  BENCH_KIND_SCAN,         /* count every match in the haystack: throughput */
  BENCH_KIND_PATHOLOGICAL, /* as scan, on input that makes backtrackers explode */
  BENCH_KIND_SHORT,        /* one first-match call per 20-byte subject: latency */
  BENCH_KIND_COMPILE,      /* compile and free the pattern: compile time */
  BENCH_KIND_GROUPS,       /* every match with every group: capture throughput */
  BENCH_KIND_LINE_GROUPS,  /* one match per line with every group (log parsing) */
  BENCH_KIND_LINE_MATCH,   /* one match per line, the whole match only */
  BENCH_KIND_MATCHES       /* every match, the whole match only (one ovector pair) */
};

/* Whether the kind reads capture offsets (and checks their checksum). */
static inline int bench_kind_captures(enum bench_kind kind) {
  return kind == BENCH_KIND_GROUPS || kind == BENCH_KIND_LINE_GROUPS ||
         kind == BENCH_KIND_LINE_MATCH || kind == BENCH_KIND_MATCHES;
}

/* An ovector entry of a group that did not participate. */
#define BENCH_UNSET ((size_t)-1)

/* Folds one ovector entry into a checksum (FNV-1a's step over the whole
 * 64-bit offset: one multiply, so the fold costs every engine little next
 * to a short match; unset entries are BENCH_UNSET), the same fold as
 * expected_counts.py's, so that every offset of every match is checked. */
static inline void bench_checksum_fold(unsigned long long *checksum, size_t offset) {
  *checksum = (*checksum ^ (unsigned long long)offset) * 0x100000001b3ull;
}

/* Where every checksum starts (FNV-1a's offset basis). */
#define BENCH_CHECKSUM_START 0xcbf29ce484222325ull

typedef struct bench_pattern {
  const char *text;
  size_t length;
  int caseless;
  int utf; /* the pattern and subjects are UTF-8 (PCRE2_UTF and its equivalents) */
  /* A word list: the pattern is the words joined by '|'; an engine with
   * a multi-pattern mode (Vectorscan) compiles the words as patterns. */
  const char *const *words;
  size_t word_count;
  enum bench_kind kind;
  /* Choosing matches greedily by end offset gives the leftmost-first count:
   * fixed-length alternatives that can never overlap each other. Only then
   * is an engine that reports every match end (Vectorscan) comparable. */
  int ends_suffice;
} bench_pattern;

/* Return values of the counting functions besides counts (>= 0). */
static const int BENCH_FAILED = -1;    /* the engine reported an error */
static const int BENCH_LIMIT_HIT = -2; /* a backtracking limit stopped the match */
static const int BENCH_SKIPPED = -3;   /* prepare: this engine's answer is not comparable */

typedef struct bench_engine {
  const char *name;
  /* Compiles the pattern into *state. Returns 0, BENCH_SKIPPED (with a
   * short reason) when the engine's semantics differ for this pattern, or
   * BENCH_FAILED. */
  int (*prepare)(const bench_pattern *pattern, void **state, const char **skip_reason);
  /* Non-overlapping matches in subject[0..length), or a negative code. */
  long (*count)(void *state, const char *subject, size_t length);
  /* 1 if subject[0..length) has a match, 0 if not, or a negative code. */
  int (*has_match)(void *state, const char *subject, size_t length);
  /* Capture kinds. The first match in subject[0..length) with `pairs`
   * ovector pairs (the whole match and the first groups; unset ones
   * BENCH_UNSET): 1 and ovector filled, 0 for no match, or a negative
   * code. A pattern prepared for BENCH_KIND_LINE_MATCH is only asked for
   * one pair, otherwise for all of its groups. */
  int (*first_match)(void *state, const char *subject, size_t length, size_t pairs,
                     size_t *ovector);
  /* The groups of the pattern plus one: the pairs an ovector needs. */
  size_t (*pairs)(void *state);
  /* As count, reading the first `pairs` ovector pairs of every match (all
   * of its groups, or 1: the whole match only) and folding their offsets
   * into *checksum (bench_checksum_fold, in match order). */
  long (*scan_groups)(void *state, const char *subject, size_t length, size_t pairs,
                      unsigned long long *checksum);
  void (*release)(void *state);
  /* Which of its own engines ran the pattern (jrx: interpreter or native
   * code), for the report; NULL for engines with only one. */
  const char *(*describe)(void *state);
} bench_engine;

/* The engines compiled into this build, PCRE2-JIT first because every
 * ratio is relative to it. */
const bench_engine *const *bench_engines(size_t *count);

extern const bench_engine bench_engine_jrx;
extern const bench_engine bench_engine_jrx_interpreter;
extern const bench_engine bench_engine_pcre2_jit;
extern const bench_engine bench_engine_pcre2_interpreter;
extern const bench_engine bench_engine_re2;
extern const bench_engine bench_engine_vectorscan;

#endif
