/* capture_scan: capture_search of an unanchored program, native code
 * allowed, when its search is native (capture_search_is_native), for an
 * iteration's searches, which come here once a match (jrx_match_captures
 * and the matches it finds ahead). Inlined: a one-pass table's search is
 * the call of its generated code alone, with no C function around it
 * (under qemu each call and return leaves the chained code for a lookup;
 * on hardware it is a call and a frame fewer a match). The other cases
 * (a table with alternatives, a whole search's first search on this
 * scratch, which builds its table and code when no search has and makes
 * the scratch's scanner) take capture_scan_native_other's call; a search
 * left to the DFA after give-ups takes none. */
#ifndef JRX_CAPTURE_SCAN_H
#define JRX_CAPTURE_SCAN_H

#include "arm64/jit_onepass.h"
#include "capture.h"

/* capture_scan_native's searches that a one-pass table's generated code
 * does not answer alone and that the scratch does not leave to the DFA:
 * before the scratch has its scanner, and for a table with alternatives
 * (jit_onepass_nodes_scan, whose attempts past the native budget run in
 * C). */
int capture_scan_native_other(const capture_engines *engines, capture_scratch *scratch,
                              const unsigned char *subject, size_t length, size_t start_offset,
                              uint32_t options, const size_t **slots);

/* capture_search's answer (1 with *slots, JRX_NOMATCH,
 * JRX_ERROR_NOMEMORY, or BACKTRACK_SPAN_TOO_LONG) without its other
 * cases' tests. */
static inline __attribute__((always_inline)) int
capture_scan_native(const capture_engines *engines, capture_scratch *scratch,
                    const unsigned char *subject, size_t length, size_t start_offset,
                    uint32_t options, const size_t **slots) {
  if (capture_left_to_dfa(scratch)) {
    return BACKTRACK_SPAN_TOO_LONG;
  }
  if (scratch->scanner == NULL || scratch->scanner->nodes != NULL) {
    return capture_scan_native_other(engines, scratch, subject, length, start_offset, options,
                                     slots);
  }
  size_t failed = 0;
  int status = jit_onepass_scan(scratch->scanner, subject, length, start_offset, start_offset,
                                options, &failed, slots);
  return status == JIT_ONEPASS_SCAN_SPENT ? capture_give_up(scratch)
                                          : capture_searched(scratch, status);
}

#endif
