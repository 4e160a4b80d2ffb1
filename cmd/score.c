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
 * One observation kept for an indicator, one cache line. Its codes are
 * interned in s.text: codes repeat on every row, so equal codes are equal
 * pointers.
 */
struct cell {
	double v;
	union {
		char text[16];		/* the value as written, passed through, when it fits */
		const char *longtext;	/* else in s.values */
	} as;
	const char *group;	/* canonical group (harmonised column), or the code */
	const char *code;	/* the group dimension's code: NAT, FOR …; "" for a fixed denominator */
	const char *file;
	unsigned long line;
	flagset flags;
	signed char dec;	/* its decimals as written; -1: computed or exponent */
	unsigned char has;	/* a value, not missing or excluded */
	unsigned char den;	/* a denominator of a share, not the value or numerator */
	unsigned char islong;	/* the text is in as.longtext */
};

#define FRAME_CELLS 6	/* Eurostat's c_birth has 5 codes */
#define HEAD_PARTS 7	/* indicator area geo country level time sex */

/*
 * The cells of one indicator × geo × time × sex. Rows come in any order,
 * so finding a row's frame is a cache miss; the first cells sit right after
 * the frame's own fields, so that one miss brings them too.
 */
struct frame {
	size_t entry;
	const char *geo, *time, *sex;
	const char *country, *level;	/* of the geo: from its first row */
	struct cell *cell;	/* inline[] until a frame has more cells, then in s.cells */
	uint32_t n, cap;
	struct cell inline_cell[FRAME_CELLS];
};

/* Frames never move once made (cell may point into them): they are kept in
 * chunks, and frame id is the id-th made, counting from 1. */
#define FRAME_CHUNK 1024

/* The columns of one input file, found once. */
struct cols {
	int source, geo, time, sex, value, flag, group, country, level;
	int **sel, **numer, **denom;	/* per entry, per condition */
	int *gdim;	/* per entry */
};

/* The texts of one column interned lately, in slots picked by a cheap hash
 * of their ends: codes repeat (a few groups and sexes, a few dozen years),
 * so most are found here without being hashed whole. */
#define RECENT 32
struct intern_cache {
	const char *text[RECENT];
	size_t len[RECENT];
	const void *value[RECENT];	/* entries_of's: the dataset's entry list */
};

static struct {
	struct catalogue *cat;
	struct tuple_index frames;	/* entry, geo, time, sex → frame id */
	struct frame **chunk;	/* FRAME_CHUNK frames each */
	size_t nframes, chunkcap;
	struct arena cells;
	struct strmap text;	/* interned codes */
	const char **reference;	/* each entry's reference code, interned */
	uint64_t *entry_hash;	/* each entry's id, tuple_part_hash */
	const char *empty;	/* "", interned: the code of a fixed denominator */
	struct arena values;	/* the values as written */
	size_t *entry_rank;	/* of each catalogue entry in the order of ids */
	struct intern_cache ic_group, ic_country, ic_level, ic_time, ic_sex, ic_key;
	struct intern_cache ic_source;	/* by_source's keys and lists */
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

static const char *
intern(const char *text)
{
	return strmap_intern(&s.text, text, strlen(text));
}

/* The slot of a text in an intern_cache: its length and three of its bytes. */
static size_t
recent_slot(const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;

	return len == 0 ? 0 : (len * 7 + t[0] * 3 + t[len - 1] + t[len / 2] * 5) % RECENT;
}

/* intern, looking in the column's recent texts first. */
static const char *
intern_column(struct intern_cache *ic, const char *text, size_t len)
{
	size_t k = recent_slot(text, len);

	if (ic->text[k] == NULL || ic->len[k] != len || memcmp(ic->text[k], text, len) != 0) {
		ic->text[k] = strmap_intern(&s.text, text, len);
		ic->len[k] = len;
	}
	return ic->text[k];
}

/* The catalogue entries that take rows of dataset source (by_source), the
 * datasets met lately looked at first, as intern_column does; NULL if none. */
static const struct entry_list *
entries_of(const char *source, size_t len)
{
	size_t k = recent_slot(source, len);
	struct intern_cache *ic = &s.ic_source;
	struct strmap_slot *slot;

	if (ic->text[k] != NULL && ic->len[k] == len && memcmp(ic->text[k], source, len) == 0)
		return ic->value[k];
	if ((slot = strmap_find(&s.by_source, source, len)) == NULL)
		return NULL;
	ic->text[k] = slot->key;
	ic->len[k] = len;
	return ic->value[k] = slot->value;
}

/* A cell's value as written: valid until s.cells and s.values are freed. */
static const char *
cell_text(const struct cell *c)
{
	return c->islong ? c->as.longtext : c->as.text;
}

/* The cell of code (interned) among a frame's values (den 0) or
 * denominators (den 1). */
static struct cell *
cell_find(const struct frame *f, const char *code, int den)
{
	uint32_t i;

	for (i = 0; i < f->n; i++)
		if (f->cell[i].code == code && f->cell[i].den == den)
			return &f->cell[i];
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

static struct frame *
frame_at(size_t id)
{
	assert(id > 0 && id <= s.nframes);
	return &s.chunk[(id - 1) / FRAME_CHUNK][(id - 1) % FRAME_CHUNK];
}

/* Starts fetching a frame and its first cells. */
static void
frame_prefetch(const struct frame *f)
{
	CACHE_PREFETCH(f);
	CACHE_PREFETCH(&f->inline_cell[0]);
	CACHE_PREFETCH(&f->inline_cell[1]);
	CACHE_PREFETCH(&f->inline_cell[2]);
}

/* tuple_same: is frame id the frame sought? */
static int
is_frame(const void *arg, size_t id)
{
	const struct frame *want = arg, *f = frame_at(id);

	return f->entry == want->entry && strcmp(f->geo, want->geo) == 0 && strcmp(f->time, want->time) == 0 &&
	    strcmp(f->sex, want->sex) == 0;
}

/* The hash of a row's frame under entry e; its slot is fetched meanwhile. */
static uint64_t
frame_hash(char *const *field, const struct cols *c, size_t e)
{
	uint64_t part[] = { s.entry_hash[e], tuple_part_hash(field[c->geo]), tuple_part_hash(field[c->time]),
		tuple_part_hash(c->sex >= 0 ? field[c->sex] : "") };	/* ids are unique */
	uint64_t h = tuple_combine(part, 4);

	tuple_prefetch(&s.frames, h);
	return h;
}

/* The frame of a row (its fields) under entry e, made if new; h is
 * frame_hash's. */
static struct frame *
frame_for(char *const *field, const struct cols *c, size_t e, uint64_t h)
{
	const char *geo = field[c->geo], *time = field[c->time], *sex = c->sex >= 0 ? field[c->sex] : "";
	struct frame want = { .entry = e, .geo = geo, .time = time, .sex = sex }, *f;
	size_t id;

	if ((id = tuple_find(&s.frames, h, is_frame, &want)) != 0)
		return frame_at(id);
	if (s.nframes % FRAME_CHUNK == 0) {
		s.chunk = xgrow(s.chunk, &s.chunkcap, s.nframes / FRAME_CHUNK + 1, sizeof *s.chunk);
		s.chunk[s.nframes / FRAME_CHUNK] = xmalloc(FRAME_CHUNK * sizeof **s.chunk);
	}
	id = ++s.nframes;
	f = frame_at(id);
	f->entry = e;
	f->geo = intern(geo);
	f->time = intern_column(&s.ic_time, time, strlen(time));
	f->sex = intern_column(&s.ic_sex, sex, strlen(sex));
	f->country = c->country >= 0 ? intern_column(&s.ic_country, field[c->country], strlen(field[c->country])) : "";
	f->level = c->level >= 0 ? intern_column(&s.ic_level, field[c->level], strlen(field[c->level])) : "";
	f->cell = f->inline_cell;
	f->n = 0;
	f->cap = FRAME_CELLS;
	tuple_add(&s.frames, h, id, is_frame, &want);
	return f;
}

/* What is wrong with a row's flag or value, told only after the frame is
 * checked: a second observation is named first. */
struct parsed {
	size_t bad_flag;	/* flags_parse's answer */
	enum num_error bad_value;
};

/* A cell of the current row under key (interned), not yet in a frame. */
static void
cell_parse(const struct tsv_reader *r, const struct cols *c, int den, const char *key,
    const char *code, struct cell *cell, struct parsed *p)
{
	size_t vlen = r->flen[c->value];
	double x;
	int dec;

	memset(cell, 0, sizeof *cell);
	p->bad_flag = 0;
	p->bad_value = NUM_OK;
	cell->den = (unsigned char)den;
	cell->file = r->name;
	cell->line = r->line;
	cell->code = key;
	cell->group = c->group >= 0 && r->flen[c->group] > 0 ?
	    intern_column(&s.ic_group, r->field[c->group], r->flen[c->group]) : intern(code);
	if (c->flag >= 0 && (p->bad_flag = flags_parse(r->field[c->flag], r->flen[c->flag], &cell->flags)) != 0)
		return;
	if (vlen == 0)
		return;	/* missing: kept, so that its flags travel */
	if ((p->bad_value = num_parse(r->field[c->value], vlen, &x)) != NUM_OK)
		return;
	if (cell->flags & s.exclude)
		return;	/* --exclude-flags: treated as missing, flags kept */
	cell->has = 1;
	cell->v = x;
	dec = num_decimals(r->field[c->value], vlen);
	cell->dec = (signed char)(dec > 15 ? 15 : dec);	/* num_format prints at most 15 */
	if (vlen < sizeof cell->as.text)
		memcpy(cell->as.text, r->field[c->value], vlen + 1);
	else {
		cell->as.longtext = arena_strndup(&s.values, r->field[c->value], vlen);
		cell->islong = 1;
	}
}

/* Stores cell, parsed from a row (its fields, its line of file), in f; a
 * second observation of the same cell is an error naming both lines. */
static int
store(const char *file, unsigned long line, char *const *field, const struct cols *c, struct frame *f,
    const struct cell *cell, const struct parsed *p, const char *code, const char *what)
{
	const struct cell *old;

	if ((old = cell_find(f, cell->code, cell->den)) != NULL) {
		diag_warn_at(file, line, "a second observation of %s %s %s %s %s%s (the first at %s:%lu)",
		    what, f->geo, f->time, f->sex, code, cell->den ? " (denominator)" : "",
		    old->file, old->line);
		return EXIT_DATA;
	}
	if (f->n == f->cap) {	/* the old cells stay where they are until the end */
		struct cell *prev = f->cell;

		f->cap *= 2;
		f->cell = arena_alloc(&s.cells, f->cap * sizeof *f->cell);
		memcpy(f->cell, prev, f->n * sizeof *f->cell);
	}
	f->cell[f->n++] = *cell;	/* a bad flag or value too: its group still has a row */
	if (p->bad_flag != 0) {
		diag_warn_at(file, line, "column 'flag': '%c' is not a Eurostat flag (%s)",
		    field[c->flag][p->bad_flag - 1], FLAGS_KNOWN);
		return EXIT_DATA;
	}
	if (p->bad_value != NUM_OK) {
		diag_warn_at(file, line, "column 'value': \"%s\" %s", field[c->value], num_strerror(p->bad_value));
		return EXIT_DATA;
	}
	return 0;
}

/*
 * Rows are read in batches: each row's cells are parsed and their frames'
 * hash slots fetched, then the batch's frames are fetched, then the cells
 * stored. Finding a frame is a cache miss whatever the order of the rows;
 * a batch has many under way at once instead of one after the other.
 * Nothing is reported while a batch is read (the reader is quiet), so
 * messages still come in the order of the lines.
 */
#define BATCH 64

struct batch_row {
	char **field;	/* a copy, in batch.text */
	unsigned long line;
};

struct batch_cell {
	size_t row, entry;
	uint64_t hash;
	struct cell cell;
	struct parsed p;
};

static struct {
	struct batch_row row[BATCH];
	size_t nrows;
	struct batch_cell *cell;
	size_t ncells, cap;
	struct arena text;
} batch;

/* Parses a cell of the reader's row (its batch.row is batch.nrows) for
 * entry e into the batch; h is its frame's hash. */
static void
batch_add(const struct tsv_reader *r, const struct cols *c, size_t e, int den, const char *key,
    const char *code, uint64_t h)
{
	struct batch_cell *b;

	batch.cell = xgrow(batch.cell, &batch.cap, batch.ncells + 1, sizeof *batch.cell);
	b = &batch.cell[batch.ncells++];
	b->row = batch.nrows;
	b->entry = e;
	b->hash = h;
	cell_parse(r, c, den, key, code, &b->cell, &b->p);
}

/* Stores the batch's cells, in the order of the rows, and empties it. */
static int
batch_store(const char *file, const struct cols *c)
{
	const struct batch_cell *b;
	const struct batch_row *row;
	struct frame *f;
	size_t i, id;
	int st, status = 0;

	for (i = 0; i < batch.ncells; i++)
		if ((id = tuple_guess(&s.frames, batch.cell[i].hash)) != 0)
			frame_prefetch(frame_at(id));
	for (i = 0; i < batch.ncells; i++) {
		b = &batch.cell[i];
		row = &batch.row[b->row];
		f = frame_for(row->field, c, b->entry, b->hash);
		if ((st = store(file, row->line, row->field, c, f, &b->cell, &b->p,
		    row->field[c->gdim[b->entry]], s.cat->entry[b->entry].id)) > status)
			status = st;
	}
	batch.nrows = batch.ncells = 0;
	arena_reset(&batch.text);
	return status;
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
	int st, status = 0, *usable;
	const char *code, *key, *fixed;
	char **copy;
	uint64_t h;
	int numer, denom;

	if ((st = tsv_open(&r, path)) != 0)
		return st;
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
	r.quiet = 1;	/* its messages wait for the rows before them: batch_store */
	for (;;) {
		ts = tsv_next(&r);
		if ((ts != TSV_ROW || batch.nrows == BATCH) && (st = batch_store(r.name, &c)) > status)
			status = st;
		if (ts == TSV_END)
			break;
		if (ts == TSV_FAIL) {
			tsv_report(&r);
			status = EXIT_TROUBLE;
			break;
		}
		if (ts == TSV_BAD) {
			tsv_report(&r);
			if (status < EXIT_DATA)
				status = EXIT_DATA;
			continue;
		}
		s.rows++;
		list = entries_of(r.field[c.source], r.flen[c.source]);
		copy = NULL;
		for (k = 0; list != NULL && k < list->n; k++) {
			i = list->idx[k];
			e = &s.cat->entry[i];
			if (!usable[i] || !matches(&r, &e->select, c.sel[i]))
				continue;
			numer = e->denominator.n == 0 || matches(&r, &e->numerator, c.numer[i]);
			denom = e->denominator.n > 0 && matches(&r, &e->denominator, c.denom[i]);
			if (!numer && !denom)
				continue;
			if (copy == NULL) {
				copy = tsv_row_copy(&r, &batch.text);
				batch.row[batch.nrows].field = copy;
				batch.row[batch.nrows].line = r.line;
			}
			code = r.field[c.gdim[i]];
			key = intern_column(&s.ic_key, code, r.flen[c.gdim[i]]);
			h = frame_hash(r.field, &c, i);
			if (numer)
				batch_add(&r, &c, i, 0, key, code, h);
			if (denom) {
				fixed = fixes(&e->denominator, e->group_dim);
				batch_add(&r, &c, i, 1, fixed != NULL ? s.empty : key, code, h);
			}
			s.matched[i]++;
		}
		if (copy != NULL)
			batch.nrows++;
		else
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

/* One output figure: a group of a frame, or an area or overall mean. */
struct row {
	const char *indicator, *area, *geo, *country, *level, *time, *sex, *group, *ref_group;
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

/* A row's first fields, indicator … sex. */
static void
put_row_head(const struct row *w)
{
	tsv_put_str(&s.out, w->indicator);
	tsv_put_str(&s.out, w->area);
	tsv_put_str(&s.out, w->geo);
	tsv_put_str(&s.out, w->country);
	tsv_put_str(&s.out, w->level);
	tsv_put_str(&s.out, w->time);
	tsv_put_str(&s.out, w->sex);
}

/* The fields of put_row_head in wire form, in s.head: the same for every row
 * of a frame, so escaped once a frame, not once a row. */
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

static void
put_row(const struct row *w)
{
	put_row_head(w);
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

/* A frame's place in the output: the ranks of its indicator, geo, time and
 * sex. Sorting these touches no frame and no text. */
struct frame_key {
	uint32_t rank[4];
	const struct frame *f;
};

static int
cmp_frame_key(const void *pa, const void *pb)
{
	const struct frame_key *a = pa, *b = pb;
	int k;

	for (k = 0; k < 4; k++)
		if (a->rank[k] != b->rank[k])
			return a->rank[k] < b->rank[k] ? -1 : 1;
	return 0;
}

static unsigned
bits_for(uint32_t n)
{
	unsigned b = 0;

	while (b < 32 && (n >> b) != 0)
		b++;
	return b;
}

/*
 * Sorts n frame keys, entry ranks below nentries and text ranks below
 * ntexts. When the four ranks fit in 64 bits (a few thousand distinct
 * codes: always, for NUTS regions and years), a radix sort of them, a byte
 * at a time; qsort's comparisons were a tenth of score's time. Else qsort.
 */
static void
sort_frame_keys(struct frame_key *k, size_t n, uint32_t nentries, uint32_t ntexts)
{
	struct packed {
		uint64_t key;
		const struct frame *f;
	} *a, *b, *t;
	unsigned eb = bits_for(nentries), tb = bits_for(ntexts), total = eb + 3 * tb, shift;
	size_t count[257], i;

	if (total > 64 || n < 2) {
		if (n > 1)
			qsort(k, n, sizeof *k, cmp_frame_key);
		return;
	}
	a = xcalloc(n, sizeof *a);
	b = xcalloc(n, sizeof *b);
	for (i = 0; i < n; i++) {
		assert(k[i].rank[0] < nentries && k[i].rank[1] < ntexts && k[i].rank[2] < ntexts &&
		    k[i].rank[3] < ntexts);
		a[i].key = (uint64_t)k[i].rank[0] << 3 * tb | (uint64_t)k[i].rank[1] << 2 * tb |
		    (uint64_t)k[i].rank[2] << tb | k[i].rank[3];
		a[i].f = k[i].f;
	}
	for (shift = 0; shift < total; shift += 8) {	/* stable, least significant byte first */
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(a[i].key >> shift & 0xff) + 1]++;
		for (i = 1; i < 257; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n; i++)
			b[count[a[i].key >> shift & 0xff]++] = a[i];
		t = a, a = b, b = t;
	}
	for (i = 0; i < n; i++)
		k[i].f = a[i].f;	/* the ranks are not needed again */
	free(a);
	free(b);
}

static int
cmp_slot_key(const void *pa, const void *pb)
{
	return strcmp((*(struct strmap_slot *const *)pa)->key, (*(struct strmap_slot *const *)pb)->key);
}

/* Numbers every interned text by its place in strcmp order, in its slot's
 * value: the ranks of text_rank. Interning more invalidates them. */
static void
rank_texts(void)
{
	struct strmap_slot **t = xcalloc(s.text.len + 1, sizeof *t);
	size_t i, n = 0;

	for (i = 0; i < s.text.cap; i++)
		if (s.text.slots[i].key != NULL)
			t[n++] = &s.text.slots[i];
	assert(n == s.text.len && n < UINT32_MAX);
	qsort(t, n, sizeof *t, cmp_slot_key);
	for (i = 0; i < n; i++)
		t[i]->value = (void *)(uintptr_t)i;
	free(t);
}

/* The rank of an interned text, remembered by its address: the frames' geo,
 * time and sex repeat. */
static uint32_t
text_rank(const char *text)
{
	static struct {
		const char *text;
		uint32_t rank;
	} memo[4096];
	size_t k = (size_t)(((uintptr_t)text * 0x9e3779b97f4a7c15ULL) >> 52);

	if (memo[k].text != text) {
		memo[k].text = text;
		memo[k].rank = (uint32_t)(uintptr_t)strmap_get(&s.text, text, strlen(text));
	}
	return memo[k].rank;
}

/* The rows of one frame, by group. */
static int
cmp_group(const void *pa, const void *pb)
{
	return cmp_str(((const struct row *)pa)->group, ((const struct row *)pb)->group);
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
		refgroup = ref->group;
		if (e->denominator.n == 0) {
			has_ref = ref->has;
			refv = ref->v;
			refdec = ref->dec;
			reftext = cell_text(ref);
		} else if ((d = cell_find(f, fixed != NULL ? s.empty : s.reference[f->entry], 1)) != NULL) {
			refflags |= d->flags;
			has_ref = ref->has && d->has && d->v != 0;
			refv = has_ref ? 100 * ref->v / d->v : 0;
		}
	}
	for (i = 0; i < f->n; i++) {
		n = &f->cell[i];
		if (n->den)
			continue;
		if (fixed != NULL && strcmp(n->code, fixed) == 0)
			continue;	/* the denominator's own group: its share is 100 by definition */
		memset(&w, 0, sizeof w);
		w.indicator = e->id;
		w.area = e->area;
		w.geo = f->geo;
		w.country = f->country;
		w.level = f->level;
		w.time = f->time;
		w.sex = f->sex;
		w.group = n->group;
		w.ref_group = refgroup != NULL ? refgroup : e->reference;
		w.polarity = e->polarity;
		w.entry = f->entry;
		w.flags = n->flags | refflags;
		w.has_value = n->has;
		w.value = n->v;
		w.value_text = e->denominator.n == 0 ? cell_text(n) : NULL;
		w.ref_text = reftext;
		w.dec = e->denominator.n == 0 && n->dec >= 0 && refdec >= 0 ? (n->dec > refdec ? n->dec : refdec) : -1;
		if (e->denominator.n > 0) {
			d = cell_find(f, fixed != NULL ? s.empty : n->code, 1);
			w.has_value = d != NULL && n->has && d->has && d->v != 0;
			w.value = w.has_value ? 100 * n->v / d->v : 0;
			if (d != NULL)
				w.flags |= d->flags;
		}
		w.has_ref = has_ref;
		w.ref = refv;
		if (strcmp(n->code, e->reference) != 0 && w.has_value && w.has_ref)
			w.has_score = parity(e->polarity, w.value, w.ref, &w.score);
		add_row(&w);
	}
	if (nrows > first)
		qsort(rows + first, nrows - first, sizeof *rows, cmp_group);
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

static int
cmp_mean(const void *pa, const void *pb)
{
	const struct mean *a = pa, *b = pb;
	size_t k;
	int c;

	for (k = 0; k < 6; k++)
		if ((c = strcmp(a->part[k], b->part[k])) != 0)
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
		if (strcmp(mean_table[id - 1].part[k], part[k]) != 0)
			return 0;
	return 1;
}

static void
area_rows(size_t first, size_t last)
{
	struct tuple_index m;
	struct mean *means = NULL, *mm;
	size_t nmeans = 0, cap = 0, i, j, k, defined, ndims = 0, id;
	char cov[64];
	const char *part[6];
	const struct catalogue_entry *e;
	uint64_t h;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		/* pass 0: indicators → areas; pass 1: areas → overall */
		tuple_index_init(&m, 1024);
		nmeans = 0;
		for (i = first; i < last; i++) {
			const struct row *w = &rows[i];

			/* every figure that could be scored opens its area, scored or not:
			 * an area without a score gets a row with an empty one, never 0 */
			if (pass == 0 && (w->polarity == '0' || strcmp(w->group, w->ref_group) == 0))
				continue;
			part[0] = pass == 0 ? w->area : "";
			part[1] = w->geo;
			part[2] = w->time;
			part[3] = w->sex;
			part[4] = w->group;
			part[5] = s.cat->entry[w->entry].group_dim;
			h = tuple_hash(part, 6);
			mean_table = means;
			if ((id = tuple_find(&m, h, is_mean, part)) == 0) {
				means = xgrow(means, &cap, nmeans + 1, sizeof *means);
				mm = &means[nmeans];
				memset(mm, 0, sizeof *mm);
				mm->w = *w;
				mm->w.flags = 0;
				memcpy(mm->part, part, sizeof part);
				id = ++nmeans;
				mean_table = means;
				tuple_add(&m, h, id, is_mean, part);
			}
			mm = &means[id - 1];
			if (w->has_score) {
				mm->sum += w->score;
				mm->n++;
				mm->w.flags |= w->flags;
			}
		}
		if (nmeans > 0)
			qsort(means, nmeans, sizeof *means, cmp_mean);
		for (j = 0; j < nmeans; j++) {
			mm = &means[j];
			/* how many components the catalogue defines for this group's dimension */
			defined = 0;
			if (pass == 0) {
				for (k = 0; k < s.cat->n; k++) {
					e = &s.cat->entry[k];
					if (e->polarity != '0' && strcmp(e->area, mm->w.area) == 0 &&
					    strcmp(e->group_dim, s.cat->entry[mm->w.entry].group_dim) == 0)
						defined++;
				}
			} else {
				const char *seen[64];

				ndims = 0;
				for (k = 0; k < s.cat->n; k++) {
					size_t q;

					e = &s.cat->entry[k];
					if (e->polarity == '0' ||
					    strcmp(e->group_dim, s.cat->entry[mm->w.entry].group_dim) != 0)
						continue;
					for (q = 0; q < ndims && strcmp(seen[q], e->area) != 0; q++)
						;
					if (q == ndims && ndims < 64)
						seen[ndims++] = e->area;
				}
				defined = ndims;
			}
			snprintf(cov, sizeof cov, "%zu/%zu", mm->n, defined);
			mm->w.coverage = xstrdup(cov);
			mm->w.indicator = pass == 0 ? NULL : "overall";
			mm->w.has_value = mm->w.has_ref = 0;
			mm->w.has_score = mm->n > 0;
			mm->w.score = mm->n > 0 ? mm->sum / (double)mm->n : 0;
			mm->w.polarity = 'A';
			if (pass == 1)
				mm->w.area = "";
			add_row(&mm->w);
			if (pass == 0) {
				char *name = xmalloc(strlen(mm->w.area) + 6);

				sprintf(name, "area:%s", mm->w.area);
				rows[nrows - 1].indicator = name;
			}
		}
		tuple_index_free(&m);
		if (pass == 0) {
			first = last;
			last = nrows;
		}
	}
	free(means);
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
	struct frame_key *keys;
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
	tuple_index_init(&s.frames, 1024);
	strmap_init(&s.text);
	arena_init(&s.values);
	arena_init(&s.cells);
	strmap_init(&s.by_source);
	s.matched = xcalloc(s.cat->n + 1, sizeof *s.matched);
	s.reference = xcalloc(s.cat->n + 1, sizeof *s.reference);
	s.entry_hash = xcalloc(s.cat->n + 1, sizeof *s.entry_hash);
	for (i = 0; i < s.cat->n; i++) {
		s.reference[i] = intern(s.cat->entry[i].reference);
		s.entry_hash[i] = tuple_part_hash(s.cat->entry[i].id);
	}
	s.empty = intern("");
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
	rank_texts();
	keys = xcalloc(s.nframes + 1, sizeof *keys);
	for (i = 0; i < s.nframes; i++) {
		const struct frame *f = frame_at(i + 1);

		keys[i].rank[0] = (uint32_t)s.entry_rank[f->entry];
		keys[i].rank[1] = text_rank(f->geo);
		keys[i].rank[2] = text_rank(f->time);
		keys[i].rank[3] = text_rank(f->sex);
		keys[i].f = f;
	}
	sort_frame_keys(keys, s.nframes, (uint32_t)s.cat->n, (uint32_t)s.text.len);

	tsv_writer_fdopen(&s.out, 1, "stdout");
	for (i = 0; i < sizeof header / sizeof *header; i++)
		tsv_put_str(&s.out, header[i]);
	if (s.areas)
		tsv_put_str(&s.out, "coverage");
	tsv_end_row(&s.out);
	/* without -a a frame's rows go out as they are made: no table of them all */
	for (i = 0, nind = 0; i < s.nframes; i++) {
		if (i + 8 < s.nframes)	/* sorted, the frames are all over memory: fetched ahead */
			frame_prefetch(keys[i + 8].f);
		frame_rows(keys[i].f);
		if (!s.areas && nrows > 0) {
			make_head(&rows[0]);
			for (j = 0; j < nrows; j++) {
				tsv_put_raw_fields(&s.out, s.head, s.headlen);
				put_row_tail(&rows[j]);
			}
			nind += nrows;
			nrows = 0;
		}
	}
	if (s.areas) {
		nind = nrows;
		area_rows(0, nind);
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
	for (i = nind; i < nrows; i++) {
		free((char *)rows[i].coverage);
		if (strncmp(rows[i].indicator, "area:", 5) == 0)
			free((char *)rows[i].indicator);
	}
	free(rows);
	free(s.matched);
	free(s.reference);
	free(s.entry_hash);
	free(s.head);
	free(batch.cell);
	arena_free(&batch.text);
	tuple_index_free(&s.frames);
	strmap_free(&s.text, NULL);
	arena_free(&s.values);
	free(s.entry_rank);
	free(keys);
	for (i = 0; i * FRAME_CHUNK < s.nframes; i++)
		free(s.chunk[i]);
	free(s.chunk);
	arena_free(&s.cells);
	strmap_free(&s.by_source, free_list);
	catalogue_free(s.cat);
	return status;
}
