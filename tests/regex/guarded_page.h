/* guarded_page: one readable page between two PROT_NONE pages, so that a
 * scan reading one byte before or after a subject placed flush against
 * either side faults. For the page-boundary tests of every SIMD loop. */
#ifndef JRX_TESTS_GUARDED_PAGE_H
#define JRX_TESTS_GUARDED_PAGE_H

#include <stddef.h>

typedef struct guarded_page {
  unsigned char *mapping; /* three pages */
  size_t size;            /* of one page */
} guarded_page;

/* Maps the pages; fails the test if it cannot. */
void guarded_page_create(guarded_page *guarded);
void guarded_page_release(guarded_page *guarded);

/* Where a subject of length bytes starts: right after the lower guard
 * (at_end 0) or ending right before the upper one (at_end 1). */
unsigned char *guarded_page_subject(const guarded_page *guarded, size_t length, int at_end);

#endif
