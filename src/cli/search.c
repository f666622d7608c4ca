/* search: the per-file loop. Each block's complete lines are searched
 * many lines at a time (matcher_find_candidate): a match inside one line
 * selects that line, and the lines before it have none, so only the line
 * around a match is ever looked at (memrchr/memchr). A match that crosses
 * a line end is checked on its own line; where none can, the search only
 * asks where the first line with a match is (matcher_find_candidate_line,
 * which stops at the earliest match end). UTF-8 is validated once per
 * block, and a line with invalid UTF-8 is searched on its own (its valid
 * stretches, as grep does). Line numbers are counted only when printed,
 * over the span since the last one; -c counts the selected lines of a
 * span at once. Lines are the unit of selection; before-context lines are
 * kept in the reader's buffer across refills, never copied. */
#include "search.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "binary.h"
#include "jrx.h"
#include "lines.h"
#include "print_line.h"
#include "reader.h"
#include "report.h"

struct file_search {
  struct searcher *searcher;
  const struct options *options;
  const char *name;
  char eol; /* the line end: newline, or NUL with -z */
  struct reader reader;
  struct line_position position;
  intmax_t count;     /* selected lines */
  intmax_t remaining; /* -m budget */
  intmax_t pending;   /* trailing context lines still to print */
  bool have_last_output;
  uint64_t last_output; /* file offset just past the last printed line */
  uintmax_t line_number;
  size_t line_number_at; /* data offset of the line numbered line_number */
  uint64_t file_size;    /* a regular file's size when opened, else UINT64_MAX */
  bool quiet;            /* print no lines (-c, -l, -L, -q, binary) */
  bool stop_on_match;    /* end the file at its first selected line */
  bool finished;
  bool quit; /* -q selected a line */
  bool binary_nul;
  intmax_t count_at_first_nul; /* selected lines before the first NUL (0 if none) */
  bool encoding_error;
  /* Per searched region: many-line search state. */
  bool line_by_line;
  bool windowed; /* subjects are cut to the window (matches may cross lines) */
  size_t window;
  /* UTF mode: data[valid_from..invalid_at) is valid UTF-8 and
   * data[invalid_at] starts an invalid sequence (invalid_at == the region
   * end when there is none); invalid_line is the start of its line. */
  size_t valid_from, invalid_at, invalid_line;
};

/* Subjects are cut to a window about twice the distance to the last
 * match, growing fourfold while nothing is found: a search for a match
 * that crosses a line end and turns out not to count can then not scan
 * far ahead again and again. Patterns whose matches hold no newline
 * cross no line end: their subjects go to the region's end, and finding
 * the window's end (a memchr over each line) is saved. */
enum { SEARCH_MINIMUM_WINDOW = 64 };

static size_t search_previous_line_start(const char *data, size_t line_start, char eol) {
  size_t position = line_start - 1;
  while (position > 0 && data[position - 1] != eol) {
    position--;
  }
  return position;
}

static size_t search_line_end(const char *data, size_t from, size_t to, char eol) {
  const char *newline = memchr(data + from, eol, to - from);
  return newline ? (size_t)(newline - data) : to;
}

/* Line number of the line starting at data[position]. Searching moves
 * forward, so counting continues from the last answer; context printed
 * after an encoding error can look back, which is counted backwards. */
static uintmax_t search_line_number(struct file_search *search, size_t position) {
  if (!search->options->line_number) {
    return 0;
  }
  const char *data = search->reader.data;
  size_t at = search->line_number_at;
  if (at < position) {
    search->line_number += lines_count(data + at, position - at, search->eol);
  } else {
    search->line_number -= lines_count(data + position, at - position, search->eol);
  }
  search->line_number_at = position;
  return search->line_number;
}

static void search_report_match_error(struct file_search *search, int code) {
  char message[256];
  jrx_error_message(code, message, sizeof message);
  report_error("%s: %s", search->name, message);
  search->finished = true;
}

/* Prints the line data[start..end) (end is its newline). As in grep, only
 * a line actually printed moves last_output: a line dropped for an
 * encoding error leaves it where it was. */
static void search_print(struct file_search *search, size_t start, size_t end, char separator) {
  search->position.line_number = search_line_number(search, start);
  search->position.byte_offset = search->reader.base + start;
  /* Lines already validated need no second look with mbrlen, which
   * accepts all that jrx's stricter rules accept. */
  search->position.check_encoding = search->searcher->run->utf &&
                                    search->options->binary_files != BINARY_FILES_TEXT &&
                                    !(search->valid_from <= start && end < search->invalid_at);
  int status = print_line(search->searcher->output, search->searcher->matcher, &search->position,
                          search->reader.data + start, end - start, separator);
  if (status == PRINT_ENCODING_ERROR) {
    search->encoding_error = true;
    return;
  }
  if (status < 0) {
    search_report_match_error(search, status);
    return;
  }
  search->have_last_output = true;
  search->last_output = search->reader.base + end + 1;
}

/* grep's prpending: trailing context, printed from the end of the last
 * output (or the buffer start when there is none yet) up to limit. */
static void search_pending(struct file_search *search, size_t limit) {
  uint64_t base = search->reader.base;
  if (!search->have_last_output) {
    search->have_last_output = true;
    search->last_output = base;
  }
  for (; search->pending > 0 && search->last_output < base + limit && !search->finished;
       search->pending--) {
    size_t start = (size_t)(search->last_output - base);
    size_t end = search_line_end(search->reader.data, start, limit, search->eol);
    search_print(search, start, end, '-');
  }
}

/* grep's prtext: pending trailing context, leading context, the group
 * separator, then the selected lines data[start..limit): one line, or with
 * -v a run of lines of which at most the -m budget is selected; lines is
 * their number when the caller knows it (one line), 0 when they are to be
 * counted. */
static void search_output(struct file_search *search, size_t start, size_t limit, size_t lines) {
  const struct options *options = search->options;
  const char *data = search->reader.data;
  uint64_t base = search->reader.base;
  if (!search->quiet && search->pending > 0) {
    search_pending(search, start);
  }
  size_t line = start;
  if (!search->quiet) {
    size_t bound = search->have_last_output ? (size_t)(search->last_output - base) : 0;
    for (intmax_t i = 0; i < options->before && line > bound; i++) {
      line = search_previous_line_start(data, line, search->eol);
    }
    if (options->context_requested && options->group_separator &&
        !(search->have_last_output && base + line == search->last_output)) {
      output_begin_group(search->searcher->output);
    }
    for (; line < start; line = search_line_end(data, line, start, search->eol) + 1) {
      search_print(search, line, search_line_end(data, line, start, search->eol), '-');
    }
  }
  intmax_t selected = 0;
  if (search->quiet) {
    if (lines == 0) {
      lines = lines_count(data + line, limit - line, search->eol);
    }
    selected = (uintmax_t)search->remaining < lines ? search->remaining : (intmax_t)lines;
  }
  for (; !search->quiet && line < limit && selected < search->remaining; selected++) {
    size_t end = search_line_end(data, line, limit, search->eol);
    search_print(search, line, end, ':');
    line = end + 1;
  }
  search->pending = search->quiet ? 0 : options->after;
  search->searcher->output->used = true;
  search->remaining -= selected;
  search->count += selected;
  if (options->quiet) {
    search->quit = true;
  }
}

/* Whether the line data[start..end) has a match: 1, 0 or a negative code. */
static int search_line_matches(struct file_search *search, size_t start, size_t end) {
  size_t match_start, match_end;
  return matcher_find_in_line(search->searcher->matcher, search->reader.data + start,
                              end - start, 0, &match_start, &match_end);
}

/* UTF mode: validates from the line at position on, up to the first
 * invalid byte or to. */
static void search_validate_from(struct file_search *search, size_t position, size_t to) {
  const char *data = search->reader.data;
  search->valid_from = position;
  search->invalid_at = position + lines_valid_utf8_prefix(data + position, to - position);
  const char *previous = search->invalid_at > position
                             ? memrchr(data + position, search->eol, search->invalid_at - position)
                             : NULL;
  search->invalid_line = previous ? (size_t)(previous - data) + 1 : position;
}

/* The line around data[at], which lies in data[from..to). */
static void search_line_around(const struct file_search *search, size_t from, size_t to,
                               size_t at, size_t *line_start, size_t *line_end) {
  const char *data = search->reader.data;
  const char *previous = at > from ? memrchr(data + from, search->eol, at - from) : NULL;
  *line_start = previous ? (size_t)(previous - data) + 1 : from;
  *line_end = search_line_end(data, at, to, search->eol);
}

/* What search_many_lines found (or a negative code). */
enum search_many_lines_result {
  SEARCH_NO_MATCH = 0,
  SEARCH_LINE_FOUND = 1, /* the line of the first match that starts in the lines */
  SEARCH_CROSSED = 2     /* the first match crossed a line end, its line has none */
};

/* Searches the lines data[position..subject_end) together; *line_start
 * and *line_end give the line found or crossed from. */
static int search_many_lines(struct file_search *search, size_t position, size_t subject_end,
                             size_t to, size_t *line_start, size_t *line_end) {
  const char *data = search->reader.data;
  if (!search->windowed) {
    /* No match crosses a line: the position found is in the line found. */
    size_t at;
    int status = matcher_find_candidate_line(search->searcher->matcher, data + position,
                                             subject_end - position, &at);
    if (status <= 0 || position + at == subject_end) {
      return status < 0 ? status : SEARCH_NO_MATCH;
    }
    search_line_around(search, position, to, position + at, line_start, line_end);
    return SEARCH_LINE_FOUND;
  }
  size_t match_start, match_end;
  int status = matcher_find_candidate(search->searcher->matcher, data + position,
                                      subject_end - position, &match_start, &match_end);
  /* The subject keeps its last newline: in multiline mode ^ does not
   * match after a newline that ends the subject, which would hide a
   * final empty line; a match starting at the very end is no line's. */
  if (status <= 0 || position + match_start == subject_end) {
    return status < 0 ? status : SEARCH_NO_MATCH;
  }
  search_line_around(search, position, to, position + match_start, line_start, line_end);
  if (position + match_end <= *line_end) {
    return SEARCH_LINE_FOUND;
  }
  status = search_line_matches(search, *line_start, *line_end);
  return status == 0 ? SEARCH_CROSSED : status < 0 ? status : SEARCH_LINE_FOUND;
}

/* search_next_matching_line for patterns with a required literal: only
 * the lines that hold it are tried. The line program checks each line's
 * encoding itself, so no block is validated here; lines printed outside
 * the stretch validated at the region's start are checked as printed. */
static int search_next_line_with_literal(struct file_search *search, size_t from, size_t to,
                                         size_t *line_start, size_t *line_end) {
  const struct matcher *matcher = search->searcher->matcher;
  const char *data = search->reader.data;
  size_t position = from;
  while (position < to) {
    size_t at;
    int status = matcher_find_required_literal(matcher, data + position, to - position, &at);
    if (status <= 0) {
      if (status < 0) {
        return status;
      }
      break;
    }
    search_line_around(search, position, to, position + at, line_start, line_end);
    status = search_line_matches(search, *line_start, *line_end);
    if (status != 0) {
      return status < 0 ? status : 0;
    }
    position = *line_end + 1;
  }
  *line_start = *line_end = to;
  return 0;
}

/* Finds the first line in data[from..to) with a match; *line_start = to
 * when there is none. Returns 0, or a negative code on a match error. */
static int search_next_matching_line(struct file_search *search, size_t from, size_t to,
                                     size_t *line_start, size_t *line_end) {
  if (matcher_has_required_literal(search->searcher->matcher)) {
    return search_next_line_with_literal(search, from, to, line_start, line_end);
  }
  const char *data = search->reader.data;
  bool utf = search->searcher->run->utf;
  size_t position = from;
  while (position < to) {
    if (utf && position > search->invalid_line) {
      search_validate_from(search, position, to);
    }
    if (search->line_by_line || (utf && position == search->invalid_line)) {
      size_t end = search_line_end(data, position, to, search->eol);
      int status = search_line_matches(search, position, end);
      if (status != 0) {
        *line_start = position;
        *line_end = end;
        return status < 0 ? status : 0;
      }
      position = end + 1;
      continue;
    }
    size_t subject_end = to;
    if (search->windowed && search->window < to - position) {
      subject_end = search_line_end(data, position + search->window, to, search->eol) + 1;
    }
    if (utf && subject_end > search->invalid_line) {
      subject_end = search->invalid_line;
    }
    int status = search_many_lines(search, position, subject_end, to, line_start, line_end);
    if (status < 0) {
      return status;
    }
    if (status == SEARCH_NO_MATCH) {
      position = subject_end;
      search->window = search->window > SIZE_MAX / 4 ? SIZE_MAX : search->window * 4;
      continue;
    }
    size_t distance = *line_start - position;
    search->window = distance * 2 > SEARCH_MINIMUM_WINDOW ? distance * 2 : SEARCH_MINIMUM_WINDOW;
    if (status == SEARCH_LINE_FOUND) {
      return 0;
    }
    position = *line_end + 1;
  }
  *line_start = *line_end = to;
  return 0;
}

/* grep's grepbuf over the complete lines data[from..to), then the
 * trailing context that falls inside them. */
static void search_region(struct file_search *search, size_t from, size_t to) {
  /* The many-line program knows only newlines as line ends. */
  search->line_by_line =
      !matcher_has_candidate_search(search->searcher->matcher) || search->eol != '\n';
  search->windowed = !matcher_candidates_stay_in_lines(search->searcher->matcher);
  search->window = SEARCH_MINIMUM_WINDOW;
  search->valid_from = search->invalid_at = search->invalid_line = from;
  if (search->searcher->run->utf) {
    search_validate_from(search, from, to);
  }
  size_t position = from;
  while (position < to && search->remaining > 0 && !search->finished) {
    size_t line_start = to, line_end = to;
    int status = search_next_matching_line(search, position, to, &line_start, &line_end);
    if (status < 0) {
      search_report_match_error(search, status);
      return;
    }
    bool invert = search->options->invert;
    if (!invert && line_start == to) {
      break;
    }
    if (!invert) {
      search_output(search, line_start, line_end + 1, 1);
    } else if (position < line_start) {
      search_output(search, position, line_start, 0);
    }
    bool output = !invert || position < line_start;
    position = line_start < to ? line_end + 1 : to;
    if (search->quit) {
      search->finished = true;
    }
    if (output && search->stop_on_match) {
      break;
    }
  }
  if (search->pending > 0 && !search->finished) {
    search_pending(search, to);
  }
  if ((search->remaining == 0 && search->pending == 0) ||
      (search->stop_on_match && search->count_at_first_nul < search->count)) {
    search->finished = true;
  }
}

/* First byte still needed after the searched part: up to -B lines
 * before it, not reaching back past the last output. As in grep, the last
 * output is forgotten unless it ends exactly there, so later context is
 * not taken as adjacent to it. */
static size_t search_keep_from(struct file_search *search, size_t searched_to) {
  const char *data = search->reader.data;
  uint64_t base = search->reader.base;
  size_t keep = searched_to;
  for (intmax_t i = 0; i < search->options->before && keep > 0 &&
                       !(search->have_last_output && base + keep == search->last_output);
       i++) {
    keep = search_previous_line_start(data, keep, search->eol);
  }
  if (!(search->have_last_output && base + keep == search->last_output)) {
    search->have_last_output = false;
  }
  return keep;
}

static int search_number_width(const struct options *options, const struct stat *status) {
  if (!options->initial_tab) {
    return 0;
  }
  intmax_t number = S_ISREG(status->st_mode) ? (intmax_t)status->st_size : INTMAX_MAX;
  if (options->line_number && number < INTMAX_MAX) {
    number++;
  }
  int width = 0;
  do {
    width++;
    number /= 10;
  } while (number != 0);
  return width;
}

/* Notices NUL bytes in newly read data (older data has none, or was
 * zapped already). Returns false when the file is to be treated as having
 * no match (--binary-files=without-match). With -z NUL ends lines, and
 * grep then takes only encoding errors as a sign of binary data. */
static bool search_check_binary(struct file_search *search, size_t new_from) {
  const struct options *options = search->options;
  struct reader *reader = &search->reader;
  if (options->binary_files == BINARY_FILES_TEXT || search->eol == '\0') {
    return true;
  }
  if (!search->binary_nul && binary_has_nul(reader->data + new_from, reader->length - new_from)) {
    if (options->binary_files == BINARY_FILES_WITHOUT_MATCH) {
      return false;
    }
    search->binary_nul = true;
    search->count_at_first_nul = search->count;
    if (!options->count) {
      search->quiet = search->stop_on_match = true;
      search->pending = 0;
    }
  }
  if (search->binary_nul) {
    /* Out of memory for the copy, the mapping's pages are written. */
    (void)reader_copy_mapped(reader);
    binary_zap_nuls(reader->data + new_from, reader->length - new_from);
  }
  return true;
}

static void search_read_and_search(struct file_search *search) {
  struct reader *reader = &search->reader;
  struct searcher *searcher = search->searcher;
  size_t searched_to = 0;
  for (;;) {
    if (searcher->checkpoint && !searcher->checkpoint(searcher)) {
      return;
    }
    size_t keep_from = search_keep_from(search, searched_to);
    /* A regular file read up to the size it had is almost surely at its
     * end: the next fill then drops nothing, and when it finds the end,
     * the lines of the last block, which no printed line needs, are not
     * counted for line numbers. Not with leading context, which must not
     * reach back past what was dropped. */
    if (search->options->before == 0 && reader->base + reader->length == search->file_size) {
      keep_from = 0;
    }
    if (keep_from > 0) {
      search_line_number(search, keep_from);
      search->line_number_at = 0;
    }
    size_t before_fill = reader->length - keep_from;
    long added = reader_fill(reader, keep_from);
    searched_to -= keep_from;
    if (added < 0) {
      report_file_error(search->name, errno);
      return;
    }
    if (added > 0 && !search_check_binary(search, before_fill)) {
      search->count = 0;
      return;
    }
    /* Only new data can complete a line: the older rest had no newline. */
    size_t lines_end = reader->length;
    while (lines_end > before_fill && reader->data[lines_end - 1] != search->eol) {
      lines_end--;
    }
    if (lines_end > before_fill) {
      search_region(search, searched_to, lines_end);
      searched_to = lines_end;
    }
    if (search->finished || (reader->eof && searched_to == reader->length)) {
      return;
    }
  }
}

static void search_report_file(struct file_search *search, bool show_name) {
  const struct options *options = search->options;
  struct output *output = search->searcher->output;
  if (options->count) {
    if (show_name) {
      output_filename_and_separator(output, search->name, ':');
    }
    output_number(output, (uintmax_t)search->count, 0, NULL);
    output_byte(output, '\n');
    output_end_of_line(output);
  }
  if ((options->list_files == LIST_FILES_MATCHING && search->count > 0) ||
      (options->list_files == LIST_FILES_NONMATCHING && search->count == 0)) {
    output_filename_and_separator(output, search->name, '\n');
    output_end_of_line(output);
  }
  bool quiet_by_option = options->count || options->list_files != LIST_FILES_NONE ||
                         options->quiet || search->searcher->run->output_discarded;
  if (!quiet_by_option && options->binary_files == BINARY_FILES_BINARY &&
      (search->encoding_error || (search->binary_nul && search->count_at_first_nul < search->count))) {
    report_notice("%s: binary file matches", search->name);
  }
}

void search_file(struct searcher *searcher, int fd, const char *name, bool show_name,
                 const struct stat *status, struct search_result *result) {
  const struct search_run *run = searcher->run;
  const struct options *options = run->options;
  struct file_search search;
  memset(&search, 0, sizeof search);
  search.searcher = searcher;
  search.options = options;
  search.name = name;
  search.eol = options->line_end;
  search.position.filename = show_name ? name : NULL;
  search.position.number_width = search_number_width(options, status);
  search.remaining = options->max_count < 0 ? INTMAX_MAX : options->max_count;
  search.line_number = 1;
  search.file_size = S_ISREG(status->st_mode) ? (uint64_t)status->st_size : UINT64_MAX;
  search.quiet = options->count || options->list_files != LIST_FILES_NONE || options->quiet ||
                 run->output_discarded;
  search.stop_on_match =
      options->list_files != LIST_FILES_NONE || options->quiet || run->output_discarded;
  if (reader_init(&search.reader, fd, search.eol, status) != 0) {
    report_error("memory exhausted");
    return;
  }
  search_read_and_search(&search);
  reader_free(&search.reader);
  result->selected = result->selected || search.count > 0;
  result->quit = search.quit;
  if (!search.quit) {
    search_report_file(&search, show_name);
  }
}
