/*
 * --format xlsx: the table as an Excel workbook, through libxlsxwriter (see
 * render.h; the choices in docs/spreadsheets.md). Figures are numbers, the
 * value exact as the input has it, shown with the decimals the other formats
 * show; flags in a column of their own after their figure; the title above,
 * the headings' row frozen, the key, the flags' legend and the source under
 * the table. libxlsxwriter writes a file: a temporary one, copied to r->out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "diag.h"
#include "render.h"
#include "utf8.h"

struct xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *head, *headnum, *whole, *dec[16];
	lxw_row_t row;
	lxw_error err;		/* the first write that failed */
};

static void
xlsx_check(struct xlsx *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
		x->err = e;
}

static void
xlsx_text(struct xlsx *x, lxw_col_t col, const char *s, lxw_format *f)
{
	if (*s != '\0')
		xlsx_check(x, worksheet_write_string(x->ws, x->row, col, s, f));
}

/* The number format of a figure shown as text: as many decimals as it has. */
static lxw_format *
xlsx_decimals(struct xlsx *x, const char *text)
{
	static const char pattern[] = "0.000000000000000";
	const char *dot = strchr(text, '.');
	size_t d = dot != NULL ? strspn(dot + 1, "0123456789") : 0;
	char fmt[sizeof pattern];

	if (d > 15)
		d = 15;
	if (x->dec[d] == NULL) {
		memcpy(fmt, pattern, d == 0 ? 1 : d + 2);
		fmt[d == 0 ? 1 : d + 2] = '\0';
		x->dec[d] = workbook_add_format(x->wb);
		format_set_num_format(x->dec[d], fmt);
	}
	return x->dec[d];
}

/* A cell: a figure as its number, a whole number written as a number only
 * when it prints back as written (a code "0012" stays text), text as text
 * (never a formula: a string cell is not evaluated), a missing figure empty. */
static void
xlsx_cell(struct xlsx *x, lxw_col_t col, const struct render_cell *c)
{
	char buf[NUM_FORMAT_MAX];
	size_t n = strlen(c->text);
	double v;

	if (c->numeric && c->has)
		xlsx_check(x, worksheet_write_number(x->ws, x->row, col, c->x, xlsx_decimals(x, c->text)));
	else if (n > 0 && n < sizeof buf && num_parse(c->text, n, &v) == NUM_OK &&
	    num_format(buf, sizeof buf, v, -1) == n && memcmp(buf, c->text, n) == 0)
		xlsx_check(x, worksheet_write_number(x->ws, x->row, col, v, x->whole));
	else
		xlsx_text(x, col, c->text, NULL);
}

/* Column widths from the headings and cells shown, in characters. */
static void
xlsx_widths(struct xlsx *x, const struct render_table *t, const unsigned char *after)
{
	lxw_col_t col = 0;
	size_t i, j, w, k;

	for (j = 0; j < t->ncols; j++) {
		w = utf8_width(t->head[j], strlen(t->head[j]));
		for (i = 0; i < t->nrows; i++)
			if ((k = utf8_width(t->cell[i][j].text, strlen(t->cell[i][j].text))) > w)
				w = k;
		xlsx_check(x, worksheet_set_column(x->ws, col, col, (double)(w > 60 ? 60 : w) + 2, NULL));
		col++;
		if (after[j])
			xlsx_check(x, worksheet_set_column(x->ws, col, col, 6, NULL));
		col += after[j];
	}
}

/* The headings' row, frozen, then the rows. */
static void
xlsx_body(struct xlsx *x, const struct render_table *t, const unsigned char *after)
{
	lxw_col_t col;
	size_t i, j;

	for (j = 0, col = 0; j < t->ncols; j++) {
		xlsx_text(x, col++, t->head[j], t->numeric_col[j] ? x->headnum : x->head);
		if (after[j])
			xlsx_text(x, col++, "flag", x->head);
	}
	worksheet_freeze_panes(x->ws, x->row + 1, 0);
	for (i = 0; i < t->nrows; i++) {
		x->row++;
		for (j = 0, col = 0; j < t->ncols; j++) {
			xlsx_cell(x, col++, &t->cell[i][j]);
			if (after[j])
				xlsx_text(x, col++, t->cell[i][j].flags, NULL);
		}
	}
}

/* Under the table, a line a row in the first column: the indicators' key,
 * the flags' legend, the source (and --date). */
static void
xlsx_tail(struct render *r, struct xlsx *x, const struct render_table *t)
{
	const char *words[26];
	size_t i, n;

	x->row++;
	if (t->nkey > 0) {
		x->row++;
		xlsx_text(x, 0, "Indicators:", x->bold);
		for (i = 0; i < t->nkey; i++) {
			x->row++;
			xlsx_text(x, 0, render_join(r, t->key[i], ": ", render_key_label(r, t->key[i])), NULL);
		}
	}
	if ((n = render_flag_words(t->legend, words)) > 0) {
		x->row++;
		xlsx_text(x, 0, "Flags:", x->bold);
		for (i = 0; i < n; i++) {
			x->row++;
			xlsx_text(x, 0, words[i], NULL);
		}
	}
	if (r->opt->source != NULL) {
		x->row += 2;
		xlsx_text(x, 0, render_join(r, "Source: ", "", r->opt->source), NULL);
	}
	if (r->opt->date != NULL) {
		x->row += r->opt->source == NULL ? 2 : 1;
		xlsx_text(x, 0, r->opt->date, NULL);
	}
}

/* The workbook's creation time: --date, else 1980-01-01; never the clock's,
 * so the same input gives the same bytes. */
static time_t
xlsx_created(const char *date)
{
	struct tm tm = { .tm_year = 80, .tm_mday = 1 };
	int y, m, d;
	char end;

	if (date != NULL && sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && y >= 1980 &&
	    m >= 1 && m <= 12 && d >= 1 && d <= 31) {
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d;
	}
	return timegm(&tm);
}

static void
xlsx_formats(struct xlsx *x)
{
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	x->headnum = workbook_add_format(x->wb);
	format_set_bold(x->headnum);
	format_set_bottom(x->headnum, LXW_BORDER_THIN);
	format_set_align(x->headnum, LXW_ALIGN_RIGHT);
	x->whole = workbook_add_format(x->wb);
	format_set_num_format(x->whole, "0");
}

/* Writes the sheet of t into the workbook at path; 0 or EXIT_TROUBLE, said. */
static int
xlsx_write(struct render *r, const struct render_table *t, const char *path, const char *tmpdir)
{
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir };
	lxw_doc_properties dp = { .title = (char *)r->opt->title, .created = xlsx_created(r->opt->date) };
	unsigned char *after = xcalloc(t->ncols + 1, 1);
	struct xlsx x = { 0 };
	lxw_error e;

	render_flag_after(t, after);
	if ((x.wb = workbook_new_opt(path, &wo)) == NULL) {
		free(after);
		diag_warn("cannot start a workbook in %s", tmpdir);
		return EXIT_TROUBLE;
	}
	xlsx_check(&x, workbook_set_properties(x.wb, &dp));
	xlsx_formats(&x);
	if ((x.ws = workbook_add_worksheet(x.wb, "Table")) == NULL)
		xlsx_check(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
	else {
		xlsx_widths(&x, t, after);
		if (r->opt->title != NULL) {
			xlsx_text(&x, 0, r->opt->title, x.bold);
			x.row = 2;
		}
		xlsx_body(&x, t, after);
		xlsx_tail(r, &x, t);
	}
	free(after);
	e = workbook_close(x.wb);
	if (x.err == LXW_NO_ERROR)
		x.err = e;
	if (x.err != LXW_NO_ERROR) {
		diag_warn("cannot write the workbook (in %s): %s", tmpdir, lxw_strerror(x.err));
		return EXIT_TROUBLE;
	}
	return 0;
}

/* Copies the file open at fd to r->out; 0 or EXIT_TROUBLE, said. */
static int
xlsx_copy(struct render *r, int fd)
{
	char buf[1 << 16];
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0) {
		diag_warn("cannot read the workbook back: %s", strerror(errno));
		return EXIT_TROUBLE;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_warn("cannot read the workbook back: %s", strerror(errno));
			return EXIT_TROUBLE;
		}
		out_bytes(&r->out, buf, (size_t)n);
	}
	return 0;
}

int
render_xlsx(struct render *r, struct render_table *t)
{
	const char *tmpdir = getenv("TMPDIR");
	char *path;
	int fd, rc;

	if (isatty(r->out.w.fd)) {
		diag_warn("--format xlsx writes a binary workbook, not for a terminal: "
		    "redirect it to a file (> table.xlsx) or a pipe");
		return EXIT_TROUBLE;
	}
	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	path = xmalloc(strlen(tmpdir) + sizeof "/mipexr-xlsx.XXXXXX");
	strcpy(path, tmpdir);
	strcat(path, "/mipexr-xlsx.XXXXXX");
	if ((fd = mkstemp(path)) < 0) {
		diag_warn("cannot make a temporary file in %s: %s", tmpdir, strerror(errno));
		free(path);
		return EXIT_TROUBLE;
	}
	rc = xlsx_write(r, t, path, tmpdir);
	unlink(path);	/* fd keeps it: libxlsxwriter's fopen truncated it, did not replace it */
	if (rc == 0)
		rc = xlsx_copy(r, fd);
	close(fd);
	free(path);
	return rc;
}
