/* oracle_expected: the cases.expected file, PCRE2's answers for the cases
 * of cases.txt in the same order. Each record is a "case: <line as written
 * in cases.txt>" line followed by either "compile-error: <PCRE2's error>"
 * or a "first: ..." and an "all: ..." line in oracle_outcome's format. */
#ifndef JRX_ORACLE_EXPECTED_H
#define JRX_ORACLE_EXPECTED_H

#include <stddef.h>
#include <stdio.h>

#include "oracle_case.h"
#include "oracle_outcome.h"
#include "oracle_text.h"

typedef struct oracle_expected_record {
  oracle_text case_text;
  int compiled;
  oracle_text compile_error;
  oracle_text first;
  oracle_text all;
} oracle_expected_record;

typedef struct oracle_expected {
  oracle_expected_record *records;
  size_t count;
} oracle_expected;

/* Writes the file's header comment. */
void oracle_expected_write_header(FILE *file);
/* Writes the record for one case and PCRE2's outcome. */
void oracle_expected_write_record(FILE *file, const oracle_case *item,
                                  const oracle_outcome *outcome);

/* Reads a whole file. Returns 0, or -1 with a description in error. */
int oracle_expected_load(const char *path, oracle_expected *expected, oracle_text *error);
void oracle_expected_release(oracle_expected *expected);

#endif
