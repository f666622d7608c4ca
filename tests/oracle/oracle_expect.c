/* oracle_expect: asks PCRE2 for the answer to every case of cases.txt and
 * writes cases.expected (the oracle-regenerate target runs it), or with
 * --check verifies that the committed file is what PCRE2 answers here. */
#include <stdio.h>
#include <string.h>

#include "oracle_case.h"
#include "oracle_expected.h"
#include "oracle_outcome.h"
#include "oracle_pcre2.h"

static int write_expected(const oracle_case_list *cases, FILE *out) {
  oracle_expected_write_header(out);
  for (size_t i = 0; i < cases->count; i++) {
    oracle_outcome outcome;
    oracle_outcome_init(&outcome);
    int status = oracle_run_pcre2(&cases->items[i], 0, &outcome);
    if (status == 0) oracle_expected_write_record(out, &cases->items[i], &outcome);
    oracle_outcome_release(&outcome);
    if (status != 0) {
      fprintf(stderr, "oracle_expect: out of memory at cases.txt:%zu\n", cases->items[i].line);
      return -1;
    }
  }
  return ferror(out) ? -1 : 0;
}

/* Compares the fresh answers with the committed file line by line. */
static int compare_with(FILE *fresh, const char *committed_path) {
  FILE *committed = fopen(committed_path, "rb");
  if (committed == NULL) {
    fprintf(stderr, "oracle_expect: cannot open %s\n", committed_path);
    return -1;
  }
  oracle_text fresh_line, committed_line;
  oracle_text_init(&fresh_line);
  oracle_text_init(&committed_line);
  int status = 0;
  for (size_t line = 1; status == 0; line++) {
    int fresh_read = oracle_text_read_line(&fresh_line, fresh);
    int committed_read = oracle_text_read_line(&committed_line, committed);
    if (fresh_read < 0 || committed_read < 0) {
      fprintf(stderr, "oracle_expect: out of memory\n");
      status = -1;
    } else if (fresh_read == 0 && committed_read == 0) {
      break;
    } else if (fresh_read != committed_read ||
               strcmp(oracle_text_string(&fresh_line), oracle_text_string(&committed_line)) != 0) {
      fprintf(stderr,
              "%s:%zu: differs from PCRE2's answer; rebuild the oracle-regenerate target\n"
              "  committed: %s\n  PCRE2:     %s\n",
              committed_path, line, committed_read ? oracle_text_string(&committed_line) : "(end)",
              fresh_read ? oracle_text_string(&fresh_line) : "(end)");
      status = -1;
    }
  }
  oracle_text_release(&fresh_line);
  oracle_text_release(&committed_line);
  fclose(committed);
  return status;
}

int main(int argc, char **argv) {
  int check = argc == 4 && strcmp(argv[3], "--check") == 0;
  if (argc != 3 && !check) {
    fprintf(stderr, "usage: oracle_expect CASES.txt CASES.expected [--check]\n");
    return 2;
  }
  oracle_case_list cases = {NULL, 0, 0};
  oracle_text error;
  oracle_text_init(&error);
  int status = oracle_cases_load(argv[1], &cases, &error);
  if (status != 0) fprintf(stderr, "oracle_expect: %s\n", oracle_text_string(&error));

  FILE *out = NULL;
  if (status == 0) {
    out = check ? tmpfile() : fopen(argv[2], "wb");
    if (out == NULL) {
      fprintf(stderr, "oracle_expect: cannot open %s for writing\n",
              check ? "a temporary file" : argv[2]);
      status = -1;
    }
  }
  if (status == 0) status = write_expected(&cases, out);
  if (status == 0 && check) {
    rewind(out);
    status = compare_with(out, argv[2]);
  }
  if (out != NULL && fclose(out) != 0) status = -1;
  if (status == 0) {
    printf("oracle_expect: %zu cases %s %s\n", cases.count, check ? "agree with" : "written to",
           argv[2]);
  }
  oracle_cases_release(&cases);
  oracle_text_release(&error);
  return status == 0 ? 0 : 1;
}
