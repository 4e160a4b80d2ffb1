#define PCRE2_CODE_UNIT_WIDTH 8

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "datadir.h"
#include "diag.h"
#include "nuts.h"
#include "strmap.h"
#include "tsv.h"
#include "utf8.h"

const int nuts_versions[NUTS_VERSIONS] = { 2010, 2013, 2016, 2021, 2024 };

/* One code, in every version that has it. */
struct nuts_code {
	unsigned versions;	/* bit i: nuts_versions[i] */
	int level;
	char *name[NUTS_VERSIONS];
	char *latn[NUTS_VERSIONS];
	/* what became of it after version i: successors, kind */
	char **succ[NUTS_VERSIONS];
	size_t nsucc[NUTS_VERSIONS];
	char *change[NUTS_VERSIONS];
	/* regions of version i + 1 with its name, not its territory: said, never taken */
	char **same[NUTS_VERSIONS];
	size_t nsame[NUTS_VERSIONS];
};

/* The codes a folded name (or an alias) stands for. */
struct nuts_names {
	char **codes;
	size_t n;
};

struct nuts_regex {
	pcre2_code *re;
	char *code;
};

struct nuts {
	struct strmap codes;	/* code → struct nuts_code */
	struct strmap names;	/* folded name → struct nuts_names */
	struct nuts_regex *regex;
	size_t nregex;
	pcre2_match_data *md;
};

int
nuts_version_index(const char *s)
{
	int i, v;

	if (strlen(s) != 4 || strspn(s, "0123456789") != 4)
		return -1;
	v = atoi(s);
	for (i = 0; i < NUTS_VERSIONS; i++)
		if (nuts_versions[i] == v)
			return i;
	return -1;
}

static struct nuts_code *
code_of(const struct nuts *t, const char *code)
{
	return strmap_get(&t->codes, code, strlen(code));
}

static void
add_name(struct nuts *t, const char *name, const char *code)
{
	size_t n = strlen(name), i;
	char *folded = xmalloc(n + 1);
	struct nuts_names *e;
	int added;
	void **v;

	n = utf8_fold(name, n, folded);
	if (n > 0) {
		v = strmap_put(&t->names, folded, n, &added);
		if (added)
			*v = xcalloc(1, sizeof(struct nuts_names));
		e = *v;
		for (i = 0; i < e->n && strcmp(e->codes[i], code) != 0; i++)
			;
		if (i == e->n) {
			e->codes = xrealloc(e->codes, (e->n + 1) * sizeof *e->codes);
			e->codes[e->n++] = xstrdup(code);
		}
	}
	free(folded);
}

/* Opens a table and finds its columns; exits 2 on any fault. */
static void
open_table(struct tsv_reader *r, const char *path, const char *const *cols, int *idx, size_t ncols)
{
	size_t i;

	if (tsv_open(r, path) != 0)
		exit(EXIT_TROUBLE);
	for (i = 0; i < ncols; i++)
		if ((idx[i] = tsv_column(r, cols[i])) < 0)
			diag_die(EXIT_TROUBLE, "%s: no column '%s'", path, cols[i]);
}

static int
next_row(struct tsv_reader *r)
{
	enum tsv_status st = tsv_next(r);

	if (st == TSV_BAD || st == TSV_FAIL)
		exit(EXIT_TROUBLE);
	return st == TSV_ROW;
}

static void
load_regions(struct nuts *t)
{
	static const char *const cols[] = { "code", "version", "level", "name", "name_latn" };
	char *path = data_path("nuts_regions.tsv");
	struct tsv_reader r;
	struct nuts_code *c;
	int idx[5], vi, added;
	void **v;

	open_table(&r, path, cols, idx, 5);
	while (next_row(&r)) {
		if ((vi = nuts_version_index(r.field[idx[1]])) < 0)
			diag_die(EXIT_TROUBLE, "%s:%lu: unknown NUTS version %s", path, r.line, r.field[idx[1]]);
		v = strmap_put(&t->codes, r.field[idx[0]], r.flen[idx[0]], &added);
		if (added)
			*v = xcalloc(1, sizeof(struct nuts_code));
		c = *v;
		c->versions |= 1u << vi;
		c->level = atoi(r.field[idx[2]]);
		c->name[vi] = xstrdup(r.field[idx[3]]);
		c->latn[vi] = xstrdup(r.field[idx[4]]);
		add_name(t, r.field[idx[3]], r.field[idx[0]]);
		add_name(t, r.field[idx[4]], r.field[idx[0]]);
	}
	tsv_close(&r);
	free(path);
}

/* The classes of data/nuts_changes.tsv (scripts/build-nuts-data). */
static int
known_change(const char *s)
{
	static const char *const known[] = { "recoded", "relabelled", "recoded-relabelled", "boundary",
		"split", "merged", "discontinued", "same-name" };
	size_t i;

	for (i = 0; i < sizeof known / sizeof *known; i++)
		if (strcmp(s, known[i]) == 0)
			return 1;
	return 0;
}

static void
load_changes(struct nuts *t)
{
	static const char *const cols[] = { "from", "code", "successor", "change" };
	char *path = data_path("nuts_changes.tsv");
	struct tsv_reader r;
	struct nuts_code *c;
	int idx[4], vi;

	open_table(&r, path, cols, idx, 4);
	while (next_row(&r)) {
		vi = nuts_version_index(r.field[idx[0]]);
		c = code_of(t, r.field[idx[1]]);
		if (vi < 0 || c == NULL || !(c->versions >> vi & 1))
			diag_die(EXIT_TROUBLE, "%s:%lu: %s is not a code of NUTS %s", path, r.line,
			    r.field[idx[1]], r.field[idx[0]]);
		if (!known_change(r.field[idx[3]]))
			diag_die(EXIT_TROUBLE, "%s:%lu: unknown change '%s'", path, r.line, r.field[idx[3]]);
		if (strcmp(r.field[idx[3]], "same-name") == 0) {
			c->same[vi] = xrealloc(c->same[vi], (c->nsame[vi] + 1) * sizeof *c->same[vi]);
			c->same[vi][c->nsame[vi]++] = xstrdup(r.field[idx[2]]);
			continue;
		}
		if (c->change[vi] == NULL)
			c->change[vi] = xstrdup(r.field[idx[3]]);
		if (r.flen[idx[2]] > 0) {
			c->succ[vi] = xrealloc(c->succ[vi], (c->nsucc[vi] + 1) * sizeof *c->succ[vi]);
			c->succ[vi][c->nsucc[vi]++] = xstrdup(r.field[idx[2]]);
		}
	}
	tsv_close(&r);
	free(path);
}

static int
load_aliases(struct nuts *t, const char *path)
{
	static const char *const cols[] = { "name", "code", "kind" };
	struct tsv_reader r;
	int idx[3], err;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];
	pcre2_code *re;

	if (tsv_open(&r, path) != 0)
		return EXIT_TROUBLE;
	if (tsv_columns(&r, cols, idx, 3, "an alias file has name, code, kind") != 0) {
		tsv_close(&r);
		return EXIT_TROUBLE;
	}
	for (;;) {
		enum tsv_status st = tsv_next(&r);

		if (st == TSV_END)
			break;
		if (st != TSV_ROW)
			goto fail;
		if (code_of(t, r.field[idx[1]]) == NULL) {
			diag_warn_at(r.name, r.line, "alias of an unknown NUTS code '%s'", r.field[idx[1]]);
			goto fail;
		}
		if (strcmp(r.field[idx[2]], "name") == 0) {
			add_name(t, r.field[idx[0]], r.field[idx[1]]);
			continue;
		}
		if (strcmp(r.field[idx[2]], "regex") != 0) {
			diag_warn_at(r.name, r.line, "kind '%s' is neither name nor regex", r.field[idx[2]]);
			goto fail;
		}
		re = pcre2_compile((PCRE2_SPTR)r.field[idx[0]], r.flen[idx[0]],
		    PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED | PCRE2_ENDANCHORED, &err, &off, NULL);
		if (re == NULL) {
			pcre2_get_error_message(err, msg, sizeof msg);
			diag_warn_at(r.name, r.line, "pattern \"%s\": %s at offset %zu", r.field[idx[0]],
			    (char *)msg, (size_t)off);
			goto fail;
		}
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);	/* where JIT is there; fine without */
		t->regex = xrealloc(t->regex, (t->nregex + 1) * sizeof *t->regex);
		t->regex[t->nregex].re = re;
		t->regex[t->nregex++].code = xstrdup(r.field[idx[1]]);
	}
	tsv_close(&r);
	return 0;
fail:
	tsv_close(&r);
	return EXIT_TROUBLE;
}

struct nuts *
nuts_load(void)
{
	struct nuts *t = xcalloc(1, sizeof *t);
	char *path;

	strmap_init(&t->codes);
	strmap_init(&t->names);
	load_regions(t);
	load_changes(t);
	path = data_path("aliases.tsv");
	if (load_aliases(t, path) != 0)
		exit(EXIT_TROUBLE);
	free(path);
	t->md = pcre2_match_data_create(1, NULL);
	return t;
}

int
nuts_add_aliases(struct nuts *t, const char *path)
{
	return load_aliases(t, path);
}

static void
free_code(void *p)
{
	struct nuts_code *c = p;
	size_t i, j;

	for (i = 0; i < NUTS_VERSIONS; i++) {
		free(c->name[i]);
		free(c->latn[i]);
		free(c->change[i]);
		for (j = 0; j < c->nsucc[i]; j++)
			free(c->succ[i][j]);
		free(c->succ[i]);
		for (j = 0; j < c->nsame[i]; j++)
			free(c->same[i][j]);
		free(c->same[i]);
	}
	free(c);
}

static void
free_names(void *p)
{
	struct nuts_names *e = p;
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->codes[i]);
	free(e->codes);
	free(e);
}

void
nuts_free(struct nuts *t)
{
	size_t i;

	strmap_free(&t->codes, free_code);
	strmap_free(&t->names, free_names);
	for (i = 0; i < t->nregex; i++) {
		pcre2_code_free(t->regex[i].re);
		free(t->regex[i].code);
	}
	free(t->regex);
	pcre2_match_data_free(t->md);
	free(t);
}

const char *
nuts_label(const struct nuts *t, const char *code)
{
	const struct nuts_code *c = code_of(t, code);
	int i;

	for (i = NUTS_VERSIONS - 1; c != NULL && i >= 0; i--)
		if (c->versions >> i & 1)
			return c->name[i];
	return NULL;
}

int
nuts_level_of(const struct nuts *t, const char *code)
{
	const struct nuts_code *c = code_of(t, code);

	return c != NULL ? c->level : -1;
}

int
nuts_is_aggregate(const char *s)
{
	size_t i = 0;

	if (strcmp(s, "EU") == 0 || strcmp(s, "EA") == 0 || strcmp(s, "EFTA") == 0 || strcmp(s, "EEA") == 0)
		return 1;
	if (strncmp(s, "EU", 2) != 0 && strncmp(s, "EA", 2) != 0 && strncmp(s, "EEA", 3) != 0)
		return 0;
	i = s[1] == 'E' ? 3 : 2;
	if (s[i] < '0' || s[i] > '9')
		return 0;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (s[i] == '_')	/* EU27_2020 */
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			;
	return s[i] == '\0';
}

/* Appends to m->message (at len) the codes of list, ", " between them. */
static size_t
append_codes(struct nuts_match *m, size_t len, char *const *list, size_t n)
{
	size_t k;

	for (k = 0; k < n && len < sizeof m->message; k++)
		len += (size_t)snprintf(m->message + len, sizeof m->message - len, "%s%s", k > 0 ? ", " : "",
		    list[k]);
	return len;
}

/* Follows code from its newest version before target to target. Messages
 * name code as given; a code it became on the way is said beside it. at
 * (16 bytes, or NULL) gets the code the region had where it stopped: the
 * target code, or the one that was split, merged or discontinued. */
static void
recode(const struct nuts *t, const char *code, int target, struct nuts_match *m, char *at)
{
	const struct nuts_code *c = code_of(t, code);
	int ti, vi, i, since = 0;
	char cur[16], who[48];
	size_t len;

	assert(c != NULL);
	for (ti = 0; ti < NUTS_VERSIONS && nuts_versions[ti] != target; ti++)
		;
	assert(ti < NUTS_VERSIONS);
	snprintf(cur, sizeof cur, "%s", code);
	if (at != NULL)
		snprintf(at, 16, "%s", code);
	m->boundary = 0;
	m->level = c->level;
	if (c->versions >> ti & 1) {
		m->status = NUTS_OK;
		snprintf(m->code, sizeof m->code, "%s", code);
		return;
	}
	for (vi = ti - 1; vi >= 0 && !(c->versions >> vi & 1); vi--)
		;
	if (vi < 0) {
		/* the first version that has it, after the target */
		for (i = ti + 1; !(c->versions >> i & 1); i++)
			;
		m->status = NUTS_NEWER;
		snprintf(m->code, sizeof m->code, "%s", code);
		snprintf(m->message, sizeof m->message, "%s is a NUTS %d code, not in NUTS %d", code,
		    nuts_versions[i], target);
		return;
	}
	for (; vi < ti; vi++) {
		c = code_of(t, cur);
		if (c->change[vi] == NULL)
			continue;	/* unchanged into the next version */
		if (strcmp(cur, code) == 0)
			snprintf(who, sizeof who, "%s", code);
		else
			snprintf(who, sizeof who, "%s (%s from NUTS %d)", code, cur, since);
		/* a relabel is the same region under a new name (and maybe a new code): no word */
		if (strcmp(c->change[vi], "recoded") == 0 || strcmp(c->change[vi], "boundary") == 0 ||
		    strcmp(c->change[vi], "relabelled") == 0 || strcmp(c->change[vi], "recoded-relabelled") == 0) {
			if (strcmp(c->change[vi], "boundary") == 0 && m->boundary) {
				len = strlen(m->message);
				snprintf(m->message + len, sizeof m->message - len, ", then %s in NUTS %d with another",
				    c->succ[vi][0], nuts_versions[vi + 1]);
			} else if (strcmp(c->change[vi], "boundary") == 0) {
				m->boundary = 1;
				snprintf(m->message, sizeof m->message,
				    "%s became %s in NUTS %d with a boundary shift", who, c->succ[vi][0],
				    nuts_versions[vi + 1]);
			}
			if (strcmp(cur, c->succ[vi][0]) != 0)
				since = nuts_versions[vi + 1];
			snprintf(cur, sizeof cur, "%s", c->succ[vi][0]);
			continue;
		}
		m->status = NUTS_SPLIT;
		snprintf(m->code, sizeof m->code, "%s", code);
		if (at != NULL)
			snprintf(at, 16, "%s", cur);
		if (c->nsucc[vi] == 0)
			len = (size_t)snprintf(m->message, sizeof m->message, "%s was discontinued in NUTS %d", who,
			    nuts_versions[vi + 1]);
		else {
			len = (size_t)snprintf(m->message, sizeof m->message, "%s was %s into ", who,
			    strcmp(c->change[vi], "split") == 0 ? "split" : "merged");
			len = append_codes(m, len, c->succ[vi], c->nsucc[vi]);
			if (len < sizeof m->message)
				len += (size_t)snprintf(m->message + len, sizeof m->message - len, " in NUTS %d",
				    nuts_versions[vi + 1]);
		}
		if (c->nsame[vi] > 0 && len < sizeof m->message) {
			len += (size_t)snprintf(m->message + len, sizeof m->message - len, " (");
			len = append_codes(m, len, c->same[vi], c->nsame[vi]);
			if (len < sizeof m->message)
				snprintf(m->message + len, sizeof m->message - len, " %s the same name but not the "
				    "same territory)", c->nsame[vi] > 1 ? "have" : "has");
		}
		return;
	}
	m->status = NUTS_OK;
	snprintf(m->code, sizeof m->code, "%s", cur);
	if (at != NULL)
		snprintf(at, 16, "%s", cur);
	m->level = code_of(t, cur)->level;
}

int
nuts_code_form(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || n > 5 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z')
		return 0;
	for (i = 2; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

/* "ES_Z", "ES_ZZ": a country code, an underscore and Z's */
static int
extra_regio_typo(const struct nuts *t, const char *s)
{
	char country[3];
	size_t n = strlen(s), i;

	if (n < 4 || n > 6 || s[2] != '_')
		return 0;
	for (i = 3; i < n; i++)
		if (s[i] != 'Z')
			return 0;
	memcpy(country, s, 2);
	country[2] = '\0';
	return nuts_code_form(country, 2) && nuts_level_of(t, country) == 0;
}

/* "did you mean ES51 Cataluña?" for the name nearest to folded, if near. */
static void
suggest(const struct nuts *t, const char *geo, const char *folded, size_t n, int level, struct nuts_match *m)
{
	size_t i, d, best = (size_t)-1, limit = n / 4 > 2 ? n / 4 : 2;
	const char *bestcode = NULL;
	const struct strmap_slot *s;
	const struct nuts_names *e;

	for (i = 0; i < t->names.cap; i++) {
		s = &t->names.slots[i];
		if (s->key == NULL)
			continue;
		e = s->value;
		if (level >= 0 && nuts_level_of(t, e->codes[0]) != level)
			continue;
		/* the distance is at least the difference of the lengths: most names need no more */
		if ((s->klen > n ? s->klen - n : n - s->klen) > limit)
			continue;
		d = strmap_distance(folded, n, s->key, s->klen);
		/* ties go to the smaller code, so that the message never depends on hash order */
		if (d < best || (d == best && bestcode != NULL && strcmp(e->codes[0], bestcode) < 0)) {
			best = d;
			bestcode = e->codes[0];
		}
	}
	if (bestcode != NULL && best <= limit)
		snprintf(m->message, sizeof m->message, "no NUTS region named \"%.100s\" (did you mean %s %s?)",
		    geo, bestcode, nuts_label(t, bestcode));
	else
		snprintf(m->message, sizeof m->message, "no NUTS region named \"%.100s%s\"", geo,
		    strlen(geo) > 100 ? "…" : "");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The newest version that has code (a known one). */
static int
newest_version(const struct nuts *t, const char *code)
{
	const struct nuts_code *c = code_of(t, code);
	int i;

	for (i = NUTS_VERSIONS - 1; i > 0 && !(c->versions >> i & 1); i--)
		;
	return nuts_versions[i];
}

/* The codes (at most 64, into cand) that name stands for: its folded form
 * among the names and aliases, then the regex aliases; returns how many. */
static size_t
named(const struct nuts *t, const char *name, char **cand)
{
	size_t n = strlen(name), i, ncand = 0;
	char *folded = xmalloc(n + 1);
	const struct nuts_names *e;

	n = utf8_fold(name, n, folded);
	if ((e = strmap_get(&t->names, folded, n)) != NULL)
		for (i = 0; i < e->n && ncand < 64; i++)
			cand[ncand++] = e->codes[i];
	for (i = 0; i < t->nregex && ncand < 64; i++)
		if (pcre2_match(t->regex[i].re, (PCRE2_SPTR)name, strlen(name), 0, 0, t->md, NULL) >= 0)
			cand[ncand++] = t->regex[i].code;
	free(folded);
	return ncand;
}

/* A name written inverted, as a list sorts it ("Madrid, Comunidad de",
 * "Balears, Illes", "Rioja, La": INE's style), put back in reading order
 * ("Comunidad de Madrid"); NULL when name has not exactly one comma with
 * words on both sides. The caller frees the result. */
static char *
uninvert(const char *name)
{
	const char *comma = strchr(name, ','), *y;
	size_t nx, ny;
	char *out;

	if (comma == NULL || strchr(comma + 1, ',') != NULL)
		return NULL;
	for (nx = (size_t)(comma - name); nx > 0 && name[nx - 1] == ' '; nx--)
		;
	for (y = comma + 1; *y == ' '; y++)
		;
	for (ny = strlen(y); ny > 0 && y[ny - 1] == ' '; ny--)
		;
	if (nx == 0 || ny == 0)
		return NULL;
	out = xmalloc(nx + ny + 2);
	memcpy(out, y, ny);
	out[ny] = ' ';
	memcpy(out + ny + 1, name, nx);
	out[nx + ny + 1] = '\0';
	return out;
}

/* The message for a name of regions of other levels than the one asked
 * for: which regions, of which level, and what to give instead. */
static void
other_level(const struct nuts *t, const char *geo, int level, char *const *cand, size_t ncand,
    struct nuts_match *m)
{
	size_t len, i, k, nseen = 0;
	char *seen[64], *sorted[64];
	int lv = -1, one_level = 1;

	for (i = 0; i < ncand; i++) {
		for (k = 0; k < nseen && strcmp(seen[k], cand[i]) != 0; k++)
			;
		if (k == nseen)
			seen[nseen++] = cand[i];
	}
	memcpy(sorted, seen, nseen * sizeof *sorted);
	qsort(sorted, nseen, sizeof *sorted, cmp_str);
	len = (size_t)snprintf(m->message, sizeof m->message, "no level-%d region named \"%.100s\": it names",
	    level, geo);
	for (i = 0; i < nseen && len < sizeof m->message; i++) {
		if (i > 0 && nuts_level_of(t, sorted[i]) != lv)
			one_level = 0;
		lv = nuts_level_of(t, sorted[i]);
		len += (size_t)snprintf(m->message + len, sizeof m->message - len, "%s the level-%d region %s %s",
		    i > 0 ? "," : "", lv, sorted[i], nuts_label(t, sorted[i]));
	}
	if (len < sizeof m->message)
		snprintf(m->message + len, sizeof m->message - len, one_level ?
		    " (give its code, or --level %d)" : " (give its code)", lv);
}

void
nuts_resolve(const struct nuts *t, const char *geo, int target, int level, struct nuts_match *m)
{
	size_t n = strlen(geo), i, j, ncand, nother, len;
	int same_level;
	char ver[24], at[16];
	char *folded, *inverted, *cand[64], *target_code[64];
	struct nuts_match one;

	memset(m, 0, sizeof *m);
	m->level = -1;
	if (nuts_is_aggregate(geo)) {
		m->status = NUTS_AGGREGATE;
		snprintf(m->code, sizeof m->code, "%s", geo);
		return;
	}
	if (nuts_code_form(geo, strlen(geo)) && code_of(t, geo) != NULL) {
		recode(t, geo, target, m, NULL);
		return;
	}
	folded = xmalloc(n + 1);
	n = utf8_fold(geo, n, folded);
	ncand = named(t, geo, cand);
	if (ncand == 0 && (inverted = uninvert(geo)) != NULL) {
		ncand = named(t, inverted, cand);
		free(inverted);
	}
	/* keep the candidates of the level asked for, each region once: by the code it
	 * has in the target version, or had where it was split (ZZ1 of 2010 recoded to
	 * ZZ2, split later, is ZZ2) */
	for (i = 0, j = 0; i < ncand; i++) {
		size_t k;

		if (level >= 0 && nuts_level_of(t, cand[i]) != level)
			continue;
		recode(t, cand[i], target, &one, at);
		for (k = 0; k < j && strcmp(target_code[k], at) != 0; k++)
			;
		if (k < j)
			continue;
		target_code[j] = xstrdup(at);
		cand[j++] = cand[i];
	}
	nother = ncand;
	ncand = j;
	if (ncand == 0) {
		m->status = NUTS_UNKNOWN;
		if (nother > 0)
			other_level(t, geo, level, cand, nother, m);
		else if (extra_regio_typo(t, geo))
			/* "ES_Z" is no Eurostat code; the nearest name would be a guess */
			snprintf(m->message, sizeof m->message, "\"%s\" is not a NUTS code; the extra-regio "
			    "codes of %.2s are %.2sZ, %.2sZZ and %.2sZZZ (NUTS 1, 2, 3)", geo, geo, geo, geo, geo);
		else if (nuts_code_form(geo, strlen(geo)) && strpbrk(geo, "0123456789") != NULL) {
			/* a code no version has: a region's name near it would be a guess */
			len = (size_t)snprintf(m->message, sizeof m->message, "\"%s\" is no NUTS code of", geo);
			for (i = 0; i < NUTS_VERSIONS; i++)
				len += (size_t)snprintf(m->message + len, sizeof m->message - len, "%s %d",
				    i == 0 ? "" : i == NUTS_VERSIONS - 1 ? " or" : ",", nuts_versions[i]);
		} else
			suggest(t, geo, folded, n, level, m);
	} else if (ncand == 1) {
		recode(t, cand[0], target, m, NULL);
	} else {
		m->status = NUTS_AMBIGUOUS;
		qsort(target_code, ncand, sizeof *target_code, cmp_str);
		len = (size_t)snprintf(m->message, sizeof m->message, "\"%.100s\" names %zu regions:", geo, ncand);
		for (i = 0, same_level = 0; i < ncand && len < sizeof m->message; i++) {
			/* a code that cannot be taken to the target: say whose it is */
			recode(t, target_code[i], target, &one, NULL);
			if (one.status != NUTS_OK)
				snprintf(ver, sizeof ver, ", NUTS %d", newest_version(t, target_code[i]));
			else
				ver[0] = '\0';
			len += (size_t)snprintf(m->message + len, sizeof m->message - len, "%s %s (level %d%s)",
			    i > 0 ? "," : "", target_code[i], nuts_level_of(t, target_code[i]), ver);
			for (j = 0; j < i; j++)
				same_level |= nuts_level_of(t, target_code[j]) == nuts_level_of(t, target_code[i]);
		}
		/* regions of one level under one name are regions of different versions */
		if (len < sizeof m->message)
			snprintf(m->message + len, sizeof m->message - len, "; %s",
			    same_level ? "give its code" : "choose one with --level");
	}
	for (i = 0; i < ncand; i++)
		free(target_code[i]);
	free(folded);
}
