/* binary: the two signs GNU grep takes for "this is a binary file": a NUL
 * byte, and (in a multibyte locale, checked only for lines about to be
 * printed) an encoding error as the C library's mbrlen sees it. */
#ifndef JRXGREP_BINARY_H
#define JRXGREP_BINARY_H

#include <stdbool.h>
#include <stddef.h>

bool binary_has_nul(const char *text, size_t length);

/* Replaces each NUL by a newline: in a binary file grep treats NULs as
 * line ends when deciding which lines match. */
void binary_zap_nuls(char *text, size_t length);

/* Whether text[0..length) is not a sequence of complete characters of the
 * current locale's encoding. */
bool binary_has_encoding_errors(const char *text, size_t length);

#endif
