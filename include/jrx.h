/* jrx: regular expressions with PCRE2 syntax and answers, linear-time
 * matching, compiled to native ARM64 code where the platform allows.
 *
 * A compiled jrx is immutable: any number of threads may match with it at
 * once without locking (jrx_match_data makes that as fast as one thread).
 * Offsets are size_t throughout, so subjects larger than 4 GiB work.
 * Errors are negative return codes; jrx_error_message() turns any of them
 * into text. */
#ifndef JRX_H
#define JRX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(JRX_BUILDING_LIBRARY) && (defined(__GNUC__) || defined(__clang__))
#define JRX_EXPORT __attribute__((visibility("default")))
#else
#define JRX_EXPORT
#endif

/* Version of this header; jrx_version() gives the library's at run time. */
#define JRX_VERSION_MAJOR 0
#define JRX_VERSION_MINOR 1
#define JRX_VERSION_PATCH 0
#define JRX_VERSION_STRING "0.1.0"

typedef struct jrx jrx;

/* Compile options (same meaning as the PCRE2 options of the same names). */
#define JRX_CASELESS   0x00000001u /* (?i): letters match either case (Unicode folding with JRX_UTF) */
#define JRX_MULTILINE  0x00000002u /* (?m): ^ and $ also match at internal newlines (LF) */
#define JRX_DOTALL     0x00000004u /* (?s): . also matches a newline */
#define JRX_EXTENDED   0x00000008u /* (?x): whitespace and #-comments in the pattern are ignored */
#define JRX_UTF        0x00000010u /* pattern and subjects are UTF-8; . and classes match characters */
#define JRX_ANCHORED   0x00000020u /* match only at the start offset; also a match option */
#define JRX_UNGREEDY   0x00000040u /* (?U): quantifiers are lazy, and ? after one makes it greedy */
#define JRX_NO_JIT     0x00000080u /* always use the portable interpreter */
/* PCRE2_MATCH_INVALID_UTF's meaning (implies JRX_UTF): subjects may hold
 * invalid UTF-8, which never matches anything, not even [^a] or .; no
 * match crosses it, and the search carries on past it instead of failing
 * with JRX_ERROR_BAD_UTF. As PCRE2 does, each run of valid UTF-8 is
 * searched as if it ended the subject for \z and \Z (but not for $),
 * \A and ^ hold only at the real start, and an anchored search, or a
 * start offset inside a character, is tried at the start of each run. */
#define JRX_MATCH_INVALID_UTF 0x01000000u
/* PCRE2_UCP's meaning: \d \s \w and the POSIX classes ([:alpha:] ...)
 * use Unicode properties (for the bytes 0x80..0xff too without JRX_UTF,
 * as PCRE2 gives them the properties of U+0080..U+00FF). The pattern item
 * (*UCP) at its start sets it too, as (*UTF) sets JRX_UTF. \b and \B
 * then compare the characters on each side by \w (Unicode letters,
 * numbers and _, as PCRE2 10.42 has it). */
#define JRX_UCP 0x02000000u

/* Match options. */
#define JRX_NOTBOL            0x00000100u /* the subject start is not a line start: ^ fails there */
#define JRX_NOTEOL            0x00000200u /* the subject end is not a line end: $ fails there */
#define JRX_NOTEMPTY          0x00000400u /* an empty string is not a match */
#define JRX_NOTEMPTY_ATSTART  0x00000800u /* an empty string at the start offset is not a match */
/* JRX_UTF patterns: the caller vouches that the subject is valid UTF-8 and
 * that start_offset is not inside a character, so jrx does not check (as
 * PCRE2_NO_UTF_CHECK; jrx_iterator checks once by itself). On a subject
 * that is not valid UTF-8 the answer is unspecified (a wrong match, no
 * match or an error), but jrx still reads only inside the subject. */
#define JRX_NO_UTF_CHECK      0x00001000u

/* An ovector pair that did not participate in the match. */
#define JRX_UNSET SIZE_MAX

/* As a length of a pattern, subject or replacement: up to its first NUL
 * (PCRE2_ZERO_TERMINATED). */
#define JRX_ZERO_TERMINATED SIZE_MAX

/* Return codes. JRX_NOMATCH is not an error. Compile errors are reported
 * through jrx_compile's errcode argument together with an offset. */
enum {
  JRX_NOMATCH = -1, /* the subject holds no match */

  /* Match-time errors. */
  JRX_ERROR_NULL = -2,              /* NULL argument where one is required */
  JRX_ERROR_BAD_OPTION = -3,        /* unknown or not-allowed option bit */
  JRX_ERROR_BAD_OFFSET = -4,        /* start_offset beyond the subject */
  JRX_ERROR_BAD_UTF = -5,           /* subject is not valid UTF-8 (JRX_UTF): where, see
                                       jrx_match_data_error_offset */
  JRX_ERROR_BAD_UTF_OFFSET = -6,    /* start_offset inside a UTF-8 character */
  JRX_ERROR_NOMEMORY = -7,          /* an allocation failed */
  JRX_ERROR_INTERNAL = -8,          /* a bug in jrx: please report it */
  JRX_ERROR_WRONG_MATCH_DATA = -9,  /* a jrx_match_data made for another pattern */
  JRX_ERROR_LOOKAROUND_TABLE_LIMIT = -10, /* the search's lookaround tables would take more
                                             than max_lookaround_table_size */

  /* Compile-time errors: syntax. */
  JRX_ERROR_END_BACKSLASH = -100,        /* \ at end of pattern */
  JRX_ERROR_UNKNOWN_ESCAPE = -101,       /* \ followed by a letter with no meaning */
  JRX_ERROR_BAD_ESCAPE_VALUE = -102,     /* \x{...}, \o{...}, \ddd out of range or malformed */
  JRX_ERROR_BAD_CONTROL_ESCAPE = -103,   /* \c at end or not followed by printable ASCII */
  JRX_ERROR_MISSING_BRACKET = -104,      /* [ without ] */
  JRX_ERROR_BAD_CLASS_RANGE = -105,      /* [z-a] or a range using a class escape */
  JRX_ERROR_BAD_POSIX_CLASS = -106,      /* unknown [:name:] or POSIX class outside [] */
  JRX_ERROR_MISSING_PARENTHESIS = -107,  /* ( without ) */
  JRX_ERROR_UNMATCHED_PARENTHESIS = -108,/* ) without ( */
  JRX_ERROR_NOTHING_TO_REPEAT = -109,    /* quantifier with nothing before it */
  JRX_ERROR_BAD_REPEAT_RANGE = -110,     /* {n,m} with n > m */
  JRX_ERROR_REPEAT_TOO_BIG = -111,       /* counted repetition over the limit */
  JRX_ERROR_BAD_GROUP_SYNTAX = -112,     /* unrecognized (? ... construct */
  JRX_ERROR_BAD_GROUP_NAME = -113,       /* malformed or over-long group name */
  JRX_ERROR_DUPLICATE_GROUP_NAME = -114, /* two named groups have the same name */
  JRX_ERROR_BAD_INLINE_OPTION = -115,    /* unknown letter in (?...) */
  JRX_ERROR_MISSING_COMMENT_END = -116,  /* (?# without ) */
  JRX_ERROR_BAD_UTF_PATTERN = -117,      /* pattern is not valid UTF-8 (JRX_UTF) */
  JRX_ERROR_CODE_POINT_TOO_BIG = -118,   /* > 0xff in byte mode, > 0x10ffff or surrogate in UTF mode */
  JRX_ERROR_NULL_PATTERN = -119,         /* NULL pattern with non-zero length */
  JRX_ERROR_BAD_COMPILE_OPTION = -120,   /* unknown option bit, or a jrx_compile_limits field out of range */
  JRX_ERROR_ESCAPE_INVALID_IN_CLASS = -121, /* \B, \R, \N, ... inside [...] */
  JRX_ERROR_BAD_PROPERTY = -122,         /* malformed \p or \P: no name, no closing brace, name too long */
  JRX_ERROR_UNKNOWN_PROPERTY = -123,     /* \p{name} with a name PCRE2 10.42 does not know */
  JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH = -140, /* a lookbehind branch of varying length (PCRE2 10.42) */
  JRX_ERROR_MATCH_RESET_IN_LOOKAROUND = -141,   /* \K inside a lookaround (PCRE2's default) */
  JRX_ERROR_LOOKBEHIND_TOO_LONG = -142,  /* a lookbehind branch of over 65535 characters (PCRE2) */

  /* Compile-time errors: constructs outside jrx's linear-time subset. */
  JRX_ERROR_UNSUPPORTED_BACKREFERENCE = -200, /* \1, \g{..}, \k<..>, (?P=..) */
  JRX_ERROR_UNSUPPORTED_LOOKAROUND = -201,    /* no longer returned: every lookaround is
                                                 supported */
  JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP = -202,  /* (?>...) where atomicity could change a match
                                                 ((?>a+)a; (?>[a-z]+)\s is accepted) */
  JRX_ERROR_UNSUPPORTED_POSSESSIVE = -203,    /* a*+, a++, a?+, a{n,m}+ where it could change
                                                 a match (a++a; \d++\. is accepted) */
  JRX_ERROR_UNSUPPORTED_RECURSION = -204,     /* (?R), (?1), (?&name), \g<..> */
  JRX_ERROR_UNSUPPORTED_CONDITIONAL = -205,   /* (?(condition)yes|no) */
  JRX_ERROR_UNSUPPORTED_VERB = -206,          /* (*SKIP), (*PRUNE) and other (*VERB)s; (*UTF)
                                                 and (*UCP) are read at the start only */
  JRX_ERROR_UNSUPPORTED_CALLOUT = -207,       /* (?C...) */
  JRX_ERROR_UNSUPPORTED_MATCH_RESET = -208,   /* no longer returned: \K is supported */
  JRX_ERROR_UNSUPPORTED_SINGLE_BYTE = -209,   /* \C */
  JRX_ERROR_UNSUPPORTED_PROPERTY = -210,      /* no longer returned: \X is supported */
  JRX_ERROR_UNSUPPORTED_CONSTRUCT = -211,     /* anything else PCRE2 has and jrx does not */
  JRX_ERROR_UNSUPPORTED_BRANCH_RESET = -212,  /* (?|...) */
  JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE = -213, /* \R where PCRE2's atomic \R, or its
                                                    possessive . or \N beside it, could
                                                    change the answer: \R\n, .+\R */

  /* Compile-time errors: limits. */
  JRX_ERROR_PATTERN_TOO_LONG = -300,  /* longer than max_pattern_length */
  JRX_ERROR_NESTING_TOO_DEEP = -301,  /* more parentheses open than max_nesting_depth */
  JRX_ERROR_PROGRAM_TOO_BIG = -302,   /* more instructions than max_program_size */
  JRX_ERROR_TOO_MANY_CAPTURES = -303  /* more capturing groups than PCRE2 allows (65535) */
};

/* Compiles pattern[0..length) (length JRX_ZERO_TERMINATED: up to its NUL).
 * Returns NULL on failure with *errcode set to a negative JRX_ERROR_* code
 * and *erroffset to the byte offset in the pattern where the problem was
 * found (either pointer may be NULL). */
JRX_EXPORT jrx *jrx_compile(const char *pattern, size_t length, uint32_t options,
                            int *errcode, size_t *erroffset);

/* Bounds on what one compilation may build, so that untrusted patterns
 * cannot take unbounded memory or time. jrx_compile uses the defaults. */
typedef struct jrx_compile_limits {
  /* Pattern bytes; beyond: JRX_ERROR_PATTERN_TOO_LONG. Default 1 MiB. */
  size_t max_pattern_length;
  /* Parentheses open at once, 1..JRX_MAX_NESTING_DEPTH; beyond:
   * JRX_ERROR_NESTING_TOO_DEEP. Default 250, as PCRE2. */
  uint32_t max_nesting_depth;
  /* Instructions of the compiled program (about 12 bytes each), which
   * counted repetition multiplies; beyond: JRX_ERROR_PROGRAM_TOO_BIG.
   * Default 1,000,000. */
  uint32_t max_program_size;
  /* Bytes of lazy-DFA states each match may cache per direction before the
   * cache is emptied (a search that keeps emptying it finishes on the
   * Pike VM instead, still in linear time). Default 1 MiB, minimum 64 KiB. */
  size_t dfa_cache_size;
  /* Bytes of lookaround tables one match may fill: a lookaround whose body
   * has no length bound (or one over 255 bytes) is answered from a bit per
   * subject position, from a little before the start offset to the end;
   * beyond: the match fails with JRX_ERROR_LOOKAROUND_TABLE_LIMIT. Any
   * value; default 64 MiB (one such lookaround over 512 MiB). */
  size_t max_lookaround_table_size;
} jrx_compile_limits;

/* The largest max_nesting_depth accepted: deeper nesting would need more
 * machine stack than a thread can be assumed to have. */
#define JRX_MAX_NESTING_DEPTH 1000u

/* Fills limits with the defaults jrx_compile uses. */
JRX_EXPORT void jrx_compile_limits_default(jrx_compile_limits *limits);

/* jrx_compile under the given limits (NULL: the defaults). Limits outside
 * their documented ranges give JRX_ERROR_BAD_COMPILE_OPTION. */
JRX_EXPORT jrx *jrx_compile_with_limits(const char *pattern, size_t length, uint32_t options,
                                        const jrx_compile_limits *limits, int *errcode,
                                        size_t *erroffset);

/* ---- Memory: user allocators (jrx_context.c) ---- */

/* An allocator, with the signatures of PCRE2's general context. jrx makes
 * every allocation through it (compiling, match data, jrx_substitute, and
 * the bookkeeping of native code; executable memory itself comes from the
 * operating system). Both functions must be set.
 * When patterns are matched from several threads, the allocator must be
 * thread-safe. malloc may return NULL: jrx then fails with
 * JRX_ERROR_NOMEMORY and leaks nothing. */
typedef struct jrx_allocator {
  void *(*malloc)(size_t size, void *user_data);
  void (*free)(void *pointer, void *user_data);
  void *user_data;
} jrx_allocator;

/* Settings shared by compilations: an allocator and limits. A context is
 * reference-counted: every pattern compiled in it keeps it alive, so
 * jrx_context_free may be called at any time; its memory goes back to its
 * allocator when the last pattern is freed. Contexts are immutable and may
 * be used from several threads at once. */
typedef struct jrx_context jrx_context;

/* Creates a context. allocator NULL means the C library's malloc and free;
 * limits NULL means the defaults. Returns 0 and stores the context, or
 * JRX_ERROR_NULL (context_out NULL), JRX_ERROR_BAD_COMPILE_OPTION (an
 * allocator missing a function, or limits out of range) or
 * JRX_ERROR_NOMEMORY, and stores NULL. */
JRX_EXPORT int jrx_context_create(const jrx_allocator *allocator,
                                  const jrx_compile_limits *limits, jrx_context **context_out);

/* Drops the caller's reference; NULL is ignored. */
JRX_EXPORT void jrx_context_free(jrx_context *context);

/* jrx_compile with the context's allocator and limits (NULL context: as
 * jrx_compile). */
JRX_EXPORT jrx *jrx_compile_in_context(const char *pattern, size_t length, uint32_t options,
                                       jrx_context *context, int *errcode, size_t *erroffset);

/* Writes the message for errcode into buffer (always NUL-terminated when
 * size > 0). Returns the message length excluding the NUL, or
 * JRX_ERROR_BAD_OPTION for an unknown code (buffer then says so). */
JRX_EXPORT int jrx_error_message(int errcode, char *buffer, size_t size);

/* Matches subject[0..length) (length JRX_ZERO_TERMINATED: up to its NUL)
 * starting the search at start_offset. On a match returns one more than
 * the highest capture pair that is set (1 when only the whole match is
 * set) and fills ovector with up to ovector_pairs pairs (start, end), unset
 * pairs holding JRX_UNSET. If ovector_pairs is too small for every pair,
 * returns 0 after filling what fits, as pcre2_match does. Returns
 * JRX_NOMATCH or another negative code otherwise (jrx_match_with on a
 * match data also tells where invalid UTF-8 is).
 * A match made by a thread inside a jitmem write scope (between
 * jitmem_write_begin and its jitmem_write_end, see jitmem.h) runs the
 * portable engine instead of the pattern's native code, which a thread in
 * write mode must not run (on macOS it would fault); the answers are the
 * same. This holds for every function that matches. */
JRX_EXPORT int jrx_match(const jrx *re, const char *subject, size_t length, size_t start_offset,
                         uint32_t options, size_t *ovector, size_t ovector_pairs);

/* ---- Match data: one per thread (jrx_match_data.c) ---- */

/* What one match needs besides the pattern: the interpreter's scratch and
 * the lazy DFA's caches of states, which stay warm from one match to the
 * next. A match data belongs to the pattern it was made for and may be
 * used by one match at a time; give each thread its own (as
 * pcre2_match_data, or Hyperscan's scratch) to share one pattern among
 * many threads at full speed.
 *
 * jrx_match needs none: each pattern keeps a few (4) match data of its
 * own, taken and given back without locking, so up to that many threads
 * matching with one pattern at once reuse warm ones. A match that finds
 * them all in use makes a new one and frees it afterwards, which costs an
 * allocation and a cold DFA cache per call: threads that share a pattern
 * beyond that should each use a match data. */
typedef struct jrx_match_data jrx_match_data;

/* Makes a match data for re, through re's allocator (its context's).
 * Returns 0 and stores it, or JRX_ERROR_NULL (re or out NULL) or
 * JRX_ERROR_NOMEMORY, and stores NULL when out is not NULL. */
JRX_EXPORT int jrx_match_data_create(const jrx *re, jrx_match_data **out);

/* Frees a match data; NULL is ignored. It must be freed before the pattern
 * it was made for. */
JRX_EXPORT void jrx_match_data_free(jrx_match_data *data);

/* jrx_match on data (NULL: exactly jrx_match). Returns what jrx_match
 * returns, and JRX_ERROR_WRONG_MATCH_DATA when data was made for another
 * pattern. */
JRX_EXPORT int jrx_match_with(const jrx *re, jrx_match_data *data, const char *subject,
                              size_t length, size_t start_offset, uint32_t options,
                              size_t *ovector, size_t ovector_pairs);

/* What the searches made on one match data did: which engine answered
 * each, and the fallbacks the answers do not show (the lazy DFA giving up
 * to the Pike VM, its cache emptied, a prefilter standing down because its
 * hits came too often). Counted since the match data was made or last
 * reset; a search is one attempt of jrx_match_with, of jrx_iterator_next
 * or jrx_substitute_with on the data (several per call for an iteration
 * past an empty match, or one per run of valid UTF-8 with
 * JRX_MATCH_INVALID_UTF). jrx-explain --stats prints them for a file. */
typedef struct jrx_match_stats {
  uint64_t searches;             /* searches that ran: the sum of the engine counts (the
                                    next five, the two capture_searches, literal_searches
                                    and grapheme_searches) */
  uint64_t dfa_searches;         /* answered by the lazy DFA in C (or, with no match, by
                                    its check for a byte every match holds) */
  uint64_t native_dfa_searches;  /* answered by the lazy DFA's native loops (arm64-jit; the
                                    same check counts here) */
  uint64_t pike_searches;        /* answered by the Pike VM in C */
  uint64_t native_pike_searches; /* answered by the native Pike VM */
  uint64_t bitnfa_searches;      /* answered by the bit-parallel NFA (in C or native), which
                                    takes over from a DFA that thrashes where it can */
  uint64_t native_captures;      /* matches whose groups native code filled
                                    (one-pass DFA or backtracker) */
  uint64_t pike_captures;        /* matches whose groups a Pike VM filled (no native
                                    capture code, or a span over its cap) */
  uint64_t dfa_give_ups;         /* searches the DFA gave up on: its cache kept emptying */
  uint64_t dfa_states_built;     /* DFA states built, both directions */
  uint64_t dfa_cache_resets;     /* times a DFA cache was emptied to make room */
  uint64_t prefilter_candidates; /* places a prefilter's byte search stopped at */
  uint64_t prefilter_stand_downs; /* scans whose prefilter stopped skipping: dense hits */
  uint64_t literal_searches;     /* answered by the literal search alone (a pattern that is a
                                    literal or a set of literals: no DFA) */
  /* Searches a capture engine answered on its own (anchored, or from
   * candidate starts within its budget): counted in searches too. */
  uint64_t capture_searches;        /* the one-pass DFA or node backtracker in C */
  uint64_t native_capture_searches; /* the native one-pass DFA */
  uint64_t captures;                /* matches whose groups a capture engine in C filled */
  uint64_t placed_groups; /* matches whose groups lie at fixed distances from the match's
                             bounds: placed with no capture engine */
  uint64_t lookaround_steps; /* the Pike VMs' lookaround checks: body instructions visited,
                                filling lookaround tables included (an iteration fills
                                them once for its subject when it has match data); the
                                bytes the lazy DFAs of leading lookaheads scan checking
                                them; and the characters \X reads back counting
                                regional indicators */
  uint64_t grapheme_searches; /* answered by the cluster loop of a pattern that is \X
                                 alone (no engine runs) */
} jrx_match_stats;

/* Stores data's counts in *stats. Returns 0, or JRX_ERROR_NULL. */
JRX_EXPORT int jrx_match_data_stats(const jrx_match_data *data, jrx_match_stats *stats);

/* Counts from zero again; NULL is ignored. */
JRX_EXPORT void jrx_match_data_reset_stats(jrx_match_data *data);

/* Where the last match on data that failed with JRX_ERROR_BAD_UTF found
 * the subject invalid: the offset of the first byte of the first invalid
 * sequence (pcre2_get_startchar's answer after a UTF error); after
 * JRX_ERROR_BAD_UTF_OFFSET, the start offset. JRX_UNSET when data is NULL
 * or no match on it has failed that way. */
JRX_EXPORT size_t jrx_match_data_error_offset(const jrx_match_data *data);

/* Number of capturing groups (not counting the whole match). */
JRX_EXPORT uint32_t jrx_capture_count(const jrx *re);

/* The group number of a named group (pcre2_substring_number_from_name),
 * or JRX_ERROR_UNKNOWN_GROUP when the pattern has no group of that name,
 * JRX_ERROR_NULL when re or name is NULL. */
JRX_EXPORT int jrx_name_to_number(const jrx *re, const char *name);

/* How many named groups the pattern has (PCRE2_INFO_NAMECOUNT). */
JRX_EXPORT uint32_t jrx_name_count(const jrx *re);

/* Entry index (0 .. jrx_name_count - 1) of the table of named groups,
 * sorted by name as PCRE2_INFO_NAMETABLE is: stores the name
 * (NUL-terminated, valid as long as re) and its group number. Returns 0,
 * JRX_ERROR_NULL (re, name or number NULL) or JRX_ERROR_UNKNOWN_GROUP (no
 * such entry). Every name maps to one group: jrx has no (?J). */
JRX_EXPORT int jrx_name_table_entry(const jrx *re, uint32_t index, const char **name,
                                    uint32_t *number);

/* Which engine runs this pattern, as a fixed string (NULL when re is
 * NULL). One of:
 *   "interpreter"       the portable engine: JRX_NO_JIT, or a platform
 *                       without the JIT (everything but arm64);
 *   "arm64-jit"         native code for every search and capture group
 *                       (but for the Pike VM of a program of over 16384
 *                       instructions, which runs in C, being faster there:
 *                       jrx_match_stats counts its searches);
 *   "interpreter (R)"   no native code at all, for reason R;
 *   "arm64-jit (capture groups run on the interpreter: R)"
 *   "arm64-jit (searches the DFA gives up on, and long capture spans, run
 *              on the interpreter's Pike VM: R)"
 *                       matches are found natively but that part runs on
 *                       the interpreter (same answers, slower).
 * R is "no executable memory" (the platform refuses it), optionally
 * followed by ": the allow-jit entitlement is missing", ": PROT_EXEC
 * refused by the system policy" or ": no memfd or /dev/shm file"; or "out
 * of memory for native code"; or "native code generation failed" (a limit
 * or a bug of the JIT). The native Pike VM is built by the first search
 * that needs it, so the last form can appear after a match; so can
 * "interpreter (R)", as a pattern's native search code is built by its
 * first search too (except for the first pattern a process compiles, whose
 * code is built at once, so that a platform without executable memory
 * shows at compile time): ask after matching to know what ran. */
JRX_EXPORT const char *jrx_engine(const jrx *re);

/* Frees a compiled pattern; NULL is ignored. No thread may still be
 * matching with it. */
JRX_EXPORT void jrx_free(jrx *re);

/* Library version at run time, e.g. "0.1.0". */
JRX_EXPORT const char *jrx_version(void);

/* ---- Every match in turn (jrx_iterate.c) ---- */

/* An iteration over the successive non-overlapping matches in one subject,
 * with PCRE2's rules for empty matches (those of pcre2demo and
 * pcre2_substitute): after an empty match the next attempt is made at the
 * same offset with JRX_NOTEMPTY_ATSTART | JRX_ANCHORED added, and if that
 * fails the search resumes one character further on (one code point in
 * JRX_UTF mode; newlines are LF only, so CRLF is not treated as a unit).
 * Every attempt also uses the match options given to jrx_iterator_init.
 * The fields are private. The pattern and subject (and the match data
 * given to jrx_iterator_set_match_data) must outlive the iterator, and the
 * subject must not change while it is iterated: a call may answer from
 * what an earlier one read (on a match data, the matches its search found
 * ahead). The iterator owns nothing and needs no cleanup. */
typedef struct jrx_iterator {
  const jrx *re;
  jrx_match_data *match_data; /* NULL: jrx_match's cached ones */
  const char *subject;
  size_t length;
  size_t offset;        /* where the next attempt starts */
  uint32_t options;     /* the caller's match options */
  int after_empty;      /* the last match was empty and ended at offset */
  int finished;         /* JRX_NOMATCH or an error was returned */
  /* This iteration's number among all (jrx_iterator_init gives a new
   * one), so that a match data jrx_match's cache lends it knows whether
   * its last search was this iteration's. In what was padding: the
   * struct's size and the other fields' offsets are those of 0.1.0. */
  unsigned iteration;
  /* What earlier calls learnt of the subject's UTF-8, so that later ones
   * need not check it again: [valid_from, valid_to) is valid; and where
   * invalid UTF-8 ended the iteration. */
  struct jrx_subject_utf {
    size_t valid_from;
    size_t valid_to;
    size_t error_offset;
  } utf;
} jrx_iterator;

/* Prepares an iteration starting at start_offset (length
 * JRX_ZERO_TERMINATED: the subject up to its NUL). Argument errors (NULL
 * pattern, bad offset or options, invalid UTF-8) are reported by the first
 * jrx_iterator_next call, exactly as jrx_match reports them. */
JRX_EXPORT void jrx_iterator_init(jrx_iterator *iterator, const jrx *re, const char *subject,
                                  size_t length, size_t start_offset, uint32_t options);

/* Moves the iteration to start_offset with new match options, as
 * jrx_iterator_init would start it but keeping the pattern, subject and
 * match data, and what is known of the subject's UTF-8 (so moving costs
 * nothing). A lexer tries several anchored patterns per token with one
 * iterator each, moving them all to the end of each token it accepts. */
JRX_EXPORT void jrx_iterator_move(jrx_iterator *iterator, size_t start_offset,
                                  uint32_t options);

/* Makes the following jrx_iterator_next calls match on data (as
 * jrx_match_with; NULL: as jrx_match). jrx_iterator_init starts without
 * one. A match data made for another pattern makes the next call fail
 * with JRX_ERROR_WRONG_MATCH_DATA. */
JRX_EXPORT void jrx_iterator_set_match_data(jrx_iterator *iterator, jrx_match_data *data);

/* Finds the next match and returns what jrx_match returns for it, filling
 * ovector the same way; ovector_pairs must be at least 1 because the
 * iteration needs the bounds of each match (JRX_ERROR_NULL otherwise).
 * Returns JRX_NOMATCH when there are no more matches, and on every call
 * after that or after an error. */
JRX_EXPORT int jrx_iterator_next(jrx_iterator *iterator, size_t *ovector, size_t ovector_pairs);

/* ---- Search and replace (jrx_substitute.c) ---- */

/* Substitution options, combined with the match options in one word. */
#define JRX_SUBSTITUTE_GLOBAL          0x00010000u /* replace every match, not just the first */
#define JRX_SUBSTITUTE_OVERFLOW_LENGTH 0x00020000u /* on a short buffer, compute the size needed */
#define JRX_SUBSTITUTE_UNSET_EMPTY     0x00040000u /* an unset group inserts nothing, not an error */

/* Return codes of jrx_substitute in addition to jrx_match's. */
enum {
  JRX_ERROR_OUTPUT_TOO_SMALL = -400, /* output buffer too small (see OVERFLOW_LENGTH) */
  JRX_ERROR_BAD_REPLACEMENT = -401,  /* $ not followed by $, a number, a name or {number|name} */
  JRX_ERROR_UNKNOWN_GROUP = -402,    /* $n or $name refers to no group of the pattern
                                        (also jrx_name_to_number's: no such name) */
  JRX_ERROR_UNSET_GROUP = -403,      /* $n refers to a group that did not take part */
  JRX_ERROR_TOO_MANY_REPLACEMENTS = -404, /* more than INT_MAX replacements */
  JRX_ERROR_BAD_UTF_REPLACEMENT = -405    /* the replacement is not valid UTF-8 (JRX_UTF) */
};

/* Copies subject[0..length) to output, replacing the first match at or
 * after start_offset (every match with JRX_SUBSTITUTE_GLOBAL, found as
 * jrx_iterator finds them) by the replacement, exactly as pcre2_substitute
 * does without PCRE2_SUBSTITUTE_EXTENDED. In the replacement "$$" is a
 * dollar sign; "$n" and "${n}" insert group n (0 is the whole match; the
 * digits run as far as they go); "$name" and "${name}" insert a named group
 * (names are up to 32 of [A-Za-z0-9_]); anything else after "$" is an error.
 * ("$*MARK" is an error too, since jrx has no (*MARK).) The replacement is
 * read at each match, so with no match it is not checked at all, except
 * that in JRX_UTF mode it must be valid UTF-8 like the subject. Lengths may
 * be JRX_ZERO_TERMINATED.
 *
 * *output_length gives the size of output in bytes; on success it is set to
 * the length of the result, which is followed by a NUL that must also fit,
 * and the number of replacements made is returned. On failure it is set as
 * follows and the negative code returned: JRX_ERROR_BAD_REPLACEMENT,
 * JRX_ERROR_UNKNOWN_GROUP and JRX_ERROR_UNSET_GROUP give the offset in the
 * replacement where the problem was detected (pcre2_substitute's offsets);
 * invalid UTF-8 gives the offset of the first invalid sequence, in the
 * replacement with JRX_ERROR_BAD_UTF_REPLACEMENT, in the subject with
 * JRX_ERROR_BAD_UTF (pcre2_substitute tells neither apart nor where);
 * JRX_ERROR_OUTPUT_TOO_SMALL with JRX_SUBSTITUTE_OVERFLOW_LENGTH gives the
 * size needed including the NUL (matching carries on to find it); any other
 * error gives JRX_UNSET. output may be NULL only when *output_length is 0. */
JRX_EXPORT int jrx_substitute(const jrx *re, const char *subject, size_t length,
                              size_t start_offset, uint32_t options, const char *replacement,
                              size_t replacement_length, char *output, size_t *output_length);

/* jrx_substitute with every match made on data (as jrx_match_with; NULL:
 * exactly jrx_substitute). */
JRX_EXPORT int jrx_substitute_with(const jrx *re, jrx_match_data *data, const char *subject,
                                   size_t length, size_t start_offset, uint32_t options,
                                   const char *replacement, size_t replacement_length,
                                   char *output, size_t *output_length);

#ifdef __cplusplus
}
#endif
#endif
