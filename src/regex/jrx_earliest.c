/* jrx_earliest: the earliest match end by the forward lazy DFA alone,
 * for patterns whose whole search is the plain DFA, or by the search for
 * a sequence of byte sets, whose leftmost match ends first. */
#include "jrx_earliest.h"

#include "jrx_internal.h"

bool jrx_earliest_applies(const jrx *re) {
  return re != NULL && (re->earliest || re->earliest_sequence);
}

int jrx_earliest_end(const jrx *re, jrx_match_data *data, const char *subject, size_t length,
                     size_t start_offset, uint32_t options, size_t *end) {
  if (re == NULL || data == NULL || end == NULL || (subject == NULL && length > 0)) {
    return JRX_ERROR_NULL;
  }
  if (data->re != re || start_offset > length || length == JRX_ZERO_TERMINATED ||
      (options & ~JRX_NO_UTF_CHECK) != 0 ||
      (re->program.utf && (options & JRX_NO_UTF_CHECK) == 0) ||
      !(re->earliest || re->earliest_sequence) ||
      (re->bit_parallel != NULL && dfa_cache_thrashed(data->dfa))) {
    return JRX_EARLIEST_DECLINED;
  }
  uint32_t searched = options | (re->compile_options & JRX_ANCHORED);
  if (re->earliest_sequence) {
    int status = jrx_sequence_end(re, data, (const unsigned char *)subject, length, start_offset,
                                  searched, end);
    return status == DFA_GAVE_UP ? JRX_EARLIEST_DECLINED : status;
  }
  int status = dfa_search_earliest(re->automaton, data->dfa, (const unsigned char *)subject,
                                   length, start_offset, searched, end);
  if (status == DFA_GAVE_UP) {
    data->stats.dfa_give_ups++;
    return JRX_EARLIEST_DECLINED;
  }
  data->stats.dfa_searches++;
  return status;
}
