/* pool: a ring of slots in hand-in order. A worker claims the oldest
 * waiting slot, searches it into the slot's capture and marks it done;
 * the calling thread prints done slots from the oldest on, and waits for
 * one when the ring is full, which bounds the number of inputs held. A
 * worker whose slot becomes the oldest unprinted one (everything before
 * it is printed, and nothing after it can be until it is done) prints
 * what it captured and writes the rest directly, so one input's output is
 * never held whole. Standard input is searched on the calling thread (in
 * its slot, in order), so repeated "-" operands read it in turn. */
#include "pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "report.h"

enum { POOL_SLOTS_PER_WORKER = 16 };

enum slot_state { SLOT_WAITING, SLOT_TAKEN, SLOT_DONE };

struct pool_slot {
  enum slot_state state; /* guarded by pool->lock */
  size_t index;          /* in hand-in order */
  char *path;            /* NULL: standard input */
  char *name;
  bool show_name;
  bool used;     /* the search output a group of lines */
  bool streamed; /* its worker printed it (see pool_checkpoint) */
  struct capture capture;
  struct search_result result;
};

static void pool_slot_free(struct pool_slot *slot) {
  if (slot) {
    capture_free(&slot->capture);
    free(slot->path);
    free(slot->name);
    free(slot);
  }
}

/* One slot being searched: the searcher comes first so that the
 * checkpoint can find the rest. */
struct pool_job {
  struct searcher searcher;
  struct output output;
  struct pool *pool;
  struct pool_slot *slot;
};

/* Writes a capture to the real stdout and stderr: bytes and diagnostics
 * interleaved as produced, "--" where a group needs one after the output
 * of earlier inputs. Only the thread that holds the printing turn calls it. */
static void pool_replay(struct pool *pool, const struct capture *capture) {
  size_t written = 0;
  for (size_t i = 0; i < capture->event_count; i++) {
    const struct capture_event *event = &capture->events[i];
    fwrite(capture->bytes + written, 1, event->offset - written, pool->output->stream);
    written = event->offset;
    if (event->kind == CAPTURE_SEPARATOR) {
      if (pool->output->used) {
        output_group_separator(pool->output);
      }
    } else {
      report_replay(event->text, event->error);
    }
  }
  fwrite(capture->bytes + written, 1, capture->length - written, pool->output->stream);
  if (capture->failed) {
    report_replay("memory exhausted", true);
  }
}

/* The searcher's hook between blocks: gives up an input once -q matched
 * in an earlier one, and takes the printing turn when the slot is the
 * oldest unprinted one. The calling thread then neither prints nor
 * touches pool->output until this slot is done, and everything it
 * printed before comes before this (release and acquire on flushed). */
static bool pool_checkpoint(struct searcher *searcher) {
  struct pool_job *job = (struct pool_job *)searcher;
  struct pool *pool = job->pool;
  struct pool_slot *slot = job->slot;
  if (atomic_load(&pool->quit_at) < slot->index) {
    return false;
  }
  if (slot->streamed) {
    return true;
  }
  if (atomic_load_explicit(&pool->flushed, memory_order_acquire) == slot->index) {
    capture_close(&slot->capture);
    pool_replay(pool, &slot->capture);
    capture_free(&slot->capture);
    report_divert_to(NULL);
    job->output.stream = pool->output->stream;
    job->output.capture = NULL;
    job->output.used = job->output.used || pool->output->used;
    slot->streamed = true;
  }
  return true;
}

/* Searches one slot on the current thread, into its capture until it may
 * print directly; the thread's diagnostics then go to diversion again. */
static void pool_search_slot(struct pool *pool, struct pool_slot *slot,
                             const struct matcher *matcher, struct capture *diversion) {
  if (capture_open(&slot->capture) != 0) {
    slot->capture.failed = true;
    return;
  }
  /* Not a copy of *pool->output: its used flag changes as slots print. */
  struct pool_job job = {
      .searcher = {.run = pool->run, .matcher = matcher, .checkpoint = pool_checkpoint},
      .output = {.options = pool->output->options,
                 .colors = pool->output->colors,
                 .stream = slot->capture.stream,
                 .capture = &slot->capture},
      .pool = pool,
      .slot = slot};
  job.searcher.output = &job.output;
  report_divert_to(&slot->capture);
  if (atomic_load(&pool->quit_at) > slot->index) {
    input_search(&job.searcher, slot->path, slot->name, slot->show_name, &slot->result);
  }
  report_divert_to(diversion);
  capture_close(&slot->capture);
  slot->used = job.output.used;
  if (slot->result.quit) {
    size_t earliest = atomic_load(&pool->quit_at);
    while (slot->index < earliest &&
           !atomic_compare_exchange_weak(&pool->quit_at, &earliest, slot->index)) {
    }
  }
}

static void *pool_work(void *argument) {
  struct pool_worker *worker = argument;
  struct pool *pool = worker->pool;
  /* Out of memory here only costs speed: the shared matcher works too,
   * through the few match data each pattern caches for jrx_match. */
  worker->matcher = matcher_create_for_thread(pool->matcher);
  const struct matcher *matcher = worker->matcher ? worker->matcher : pool->matcher;
  pthread_mutex_lock(&pool->lock);
  for (;;) {
    /* Slots before printed are gone; those not waiting belong to others. */
    if (pool->claimed < pool->printed) {
      pool->claimed = pool->printed;
    }
    while (pool->claimed < pool->submitted &&
           pool->ring[pool->claimed % pool->capacity]->state != SLOT_WAITING) {
      pool->claimed++;
    }
    if (pool->claimed == pool->submitted) {
      if (pool->closing) {
        break;
      }
      pthread_cond_wait(&pool->work_ready, &pool->lock);
      continue;
    }
    struct pool_slot *slot = pool->ring[pool->claimed++ % pool->capacity];
    slot->state = SLOT_TAKEN;
    pthread_mutex_unlock(&pool->lock);
    pool_search_slot(pool, slot, matcher, NULL);
    pthread_mutex_lock(&pool->lock);
    slot->state = SLOT_DONE;
    /* The calling thread waits for one slot at a time: waking it for
     * another would cost a futex round trip for nothing. */
    if (slot->index == pool->wake_at) {
      pthread_cond_signal(&pool->slot_done);
    }
  }
  pthread_mutex_unlock(&pool->lock);
  return NULL;
}

/* Writes a slot's capture to the real stdout and stderr and takes in its
 * results; after a -q match nothing more is printed. */
static void pool_print_slot(struct pool *pool, struct pool_slot *slot) {
  if (pool->results.quit) {
    return;
  }
  if (!slot->streamed) {
    pool_replay(pool, &slot->capture);
  }
  pool->output->used = pool->output->used || slot->used;
  pool->results.selected = pool->results.selected || slot->result.selected;
  pool->results.quit = slot->result.quit;
}

/* Prints the oldest slots that are done, first waiting until at least
 * until of them have been printed. Called with the lock held, only by the
 * calling thread; a slot leaves the ring before the lock is let go, so no
 * worker looks at it while it is printed and freed. Workers finish slots
 * about in the order they claimed them, so the thread sleeps until the
 * last slot it needs is done, not the oldest: one wake-up then serves a
 * run of slots, where waiting for each would cost a futex round trip per
 * input (trees of small files have thousands). */
static void pool_print_ready(struct pool *pool, size_t until) {
  while (pool->printed < pool->submitted) {
    struct pool_slot *slot = pool->ring[pool->printed % pool->capacity];
    if (slot->state != SLOT_DONE) {
      if (pool->printed >= until) {
        return;
      }
      size_t last = until - 1;
      while (last > pool->printed && pool->ring[last % pool->capacity]->state == SLOT_DONE) {
        last--;
      }
      pool->wake_at = last;
      pthread_cond_wait(&pool->slot_done, &pool->lock);
      continue;
    }
    pool->printed++;
    pthread_mutex_unlock(&pool->lock);
    pool_print_slot(pool, slot);
    pool_slot_free(slot);
    atomic_fetch_add_explicit(&pool->flushed, 1, memory_order_release);
    pthread_mutex_lock(&pool->lock);
  }
}

/* Appends a slot, printing whatever is ready; when the ring is full,
 * first waiting until half of it is printed, so that the walk sleeps once
 * per half ring rather than once per input. */
static void pool_append(struct pool *pool, struct pool_slot *slot) {
  pthread_mutex_lock(&pool->lock);
  size_t must_be_printed = pool->submitted - pool->printed >= pool->capacity
                               ? pool->submitted - pool->capacity / 2
                               : 0;
  pool_print_ready(pool, must_be_printed);
  slot->index = pool->submitted;
  pool->ring[pool->submitted++ % pool->capacity] = slot;
  if (slot->state == SLOT_WAITING) {
    pthread_cond_signal(&pool->work_ready);
  }
  pool_print_ready(pool, 0);
  pthread_mutex_unlock(&pool->lock);
}

/* A fresh slot to collect the calling thread's diagnostics. */
static int pool_open_walk_slot(struct pool *pool) {
  pool->walk_slot = calloc(1, sizeof *pool->walk_slot);
  if (!pool->walk_slot || capture_open(&pool->walk_slot->capture) != 0) {
    pool_slot_free(pool->walk_slot);
    pool->walk_slot = NULL;
  }
  report_divert_to(pool->walk_slot ? &pool->walk_slot->capture : NULL);
  return pool->walk_slot ? 0 : -1;
}

/* Hands in the diagnostics collected so far, so that they keep their
 * place before the next input. */
static void pool_flush_walk_slot(struct pool *pool, bool reopen) {
  struct pool_slot *slot = pool->walk_slot;
  if (!slot || (reopen && capture_is_empty(&slot->capture))) {
    return;
  }
  report_divert_to(NULL);
  capture_close(&slot->capture);
  slot->state = SLOT_DONE;
  pool->walk_slot = NULL;
  pool_append(pool, slot);
  if (reopen && pool_open_walk_slot(pool) != 0) {
    report_error("memory exhausted");
  }
}

/* Lets the workers finish what was handed in, then ends them. */
static void pool_stop_workers(struct pool *pool) {
  pthread_mutex_lock(&pool->lock);
  pool->closing = true;
  pthread_cond_broadcast(&pool->work_ready);
  pthread_mutex_unlock(&pool->lock);
  for (size_t i = 0; i < pool->worker_count; i++) {
    pthread_join(pool->workers[i].thread, NULL);
    matcher_free(pool->workers[i].matcher);
  }
  free(pool->workers);
  pool->workers = NULL;
  pool->worker_count = 0;
}

static void pool_start_workers(struct pool *pool, size_t thread_count) {
  pool->capacity = thread_count * POOL_SLOTS_PER_WORKER;
  pool->ring = calloc(pool->capacity, sizeof *pool->ring);
  pool->workers = calloc(thread_count, sizeof *pool->workers);
  if (!pool->ring || !pool->workers) {
    free(pool->ring);
    free(pool->workers);
    pool->ring = NULL;
    pool->workers = NULL;
    return;
  }
  pthread_mutex_init(&pool->lock, NULL);
  pthread_cond_init(&pool->work_ready, NULL);
  pthread_cond_init(&pool->slot_done, NULL);
  for (size_t i = 0; i < thread_count; i++) {
    pool->workers[i].pool = pool;
    if (pthread_create(&pool->workers[i].thread, NULL, pool_work, &pool->workers[i]) != 0) {
      break;
    }
    pool->worker_count++;
  }
  if (pool->worker_count == 0) {
    pool_stop_workers(pool);
  } else if (pool_open_walk_slot(pool) != 0) {
    report_error("memory exhausted");
  }
}

void pool_start(struct pool *pool, const struct search_run *run, const struct matcher *matcher,
               struct output *output, size_t thread_count) {
  memset(pool, 0, sizeof *pool);
  pool->run = run;
  pool->matcher = matcher;
  pool->output = output;
  pool->wake_at = SIZE_MAX;
  atomic_init(&pool->quit_at, SIZE_MAX);
  atomic_init(&pool->flushed, 0);
  if (thread_count > 0) {
    pool_start_workers(pool, thread_count);
  }
}

static void pool_search_here(struct pool *pool, const char *path, const char *name,
                             bool show_name) {
  struct searcher searcher = {.run = pool->run, .matcher = pool->matcher, .output = pool->output};
  struct search_result result = {0};
  input_search(&searcher, path, name, show_name, &result);
  pool->results.selected = pool->results.selected || result.selected;
  pool->results.quit = result.quit;
}

void pool_search(struct pool *pool, const char *path, const char *name, bool show_name) {
  if (pool->worker_count == 0) {
    pool_search_here(pool, path, name, show_name);
    return;
  }
  pool_flush_walk_slot(pool, true);
  struct pool_slot *slot = calloc(1, sizeof *slot);
  if (slot) {
    slot->path = path ? strdup(path) : NULL;
    slot->name = strdup(name);
  }
  if (!slot || (path && !slot->path) || !slot->name) {
    pool_slot_free(slot);
    report_error("memory exhausted");
    return;
  }
  slot->show_name = show_name;
  slot->state = path ? SLOT_WAITING : SLOT_TAKEN;
  pool_append(pool, slot);
  if (!path) {
    pool_search_slot(pool, slot, pool->matcher,
                     pool->walk_slot ? &pool->walk_slot->capture : NULL);
    pthread_mutex_lock(&pool->lock);
    slot->state = SLOT_DONE;
    pool_print_ready(pool, 0);
    pthread_mutex_unlock(&pool->lock);
  }
}

bool pool_stopped(struct pool *pool) {
  return pool->results.quit || atomic_load(&pool->quit_at) != SIZE_MAX;
}

void pool_finish(struct pool *pool, struct search_result *results) {
  if (pool->ring) {
    if (pool->worker_count > 0) {
      pool_flush_walk_slot(pool, false);
      pthread_mutex_lock(&pool->lock);
      pool_print_ready(pool, pool->submitted);
      pthread_mutex_unlock(&pool->lock);
      pool_stop_workers(pool);
    }
    free(pool->ring);
    pthread_cond_destroy(&pool->work_ready);
    pthread_cond_destroy(&pool->slot_done);
    pthread_mutex_destroy(&pool->lock);
  }
  *results = pool->results;
}
