/* oracle_jrx: runs cases with jrx through its public API, formatting the
 * results exactly as oracle_pcre2 formats PCRE2's. */
#ifndef JRX_ORACLE_JRX_H
#define JRX_ORACLE_JRX_H

#include "oracle_case.h"
#include "oracle_outcome.h"

/* Runs the case adding extra_compile_options (e.g. JRX_NO_JIT); the
 * iteration uses jrx_iterator. Returns 0, or -1 when out of memory. */
int oracle_run_jrx(const oracle_case *item, unsigned extra_compile_options,
                   oracle_outcome *outcome);

#endif
