/* filters: --include, --exclude, --exclude-from and --exclude-dir, with
 * GNU grep's (gnulib exclude's) semantics: the last --include/--exclude
 * GLOB that matches a file name decides; when none matches, a file is
 * excluded exactly when the first of those options was an --include. */
#ifndef JRXGREP_FILTERS_H
#define JRXGREP_FILTERS_H

#include <stdbool.h>
#include <stddef.h>

struct name_filter {
  const char *glob;
  bool include;
};

struct name_filters {
  struct name_filter *files; /* in command-line order */
  size_t file_count, file_capacity;
  const char **exclude_dir;
  size_t exclude_dir_count, exclude_dir_capacity;
  char **owned; /* texts read by --exclude-from, which globs point into */
  size_t owned_count, owned_capacity;
};

/* Adds a file GLOB (not copied). Returns 0 or -1 when out of memory. */
int filters_add_file(struct name_filters *filters, const char *glob, bool include);

/* Adds one exclusion per line of the file at path; trailing white space
 * is dropped and empty lines are skipped, as in grep. Returns 0, or -1
 * with errno set. */
int filters_add_exclude_file(struct name_filters *filters, const char *path);

/* Adds a directory GLOB (not copied). Returns 0 or -1 when out of memory. */
int filters_add_exclude_dir(struct name_filters *filters, const char *glob);

/* Whether a file is skipped. Operands (named on the command line) match on
 * the whole name or any part after a '/'; names met while recursing are
 * the entry names alone. */
bool filters_exclude_file(const struct name_filters *filters, const char *name, bool operand);

bool filters_exclude_directory(const struct name_filters *filters, const char *name, bool operand);

void filters_free(struct name_filters *filters);

#endif
