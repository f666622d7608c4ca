/* report: stderr diagnostics. stdout is flushed before each message so the
 * two streams interleave in the order the events happened, as in GNU grep. */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool suppress_file_errors;
static bool error_seen;

void report_set_suppress_file_errors(bool suppress) {
  suppress_file_errors = suppress;
}

static void report_vprint(const char *format, va_list arguments) {
  fflush(stdout);
  fputs("jrxgrep: ", stderr);
  vfprintf(stderr, format, arguments);
  fputc('\n', stderr);
}

void report_error(const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  report_vprint(format, arguments);
  va_end(arguments);
  error_seen = true;
}

void report_notice(const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  report_vprint(format, arguments);
  va_end(arguments);
}

void report_file_problem(const char *name, const char *problem) {
  error_seen = true;
  if (!suppress_file_errors) {
    report_notice("%s: %s", name, problem);
  }
}

void report_file_error(const char *name, int errnum) {
  report_file_problem(name, strerror(errnum));
}

bool report_error_seen(void) {
  return error_seen;
}
