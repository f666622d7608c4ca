/* fuzz_report: the text of findings. Everything goes to stderr, where
 * libFuzzer and ctest show it next to the crash. */
#include "fuzz_report.h"

#include <stdlib.h>

#include "jrx.h"

void fuzz_report_bytes(FILE *out, const char *bytes, size_t length) {
  fputc('"', out);
  for (size_t i = 0; i < length; i++) {
    unsigned char byte = (unsigned char)bytes[i];
    switch (byte) {
      case '\\': fputs("\\\\", out); break;
      case '"': fputs("\\\"", out); break;
      case '\n': fputs("\\n", out); break;
      case '\t': fputs("\\t", out); break;
      case '\r': fputs("\\r", out); break;
      default:
        if (byte >= 0x20 && byte < 0x7f) {
          fputc(byte, out);
        } else {
          fprintf(out, "\\%03o", byte);
        }
    }
  }
  fprintf(out, "\" (%zu bytes)", length);
}

void fuzz_report_offset(FILE *out, size_t offset) {
  if (offset == JRX_UNSET) {
    fputs("unset", out);
  } else {
    fprintf(out, "%zu", offset);
  }
}

void fuzz_report_begin(const char *target, const char *finding) {
  fprintf(stderr, "\n==== jrx fuzz target %s: %s\n", target, finding);
}

void fuzz_report_abort(void) {
  fputs("====\n", stderr);
  fflush(stderr);
  abort();
}

void fuzz_report_check_failed(const char *target, const char *condition, const char *file,
                              int line) {
  fuzz_report_begin(target, "invariant violated");
  fprintf(stderr, "check failed: %s (%s:%d)\n", condition, file, line);
  fuzz_report_abort();
}
