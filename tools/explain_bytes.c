/* explain_bytes: byte sets as ranges. Runs of three or more bytes print as
 * first-last; shorter runs print each byte, so "ab" never reads "a-b". */
#include "explain_bytes.h"

void explain_print_byte(FILE *out, unsigned char byte, explain_style style) {
  if (byte > 0x20 && byte < 0x7f && byte != '"' && byte != '\\' && byte != '-') {
    fputc(byte, out);
  } else {
    fprintf(out, "%sx%02x", style == EXPLAIN_STYLE_DOT ? "\\\\" : "\\", byte);
  }
}

void explain_print_byte_set(FILE *out, const unsigned char member[256], explain_style style) {
  unsigned byte = 0;
  while (byte < 256) {
    if (!member[byte]) {
      byte++;
      continue;
    }
    unsigned last = byte;
    while (last + 1 < 256 && member[last + 1]) {
      last++;
    }
    if (last - byte >= 2) {
      explain_print_byte(out, (unsigned char)byte, style);
      fputc('-', out);
      explain_print_byte(out, (unsigned char)last, style);
    } else {
      for (unsigned each = byte; each <= last; each++) {
        explain_print_byte(out, (unsigned char)each, style);
      }
    }
    byte = last + 1;
  }
}
