/*
 * mipexr-render-table: any stage's TSV as a table or chart for people: aligned
 * text, Markdown, CSV for spreadsheets, a self-contained HTML page, an SVG bar
 * chart. Codes get their names, figures their flags, missing cells a dash.
 */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "catalogue.h"
#include "diag.h"
#include "flags.h"
#include "geo.h"
#include "laea.h"
#include "num.h"
#include "nuts.h"
#include "strmap.h"
#include "tally.h"
#include "tsv.h"
#include "utf8.h"

static const char usage_text[] =
	"[--format text|md|csv|html|svg|map] [--rows COL --cols COL --value COL ...]\n"
	"[--geometry GEOJSON] [--classes quantile|equal|diverging]\n"
	"[--where COL=VALUE ...] [--sort COL] [--top N] [-p DECIMALS] [--codes] [--excel]\n"
	"[--title TEXT] [--source TEXT] [--date YYYY-MM-DD] [--max-errors N] [file]";

enum format { F_TEXT, F_MD, F_CSV, F_HTML, F_SVG, F_MAP };

/* A cell of the output table: its text and, for figures, the number. */
struct cell {			/* one a field of the whole table: kept small */
	const char *text;	/* as shown, without flags */
	const char *flags;	/* "" or letters */
	double x;
	uint32_t width;		/* render_text's: of the text with its flags, in columns */
	unsigned char numeric, has;	/* a figure; a figure that is there */
	char polarity;		/* of the row's indicator, for colours */
	unsigned char width_is_len;	/* and that is its length in bytes (ASCII) */
};

struct table {
	const char **head;	/* column headings */
	size_t ncols;
	struct cell **cell;	/* rows × ncols */
	size_t nrows, rowcap;
	int *numeric_col;	/* right-aligned */
	char *kind;		/* per column: 'g' gap, 's' score, 0 other (colours) */
	int flagcol;		/* a column of flags shown as it is, or -1 */
};

static struct {
	enum format format;
	const char *rows, *cols, *sort, *title, *source, *date, *geometry;
	int classes;		/* enum geo_classing, or -1: by the column */
	const char *values[16];
	size_t nvalues;
	long top;
	int decimals, codes, excel;
	struct nuts *nuts;
	struct catalogue *cat;
	flagset legend;
	struct arena text;	/* the tables' strings: cells, headings, labels; freed at exit */
	struct tsv_writer out;
	char *join;		/* label_text's joins */
	size_t joincap;
} o = { .decimals = -1, .top = -1, .classes = -1 };

static _Noreturn void
usage(void)
{
	diag_usage(usage_text);
}

/* --where COL=VALUE: the rows drawn are those with every such value. */
static struct where {
	const char *arg;	/* COL=VALUE as given */
	char *column;		/* COL, owned */
	const char *value;	/* VALUE, in arg */
	int col;		/* its index in the input */
	size_t matched;		/* rows with this value */
	struct strmap seen;	/* the column's values, for a message when none matched */
	const char *last;	/* the last value put in seen */
} *wheres;
static size_t nwhere, wherecap, where_rows, selected_rows;

/* Takes --where arg: COL=VALUE, COL not empty. */
static void
where_add(const char *arg)
{
	const char *eq = strchr(arg, '=');
	struct where *w;

	if (eq == NULL || eq == arg)
		diag_die(EXIT_TROUBLE, "--where takes COLUMN=VALUE, not \"%s\"", arg);
	wheres = xgrow(wheres, &wherecap, nwhere + 1, sizeof *wheres);
	w = &wheres[nwhere++];
	memset(w, 0, sizeof *w);
	w->arg = arg;
	w->column = xstrndup(arg, (size_t)(eq - arg));
	w->value = eq + 1;
	strmap_init(&w->seen);
}

/* Finds the --where columns among a file's: a column it has not is refused,
 * naming those it has. Returns 0 or EXIT_DATA. */
static int
where_columns(const char *name, char *const *names, size_t ncols)
{
	size_t k, j, len;
	char list[1024];

	for (k = 0; k < nwhere; k++) {
		for (j = 0; j < ncols && strcmp(names[j], wheres[k].column) != 0; j++)
			;
		if (j < ncols) {
			wheres[k].col = (int)j;
			continue;
		}
		for (j = len = 0; j < ncols && len < sizeof list; j++)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", j > 0 ? ", " : "", names[j]);
		diag_warn_at(name, 1, "no column '%s' (--where %s): the columns are %s", wheres[k].column, wheres[k].arg,
		    list);
		return EXIT_DATA;
	}
	return 0;
}

/* Whether a row (its fields) is drawn: it has every --where value. */
static int
where_test(char *const *field)
{
	size_t k;

	for (k = 0; k < nwhere; k++)
		if (strcmp(field[wheres[k].col], wheres[k].value) != 0)
			return 0;
	return 1;
}

/* where_test, counting for where_end: the rows read, selected, and with each
 * value; while a value is met nowhere, the values its column has instead. */
static int
where_selects(char *const *field)
{
	size_t k;
	int all = 1;

	where_rows++;
	for (k = 0; k < nwhere; k++) {
		struct where *w = &wheres[k];
		const char *v = field[w->col];

		if (strcmp(v, w->value) == 0)
			w->matched++;
		else {
			all = 0;
			if (w->matched == 0 && (w->last == NULL || strcmp(v, w->last) != 0))
				w->last = strmap_intern(&w->seen, v, strlen(v));
		}
	}
	selected_rows += all;
	return all;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A map's keys, sorted, as "A", "A and B", "A, B and C", or "A, B … Z". */
static const char *
key_list(const struct strmap *m, char *buf, size_t cap)
{
	const char **key = xcalloc(m->len + 1, sizeof *key);
	size_t i, n = 0;

	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key != NULL)
			key[n++] = m->slots[i].key;
	qsort(key, n, sizeof *key, cmp_str);
	if (n == 0)
		snprintf(buf, cap, "nothing");
	else if (n == 1)
		snprintf(buf, cap, "%s", key[0]);
	else if (n == 2)
		snprintf(buf, cap, "%s and %s", key[0], key[1]);
	else if (n == 3)
		snprintf(buf, cap, "%s, %s and %s", key[0], key[1], key[2]);
	else
		snprintf(buf, cap, "%s, %s … %s", key[0], key[1], key[n - 1]);
	free(key);
	return buf;
}

/* Once the rows are read: when --where selected none of them, says which
 * value no row has (and what its column has), or that no row has them all.
 * Returns 0 or EXIT_DATA. */
static int
where_end(void)
{
	size_t k, len = 0;
	char list[1024];

	if (nwhere == 0 || selected_rows > 0 || where_rows == 0)
		return 0;
	for (k = 0; k < nwhere; k++)
		if (wheres[k].matched == 0) {
			diag_warn("--where %s: no row has it (%s has %s)", wheres[k].arg, wheres[k].column,
			    key_list(&wheres[k].seen, list, sizeof list));
			return EXIT_DATA;
		}
	for (k = 0; k < nwhere && len < sizeof list; k++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s--where %s", k > 0 ? " " : "", wheres[k].arg);
	diag_warn("%s: no row has them all", list);
	return EXIT_DATA;
}

static void
where_free(void)
{
	size_t k;

	for (k = 0; k < nwhere; k++) {
		free(wheres[k].column);
		strmap_free(&wheres[k].seen, NULL);
	}
	free(wheres);
}

static const char *const group_words[][2] = {
	{ "native_born", "native-born" }, { "foreign_born", "foreign-born" },
	{ "eu_born", "born in another EU country" }, { "non_eu_born", "born outside the EU" },
	{ "nationals", "nationals" }, { "foreign_citizens", "foreign citizens" },
	{ "eu_citizens", "citizens of another EU country" }, { "non_eu_citizens", "non-EU citizens" },
	{ "stateless", "stateless" }, { "unknown", "unknown" }, { "total", "total" },
};

static const char *const flag_words[] = {
	"b break in time series", "c confidential", "d definition differs", "e estimated",
	"f forecast", "n not significant", "p provisional", "r revised", "s Eurostat estimate",
	"u low reliability", "z not applicable"
};

/* A copy of s in o.text. */
static const char *
tstr(const char *s)
{
	return arena_strndup(&o.text, s, strlen(s));
}

/* "a" sep "b" in o.text. */
static const char *
tjoin(const char *a, const char *sep, const char *b)
{
	size_t na = strlen(a), ns = strlen(sep), nb = strlen(b);
	char *s = arena_alloc(&o.text, na + ns + nb + 1);

	memcpy(s, a, na);
	memcpy(s + na, sep, ns);
	memcpy(s + na + ns, b, nb + 1);
	return s;
}

/* Which codes a column labels: 'g' geo, 'i' indicator, 'r' group or
 * ref_group, 0 none. */
static char
label_kind(const char *column)
{
	if (strcmp(column, "geo") == 0)
		return 'g';
	if (strcmp(column, "indicator") == 0)
		return 'i';
	if (strcmp(column, "group") == 0 || strcmp(column, "ref_group") == 0)
		return 'r';
	return 0;
}

/* A code with its name: "ES51 Cataluña", "Employment rate …", "foreign-born".
 * Returns code itself, a name the tables own, or the join in *buf (grown to
 * fit; valid until the next call with buf). */
static const char *
label_text(char kind, const char *code, char **buf, size_t *cap)
{
	const char *name = NULL;
	size_t i, nc, nn;

	if (o.codes || *code == '\0')
		return code;
	if (kind == 'g' && o.nuts != NULL)
		name = nuts_label(o.nuts, code);
	else if (kind == 'i' && o.cat != NULL)
		name = catalogue_label(o.cat, code);
	else if (kind == 'r') {
		for (i = 0; i < sizeof group_words / sizeof *group_words; i++)
			if (strcmp(code, group_words[i][0]) == 0)
				return group_words[i][1];
	}
	if (name == NULL)
		return code;
	if (kind == 'i')
		return name;
	nc = strlen(code);
	nn = strlen(name);
	*buf = xgrow(*buf, cap, nc + nn + 2, 1);
	memcpy(*buf, code, nc);
	(*buf)[nc] = ' ';
	memcpy(*buf + nc + 1, name, nn + 1);
	return *buf;
}

/* label_text of a column's code, in o.text. */
static const char *
label(const char *column, const char *code)
{
	return tstr(label_text(label_kind(column), code, &o.join, &o.joincap));
}

/* Figures of --value columns that are not numbers: said once a column, shown
 * as missing, and the exit status 1 once the table is drawn. */
static size_t bad_figures;

/* The indicators heading pivot columns, for the key under the table. */
static const char **key_ids;
static size_t nkey_ids, key_cap;

static void
key_add(const char *id)
{
	if (o.codes || o.cat == NULL || catalogue_label(o.cat, id) == NULL)
		return;
	key_ids = xgrow(key_ids, &key_cap, nkey_ids + 1, sizeof *key_ids);
	key_ids[nkey_ids++] = tstr(id);
}

/* The decimals of a column: -p, else 2 for ratios, 1 for other figures. */
static int
decimals_of(const char *column)
{
	if (o.decimals >= 0)
		return o.decimals;
	return strcmp(column, "ratio") == 0 ? 2 : 1;
}

static void
set_figure(struct cell *c, const char *column, const char *s, const char *flags)
{
	char buf[NUM_FORMAT_MAX];
	double x;

	c->numeric = 1;
	c->flags = flags != NULL ? flags : "";	/* the input's: it lives as long */
	if (*s == '\0' || num_parse(s, strlen(s), &x) != NUM_OK) {
		c->text = s;
		return;
	}
	c->has = 1;
	c->x = x;
	num_format(buf, sizeof buf, x, decimals_of(column));
	c->text = tstr(buf);
}

/* Whether a column holds figures, value by value: a column whose every value
 * is a number, one at least with a '.', is figures; whole numbers (years,
 * levels, ranks) are shown as written. */
struct figure_test {
	int ok, any, dot;	/* every value a number so far; one seen; one with a '.' */
};

/* Adds value s (n bytes) to f; returns 1 with *x when it is a number. */
static int
figure_test_add(struct figure_test *f, const char *s, size_t n, double *x)
{
	if (!f->ok || n == 0)
		return 0;
	if (num_parse(s, n, x) != NUM_OK) {
		f->ok = 0;
		return 0;
	}
	f->any = 1;
	if (!f->dot && memchr(s, '.', n) != NULL)
		f->dot = 1;
	return 1;
}

/* 2 figures, 1 whole numbers, 0 text. */
static int
figure_test_kind(const struct figure_test *f)
{
	return f->ok && f->any ? (f->dot ? 2 : 1) : 0;
}

static int *
figure_columns(char ***rows, size_t nrows, size_t ncols)
{
	int *fig = xcalloc(ncols + 1, sizeof *fig);
	size_t i, j;
	double x;

	for (j = 0; j < ncols; j++) {
		struct figure_test f = { .ok = 1 };

		for (i = 0; i < nrows && f.ok; i++)
			figure_test_add(&f, rows[i][j], strlen(rows[i][j]), &x);
		fig[j] = figure_test_kind(&f);
	}
	return fig;
}

static char
kind_of(const char *column)
{
	if (strcmp(column, "gap") == 0 || strcmp(column, "delta") == 0)
		return 'g';
	if (strcmp(column, "score") == 0)
		return 's';
	return 0;
}

static struct cell *
new_row(struct table *t)
{
	struct cell *row = arena_alloc(&o.text, (t->ncols + 1) * sizeof *row);

	memset(row, 0, (t->ncols + 1) * sizeof *row);
	t->cell = xgrow(t->cell, &t->rowcap, t->nrows + 1, sizeof *t->cell);
	return t->cell[t->nrows++] = row;
}

/* The input, whole: the table needs every row for widths, pivots and sorting. */
struct input {
	char **names;
	size_t ncols;
	char ***rows;		/* in o.text */
	size_t nrows, cap;
	unsigned long *line;
	const char *name;
};

/* --geometry with --format html: the maps drawn above the table. */
static const struct input *map_in;
static const struct geo *map_geo;
static int map_seq, map_rc;
static char idsfx[16];	/* "" for a map alone; "-N" for the Nth map of a page */
static int render_map(const struct input *in, const struct geo *geo, const char *geopath, int embed);
static void embed_maps(void);

/* Reads the rest of r into in, the rows --where selects, and closes r. */
static int
read_rows(struct tsv_reader *r, struct input *in)
{
	enum tsv_status st;
	size_t j;

	in->name = r->name;
	in->ncols = r->ncols;
	in->names = xcalloc(r->ncols, sizeof *in->names);
	for (j = 0; j < r->ncols; j++)
		in->names[j] = xstrdup(r->names[j]);
	if (where_columns(r->name, r->names, r->ncols) != 0) {
		tsv_close(r);
		return EXIT_DATA;
	}
	while ((st = tsv_next(r)) != TSV_END) {
		if (st != TSV_ROW) {
			tsv_close(r);
			return st == TSV_FAIL ? EXIT_TROUBLE : EXIT_DATA;
		}
		if (nwhere > 0 && !where_selects(r->field))
			continue;
		if (in->nrows == in->cap) {	/* both arrays grow together, not a row at a time */
			in->rows = xgrow(in->rows, &in->cap, in->nrows + 1, sizeof *in->rows);
			in->line = xrealloc(in->line, in->cap * sizeof *in->line);
		}
		in->rows[in->nrows] = tsv_row_copy(r, &o.text);
		in->line[in->nrows++] = r->line;
	}
	tsv_close(r);
	return 0;
}

static int
read_input(const char *path, struct input *in)
{
	struct tsv_reader r;
	int rc;

	if ((rc = tsv_open(&r, path)) != 0)
		return rc;
	return read_rows(&r, in);
}

/* The NUTS names and the catalogue's labels, unless --codes. */
static int
load_labels(void)
{
	if (o.codes)
		return 0;
	o.nuts = nuts_load();
	o.cat = catalogue_load(NULL);
	return o.cat == NULL ? EXIT_TROUBLE : 0;
}

static int
column(const struct input *in, const char *name, const char *option)
{
	size_t j;

	for (j = 0; j < in->ncols; j++)
		if (strcmp(in->names[j], name) == 0)
			return (int)j;
	diag_warn_at(in->name, 1, "no column '%s' (%s)", name, option);
	return -1;
}

/* The input as it is: every column, codes labelled, figures formatted. */
static int
plain_table(const struct input *in, struct table *t)
{
	size_t i, j;
	int *fig = figure_columns(in->rows, in->nrows, in->ncols), flagcol = -1;
	struct cell *row;

	for (j = 0; j < in->ncols; j++)
		if (strcmp(in->names[j], "flag") == 0)
			flagcol = (int)j;
	t->ncols = in->ncols;
	t->flagcol = flagcol;
	t->head = xcalloc(t->ncols, sizeof *t->head);
	t->numeric_col = xcalloc(t->ncols, sizeof *t->numeric_col);
	t->kind = xcalloc(t->ncols, 1);
	for (j = 0; j < t->ncols; j++) {
		t->head[j] = in->names[j];
		t->numeric_col[j] = fig[j] != 0;
		t->kind[j] = kind_of(in->names[j]);
	}
	for (i = 0; i < in->nrows; i++) {
		row = new_row(t);
		for (j = 0; j < in->ncols; j++) {
			if (fig[j] == 2)
				set_figure(&row[j], in->names[j], in->rows[i][j], NULL);
			else if (label_kind(in->names[j]) != 0)
				row[j].text = label(in->names[j], in->rows[i][j]);
			else
				row[j].text = in->rows[i][j];
			if (row[j].flags == NULL)
				row[j].flags = "";
		}
	}
	free(fig);
	return 0;
}

/* The distinct values of a column in order of first sight. */
struct key_index {
	struct strmap map;	/* value → index + 1 */
	const char **key;	/* not owned: the input's text */
	size_t n, cap;
};

/* The index of key, added if new; key must outlive k. */
static size_t
key_index_of(struct key_index *k, const char *key)
{
	int added;
	void **v = strmap_put(&k->map, key, strlen(key), &added);

	if (added) {
		k->key = xgrow(k->key, &k->cap, k->n + 1, sizeof *k->key);
		k->key[k->n++] = key;
		*v = (void *)(uintptr_t)k->n;
	}
	return (uintptr_t)*v - 1;
}

static void
key_index_free(struct key_index *k)
{
	strmap_free(&k->map, NULL);
	free(k->key);
}

/* Row i's origin field (the user's extract and line, mipexr-normalise
 * --origin), or NULL when it has none. */
static const char *
in_origin(const struct input *in, size_t i)
{
	size_t j;

	for (j = 0; j < in->ncols; j++)
		if (strcmp(in->names[j], "origin") == 0 && *in->rows[i][j] != '\0')
			return in->rows[i][j];
	return NULL;
}

/* Where row i of the input came from, for messages: its origin, else
 * FILE:LINE here. */
static const char *
in_place(const struct input *in, size_t i, char *buf, size_t cap)
{
	const char *origin = in_origin(in, i);

	if (origin != NULL)
		snprintf(buf, cap, "%s", origin);
	else
		snprintf(buf, cap, "%s:%lu", in->name, in->line[i]);
	return buf;
}

/*
 * Rows met twice in one cell of a pivot (or one region of a map): said once,
 * for the first pair, with how many, the columns the rows of the pairs differ
 * in and a selection (--where) that would keep one; the figures' own columns
 * and those that follow from the codes are not named.
 */
struct seconds {
	size_t (*pair)[2];	/* a row, and the first row of its cell */
	size_t n, cap;
};

static const char *const not_dimensions[] = {
	"value", "flag", "origin", "ref_group", "ref_value", "gap", "ratio", "score", "polarity", "area",
	"country", "nuts_level", "geo_source", "coverage", "baseline", "base_value", "delta", "rank", "of",
	"direction",
};

static void
seconds_add(struct seconds *sc, size_t row, size_t first)
{
	sc->pair = xgrow(sc->pair, &sc->cap, sc->n + 1, sizeof *sc->pair);
	sc->pair[sc->n][0] = row;
	sc->pair[sc->n++][1] = first;
}

/* The value --where would keep of a column the rows differ in: the latest
 * period, the total of a sex or other code, else the first pair's first row's. */
static const char *
seconds_pick(const char *column, const struct strmap *values, const char *first)
{
	static const char *const totals[] = { "T", "TOTAL", "total" };
	const char *best = NULL;
	size_t i;

	if (strcmp(column, "time") == 0 || strcmp(column, "year") == 0) {
		for (i = 0; i < values->cap; i++)
			if (values->slots[i].key != NULL && (best == NULL || strcmp(values->slots[i].key, best) > 0))
				best = values->slots[i].key;
		return best;
	}
	for (i = 0; i < sizeof totals / sizeof *totals; i++)
		if (strmap_find(values, totals[i], strlen(totals[i])) != NULL)
			return totals[i];
	return first;
}

/* Says sc's pairs once: what = the cell ("ES × eu_born"), otherwise = what
 * to say when only the figures' columns differ. skip: the columns not to
 * name (the pivot's or map's own), -1 ended. */
static void
seconds_tell(const struct input *in, const struct seconds *sc, const char *what, const char *otherwise,
    const int *skip)
{
	int *differ = xcalloc(in->ncols + 1, sizeof *differ);
	struct strmap values;
	size_t i, j, k, len = 0, nd = 0, shown = 0;
	char place[512], text[4096], list[512], sel[1024];
	const char *a, *b;

	for (j = 0; j < in->ncols; j++) {
		for (k = 0; skip[k] >= 0 && (size_t)skip[k] != j; k++)
			;
		if (skip[k] >= 0)
			continue;
		for (k = 0; k < sizeof not_dimensions / sizeof *not_dimensions; k++)
			if (strcmp(in->names[j], not_dimensions[k]) == 0)
				break;
		if (k < sizeof not_dimensions / sizeof *not_dimensions)
			continue;
		for (i = 0; i < sc->n && !differ[j]; i++)
			differ[j] = strcmp(in->rows[sc->pair[i][0]][j], in->rows[sc->pair[i][1]][j]) != 0;
		nd += differ[j] != 0;
	}
	if ((a = in_origin(in, sc->pair[0][1])) != NULL)
		len = (size_t)snprintf(text, sizeof text, "a second figure for %s (the first at %s)", what, a);
	else
		len = (size_t)snprintf(text, sizeof text, "a second figure for %s (the first at line %lu)", what,
		    in->line[sc->pair[0][1]]);
	if (sc->n > 1 && len < sizeof text)
		len += (size_t)snprintf(text + len, sizeof text - len, ", %zu in all", sc->n);
	sel[0] = '\0';
	for (j = 0; j < in->ncols && nd > 0; j++) {
		size_t sl = strlen(sel);

		if (!differ[j])
			continue;
		strmap_init(&values);
		for (i = 0; i < sc->n; i++)
			for (k = 0; k < 2; k++) {
				a = in->rows[sc->pair[i][k]][j];
				strmap_intern(&values, a, strlen(a));
			}
		b = seconds_pick(in->names[j], &values, in->rows[sc->pair[0][1]][j]);
		shown++;
		if (len < sizeof text)
			len += (size_t)snprintf(text + len, sizeof text - len, "%s%s (%s)",
			    shown == 1 ? "; the rows differ in " : shown == nd ? " and " : ", ", in->names[j],
			    key_list(&values, list, sizeof list));
		if (sl < sizeof sel)
			snprintf(sel + sl, sizeof sel - sl, " --where %s=%s", in->names[j], b);
		strmap_free(&values, NULL);
	}
	if (len < sizeof text)
		snprintf(text + len, sizeof text - len, ": %s%s", nd > 0 ? "select one with" : otherwise, sel);
	diag_warn_at(in_place(in, sc->pair[0][0], place, sizeof place), 0, "%s", text);
	free(differ);
}

/* --rows R --cols C --value V…: one row per R, one column per C (× V). */
static int
pivot_table(const struct input *in, struct table *t)
{
	struct key_index rk = { 0 }, ck = { 0 };
	const char *lbl;
	size_t nr, nc, i, j, v, ri, ci, bad_kind[16] = { 0 };
	int rcol, ccol = -1, vcol[16], flagcol, polcol, rc = 0;
	size_t **seen;		/* each cell's row + 1 */
	struct cell *row;
	struct seconds seconds = { 0 };
	struct tally bad;	/* figures not numbers, a kind each --value */
	char polarity, place[512], cellname[512];

	tally_init(&bad);
	if ((rcol = column(in, o.rows, "--rows")) < 0)
		return EXIT_DATA;
	if (o.cols != NULL && (ccol = column(in, o.cols, "--cols")) < 0)
		return EXIT_DATA;
	for (v = 0; v < o.nvalues; v++)
		if ((vcol[v] = column(in, o.values[v], "--value")) < 0)
			return EXIT_DATA;
	flagcol = -1;
	polcol = -1;
	for (j = 0; j < in->ncols; j++) {
		if (strcmp(in->names[j], "flag") == 0)
			flagcol = (int)j;
		if (strcmp(in->names[j], "polarity") == 0)
			polcol = (int)j;
	}
	for (i = 0; i < in->nrows; i++) {
		key_index_of(&rk, in->rows[i][rcol]);
		if (ccol >= 0)
			key_index_of(&ck, in->rows[i][ccol]);
	}
	nr = rk.n;
	nc = ccol >= 0 ? ck.n : 1;
	t->ncols = 1 + nc * o.nvalues;
	t->flagcol = -1;
	t->head = xcalloc(t->ncols, sizeof *t->head);
	t->numeric_col = xcalloc(t->ncols, sizeof *t->numeric_col);
	t->kind = xcalloc(t->ncols, 1);
	t->head[0] = o.rows;
	for (ci = 0; ci < nc; ci++)
		for (v = 0; v < o.nvalues; v++) {
			j = 1 + ci * o.nvalues + v;
			if (ccol < 0)
				t->head[j] = o.values[v];
			else {
				/* indicator labels are long: the id heads the column, the label goes under
				 * the table, once however many --value columns it heads */
				if (strcmp(o.cols, "indicator") == 0 && v == 0)
					key_add(ck.key[ci]);
				lbl = strcmp(o.cols, "indicator") == 0 ? ck.key[ci] : label(o.cols, ck.key[ci]);
				t->head[j] = o.nvalues == 1 ? lbl : tjoin(lbl, ": ", o.values[v]);
			}
			t->numeric_col[j] = 1;
			t->kind[j] = kind_of(o.values[v]);
		}
	seen = xcalloc(nr, sizeof *seen);
	for (ri = 0; ri < nr; ri++) {
		row = new_row(t);
		row[0].text = label(o.rows, rk.key[ri]);
		row[0].flags = "";
		seen[ri] = xcalloc(nc, sizeof **seen);
	}
	for (i = 0; i < in->nrows; i++) {
		ri = key_index_of(&rk, in->rows[i][rcol]);
		ci = ccol >= 0 ? key_index_of(&ck, in->rows[i][ccol]) : 0;
		if (seen[ri][ci] != 0) {	/* counted: the table is not drawn */
			if (seconds.n == 0)
				snprintf(cellname, sizeof cellname, "%s × %s", rk.key[ri],
				    ccol >= 0 ? ck.key[ci] : o.values[0]);
			seconds_add(&seconds, i, seen[ri][ci] - 1);
			continue;
		}
		seen[ri][ci] = i + 1;
		polarity = polcol >= 0 ? in->rows[i][polcol][0] : '+';
		for (v = 0; v < o.nvalues; v++) {
			const char *s = in->rows[i][vcol[v]];
			enum num_error e;
			double x;

			/* a figure or nothing; --value flag shows letters */
			if (*s != '\0' && strcmp(o.values[v], "flag") != 0 && (e = num_parse(s, strlen(s), &x)) != NUM_OK) {
				struct tally_kind *k = tally_count(&bad, &bad_kind[v], i,
				    in_place(in, i, place, sizeof place));

				if (k->n == 1)
					tally_text(k, "column '%s': \"%s\" %s", o.values[v], s, num_strerror(e));
				bad_figures++;
				s = "";	/* shown as missing */
			}
			row = t->cell[ri];
			j = 1 + ci * o.nvalues + v;
			set_figure(&row[j], o.values[v], s,
			    flagcol >= 0 && strcmp(o.values[v], "flag") != 0 ? in->rows[i][flagcol] : "");
			row[j].polarity = polarity;
		}
	}
	diag_hold();	/* both kinds of message in the order of their first rows */
	tally_tell(&bad);
	if (seconds.n > 0) {
		int skip[20], ns = 0;

		skip[ns++] = rcol;
		if (ccol >= 0)
			skip[ns++] = ccol;
		for (v = 0; v < o.nvalues; v++)
			skip[ns++] = vcol[v];
		skip[ns] = -1;
		diag_hold_key(seconds.pair[0][0]);
		seconds_tell(in, &seconds, cellname, "select one year, sex and group first", skip);
		rc = EXIT_DATA;
	}
	diag_release();
	for (ri = 0; ri < nr; ri++)
		for (j = 1; j < t->ncols; j++)
			if (t->cell[ri][j].text == NULL) {
				t->cell[ri][j].text = "";
				t->cell[ri][j].flags = "";
				t->cell[ri][j].numeric = 1;
			}
	for (i = 0; i < nr; i++)
		free(seen[i]);
	key_index_free(&rk);
	key_index_free(&ck);
	free(seen);
	free(seconds.pair);
	tally_free(&bad);
	return rc;
}

static size_t sort_col;

static int
cmp_rows(const void *pa, const void *pb)
{
	const struct cell *a = *(struct cell *const *)pa, *b = *(struct cell *const *)pb;

	a += sort_col;
	b += sort_col;
	if (a->numeric && b->numeric) {
		if (a->has != b->has)
			return a->has ? -1 : 1;	/* missing last */
		if (a->has && a->x != b->x)
			return a->x > b->x ? -1 : 1;	/* figures: highest first */
	}
	return strcmp(a->text, b->text);
}

struct sort_item {
	struct cell *row;
	size_t i;
};

static int
cmp_items(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;
	int c = cmp_rows(&a->row, &b->row);

	return c != 0 ? c : a->i < b->i ? -1 : a->i > b->i;
}

/* --sort COL (stable: equal rows keep their order), then --top N. */
static int
sort_and_cut(struct table *t)
{
	struct sort_item *item;
	size_t i, j;

	if (o.sort != NULL) {
		for (j = 0; j < t->ncols && strcmp(t->head[j], o.sort) != 0; j++)
			;
		if (j == t->ncols) {
			diag_warn("--sort %s: no such column in the table", o.sort);
			return EXIT_DATA;
		}
		sort_col = j;
		/* stable: ties keep their order */
		item = xcalloc(t->nrows + 1, sizeof *item);
		for (i = 0; i < t->nrows; i++) {
			item[i].row = t->cell[i];
			item[i].i = i;
		}
		qsort(item, t->nrows, sizeof *item, cmp_items);
		for (i = 0; i < t->nrows; i++)
			t->cell[i] = item[i].row;
		free(item);
	}
	if (o.top >= 0 && (size_t)o.top < t->nrows)
		t->nrows = (size_t)o.top;	/* the rows cut stay in o.text */
	return 0;
}

/* The flags of the rows shown, for the legend. */
static void
collect_legend(const struct table *t)
{
	size_t i, j;
	flagset f;

	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++) {
			const struct cell *c = &t->cell[i][j];
			const char *s = (int)j == t->flagcol ? c->text : c->flags;

			if (s != NULL && flags_parse(s, strlen(s), &f) == 0)
				o.legend |= f;
		}
}

/*
 * A cell as text: the figure and its flags ("61.2 b"), or a dash when
 * missing. The cell's own text when it has no flags, else joined in *buf
 * (grown to fit, never cut short); valid until the next call with *buf.
 */
static const char *
cell_text(const struct cell *c, char **buf, size_t *cap)
{
	const char *text = c->numeric && *c->text == '\0' ? "–" : c->text;
	size_t nt, nf;

	if (*c->flags == '\0')
		return text;
	nt = strlen(text);
	nf = strlen(c->flags);
	*buf = xgrow(*buf, cap, nt + nf + 2, 1);
	memcpy(*buf, text, nt);
	(*buf)[nt] = ' ';
	memcpy(*buf + nt + 1, c->flags, nf + 1);
	return *buf;
}

static void
out_str(const char *s)
{
	tsv_put_bytes(&o.out, s, strlen(s));
}

static void
out_pad(size_t n)
{
	tsv_put_aligned(&o.out, n, "", 0, 0);
}

static void
legend_lines(const char *prefix)
{
	size_t i;

	for (i = 0; i < sizeof flag_words / sizeof *flag_words; i++)
		if (flags_has(o.legend, flag_words[i][0])) {
			out_str(prefix);
			out_str(flag_words[i]);
			out_str("\n");
		}
}

/* The title, headings and rule of an aligned table: w[j] the width of column j
 * in columns, figure columns right-aligned. */
static void
text_head(const char *const *head, size_t ncols, const size_t *w, const int *numeric_col,
    int markdown)
{
	size_t j, cw;

	if (o.title != NULL && !markdown) {
		out_str(o.title);
		out_str("\n\n");
	} else if (o.title != NULL) {
		out_str("**");
		out_str(o.title);
		out_str("**\n\n");
	}
	for (j = 0; j < ncols; j++) {
		cw = utf8_width(head[j], strlen(head[j]));
		out_str(markdown ? (j == 0 ? "| " : " | ") : (j == 0 ? "" : "  "));
		if (numeric_col[j])
			out_pad(w[j] - cw);
		out_str(head[j]);
		if (!numeric_col[j] && (markdown || j + 1 < ncols))
			out_pad(w[j] - cw);
	}
	out_str(markdown ? " |\n" : "\n");
	for (j = 0; j < ncols; j++) {
		out_str(markdown ? (j == 0 ? "|" : "|") : (j == 0 ? "" : "  "));
		for (cw = 0; cw < w[j] + (markdown ? 2 : 0); cw++)
			out_str(markdown && numeric_col[j] && cw + 1 == w[j] + 2 ? ":" : markdown ? "-" : "-");
	}
	out_str(markdown ? "|\n" : "\n");
}

/* Cell j of ncols in an aligned row: text of len bytes and cw columns in a
 * column w wide; a figure right-aligned with room columns kept after it for
 * the flags of others. The row's end is text_row_end's. */
static void
text_cell(size_t j, size_t ncols, int markdown, int numeric, const char *text, size_t len,
    size_t cw, size_t w, size_t room)
{
	size_t sep = markdown || j == 0 ? 0 : 2, last = !markdown && j + 1 == ncols;

	if (markdown)
		out_str(j == 0 ? "| " : " | ");
	if (numeric) {
		assert(w >= cw + room);
		tsv_put_aligned(&o.out, sep + w - cw - room, text, len, last ? 0 : room);
	} else
		tsv_put_aligned(&o.out, sep, text, len, last ? 0 : w - cw);
}

static void
text_row_end(int markdown)
{
	out_str(markdown ? " |\n" : "\n");
}

/* What follows the rows: the indicators' key, the flags' legend, the source. */
static void
text_tail(int markdown)
{
	size_t i;

	if (nkey_ids > 0) {
		out_str(markdown ? "\nIndicators:\n\n" : "\nIndicators:\n");
		for (i = 0; i < nkey_ids; i++) {
			out_str(markdown ? "- " : "  ");
			out_str(key_ids[i]);
			out_str(": ");
			out_str(catalogue_label(o.cat, key_ids[i]));
			out_str("\n");
		}
	}
	if (o.legend != 0) {
		out_str(markdown ? "\nFlags:\n\n" : "\nFlags:\n");
		legend_lines(markdown ? "- " : "  ");
	}
	if (o.source != NULL) {
		out_str(markdown ? "\n" : "\n");
		out_str("Source: ");
		out_str(o.source);
		out_str("\n");
	}
}

/* Aligned columns; figures right-aligned with their decimal points in line
 * (same decimals per column), flags after them; widths counted in columns. */
static void
render_text(struct table *t, int markdown)
{
	size_t *w = xcalloc(t->ncols, sizeof *w), *maxf = xcalloc(t->ncols, sizeof *maxf), i, j, cw;
	char *buf = NULL;
	size_t bufcap = 0;
	const char *ct;

	/* the longest flags of each column: room kept so that the figures align */
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++)
			if (*t->cell[i][j].flags && strlen(t->cell[i][j].flags) + 1 > maxf[j])
				maxf[j] = strlen(t->cell[i][j].flags) + 1;

	for (j = 0; j < t->ncols; j++)
		w[j] = utf8_width(t->head[j], strlen(t->head[j]));
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++) {
			struct cell *c = &t->cell[i][j];
			size_t n;

			ct = cell_text(c, &buf, &bufcap);
			n = strlen(ct);
			cw = utf8_width(ct, n);
			c->width = cw < UINT32_MAX ? (uint32_t)cw : UINT32_MAX;
			c->width_is_len = cw == n && cw < UINT32_MAX;	/* both once: a table is written after it is measured */
			if (t->numeric_col[j])	/* a figure without flags keeps their room */
				cw += maxf[j] - (*c->flags ? strlen(c->flags) + 1 : 0);
			if (cw > w[j])
				w[j] = cw;
		}
	text_head(t->head, t->ncols, w, t->numeric_col, markdown);
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			const struct cell *c = &t->cell[i][j];
			size_t fw = *c->flags ? strlen(c->flags) + 1 : 0;

			ct = cell_text(c, &buf, &bufcap);
			cw = c->width_is_len ? c->width : utf8_width(ct, strlen(ct));
			text_cell(j, t->ncols, markdown, t->numeric_col[j], ct,
			    c->width_is_len ? c->width : strlen(ct), cw, w[j],
			    t->numeric_col[j] ? maxf[j] - fw : 0);
		}
		text_row_end(markdown);
	}
	text_tail(markdown);
	free(w);
	free(maxf);
	free(buf);
}

/* CSV through libcsv: quotes where needed; --excel: UTF-8 BOM and ';'. */
static void
csv_field(const char *s, int first)
{
	size_t n = strlen(s), need;
	char *buf;

	if (!first)
		out_str(o.excel ? ";" : ",");
	if (strpbrk(s, o.excel ? ";\"\r\n" : ",\"\r\n") == NULL) {
		tsv_put_bytes(&o.out, s, n);
		return;
	}
	need = 2 * n + 3;
	buf = xmalloc(need);
	n = csv_write(buf, need, s, n);
	tsv_put_bytes(&o.out, buf, n);
	free(buf);
}

/* The byte order mark (--excel) and the headings of a CSV table. */
static void
csv_head(const char *const *head, size_t ncols)
{
	size_t j;

	if (o.excel)
		out_str("\xef\xbb\xbf");
	for (j = 0; j < ncols; j++)
		csv_field(head[j], j == 0);
	out_str("\r\n");
}

static void
render_csv(const struct table *t)
{
	size_t i, j, cap = 0;
	char *buf = NULL;

	csv_head(t->head, t->ncols);
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			const struct cell *c = &t->cell[i][j];

			if (*c->flags == '\0')
				csv_field(c->text, j == 0);
			else {	/* "61.2 u"; a missing figure's flags alone, " u" */
				buf = xgrow(buf, &cap, strlen(c->text) + strlen(c->flags) + 2, 1);
				strcpy(buf, c->text);
				strcat(buf, " ");
				strcat(buf, c->flags);
				csv_field(buf, j == 0);
			}
		}
		out_str("\r\n");
	}
	free(buf);
}

/*
 * A plain table in text, Markdown or CSV without --sort, as render_text and
 * render_csv draw it but with no cell held: a first pass over the rows
 * decides which columns are figures and measures them, a second formats and
 * writes each row. A regular file is read twice, in constant memory; other
 * input is held as its rows.
 */
struct plain_col {
	char label;		/* label_kind of the heading */
	int decimals;		/* of its figures */
	struct figure_test test;
	size_t raww, textw;	/* widest as written, labelled */
	double least, greatest;	/* of the figures shown */
	int shown_any, dash;	/* a figure shown; an empty cell shown */
	int fig;		/* after the first pass: 2 figures, 1 whole numbers, 0 text */
	size_t w;
};

struct plain {
	size_t ncols;
	struct plain_col *col;
	int flagcol;
	size_t nrows, shown;	/* rows read by the first pass; of them, shown (--top) */
	char num[NUM_FORMAT_MAX];
};

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

		if (figure_test_add(&c->test, s, n, &x) && shown) {
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
			k = ascii ? n : utf8_width(s, n);
			if (k > c->raww)
				c->raww = k;
		}
		if (c->label != 0) {
			const char *t = label_text(c->label, s, &o.join, &o.joincap);

			k = t != s ? utf8_width(t, strlen(t)) : ascii ? n : utf8_width(s, n);
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
	const char *t;
	double x;

	if (c->fig == 2) {
		if (n == 0) {	/* missing: a dash, but nothing in CSV */
			*len = o.format == F_CSV ? 0 : sizeof "–" - 1;
			*width = *len > 0;
			return o.format == F_CSV ? "" : "–";
		}
		if (num_parse(s, n, &x) != NUM_OK)
			return NULL;
		*len = *width = num_format(p->num, sizeof p->num, x, c->decimals);
		return p->num;
	}
	if (c->fig == 1 || c->label == 0 || (t = label_text(c->label, s, &o.join, &o.joincap)) == s) {
		*len = n;
		*width = ascii ? n : utf8_width(s, n);
		return s;
	}
	*len = strlen(t);
	*width = utf8_width(t, *len);
	return t;
}

/* Writes a row; -1 if it does not fit the columns measured. */
static int
plain_write(struct plain *p, char *const *f, const size_t *fl, int ascii)
{
	const char *t;
	size_t j, len, cw;
	flagset fs;
	int markdown = o.format == F_MD;

	for (j = 0; j < p->ncols; j++) {
		if ((t = plain_cell(p, j, f[j], fl[j], ascii, &len, &cw)) == NULL)
			return -1;
		if (o.format == F_CSV) {
			csv_field(t, j == 0);
			continue;
		}
		if (cw > p->col[j].w)
			return -1;
		if ((int)j == p->flagcol && !(p->col[j].fig == 2 && fl[j] == 0) &&
		    flags_parse(t, len, &fs) == 0)
			o.legend |= fs;
		text_cell(j, p->ncols, markdown, p->col[j].fig != 0, t, len, cw, p->col[j].w, 0);
	}
	if (o.format == F_CSV)
		out_str("\r\n");
	else
		text_row_end(markdown);
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

/* What follows the rows: text_tail's, nothing in CSV. */
static void
plain_tail(void)
{
	if (o.format != F_CSV)
		text_tail(o.format == F_MD);
}

static int
plain_table_out(const char *path, struct input *in)
{
	struct tsv_reader r;
	struct plain p = { 0 };
	struct stat st, st2;
	int from_stdin = path == NULL || strcmp(path, "-") == 0, twice, rc, selected = 0;
	off_t start = from_stdin ? lseek(0, 0, SEEK_CUR) : 0;
	enum tsv_status ts;
	char *const *names;
	const char *name;
	size_t i, j, k, *w, *fl = NULL;
	int *numeric;

	if ((rc = tsv_open(&r, path)) != 0)
		return rc;
	name = r.name;
	twice = start != -1 && fstat(r.lr.fd, &st) == 0 && S_ISREG(st.st_mode);
	if (!twice && (rc = read_rows(&r, in)) != 0)
		return rc;
	if (twice && (rc = where_columns(r.name, r.names, r.ncols)) != 0)
		goto done;
	if ((rc = load_labels()) != 0)
		goto done;
	p.ncols = twice ? r.ncols : in->ncols;
	names = twice ? r.names : in->names;
	p.col = xcalloc(p.ncols, sizeof *p.col);
	p.flagcol = -1;
	for (j = 0; j < p.ncols; j++) {
		p.col[j].label = label_kind(names[j]);
		p.col[j].decimals = decimals_of(names[j]);
		p.col[j].test.ok = 1;
		if (strcmp(names[j], "flag") == 0)
			p.flagcol = (int)j;
	}
	if (twice) {
		while ((ts = tsv_next(&r)) == TSV_ROW) {
			if (nwhere > 0 && !where_selects(r.field))
				continue;
			plain_measure(&p, r.field, r.flen, r.ascii, o.top < 0 || p.nrows < (size_t)o.top);
			p.nrows++;
		}
		if (ts != TSV_END) {
			rc = ts == TSV_FAIL ? EXIT_TROUBLE : EXIT_DATA;
			goto done;
		}
	} else {
		fl = xcalloc(p.ncols + 1, sizeof *fl);
		for (i = 0; i < in->nrows; i++) {
			for (j = 0; j < p.ncols; j++)
				fl[j] = strlen(in->rows[i][j]);
			plain_measure(&p, in->rows[i], fl, 0, o.top < 0 || i < (size_t)o.top);
		}
		p.nrows = in->nrows;
	}
	selected = where_end();
	p.shown = o.top >= 0 && (size_t)o.top < p.nrows ? (size_t)o.top : p.nrows;
	w = xcalloc(p.ncols + 1, sizeof *w);
	numeric = xcalloc(p.ncols + 1, sizeof *numeric);
	for (j = 0; j < p.ncols; j++) {
		struct plain_col *c = &p.col[j];

		c->fig = figure_test_kind(&c->test);
		c->w = c->fig == 2 ? plain_figure_width(&p, c) : c->fig == 1 || c->label == 0 ? c->raww : c->textw;
		if ((k = utf8_width(names[j], strlen(names[j]))) > c->w)
			c->w = k;
		w[j] = c->w;
		numeric[j] = c->fig != 0;
	}
	if (o.format == F_CSV)
		csv_head((const char *const *)names, p.ncols);
	else
		text_head((const char *const *)names, p.ncols, w, numeric, o.format == F_MD);
	free(w);
	free(numeric);
	if (!twice) {
		for (i = 0; i < p.shown; i++) {
			for (j = 0; j < p.ncols; j++)
				fl[j] = strlen(in->rows[i][j]);
			if (plain_write(&p, in->rows[i], fl, 0) != 0)
				abort();	/* the rows held are the rows measured */
		}
		plain_tail();
		goto done;
	}
	/* The second pass, over the same file unless it changed or was replaced. */
	tsv_close(&r);
	if (from_stdin && lseek(0, start, SEEK_SET) == -1)
		diag_die_errno(EXIT_TROUBLE, "%s: cannot be read again", name);
	if (tsv_open(&r, path) != 0)
		diag_die(EXIT_TROUBLE, "%s: could not be read again to write the table", name);
	if (fstat(r.lr.fd, &st2) == -1 || !same_file(&st, &st2) || r.ncols != p.ncols)
		plain_changed(name);
	for (i = 0; i < p.shown; i++) {
		while ((ts = tsv_next(&r)) == TSV_ROW && nwhere > 0 && !where_test(r.field))
			;	/* a row not selected, as in the first pass */
		if (ts != TSV_ROW || plain_write(&p, r.field, r.flen, r.ascii) != 0)
			plain_changed(name);
	}
	if (p.shown == p.nrows) {	/* all shown: what is left is rows not selected */
		while ((ts = tsv_next(&r)) == TSV_ROW && nwhere > 0 && !where_test(r.field))
			;
		if (ts != TSV_END)
			plain_changed(name);
	}
	if (fstat(r.lr.fd, &st2) == -1 || !same_file(&st, &st2))
		plain_changed(name);
	plain_tail();
done:
	if (twice)
		tsv_close(&r);
	free(p.col);
	free(fl);
	return rc != 0 ? rc : selected;
}

static void
out_html(const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': out_str("&amp;"); break;
		case '<': out_str("&lt;"); break;
		case '>': out_str("&gt;"); break;
		case '"': out_str("&quot;"); break;
		case '\'': out_str("&#39;"); break;
		default: tsv_put_bytes(&o.out, s, 1);
		}
	}
}

/*
 * How good a figure is for the group, -1 (far worse than the reference) to
 * 1 (far better): a gap by the indicator's polarity, a score against parity
 * (100). Colours follow it on a diverging scale, colour-blind safe
 * (ColorBrewer RdBu end points), white at parity.
 */
static int
goodness(const struct cell *c, char kind, double *g)
{
	if (!c->has || kind == 0)
		return 0;
	if (kind == 's')
		*g = (c->x - 100) / 50;
	else if (c->polarity == '+' || c->polarity == '-')
		*g = (c->polarity == '+' ? c->x : -c->x) / 20;
	else
		return 0;
	if (*g > 1)
		*g = 1;
	if (*g < -1)
		*g = -1;
	return 1;
}

static void
colour(double g, char *buf, size_t cap)
{
	/* white (247,247,247) to blue (33,102,172) or red (178,24,43) */
	double a = fabs(g);
	int r = g > 0 ? 33 : 178, gr = g > 0 ? 102 : 24, b = g > 0 ? 172 : 43;

	snprintf(buf, cap, "#%02x%02x%02x", (int)lround(247 + (r - 247) * a * 0.8),
	    (int)lround(247 + (gr - 247) * a * 0.8), (int)lround(247 + (b - 247) * a * 0.8));
}

static void
render_html(const struct table *t)
{
	size_t i, j;
	char buf[1024], col[16];
	double g;

	out_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	out_html(o.title != NULL ? o.title : "mipexr table");
	out_str("</title>\n<style>\n"
	    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1rem;color:#222}\n"
	    ".wrap{overflow-x:auto}\n"
	    "table{border-collapse:collapse;font-size:.9rem}\n"
	    "caption{caption-side:top;text-align:left;font-weight:600;padding:.4rem 0}\n"
	    "caption small{display:block;font-weight:400;color:#555}\n"
	    "th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;white-space:nowrap}\n"
	    "thead th{border-bottom:2px solid #444;text-align:left;vertical-align:bottom}\n"
	    "tbody th{text-align:left;font-weight:500}\n"
	    "th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	    "td.missing{color:#888}\n"
	    "sup{font-size:.7em;margin-left:.15em}\n"
	    "ul.legend{font-size:.8rem;color:#444;padding-left:1.2rem}\n"
	    "</style>\n</head>\n<body>\n<div class=\"wrap\">\n<table>\n<caption>");
	out_html(o.title != NULL ? o.title : "mipexr table");
	out_str("<small>");
	out_html(o.source != NULL ? o.source : "Source: Eurostat; computed with mipexr");
	if (o.date != NULL) {
		out_str(", ");
		out_html(o.date);
	}
	out_str("</small></caption>\n<thead>\n<tr>");
	for (j = 0; j < t->ncols; j++) {
		out_str(t->numeric_col[j] ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		out_html(t->head[j]);
		out_str("</th>");
	}
	out_str("</tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < t->nrows; i++) {
		out_str("<tr>");
		for (j = 0; j < t->ncols; j++) {
			const struct cell *c = &t->cell[i][j];

			if (j == 0) {
				out_str("<th scope=\"row\">");
				out_html(c->text);
				out_str("</th>");
				continue;
			}
			if (t->numeric_col[j] && *c->text == '\0')
				out_str("<td class=\"num missing\">–");
			else if (goodness(c, t->kind[j], &g)) {
				colour(g, col, sizeof col);
				snprintf(buf, sizeof buf, "<td class=\"num\" style=\"background:%s\">", col);
				out_str(buf);
				out_html(c->text);
			} else {
				out_str(t->numeric_col[j] ? "<td class=\"num\">" : "<td>");
				out_html(c->text);
			}
			if (*c->flags) {
				out_str("<sup>");
				out_html(c->flags);
				out_str("</sup>");
			}
			out_str("</td>");
		}
		out_str("</tr>\n");
	}
	out_str("</tbody>\n</table>\n</div>\n");
	if (map_geo != NULL)
		embed_maps();
	if (nkey_ids > 0) {
		out_str("<ul class=\"legend\">\n");
		for (i = 0; i < nkey_ids; i++) {
			out_str("<li><b>");
			out_html(key_ids[i]);
			out_str("</b>: ");
			out_html(catalogue_label(o.cat, key_ids[i]));
			out_str("</li>\n");
		}
		out_str("</ul>\n");
	}
	if (o.legend != 0) {
		out_str("<ul class=\"legend\">\n");
		for (i = 0; i < sizeof flag_words / sizeof *flag_words; i++)
			if (flags_has(o.legend, flag_words[i][0])) {
				out_str("<li>");
				out_html(flag_words[i]);
				out_str("</li>\n");
			}
		out_str("</ul>\n");
	}
	out_str("</body>\n</html>\n");
}

/* A horizontal bar chart of the first figure column across the rows, with a
 * zero line (gaps) or a parity line at 100 (scores). */
static void
render_svg(const struct table *t)
{
	size_t i, j, labelw = 0, n = t->nrows;
	double lo = 0, hi = 0, ref, x0, x1, scale;
	int width = 640, rowh = 22, top = 48, left, plotw, height;
	char buf[1024], col[16];
	double g;
	const struct cell *c;

	for (j = 1; j < t->ncols && !t->numeric_col[j]; j++)
		;
	if (j == t->ncols) {
		diag_warn("svg: no column of figures to chart");
		return;
	}
	ref = t->kind[j] == 's' ? 100 : 0;
	lo = hi = ref;
	for (i = 0; i < n; i++) {
		c = &t->cell[i][j];
		if (c->has) {
			lo = c->x < lo ? c->x : lo;
			hi = c->x > hi ? c->x : hi;
		}
		if (utf8_width(t->cell[i][0].text, strlen(t->cell[i][0].text)) > labelw)
			labelw = utf8_width(t->cell[i][0].text, strlen(t->cell[i][0].text));
	}
	if (t->kind[j] == 's')
		lo = 0;
	if (hi == lo)
		hi = lo + 1;
	left = 16 + (int)labelw * 7;
	plotw = width - left - 60;
	height = top + (int)n * rowh + 40;
	scale = plotw / (hi - lo);
	snprintf(buf, sizeof buf, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height, width, height);
	out_str(buf);
	out_str("<title>");
	out_html(o.title != NULL ? o.title : t->head[j]);
	out_str("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	snprintf(buf, sizeof buf, "<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">");
	out_str(buf);
	out_html(o.title != NULL ? o.title : t->head[j]);
	out_str("</text>\n");
	for (i = 0; i < n; i++) {
		int y = top + (int)i * rowh;

		c = &t->cell[i][j];
		snprintf(buf, sizeof buf, "<g class=\"row\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    left - 6, y + 15);
		out_str(buf);
		out_html(t->cell[i][0].text);
		out_str("</text>");
		if (c->has) {
			x0 = left + ((c->x < ref ? c->x : ref) - lo) * scale;
			x1 = left + ((c->x < ref ? ref : c->x) - lo) * scale;
			if (!goodness(c, t->kind[j], &g))
				g = 0.6;
			colour(g == 0 ? 0.6 : g, col, sizeof col);
			snprintf(buf, sizeof buf, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
			    "<title>", x0, y + 3, x1 - x0 > 0.5 ? x1 - x0 : 0.5, rowh - 6, col);
			out_str(buf);
			out_html(t->cell[i][0].text);
			out_str(": ");
			out_html(c->text);
			if (*c->flags) {
				out_str(" ");
				out_html(c->flags);
			}
			out_str("</title></rect>");
			snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%d\">", x1 + 4, y + 15);
			out_str(buf);
			out_html(c->text);
			if (*c->flags) {
				out_str(" ");
				out_html(c->flags);
			}
			out_str("</text>");
		} else {
			snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" fill=\"#888\">no figure</text>", left + 4, y + 15);
			out_str(buf);
		}
		out_str("</g>\n");
	}
	x0 = left + (ref - lo) * scale;
	snprintf(buf, sizeof buf, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>\n"
	    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x0, top - 4, x0,
	    top + (int)n * rowh, x0, top + (int)n * rowh + 16, ref == 100 ? "parity (100)" : "0");
	out_str(buf);
	snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" fill=\"#555\">", left, height - 6);
	out_str(buf);
	out_html(t->head[j]);
	if (o.source != NULL) {
		out_str(" · ");
		out_html(o.source);
	}
	out_str("</text>\n</svg>\n");
}

/*
 * --format map: a choropleth of NUTS regions. The regions of the level the
 * data holds are drawn from the GISCO geometry in EPSG:3035, mainland Europe
 * in a fixed frame, the outermost regions in insets of their own (local LAEA
 * frames, so their shapes stay true), each region a path carrying its code,
 * its colour by class and a hover title with figure and flags.
 */

/* The frame of mainland Europe in EPSG:3035 metres: Iceland and Portugal to
 * Cyprus and eastern Turkey, Crete and Malta to the North Cape. */
#define FX0 2550000.0
#define FX1 7250000.0
#define FY0 1380000.0
#define FY1 5450000.0
#define MAPW 600		/* px */
#define UNITS 10		/* path units per px */

static const struct inset {
	const char *name;
	double lon0, lon1, lat0, lat1;
} insets[] = {
	{ "Canarias", -18.5, -13.0, 27.3, 29.6 },
	{ "Madeira", -17.6, -15.6, 29.8, 33.3 },
	{ "Açores", -31.5, -24.8, 36.7, 40.0 },
	{ "Guadeloupe", -61.9, -60.9, 15.8, 16.6 },
	{ "Martinique", -61.3, -60.7, 14.3, 14.95 },
	{ "Guyane", -54.7, -51.5, 2.0, 5.9 },
	{ "La Réunion", 55.1, 56.0, -21.5, -20.8 },
	{ "Mayotte", 44.9, 45.4, -13.1, -12.5 },
};
#define NINSETS (sizeof insets / sizeof *insets)
#define INSETW 104
#define INSETH 60

/* ColorBrewer palettes, colour-blind safe: RdBu (7) for diverging classes,
 * red the worse side; YlGnBu (3 to 5) for quantile and equal classes. */
static const char *const rdbu7[] = {
	"#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"
};
static const char *const ylgnbu[6][5] = {
	{ NULL }, { "#41b6c4" }, { "#a1dab4", "#225ea8" }, { "#edf8b1", "#7fcdbb", "#2c7fb8" },
	{ "#ffffcc", "#a1dab4", "#41b6c4", "#225ea8" },
	{ "#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494" },
};

/* A row of the data, by region. */
struct mrow {
	const char *code;
	const char *flags;
	const char *polarity;
	unsigned long line;
	size_t row;		/* in the input */
	double x;
	int has, level;
	char text[NUM_FORMAT_MAX];
};

static int
cmp_mrow(const void *a, const void *b)
{
	return strcmp(((const struct mrow *)a)->code, ((const struct mrow *)b)->code);
}

static struct mrow *
find_mrow(struct mrow *rows, size_t n, const char *code)
{
	struct mrow key;

	key.code = code;
	return bsearch(&key, rows, n, sizeof *rows, cmp_mrow);
}

/* Codes for a message: the first ten, then how many more. */
static void
code_list(char *buf, size_t cap, const char *const *codes, size_t n)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && i < 10 && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", codes[i]);
	if (n > 10 && len < cap)
		snprintf(buf + len, cap - len, " and %zu more", n - 10);
}

/* Where the parts of the regions go: the main frame, an inset, or nowhere. */
struct placed {
	struct laea local[NINSETS];
	double ix0[NINSETS], iy1[NINSETS], ik[NINSETS];
	int used[NINSETS];
};

static int
part_place(const struct geo_poly *p)
{
	double lat, lon;
	size_t i;

	if (p->xmax >= FX0 && p->xmin <= FX1 && p->ymax >= FY0 && p->ymin <= FY1)
		return -1;
	if (laea_inverse(laea_3035(), (p->xmin + p->xmax) / 2, (p->ymin + p->ymax) / 2, &lat, &lon) != 0)
		return -2;
	for (i = 0; i < NINSETS; i++)
		if (lon >= insets[i].lon0 && lon <= insets[i].lon1 && lat >= insets[i].lat0 && lat <= insets[i].lat1)
			return (int)i;
	return -2;
}

/* An inset's reprojection: EPSG:3035 back to latitude and longitude, then
 * the inset's own LAEA centred on it. */
static int
to_inset(void *arg, double *x, double *y)
{
	const struct laea *local = arg;
	double lat, lon;

	if (laea_inverse(laea_3035(), *x, *y, &lat, &lon) != 0)
		return -1;
	return laea_forward(local, lat, lon, x, y);
}

static void
inset_frames(struct placed *pl)
{
	size_t i, j;

	for (i = 0; i < NINSETS; i++) {
		const struct inset *in = &insets[i];
		double xmin = 1e300, xmax = -1e300, ymin = 1e300, ymax = -1e300, x, y, w, h;

		laea_init(&pl->local[i], (in->lat0 + in->lat1) / 2, (in->lon0 + in->lon1) / 2, 0, 0);
		for (j = 0; j <= 8; j++) {
			double t = j / 8.0, pts[4][2] = {
				{ in->lat0, in->lon0 + t * (in->lon1 - in->lon0) },
				{ in->lat1, in->lon0 + t * (in->lon1 - in->lon0) },
				{ in->lat0 + t * (in->lat1 - in->lat0), in->lon0 },
				{ in->lat0 + t * (in->lat1 - in->lat0), in->lon1 } };

			for (size_t c = 0; c < 4; c++) {
				laea_forward(&pl->local[i], pts[c][0], pts[c][1], &x, &y);
				xmin = fmin(xmin, x);
				xmax = fmax(xmax, x);
				ymin = fmin(ymin, y);
				ymax = fmax(ymax, y);
			}
		}
		w = xmax - xmin;
		h = ymax - ymin;
		pl->ik[i] = fmin((INSETW - 6) / w, (INSETH - 6) / h);
		/* centred in the box */
		pl->ix0[i] = xmin - ((INSETW / pl->ik[i]) - w) / 2;
		pl->iy1[i] = ymax + ((INSETH / pl->ik[i]) - h) / 2;
	}
}

static void
out_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
out_fmt(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	tsv_put_bytes(&o.out, buf, n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* The fewest decimals (at most 3) that print every bound exactly. */
static int
bound_decimals(const double *b, size_t n)
{
	int d;
	size_t i;
	double p;

	for (d = 0, p = 1; d < 3; d++, p *= 10) {
		for (i = 0; i < n; i++)
			if (fabs(b[i] * p - round(b[i] * p)) > 1e-6)
				break;
		if (i == n)
			return d;
	}
	return 3;
}

/* The figure's label: "ES51 Cataluña", else the geometry's name; in o.text. */
static const char *
region_label(const char *code, const struct geo_region *g)
{
	if (!o.codes && o.nuts != NULL && nuts_label(o.nuts, code) != NULL)
		return label("geo", code);
	if (g == NULL || *g->name == '\0' || o.codes)
		return tstr(code);
	return tjoin(code, " ", g->name);
}

/* The value of column col when every row drawn has the same, else NULL. */
static const char *
uniform(const struct input *in, int col, const int *drawn)
{
	const char *v = NULL;
	size_t i;

	if (col < 0)
		return NULL;
	for (i = 0; i < in->nrows; i++) {
		if (!drawn[i])
			continue;
		if (v == NULL)
			v = in->rows[i][col];
		else if (strcmp(v, in->rows[i][col]) != 0)
			return NULL;
	}
	return v != NULL && *v != '\0' ? v : NULL;
}

/* One region of the map: its path filled by its figure's class (hatched
 * without one), its name, figure and flags as the hover title. */
static void
put_region(const struct geo_region *gr, const struct mrow *mr, const char *d, size_t dlen,
    const double *bound, size_t ncls, enum geo_classing how, char polarity)
{
	out_fmt("<path data-nuts=\"%s\" fill=\"", gr->code);
	if (mr != NULL && mr->has) {
		size_t c = geo_class_of(mr->x, bound, ncls);

		out_str(how == GEO_DIVERGING ? rdbu7[polarity == '-' ? 6 - c : c] : ylgnbu[ncls][c]);
	} else
		out_fmt("url(#nd%s)", idsfx);
	out_str("\" d=\"");
	tsv_put_bytes(&o.out, d, dlen);
	out_str("\"><title>");
	out_html(region_label(gr->code, gr));
	out_str(": ");
	out_html(mr != NULL && mr->has ? mr->text : "no figure");
	if (mr != NULL && *mr->flags) {
		out_str(" ");
		out_html(mr->flags);
	}
	out_str("</title></path>\n");
}

/* Pairs of rows by their first row. */
static int
cmp_pair(const void *pa, const void *pb)
{
	const size_t *a = pa, *b = pb;

	return a[0] < b[0] ? -1 : a[0] > b[0];
}

static int
render_map(const struct input *in, const struct geo *geo, const char *geopath, int embed)
{
	struct mrow *rows = xcalloc(in->nrows + 1, sizeof *rows), *mr;
	const struct geo_region *gr;
	const char **missing, **others, **outside;
	size_t nrows = 0, i, j, p, nmissing = 0, nothers = 0, noutside = 0, nfound = 0, nvals = 0, ncls = 0;
	size_t count[GEO_MAXCLASSES], nlevel[4] = { 0 }, k;
	int gcol, vcol, fcol = -1, pcol = -1, tcol = -1, icol = -1, scol = -1, grcol = -1, level, rc = 0;
	int *drawn, dec, y, height, bottom, legend_y;
	double *vals, bound[GEO_MAXCLASSES + 1];
	char kind, polarity = '+', msg[2048], *d = NULL;
	const char *lbl;
	size_t dlen = 0, dcap = 0;
	enum geo_classing how;
	enum num_error e = NUM_OK;
	struct placed *pl = xcalloc(1, sizeof *pl);
	struct geo_frame mainf = { FX0, FY1, MAPW / (FX1 - FX0), UNITS };
	const char *year, *title, *sex, *ind, *grp;
	flagset fl;
	int mapw = MAPW, maph = (int)lround((FY1 - FY0) * MAPW / (FX1 - FX0));
	flagset legend0 = o.legend;
	struct seconds seconds = { 0 };

	o.legend = 0;

	if ((gcol = column(in, o.rows, "--rows")) < 0 || (vcol = column(in, o.values[0], "--value")) < 0) {
		free(rows);
		free(pl);
		return EXIT_DATA;
	}
	for (j = 0; j < in->ncols; j++) {
		const char *n = in->names[j];

		if (strcmp(n, "flag") == 0) fcol = (int)j;
		else if (strcmp(n, "polarity") == 0) pcol = (int)j;
		else if (strcmp(n, "time") == 0) tcol = (int)j;
		else if (strcmp(n, "indicator") == 0) icol = (int)j;
		else if (strcmp(n, "sex") == 0) scol = (int)j;
		else if (strcmp(n, "group") == 0) grcol = (int)j;
	}
	kind = kind_of(o.values[0]);
	missing = xcalloc(in->nrows + 1, sizeof *missing);
	others = xcalloc(in->nrows + 1, sizeof *others);
	outside = xcalloc(in->nrows + 1, sizeof *outside);
	drawn = xcalloc(in->nrows + 1, sizeof *drawn);
	vals = xcalloc(in->nrows + 1, sizeof *vals);

	/* the rows by region: one figure each */
	for (i = 0; i < in->nrows; i++) {
		const char *code = in->rows[i][gcol], *v = in->rows[i][vcol];

		mr = &rows[nrows++];
		mr->code = code;
		mr->line = in->line[i];
		mr->row = i;
		mr->flags = fcol >= 0 ? in->rows[i][fcol] : "";
		mr->polarity = pcol >= 0 ? in->rows[i][pcol] : "";
		if (*v != '\0' && (e = num_parse(v, strlen(v), &mr->x)) == NUM_OK) {
			mr->has = 1;
			num_format(mr->text, sizeof mr->text, mr->x, decimals_of(o.values[0]));
		} else if (*v != '\0') {
			diag_warn_at(in->name, in->line[i], "%s '%s': \"%s\" %s", o.values[0], code, v, num_strerror(e));
			rc = EXIT_DATA;
			goto done;
		}
		if (nuts_is_aggregate(code))
			mr->level = -1;
		else if ((gr = geo_find(geo, code)) != NULL)
			mr->level = gr->level;
		else if (o.nuts != NULL && nuts_level_of(o.nuts, code) >= 0)
			mr->level = nuts_level_of(o.nuts, code);
		else
			mr->level = strlen(code) >= 2 && strlen(code) <= 5 ? (int)strlen(code) - 2 : -1;
		if (mr->level >= 0 && mr->level <= 3)
			nlevel[mr->level]++;
	}
	qsort(rows, nrows, sizeof *rows, cmp_mrow);
	for (i = 0; i < nrows; i = k) {	/* a region's rows, i to k: each after the first is a second */
		size_t first = rows[i].row;

		for (k = i + 1; k < nrows && strcmp(rows[k].code, rows[i].code) == 0; k++)
			if (rows[k].row < first)
				first = rows[k].row;
		for (j = i; j < k; j++)
			if (rows[j].row != first)
				seconds_add(&seconds, rows[j].row, first);
	}
	if (seconds.n > 0) {
		int skip[] = { gcol, vcol, -1 };

		qsort(seconds.pair, seconds.n, sizeof *seconds.pair, cmp_pair);	/* the first in the input */
		seconds_tell(in, &seconds, in->rows[seconds.pair[0][0]][gcol], "a map shows one indicator, year, sex and group",
		    skip);
		free(seconds.pair);
		rc = EXIT_DATA;
		goto done;
	}
	/* the level drawn: the one most of the data's regions are at (ties: the finer) */
	for (level = -1, j = 0; j < 4; j++)
		if (nlevel[j] > 0 && (level < 0 || nlevel[j] >= nlevel[level]))
			level = (int)j;
	if (level < 0) {
		diag_warn_at(in->name, 0, "no NUTS region in column '%s' to map", o.rows);
		rc = EXIT_DATA;
		goto done;
	}
	for (i = 0; i < nrows; i++) {
		mr = &rows[i];
		if (mr->level != level) {
			others[nothers++] = mr->code;
			continue;
		}
		gr = geo_find(geo, mr->code);
		if (gr != NULL && gr->level == level)
			nfound++;
		else if (mr->has)	/* a region without a figure loses nothing (an old code's later years) */
			missing[nmissing++] = mr->code;
	}
	if (nmissing > 0) {
		code_list(msg, sizeof msg, missing, nmissing);
		if (nfound * 10 < (nfound + nmissing) * 9) {
			diag_warn("%s: %zu of the data's %zu NUTS %d regions are not in the geometry: %s; is it "
			    "the data's NUTS version (2021 or 2024)?", diag_name(geopath), nmissing, nfound + nmissing,
			    level, msg);
			rc = EXIT_DATA;
			goto done;
		}
		diag_warn("%s: not in the geometry, not drawn: %s", diag_name(geopath), msg);
	}
	if (nothers > 0) {
		code_list(msg, sizeof msg, others, nothers);
		diag_warn("the map is of NUTS %d regions; not drawn: %s", level, msg);
	}
	/* which input rows are drawn: their indicator, year, sex, group head the map */
	for (i = 0; i < in->nrows; i++) {
		const char *code = in->rows[i][gcol];

		gr = geo_find(geo, code);
		drawn[i] = gr != NULL && gr->level == level;
		if (drawn[i] && *in->rows[i][vcol] != '\0')
			vals[nvals++] = find_mrow(rows, nrows, code)->x;
	}
	/* classes */
	if (pcol >= 0 && kind == 'g') {
		const char *pol = NULL;

		for (i = 0; i < in->nrows; i++) {
			if (!drawn[i])
				continue;
			if (pol == NULL)
				pol = in->rows[i][pcol];
			else if (strcmp(pol, in->rows[i][pcol]) != 0) {
				diag_warn_at(in->name, in->line[i], "polarity %s after %s: a map shows one indicator",
				    in->rows[i][pcol], pol);
				rc = EXIT_DATA;
				goto done;
			}
		}
		if (pol != NULL)
			polarity = *pol == '-' ? '-' : *pol == '0' ? '0' : '+';
	}
	how = o.classes >= 0 ? (enum geo_classing)o.classes :
	    kind != 0 && polarity != '0' ? GEO_DIVERGING : GEO_QUANTILE;
	if (how == GEO_DIVERGING && polarity == '0') {
		diag_warn("--classes diverging: the indicator is context (polarity 0), neither better nor worse: "
		    "use quantile or equal");
		rc = EXIT_DATA;
		goto done;
	}
	memset(count, 0, sizeof count);
	if (nvals > 0) {
		double *sorted = xmalloc(nvals * sizeof *sorted);

		memcpy(sorted, vals, nvals * sizeof *sorted);
		ncls = geo_classes(sorted, nvals, how, 5, kind == 's' ? 100 : 0, bound);
		free(sorted);
		for (i = 0; i < nvals; i++)
			count[geo_class_of(vals[i], bound, ncls)]++;
	}

	/* the picture */
	title = o.title != NULL ? o.title : kind == 'g' ? "Gap to the reference group" :
	    kind == 's' ? "Parity score" : o.values[0];
	ind = uniform(in, icol, drawn);
	sex = uniform(in, scol, drawn);
	grp = uniform(in, grcol, drawn);
	year = uniform(in, tcol, drawn);
	for (i = 0; i < in->nrows; i++)
		if (drawn[i] && fcol >= 0 && flags_parse(in->rows[i][fcol], strlen(in->rows[i][fcol]), &fl) == 0)
			o.legend |= fl;
	inset_frames(pl);
	for (i = 0; i < geo->nregions; i++) {
		if (geo->region[i].level != level)
			continue;
		for (p = 0; p < geo->region[i].npoly; p++) {
			int where = part_place(&geo->region[i].poly[p]);

			if (where >= 0)
				pl->used[where] = 1;
		}
	}
	legend_y = 60;
	{
		int nflags = 0, nins = 0, right;

		for (k = 0; k < sizeof flag_words / sizeof *flag_words; k++)
			nflags += flags_has(o.legend, flag_words[k][0]);
		for (j = 0; j < NINSETS; j++)
			nins += pl->used[j];
		right = legend_y + 8 + 18 * ((int)ncls + 1) + 12 + 34 + 14 * nflags + 8 + (nins + 1) / 2 * (INSETH + 18);
		bottom = 46 + maph > right ? 46 + maph : right;
		height = bottom + 52;
	}
	if (embed)
		snprintf(idsfx, sizeof idsfx, "-%d", ++map_seq);
	else
		tsv_writer_fdopen(&o.out, 1, "stdout");
	out_fmt("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "font-family=\"sans-serif\" font-size=\"11\">\n", 860, height, 860, height);
	out_str("<title>");
	out_html(title);
	out_str("</title>\n<defs>\n");
	out_fmt("<pattern id=\"nd%s\" width=\"%d\" height=\"%d\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><rect width=\"%d\" height=\"%d\" fill=\"#e6e6e6\"/>"
	    "<path d=\"M0 0v%d\" stroke=\"#a8a8a8\" stroke-width=\"%d\"/></pattern>\n",
	    idsfx, 5 * UNITS, 5 * UNITS, 5 * UNITS, 5 * UNITS, 5 * UNITS, 2 * UNITS);
	out_fmt("<pattern id=\"ndl%s\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#e6e6e6\"/>"
	    "<path d=\"M0 0v5\" stroke=\"#a8a8a8\" stroke-width=\"2\"/></pattern>\n", idsfx);
	out_fmt("<clipPath id=\"frame%s\"><rect width=\"%d\" height=\"%d\"/></clipPath>\n",
	    idsfx, mapw * UNITS, maph * UNITS);
	out_str("</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	out_str("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">");
	out_html(title);
	out_str("</text>\n<text x=\"10\" y=\"37\" fill=\"#444\">");
	{
		int any = 0;

		if (ind != NULL) {
			out_html(label("indicator", ind));
			any = 1;
		}
		if (grp != NULL) {
			lbl = label("group", grp);
			out_str(any ? ", " : "");
			out_html(lbl);
			any = 1;
		}
		if (sex != NULL) {
			out_str(any ? ", sex " : "sex ");
			out_html(sex);
			any = 1;
		}
		if (year != NULL) {
			out_str(any ? ", " : "");
			out_html(year);
			any = 1;
		}
		out_fmt("%sNUTS %d regions", any ? "; " : "", level);
	}
	out_str("</text>\n");

	/* the main frame */
	out_fmt("<g transform=\"translate(10 46) scale(.1)\" clip-path=\"url(#frame%s)\" fill-rule=\"evenodd\" "
	    "stroke=\"#ffffff\" stroke-width=\"%d\" stroke-linejoin=\"round\">\n", idsfx, UNITS / 2);
	out_fmt("<rect width=\"%d\" height=\"%d\" fill=\"#eef3f7\" stroke=\"none\"/>\n", mapw * UNITS, maph * UNITS);
	for (i = 0; i < geo->nregions; i++) {
		gr = &geo->region[i];
		if (gr->level != level)
			continue;
		dlen = 0;
		if (d != NULL)
			d[0] = '\0';
		for (p = 0; p < gr->npoly; p++)
			if (part_place(&gr->poly[p]) == -1)
				geo_path(&d, &dlen, &dcap, &gr->poly[p], &mainf, NULL, NULL);
		mr = find_mrow(rows, nrows, gr->code);
		if (dlen == 0) {
			int inframe = 0, ininset = 0;

			for (p = 0; p < gr->npoly; p++) {
				int where = part_place(&gr->poly[p]);

				inframe |= where == -1;
				ininset |= where >= 0;
			}
			if (!inframe) {
				if (mr != NULL && !ininset)
					outside[noutside++] = gr->code;
				continue;
			}
			/* too small to draw at this scale: a mark where it is */
			{
				char tmp[96];
				long cx = lround(((gr->poly[0].xmin + gr->poly[0].xmax) / 2 - FX0) * mainf.k * UNITS);
				long cy = lround((FY1 - (gr->poly[0].ymin + gr->poly[0].ymax) / 2) * mainf.k * UNITS);
				int m = snprintf(tmp, sizeof tmp, "M%ld %ldh%dv%dh%dz", cx - UNITS, cy - UNITS,
				    2 * UNITS, 2 * UNITS, -2 * UNITS);

				d = xgrow(d, &dcap, (size_t)m + 1, 1);
				memcpy(d, tmp, (size_t)m + 1);
				dlen = (size_t)m;
			}
		}
		put_region(gr, mr, d, dlen, bound, ncls, how, polarity);
	}
	out_str("</g>\n");
	out_fmt("<rect x=\"10\" y=\"46\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>\n", mapw, maph);

	/* the legend */
	y = legend_y;
	out_fmt("<g class=\"legend\"><text x=\"630\" y=\"%d\" font-weight=\"bold\">", y);
	out_html(kind == 'g' ? "Gap (percentage points)" : kind == 's' ? "Parity score (100 = parity)" : o.values[0]);
	out_str("</text>\n");
	y += 8;
	dec = bound_decimals(bound, ncls + 1);
	for (k = 0; k < ncls; k++) {
		char lo[NUM_FORMAT_MAX], hi[NUM_FORMAT_MAX];
		size_t c = how == GEO_DIVERGING ? ncls - 1 - k : ncls - 1 - k;	/* highest on top */
		const char *col = how == GEO_DIVERGING ? rdbu7[polarity == '-' ? 6 - c : c] : ylgnbu[ncls][c];

		num_format(lo, sizeof lo, bound[c], dec);
		num_format(hi, sizeof hi, bound[c + 1], dec);
		out_fmt("<rect x=\"630\" y=\"%d\" width=\"18\" height=\"14\" fill=\"%s\" stroke=\"#888\" "
		    "stroke-width=\".5\"/><text x=\"654\" y=\"%d\">%s to %s (%zu)</text>\n", y, col, y + 11, lo, hi, count[c]);
		y += 18;
	}
	out_fmt("<rect x=\"630\" y=\"%d\" width=\"18\" height=\"14\" fill=\"url(#ndl%s)\" stroke=\"#888\" "
	    "stroke-width=\".5\"/><text x=\"654\" y=\"%d\">no figure</text>\n", y, idsfx, y + 11);
	y += 30;
	if (how == GEO_DIVERGING) {
		out_fmt("<text x=\"630\" y=\"%d\" fill=\"#444\">blue: the group fares better,</text>\n", y);
		out_fmt("<text x=\"630\" y=\"%d\" fill=\"#444\">red: worse than the reference</text>\n", y + 14);
		y += 34;
	} else {
		out_fmt("<text x=\"630\" y=\"%d\" fill=\"#444\">%s classes</text>\n", y,
		    how == GEO_QUANTILE ? "quantile" : "equal-interval");
		y += 20;
	}
	for (k = 0; k < sizeof flag_words / sizeof *flag_words; k++)
		if (flags_has(o.legend, flag_words[k][0])) {
			out_fmt("<text x=\"630\" y=\"%d\" fill=\"#444\">", y);
			out_html(flag_words[k]);
			out_str("</text>\n");
			y += 14;
		}
	out_str("</g>\n");

	/* the insets */
	y += 8;
	for (k = 0, j = 0; j < NINSETS; j++) {
		int bx, by;

		if (!pl->used[j])
			continue;
		bx = 630 + (int)(k % 2) * (INSETW + 8);
		by = y + (int)(k / 2) * (INSETH + 18);
		k++;
		out_fmt("<g class=\"inset\"><text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#444\">", bx, by + 10);
		out_html(insets[j].name);
		out_str("</text>\n");
		out_fmt("<svg x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", bx, by + 14, INSETW, INSETH,
		    INSETW * UNITS, INSETH * UNITS);
		out_fmt("<g fill-rule=\"evenodd\" stroke=\"#ffffff\" stroke-width=\"%d\" stroke-linejoin=\"round\">\n"
		    "<rect width=\"%d\" height=\"%d\" fill=\"#eef3f7\" stroke=\"#888\" stroke-width=\"%d\"/>\n",
		    UNITS / 2, INSETW * UNITS, INSETH * UNITS, UNITS);
		{
			struct geo_frame f = { pl->ix0[j], pl->iy1[j], pl->ik[j], UNITS };

			for (i = 0; i < geo->nregions; i++) {
				gr = &geo->region[i];
				if (gr->level != level)
					continue;
				dlen = 0;
				for (p = 0; p < gr->npoly; p++)
					if (part_place(&gr->poly[p]) == (int)j)
						geo_path(&d, &dlen, &dcap, &gr->poly[p], &f, to_inset, &pl->local[j]);
				if (dlen == 0)
					continue;
				mr = find_mrow(rows, nrows, gr->code);
				put_region(gr, mr, d, dlen, bound, ncls, how, polarity);
			}
		}
		out_str("</g>\n</svg></g>\n");
	}

	/* the caption */
	y = bottom + 18;
	out_fmt("<text x=\"10\" y=\"%d\" font-size=\"10\" fill=\"#444\">", y);
	out_str("Source: ");
	out_html(o.source != NULL ? o.source : "Eurostat; computed with mipexr");
	if (year != NULL) {
		out_str(", ");
		out_html(year);
	}
	if (o.date != NULL) {
		out_str(" (");
		out_html(o.date);
		out_str(")");
	}
	out_str(".</text>\n");
	y += 13;
	out_fmt("<text x=\"10\" y=\"%d\" font-size=\"10\" fill=\"#444\">Boundaries: Eurostat – GISCO. "
	    "© EuroGeographics for the administrative boundaries</text>\n", y);
	y += 13;
	if (nmissing > 0 || noutside > 0) {
		out_fmt("<text x=\"10\" y=\"%d\" font-size=\"10\" fill=\"#444\">", y);
		if (nmissing > 0) {
			code_list(msg, sizeof msg, missing, nmissing);
			out_str("Not in the boundary file: ");
			out_html(msg);
			out_str(noutside > 0 ? ". " : "");
		}
		if (noutside > 0) {
			code_list(msg, sizeof msg, outside, noutside);
			out_str("Outside the map: ");
			out_html(msg);
		}
		out_str("</text>\n");
	}
	out_str("</svg>\n");
	if (!embed)
		tsv_writer_close(&o.out);
done:
	o.legend = legend0;
	free(d);
	free(rows);
	free(missing);
	free(others);
	free(outside);
	free(drawn);
	free(vals);
	free(pl);
	return rc;
}

/* The map of each --cols value (or the one map) under the HTML table, each in
 * a <figure>, from the rows of that value. */
static void
embed_maps(void)
{
	const struct input *in = map_in;
	struct input sub;
	struct key_index keys = { 0 };
	const char *title = o.title, *lbl;
	size_t nk, i, k;
	int ccol = -1, rc;

	if (o.cols != NULL)
		for (i = 0; i < in->ncols; i++)
			if (strcmp(in->names[i], o.cols) == 0)
				ccol = (int)i;
	for (i = 0; i < in->nrows && ccol >= 0; i++)
		key_index_of(&keys, in->rows[i][ccol]);
	nk = ccol >= 0 ? keys.n : 1;
	sub = *in;
	sub.rows = xcalloc(in->nrows + 1, sizeof *sub.rows);
	sub.line = xcalloc(in->nrows + 1, sizeof *sub.line);
	for (k = 0; k < nk; k++) {
		sub.nrows = 0;
		for (i = 0; i < in->nrows; i++)
			if (ccol < 0 || strcmp(in->rows[i][ccol], keys.key[k]) == 0) {
				sub.rows[sub.nrows] = in->rows[i];
				sub.line[sub.nrows++] = in->line[i];
			}
		lbl = ccol >= 0 ? label(o.cols, keys.key[k]) : NULL;
		o.title = lbl != NULL ? lbl : title;
		out_str("<figure class=\"map\">\n");
		if ((rc = render_map(&sub, map_geo, o.geometry, 1)) != 0 && map_rc == 0)
			map_rc = rc;
		out_str("</figure>\n");
	}
	o.title = title;
	key_index_free(&keys);
	free(sub.rows);
	free(sub.line);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "rows", required_argument, NULL, 'r' },
		{ "cols", required_argument, NULL, 'c' },
		{ "value", required_argument, NULL, 'V' },
		{ "sort", required_argument, NULL, 's' },
		{ "top", required_argument, NULL, 't' },
		{ "codes", no_argument, NULL, 'C' },
		{ "excel", no_argument, NULL, 'x' },
		{ "title", required_argument, NULL, 'T' },
		{ "source", required_argument, NULL, 'S' },
		{ "date", required_argument, NULL, 'D' },
		{ "geometry", required_argument, NULL, 'g' },
		{ "classes", required_argument, NULL, 'k' },
		{ "where", required_argument, NULL, 'w' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct input in = { 0 };
	struct table t = { 0 };
	struct geo html_geo = { 0 };
	const char *path = "-";
	char *end;
	int ch, rc, where_rc = 0;
	size_t j;
	unsigned long max_errors = 20;

	diag_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "p:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0) o.format = F_TEXT;
			else if (strcmp(optarg, "md") == 0) o.format = F_MD;
			else if (strcmp(optarg, "csv") == 0) o.format = F_CSV;
			else if (strcmp(optarg, "html") == 0) o.format = F_HTML;
			else if (strcmp(optarg, "svg") == 0) o.format = F_SVG;
			else if (strcmp(optarg, "map") == 0) o.format = F_MAP;
			else diag_die(EXIT_TROUBLE, "--format %s: text, md, csv, html, svg or map", optarg);
			break;
		case 'r': o.rows = optarg; break;
		case 'c': o.cols = optarg; break;
		case 'V':
			if (o.nvalues == sizeof o.values / sizeof *o.values)
				diag_die(EXIT_TROUBLE, "at most 16 --value columns");
			o.values[o.nvalues++] = optarg;
			break;
		case 's': o.sort = optarg; break;
		case 't':
			errno = 0;
			o.top = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o.top < 0 || errno != 0)
				diag_die(EXIT_TROUBLE, "--top takes a count, not \"%s\"", optarg);
			break;
		case 'p':
			o.decimals = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o.decimals < 0 || o.decimals > 15)
				diag_die(EXIT_TROUBLE, "-p takes 0 to 15 decimals, not \"%s\"", optarg);
			break;
		case 'C': o.codes = 1; break;
		case 'x': o.excel = 1; break;
		case 'T': o.title = optarg; break;
		case 'S': o.source = optarg; break;
		case 'D': o.date = optarg; break;
		case 'g': o.geometry = optarg; break;
		case 'k':
			if (strcmp(optarg, "quantile") == 0) o.classes = GEO_QUANTILE;
			else if (strcmp(optarg, "equal") == 0) o.classes = GEO_EQUAL;
			else if (strcmp(optarg, "diverging") == 0) o.classes = GEO_DIVERGING;
			else diag_die(EXIT_TROUBLE, "--classes %s: quantile, equal or diverging", optarg);
			break;
		case 'w': where_add(optarg); break;
		case 'm': max_errors = diag_cap_parse(optarg, "--max-errors"); break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 1)
		path = argv[0];
	if (o.format == F_MAP && o.rows == NULL)
		o.rows = "geo";
	if ((o.rows == NULL) != (o.nvalues == 0) || (o.cols != NULL && o.rows == NULL))
		diag_die(EXIT_TROUBLE, "a pivot needs --rows and --value (and may have --cols)");
	if (o.format == F_SVG && o.rows == NULL)
		diag_die(EXIT_TROUBLE, "--format svg charts one --value across --rows");
	if (o.format == F_MAP) {
		if (o.geometry == NULL || o.nvalues != 1 || o.cols != NULL)
			diag_die(EXIT_TROUBLE, "--format map colours regions by one --value, from --geometry GEOJSON");
	} else if (o.format == F_HTML && o.geometry != NULL) {
		if (o.rows == NULL || strcmp(o.rows, "geo") != 0 || o.nvalues != 1)
			diag_die(EXIT_TROUBLE, "--format html --geometry maps one --value across --rows geo");
	} else if (o.geometry != NULL || o.classes >= 0)
		diag_die(EXIT_TROUBLE, "--geometry and --classes go with --format map or html");
	if (o.excel && o.format != F_CSV)
		diag_die(EXIT_TROUBLE, "--excel goes with --format csv");
	diag_cap(max_errors);
	if ((o.format == F_TEXT || o.format == F_MD || o.format == F_CSV) && o.rows == NULL && o.sort == NULL) {
		tsv_writer_fdopen(&o.out, 1, "stdout");
		rc = plain_table_out(path, &in);
		tsv_writer_close(&o.out);
		goto out;
	}
	if ((rc = read_input(path, &in)) != 0 || (rc = load_labels()) != 0)
		goto out;	/* what was read is freed there */
	where_rc = where_end();
	if (o.format == F_MAP) {
		struct geo geo;

		if ((rc = geo_load(&geo, o.geometry)) == 0) {
			rc = render_map(&in, &geo, o.geometry, 0);
			geo_free(&geo);
		}
		goto out;
	}
	if (o.format == F_HTML && o.geometry != NULL) {
		if ((rc = geo_load(&html_geo, o.geometry)) != 0)
			goto out;
		map_in = &in;
		map_geo = &html_geo;
	}
	rc = o.rows != NULL ? pivot_table(&in, &t) : plain_table(&in, &t);
	if (rc == 0)
		rc = sort_and_cut(&t);
	if (rc == 0) {
		collect_legend(&t);
		tsv_writer_fdopen(&o.out, 1, "stdout");
		switch (o.format) {
		case F_TEXT: render_text(&t, 0); break;
		case F_MD: render_text(&t, 1); break;
		case F_CSV: render_csv(&t); break;
		case F_HTML: render_html(&t); break;
		case F_SVG: render_svg(&t); break;
		case F_MAP: break;
		}
		tsv_writer_close(&o.out);
		if (map_rc != 0)
			rc = map_rc;
		else if (bad_figures > 0)
			rc = EXIT_DATA;
	}
out:
	if (rc == 0)
		rc = where_rc;
	diag_cap_end();
	if (map_geo != NULL)
		geo_free(&html_geo);
	free(t.head);
	free(t.cell);
	free(t.numeric_col);
	free(t.kind);
	for (j = 0; j < in.ncols; j++)
		free(in.names[j]);
	free(in.names);
	free(in.rows);
	free(in.line);
	if (o.nuts != NULL)
		nuts_free(o.nuts);
	if (o.cat != NULL)
		catalogue_free(o.cat);
	free(key_ids);
	arena_free(&o.text);
	free(o.join);
	where_free();
	return rc;
}
