/*
 * A plain table in text, Markdown or CSV without --sort, as render_text and
 * render_csv draw it but with no cell held: a first pass over the rows
 * decides which columns are figures and measures them, a second formats and
 * writes each row through the same cell writer. A regular file is read
 * twice, in constant memory; other input is held as its rows.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "num.h"
#include "render.h"
#include "tsv.h"
#include "utf8.h"

struct plain_col {
	char label;		/* render_label_kind of the heading */
	int decimals;		/* of its figures */
	struct render_figure_test test;
	size_t raww, textw;	/* widest as written, labelled */
	double least, greatest;	/* of the figures shown */
	int shown_any, dash;	/* a figure shown; an empty cell shown */
	int fig;		/* after the first pass: 2 figures, 1 whole numbers, 0 text */
	size_t w;
};

struct plain {
	struct render *r;
	size_t ncols;
	struct plain_col *col;
	int flagcol;
	size_t nrows, shown;	/* rows read by the first pass; of them, shown (--top) */
	int markdown, csv;	/* the style: r->opt's, at hand for every cell */
	flagset legend;		/* of the flag column's cells written */
	char num[NUM_FORMAT_MAX];
	char *md;		/* Markdown's escapes */
	size_t mdcap;
};

/* The width of s (n bytes) as written: escaped in Markdown. */
static inline size_t
shown_width(struct plain *p, const char *s, size_t n, int ascii)
{
	size_t len;

	if (p->markdown && (s = render_md_cell(s, n, &len, &p->md, &p->mdcap)) == p->md)
		return utf8_width(s, len);
	return ascii ? n : utf8_width(s, n);
}

/* Measures a row of fields f of lengths fl (ascii: no byte above 0x7f);
 * shown: a row of the table, not one --top leaves out. */
static void
plain_measure(struct plain *p, char *const *f, const size_t *fl, int ascii, int shown)
{
	size_t j, k;
	double x;

	for (j = 0; j < p->ncols; j++) {
		struct plain_col *c = &p->col[j];
		const char *s = f[j];
		size_t n = fl[j];

		if (render_figure_add(&c->test, s, n, &x) && shown) {
			/* the widest figure is the greatest or the least */
			if (!c->shown_any) {
				c->least = c->greatest = x;
				c->shown_any = 1;
			} else if (x > c->greatest)
				c->greatest = x;
			else if (x < c->least)
				c->least = x;
		}
		if (!shown)
			continue;
		if (c->label == 0 || c->test.ok) {
			k = shown_width(p, s, n, ascii);
			if (k > c->raww)
				c->raww = k;
		}
		if (c->label != 0) {
			const char *t = render_label_text(p->r, c->label, s);

			k = t != s ? shown_width(p, t, strlen(t), 0) : shown_width(p, s, n, ascii);
			if (k > c->textw)
				c->textw = k;
		}
		if (n == 0)
			c->dash = 1;
	}
}

/* The width of a figure column, from its extremes: num_format is monotonic,
 * and its width grows with the magnitude on either side of 0. */
static size_t
plain_figure_width(struct plain *p, const struct plain_col *c)
{
	size_t w = c->dash ? 1 : 0, k;

	if (c->shown_any) {
		if ((k = num_format(p->num, sizeof p->num, c->least, c->decimals)) > w)
			w = k;
		if ((k = num_format(p->num, sizeof p->num, c->greatest, c->decimals)) > w)
			w = k;
	}
	return w;
}

/* The text of cell j, its length and width; NULL if a figure column's value
 * is no longer a number (the file changed between the passes). */
static const char *
plain_cell(struct plain *p, size_t j, const char *s, size_t n, int ascii, size_t *len, size_t *width)
{
	const struct plain_col *c = &p->col[j];
	int csv = p->csv;
	const char *t;
	double x;

	if (c->fig == 2) {
		if (n == 0) {	/* missing: a dash, but nothing in CSV */
			*len = csv ? 0 : sizeof "–" - 1;
			*width = *len > 0;
			return csv ? "" : "–";
		}
		if (num_parse(s, n, &x) != NUM_OK)
			return NULL;
		*len = *width = num_format(p->num, sizeof p->num, x, c->decimals);
		return p->num;
	}
	if (c->fig == 1 || c->label == 0 || (t = render_label_text(p->r, c->label, s)) == s)
		t = s;
	else {
		n = strlen(t);
		ascii = 0;
	}
	if (p->markdown && (t = render_md_cell(t, n, &n, &p->md, &p->mdcap)) == p->md)
		ascii = 0;
	*len = n;
	*width = ascii ? n : utf8_width(t, n);
	return t;
}

/* Writes a row; -1 if it does not fit the columns measured. */
static int
plain_write(struct plain *p, char *const *f, const size_t *fl, int ascii)
{
	struct render *r = p->r;
	const char *t;
	size_t j, len, cw;
	flagset fs;

	for (j = 0; j < p->ncols; j++) {
		if ((t = plain_cell(p, j, f[j], fl[j], ascii, &len, &cw)) == NULL)
			return -1;
		if (p->csv) {
			render_csv_field(r, t, j == 0);
			continue;
		}
		if (cw > p->col[j].w)
			return -1;
		if ((int)j == p->flagcol && !(p->col[j].fig == 2 && fl[j] == 0) &&
		    flags_parse(t, len, &fs) == 0)
			p->legend |= fs;
		render_text_cell(r, j, p->ncols, p->col[j].fig != 0, t, len, cw, p->col[j].w, 0);
	}
	if (p->csv)
		out_bytes(&r->out, "\r\n", 2);
	else
		render_text_row_end(r);
	return 0;
}

/* Whether the file read again is the file measured: the same, unchanged. */
static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static _Noreturn void
plain_changed(const char *name)
{
	diag_die(EXIT_TROUBLE, "%s: changed while it was read twice (to measure the columns, then "
	    "to write them): the table written is incomplete", name);
}

/* What follows the rows: render_text_tail's, nothing in CSV. */
static void
plain_tail(struct plain *p)
{
	struct render_table t = { .legend = p->legend };

	if (!p->r->opt->csv)
		render_text_tail(p->r, &t);
}

/* The first pass over the reader: measures the rows --where selects. */
static int
measure_file(struct plain *p, struct tsv_reader *tr)
{
	struct render *r = p->r;
	enum tsv_status ts;

	while ((ts = tsv_next(tr)) == TSV_ROW) {
		if (r->where.n > 0 && !render_where_selects(&r->where, tr->field))
			continue;
		plain_measure(p, tr->field, tr->flen, tr->ascii, r->opt->top < 0 || p->nrows < (size_t)r->opt->top);
		p->nrows++;
	}
	if (r->where.n == 0)
		r->where.rows = r->where.selected = p->nrows;
	if (ts != TSV_END)
		return ts == TSV_FAIL ? EXIT_TROUBLE : EXIT_DATA;
	return 0;
}

/* The columns' kinds and widths once measured, and the table's head. */
static void
plain_head(struct plain *p, char *const *names)
{
	size_t j, k, *w = xcalloc(p->ncols + 1, sizeof *w);
	int *numeric = xcalloc(p->ncols + 1, sizeof *numeric);

	p->shown = p->r->opt->top >= 0 && (size_t)p->r->opt->top < p->nrows ? (size_t)p->r->opt->top : p->nrows;
	for (j = 0; j < p->ncols; j++) {
		struct plain_col *c = &p->col[j];
		const char *h = names[j];

		c->fig = render_figure_kind(&c->test);
		c->w = c->fig == 2 ? plain_figure_width(p, c) : c->fig == 1 || c->label == 0 ? c->raww : c->textw;
		if (p->r->opt->markdown)
			h = render_md_cell(h, strlen(h), &k, &p->md, &p->mdcap);
		if ((k = utf8_width(h, strlen(h))) > c->w)
			c->w = k;
		w[j] = c->w;
		numeric[j] = c->fig != 0;
	}
	if (p->r->opt->csv)
		render_csv_head(p->r, (const char *const *)names, p->ncols);
	else
		render_text_head(p->r, (const char *const *)names, p->ncols, w, numeric);
	free(w);
	free(numeric);
}

/* The second pass, over the same file unless it changed or was replaced;
 * stdin from offset start, or start -1 for a file named. */
static void
write_again(struct plain *p, struct tsv_reader *tr, const char *path, const struct stat *st, off_t start)
{
	struct render *r = p->r;
	const char *name = tr->name;
	enum tsv_status ts;
	struct stat st2;
	size_t i;

	tsv_close(tr);
	if (start >= 0 && lseek(0, start, SEEK_SET) == -1)
		diag_die_errno(EXIT_TROUBLE, "%s: cannot be read again", name);
	if (tsv_open(tr, path) != 0)
		diag_die(EXIT_TROUBLE, "%s: could not be read again to write the table", name);
	if (fstat(tr->lr.fd, &st2) == -1 || !same_file(st, &st2) || tr->ncols != p->ncols)
		plain_changed(name);
	for (i = 0; i < p->shown; i++) {
		while ((ts = tsv_next(tr)) == TSV_ROW && r->where.n > 0 && !render_where_test(&r->where, tr->field))
			;	/* a row not selected, as in the first pass */
		if (ts != TSV_ROW || plain_write(p, tr->field, tr->flen, tr->ascii) != 0)
			plain_changed(name);
	}
	if (p->shown == p->nrows) {	/* all shown: what is left is rows not selected */
		while ((ts = tsv_next(tr)) == TSV_ROW && r->where.n > 0 && !render_where_test(&r->where, tr->field))
			;
		if (ts != TSV_END)
			plain_changed(name);
	}
	if (fstat(tr->lr.fd, &st2) == -1 || !same_file(st, &st2))
		plain_changed(name);
}

/* The rows held (input not a regular file): measured, then written. */
static void
held(struct plain *p, const struct render_input *in, int measuring)
{
	size_t i, j, n = measuring ? in->nrows : p->shown, *fl = xcalloc(p->ncols + 1, sizeof *fl);
	long top = p->r->opt->top;

	for (i = 0; i < n; i++) {
		for (j = 0; j < p->ncols; j++)
			fl[j] = strlen(in->rows[i][j]);
		if (measuring)
			plain_measure(p, in->rows[i], fl, 0, top < 0 || i < (size_t)top);
		else if (plain_write(p, in->rows[i], fl, 0) != 0)
			abort();	/* the rows held are the rows measured */
	}
	if (measuring)
		p->nrows = in->nrows;
	free(fl);
}

int
render_stream(struct render *r, const char *path, struct render_input *in)
{
	struct tsv_reader tr;
	struct plain p = { .r = r, .markdown = r->opt->markdown, .csv = r->opt->csv };
	struct stat st;
	int from_stdin = path == NULL || strcmp(path, "-") == 0, twice, rc, selected = 0;
	off_t start = from_stdin ? lseek(0, 0, SEEK_CUR) : 0;
	char *const *names;
	size_t j;

	if ((rc = tsv_open(&tr, path)) != 0)
		return rc;
	twice = start != -1 && fstat(tr.lr.fd, &st) == 0 && S_ISREG(st.st_mode);
	if (!twice && (rc = render_read_rows(r, &tr, in)) != 0)
		return rc;
	if (twice && (rc = render_where_columns(&r->where, tr.name, tr.names, tr.ncols)) != 0)
		goto done;
	if ((rc = render_load_labels(r)) != 0)
		goto done;
	p.ncols = twice ? tr.ncols : in->ncols;
	names = twice ? tr.names : in->names;
	p.col = xcalloc(p.ncols, sizeof *p.col);
	p.flagcol = tsv_name_index(names, p.ncols, "flag");
	for (j = 0; j < p.ncols; j++) {
		p.col[j].label = r->opt->codes ? 0 : render_label_kind(names[j]);	/* --codes: as written */
		p.col[j].decimals = render_decimals(r, names[j]);
		p.col[j].test.ok = 1;
	}
	if (twice && (rc = measure_file(&p, &tr)) != 0)
		goto done;
	if (!twice)
		held(&p, in, 1);
	selected = render_where_end(&r->where);
	plain_head(&p, names);
	if (twice)
		write_again(&p, &tr, path, &st, from_stdin ? start : -1);
	else
		held(&p, in, 0);
	plain_tail(&p);
	r->shown_rows = p.shown;
	r->shown_cols = p.ncols;
done:
	if (twice)
		tsv_close(&tr);
	free(p.col);
	free(p.md);
	return rc != 0 ? rc : selected;
}
