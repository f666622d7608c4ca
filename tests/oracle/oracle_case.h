/* oracle_case: one test case of the PCRE2 oracle table (tests/oracle/
 * cases.txt) and the reader of that file; the line format is documented at
 * the top of cases.txt. A case owns its pattern, subject and text. */
#ifndef JRX_ORACLE_CASE_H
#define JRX_ORACLE_CASE_H

#include <stddef.h>
#include <stdint.h>

#include "oracle_text.h"

typedef struct oracle_case {
  size_t line; /* 1-based line in cases.txt */
  char *text;  /* the line as written, NUL-terminated */
  char *pattern;
  size_t pattern_length;
  uint32_t compile_options; /* JRX_* compile options */
  char *subject;
  size_t subject_length;
  size_t start_offset;
  uint32_t match_options; /* JRX_* match options */
  int reject_code;        /* the JRX_ERROR_* jrx must give, or 0 */
} oracle_case;

typedef struct oracle_case_list {
  oracle_case *items;
  size_t count;
  size_t capacity;
} oracle_case_list;

/* Reads every case of the file at path into list (initially empty).
 * Returns 0, or -1 with a description in error (bad syntax names the line;
 * the cases read so far stay in list, which the caller releases). */
int oracle_cases_load(const char *path, oracle_case_list *list, oracle_text *error);
void oracle_cases_release(oracle_case_list *list);

/* Parses one case line (no trailing newline). Returns 0, or -1 with the
 * reason in error. On success the case owns copies of everything. */
int oracle_case_parse(const char *line, size_t line_number, oracle_case *result,
                      oracle_text *error);
void oracle_case_release(oracle_case *item);

/* The compile options as the case syntax writes them ("-" for none). */
void oracle_format_compile_options(uint32_t options, oracle_text *out);
/* The match options as space-separated case keywords ("" for none). */
void oracle_format_match_options(uint32_t options, oracle_text *out);

#endif
