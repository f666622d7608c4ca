/* The texts workloads run on, by name. "sample-en" is shipped in this
 * directory, "source-c" is the .c files of this repository's src/regex
 * joined in name order at run time, "letter-run" is made in memory
 * (haystacks.cpp), and "access-log", "logfmt" and "csv" are written into
 * the build by gen_logs.py; every other name is a file of the bench-data
 * directory given on the command line, which is never copied. */
#ifndef BENCH_HAYSTACKS_H
#define BENCH_HAYSTACKS_H

#include <string>

/* Whether the haystack needs the bench-data directory. */
int bench_haystack_needs_data_dir(const std::string &name);

/* Loads haystack name into *text (data_dir may be NULL when the haystack
 * does not need it). Prints why and returns -1 on failure. */
int bench_haystack_load(const std::string &name, const char *data_dir, std::string *text);

#endif
