/* capture: what one unit of work (a file's search, or messages of the
 * directory walk) writes to stdout and stderr, held in memory in the order
 * it was produced until its turn comes to be printed. The stdout bytes
 * go to a memory stream; each event (a diagnostic, or the place of a group
 * separator that depends on earlier output) remembers the stdout offset
 * it came at, so replaying interleaves the streams exactly. */
#ifndef JRXGREP_CAPTURE_H
#define JRXGREP_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum capture_event_kind {
  CAPTURE_MESSAGE,      /* a diagnostic for stderr */
  CAPTURE_ERROR_MARK,   /* an error whose message -s suppressed: exit status 2 only */
  CAPTURE_SEPARATOR     /* "--" here if anything was output before this capture */
};

struct capture_event {
  enum capture_event_kind kind;
  bool error;    /* the message marks an error (exit status 2) */
  size_t offset; /* stdout bytes written before the event */
  char *text;    /* CAPTURE_MESSAGE only, without the program name */
};

struct capture {
  FILE *stream; /* stdout's stand-in; NULL once closed */
  char *bytes;  /* the memory stream's buffer, valid after capture_close */
  size_t length;
  struct capture_event *events;
  size_t event_count, event_capacity;
  bool failed; /* memory ran out: some output or events are missing */
};

/* Returns 0, or -1 when the memory stream cannot be created. */
int capture_open(struct capture *capture);

/* Records an event at the current stdout offset; text is copied. A
 * failure to record sets capture->failed. */
void capture_add_event(struct capture *capture, enum capture_event_kind kind, bool error,
                       const char *text);

/* Ends writing; the bytes are then complete in capture->bytes. */
void capture_close(struct capture *capture);

/* Whether nothing at all was captured (a closed or open capture). */
bool capture_is_empty(struct capture *capture);

void capture_free(struct capture *capture);

#endif
