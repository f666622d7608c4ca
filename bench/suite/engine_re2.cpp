/* RE2 as a benchmark engine. Options that give PCRE2's semantics:
 * Latin-1 encoding (one byte is one character, as PCRE2 without UTF) or
 * UTF-8 for UTF workloads, leftmost-first (Perl) match choice, no logging
 * of bad patterns, and for word lists a memory budget of 1 GiB instead
 * of 8 MiB, which long lists outgrow. */
#include "engine.h"

#include <new>

#include <re2/re2.h>

static int prepare(const bench_pattern *pattern, void **state, const char **skip_reason) {
  (void)skip_reason;
  RE2::Options options;
  options.set_encoding(pattern->utf ? RE2::Options::EncodingUTF8 : RE2::Options::EncodingLatin1);
  options.set_case_sensitive(!pattern->caseless);
  options.set_log_errors(false);
  if (pattern->words != NULL) {
    options.set_max_mem(int64_t{1} << 30); /* a long word list outgrows the default 8 MiB */
  }
  RE2 *re = new (std::nothrow) RE2(re2::StringPiece(pattern->text, pattern->length), options);
  if (re == NULL) {
    return BENCH_FAILED;
  }
  if (!re->ok()) {
    delete re;
    return BENCH_FAILED;
  }
  *state = re;
  return 0;
}

/* RE2 has no "non-empty at this offset" option, so after an empty match
 * the search moves one byte on. That equals PCRE2's rule except when a
 * non-empty match starts where an empty one did; none of the workloads
 * matches the empty string, and the count check would catch it if one did. */
static long count_matches(void *state, const char *subject, size_t length) {
  const RE2 *re = static_cast<const RE2 *>(state);
  re2::StringPiece text(subject, length);
  re2::StringPiece match;
  size_t offset = 0;
  long count = 0;
  while (offset <= length && re->Match(text, offset, length, RE2::UNANCHORED, &match, 1)) {
    count++;
    size_t end = static_cast<size_t>(match.data() - subject) + match.size();
    offset = match.empty() ? end + 1 : end;
  }
  return count;
}

static int has_match(void *state, const char *subject, size_t length) {
  const RE2 *re = static_cast<const RE2 *>(state);
  return re->Match(re2::StringPiece(subject, length), 0, length, RE2::UNANCHORED, NULL, 0) ? 1 : 0;
}

static void release(void *state) { delete static_cast<RE2 *>(state); }

const bench_engine bench_engine_re2 = {"re2", prepare, count_matches, has_match, release, NULL};
