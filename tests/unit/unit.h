/* A minimal unit-test harness: CHECK records failures, unit_done reports. */
#ifndef MIPEXR_UNIT_H
#define MIPEXR_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int unit_checks, unit_failures;

#define CHECK(cond) do { \
	unit_checks++; \
	if (!(cond)) { \
		unit_failures++; \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	unit_checks++; \
	if (strcmp(g_, w_) != 0) { \
		unit_failures++; \
		fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, g_, w_); \
	} \
} while (0)

/* text in a new temporary file: its path (the same buffer each call, so one
 * file at a time; the caller removes it), or NULL. */
static inline const char *
unit_write_file(const char *text)
{
	static char path[32];
	FILE *f;
	int fd;

	strcpy(path, "/tmp/mipexr-unit-XXXXXX");
	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		return NULL;
	fputs(text, f);
	fclose(f);
	return path;
}

/* Standard error into a temporary file, for the tests of what is told
 * there (the test's output stays clean): unit_stderr_begin sends it there,
 * unit_stderr_end brings it back and reads at most size - 1 bytes of what
 * was written into got, NUL-terminated; returns their count. */
struct unit_stderr {
	char path[32];
	int fd, saved;
};

static inline void
unit_stderr_begin(struct unit_stderr *c)
{
	strcpy(c->path, "/tmp/mipexr-unit-XXXXXX");
	c->fd = mkstemp(c->path);
	c->saved = dup(2);
	CHECK(c->fd >= 0 && c->saved >= 0);
	fflush(stderr);
	dup2(c->fd, 2);
}

static inline size_t
unit_stderr_end(struct unit_stderr *c, char *got, size_t size)
{
	FILE *f;
	size_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	f = fdopen(c->fd, "r");
	rewind(f);
	n = fread(got, 1, size - 1, f);
	got[n] = '\0';
	fclose(f);
	unlink(c->path);
	return n;
}

static inline int
unit_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failures);
	return unit_failures != 0;
}

#endif
