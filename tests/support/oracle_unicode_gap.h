/* oracle_unicode_gap: where PCRE2 10.42 (Unicode 14.0 tables) and jrx (the
 * newer tables of scripts/gen_unicode_tables.py) answer differently by
 * design: code points assigned after 14.0, and the older code points whose
 * properties a later version changed. The tests and the differential
 * fuzzer leave these out of their comparisons with PCRE2; anything else
 * that differs is a finding. */
#ifndef JRX_ORACLE_UNICODE_GAP_H
#define JRX_ORACLE_UNICODE_GAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct oracle_unicode_range {
  uint32_t low;
  uint32_t high;
} oracle_unicode_range;

/* Generated (scripts/gen_oracle_unicode_later.py): sorted, disjoint. */
extern const oracle_unicode_range oracle_unicode_later_ranges[];
extern const size_t oracle_unicode_later_range_count;

/* 1 if code_point was assigned after the oracle's Unicode version. */
int oracle_unicode_assigned_later(uint32_t code_point);

/* 1 if a later version changed property `key` of the older code_point
 * (any property when key is NULL). key is the property name loosely
 * matched (lower case, no spaces, hyphens or underscores; "bidi" before a
 * bidi class). */
int oracle_unicode_changed_later(const char *key, uint32_t code_point);

/* 1 if text holds a valid UTF-8 sequence of a code point assigned later
 * or changed later (in any property): a subject on which jrx and PCRE2
 * may answer differently in UTF mode. Invalid sequences are skipped. */
int oracle_unicode_text_in_gap(const char *text, size_t length);

#endif
