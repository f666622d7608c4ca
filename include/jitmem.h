/* jitmem: the one chokepoint through which bytes become executable code.
 * Code is copied into pooled executable memory in a write window where
 * nothing is left to fail but the write itself, so no error path ever
 * leaves a thread writable.
 *
 * W^X, in space and in time. No page of code is ever writable and
 * executable at once, and outside write scopes nothing of jitmem is
 * writable at all. Linux: a pool's code lives in an anonymous file
 * (memfd_create, else an unlinked /dev/shm file) mapped read-execute only;
 * bytes go in with pwrite, and the only writable mappings are the views
 * behind jitmem_block_write_address, for the scope that asked for them.
 * One descriptor per pool that holds code. After code is written every
 * other core running a thread of the process executes a core-serializing
 * instruction (membarrier MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE,
 * where the kernel has it) before the code is handed out. macOS: MAP_JIT
 * memory, writable only to a thread in write mode
 * (pthread_jit_write_protect_np), never mprotected, flushed with
 * sys_icache_invalidate. A thread that runs code another thread
 * installed calls jitmem_sync_before_run first: macOS offers no barrier
 * like membarrier, and not every Linux kernel has it.
 *
 * fork(). Each process's code is its own after a fork: code installed
 * before it keeps running in both, whatever the other does. Around fork()
 * jitmem holds all its locks (pthread_atfork), so a child never finds one
 * held by a thread it does not have. On Linux the two processes share the
 * pages of code that existed at the fork; the first time a process writes
 * into such a region (an install into its free space, a patch, a write
 * address) it copies the region (64 KiB by default) to a file of its own
 * at the same addresses. Freeing a block there leaves its bytes alone
 * (the other process may run them) until then, and a region whose blocks
 * are all freed goes without a copy. A child that only runs code, frees
 * it, installs into new regions, or execs, copies nothing; the parent
 * pays one copy per region it writes into again. On macOS MAP_JIT memory
 * is private and fork() already copies it. fork() waits while another
 * thread holds write addresses; forking from inside a scope that holds
 * write addresses aborts with a message (the child would share code this
 * thread is writing). Hooks must not fork: they may run with a pool lock
 * held.
 *
 * Signals and longjmp. No signal handler or longjmp may leave a write
 * scope: the scope would stay open (on macOS the thread in write mode).
 * A handler that interrupts a thread inside a scope runs in write mode
 * and must not run generated code (jrx checks jitmem_thread_is_writable
 * and matches on its portable engine then).
 *
 * Other JITs on the same thread. On Linux jitmem changes no state of the
 * thread that another JIT could see. On macOS the write mode is one per
 * thread and Apple offers no way to read it, so the outermost
 * jitmem_write_end always returns the thread to execute mode: a JIT that
 * calls jitmem (jrx included) from inside its own write window must
 * switch back to write mode after it.
 *
 * Where there is no JIT. jitmem_probe and every install say why, as a
 * JITMEM_ERROR_NO_EXEC* code: iOS, tvOS, watchOS and Mac Catalyst, Intel
 * Macs and macOS before 11 (no per-thread write protection:
 * JITMEM_ERROR_NO_EXEC_UNSUPPORTED), a hardened-runtime binary without
 * the allow-jit entitlement (..._ENTITLEMENT), SELinux execmem, PaX or a
 * noexec /dev/shm (..._POLICY), Linux without memfd_create or /dev/shm
 * (..._MEMFD). jitmem's own code samples exist for arm64 and x86-64; jrx
 * generates A64 code and uses jitmem only on arm64 Linux and arm64
 * macOS. */
#ifndef JITMEM_H
#define JITMEM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(JITMEM_BUILDING_LIBRARY) && (defined(__GNUC__) || defined(__clang__))
#define JITMEM_EXPORT __attribute__((visibility("default")))
#else
#define JITMEM_EXPORT
#endif

/* Version of this header (jitmem ships inside libjrx and shares its version). */
#define JITMEM_VERSION_MAJOR 0
#define JITMEM_VERSION_MINOR 1
#define JITMEM_VERSION_PATCH 0
#define JITMEM_VERSION_STRING "0.1.0"

/* Status codes: JITMEM_OK or a negative error. The JITMEM_ERROR_NO_EXEC*
 * codes all mean "this process cannot get executable memory" and name the
 * reason; callers that have an interpreter fall back to it on any of them
 * (see jitmem_status_is_no_exec). */
enum {
  JITMEM_OK = 0,
  JITMEM_ERROR_NOMEMORY = -1,          /* malloc, address space, descriptors or a failure hook */
  JITMEM_ERROR_INVALID_ARGUMENT = -2,  /* NULL, zero size, out of range, unbalanced write scope */
  JITMEM_ERROR_NO_EXEC = -3,           /* refused for a reason not recognised below, or the probe ran wrong */
  JITMEM_ERROR_NO_EXEC_ENTITLEMENT = -4, /* macOS: MAP_JIT refused (EINVAL under the hardened runtime, EPERM from the code-signing monitor): allow-jit entitlement missing */
  JITMEM_ERROR_NO_EXEC_POLICY = -5,    /* PROT_EXEC refused (EACCES/EPERM): SELinux, PaX, noexec mount */
  JITMEM_ERROR_NO_EXEC_MEMFD = -6,     /* Linux: neither memfd_create nor a /dev/shm file is available */
  /* Apple: no per-thread write protection of JIT memory here (iOS, tvOS,
   * watchOS, Mac Catalyst, Intel Macs, macOS before 11), so W^X could not
   * be kept: no JIT. (-7 to -9 are left out: jrx carries jitmem's codes
   * alongside its own, whose -7 is out of memory.) */
  JITMEM_ERROR_NO_EXEC_UNSUPPORTED = -10
};

/* Text for any status code (a fixed string; unknown codes get a generic one). */
JITMEM_EXPORT const char *jitmem_status_message(int status);

/* 1 if status is one of the JITMEM_ERROR_NO_EXEC* codes, else 0. */
JITMEM_EXPORT int jitmem_status_is_no_exec(int status);

/* The system calls a failure hook can refuse. */
typedef enum jitmem_system_call {
  JITMEM_SYSTEM_CALL_MMAP = 1,       /* every mmap that maps new address space */
  JITMEM_SYSTEM_CALL_MEMFD_CREATE,   /* Linux */
  JITMEM_SYSTEM_CALL_SHM_FILE,       /* Linux fallback: creating an unlinked file in /dev/shm */
  JITMEM_SYSTEM_CALL_FTRUNCATE,      /* Linux */
  /* Linux: an mmap with MAP_FIXED over pages of code already mapped (the
   * remaps qemu user mode needs). A refusal acts as the worst kernels do:
   * the old pages are unmapped, then the call fails. */
  JITMEM_SYSTEM_CALL_MMAP_FIXED,
  /* Linux: membarrier, registering for and issuing the barrier that makes
   * every core running this process's threads see newly written code. */
  JITMEM_SYSTEM_CALL_MEMBARRIER,
  /* Linux: pwrite of code or trap instructions into a region's file (no
   * mapping of code is writable; see "W^X over time" below). */
  JITMEM_SYSTEM_CALL_PWRITE
} jitmem_system_call;

/* Allocation hooks, copied at pool creation. malloc and free are both set
 * or both NULL (NULL means the C library's). fail, if set, is consulted
 * before each system call above; returning nonzero makes that call fail as
 * if with ENOMEM. user is passed to all three. */
typedef struct jitmem_hooks {
  void *(*malloc)(void *user, size_t size);
  void (*free)(void *user, void *pointer);
  int (*fail)(void *user, jitmem_system_call call);
  void *user;
} jitmem_hooks;

typedef struct jitmem_pool jitmem_pool;   /* executable memory shared by many blocks */
typedef struct jitmem_block jitmem_block; /* one installed piece of code */

/* Counters of a pool, for tests and diagnostics. */
typedef struct jitmem_pool_stats {
  size_t mapped_bytes;       /* executable address space held (a dual-mapped region counts once) */
  size_t used_bytes;         /* bytes reserved by live blocks, alignment padding included */
  size_t block_count;        /* live blocks */
  size_t chunk_count;        /* shared chunks, the spare empty one included */
  size_t large_region_count; /* regions holding one block larger than a chunk */
} jitmem_pool_stats;

/* Tries to get executable memory here the way pools do (map one page,
 * install a function returning 42, run it, unmap) and returns JITMEM_OK or
 * why it cannot: JITMEM_ERROR_NOMEMORY or a JITMEM_ERROR_NO_EXEC* code.
 * hooks may be NULL. JITMEM_ERROR_INVALID_ARGUMENT inside a write scope,
 * where this thread may not run code. */
JITMEM_EXPORT int jitmem_probe(const jitmem_hooks *hooks);

/* Creates a pool. hooks may be NULL. chunk_size is the size of the shared
 * chunks small blocks are carved from, rounded up to whole pages; 0 picks
 * the default (64 KiB). Blocks larger than a chunk get a region of their
 * own. Returns JITMEM_OK and stores the pool, or an error and stores NULL. */
JITMEM_EXPORT int jitmem_pool_create(const jitmem_hooks *hooks, size_t chunk_size,
                                     jitmem_pool **pool_out);

/* Frees every block of the pool and returns all its memory. No code of the
 * pool may be running and no other thread may use it. NULL and the default
 * pool are ignored. */
JITMEM_EXPORT void jitmem_pool_destroy(jitmem_pool *pool);

/* The process-wide pool (default hooks and chunk size), created on first
 * use; a failed creation is retried on the next call. Never destroyed. */
JITMEM_EXPORT int jitmem_default_pool(jitmem_pool **pool_out);

/* Unmaps the spare empty chunk a pool keeps to avoid remapping churn. */
JITMEM_EXPORT void jitmem_pool_trim(jitmem_pool *pool);

/* Fills stats with the pool's current counters. */
JITMEM_EXPORT int jitmem_pool_get_stats(jitmem_pool *pool, jitmem_pool_stats *stats);

/* Installs size bytes of finished machine code: reserves 16-byte aligned
 * executable space in pool (NULL: the default pool), copies the code in a
 * write window, flushes the instruction cache and stores the block handle
 * and the address to call. Thread-safe. On error nothing is installed. */
JITMEM_EXPORT int jitmem_install(jitmem_pool *pool, const void *code, size_t size,
                                 jitmem_block **block_out, void **entry_out);

/* Releases a block; its bytes become trap instructions and may be reused
 * (after fork(), in a region this process has not copied yet, they keep
 * their code until it does: see fork() above). Never allocates and cannot
 * fail. No thread may still run its code. NULL is ignored. */
JITMEM_EXPORT void jitmem_free(jitmem_block *block);

/* The address to call, and the number of code bytes, of a block. */
JITMEM_EXPORT void *jitmem_block_entry(const jitmem_block *block);
JITMEM_EXPORT size_t jitmem_block_size(const jitmem_block *block);

/* Call on a thread after it learned of code that another thread
 * installed, patched or flushed (through any synchronization: a mutex,
 * an atomic, a queue), before running it. On arm64 it executes an ISB
 * when code was committed anywhere in the process since this thread's
 * last call: Arm's and Apple's rules for cross-modifying code ask each
 * core that runs new code for a context synchronization event, or it may
 * run instructions it fetched before (say, of a freed block whose space
 * the new one reuses). Elsewhere it only keeps count. Returns 1 if code
 * was committed since this thread's last call (before its first: since
 * the process started), else 0. Two loads and a compare when nothing
 * changed; jrx calls it before every search that runs generated code. */
JITMEM_EXPORT int jitmem_sync_before_run(void);

/* Opens a write scope on this thread: until the matching jitmem_write_end,
 * addresses from jitmem_block_write_address may be written and this
 * thread must not run generated code. Scopes nest per thread; only the
 * outermost end returns the thread to execute mode (see "Other JITs" and
 * "Signals and longjmp" above). Cannot fail. */
JITMEM_EXPORT void jitmem_write_begin(void);

/* Closes the innermost write scope of this thread. Returns
 * JITMEM_ERROR_INVALID_ARGUMENT (thread stays in execute mode) if none is
 * open. */
JITMEM_EXPORT int jitmem_write_end(void);

/* 1 while this thread is inside a write scope, else 0. */
JITMEM_EXPORT int jitmem_thread_is_writable(void);

/* The writable address of byte offset of a block, for this thread's
 * current write scope: it stays writable until the outermost
 * jitmem_write_end of this thread (outside write scopes nothing of jitmem
 * is writable), so ask for it inside the scope, write, end the scope and
 * call jitmem_flush before running the changed code. Don't free the block
 * before that end. NULL if block is NULL, offset >= its size, no write
 * scope is open on this thread, or the write view cannot be mapped (out
 * of memory; or the block may not be written any more after a failed
 * jitmem_flush). */
JITMEM_EXPORT void *jitmem_block_write_address(const jitmem_block *block, size_t offset);

/* Makes bytes [offset, offset + size) of a block, changed through its
 * write address, visible to instruction fetch. Call it after the write
 * scope is closed. JITMEM_ERROR_NOMEMORY where the host needs a remap for
 * that (qemu user mode) and it failed: which code the block holds is then
 * unknown, and it must not run again; free it. */
JITMEM_EXPORT int jitmem_flush(jitmem_block *block, size_t offset, size_t size);

/* Copies size bytes over [offset, offset + size) of a block inside a write
 * scope and flushes them: jitmem_write_begin, copy, jitmem_write_end,
 * jitmem_flush, with jitmem_flush's errors. No thread may run the patched
 * bytes meanwhile. */
JITMEM_EXPORT int jitmem_patch(jitmem_block *block, size_t offset, const void *bytes,
                               size_t size);

#ifdef __cplusplus
}
#endif

#endif
