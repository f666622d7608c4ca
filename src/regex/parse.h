/* parse: pattern text (PCRE2 syntax, jrx's regular subset) to an ast_tree.
 * Everything outside the subset is rejected with its own JRX_ERROR_* code
 * and the offset of the construct; nothing is silently reinterpreted. */
#ifndef JRX_PARSE_H
#define JRX_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "ast.h"

#define PARSE_DEFAULT_MAX_NESTING_DEPTH 250u
#define PARSE_DEFAULT_MAX_PATTERN_LENGTH ((size_t)1 << 20)
#define PARSE_MAX_REPEAT_COUNT 65535u

typedef struct parse_limits {
  size_t max_pattern_length;  /* JRX_ERROR_PATTERN_TOO_LONG beyond it */
  uint32_t max_nesting_depth; /* JRX_ERROR_NESTING_TOO_DEEP beyond it */
} parse_limits;

/* Fills limits with the defaults above. */
void parse_default_limits(parse_limits *limits);

/* Reads the (*UTF) and (*UCP) items at the start of pattern[0..length)
 * (pattern may be NULL when length is 0), adds JRX_UTF and JRX_UCP to
 * *options for them and returns their length in bytes. */
size_t parse_start_items(const char *pattern, size_t length, uint32_t *options);

/* Parses pattern[0..length) under the JRX_* compile options (and those its
 * start items (*UTF) and (*UCP) set), allocating
 * through allocator (JRX_MATCH_INVALID_UTF only restricts lookbehinds
 * and \K). On success returns 0 and fills *tree (release with
 * ast_tree_release). On failure
 * returns a negative JRX_ERROR_* code, stores the offending byte offset in
 * *error_offset and leaves *tree empty. */
int parse_pattern(const char *pattern, size_t length, uint32_t options,
                  const parse_limits *limits, const jrx_allocator *allocator, ast_tree *tree,
                  size_t *error_offset);

#endif
