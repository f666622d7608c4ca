/* pool: runs the searches of a jrxgrep run, either one after another on
 * the calling thread or on a pool of worker threads. With workers every
 * input's stdout and stderr are captured until its turn and printed in
 * the order the inputs were handed in, so output is byte for byte what
 * the one-thread walk prints; the calling thread walks, hands in inputs
 * and prints. */
#ifndef JRXGREP_POOL_H
#define JRXGREP_POOL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "matcher.h"
#include "output.h"
#include "search.h"

struct pool_slot;

struct pool_worker {
  struct pool *pool;
  pthread_t thread;
  struct matcher *matcher; /* shares the pool's programs; NULL: the pool's matcher */
};

struct pool {
  const struct search_run *run;
  struct output *output;         /* the real stdout */
  const struct matcher *matcher; /* for searches made on the calling thread */
  struct search_result results;  /* of the inputs printed so far, in order */
  /* Only with workers: */
  struct pool_worker *workers;
  size_t worker_count;
  pthread_mutex_t lock;
  pthread_cond_t work_ready, slot_done;
  struct pool_slot **ring; /* inputs handed in and not yet printed */
  size_t capacity;
  size_t submitted, claimed, printed; /* counts since the start */
  size_t wake_at; /* the slot whose end the calling thread waits for */
  atomic_size_t flushed; /* slots printed completely (read without the lock) */
  bool closing;
  atomic_size_t quit_at;        /* see searcher.quit_at */
  struct pool_slot *walk_slot;  /* collects the calling thread's diagnostics */
};

/* Prepares a pool of thread_count workers (0: search on the calling
 * thread). Workers share matcher's compiled patterns, each with match
 * data of its own (matcher_create_for_thread). When threads or memory for
 * them are lacking, the searches run on the calling thread instead:
 * slower, same output. */
void pool_start(struct pool *pool, const struct search_run *run, const struct matcher *matcher,
               struct output *output, size_t thread_count);

/* Searches the file at path (NULL: standard input), called name. */
void pool_search(struct pool *pool, const char *path, const char *name, bool show_name);

/* Whether -q has selected a line, so nothing handed in later matters. */
bool pool_stopped(struct pool *pool);

/* Waits for every search, prints what is left, stops the workers and
 * returns the results of the whole run. */
void pool_finish(struct pool *pool, struct search_result *results);

#endif
