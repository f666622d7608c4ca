/* child_process (tests): fork, a pipe for stderr, read to the end, wait. */
#define _DEFAULT_SOURCE /* fork, pipe, dup2 under -std=c11 */

#include "child_process.h"

#include <signal.h>
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
