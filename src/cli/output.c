/* output: stdout primitives with grep's exact escape sequences: a coloured
 * element is "\33[<sgr>m\33[K" text "\33[m\33[K" (without the \33[K parts
 * when GREP_COLORS has "ne"). */
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

void output_write(const struct output *output, const char *data, size_t length) {
  fwrite(data, 1, length, output->stream);
}

void output_byte(const struct output *output, char byte) {
  putc((unsigned char)byte, output->stream);
}

static bool output_colors_on(const struct output *output, const char *sgr) {
  return output->colors && sgr && *sgr;
}

void output_color_start(const struct output *output, const char *sgr) {
  if (output_colors_on(output, sgr)) {
    fprintf(output->stream, "\33[%sm%s", sgr, output->colors->no_erase ? "" : "\33[K");
  }
}

void output_color_end(const struct output *output, const char *sgr) {
  if (output_colors_on(output, sgr)) {
    fputs(output->colors->no_erase ? "\33[m" : "\33[m\33[K", output->stream);
  }
}

static const char *output_color(const struct output *output, size_t offset) {
  return output->colors ? (const char *)output->colors + offset : NULL;
}

void output_filename(const struct output *output, const char *name) {
  const char *sgr = output_color(output, offsetof(struct colors, filename));
  output_color_start(output, sgr);
  fputs(name, output->stream);
  output_color_end(output, sgr);
}

void output_separator(const struct output *output, char separator) {
  const char *sgr = output_color(output, offsetof(struct colors, separator));
  output_color_start(output, sgr);
  output_byte(output, separator);
  output_color_end(output, sgr);
}

/* Decimal digits right-aligned to width, as printf's "%*ju" prints them
 * (without its cost on every printed line). */
void output_number(const struct output *output, uintmax_t value, int width, const char *sgr) {
  char digits[48];
  char *end = digits + sizeof digits;
  char *start = end;
  do {
    *--start = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (end - start < width && start > digits) {
    *--start = ' ';
  }
  output_color_start(output, sgr);
  fwrite(start, 1, (size_t)(end - start), output->stream);
  output_color_end(output, sgr);
}

void output_group_separator(const struct output *output) {
  const char *sgr = output_color(output, offsetof(struct colors, separator));
  output_color_start(output, sgr);
  fputs(output->options->group_separator, output->stream);
  output_color_end(output, sgr);
  output_byte(output, '\n');
}

void output_begin_group(const struct output *output) {
  if (output->used) {
    output_group_separator(output);
  } else if (output->capture) {
    capture_add_event(output->capture, CAPTURE_SEPARATOR, false, NULL);
  }
}

void output_filename_and_separator(const struct output *output, const char *name, char separator) {
  output_filename(output, name);
  if (output->options->null_after_name) {
    output_byte(output, '\0');
  } else if (separator == '\n') {
    output_byte(output, '\n');
  } else {
    output_separator(output, separator);
  }
}

void output_end_of_line(const struct output *output) {
  if (output->options->line_buffered) {
    fflush(output->stream);
  }
}

bool output_finish(void) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    report_error("write error: %s", strerror(errno));
    return false;
  }
  return true;
}
