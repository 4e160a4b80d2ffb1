/* Diagnostics, exit codes and checked allocation shared by every filter. */
#ifndef MIPEXR_DIAG_H
#define MIPEXR_DIAG_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes of SPEC §8: data errors 1, trouble (usage, I/O, bad reference data) 2. */
enum { EXIT_DATA = 1, EXIT_TROUBLE = 2 };

/* The program name used as prefix of every message; set by diag_init. */
extern const char *diag_prog;

/* Records the program name: argv0 (argv[0]) is cut to its basename in place,
 * so that getopt's messages carry the same name. Ignores SIGPIPE, so that a
 * closed pipe becomes a failed write that the writer turns into exit 2. */
void diag_init(char *argv0);

/* "prog: message" on stderr. */
void diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "prog: FILE:LINE: message" on stderr; line 0 prints "prog: FILE: message". */
void diag_warn_at(const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Messages held back: from diag_hold until diag_release, diag_warn and
 * diag_warn_at keep their messages instead of writing them, each under the
 * key last given to diag_hold_key; diag_release writes them in the order of
 * their keys (messages with equal keys in the order they came) and frees
 * them. For a filter that finds its errors in another order than its lines'.
 * diag_die and diag_die_errno release first: nothing held is lost.
 */
void diag_hold(void);
void diag_hold_key(uint64_t key);
void diag_release(void);

/*
 * A cap on the messages about the data, those with a place (diag_warn_at):
 * past max of them from the call of diag_cap (0: no cap) they are counted,
 * not written; held messages
 * are capped as they are released, in their order. Messages without a place
 * (diag_warn: summaries, usage, trouble) are never capped. diag_cap_parse
 * reads the count of --max-errors strictly ("20", not "20x" or "-1"), or
 * exits 2 naming the option. diag_cap_end writes "N more messages not shown
 * (--max-errors MAX)" when some were held back, and returns how many.
 */
void diag_cap(unsigned long max);
unsigned long diag_cap_parse(const char *arg, const char *option);
unsigned long diag_cap_end(void);

/* "prog: message" and exit with status. */
_Noreturn void diag_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "prog: message: strerror(errno)" and exit with status. */
_Noreturn void diag_die_errno(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The display name of a path: "-" and NULL are "stdin". */
const char *diag_name(const char *path);

/* Allocation that never returns NULL: out of memory is trouble, exit 2. */
void *xmalloc(size_t n);
/* Zeroed n × size bytes; the product is checked for overflow. */
void *xcalloc(size_t n, size_t size);
/* As realloc: p is invalid afterwards, the result owned by the caller. */
void *xrealloc(void *p, size_t n);
/* Starts bringing the memory at p into the cache: a hint, nothing where the
 * compiler has no way to give it. */
#if defined(__GNUC__) || defined(__clang__)
#define CACHE_PREFETCH(p) __builtin_prefetch(p)
#else
#define CACHE_PREFETCH(p) ((void)(p))
#endif
/* Grows an array of nmemb elements of size bytes to hold at least need; returns it. */
void *xgrow(void *p, size_t *nmemb, size_t need, size_t size);
/* A copy of s (at most n bytes of it, NUL-terminated), owned by the caller. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
