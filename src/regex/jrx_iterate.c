/* jrx_iterate: successive matches with PCRE2's empty-match rules (see
 * jrx_iterator in include/jrx.h). Invariant: offset never decreases, and
 * after_empty is set only while offset is the end of an empty match, so
 * every call either returns a match further on or ends the iteration.
 * An iteration without a match data searches on one jrx_match's cache
 * lends it for the call; it is the iteration's own in all but ownership
 * (what its last search learnt is used when no other search has taken
 * it since), so iterating costs the same, and stays linear, either way. */
#include <stdatomic.h>

#include "jrx.h"
#include "jrx_internal.h"
#include "page_aligned.h"

/* The last number jrx_iterator_init gave an iteration. */
static atomic_uint iterations;

void jrx_iterator_init(jrx_iterator *iterator, const jrx *re, const char *subject, size_t length,
                       size_t start_offset, uint32_t options) {
  if (iterator == NULL) {
    return;
  }
  iterator->re = re;
  iterator->match_data = NULL;
  iterator->subject = subject;
  iterator->length = jrx_subject_length(subject, length);
  iterator->utf = JRX_UTF_UNKNOWN;
  iterator->iteration = atomic_fetch_add_explicit(&iterations, 1, memory_order_relaxed) + 1;
  jrx_iterator_move(iterator, start_offset, options);
}

void jrx_iterator_move(jrx_iterator *iterator, size_t start_offset, uint32_t options) {
  if (iterator == NULL) {
    return;
  }
  iterator->offset = start_offset;
  iterator->options = options;
  iterator->after_empty = 0;
  iterator->finished = 0;
}

void jrx_iterator_set_match_data(jrx_iterator *iterator, jrx_match_data *data) {
  if (iterator != NULL) {
    iterator->match_data = data;
  }
  if (data != NULL) {
    data->iterator = NULL;
    data->dense_count = 0;
    data->captures_count = 0;
    data->literals_clear_to = 0;
  }
}

/* Whether data's last search was this iteration's: then the subject has
 * not changed since, and what that search left in data holds. A new
 * iteration at the iterator's address has a new number. */
static inline bool searched_last(const jrx_match_data *data, const jrx_iterator *iterator) {
  return data->iterator == iterator && data->iteration == iterator->iteration;
}

/* The offset one character after iterator->offset (which is < length):
 * past the continuation bytes that follow in UTF mode, as pcre2demo does
 * (with JRX_MATCH_INVALID_UTF they need not belong to a character). */
static size_t next_character(const jrx_iterator *iterator) {
  size_t next = iterator->offset + 1;
  if ((iterator->re->compile_options & JRX_UTF) != 0) {
    const unsigned char *bytes = (const unsigned char *)iterator->subject;
    while (next < iterator->length && (bytes[next] & 0xc0u) == 0x80u) {
      next++;
    }
  }
  return next;
}

/* The iterator moved past the answer of its search (status). */
static int iteration_step(jrx_iterator *iterator, int status, const size_t *ovector) {
  if (status < 0) {
    iterator->finished = 1;
    return status;
  }
  iterator->after_empty = ovector[0] == ovector[1];
  iterator->offset = ovector[1];
  return status;
}

/* jrx_iterator_next's search, out of line: taking a match found ahead
 * then needs no frame. On a page of its own, which iterator_next_general
 * and jrx_iterator_next, defined next, share (0x75c bytes together in the
 * arm64 Release build):
 * every match an iteration searches for runs both, and at 65d5842 a page
 * boundary inside iterator_search cost `\w{5}\s+\w{5}` over sample-en 2
 * of its 25 unchained exits a match under qemu. */
static __attribute__((noinline)) JRX_PAGE_ALIGNED int iterator_search(jrx_iterator *iterator,
                                                                      jrx_match_data *data,
                                                                      size_t *ovector,
                                                                      size_t ovector_pairs) {
  /* The match data keeps what its last search learnt of the subject (the
   * lookaround tables) when that search was this iterator's: the subject
   * has not changed since. A new iteration is given its match data anew. */
  const jrx *re = iterator->re;
  /* A run (jrx.run_alone) needs no match data, nor a retry after an empty
   * match: the run there was empty, so the retry finds nothing, and the
   * next match is the run from the next character, anchored or not. */
  if (re != NULL && re->run_alone && iterator->subject != NULL &&
      (iterator->options & ~JRX_NO_UTF_CHECK) == 0) {
    if (iterator->after_empty && iterator->offset >= iterator->length) {
      return iteration_step(iterator, JRX_NOMATCH, ovector);
    }
    size_t start = iterator->after_empty ? next_character(iterator) : iterator->offset;
    int status = jrx_match_run(re, (const unsigned char *)iterator->subject, iterator->length,
                               start, iterator->options, ovector, ovector_pairs, &iterator->utf);
    if (status != JRX_DENSE_DECLINED) {
      return iteration_step(iterator, status, ovector);
    }
  }
  /* The dense path, the literal search or the capture engine's search
   * alone, when this iterator's last search was on data: that search had
   * the same arguments, checked then, but the offset and options, which
   * jrx_iterator_move may change (and after that search's error, which a
   * jrx_iterator_move may follow, the match data's pattern and a NULL
   * subject). None keeps lookaround tables, so they leave data as it
   * is. */
  if (data != NULL && searched_last(data, iterator) && data->re == re &&
      iterator->subject != NULL && !iterator->after_empty &&
      (iterator->options & ~JRX_NO_UTF_CHECK) == 0) {
    const unsigned char *subject = (const unsigned char *)iterator->subject;
    int status = JRX_DENSE_DECLINED;
    if (jrx_dense_applies(re, ovector_pairs)) {
      status = jrx_match_dense(re, data, subject, iterator->length, iterator->offset,
                               iterator->options, ovector, ovector_pairs, &iterator->utf);
    } else if (re->quick_path == JRX_QUICK_LITERALS) {
      status = jrx_match_literals(re, data, subject, iterator->length, iterator->offset,
                                  iterator->options, ovector, ovector_pairs, &iterator->utf);
    } else if (re->grapheme_alone) {
      status = jrx_match_clusters(re, data, subject, iterator->length, iterator->offset,
                                  iterator->options, ovector, ovector_pairs, &iterator->utf);
    } else if (re->captures_direct) {
      status = jrx_match_captures(re, data, subject, iterator->length, iterator->offset,
                                  iterator->options, ovector, ovector_pairs, &iterator->utf);
    } else if (re->placed_direct) {
      status = jrx_match_placed(re, data, subject, iterator->length, iterator->offset,
                                iterator->options, ovector, ovector_pairs, &iterator->utf);
    }
    if (status != JRX_DENSE_DECLINED) {
      return iteration_step(iterator, status, ovector);
    }
  }
  if (data != NULL) {
    data->subject_kept = searched_last(data, iterator);
    data->iterator = iterator;
    data->iteration = iterator->iteration;
    data->dense_count = 0;
    data->captures_count = 0;
    data->literals_clear_to = 0;
  }
  int status;
  /* Later attempts start further right, inside what the first one
   * checked: checking again would make iterating quadratic. */
  for (;;) {
    /* After an empty match, first look for a non-empty one at the same
     * place; only if there is none move on, or the same empty match would
     * be found forever. */
    uint32_t retry = iterator->after_empty ? JRX_NOTEMPTY_ATSTART | JRX_ANCHORED : 0;
    status = jrx_match_knowing(iterator->re, data, iterator->subject,
                               iterator->length, iterator->offset, iterator->options | retry,
                               ovector, ovector_pairs, &iterator->utf);
    if (data != NULL) {
      data->subject_kept = true;
    }
    if (status != JRX_NOMATCH || !iterator->after_empty || iterator->offset >= iterator->length) {
      break;
    }
    iterator->offset = next_character(iterator);
    iterator->after_empty = 0;
  }
  if (data != NULL) {
    data->subject_kept = false;
  }
  return iteration_step(iterator, status, ovector);
}

/* iterator_next_general where the capture engine's matches ahead hold
 * none for the iteration: their end (jrx_match_captures_ahead), else the
 * search. Out of line, so that the general path makes only tail calls:
 * a match ahead (jrx_take_captures_ahead) then needs no frame. */
static __attribute__((noinline)) int captures_ahead_end(jrx_iterator *iterator,
                                                        jrx_match_data *data, size_t *ovector,
                                                        size_t ovector_pairs) {
  int status =
      jrx_match_captures_ahead(iterator->re, data, iterator->offset, ovector, ovector_pairs);
  if (status != JRX_DENSE_DECLINED) {
    return iteration_step(iterator, status, ovector);
  }
  return iterator_search(iterator, data, ovector, ovector_pairs);
}

/* jrx_iterator_next past the matches ahead that jrx.ahead_answer answers
 * by their bounds, on data, the iteration's match data or the one lent to
 * it (NULL only for a NULL pattern: the search reports it); out of line:
 * those matches then need no frame. */
static __attribute__((noinline)) int iterator_next_general(jrx_iterator *iterator,
                                                           jrx_match_data *data,
                                                           size_t *ovector,
                                                           size_t ovector_pairs) {
  if (iterator->finished) {
    return JRX_NOMATCH;
  }
  /* A match the last search found ahead, if the iteration is where that
   * search left it: the dense path (jrx_match_dense) and, for a
   * grapheme_alone pattern, jrx_match_clusters fill data->dense_ahead for
   * this iterator, and everything else this iterator searches with
   * empties it; jrx_iterator_move may have moved the iteration or given
   * it options, and a call may ask for groups the dense path does not
   * fill (the clusters answer any number of pairs). Such matches are
   * never empty. jrx_match_captures leaves its matches ahead, groups and
   * all, in data->captures_ahead (jrx_match_captures_ahead), for any
   * number of pairs. */
  if (data != NULL && searched_last(data, iterator) &&
      (iterator->options & ~JRX_NO_UTF_CHECK) == 0) {
    uint32_t next = data->dense_next;
    if (next < data->dense_count && data->dense_ahead[2 * next - 1] == iterator->offset) {
      const size_t *match = &data->dense_ahead[2 * next];
      if (jrx_dense_applies(iterator->re, ovector_pairs)) {
        data->dense_next = next + 1;
        (*data->dense_counter)++;
        iterator->offset = match[1];
        if (ovector_pairs >= iterator->re->dense_placed_from) {
          data->stats.placed_groups++;
          return jrx_placed_answer(iterator->re, match, ovector, ovector_pairs);
        }
        ovector[0] = match[0];
        ovector[1] = match[1];
        return capture_whole_match_result(&iterator->re->captures, 1);
      }
      if (iterator->re->grapheme_alone) {
        data->dense_next = next + 1;
        data->stats.grapheme_searches++;
        iterator->offset = match[1];
        return jrx_cluster_answer(iterator->re, match, ovector, ovector_pairs);
      }
      if (iterator->re->placed_direct || iterator->re->quick_path == JRX_QUICK_LITERALS) {
        data->dense_next = next + 1;
        iterator->offset = match[1];
        return jrx_placed_answer(iterator->re, match, ovector, ovector_pairs);
      }
    } else if (next == data->dense_count && data->dense_none_after && next > 0 &&
               data->dense_ahead[2 * next - 1] == iterator->offset &&
               (iterator->re->placed_direct || iterator->re->quick_path == JRX_QUICK_LITERALS)) {
      data->dense_count = 0;
      iterator->finished = 1;
      return JRX_NOMATCH;
    }
    if (data->captures_count != 0 && data->re == iterator->re && !iterator->after_empty) {
      if (data->captures_next < data->captures_count &&
          jrx_captures_ahead_stand(iterator->re, data, iterator->offset, ovector_pairs)) {
        return jrx_take_captures_ahead(iterator->re, data, &iterator->offset, ovector,
                                       ovector_pairs);
      }
      return captures_ahead_end(iterator, data, ovector, ovector_pairs);
    }
  }
  return iterator_search(iterator, data, ovector, ovector_pairs);
}

/* jrx_iterator_next for an iteration without a match data, on one
 * jrx_match's cache lends it for the call; out of line, so that the
 * shortest path above makes only tail calls and needs no frame. */
static __attribute__((noinline)) int iterator_next_lent(jrx_iterator *iterator, size_t *ovector,
                                                        size_t ovector_pairs) {
  jrx_match_data *lent = NULL;
  int status = jrx_match_data_take_cached(iterator->re, &lent);
  if (status != 0) {
    iterator->finished = 1;
    return status;
  }
  status = iterator_next_general(iterator, lent, ovector, ovector_pairs);
  jrx_match_data_give_back(iterator->re, lent);
  return status;
}

int jrx_iterator_next(jrx_iterator *iterator, size_t *ovector, size_t ovector_pairs) {
  if (iterator == NULL || ovector == NULL || ovector_pairs == 0) {
    return JRX_ERROR_NULL;
  }
  /* The next match ahead, where its pattern has no groups (jrx.ahead_answer):
   * the general path's tests, less those its pattern answers at compile
   * time. An iteration over dense matches takes most of them here; any
   * other pattern goes straight on (the capture engine's matches ahead
   * come a few instructions apart). */
  const jrx *re = iterator->re;
  jrx_match_data *data = iterator->match_data;
  if (data == NULL) {
    return re == NULL || iterator->finished
               ? iterator_next_general(iterator, NULL, ovector, ovector_pairs)
               : iterator_next_lent(iterator, ovector, ovector_pairs);
  }
  /* The tests in one chain of branches, options and finished in one
   * (the separate NULL tests of data and re, merged with the fallback's,
   * cost 11 of the 51 instructions a match of this path). dense_next is
   * at least 1 whenever dense_count is not 0 (every search ahead sets
   * both), so the pair before it is in the array. */
  size_t next = data->dense_next;
  const size_t *match = &data->dense_ahead[2 * next];
  if (next < data->dense_count && match[-1] == iterator->offset &&
      searched_last(data, iterator) &&
      ((iterator->options & ~JRX_NO_UTF_CHECK) | (uint32_t)iterator->finished) == 0 &&
      re != NULL && re->ahead_answer != JRX_AHEAD_GENERAL) {
    size_t start = match[0];
    size_t end = match[1];
    if (re->ahead_answer == JRX_AHEAD_BOUNDS_COUNTED) {
      (*data->dense_counter)++;
    }
    data->dense_next = (uint32_t)next + 1;
    iterator->offset = end;
    ovector[0] = start;
    ovector[1] = end;
    return 1;
  }
  return iterator_next_general(iterator, data, ovector, ovector_pairs);
}
