/* fuzz_jrx: calls into the public API only, with ovectors sized from the
 * pattern's capture count, and records what comes back. */
#include "fuzz_jrx.h"

#include <stdlib.h>

/* Fills the ovector with a value jrx never reports before each call, so
 * an offset jrx forgot to write is visible. */
static void poison(size_t *ovector, size_t pairs) {
  for (size_t i = 0; i < 2 * pairs; i++) {
    ovector[i] = JRX_UNSET - 1;
  }
}

static size_t reported_pairs(int code, size_t ovector_pairs) {
  return code >= 0 ? ovector_pairs : 0;
}

int fuzz_jrx_first(const jrx *re, const char *subject, size_t length, size_t start_offset,
                   uint32_t options, size_t ovector_pairs, fuzz_matches *record) {
  size_t *ovector = malloc(2 * ovector_pairs * sizeof *ovector);
  if (ovector == NULL) {
    return -1;
  }
  poison(ovector, ovector_pairs);
  int code = jrx_match(re, subject, length, start_offset, options, ovector, ovector_pairs);
  int status = fuzz_matches_add(record, code, ovector, reported_pairs(code, ovector_pairs));
  free(ovector);
  return status;
}

int fuzz_jrx_iterate(const jrx *re, const char *subject, size_t length, size_t start_offset,
                     uint32_t options, int on_match_data, fuzz_matches *record) {
  size_t pairs = (size_t)jrx_capture_count(re) + 1;
  size_t *ovector = malloc(2 * pairs * sizeof *ovector);
  jrx_match_data *data = NULL;
  if (ovector == NULL || (on_match_data && jrx_match_data_create(re, &data) != 0)) {
    free(ovector);
    return -1;
  }
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, subject, length, start_offset, options);
  if (data != NULL) {
    jrx_iterator_set_match_data(&iterator, data);
  }
  /* At most an empty and a non-empty match per offset, then the end. */
  size_t bound = 2 * (length + 1) + 1;
  int status = 0;
  for (size_t step = 0; step < bound && status == 0; step++) {
    poison(ovector, pairs);
    int code = jrx_iterator_next(&iterator, ovector, pairs);
    status = fuzz_matches_add(record, code, ovector, reported_pairs(code, pairs));
    if (code < 0) {
      break;
    }
  }
  jrx_match_data_free(data);
  free(ovector);
  return status;
}
