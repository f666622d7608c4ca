/* reliability_compile: jrx_compile for tests that need the pattern to
 * compile (on failure the test fails, naming the pattern, its options,
 * the error and its offset), and the options choosing each engine. */
#ifndef RELIABILITY_COMPILE_H
#define RELIABILITY_COMPILE_H

#include <stddef.h>
#include <stdint.h>

#include "jrx.h"

/* The compile options that pick each engine: the default one (native
 * code where the platform has it) and the portable interpreter. Tests
 * whose answer could depend on the engine run every pattern with both. */
#define RELIABILITY_ENGINE_COUNT 2
extern const uint32_t reliability_engine_options[RELIABILITY_ENGINE_COUNT];

/* Never returns NULL; release the result with jrx_free. */
jrx *reliability_compile(const char *pattern, size_t length, uint32_t options);

#endif
