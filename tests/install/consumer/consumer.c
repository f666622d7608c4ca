/* A minimal jrx user built against an installed jrx: compiles a pattern,
 * matches it, checks the groups, and checks that the library it runs with
 * is the one its header describes. With --version it prints the library's
 * version instead. Exit status 0 when everything is as expected. */
#include <jrx.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--version") == 0) {
    printf("%s\n", jrx_version());
    return 0;
  }
  if (strcmp(jrx_version(), JRX_VERSION_STRING) != 0) {
    fprintf(stderr, "header %s, library %s\n", JRX_VERSION_STRING, jrx_version());
    return 1;
  }
  const char *pattern = "(?<user>\\w+)@(\\w+)\\.org";
  int code = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(pattern, strlen(pattern), JRX_CASELESS, &code, &offset);
  if (re == NULL) {
    fprintf(stderr, "compile error %d at %zu\n", code, offset);
    return 1;
  }
  const char *subject = "write to Alice@Example.ORG today";
  size_t ovector[6];
  int result = jrx_match(re, subject, strlen(subject), 0, 0, ovector, 3);
  int user = jrx_name_to_number(re, "user");
  int ok = result == 3 && ovector[0] == 9 && ovector[1] == 26 && user == 1 &&
           ovector[2] == 9 && ovector[3] == 14 && ovector[4] == 15 && ovector[5] == 22;
  printf("%s: match %d at %zu-%zu with %s\n", ok ? "ok" : "WRONG", result, ovector[0],
         ovector[1], jrx_engine(re));
  jrx_free(re);
  return ok ? 0 : 1;
}
