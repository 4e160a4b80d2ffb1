/* A buffered line reader over a file descriptor: memchr on large reads. A
 * gzip-compressed input (Eurostat's bulk downloads are .tsv.gz) is read
 * decompressed, told by its magic bytes, not by its name. */
#ifndef MIPEXR_LINES_H
#define MIPEXR_LINES_H

#include <stddef.h>

struct line_reader {
	int fd;
	int owns_fd;
	const char *name;	/* display name for messages, not owned */
	char *buf;
	size_t cap, pos, end;
	unsigned long lineno;	/* number of the line last returned, from 1 */
	int eof;
	int missing_newline;	/* the last line returned had no final LF */
	int sniffed;		/* the first bytes were looked at for gzip's magic */
	void *gz;		/* a z_stream when the input is gzip, else NULL */
	unsigned char *zin;	/* compressed bytes read, not yet inflated */
	int zend;		/* the last gzip member ended */
	const char *zerr;	/* why the gzip data cannot be read, or NULL */
	size_t ahead;		/* line_reader_readahead's room, 0 until asked */
	int pipe;		/* the fd is a pipe or socket: 1, not: 0, not looked at yet: -1 */
};

/* Opens path ("-" or NULL: stdin) for reading. Returns 0, or -1 with errno set. */
int line_reader_open(struct line_reader *lr, const char *path);

/* Reads from an already open fd, which the reader does not close. */
void line_reader_fdopen(struct line_reader *lr, int fd, const char *name);

/* Returns 1 and the next line without its LF in *line and its length in *len, NUL-terminated in
 * the reader's buffer and writable; it stays valid until the next call. Returns
 * 0 at end of input, -1 on a read error (errno set). */
int line_reader_next(struct line_reader *lr, char **line, size_t *len);

/* Why the last line_reader_next returned -1: strerror(errno), or what is wrong
 * with the gzip data. */
const char *line_reader_strerror(const struct line_reader *lr);

/* Reads what a pipe has ready, without waiting, into the buffer's free room;
 * the buffer grows to hold up to max bytes on later calls of line_reader_next.
 * For a filter that stops reading to work on a block it holds (compare): the
 * filter before it in the pipe goes on writing meanwhile instead of waiting
 * for room in the pipe. The current line stays valid. Does nothing for a file
 * or gzip input. A read error is left for line_reader_next to meet. */
void line_reader_readahead(struct line_reader *lr, size_t max);
/* Frees the buffer and closes the fd if the reader opened it. */
void line_reader_close(struct line_reader *lr);

#endif
