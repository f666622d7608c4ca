/* parse_test_support: what the parser tests share: parsing a pattern and
 * printing its tree, asking PCRE2 (the oracle) about the same pattern, and
 * a fixed pseudo-random sequence. */
#ifndef JRX_TEST_PARSE_TEST_SUPPORT_H
#define JRX_TEST_PARSE_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "jrx.h"
#include "regex/parse.h"

/* PCRE2 compile options equivalent to the JRX_* ones. */
uint32_t parse_test_pcre2_options(uint32_t jrx_options);

/* 1 if PCRE2 compiles the pattern; otherwise 0 with its error offset. */
int parse_test_pcre2_accepts(const char *pattern, size_t length, uint32_t jrx_options,
                             size_t *error_offset);

/* Parses and formats the tree into buffer; returns parse_pattern's code
 * (the buffer then holds "error <code> at <offset>"). */
int parse_test_format(const char *pattern, size_t length, uint32_t options, char *buffer,
                      size_t size);

/* xorshift32. */
uint32_t parse_test_random(uint32_t *state);

#endif
