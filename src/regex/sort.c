/* sort: heapsort over raw bytes, swapping through a small stack buffer
 * (the records jrx sorts are ranges, names and indices, all a few bytes). */
#include "sort.h"

#include <string.h>

#define SORT_SWAP_CHUNK 64u

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

void sort_items(void *items, size_t count, size_t item_size,
                int (*compare)(const void *left, const void *right)) {
  unsigned char *bytes = items;
  if (count < 2) {
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
