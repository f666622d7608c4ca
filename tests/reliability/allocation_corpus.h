/* allocation_corpus: patterns covering every construct jrx compiles, each
 * with a subject and a replacement, and one run over an entry that
 * exercises every call that allocates: context creation, compilation,
 * jrx_match with captures, a whole iteration, jrx_substitute, all three
 * again on a jrx_match_data_create'd match data, and the frees. The
 * allocator tests run it with failing and C-library-counting allocators. */
#ifndef RELIABILITY_ALLOCATION_CORPUS_H
#define RELIABILITY_ALLOCATION_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "jrx.h"

typedef struct allocation_entry {
  const char *pattern;
  uint32_t options; /* compile options; the engine bit is added by the run */
  const char *subject;
  const char *replacement;
} allocation_entry;

extern const allocation_entry allocation_corpus[];
extern const size_t allocation_corpus_size;

/* What a run saw: every answer as text, to compare runs with. */
#define ALLOCATION_TRANSCRIPT_SIZE 8192

typedef struct allocation_run {
  int status;  /* 0, or the first error code a call returned */
  const char *engine; /* jrx_engine's answer after the calls, once compiled (a fixed string) */
  char transcript[ALLOCATION_TRANSCRIPT_SIZE];
} allocation_run;

/* The entry's pattern (the spread class's is built on first use). */
const char *allocation_entry_pattern(const allocation_entry *entry);

/* The transcript's pieces: text, and a match's return code with its
 * pairs, as a run writes them. */
void allocation_note(allocation_run *run, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void allocation_note_ovector(allocation_run *run, int found, const size_t *ovector);

/* The pairs each call is given (every entry has fewer groups), and what
 * starts the transcript's second half, the calls on a match data. */
#define ALLOCATION_OVECTOR_PAIRS 12
#define ALLOCATION_SECOND_HALF " | with match data: "

/* Runs entry with the engine options added, every allocation through
 * allocator (NULL: the C library's), stopping at the first error, and
 * frees everything whatever happened. */
void allocation_run_entry(const allocation_entry *entry, uint32_t engine_options,
                          const jrx_allocator *allocator, allocation_run *run);

#endif
