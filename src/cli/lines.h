/* lines: byte scans over text made of lines, eight bytes a step: counting
 * line ends (for line numbers and -c over spans nobody looks at line by
 * line) and finding where valid UTF-8 stops. Both read exactly the bytes
 * they are given. */
#ifndef JRXGREP_LINES_H
#define JRXGREP_LINES_H

#include <stddef.h>

/* Number of bytes equal to eol in text[0..length). */
size_t lines_count(const char *text, size_t length, char eol);

/* Length of the longest prefix of text[0..length) that is valid UTF-8 by
 * jrx's rules (those of jrx_match's subject check). */
size_t lines_valid_utf8_prefix(const char *text, size_t length);

#endif
