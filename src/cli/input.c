/* input: open, fstat, the input-is-output refusal (against standard
 * output as main found it at the start), then search_file. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

/* grep refuses to read a regular file that is also its standard output
 * when it would print lines, since the output would feed the input. */
static bool input_is_output(const struct search_run *run, const struct stat *input) {
  const struct options *options = run->options;
  if (options->count || options->quiet || options->list_files != LIST_FILES_NONE ||
      !S_ISREG(input->st_mode) || !run->output_is_file) {
    return false;
  }
  return input->st_dev == run->output_device && input->st_ino == run->output_inode;
}

static void input_search_open_file(struct searcher *searcher, int fd, const char *name,
                                   bool show_name, struct search_result *result) {
  struct stat status;
  if (fstat(fd, &status) != 0) {
    report_file_error(name, errno);
  } else if (input_is_output(searcher->run, &status)) {
    report_file_problem(name, "input file is also the output");
  } else {
    search_file(searcher, fd, name, show_name, &status, result);
  }
}

void input_search(struct searcher *searcher, const char *path, const char *name, bool show_name,
                  struct search_result *result) {
  if (!path) {
    input_search_open_file(searcher, STDIN_FILENO, name, show_name, result);
    return;
  }
  int fd = open(path, O_RDONLY | O_NOCTTY);
  if (fd < 0) {
    report_file_error(path, errno);
    return;
  }
  input_search_open_file(searcher, fd, name, show_name, result);
  close(fd);
}
