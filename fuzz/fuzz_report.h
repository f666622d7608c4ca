/* fuzz_report: how the fuzz targets describe a finding on stderr before
 * aborting: bytes as C string literals, offsets with JRX_UNSET spelled out,
 * and a check macro for invariants that must always hold. */
#ifndef JRX_FUZZ_REPORT_H
#define JRX_FUZZ_REPORT_H

#include <stddef.h>
#include <stdio.h>

/* Writes bytes as one C string literal (octal escapes, so no hex digit
 * that follows can be misread as part of an escape). */
void fuzz_report_bytes(FILE *out, const char *bytes, size_t length);

/* Writes an offset, or "unset" for JRX_UNSET. */
void fuzz_report_offset(FILE *out, size_t offset);

/* Prints the banner of a finding; the caller adds details, then aborts
 * with fuzz_report_abort. */
void fuzz_report_begin(const char *target, const char *finding);

_Noreturn void fuzz_report_abort(void);

/* An invariant check that stays on in release builds, unlike assert. */
#define FUZZ_CHECK(target, condition)                                   \
  do {                                                                  \
    if (!(condition)) {                                                 \
      fuzz_report_check_failed((target), #condition, __FILE__, __LINE__); \
    }                                                                   \
  } while (0)

_Noreturn void fuzz_report_check_failed(const char *target, const char *condition,
                                        const char *file, int line);

#endif
