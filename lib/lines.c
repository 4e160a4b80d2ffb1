#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "diag.h"
#include "lines.h"

enum { LINE_READ_SIZE = 1 << 18, GZ_IN_SIZE = 1 << 16 };

void
line_reader_fdopen(struct line_reader *lr, int fd, const char *name)
{
	memset(lr, 0, sizeof *lr);
	lr->fd = fd;
	lr->name = name;
	lr->cap = LINE_READ_SIZE + 1;
	lr->buf = xmalloc(lr->cap);
	lr->pipe = -1;
}

int
line_reader_open(struct line_reader *lr, const char *path)
{
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		line_reader_fdopen(lr, STDIN_FILENO, "stdin");
		return 0;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	line_reader_fdopen(lr, fd, path);
	lr->owns_fd = 1;
	return 0;
}

static ssize_t
read_raw(int fd, void *p, size_t n)
{
	ssize_t k;

	do
		k = read(fd, p, n);
	while (k == -1 && errno == EINTR);
	return k;
}

static ssize_t
gz_fail(struct line_reader *lr, const char *why)
{
	lr->zerr = why;
	errno = EILSEQ;
	return -1;
}

/* Inflates into dst (room bytes): how many came out, 0 at the end of the
 * last member, -1 on a read error or bad gzip data. */
static ssize_t
gz_read(struct line_reader *lr, char *dst, size_t room)
{
	z_stream *z = lr->gz;
	ssize_t k;
	int rc;

	z->next_out = (Bytef *)dst;
	z->avail_out = (uInt)room;
	while (z->avail_out == room) {
		if (z->avail_in == 0) {
			if ((k = read_raw(lr->fd, lr->zin, GZ_IN_SIZE)) == -1)
				return -1;
			if (k == 0)
				return lr->zend ? 0 : gz_fail(lr, "gzip data cut short");
			z->next_in = lr->zin;
			z->avail_in = (uInt)k;
		}
		if (lr->zend) {	/* gzip files may hold several members, one after another */
			if (inflateReset(z) != Z_OK)
				return gz_fail(lr, "gzip: cannot read the next member");
			lr->zend = 0;
		}
		rc = inflate(z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			lr->zend = 1;
		else if (rc != Z_OK && rc != Z_BUF_ERROR)
			return gz_fail(lr, z->msg != NULL ? z->msg : "not valid gzip data");
	}
	return (ssize_t)(room - z->avail_out);
}

/* Looks at the first bytes read: gzip's magic switches to inflating them. */
static int
sniff(struct line_reader *lr)
{
	z_stream *z;
	ssize_t n;
	size_t got = 0;

	lr->sniffed = 1;
	while (got < 2) {	/* a pipe may give one byte at a time */
		if ((n = read_raw(lr->fd, lr->buf + got, 2 - got)) == -1)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got < 2 || (unsigned char)lr->buf[0] != 0x1f || (unsigned char)lr->buf[1] != 0x8b) {
		lr->end = got;
		lr->eof = got < 2;
		return 0;
	}
	z = xcalloc(1, sizeof *z);
	lr->zin = xmalloc(GZ_IN_SIZE);
	memcpy(lr->zin, lr->buf, 2);
	z->next_in = lr->zin;
	z->avail_in = 2;
	if (inflateInit2(z, 15 + 16) != Z_OK) {	/* 16: a gzip header, not zlib's */
		free(z);
		return gz_fail(lr, "gzip: cannot start inflating");
	}
	lr->gz = z;
	return 0;
}

const char *
line_reader_strerror(const struct line_reader *lr)
{
	return lr->zerr != NULL ? lr->zerr : strerror(errno);
}

int
line_reader_next(struct line_reader *lr, char **line, size_t *len)
{
	char *nl;
	ssize_t n;
	size_t scanned = 0;

	if (!lr->sniffed && sniff(lr) == -1)
		return -1;
	for (;;) {
		nl = memchr(lr->buf + lr->pos + scanned, '\n', lr->end - lr->pos - scanned);
		if (nl != NULL) {
			*line = lr->buf + lr->pos;
			*len = (size_t)(nl - *line);
			*nl = '\0';
			lr->pos += *len + 1;
			lr->lineno++;
			return 1;
		}
		scanned = lr->end - lr->pos;
		if (lr->eof) {
			if (lr->pos == lr->end)
				return 0;
			*line = lr->buf + lr->pos;
			*len = lr->end - lr->pos;
			(*line)[*len] = '\0';	/* cap always exceeds end by one */
			lr->pos = lr->end;
			lr->lineno++;
			lr->missing_newline = 1;
			return 1;
		}
		if (lr->pos > 0) {
			memmove(lr->buf, lr->buf + lr->pos, lr->end - lr->pos);
			lr->end -= lr->pos;
			lr->pos = 0;
		}
		if (lr->cap - 1 - lr->end < LINE_READ_SIZE / 2 || lr->cap - 1 < lr->ahead) {
			lr->cap = (lr->cap - 1) * 2 + 1;
			if (lr->cap - 1 < lr->ahead)
				lr->cap = lr->ahead + 1;
			lr->buf = xrealloc(lr->buf, lr->cap);
		}
		if (lr->gz != NULL)
			n = gz_read(lr, lr->buf + lr->end, lr->cap - 1 - lr->end);
		else
			n = read_raw(lr->fd, lr->buf + lr->end, lr->cap - 1 - lr->end);
		if (n == -1)
			return -1;
		if (n == 0)
			lr->eof = 1;
		lr->end += (size_t)n;
		assert(lr->end < lr->cap);
	}
}

void
line_reader_readahead(struct line_reader *lr, size_t max)
{
	struct pollfd p;
	struct stat st;
	ssize_t n;

	if (lr->pipe == -1)
		lr->pipe = fstat(lr->fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
	if (!lr->pipe || !lr->sniffed || lr->gz != NULL || lr->eof)
		return;
	if (max > lr->ahead)
		lr->ahead = max;
	p.fd = lr->fd;
	p.events = POLLIN;
	/* into the room after the data only: the lines returned stay where they are */
	while (lr->end < lr->cap - 1 && poll(&p, 1, 0) == 1 && (p.revents & POLLIN)) {
		if ((n = read(lr->fd, lr->buf + lr->end, lr->cap - 1 - lr->end)) <= 0)
			return;	/* the end, or an error, is line_reader_next's to meet */
		lr->end += (size_t)n;
	}
}

void
line_reader_close(struct line_reader *lr)
{
	if (lr->owns_fd && lr->fd >= 0)
		close(lr->fd);
	if (lr->gz != NULL) {
		inflateEnd(lr->gz);
		free(lr->gz);
		lr->gz = NULL;
	}
	free(lr->zin);
	lr->zin = NULL;
	free(lr->buf);
	lr->buf = NULL;
	lr->fd = -1;
}
