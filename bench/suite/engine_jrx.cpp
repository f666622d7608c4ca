/* jrx as a benchmark engine, with its default engine choice (native code
 * on arm64) and forced onto its portable interpreter (JRX_NO_JIT). Counts
 * come from jrx_iterator, which applies PCRE2's empty-match rule. */
#include "engine.h"

#include "jrx.h"

static int prepare_with(const bench_pattern *pattern, uint32_t options, void **state) {
  if (pattern->caseless) {
    options |= JRX_CASELESS;
  }
  if (pattern->utf) {
    options |= JRX_UTF;
  }
  int errcode = 0;
  size_t erroffset = 0;
  jrx *re = jrx_compile(pattern->text, pattern->length, options, &errcode, &erroffset);
  *state = re;
  return re == NULL ? BENCH_FAILED : 0;
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
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, static_cast<const jrx *>(state), subject, length, 0, 0);
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
  int status = jrx_match(static_cast<const jrx *>(state), subject, length, 0, 0, ovector, 1);
  if (status == JRX_NOMATCH) {
    return 0;
  }
  return status >= 0 ? 1 : BENCH_FAILED;
}

static void release(void *state) { jrx_free(static_cast<jrx *>(state)); }

static const char *describe(void *state) { return jrx_engine(static_cast<const jrx *>(state)); }

const bench_engine bench_engine_jrx = {"jrx", prepare_default, count_matches, has_match, release,
                                      describe};
const bench_engine bench_engine_jrx_interpreter = {
    "jrx-interp", prepare_interpreter, count_matches, has_match, release, describe};
