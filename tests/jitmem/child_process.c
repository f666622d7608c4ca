/* child_process (tests): fork, a pipe for stderr, read to the end, wait;
 * and the two orders of a fork case, the order kept with a pipe. */
#define _DEFAULT_SOURCE /* fork, pipe, dup2, alarm under -std=c11 */

#include "child_process.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int child_process_run(child_process_body body, void *argument, char *output,
                      size_t output_size) {
  int pipe_ends[2];
  if (output_size == 0 || pipe(pipe_ends) != 0) {
    return -1;
  }
  pid_t child = fork();
  if (child < 0) {
    close(pipe_ends[0]);
    close(pipe_ends[1]);
    return -1;
  }
  if (child == 0) {
    close(pipe_ends[0]);
    dup2(pipe_ends[1], STDERR_FILENO);
    body(argument);
    _exit(0);
  }
  close(pipe_ends[1]);
  size_t length = 0;
  ssize_t got;
  char discard[256];
  while ((got = read(pipe_ends[0], length < output_size - 1 ? output + length : discard,
                     length < output_size - 1 ? output_size - 1 - length : sizeof discard)) > 0) {
    if (length < output_size - 1) {
      length += (size_t)got;
    }
  }
  output[length] = '\0';
  close(pipe_ends[0]);
  int wait_status;
  if (waitpid(child, &wait_status, 0) != child) {
    return -1;
  }
  return wait_status;
}

int child_process_aborted_saying(int wait_status, const char *output, const char *expected) {
  return wait_status != -1 && WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGABRT &&
         strstr(output, expected) != NULL;
}

/* The child's result: its exit status, or 128 + the signal it died of. */
static int child_result(pid_t child) {
  int status;
  if (waitpid(child, &status, 0) != child) {
    return 255;
  }
  if (WIFSIGNALED(status)) {
    fprintf(stderr, "child died of signal %d\n", WTERMSIG(status));
    return 128 + WTERMSIG(status);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
}

int child_process_child_first(child_process_step act, child_process_step check, void *argument,
                              unsigned time_limit) {
  pid_t child = fork();
  if (child < 0) {
    return 255;
  }
  if (child == 0) {
    alarm(time_limit);
    _exit(act(argument));
  }
  int result = child_result(child);
  if (result == 0) {
    result = check(argument);
  }
  return result != 0 ? result : act(argument);
}

int child_process_parent_first(child_process_step act, child_process_step check, void *argument,
                               unsigned time_limit) {
  int go[2];
  if (pipe(go) != 0) {
    return 255;
  }
  pid_t child = fork();
  if (child < 0) {
    close(go[0]);
    close(go[1]);
    return 255;
  }
  if (child == 0) {
    alarm(time_limit);
    close(go[1]);
    char byte;
    int result = read(go[0], &byte, 1) == 1 ? check(argument) : 254;
    _exit(result != 0 ? result : act(argument));
  }
  close(go[0]);
  int result = act(argument);
  int told = write(go[1], "g", 1) == 1;
  close(go[1]);
  int child_said = child_result(child);
  if (result == 0 && !told) {
    result = 253;
  }
  return result != 0 ? result : child_said;
}
