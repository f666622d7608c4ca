/* oracle_case: reads cases.txt. A line holds a quoted pattern, compile
 * option letters, a quoted subject and optional keywords; quoted text is
 * taken byte for byte except %HH, so regex backslashes need no doubling. */
#include "oracle_case.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jrx.h"
#include "oracle_names.h"

static const struct {
  char letter;
  uint32_t option;
} compile_letters[] = {
    {'i', JRX_CASELESS}, {'m', JRX_MULTILINE}, {'s', JRX_DOTALL},   {'x', JRX_EXTENDED},
    {'u', JRX_UTF},      {'A', JRX_ANCHORED},  {'U', JRX_UNGREEDY},
};

static const struct {
  const char *keyword;
  uint32_t option;
} match_keywords[] = {
    {"anchored", JRX_ANCHORED},
    {"notbol", JRX_NOTBOL},
    {"noteol", JRX_NOTEOL},
    {"notempty", JRX_NOTEMPTY},
    {"notempty_atstart", JRX_NOTEMPTY_ATSTART},
};

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

typedef struct line_reader {
  const char *line;
  size_t position;
  size_t line_number;
  oracle_text *error;
} line_reader;

static int fail(line_reader *reader, const char *reason) {
  oracle_text_printf(reader->error, "cases.txt:%zu:%zu: %s", reader->line_number,
                     reader->position + 1, reason);
  return -1;
}

static void skip_blanks(line_reader *reader) {
  while (reader->line[reader->position] == ' ' || reader->line[reader->position] == '\t') {
    reader->position++;
  }
}

static int hex_value(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
  if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
  return -1;
}

/* Reads "..." into a new allocation; %HH stands for the byte 0xHH. */
static int read_quoted(line_reader *reader, char **bytes, size_t *length) {
  skip_blanks(reader);
  if (reader->line[reader->position] != '"') return fail(reader, "expected a \"quoted\" field");
  reader->position++;
  const char *start = reader->line + reader->position;
  const char *end = strchr(start, '"');
  if (end == NULL) return fail(reader, "missing closing \"");
  char *copy = malloc((size_t)(end - start) + 1);
  if (copy == NULL) return fail(reader, "out of memory");
  size_t count = 0;
  for (const char *p = start; p < end; p++) {
    if (*p != '%') {
      copy[count++] = *p;
      continue;
    }
    int high = p + 1 < end ? hex_value(p[1]) : -1;
    int low = p + 2 < end ? hex_value(p[2]) : -1;
    if (high < 0 || low < 0) {
      free(copy);
      reader->position += (size_t)(p - start);
      return fail(reader, "% must be followed by two hex digits (write % itself as %25)");
    }
    copy[count++] = (char)(high * 16 + low);
    p += 2;
  }
  copy[count] = '\0';
  reader->position += (size_t)(end - start) + 1;
  *bytes = copy;
  *length = count;
  return 0;
}

/* Reads a blank-delimited word into word[0..size). Returns its length (0 at
 * the end of the line or at a # comment) or -1 if it is too long. */
static int read_word(line_reader *reader, char *word, size_t size) {
  skip_blanks(reader);
  size_t count = 0;
  const char *line = reader->line;
  if (line[reader->position] == '#') return 0;
  while (line[reader->position] != '\0' && line[reader->position] != ' ' &&
         line[reader->position] != '\t') {
    if (count + 1 >= size) return fail(reader, "word too long");
    word[count++] = line[reader->position++];
  }
  word[count] = '\0';
  return (int)count;
}

static int parse_compile_options(line_reader *reader, const char *word, uint32_t *options) {
  *options = 0;
  if (strcmp(word, "-") == 0) return 0;
  for (const char *p = word; *p != '\0'; p++) {
    size_t i = 0;
    while (i < COUNT_OF(compile_letters) && compile_letters[i].letter != *p) i++;
    if (i == COUNT_OF(compile_letters)) {
      return fail(reader, "unknown compile option letter (use - or some of imsxuAU)");
    }
    *options |= compile_letters[i].option;
  }
  return 0;
}

static int parse_size(const char *digits, size_t *value) {
  char *end = NULL;
  errno = 0;
  unsigned long long parsed = strtoull(digits, &end, 10);
  if (errno != 0 || end == digits || *end != '\0' || parsed > SIZE_MAX) return -1;
  *value = (size_t)parsed;
  return 0;
}

static int parse_keyword(line_reader *reader, const char *word, oracle_case *result) {
  if (strncmp(word, "offset=", 7) == 0) {
    if (parse_size(word + 7, &result->start_offset) != 0) return fail(reader, "bad offset=");
    return 0;
  }
  if (strncmp(word, "reject=", 7) == 0) {
    if (!oracle_error_code(word + 7, &result->reject_code) || result->reject_code >= 0) {
      return fail(reader, "reject= needs a JRX_ERROR_ name such as UNSUPPORTED_LOOKAROUND");
    }
    return 0;
  }
  for (size_t i = 0; i < COUNT_OF(match_keywords); i++) {
    if (strcmp(word, match_keywords[i].keyword) == 0) {
      result->match_options |= match_keywords[i].option;
      return 0;
    }
  }
  return fail(reader, "unknown keyword");
}

int oracle_case_parse(const char *line, size_t line_number, oracle_case *result,
                      oracle_text *error) {
  line_reader reader = {line, 0, line_number, error};
  memset(result, 0, sizeof *result);
  result->line = line_number;
  char word[64];
  int status = read_quoted(&reader, &result->pattern, &result->pattern_length);
  if (status == 0) {
    status = read_word(&reader, word, sizeof word);
    if (status == 0) status = fail(&reader, "expected compile options after the pattern");
    if (status > 0) status = parse_compile_options(&reader, word, &result->compile_options);
  }
  if (status == 0) status = read_quoted(&reader, &result->subject, &result->subject_length);
  while (status == 0) {
    status = read_word(&reader, word, sizeof word);
    if (status <= 0) break;
    status = parse_keyword(&reader, word, result);
  }
  if (status == 0) {
    result->text = malloc(strlen(line) + 1);
    if (result->text == NULL) {
      status = fail(&reader, "out of memory");
    } else {
      strcpy(result->text, line);
    }
  }
  if (status != 0) {
    oracle_case_release(result);
    return -1;
  }
  return 0;
}

void oracle_case_release(oracle_case *item) {
  free(item->text);
  free(item->pattern);
  free(item->subject);
  item->text = NULL;
  item->pattern = NULL;
  item->subject = NULL;
}

static int append_case(oracle_case_list *list, const oracle_case *item) {
  if (list->count == list->capacity) {
    size_t capacity = list->capacity != 0 ? list->capacity * 2 : 256;
    oracle_case *items = realloc(list->items, capacity * sizeof *items);
    if (items == NULL) return -1;
    list->items = items;
    list->capacity = capacity;
  }
  list->items[list->count++] = *item;
  return 0;
}

static int is_blank_or_comment(const char *line) {
  while (*line == ' ' || *line == '\t') line++;
  return *line == '\0' || *line == '#';
}

int oracle_cases_load(const char *path, oracle_case_list *list, oracle_text *error) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    oracle_text_printf(error, "cannot open %s: %s", path, strerror(errno));
    return -1;
  }
  oracle_text line;
  oracle_text_init(&line);
  size_t line_number = 0;
  int status = 0;
  int read = 0;
  while (status == 0 && (read = oracle_text_read_line(&line, file)) != 0) {
    line_number++;
    if (read < 0) {
      oracle_text_printf(error, "out of memory reading %s", path);
      status = -1;
    } else if (!is_blank_or_comment(oracle_text_string(&line))) {
      oracle_case item;
      status = oracle_case_parse(oracle_text_string(&line), line_number, &item, error);
      if (status == 0 && append_case(list, &item) != 0) {
        oracle_case_release(&item);
        oracle_text_printf(error, "out of memory reading %s", path);
        status = -1;
      }
    }
  }
  oracle_text_release(&line);
  fclose(file);
  return status;
}

void oracle_cases_release(oracle_case_list *list) {
  for (size_t i = 0; i < list->count; i++) oracle_case_release(&list->items[i]);
  free(list->items);
  list->items = NULL;
  list->count = 0;
  list->capacity = 0;
}

void oracle_format_compile_options(uint32_t options, oracle_text *out) {
  size_t before = out->length;
  for (size_t i = 0; i < COUNT_OF(compile_letters); i++) {
    if ((options & compile_letters[i].option) != 0) {
      oracle_text_append(out, &compile_letters[i].letter, 1);
    }
  }
  if (out->length == before) oracle_text_append(out, "-", 1);
}

void oracle_format_match_options(uint32_t options, oracle_text *out) {
  const char *separator = "";
  for (size_t i = 0; i < COUNT_OF(match_keywords); i++) {
    if ((options & match_keywords[i].option) != 0) {
      oracle_text_printf(out, "%s%s", separator, match_keywords[i].keyword);
      separator = " ";
    }
  }
}
