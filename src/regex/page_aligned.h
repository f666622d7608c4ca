/* page_aligned: JRX_PAGE_ALIGNED, for a function smaller than a 4 KiB page
 * that an iteration runs once a match or more (the searches that find
 * matches ahead, and their steps). Aligned to the page, it never lies
 * across two: under qemu-user a jump to another page of code is not
 * chained to its translation but leaves the translated code for a lookup
 * (tens of host instructions), so a loop whose branches cross a page
 * boundary costs that on every turn, and where the boundary falls moves
 * with every change to the library (iso-date over logfmt went from 24 to
 * 9 lookups a match by layout alone). On hardware it costs the padding
 * only. A function that grows past 4 KiB gains nothing from it. */
#ifndef JRX_PAGE_ALIGNED_H
#define JRX_PAGE_ALIGNED_H

#define JRX_PAGE_ALIGNED __attribute__((aligned(4096)))

#endif
