/* test_literal_differential: the literal search strategies against PCRE2
 * on text in three scripts: English (bench/suite/sample_en.txt), and
 * Russian and Chinese text written from the vocabularies below. Seeded
 * random patterns: literals cut from the text (exact, or caseless with
 * letters in random case), alternations of 2 to 1,500 words or pieces of
 * text (Teddy and Aho-Corasick), and those inside \b, groups, a trailing
 * \w* and alternatives with no literal; in byte and UTF mode; searched
 * from random offsets, some anchored or NOTBOL. Each case compares the
 * first match with its groups and the whole iteration, with the default
 * engine and with JRX_NO_JIT; on x86-64 with AVX2, a third as many again
 * with the SIMD level capped at SSE2.
 *   JRX_LITERAL_DIFF_SEED   seed (default 777)
 *   JRX_LITERAL_DIFF_COUNT  cases (default JRX_LITERAL_DIFF_DEFAULT_COUNT) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "oracle_case.h"
#include "oracle_divergence.h"
#include "oracle_jrx.h"
#include "oracle_outcome.h"
#include "oracle_pcre2.h"
#include "regex/search/simd_level.h"

#ifndef JRX_LITERAL_DIFF_DEFAULT_COUNT
#define JRX_LITERAL_DIFF_DEFAULT_COUNT 1500
#endif
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))
#define MAX_PATTERN 65536
#define CORPUS_LENGTH 60000

static const char *const russian_words[] = {
    "Шерлок", "Холмс", "Ватсон", "Лестрейд", "Мориарти", "доктор", "сэр", "миссис", "Хадсон",
    "Бейкер-стрит", "улица", "дело", "убийство", "полиция", "инспектор", "письмо", "ночь",
    "утро", "вечер", "дом", "окно", "дверь", "комната", "ключ", "следы", "шляпа", "трубка",
    "скрипка", "Лондон", "поезд", "станция", "карета", "лампа", "огонь", "стол", "часы",
    "сад", "река", "незнакомец", "клиент", "преступление", "вопрос", "ответ", "друг", "рука",
    "лицо", "глаза", "голос", "деньги", "время", "путь", "человек", "ещё", "всё", "ЁЛКА",
    "Ёжик", "ШЕРЛОК", "не", "на", "той", "стене", "это", "он", "она", "мы", "вы", "они",
    "что", "как", "где", "когда", "почему", "да", "нет", "мистер", "элементарно", "Майкрофт"};

static const char *const chinese_words[] = {
    "夏洛克", "福尔摩斯", "华生", "雷斯垂德", "莫里亚蒂", "医生", "先生", "太太", "哈德森",
    "贝克街", "街道", "案件", "谋杀", "警察", "探长", "信", "夜晚", "早晨", "晚上", "房子",
    "窗户", "门", "房间", "钥匙", "脚印", "帽子", "烟斗", "小提琴", "伦敦", "火车", "车站",
    "马车", "灯", "火", "桌子", "时钟", "花园", "河", "陌生人", "委托人", "罪行", "问题",
    "回答", "朋友", "手", "脸", "眼睛", "声音", "钱", "时间", "路", "人", "我们", "你们",
    "他们", "什么", "怎么", "哪里", "为什么", "是", "不是", "你好", "谢谢", "再见", "Sherlock",
    "DNA", "OK"};

static const char *const chinese_punctuation[] = {"，", "。", "？", "！", "“", "”", "：", " "};

static uint32_t next_random(uint32_t *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return *seed >> 8;
}

typedef struct corpus {
  const char *name;
  char *text;
  size_t length;
  const char *const *words;
  size_t word_count;
  uint32_t default_options; /* JRX_UTF for the Russian and Chinese text */
} corpus;

static void append(corpus *text, const char *piece) {
  size_t length = strlen(piece);
  if (text->length + length < CORPUS_LENGTH) {
    memcpy(text->text + text->length, piece, length);
    text->length += length;
  }
}

/* Sentences of random words: Russian with spaces and punctuation,
 * Chinese run together with Chinese punctuation. */
static void write_text(corpus *text, uint32_t *seed, int chinese) {
  text->text = malloc(CORPUS_LENGTH);
  assert_non_null(text->text);
  text->length = 0;
  while (text->length + 64 < CORPUS_LENGTH) {
    append(text, text->words[next_random(seed) % text->word_count]);
    uint32_t draw = next_random(seed) % 16;
    if (chinese) {
      if (draw < 4) {
        append(text, chinese_punctuation[draw * 2 % COUNT_OF(chinese_punctuation)]);
      }
    } else {
      append(text, draw == 0 ? ". " : draw == 1 ? ", " : draw == 2 ? "\n" : " ");
    }
  }
}

static void read_english(corpus *text) {
  FILE *file = fopen(JRX_SAMPLE_EN_PATH, "rb");
  assert_non_null(file);
  text->text = malloc(CORPUS_LENGTH);
  assert_non_null(text->text);
  text->length = fread(text->text, 1, CORPUS_LENGTH, file);
  fclose(file);
  assert_true(text->length > 1000);
}

/* Moves position back to the start of a UTF-8 character. */
static size_t character_start(const char *text, size_t position) {
  while (position > 0 && ((unsigned char)text[position] & 0xc0) == 0x80) {
    position--;
  }
  return position;
}

typedef struct pattern_builder {
  char text[MAX_PATTERN];
  size_t length;
} pattern_builder;

static void add(pattern_builder *pattern, const char *text, size_t length) {
  if (pattern->length + length < MAX_PATTERN) {
    memcpy(pattern->text + pattern->length, text, length);
    pattern->length += length;
  }
}

static void add_string(pattern_builder *pattern, const char *text) {
  add(pattern, text, strlen(text));
}

/* text[0..length) as a literal of the pattern: punctuation escaped, and
 * with random_case letters flipped now and then (caseless cases). */
static void add_literal(pattern_builder *pattern, const char *text, size_t length,
                        int random_case, uint32_t *seed) {
  for (size_t i = 0; i < length; i++) {
    char byte = text[i];
    unsigned char unsigned_byte = (unsigned char)byte;
    int letter = (unsigned_byte | 0x20) >= 'a' && (unsigned_byte | 0x20) <= 'z';
    if (unsigned_byte < 0x80 && !letter && !(byte >= '0' && byte <= '9')) {
      if (byte == '\n') {
        add_string(pattern, "\\n");
        continue;
      }
      add_string(pattern, "\\");
    }
    if (random_case && letter && next_random(seed) % 3 == 0) {
      byte = (char)(unsigned_byte ^ 0x20);
    }
    add(pattern, &byte, 1);
  }
}

/* A piece of the text: a word of the vocabulary or a cut of 1-24 bytes
 * on character boundaries. */
static void add_piece(pattern_builder *pattern, const corpus *text, int random_case,
                      uint32_t *seed) {
  if (text->words != NULL && next_random(seed) % 2 == 0) {
    const char *word = text->words[next_random(seed) % text->word_count];
    add_literal(pattern, word, strlen(word), random_case, seed);
    return;
  }
  size_t start = character_start(text->text, next_random(seed) % (text->length - 32));
  size_t end = character_start(text->text, start + 1 + next_random(seed) % 24);
  if (end <= start) {
    end = character_start(text->text, start + 8);
    end = end > start ? end : start + 1;
  }
  add_literal(pattern, text->text + start, end - start, random_case, seed);
}

/* An alternation of count pieces. */
static void add_alternation(pattern_builder *pattern, const corpus *text, size_t count,
                            int random_case, uint32_t *seed) {
  for (size_t i = 0; i < count; i++) {
    if (i > 0) {
      add_string(pattern, "|");
    }
    add_piece(pattern, text, random_case, seed);
  }
}

static size_t alternation_size(uint32_t *seed) {
  uint32_t draw = next_random(seed) % 100;
  if (draw < 50) {
    return 1;
  }
  if (draw < 85) {
    return 2 + next_random(seed) % 9;
  }
  if (draw < 97) {
    return 11 + next_random(seed) % 70;
  }
  return 200 + next_random(seed) % 1300;
}

/* A pattern around the literals: mostly bare, sometimes in a group, with
 * \b around it, a trailing \w*, or beside an alternative with no
 * literal. */
static void make_pattern(pattern_builder *pattern, const corpus *text, int caseless,
                         uint32_t *seed) {
  pattern->length = 0;
  size_t count = alternation_size(seed);
  uint32_t shape = next_random(seed) % 10;
  static const char *const openings[] = {"", "", "", "", "", "(", "\\b(?:", "(?:", "(?:", "x?"};
  static const char *const closings[] = {"", "", "", "", "", ")", ")\\b", ")\\w*", ")|\\d\\d",
                                         ""};
  add_string(pattern, openings[shape]);
  add_alternation(pattern, text, count, caseless, seed);
  add_string(pattern, closings[shape]);
}

typedef struct verdict_counts {
  size_t cases;
  size_t matches;
} verdict_counts;

/* One case with both jrx engines against PCRE2. */
static void check_case(const oracle_case *item, verdict_counts *counts) {
  counts->cases++;
  counts->matches += (size_t)oracle_check_both_engines(item);
}

/* count cases from seed at the current SIMD level. */
static void run_cases(uint32_t seed, size_t count) {
  corpus texts[3] = {
      {"English", NULL, 0, NULL, 0, 0},
      {"Russian", NULL, 0, russian_words, COUNT_OF(russian_words), JRX_UTF},
      {"Chinese", NULL, 0, chinese_words, COUNT_OF(chinese_words), JRX_UTF},
  };
  read_english(&texts[0]);
  write_text(&texts[1], &seed, 0);
  write_text(&texts[2], &seed, 1);
  static pattern_builder pattern;
  verdict_counts counts = {0, 0};
  for (size_t i = 0; i < count; i++) {
    const corpus *text = &texts[i % 3];
    int caseless = next_random(&seed) % 3 == 0;
    make_pattern(&pattern, text, caseless, &seed);
    uint32_t compile_options = (caseless ? JRX_CASELESS : 0);
    /* UTF mode mostly where the text needs it; byte mode now and then. */
    if (text->default_options != 0 ? next_random(&seed) % 5 != 0 : next_random(&seed) % 4 == 0) {
      compile_options |= JRX_UTF;
    }
    size_t subject_length = 100 + next_random(&seed) % 3000;
    size_t subject_start = character_start(text->text, next_random(&seed) % (text->length - subject_length));
    size_t subject_end = character_start(text->text, subject_start + subject_length);
    size_t start_offset = 0;
    uint32_t match_options = 0;
    uint32_t draw = next_random(&seed) % 10;
    if (draw >= 6) {
      start_offset = character_start(text->text + subject_start,
                                     next_random(&seed) % (subject_end - subject_start));
      match_options = draw == 8 ? JRX_ANCHORED : draw == 9 ? JRX_NOTBOL : 0;
    }
    oracle_case item = {.pattern = pattern.text,
                        .pattern_length = pattern.length,
                        .compile_options = compile_options,
                        .subject = text->text + subject_start,
                        .subject_length = subject_end - subject_start,
                        .start_offset = start_offset,
                        .match_options = match_options};
    check_case(&item, &counts);
  }
  /* The patterns are cut from the text: most must find something. */
  assert_true(counts.matches * 2 > counts.cases);
  for (size_t t = 0; t < COUNT_OF(texts); t++) {
    free(texts[t].text);
  }
}

static void test_literals_in_three_scripts(void **state) {
  (void)state;
  run_cases((uint32_t)oracle_environment_number("JRX_LITERAL_DIFF_SEED", 777),
            (size_t)oracle_environment_number("JRX_LITERAL_DIFF_COUNT",
                                              JRX_LITERAL_DIFF_DEFAULT_COUNT));
}

/* x86-64 with AVX2: a third as many other cases again with the kernels
 * of the baseline (SSE2, and Teddy without shuffles), chosen when the
 * patterns compile. */
static void test_literals_with_sse2_only(void **state) {
  (void)state;
  if (simd_level_detected() == SIMD_LEVEL_NEON || !simd_level_available(SIMD_LEVEL_AVX2)) {
    skip();
  }
  simd_level_cap(SIMD_LEVEL_SSE2);
  run_cases((uint32_t)oracle_environment_number("JRX_LITERAL_DIFF_SEED", 777) + 1,
            (size_t)oracle_environment_number("JRX_LITERAL_DIFF_COUNT",
                                              JRX_LITERAL_DIFF_DEFAULT_COUNT) /
                3);
  simd_level_cap(simd_level_detected());
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_literals_in_three_scripts),
      cmocka_unit_test(test_literals_with_sse2_only),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
