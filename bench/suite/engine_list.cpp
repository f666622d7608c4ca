/* Which engines this build compares. RE2 and Vectorscan are optional at
 * build time (BENCH_HAVE_RE2, BENCH_HAVE_VECTORSCAN); jrx's interpreter
 * gets its own column only where jrx otherwise runs native code. */
#include "engine.h"

static const bench_engine *const engines[] = {
    &bench_engine_pcre2_jit,
    &bench_engine_pcre2_interpreter,
    &bench_engine_jrx,
#if defined(__aarch64__)
    &bench_engine_jrx_interpreter,
#endif
#ifdef BENCH_HAVE_RE2
    &bench_engine_re2,
#endif
#ifdef BENCH_HAVE_VECTORSCAN
    &bench_engine_vectorscan,
#endif
};

const bench_engine *const *bench_engines(size_t *count) {
  *count = sizeof engines / sizeof engines[0];
  return engines;
}
