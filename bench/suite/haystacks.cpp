/* Loads haystacks by name ("NAME*K" repeats one K times). The paths of the
 * in-repository haystacks come from the build (BENCH_SAMPLE_PATH,
 * BENCH_SOURCE_DIR, and BENCH_GENERATED_DIR where the build ran
 * gen_logs.py) so that the
 * program can run from any directory, also under qemu-aarch64. */
#include "haystacks.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <vector>

typedef struct data_file {
  const char *name;
  const char *path; /* relative to the bench-data directory */
} data_file;

static const data_file data_files[] = {
    {"sherlock", "sherlock.txt"},
    {"subtitles-en", "opensubtitles/en-sampled.txt"},
    {"subtitles-ru", "opensubtitles/ru-sampled.txt"},
    {"subtitles-zh", "opensubtitles/zh-sampled.txt"},
    {"log", "unstructured-to-json.log"},
    {"redos", "cloud-flare-redos.txt"},
    {"fasta", "regex-redux-100000.fasta"},
};

/* "letter-run": one letter repeated, where a pattern that must look to the
 * end of the run before settling for a one-letter match makes every
 * engine's iteration quadratic (the length keeps PCRE2 under its match
 * limit). expected_counts.py builds the same text. */
static const size_t letter_run_length = 4000;

static int append_file(const std::string &path, std::string *text) {
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    fprintf(stderr, "bench_suite: cannot read %s\n", path.c_str());
    return -1;
  }
  text->append(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
  return input.bad() ? -1 : 0;
}

static int load_source_files(std::string *text) {
  DIR *directory = opendir(BENCH_SOURCE_DIR);
  if (directory == NULL) {
    perror(BENCH_SOURCE_DIR);
    return -1;
  }
  std::vector<std::string> names;
  struct dirent *entry;
  while ((entry = readdir(directory)) != NULL) {
    std::string name = entry->d_name;
    if (name.size() > 2 && name.compare(name.size() - 2, 2, ".c") == 0) {
      names.push_back(name);
    }
  }
  closedir(directory);
  std::sort(names.begin(), names.end());
  for (const std::string &name : names) {
    if (append_file(std::string(BENCH_SOURCE_DIR) + "/" + name, text) != 0) {
      return -1;
    }
  }
  return 0;
}

/* Written by gen_logs.py into the build directory. */
static const data_file generated_files[] = {
    {"access-log", "access.log"},
    {"logfmt", "logfmt.log"},
    {"csv", "table.csv"},
};

static const data_file *find_file(const data_file *files, size_t count, const std::string &name) {
  for (size_t i = 0; i < count; i++) {
    if (name == files[i].name) {
      return &files[i];
    }
  }
  return NULL;
}

/* "NAME*K": NAME's text K times over (to see how time grows with size). */
static std::string base_name(const std::string &name, long *copies) {
  size_t star = name.find('*');
  *copies = star == std::string::npos ? 1 : strtol(name.c_str() + star + 1, NULL, 10);
  return name.substr(0, star);
}

static const data_file *find_data_file(const std::string &name) {
  return find_file(data_files, sizeof data_files / sizeof data_files[0], name);
}

int bench_haystack_needs_data_dir(const std::string &name) {
  long copies;
  return find_data_file(base_name(name, &copies)) != NULL;
}

static int load_one(const std::string &name, const char *data_dir, std::string *text);

int bench_haystack_load(const std::string &name, const char *data_dir, std::string *text) {
  long copies;
  std::string base = base_name(name, &copies);
  if (copies < 1 || load_one(base, data_dir, text) != 0) {
    return -1;
  }
  std::string once = *text;
  for (long copy = 1; copy < copies; copy++) {
    *text += once;
  }
  return 0;
}

static int load_one(const std::string &name, const char *data_dir, std::string *text) {
  text->clear();
  if (name == "sample-en") {
    return append_file(BENCH_SAMPLE_PATH, text);
  }
  if (name == "source-c") {
    return load_source_files(text);
  }
  if (name == "letter-run") {
    text->assign(letter_run_length, 'A');
    return 0;
  }
  const data_file *generated =
      find_file(generated_files, sizeof generated_files / sizeof generated_files[0], name);
  if (generated != NULL) {
    return append_file(std::string(BENCH_GENERATED_DIR) + "/" + generated->path, text);
  }
  const data_file *file = find_data_file(name);
  if (file == NULL) {
    fprintf(stderr, "bench_suite: unknown haystack %s\n", name.c_str());
    return -1;
  }
  if (data_dir == NULL) {
    fprintf(stderr, "bench_suite: haystack %s needs BENCH_DATA_DIR\n", name.c_str());
    return -1;
  }
  return append_file(std::string(data_dir) + "/" + file->path, text);
}
