/* report: stderr diagnostics. stdout is flushed before each message so the
 * two streams interleave in the order the events happened, as in GNU grep.
 * The error flag is atomic because a worker may report (memory exhausted)
 * outside any capture. */
#include "report.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool suppress_file_errors;
static atomic_bool error_seen;
static _Thread_local struct capture *diversion;

void report_set_suppress_file_errors(bool suppress) {
  suppress_file_errors = suppress;
}

void report_divert_to(struct capture *capture) {
  diversion = capture;
}

static void report_print(const char *text) {
  fflush(stdout);
  fprintf(stderr, "jrxgrep: %s\n", text);
}

void report_replay(const char *text, bool error) {
  if (text) {
    report_print(text);
  }
  if (error) {
    atomic_store(&error_seen, true);
  }
}

static void report_vprint(bool error, const char *format, va_list arguments) {
  char *text = NULL;
  if (vasprintf(&text, format, arguments) < 0) {
    text = NULL;
  }
  if (diversion) {
    capture_add_event(diversion, CAPTURE_MESSAGE, error, text ? text : "memory exhausted");
  } else {
    report_replay(text ? text : "memory exhausted", error);
  }
  free(text);
}

void report_error(const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  report_vprint(true, format, arguments);
  va_end(arguments);
}

void report_notice(const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  report_vprint(false, format, arguments);
  va_end(arguments);
}

void report_file_problem(const char *name, const char *problem) {
  if (!suppress_file_errors) {
    report_error("%s: %s", name, problem);
  } else if (diversion) {
    capture_add_event(diversion, CAPTURE_ERROR_MARK, true, NULL);
  } else {
    report_replay(NULL, true);
  }
}

void report_file_error(const char *name, int errnum) {
  report_file_problem(name, strerror(errnum));
}

bool report_error_seen(void) {
  return atomic_load(&error_seen);
}
