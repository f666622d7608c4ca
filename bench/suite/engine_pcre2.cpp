/* PCRE2 as a benchmark engine, with its JIT and with its interpreter, both
 * under PCRE2's default match limit so that a pattern which backtracks
 * catastrophically ends with "limit hit" instead of running for years.
 * The JIT gets a stack of up to 8 MiB, as a user whose matches fail with
 * PCRE2_ERROR_JIT_STACKLIMIT on the default 32 KiB would give it: a
 * repeated group over a long quoted string needs more. */
#include "engine.h"

#include <stdlib.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

typedef struct pcre2_state {
  pcre2_code *code;
  pcre2_match_data *data;       /* room for every group */
  pcre2_match_data *whole_data; /* one pair: the whole match only */
  pcre2_jit_stack *jit_stack;
  pcre2_match_context *context; /* assigns jit_stack */
  bool utf;
} pcre2_state;

static void release(void *state) {
  pcre2_state *pcre2 = static_cast<pcre2_state *>(state);
  pcre2_match_context_free(pcre2->context);
  pcre2_jit_stack_free(pcre2->jit_stack);
  pcre2_match_data_free(pcre2->whole_data);
  pcre2_match_data_free(pcre2->data);
  pcre2_code_free(pcre2->code);
  free(pcre2);
}

static int prepare_with(const bench_pattern *pattern, int use_jit, void **state,
                        const char **skip_reason) {
  pcre2_state *pcre2 = static_cast<pcre2_state *>(calloc(1, sizeof *pcre2));
  if (pcre2 == NULL) {
    return BENCH_FAILED;
  }
  int errcode = 0;
  PCRE2_SIZE erroffset = 0;
  pcre2->utf = pattern->utf != 0;
  uint32_t options = (pattern->caseless ? PCRE2_CASELESS : 0) | (pattern->utf ? PCRE2_UTF : 0);
  pcre2->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern->text), pattern->length,
                              options, &errcode, &erroffset, NULL);
  if (pcre2->code == NULL && errcode == PCRE2_ERROR_PATTERN_TOO_LARGE) {
    /* Long word lists: more compiled code than PCRE2's link size allows. */
    free(pcre2);
    *skip_reason = "too large for PCRE2";
    return BENCH_SKIPPED;
  }
  if (pcre2->code != NULL &&
      (!use_jit || pcre2_jit_compile(pcre2->code, PCRE2_JIT_COMPLETE) == 0)) {
    pcre2->data = pcre2_match_data_create_from_pattern(pcre2->code, NULL);
    pcre2->whole_data = pcre2_match_data_create(1, NULL);
    pcre2->jit_stack = pcre2_jit_stack_create(32 * 1024, 8 * 1024 * 1024, NULL);
    pcre2->context = pcre2_match_context_create(NULL);
  }
  if (pcre2->context != NULL && pcre2->jit_stack != NULL) {
    pcre2_jit_stack_assign(pcre2->context, NULL, pcre2->jit_stack);
  }
  if (pcre2->data == NULL || pcre2->whole_data == NULL || pcre2->jit_stack == NULL ||
      pcre2->context == NULL) {
    release(pcre2);
    return BENCH_FAILED;
  }
  *state = pcre2;
  return 0;
}

static int prepare_jit(const bench_pattern *pattern, void **state, const char **skip_reason) {
  return prepare_with(pattern, 1, state, skip_reason);
}

static int prepare_interpreter(const bench_pattern *pattern, void **state,
                               const char **skip_reason) {
  return prepare_with(pattern, 0, state, skip_reason);
}

static long error_code(int status) {
  return status == PCRE2_ERROR_MATCHLIMIT || status == PCRE2_ERROR_DEPTHLIMIT ||
                 status == PCRE2_ERROR_JIT_STACKLIMIT
             ? BENCH_LIMIT_HIT
             : BENCH_FAILED;
}

/* pcre2_match runs the JIT code when the pattern has some, the interpreter
 * otherwise. After an empty match the next attempt is anchored and
 * non-empty at the same offset, and on failure moves one byte on
 * (pcre2demo's rule, which jrx_iterator follows too). In UTF mode only the
 * first call checks the subject's UTF-8, as jrx_iterator does: pcre2_match
 * checks all of it on every call otherwise, which makes counting dense
 * matches quadratic (pcre2grep passes PCRE2_NO_UTF_CHECK likewise). With a
 * checksum, every offset of every match on data is folded into it. */
static long scan(pcre2_state *pcre2, pcre2_match_data *data, const char *subject, size_t length,
                 unsigned long long *checksum) {
  PCRE2_SPTR bytes = reinterpret_cast<PCRE2_SPTR>(subject);
  PCRE2_SIZE offset = 0;
  uint32_t options = 0;
  uint32_t checked = 0;
  long count = 0;
  while (offset <= length) {
    int status =
        pcre2_match(pcre2->code, bytes, length, offset, options | checked, data, pcre2->context);
    checked = PCRE2_NO_UTF_CHECK;
    if (status == PCRE2_ERROR_NOMATCH) {
      if (options == 0) {
        break;
      }
      do {
        offset++; /* one character on */
      } while (pcre2->utf && offset < length && (bytes[offset] & 0xc0) == 0x80);
      options = 0;
      continue;
    }
    if (status < 0) {
      return error_code(status);
    }
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);
    if (checksum != NULL) {
      uint32_t pairs = pcre2_get_ovector_count(data);
      for (uint32_t i = 0; i < 2 * pairs; i++) {
        bench_checksum_fold(checksum, ovector[i]);
      }
    }
    count++;
    options = ovector[0] == ovector[1] ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    offset = ovector[1];
  }
  return count;
}

static long count_matches(void *state, const char *subject, size_t length) {
  pcre2_state *pcre2 = static_cast<pcre2_state *>(state);
  return scan(pcre2, pcre2->data, subject, length, NULL);
}

/* One pair: on the one-pair match data, as a caller wanting the whole
 * match only asks PCRE2 for it. */
static long scan_groups(void *state, const char *subject, size_t length, size_t pairs,
                        unsigned long long *checksum) {
  pcre2_state *pcre2 = static_cast<pcre2_state *>(state);
  return scan(pcre2, pairs == 1 ? pcre2->whole_data : pcre2->data, subject, length, checksum);
}

/* PCRE2_UNSET is BENCH_UNSET. */
static int first_match(void *state, const char *subject, size_t length, size_t pairs,
                       size_t *ovector) {
  pcre2_state *pcre2 = static_cast<pcre2_state *>(state);
  pcre2_match_data *data = pairs == 1 ? pcre2->whole_data : pcre2->data;
  int status =
      pcre2_match(pcre2->code, reinterpret_cast<PCRE2_SPTR>(subject), length, 0, 0, data,
                    pcre2->context);
  if (status == PCRE2_ERROR_NOMATCH) {
    return 0;
  }
  if (status < 0) {
    return static_cast<int>(error_code(status));
  }
  const PCRE2_SIZE *found = pcre2_get_ovector_pointer(data);
  for (size_t i = 0; i < 2 * pairs; i++) {
    ovector[i] = found[i];
  }
  return 1;
}

static size_t pairs(void *state) {
  return pcre2_get_ovector_count(static_cast<pcre2_state *>(state)->data);
}

static int has_match(void *state, const char *subject, size_t length) {
  pcre2_state *pcre2 = static_cast<pcre2_state *>(state);
  int status = pcre2_match(pcre2->code, reinterpret_cast<PCRE2_SPTR>(subject), length, 0, 0,
                           pcre2->data, pcre2->context);
  if (status == PCRE2_ERROR_NOMATCH) {
    return 0;
  }
  return status >= 0 ? 1 : static_cast<int>(error_code(status));
}

const bench_engine bench_engine_pcre2_jit = {
    "pcre2-jit", prepare_jit, count_matches, has_match, first_match, pairs, scan_groups, release,
    NULL};
const bench_engine bench_engine_pcre2_interpreter = {
    "pcre2-interp", prepare_interpreter, count_matches, has_match, first_match, pairs,
    scan_groups,    release,             NULL};
