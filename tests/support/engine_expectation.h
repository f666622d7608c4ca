/* engine_expectation: what jrx_engine() must say after a comparison with
 * PCRE2, so that every oracle, differential and fuzz comparison fails when
 * native code quietly falls back to the interpreter (the answers would
 * still be right, and the JIT would go untested).
 *
 * In a build with the JIT (JRX_TEST_EXPECT_JIT, set by CMake for arm64
 * targets) a pattern compiled without JRX_NO_JIT must report exactly
 * "arm64-jit" after its matches (the Pike VM's code is built by the first
 * search that needs it, which can change the answer); elsewhere, and with
 * JRX_NO_JIT, exactly "interpreter". The one exception is a fallback for
 * lack of executable memory ("... no executable memory ..."), which a
 * platform may impose and tests/arm64/test_jit_fallback.c covers.
 *
 * Tests show the check works by making native code generation fail on
 * purpose: with JRX_TEST_FAIL_NATIVE_CODE=search,captures,pike (any
 * subset) in the environment, a program linking these checks makes those
 * parts' builds fail from its start (a constructor reads the variable;
 * an unknown part ends the program with status 2), so any comparison test
 * can be rerun with a fallback injected and must then fail. */
#ifndef JRX_ENGINE_EXPECTATION_H
#define JRX_ENGINE_EXPECTATION_H

#include <stdbool.h>
#include <stdint.h>

#include "jrx.h"

/* Whether this build runs native code (arm64), and tests of it apply. */
bool engine_expectation_native_code(void);

/* The engine a pattern compiled with compile_options must report here. */
const char *engine_expectation_expected(uint32_t compile_options);

/* Whether jrx_engine(re) is the expected engine, or a fallback for lack
 * of executable memory. Call it after the matches being compared. */
bool engine_expectation_met(const jrx *re, uint32_t compile_options);

/* The same for an engine name jrx_engine returned earlier (NULL: none). */
bool engine_expectation_name_met(const char *engine, uint32_t compile_options);

/* The searches behind stats (a match data's counts, jrx_match_stats) of
 * re, compiled with compile_options: in a build with the JIT and a
 * pattern whose native code was all built (jrx_engine says exactly
 * "arm64-jit"), none may have been answered by an engine in C that has a
 * native twin: the lazy DFA, the Pike VM (unless the program is too long
 * for its native code, jit_pike_pays), the capture engines' own
 * searches. The engine name only tells that native code was built; this
 * tells that the searches ran it. Always true elsewhere. */
bool engine_expectation_stats_met(const jrx *re, uint32_t compile_options,
                                  const jrx_match_stats *stats);

/* The line a failing check prints (format arguments: jrx_engine's answer,
 * then the expected engine); ctest's injected-failure variants look for
 * its start. */
#define ENGINE_EXPECTATION_FAILURE                                                  \
  "engine check: jrx_engine() says \"%s\" after the match; this build must run " \
  "\"%s\" here"

#endif
