/* jrx as a benchmark engine, with its default engine choice (native code
 * on arm64) and forced onto its portable interpreter (JRX_NO_JIT). Counts
 * come from jrx_iterator, which applies PCRE2's empty-match rule. Capture
 * workloads match with a jrx_match_data made once, as the PCRE2 engine
 * uses one pcre2_match_data. */
#include "engine.h"

#include <stdlib.h>

#include "jrx.h"

#include <new>

/* A pattern and the match data its calls use, made once as the PCRE2
 * engine makes its pcre2_match_data: a program matching in a loop passes
 * its own (jrx_match alone takes one of the pattern's cached ones and
 * gives it back on every call). */
typedef struct jrx_state {
  jrx *re;
  jrx_match_data *data;
  size_t *ovector; /* the pattern's groups + 1 pairs */
} jrx_state;

static void release(void *state) {
  jrx_state *engine = static_cast<jrx_state *>(state);
  free(engine->ovector);
  jrx_match_data_free(engine->data);
  jrx_free(engine->re);
  delete engine;
}

static int prepare_with(const bench_pattern *pattern, uint32_t options, void **state) {
  if (pattern->caseless) {
    options |= JRX_CASELESS;
  }
  if (pattern->utf) {
    options |= JRX_UTF;
  }
  int errcode = 0;
  size_t erroffset = 0;
  jrx_state *engine = new (std::nothrow) jrx_state{NULL, NULL, NULL};
  if (engine == NULL) {
    return BENCH_FAILED;
  }
  engine->re = jrx_compile(pattern->text, pattern->length, options, &errcode, &erroffset);
  if (engine->re == NULL || jrx_match_data_create(engine->re, &engine->data) != 0 ||
      (engine->ovector = static_cast<size_t *>(
           calloc(2 * (jrx_capture_count(engine->re) + 1), sizeof(size_t)))) == NULL) {
    release(engine);
    return BENCH_FAILED;
  }
  *state = engine;
  return 0;
}

static int prepare_default(const bench_pattern *pattern, void **state, const char **skip_reason) {
  (void)skip_reason;
  return prepare_with(pattern, 0, state);
}

static int prepare_interpreter(const bench_pattern *pattern, void **state,
                               const char **skip_reason) {
  (void)skip_reason;
  return prepare_with(pattern, JRX_NO_JIT, state);
}

static long count_matches(void *state, const char *subject, size_t length) {
  const jrx_state *engine = static_cast<const jrx_state *>(state);
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, engine->re, subject, length, 0, 0);
  jrx_iterator_set_match_data(&iterator, engine->data);
  size_t ovector[2];
  long count = 0;
  int status;
  while ((status = jrx_iterator_next(&iterator, ovector, 1)) >= 0) {
    count++;
  }
  return status == JRX_NOMATCH ? count : BENCH_FAILED;
}

static int has_match(void *state, const char *subject, size_t length) {
  size_t ovector[2];
  const jrx_state *engine = static_cast<const jrx_state *>(state);
  int status = jrx_match_with(engine->re, engine->data, subject, length, 0, 0, ovector, 1);
  if (status == JRX_NOMATCH) {
    return 0;
  }
  return status >= 0 ? 1 : BENCH_FAILED;
}


static const char *describe(void *state) {
  return jrx_engine(static_cast<const jrx_state *>(state)->re);
}

/* JRX_UNSET is BENCH_UNSET, so the ovector is the caller's. */
static int first_match(void *state, const char *subject, size_t length, size_t pairs,
                       size_t *ovector) {
  jrx_state *engine = static_cast<jrx_state *>(state);
  int status = jrx_match_with(engine->re, engine->data, subject, length, 0, 0, ovector, pairs);
  if (status == JRX_NOMATCH) {
    return 0;
  }
  return status >= 0 ? 1 : BENCH_FAILED;
}

static size_t pairs(void *state) {
  return jrx_capture_count(static_cast<jrx_state *>(state)->re) + 1;
}

static long scan_groups(void *state, const char *subject, size_t length, size_t ovector_pairs,
                        unsigned long long *checksum) {
  jrx_state *engine = static_cast<jrx_state *>(state);
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, engine->re, subject, length, 0, 0);
  jrx_iterator_set_match_data(&iterator, engine->data);
  long count = 0;
  int status;
  while ((status = jrx_iterator_next(&iterator, engine->ovector, ovector_pairs)) >= 0) {
    for (size_t i = 0; i < 2 * ovector_pairs; i++) {
      bench_checksum_fold(checksum, engine->ovector[i]);
    }
    count++;
  }
  return status == JRX_NOMATCH ? count : BENCH_FAILED;
}


const bench_engine bench_engine_jrx = {"jrx",       prepare_default, count_matches, has_match,
                                      first_match, pairs,           scan_groups,   release,
                                      describe};
const bench_engine bench_engine_jrx_interpreter = {
    "jrx-interp", prepare_interpreter, count_matches, has_match, first_match,
    pairs,        scan_groups,         release,       describe};
