/* fuzz_matches: the growable record and its comparison. Invariant: codes
 * and pairs always hold capacity attempts, count of them meaningful. */
#include "fuzz_matches.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_report.h"
#include "jrx.h"

void fuzz_matches_init(fuzz_matches *matches, size_t pair_count) {
  matches->pair_count = pair_count;
  matches->count = 0;
  matches->capacity = 0;
  matches->codes = NULL;
  matches->pairs = NULL;
  matches->inconclusive = 0;
}

static int grow(fuzz_matches *matches) {
  size_t capacity = matches->capacity == 0 ? 4 : matches->capacity * 2;
  if (capacity > SIZE_MAX / sizeof(size_t) / 2 / matches->pair_count) {
    return -1;
  }
  int *codes = realloc(matches->codes, capacity * sizeof *codes);
  if (codes == NULL) {
    return -1;
  }
  matches->codes = codes;
  size_t *pairs = realloc(matches->pairs, capacity * 2 * matches->pair_count * sizeof *pairs);
  if (pairs == NULL) {
    return -1;
  }
  matches->pairs = pairs;
  matches->capacity = capacity;
  return 0;
}

int fuzz_matches_add(fuzz_matches *matches, int code, const size_t *ovector,
                     size_t reported_pairs) {
  if (matches->count == matches->capacity && grow(matches) != 0) {
    return -1;
  }
  size_t *pairs = matches->pairs + matches->count * 2 * matches->pair_count;
  size_t copied = reported_pairs < matches->pair_count ? reported_pairs : matches->pair_count;
  for (size_t i = 0; i < 2 * matches->pair_count; i++) {
    pairs[i] = i < 2 * copied ? ovector[i] : JRX_UNSET;
  }
  matches->codes[matches->count++] = code;
  return 0;
}

void fuzz_matches_release(fuzz_matches *matches) {
  free(matches->codes);
  free(matches->pairs);
  fuzz_matches_init(matches, matches->pair_count);
}

static int same_attempt(const fuzz_matches *a, const fuzz_matches *b, size_t index) {
  if (a->codes[index] != b->codes[index]) {
    return 0;
  }
  size_t width = 2 * a->pair_count;
  return memcmp(a->pairs + index * width, b->pairs + index * width, width * sizeof(size_t)) == 0;
}

size_t fuzz_matches_first_difference(const fuzz_matches *a, const fuzz_matches *b) {
  size_t common = a->count < b->count ? a->count : b->count;
  if (a->pair_count != b->pair_count) {
    return 0;
  }
  for (size_t i = 0; i < common; i++) {
    if (!same_attempt(a, b, i)) {
      return i;
    }
  }
  if (a->count != b->count && !a->inconclusive && !b->inconclusive) {
    return common;
  }
  return SIZE_MAX;
}

static void print_code(FILE *out, int code) {
  char message[128];
  if (code <= FUZZ_MATCHES_FOREIGN_ERROR) {
    fprintf(out, "PCRE2 error %d", code - FUZZ_MATCHES_FOREIGN_ERROR);
  } else if (code >= 0) {
    fprintf(out, "rc %d", code);
  } else if (jrx_error_message(code, message, sizeof message) >= 0) {
    fprintf(out, "%d (%s)", code, message);
  } else {
    fprintf(out, "%d", code);
  }
}

void fuzz_matches_print(FILE *out, const char *label, const fuzz_matches *matches, size_t mark) {
  fprintf(out, "%s:%s\n", label, matches->inconclusive ? " (stops at a PCRE2 resource limit)" : "");
  for (size_t i = 0; i < matches->count; i++) {
    fprintf(out, "  [%zu] ", i);
    print_code(out, matches->codes[i]);
    const size_t *pairs = matches->pairs + i * 2 * matches->pair_count;
    for (size_t pair = 0; pair < matches->pair_count; pair++) {
      fputs(pair == 0 ? "  " : " ", out);
      fputc('(', out);
      fuzz_report_offset(out, pairs[2 * pair]);
      fputc(',', out);
      fuzz_report_offset(out, pairs[2 * pair + 1]);
      fputc(')', out);
    }
    fputs(i == mark ? "  <<\n" : "\n", out);
  }
  if (matches->count == mark) {
    fputs("  (ends here)  <<\n", out);
  }
}
