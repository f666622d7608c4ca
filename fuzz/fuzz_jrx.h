/* fuzz_jrx: the jrx side of the differential target, recorded in the same
 * form as fuzz_pcre2's answers. jrx fills every pair of the ovector it is
 * given, so all of them are recorded: a pair past the return code that is
 * not JRX_UNSET then shows up as a difference from PCRE2. */
#ifndef JRX_FUZZ_JRX_H
#define JRX_FUZZ_JRX_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz_matches.h"
#include "jrx.h"

/* Both return 0, or -1 when out of memory. */
int fuzz_jrx_first(const jrx *re, const char *subject, size_t length, size_t start_offset,
                   uint32_t options, size_t ovector_pairs, fuzz_matches *record);

/* The whole jrx_iterator sequence, the final JRX_NOMATCH or error included;
 * with on_match_data, on a match data of its own (the searches of a
 * pattern without groups then take the dense path, jrx_match_dense).
 * An iteration longer than a terminating one can be (an empty and a
 * non-empty match per offset) is cut off, and then differs from PCRE2's. */
int fuzz_jrx_iterate(const jrx *re, const char *subject, size_t length, size_t start_offset,
                     uint32_t options, int on_match_data, fuzz_matches *record);

#endif
