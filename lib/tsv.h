/* The wire format of SPEC §3: a strict TSV reader and an escaping writer. */
#ifndef MIPEXR_TSV_H
#define MIPEXR_TSV_H

#include <stddef.h>

#include "arena.h"
#include "lines.h"

enum tsv_status {
	TSV_ROW = 1,	/* a row is in field[]/flen[] */
	TSV_END = 0,	/* end of input */
	TSV_BAD = -1,	/* a malformed line, reported and skipped; reading may go on */
	TSV_FAIL = -2	/* a read error, reported; stop */
};

struct tsv_reader {
	struct line_reader lr;
	const char *name;	/* display name, not owned */
	size_t ncols;
	char **names;		/* header, unescaped, owned */
	unsigned long line;	/* line number of the current row */
	const char *raw;	/* the current row as read, without LF; valid until next */
	size_t rawlen;
	char **field;		/* the current row's fields, unescaped, NUL-terminated */
	size_t *flen;
	int plain;		/* no escape in the row: its fields are the line cut at its
				 * TABs (tsv_put_row_copy writes their copy as the line) */
	int ascii;		/* no byte of the row above 0x7f: a field's display width is
				 * its length (0 may still be ASCII: the careful path) */
	char *rowbuf;
	size_t rowcap;
	unsigned long nbad;	/* malformed lines seen */
	int quiet;		/* set by the caller: tsv_next keeps its message for tsv_report */
	char why[256];		/* the message of the last TSV_BAD or TSV_FAIL */
	unsigned long why_line;	/* its line; 0 for a read error */
};

/* Opens path ("-" or NULL: stdin) and reads its header. Returns 0; or reports
 * "prog: FILE:LINE: ..." and returns EXIT_DATA (no header, a malformed or
 * duplicate column name) or EXIT_TROUBLE (cannot open or read). On failure
 * nothing needs closing. */
int tsv_open(struct tsv_reader *r, const char *path);

/* Reads the next row. A malformed line (ragged, NUL, CR, invalid UTF-8, blank,
 * bad escape) is reported with its line and returns TSV_BAD. The row's fields
 * stay valid until the next call. */
enum tsv_status tsv_next(struct tsv_reader *r);

/* Writes the message of the last TSV_BAD or TSV_FAIL, "prog: FILE:LINE: ...":
 * with quiet set, tsv_next leaves that to the caller, which may have earlier
 * rows to report first. */
void tsv_report(const struct tsv_reader *r);
/* Copies the current row's fields into a: ncols pointers to NUL-terminated,
 * unescaped fields, all owned by a (valid until arena_free). For filters
 * that hold a whole table; one copy per row, not one per field. */
char **tsv_row_copy(const struct tsv_reader *r, struct arena *a);

/* Index of the column named name, or -1. Call once per file, not per row. */
int tsv_column(const struct tsv_reader *r, const char *name);
/* The same among n names of a header kept (a table held whole): the first
 * equal to name, or -1. */
int tsv_name_index(char *const *names, size_t n, const char *name);

/* The indexes of the n columns a file must have, names[i]'s in idx[i].
 * Returns 0; or reports the first one missing, "prog: FILE:1: no column
 * 'NAME' (why)", and returns EXIT_DATA (idx is then partly filled). */
int tsv_columns(const struct tsv_reader *r, const char *const *names, int *idx, size_t n, const char *why);

/*
 * Where the current row came from, for messages: "FILE:LINE". With origin
 * >= 0 (the index of the column "origin", which mipexr-normalise --origin
 * writes: the user's extract and its line) and that field not empty, the
 * field itself, which outlives the temporary files of a pipeline; else the
 * reader's name and line. Written into buf (cap bytes, cut if longer);
 * returns buf.
 */
const char *tsv_place(const struct tsv_reader *r, int origin, char *buf, size_t cap);

/* Splits an origin field "FILE:LINE" (n bytes) at its last ':': the length
 * of FILE in *namelen, LINE in *line. Returns 0, or -1 when it is not of
 * that form (no ':', an empty FILE, or no line number after it). */
int tsv_origin_split(const char *s, size_t n, size_t *namelen, unsigned long *line);

/* Frees everything the reader owns and closes its file. */
void tsv_close(struct tsv_reader *r);

/* Splits line (len bytes, NUL-terminated, writable) in place at TABs and
 * unescapes each field. Stores at most max fields in field/flen; returns the
 * number of fields found, or 0 with *bad set to a message on a bad escape. */
size_t tsv_split(char *line, size_t len, char **field, size_t *flen, size_t max,
    const char **bad);

/* Returns a message if line is not acceptable TSV text (NUL, CR, invalid
 * UTF-8), else NULL. */
const char *tsv_check_text(const char *line, size_t len);

struct tsv_writer {
	int fd;
	int owns_fd;
	const char *name;	/* display name for messages, not owned */
	char *buf;
	size_t len, cap;
	size_t col;		/* fields written in the current row */
};

/* Writes to fd (not closed by tsv_writer_close unless opened by the writer). */
void tsv_writer_fdopen(struct tsv_writer *w, int fd, const char *name);

/* Creates or truncates path. Returns 0, or -1 with errno set. */
int tsv_writer_open(struct tsv_writer *w, const char *path);

/* Writes s escaped per SPEC §3 (TAB LF CR backslash as \t \n \r \\) into dst,
 * which must hold 2n bytes; returns the length written. */
size_t tsv_escape(char *dst, const char *s, size_t n);

/* Appends a field, escaped per SPEC §3, with a TAB before it unless first. */
void tsv_put_field(struct tsv_writer *w, const char *s, size_t n);
/* tsv_put_field of a NUL-terminated string. */
void tsv_put_str(struct tsv_writer *w, const char *s);

/* Appends a field already in wire form (no escaping). */
void tsv_put_wire(struct tsv_writer *w, const char *s, size_t n);

/* Appends a computed number (num_format rules; decimals < 0: 15 significant digits). */
void tsv_put_number(struct tsv_writer *w, double x, int decimals);

/* Appends the fields of a row already in wire form (a line as read, without
 * its LF); fields put after them get their TAB. */
void tsv_put_raw_fields(struct tsv_writer *w, const char *s, size_t n);

/* Appends, as it was read, a row that tsv_row_copy copied from a row read
 * plain (tsv_reader.plain): its ncols fields with TABs between them. A row
 * with escapes is put from its line as read (tsv_put_raw_fields). */
void tsv_put_row_copy(struct tsv_writer *w, char *const *field, size_t ncols);

/* Ends the row with LF. */
void tsv_end_row(struct tsv_writer *w);

/* Appends raw bytes (e.g. a line passed through unchanged). */
void tsv_put_bytes(struct tsv_writer *w, const char *s, size_t n);

/* Writes out the buffer. A failed write is reported and exits 2: a filter
 * never goes on, or exits 0, after losing output. */
void tsv_flush(struct tsv_writer *w);

/* Flushes, closes (checking close's error too) and frees the buffer; exits 2
 * on failure. For stdout this is the checked close of sbase's fshut. */
void tsv_writer_close(struct tsv_writer *w);

#endif
