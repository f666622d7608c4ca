/* usage: the texts of --help, --version and the short usage hint. */
#ifndef JRXGREP_USAGE_H
#define JRXGREP_USAGE_H

void usage_print_help(void);

/* Prints the version and which engine runs patterns, found by compiling a
 * probe pattern. Returns 0, or 2 if the probe could not be compiled. */
int usage_print_version(void);

/* "Usage: ... Try 'jrxgrep --help'" on stderr (a usage error). */
void usage_print_hint(void);

#endif
