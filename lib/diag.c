#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "opt.h"

const char *diag_prog = "mipexr";

static struct {
	int on;
	uint64_t key;
	struct held {
		uint64_t key;
		size_t seq;
		size_t at;	/* the whole message, newline included, at text + at */
		int capped;	/* about the data: counted against message_cap.max */
	} *msg;
	size_t n, cap;
	char *text;	/* the messages one after the other, NUL-terminated */
	size_t len, textcap;
} hold;

static struct {
	unsigned long max, shown, over;
} message_cap;

void
diag_init(char *argv0)
{
	const char *slash;

	if (argv0 != NULL && *argv0 != '\0') {
		/* in place, so that getopt's own messages name the program the same way */
		if ((slash = strrchr(argv0, '/')) != NULL)
			memmove(argv0, slash + 1, strlen(slash + 1) + 1);
		diag_prog = argv0;
	}
	signal(SIGPIPE, SIG_IGN);
}

const char *
diag_name(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0 ? "stdin" : path;
}

/* The whole message, "prog: FILE:LINE: text" and a newline, NUL-terminated:
 * in buf when it fits in cap bytes, else in memory the caller frees. *len is
 * its length. */
static char *
message_text(char *buf, size_t cap, size_t *len, const char *file, unsigned long line, const char *fmt,
    va_list ap)
{
	char where[64] = "", *text = buf;
	size_t head;
	int n;
	va_list again;

	if (file != NULL && line > 0)
		snprintf(where, sizeof where, ":%lu: ", line);
	else if (file != NULL)
		snprintf(where, sizeof where, ": ");
	head = strlen(diag_prog) + 2 + (file != NULL ? strlen(file) + strlen(where) : 0);
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0)
		n = 0;
	*len = head + (size_t)n + 1;
	if (*len + 1 > cap)
		text = xmalloc(*len + 1);
	snprintf(text, head + 1, "%s: %s%s", diag_prog, file != NULL ? file : "", where);
	text[head] = '\0';
	vsnprintf(text + head, (size_t)n + 1, fmt, ap);
	text[*len - 1] = '\n';
	text[*len] = '\0';
	return text;
}

/* True if a message about the data may be written: within the cap. */
static int
within_cap(void)
{
	if (message_cap.max != 0 && message_cap.shown >= message_cap.max) {
		message_cap.over++;
		return 0;
	}
	message_cap.shown++;
	return 1;
}

/* Keeps a message (message_text's) until diag_release. */
static void
keep(const char *text, size_t len, int capped)
{
	hold.text = xgrow(hold.text, &hold.textcap, hold.len + len + 1, 1);
	memcpy(hold.text + hold.len, text, len + 1);
	hold.msg = xgrow(hold.msg, &hold.cap, hold.n + 1, sizeof *hold.msg);
	hold.msg[hold.n].key = hold.key;
	hold.msg[hold.n].seq = hold.n;
	hold.msg[hold.n].capped = capped;
	hold.msg[hold.n++].at = hold.len;
	hold.len += len + 1;
}

void
diag_hold(void)
{
	hold.on = 1;
}

void
diag_hold_key(uint64_t key)
{
	hold.key = key;
}

static int
cmp_held(const void *pa, const void *pb)
{
	const struct held *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
diag_release(void)
{
	static char block[65536];
	size_t i, n, len = 0;

	hold.on = 0;
	if (hold.n > 1)
		qsort(hold.msg, hold.n, sizeof *hold.msg, cmp_held);
	for (i = 0; i < hold.n; i++) {	/* stderr is unbuffered: a write a block, not a message */
		if (hold.msg[i].capped && !within_cap())
			continue;
		n = strlen(hold.text + hold.msg[i].at);
		if (len + n > sizeof block) {
			fwrite(block, 1, len, stderr);
			len = 0;
		}
		if (n > sizeof block)
			fwrite(hold.text + hold.msg[i].at, 1, n, stderr);
		else {
			memcpy(block + len, hold.text + hold.msg[i].at, n);
			len += n;
		}
	}
	fwrite(block, 1, len, stderr);
	free(hold.msg);
	free(hold.text);
	hold.msg = NULL;
	hold.text = NULL;
	hold.n = hold.cap = hold.len = hold.textcap = 0;
}

/* One write a message (stderr is unbuffered): filters of one pipe telling
 * at once do not cut into each other's lines. */
static void
vwarn_at(const char *file, unsigned long line, const char *fmt, va_list ap)
{
	char buf[4096], *text;
	size_t len;

	text = message_text(buf, sizeof buf, &len, file, line, fmt, ap);
	if (hold.on)
		keep(text, len, file != NULL);
	else if (file == NULL || within_cap())
		fwrite(text, 1, len, stderr);
	if (text != buf)
		free(text);
}

void
diag_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_at(NULL, 0, fmt, ap);
	va_end(ap);
}

void
diag_warn_at(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_at(file, line, fmt, ap);
	va_end(ap);
}

void
diag_cap(unsigned long max)
{
	message_cap.max = max;
	message_cap.shown = message_cap.over = 0;
}

unsigned long
diag_cap_parse(const char *arg, const char *option)
{
	return opt_count(arg, option, ULONG_MAX);
}

unsigned long
diag_cap_end(void)
{
	unsigned long over = message_cap.over;

	if (over > 0)
		diag_warn("%lu more message%s not shown (--max-errors %lu)", over, over == 1 ? "" : "s", message_cap.max);
	message_cap.over = 0;
	return over;
}

void
diag_die(int status, const char *fmt, ...)
{
	va_list ap;

	diag_release();
	va_start(ap, fmt);
	vwarn_at(NULL, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
diag_die_errno(int status, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;
	char what[1024];

	diag_release();
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	diag_warn("%s: %s", what, strerror(saved));
	exit(status);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		diag_die(EXIT_TROUBLE, "out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		diag_die(EXIT_TROUBLE, "out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		diag_die(EXIT_TROUBLE, "out of memory");
	return p;
}

void *
xgrow(void *p, size_t *nmemb, size_t need, size_t size)
{
	size_t n = *nmemb;

	if (need <= n)
		return p;
	if (n < 16)
		n = 16;
	while (n < need) {
		if (n > ((size_t)-1) / 2 / size)
			diag_die(EXIT_TROUBLE, "out of memory");
		n *= 2;
	}
	p = xrealloc(p, n * size);
	*nmemb = n;
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
