/* fuzz_case: decoding and printing. The separator is two bytes so that it
 * rarely appears by chance inside a pattern, yet one dictionary entry
 * ("\x00\xff" in regex.dict) lets the mutator insert it. */
#include "fuzz_case.h"

#include <stdio.h>
#include <string.h>

#include "fuzz_options.h"
#include "fuzz_report.h"
#include "jrx.h"

#define FUZZ_CASE_ONE_PAIR_BIT 0x80u
#define FUZZ_CASE_OFFSET_HIGH_SHIFT 5
#define FUZZ_CASE_OFFSET_HIGH_MASK 0x3u

static const char separator[2] = {'\0', '\xff'};

int fuzz_case_decode(const uint8_t *data, size_t size, fuzz_case *item) {
  if (size < FUZZ_CASE_HEADER_SIZE) {
    return -1;
  }
  uint32_t compile_options = fuzz_options_compile(data[0]);
  item->compile_options = compile_options & ~JRX_NO_JIT;
  if ((compile_options & JRX_NO_JIT) != 0) {
    item->compile_options |= JRX_MATCH_INVALID_UTF;
  }
  item->compile_options |= fuzz_options_compile_more(data[3]);
  item->match_options = fuzz_options_match(data[1]);
  item->one_pair_ovector = (data[1] & FUZZ_CASE_ONE_PAIR_BIT) != 0;
  const char *body = (const char *)data + FUZZ_CASE_HEADER_SIZE;
  size_t body_length = size - FUZZ_CASE_HEADER_SIZE;
  item->pattern = body;
  item->pattern_length = body_length;
  item->subject = body + body_length;
  item->subject_length = 0;
  for (size_t i = 0; i + 1 < body_length; i++) {
    if (memcmp(body + i, separator, sizeof separator) == 0) {
      item->pattern_length = i;
      item->subject = body + i + sizeof separator;
      item->subject_length = body_length - i - sizeof separator;
      break;
    }
  }
  size_t high = (data[1] >> FUZZ_CASE_OFFSET_HIGH_SHIFT) & FUZZ_CASE_OFFSET_HIGH_MASK;
  item->start_offset = ((high << 8) | data[2]) % (item->subject_length + 1);
  return 0;
}

void fuzz_case_print(const fuzz_case *item) {
  fputs("pattern:        ", stderr);
  fuzz_report_bytes(stderr, item->pattern, item->pattern_length);
  fputs("\ncompile options: ", stderr);
  fuzz_options_print(stderr, item->compile_options);
  fputs("\nsubject:        ", stderr);
  fuzz_report_bytes(stderr, item->subject, item->subject_length);
  fputs("\nmatch options:  ", stderr);
  fuzz_options_print(stderr, item->match_options);
  fprintf(stderr, "\nstart offset:   %zu\novector pairs for the first match: %s\n",
          item->start_offset, item->one_pair_ovector ? "1" : "all");
}
