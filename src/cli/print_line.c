/* print_line: grep's prline, print_line_head, print_line_middle and
 * print_line_tail, including their quirks: empty matches are stepped over
 * but the text they skipped is printed with the next match; the line
 * colour stops before a final carriage return. */
#include "print_line.h"

#include "binary.h"

static bool print_head(const struct output *output, const struct line_position *position,
                       const char *text, size_t length, uint64_t byte_offset, char separator) {
  const struct options *options = output->options;
  if (position->check_encoding && binary_has_encoding_errors(text, length)) {
    return false;
  }
  if (position->filename) {
    output_filename(output, position->filename);
    if (options->null_after_name) {
      output_byte(output, '\0');
    } else {
      output_separator(output, separator);
    }
  }
  const struct colors *colors = output->colors;
  if (options->line_number) {
    output_number(output, position->line_number, position->number_width,
                  colors ? colors->line_number : NULL);
    output_separator(output, separator);
  }
  if (options->byte_offset) {
    output_number(output, byte_offset, position->number_width,
                  colors ? colors->byte_offset : NULL);
    output_separator(output, separator);
  }
  if (options->initial_tab && (position->filename || options->line_number || options->byte_offset) &&
      length != 0) {
    output_byte(output, '\t');
  }
  return true;
}

struct line_colors {
  const char *line;  /* sl or cx */
  const char *match; /* ms or mc */
};

/* Writes the matches of a matching line; *printed_to tells how much of
 * the line has been written. */
static int print_middle(const struct output *output, const struct matcher *matcher,
                        const struct line_position *position, const char *line, size_t length,
                        const struct line_colors *colors, size_t *printed_to) {
  const struct options *options = output->options;
  size_t current = 0;
  size_t skipped_from = SIZE_MAX; /* start of text passed over by empty matches */
  while (current <= length) {
    size_t match_start, match_end;
    int found = matcher_find_in_line(matcher, line, length, current, &match_start, &match_end);
    if (found < 0) {
      return found;
    }
    if (found == 0) {
      break;
    }
    if (match_end == match_start) {
      if (skipped_from == SIZE_MAX) {
        skipped_from = current;
      }
      current = matcher_next_character(matcher, line, length, match_start);
      continue;
    }
    if (options->only_matching) {
      char separator = options->invert ? '-' : ':';
      if (!print_head(output, position, line + match_start, match_end - match_start,
                      position->byte_offset + match_start, separator)) {
        return PRINT_ENCODING_ERROR;
      }
    } else {
      output_color_start(output, colors->line);
      if (skipped_from != SIZE_MAX) {
        current = skipped_from;
        skipped_from = SIZE_MAX;
      }
      output_write(output, line + current, match_start - current);
    }
    output_color_start(output, colors->match);
    output_write(output, line + match_start, match_end - match_start);
    output_color_end(output, colors->match);
    if (options->only_matching) {
      output_byte(output, options->line_end);
    }
    current = match_end;
  }
  if (options->only_matching) {
    current = length;
  } else if (skipped_from != SIZE_MAX) {
    current = skipped_from;
  }
  *printed_to = current;
  return PRINT_DONE;
}

static size_t print_tail(const struct output *output, const char *line, size_t from, size_t length,
                         const char *line_color) {
  size_t end = length;
  if (end > from && line[end - 1] == '\r') {
    end--;
  }
  if (end > from) {
    output_color_start(output, line_color);
    output_write(output, line + from, end - from);
    output_color_end(output, line_color);
    return end;
  }
  return from;
}

int print_line(const struct output *output, const struct matcher *matcher,
               const struct line_position *position, const char *line, size_t length,
               char separator) {
  const struct options *options = output->options;
  if (!options->only_matching &&
      !print_head(output, position, line, length, position->byte_offset, separator)) {
    return PRINT_ENCODING_ERROR;
  }
  bool selected = separator == ':';
  bool matching = selected != options->invert;
  struct line_colors colors = {NULL, NULL};
  if (output->colors) {
    bool selected_look = selected != (options->invert && output->colors->reverse);
    colors.line = selected_look ? output->colors->selected_line : output->colors->context_line;
    colors.match = selected ? output->colors->selected_match : output->colors->context_match;
  }
  size_t printed_to = 0;
  bool colored = output->colors && (*colors.line || *colors.match);
  if ((options->only_matching && matching) || colored) {
    if (matching && (options->only_matching || (colors.match && *colors.match))) {
      int status = print_middle(output, matcher, position, line, length, &colors, &printed_to);
      if (status != PRINT_DONE) {
        return status;
      }
    }
    if (!options->only_matching && colors.line && *colors.line) {
      printed_to = print_tail(output, line, printed_to, length, colors.line);
    }
  }
  if (!options->only_matching) {
    output_write(output, line + printed_to, length - printed_to);
    output_byte(output, options->line_end);
  }
  output_end_of_line(output);
  return PRINT_DONE;
}
