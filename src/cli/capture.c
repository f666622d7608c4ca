/* capture: open_memstream for the stdout bytes (so printf-style output
 * code needs no second path) and a growable event array. The stream is
 * flushed before an offset is read, since ftell on a memory stream counts
 * what is buffered but the length field only what was flushed. */
#include "capture.h"

#include <stdlib.h>
#include <string.h>

int capture_open(struct capture *capture) {
  memset(capture, 0, sizeof *capture);
  capture->stream = open_memstream(&capture->bytes, &capture->length);
  return capture->stream ? 0 : -1;
}

static size_t capture_offset(struct capture *capture) {
  if (!capture->stream) {
    return capture->length;
  }
  if (fflush(capture->stream) != 0) {
    capture->failed = true;
  }
  return capture->length;
}

void capture_add_event(struct capture *capture, enum capture_event_kind kind, bool error,
                       const char *text) {
  if (capture->event_count == capture->event_capacity) {
    size_t capacity = capture->event_capacity ? capture->event_capacity * 2 : 4;
    struct capture_event *events = realloc(capture->events, capacity * sizeof *events);
    if (!events) {
      capture->failed = true;
      return;
    }
    capture->events = events;
    capture->event_capacity = capacity;
  }
  struct capture_event *event = &capture->events[capture->event_count];
  event->kind = kind;
  event->error = error;
  event->offset = capture_offset(capture);
  event->text = NULL;
  if (text) {
    event->text = strdup(text);
    if (!event->text) {
      capture->failed = true;
      return;
    }
  }
  capture->event_count++;
}

void capture_close(struct capture *capture) {
  if (capture->stream) {
    if (fclose(capture->stream) != 0) {
      capture->failed = true;
    }
    capture->stream = NULL;
  }
}

bool capture_is_empty(struct capture *capture) {
  return capture->event_count == 0 && !capture->failed && capture_offset(capture) == 0;
}

void capture_free(struct capture *capture) {
  capture_close(capture);
  for (size_t i = 0; i < capture->event_count; i++) {
    free(capture->events[i].text);
  }
  free(capture->events);
  free(capture->bytes);
  memset(capture, 0, sizeof *capture);
}
