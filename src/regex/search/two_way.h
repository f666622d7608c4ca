/* two_way: Crochemore and Perrin's two-way string search, linear in the
 * haystack whatever the needle and text, in constant space: what a
 * literal search falls back to when its vector candidates come too
 * often. Case-folded bytes are compared through a byte map, which is
 * exact only when no pair is both folded and exact in the needle;
 * such needles cannot use it (usable is false). */
#ifndef JRX_SEARCH_TWO_WAY_H
#define JRX_SEARCH_TWO_WAY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct two_way {
  bool usable;
  const unsigned char *needle; /* the caller's: bit 0x20 set where folded */
  size_t length;
  size_t critical; /* the critical factorization: the right half starts here */
  size_t period;   /* of the needle, or the shift past a mismatch on the left */
  bool periodic;   /* the left half repeats within the right: shifts remember */
  unsigned char canonical[256]; /* text byte -> the needle byte it can equal */
} two_way;

/* Prepares the search for bytes[0..length) (length >= 1), whose folds are
 * LITERAL_FOLD or 0; bytes must outlive the searcher. */
void two_way_init(two_way *searcher, const unsigned char *bytes, const unsigned char *folds,
                  size_t length);

/* The first position >= from where the needle occurs in
 * haystack[0..length), or SIZE_MAX. The searcher must be usable. */
size_t two_way_find(const two_way *searcher, const unsigned char *haystack, size_t length,
                    size_t from);

#endif
