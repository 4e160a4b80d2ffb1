#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "diag.h"
#include "num.h"
#include "strmap.h"
#include "tsv.h"
#include "utf8.h"

const char *
tsv_check_text(const char *line, size_t len)
{
	if (memchr(line, '\0', len) != NULL)
		return "NUL byte";
	if (memchr(line, '\r', len) != NULL)
		return "CR in a field (CRLF line ends are not TSV: convert with normalise)";
	if (utf8_invalid(line, len) != len)
		return "invalid UTF-8";
	return NULL;
}

/* Unescapes s[0..n) in place; returns the new length or (size_t)-1. */
static size_t
unescape(char *s, size_t n)
{
	char *r = memchr(s, '\\', n), *w, *end = s + n;

	if (r == NULL)
		return n;
	w = r;
	while (r < end) {
		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		if (r + 1 == end)
			return (size_t)-1;
		switch (r[1]) {
		case 't': *w++ = '\t'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case '\\': *w++ = '\\'; break;
		default: return (size_t)-1;
		}
		r += 2;
	}
	*w = '\0';
	return (size_t)(w - s);
}

size_t
tsv_split(char *line, size_t len, char **field, size_t *flen, size_t max,
    const char **bad)
{
	char *p = line, *end = line + len, *tab;
	size_t nf = 0, n;
	int escapes = memchr(line, '\\', len) != NULL;	/* rare: one look for the whole line */

	*bad = NULL;
	for (;;) {
		tab = memchr(p, '\t', (size_t)(end - p));
		if (tab == NULL)
			tab = end;
		*tab = '\0';
		n = escapes ? unescape(p, (size_t)(tab - p)) : (size_t)(tab - p);
		if (n == (size_t)-1) {
			*bad = "bad escape (only \\t \\n \\r \\\\ are allowed)";
			return 0;
		}
		if (nf < max) {
			field[nf] = p;
			flen[nf] = n;
		}
		nf++;
		if (tab == end)
			return nf;
		p = tab + 1;
	}
}

/* What split_plain does with a byte: 0 nothing. */
enum { PLAIN = 0, TAB, HIGH, CAREFUL };
static const unsigned char byte_class[256] = {
	[0] = CAREFUL, ['\t'] = TAB, ['\r'] = CAREFUL, ['\\'] = CAREFUL,
	[0x80] = HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH,
	HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH,
	HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH,
	HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH,
	HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH,
	HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH,
	HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH,
	HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH,
};

/* Ends field nf at d[end] (a TAB or the line's end), begun at d[start]. */
static inline void
field_end(struct tsv_reader *r, size_t nf, char *d, size_t start, size_t end)
{
	d[end] = '\0';
	if (nf < r->ncols) {
		r->field[nf] = d + start;
		r->flen[nf] = end - start;
	}
}

/*
 * The common row: copied into rowbuf, split at TABs, checked. Returns the
 * number of fields, or 0 with *bad set (invalid UTF-8), or 0 with *bad NULL
 * for a line with a backslash, NUL or CR, which tsv_next reads the careful
 * way. Fields are short, a few bytes between TABs: the line is looked at 16
 * bytes a step where the machine can (SSE2, every x86-64), else a byte a step
 * with a table of the four bytes that matter, never a call per field.
 */
static size_t
split_plain(struct tsv_reader *r, const char *line, size_t len, const char **bad)
{
	char *d = r->rowbuf;
	size_t nf = 0, i = 0, start = 0;
	unsigned high = 0;
	unsigned char k;

	*bad = NULL;
	memcpy(d, line, len);
#if defined(__SSE2__)
	{
		const __m128i tab = _mm_set1_epi8('\t'), bs = _mm_set1_epi8('\\'), cr = _mm_set1_epi8('\r'),
		    nul = _mm_setzero_si128();

		for (; i + 16 <= len; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
			unsigned tabs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, tab));

			if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, bs),
			    _mm_cmpeq_epi8(v, cr)), _mm_cmpeq_epi8(v, nul))) != 0)
				return 0;
			high |= (unsigned)_mm_movemask_epi8(v);
			for (; tabs != 0; tabs &= tabs - 1) {
				size_t t = i + (size_t)__builtin_ctz(tabs);

				field_end(r, nf++, d, start, t);
				start = t + 1;
			}
		}
	}
#endif
	for (; i < len; i++) {
		if ((k = byte_class[(unsigned char)d[i]]) == PLAIN)
			continue;
		if (k == CAREFUL)
			return 0;
		if (k == HIGH) {
			high = 1;
			continue;
		}
		field_end(r, nf++, d, start, i);	/* TAB */
		start = i + 1;
	}
	field_end(r, nf++, d, start, len);
	r->ascii = high == 0;
	r->plain = 1;
	if (high != 0 && utf8_invalid(line, len) != len) {
		*bad = "invalid UTF-8";
		return 0;
	}
	return nf;
}

static int
read_fail(struct tsv_reader *r)
{
	diag_warn("%s: read error: %s", r->name, line_reader_strerror(&r->lr));
	return EXIT_TROUBLE;
}

int
tsv_open(struct tsv_reader *r, const char *path)
{
	char *line, **f;
	size_t len, *fl, n, i, cap = 0;
	const char *bad;
	struct strmap seen;
	int rc, status = 0;

	memset(r, 0, sizeof *r);
	r->name = diag_name(path);
	if (line_reader_open(&r->lr, path) == -1) {
		diag_warn("%s: %s", r->name, strerror(errno));
		return EXIT_TROUBLE;
	}
	rc = line_reader_next(&r->lr, &line, &len);
	if (rc == -1) {
		status = read_fail(r);
		goto fail;
	}
	if (rc == 0) {
		diag_warn_at(r->name, 1, "empty input: a header line is required");
		status = EXIT_DATA;
		goto fail;
	}
	r->line = 1;
	if ((bad = tsv_check_text(line, len)) != NULL || (len == 0 && (bad = "blank header line"))) {
		diag_warn_at(r->name, 1, "%s", bad);
		status = EXIT_DATA;
		goto fail;
	}
	for (n = 1, i = 0; i < len; i++)
		n += line[i] == '\t';
	f = xgrow(NULL, &cap, n, sizeof *f);
	fl = xmalloc(cap * sizeof *fl);
	n = tsv_split(line, len, f, fl, n, &bad);
	if (bad != NULL) {
		diag_warn_at(r->name, 1, "%s", bad);
		free(f);
		free(fl);
		status = EXIT_DATA;
		goto fail;
	}
	r->ncols = n;
	r->names = xmalloc(n * sizeof *r->names);
	strmap_init(&seen);
	for (i = 0; i < n; i++) {
		r->names[i] = xstrndup(f[i], fl[i]);
		if (fl[i] == 0 && status == 0) {
			diag_warn_at(r->name, 1, "column %zu has no name", i + 1);
			status = EXIT_DATA;
		}
	}
	for (i = 0; i < n && status == 0; i++) {
		int added;
		void **v = strmap_put(&seen, r->names[i], strlen(r->names[i]), &added);

		if (!added) {
			diag_warn_at(r->name, 1, "duplicate column '%s' (columns %zu and %zu)",
			    r->names[i], (size_t)*v, i + 1);
			status = EXIT_DATA;
		} else
			*v = (void *)(i + 1);
	}
	strmap_free(&seen, NULL);
	free(f);
	free(fl);
	if (status != 0)
		goto fail;
	r->field = xmalloc((n + 1) * sizeof *r->field);
	r->flen = xmalloc((n + 1) * sizeof *r->flen);
	return 0;
fail:
	tsv_close(r);
	return status;
}

enum tsv_status
tsv_next(struct tsv_reader *r)
{
	char *line;
	size_t len, nf;
	const char *bad;
	int rc;

	rc = line_reader_next(&r->lr, &line, &len);
	if (rc == 0)
		return TSV_END;
	if (rc == -1) {
		snprintf(r->why, sizeof r->why, "%s: read error: %s", r->name, line_reader_strerror(&r->lr));
		r->why_line = 0;
		if (!r->quiet)
			tsv_report(r);
		return TSV_FAIL;
	}
	r->line = r->lr.lineno;
	r->raw = line;
	r->rawlen = len;
	if (len == 0) {
		bad = "blank line";
		goto bad;
	}
	if (len + 1 > r->rowcap) {
		r->rowcap = len + 1 > 4096 ? len + 1 : 4096;
		free(r->rowbuf);
		r->rowbuf = xmalloc(r->rowcap);
	}
	if ((nf = split_plain(r, line, len, &bad)) == 0 && bad == NULL) {
		/* a backslash, NUL or CR: the careful way, which says what is wrong */
		r->ascii = 0;
		r->plain = 0;
		if ((bad = tsv_check_text(line, len)) != NULL)
			goto bad;
		memcpy(r->rowbuf, line, len + 1);
		nf = tsv_split(r->rowbuf, len, r->field, r->flen, r->ncols, &bad);
	}
	if (bad != NULL)
		goto bad;
	if (nf != r->ncols) {
		snprintf(r->why, sizeof r->why, "ragged row: %zu field%s, the header has %zu",
		    nf, nf == 1 ? "" : "s", r->ncols);
		bad = r->why;
	}
	if (bad == NULL)
		return TSV_ROW;
bad:
	if (bad != r->why)
		snprintf(r->why, sizeof r->why, "%s", bad);
	r->why_line = r->line;
	if (!r->quiet)
		tsv_report(r);
	r->nbad++;
	return TSV_BAD;
}

void
tsv_report(const struct tsv_reader *r)
{
	if (r->why_line > 0)
		diag_warn_at(r->name, r->why_line, "%s", r->why);
	else
		diag_warn("%s", r->why);
}

char **
tsv_row_copy(const struct tsv_reader *r, struct arena *a)
{
	/* tsv_split left every field in rowbuf, NUL-terminated, in order */
	const char *end = r->field[r->ncols - 1] + r->flen[r->ncols - 1] + 1;
	size_t n = (size_t)(end - r->rowbuf), j;
	char **field = arena_alloc(a, r->ncols * sizeof *field);
	char *text = arena_alloc(a, n);

	assert(r->ncols > 0 && end > r->rowbuf && n <= r->rowcap);
	memcpy(text, r->rowbuf, n);
	for (j = 0; j < r->ncols; j++)
		field[j] = text + (r->field[j] - r->rowbuf);
	return field;
}

int
tsv_name_index(char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

int
tsv_column(const struct tsv_reader *r, const char *name)
{
	return tsv_name_index(r->names, r->ncols, name);
}

int
tsv_columns(const struct tsv_reader *r, const char *const *names, int *idx, size_t n, const char *why)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((idx[i] = tsv_column(r, names[i])) < 0) {
			diag_warn_at(r->name, 1, "no column '%s' (%s)", names[i], why);
			return EXIT_DATA;
		}
	return 0;
}

const char *
tsv_place(const struct tsv_reader *r, int origin, char *buf, size_t cap)
{
	assert(cap > 0);
	if (origin >= 0 && (size_t)origin < r->ncols && r->flen[origin] > 0)
		snprintf(buf, cap, "%s", r->field[origin]);
	else
		snprintf(buf, cap, "%s:%lu", r->name, r->line);
	return buf;
}

int
tsv_origin_split(const char *s, size_t n, size_t *namelen, unsigned long *line)
{
	size_t colon = n, i;
	unsigned long x = 0;

	while (colon > 0 && s[colon - 1] != ':')
		colon--;
	if (colon < 2 || colon == n || n - colon > 15)
		return -1;
	for (i = colon; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (unsigned long)(s[i] - '0');
	}
	*namelen = colon - 1;
	*line = x;
	return 0;
}

void
tsv_close(struct tsv_reader *r)
{
	size_t i;

	if (r->lr.buf != NULL)
		line_reader_close(&r->lr);
	for (i = 0; r->names != NULL && i < r->ncols; i++)
		free(r->names[i]);
	free(r->names);
	free(r->field);
	free(r->flen);
	free(r->rowbuf);
	r->names = NULL;
	r->field = NULL;
	r->flen = NULL;
	r->rowbuf = NULL;
}

enum { WRITE_BUF = 1 << 16 };

void
tsv_writer_fdopen(struct tsv_writer *w, int fd, const char *name)
{
	memset(w, 0, sizeof *w);
	w->fd = fd;
	w->name = name;
	w->cap = WRITE_BUF;
	w->buf = xmalloc(w->cap);
}

int
tsv_writer_open(struct tsv_writer *w, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

	if (fd == -1)
		return -1;
	tsv_writer_fdopen(w, fd, path);
	w->owns_fd = 1;
	return 0;
}

void
tsv_flush(struct tsv_writer *w)
{
	size_t off = 0;
	ssize_t n;

	while (off < w->len) {
		n = write(w->fd, w->buf + off, w->len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			diag_die_errno(EXIT_TROUBLE, "%s: write error", w->name);
		off += (size_t)n;
	}
	w->len = 0;
}

void
tsv_put_bytes(struct tsv_writer *w, const char *s, size_t n)
{
	if (w->len + n > w->cap) {
		tsv_flush(w);
		if (n >= w->cap) {
			size_t off = 0;
			ssize_t k;

			while (off < n) {
				k = write(w->fd, s + off, n - off);
				if (k == -1 && errno == EINTR)
					continue;
				if (k <= 0)
					diag_die_errno(EXIT_TROUBLE, "%s: write error", w->name);
				off += (size_t)k;
			}
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void
put_sep(struct tsv_writer *w)
{
	if (w->col++ > 0) {
		if (w->len == w->cap)
			tsv_flush(w);
		w->buf[w->len++] = '\t';
	}
}

void
tsv_put_wire(struct tsv_writer *w, const char *s, size_t n)
{
	put_sep(w);
	tsv_put_bytes(w, s, n);
}

/* The bytes the wire format escapes, TAB LF CR backslash, and their letters. */
static const char escape_letter[256] = { ['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r', ['\\'] = '\\' };

size_t
tsv_escape(char *dst, const char *s, size_t n)
{
	char *d = dst, e;
	size_t i;

	/* copied as scanned: fields are short, and a memcpy call costs more */
	for (i = 0; i < n; i++)
		if ((e = escape_letter[(unsigned char)s[i]]) == 0)
			*d++ = s[i];
		else {
			*d++ = '\\';
			*d++ = e;
		}
	return (size_t)(d - dst);
}

void
tsv_put_row_copy(struct tsv_writer *w, char *const *field, size_t ncols)
{
	const char *s = field[0];
	size_t n, k, i;
	char *d;

	assert(ncols > 0);
	n = (size_t)(field[ncols - 1] - s) + strlen(field[ncols - 1]);
	put_sep(w);
	if (n <= w->cap - w->len) {	/* the common case: the NULs that ended fields, TABs again */
		d = w->buf + w->len;
		memcpy(d, s, n);
		for (i = 1; i < ncols; i++)
			d[field[i] - s - 1] = '\t';
		w->len += n;
		return;
	}
	for (; n > 0; n -= k, s += k) {
		if (w->len == w->cap)
			tsv_flush(w);
		k = n < w->cap - w->len ? n : w->cap - w->len;
		d = w->buf + w->len;
		memcpy(d, s, k);
		for (i = 0; i < k; i++)
			if (d[i] == '\0')
				d[i] = '\t';
		w->len += k;
	}
}

void
tsv_put_raw_fields(struct tsv_writer *w, const char *s, size_t n)
{
	put_sep(w);
	tsv_put_bytes(w, s, n);
}

void
tsv_put_field(struct tsv_writer *w, const char *s, size_t n)
{
	size_t chunk;

	put_sep(w);
	if (2 * n <= w->cap - w->len) {	/* the common case: room for the worst */
		w->len += tsv_escape(w->buf + w->len, s, n);
		return;
	}
	while (n > 0) {
		chunk = n < w->cap / 2 ? n : w->cap / 2;
		if (w->cap - w->len < 2 * chunk)
			tsv_flush(w);
		w->len += tsv_escape(w->buf + w->len, s, chunk);
		s += chunk;
		n -= chunk;
	}
}

void
tsv_put_str(struct tsv_writer *w, const char *s)
{
	tsv_put_field(w, s, strlen(s));
}

void
tsv_put_number(struct tsv_writer *w, double x, int decimals)
{
	char buf[NUM_FORMAT_MAX];
	size_t n = num_format(buf, sizeof buf, x, decimals);

	tsv_put_wire(w, buf, n);
}

void
tsv_end_row(struct tsv_writer *w)
{
	if (w->len == w->cap)
		tsv_flush(w);
	w->buf[w->len++] = '\n';
	w->col = 0;
}

void
tsv_writer_close(struct tsv_writer *w)
{
	if (w->buf == NULL)
		return;
	tsv_flush(w);
	free(w->buf);
	w->buf = NULL;
	if (w->fd == STDOUT_FILENO || w->owns_fd) {
		if (close(w->fd) == -1 && errno != EINTR)
			diag_die_errno(EXIT_TROUBLE, "%s: close", w->name);
	}
	w->fd = -1;
}
