/* engine_expectation: the rules of engine_expectation.h, and the
 * environment switch onto jrx's test hook for failing code generation
 * (src/regex/arm64/jit_generation_failure.h). */
#include "engine_expectation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex/arm64/jit_generation_failure.h"
#include "regex/arm64/jit_pike.h"
#include "regex/jrx_internal.h"

#ifndef JRX_TEST_EXPECT_JIT
#define JRX_TEST_EXPECT_JIT 0
#endif

bool engine_expectation_native_code(void) {
  return JRX_TEST_EXPECT_JIT;
}

const char *engine_expectation_expected(uint32_t compile_options) {
  return JRX_TEST_EXPECT_JIT && (compile_options & JRX_NO_JIT) == 0 ? "arm64-jit" : "interpreter";
}

bool engine_expectation_met(const jrx *re, uint32_t compile_options) {
  return engine_expectation_name_met(jrx_engine(re), compile_options);
}

bool engine_expectation_name_met(const char *engine, uint32_t compile_options) {
  if (engine == NULL) {
    return false;
  }
  if (strcmp(engine, engine_expectation_expected(compile_options)) == 0) {
    return true;
  }
  return JRX_TEST_EXPECT_JIT && (compile_options & JRX_NO_JIT) == 0 &&
         strstr(engine, "no executable memory") != NULL;
}

bool engine_expectation_stats_met(const jrx *re, uint32_t compile_options,
                                  const jrx_match_stats *stats) {
  if (!JRX_TEST_EXPECT_JIT || (compile_options & JRX_NO_JIT) != 0 ||
      strcmp(jrx_engine(re), "arm64-jit") != 0) {
    return true;
  }
  return stats->dfa_searches == 0 && stats->capture_searches == 0 &&
         (stats->pike_searches == 0 || !jit_pike_pays(&re->program));
}

/* Runs before main in every program that uses the checks. */
__attribute__((constructor)) static void inject_from_environment(void) {
  const char *value = getenv("JRX_TEST_FAIL_NATIVE_CODE");
  if (value == NULL || *value == '\0') {
    return;
  }
  static const struct {
    const char *name;
    jit_part part;
  } parts[] = {
      {"search", JIT_PART_SEARCH}, {"captures", JIT_PART_CAPTURES}, {"pike", JIT_PART_PIKE_VM}};
  unsigned mask = 0;
  const char *cursor = value;
  while (*cursor != '\0') {
    size_t length = strcspn(cursor, ",");
    unsigned found = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
      if (strlen(parts[i].name) == length && strncmp(cursor, parts[i].name, length) == 0) {
        found = parts[i].part;
      }
    }
    if (found == 0) {
      fprintf(stderr, "JRX_TEST_FAIL_NATIVE_CODE=%s: parts are search, captures and pike\n", value);
      exit(2);
    }
    mask |= found;
    cursor += length + (cursor[length] == ',');
  }
  fprintf(stderr, "native code generation fails on purpose for: %s\n", value);
  jit_inject_generation_failure(mask);
}
