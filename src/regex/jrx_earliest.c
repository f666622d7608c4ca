/* jrx_earliest: the earliest match end by the forward lazy DFA alone,
 * for patterns whose whole search is the plain DFA. */
#include "jrx_earliest.h"

#include "jrx_internal.h"

bool jrx_earliest_applies(const jrx *re) {
  return re != NULL && re->earliest;
}

int jrx_earliest_end(const jrx *re, jrx_match_data *data, const char *subject, size_t length,
                     size_t start_offset, uint32_t options, size_t *end) {
  if (re == NULL || data == NULL || end == NULL || (subject == NULL && length > 0)) {
    return JRX_ERROR_NULL;
  }
  if (data->re != re || start_offset > length || length == JRX_ZERO_TERMINATED ||
      (options & ~JRX_NO_UTF_CHECK) != 0 ||
      (re->program.utf && (options & JRX_NO_UTF_CHECK) == 0) || !re->earliest ||
      (re->bit_parallel != NULL && dfa_cache_thrashed(data->dfa))) {
    return JRX_EARLIEST_DECLINED;
  }
  int status = dfa_search_earliest(re->automaton, data->dfa, (const unsigned char *)subject,
                                   length, start_offset,
                                   options | (re->compile_options & JRX_ANCHORED), end);
  if (status == DFA_GAVE_UP) {
    data->stats.dfa_give_ups++;
    return JRX_EARLIEST_DECLINED;
  }
  data->stats.dfa_searches++;
  return status;
}
