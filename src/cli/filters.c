/* filters: fnmatch over the globs in order; growable arrays. */
#include "filters.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "textfile.h"

/* items (count used of *capacity, each size bytes) with room for one
 * more: the same or a reallocated array, or NULL (items unchanged). */
static void *filters_grow(void *items, size_t count, size_t *capacity, size_t size) {
  if (count < *capacity) {
    return items;
  }
  size_t grown = *capacity ? *capacity * 2 : 8;
  void *larger = realloc(items, grown * size);
  if (larger) {
    *capacity = grown;
  }
  return larger;
}

int filters_add_file(struct name_filters *filters, const char *glob, bool include) {
  struct name_filter *files = filters_grow(filters->files, filters->file_count,
                                           &filters->file_capacity, sizeof *files);
  if (!files) {
    return -1;
  }
  filters->files = files;
  filters->files[filters->file_count].glob = glob;
  filters->files[filters->file_count].include = include;
  filters->file_count++;
  return 0;
}

int filters_add_exclude_dir(struct name_filters *filters, const char *glob) {
  const char **globs = filters_grow(filters->exclude_dir, filters->exclude_dir_count,
                                    &filters->exclude_dir_capacity, sizeof *globs);
  if (!globs) {
    return -1;
  }
  filters->exclude_dir = globs;
  filters->exclude_dir[filters->exclude_dir_count++] = glob;
  return 0;
}

int filters_add_exclude_file(struct name_filters *filters, const char *path) {
  char **owned = filters_grow(filters->owned, filters->owned_count, &filters->owned_capacity,
                              sizeof *owned);
  if (!owned) {
    return -1;
  }
  filters->owned = owned;
  char *text = NULL;
  size_t length = 0;
  if (textfile_read(path, &text, &length) != 0) {
    return -1;
  }
  /* One spare byte for the last line's terminator. */
  char *lines = realloc(text, length + 1);
  if (!lines) {
    free(text);
    return -1;
  }
  filters->owned[filters->owned_count++] = lines;
  lines[length] = '\n';
  for (char *start = lines, *end; start < lines + length; start = end + 1) {
    end = memchr(start, '\n', (size_t)(lines + length + 1 - start));
    char *last = end;
    while (last > start && isspace((unsigned char)last[-1])) {
      last--;
    }
    *last = '\0';
    if (last > start && filters_add_file(filters, start, false) != 0) {
      return -1;
    }
  }
  return 0;
}

static bool filters_glob_matches(const char *glob, const char *name, bool operand) {
  if (fnmatch(glob, name, 0) == 0) {
    return true;
  }
  for (const char *p = name; operand && *p; p++) {
    if (*p == '/' && p[1] != '/' && fnmatch(glob, p + 1, 0) == 0) {
      return true;
    }
  }
  return false;
}

bool filters_exclude_file(const struct name_filters *filters, const char *name, bool operand) {
  for (size_t i = filters->file_count; i-- > 0;) {
    if (filters_glob_matches(filters->files[i].glob, name, operand)) {
      return !filters->files[i].include;
    }
  }
  return filters->file_count > 0 && filters->files[0].include;
}

bool filters_exclude_directory(const struct name_filters *filters, const char *name, bool operand) {
  for (size_t i = 0; i < filters->exclude_dir_count; i++) {
    if (filters_glob_matches(filters->exclude_dir[i], name, operand)) {
      return true;
    }
  }
  return false;
}

void filters_free(struct name_filters *filters) {
  for (size_t i = 0; i < filters->owned_count; i++) {
    free(filters->owned[i]);
  }
  free(filters->owned);
  free(filters->files);
  free(filters->exclude_dir);
  memset(filters, 0, sizeof *filters);
}
