/* output: everything jrxgrep writes to stdout goes through these
 * primitives, which add GREP_COLORS escapes when colour is on. The stream
 * is stdout, or a file's capture when a thread pool searches. Write
 * errors are detected once at the end with output_finish. */
#ifndef JRXGREP_OUTPUT_H
#define JRXGREP_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include "capture.h"
#include "colors.h"
#include "options.h"

struct output {
  const struct options *options;
  const struct colors *colors; /* NULL: no colour */
  FILE *stream;                /* stdout, or capture->stream */
  struct capture *capture;     /* NULL: writing to stdout directly */
  bool used;                   /* a group was output: later groups get "--" */
};

void output_write(const struct output *output, const char *data, size_t length);
void output_byte(const struct output *output, char byte);

/* Starts/ends an SGR sequence for a colour; nothing when colour is off or
 * the colour string is empty. */
void output_color_start(const struct output *output, const char *sgr);
void output_color_end(const struct output *output, const char *sgr);

void output_filename(const struct output *output, const char *name);
void output_separator(const struct output *output, char separator);
void output_number(const struct output *output, uintmax_t value, int width, const char *sgr);
void output_group_separator(const struct output *output);

/* Before a group of lines that is not adjacent to the previous one: "--"
 * if some group came before it. In a capture that knows of no group yet
 * the answer depends on earlier files, so the place is marked instead. */
void output_begin_group(const struct output *output);

/* File name for -l/-L and prefix for -c: followed by the separator, or by
 * a NUL byte with -Z. */
void output_filename_and_separator(const struct output *output, const char *name, char separator);

/* Flushes after a line with --line-buffered. */
void output_end_of_line(const struct output *output);

/* Flushes stdout; returns false (after reporting) on a write error. */
bool output_finish(void);

#endif
