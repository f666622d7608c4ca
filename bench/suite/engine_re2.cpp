/* RE2 as a benchmark engine. Options that give PCRE2's semantics:
 * Latin-1 encoding (one byte is one character, as PCRE2 without UTF) or
 * UTF-8 for UTF workloads, leftmost-first (Perl) match choice, no logging
 * of bad patterns, and for word lists a memory budget of 1 GiB instead
 * of 8 MiB, which long lists outgrow. */
#include "engine.h"

#include <new>
#include <string>
#include <vector>

#include <re2/re2.h>

typedef struct re2_state {
  RE2 *re;
  std::vector<re2::StringPiece> groups; /* the whole match and every group */
} re2_state;

static void release(void *state) {
  re2_state *engine = static_cast<re2_state *>(state);
  delete engine->re;
  delete engine;
}

/* This RE2 spells PCRE2's named group (?<name>...) as (?P<name>...). */
static std::string re2_syntax(const bench_pattern *pattern) {
  std::string text(pattern->text, pattern->length);
  for (size_t at = text.find("(?<"); at != std::string::npos; at = text.find("(?<", at + 1)) {
    char next = at + 3 < text.size() ? text[at + 3] : '\0';
    if (next != '=' && next != '!') {
      text.insert(at + 2, "P");
    }
  }
  return text;
}

static int prepare(const bench_pattern *pattern, void **state, const char **skip_reason) {
  if (std::string(pattern->text, pattern->length).rfind("(*UCP)", 0) == 0) {
    /* RE2's \w, \d, \s and \b are ASCII only; it has no UCP mode. */
    *skip_reason = "lacks (*UCP)";
    return BENCH_SKIPPED;
  }
  RE2::Options options;
  options.set_encoding(pattern->utf ? RE2::Options::EncodingUTF8 : RE2::Options::EncodingLatin1);
  options.set_case_sensitive(!pattern->caseless);
  options.set_log_errors(false);
  if (pattern->words != NULL) {
    options.set_max_mem(int64_t{1} << 30); /* a long word list outgrows the default 8 MiB */
  }
  re2_state *engine = new (std::nothrow) re2_state();
  if (engine == NULL) {
    return BENCH_FAILED;
  }
  engine->re = new (std::nothrow) RE2(re2_syntax(pattern), options);
  if (engine->re != NULL && engine->re->error_code() == RE2::ErrorBadPerlOp) {
    /* RE2 refuses Perl's constructs it has no linear-time method for
     * (lookarounds, \K); any other refusal is a fault of this file. */
    release(engine);
    *skip_reason = "lacks this Perl construct (lookaround)";
    return BENCH_SKIPPED;
  }
  if (engine->re != NULL && engine->re->error_code() == RE2::ErrorBadEscape &&
      std::string(pattern->text, pattern->length).find("\\X") != std::string::npos) {
    /* RE2 has no \X (grapheme clusters). */
    release(engine);
    *skip_reason = "lacks \\X";
    return BENCH_SKIPPED;
  }
  if (engine->re == NULL || !engine->re->ok()) {
    release(engine);
    return BENCH_FAILED;
  }
  engine->groups.resize(static_cast<size_t>(engine->re->NumberOfCapturingGroups()) + 1);
  *state = engine;
  return 0;
}

/* RE2 has no "non-empty at this offset" option, so after an empty match
 * the search moves one byte on. That equals PCRE2's rule except when a
 * non-empty match starts where an empty one did; none of the workloads
 * matches the empty string, and the count check would catch it if one did.
 * With a checksum the first `pairs` groups of every match are asked for
 * and folded. */
static long scan(re2_state *engine, const char *subject, size_t length, size_t pairs,
                 unsigned long long *checksum) {
  re2::StringPiece text(subject, length);
  int wanted = checksum != NULL ? static_cast<int>(pairs) : 1;
  size_t offset = 0;
  long count = 0;
  while (offset <= length &&
         engine->re->Match(text, offset, length, RE2::UNANCHORED, engine->groups.data(), wanted)) {
    count++;
    const re2::StringPiece &match = engine->groups[0];
    size_t end = static_cast<size_t>(match.data() - subject) + match.size();
    for (int i = 0; checksum != NULL && i < wanted; i++) {
      const re2::StringPiece &group = engine->groups[static_cast<size_t>(i)];
      size_t start = group.data() == NULL ? BENCH_UNSET : static_cast<size_t>(group.data() - subject);
      bench_checksum_fold(checksum, start);
      bench_checksum_fold(checksum, group.data() == NULL ? BENCH_UNSET : start + group.size());
    }
    offset = match.empty() ? end + 1 : end;
  }
  return count;
}

static long count_matches(void *state, const char *subject, size_t length) {
  return scan(static_cast<re2_state *>(state), subject, length, 1, NULL);
}

static long scan_groups(void *state, const char *subject, size_t length, size_t pairs,
                        unsigned long long *checksum) {
  return scan(static_cast<re2_state *>(state), subject, length, pairs, checksum);
}

static int has_match(void *state, const char *subject, size_t length) {
  const RE2 *re = static_cast<re2_state *>(state)->re;
  return re->Match(re2::StringPiece(subject, length), 0, length, RE2::UNANCHORED, NULL, 0) ? 1 : 0;
}

static int first_match(void *state, const char *subject, size_t length, size_t pairs,
                       size_t *ovector) {
  re2_state *engine = static_cast<re2_state *>(state);
  if (!engine->re->Match(re2::StringPiece(subject, length), 0, length, RE2::UNANCHORED,
                         engine->groups.data(), static_cast<int>(pairs))) {
    return 0;
  }
  for (size_t i = 0; i < pairs; i++) {
    const re2::StringPiece &group = engine->groups[i];
    ovector[2 * i] = group.data() == NULL ? BENCH_UNSET : static_cast<size_t>(group.data() - subject);
    ovector[2 * i + 1] = group.data() == NULL ? BENCH_UNSET : ovector[2 * i] + group.size();
  }
  return 1;
}

static size_t pairs(void *state) { return static_cast<re2_state *>(state)->groups.size(); }

const bench_engine bench_engine_re2 = {"re2",   prepare, count_matches, has_match, first_match,
                                       pairs,   scan_groups, release,   NULL};
