/* charset: a set of code points kept as sorted, disjoint, non-adjacent
 * closed ranges [low, high]. Byte mode uses 0..0xff, UTF mode 0..0x10ffff.
 * Every operation that allocates returns 0 or JRX_ERROR_NOMEMORY and leaves
 * the set unchanged-but-valid on failure.
 *
 * Surrogates: in UTF mode no set the parser hands on ever contains
 * U+D800..U+DFFF. They are not characters (a valid UTF-8 subject cannot hold
 * them), so the NFA compiler may assume every member of a UTF-mode class
 * can be encoded as UTF-8. charset_negate with CHARSET_MAX_UNICODE keeps
 * them out by itself; the parser removes them from positive ranges with
 * charset_remove_range. */
#ifndef JRX_CHARSET_H
#define JRX_CHARSET_H

#include <stddef.h>
#include <stdint.h>

#include "jrx.h"

#define CHARSET_MAX_BYTE 0xffu
#define CHARSET_MAX_UNICODE 0x10ffffu
#define CHARSET_SURROGATE_LOW 0xd800u
#define CHARSET_SURROGATE_HIGH 0xdfffu

typedef struct charset_range {
  uint32_t low;
  uint32_t high;
} charset_range;

typedef struct charset {
  const jrx_allocator *allocator; /* of ranges */
  charset_range *ranges;
  size_t count;
  size_t capacity;
} charset;

void charset_init(charset *set, const jrx_allocator *allocator);
void charset_release(charset *set);
int charset_add_range(charset *set, uint32_t low, uint32_t high);
/* Adds ranges[0..count) (each low <= high, in any order). Sorts the array
 * in place, so adding n unordered ranges costs O(n log n), not O(n^2). */
int charset_add_ranges(charset *set, charset_range *ranges, size_t count);
int charset_add_set(charset *set, const charset *other);
/* Adds ranges[0..count), sorted by low (they may overlap), in one linear
 * merge: how the Unicode property tables join a set. */
int charset_add_sorted_ranges(charset *set, const charset_range *ranges, size_t count);
/* Adds ranges[0..count), itself a valid set (sorted, disjoint,
 * non-adjacent) in constant storage that outlives the set, such as a
 * Unicode property's: an empty set borrows the array rather than copying
 * it, and copies it only when it first changes, so that a lone \p{L}
 * costs no merge and its ranges stay recognizable by address
 * (nfa_class_automaton_of). */
int charset_add_constant_ranges(charset *set, const charset_range *ranges, size_t count);
/* Removes [low, high] from the set. */
int charset_remove_range(charset *set, uint32_t low, uint32_t high);
/* Replaces the set with its complement within 0..max_code_point. When
 * max_code_point is CHARSET_MAX_UNICODE the complement leaves out the
 * surrogates (see above). */
int charset_negate(charset *set, uint32_t max_code_point);
/* Adds every code point that case-folds together with a member. In byte
 * mode (utf == 0) only ASCII letters fold, as PCRE2's default tables do;
 * in UTF mode Unicode simple case folding applies. */
int charset_add_case_variants(charset *set, int utf);
int charset_contains(const charset *set, uint32_t code_point);
/* Whether the two sets have a code point in common (linear in their
 * ranges). */
int charset_intersects(const charset *left, const charset *right);
/* Whether code_point lies in one of ranges[0..count), sorted and disjoint. */
int charset_ranges_contain(const charset_range *ranges, size_t count, uint32_t code_point);
/* Number of code points in the set. */
uint32_t charset_size(const charset *set);
/* destination must be initialized; its old members are released and the
 * copy uses destination's allocator. */
int charset_copy(charset *destination, const charset *source);

#endif
