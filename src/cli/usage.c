/* usage: fixed texts. --version compiles a probe pattern because which
 * engine runs (interpreter or arm64 JIT) is decided per compiled pattern. */
#include "usage.h"

#include <stdio.h>

#include "jrx.h"

void usage_print_hint(void) {
  fflush(stdout);
  fputs("Usage: jrxgrep [OPTION]... PATTERNS [FILE]...\n"
        "Try 'jrxgrep --help' for more information.\n",
        stderr);
}

void usage_print_help(void) {
  fputs(
      "Usage: jrxgrep [OPTION]... PATTERNS [FILE]...\n"
      "Search for PATTERNS (PCRE2 syntax, run by jrx) in each FILE.\n"
      "Example: jrxgrep -i 'hello world' menu.h main.c\n"
      "PATTERNS can contain multiple patterns separated by newlines; a line\n"
      "is selected when any of them matches.\n"
      "\n"
      "Pattern selection and interpretation:\n"
      "  -e, --regexp=PATTERNS     use PATTERNS for matching\n"
      "  -f, --file=FILE           take PATTERNS from FILE\n"
      "  -F, --fixed-strings       PATTERNS are strings, not regular expressions\n"
      "  -P, --perl-regexp         PATTERNS are PCRE2 patterns (always on)\n"
      "  -i, --ignore-case         ignore case distinctions in patterns and data\n"
      "      --no-ignore-case      do not ignore case distinctions (default)\n"
      "  -w, --word-regexp         match only whole words\n"
      "  -x, --line-regexp         match only whole lines\n"
      "      --ucp                \\d \\s \\w \\b and POSIX classes by Unicode properties,\n"
      "                            as (*UCP) at the start of the pattern\n"
      "  -z, --null-data           a data line ends in 0 byte, not newline\n"
      "\n"
      "Miscellaneous:\n"
      "  -s, --no-messages         suppress error messages\n"
      "  -v, --invert-match        select non-matching lines\n"
      "  -V, --version             display version information and exit\n"
      "      --help                display this help text and exit\n"
      "\n"
      "Output control:\n"
      "  -m, --max-count=NUM       stop after NUM selected lines\n"
      "  -b, --byte-offset         print the byte offset with output lines\n"
      "  -n, --line-number         print line number with output lines\n"
      "      --line-buffered       flush output on every line\n"
      "  -H, --with-filename       print file name with output lines\n"
      "  -h, --no-filename         suppress the file name prefix on output\n"
      "      --label=LABEL         use LABEL as the standard input file name\n"
      "  -o, --only-matching       show only nonempty parts of lines that match\n"
      "  -q, --quiet, --silent     suppress all normal output\n"
      "      --binary-files=TYPE   assume that binary files are TYPE;\n"
      "                            TYPE is 'binary', 'text', or 'without-match'\n"
      "  -a, --text                equivalent to --binary-files=text\n"
      "  -I                        equivalent to --binary-files=without-match\n"
      "  -d, --directories=ACTION  how to handle directories;\n"
      "                            ACTION is 'read', 'recurse', or 'skip'\n"
      "  -D, --devices=ACTION      how to handle devices, FIFOs and sockets;\n"
      "                            ACTION is 'read' or 'skip'\n"
      "  -r, --recursive           like --directories=recurse\n"
      "  -R, --dereference-recursive  likewise, but follow all symlinks\n"
      "      --include=GLOB        search only files that match GLOB\n"
      "      --exclude=GLOB        skip files that match GLOB\n"
      "      --exclude-from=FILE   skip files that match any GLOB in FILE\n"
      "      --exclude-dir=GLOB    skip directories that match GLOB\n"
      "  -L, --files-without-match  print only names of FILEs with no selected lines\n"
      "  -l, --files-with-matches  print only names of FILEs with selected lines\n"
      "  -c, --count               print only a count of selected lines per FILE\n"
      "  -T, --initial-tab         make tabs line up (if needed)\n"
      "  -Z, --null                print 0 byte after FILE name\n"
      "  -j, --threads=NUM         search files with NUM threads (default: one\n"
      "                            per online CPU); output order is unchanged\n"
      "\n"
      "Context control:\n"
      "  -B, --before-context=NUM  print NUM lines of leading context\n"
      "  -A, --after-context=NUM   print NUM lines of trailing context\n"
      "  -C, --context=NUM         print NUM lines of output context\n"
      "  -NUM                      same as --context=NUM\n"
      "      --group-separator=SEP  print SEP on line between matches with context\n"
      "      --no-group-separator  do not print separator for matches with context\n"
      "      --color[=WHEN],\n"
      "      --colour[=WHEN]       use markers to highlight the matching strings;\n"
      "                            WHEN is 'always', 'never', or 'auto'\n"
      "  -U, --binary              do not strip CR characters at EOL (MSDOS/Windows)\n"
      "                            (accepted; a no-op on POSIX systems)\n"
      "\n"
      "When FILE is '-', read standard input. With no FILE, read '.' if\n"
      "recursive, '-' otherwise. In a UTF-8 locale patterns and data are UTF-8.\n"
      "Of several --include and --exclude GLOBs the last that matches a name\n"
      "decides; a name none matches is skipped if the first was --include.\n"
      "Exit status is 0 if any line is selected, 1 otherwise;\n"
      "if any error occurs and -q is not given, the exit status is 2.\n",
      stdout);
}

int usage_print_version(void) {
  int errcode = 0;
  size_t erroffset = 0;
  jrx *probe = jrx_compile("a", 1, 0, &errcode, &erroffset);
  printf("jrxgrep (jrx) %s\n", jrx_version());
  if (!probe) {
    char message[256];
    jrx_error_message(errcode, message, sizeof message);
    fprintf(stderr, "jrxgrep: cannot compile a probe pattern: %s\n", message);
    return 2;
  }
  printf("engine: %s\n", jrx_engine(probe));
  jrx_free(probe);
  fputs("Patterns use PCRE2 syntax and are matched in linear time.\n", stdout);
  return 0;
}
