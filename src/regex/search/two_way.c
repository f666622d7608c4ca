/* two_way: the critical factorization (the later of the maximal suffixes
 * for the two orders of the alphabet) splits the needle so that a
 * mismatch on the right shifts past it and a match of the right half
 * then checks the left; when the left half recurs at the period, shifts
 * by the period remember how much of the needle already matched. */
#include "two_way.h"

#include <stdint.h>
#include <string.h>

#include "literal_set.h"

#define NOT_FOUND SIZE_MAX

/* canonical maps a byte whose pair (it and it with bit 0x20 flipped) is
 * folded in the needle to the pair's byte with the bit, and any other
 * byte to itself; false when a pair is folded in one place and has a byte
 * matched exactly in another, where no one map serves both. */
static bool make_canonical(two_way *searcher, const unsigned char *folds) {
  bool folded[256] = {false};
  bool exact[256] = {false};
  for (size_t i = 0; i < searcher->length; i++) {
    unsigned byte = searcher->needle[i];
    if (folds[i] != 0) {
      folded[byte] = true;
    } else {
      exact[byte | LITERAL_FOLD] = true;
    }
  }
  for (unsigned byte = 0; byte < 256; byte++) {
    unsigned pair = byte | LITERAL_FOLD;
    if (folded[pair] && exact[pair]) {
      return false;
    }
    searcher->canonical[byte] = (unsigned char)(folded[pair] ? pair : byte);
  }
  return true;
}

/* The start of the maximal suffix of the needle under the byte order
 * (reversed when reverse is true), and that suffix's period. */
static size_t maximal_suffix(const unsigned char *needle, size_t length, bool reverse,
                             size_t *period) {
  size_t suffix = SIZE_MAX; /* one before the suffix's start: wraps to 0 on + 1 */
  size_t j = 0;
  size_t k = 1;
  size_t p = 1;
  while (j + k < length) {
    unsigned a = needle[j + k];
    unsigned b = needle[suffix + k];
    if (reverse ? a > b : a < b) {
      j += k;
      k = 1;
      p = j - suffix;
    } else if (a == b) {
      if (k != p) {
        k++;
      } else {
        j += p;
        k = 1;
      }
    } else {
      suffix = j++;
      k = p = 1;
    }
  }
  *period = p;
  return suffix + 1;
}

void two_way_init(two_way *searcher, const unsigned char *bytes, const unsigned char *folds,
                  size_t length) {
  memset(searcher, 0, sizeof *searcher);
  searcher->needle = bytes;
  searcher->length = length;
  searcher->usable = make_canonical(searcher, folds);
  size_t period;
  size_t reverse_period;
  size_t forward = maximal_suffix(bytes, length, false, &period);
  size_t reverse = maximal_suffix(bytes, length, true, &reverse_period);
  if (reverse > forward) {
    forward = reverse;
    period = reverse_period;
  }
  searcher->critical = forward;
  /* The maximal suffix is at least its period long, so the left half's
   * copy one period on lies inside the needle. */
  searcher->periodic = memcmp(bytes, bytes + period, forward) == 0;
  if (searcher->periodic) {
    searcher->period = period;
  } else {
    size_t left = forward;
    size_t right = length - forward;
    searcher->period = (left > right ? left : right) + 1;
  }
}

size_t two_way_find(const two_way *searcher, const unsigned char *haystack, size_t length,
                    size_t from) {
  const unsigned char *needle = searcher->needle;
  const unsigned char *canonical = searcher->canonical;
  size_t m = searcher->length;
  size_t critical = searcher->critical;
  size_t memory = 0; /* needle bytes known to match at the window's start */
  if (length < m) {
    return NOT_FOUND;
  }
  for (size_t window = from; window <= length - m;) {
    const unsigned char *text = haystack + window;
    size_t i = critical > memory ? critical : memory;
    while (i < m && needle[i] == canonical[text[i]]) {
      i++;
    }
    if (i < m) {
      window += i - critical + 1;
      memory = 0;
      continue;
    }
    /* The right half matches: check the left one, down to what the last
     * shift remembered. */
    size_t left = critical;
    size_t floor = 0;
    if (searcher->periodic) {
      floor = memory < critical ? memory : critical;
    }
    while (left > floor && needle[left - 1] == canonical[text[left - 1]]) {
      left--;
    }
    if (left == floor) {
      return window;
    }
    window += searcher->period;
    memory = searcher->periodic ? m - searcher->period : 0;
  }
  return NOT_FOUND;
}
