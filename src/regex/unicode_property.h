/* unicode_property: what a \p{..} name means. Looks a name up the way
 * PCRE2 10.42 does (loose: case, spaces, hyphens and underscores do not
 * count; sc:, scx: and bc: prefixes, each also spelled long and with '=')
 * in the generated unicode_tables, and adds its code points to a charset.
 * The sets follow the installed Unicode data (UNICODE_TABLES_VERSION). */
#ifndef JRX_UNICODE_PROPERTY_H
#define JRX_UNICODE_PROPERTY_H

#include <stddef.h>
#include <stdint.h>

#include "charset.h"

/* Longest name, in significant bytes, that PCRE2 reads between the braces
 * of \p{..}; one more is a malformed escape. */
#define UNICODE_PROPERTY_MAX_NAME 48u

/* One resolved property: an index into unicode_range_lists. */
typedef struct unicode_property {
  uint16_t set;
} unicode_property;

/* Resolves name[0..length), already in loose form (lower case, without
 * spaces, hyphens and underscores). Returns 1 and stores the property, or
 * 0 when PCRE2 knows no such name. Caseless matching changes no property
 * in PCRE2 10.42 (\p{Lu} does not match 'a' under (?i)), so there is no
 * caseless variant. */
int unicode_property_lookup(const char *name, size_t length, unicode_property *property);

/* Adds the property's code points up to max_code_point (CHARSET_MAX_BYTE
 * in byte mode: PCRE2 gives those bytes the properties of U+0000..U+00FF),
 * or with negated the others in 0..max_code_point. An empty set given
 * the whole property borrows its ranges (charset_add_constant_ranges):
 * \p{L} alone costs no merge, and its class finds its stored automaton by
 * address. Returns 0 or JRX_ERROR_NOMEMORY. */
int unicode_property_add(charset *set, unicode_property property, int negated,
                         uint32_t max_code_point);

/* Whether code_point is a word character under UCP: a letter, a number or
 * '_' (Xwd), what \w, \b and \B read under PCRE2 10.42's PCRE2_UCP (not
 * the marks and connector punctuation later versions add). In byte mode
 * a byte is the code point of its value. */
int unicode_property_is_word(uint32_t code_point);

/* The Grapheme_Cluster_Break value of code_point (a unicode_grapheme_break
 * of unicode_tables.h), Extended_Pictographic counted as one, as PCRE2
 * 10.42's \X reads it; in byte mode a byte is the code point of its value. */
unsigned unicode_property_grapheme_break(uint32_t code_point);

#endif
