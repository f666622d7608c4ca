/* parse_test_support: helpers shared by the parser tests. */
#include "parse_test_support.h"
#include "regex/memory.h"

#include <stdio.h>

#include <pcre2.h>

uint32_t parse_test_pcre2_options(uint32_t jrx_options) {
  uint32_t options = 0;
  options |= (jrx_options & JRX_CASELESS) != 0 ? PCRE2_CASELESS : 0;
  options |= (jrx_options & JRX_MULTILINE) != 0 ? PCRE2_MULTILINE : 0;
  options |= (jrx_options & JRX_DOTALL) != 0 ? PCRE2_DOTALL : 0;
  options |= (jrx_options & JRX_EXTENDED) != 0 ? PCRE2_EXTENDED : 0;
  options |= (jrx_options & JRX_UTF) != 0 ? PCRE2_UTF : 0;
  options |= (jrx_options & JRX_UNGREEDY) != 0 ? PCRE2_UNGREEDY : 0;
  return options;
}

int parse_test_pcre2_accepts(const char *pattern, size_t length, uint32_t jrx_options,
                             size_t *error_offset) {
  int error;
  PCRE2_SIZE offset = 0;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, length,
                                   parse_test_pcre2_options(jrx_options), &error, &offset, NULL);
  if (code == NULL) {
    *error_offset = offset;
    return 0;
  }
  pcre2_code_free(code);
  return 1;
}

int parse_test_format(const char *pattern, size_t length, uint32_t options, char *buffer,
                      size_t size) {
  ast_tree tree;
  size_t error_offset = 0;
  int status = parse_pattern(pattern, length, options, NULL, memory_default_allocator(), &tree,
                             &error_offset);
  if (status != 0) {
    snprintf(buffer, size, "error %d at %zu", status, error_offset);
    return status;
  }
  ast_format(tree.root, buffer, size);
  ast_tree_release(&tree);
  return 0;
}

uint32_t parse_test_random(uint32_t *state) {
  uint32_t value = *state;
  value ^= value << 13;
  value ^= value >> 17;
  value ^= value << 5;
  *state = value;
  return value;
}
