/* report: every diagnostic jrxgrep writes to stderr goes through here, so
 * the program name, -s suppression and the "an error happened" flag that
 * decides exit status 2 live in one place. A thread that searches for the
 * thread pool diverts its diagnostics into the capture of the file it
 * searches; they reach stderr when that file's turn comes. */
#ifndef JRXGREP_REPORT_H
#define JRXGREP_REPORT_H

#include <stdbool.h>

#include "capture.h"

/* -s: file-access errors are still counted but no longer printed. */
void report_set_suppress_file_errors(bool suppress);

/* From now on this thread's diagnostics go to capture (NULL: to stderr). */
void report_divert_to(struct capture *capture);

/* "jrxgrep: MESSAGE"; marks that an error happened. */
void report_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* "jrxgrep: NAME: strerror(errnum)" unless suppressed; always marks an error. */
void report_file_error(const char *name, int errnum);

/* Same for a problem described by text rather than an errno value. */
void report_file_problem(const char *name, const char *problem);

/* "jrxgrep: MESSAGE" without marking an error (warnings, binary notices). */
void report_notice(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Prints a diagnostic taken from a capture (text NULL: only the error
 * mark), on stderr whatever this thread's diversion. */
void report_replay(const char *text, bool error);

bool report_error_seen(void);

#endif
