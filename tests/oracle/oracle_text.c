/* oracle_text: see oracle_text.h. The buffer always has room for a
 * terminating NUL after the contents, so data is a C string. */
#include "oracle_text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void oracle_text_init(oracle_text *text) {
  text->data = NULL;
  text->length = 0;
  text->capacity = 0;
  text->failed = 0;
}

void oracle_text_release(oracle_text *text) {
  free(text->data);
  oracle_text_init(text);
}

void oracle_text_clear(oracle_text *text) {
  text->length = 0;
  if (text->data != NULL) text->data[0] = '\0';
  text->failed = 0;
}

int oracle_text_failed(const oracle_text *text) {
  return text->failed;
}

const char *oracle_text_string(const oracle_text *text) {
  return text->data != NULL ? text->data : "";
}

static int reserve(oracle_text *text, size_t extra) {
  if (text->failed) return 0;
  if (extra < text->capacity - text->length) return 1;
  size_t capacity = text->capacity != 0 ? text->capacity : 64;
  while (capacity - text->length <= extra) {
    if (capacity > SIZE_MAX / 2) {
      text->failed = 1;
      return 0;
    }
    capacity *= 2;
  }
  char *data = realloc(text->data, capacity);
  if (data == NULL) {
    text->failed = 1;
    return 0;
  }
  text->data = data;
  text->capacity = capacity;
  return 1;
}

void oracle_text_append(oracle_text *text, const char *bytes, size_t count) {
  if (!reserve(text, count)) return;
  if (count > 0) memcpy(text->data + text->length, bytes, count);
  text->length += count;
  text->data[text->length] = '\0';
}

void oracle_text_printf(oracle_text *text, const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  int needed = vsnprintf(NULL, 0, format, arguments);
  va_end(arguments);
  if (needed < 0) {
    text->failed = 1;
    return;
  }
  if (!reserve(text, (size_t)needed)) return;
  va_start(arguments, format);
  vsnprintf(text->data + text->length, (size_t)needed + 1, format, arguments);
  va_end(arguments);
  text->length += (size_t)needed;
}

void oracle_text_append_c_escaped(oracle_text *text, const char *bytes, size_t count) {
  int after_hex_escape = 0;
  for (size_t i = 0; i < count; i++) {
    unsigned char byte = (unsigned char)bytes[i];
    /* A hex escape swallows any hex digits after it, so one that follows
     * another escape is written as an escape too. */
    int is_hex_digit = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'f') ||
                       (byte >= 'A' && byte <= 'F');
    switch (byte) {
      case '\\': oracle_text_append(text, "\\\\", 2); break;
      case '"': oracle_text_append(text, "\\\"", 2); break;
      case '\n': oracle_text_append(text, "\\n", 2); break;
      case '\r': oracle_text_append(text, "\\r", 2); break;
      case '\t': oracle_text_append(text, "\\t", 2); break;
      case '?':
        /* "??" followed by some characters is a trigraph in ISO C. */
        if (i > 0 && bytes[i - 1] == '?') {
          oracle_text_append(text, "\\?", 2);
        } else {
          oracle_text_append(text, "?", 1);
        }
        break;
      default:
        if (byte < 0x20 || byte >= 0x7f || (after_hex_escape && is_hex_digit)) {
          oracle_text_printf(text, "\\x%02x", byte);
          after_hex_escape = 1;
          continue;
        }
        oracle_text_append(text, (const char *)&byte, 1);
    }
    after_hex_escape = 0;
  }
}

int oracle_text_read_line(oracle_text *text, FILE *file) {
  oracle_text_clear(text);
  int character = fgetc(file);
  if (character == EOF) return 0;
  while (character != EOF && character != '\n') {
    char byte = (char)character;
    oracle_text_append(text, &byte, 1);
    character = fgetc(file);
  }
  return oracle_text_failed(text) ? -1 : 1;
}
