/* child_process (tests): running a piece of a test in a forked child with
 * its stderr captured, for the checks that a process aborts with a
 * message. Natively and under qemu user mode, which implements fork. */
#ifndef JITMEM_TEST_CHILD_PROCESS_H
#define JITMEM_TEST_CHILD_PROCESS_H

#include <stddef.h>

typedef void (*child_process_body)(void *argument);

/* Forks; the child runs body(argument) with stderr going into a pipe and
 * exits with status 0 if body returns. Stores what the child wrote to
 * stderr in output (NUL-terminated, cut at output_size - 1 bytes) and
 * returns its wait status, or -1 if it could not be run. */
int child_process_run(child_process_body body, void *argument, char *output, size_t output_size);

/* 1 if a wait status is death by SIGABRT and output holds expected. */
int child_process_aborted_saying(int wait_status, const char *output, const char *expected);

#endif
