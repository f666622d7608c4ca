/* sort: an in-place heapsort for the few places jrx sorts. The C
 * library's qsort may call malloc for large arrays (glibc's does above
 * 1 KiB), which would reach the C allocator behind a user allocator's
 * back; this one never allocates and stays O(n log n). */
#ifndef JRX_SORT_H
#define JRX_SORT_H

#include <stddef.h>

/* Sorts count items of item_size bytes by compare, as qsort does (not
 * stable). */
void sort_items(void *items, size_t count, size_t item_size,
                int (*compare)(const void *left, const void *right));

#endif
