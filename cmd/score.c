/*
 * mipexr-score: harmonised TSV and the indicator catalogue to scored TSV
 * (SPEC §4, §7): for every indicator, region, year and sex, each group's
 * value beside the reference group's, the gap, the ratio and a 0-100 parity
 * score; with -a, area and overall scores with their coverage. With a
 * questionnaire for catalogue, a region's policy answers to policy rows.
 */
#include <assert.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalogue.h"
#include "diag.h"
#include "flags.h"
#include "groups.h"
#include "intern.h"
#include "num.h"
#include "opt.h"
#include "policy.h"
#include "radix.h"
#include "strmap.h"
#include "tsv.h"
#include "tuple.h"

static const char usage_text[] =
	"[-ahv] [-c CATALOGUE] [-p DECIMALS] [--exclude-flags LETTERS] [--max-errors N] [file ...]";

/* The columns a cell names by number; COUNTRY and LEVEL are a geo's own
 * (geo_info), SIG the row's other dimensions (row_sig). */
enum { GEO, TIME, SEX, CODE, GROUP, SIG, NCELLCOLUMNS, COUNTRY = NCELLCOLUMNS, LEVEL, NCOLUMNS };

/*
 * One observation kept for an indicator, one cache line: a cell of the
 * frame indicator × geo × time × sex. Cells are kept in the order read and
 * sorted into frames once all are read: rows come in any order, and
 * finding each one's frame as it came was a cache miss a row.
 */
struct cell {
	double v;
	union {
		char text[8];		/* the value as written, when it fits */
		const char *longtext;	/* else in s.values */
	} as;
	uint64_t where;		/* its file's number in s.file << 48 | its line */
	uint32_t id[NCELLCOLUMNS];	/* its texts: geo, time, sex, code ("" for a fixed
				 * denominator), group (canonical, or the code), the other dimensions */
	flagset flags;
	uint16_t entry;
	signed char dec;	/* its decimals as written; -1: computed or exponent */
	unsigned char bits;	/* CELL_* */
	unsigned char bad_value;	/* enum num_error, told after the sort */
	char bad_flag;		/* the letter flags_parse refused, or 0 */
};

_Static_assert(sizeof(struct cell) <= 64, "a cell is one cache line");

enum {
	CELL_HAS = 1,		/* a value, not missing or excluded */
	CELL_DEN = 2,		/* a denominator of a share, not the value or numerator */
	CELL_LONG = 4,		/* the text is in as.longtext */
	CELL_DUP = 8		/* a second observation: told and left out */
};

#define HEAD_PARTS 7	/* indicator area geo country level time sex */
#define WHERE_LINE_BITS 48
#define CELL_CHUNK 16384	/* cells never move: kept in chunks, each cell on a line of its own */

/* The cells of one indicator × geo × time × sex, from the sorted cells. */
struct frame {
	size_t entry;
	const char *geo, *time, *sex;
	const char *country, *level;	/* of the frame's first row read */
	const struct cell **cell;
	size_t n, cap;
};

/* The columns of one input file, found once. */
struct cols {
	int source, geo, time, sex, value, flag, group, country, level, origin, geo_source;
	size_t fileno;	/* the file's own number in s.file */
	int **sel, **numer, **denom;	/* per entry, per condition */
	int *gdim;	/* per entry */
	int **other;	/* per entry, the columns its catalogue row leaves open (row_sig) */
	size_t *nother;
	int *usable;	/* per entry: every column its row names is here */
	int *told;	/* per entry: what this file lacks is noted (note_unusable) */
};

/* One condition of an entry's select, numerator or denominator, as the
 * rows of its datasets met it: what says why an indicator has no figure. */
#define COND_VALUES 8
struct cond_check {
	const struct catalogue_cond *cond;
	int seen;		/* a row of its dataset had the value */
	int nocol;		/* a file of its dataset had no such column */
	const char *value[COND_VALUES];	/* the values the rows had instead, interned */
	size_t nvalue;
	int more;		/* and others */
};

/* What score learns of a catalogue entry while reading and sorting, told
 * once an entry after (tell_cells, tell_entry), never once a row. */
#define ENTRY_CODES 16
#define OPEN_DIMS 4
struct entry_check {
	struct cond_check *cond;	/* select, then numerator, then denominator */
	size_t ncond;
	int all_seen;		/* every condition seen: nothing more to learn */
	int no_group_dim;	/* a file of its dataset had no column group_dim */
	const char *dataset;	/* the first of its datasets read, for messages */
	uint32_t code[ENTRY_CODES];	/* the group codes of its cells, in col[CODE] */
	size_t ncode;
	int more_codes, ref_seen;
	int den_seen;		/* a denominator cell was kept */
	/* second observations: same sig (dups), or another in the dimensions
	 * left open (open), or from two source codes recoded to one region
	 * with two different values (collisions; merged: the others) */
	unsigned long dups, open, collisions, merged;
	const struct cell *dup[2], *open_at[2], *coll[2];	/* the earliest pair of each */
	const char *open_dim[OPEN_DIMS];	/* the open dimensions, interned */
	const char *open_value[OPEN_DIMS][COND_VALUES];
	size_t nopen_dim, nopen_value[OPEN_DIMS];
	int more_open_values[OPEN_DIMS];
	unsigned long bad_values, bad_flags;
	const struct cell *bad_value_at, *bad_flag_at;
	unsigned long frames, frames_no_ref;
	uint32_t no_ref_at[3];	/* geo, time, sex of the first frame without it */
};

/* A region's own texts, from the first row read with it: its country and
 * NUTS level (the same on every row of a harmonised table). */
struct geo_info {
	uint32_t country, level;
	int known;
};

static struct {
	struct catalogue *cat;
	struct intern col[NCOLUMNS];	/* the texts of each column, numbered */
	struct cell **chunk;	/* CELL_CHUNK cells each */
	size_t ncells, chunkcap;
	size_t *bad;		/* the cells with a bad flag or value */
	size_t nbad, badcap;
	const char **file;	/* the names of the files read, by number */
	size_t nfiles, filecap;
	uint32_t *reference;	/* each entry's reference code, in col[CODE] */
	uint32_t empty;		/* "" in col[CODE]: the code of a fixed denominator */
	struct arena values;	/* the values as written, when long */
	struct arena names;	/* -a: the area rows' names and coverages */
	size_t *entry_rank;	/* of each catalogue entry in the order of ids */
	const char *ic_text[INTERN_RECENT];	/* by_source's keys met lately, as in struct intern */
	size_t ic_len[INTERN_RECENT];
	struct entry_list *ic_value[INTERN_RECENT];
	struct strmap by_source;	/* dataset → entry indices (size_t list + count) */
	unsigned long *matched;	/* rows per entry */
	struct entry_check *check;	/* per entry */
	struct geo_info *geo;	/* by number in col[GEO] */
	size_t geocap;
	struct strmap file_num;	/* names of origin files → their number + 1 in s.file */
	const char *last_origin;	/* the origin name met last, and its number */
	size_t last_origin_len, last_origin_file;
	char *sig;		/* row_sig's */
	size_t sigcap;
	flagset exclude;
	char *head;		/* make_head's */
	size_t headlen, headcap;
	const char *head_part[HEAD_PARTS];	/* the texts of its fields (interned or the catalogue's) */
	size_t head_end[HEAD_PARTS];	/* its length up to each */
	int decimals, areas, verbose;
	unsigned long rows, ignored;
	struct tsv_writer out;
} s = { .decimals = -1 };

/* The entries of one dataset (none: a dataset no indicator reads), and its rows read. */
struct entry_list {
	size_t *idx;
	size_t n;
	unsigned long rows;
	const char *dataset;	/* its code: the catalogue's, or by_source's key */
};

static void
free_list(void *p)
{
	struct entry_list *l = p;

	free(l->idx);
	free(l);
}

static uint32_t
text_id_str(struct intern *tc, const char *text)
{
	return intern_id(tc, text, strlen(text));
}

/* The number in column col of the reader's field j, "" when there is no such column (j < 0). */
static uint32_t
field_id(int col, const struct tsv_reader *r, int j)
{
	return j >= 0 ? intern_id(&s.col[col], r->field[j], r->flen[j]) : intern_id(&s.col[col], "", 0);
}

/* The text numbered id in column col. */
static const char *
text_of(int col, uint32_t id)
{
	assert(id < s.col[col].n);
	return intern_text(&s.col[col], id);
}

/* The catalogue entries that take rows of dataset source (by_source), the
 * datasets met lately looked at first, as intern_id does; a dataset no entry
 * takes gets an empty list, which counts its rows all the same. */
static struct entry_list *
entries_of(const char *source, size_t len)
{
	size_t k = intern_recent_slot(source, len);
	struct strmap_slot *slot;
	void **v;
	int added;

	if (s.ic_text[k] != NULL && s.ic_len[k] == len && memcmp(s.ic_text[k], source, len) == 0)
		return s.ic_value[k];
	if ((slot = strmap_find(&s.by_source, source, len)) == NULL) {
		v = strmap_put(&s.by_source, source, len, &added);
		*v = xcalloc(1, sizeof(struct entry_list));
		slot = strmap_find(&s.by_source, source, len);
		((struct entry_list *)slot->value)->dataset = slot->key;
	}
	s.ic_text[k] = slot->key;
	s.ic_len[k] = len;
	return s.ic_value[k] = slot->value;
}

/* Cell number n, in the order read. */
static struct cell *
cell_at(size_t n)
{
	assert(n < s.ncells);
	return &s.chunk[n / CELL_CHUNK][n % CELL_CHUNK];
}

/* A new cell, zeroed, the last in the order read. */
static struct cell *
cell_new(void)
{
	size_t size = (CELL_CHUNK * sizeof **s.chunk + 63) / 64 * 64;	/* aligned_alloc's: a multiple of 64 */

	if (s.ncells % CELL_CHUNK == 0) {
		s.chunk = xgrow(s.chunk, &s.chunkcap, s.ncells / CELL_CHUNK + 1, sizeof *s.chunk);
		if ((s.chunk[s.ncells / CELL_CHUNK] = aligned_alloc(64, size)) == NULL)
			diag_die(EXIT_TROUBLE, "out of memory");
	}
	s.ncells++;
	return memset(cell_at(s.ncells - 1), 0, sizeof(struct cell));
}

/* A cell's value as written: valid until s.chunk and s.values are freed. */
static const char *
cell_text(const struct cell *c)
{
	return c->bits & CELL_LONG ? c->as.longtext : c->as.text;
}

static const char *
cell_file(const struct cell *c)
{
	return s.file[c->where >> WHERE_LINE_BITS];
}

static unsigned long
cell_line(const struct cell *c)
{
	return (unsigned long)(c->where & (((uint64_t)1 << WHERE_LINE_BITS) - 1));
}

/* The cell of code (a number in col[CODE]) among a frame's values (den 0)
 * or denominators (den CELL_DEN). */
static const struct cell *
cell_find(const struct frame *f, uint32_t code, int den)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->cell[i]->id[CODE] == code && (f->cell[i]->bits & CELL_DEN) == den)
			return f->cell[i];
	return NULL;
}

/* Column indices of a selection's dimensions; -1 in *ok when one is missing. */
static int *
bind(const struct tsv_reader *r, const struct catalogue_sel *sel, int *ok)
{
	int *idx = xcalloc(sel->n + 1, sizeof *idx);
	size_t i;

	for (i = 0; i < sel->n; i++)
		if ((idx[i] = tsv_column(r, sel->cond[i].dim)) < 0)
			*ok = 0;
	return idx;
}

static int
matches(const struct tsv_reader *r, const struct catalogue_sel *sel, const int *idx)
{
	size_t i;

	for (i = 0; i < sel->n; i++)
		if (strcmp(r->field[idx[i]], sel->cond[i].value) != 0)
			return 0;
	return 1;
}

/* Does sel fix the group dimension (the denominator of a share over TOTAL)? */
static const char *
fixes(const struct catalogue_sel *sel, const char *dim)
{
	size_t i;

	for (i = 0; i < sel->n; i++)
		if (strcmp(sel->cond[i].dim, dim) == 0)
			return sel->cond[i].value;
	return NULL;
}

/* The place of a row for the cells made of it: its file's number << 48 |
 * its line. From the origin column when there is one (the user's extract
 * and line, see tsv_place), else the reader's own file and line. */
static uint64_t
row_where(const struct tsv_reader *r, const struct cols *c)
{
	size_t namelen, k;
	unsigned long line;
	const char *f;
	void **v;
	int added;

	if (c->origin < 0 || tsv_origin_split(r->field[c->origin], r->flen[c->origin], &namelen, &line) != 0 ||
	    line >> WHERE_LINE_BITS != 0)
		return (uint64_t)c->fileno << WHERE_LINE_BITS | r->line;
	f = r->field[c->origin];
	if (s.last_origin == NULL || s.last_origin_len != namelen || memcmp(s.last_origin, f, namelen) != 0) {
		v = strmap_put(&s.file_num, f, namelen, &added);
		if (added) {
			s.file = xgrow(s.file, &s.filecap, s.nfiles + 1, sizeof *s.file);
			s.file[s.nfiles] = strmap_find(&s.file_num, f, namelen)->key;
			*v = (void *)(uintptr_t)++s.nfiles;
		}
		k = (size_t)(uintptr_t)*v - 1;
		s.last_origin = s.file[k];
		s.last_origin_len = namelen;
		s.last_origin_file = k;
	}
	if (s.last_origin_file >> (64 - WHERE_LINE_BITS) != 0)
		diag_die(EXIT_TROUBLE, "more than %lu files", (unsigned long)1 << (64 - WHERE_LINE_BITS));
	return (uint64_t)s.last_origin_file << WHERE_LINE_BITS | line;
}

/* Does entry e's catalogue row name column col (or is it one the filters
 * make and read by name)? The others are dimensions it leaves open. */
static int
named_by(const struct catalogue_entry *e, const char *col)
{
	static const char *const fixed[] = { "source", "geo", "time", "sex", "value", "flag", "origin",
		"geo_source", "nuts_level", "country", "group" };
	const struct catalogue_sel *sel[] = { &e->select, &e->numerator, &e->denominator };
	size_t i, k;

	for (i = 0; i < sizeof fixed / sizeof *fixed; i++)
		if (strcmp(col, fixed[i]) == 0)
			return 1;
	if (strcmp(col, e->group_dim) == 0)
		return 1;
	for (k = 0; k < 3; k++)
		for (i = 0; i < sel[k]->n; i++)
			if (strcmp(col, sel[k]->cond[i].dim) == 0)
				return 1;
	return 0;
}

/* The row's dimensions that entry e leaves open, as one text in col[SIG]
 * ("age=Y15-64\037isced11=ED0-2"), and its source code when harmonise-codes
 * recoded it: two observations of one cell are told apart by it. */
static uint32_t
row_sig(const struct tsv_reader *r, const struct cols *c, size_t e)
{
	size_t k, len = 0, n;
	const char *name;
	int j;

	for (k = 0; k <= c->nother[e]; k++) {
		if (k < c->nother[e])
			j = c->other[e][k];
		else if (c->geo_source >= 0 && (r->flen[c->geo_source] != r->flen[c->geo] ||
		    memcmp(r->field[c->geo_source], r->field[c->geo], r->flen[c->geo]) != 0))
			j = c->geo_source;
		else
			break;
		name = r->names[j];
		n = strlen(name);
		s.sig = xgrow(s.sig, &s.sigcap, len + n + r->flen[j] + 3, 1);
		if (len > 0)
			s.sig[len++] = '\037';
		memcpy(s.sig + len, name, n);
		len += n;
		s.sig[len++] = '=';
		memcpy(s.sig + len, r->field[j], r->flen[j]);
		len += r->flen[j];
	}
	return intern_id(&s.col[SIG], len > 0 ? s.sig : "", len);
}

/* Adds text (interned) to a list of at most COND_VALUES, once; *more when full. */
static void
note_value(const char **list, size_t *n, int *more, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strncmp(list[i], text, len) == 0 && list[i][len] == '\0')
			return;
	if (*n < COND_VALUES)
		list[(*n)++] = text_of(SIG, intern_id(&s.col[SIG], text, len));	/* SIG interns any text */
	else
		*more = 1;
}

/* What the row, one of entry e's dataset, shows of e's conditions: which
 * values it has where the catalogue asks for another. Nothing once every
 * condition has been met. */
static void
note_conditions(const struct tsv_reader *r, const struct cols *c, size_t e)
{
	struct entry_check *ec = &s.check[e];
	const int *idx[] = { c->sel[e], c->numer[e], c->denom[e] };
	const struct catalogue_entry *ce = &s.cat->entry[e];
	size_t nsel[] = { ce->select.n, ce->numerator.n, ce->denominator.n };
	size_t k, i, q = 0;
	int all = 1, j;

	for (k = 0; k < 3; k++)
		for (i = 0; i < nsel[k]; i++, q++) {
			struct cond_check *cc = &ec->cond[q];

			if (cc->seen)
				continue;
			j = idx[k][i];
			if (r->flen[j] == strlen(cc->cond->value) && strcmp(r->field[j], cc->cond->value) == 0)
				cc->seen = 1;
			else {
				if (!cc->more)
					note_value(cc->value, &cc->nvalue, &cc->more, r->field[j], r->flen[j]);
				all = 0;
			}
		}
	ec->all_seen = all;
}

/* Notes once a file what it lacks of entry e's columns (bind_entry's -1s). */
static void
note_unusable(struct cols *c, size_t e)
{
	struct entry_check *ec = &s.check[e];
	const struct catalogue_entry *ce = &s.cat->entry[e];
	const int *idx[] = { c->sel[e], c->numer[e], c->denom[e] };
	size_t nsel[] = { ce->select.n, ce->numerator.n, ce->denominator.n };
	size_t k, i, q = 0;

	if (c->told[e])
		return;
	c->told[e] = 1;
	if (c->gdim[e] < 0)
		ec->no_group_dim = 1;
	for (k = 0; k < 3; k++)
		for (i = 0; i < nsel[k]; i++, q++)
			if (idx[k][i] < 0)
				ec->cond[q].nocol = 1;
}

/* Remembers that the newest cell has a bad flag or value, to be told after the sort. */
static void
mark_bad(void)
{
	s.bad = xgrow(s.bad, &s.badcap, s.nbad + 1, sizeof *s.bad);
	s.bad[s.nbad++] = s.ncells - 1;
}

/*
 * Keeps a cell of the reader's row for entry e: code is the row's code of the
 * group dimension, key its number in col[CODE] (or s.empty), row[] the row's
 * numbers of geo, time, sex and its open dimensions, where its place. What is
 * wrong with its flag or value is told after the sort, unless the cell turns
 * out to be a second observation, which is told instead.
 */
static void
cell_add(const struct tsv_reader *r, const struct cols *c, size_t e, int den, uint32_t key,
    const char *code, size_t codelen, const uint32_t *row, uint64_t where)
{
	struct cell *cell = cell_new();
	struct entry_check *ec = &s.check[e];
	const char *value = r->field[c->value];
	size_t vlen = r->flen[c->value], bad, k;
	enum num_error ne;
	double x;
	int dec;

	cell->where = where;
	cell->entry = (uint16_t)e;
	cell->bits = den ? CELL_DEN : 0;
	memcpy(cell->id, row, sizeof cell->id);
	cell->id[CODE] = key;
	cell->id[GROUP] = c->group >= 0 && r->flen[c->group] > 0 ?
	    intern_id(&s.col[GROUP], r->field[c->group], r->flen[c->group]) : intern_id(&s.col[GROUP], code, codelen);
	if (den)
		ec->den_seen = 1;
	else {	/* the group codes it has, to name them when the reference is not among them */
		for (k = 0; k < ec->ncode && ec->code[k] != key; k++)
			;
		if (k == ec->ncode) {
			if (k < ENTRY_CODES)
				ec->code[ec->ncode++] = key;
			else
				ec->more_codes = 1;
			if (key == s.reference[e])
				ec->ref_seen = 1;
		}
	}
	if (c->flag >= 0 && (bad = flags_parse(r->field[c->flag], r->flen[c->flag], &cell->flags)) != 0) {
		cell->bad_flag = r->field[c->flag][bad - 1];
		mark_bad();
		return;
	}
	if (vlen == 0)
		return;	/* missing: kept, so that its flags travel */
	if ((ne = num_parse(value, vlen, &x)) == NUM_OK && !(cell->flags & s.exclude)) {
		/* --exclude-flags: treated as missing, flags kept */
		cell->bits |= CELL_HAS;
		cell->v = x;
		dec = num_decimals(value, vlen);
		cell->dec = (signed char)(dec > 15 ? 15 : dec);	/* num_format prints at most 15 */
	}
	if (ne != NUM_OK) {	/* its text is kept for the message */
		cell->bad_value = (unsigned char)ne;
		mark_bad();
	} else if (!(cell->bits & CELL_HAS))
		return;
	if (vlen < sizeof cell->as.text)
		memcpy(cell->as.text, value, vlen + 1);
	else {
		cell->as.longtext = arena_strndup(&s.values, value, vlen);
		cell->bits |= CELL_LONG;
	}
}

/* The number of the row's geo, its country and level noted the first time. */
static uint32_t
row_geo(const struct tsv_reader *r, const struct cols *c)
{
	uint32_t id = field_id(GEO, r, c->geo);
	struct geo_info *g;

	if (id >= s.geocap) {
		size_t old = s.geocap;

		s.geo = xgrow(s.geo, &s.geocap, (size_t)id + 1, sizeof *s.geo);
		memset(s.geo + old, 0, (s.geocap - old) * sizeof *s.geo);
	}
	g = &s.geo[id];
	if (!g->known) {
		g->country = field_id(COUNTRY, r, c->country);
		g->level = field_id(LEVEL, r, c->level);
		g->known = 1;
	}
	return id;
}

/* Binds entry e's columns in this file: c->usable[e] is 0 when one is missing. */
static void
bind_entry(const struct tsv_reader *r, struct cols *c, size_t e)
{
	const struct catalogue_entry *ce = &s.cat->entry[e];
	size_t j;

	c->usable[e] = 1;
	c->sel[e] = bind(r, &ce->select, &c->usable[e]);
	c->numer[e] = bind(r, &ce->numerator, &c->usable[e]);
	c->denom[e] = bind(r, &ce->denominator, &c->usable[e]);
	if ((c->gdim[e] = tsv_column(r, ce->group_dim)) < 0)
		c->usable[e] = 0;
	c->other[e] = xcalloc(r->ncols + 1, sizeof **c->other);
	for (j = 0; j < r->ncols; j++)
		if (!named_by(ce, r->names[j]))
			c->other[e][c->nother[e]++] = (int)j;
}

/* The columns of r's header into c, each catalogue entry's bound; 0, or -1
 * when one that every row needs is missing. */
static int
bind_columns(const struct tsv_reader *r, struct cols *c)
{
	size_t i;

	c->source = tsv_column(r, "source");
	c->geo = tsv_column(r, "geo");
	c->time = tsv_column(r, "time");
	c->sex = tsv_column(r, "sex");
	c->value = tsv_column(r, "value");
	c->flag = tsv_column(r, "flag");
	c->group = tsv_column(r, "group");
	c->country = tsv_column(r, "country");
	c->level = tsv_column(r, "nuts_level");
	c->origin = tsv_column(r, "origin");
	c->geo_source = tsv_column(r, "geo_source");
	if (c->source < 0 || c->geo < 0 || c->time < 0 || c->value < 0)
		return -1;
	c->sel = xcalloc(s.cat->n, sizeof(int *));
	c->numer = xcalloc(s.cat->n, sizeof(int *));
	c->denom = xcalloc(s.cat->n, sizeof(int *));
	c->gdim = xcalloc(s.cat->n, sizeof(int));
	c->other = xcalloc(s.cat->n, sizeof(int *));
	c->nother = xcalloc(s.cat->n, sizeof(size_t));
	c->usable = xcalloc(s.cat->n, sizeof(int));
	c->told = xcalloc(s.cat->n, sizeof(int));
	for (i = 0; i < s.cat->n; i++)
		bind_entry(r, c, i);
	return 0;
}

static void
free_columns(struct cols *c)
{
	size_t i;

	for (i = 0; i < s.cat->n; i++) {
		free(c->sel[i]);
		free(c->numer[i]);
		free(c->denom[i]);
		free(c->other[i]);
	}
	free(c->sel);
	free(c->numer);
	free(c->denom);
	free(c->gdim);
	free(c->other);
	free(c->nother);
	free(c->usable);
	free(c->told);
}

/* The row in r as cells of every catalogue entry it serves (numerator,
 * denominator or both); a row that serves none is counted as ignored. */
static void
score_row(const struct tsv_reader *r, struct cols *c)
{
	struct entry_list *list;
	const struct catalogue_entry *e;
	size_t i, k;
	int have_row = 0, numer, denom;
	const char *code, *fixed;
	uint32_t key, row[NCELLCOLUMNS];
	uint64_t where = 0;

	list = entries_of(r->field[c->source], r->flen[c->source]);
	list->rows++;
	for (k = 0; k < list->n; k++) {
		i = list->idx[k];
		e = &s.cat->entry[i];
		if (s.check[i].dataset == NULL)
			s.check[i].dataset = list->dataset;
		if (!c->usable[i]) {
			note_unusable(c, i);
			continue;
		}
		if (!s.check[i].all_seen)
			note_conditions(r, c, i);
		if (!matches(r, &e->select, c->sel[i]))
			continue;
		numer = e->denominator.n == 0 || matches(r, &e->numerator, c->numer[i]);
		denom = e->denominator.n > 0 && matches(r, &e->denominator, c->denom[i]);
		if (!numer && !denom)
			continue;
		if (!have_row) {
			row[GEO] = row_geo(r, c);
			row[TIME] = field_id(TIME, r, c->time);
			row[SEX] = field_id(SEX, r, c->sex);
			where = row_where(r, c);
			have_row = 1;
		}
		row[SIG] = row_sig(r, c, i);
		code = r->field[c->gdim[i]];
		key = intern_id(&s.col[CODE], code, r->flen[c->gdim[i]]);
		if (numer)
			cell_add(r, c, i, 0, key, code, r->flen[c->gdim[i]], row, where);
		if (denom) {
			fixed = fixes(&e->denominator, e->group_dim);
			cell_add(r, c, i, CELL_DEN, fixed != NULL ? s.empty : key, code,
			    r->flen[c->gdim[i]], row, where);
		}
		s.matched[i]++;
	}
	if (!have_row)
		s.ignored++;
}

static int
score_file(const char *path)
{
	struct tsv_reader r;
	struct cols c;
	enum tsv_status ts;
	int st, status = 0;

	if ((st = tsv_open(&r, path)) != 0)
		return st;
	if (s.nfiles >> (64 - WHERE_LINE_BITS) != 0)
		diag_die(EXIT_TROUBLE, "more than %lu files", (unsigned long)1 << (64 - WHERE_LINE_BITS));
	s.file = xgrow(s.file, &s.filecap, s.nfiles + 1, sizeof *s.file);
	s.file[s.nfiles++] = r.name;
	s.last_origin = NULL;
	memset(&c, 0, sizeof c);
	c.fileno = s.nfiles - 1;
	if (bind_columns(&r, &c) != 0) {
		diag_warn_at(r.name, 1, "needs the columns source, geo, time and value (harmonised TSV)");
		tsv_close(&r);
		return EXIT_DATA;
	}
	for (;;) {
		ts = tsv_next(&r);
		if (ts == TSV_END)
			break;
		if (ts == TSV_FAIL) {
			status = EXIT_TROUBLE;
			break;
		}
		if (ts == TSV_BAD) {
			if (status < EXIT_DATA)
				status = EXIT_DATA;
			continue;
		}
		if (r.line >> WHERE_LINE_BITS != 0)
			diag_die(EXIT_TROUBLE, "%s: more than %llu lines", r.name,
			    (unsigned long long)1 << WHERE_LINE_BITS);
		s.rows++;
		score_row(&r, &c);
	}
	free_columns(&c);
	if (r.nbad > 0 && status < EXIT_DATA)
		status = EXIT_DATA;
	tsv_close(&r);
	return status;
}

/*
 * Sorts the cells into frames: by the ranks of their indicator, geo, time,
 * sex and code, then denominators after values, each frame's cells in the
 * order read (a stable radix sort of the ranks packed in 64 bits). Returns the keys
 * in order and sets *low to the bits of the key below the frame's.
 */
static struct radix_key *
sort_cells(unsigned *low)
{
	static const int part[] = { GEO, TIME, SEX, CODE };
	struct radix_key *a = xcalloc(s.ncells + 1, sizeof *a);
	unsigned width[5], total, j;
	size_t i;
	const struct cell *c;
	uint64_t key;

	width[0] = radix_bits(s.cat->n);
	for (j = 0; j < 4; j++)
		width[j + 1] = radix_bits(s.col[part[j]].n);
	total = width[0] + width[1] + width[2] + width[3] + width[4] + 1;
	if (total > 64)
		diag_die(EXIT_TROUBLE, "too many distinct codes to sort (%u bits of ranks; 64 at most)", total);
	*low = width[4] + 1;
	for (i = 0; i < s.ncells; i++) {
		c = cell_at(i);
		key = s.entry_rank[c->entry];
		for (j = 0; j < 4; j++)
			key = key << width[j + 1] | s.col[part[j]].rank[c->id[part[j]]];
		key = key << 1 | ((c->bits & CELL_DEN) != 0);
		a[i].key = key;
		a[i].n = i;
	}
	return radix_sort(a, s.ncells);
}

/* Is cell a's place before cell b's (file, then line)? */
static int
earlier(const struct cell *a, const struct cell *b)
{
	return b == NULL || a->where < b->where;
}

/* The value of dimension name in a sig text, or NULL; *len its length. */
static const char *
sig_value(const char *sig, const char *name, size_t *len)
{
	size_t n = strlen(name);
	const char *p = sig, *end;

	while (*p != '\0') {
		end = strchr(p, '\037');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > n && strncmp(p, name, n) == 0 && p[n] == '=') {
			*len = (size_t)(end - p) - n - 1;
			return p + n + 1;
		}
		p = *end != '\0' ? end + 1 : end;
	}
	return NULL;
}

/* Notes in ec the dimensions of sig text a that differ in b, with both
 * their values; returns 1 when only geo_source differs (two source codes
 * recoded to one region), else 0. */
static int
sig_diff(struct entry_check *ec, const char *a, const char *b)
{
	const char *sig[2] = { a, b }, *p, *eq, *end, *v[2], *name;
	size_t len[2], k, d, q;
	int only_source = 1;

	for (k = 0; k < 2; k++)
		for (p = sig[k]; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
			end = strchr(p, '\037');
			if (end == NULL)
				end = p + strlen(p);
			eq = memchr(p, '=', (size_t)(end - p));
			name = text_of(SIG, intern_id(&s.col[SIG], p, (size_t)(eq - p)));
			for (q = 0; q < 2; q++)
				v[q] = sig_value(sig[q], name, &len[q]);
			if (v[0] != NULL && v[1] != NULL && len[0] == len[1] && memcmp(v[0], v[1], len[0]) == 0)
				continue;
			if (strcmp(name, "geo_source") == 0)
				continue;
			only_source = 0;
			for (d = 0; d < ec->nopen_dim && ec->open_dim[d] != name; d++)
				;
			if (d == ec->nopen_dim) {
				if (d == OPEN_DIMS)
					continue;
				ec->open_dim[ec->nopen_dim++] = name;
			}
			for (q = 0; q < 2; q++)
				note_value(ec->open_value[d], &ec->nopen_value[d], &ec->more_open_values[d],
				    v[q] != NULL ? v[q] : "", v[q] != NULL ? len[q] : 0);
		}
	return only_source;
}

/* Of two observations of one cell from two source codes recoded to one
 * region, the one to keep: the one with a value, else the one under the
 * region's own code (a history extract has the old code's cells empty in
 * the years of the new one, and the reverse), else the first. */
static int
rather(const struct cell *a, const struct cell *b)
{
	size_t n;
	int ra = (a->bits & CELL_HAS ? 2 : 0) + (sig_value(text_of(SIG, a->id[SIG]), "geo_source", &n) == NULL);
	int rb = (b->bits & CELL_HAS ? 2 : 0) + (sig_value(text_of(SIG, b->id[SIG]), "geo_source", &n) == NULL);

	return ra > rb;
}

/* Keeps pair (first, c) in *pair when c comes before the one kept. */
static void
keep_pair(const struct cell **pair, const struct cell *first, const struct cell *c)
{
	if (earlier(c, pair[1])) {
		pair[0] = first;
		pair[1] = c;
	}
}

/*
 * Finds each second observation of a cell (a key equal to the one before it
 * in the sorted keys k) and marks it CELL_DUP. Its pair says why: the
 * dimensions its entry leaves open differ (the catalogue's fault: the entry
 * gets no figure), or only the source code that was recoded (two codes of
 * one region), or nothing (the same observation twice). Each kind is counted
 * in its entry with its earliest pair, and so are the bad flags and values
 * of the cells that are not second observations: told by tell_cells and
 * tell_entry, once an entry, never once a row.
 */
static void
check_cells(const struct radix_key *k)
{
	const struct cell *first = NULL, *bad;
	struct cell *c;
	struct entry_check *ec;
	size_t i;

	for (i = 1; i < s.ncells; i++) {
		if (k[i].key != k[i - 1].key) {
			first = NULL;
			continue;
		}
		if (first == NULL)
			first = cell_at(k[i - 1].n);
		c = cell_at(k[i].n);
		c->bits |= CELL_DUP;
		ec = &s.check[c->entry];
		if (c->id[SIG] == first->id[SIG]) {
			ec->dups++;
			keep_pair(ec->dup, first, c);
		} else if (sig_diff(ec, text_of(SIG, first->id[SIG]), text_of(SIG, c->id[SIG]))) {
			if (first->bits & c->bits & CELL_HAS && first->v != c->v) {
				ec->collisions++;
				keep_pair(ec->coll, first, c);
			} else
				ec->merged++;
			if (rather(c, first)) {	/* c is kept, first left out */
				c->bits &= (unsigned char)~CELL_DUP;
				((struct cell *)first)->bits |= CELL_DUP;
				first = c;
			}
		} else {
			ec->open++;
			keep_pair(ec->open_at, first, c);
		}
	}
	for (i = 0; i < s.nbad; i++) {
		bad = cell_at(s.bad[i]);
		if (bad->bits & CELL_DUP)
			continue;
		ec = &s.check[bad->entry];
		if (bad->bad_flag != 0) {
			if (ec->bad_flags++ == 0 || earlier(bad, ec->bad_flag_at))
				ec->bad_flag_at = bad;
		} else if (ec->bad_values++ == 0 || earlier(bad, ec->bad_value_at))
			ec->bad_value_at = bad;
	}
}

/* "ES51 2022 T NAT": a cell's region, year, sex and code, for messages. */
static const char *
cell_name(const struct cell *c, char *buf, size_t cap)
{
	const struct catalogue_entry *e = &s.cat->entry[c->entry];
	const char *fixed = fixes(&e->denominator, e->group_dim);

	snprintf(buf, cap, "%s %s %s%s%s%s", text_of(GEO, c->id[GEO]), text_of(TIME, c->id[TIME]),
	    text_of(SEX, c->id[SEX]), *text_of(SEX, c->id[SEX]) != '\0' ? " " : "",
	    c->bits & CELL_DEN && fixed != NULL ? fixed : text_of(CODE, c->id[CODE]),
	    c->bits & CELL_DEN ? " (denominator)" : "");
	return buf;
}

/* "; N WHAT of ID in all" after a message about the first of n things. */
static const char *
and_more(unsigned long n, const char *what, const char *id, char *buf, size_t cap)
{
	if (n <= 1)
		return "";
	snprintf(buf, cap, "; %lu %s of %s in all", n, what, id);
	return buf;
}

/* A list of texts, "a, b and c" (and "and more"), into buf. */
static const char *
text_list(const char *const *t, size_t n, int more, char *buf, size_t cap)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", i == 0 ? "" : i + 1 < n || more ? ", " : " and ",
		    *t[i] != '\0' ? t[i] : "(empty)");
	if (more && len < cap)
		snprintf(buf + len, cap - len, " and more");
	return buf;
}

static int
cmp_slot_key(const void *pa, const void *pb)
{
	return strcmp((*(const struct strmap_slot *const *)pa)->key, (*(const struct strmap_slot *const *)pb)->key);
}

static int
cmp_text_ptr(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Tells, at its first place in the data, what is wrong with entry e's
 * observations: second ones, bad values and flags. Held, so that they come
 * out in the order of their places. Returns the exit status they call for. */
static int
tell_cells(size_t e)
{
	const struct entry_check *ec = &s.check[e];
	const char *id = s.cat->entry[e].id;
	char name[256], more[128], where[64];
	const struct cell *c;
	int status = 0;

	if (ec->dups > 0) {
		c = ec->dup[1];
		diag_hold_key(c->where);
		snprintf(where, sizeof where, "%s:%lu", cell_file(ec->dup[0]), cell_line(ec->dup[0]));
		diag_warn_at(cell_file(c), cell_line(c), "a second observation of %s %s (the first at %s)%s", id,
		    cell_name(c, name, sizeof name), where, and_more(ec->dups, "second observations", id, more, sizeof more));
		status = EXIT_DATA;
	}
	if (ec->collisions > 0) {
		const char *a, *b;
		size_t la, lb;

		c = ec->coll[1];
		a = sig_value(text_of(SIG, ec->coll[0]->id[SIG]), "geo_source", &la);
		b = sig_value(text_of(SIG, c->id[SIG]), "geo_source", &lb);
		diag_hold_key(c->where);
		snprintf(where, sizeof where, "%s:%lu", cell_file(ec->coll[0]), cell_line(ec->coll[0]));
		diag_warn_at(cell_file(c), cell_line(c), "warning: %s %s: %s (from %.*s) and %s (from %.*s at %s) "
		    "differ: two codes recoded to one region; %s kept%s", id, cell_name(c, name, sizeof name),
		    cell_text(c), b != NULL ? (int)lb : (int)strlen(text_of(GEO, c->id[GEO])),
		    b != NULL ? b : text_of(GEO, c->id[GEO]), cell_text(ec->coll[0]),
		    a != NULL ? (int)la : (int)strlen(text_of(GEO, c->id[GEO])), a != NULL ? a : text_of(GEO, c->id[GEO]),
		    where, c->bits & CELL_DUP ? cell_text(ec->coll[0]) : cell_text(c),
		    and_more(ec->collisions, "such cells", id, more, sizeof more));
	}
	if (ec->bad_values > 0) {
		c = ec->bad_value_at;
		diag_hold_key(c->where);
		diag_warn_at(cell_file(c), cell_line(c), "%s %s: column 'value': \"%s\" %s%s", id,
		    cell_name(c, name, sizeof name), cell_text(c), num_strerror((enum num_error)c->bad_value),
		    and_more(ec->bad_values, "bad values", id, more, sizeof more));
		status = EXIT_DATA;
	}
	if (ec->bad_flags > 0) {
		c = ec->bad_flag_at;
		diag_hold_key(c->where);
		diag_warn_at(cell_file(c), cell_line(c), "%s %s: column 'flag': '%c' is not a Eurostat flag (%s)%s", id,
		    cell_name(c, name, sizeof name), c->bad_flag, FLAGS_KNOWN,
		    and_more(ec->bad_flags, "bad flags", id, more, sizeof more));
		status = EXIT_DATA;
	}
	return status;
}

/* What entry e's conditions met in its dataset: "has age Y15-64" for each
 * condition never met, into buf; the conditions asked into ask. Returns the
 * number of conditions never met. */
static size_t
unmet_conditions(const struct entry_check *ec, size_t from, size_t to, char *buf, size_t cap, char *ask,
    size_t askcap)
{
	const struct cond_check *cc;
	char list[512];
	size_t q, n = 0, len = 0, alen = 0;

	buf[0] = ask[0] = '\0';
	for (q = from; q < to && len < cap && alen < askcap; q++) {
		cc = &ec->cond[q];
		if (cc->seen)
			continue;
		if (cc->nocol || cc->nvalue == 0 || (cc->nvalue == 1 && *cc->value[0] == '\0'))
			len += (size_t)snprintf(buf + len, cap - len, "%sno %s", n > 0 ? " and " : "", cc->cond->dim);
		else
			len += (size_t)snprintf(buf + len, cap - len, "%s%s %s", n > 0 ? " and " : "", cc->cond->dim,
			    text_list(cc->value, cc->nvalue, cc->more, list, sizeof list));
		alen += (size_t)snprintf(ask + alen, askcap - alen, "%s%s=%s", n > 0 ? ";" : "", cc->cond->dim,
		    cc->cond->value);
		n++;
	}
	return n;
}

/* A selection as the catalogue writes it, "unit=PC;age=Y20-64", into buf. */
static const char *
sel_text(const struct catalogue_sel *sel, char *buf, size_t cap)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sel->n && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s=%s", i > 0 ? ";" : "", sel->cond[i].dim,
		    sel->cond[i].value);
	return buf;
}

/* The rows of entry e's datasets read. */
static unsigned long
dataset_rows(const struct catalogue_entry *e)
{
	const struct entry_list *l;
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < e->nsources; i++)
		if ((l = strmap_get(&s.by_source, e->sources[i], strlen(e->sources[i]))) != NULL)
			n += l->rows;
	return n;
}

/*
 * Tells, at entry e's catalogue line, what kept it from its figures: a
 * dimension its select leaves open (an error: no figure at all), a code or
 * a column its dataset does not have, no row with all its conditions, no
 * reference group (warnings). Nothing for an entry none of whose datasets
 * was read (-v names those). Returns the exit status it calls for.
 */
static int
tell_entry(size_t e)
{
	const struct catalogue_entry *ce = &s.cat->entry[e];
	const struct entry_check *ec = &s.check[e];
	const char *ds = ec->dataset != NULL ? ec->dataset : ce->sources[0];
	const char *path = s.cat->path, *codes[ENTRY_CODES], *fix;
	char has[1024], ask[512], list[512], fixes_text[512], where[64], name[256];
	size_t d, q, n, len = 0, nall = ec->ncond, nsel = ce->select.n;
	const struct cell *c;

	if (ec->open > 0) {
		has[0] = fixes_text[0] = '\0';
		for (d = 0; d < ec->nopen_dim && len < sizeof has; d++) {
			len += (size_t)snprintf(has + len, sizeof has - len, "%s%s %s", d == 0 ? "" : "; ", ec->open_dim[d],
			    text_list(ec->open_value[d], ec->nopen_value[d], ec->more_open_values[d], list, sizeof list));
			/* the fix: TOTAL where it is among the codes, else one of them */
			for (fix = NULL, q = 0; q < ec->nopen_value[d]; q++)
				if (strcmp(ec->open_value[d][q], "TOTAL") == 0)
					fix = ec->open_value[d][q];
			q = strlen(fixes_text);
			snprintf(fixes_text + q, sizeof fixes_text - q, "%s%s=%s", d == 0 ? "" : " and ", ec->open_dim[d],
			    fix != NULL ? fix : "(one of them)");
		}
		snprintf(where, sizeof where, "%s:%lu", cell_file(ec->open_at[0]), cell_line(ec->open_at[0]));
		c = ec->open_at[1];
		diag_warn_at(path, ce->line, "%s: its select leaves %s open: %s has %s for one region, year, sex and group "
		    "(%s at %s and %s:%lu; %lu rows more than one a cell in all): add %s to its select; no figure for %s",
		    ce->id, ec->nopen_dim == 1 ? ec->open_dim[0] : "dimensions", ds, has, cell_name(c, name, sizeof name),
		    where, cell_file(c), cell_line(c), ec->open, fixes_text, ce->id);
		return EXIT_DATA;
	}
	if (s.matched[e] == 0) {
		if (dataset_rows(ce) == 0)
			return 0;
		if (ec->no_group_dim)
			diag_warn_at(path, ce->line, "warning: %s: %s has no column %s (its groups): no figure", ce->id, ds,
			    ce->group_dim);
		else if (unmet_conditions(ec, 0, nsel, has, sizeof has, ask, sizeof ask) > 0)
			diag_warn_at(path, ce->line, "warning: %s: %s has %s; the catalogue asks %s: no figure", ce->id, ds,
			    has, ask);
		else if (nall > nsel)	/* a share: the select's codes with the numerator's or the denominator's */
			diag_warn_at(path, ce->line, "warning: %s: no row of %s has %s with %s (numerator) or %s "
			    "(denominator): no figure", ce->id, ds, sel_text(&ce->select, list, sizeof list),
			    sel_text(&ce->numerator, has, sizeof has), sel_text(&ce->denominator, ask, sizeof ask));
		else
			diag_warn_at(path, ce->line, "warning: %s: no row of %s has all of %s together: no figure", ce->id, ds,
			    sel_text(&ce->select, list, sizeof list));
		return 0;
	}
	if (ce->denominator.n > 0 && !ec->den_seen)
		diag_warn_at(path, ce->line, "warning: %s: %s has no row of its denominator %s with the select's codes: "
		    "no share", ce->id, ds, sel_text(&ce->denominator, ask, sizeof ask));
	if (!ec->ref_seen) {
		for (n = 0; n < ec->ncode; n++)
			codes[n] = text_of(CODE, ec->code[n]);
		qsort(codes, n, sizeof *codes, cmp_text_ptr);
		diag_warn_at(path, ce->line, "warning: %s: %s has no row of the reference group (%s %s), only %s %s: "
		    "figures without gaps", ce->id, ds, ce->group_dim, ce->reference, ce->group_dim,
		    text_list(codes, n, ec->more_codes, list, sizeof list));
	} else if (ec->frames_no_ref > 0)
		diag_warn_at(path, ce->line, "warning: %s: %lu of %lu regions, years and sexes have no %s row "
		    "(the first %s %s%s%s): their gaps are empty", ce->id, ec->frames_no_ref, ec->frames, ce->reference,
		    text_of(GEO, ec->no_ref_at[0]), text_of(TIME, ec->no_ref_at[1]),
		    *text_of(SEX, ec->no_ref_at[2]) != '\0' ? " " : "", text_of(SEX, ec->no_ref_at[2]));
	return 0;
}

/* One output figure: a group of a frame, or an area or overall mean. */
struct row {
	const char *indicator, *area, *geo, *country, *level, *time, *sex, *group, *ref_group;
	const char *code;	/* of the group dimension: orders rows of one group */
	int has_value, has_ref, has_score;
	double value, ref, score;
	int dec;		/* decimals of the gap: exact for read values; -1: 15 digits */
	const char *value_text, *ref_text;	/* as read, or NULL when computed */
	flagset flags;
	char polarity;
	const char *coverage;
	size_t entry;
};

static struct row *rows;
static size_t nrows, rowcap;

static void
put_opt_number(int has, double x)
{
	if (has)
		tsv_put_number(&s.out, x, s.decimals);
	else
		tsv_put_wire(&s.out, "", 0);
}

/* A row's first fields, indicator … sex, in wire form, in s.head: the same
 * for every row of a frame, so escaped once a frame, not once a row. */
static void
make_head(const struct row *w)
{
	const char *part[HEAD_PARTS] = { w->indicator, w->area, w->geo, w->country, w->level, w->time, w->sex };
	size_t k = 0, n;

	/* frames come sorted: the fields a head shares with the last stay as they are */
	while (k < HEAD_PARTS && part[k] == s.head_part[k])
		k++;
	s.headlen = k > 0 ? s.head_end[k - 1] : 0;
	for (; k < HEAD_PARTS; k++) {
		n = strlen(part[k]);
		s.head = xgrow(s.head, &s.headcap, s.headlen + 2 * n + 1, 1);
		if (k > 0)
			s.head[s.headlen++] = '\t';
		s.headlen += tsv_escape(s.head + s.headlen, part[k], n);
		s.head_part[k] = part[k];
		s.head_end[k] = s.headlen;
	}
}

/* A row after its head: group, value … polarity (and coverage). */
static void
put_row_tail(const struct row *w)
{
	char fl[27], pol[2] = { w->polarity, '\0' };
	int gap = w->has_value && w->has_ref;
	int ratio = gap && w->ref != 0;

	tsv_put_str(&s.out, w->group);
	/* values as read passed num_parse: nothing in them to escape */
	if (w->has_value && w->value_text != NULL)
		tsv_put_wire(&s.out, w->value_text, strlen(w->value_text));
	else
		put_opt_number(w->has_value, w->value);
	tsv_put_wire(&s.out, fl, flags_format(w->flags, fl));
	tsv_put_str(&s.out, w->ref_group);
	if (w->has_ref && w->ref_text != NULL)
		tsv_put_wire(&s.out, w->ref_text, strlen(w->ref_text));
	else
		put_opt_number(w->has_ref, w->ref);
	if (gap && w->polarity != 'A')
		tsv_put_number(&s.out, w->value - w->ref, s.decimals >= 0 ? s.decimals : w->dec);
	else
		tsv_put_wire(&s.out, "", 0);
	put_opt_number(ratio && w->polarity != 'A', w->ref != 0 ? w->value / w->ref : 0);
	put_opt_number(w->has_score, w->score);
	assert(w->polarity != '\0' && strchr("+-0A", w->polarity) != NULL);
	tsv_put_wire(&s.out, pol, w->polarity == 'A' ? 0 : 1);	/* + - 0 (catalogue_load) */
	if (s.areas)
		tsv_put_str(&s.out, w->coverage != NULL ? w->coverage : "");
	tsv_end_row(&s.out);
}

/* A row: its head (escaped once for the rows that share it) and its tail. */
static void
put_row(const struct row *w)
{
	make_head(w);
	tsv_put_raw_fields(&s.out, s.head, s.headlen);
	put_row_tail(w);
}

/* 0-100 parity (SPEC §7): 100 when the group does at least as well as the
 * reference by polarity, else the smaller over the larger; none for
 * polarity 0 or a negative figure. */
static int
parity(char polarity, double v, double ref, double *out)
{
	if (polarity == '0' || v < 0 || ref < 0)
		return 0;
	if (polarity == '+')
		*out = v >= ref ? 100 : 100 * v / ref;
	else
		*out = v <= ref ? 100 : 100 * ref / v;
	return 1;
}

/* Row text is interned: equal strings are mostly equal pointers. */
static int
cmp_str(const char *a, const char *b)
{
	return a == b ? 0 : strcmp(a, b);
}

/* The rows of one frame, by group, then by code (two codes may share a group). */
static int
cmp_group(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = cmp_str(a->group, b->group);

	return c != 0 ? c : cmp_str(a->code, b->code);
}

static int
cmp_id(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return strcmp(s.cat->entry[a].id, s.cat->entry[b].id);
}

static void
add_row(const struct row *w)
{
	rows = xgrow(rows, &rowcap, nrows + 1, sizeof *rows);
	rows[nrows++] = *w;
}


/* The rows of one frame: each group against the reference group. */
static void
frame_rows(const struct frame *f)
{
	const struct catalogue_entry *e = &s.cat->entry[f->entry];
	struct entry_check *ec = &s.check[f->entry];
	const char *fixed = fixes(&e->denominator, e->group_dim);
	const struct cell *ref, *n, *d;
	const char *refgroup;
	struct row w;
	size_t i;
	int has_ref = 0, refdec = -1;
	double refv = 0;
	const char *reftext = NULL;
	flagset refflags = 0;
	size_t first = nrows;

	/* the reference group's value, from counts if need be */
	ref = cell_find(f, s.reference[f->entry], 0);
	refgroup = groups_reference(e->group_dim);
	if (ref == NULL && ec->frames_no_ref++ == 0) {
		ec->no_ref_at[0] = f->cell[0]->id[GEO];
		ec->no_ref_at[1] = f->cell[0]->id[TIME];
		ec->no_ref_at[2] = f->cell[0]->id[SEX];
	}
	ec->frames++;
	if (ref != NULL) {
		refflags = ref->flags;
		refgroup = text_of(GROUP, ref->id[GROUP]);
		if (e->denominator.n == 0) {
			has_ref = (ref->bits & CELL_HAS) != 0;
			refv = ref->v;
			refdec = ref->dec;
			reftext = cell_text(ref);
		} else if ((d = cell_find(f, fixed != NULL ? s.empty : s.reference[f->entry], CELL_DEN)) != NULL) {
			refflags |= d->flags;
			has_ref = ref->bits & CELL_HAS && d->bits & CELL_HAS && d->v != 0;
			refv = has_ref ? 100 * ref->v / d->v : 0;
		}
	}
	for (i = 0; i < f->n; i++) {
		n = f->cell[i];
		if (n->bits & CELL_DEN)
			continue;
		if (fixed != NULL && strcmp(text_of(CODE, n->id[CODE]), fixed) == 0)
			continue;	/* the denominator's own group: its share is 100 by definition */
		memset(&w, 0, sizeof w);
		w.indicator = e->id;
		w.area = e->area;
		w.geo = f->geo;
		w.country = f->country;
		w.level = f->level;
		w.time = f->time;
		w.sex = f->sex;
		w.group = text_of(GROUP, n->id[GROUP]);
		w.code = text_of(CODE, n->id[CODE]);
		w.ref_group = refgroup != NULL ? refgroup : e->reference;
		w.polarity = e->polarity;
		w.entry = f->entry;
		w.flags = n->flags | refflags;
		w.has_value = (n->bits & CELL_HAS) != 0;
		w.value = n->v;
		w.value_text = e->denominator.n == 0 ? cell_text(n) : NULL;
		w.ref_text = reftext;
		w.dec = e->denominator.n == 0 && n->dec >= 0 && refdec >= 0 ? (n->dec > refdec ? n->dec : refdec) : -1;
		if (e->denominator.n > 0) {
			d = cell_find(f, fixed != NULL ? s.empty : n->id[CODE], CELL_DEN);
			w.has_value = d != NULL && n->bits & CELL_HAS && d->bits & CELL_HAS && d->v != 0;
			w.value = w.has_value ? 100 * n->v / d->v : 0;
			if (d != NULL)
				w.flags |= d->flags;
		}
		w.has_ref = has_ref;
		w.ref = refv;
		if (n->id[CODE] != s.reference[f->entry] && w.has_value && w.has_ref)
			w.has_score = parity(e->polarity, w.value, w.ref, &w.score);
		add_row(&w);
	}
	if (nrows > first)
		qsort(rows + first, nrows - first, sizeof *rows, cmp_group);
}

/* Gathers the frame whose sorted keys start at k[i] (its key is above the
 * low bits) into f, leaving out second observations; returns where the
 * next frame starts. */
static size_t
frame_gather(const struct radix_key *k, size_t i, unsigned low, struct frame *f)
{
	uint64_t fk = k[i].key >> low;
	size_t first = k[i].n, end;
	const struct cell *c;

	f->n = 0;
	for (end = i; end < s.ncells && k[end].key >> low == fk; end++) {
		if (end + 16 < s.ncells)	/* sorted, the cells are all over memory: fetched ahead */
			CACHE_PREFETCH(cell_at(k[end + 16].n));
		if (k[end].n < first)
			first = k[end].n;
		c = cell_at(k[end].n);
		if (c->bits & CELL_DUP)
			continue;
		f->cell = xgrow(f->cell, &f->cap, f->n + 1, sizeof *f->cell);
		f->cell[f->n++] = c;
	}
	c = cell_at(first);	/* the frame's first row read: its texts are the frame's */
	f->entry = c->entry;
	f->geo = text_of(GEO, c->id[GEO]);
	f->time = text_of(TIME, c->id[TIME]);
	f->sex = text_of(SEX, c->id[SEX]);
	f->country = text_of(COUNTRY, s.geo[c->id[GEO]].country);
	f->level = text_of(LEVEL, s.geo[c->id[GEO]].level);
	return end;
}

/*
 * -a: the mean of an area's indicator scores for each geo × time × sex ×
 * group, then the mean of the areas. Coverage: scores used / defined, where
 * defined counts the catalogue's scored indicators (polarity + or -) of the
 * group's dimension.
 */
struct mean {
	struct row w;
	double sum;
	size_t n;
	const char *part[6];	/* area geo time sex group group_dim, the rows' own */
};

static const struct mean *mean_table;	/* what is_mean looks in */

/* tuple_part_hash of a text that stays where it is (interned, or the
 * catalogue's), remembered by its address: a mean's parts repeat. */
static uint64_t
part_hash(const char *text)
{
	static struct {
		const char *text;
		uint64_t hash;
	} memo[4096];
	size_t k = (size_t)(((uintptr_t)text * 0x9e3779b97f4a7c15ULL) >> 52);

	if (memo[k].text != text) {
		memo[k].text = text;
		memo[k].hash = tuple_part_hash(text);
	}
	return memo[k].hash;
}

static int
cmp_mean(const void *pa, const void *pb)
{
	const struct mean *a = *(const struct mean *const *)pa, *b = *(const struct mean *const *)pb;
	size_t k;
	int c;

	for (k = 0; k < 6; k++)
		if ((c = cmp_str(a->part[k], b->part[k])) != 0)
			return c;
	return 0;
}

/* tuple_same: is mean id - 1 the one of these parts? */
static int
is_mean(const void *arg, size_t id)
{
	const char *const *part = arg;
	size_t k;

	for (k = 0; k < 6; k++)
		if (cmp_str(mean_table[id - 1].part[k], part[k]) != 0)
			return 0;
	return 1;
}

/* "n/defined", in s.names. */
static const char *
coverage_text(size_t n, size_t defined)
{
	char buf[48], *p = buf + sizeof buf;

	do
		*--p = (char)('0' + defined % 10);
	while ((defined /= 10) > 0);
	*--p = '/';
	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	return arena_strndup(&s.names, p, (size_t)(buf + sizeof buf - p));
}

/* The means of one pass: 0, an area's indicators; 1, the areas. */
struct mean_table {
	struct tuple_index index;
	struct mean *mean;
	size_t n, cap;
	int pass;
};

static void
mean_table_init(struct mean_table *mt, int pass)
{
	memset(mt, 0, sizeof *mt);
	tuple_index_init(&mt->index, 1024);
	mt->pass = pass;
}

/* Counts row w in its mean: as the rows come, so that they need not be kept. */
static void
mean_add(struct mean_table *mt, const struct row *w)
{
	const char *part[6];
	struct mean *mm;
	uint64_t h, ph[6];
	size_t k, id;

	/* every figure that could be scored opens its area, scored or not:
	 * an area without a score gets a row with an empty one, never 0 */
	if (mt->pass == 0 && (w->polarity == '0' || strcmp(w->group, w->ref_group) == 0 || groups_shared(w->group)))
		return;
	part[0] = mt->pass == 0 ? w->area : "";
	part[1] = w->geo;
	part[2] = w->time;
	part[3] = w->sex;
	part[4] = w->group;
	part[5] = s.cat->entry[w->entry].group_dim;
	for (k = 0; k < 6; k++)
		ph[k] = part_hash(part[k]);
	h = tuple_combine(ph, 6);
	mean_table = mt->mean;
	if ((id = tuple_find(&mt->index, h, is_mean, part)) == 0) {
		mt->mean = xgrow(mt->mean, &mt->cap, mt->n + 1, sizeof *mt->mean);
		mm = &mt->mean[mt->n];
		memset(mm, 0, sizeof *mm);
		mm->w = *w;	/* its first row: the texts of the mean's row */
		mm->w.flags = 0;
		memcpy(mm->part, part, sizeof part);
		id = ++mt->n;
		mean_table = mt->mean;
		tuple_add(&mt->index, h, id, is_mean, part);
	}
	mm = &mt->mean[id - 1];
	if (w->has_score) {
		mm->sum += w->score;
		mm->n++;
		mm->w.flags |= w->flags;
	}
}

/* How many components the catalogue defines for a mean of this pass (0:
 * an area's scored indicators, 1: the areas) in its group's dimension. */
static size_t
components_defined(int pass, const struct mean *mm)
{
	const char *dim = s.cat->entry[mm->w.entry].group_dim, *seen[64];
	const struct catalogue_entry *e;
	size_t k, q, n = 0;

	for (k = 0; k < s.cat->n; k++) {
		e = &s.cat->entry[k];
		if (e->polarity == '0' || strcmp(e->group_dim, dim) != 0)
			continue;
		if (pass == 0) {
			n += strcmp(e->area, mm->w.area) == 0;
			continue;
		}
		for (q = 0; q < n && strcmp(seen[q], e->area) != 0; q++)
			;
		if (q == n && n < 64)
			seen[n++] = e->area;
	}
	return n;
}

/* Adds the rows of mt's means, sorted, to rows (add_row), and frees mt. */
static void
mean_rows(struct mean_table *mt)
{
	struct mean *mm, **order;
	size_t j, defined = 0;
	const char *memo_area = NULL, *memo_dim = NULL, *name_of = NULL;
	char *name = NULL;

	/* sorted by pointer: a mean is too large to move about */
	order = xcalloc(mt->n + 1, sizeof *order);
	for (j = 0; j < mt->n; j++)
		order[j] = &mt->mean[j];
	if (mt->n > 0)
		qsort(order, mt->n, sizeof *order, cmp_mean);
	for (j = 0; j < mt->n; j++) {
		mm = order[j];
		/* the same for the means of one area and dimension */
		if (mm->part[0] != memo_area || mm->part[5] != memo_dim) {
			memo_area = mm->part[0];
			memo_dim = mm->part[5];
			defined = components_defined(mt->pass, mm);
		}
		mm->w.coverage = coverage_text(mm->n, defined);
		mm->w.has_value = mm->w.has_ref = 0;
		mm->w.has_score = mm->n > 0;
		mm->w.score = mm->n > 0 ? mm->sum / (double)mm->n : 0;
		mm->w.polarity = 'A';
		if (mt->pass == 1) {
			mm->w.indicator = "overall";
			mm->w.area = "";
		} else {	/* area:NAME, made once an area (the means come by area) */
			if (mm->w.area != name_of) {
				name_of = mm->w.area;
				name = arena_alloc(&s.names, strlen(name_of) + 6);
				sprintf(name, "area:%s", name_of);
			}
			mm->w.indicator = name;
		}
		add_row(&mm->w);
	}
	free(order);
	free(mt->mean);
	tuple_index_free(&mt->index);
}

/* An entry's check, with a condition for each of its select's, numerator's
 * and denominator's. */
static void
entry_check_init(struct entry_check *ec, const struct catalogue_entry *e)
{
	const struct catalogue_sel *sel[] = { &e->select, &e->numerator, &e->denominator };
	size_t k, i;

	ec->ncond = e->select.n + e->numerator.n + e->denominator.n;
	ec->cond = xcalloc(ec->ncond + 1, sizeof *ec->cond);
	for (k = 0, ec->ncond = 0; k < 3; k++)
		for (i = 0; i < sel[k]->n; i++)
			ec->cond[ec->ncond++].cond = &sel[k]->cond[i];
	ec->all_seen = ec->ncond == 0;
}

/* Tells each dataset read that no indicator of the catalogue reads, once,
 * in the order of their names. */
static void
tell_datasets(void)
{
	const struct strmap_slot **unread = xcalloc(s.by_source.len + 1, sizeof *unread);
	const struct entry_list *l;
	size_t i, n = 0;

	for (i = 0; i < s.by_source.cap; i++) {
		if (s.by_source.slots[i].key == NULL)
			continue;
		l = s.by_source.slots[i].value;
		if (l->n == 0 && l->rows > 0)
			unread[n++] = &s.by_source.slots[i];
	}
	qsort(unread, n, sizeof *unread, cmp_slot_key);
	for (i = 0; i < n; i++) {
		l = unread[i]->value;
		diag_warn("warning: %s: no indicator of %s reads this dataset: its %lu row%s not used", unread[i]->key,
		    s.cat->path, l->rows, l->rows == 1 ? " is" : "s are");
	}
	free(unread);
}

/* With a questionnaire: policy answers to policy rows (lib/policy.h). */
static int
score_policy(const char *path, char *const *files)
{
	struct questionnaire *q = policy_load(path);
	int status;

	if (q == NULL)
		return EXIT_TROUBLE;
	status = policy_score(q, files, s.decimals, s.verbose);
	policy_free(q);
	return status;
}

/* The tables of a run, once the catalogue is loaded: the interned columns,
 * each entry's reference group and checks, and the entries of each dataset. */
static void
score_init(void)
{
	size_t i, j;
	int added;
	void **v;

	for (i = 0; i < NCOLUMNS; i++)
		intern_init(&s.col[i]);
	arena_init(&s.values);
	arena_init(&s.names);
	strmap_init(&s.by_source);
	s.matched = xcalloc(s.cat->n + 1, sizeof *s.matched);
	s.reference = xcalloc(s.cat->n + 1, sizeof *s.reference);
	for (i = 0; i < s.cat->n; i++)
		s.reference[i] = text_id_str(&s.col[CODE], s.cat->entry[i].reference);
	s.empty = text_id_str(&s.col[CODE], "");
	strmap_init(&s.file_num);
	s.check = xcalloc(s.cat->n + 1, sizeof *s.check);
	for (i = 0; i < s.cat->n; i++)
		entry_check_init(&s.check[i], &s.cat->entry[i]);
	for (i = 0; i < s.cat->n; i++)
		for (j = 0; j < s.cat->entry[i].nsources; j++) {
			struct entry_list *l;

			v = strmap_put(&s.by_source, s.cat->entry[i].sources[j],
			    strlen(s.cat->entry[i].sources[j]), &added);
			if (added) {
				*v = xcalloc(1, sizeof(struct entry_list));
				((struct entry_list *)*v)->dataset = s.cat->entry[i].sources[j];
			}
			l = *v;
			l->idx = xrealloc(l->idx, (l->n + 1) * sizeof *l->idx);
			l->idx[l->n++] = i;
		}
}

/* Each entry's rank among the catalogue's by id: frames go out in that order. */
static void
rank_entries(void)
{
	size_t i, *order;

	order = xcalloc(s.cat->n + 1, sizeof *order);
	s.entry_rank = xcalloc(s.cat->n + 1, sizeof *s.entry_rank);
	for (i = 0; i < s.cat->n; i++)
		order[i] = i;
	qsort(order, s.cat->n, sizeof *order, cmp_id);
	for (i = 0; i < s.cat->n; i++)
		s.entry_rank[order[i]] = i;
	free(order);
}

/* The header and every frame's rows, sorted by keys, then with -a the
 * areas' means; returns how many figures went out before the means. */
static size_t
write_scores(const struct radix_key *keys, unsigned low, struct frame *frame)
{
	static const char *const header[] = {
		"indicator", "area", "geo", "country", "nuts_level", "time", "sex", "group", "value",
		"flag", "ref_group", "ref_value", "gap", "ratio", "score", "polarity"
	};
	struct mean_table areas = { 0 }, overall;
	size_t i, j, nind;

	tsv_writer_fdopen(&s.out, 1, "stdout");
	for (i = 0; i < sizeof header / sizeof *header; i++)
		tsv_put_str(&s.out, header[i]);
	if (s.areas)
		tsv_put_str(&s.out, "coverage");
	tsv_end_row(&s.out);
	/* a frame's rows go out as they are made, while its cells are in the
	 * cache; -a counts them in their areas' means as they go */
	if (s.areas)
		mean_table_init(&areas, 0);
	for (i = 0, nind = 0; i < s.ncells;) {
		i = frame_gather(keys, i, low, frame);
		if (s.check[frame->entry].open > 0)
			continue;	/* told below: no figure rather than whichever row came first */
		frame_rows(frame);
		for (j = 0; j < nrows; j++) {
			put_row(&rows[j]);
			if (s.areas)
				mean_add(&areas, &rows[j]);
		}
		nind += nrows;
		nrows = 0;
	}
	if (s.areas) {	/* the areas' means, then the mean of the areas */
		mean_rows(&areas);
		mean_table_init(&overall, 1);
		for (i = 0; i < nrows; i++)
			mean_add(&overall, &rows[i]);
		mean_rows(&overall);
		for (i = 0; i < nrows; i++)
			put_row(&rows[i]);
	}
	return nind;
}

/* -v: the counts of the run, and the indicators none of whose datasets came. */
static void
tell_counts(size_t nind)
{
	unsigned long merged = 0;
	size_t i;

	for (i = 0; i < s.cat->n; i++)
		merged += s.check[i].merged;
	diag_warn("%lu rows read, %lu matched no indicator, %zu figures written", s.rows, s.ignored, nind);
	if (merged > 0)
		diag_warn("%lu observations of two codes recoded to one region were empty or the same: "
		    "one kept of each", merged);
	for (i = 0; i < s.cat->n; i++)
		if (dataset_rows(&s.cat->entry[i]) == 0)
			diag_warn("%s:%lu: indicator %s: none of its datasets in the input", s.cat->path,
			    s.cat->entry[i].line, s.cat->entry[i].id);
}

static void
score_free(struct radix_key *keys, struct frame *frame)
{
	size_t i;

	free(rows);
	arena_free(&s.names);
	free(s.matched);
	free(s.reference);
	free(s.head);
	free(frame->cell);
	for (i = 0; i < NCOLUMNS; i++)
		intern_free(&s.col[i]);
	arena_free(&s.values);
	free(s.entry_rank);
	free(keys);
	for (i = 0; i * CELL_CHUNK < s.ncells; i++)
		free(s.chunk[i]);
	free(s.chunk);
	free(s.bad);
	free(s.file);
	free(s.geo);
	free(s.sig);
	for (i = 0; i < s.cat->n; i++)
		free(s.check[i].cond);
	free(s.check);
	strmap_free(&s.file_num, NULL);
	strmap_free(&s.by_source, free_list);
	catalogue_free(s.cat);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "catalogue", required_argument, NULL, 'c' },
		{ "areas", no_argument, NULL, 'a' },
		{ "decimals", required_argument, NULL, 'p' },
		{ "exclude-flags", required_argument, NULL, 'x' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *catpath = NULL;
	size_t i, nind;
	struct radix_key *keys;
	struct frame frame = { 0 };
	unsigned low;
	int ch, st, status = 0;
	unsigned long max_errors = 20;

	opt_init(argv[0], usage_text);
	while ((ch = getopt_long(argc, argv, "ac:hp:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': s.areas = 1; break;
		case 'c': catpath = optarg; break;
		case 'p': s.decimals = opt_decimals(optarg, "-p"); break;
		case 'x':
			if (flags_parse(optarg, strlen(optarg), &s.exclude) != 0)
				diag_die(EXIT_TROUBLE, "--exclude-flags %s: the letters are %s", optarg, FLAGS_KNOWN);
			break;
		case 'v': s.verbose = 1; break;
		case 'm': max_errors = diag_cap_parse(optarg, "--max-errors"); break;
		case 'h': opt_help();
		default: opt_usage();
		}
	}
	argv = opt_files(&argc, argv, 0);
	diag_cap(max_errors);
	if (catpath != NULL && (st = policy_is_questionnaire(catpath)) != 0)	/* told by its columns */
		return st < 0 ? EXIT_TROUBLE : score_policy(catpath, argv);
	if ((s.cat = catalogue_load(catpath)) == NULL)
		return EXIT_TROUBLE;
	if (s.cat->n > UINT16_MAX)
		diag_die(EXIT_TROUBLE, "%s: more than %u indicators", s.cat->path, UINT16_MAX);
	score_init();
	for (i = 0; i < (size_t)argc; i++)
		if ((st = score_file(argv[i])) > status)
			status = st;

	/* frames sorted, then each frame's rows: never hash order */
	rank_entries();
	for (i = 0; i < NCOLUMNS; i++)
		intern_rank(&s.col[i]);
	keys = sort_cells(&low);
	check_cells(keys);
	diag_hold();	/* in the order of their places */
	for (i = 0; i < s.cat->n; i++)
		if ((st = tell_cells(i)) > status)
			status = st;
	diag_release();
	nind = write_scores(keys, low, &frame);
	for (i = 0; i < s.cat->n; i++)
		if ((st = tell_entry(i)) > status)
			status = st;
	tell_datasets();
	if (s.verbose)
		tell_counts(nind);
	diag_cap_end();
	tsv_writer_close(&s.out);
	score_free(keys, &frame);
	return status;
}
