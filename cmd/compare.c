/*
 * mipexr-compare: each figure of scored TSV against a baseline — its country,
 * the EU, a named region, an earlier year — with the delta, the rank among the
 * regions of its level and the direction by the indicator's polarity; or a
 * whole release against the previous one: what was revised, added, removed.
 */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "num.h"
#include "opt.h"
#include "nuts.h"
#include "strmap.h"
#include "tally.h"
#include "tsv.h"
#include "tuple.h"

static const char usage_text[] =
	"--against country|eu|eu28|geo=CODE|time=PERIOD|FILE [-hv] [--baselines FILE]\n"
	"[--field NAME] [--tolerance X] [-p DECIMALS] [--max-errors N] [file]";

enum against { A_COUNTRY, A_EU, A_GEO, A_TIME, A_FILE };

/*
 * A table read a block at a time: ranks and baselines stay within an
 * indicator, so compare holds one indicator's rows, not the whole input
 * (SPEC §9: memory proportional to what is compared). The previous release
 * is read whole: it is the baseline.
 */
struct table {
	const char *name;
	char **names;
	size_t ncols;
	struct table_row *rows;	/* the current block */
	size_t nrows, cap;
	struct arena text;	/* the block's fields and raw lines */
	int indicator, geo, country, level, time, sex, group, polarity, field, flag, origin;
	struct tsv_reader r;
	int reading;		/* r is open */
	int pending;		/* r holds a row read but not yet in a block */
	struct strmap done;	/* the indicators of earlier blocks */
};

struct table_row {
	char **field;		/* unescaped */
	const char *raw;	/* as read, when it has escapes: copied to the output unchanged */
	size_t rawlen;
	unsigned long line;
	double x;		/* the figure compared, once checked (compare_block) */
	int dec;		/* its decimals as written (num_decimals) */
	int has;		/* a figure, not missing */
};

static struct {
	enum against against;
	const char *target;	/* the geo, the time, the aggregate or the file */
	uint64_t target_hash;	/* its tuple_part_hash */
	const char *field;
	int field_is_score;	/* --field score */
	char *time_suffix;	/* --against time=T: " T", escaped, after each row's geo */
	size_t time_suffix_len;
	double tolerance;
	int decimals, verbose;
	int header_done;	/* compare's header is out */
	int failed;		/* a block was refused: the rest is checked, not written */
	struct tsv_writer out;
	struct tally faults;	/* second rows, figures not numbers: a kind each */
	size_t second, nan;	/* their kinds in faults (index + 1) */
} c = { .field = "value", .decimals = -1 };

/*
 * --baselines FILE: rows that serve as baselines only, never written nor
 * ranked (the national MIPEX scores beside a region's policy scores): held
 * whole, in the order of indicator, geo, sex, group and time. A figure whose
 * country row is not in the input takes the row of FILE of its indicator,
 * sex and group, of its period or the latest before it.
 */
static struct {
	const char *path;
	struct table t;
	size_t *order;		/* row numbers, sorted */
	struct strmap has;	/* the indicators it has rows of */
	struct strmap lacks;	/* the input's indicators it has none of */
	size_t nlacks;		/* their figures without a baseline: said once, not per country */
} extra;

/*
 * The figures without a baseline row, said once per baseline missing: per
 * country (--against country), per period (eu, geo=: the target's row of
 * that period), per region (time=: the region's row of the target period);
 * or, when no row of the input can serve at all, once for the whole input
 * with what it has instead.
 */
static struct {
	struct tally said;	/* a kind per baseline missing, its text made at the end */
	struct strmap by;	/* the missing baseline's code → its kind (index + 1) */
	struct miss {		/* beside each kind: its code, a few of the regions that lack it */
		const char *code, *geo[2];	/* interned in codes */
		int ngeo, others;
	} *miss;
	size_t misscap;
	char last[64];		/* the code of the last row counted, and its kind: rows come */
	size_t last_kind;	/* sorted, so one lookup serves many */
	struct strmap codes;	/* geos kept for messages */
	struct strmap has;	/* while the target is not seen: what the input has instead */
	int target_seen;	/* a row of the target geo or period */
	size_t found, norow, empty;	/* rows whose baseline row is found; is not; has no figure */
} miss;

static const char *
cell(const struct table *t, size_t i, int j)
{
	return j >= 0 ? t->rows[i].field[j] : "";
}

/* Where row i came from, for messages: its origin field (the user's extract
 * and line, mipexr-normalise --origin) when it has one, else FILE:LINE here. */
static const char *
row_place(const struct table *t, size_t i, char *buf, size_t cap)
{
	if (*cell(t, i, t->origin) != '\0')
		snprintf(buf, cap, "%s", cell(t, i, t->origin));
	else
		snprintf(buf, cap, "%s:%lu", t->name, t->rows[i].line);
	return buf;
}

/* The first row of a figure named for a message: "line 2", or its origin. */
static const char *
row_ref(const struct table *t, size_t i, char *buf, size_t cap)
{
	if (*cell(t, i, t->origin) != '\0')
		snprintf(buf, cap, "%s", cell(t, i, t->origin));
	else
		snprintf(buf, cap, "line %lu", t->rows[i].line);
	return buf;
}

/* Opens path and reads its header and columns into t; table_read reads the
 * rows. On failure t holds what it read: free_table frees it. */
static int
table_open(const char *path, struct table *t)
{
	static const char *const need[] = { "indicator", "geo", "time", "group" };
	int idx[4];
	size_t j;
	int rc;

	memset(t, 0, sizeof *t);
	arena_init(&t->text);
	strmap_init(&t->done);
	if ((rc = tsv_open(&t->r, path)) != 0)
		return rc;
	t->reading = 1;
	t->name = xstrdup(t->r.name);
	t->ncols = t->r.ncols;
	t->names = xcalloc(t->r.ncols, sizeof *t->names);
	for (j = 0; j < t->r.ncols; j++)
		t->names[j] = xstrdup(t->r.names[j]);
	if (tsv_columns(&t->r, need, idx, 4, "scored TSV from mipexr-score has one") != 0)
		return EXIT_DATA;
	t->indicator = idx[0], t->geo = idx[1], t->time = idx[2], t->group = idx[3];
	t->sex = tsv_column(&t->r, "sex");
	t->country = tsv_column(&t->r, "country");
	t->level = tsv_column(&t->r, "nuts_level");
	t->polarity = tsv_column(&t->r, "polarity");
	t->flag = tsv_column(&t->r, "flag");
	t->field = tsv_column(&t->r, c.field);
	t->origin = tsv_column(&t->r, "origin");
	return 0;
}

static void
keep_row(struct table *t)
{
	struct table_row *row;

	t->rows = xgrow(t->rows, &t->cap, t->nrows + 1, sizeof *t->rows);
	row = &t->rows[t->nrows++];
	row->line = t->r.line;
	/* one copy of a row without escapes: its fields, written as its line */
	row->raw = t->r.plain ? NULL : arena_strndup(&t->text, t->r.raw, t->r.rawlen);
	row->rawlen = t->r.rawlen;
	row->field = tsv_row_copy(&t->r, &t->text);
}

/* The row in the reader starts a block: its indicator must be new. */
static int
first_of_block(struct table *t)
{
	const char *ind = t->r.field[t->indicator];
	int added;

	strmap_put(&t->done, ind, strlen(ind), &added);
	if (!added) {
		diag_hold_key(t->r.line);
		diag_warn_at(t->name, t->r.line, "indicator %s again after others: compare reads each "
		    "indicator's rows together (sort by indicator, as mipexr-score writes them)", ind);
		return EXIT_DATA;
	}
	return 0;
}

/*
 * Reads t's next block, dropping the last: with by_indicator the rows of one
 * indicator, which must come together (as mipexr-score writes them), else
 * every row left, into t->rows (none at the end). Returns 0, or EXIT_DATA or
 * EXIT_TROUBLE after reporting.
 */
static int
table_read(struct table *t, int by_indicator)
{
	enum tsv_status st;
	int rc;

	t->nrows = 0;
	arena_reset(&t->text);
	if (t->pending) {	/* the reader still holds it: no tsv_next since */
		t->pending = 0;
		if ((rc = first_of_block(t)) != 0)
			return rc;
		keep_row(t);
	}
	/* a malformed line ends the block and the reading: its message goes after
	 * every held one about the rows before */
	diag_hold_key(t->r.line + 1);
	while (t->reading && (st = tsv_next(&t->r)) != TSV_END) {
		if (st != TSV_ROW)
			return st == TSV_FAIL ? EXIT_TROUBLE : EXIT_DATA;
		if (by_indicator && t->nrows > 0 &&
		    strcmp(t->r.field[t->indicator], cell(t, 0, t->indicator)) != 0) {
			t->pending = 1;
			break;
		}
		if (by_indicator && t->nrows == 0 && (rc = first_of_block(t)) != 0)
			return rc;
		keep_row(t);
	}
	return 0;
}

/* Reads path whole into t. On failure t holds what was read: free_table frees it. */
static int
load(const char *path, struct table *t)
{
	int rc;

	if ((rc = table_open(path, t)) != 0)
		return rc;
	return table_read(t, 0);
}

static void
free_table(struct table *t)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		free(t->names[j]);
	free(t->rows);
	free(t->names);
	arena_free(&t->text);
	strmap_free(&t->done, NULL);
	if (t->reading)
		tsv_close(&t->r);
	free((char *)t->name);
}


/* A figure sought in an indexed table: its codes, geo and time as given. */
struct figure {
	const struct table *t;	/* the table indexed */
	const char *part[5];	/* indicator geo time sex group */
};

static void
figure_set(struct figure *f, const struct table *indexed, const struct table *t, size_t i,
    const char *geo, const char *time)
{
	f->t = indexed;
	f->part[0] = cell(t, i, t->indicator);
	f->part[1] = geo;
	f->part[2] = time;
	f->part[3] = cell(t, i, t->sex);
	f->part[4] = cell(t, i, t->group);
}

/* figure_set, and the figure's hash */
static uint64_t
figure_of(struct figure *f, const struct table *indexed, const struct table *t, size_t i,
    const char *geo, const char *time)
{
	figure_set(f, indexed, t, i, geo, time);
	return tuple_hash(f->part, 5);
}

/* tuple_same within a block, whose rows share their indicator: is row id - 1
 * of the indexed table the figure sought? */
static int
is_block_figure(const void *arg, size_t id)
{
	const struct figure *f = arg;
	const struct table *t = f->t;

	return strcmp(cell(t, id - 1, t->geo), f->part[1]) == 0 && strcmp(cell(t, id - 1, t->time), f->part[2]) == 0 &&
	    strcmp(cell(t, id - 1, t->group), f->part[4]) == 0 && strcmp(cell(t, id - 1, t->sex), f->part[3]) == 0;
}

/* is_block_figure in a table of any indicators (a release) */
static int
is_figure(const void *arg, size_t id)
{
	const struct figure *f = arg;

	return strcmp(cell(f->t, id - 1, f->t->indicator), f->part[0]) == 0 && is_block_figure(arg, id);
}

static int
number(const char *s, double *x)
{
	return *s != '\0' && num_parse(s, strlen(s), x) == NUM_OK;
}

/* The order of --baselines rows: indicator, geo, sex, group, then time
 * (periods of one length compare as written: 2023 before 2024). */
static int
cmp_extra_key(const struct table *t, size_t a, const char *ind, const char *geo, const char *sex,
    const char *group)
{
	int d;

	if ((d = strcmp(cell(t, a, t->indicator), ind)) != 0 || (d = strcmp(cell(t, a, t->geo), geo)) != 0 ||
	    (d = strcmp(cell(t, a, t->sex), sex)) != 0)
		return d;
	return strcmp(cell(t, a, t->group), group);
}

static int
cmp_period(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	return na != nb ? (na < nb ? -1 : 1) : strcmp(a, b);
}

static int
cmp_extra(const void *pa, const void *pb)
{
	const struct table *t = &extra.t;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int d;

	if ((d = cmp_extra_key(t, a, cell(t, b, t->indicator), cell(t, b, t->geo), cell(t, b, t->sex),
	    cell(t, b, t->group))) != 0)
		return d;
	return (d = cmp_period(cell(t, a, t->time), cell(t, b, t->time))) != 0 ? d : (a > b) - (a < b);
}

/*
 * Reads the --baselines file whole into extra, its figures checked and its
 * rows sorted. A figure that is not a number or a second row of a figure is
 * refused with its line: the file is reference data, so EXIT_TROUBLE.
 */
static int
extra_load(void)
{
	struct table *t = &extra.t;
	size_t i, n;
	char place[512];
	int rc;

	if ((rc = load(extra.path, t)) != 0)
		return rc == EXIT_DATA ? EXIT_TROUBLE : rc;
	if (t->field < 0) {
		diag_warn_at(t->name, 1, "no column '%s' to compare (--field)", c.field);
		return EXIT_TROUBLE;
	}
	extra.order = xcalloc(t->nrows + 1, sizeof *extra.order);
	for (i = 0; i < t->nrows; i++) {
		const char *fv = cell(t, i, t->field);
		int added;

		*strmap_put(&extra.has, cell(t, i, t->indicator), strlen(cell(t, i, t->indicator)), &added) = &extra;
		extra.order[i] = i;
		n = strlen(fv);
		t->rows[i].has = n > 0;
		if (n > 0 && num_parse(fv, n, &t->rows[i].x) != NUM_OK) {
			diag_warn("%s: column '%s': \"%s\" is not a number", row_place(t, i, place, sizeof place),
			    c.field, fv);
			return EXIT_TROUBLE;
		}
		t->rows[i].dec = n > 0 ? num_decimals(fv, n) : 0;
	}
	qsort(extra.order, t->nrows, sizeof *extra.order, cmp_extra);
	for (i = 1; i < t->nrows; i++) {
		size_t a = extra.order[i - 1], b = extra.order[i];

		if (cmp_extra_key(t, a, cell(t, b, t->indicator), cell(t, b, t->geo), cell(t, b, t->sex),
		    cell(t, b, t->group)) == 0 && strcmp(cell(t, a, t->time), cell(t, b, t->time)) == 0) {
			diag_warn("%s: a second row for %s %s %s %s %s (the first at line %lu)",
			    row_place(t, b > a ? b : a, place, sizeof place), cell(t, b, t->indicator), cell(t, b, t->geo),
			    cell(t, b, t->time), cell(t, b, t->sex), cell(t, b, t->group), t->rows[a < b ? a : b].line);
			return EXIT_TROUBLE;
		}
	}
	return 0;
}

/* The --baselines row of row i's figure at geo: its period or the latest
 * before it of one length. Returns its index + 1, or 0. */
static size_t
extra_find(const struct table *t, size_t i, const char *geo)
{
	const struct table *e = &extra.t;
	const char *ind = cell(t, i, t->indicator), *sex = cell(t, i, t->sex), *group = cell(t, i, t->group);
	const char *time = cell(t, i, t->time);
	size_t lo = 0, hi = e->nrows, mid, best = 0;

	while (lo < hi) {	/* the first row of the key */
		mid = lo + (hi - lo) / 2;
		if (cmp_extra_key(e, extra.order[mid], ind, geo, sex, group) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < e->nrows && cmp_extra_key(e, extra.order[lo], ind, geo, sex, group) == 0; lo++) {
		const char *et = cell(e, extra.order[lo], e->time);

		if (strlen(et) == strlen(time) && strcmp(et, time) <= 0)
			best = extra.order[lo] + 1;	/* sorted: the latest so far */
	}
	return best;
}

/* The polarity a row is ranked by: its own; for --field score + (a parity
 * score is higher the better whatever the indicator's polarity, and area and
 * overall scores have none), except for context indicators (0). */
static char
polarity_of(const struct table *t, size_t i)
{
	const char *p = cell(t, i, t->polarity);

	if (c.field_is_score)
		return *p == '0' ? '0' : '+';
	if (*p == '+' || *p == '-' || *p == '0')
		return *p;
	return 0;
}

struct rankable {
	size_t row;
	double x;
	size_t group;		/* numbers the indicator time sex group level met */
};

static int
cmp_rank(const void *pa, const void *pb)
{
	const struct rankable *a = pa, *b = pb;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->x != b->x)
		return a->x > b->x ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;
}

/* Input read ahead while a block is worked on, at most: the filter before
 * compare in a pipe (score) goes on writing instead of waiting on a full pipe. */
#define READ_AHEAD (8u << 20)

/* Rows ahead whose hash slots are fetched: the index is too large for the cache. */
#define AHEAD 16

/* Every 1024th row of a block: take in what the pipe holds. */
static void
read_ahead(struct table *t, size_t i)
{
	if (i % 1024 == 0 && t->reading)
		line_reader_readahead(&t->r.lr, READ_AHEAD);
}

/* A row's fields, each hashed once: its figure, its baseline's and its rank
 * group's hashes are made of them (tuple_combine). */
struct row_hashes {
	uint64_t geo, time, sex, group, level;
};

/* What compare_block and rank need for a block, kept from one block to the
 * next: memory reused, not faulted in again for every indicator. */
static struct {
	struct tuple_index index, groups;
	struct rankable *v;
	size_t *first;
	long *rk, *of;
	uint64_t *hash;		/* of each row's figure */
	uint64_t *bhash;	/* of its baseline's */
	struct row_hashes *part;	/* of each row's fields, hashed once (tuple_part_hash) */
	uint64_t indicator;	/* of the block's indicator */
	size_t vcap, firstcap, rkcap, ofcap, hashcap, bhashcap, partcap;
} work;

static void
free_work(void)
{
	tuple_index_free(&work.index);
	tuple_index_free(&work.groups);
	free(work.v);
	free(work.first);
	free(work.rk);
	free(work.of);
	free(work.hash);
	free(work.bhash);
	free(work.part);
}

/* The regions a figure is ranked among: indicator, time, sex, group, level. */
struct rank_group {
	const struct table *t;
	size_t *first;		/* the first row of each group */
	size_t row;		/* the row sought */
};

/* The hash of row i's rank group, from its fields' (compare_block's). */
static uint64_t
rank_group_hash(size_t i)
{
	const struct row_hashes *p = &work.part[i];
	uint64_t h[] = { work.indicator, p->time, p->sex, p->group, p->level };

	return tuple_combine(h, 5);
}

/* tuple_same: is the row sought in rank group id? */
static int
is_rank_group(const void *arg, size_t id)
{
	const struct rank_group *g = arg;
	const struct table *t = g->t;
	size_t a = g->first[id - 1], b = g->row;

	return strcmp(cell(t, a, t->time), cell(t, b, t->time)) == 0 &&	/* one indicator a block */
	    strcmp(cell(t, a, t->sex), cell(t, b, t->sex)) == 0 &&
	    strcmp(cell(t, a, t->group), cell(t, b, t->group)) == 0 &&
	    strcmp(cell(t, a, t->level), cell(t, b, t->level)) == 0;
}

/* Competition ranks (1, 1, 3) within indicator × time × sex × group × level,
 * 1 the best by polarity; aggregates and polarity 0 are not ranked. */
static void
rank(struct table *t, long *rk, long *of)
{
	struct rankable *v;
	struct rank_group g = { .t = t };
	size_t n = 0, i, j, k, id, ngroups = 0;
	uint64_t h;
	double x;
	char pol;

	tuple_index_reset(&work.groups, 1024);
	work.v = v = xgrow(work.v, &work.vcap, t->nrows + 1, sizeof *v);
	work.first = g.first = xgrow(work.first, &work.firstcap, t->nrows + 1, sizeof *g.first);
	for (i = 0; i < t->nrows; i++) {
		read_ahead(t, i);
		rk[i] = of[i] = 0;
		pol = polarity_of(t, i);
		if (pol != '+' && pol != '-')
			continue;
		if (t->level >= 0 && (strcmp(cell(t, i, t->level), "agg") == 0 || *cell(t, i, t->level) == '\0'))
			continue;
		if (!t->rows[i].has)
			continue;
		x = t->rows[i].x;
		g.row = i;
		h = rank_group_hash(i);
		if ((id = tuple_find(&work.groups, h, is_rank_group, &g)) == 0) {
			g.first[ngroups] = i;
			id = ++ngroups;
			tuple_add(&work.groups, h, id, is_rank_group, &g);
		}
		v[n].row = i;
		v[n].x = pol == '-' ? -x : x;
		v[n++].group = id;
	}
	qsort(v, n, sizeof *v, cmp_rank);	/* v is never NULL */
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && v[j].group == v[i].group; j++)
			;
		for (k = i; k < j; k++) {
			rk[v[k].row] = k > i && v[k].x == v[k - 1].x ? rk[v[k - 1].row] : (long)(k - i + 1);
			of[v[k].row] = (long)(j - i);
		}
	}
}

static void
put_long(long x)
{
	char buf[24], *p = buf + sizeof buf;

	for (; x > 0; x /= 10)	/* ranks: 0 is none */
		*--p = (char)('0' + x % 10);
	tsv_put_wire(&c.out, p, (size_t)(buf + sizeof buf - p));
}

/* The hash of row i's figure at geo and time (their hashes): as figure_of's. */
static uint64_t
figure_hash(size_t i, uint64_t geo, uint64_t time)
{
	const struct row_hashes *p = &work.part[i];
	uint64_t h[] = { work.indicator, geo, time, p->sex, p->group };

	return tuple_combine(h, 5);
}

/* Where row i's baseline is (--against, SPEC §5): its geo, "" for none, and time. */
static void
baseline_of(const struct table *t, size_t i, const char **bgeo, const char **btime)
{
	*bgeo = cell(t, i, t->geo);
	*btime = cell(t, i, t->time);
	switch (c.against) {
	case A_COUNTRY:
		*bgeo = cell(t, i, t->country);
		if (strcmp(*bgeo, cell(t, i, t->geo)) == 0)
			*bgeo = "";	/* a country is not compared with itself */
		break;
	case A_EU:
	case A_GEO:
		*bgeo = c.target;
		break;
	case A_TIME:
		*btime = c.target;
		break;
	case A_FILE:
		abort();
	}
}

/* The code a missing baseline is said under: the country sought, the
 * period (eu, geo=: the target's row of that period), the region (time=). */
static const char *
miss_code(const struct table *t, size_t i, const char *bgeo)
{
	switch (c.against) {
	case A_COUNTRY:
		return bgeo;
	case A_TIME:
		return cell(t, i, t->geo);
	default:
		return cell(t, i, t->time);
	}
}

/* Counts row i, whose baseline (bgeo's row) is not in the input. */
static void
count_missing(const struct table *t, size_t i, const char *bgeo)
{
	const char *code = miss_code(t, i, bgeo), *geo = cell(t, i, t->geo);
	size_t n, k;
	struct miss *m;
	char place[512];
	void **slot;
	int added, j;

	miss.norow++;
	if (miss.last_kind != 0 && strcmp(code, miss.last) == 0) {	/* rows come sorted */
		k = miss.last_kind;
		miss.said.kind[k - 1].n++;
	} else {
		n = strlen(code);
		slot = strmap_put(&miss.by, code, n, &added);
		if ((k = (size_t)*slot) != 0)
			tally_count(&miss.said, &k, 0, NULL);
		else {
			tally_count(&miss.said, &k, t->rows[i].line, row_place(t, i, place, sizeof place));
			*slot = (void *)k;
			miss.miss = xgrow(miss.miss, &miss.misscap, k, sizeof *miss.miss);
			memset(&miss.miss[k - 1], 0, sizeof *miss.miss);
			miss.miss[k - 1].code = strmap_intern(&miss.codes, code, n);
		}
		miss.last_kind = n < sizeof miss.last ? k : 0;
		if (miss.last_kind != 0)
			memcpy(miss.last, code, n + 1);
	}
	if (c.against == A_TIME)	/* the code is the region itself */
		return;
	m = &miss.miss[k - 1];
	for (j = 0; j < m->ngeo; j++)
		if (strcmp(m->geo[j], geo) == 0)
			return;
	if (m->ngeo < 2)
		m->geo[m->ngeo++] = strmap_intern(&miss.codes, geo, strlen(geo));
	else
		m->others = 1;
}

/* While no row of the target geo or period is seen: what the block has
 * instead, for the message (aggregates for eu, regions for geo=, periods
 * for time=). */
static void
note_has(const struct table *t)
{
	const char *v, *last = NULL;
	size_t i;
	int added;

	for (i = 0; i < t->nrows; i++) {
		v = cell(t, i, c.against == A_TIME ? t->time : t->geo);
		if (c.against == A_EU && !nuts_is_aggregate(v) && strcmp(cell(t, i, t->level), "agg") != 0)
			continue;
		if (last != NULL && strcmp(v, last) == 0)
			continue;
		strmap_put(&miss.has, v, strlen(v), &added);
		last = v;
	}
}

/* The figure of row i's baseline, bgeo's row at btime in the block, else
 * (--baselines, against its country) FILE's row of the latest period up to
 * row i's: its field, with the row in *base and, from FILE, its period in
 * *etime. NULL when there is none, counted for the messages. */
static const char *
baseline_row(const struct table *t, size_t i, const char *bgeo, const char *btime,
    const struct table_row **base, const char **etime)
{
	const char *ind = cell(t, i, t->indicator), *bv = NULL;
	struct figure fig;
	size_t found;
	int added;

	*base = NULL;
	*etime = NULL;
	figure_set(&fig, t, t, i, bgeo, btime);
	if ((found = tuple_find(&work.index, work.bhash[i], is_block_figure, &fig)) != 0) {
		bv = cell(t, found - 1, t->field);
		*base = &t->rows[found - 1];
	} else if (extra.path != NULL && (found = extra_find(t, i, bgeo)) != 0) {
		bv = cell(&extra.t, found - 1, extra.t.field);
		*base = &extra.t.rows[found - 1];
		*etime = cell(&extra.t, found - 1, extra.t.time);
	} else if (extra.path != NULL && strmap_get(&extra.has, ind, strlen(ind)) == NULL) {
		strmap_put(&extra.lacks, ind, strlen(ind), &added);	/* said once, for every country */
		extra.nlacks++;
	} else
		count_missing(t, i, bgeo);
	if (bv != NULL) {
		miss.found++;
		if (*bv == '\0')
			miss.empty++;
	}
	return bv;
}

/* One pass over the rows of t's block, a block being larger than the cache:
 * each row's hashes, its figure's, its baseline's, and its figure checked (a
 * figure is a number or missing). Returns 1 when a figure is not a number. */
static int
hash_block(struct table *t)
{
	const char *bgeo, *btime, *fv;
	struct tally_kind *k;
	size_t i, n;
	int bad = 0;
	enum num_error e;
	char place[512];

	work.hash = xgrow(work.hash, &work.hashcap, t->nrows + 1, sizeof *work.hash);
	work.bhash = xgrow(work.bhash, &work.bhashcap, t->nrows + 1, sizeof *work.bhash);
	work.part = xgrow(work.part, &work.partcap, t->nrows + 1, sizeof *work.part);
	work.indicator = t->nrows > 0 ? tuple_part_hash(cell(t, 0, t->indicator)) : 0;	/* one a block */
	for (i = 0; i < t->nrows; i++) {
		struct row_hashes *p = &work.part[i];
		struct table_row *row = &t->rows[i];

		read_ahead(t, i);
		p->geo = tuple_part_hash(cell(t, i, t->geo));
		p->time = tuple_part_hash(cell(t, i, t->time));
		p->sex = tuple_part_hash(cell(t, i, t->sex));
		p->group = tuple_part_hash(cell(t, i, t->group));
		p->level = tuple_part_hash(cell(t, i, t->level));
		work.hash[i] = figure_hash(i, p->geo, p->time);
		baseline_of(t, i, &bgeo, &btime);
		if (*bgeo == '\0')
			work.bhash[i] = 0;
		else	/* the row's own geo and time, or the target, or its country */
			work.bhash[i] = figure_hash(i,
			    bgeo == cell(t, i, t->geo) ? p->geo :
			    bgeo == c.target ? c.target_hash : tuple_part_hash(bgeo),
			    btime == cell(t, i, t->time) ? p->time : c.target_hash);
		if (!miss.target_seen && c.against != A_COUNTRY && (c.against == A_TIME ?
		    p->time == c.target_hash && strcmp(cell(t, i, t->time), c.target) == 0 :
		    p->geo == c.target_hash && strcmp(cell(t, i, t->geo), c.target) == 0))
			miss.target_seen = 1;
		fv = cell(t, i, t->field);
		n = strlen(fv);
		row->has = n > 0;
		if (row->has && (e = num_parse(fv, n, &row->x)) != NUM_OK) {
			bad = 1;
			row->has = 0;
			k = tally_count(&c.faults, &c.nan, row->line, row_place(t, i, place, sizeof place));
			if (k->n == 1)
				tally_text(k, "column '%s' of %s %s %s %s %s: \"%s\" %s", c.field, cell(t, i, t->indicator),
				    cell(t, i, t->geo), cell(t, i, t->time), cell(t, i, t->sex), cell(t, i, t->group), fv,
				    num_strerror(e));
		}
		row->dec = row->has ? num_decimals(fv, n) : 0;
	}
	return bad;
}

/* The index of t's block by figure, each slot fetched a few rows ahead.
 * Returns 1 when a figure has a second row. */
static int
index_block(struct table *t)
{
	struct figure fig;
	struct tally_kind *k;
	size_t i, found;
	int bad = 0;
	char place[512], first[512];

	tuple_index_reset(&work.index, t->nrows);
	for (i = 0; i < t->nrows; i++) {
		if (i + AHEAD < t->nrows)
			tuple_prefetch(&work.index, work.hash[i + AHEAD]);
		figure_set(&fig, t, t, i, cell(t, i, t->geo), cell(t, i, t->time));
		if ((found = tuple_add(&work.index, work.hash[i], i + 1, is_block_figure, &fig)) != 0) {
			bad = 1;
			k = tally_count(&c.faults, &c.second, t->rows[i].line, row_place(t, i, place, sizeof place));
			if (k->n == 1)
				tally_text(k, "a second row for %s %s %s %s %s (the first at %s)", cell(t, i, t->indicator),
				    cell(t, i, t->geo), cell(t, i, t->time), cell(t, i, t->sex), cell(t, i, t->group),
				    row_ref(t, found - 1, first, sizeof first));
		}
	}
	return bad;
}

/* The header: the input's columns and compare's, once, before the first
 * block that passes. */
static void
put_header(const struct table *t)
{
	static const char *const appended[] = { "baseline", "base_value", "delta", "rank", "of", "direction" };
	size_t j;

	if (c.header_done)
		return;
	for (j = 0; j < t->ncols; j++)
		tsv_put_str(&c.out, t->names[j]);
	for (j = 0; j < sizeof appended / sizeof *appended; j++)
		tsv_put_str(&c.out, appended[j]);
	tsv_end_row(&c.out);
	c.header_done = 1;
}

/* Row i of t's block with its baseline, delta, rank among rk's and of's, and
 * direction; a baseline asked for and missing or empty counted in *missing. */
static void
put_compared(struct table *t, size_t i, const long *rk, const long *of, size_t *missing)
{
	const char *bgeo, *btime, *bv, *etime;
	const struct table_row *base;
	int dec;
	double x, b;
	char pol, place[512];

	baseline_of(t, i, &bgeo, &btime);
	base = NULL;
	etime = NULL;
	bv = *bgeo != '\0' ? baseline_row(t, i, bgeo, btime, &base, &etime) : NULL;
	if (*bgeo != '\0' && (bv == NULL || *bv == '\0'))
		(*missing)++;
	if (t->rows[i].raw != NULL)
		tsv_put_raw_fields(&c.out, t->rows[i].raw, t->rows[i].rawlen);
	else
		tsv_put_row_copy(&c.out, t->rows[i].field, t->ncols);
	if (*bgeo == '\0')	/* the baseline: "ES51 2010", "ES", "EU27_2020" */
		tsv_put_wire(&c.out, "", 0);
	else if (c.against == A_TIME) {
		tsv_put_str(&c.out, bgeo);
		tsv_put_bytes(&c.out, c.time_suffix, c.time_suffix_len);
	} else if (etime != NULL && strcmp(etime, btime) != 0) {	/* "ES 2024" */
		snprintf(place, sizeof place, "%s %s", bgeo, etime);
		tsv_put_str(&c.out, place);
	} else
		tsv_put_str(&c.out, c.against == A_COUNTRY ? bgeo : c.target);
	tsv_put_str(&c.out, bv != NULL ? bv : "");
	pol = polarity_of(t, i);
	if (base != NULL && t->rows[i].has && base->has) {
		x = t->rows[i].x;
		b = base->x;
		dec = t->rows[i].dec > base->dec ? t->rows[i].dec : base->dec;
		if (t->rows[i].dec < 0 || base->dec < 0)
			dec = -1;
		tsv_put_number(&c.out, x - b, c.decimals >= 0 ? c.decimals : dec);
		put_long(rk[i]);
		put_long(of[i]);
		if (pol == '+' || pol == '-') {
			double d = pol == '+' ? x - b : b - x;

			tsv_put_str(&c.out, fabs(x - b) <= c.tolerance ? "same" : d > 0 ? "better" : "worse");
		} else
			tsv_put_wire(&c.out, "", 0);
	} else {
		tsv_put_wire(&c.out, "", 0);
		put_long(rk[i]);
		put_long(of[i]);
		tsv_put_wire(&c.out, "", 0);
	}
	tsv_end_row(&c.out);
}

/* Compares the rows of t's block, one indicator's: each with its baseline,
 * ranked among the regions of its level. A block with a second row of a
 * figure or a figure that is not a number is counted and refused, and
 * nothing is written after it; the rest is still read, for the count. The
 * header goes out before the first block that passes. */
static int
compare_block(struct table *t, size_t *missing)
{
	long *rk, *of;
	size_t i;
	int bad;

	bad = hash_block(t);
	bad |= index_block(t);
	if (bad || c.failed) {
		c.failed = 1;
		return EXIT_DATA;
	}
	if (!miss.target_seen && c.against != A_COUNTRY)
		note_has(t);
	work.rk = rk = xgrow(work.rk, &work.rkcap, t->nrows + 1, sizeof *rk);
	work.of = of = xgrow(work.of, &work.ofcap, t->nrows + 1, sizeof *of);
	rank(t, rk, of);
	put_header(t);
	for (i = 0; i < t->nrows; i++) {
		read_ahead(t, i);
		if (i + AHEAD < t->nrows)
			tuple_prefetch(&work.index, work.bhash[i + AHEAD]);
		put_compared(t, i, rk, of, missing);
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A map's keys, sorted, those starting with prefix if any does (else all),
 * as "A, B and C" or, past max, "A, B, C …"; with ends, "A, B … Z" (periods). */
static const char *
key_list(const struct strmap *m, const char *prefix, size_t max, int ends, char *buf, size_t cap)
{
	const char **key = xcalloc(m->len + 1, sizeof *key);
	size_t i, n = 0, len = 0, np = prefix != NULL ? strlen(prefix) : 0;
	int w;

	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key != NULL && strncmp(m->slots[i].key, prefix != NULL ? prefix : "", np) == 0)
			key[n++] = m->slots[i].key;
	if (n == 0 && np > 0) {
		free(key);
		return key_list(m, NULL, max, ends, buf, cap);
	}
	qsort(key, n, sizeof *key, cmp_str);
	buf[0] = '\0';
	for (i = 0; i < n && len < cap; i++) {
		if (n > max && i >= max - 1 && !(ends && i == n - 1))
			continue;
		w = snprintf(buf + len, cap - len, "%s%s", i == 0 ? "" : n > max && ends && i == n - 1 ? " … " :
		    n <= max && i == n - 1 ? " and " : ", ", key[i]);
		len += w > 0 ? (size_t)w : 0;
	}
	if (n > max && !ends && len < cap)
		snprintf(buf + len, cap - len, " …");
	free(key);
	return buf;
}

/* A kind's few regions: "NO01", "NO01 and NO02", "NO01, NO02 …". */
static const char *
geo_examples(const struct miss *m, char *buf, size_t cap)
{
	if (m->ngeo == 1)
		snprintf(buf, cap, "%s", m->geo[0]);
	else
		snprintf(buf, cap, "%s%s%s%s", m->geo[0], m->others ? ", " : " and ", m->geo[1], m->others ? " …" : "");
	return buf;
}

/* Says which baselines are missing, and for how many figures: once for the
 * whole input when none of its rows can serve (that message has no place,
 * and goes out after the held ones), else once a baseline (held, capped). */
static int
tell_missing(char *whole, size_t cap)
{
	struct tally_kind *k;
	const struct miss *m;
	char list[512], ex[256];
	const char *fig = miss.norow == 1 ? "figure" : "figures";
	size_t i;

	whole[0] = '\0';
	if (miss.norow == 0)
		return 0;
	if (c.against == A_COUNTRY ? miss.found == 0 : !miss.target_seen) {
		if (c.against == A_COUNTRY && extra.path != NULL)
			snprintf(whole, cap, "no row of the %s %s in the input, nor in %s up to the figures' periods: "
			    "every baseline is empty, %zu %s", miss.by.len == 1 ? "country" : "countries",
			    key_list(&miss.by, NULL, 6, 0, list, sizeof list), extra.t.name, miss.norow, fig);
		else if (c.against == A_COUNTRY)
			snprintf(whole, cap, "no row of the %s %s in the input, only of %s regions: every baseline is "
			    "empty, %zu %s", miss.by.len == 1 ? "country" : "countries",
			    key_list(&miss.by, NULL, 6, 0, list, sizeof list), miss.by.len == 1 ? "its" : "their",
			    miss.norow, fig);
		else {
			if (miss.has.len == 0)
				snprintf(list, sizeof list, "%s", c.against == A_EU ? "no aggregate" : "no row");
			else if (c.against == A_GEO) {	/* the regions of the target's country, if any */
				snprintf(ex, sizeof ex, "%.2s", c.target);
				key_list(&miss.has, ex, 4, 0, list, sizeof list);
			} else
				key_list(&miss.has, NULL, c.against == A_TIME ? 3 : 4, c.against == A_TIME, list, sizeof list);
			snprintf(whole, cap, "no %s row in the input (it has %s): every baseline is empty, %zu %s",
			    c.target, list, miss.norow, fig);
		}
		return 1;
	}
	for (i = 0; i < miss.said.n; i++) {
		k = &miss.said.kind[i];
		m = &miss.miss[i];
		fig = k->n == 1 ? "figure" : "figures";
		k->counted = 1;
		if (c.against == A_COUNTRY && extra.path != NULL)
			tally_text(k, "no row of %s (the country of %s) in the input, nor in %s up to the figure's "
			    "period, for %lu %s: %s baseline is empty", m->code, geo_examples(m, ex, sizeof ex),
			    extra.t.name, k->n, fig, k->n == 1 ? "its" : "their");
		else if (c.against == A_COUNTRY)
			tally_text(k, "no row of %s (the country of %s) for %lu %s: %s baseline is empty",
			    m->code, geo_examples(m, ex, sizeof ex), k->n, fig, k->n == 1 ? "its" : "their");
		else if (c.against == A_TIME)
			tally_text(k, "no row of %s in %s for %lu %s: %s baseline is empty",
			    m->code, c.target, k->n, fig, k->n == 1 ? "its" : "their");
		else
			tally_text(k, "no row of %s in %s for %lu %s (of %s): %s baseline is empty",
			    c.target, m->code, k->n, fig, geo_examples(m, ex, sizeof ex), k->n == 1 ? "its" : "their");
	}
	tally_tell(&miss.said);
	return 0;
}

static int
against_baseline(struct table *t)
{
	size_t rows = 0, missing = 0;
	int rc, status = 0;
	char whole[1024];

	if (t->field < 0) {
		diag_warn_at(t->name, 1, "no column '%s' to compare (--field)", c.field);
		return EXIT_DATA;
	}
	diag_hold();	/* every message in the order of its row: counts are known at the end */
	while ((rc = table_read(t, 1)) == 0 && t->nrows > 0) {
		if (compare_block(t, &missing) != 0)
			status = EXIT_DATA;
		else
			rows += t->nrows;
	}
	if (rc != 0)
		status = rc;
	else if (!c.header_done && !c.failed)	/* no rows: the header alone */
		compare_block(t, &missing);
	tally_tell(&c.faults);
	tell_missing(whole, sizeof whole);
	diag_release();
	diag_cap_end();
	if (whole[0] != '\0')
		diag_warn("%s", whole);
	if (extra.nlacks > 0) {
		char have[512], lack[512];

		diag_warn("%s has rows of %s only: %zu %s of %s %s no baseline", extra.t.name,
		    key_list(&extra.has, NULL, 4, 0, have, sizeof have), extra.nlacks,
		    extra.nlacks == 1 ? "figure" : "figures", key_list(&extra.lacks, NULL, 4, 0, lack, sizeof lack),
		    extra.nlacks == 1 ? "has" : "have");
	}
	if (c.verbose && status == 0)
		diag_warn("%zu rows, %zu without their baseline: %zu with no baseline row, %zu with an empty one",
		    rows, missing, miss.norow, miss.empty);
	return status;
}

/* The change report: one row per figure revised, added or removed. */
struct change {
	const char *change, *old, *new_, *oldflag, *newflag;
	const struct table *t;
	size_t i;
};

static int
cmp_change(const void *pa, const void *pb)
{
	const struct change *a = pa, *b = pb;
	int d;

	/* by indicator, geo, time, sex, group: the figure */
	if ((d = strcmp(cell(a->t, a->i, a->t->indicator), cell(b->t, b->i, b->t->indicator))) != 0 ||
	    (d = strcmp(cell(a->t, a->i, a->t->geo), cell(b->t, b->i, b->t->geo))) != 0 ||
	    (d = strcmp(cell(a->t, a->i, a->t->time), cell(b->t, b->i, b->t->time))) != 0 ||
	    (d = strcmp(cell(a->t, a->i, a->t->sex), cell(b->t, b->i, b->t->sex))) != 0)
		return d;
	return strcmp(cell(a->t, a->i, a->t->group), cell(b->t, b->i, b->t->group));
}

static int
same_figure(const char *a, const char *b)
{
	double x, y;

	if (number(a, &x) && number(b, &y))
		return x == y;
	return strcmp(a, b) == 0;
}

static int
against_release(struct table *t)
{
	struct table old;
	struct tuple_index index;
	struct figure fig;
	struct change *ch = NULL;
	size_t nch = 0, cap = 0, i, k;
	int rc;
	unsigned char *matched;
	static const char *const columns[] = { "indicator", "geo", "time", "sex", "group", "change", "field",
	    "old", "new", "old_flag", "new_flag" };

	if ((rc = table_read(t, 0)) != 0)	/* the new release, whole: as big as the old */
		return rc;
	if ((rc = load(c.target, &old)) != 0) {
		free_table(&old);
		return rc == EXIT_DATA ? EXIT_TROUBLE : rc;
	}
	if (t->field < 0 || old.field < 0) {
		diag_warn("no column '%s' to compare (--field) in both releases", c.field);
		free_table(&old);
		return EXIT_TROUBLE;
	}
	tuple_index_init(&index, old.nrows);
	for (i = 0; i < old.nrows; i++)	/* a figure twice in the old release: the first counts */
		tuple_add(&index, figure_of(&fig, &old, &old, i, cell(&old, i, old.geo), cell(&old, i, old.time)),
		    i + 1, is_figure, &fig);
	matched = xcalloc(old.nrows + 1, 1);
	for (i = 0; i < t->nrows; i++) {
		k = tuple_find(&index, figure_of(&fig, &old, t, i, cell(t, i, t->geo), cell(t, i, t->time)),
		    is_figure, &fig);
		ch = xgrow(ch, &cap, nch + 1, sizeof *ch);
		if (k == 0) {
			ch[nch] = (struct change){ .change = "added", .old = "", .new_ = cell(t, i, t->field),
			    .oldflag = "", .newflag = cell(t, i, t->flag), .t = t, .i = i };
		} else {
			k--;
			matched[k] = 1;
			if (same_figure(cell(&old, k, old.field), cell(t, i, t->field)) &&
			    strcmp(cell(&old, k, old.flag), cell(t, i, t->flag)) == 0)
				continue;
			ch[nch] = (struct change){ .change = "revised", .old = cell(&old, k, old.field),
			    .new_ = cell(t, i, t->field), .oldflag = cell(&old, k, old.flag),
			    .newflag = cell(t, i, t->flag), .t = t, .i = i };
		}
		nch++;
	}
	for (k = 0; k < old.nrows; k++) {
		if (matched[k])
			continue;
		ch = xgrow(ch, &cap, nch + 1, sizeof *ch);
		ch[nch] = (struct change){ .change = "removed", .old = cell(&old, k, old.field), .new_ = "",
		    .oldflag = cell(&old, k, old.flag), .newflag = "", .t = &old, .i = k };
		nch++;
	}
	if (nch > 0)
		qsort(ch, nch, sizeof *ch, cmp_change);
	for (k = 0; k < sizeof columns / sizeof *columns; k++)
		tsv_put_str(&c.out, columns[k]);
	tsv_end_row(&c.out);
	for (i = 0; i < nch; i++) {
		const struct table *s = ch[i].t;

		tsv_put_str(&c.out, cell(s, ch[i].i, s->indicator));
		tsv_put_str(&c.out, cell(s, ch[i].i, s->geo));
		tsv_put_str(&c.out, cell(s, ch[i].i, s->time));
		tsv_put_str(&c.out, cell(s, ch[i].i, s->sex));
		tsv_put_str(&c.out, cell(s, ch[i].i, s->group));
		tsv_put_str(&c.out, ch[i].change);
		tsv_put_str(&c.out, c.field);
		tsv_put_str(&c.out, ch[i].old);
		tsv_put_str(&c.out, ch[i].new_);
		tsv_put_str(&c.out, ch[i].oldflag);
		tsv_put_str(&c.out, ch[i].newflag);
		tsv_end_row(&c.out);
	}
	tsv_flush(&c.out);
	if (c.verbose || nch > 0)
		diag_warn("%zu figure%s changed since %s", nch, nch == 1 ? "" : "s", c.target);
	free(ch);
	free(matched);
	tuple_index_free(&index);
	free_table(&old);
	return nch > 0 ? EXIT_DATA : 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "against", required_argument, NULL, 'a' },
		{ "field", required_argument, NULL, 'f' },
		{ "tolerance", required_argument, NULL, 't' },
		{ "decimals", required_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "baselines", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *against = NULL, *path;
	unsigned long max_errors = 20;
	struct table t;
	int ch, rc;

	opt_init(argv[0], usage_text);
	while ((ch = getopt_long(argc, argv, "hp:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': against = optarg; break;
		case 'b': extra.path = optarg; break;
		case 'f': c.field = optarg; break;
		case 't':
			if (num_parse(optarg, strlen(optarg), &c.tolerance) != NUM_OK || c.tolerance < 0)
				diag_die(EXIT_TROUBLE, "--tolerance takes a number of points, not \"%s\"", optarg);
			break;
		case 'p': c.decimals = opt_decimals(optarg, "-p"); break;
		case 'v': c.verbose = 1; break;
		case 'm': max_errors = diag_cap_parse(optarg, "--max-errors"); break;
		case 'h': opt_help();
		default: opt_usage();
		}
	}
	path = opt_files(&argc, argv, 1)[0];
	if (against == NULL)
		opt_usage();
	if (strcmp(against, "country") == 0)
		c.against = A_COUNTRY;
	else if (strcmp(against, "eu") == 0)
		c.against = A_EU, c.target = "EU27_2020";
	else if (strcmp(against, "eu28") == 0)
		c.against = A_EU, c.target = "EU28";
	else if (strncmp(against, "geo=", 4) == 0 && against[4] != '\0')
		c.against = A_GEO, c.target = against + 4;
	else if (strncmp(against, "time=", 5) == 0 && against[5] != '\0')
		c.against = A_TIME, c.target = against + 5;
	else
		c.against = A_FILE, c.target = against;
	if (extra.path != NULL && c.against != A_COUNTRY)
		diag_die(EXIT_TROUBLE, "--baselines goes with --against country");
	c.target_hash = c.target != NULL ? tuple_part_hash(c.target) : 0;
	c.field_is_score = strcmp(c.field, "score") == 0;
	if (c.against == A_TIME) {
		c.time_suffix = xmalloc(2 * strlen(c.target) + 1);
		c.time_suffix[0] = ' ';
		c.time_suffix_len = 1 + tsv_escape(c.time_suffix + 1, c.target, strlen(c.target));
	}
	diag_cap(max_errors);
	tally_init(&c.faults);
	tally_init(&miss.said);
	strmap_init(&miss.by);
	strmap_init(&miss.codes);
	strmap_init(&miss.has);
	strmap_init(&extra.has);
	strmap_init(&extra.lacks);
	if (extra.path != NULL && (rc = extra_load()) != 0) {
		free_table(&extra.t);
		free(extra.order);
		return rc;
	}
	if ((rc = table_open(path, &t)) != 0) {
		free_table(&t);
		return rc;
	}
	tsv_writer_fdopen(&c.out, 1, "stdout");
	rc = c.against == A_FILE ? against_release(&t) : against_baseline(&t);
	tsv_writer_close(&c.out);
	free_table(&t);
	if (extra.path != NULL) {
		free_table(&extra.t);
		free(extra.order);
	}
	free_work();
	free(c.time_suffix);
	tally_free(&c.faults);
	tally_free(&miss.said);
	free(miss.miss);
	strmap_free(&miss.by, NULL);
	strmap_free(&miss.codes, NULL);
	strmap_free(&miss.has, NULL);
	strmap_free(&extra.has, NULL);
	strmap_free(&extra.lacks, NULL);
	return rc;
}
