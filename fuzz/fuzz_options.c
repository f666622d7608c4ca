/* fuzz_options: the bit tables. The byte layouts are part of the corpus
 * format: fuzz/make_corpus.py encodes options with the same tables. */
#include "fuzz_options.h"

#include "jrx.h"

typedef struct option_name {
  uint32_t option;
  const char *name;
} option_name;

static const uint32_t compile_bits[8] = {JRX_CASELESS, JRX_MULTILINE, JRX_DOTALL,
                                         JRX_EXTENDED, JRX_UTF,       JRX_ANCHORED,
                                         JRX_UNGREEDY, JRX_NO_JIT};

static const uint32_t more_compile_bits[1] = {JRX_UCP};

static const uint32_t match_bits[5] = {JRX_NOTBOL, JRX_NOTEOL, JRX_NOTEMPTY,
                                       JRX_NOTEMPTY_ATSTART, JRX_ANCHORED};

static const option_name option_names[] = {
    {JRX_CASELESS, "JRX_CASELESS"},
    {JRX_MULTILINE, "JRX_MULTILINE"},
    {JRX_DOTALL, "JRX_DOTALL"},
    {JRX_EXTENDED, "JRX_EXTENDED"},
    {JRX_UTF, "JRX_UTF"},
    {JRX_ANCHORED, "JRX_ANCHORED"},
    {JRX_UNGREEDY, "JRX_UNGREEDY"},
    {JRX_NO_JIT, "JRX_NO_JIT"},
    {JRX_MATCH_INVALID_UTF, "JRX_MATCH_INVALID_UTF"},
    {JRX_UCP, "JRX_UCP"},
    {JRX_NOTBOL, "JRX_NOTBOL"},
    {JRX_NOTEOL, "JRX_NOTEOL"},
    {JRX_NOTEMPTY, "JRX_NOTEMPTY"},
    {JRX_NOTEMPTY_ATSTART, "JRX_NOTEMPTY_ATSTART"},
};

static uint32_t map_bits(uint8_t byte, const uint32_t *bits, unsigned count) {
  uint32_t options = 0;
  for (unsigned i = 0; i < count; i++) {
    if (byte & (1u << i)) {
      options |= bits[i];
    }
  }
  return options;
}

uint32_t fuzz_options_compile(uint8_t byte) {
  return map_bits(byte, compile_bits, sizeof compile_bits / sizeof compile_bits[0]);
}

uint32_t fuzz_options_compile_more(uint8_t byte) {
  return map_bits(byte, more_compile_bits, sizeof more_compile_bits / sizeof more_compile_bits[0]);
}

uint32_t fuzz_options_match(uint8_t byte) {
  return map_bits(byte, match_bits, sizeof match_bits / sizeof match_bits[0]);
}

void fuzz_options_print(FILE *out, uint32_t options) {
  const char *separator = "";
  if (options == 0) {
    fputc('0', out);
    return;
  }
  for (size_t i = 0; i < sizeof option_names / sizeof option_names[0]; i++) {
    if (options & option_names[i].option) {
      fprintf(out, "%s%s", separator, option_names[i].name);
      separator = "|";
      options &= ~option_names[i].option;
    }
  }
  if (options != 0) {
    fprintf(out, "%s0x%08x", separator, (unsigned)options);
  }
}
