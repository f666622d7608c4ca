/* options: getopt_long-based parsing with GNU grep's spellings, argument
 * permutation and its -NUM context shorthand. Numbers are validated here
 * so the rest of the program never sees a malformed value. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "usage.h"

enum {
  OPTION_BINARY_FILES = 256,
  OPTION_COLOR,
  OPTION_EXCLUDE,
  OPTION_EXCLUDE_DIR,
  OPTION_EXCLUDE_FROM,
  OPTION_GROUP_SEPARATOR,
  OPTION_HELP,
  OPTION_INCLUDE,
  OPTION_LABEL,
  OPTION_LINE_BUFFERED,
  OPTION_NO_GROUP_SEPARATOR,
  OPTION_NO_IGNORE_CASE,
  OPTION_UCP
};

static const char short_options[] = "0123456789A:B:C:D:FHILPRTUVZabcd:e:f:hij:lm:noqrsvwxyz";

static const struct option long_options[] = {
    {"after-context", required_argument, NULL, 'A'},
    {"before-context", required_argument, NULL, 'B'},
    {"binary", no_argument, NULL, 'U'},
    {"binary-files", required_argument, NULL, OPTION_BINARY_FILES},
    {"byte-offset", no_argument, NULL, 'b'},
    {"color", optional_argument, NULL, OPTION_COLOR},
    {"colour", optional_argument, NULL, OPTION_COLOR},
    {"context", required_argument, NULL, 'C'},
    {"count", no_argument, NULL, 'c'},
    {"dereference-recursive", no_argument, NULL, 'R'},
    {"devices", required_argument, NULL, 'D'},
    {"directories", required_argument, NULL, 'd'},
    {"exclude", required_argument, NULL, OPTION_EXCLUDE},
    {"exclude-dir", required_argument, NULL, OPTION_EXCLUDE_DIR},
    {"exclude-from", required_argument, NULL, OPTION_EXCLUDE_FROM},
    {"file", required_argument, NULL, 'f'},
    {"files-with-matches", no_argument, NULL, 'l'},
    {"files-without-match", no_argument, NULL, 'L'},
    {"fixed-strings", no_argument, NULL, 'F'},
    {"group-separator", required_argument, NULL, OPTION_GROUP_SEPARATOR},
    {"help", no_argument, NULL, OPTION_HELP},
    {"ignore-case", no_argument, NULL, 'i'},
    {"include", required_argument, NULL, OPTION_INCLUDE},
    {"initial-tab", no_argument, NULL, 'T'},
    {"invert-match", no_argument, NULL, 'v'},
    {"label", required_argument, NULL, OPTION_LABEL},
    {"line-buffered", no_argument, NULL, OPTION_LINE_BUFFERED},
    {"line-number", no_argument, NULL, 'n'},
    {"line-regexp", no_argument, NULL, 'x'},
    {"max-count", required_argument, NULL, 'm'},
    {"no-filename", no_argument, NULL, 'h'},
    {"no-group-separator", no_argument, NULL, OPTION_NO_GROUP_SEPARATOR},
    {"no-ignore-case", no_argument, NULL, OPTION_NO_IGNORE_CASE},
    {"no-messages", no_argument, NULL, 's'},
    {"null", no_argument, NULL, 'Z'},
    {"null-data", no_argument, NULL, 'z'},
    {"only-matching", no_argument, NULL, 'o'},
    {"perl-regexp", no_argument, NULL, 'P'},
    {"quiet", no_argument, NULL, 'q'},
    {"recursive", no_argument, NULL, 'r'},
    {"regexp", required_argument, NULL, 'e'},
    {"silent", no_argument, NULL, 'q'},
    {"text", no_argument, NULL, 'a'},
    {"threads", required_argument, NULL, 'j'},
    {"ucp", no_argument, NULL, OPTION_UCP},
    {"version", no_argument, NULL, 'V'},
    {"with-filename", no_argument, NULL, 'H'},
    {"word-regexp", no_argument, NULL, 'w'},
    {NULL, 0, NULL, 0}};

/* Parses a non-negative decimal count; values too large saturate, as a
 * context or max count that large is the same as no limit. */
static bool options_parse_count(const char *text, intmax_t *value) {
  if (*text == '\0') {
    return false;
  }
  intmax_t result = 0;
  for (const char *p = text; *p; p++) {
    if (*p < '0' || *p > '9') {
      return false;
    }
    int digit = *p - '0';
    result = result > (INTMAX_MAX - digit) / 10 ? INTMAX_MAX : result * 10 + digit;
  }
  *value = result;
  return true;
}

static bool options_parse_context(const char *text, intmax_t *value) {
  if (!options_parse_count(text, value)) {
    report_error("%s: invalid context length argument", text);
    return false;
  }
  return true;
}

static bool options_parse_color(const char *when, bool *color) {
  if (!when || strcmp(when, "auto") == 0 || strcmp(when, "tty") == 0 ||
      strcmp(when, "if-tty") == 0) {
    const char *term = getenv("TERM");
    *color = isatty(STDOUT_FILENO) && term && strcmp(term, "dumb") != 0;
  } else if (strcmp(when, "always") == 0 || strcmp(when, "yes") == 0 ||
             strcmp(when, "force") == 0) {
    *color = true;
  } else if (strcmp(when, "never") == 0 || strcmp(when, "no") == 0 ||
             strcmp(when, "none") == 0) {
    *color = false;
  } else {
    report_error("invalid argument '%s' for '--color'", when);
    return false;
  }
  return true;
}

static bool options_parse_binary_files(const char *type, enum binary_files_mode *mode) {
  if (strcmp(type, "binary") == 0) {
    *mode = BINARY_FILES_BINARY;
  } else if (strcmp(type, "text") == 0) {
    *mode = BINARY_FILES_TEXT;
  } else if (strcmp(type, "without-match") == 0) {
    *mode = BINARY_FILES_WITHOUT_MATCH;
  } else {
    report_error("unknown binary-files type");
    return false;
  }
  return true;
}

static bool options_parse_directories(const char *action, enum directories_mode *mode) {
  if (strcmp(action, "read") == 0) {
    *mode = DIRECTORIES_READ;
  } else if (strcmp(action, "skip") == 0) {
    *mode = DIRECTORIES_SKIP;
  } else if (strcmp(action, "recurse") == 0) {
    *mode = DIRECTORIES_RECURSE;
  } else {
    report_error("invalid argument '%s' for '--directories'", action);
    return false;
  }
  return true;
}

static bool options_parse_devices(const char *action, enum devices_mode *mode) {
  if (strcmp(action, "read") == 0) {
    *mode = DEVICES_READ;
  } else if (strcmp(action, "skip") == 0) {
    *mode = DEVICES_SKIP;
  } else {
    report_error("unknown devices method");
    return false;
  }
  return true;
}

/* -j: at least one thread; more than there could be memory for is refused. */
static bool options_parse_threads(const char *text, long *threads) {
  intmax_t value = 0;
  if (!options_parse_count(text, &value) || value < 1 || value > 1024) {
    report_error("%s: invalid number of threads (1 to 1024)", text);
    return false;
  }
  *threads = (long)value;
  return true;
}

static int options_add_filter(struct options *options, int option) {
  struct name_filters *filters = &options->filters;
  int status = 0;
  if (option == OPTION_EXCLUDE_DIR) {
    status = filters_add_exclude_dir(filters, optarg);
  } else if (option == OPTION_EXCLUDE_FROM) {
    status = filters_add_exclude_file(filters, optarg);
    if (status != 0) {
      report_error("%s: %s", optarg, strerror(errno));
      return 2;
    }
  } else {
    status = filters_add_file(filters, optarg, option == OPTION_INCLUDE);
  }
  if (status != 0) {
    report_error("memory exhausted");
    return 2;
  }
  return -1;
}

static void options_set_defaults(struct options *options) {
  memset(options, 0, sizeof *options);
  options->with_filename = -1;
  options->max_count = -1;
  options->before = -1;
  options->after = -1;
  options->group_separator = "--";
  options->line_end = '\n';
}

/* -NUM: consecutive digits of one argument form one number; a new
 * argument starts a new number, as in GNU grep. */
struct digit_context {
  char digits[32];
  size_t length;
  int argument_index;
};

static bool options_add_context_digit(struct digit_context *state, int option, int argument_index,
                                      intmax_t *context) {
  if (state->argument_index != argument_index) {
    state->length = 0;
    state->argument_index = argument_index;
  }
  if (state->length + 1 >= sizeof state->digits) {
    report_error("%s: invalid context length argument", state->digits);
    return false;
  }
  state->digits[state->length++] = (char)option;
  state->digits[state->length] = '\0';
  return options_parse_context(state->digits, context);
}

/* Handles one option; returns -1 to continue or an exit status. */
static int options_apply(struct options *options, int option, int argument_index,
                         struct digit_context *digits, intmax_t *default_context,
                         bool *pattern_given) {
  switch (option) {
  case 'A':
    return options_parse_context(optarg, &options->after) ? -1 : 2;
  case 'B':
    return options_parse_context(optarg, &options->before) ? -1 : 2;
  case 'C':
    return options_parse_context(optarg, default_context) ? -1 : 2;
  case 'D': return options_parse_devices(optarg, &options->devices) ? -1 : 2;
  case 'F': options->fixed_strings = true; return -1;
  case 'H': options->with_filename = 1; return -1;
  case 'I': options->binary_files = BINARY_FILES_WITHOUT_MATCH; return -1;
  case 'L': options->list_files = LIST_FILES_NONMATCHING; return -1;
  case 'l': options->list_files = LIST_FILES_MATCHING; return -1;
  case 'P': return -1;
  case 'R':
    options->dereference_recursive = true;
    options->directories = DIRECTORIES_RECURSE;
    return -1;
  case 'r': options->directories = DIRECTORIES_RECURSE; return -1;
  case 'T': options->initial_tab = true; return -1;
  case 'U': return -1; /* O_BINARY does not exist on POSIX systems */
  case 'V': return usage_print_version();
  case 'Z': options->null_after_name = true; return -1;
  case 'a': options->binary_files = BINARY_FILES_TEXT; return -1;
  case 'b': options->byte_offset = true; return -1;
  case 'c': options->count = true; return -1;
  case 'd': return options_parse_directories(optarg, &options->directories) ? -1 : 2;
  case 'e':
    *pattern_given = true;
    if (patterns_add_text(&options->patterns, optarg, strlen(optarg)) != 0) {
      report_error("memory exhausted");
      return 2;
    }
    return -1;
  case 'f':
    *pattern_given = true;
    if (patterns_add_file(&options->patterns, optarg) != 0) {
      report_error("%s: %s", optarg, strerror(errno));
      return 2;
    }
    return -1;
  case 'h': options->with_filename = 0; return -1;
  case 'i':
  case 'y': options->ignore_case = true; return -1;
  case 'j': return options_parse_threads(optarg, &options->threads) ? -1 : 2;
  case 'm':
    if (!options_parse_count(optarg, &options->max_count)) {
      report_error("invalid max count");
      return 2;
    }
    return -1;
  case 'n': options->line_number = true; return -1;
  case 'o': options->only_matching = true; return -1;
  case 'q': options->quiet = true; return -1;
  case 's': options->no_messages = true; return -1;
  case 'v': options->invert = true; return -1;
  case 'w': options->word = true; return -1;
  case 'x': options->line = true; return -1;
  case 'z': options->line_end = '\0'; return -1;
  case OPTION_BINARY_FILES:
    return options_parse_binary_files(optarg, &options->binary_files) ? -1 : 2;
  case OPTION_COLOR: return options_parse_color(optarg, &options->color) ? -1 : 2;
  case OPTION_EXCLUDE:
  case OPTION_EXCLUDE_DIR:
  case OPTION_EXCLUDE_FROM:
  case OPTION_INCLUDE: return options_add_filter(options, option);
  case OPTION_GROUP_SEPARATOR: options->group_separator = optarg; return -1;
  case OPTION_NO_GROUP_SEPARATOR: options->group_separator = NULL; return -1;
  case OPTION_HELP: usage_print_help(); return 0;
  case OPTION_LABEL: options->label = optarg; return -1;
  case OPTION_LINE_BUFFERED: options->line_buffered = true; return -1;
  case OPTION_NO_IGNORE_CASE: options->ignore_case = false; return -1;
  case OPTION_UCP: options->ucp = true; return -1;
  default:
    if (option >= '0' && option <= '9') {
      return options_add_context_digit(digits, option, argument_index, default_context) ? -1
                                                                                       : 2;
    }
    usage_print_hint();
    return 2;
  }
}

int options_parse(int argc, char **argv, struct options *options) {
  options_set_defaults(options);
  struct digit_context digits = {.length = 0, .argument_index = -1};
  intmax_t default_context = -1;
  bool pattern_given = false;
  for (;;) {
    /* getopt_long advances optind before returning an argument's last
     * character, so the index from before the call names the argument. */
    int argument_index = optind;
    int option = getopt_long(argc, argv, short_options, long_options, NULL);
    if (option == -1) {
      break;
    }
    int status = options_apply(options, option, argument_index, &digits, &default_context,
                               &pattern_given);
    if (status >= 0) {
      return status;
    }
  }
  if (!pattern_given) {
    if (optind >= argc) {
      usage_print_hint();
      return 2;
    }
    const char *pattern = argv[optind++];
    if (patterns_add_text(&options->patterns, pattern, strlen(pattern)) != 0) {
      report_error("memory exhausted");
      return 2;
    }
  }
  if (options->before < 0) {
    options->before = default_context;
  }
  if (options->after < 0) {
    options->after = default_context;
  }
  options->context_requested = options->before >= 0 || options->after >= 0;
  if (options->before < 0) {
    options->before = 0;
  }
  if (options->after < 0) {
    options->after = 0;
  }
  /* As in grep, -q overrides -l and -L, which override -c. */
  if (options->quiet) {
    options->list_files = LIST_FILES_NONE;
  }
  if (options->quiet || options->list_files != LIST_FILES_NONE) {
    options->count = false;
  }
  options->files = argv + optind;
  options->file_count = argc - optind;
  report_set_suppress_file_errors(options->no_messages);
  return -1;
}

void options_free(struct options *options) {
  patterns_free(&options->patterns);
  filters_free(&options->filters);
}
