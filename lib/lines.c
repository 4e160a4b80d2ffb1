#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "lines.h"

enum { LINE_READ_SIZE = 1 << 18 };

void
line_reader_fdopen(struct line_reader *lr, int fd, const char *name)
{
	memset(lr, 0, sizeof *lr);
	lr->fd = fd;
	lr->name = name;
	lr->cap = LINE_READ_SIZE + 1;
	lr->buf = xmalloc(lr->cap);
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

int
line_reader_next(struct line_reader *lr, char **line, size_t *len)
{
	char *nl;
	ssize_t n;
	size_t scanned = 0;

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
		if (lr->cap - 1 - lr->end < LINE_READ_SIZE / 2) {
			lr->cap = (lr->cap - 1) * 2 + 1;
			lr->buf = xrealloc(lr->buf, lr->cap);
		}
		do
			n = read(lr->fd, lr->buf + lr->end, lr->cap - 1 - lr->end);
		while (n == -1 && errno == EINTR);
		if (n == -1)
			return -1;
		if (n == 0)
			lr->eof = 1;
		lr->end += (size_t)n;
		assert(lr->end < lr->cap);
	}
}

void
line_reader_close(struct line_reader *lr)
{
	if (lr->owns_fd && lr->fd >= 0)
		close(lr->fd);
	free(lr->buf);
	lr->buf = NULL;
	lr->fd = -1;
}
