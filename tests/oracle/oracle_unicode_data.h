/* oracle_unicode_data: reading the installed Unicode data files, for the
 * tests that compare Unicode properties with PCRE2 (whose tables are
 * Unicode ORACLE_UNICODE_MAJOR's) and must leave out what came later. */
#ifndef JRX_ORACLE_UNICODE_DATA_H
#define JRX_ORACLE_UNICODE_DATA_H

#include <stddef.h>
#include <stdio.h>

#define ORACLE_UNICODE_MAJOR 14

/* $JRX_UNICODE_DATA_DIR, or /usr/share/unicode (Debian's unicode-data). */
const char *oracle_unicode_data_directory(void);

/* Opens a file of that directory (name may hold a subdirectory); NULL
 * when it is missing. */
FILE *oracle_unicode_open(const char *name);

/* Splits a data line into at most max_fields trimmed fields (in place);
 * returns how many, 0 for comments and blank lines. */
size_t oracle_unicode_split_fields(char *line, char **fields, size_t max_fields);

/* Marks in later[0x110000] the code points DerivedAge.txt says were
 * assigned after Unicode ORACLE_UNICODE_MAJOR. Returns 0, or -1 when the
 * file is missing. */
int oracle_unicode_read_later(unsigned char *later);

#endif
