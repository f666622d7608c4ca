/* report: every diagnostic jrxgrep writes to stderr goes through here, so
 * the program name, -s suppression and the "an error happened" flag that
 * decides exit status 2 live in one place. */
#ifndef JRXGREP_REPORT_H
#define JRXGREP_REPORT_H

#include <stdbool.h>

/* -s: file-access errors are still counted but no longer printed. */
void report_set_suppress_file_errors(bool suppress);

/* "jrxgrep: MESSAGE"; marks that an error happened. */
void report_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* "jrxgrep: NAME: strerror(errnum)" unless suppressed; always marks an error. */
void report_file_error(const char *name, int errnum);

/* Same for a problem described by text rather than an errno value. */
void report_file_problem(const char *name, const char *problem);

/* "jrxgrep: MESSAGE" without marking an error (warnings, binary notices). */
void report_notice(const char *format, ...) __attribute__((format(printf, 1, 2)));

bool report_error_seen(void);

#endif
