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

/* One side's part in a fork case, returning 0 or a code naming what went
 * wrong: act changes this process's code, check finds its code from
 * before the fork intact. */
typedef int (*child_process_step)(void *argument);

/* The two orders of a fork case: the child acts and exits, then this
 * process checks and acts; or this process acts while the child waits,
 * then the child checks and acts. Each returns 0 or the first failure: a
 * step's code, the child's exit status, or 128 + the signal the child died
 * of (said on stderr too). A child still running after time_limit seconds
 * dies of SIGALRM. */
int child_process_child_first(child_process_step act, child_process_step check, void *argument,
                              unsigned time_limit);
int child_process_parent_first(child_process_step act, child_process_step check, void *argument,
                               unsigned time_limit);

#endif
