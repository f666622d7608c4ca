/* colors: parsing of the GREP_COLORS capability list "name=value:flag:...".
 * Like grep, parsing stops at the first malformed entry and keeps what
 * was set before it; unknown names are ignored. */
#include "colors.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void colors_set(char *slot, const char *value, size_t length) {
  if (length >= 64) {
    length = 63;
  }
  memcpy(slot, value, length);
  slot[length] = '\0';
}

static char *colors_slot(struct colors *colors, const char *name, size_t length) {
  static const struct {
    const char *name;
    size_t offset;
  } slots[] = {
      {"ms", offsetof(struct colors, selected_match)},
      {"mc", offsetof(struct colors, context_match)},
      {"sl", offsetof(struct colors, selected_line)},
      {"cx", offsetof(struct colors, context_line)},
      {"fn", offsetof(struct colors, filename)},
      {"ln", offsetof(struct colors, line_number)},
      {"bn", offsetof(struct colors, byte_offset)},
      {"se", offsetof(struct colors, separator)},
  };
  for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
    if (strlen(slots[i].name) == length && memcmp(slots[i].name, name, length) == 0) {
      return (char *)colors + slots[i].offset;
    }
  }
  return NULL;
}

static bool colors_valid_value(const char *value, size_t length) {
  for (size_t i = 0; i < length; i++) {
    if (!((value[i] >= '0' && value[i] <= '9') || value[i] == ';')) {
      return false;
    }
  }
  return true;
}

/* Applies one "name=value" or "name" entry; false stops the parse. */
static bool colors_apply(struct colors *colors, const char *entry, size_t length) {
  const char *equals = memchr(entry, '=', length);
  size_t name_length = equals ? (size_t)(equals - entry) : length;
  if (!equals) {
    if (name_length == 2 && memcmp(entry, "rv", 2) == 0) {
      colors->reverse = true;
    } else if (name_length == 2 && memcmp(entry, "ne", 2) == 0) {
      colors->no_erase = true;
    }
    return true;
  }
  const char *value = equals + 1;
  size_t value_length = length - name_length - 1;
  if (!colors_valid_value(value, value_length)) {
    return false;
  }
  if (name_length == 2 && memcmp(entry, "mt", 2) == 0) {
    colors_set(colors->selected_match, value, value_length);
    colors_set(colors->context_match, value, value_length);
    return true;
  }
  char *slot = colors_slot(colors, entry, name_length);
  if (slot) {
    colors_set(slot, value, value_length);
  }
  return true;
}

void colors_load(struct colors *colors) {
  memset(colors, 0, sizeof *colors);
  strcpy(colors->selected_match, "01;31");
  strcpy(colors->context_match, "01;31");
  strcpy(colors->filename, "35");
  strcpy(colors->line_number, "32");
  strcpy(colors->byte_offset, "32");
  strcpy(colors->separator, "36");

  const char *legacy = getenv("GREP_COLOR");
  if (legacy && *legacy) {
    report_notice("warning: GREP_COLOR='%s' is deprecated; use GREP_COLORS='mt=%s'", legacy,
                  legacy);
    colors_set(colors->selected_match, legacy, strlen(legacy));
    colors_set(colors->context_match, legacy, strlen(legacy));
  }
  const char *list = getenv("GREP_COLORS");
  if (!list) {
    return;
  }
  while (*list) {
    const char *colon = strchr(list, ':');
    size_t length = colon ? (size_t)(colon - list) : strlen(list);
    if (!colors_apply(colors, list, length) || !colon) {
      return;
    }
    list = colon + 1;
  }
}
