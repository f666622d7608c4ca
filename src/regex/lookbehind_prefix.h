/* lookbehind_prefix: the program the lazy DFA searches for a pattern that
 * opens with a positive lookbehind of a fixed number of bytes,
 * (?<=Mr\. )[A-Z]\w+: the lookbehind's body consumed, then the rest
 * (Mr\. [A-Z]\w+), from k bytes before the start offset; a match of it
 * found at q is the pattern's match at q + k.
 * Why the answers are the same: every branch of the body takes exactly k
 * bytes, so the program matches at q exactly when the lookbehind holds at
 * q + k and the rest matches from there, with the rest's paths in the same
 * priority order whichever branch matched (the branches all meet the rest
 * at q + k); starts q >= start offset - k are starts q + k >= the start
 * offset, and below k bytes no lookbehind holds. The bytes before the
 * start offset it reads are the ones the lookbehind reads: in UTF mode
 * the body is ASCII (a byte is a character), and PCRE2 lets a lookbehind
 * read its length back from the start offset. Only patterns whose rest
 * never matches the empty string (JRX_NOTEMPTY and JRX_NOTEMPTY_ATSTART
 * then never apply), with no \G (which holds at the start offset only)
 * and every other lookaround decided by one byte qualify. */
#ifndef JRX_LOOKBEHIND_PREFIX_H
#define JRX_LOOKBEHIND_PREFIX_H

#include <stdint.h>

#include "nfa.h"

/* Longest lookbehind body in bytes searched so. */
#define LOOKBEHIND_PREFIX_MAX_BYTES 64u

/* Builds the program above for program (which must outlive it: the
 * lookarounds stay program's) through program's allocator, stores it in
 * *searched and k in *bytes; or stores NULL and 0 when program does not
 * qualify. Returns 0 or JRX_ERROR_NOMEMORY (NULL and 0 stored, nothing
 * left allocated). */
int lookbehind_prefix_create(const nfa_program *program, nfa_program **searched,
                             uint32_t *bytes);

/* Frees what lookbehind_prefix_create made; NULL is ignored. */
void lookbehind_prefix_destroy(nfa_program *searched);

#endif
