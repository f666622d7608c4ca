/* sort: heapsort over raw bytes, swapping through a small stack buffer
 * (the records jrx sorts are ranges, names and indices, all a few bytes);
 * a binary insertion sort below SORT_INSERTION_MAX items, where it makes
 * fewer compares and moves (Teddy sorts its keys on every compile). */
#include "sort.h"

#include <string.h>

#define SORT_SWAP_CHUNK 64u
#define SORT_INSERTION_MAX 64u

static void swap_items(unsigned char *items, size_t first, size_t second, size_t item_size) {
  unsigned char *a = items + first * item_size;
  unsigned char *b = items + second * item_size;
  unsigned char saved[SORT_SWAP_CHUNK];
  for (size_t done = 0; done < item_size; done += SORT_SWAP_CHUNK) {
    size_t size = item_size - done < SORT_SWAP_CHUNK ? item_size - done : SORT_SWAP_CHUNK;
    memcpy(saved, a + done, size);
    memcpy(a + done, b + done, size);
    memcpy(b + done, saved, size);
  }
}

/* Moves the item at root down until the heap of count items below it is
 * a max-heap again. */
static void sift_down(unsigned char *items, size_t root, size_t count, size_t item_size,
                      int (*compare)(const void *, const void *)) {
  for (;;) {
    size_t largest = root;
    size_t left = 2 * root + 1;
    size_t right = left + 1;
    if (left < count && compare(items + left * item_size, items + largest * item_size) > 0) {
      largest = left;
    }
    if (right < count && compare(items + right * item_size, items + largest * item_size) > 0) {
      largest = right;
    }
    if (largest == root) {
      return;
    }
    swap_items(items, root, largest, item_size);
    root = largest;
  }
}

/* Inserts each item after the sorted ones not greater than it: a binary
 * search, then one move of the greater ones. item_size is at most
 * SORT_SWAP_CHUNK. */
static void insertion_sort(unsigned char *items, size_t count, size_t item_size,
                           int (*compare)(const void *, const void *)) {
  unsigned char saved[SORT_SWAP_CHUNK];
  for (size_t i = 1; i < count; i++) {
    unsigned char *item = items + i * item_size;
    size_t low = 0;
    size_t high = i;
    while (low < high) {
      size_t middle = low + (high - low) / 2;
      if (compare(items + middle * item_size, item) > 0) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    if (low == i) {
      continue;
    }
    memcpy(saved, item, item_size);
    memmove(items + (low + 1) * item_size, items + low * item_size, (i - low) * item_size);
    memcpy(items + low * item_size, saved, item_size);
  }
}

void sort_items(void *items, size_t count, size_t item_size,
                int (*compare)(const void *left, const void *right)) {
  unsigned char *bytes = items;
  if (count < 2) {
    return;
  }
  if (count <= SORT_INSERTION_MAX && item_size <= SORT_SWAP_CHUNK) {
    insertion_sort(bytes, count, item_size, compare);
    return;
  }
  for (size_t root = count / 2; root-- > 0;) {
    sift_down(bytes, root, count, item_size, compare);
  }
  for (size_t end = count - 1; end > 0; end--) {
    swap_items(bytes, 0, end, item_size);
    sift_down(bytes, 0, end, item_size, compare);
  }
}
