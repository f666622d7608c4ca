/* fuzz_case: the differential target's input layout, decoded. Layout (also
 * written by fuzz/make_corpus.py):
 *   byte 0   compile options, fuzz_options_compile, except that its
 *            JRX_NO_JIT bit (both engines always run) means
 *            JRX_MATCH_INVALID_UTF (PCRE2_MATCH_INVALID_UTF for PCRE2)
 *   byte 1   match options, fuzz_options_match (bits 0-4); bits 5-6 are
 *            bits 8-9 of the start offset; bit 7 asks for the first match
 *            with a one-pair ovector (return code 0 when too small)
 *   byte 2   bits 0-7 of the start offset, which is taken modulo (subject
 *            length + 1): 0 to 1023, as far as the subjects fuzzed reach
 *   byte 3   more compile options, fuzz_options_compile_more: bit 0
 *            JRX_UCP (PCRE2_UCP for PCRE2); the other bits are ignored
 *   then     the pattern, up to the first 0x00 0xFF pair; the subject is
 *            everything after that pair (empty when there is none).
 * The pattern and subject point into the input; nothing is owned. */
#ifndef JRX_FUZZ_CASE_H
#define JRX_FUZZ_CASE_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_CASE_HEADER_SIZE 4

typedef struct fuzz_case {
  uint32_t compile_options; /* JRX_* compile options, JRX_NO_JIT excluded */
  uint32_t match_options;   /* JRX_* match options */
  int one_pair_ovector;     /* the first match gets an ovector of one pair, and the
                               global iteration runs on a match data (fuzz_jrx_iterate) */
  size_t start_offset;
  const char *pattern;
  size_t pattern_length;
  const char *subject;
  size_t subject_length;
} fuzz_case;

/* Returns 0 and fills item, or -1 if the input is shorter than the header. */
int fuzz_case_decode(const uint8_t *data, size_t size, fuzz_case *item);

/* Writes the case to stderr: pattern, options, subject, start offset. */
void fuzz_case_print(const fuzz_case *item);

#endif
