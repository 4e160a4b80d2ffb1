/*
 * The table model of mipexr-render-table (see render.h): the input and its
 * --where selection, labels, the figure test, plain and pivot tables, sort
 * and top, the flags' legend and the indicators' key.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "diag.h"
#include "num.h"
#include "nuts.h"
#include "render.h"
#include "tally.h"
#include "tsv.h"

void
render_init(struct render *r, const struct render_opts *opt)
{
	memset(r, 0, sizeof *r);
	r->opt = opt;
	arena_init(&r->text);
	strmap_init(&r->context);
}

int
render_load_labels(struct render *r)
{
	if (r->opt->codes || r->cat != NULL)	/* loaded already */
		return 0;
	r->nuts = nuts_load();
	r->cat = catalogue_load(NULL);
	return r->cat == NULL ? EXIT_TROUBLE : 0;
}

void
render_free(struct render *r)
{
	size_t k;

	for (k = 0; k < r->where.n; k++) {
		free(r->where.term[k].column);
		strmap_free(&r->where.term[k].seen, NULL);
	}
	free(r->where.term);
	if (r->nuts != NULL)
		nuts_free(r->nuts);
	if (r->cat != NULL)
		catalogue_free(r->cat);
	arena_free(&r->text);
	strmap_free(&r->context, NULL);
	free(r->context_id);
	free(r->join);
}

void
render_where_add(struct render_where *w, const char *arg)
{
	const char *eq = strchr(arg, '=');
	struct where_term *t;

	if (eq == NULL || eq == arg)
		diag_die(EXIT_TROUBLE, "--where takes COLUMN=VALUE, not \"%s\"", arg);
	w->term = xgrow(w->term, &w->cap, w->n + 1, sizeof *w->term);
	t = &w->term[w->n++];
	memset(t, 0, sizeof *t);
	t->arg = arg;
	t->column = xstrndup(arg, (size_t)(eq - arg));
	t->value = eq + 1;
	strmap_init(&t->seen);
}

int
render_where_columns(struct render_where *w, const char *name, char *const *names, size_t ncols)
{
	size_t k, j, len;
	char list[1024];

	for (k = 0; k < w->n; k++) {
		if ((w->term[k].col = tsv_name_index(names, ncols, w->term[k].column)) >= 0)
			continue;
		for (j = len = 0; j < ncols && len < sizeof list; j++)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", j > 0 ? ", " : "", names[j]);
		diag_warn_at(name, 1, "no column '%s' (--where %s): the columns are %s", w->term[k].column,
		    w->term[k].arg, list);
		return EXIT_DATA;
	}
	return 0;
}

int
render_where_test(const struct render_where *w, char *const *field)
{
	size_t k;

	for (k = 0; k < w->n; k++)
		if (strcmp(field[w->term[k].col], w->term[k].value) != 0)
			return 0;
	return 1;
}

/* render_where_test, counting: the rows read, selected, and with each value;
 * while a value is met nowhere, the values its column has instead. */
int
render_where_selects(struct render_where *w, char *const *field)
{
	size_t k;
	int all = 1;

	w->rows++;
	for (k = 0; k < w->n; k++) {
		struct where_term *t = &w->term[k];
		const char *v = field[t->col];

		if (strcmp(v, t->value) == 0)
			t->matched++;
		else {
			all = 0;
			if (t->matched == 0 && (t->last == NULL || strcmp(v, t->last) != 0))
				t->last = strmap_intern(&t->seen, v, strlen(v));
		}
	}
	w->selected += all;
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

int
render_where_end(const struct render_where *w)
{
	size_t k, len = 0;
	char list[1024];

	if (w->n == 0 || w->selected > 0 || w->rows == 0)
		return 0;
	for (k = 0; k < w->n; k++)
		if (w->term[k].matched == 0) {
			diag_warn("--where %s: no row has it (%s has %s)", w->term[k].arg, w->term[k].column,
			    key_list(&w->term[k].seen, list, sizeof list));
			return EXIT_DATA;
		}
	for (k = 0; k < w->n && len < sizeof list; k++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s--where %s", k > 0 ? " " : "",
		    w->term[k].arg);
	diag_warn("%s: no row has them all", list);
	return EXIT_DATA;
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

const char *
render_str(struct render *r, const char *s)
{
	return arena_strndup(&r->text, s, strlen(s));
}

const char *
render_join(struct render *r, const char *a, const char *sep, const char *b)
{
	size_t na = strlen(a), ns = strlen(sep), nb = strlen(b);
	char *s = arena_alloc(&r->text, na + ns + nb + 1);

	memcpy(s, a, na);
	memcpy(s + na, sep, ns);
	memcpy(s + na + ns, b, nb + 1);
	return s;
}

char
render_label_kind(const char *column)
{
	if (strcmp(column, "geo") == 0)
		return 'g';
	if (strcmp(column, "indicator") == 0)
		return 'i';
	if (strcmp(column, "group") == 0 || strcmp(column, "ref_group") == 0)
		return 'r';
	return 0;
}

const char *
render_label_text(struct render *r, char kind, const char *code)
{
	const char *name = NULL;
	size_t i, nc, nn;

	if (r->opt->codes || *code == '\0')
		return code;
	if (kind == 'g' && r->nuts != NULL)
		name = nuts_label(r->nuts, code);
	else if (kind == 'i' && r->cat != NULL)
		name = catalogue_label(r->cat, code);
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
	r->join = xgrow(r->join, &r->joincap, nc + nn + 2, 1);
	memcpy(r->join, code, nc);
	r->join[nc] = ' ';
	memcpy(r->join + nc + 1, name, nn + 1);
	return r->join;
}

const char *
render_sex_label(const struct render *r, const char *code)
{
	static const char *const words[][2] = { { "T", "both sexes" }, { "M", "men" }, { "F", "women" } };
	size_t i;

	for (i = 0; !r->opt->codes && i < sizeof words / sizeof *words; i++)
		if (strcmp(code, words[i][0]) == 0)
			return words[i][1];
	return code;
}

const char *
render_label(struct render *r, const char *column, const char *code)
{
	return render_str(r, render_label_text(r, render_label_kind(column), code));
}

int
render_decimals(const struct render *r, const char *column)
{
	if (r->opt->decimals >= 0)
		return r->opt->decimals;
	return strcmp(column, "ratio") == 0 ? 2 : 1;
}

char
render_kind(const char *column)
{
	if (strcmp(column, "gap") == 0 || strcmp(column, "delta") == 0)
		return 'g';
	if (strcmp(column, "score") == 0)
		return 's';
	return 0;
}

size_t
render_flag_words(flagset f, const char **words)
{
	size_t i, n = 0;

	for (i = 0; i < sizeof flag_words / sizeof *flag_words; i++)
		if (flags_has(f, flag_words[i][0]))
			words[n++] = flag_words[i];
	return n;
}

const char *
render_key_label(const struct render *r, const char *id)
{
	const char *s = strmap_get(&r->context, id, strlen(id));

	return s != NULL ? s : catalogue_label(r->cat, id);
}

int
render_context_column(struct render *r, const struct render_input *in, size_t i, int vcol, char kind)
{
	const struct render_known *k = &in->col;
	const char *id, *label;
	void **slot;
	int added;

	if (kind != 'g' || vcol != k->gap || k->value < 0 || k->polarity < 0 || in->rows[i][k->polarity][0] != '0')
		return vcol;
	id = k->indicator >= 0 ? in->rows[i][k->indicator] : "";
	slot = strmap_put(&r->context, id, strlen(id), &added);
	if (added) {
		label = r->cat != NULL ? catalogue_label(r->cat, id) : NULL;
		*slot = (void *)(label != NULL ? render_join(r, label, "; ", RENDER_CONTEXT_NOTE) :
		    render_str(r, RENDER_CONTEXT_NOTE));
		r->context_id = xgrow(r->context_id, &r->contextcap, r->ncontext + 1, sizeof *r->context_id);
		r->context_id[r->ncontext++] = render_str(r, id);
	}
	return k->value;
}

void
render_known_columns(struct render_known *k, char *const *names, size_t ncols)
{
	k->flag = tsv_name_index(names, ncols, "flag");
	k->polarity = tsv_name_index(names, ncols, "polarity");
	k->origin = tsv_name_index(names, ncols, "origin");
	k->indicator = tsv_name_index(names, ncols, "indicator");
	k->sex = tsv_name_index(names, ncols, "sex");
	k->group = tsv_name_index(names, ncols, "group");
	k->time = tsv_name_index(names, ncols, "time");
	k->value = tsv_name_index(names, ncols, "value");
	k->gap = tsv_name_index(names, ncols, "gap");
}

int
render_read_rows(struct render *r, struct tsv_reader *tr, struct render_input *in)
{
	enum tsv_status st;
	size_t j;

	in->name = tr->name;
	in->ncols = tr->ncols;
	in->names = xcalloc(tr->ncols, sizeof *in->names);
	for (j = 0; j < tr->ncols; j++)
		in->names[j] = xstrdup(tr->names[j]);
	render_known_columns(&in->col, in->names, in->ncols);
	if (render_where_columns(&r->where, tr->name, tr->names, tr->ncols) != 0) {
		tsv_close(tr);
		return EXIT_DATA;
	}
	while ((st = tsv_next(tr)) != TSV_END) {
		if (st != TSV_ROW) {
			tsv_close(tr);
			return st == TSV_FAIL ? EXIT_TROUBLE : EXIT_DATA;
		}
		if (r->where.n > 0 && !render_where_selects(&r->where, tr->field))
			continue;
		if (in->nrows == in->cap) {	/* both arrays grow together, not a row at a time */
			in->rows = xgrow(in->rows, &in->cap, in->nrows + 1, sizeof *in->rows);
			in->line = xrealloc(in->line, in->cap * sizeof *in->line);
		}
		in->rows[in->nrows] = tsv_row_copy(tr, &r->text);
		in->line[in->nrows++] = tr->line;
	}
	if (r->where.n == 0)
		r->where.rows = r->where.selected = in->nrows;
	tsv_close(tr);
	return 0;
}

int
render_read(struct render *r, const char *path, struct render_input *in)
{
	struct tsv_reader tr;
	int rc;

	if ((rc = tsv_open(&tr, path)) != 0)
		return rc;
	return render_read_rows(r, &tr, in);
}

void
render_input_free(struct render_input *in)
{
	size_t j;

	for (j = 0; j < in->ncols; j++)
		free(in->names[j]);
	free(in->names);
	free(in->rows);
	free(in->line);
}

int
render_column_for(const struct render_input *in, const char *name, const char *option)
{
	int j = tsv_name_index(in->names, in->ncols, name);

	if (j < 0)
		diag_warn_at(in->name, 1, "no column '%s' (%s)", name, option);
	return j;
}

/* Row i's origin field (the user's extract and line, mipexr-normalise
 * --origin), or NULL when it has none. */
static const char *
in_origin(const struct render_input *in, size_t i)
{
	int j = in->col.origin;

	return j >= 0 && *in->rows[i][j] != '\0' ? in->rows[i][j] : NULL;
}

const char *
render_place(const struct render_input *in, size_t i, char *buf, size_t cap)
{
	const char *origin = in_origin(in, i);

	if (origin != NULL)
		snprintf(buf, cap, "%s", origin);
	else
		snprintf(buf, cap, "%s:%lu", in->name, in->line[i]);
	return buf;
}

static void
set_figure(struct render *r, struct render_cell *c, const char *column, const char *s, const char *flags)
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
	num_format(buf, sizeof buf, x, render_decimals(r, column));
	c->text = render_str(r, buf);
}

static int *
figure_columns(char ***rows, size_t nrows, size_t ncols)
{
	int *fig = xcalloc(ncols + 1, sizeof *fig);
	size_t i, j;
	double x;

	for (j = 0; j < ncols; j++) {
		struct render_figure_test f = { .ok = 1 };

		for (i = 0; i < nrows && f.ok; i++)
			render_figure_add(&f, rows[i][j], strlen(rows[i][j]), &x);
		fig[j] = render_figure_kind(&f);
	}
	return fig;
}

static struct render_cell *
new_row(struct render *r, struct render_table *t)
{
	struct render_cell *row = arena_alloc(&r->text, (t->ncols + 1) * sizeof *row);

	memset(row, 0, (t->ncols + 1) * sizeof *row);
	t->cell = xgrow(t->cell, &t->rowcap, t->nrows + 1, sizeof *t->cell);
	return t->cell[t->nrows++] = row;
}

static void
table_columns(struct render_table *t, size_t ncols)
{
	t->ncols = ncols;
	t->colcol = -1;
	t->head = xcalloc(ncols, sizeof *t->head);
	t->numeric_col = xcalloc(ncols, sizeof *t->numeric_col);
	t->kind = xcalloc(ncols, 1);
}

int
render_plain(struct render *r, const struct render_input *in, struct render_table *t)
{
	size_t i, j;
	int *fig = figure_columns(in->rows, in->nrows, in->ncols);
	struct render_cell *row;

	table_columns(t, in->ncols);
	t->flagcol = in->col.flag;
	for (j = 0; j < t->ncols; j++) {
		t->head[j] = in->names[j];
		t->numeric_col[j] = fig[j] != 0;
		t->kind[j] = render_kind(in->names[j]);
	}
	for (i = 0; i < in->nrows; i++) {
		row = new_row(r, t);
		for (j = 0; j < in->ncols; j++) {
			if (fig[j] == 2)
				set_figure(r, &row[j], in->names[j], in->rows[i][j], NULL);
			else if (render_label_kind(in->names[j]) != 0)
				row[j].text = render_label(r, in->names[j], in->rows[i][j]);
			else
				row[j].text = in->rows[i][j];
			if (row[j].flags == NULL)
				row[j].flags = "";
		}
	}
	free(fig);
	return 0;
}

size_t
render_keys_index(struct render_keys *k, const char *key)
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

void
render_keys_free(struct render_keys *k)
{
	strmap_free(&k->map, NULL);
	free(k->key);
}

static const char *const not_dimensions[] = {
	"value", "flag", "origin", "ref_group", "ref_value", "gap", "ratio", "score", "polarity", "area",
	"country", "nuts_level", "geo_source", "coverage", "baseline", "base_value", "delta", "rank", "of",
	"direction",
};

void
render_seconds_add(struct render_seconds *sc, size_t row, size_t first)
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

/* Marks the columns sc's pairs differ in, but for skip's and those that
 * are not dimensions; returns how many. */
static size_t
seconds_differ(const struct render_input *in, const struct render_seconds *sc, const int *skip, int *differ)
{
	size_t i, j, k, nd = 0;

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
	return nd;
}

void
render_seconds_tell(const struct render_input *in, const struct render_seconds *sc, const char *what,
    const char *otherwise, const int *skip)
{
	int *differ = xcalloc(in->ncols + 1, sizeof *differ);
	struct strmap values;
	size_t i, j, k, len = 0, nd, shown = 0;
	char place[512], text[4096], list[512], sel[1024];
	const char *a, *b;

	nd = seconds_differ(in, sc, skip, differ);
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
	diag_warn_at(render_place(in, sc->pair[0][0], place, sizeof place), 0, "%s", text);
	free(differ);
}

/* The indicator heading pivot columns, for the key under the table. */
static void
key_add(struct render *r, struct render_table *t, const char *id)
{
	if (r->opt->codes || r->cat == NULL || catalogue_label(r->cat, id) == NULL)
		return;
	t->key = xgrow(t->key, &t->keycap, t->nkey + 1, sizeof *t->key);
	t->key[t->nkey++] = render_str(r, id);
}

/* The indicators shown by their share in a gap column, in the key whatever
 * heads the columns and even with --codes: a reader must see they are no gap. */
static void
key_add_context(struct render *r, struct render_table *t)
{
	size_t k, j;

	for (k = 0; k < r->ncontext; k++) {
		for (j = 0; j < t->nkey && strcmp(t->key[j], r->context_id[k]) != 0; j++)
			;
		if (j == t->nkey) {
			t->key = xgrow(t->key, &t->keycap, t->nkey + 1, sizeof *t->key);
			t->key[t->nkey++] = r->context_id[k];
		}
	}
}

/* The pivot's columns: the row heading, then one a --cols value (× --value). */
static void
pivot_head(struct render *r, struct render_table *t, const struct render_keys *ck, size_t nc, int bycol)
{
	const struct render_opts *o = r->opt;
	const char *lbl;
	size_t ci, v, j;
	int ids = bycol && strcmp(o->cols, "indicator") == 0;

	table_columns(t, 1 + nc * o->nvalues);
	t->flagcol = -1;
	t->head[0] = o->rows;
	for (ci = 0; ci < nc; ci++)
		for (v = 0; v < o->nvalues; v++) {
			j = 1 + ci * o->nvalues + v;
			if (!bycol)
				t->head[j] = o->values[v];
			else {
				/* indicator labels are long: the id heads the column, the label goes under
				 * the table, once however many --value columns it heads */
				if (ids && v == 0)
					key_add(r, t, ck->key[ci]);
				lbl = ids ? ck->key[ci] : render_label(r, o->cols, ck->key[ci]);
				t->head[j] = o->nvalues == 1 ? lbl : render_join(r, lbl, ": ", o->values[v]);
			}
			t->numeric_col[j] = 1;
			t->kind[j] = render_kind(o->values[v]);
		}
}

/* The pivot's columns in the input: --rows, --cols (or -1), --value. */
struct pivot_cols {
	int rcol, ccol, vcol[RENDER_MAXVALUES];
	unsigned char letters[RENDER_MAXVALUES];	/* --value flag */
};

/* Fills input row i's figures into cell (ri, ci) of t, counting those not numbers. */
static void
pivot_fill(struct render *r, const struct render_input *in, struct render_table *t, const struct pivot_cols *pc,
    size_t i, size_t ri, size_t ci, struct tally *bad, size_t *bad_kind)
{
	const struct render_opts *o = r->opt;
	int fcol = in->col.flag, pcol = in->col.polarity;
	char polarity = pcol >= 0 ? in->rows[i][pcol][0] : '+', place[512];
	size_t v, j;

	for (v = 0; v < o->nvalues; v++) {
		int vcol = render_context_column(r, in, i, pc->vcol[v], t->kind[1 + ci * o->nvalues + v]);
		const char *s = in->rows[i][vcol];
		enum num_error e;
		double x;

		/* a figure or nothing; --value flag shows letters */
		if (*s != '\0' && !pc->letters[v] && (e = num_parse(s, strlen(s), &x)) != NUM_OK) {
			struct tally_kind *k = tally_count(bad, &bad_kind[v], i, render_place(in, i, place, sizeof place));

			if (k->n == 1)
				tally_text(k, "column '%s': \"%s\" %s", o->values[v], s, num_strerror(e));
			t->bad_figures++;
			s = "";	/* shown as missing */
		}
		j = 1 + ci * o->nvalues + v;
		set_figure(r, &t->cell[ri][j], o->values[v], s, fcol >= 0 && !pc->letters[v] ? in->rows[i][fcol] : "");
		t->cell[ri][j].polarity = polarity;
	}
}

/* Finds the pivot's columns; EXIT_DATA with a message when one is missing. */
static int
pivot_columns(const struct render *r, const struct render_input *in, struct pivot_cols *pc)
{
	const struct render_opts *o = r->opt;
	size_t v;

	pc->ccol = -1;
	if ((pc->rcol = render_column_for(in, o->rows, "--rows")) < 0)
		return EXIT_DATA;
	if (o->cols != NULL && (pc->ccol = render_column_for(in, o->cols, "--cols")) < 0)
		return EXIT_DATA;
	for (v = 0; v < o->nvalues; v++)
		if ((pc->vcol[v] = render_column_for(in, o->values[v], "--value")) < 0)
			return EXIT_DATA;
	for (v = 0; v < o->nvalues; v++)	/* --value flag shows letters */
		pc->letters[v] = pc->vcol[v] == in->col.flag;
	return 0;
}

/* Tells the figures not numbers and the second figures of a cell, in the
 * order of their first rows; EXIT_DATA for a second figure. */
static int
pivot_tell(const struct render *r, const struct render_input *in, const struct pivot_cols *pc,
    struct tally *bad, const struct render_seconds *seconds, const char *cellname)
{
	int skip[RENDER_MAXVALUES + 3], ns = 0, rc = 0;
	size_t v;

	diag_hold();	/* both kinds of message in the order of their first rows */
	tally_tell(bad);
	if (seconds->n > 0) {
		skip[ns++] = pc->rcol;
		if (pc->ccol >= 0)
			skip[ns++] = pc->ccol;
		for (v = 0; v < r->opt->nvalues; v++)
			skip[ns++] = pc->vcol[v];
		skip[ns] = -1;
		diag_hold_key(seconds->pair[0][0]);
		render_seconds_tell(in, seconds, cellname, "select one year, sex and group first", skip);
		rc = EXIT_DATA;
	}
	diag_release();
	return rc;
}

int
render_pivot(struct render *r, const struct render_input *in, struct render_table *t)
{
	const struct render_opts *o = r->opt;
	struct render_keys rk = { 0 }, ck = { 0 };
	struct pivot_cols pc;
	size_t nr, nc, i, j, ri, ci, bad_kind[RENDER_MAXVALUES] = { 0 };
	size_t **seen;		/* each cell's row + 1 */
	struct render_cell *row;
	struct render_seconds seconds = { 0 };
	struct tally bad;	/* figures not numbers, a kind each --value */
	char cellname[512];
	int rc;

	if ((rc = pivot_columns(r, in, &pc)) != 0)
		return rc;
	tally_init(&bad);
	for (i = 0; i < in->nrows; i++) {
		render_keys_index(&rk, in->rows[i][pc.rcol]);
		if (pc.ccol >= 0)
			render_keys_index(&ck, in->rows[i][pc.ccol]);
	}
	nr = rk.n;
	nc = pc.ccol >= 0 ? ck.n : 1;
	pivot_head(r, t, &ck, nc, pc.ccol >= 0);
	t->colcol = pc.ccol;
	seen = xcalloc(nr, sizeof *seen);
	for (ri = 0; ri < nr; ri++) {
		row = new_row(r, t);
		row[0].text = render_label(r, o->rows, rk.key[ri]);
		row[0].flags = "";
		seen[ri] = xcalloc(nc, sizeof **seen);
	}
	for (i = 0; i < in->nrows; i++) {
		ri = render_keys_index(&rk, in->rows[i][pc.rcol]);
		ci = pc.ccol >= 0 ? render_keys_index(&ck, in->rows[i][pc.ccol]) : 0;
		if (seen[ri][ci] != 0) {	/* counted: the table is not drawn */
			if (seconds.n == 0)
				snprintf(cellname, sizeof cellname, "%s × %s", rk.key[ri],
				    pc.ccol >= 0 ? ck.key[ci] : o->values[0]);
			render_seconds_add(&seconds, i, seen[ri][ci] - 1);
			continue;
		}
		seen[ri][ci] = i + 1;
		pivot_fill(r, in, t, &pc, i, ri, ci, &bad, bad_kind);
	}
	rc = pivot_tell(r, in, &pc, &bad, &seconds, cellname);
	key_add_context(r, t);
	for (ri = 0; ri < nr; ri++)
		for (j = 1; j < t->ncols; j++)
			if (t->cell[ri][j].text == NULL) {
				t->cell[ri][j].text = "";
				t->cell[ri][j].flags = "";
				t->cell[ri][j].numeric = 1;
			}
	for (i = 0; i < nr; i++)
		free(seen[i]);
	render_keys_free(&rk);
	render_keys_free(&ck);
	free(seen);
	free(seconds.pair);
	tally_free(&bad);
	return rc;
}

/* A row to sort: its cells, its place before, and the column sorted by. */
struct sort_item {
	struct render_cell *row;
	size_t i, col;
};

static int
cmp_items(const void *pa, const void *pb)
{
	const struct sort_item *ia = pa, *ib = pb;
	const struct render_cell *a = &ia->row[ia->col], *b = &ib->row[ib->col];

	if (a->numeric && b->numeric) {
		if (a->has != b->has)
			return a->has ? -1 : 1;	/* missing last */
		if (a->has && a->x != b->x)
			return a->x > b->x ? -1 : 1;	/* figures: highest first */
	}
	if (strcmp(a->text, b->text) != 0)
		return strcmp(a->text, b->text);
	return ia->i < ib->i ? -1 : ia->i > ib->i;	/* stable: ties keep their order */
}

int
render_sort_top(struct render *r, struct render_table *t)
{
	const struct render_opts *o = r->opt;
	struct sort_item *item;
	size_t i, j;

	if (o->sort != NULL) {
		for (j = 0; j < t->ncols && strcmp(t->head[j], o->sort) != 0; j++)
			;
		if (j == t->ncols) {
			diag_warn("--sort %s: no such column in the table", o->sort);
			return EXIT_DATA;
		}
		item = xcalloc(t->nrows + 1, sizeof *item);
		for (i = 0; i < t->nrows; i++) {
			item[i].row = t->cell[i];
			item[i].i = i;
			item[i].col = j;
		}
		qsort(item, t->nrows, sizeof *item, cmp_items);
		for (i = 0; i < t->nrows; i++)
			t->cell[i] = item[i].row;
		free(item);
	}
	if (o->top >= 0 && (size_t)o->top < t->nrows)
		t->nrows = (size_t)o->top;	/* the rows cut stay in r->text */
	return 0;
}

void
render_legend(struct render_table *t)
{
	size_t i, j;
	flagset f;

	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++) {
			const struct render_cell *c = &t->cell[i][j];
			const char *s = (int)j == t->flagcol ? c->text : c->flags;

			if (s != NULL && flags_parse(s, strlen(s), &f) == 0)
				t->legend |= f;
		}
}

void
render_table_free(struct render_table *t)
{
	free(t->head);
	free(t->cell);
	free(t->numeric_col);
	free(t->kind);
	free(t->key);
}
