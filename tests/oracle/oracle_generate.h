/* oracle_generate: seeded random cases for the differential test. A
 * pattern is built as a small tree of supported constructs (literals and
 * escapes, classes, anchors, inline options, groups of every kind,
 * alternation, quantifiers, in byte and UTF mode), and the subject is
 * assembled from random walks through that tree plus random characters, so
 * that most subjects match somewhere. Same seed, same case, everywhere. */
#ifndef JRX_ORACLE_GENERATE_H
#define JRX_ORACLE_GENERATE_H

#include <stddef.h>
#include <stdint.h>

typedef struct oracle_random {
  uint64_t state;
} oracle_random;

void oracle_random_seed(oracle_random *random, uint64_t seed);
uint64_t oracle_random_next(oracle_random *random);
/* Uniform in 0..bound-1 (bound > 0). */
uint32_t oracle_random_below(oracle_random *random, uint32_t bound);

#define ORACLE_GENERATED_PATTERN_MAX 1024
#define ORACLE_GENERATED_SUBJECT_MAX 64

typedef struct oracle_generated {
  char pattern[ORACLE_GENERATED_PATTERN_MAX];
  size_t pattern_length;
  uint32_t compile_options; /* JRX_* */
  char subject[ORACLE_GENERATED_SUBJECT_MAX];
  size_t subject_length;
  size_t start_offset;
  uint32_t match_options; /* JRX_* */
} oracle_generated;

void oracle_generate(oracle_random *random, oracle_generated *out);

#endif
