/* walk: operand handling and recursion. Directory entries are visited in
 * the order readdir returns them, as GNU grep's fts traversal does, so
 * output order matches grep's on the same file system. Symbolic links met
 * while recursing are followed only with -R; operands are always followed. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

/* How a name is tested against GLOBs: operands match on the whole name or
 * any part after a '/', names met while recursing on their own. */
static bool walk_name_matches(const char *const *globs, size_t count, const char *name,
                              bool operand) {
  for (size_t i = 0; i < count; i++) {
    if (fnmatch(globs[i], name, 0) == 0) {
      return true;
    }
    if (!operand) {
      continue;
    }
    for (const char *p = name; *p; p++) {
      if (*p == '/' && p[1] != '/' && fnmatch(globs[i], p + 1, 0) == 0) {
        return true;
      }
    }
  }
  return false;
}

static bool walk_file_excluded(const struct name_filters *filters, const char *name, bool operand) {
  if (walk_name_matches(filters->exclude, filters->exclude_count, name, operand)) {
    return true;
  }
  return filters->include_count > 0 &&
         !walk_name_matches(filters->include, filters->include_count, name, operand);
}

/* grep refuses to read a regular file that is also its standard output
 * when it would print lines, since the output would feed the input. */
static bool walk_is_output(const struct options *options, const struct stat *input) {
  struct stat output;
  if (options->count || options->quiet || options->list_files != LIST_FILES_NONE ||
      !S_ISREG(input->st_mode) || fstat(STDOUT_FILENO, &output) != 0) {
    return false;
  }
  return input->st_dev == output.st_dev && input->st_ino == output.st_ino;
}

static void walk_search_open_file(struct search_run *run, int fd, const char *name,
                                  bool show_name) {
  struct stat status;
  if (fstat(fd, &status) != 0) {
    report_file_error(name, errno);
  } else if (walk_is_output(run->options, &status)) {
    report_file_problem(name, "input file is also the output");
  } else {
    search_file(run, fd, name, show_name, &status);
  }
}

static void walk_search_path(struct search_run *run, const char *path, bool show_name) {
  int fd = open(path, O_RDONLY | O_NOCTTY);
  if (fd < 0) {
    report_file_error(path, errno);
    return;
  }
  walk_search_open_file(run, fd, path, show_name);
  close(fd);
}

/* The directories being walked, innermost first, to notice loops that
 * symbolic links create under -R. */
struct directory_chain {
  dev_t device;
  ino_t inode;
  const struct directory_chain *parent;
};

static void walk_directory(struct search_run *run, const char *path, const struct stat *status,
                           const struct directory_chain *parent, bool show_names,
                           bool omit_prefix);

/* Names of a directory's entries, read before any is searched so only one
 * directory is open at a time. */
struct entry_list {
  char **names;
  size_t count, capacity;
};

static void entry_list_free(struct entry_list *list) {
  for (size_t i = 0; i < list->count; i++) {
    free(list->names[i]);
  }
  free(list->names);
}

static int entry_list_read(const char *path, struct entry_list *list) {
  DIR *directory = opendir(path);
  if (!directory) {
    return -1;
  }
  int status = 0;
  for (;;) {
    errno = 0;
    struct dirent *entry = readdir(directory);
    if (!entry) {
      status = errno ? -1 : 0;
      break;
    }
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
      continue;
    }
    if (list->count == list->capacity) {
      size_t capacity = list->capacity ? list->capacity * 2 : 32;
      char **names = realloc(list->names, capacity * sizeof *names);
      if (!names) {
        errno = ENOMEM;
        status = -1;
        break;
      }
      list->names = names;
      list->capacity = capacity;
    }
    char *name = strdup(entry->d_name);
    if (!name) {
      errno = ENOMEM;
      status = -1;
      break;
    }
    list->names[list->count++] = name;
  }
  int saved = errno;
  closedir(directory);
  errno = saved;
  return status;
}

static char *walk_join(const char *directory, const char *name, bool omit_prefix) {
  if (omit_prefix) {
    return strdup(name);
  }
  size_t directory_length = strlen(directory);
  bool has_slash = directory_length > 0 && directory[directory_length - 1] == '/';
  size_t length = directory_length + (has_slash ? 0 : 1) + strlen(name) + 1;
  char *path = malloc(length);
  if (path) {
    strcpy(path, directory);
    if (!has_slash) {
      strcat(path, "/");
    }
    strcat(path, name);
  }
  return path;
}

static void walk_entry(struct search_run *run, const char *path, const char *name,
                       const struct directory_chain *parent, bool show_names) {
  const struct options *options = run->options;
  struct stat status;
  int result = options->dereference_recursive ? stat(path, &status) : lstat(path, &status);
  if (result != 0) {
    report_file_error(path, errno);
    return;
  }
  if (S_ISDIR(status.st_mode)) {
    if (!walk_name_matches(options->filters.exclude_dir, options->filters.exclude_dir_count, name,
                           false)) {
      walk_directory(run, path, &status, parent, show_names, false);
    }
    return;
  }
  /* Devices, pipes, sockets and (without -R) symbolic links found while
   * recursing are skipped, as grep's default --devices=read does. */
  if (!S_ISREG(status.st_mode) || walk_file_excluded(&options->filters, name, false)) {
    return;
  }
  walk_search_path(run, path, show_names);
}

static void walk_directory(struct search_run *run, const char *path, const struct stat *status,
                           const struct directory_chain *parent, bool show_names,
                           bool omit_prefix) {
  for (const struct directory_chain *up = parent; up; up = up->parent) {
    if (up->device == status->st_dev && up->inode == status->st_ino) {
      if (!run->options->no_messages) {
        report_notice("%s: warning: recursive directory loop", path);
      }
      return;
    }
  }
  struct directory_chain self = {status->st_dev, status->st_ino, parent};
  struct entry_list entries = {0};
  if (entry_list_read(path, &entries) != 0) {
    report_file_error(path, errno);
  }
  for (size_t i = 0; i < entries.count && !run->quit; i++) {
    char *child = walk_join(path, entries.names[i], omit_prefix);
    if (!child) {
      report_error("memory exhausted");
      break;
    }
    walk_entry(run, child, entries.names[i], &self, show_names);
    free(child);
  }
  entry_list_free(&entries);
}

static void walk_standard_input(struct search_run *run, bool show_name) {
  const char *name = run->options->label ? run->options->label : "(standard input)";
  walk_search_open_file(run, STDIN_FILENO, name, show_name);
}

static void walk_operand(struct search_run *run, const char *operand, int with_filename,
                         bool implicit) {
  const struct options *options = run->options;
  if (strcmp(operand, "-") == 0 && !implicit) {
    walk_standard_input(run, with_filename > 0);
    return;
  }
  struct stat status;
  if (stat(operand, &status) != 0) {
    report_file_error(operand, errno);
    return;
  }
  if (S_ISDIR(status.st_mode)) {
    if (options->directories == DIRECTORIES_SKIP) {
      return;
    }
    if (options->directories == DIRECTORIES_RECURSE) {
      if (!implicit && walk_name_matches(options->filters.exclude_dir,
                                         options->filters.exclude_dir_count, operand, true)) {
        return;
      }
      walk_directory(run, operand, &status, NULL, with_filename != 0, implicit);
      return;
    }
  } else if (walk_file_excluded(&options->filters, operand, true)) {
    return;
  }
  walk_search_path(run, operand, with_filename > 0);
}

void walk_operands(struct search_run *run) {
  const struct options *options = run->options;
  /* -1 (neither -H nor -h, one operand): names only for files found by
   * recursing into a directory. */
  int with_filename = options->with_filename;
  if (with_filename < 0 && options->file_count > 1) {
    with_filename = 1;
  }
  if (options->file_count == 0) {
    if (options->directories == DIRECTORIES_RECURSE) {
      walk_operand(run, ".", with_filename, true);
    } else {
      walk_standard_input(run, with_filename > 0);
    }
    return;
  }
  for (int i = 0; i < options->file_count && !run->quit; i++) {
    walk_operand(run, options->files[i], with_filename, false);
  }
}
