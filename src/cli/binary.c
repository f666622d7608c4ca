/* binary: byte scans for binary-file detection. The encoding check uses
 * mbrlen rather than jrx's UTF-8 decoder on purpose: grep's verdict (e.g.
 * on code points above U+10FFFF) comes from the C library. */
#include "binary.h"

#include <string.h>
#include <wchar.h>

bool binary_has_nul(const char *text, size_t length) {
  return memchr(text, '\0', length) != NULL;
}

/* A branch-free pass rather than memchr per NUL: binary data (a sparse
 * file's holes above all) can be mostly NULs. */
void binary_zap_nuls(char *text, size_t length) {
  for (size_t i = 0; i < length; i++) {
    text[i] = text[i] == '\0' ? '\n' : text[i];
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
