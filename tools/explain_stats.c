/* explain_stats: reads the whole file, iterates over it as jrx_iterator
 * does for any caller, and prints the counts. The engine is asked for
 * after the searches, as the native Pike VM is built by the first search
 * that needs it. */
#include "explain_stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The file's bytes in *bytes (malloc'd, the caller frees) and *length. */
static int read_file(const char *path, char **bytes, size_t *length) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    fprintf(stderr, "jrx-explain: %s: %s\n", path, strerror(errno));
    return JRX_ERROR_NULL;
  }
  size_t capacity = 1 << 16;
  size_t used = 0;
  char *data = malloc(capacity);
  int status = data == NULL ? JRX_ERROR_NOMEMORY : 0;
  while (status == 0) {
    used += fread(data + used, 1, capacity - used, file);
    if (used < capacity) {
      break;
    }
    char *grown = capacity > SIZE_MAX / 2 ? NULL : realloc(data, capacity * 2);
    if (grown == NULL) {
      status = JRX_ERROR_NOMEMORY;
    } else {
      data = grown;
      capacity *= 2;
    }
  }
  if (status == 0 && ferror(file)) {
    fprintf(stderr, "jrx-explain: %s: read error\n", path);
    status = JRX_ERROR_NULL;
  }
  fclose(file);
  if (status != 0) {
    free(data);
    return status;
  }
  *bytes = data;
  *length = used;
  return 0;
}

int explain_stats(FILE *out, const jrx *re, const char *path) {
  char *subject = NULL;
  size_t length = 0;
  int status = read_file(path, &subject, &length);
  if (status != 0) {
    return status;
  }
  jrx_match_data *data = NULL;
  status = jrx_match_data_create(re, &data);
  size_t pairs = (size_t)jrx_capture_count(re) + 1;
  size_t *ovector = status == 0 ? malloc(2 * pairs * sizeof *ovector) : NULL;
  if (status == 0 && ovector == NULL) {
    status = JRX_ERROR_NOMEMORY;
  }
  size_t matches = 0;
  if (status == 0) {
    jrx_iterator iterator;
    jrx_iterator_init(&iterator, re, subject, length, 0, 0);
    jrx_iterator_set_match_data(&iterator, data);
    int found;
    while ((found = jrx_iterator_next(&iterator, ovector, pairs)) >= 0) {
      matches++;
    }
    if (found != JRX_NOMATCH) {
      status = found;
    }
  }
  jrx_match_stats stats;
  if (status == 0) {
    status = jrx_match_data_stats(data, &stats);
  }
  if (status == 0) {
    fprintf(out, "subject: %s, %zu bytes, %zu matches\n", path, length, matches);
    fprintf(out,
            "searches: %llu (lazy DFA in C %llu, native DFA %llu, Pike VM in C %llu, native Pike "
            "VM %llu, bit-parallel NFA %llu, capture engine in C %llu, native capture engine "
            "%llu, literal search %llu, \\X cluster loop %llu)\n",
            (unsigned long long)stats.searches, (unsigned long long)stats.dfa_searches,
            (unsigned long long)stats.native_dfa_searches, (unsigned long long)stats.pike_searches,
            (unsigned long long)stats.native_pike_searches,
            (unsigned long long)stats.bitnfa_searches, (unsigned long long)stats.capture_searches,
            (unsigned long long)stats.native_capture_searches,
            (unsigned long long)stats.literal_searches,
            (unsigned long long)stats.grapheme_searches);
    fprintf(out,
            "captures: capture engine in C %llu, native capture engine %llu, Pike VM %llu, "
            "placed by the match's bounds %llu\n",
            (unsigned long long)stats.captures, (unsigned long long)stats.native_captures,
            (unsigned long long)stats.pike_captures, (unsigned long long)stats.placed_groups);
    fprintf(out, "dfa: %llu states built, %llu cache resets, %llu give-ups\n",
            (unsigned long long)stats.dfa_states_built, (unsigned long long)stats.dfa_cache_resets,
            (unsigned long long)stats.dfa_give_ups);
    fprintf(out, "prefilter: %llu candidates, %llu stand-downs\n",
            (unsigned long long)stats.prefilter_candidates,
            (unsigned long long)stats.prefilter_stand_downs);
    fprintf(out, "lookarounds: %llu steps\n", (unsigned long long)stats.lookaround_steps);
    fprintf(out, "engine after the searches: %s\n", jrx_engine(re));
  }
  free(ovector);
  jrx_match_data_free(data);
  free(subject);
  return status;
}
