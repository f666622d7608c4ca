/* binary: byte scans for binary-file detection. The encoding check uses
 * mbrlen rather than jrx's UTF-8 decoder on purpose: grep's verdict (e.g.
 * on code points above U+10FFFF) comes from the C library. */
#include "binary.h"

#include <string.h>
#include <wchar.h>

bool binary_has_nul(const char *text, size_t length) {
  return memchr(text, '\0', length) != NULL;
}

/* Piece by piece: a piece without NULs is left alone (in a mapped file,
 * writing it would copy its page), a piece with one gets a branch-free
 * pass rather than memchr per NUL, since binary data (a sparse file's
 * holes above all) can be mostly NULs. */
void binary_zap_nuls(char *text, size_t length) {
  enum { BINARY_PIECE = 4096 };
  for (size_t start = 0; start < length; start += BINARY_PIECE) {
    size_t end = length - start < BINARY_PIECE ? length : start + BINARY_PIECE;
    if (!memchr(text + start, '\0', end - start)) {
      continue;
    }
    for (size_t i = start; i < end; i++) {
      text[i] = text[i] == '\0' ? '\n' : text[i];
    }
  }
}

bool binary_has_encoding_errors(const char *text, size_t length) {
  mbstate_t state;
  memset(&state, 0, sizeof state);
  size_t position = 0;
  while (position < length) {
    if ((unsigned char)text[position] < 0x80) {
      position++;
      continue;
    }
    size_t width = mbrlen(text + position, length - position, &state);
    if (width == (size_t)-1 || width == (size_t)-2 || width == 0) {
      return true;
    }
    position += width;
  }
  return false;
}
