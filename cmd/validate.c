/*
 * mipexr-validate: checks any stage's TSV against a schema (built in per
 * stage, or a user's file): types, required columns, PCRE2 patterns, ranges,
 * code lists, a unique key. Valid rows go out byte for byte; each kind of
 * fault (a column's check, a duplicate key, a malformed line) is told once,
 * with its first row and how many rows have it, and every invalid row is kept
 * with all its problems in --rejects. Exit 0 all valid, 1 some invalid, 2
 * trouble, as cmp and diff do. -s answers checks a region's policy answers
 * against a questionnaire besides (-c, or data/policy/questionnaire.tsv).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "opt.h"
#include "policy.h"
#include "schema.h"
#include "strmap.h"
#include "tally.h"
#include "tsv.h"

static const char usage_text[] =
	"-s obs|harmonised|scored|compared|SCHEMA [-hv] [--rejects FILE] [--max-errors N] [file ...]\n"
	"-s answers [-c QUESTIONNAIRE] [-hv] [--rejects FILE] [--max-errors N] [file ...]";

static struct {
	struct schema *schema;
	struct tsv_writer out, rejects;
	int rejects_open, verbose;
	unsigned long rows, invalid;
	struct strmap keys;	/* the unique key of every valid row so far → its first row */
	struct arena first;	/* with an origin column: each key's first row (struct first) */
	char **header;		/* the first file's columns */
	size_t nheader;
	struct tally faults;	/* each kind told once, in the order of its first row */
	size_t *by_check;	/* field × schema_fault → kind index + 1 */
	size_t duplicate;	/* the duplicate keys' kind index + 1 */
	struct strmap by_reader;	/* a reader's message → kind index + 1 */
	struct questionnaire *policy;	/* -s answers: what they answer */
	struct strmap by_policy;	/* an unknown indicator, or a question's bad answers → kind + 1 */
} v;

/* A key's first row, where the input has an origin column: its line here,
 * for --rejects, and its place in the user's file, for messages. */
struct first {
	unsigned long line;
	char place[];
};

/* Whether a row of the kind *slot is told by its place: the first of its
 * kind, or one of the next few (tally_more). */
static int
wants_place(size_t slot)
{
	return slot == 0 || v.faults.kind[slot - 1].nmore < TALLY_MORE;
}

/* Counts a row with a fault of the kind *slot (index + 1; 0: a new kind, told
 * as text). place may be NULL when !wants_place. */
static void
count_kind(size_t *slot, const char *place, const char *text)
{
	struct tally_kind *k = tally_count(&v.faults, slot, v.rows, place);

	if (k->n == 1)
		tally_text(k, "%s", text);
}

static void
free_kinds(void)
{
	tally_free(&v.faults);
	free(v.by_check);
	strmap_free(&v.by_reader, NULL);
	strmap_free(&v.by_policy, NULL);
}

/* -s answers: the row's indicator and answer against the questionnaire;
 * a fault is counted (one kind an unknown indicator, one a question's bad
 * answers) and its text returned, or NULL. */
static const char *
check_answer(const struct tsv_reader *r, int ind, int ans, int origin)
{
	char place[512];
	const struct policy_question *pq;
	const struct policy_option *opt;
	enum policy_fault pf;
	const char *why;
	char key[1024];
	void **slot;
	size_t k;
	int added, n;

	why = policy_check(v.policy, r->field[ind], r->flen[ind], r->field[ans], r->flen[ans], &pf, &pq, &opt);
	if (why == NULL)
		return NULL;
	n = snprintf(key, sizeof key, "%c%s", pf == PF_UNKNOWN ? 'i' : 'a', pf == PF_UNKNOWN ? r->field[ind] : pq->id);
	slot = strmap_put(&v.by_policy, key, n < (int)sizeof key ? (size_t)n : sizeof key - 1, &added);
	k = (size_t)*slot;
	count_kind(&k, wants_place(k) ? tsv_place(r, origin, place, sizeof place) : NULL, why);
	*slot = (void *)k;
	return why;
}

/* Appends "; " and a problem to the row's error text. */
static void
add_error(char **err, size_t *len, size_t *cap, const char *text)
{
	size_t n = strlen(text);

	*err = xgrow(*err, cap, *len + n + 3, 1);
	if (*len > 0) {
		memcpy(*err + *len, "; ", 2);
		*len += 2;
	}
	memcpy(*err + *len, text, n + 1);
	*len += n;
}

/* The row's key as text for people: its fields with spaces between them. */
static const char *
key_text(const char *key, size_t klen, char *buf, size_t cap)
{
	size_t i, n = klen > 0 ? klen - 1 : 0;	/* each field ends with a TAB */

	if (n >= cap)
		n = cap - 1;
	for (i = 0; i < n; i++)
		buf[i] = key[i] == '\t' || key[i] == '\n' ? ' ' : key[i];
	buf[n] = '\0';
	return buf;
}

/* The columns of r's header: each schema field's in col, the unique key's
 * in inkey (both allocated here, for the caller to free); a required or key
 * column missing, or a header other than the first file's, is told and
 * returns EXIT_DATA. */
static int
bind_header(const struct tsv_reader *r, int first, int **colp, int **inkeyp)
{
	struct schema *s = v.schema;
	int *col, *inkey, status = 0;
	size_t i, j;

	*colp = col = xcalloc(s->n + 1, sizeof *col);
	for (i = 0; i < s->n; i++) {
		col[i] = tsv_column(r, s->field[i].column);
		if (col[i] < 0 && s->field[i].required) {
			diag_warn_at(r->name, 1, "no column '%s' (schema %s)", s->field[i].column, s->name);
			status = EXIT_DATA;
		}
	}
	/* the key's columns: named, or every column but those named */
	*inkeyp = inkey = xcalloc(r->ncols + 1, sizeof *inkey);
	for (j = 0; j < r->ncols; j++) {
		int named = 0;

		for (i = 0; i < s->nkey; i++)
			if (strcmp(s->key[i], r->names[j]) == 0)
				named = 1;
		inkey[j] = s->key_rest ? !named : named;
	}
	for (i = 0; i < s->nkey && !s->key_rest; i++)
		if (tsv_column(r, s->key[i]) < 0) {
			diag_warn_at(r->name, 1, "no column '%s' of the unique key", s->key[i]);
			status = EXIT_DATA;
		}
	if (!first) {
		for (j = 0; j < r->ncols && j < v.nheader && strcmp(r->names[j], v.header[j]) == 0; j++)
			;
		if (j != r->ncols || j != v.nheader) {
			diag_warn_at(r->name, 1, "the columns differ from the first file's: validate it on its own");
			status = EXIT_DATA;
		}
	}
	return status;
}

/* The first file's header: kept, and written to the output and the rejects. */
static void
put_headers(const struct tsv_reader *r)
{
	size_t j;

	v.nheader = r->ncols;
	v.header = xcalloc(r->ncols, sizeof *v.header);
	for (j = 0; j < r->ncols; j++) {
		v.header[j] = xstrdup(r->names[j]);
		tsv_put_str(&v.out, r->names[j]);
	}
	tsv_end_row(&v.out);
	if (v.rejects_open) {
		for (j = 0; j < r->ncols; j++)
			tsv_put_str(&v.rejects, r->names[j]);
		tsv_put_str(&v.rejects, "error");
		tsv_end_row(&v.rejects);
	}
}

/* A line the reader refused: not a row to keep; its kind is the message up to a ':'. */
static void
count_bad_line(const struct tsv_reader *r)
{
	char place[512];
	size_t k;
	void **slot;
	int added;

	v.invalid++;
	slot = strmap_put(&v.by_reader, r->why, strcspn(r->why, ":"), &added);
	k = (size_t)*slot;
	if (wants_place(k))
		snprintf(place, sizeof place, "%s:%lu", r->name, r->why_line);
	count_kind(&k, wants_place(k) ? place : NULL, r->why);
	*slot = (void *)k;
}

/* The row's key (klen bytes, hashed h) claimed for it, or, when an earlier
 * row has it, a duplicate: counted and added to the row's error text. */
static void
claim_key(struct tsv_reader *r, int origin, const char *key, size_t klen, uint64_t h,
    char **err, size_t *len, size_t *cap)
{
	struct schema *s = v.schema;
	struct first *f;
	char buf[1024], place[512], text[1536], shown[512];
	const char *at;
	void **slot;
	int added;

	slot = strmap_put_hashed(&v.keys, key, klen, h, &added);
	if (added) {
		if (origin >= 0) {	/* where it is in the user's file, for messages */
			tsv_place(r, origin, place, sizeof place);
			f = arena_alloc(&v.first, sizeof *f + strlen(place) + 1);
			f->line = r->line;
			strcpy(f->place, place);
			*slot = f;
		} else
			*slot = (void *)(size_t)r->line;
		return;
	}
	f = origin >= 0 ? *slot : NULL;
	if (f != NULL)	/* the first's place in the user's file, in the message and the rejects */
		at = f->place;
	else {
		snprintf(place, sizeof place, "line %lu", (unsigned long)(size_t)*slot);
		at = place;
	}
	snprintf(buf, sizeof buf, "duplicate key: the same %s as %s",
	    s->key_rest ? "dimensions and time" : "key", at);
	text[0] = '\0';
	if (v.duplicate == 0) {	/* told as the first: with the key, and the first's place */
		snprintf(text, sizeof text, "duplicate key: the same %s as %s (%s)",
		    s->key_rest ? "dimensions and time" : "key", at,
		    key_text(key, klen, shown, sizeof shown));
	}
	count_kind(&v.duplicate, wants_place(v.duplicate) ?
	    tsv_place(r, origin, place, sizeof place) : NULL, text);
	add_error(err, len, cap, buf);
}

static int
validate(const char *path, int first)
{
	struct tsv_reader r;
	enum tsv_status st;
	enum schema_fault fault;
	int rc, *col, status = 0, *inkey, origin, placed, ind, ans;
	size_t i, j, len, cap = 0, klen, kcap = 0, *slot_kind;
	uint64_t h = 0;
	char *err = NULL, *key = NULL, buf[1024], place[512];
	const char *why;
	struct schema *s = v.schema;

	if ((rc = tsv_open(&r, path)) != 0)
		return rc == EXIT_DATA ? EXIT_DATA : EXIT_TROUBLE;
	r.quiet = 1;	/* a malformed line is told with the other faults, once a kind */
	origin = tsv_column(&r, "origin");
	ind = tsv_column(&r, "indicator");
	ans = tsv_column(&r, "answer");
	if ((status = bind_header(&r, first, &col, &inkey)) != 0) {
		free(col);
		free(inkey);
		tsv_close(&r);
		return status;
	}
	if (first)
		put_headers(&r);
	while ((st = tsv_next(&r)) != TSV_END) {
		if (st == TSV_FAIL) {
			tsv_report(&r);
			status = EXIT_TROUBLE;
			break;
		}
		v.rows++;
		if (st == TSV_BAD) {
			count_bad_line(&r);
			continue;
		}
		klen = 0;
		if (s->nkey > 0) {	/* the key's slot is fetched while the fields are checked */
			for (j = 0; j < r.ncols; j++) {
				if (!inkey[j])
					continue;
				key = xgrow(key, &kcap, klen + r.flen[j] + 2, 1);
				memcpy(key + klen, r.field[j], r.flen[j]);
				klen += r.flen[j];
				key[klen++] = '\t';
			}
			h = strmap_prefetch(&v.keys, key, klen);
		}
		len = 0;
		placed = 0;
		for (i = 0; i < s->n; i++) {
			if (col[i] < 0)
				continue;
			why = schema_check(s, &s->field[i], r.field[col[i]], r.flen[col[i]], &fault);
			if (why == NULL)
				continue;
			snprintf(buf, sizeof buf, "column '%s': \"%s\" %s", s->field[i].column, r.field[col[i]], why);
			slot_kind = &v.by_check[i * SF_KINDS + fault];
			if (!placed && wants_place(*slot_kind))
				placed = tsv_place(&r, origin, place, sizeof place) != NULL;
			count_kind(slot_kind, placed ? place : NULL, buf);
			add_error(&err, &len, &cap, buf);
		}
		if (v.policy != NULL && ind >= 0 && ans >= 0 && r.flen[ind] > 0 && r.flen[ans] > 0 &&
		    (why = check_answer(&r, ind, ans, origin)) != NULL)
			add_error(&err, &len, &cap, why);
		if (s->nkey > 0 && klen > 0 && len == 0)	/* only valid rows claim a key */
			claim_key(&r, origin, key, klen, h, &err, &len, &cap);
		if (len == 0) {
			tsv_put_bytes(&v.out, r.raw, r.rawlen);
			tsv_put_bytes(&v.out, "\n", 1);
			continue;
		}
		v.invalid++;
		if (v.rejects_open) {
			tsv_put_bytes(&v.rejects, r.raw, r.rawlen);
			tsv_put_bytes(&v.rejects, "\t", 1);
			tsv_put_field(&v.rejects, err, len);
			tsv_end_row(&v.rejects);
		}
	}
	free(err);
	free(key);
	free(col);
	free(inkey);
	tsv_close(&r);
	return status;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "schema", required_argument, NULL, 's' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "catalogue", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *schema = NULL, *rejects = NULL, *questionnaire = NULL;
	unsigned long max_errors = 20;
	int ch, i, st, status = 0;
	size_t j;

	opt_init(argv[0], usage_text);
	while ((ch = getopt_long(argc, argv, "c:hs:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 's': schema = optarg; break;
		case 'r': rejects = optarg; break;
		case 'm': max_errors = diag_cap_parse(optarg, "--max-errors"); break;
		case 'v': v.verbose = 1; break;
		case 'c': questionnaire = optarg; break;
		case 'h': opt_help();
		default: opt_usage();
		}
	}
	argv = opt_files(&argc, argv, 0);
	if (schema == NULL)
		opt_usage();
	if (questionnaire != NULL && strcmp(schema, "answers") != 0)
		diag_die(EXIT_TROUBLE, "-c names the questionnaire of -s answers, not of -s %s", schema);
	if ((v.schema = schema_builtin(schema)) == NULL && (v.schema = schema_load(schema)) == NULL)
		return EXIT_TROUBLE;
	if (strcmp(schema, "answers") == 0 && (v.policy = policy_load(questionnaire)) == NULL) {
		schema_free(v.schema);
		return EXIT_TROUBLE;
	}
	diag_cap(max_errors);
	strmap_init(&v.keys);
	strmap_init(&v.by_reader);
	strmap_init(&v.by_policy);
	tally_init(&v.faults);
	arena_init(&v.first);
	v.by_check = xcalloc(v.schema->n * SF_KINDS + 1, sizeof *v.by_check);
	tsv_writer_fdopen(&v.out, 1, "stdout");
	if (rejects != NULL) {
		if (tsv_writer_open(&v.rejects, rejects) == -1)
			diag_die_errno(EXIT_TROUBLE, "%s", rejects);
		v.rejects_open = 1;
	}
	for (i = 0; i < argc; i++)
		if ((st = validate(argv[i], i == 0)) > status)
			status = st;
	tally_tell(&v.faults);
	diag_cap_end();
	if (v.verbose || v.invalid > 0)
		diag_warn("%lu rows, %lu rejected", v.rows, v.invalid);
	if (v.invalid > 0 && status < EXIT_DATA)
		status = EXIT_DATA;
	if (v.rejects_open)
		tsv_writer_close(&v.rejects);
	tsv_writer_close(&v.out);
	for (j = 0; j < v.nheader; j++)
		free(v.header[j]);
	free(v.header);
	strmap_free(&v.keys, NULL);
	arena_free(&v.first);
	free_kinds();
	schema_free(v.schema);
	policy_free(v.policy);
	return status;
}
