/* oracle_unicode_data: reading the installed Unicode data files, for the
 * tests that compare property names with PCRE2's (the code points to leave
 * out of comparisons are in tests/support/oracle_unicode_gap.h). */
#ifndef JRX_ORACLE_UNICODE_DATA_H
#define JRX_ORACLE_UNICODE_DATA_H

#include <stddef.h>
#include <stdio.h>

/* $JRX_UNICODE_DATA_DIR, or /usr/share/unicode (Debian's unicode-data). */
const char *oracle_unicode_data_directory(void);

/* Opens a file of that directory (name may hold a subdirectory); NULL
 * when it is missing. */
FILE *oracle_unicode_open(const char *name);

/* Splits a data line into at most max_fields trimmed fields (in place);
 * returns how many, 0 for comments and blank lines. */
size_t oracle_unicode_split_fields(char *line, char **fields, size_t max_fields);

#endif
