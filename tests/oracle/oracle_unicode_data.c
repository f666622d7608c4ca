/* oracle_unicode_data: the Unicode data files' line format (fields split
 * by ';', '#' starts a comment). */
#include "oracle_unicode_data.h"

#include <stdlib.h>
#include <string.h>

#ifndef JRX_UNICODE_DATA_DIR
#define JRX_UNICODE_DATA_DIR "/usr/share/unicode"
#endif

const char *oracle_unicode_data_directory(void) {
  const char *directory = getenv("JRX_UNICODE_DATA_DIR");
  return directory != NULL ? directory : JRX_UNICODE_DATA_DIR;
}

FILE *oracle_unicode_open(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", oracle_unicode_data_directory(), name);
  return fopen(path, "r");
}

size_t oracle_unicode_split_fields(char *line, char **fields, size_t max_fields) {
  char *comment = strchr(line, '#');
  if (comment != NULL) {
    *comment = '\0';
  }
  size_t count = 0;
  char *cursor = line;
  while (count < max_fields) {
    char *end = strchr(cursor, ';');
    if (end != NULL) {
      *end = '\0';
    }
    while (*cursor == ' ' || *cursor == '\t') {
      cursor++;
    }
    char *last = cursor + strlen(cursor);
    while (last > cursor && (last[-1] == ' ' || last[-1] == '\t' || last[-1] == '\n' ||
                             last[-1] == '\r')) {
      *--last = '\0';
    }
    fields[count++] = cursor;
    if (end == NULL) {
      break;
    }
    cursor = end + 1;
  }
  return count == 1 && fields[0][0] == '\0' ? 0 : count;
}
