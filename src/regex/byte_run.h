/* byte_run: patterns that are one greedy repetition, from zero times up,
 * of a character set (.*, (?s).*, [^\n]*, maybe captured). Their match
 * from a start offset is the run of the set's characters there, empty or
 * not, so a search only finds where that run ends, at memchr's speed, and
 * runs no engine (jrx.c: jrx.run_alone). In UTF mode a set qualifies only
 * when it holds every character beyond ASCII: on valid UTF-8 the run of
 * its characters is then the run of bytes that are not ASCII bytes
 * outside it, and every byte that ends a run is an ASCII character.
 * Invariant: leaving and word name the same bytes, those that end a run
 * (word 0 when no accelerated scan stops on exactly them). */
#ifndef JRX_BYTE_RUN_H
#define JRX_BYTE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ast.h"

typedef struct byte_run {
  uint64_t leaving[4]; /* bit b: byte b ends a run */
  uint32_t word;       /* dfa_acceleration_word_leaving_on(leaving), or 0 */
  int only_leaving;    /* the one byte that ends a run ('\n' for .*), or -1 */
} byte_run;

/* Whether the tree rooted at root (under its capturing groups) is such a
 * repetition, compiled in UTF mode or not; fills *run when it is. */
bool byte_run_of(const ast_node *root, bool utf, byte_run *run);

/* byte_run_end's scan for runs that more bytes than one end, or none. */
size_t byte_run_scan(const byte_run *run, const unsigned char *subject, size_t from,
                     size_t length);

/* Where the run from `from` ends: the first byte at or after it that
 * leaves, or length. Reads only [from, length). Inlined: a line of .*
 * is one call of the C library's memchr, its vector scan. */
static inline size_t byte_run_end(const byte_run *run, const unsigned char *subject,
                                  size_t from, size_t length) {
  if (run->only_leaving >= 0) {
    const unsigned char *hit = memchr(subject + from, run->only_leaving, length - from);
    return hit != NULL ? (size_t)(hit - subject) : length;
  }
  return byte_run_scan(run, subject, from, length);
}

/* The first byte at or after `from` that a run holds, or length. */
size_t byte_run_next_start(const byte_run *run, const unsigned char *subject, size_t from,
                           size_t length);

#endif
