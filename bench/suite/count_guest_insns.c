/* count_guest_insns: the guest instructions a program executes under
 * qemu-user, for the benchmark's instructions-per-byte column. A host tool
 * (bench/run.sh builds it with the host compiler), not part of jrx.
 *
 * Debian 12's qemu-user accepts TCG plugins (-plugin), but no Debian 12
 * package ships qemu-plugin.h, so a counting plugin cannot be built from
 * packaged sources. qemu's own logging gives the same number: "-d in_asm"
 * lists each translation block (TB) once, when it is translated, and
 * "-d exec,nochain" logs a line every time a TB runs (nochain stops TBs
 * from jumping to each other without coming back to the logged loop). The
 * sum over TB runs of each TB's instruction count is the executed guest
 * instruction count. The log goes through a FIFO and never touches disk.
 *
 * Usage: count_guest_insns QEMU [QEMU_ARGS...] -- PROGRAM [ARGS...]
 * Prints "guest_instructions=N" on stderr; exits with the program's status.
 * With COUNT_GUEST_INSNS_PROFILE=FILE in the environment it also writes
 * FILE, a line "ADDRESS INSTRUCTIONS" (hex, decimal) per TB start address
 * with the guest instructions executed in TBs starting there, for
 * profile_guest_insns.py to attribute to symbols. */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Open-addressing table from TB start address to its instruction count.
 * A retranslated TB replaces the old count: the log is read in order, so
 * every run line follows the translation that is current. */
typedef struct tb_table {
  uint64_t *addresses; /* 0 marks an empty slot; guest code is never at 0 */
  uint32_t *sizes;
  uint64_t *executed;  /* instructions executed in the TBs starting there */
  size_t capacity;     /* a power of two */
  size_t used;
} tb_table;

static size_t tb_slot(const tb_table *table, uint64_t address) {
  size_t slot = (size_t)((address * 0x9e3779b97f4a7c15u) >> 20) & (table->capacity - 1);
  while (table->addresses[slot] != 0 && table->addresses[slot] != address) {
    slot = (slot + 1) & (table->capacity - 1);
  }
  return slot;
}

static int tb_table_init(tb_table *table, size_t capacity) {
  table->addresses = calloc(capacity, sizeof *table->addresses);
  table->sizes = calloc(capacity, sizeof *table->sizes);
  table->executed = calloc(capacity, sizeof *table->executed);
  table->capacity = capacity;
  table->used = 0;
  return table->addresses != NULL && table->sizes != NULL && table->executed != NULL ? 0 : -1;
}

static void tb_table_free(tb_table *table) {
  free(table->addresses);
  free(table->sizes);
  free(table->executed);
}

static int tb_table_grow(tb_table *table) {
  tb_table bigger;
  if (tb_table_init(&bigger, table->capacity * 2) != 0) {
    tb_table_free(&bigger);
    return -1;
  }
  for (size_t slot = 0; slot < table->capacity; slot++) {
    if (table->addresses[slot] != 0) {
      size_t target = tb_slot(&bigger, table->addresses[slot]);
      bigger.addresses[target] = table->addresses[slot];
      bigger.sizes[target] = table->sizes[slot];
      bigger.executed[target] = table->executed[slot];
      bigger.used++;
    }
  }
  tb_table_free(table);
  *table = bigger;
  return 0;
}

/* Slot for address, inserted with size 0 when new; NULL when out of memory. */
static uint32_t *tb_table_entry(tb_table *table, uint64_t address) {
  if (2 * (table->used + 1) > table->capacity && tb_table_grow(table) != 0) {
    return NULL;
  }
  size_t slot = tb_slot(table, address);
  if (table->addresses[slot] == 0) {
    table->addresses[slot] = address;
    table->sizes[slot] = 0;
    table->used++;
  }
  return &table->sizes[slot];
}

/* Writes the profile: each TB start address that ran, with its instructions. */
static int write_profile(const tb_table *table, const char *path) {
  FILE *profile = fopen(path, "w");
  if (profile == NULL) {
    return -1;
  }
  for (size_t slot = 0; slot < table->capacity; slot++) {
    if (table->addresses[slot] != 0 && table->executed[slot] != 0) {
      fprintf(profile, "%" PRIx64 " %" PRIu64 "\n", table->addresses[slot], table->executed[slot]);
    }
  }
  return fclose(profile) == 0 ? 0 : -1;
}

/* Reads the log; returns 0 and the total, or -1 on a malformed log or an
 * unwritable profile (profile_path NULL: none). */
static int count_log(FILE *log, const char *profile_path, uint64_t *total) {
  tb_table table;
  if (tb_table_init(&table, 1u << 16) != 0) {
    tb_table_free(&table);
    return -1;
  }
  char line[1024];
  uint32_t *listing = NULL; /* the TB whose instructions in_asm is listing */
  int status = 0;
  *total = 0;
  while (status == 0 && fgets(line, sizeof line, log) != NULL) {
    if (strncmp(line, "Trace ", 6) == 0) {
      listing = NULL;
      /* Trace 0: HOSTPTR [CS_BASE/PC/FLAGS/CFLAGS] SYMBOL */
      const char *fields = strchr(line, '[');
      const char *pc = fields != NULL ? strchr(fields, '/') : NULL;
      uint32_t *size = pc != NULL ? tb_table_entry(&table, strtoull(pc + 1, NULL, 16)) : NULL;
      if (size == NULL || *size == 0) {
        status = -1; /* a run of a TB that was never listed */
      } else {
        *total += *size;
        table.executed[size - table.sizes] += *size;
      }
    } else if (strncmp(line, "IN:", 3) == 0) {
      listing = NULL;
    } else if (strncmp(line, "0x", 2) == 0 && strstr(line, ":  ") != NULL) {
      if (listing == NULL) {
        listing = tb_table_entry(&table, strtoull(line, NULL, 16));
        if (listing == NULL) {
          status = -1;
          break;
        }
        *listing = 0;
      }
      (*listing)++;
    }
  }
  if (status == 0 && profile_path != NULL) {
    status = write_profile(&table, profile_path);
  }
  tb_table_free(&table);
  return status;
}

int main(int argc, char **argv) {
  int separator = 1;
  while (separator < argc && strcmp(argv[separator], "--") != 0) {
    separator++;
  }
  if (separator == 1 || separator + 1 >= argc) {
    fprintf(stderr, "usage: count_guest_insns QEMU [QEMU_ARGS...] -- PROGRAM [ARGS...]\n");
    return 2;
  }
  char directory[] = "/tmp/count_guest_insns.XXXXXX";
  if (mkdtemp(directory) == NULL) {
    perror("mkdtemp");
    return 2;
  }
  char fifo[sizeof directory + 16];
  snprintf(fifo, sizeof fifo, "%s/log", directory);
  if (mkfifo(fifo, 0600) != 0) {
    perror("mkfifo");
    rmdir(directory);
    return 2;
  }
  /* qemu's arguments, then the logging ones, then the program and its. */
  char **command = calloc((size_t)argc + 8, sizeof *command);
  pid_t child = -1;
  if (command != NULL) {
    int used = 0;
    for (int index = 1; index < separator; index++) {
      command[used++] = argv[index];
    }
    command[used++] = "-d";
    command[used++] = "in_asm,exec,nochain";
    command[used++] = "-D";
    command[used++] = fifo;
    for (int index = separator + 1; index < argc; index++) {
      command[used++] = argv[index];
    }
    child = fork();
    if (child == 0) {
      execvp(command[0], command);
      perror(command[0]);
      _exit(127);
    }
  }
  int exit_code = 2;
  uint64_t total = 0;
  FILE *log = child > 0 ? fopen(fifo, "r") : NULL;
  if (log != NULL) {
    /* qemu writes one line per write(); a large pipe and buffer keep it
     * from waiting on this reader after every line. Both are best-effort. */
    (void)fcntl(fileno(log), F_SETPIPE_SZ, 1 << 20);
    (void)setvbuf(log, NULL, _IOFBF, 1 << 20);
  }
  int counted = log != NULL ? count_log(log, getenv("COUNT_GUEST_INSNS_PROFILE"), &total) : -1;
  if (log != NULL) {
    fclose(log);
  }
  int wait_status = 0;
  if (child > 0 && waitpid(child, &wait_status, 0) == child && WIFEXITED(wait_status)) {
    exit_code = WEXITSTATUS(wait_status);
  }
  free(command);
  unlink(fifo);
  rmdir(directory);
  if (counted != 0) {
    fprintf(stderr, "count_guest_insns: could not read qemu's log\n");
    return 2;
  }
  fprintf(stderr, "guest_instructions=%" PRIu64 "\n", total);
  return exit_code;
}
