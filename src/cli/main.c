/* jrxgrep: grep -P work-alike on top of jrx. main wires the parts
 * together and owns the exit status: 0 if a line was selected, 1 if not,
 * 2 after any error unless -q already found a match. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colors.h"
#include "matcher.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "pool.h"
#include "walk.h"

enum { EXIT_MATCH = 0, EXIT_NO_MATCH = 1, EXIT_TROUBLE = 2 };

/* grep -P decides UTF-8 mode from the locale's codeset, which covers
 * LC_ALL, LC_CTYPE and LANG in their usual precedence. */
static bool main_locale_is_utf8(void) {
  setlocale(LC_ALL, "");
  const char *codeset = nl_langinfo(CODESET);
  return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/* Output nobody reads need not be produced: grep then stops reading each
 * file at its first selected line (which also silences binary notices). */
static bool main_output_discarded(const struct stat *output) {
  struct stat null_device;
  return S_ISCHR(output->st_mode) && stat("/dev/null", &null_device) == 0 &&
         output->st_dev == null_device.st_dev && output->st_ino == null_device.st_ino;
}

/* Standard output is looked at once, as in grep: whether nobody reads it,
 * and which regular file it is, if any (no input may be that file). */
static void main_look_at_output(struct search_run *run) {
  struct stat output;
  if (fstat(STDOUT_FILENO, &output) != 0) {
    return;
  }
  run->output_discarded = !run->options->quiet && main_output_discarded(&output);
  run->output_is_file = S_ISREG(output.st_mode);
  run->output_device = output.st_dev;
  run->output_inode = output.st_ino;
}

/* Threads pay off only with several inputs; --line-buffered asks for
 * each line as soon as it is found, which capturing per file would delay. */
static size_t main_worker_count(const struct options *options) {
  if (options->line_buffered ||
      (options->directories != DIRECTORIES_RECURSE && options->file_count < 2)) {
    return 0;
  }
  long threads = options->threads > 0 ? options->threads : sysconf(_SC_NPROCESSORS_ONLN);
  return threads > 1 ? (size_t)threads : 0;
}

/* Output that goes to a pipe or a file is written in large blocks (stdio
 * would pick the pipe's 4 KiB); a terminal keeps its line buffering. */
static void main_buffer_output(const struct options *options) {
  static char buffer[256 * 1024];
  if (!options->line_buffered && !isatty(STDOUT_FILENO)) {
    setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  }
}

static int main_run(const struct options *options, bool utf) {
  struct matcher_settings settings = {
      .fixed_strings = options->fixed_strings,
      .ignore_case = options->ignore_case,
      .word = options->word,
      .line = options->line,
      .utf = utf,
      .ucp = options->ucp,
  };
  bool failed = false;
  struct matcher *matcher = matcher_create(&options->patterns, &settings, &failed);
  if (failed) {
    return EXIT_TROUBLE;
  }
  main_buffer_output(options);
  struct colors colors;
  if (options->color) {
    colors_load(&colors);
  }
  struct output output = {
      .options = options, .colors = options->color ? &colors : NULL, .stream = stdout};
  struct search_run run = {.options = options, .utf = utf};
  main_look_at_output(&run);
  struct pool pool;
  pool_start(&pool, &run, matcher, &output, main_worker_count(options));
  walk_operands(&pool);
  struct search_result results;
  pool_finish(&pool, &results);
  matcher_free(matcher);
  bool written = output_finish();
  if (results.quit) {
    return EXIT_MATCH;
  }
  if (!written || report_error_seen()) {
    return EXIT_TROUBLE;
  }
  return results.selected ? EXIT_MATCH : EXIT_NO_MATCH;
}

int main(int argc, char **argv) {
  bool utf = main_locale_is_utf8();
  struct options options;
  int status = options_parse(argc, argv, &options);
  if (status < 0) {
    /* -m 0 selects nothing without reading anything, as in grep. */
    status = options.max_count == 0 ? EXIT_NO_MATCH : main_run(&options, utf);
  }
  options_free(&options);
  return status;
}
