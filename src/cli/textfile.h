/* textfile: a small file (a pattern list, an exclusion list) read whole
 * into one malloc'd buffer. */
#ifndef JRXGREP_TEXTFILE_H
#define JRXGREP_TEXTFILE_H

#include <stddef.h>

/* Reads the file at path ("-": standard input) into *text (not
 * NUL-terminated; free it) and *length. Returns 0, or -1 with errno set. */
int textfile_read(const char *path, char **text, size_t *length);

#endif
