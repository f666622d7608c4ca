/* fuzz_matches: what one engine answered for a sequence of match attempts
 * (the first match, or every step of a global iteration): a return code in
 * jrx's terms per attempt and a fixed number of ovector pairs per attempt,
 * pairs that an engine did not report stored as JRX_UNSET. The record owns
 * its arrays. */
#ifndef JRX_FUZZ_MATCHES_H
#define JRX_FUZZ_MATCHES_H

#include <stddef.h>
#include <stdio.h>

/* Codes at or below this are PCRE2 match errors with no jrx counterpart:
 * FUZZ_MATCHES_FOREIGN_ERROR + the PCRE2 code. */
#define FUZZ_MATCHES_FOREIGN_ERROR (-100000)

typedef struct fuzz_matches {
  size_t pair_count;   /* pairs stored per attempt */
  size_t count;        /* attempts recorded */
  size_t capacity;     /* attempts there is room for */
  int *codes;          /* per attempt */
  size_t *pairs;       /* 2 * pair_count offsets per attempt */
  int inconclusive;    /* PCRE2 hit a resource limit; nothing after it is recorded */
} fuzz_matches;

void fuzz_matches_init(fuzz_matches *matches, size_t pair_count);

/* Records an attempt's code and the first reported_pairs pairs of ovector;
 * the rest read JRX_UNSET. Returns 0, or -1 when out of memory. */
int fuzz_matches_add(fuzz_matches *matches, int code, const size_t *ovector,
                     size_t reported_pairs);

void fuzz_matches_release(fuzz_matches *matches);

/* The first attempt at which the two records differ, or SIZE_MAX if they
 * agree. An inconclusive record is compared only as far as it goes. */
size_t fuzz_matches_first_difference(const fuzz_matches *a, const fuzz_matches *b);

/* Writes every attempt, one per line, marking the one at mark with "<<". */
void fuzz_matches_print(FILE *out, const char *label, const fuzz_matches *matches, size_t mark);

#endif
