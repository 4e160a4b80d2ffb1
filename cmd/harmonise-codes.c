/*
 * mipexr-harmonise-codes: obs TSV to harmonised TSV (SPEC §4). geo becomes a
 * code of one NUTS version, whatever version or spelling it came in; the
 * birth or citizenship code becomes a group (SPEC §6). Nothing is guessed and
 * nothing unmatched passes silently: each code that is not simply current is
 * said once, at the end, with its number of rows and the place of the first.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "flags.h"
#include "groups.h"
#include "nuts.h"
#include "opt.h"
#include "strmap.h"
#include "tsv.h"

enum unmatched { UNMATCHED_FAIL, UNMATCHED_REJECT, UNMATCHED_KEEP };

static const char usage_text[] =
	"[-hv] [--nuts 2024|2021|2016|2013|2010] [--level N] [--on-split=fail|keep]\n"
	"[--unmatched=fail|reject|keep] [--rejects FILE] [--aliases FILE] [--max-errors N] [file ...]";

/* What became of the rows of one code or one kind of fault. */
enum fate { REFUSED, REJECTED, KEPT_UNMATCHED, KEPT_SPLIT, RECODED };

/* A code or a kind of fault, said once at the end: why, what became of its
 * rows, how many, and where the first was. Made at its first row: the list
 * of them is in the order of their first rows. */
struct fault {
	char *why;
	enum fate fate;
	char code[16];		/* KEPT_SPLIT: the code kept */
	unsigned long rows;
	char *place;
};

/* What a distinct geo value resolved to, computed once. */
struct resolved {
	struct nuts_match m;
	char country[3];
	char level[4];
	struct fault *fault;	/* NULL until a row of it needs a word */
};

static struct {
	struct nuts *nuts;
	struct groups *groups;
	struct strmap cache;	/* geo as written → struct resolved */
	struct strmap group_faults;	/* column NUL code → struct fault */
	struct fault *both;	/* rows with a c_birth and a citizen code */
	struct fault **faults;
	size_t nfaults, faultcap;
	int target, level, keep_split;
	enum unmatched unmatched;
	const char *rejects_path;
	struct tsv_writer out, rejects;
	int rejects_open;
	unsigned long max_errors, refused, rows, written, rejected, kept, split_kept;
	int verbose;
	char **header;		/* the first file's columns, NULL-terminated */
} h = { .target = 2024, .level = -1, .max_errors = 20 };

static void
free_resolved(void *p)
{
	free(p);
}

/* A fault first met at the current row: why is copied, the place is the
 * row's origin or its line. Owned by h.faults (say_faults frees it). */
static struct fault *
new_fault(const struct tsv_reader *r, int origin, enum fate fate, const char *why)
{
	struct fault *f = xcalloc(1, sizeof *f);
	char place[1024];

	f->why = xstrdup(why);
	f->fate = fate;
	f->place = xstrdup(tsv_place(r, origin, place, sizeof place));
	h.faults = xgrow(h.faults, &h.faultcap, h.nfaults + 1, sizeof *h.faults);
	h.faults[h.nfaults++] = f;
	return f;
}

/* Counts the current row against *slot, made at the first. */
static struct fault *
count_fault(struct fault **slot, const struct tsv_reader *r, int origin, enum fate fate, const char *why)
{
	if (*slot == NULL)
		*slot = new_fault(r, origin, fate, why);
	(*slot)->rows++;
	return *slot;
}

/* Every fault, in the order of its first row, as "why; N rows FATE". */
static void
say_faults(void)
{
	static const char *const fates[] = { "refused", "rejected", "kept unmatched", "kept as", "recoded" };
	struct fault *f;
	size_t i;

	for (i = 0; i < h.nfaults; i++) {
		f = h.faults[i];
		diag_warn_at(f->place, 0, "%s%s; %lu row%s %s%s%s%s", f->fate == REFUSED ? "" : "warning: ", f->why,
		    f->rows, f->rows == 1 ? "" : "s", fates[f->fate], f->fate == KEPT_SPLIT ? " " : "",
		    f->fate == KEPT_SPLIT ? f->code : "", f->fate == KEPT_SPLIT ? ", flagged d" : "");
		free(f->why);
		free(f->place);
		free(f);
	}
	free(h.faults);
	h.faults = NULL;
	h.nfaults = h.faultcap = 0;
}

/* Why a geo value is said: the match's message, after the value as given
 * when that is a name (the message names its code). */
static void
geo_why(const char *geo, const struct nuts_match *m, char *buf, size_t cap)
{
	size_t n = strlen(geo);

	if (m->status == NUTS_UNKNOWN || m->status == NUTS_AMBIGUOUS ||
	    (strncmp(m->message, geo, n) == 0 && m->message[n] == ' '))
		snprintf(buf, cap, "%s", m->message);
	else
		snprintf(buf, cap, "\"%.100s\": %s", geo, m->message);
}

static struct resolved *
resolve(const char *geo, size_t n)
{
	int added;
	void **v = strmap_put(&h.cache, geo, n, &added);
	struct resolved *r;
	char why[sizeof r->m.message + 128];
	size_t len;

	if (!added)
		return *v;
	r = xcalloc(1, sizeof *r);
	nuts_resolve(h.nuts, geo, h.target, h.level, &r->m);
	if ((r->m.status != NUTS_OK && r->m.status != NUTS_AGGREGATE) || r->m.boundary) {
		geo_why(geo, &r->m, why, sizeof why);
		if ((len = strlen(why)) >= sizeof r->m.message)
			for (len = sizeof r->m.message - 1; (why[len] & 0xc0) == 0x80; len--)
				;	/* cut, at a character: it is long already */
		memcpy(r->m.message, why, len);
		r->m.message[len] = '\0';
	}
	if (r->m.status == NUTS_OK || r->m.status == NUTS_SPLIT) {
		memcpy(r->country, r->m.code, 2);
		snprintf(r->level, sizeof r->level, "%d", r->m.level);
	} else if (r->m.status == NUTS_AGGREGATE)
		strcpy(r->level, "agg");
	*v = r;
	return r;
}

static void
reject(const struct tsv_reader *r, const char *why)
{
	h.rejected++;
	tsv_put_bytes(&h.rejects, r->raw, r->rawlen);
	tsv_put_bytes(&h.rejects, "\t", 1);
	tsv_put_field(&h.rejects, why, strlen(why));
	tsv_end_row(&h.rejects);
}

static enum fate
unmatched_fate(void)
{
	return h.unmatched == UNMATCHED_FAIL ? REFUSED : h.unmatched == UNMATCHED_REJECT ? REJECTED :
	    KEPT_UNMATCHED;
}

/* A row that cannot be harmonised: refused, rejected or kept, per
 * --unmatched, and counted against *slot (its code or kind of fault, said
 * once with why). The caller counts a kept row once, however many of its
 * codes are unmatched. */
static int
unmatched(const struct tsv_reader *r, int origin, struct fault **slot, const char *why)
{
	count_fault(slot, r, origin, unmatched_fate(), why);
	switch (h.unmatched) {
	case UNMATCHED_FAIL:
		h.refused++;
		return 0;
	case UNMATCHED_REJECT:
		reject(r, why);
		return 0;
	case UNMATCHED_KEEP:
		return 1;
	}
	return 0;
}

/* The fault of an unknown group code, one per column and code; why is made
 * at the first row of it. */
static struct fault *
group_fault(const struct tsv_reader *r, int origin, const char *column, int dim)
{
	char key[256], why[320];
	size_t cn = strlen(column), n = r->flen[dim];
	int added;
	void **v;

	if (cn + 1 + n > sizeof key)
		n = sizeof key - cn - 1;	/* codes that long are told apart by their first 200 bytes */
	memcpy(key, column, cn + 1);
	memcpy(key + cn + 1, r->field[dim], n);
	v = strmap_put(&h.group_faults, key, cn + 1 + n, &added);
	if (added) {
		snprintf(why, sizeof why, "column '%s': unknown group code \"%.200s\"", column, r->field[dim]);
		*v = new_fault(r, origin, unmatched_fate(), why);
	}
	return *v;
}

static void
put_row(const struct tsv_reader *r, int geo, int flag, const char *code, const char *level,
    const char *country, const char *group, flagset extra)
{
	size_t i;
	char buf[27];
	flagset f;

	if (extra == 0 && strcmp(code, r->field[geo]) == 0)
		/* geo as it came and no flag added: the line as read, in wire form already */
		tsv_put_raw_fields(&h.out, r->raw, r->rawlen);
	else
		for (i = 0; i < r->ncols; i++) {
			if ((int)i == geo)
				tsv_put_str(&h.out, code);
			else if ((int)i == flag && extra != 0 && flags_parse(r->field[i], r->flen[i], &f) == 0)
				tsv_put_wire(&h.out, buf, flags_format(flags_union(f, extra), buf));
			else
				tsv_put_field(&h.out, r->field[i], r->flen[i]);
		}
	tsv_put_field(&h.out, r->field[geo], r->flen[geo]);
	tsv_put_str(&h.out, level);
	tsv_put_str(&h.out, country);
	tsv_put_str(&h.out, group);
	tsv_end_row(&h.out);
	h.written++;
}

static int
same_header(const struct tsv_reader *r)
{
	size_t i;

	for (i = 0; i < r->ncols && h.header[i] != NULL; i++)
		if (strcmp(h.header[i], r->names[i]) != 0)
			return 0;
	return i == r->ncols && h.header[i] == NULL;
}

static int
harmonise(const char *path, int first)
{
	static const char *const added[] = { "geo_source", "nuts_level", "country", "group" };
	struct tsv_reader r;
	struct resolved *res;
	struct fault *gf;
	const char *group, *dimname;
	int geo, flag, birth, citizen, origin, dim, st, status = 0, kept;
	size_t i;
	enum tsv_status ts;

	if ((st = tsv_open(&r, path)) != 0)
		return st;
	for (i = 0; i < 4; i++)
		if (tsv_column(&r, added[i]) >= 0) {
			diag_warn_at(r.name, 1, "column '%s' is there already: the input is harmonised", added[i]);
			tsv_close(&r);
			return EXIT_DATA;
		}
	if ((geo = tsv_column(&r, "geo")) < 0) {
		diag_warn_at(r.name, 1, "no column 'geo' (obs TSV from mipexr-normalise has one)");
		tsv_close(&r);
		return EXIT_DATA;
	}
	flag = tsv_column(&r, "flag");
	origin = tsv_column(&r, "origin");
	/* several datasets in one table: a row has a c_birth or a citizen code */
	birth = tsv_column(&r, "c_birth");
	citizen = tsv_column(&r, "citizen");
	if (!first && !same_header(&r)) {
		diag_warn_at(r.name, 1, "the columns differ from the first file's: harmonise it on its own");
		tsv_close(&r);
		return EXIT_DATA;
	}
	if (first) {
		h.header = xcalloc(r.ncols + 1, sizeof *h.header);
		for (i = 0; i < r.ncols; i++)
			h.header[i] = xstrdup(r.names[i]);
		for (i = 0; i < r.ncols; i++)
			tsv_put_str(&h.out, r.names[i]);
		for (i = 0; i < 4; i++)
			tsv_put_str(&h.out, added[i]);
		tsv_end_row(&h.out);
		if (h.rejects_open) {
			for (i = 0; i < r.ncols; i++)
				tsv_put_str(&h.rejects, r.names[i]);
			tsv_put_str(&h.rejects, "error");
			tsv_end_row(&h.rejects);
		}
	}
	while ((ts = tsv_next(&r)) != TSV_END) {
		if (ts == TSV_FAIL) {
			status = EXIT_TROUBLE;
			break;
		}
		if (ts == TSV_BAD) {
			status = EXIT_DATA;
			continue;
		}
		h.rows++;
		res = resolve(r.field[geo], r.flen[geo]);
		group = "";
		kept = 0;
		dim = birth >= 0 && r.flen[birth] > 0 ? birth : citizen >= 0 && r.flen[citizen] > 0 ? citizen : -1;
		dimname = dim == birth ? "c_birth" : "citizen";
		if (dim == birth && citizen >= 0 && r.flen[citizen] > 0) {
			if (!unmatched(&r, origin, &h.both, "both a c_birth and a citizen code: which one makes the group?"))
				continue;
			kept = 1;
		} else if (dim >= 0 && (group = groups_lookup(h.groups, dimname, r.field[dim])) == NULL) {
			gf = group_fault(&r, origin, dimname, dim);
			if (!unmatched(&r, origin, &gf, gf->why))
				continue;
			group = "";
			kept = 1;
		}
		switch (res->m.status) {
		case NUTS_OK:
		case NUTS_AGGREGATE:
			if (res->m.boundary)
				count_fault(&res->fault, &r, origin, RECODED, res->m.message);
			put_row(&r, geo, flag, res->m.code, res->level, res->country, group, 0);
			h.kept += (unsigned long)kept;
			break;
		case NUTS_SPLIT:
			if (h.keep_split) {
				/* kept under its old code, flagged d (definition differs) */
				if (count_fault(&res->fault, &r, origin, KEPT_SPLIT, res->m.message)->rows == 1)
					snprintf(res->fault->code, sizeof res->fault->code, "%s", res->m.code);
				h.split_kept++;
				put_row(&r, geo, flag, res->m.code, res->level, res->country, group,
				    1u << ('d' - 'a'));
				h.kept += (unsigned long)kept;
				break;
			}
			/* FALLTHROUGH */
		default:
			if (unmatched(&r, origin, &res->fault, res->m.message)) {
				put_row(&r, geo, flag, r.field[geo], "", "", group, 0);
				h.kept++;
			}
			break;
		}
	}
	if (r.nbad > 0 && status == 0)
		status = EXIT_DATA;
	tsv_close(&r);
	return status;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "nuts", required_argument, NULL, 'n' },
		{ "level", required_argument, NULL, 'l' },
		{ "on-split", required_argument, NULL, 's' },
		{ "unmatched", required_argument, NULL, 'u' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "aliases", required_argument, NULL, 'a' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *aliases = NULL;
	int ch, i, st, status = 0;

	opt_init(argv[0], usage_text);
	while ((ch = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n': h.target = opt_nuts(optarg, "--nuts"); break;
		case 'l': h.level = (int)opt_count(optarg, "--level", 3); break;
		case 's':
			if (strcmp(optarg, "keep") == 0)
				h.keep_split = 1;
			else if (strcmp(optarg, "fail") != 0)
				diag_die(EXIT_TROUBLE, "--on-split=%s: fail or keep", optarg);
			break;
		case 'u':
			if (strcmp(optarg, "fail") == 0)
				h.unmatched = UNMATCHED_FAIL;
			else if (strcmp(optarg, "reject") == 0)
				h.unmatched = UNMATCHED_REJECT;
			else if (strcmp(optarg, "keep") == 0)
				h.unmatched = UNMATCHED_KEEP;
			else
				diag_die(EXIT_TROUBLE, "--unmatched=%s: fail, reject or keep", optarg);
			break;
		case 'r': h.rejects_path = optarg; break;
		case 'a': aliases = optarg; break;
		case 'm': h.max_errors = diag_cap_parse(optarg, "--max-errors"); break;
		case 'v': h.verbose = 1; break;
		case 'h': opt_help();
		default: opt_usage();
		}
	}
	argv = opt_files(&argc, argv, 0);
	if ((h.unmatched == UNMATCHED_REJECT) != (h.rejects_path != NULL))
		diag_die(EXIT_TROUBLE, "--unmatched=reject and --rejects FILE go together");
	diag_cap(h.max_errors);
	h.nuts = nuts_load();
	if (aliases != NULL && nuts_add_aliases(h.nuts, aliases) != 0)
		return EXIT_TROUBLE;
	h.groups = groups_load();
	strmap_init(&h.cache);
	strmap_init(&h.group_faults);
	tsv_writer_fdopen(&h.out, 1, "stdout");
	if (h.rejects_path != NULL) {
		if (tsv_writer_open(&h.rejects, h.rejects_path) == -1)
			diag_die_errno(EXIT_TROUBLE, "%s", h.rejects_path);
		h.rejects_open = 1;
	}
	for (i = 0; i < argc; i++) {
		st = harmonise(argv[i], i == 0);
		if (st > status)
			status = st;
	}
	if (h.refused > 0 && status < EXIT_DATA)
		status = EXIT_DATA;
	say_faults();
	diag_cap_end();
	if (h.verbose || h.rejected > 0 || h.kept > 0 || h.refused > 0)
		diag_warn("%lu rows, %lu written, %lu unmatched and refused, %lu rejected, %lu kept unmatched, "
		    "%lu split regions kept", h.rows, h.written, h.refused, h.rejected, h.kept, h.split_kept);
	if (h.rejects_open)
		tsv_writer_close(&h.rejects);
	tsv_writer_close(&h.out);
	strmap_free(&h.cache, free_resolved);
	strmap_free(&h.group_faults, NULL);
	for (i = 0; h.header != NULL && h.header[i] != NULL; i++)
		free(h.header[i]);
	free(h.header);
	groups_free(h.groups);
	nuts_free(h.nuts);
	return status;
}
