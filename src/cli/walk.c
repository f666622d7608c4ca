/* walk: operand handling and recursion. Directory entries are visited in
 * the order readdir returns them, as GNU grep's fts traversal does, so
 * output order matches grep's on the same file system. Symbolic links met
 * while recursing are followed only with -R; operands are always followed.
 * Every input found is handed to the pool, which keeps this order. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

/* The directories being walked, innermost first, to notice loops that
 * symbolic links create under -R. */
struct directory_chain {
  dev_t device;
  ino_t inode;
  const struct directory_chain *parent;
};

static void walk_directory(struct pool *pool, const char *path, const struct stat *status,
                           const struct directory_chain *parent, bool show_names,
                           bool omit_prefix);

/* Names of a directory's entries, read before any is searched so only one
 * directory is open at a time, with the type readdir gave (DT_UNKNOWN
 * where the file system does not say). */
struct entry_list {
  char **names;
  unsigned char *types;
  size_t count, capacity;
};

static void entry_list_free(struct entry_list *list) {
  for (size_t i = 0; i < list->count; i++) {
    free(list->names[i]);
  }
  free(list->names);
  free(list->types);
}

/* Reads the entries of the directory open at fd with getdents64, which
 * readdir would call too: opendir and fdopendir first fstat the
 * directory, which walk_directory has done or had no need to. */
static int entry_list_read(int fd, struct entry_list *list) {
  /* Aligned for the records getdents64 writes into it. */
  union {
    struct dirent64 entry;
    char bytes[32 * 1024];
  } buffer;
  for (;;) {
    ssize_t filled = getdents64(fd, buffer.bytes, sizeof buffer.bytes);
    if (filled <= 0) {
      return filled < 0 ? -1 : 0;
    }
    for (ssize_t offset = 0; offset < filled;) {
      const struct dirent64 *entry = (const struct dirent64 *)(const void *)(buffer.bytes + offset);
      offset += entry->d_reclen;
      if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
        continue;
      }
      if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 32;
        char **names = realloc(list->names, capacity * sizeof *names);
        if (names) {
          list->names = names;
        }
        unsigned char *types = names ? realloc(list->types, capacity * sizeof *types) : NULL;
        if (!types) {
          errno = ENOMEM;
          return -1;
        }
        list->types = types;
        list->capacity = capacity;
      }
      char *name = strdup(entry->d_name);
      if (!name) {
        errno = ENOMEM;
        return -1;
      }
      list->types[list->count] = entry->d_type;
      list->names[list->count++] = name;
    }
  }
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

/* Devices, FIFOs and sockets, which --devices governs. */
static bool walk_is_device(mode_t mode) {
  return S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
}

/* An entry whose type readdir gave and that needs no stat here: a
 * regular file, searched (the search opens and checks it anyway), a
 * directory, walked (walk_directory takes its device and inode for the
 * loop check from the open directory), or, unless -R follows it, a
 * symbolic link, skipped. Other types are stat'ed for --devices. */
static bool walk_entry_without_stat(struct pool *pool, const char *path, const char *name,
                                    unsigned char type, const struct directory_chain *parent,
                                    bool show_names) {
  const struct options *options = pool->run->options;
  if (options->dereference_recursive || (type != DT_REG && type != DT_LNK && type != DT_DIR)) {
    return false;
  }
  if (type == DT_REG && !filters_exclude_file(&options->filters, name, false)) {
    pool_search(pool, path, path, show_names);
  } else if (type == DT_DIR && !filters_exclude_directory(&options->filters, name, false)) {
    walk_directory(pool, path, NULL, parent, show_names, false);
  }
  return true;
}

static void walk_entry(struct pool *pool, const char *path, const char *name, unsigned char type,
                       const struct directory_chain *parent, bool show_names) {
  const struct options *options = pool->run->options;
  if (walk_entry_without_stat(pool, path, name, type, parent, show_names)) {
    return;
  }
  struct stat status;
  int result = options->dereference_recursive ? stat(path, &status) : lstat(path, &status);
  if (result != 0) {
    report_file_error(path, errno);
    return;
  }
  if (S_ISDIR(status.st_mode)) {
    if (!filters_exclude_directory(&options->filters, name, false)) {
      walk_directory(pool, path, &status, parent, show_names, false);
    }
    return;
  }
  /* Symbolic links (without -R) found while recursing are skipped, and so
   * are devices unless -D read asked for them. */
  bool searched = S_ISREG(status.st_mode) ||
                  (options->devices == DEVICES_READ && walk_is_device(status.st_mode));
  if (!searched || filters_exclude_file(&options->filters, name, false)) {
    return;
  }
  pool_search(pool, path, path, show_names);
}

/* Searches the directory at path. status is its stat, or NULL for a
 * directory readdir named (not a symbolic link) and not stat'ed, whose
 * device and inode for the loop check then come from the fstat of the
 * open directory: one stat call for each directory, as for each file. */
static void walk_directory(struct pool *pool, const char *path, const struct stat *status,
                           const struct directory_chain *parent, bool show_names,
                           bool omit_prefix) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOCTTY | O_CLOEXEC | (status ? 0 : O_NOFOLLOW));
  struct stat opened;
  if (fd >= 0 && !status) {
    if (fstat(fd, &opened) != 0) {
      int error = errno;
      close(fd);
      fd = -1;
      errno = error;
    }
    status = &opened;
  }
  if (fd < 0) {
    report_file_error(path, errno);
    return;
  }
  for (const struct directory_chain *up = parent; up; up = up->parent) {
    if (up->device == status->st_dev && up->inode == status->st_ino) {
      if (!pool->run->options->no_messages) {
        report_notice("%s: warning: recursive directory loop", path);
      }
      close(fd);
      return;
    }
  }
  struct directory_chain self = {status->st_dev, status->st_ino, parent};
  struct entry_list entries = {0};
  if (entry_list_read(fd, &entries) != 0) {
    report_file_error(path, errno);
  }
  close(fd);
  for (size_t i = 0; i < entries.count && !pool_stopped(pool); i++) {
    char *child = walk_join(path, entries.names[i], omit_prefix);
    if (!child) {
      report_error("memory exhausted");
      break;
    }
    walk_entry(pool, child, entries.names[i], entries.types[i], &self, show_names);
    free(child);
  }
  entry_list_free(&entries);
}

static void walk_standard_input(struct pool *pool, bool show_name) {
  const struct options *options = pool->run->options;
  pool_search(pool, NULL, options->label ? options->label : "(standard input)", show_name);
}

/* -D skip: grep opens an operand before it looks at its type, and opening
 * a socket fails, so that error is reported even with -D skip. */
static bool walk_skips_device_operand(const struct options *options, mode_t mode) {
  return options->devices == DEVICES_SKIP && walk_is_device(mode) && !S_ISSOCK(mode);
}

static void walk_operand(struct pool *pool, const char *operand, int with_filename,
                         bool implicit) {
  const struct options *options = pool->run->options;
  if (strcmp(operand, "-") == 0 && !implicit) {
    walk_standard_input(pool, with_filename > 0);
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
      if (!implicit && filters_exclude_directory(&options->filters, operand, true)) {
        return;
      }
      walk_directory(pool, operand, &status, NULL, with_filename != 0, implicit);
      return;
    }
  } else if (filters_exclude_file(&options->filters, operand, true) ||
             walk_skips_device_operand(options, status.st_mode)) {
    return;
  }
  pool_search(pool, operand, operand, with_filename > 0);
}

void walk_operands(struct pool *pool) {
  const struct options *options = pool->run->options;
  /* -1 (neither -H nor -h, one operand): names only for files found by
   * recursing into a directory. */
  int with_filename = options->with_filename;
  if (with_filename < 0 && options->file_count > 1) {
    with_filename = 1;
  }
  if (options->file_count == 0) {
    if (options->directories == DIRECTORIES_RECURSE) {
      walk_operand(pool, ".", with_filename, true);
    } else {
      walk_standard_input(pool, with_filename > 0);
    }
    return;
  }
  for (int i = 0; i < options->file_count && !pool_stopped(pool); i++) {
    walk_operand(pool, options->files[i], with_filename, false);
  }
}
