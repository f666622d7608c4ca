/* allocation_expected: the transcript a failure-free run of an allocation
 * entry must write, made from PCRE2's answers (pcre2_match, pcre2demo's
 * iteration, pcre2_substitute) in the run's format, so that the clean run
 * the failing runs are compared with is itself checked. */
#ifndef RELIABILITY_ALLOCATION_EXPECTED_H
#define RELIABILITY_ALLOCATION_EXPECTED_H

#include "allocation_corpus.h"

/* Fills expected (status 0) with PCRE2's transcript of entry. Fails the
 * test if PCRE2 rejects the pattern or cannot answer. */
void allocation_expected_run(const allocation_entry *entry, allocation_run *expected);

#endif
