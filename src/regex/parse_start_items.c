/* parse_start_items: the start-of-pattern settings (*UTF) and (*UCP).
 * PCRE2 reads such items, in any order and number, only at the very start
 * of the pattern and before anything else (even under (?x), and before
 * the pattern's UTF-8 is checked); each sets its option as PCRE2_UTF and
 * PCRE2_UCP do, and (*UTF8) is read as (*UTF) as PCRE2's 8-bit library
 * does. The other start-of-pattern settings ((*CR), (*NO_JIT) ...) are not
 * read here, so the parser rejects them as verbs, as it does these items
 * anywhere else. */
#include "parse.h"

#include <string.h>

#include "jrx.h"

typedef struct start_item {
  const char *text;
  uint32_t option;
} start_item;

/* PCRE2's 8-bit library also reads (*UTF8), its older spelling. */
static const start_item start_items[] = {
    {"(*UTF)", JRX_UTF}, {"(*UTF8)", JRX_UTF}, {"(*UCP)", JRX_UCP}};

size_t parse_start_items(const char *pattern, size_t length, uint32_t *options) {
  size_t position = 0;
  size_t index = 0;
  while (pattern != NULL && index < sizeof start_items / sizeof start_items[0]) {
    size_t text_length = strlen(start_items[index].text);
    if (length - position >= text_length &&
        memcmp(pattern + position, start_items[index].text, text_length) == 0) {
      *options |= start_items[index].option;
      position += text_length;
      index = 0;
    } else {
      index++;
    }
  }
  return position;
}
