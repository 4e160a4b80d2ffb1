/*
 * mipexr-score: harmonised TSV and the indicator catalogue to scored TSV
 * (SPEC §4, §7): for every indicator, region, year and sex, each group's
 * value beside the reference group's, the gap, the ratio and a 0-100 parity
 * score; with -a, area and overall scores with their coverage.
 */
#include <assert.h>
#include <errno.h>
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
#include "num.h"
#include "strmap.h"
#include "tsv.h"
#include "tuple.h"

static const char usage_text[] =
	"[-av] [-c CATALOGUE] [-p DECIMALS] [--exclude-flags LETTERS] [file ...]";

/*
 * The distinct texts of one column (geo, time, the group dimension's code
 * …), numbered in the order met: a cell names its texts by number, in 4
 * bytes, and once all are read each column's numbers are ranked in strcmp
 * order for the sort.
 */
#define RECENT 32
struct text_column {
	struct strmap map;	/* text → its number, as the value */
	const char **text;	/* by number: the map's copies */
	uint32_t *rank;		/* by number, once rank_column has run */
	size_t n, cap;
	/* the texts met lately, in slots picked by a cheap hash of their ends:
	 * codes repeat (a few groups and sexes, a few dozen years), so most are
	 * found here without being hashed whole */
	const char *recent[RECENT];
	size_t recent_len[RECENT];
	uint32_t recent_id[RECENT];
};

enum { GEO, TIME, SEX, CODE, GROUP, COUNTRY, LEVEL, NCOLUMNS };

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
	uint32_t id[NCOLUMNS];	/* its texts: geo, time, sex, code ("" for a fixed
				 * denominator), group (canonical, or the code), country, level */
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
	int source, geo, time, sex, value, flag, group, country, level;
	int **sel, **numer, **denom;	/* per entry, per condition */
	int *gdim;	/* per entry */
};

/* A cell's place in the sorted order: its key (the ranks of its indicator,
 * geo, time, sex and code, and whether a denominator, packed) and its
 * number in the order read. */
struct cell_key {
	uint64_t key;
	size_t n;
};

static struct {
	struct catalogue *cat;
	struct text_column col[NCOLUMNS];
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
	const char *ic_text[RECENT];	/* by_source's keys met lately, as in text_column */
	size_t ic_len[RECENT];
	const void *ic_value[RECENT];
	struct strmap by_source;	/* dataset → entry indices (size_t list + count) */
	unsigned long *matched;	/* rows per entry */
	flagset exclude;
	char *head;		/* make_head's */
	size_t headlen, headcap;
	const char *head_part[HEAD_PARTS];	/* the texts of its fields (interned or the catalogue's) */
	size_t head_end[HEAD_PARTS];	/* its length up to each */
	int decimals, areas, verbose;
	unsigned long rows, ignored;
	struct tsv_writer out;
} s = { .decimals = -1 };

static _Noreturn void
usage(void)
{
	diag_usage(usage_text);
}

struct entry_list {
	size_t *idx;
	size_t n;
};

static void
free_list(void *p)
{
	struct entry_list *l = p;

	free(l->idx);
	free(l);
}

/* The slot of a text among the recent ones: its length and three of its bytes. */
static size_t
recent_slot(const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;

	return len == 0 ? 0 : (len * 7 + t[0] * 3 + t[len - 1] + t[len / 2] * 5) % RECENT;
}

/* The number of text[0..len) in column tc, numbered now if new. */
static uint32_t
text_id(struct text_column *tc, const char *text, size_t len)
{
	size_t k = recent_slot(text, len);
	void **v;
	int added;
	uint32_t id;

	if (tc->recent[k] != NULL && tc->recent_len[k] == len && memcmp(tc->recent[k], text, len) == 0)
		return tc->recent_id[k];
	v = strmap_put(&tc->map, text, len, &added);
	if (added) {
		if (tc->n >= UINT32_MAX)
			diag_die(EXIT_TROUBLE, "more than %lu distinct codes in a column", (unsigned long)UINT32_MAX);
		*v = (void *)(uintptr_t)tc->n;
		tc->text = xgrow(tc->text, &tc->cap, tc->n + 1, sizeof *tc->text);
		tc->text[tc->n++] = strmap_find(&tc->map, text, len)->key;
	}
	id = (uint32_t)(uintptr_t)*v;
	tc->recent[k] = tc->text[id];
	tc->recent_len[k] = len;
	tc->recent_id[k] = id;
	return id;
}

static uint32_t
text_id_str(struct text_column *tc, const char *text)
{
	return text_id(tc, text, strlen(text));
}

/* The number in column col of the reader's field j, "" when there is no such column (j < 0). */
static uint32_t
field_id(int col, const struct tsv_reader *r, int j)
{
	return j >= 0 ? text_id(&s.col[col], r->field[j], r->flen[j]) : text_id(&s.col[col], "", 0);
}

/* The text numbered id in column col. */
static const char *
text_of(int col, uint32_t id)
{
	assert(id < s.col[col].n);
	return s.col[col].text[id];
}

static const char **rank_texts;	/* what cmp_text_id looks in */

static int
cmp_text_id(const void *pa, const void *pb)
{
	return strcmp(rank_texts[*(const uint32_t *)pa], rank_texts[*(const uint32_t *)pb]);
}

/* Ranks a column's numbers in the strcmp order of their texts: tc->rank. */
static void
rank_column(struct text_column *tc)
{
	uint32_t *order = xcalloc(tc->n + 1, sizeof *order);
	size_t i;

	for (i = 0; i < tc->n; i++)
		order[i] = (uint32_t)i;
	rank_texts = tc->text;
	qsort(order, tc->n, sizeof *order, cmp_text_id);
	tc->rank = xcalloc(tc->n + 1, sizeof *tc->rank);
	for (i = 0; i < tc->n; i++)
		tc->rank[order[i]] = (uint32_t)i;
	free(order);
}

static void
text_column_free(struct text_column *tc)
{
	strmap_free(&tc->map, NULL);
	free(tc->text);
	free(tc->rank);
}

/* The catalogue entries that take rows of dataset source (by_source), the
 * datasets met lately looked at first, as text_id does; NULL if none. */
static const struct entry_list *
entries_of(const char *source, size_t len)
{
	size_t k = recent_slot(source, len);
	struct strmap_slot *slot;

	if (s.ic_text[k] != NULL && s.ic_len[k] == len && memcmp(s.ic_text[k], source, len) == 0)
		return s.ic_value[k];
	if ((slot = strmap_find(&s.by_source, source, len)) == NULL)
		return NULL;
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
 * numbers of geo, time, sex, country and level. What is wrong with its flag
 * or value is told after the sort, unless the cell turns out to be a second
 * observation, which is told instead.
 */
static void
cell_add(const struct tsv_reader *r, const struct cols *c, size_t e, int den, uint32_t key,
    const char *code, size_t codelen, const uint32_t *row)
{
	struct cell *cell = cell_new();
	const char *value = r->field[c->value];
	size_t vlen = r->flen[c->value], bad;
	enum num_error ne;
	double x;
	int dec;

	cell->where = (uint64_t)(s.nfiles - 1) << WHERE_LINE_BITS | r->line;
	cell->entry = (uint16_t)e;
	cell->bits = den ? CELL_DEN : 0;
	memcpy(cell->id, row, sizeof cell->id);
	cell->id[CODE] = key;
	cell->id[GROUP] = c->group >= 0 && r->flen[c->group] > 0 ?
	    text_id(&s.col[GROUP], r->field[c->group], r->flen[c->group]) : text_id(&s.col[GROUP], code, codelen);
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

/* The key of diag_hold for the messages of cell n (2n + 1) and for those
 * of a line read before it and after cell n - 1 (2n): messages come out in
 * the order of the lines they are about. */
static uint64_t
hold_key(size_t n, int cell)
{
	return 2 * (uint64_t)n + (cell != 0);
}

static int
score_file(const char *path)
{
	struct tsv_reader r;
	struct cols c;
	const struct entry_list *list;
	const struct catalogue_entry *e;
	enum tsv_status ts;
	size_t i, k;
	int st, status = 0, *usable, have_row;
	const char *code, *fixed;
	uint32_t key, row[NCOLUMNS];
	int numer, denom;

	diag_hold_key(hold_key(s.ncells, 0));
	if ((st = tsv_open(&r, path)) != 0)
		return st;
	if (s.nfiles >> (64 - WHERE_LINE_BITS) != 0)
		diag_die(EXIT_TROUBLE, "more than %lu files", (unsigned long)1 << (64 - WHERE_LINE_BITS));
	s.file = xgrow(s.file, &s.filecap, s.nfiles + 1, sizeof *s.file);
	s.file[s.nfiles++] = r.name;
	c.source = tsv_column(&r, "source");
	c.geo = tsv_column(&r, "geo");
	c.time = tsv_column(&r, "time");
	c.sex = tsv_column(&r, "sex");
	c.value = tsv_column(&r, "value");
	c.flag = tsv_column(&r, "flag");
	c.group = tsv_column(&r, "group");
	c.country = tsv_column(&r, "country");
	c.level = tsv_column(&r, "nuts_level");
	if (c.source < 0 || c.geo < 0 || c.time < 0 || c.value < 0) {
		diag_warn_at(r.name, 1, "needs the columns source, geo, time and value (harmonised TSV)");
		tsv_close(&r);
		return EXIT_DATA;
	}
	c.sel = xcalloc(s.cat->n, sizeof(int *));
	c.numer = xcalloc(s.cat->n, sizeof(int *));
	c.denom = xcalloc(s.cat->n, sizeof(int *));
	c.gdim = xcalloc(s.cat->n, sizeof(int));
	usable = xcalloc(s.cat->n, sizeof(int));
	for (i = 0; i < s.cat->n; i++) {
		e = &s.cat->entry[i];
		usable[i] = 1;
		c.sel[i] = bind(&r, &e->select, &usable[i]);
		c.numer[i] = bind(&r, &e->numerator, &usable[i]);
		c.denom[i] = bind(&r, &e->denominator, &usable[i]);
		if ((c.gdim[i] = tsv_column(&r, e->group_dim)) < 0)
			usable[i] = 0;
	}
	for (;;) {
		diag_hold_key(hold_key(s.ncells, 0));
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
		list = entries_of(r.field[c.source], r.flen[c.source]);
		have_row = 0;
		for (k = 0; list != NULL && k < list->n; k++) {
			i = list->idx[k];
			e = &s.cat->entry[i];
			if (!usable[i] || !matches(&r, &e->select, c.sel[i]))
				continue;
			numer = e->denominator.n == 0 || matches(&r, &e->numerator, c.numer[i]);
			denom = e->denominator.n > 0 && matches(&r, &e->denominator, c.denom[i]);
			if (!numer && !denom)
				continue;
			if (!have_row) {
				row[GEO] = field_id(GEO, &r, c.geo);
				row[TIME] = field_id(TIME, &r, c.time);
				row[SEX] = field_id(SEX, &r, c.sex);
				row[COUNTRY] = field_id(COUNTRY, &r, c.country);
				row[LEVEL] = field_id(LEVEL, &r, c.level);
				have_row = 1;
			}
			code = r.field[c.gdim[i]];
			key = text_id(&s.col[CODE], code, r.flen[c.gdim[i]]);
			if (numer)
				cell_add(&r, &c, i, 0, key, code, r.flen[c.gdim[i]], row);
			if (denom) {
				fixed = fixes(&e->denominator, e->group_dim);
				cell_add(&r, &c, i, CELL_DEN, fixed != NULL ? s.empty : key, code,
				    r.flen[c.gdim[i]], row);
			}
			s.matched[i]++;
		}
		if (!have_row)
			s.ignored++;
	}
	for (i = 0; i < s.cat->n; i++) {
		free(c.sel[i]);
		free(c.numer[i]);
		free(c.denom[i]);
	}
	free(c.sel);
	free(c.numer);
	free(c.denom);
	free(c.gdim);
	free(usable);
	if (r.nbad > 0 && status < EXIT_DATA)
		status = EXIT_DATA;
	tsv_close(&r);
	return status;
}

/* The bits that hold the ranks 0 to n - 1: none for one text. */
static unsigned
rank_bits(size_t n)
{
	unsigned b = 0;

	while (b < 64 && n > 0 && ((n - 1) >> b) != 0)
		b++;
	return b;
}

/*
 * Sorts the cells into frames: by the ranks of their indicator, geo, time,
 * sex and code, then denominators after values, each frame's cells in the
 * order read (a stable radix sort of the ranks packed in 64 bits, a byte at
 * a time, skipping bytes that are the same in every key). Returns the keys
 * in order and sets *low to the bits of the key below the frame's.
 */
static struct cell_key *
sort_cells(unsigned *low)
{
	static const int part[] = { GEO, TIME, SEX, CODE };
	struct cell_key *a = xcalloc(s.ncells + 1, sizeof *a), *b, *t;
	unsigned width[5], total, shift, j;
	size_t count[257], i;
	const struct cell *c;
	uint64_t key, prev = 0, diff = 0;

	width[0] = rank_bits(s.cat->n);
	for (j = 0; j < 4; j++)
		width[j + 1] = rank_bits(s.col[part[j]].n);
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
		diff |= i > 0 ? key ^ prev : 0;	/* the bits that differ between some two keys */
		prev = key;
	}
	b = xcalloc(s.ncells + 1, sizeof *b);
	for (shift = 0; shift < total; shift += 8) {	/* stable, least significant byte first */
		if ((diff >> shift & 0xff) == 0)
			continue;	/* this byte is the same in every key */
		memset(count, 0, sizeof count);
		for (i = 0; i < s.ncells; i++)
			count[(a[i].key >> shift & 0xff) + 1]++;
		for (i = 1; i < 257; i++)
			count[i] += count[i - 1];
		for (i = 0; i < s.ncells; i++)
			b[count[a[i].key >> shift & 0xff]++] = a[i];
		t = a, a = b, b = t;
	}
	free(b);
	return a;
}

/*
 * Tells, in the order of the lines, each second observation of a cell (a
 * cell whose key equals the one before it, in the sorted keys k) and each
 * bad flag or value of a cell that is not one; marks the second observations
 * CELL_DUP. Returns the exit status they call for.
 */
static int
check_cells(const struct cell_key *k)
{
	const struct cell *first = NULL, *bad;
	struct cell *c;
	const struct catalogue_entry *e;
	const char *fixed;
	size_t i;
	int status = 0;

	for (i = 0; i < s.ncells; i++) {
		if (i == 0 || k[i].key != k[i - 1].key) {
			first = NULL;
			continue;
		}
		if (first == NULL)
			first = cell_at(k[i - 1].n);
		c = cell_at(k[i].n);
		c->bits |= CELL_DUP;
		e = &s.cat->entry[c->entry];
		fixed = fixes(&e->denominator, e->group_dim);
		diag_hold_key(hold_key(k[i].n, 1));
		diag_warn_at(cell_file(c), cell_line(c), "a second observation of %s %s %s %s %s%s (the first at %s:%lu)",
		    e->id, text_of(GEO, c->id[GEO]), text_of(TIME, c->id[TIME]), text_of(SEX, c->id[SEX]),
		    c->bits & CELL_DEN && fixed != NULL ? fixed : text_of(CODE, c->id[CODE]),
		    c->bits & CELL_DEN ? " (denominator)" : "", cell_file(first), cell_line(first));
		status = EXIT_DATA;
	}
	for (i = 0; i < s.nbad; i++) {
		bad = cell_at(s.bad[i]);
		if (bad->bits & CELL_DUP)
			continue;
		diag_hold_key(hold_key(s.bad[i], 1));
		if (bad->bad_flag != 0)
			diag_warn_at(cell_file(bad), cell_line(bad), "column 'flag': '%c' is not a Eurostat flag (%s)",
			    bad->bad_flag, FLAGS_KNOWN);
		else
			diag_warn_at(cell_file(bad), cell_line(bad), "column 'value': \"%s\" %s", cell_text(bad),
			    num_strerror((enum num_error)bad->bad_value));
		status = EXIT_DATA;
	}
	return status;
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
frame_gather(const struct cell_key *k, size_t i, unsigned low, struct frame *f)
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
	c = cell_at(first);	/* the frame's first row read: never a second observation */
	f->entry = c->entry;
	f->geo = text_of(GEO, c->id[GEO]);
	f->time = text_of(TIME, c->id[TIME]);
	f->sex = text_of(SEX, c->id[SEX]);
	f->country = text_of(COUNTRY, c->id[COUNTRY]);
	f->level = text_of(LEVEL, c->id[LEVEL]);
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
	if (mt->pass == 0 && (w->polarity == '0' || strcmp(w->group, w->ref_group) == 0))
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

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "catalogue", required_argument, NULL, 'c' },
		{ "areas", no_argument, NULL, 'a' },
		{ "decimals", required_argument, NULL, 'p' },
		{ "exclude-flags", required_argument, NULL, 'x' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	static char *stdin_only[] = { "-", NULL };
	static const char *const header[] = {
		"indicator", "area", "geo", "country", "nuts_level", "time", "sex", "group", "value",
		"flag", "ref_group", "ref_value", "gap", "ratio", "score", "polarity"
	};
	const char *catpath = NULL;
	char *end;
	size_t i, j, nind, *order;
	struct cell_key *keys;
	struct mean_table areas = { 0 }, overall;
	struct frame frame = { 0 };
	unsigned low;
	int ch, st, status = 0, added;
	void **v;

	diag_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "ac:p:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': s.areas = 1; break;
		case 'c': catpath = optarg; break;
		case 'p':
			errno = 0;
			s.decimals = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || s.decimals < 0 || s.decimals > 15)
				diag_die(EXIT_TROUBLE, "-p takes 0 to 15 decimals, not \"%s\"", optarg);
			break;
		case 'x':
			if (flags_parse(optarg, strlen(optarg), &s.exclude) != 0)
				diag_die(EXIT_TROUBLE, "--exclude-flags %s: the letters are %s", optarg, FLAGS_KNOWN);
			break;
		case 'v': s.verbose = 1; break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	if ((s.cat = catalogue_load(catpath)) == NULL)
		return EXIT_TROUBLE;
	if (s.cat->n > UINT16_MAX)
		diag_die(EXIT_TROUBLE, "%s: more than %u indicators", s.cat->path, UINT16_MAX);
	for (i = 0; i < NCOLUMNS; i++)
		strmap_init(&s.col[i].map);
	arena_init(&s.values);
	arena_init(&s.names);
	strmap_init(&s.by_source);
	s.matched = xcalloc(s.cat->n + 1, sizeof *s.matched);
	s.reference = xcalloc(s.cat->n + 1, sizeof *s.reference);
	for (i = 0; i < s.cat->n; i++)
		s.reference[i] = text_id_str(&s.col[CODE], s.cat->entry[i].reference);
	s.empty = text_id_str(&s.col[CODE], "");
	for (i = 0; i < s.cat->n; i++)
		for (j = 0; j < s.cat->entry[i].nsources; j++) {
			struct entry_list *l;

			v = strmap_put(&s.by_source, s.cat->entry[i].sources[j],
			    strlen(s.cat->entry[i].sources[j]), &added);
			if (added)
				*v = xcalloc(1, sizeof(struct entry_list));
			l = *v;
			l->idx = xrealloc(l->idx, (l->n + 1) * sizeof *l->idx);
			l->idx[l->n++] = i;
		}
	diag_hold();	/* second observations are found once all is read */
	for (i = 0; i < (size_t)argc; i++)
		if ((st = score_file(argv[i])) > status)
			status = st;

	/* frames sorted, then each frame's rows: never hash order */
	order = xcalloc(s.cat->n + 1, sizeof *order);
	s.entry_rank = xcalloc(s.cat->n + 1, sizeof *s.entry_rank);
	for (i = 0; i < s.cat->n; i++)
		order[i] = i;
	qsort(order, s.cat->n, sizeof *order, cmp_id);
	for (i = 0; i < s.cat->n; i++)
		s.entry_rank[order[i]] = i;
	free(order);
	for (i = 0; i < NCOLUMNS; i++)
		rank_column(&s.col[i]);
	keys = sort_cells(&low);
	if ((st = check_cells(keys)) > status)
		status = st;
	diag_release();

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
		i = frame_gather(keys, i, low, &frame);
		frame_rows(&frame);
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

	if (s.verbose) {
		diag_warn("%lu rows read, %lu matched no indicator, %zu figures written", s.rows, s.ignored, nind);
		for (i = 0; i < s.cat->n; i++)
			if (s.matched[i] == 0)
				diag_warn("%s:%lu: indicator %s matched no row", s.cat->path, s.cat->entry[i].line,
				    s.cat->entry[i].id);
	}
	tsv_writer_close(&s.out);
	free(rows);
	arena_free(&s.names);
	free(s.matched);
	free(s.reference);
	free(s.head);
	free(frame.cell);
	for (i = 0; i < NCOLUMNS; i++)
		text_column_free(&s.col[i]);
	arena_free(&s.values);
	free(s.entry_rank);
	free(keys);
	for (i = 0; i * CELL_CHUNK < s.ncells; i++)
		free(s.chunk[i]);
	free(s.chunk);
	free(s.bad);
	free(s.file);
	strmap_free(&s.by_source, free_list);
	catalogue_free(s.cat);
	return status;
}
