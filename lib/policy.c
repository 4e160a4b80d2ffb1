#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "diag.h"
#include "num.h"
#include "nuts.h"
#include "policy.h"
#include "schema.h"
#include "tally.h"
#include "tsv.h"

static const char *const columns[] = { "indicator", "area", "dimension", "question", "options" };
enum { Q_INDICATOR, Q_AREA, Q_DIMENSION, Q_QUESTION, Q_OPTIONS, Q_COUNT };

/* An id, area, dimension or option key: letters, digits, '_', '-', '.'. */
static int
is_word(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    *s == '_' || *s == '-' || *s == '.'))
			return 0;
	return 1;
}

int
policy_is_questionnaire(const char *path)
{
	struct tsv_reader r;
	int yes;

	if (tsv_open(&r, path) != 0)
		return -1;
	yes = tsv_column(&r, "question") >= 0 && tsv_column(&r, "options") >= 0;
	tsv_close(&r);
	return yes;
}

/* Parses "a=100;b=50;x=na" into pq's options (in q->text). 0, or -1 with
 * the reason in why. */
static int
parse_options(struct questionnaire *q, struct policy_question *pq, const char *s, char *why, size_t cap)
{
	const char *p = s, *end, *eq;
	struct policy_option *o;
	size_t i, cnt = 1, scored = 0;

	if (*s == '\0') {
		snprintf(why, cap, "no options (write KEY=VALUE;KEY=VALUE, each VALUE 0 to 100 or na)");
		return -1;
	}
	for (end = s; *end != '\0'; end++)
		cnt += *end == ';';
	if (end[-1] == ';') {	/* "a=100;b=0;": an empty last option, as ";;" has one inside */
		snprintf(why, cap, "the options end with ';': an empty option (write KEY=VALUE;KEY=VALUE, "
		    "no ';' after the last)");
		return -1;
	}
	pq->opt = arena_alloc(&q->text, cnt * sizeof *pq->opt);
	pq->nopt = 0;
	for (; *p != '\0' || pq->nopt == 0; p = *end == ';' ? end + 1 : end) {
		end = p + strcspn(p, ";");
		eq = memchr(p, '=', (size_t)(end - p));
		o = &pq->opt[pq->nopt];
		if (eq == NULL) {
			snprintf(why, cap, "option \"%.*s\" has no '=' (write KEY=VALUE;KEY=VALUE, each VALUE "
			    "0 to 100 or na)", (int)(end - p), p);
			return -1;
		}
		o->key = arena_strndup(&q->text, p, (size_t)(eq - p));
		o->value = arena_strndup(&q->text, eq + 1, (size_t)(end - eq - 1));
		if (!is_word(o->key)) {
			snprintf(why, cap, "option key \"%s\" is not a word (letters, digits, '_', '-', '.')", o->key);
			return -1;
		}
		for (i = 0; i < pq->nopt; i++)
			if (strcmp(pq->opt[i].key, o->key) == 0) {
				snprintf(why, cap, "option key \"%s\" is given twice", o->key);
				return -1;
			}
		o->na = strcmp(o->value, "na") == 0;
		if (!o->na && (num_parse(o->value, strlen(o->value), &o->x) != NUM_OK || o->x < 0 || o->x > 100)) {
			snprintf(why, cap, "option %s: \"%s\" is not a value from 0 to 100, nor na", o->key, o->value);
			return -1;
		}
		scored += !o->na;
		pq->nopt++;
		if (*end == '\0')
			break;
	}
	if (pq->nopt < 2) {
		snprintf(why, cap, "one option only: a question has two at least");
		return -1;
	}
	if (scored == 0) {
		snprintf(why, cap, "every option is na: nothing to score");
		return -1;
	}
	return 0;
}

/* The index of dimension name in area (both in q->text), added if new.
 * (size_t)-1 with the reason in why when another area has it. */
static size_t
dimension_of(struct questionnaire *q, const char *area, const char *name, unsigned long line, char *why,
    size_t cap)
{
	size_t d, a;

	for (d = 0; d < q->ndim && strcmp(q->dim[d].name, name) != 0; d++)
		;
	if (d < q->ndim) {
		if (strcmp(q->area[q->dim[d].area].name, area) != 0) {
			snprintf(why, cap, "dimension %s is in area %s on line %lu: a dimension belongs to one area",
			    name, q->area[q->dim[d].area].name, q->dim[d].line);
			return (size_t)-1;
		}
		return d;
	}
	for (a = 0; a < q->narea && strcmp(q->area[a].name, area) != 0; a++)
		;
	if (a == q->narea) {
		q->area = xrealloc(q->area, (q->narea + 1) * sizeof *q->area);
		q->area[a].name = area;
		q->area[a].row = arena_alloc(&q->text, strlen(area) + 6);
		sprintf((char *)q->area[a].row, "area:%s", area);
		q->area[a].ndims = 0;
		q->narea++;
	}
	q->area[a].ndims++;
	q->dim = xrealloc(q->dim, (q->ndim + 1) * sizeof *q->dim);
	q->dim[d].name = name;
	q->dim[d].row = arena_alloc(&q->text, strlen(name) + 11);
	sprintf((char *)q->dim[d].row, "dimension:%s", name);
	q->dim[d].area = a;
	q->dim[d].nquestions = 0;
	q->dim[d].line = line;
	q->ndim++;
	return d;
}

/* One row of the questionnaire into q. 0, or -1 with the reason in why. */
static int
load_row(struct questionnaire *q, const struct tsv_reader *r, const int *idx, char *why, size_t cap)
{
	struct policy_question pq = { 0 };
	const char *id = r->field[idx[Q_INDICATOR]];
	char reason[512];
	void **slot;
	size_t k;
	int added;

	pq.line = r->line;
	if (!is_word(id)) {
		snprintf(why, cap, "indicator \"%s\" is not a word of letters, digits, '_', '-' or '.'", id);
		return -1;
	}
	if (strcmp(id, "overall") == 0) {
		snprintf(why, cap, "indicator overall: that is the name of the overall score's rows");
		return -1;
	}
	if (!is_word(r->field[idx[Q_AREA]]) || !is_word(r->field[idx[Q_DIMENSION]])) {
		snprintf(why, cap, "%s: the area and the dimension are words of letters, digits, '_', '-' or '.'",
		    id);
		return -1;
	}
	if (r->flen[idx[Q_QUESTION]] == 0) {
		snprintf(why, cap, "%s: the question is empty", id);
		return -1;
	}
	if ((k = (size_t)strmap_get(&q->by_id, id, strlen(id))) > 0) {
		snprintf(why, cap, "indicator %s is defined twice (first on line %lu)", id, q->q[k - 1].line);
		return -1;
	}
	pq.area = arena_strndup(&q->text, r->field[idx[Q_AREA]], r->flen[idx[Q_AREA]]);
	pq.dimension = arena_strndup(&q->text, r->field[idx[Q_DIMENSION]], r->flen[idx[Q_DIMENSION]]);
	pq.question = arena_strndup(&q->text, r->field[idx[Q_QUESTION]], r->flen[idx[Q_QUESTION]]);
	pq.options = arena_strndup(&q->text, r->field[idx[Q_OPTIONS]], r->flen[idx[Q_OPTIONS]]);
	if (parse_options(q, &pq, pq.options, reason, sizeof reason) != 0) {
		snprintf(why, cap, "%s: %s", id, reason);
		return -1;
	}
	if ((pq.dim = dimension_of(q, pq.area, pq.dimension, r->line, why, cap)) == (size_t)-1)
		return -1;
	slot = strmap_put(&q->by_id, id, strlen(id), &added);
	pq.id = strmap_intern(&q->by_id, id, strlen(id));
	q->dim[pq.dim].nquestions++;
	q->q = xrealloc(q->q, (q->n + 1) * sizeof *q->q);
	q->q[q->n++] = pq;
	*slot = (void *)q->n;
	return 0;
}

struct questionnaire *
policy_load(const char *path)
{
	struct questionnaire *q = xcalloc(1, sizeof *q);
	struct tsv_reader r;
	enum tsv_status st;
	int idx[Q_COUNT], bad = 0, failed = 0;
	char why[1024];
	size_t i, k;

	strmap_init(&q->by_id);
	arena_init(&q->text);
	q->path = path != NULL ? xstrdup(path) : data_path("policy/questionnaire.tsv");
	if (tsv_open(&r, q->path) != 0) {
		policy_free(q);
		return NULL;
	}
	for (i = 0; i < Q_COUNT; i++)
		if ((idx[i] = tsv_column(&r, columns[i])) < 0) {
			diag_warn_at(r.name, 1, "no column '%s' (a questionnaire has the columns %s)", columns[i],
			    POLICY_COLUMNS);
			bad = 1;
		}
	for (i = 0; i < r.ncols; i++) {
		for (k = 0; k < Q_COUNT && strcmp(r.names[i], columns[k]) != 0; k++)
			;
		if (k == Q_COUNT) {
			diag_warn_at(r.name, 1, "unknown column '%s' (a questionnaire has the columns %s)",
			    r.names[i], POLICY_COLUMNS);
			bad = 1;
		}
	}
	while (!bad && (st = tsv_next(&r)) != TSV_END) {
		if (st == TSV_FAIL)
			bad = 1;
		else if (st == TSV_BAD)
			failed = 1;	/* told; the other rows are still checked */
		else if (load_row(q, &r, idx, why, sizeof why) != 0) {
			diag_warn_at(r.name, r.line, "%s", why);
			failed = 1;
		}
	}
	tsv_close(&r);
	if (!bad && !failed && q->n == 0) {
		diag_warn_at(q->path, 0, "no indicator: the questionnaire is empty");
		failed = 1;
	}
	if (bad || failed) {
		policy_free(q);
		return NULL;
	}
	return q;
}

const struct policy_question *
policy_find(const struct questionnaire *q, const char *id, size_t n)
{
	size_t k = (size_t)strmap_get(&q->by_id, id, n);

	return k > 0 ? &q->q[k - 1] : NULL;
}

/* The id nearest to id (n bytes) by edit distance, if near; ties go to the
 * smaller id, so that the message never depends on the file's order. */
static const char *
nearest(const struct questionnaire *q, const char *id, size_t n)
{
	size_t i, d, len, best = (size_t)-1, limit = n / 4 > 2 ? n / 4 : 2;
	const char *found = NULL;

	for (i = 0; i < q->n; i++) {
		len = strlen(q->q[i].id);
		if ((len > n ? len - n : n - len) > limit)
			continue;
		d = strmap_distance(id, n, q->q[i].id, len);
		if (d < best || (d == best && strcmp(q->q[i].id, found) < 0)) {
			best = d;
			found = q->q[i].id;
		}
	}
	return best <= limit ? found : NULL;
}

const char *
policy_check(const struct questionnaire *q, const char *id, size_t idlen, const char *answer, size_t n,
    enum policy_fault *fault, const struct policy_question **pq, const struct policy_option **opt)
{
	static char msg[1024];
	const struct policy_question *p = policy_find(q, id, idlen);
	const char *near;
	size_t i;

	*pq = p;
	if (p == NULL) {
		*fault = PF_UNKNOWN;
		near = nearest(q, id, idlen);
		snprintf(msg, sizeof msg, "column 'indicator': \"%.*s\" is not an indicator of %s%s%s%s",
		    (int)(idlen > 100 ? 100 : idlen), id, q->path, near != NULL ? " (did you mean " : "",
		    near != NULL ? near : "", near != NULL ? "?)" : "");
		return msg;
	}
	for (i = 0; i < p->nopt; i++)
		if (strlen(p->opt[i].key) == n && memcmp(p->opt[i].key, answer, n) == 0) {
			*opt = &p->opt[i];
			return NULL;
		}
	*fault = PF_OPTION;
	snprintf(msg, sizeof msg, "column 'answer': \"%.*s\" is not an option of %s (%s)",
	    (int)(n > 100 ? 100 : n), answer, p->id, p->options);
	return msg;
}

void
policy_free(struct questionnaire *q)
{
	if (q == NULL)
		return;
	free(q->q);
	free(q->dim);
	free(q->area);
	strmap_free(&q->by_id, NULL);
	arena_free(&q->text);
	free(q->path);
	free(q);
}

/* One region and year answered: the option picked for each question. */
struct answered {
	const char *geo, *time, *level;	/* in run.text */
	char country[3];
	int *pick;		/* per question: an option's index, NONE or TWICE */
	const char **first;	/* per question: where its answer is, for a second's message */
};
enum { NONE = -1, TWICE = -2 };

/* A policy row of the output. */
struct policy_row {
	int rank;		/* indicators, then dimensions, areas, overall */
	const char *indicator, *area, *value;	/* value as written; NULL: none */
	const struct answered *at;
	int has_score, aggregate;
	double score;
	size_t n, m;		/* coverage of an aggregate */
};

static struct {
	const struct questionnaire *q;
	struct schema *schema;
	int *col;		/* per schema field, in the current file */
	struct strmap regions;	/* "geo\ttime" → index + 1 in reg */
	char *key;		/* region's */
	size_t keycap;
	struct answered *reg;
	size_t nreg, regcap;
	struct arena text;
	struct tally faults;	/* each kind told once, with its first place */
	size_t *by_check;	/* schema field × schema_fault → kind index + 1 */
	size_t *by_option;	/* per question: its bad answers' kind + 1 */
	struct strmap by_unknown;	/* an unknown indicator → its kind + 1 */
	struct strmap by_reader;	/* a reader's message → its kind + 1 */
	size_t twice;
	unsigned long rows, refused;
	struct policy_row *out;
	size_t nout, outcap;
} run;

/* Counts a fault of the kind *slot at place; its text, when the kind is new. */
static void
fault(size_t *slot, const char *place, const char *fmt, ...)
{
	struct tally_kind *k = tally_count(&run.faults, slot, run.rows, place);
	char text[2048];
	va_list ap;

	if (k->n == 1) {
		va_start(ap, fmt);
		vsnprintf(text, sizeof text, fmt, ap);
		va_end(ap);
		tally_text(k, "%s", text);
	}
}

/* fault, of the kind kept in m under key (n bytes). */
static void
fault_by(struct strmap *m, const char *key, size_t n, const char *place, const char *text)
{
	void **v;
	size_t k;
	int added;

	v = strmap_put(m, key, n, &added);
	k = (size_t)*v;
	fault(&k, place, "%s", text);
	*v = (void *)k;
}

/* The answered region of geo and time, made when new. */
static struct answered *
region(const char *geo, size_t glen, const char *time, size_t tlen)
{
	struct answered *a;
	size_t i;
	void **slot;
	int added;

	run.key = xgrow(run.key, &run.keycap, glen + tlen + 2, 1);
	memcpy(run.key, geo, glen);
	run.key[glen] = '\t';
	memcpy(run.key + glen + 1, time, tlen);
	slot = strmap_put(&run.regions, run.key, glen + 1 + tlen, &added);
	if (!added)
		return &run.reg[(size_t)*slot - 1];
	run.reg = xgrow(run.reg, &run.regcap, run.nreg + 1, sizeof *run.reg);
	a = &run.reg[run.nreg++];
	*slot = (void *)run.nreg;
	a->geo = arena_strndup(&run.text, geo, glen);
	a->time = arena_strndup(&run.text, time, tlen);
	if (nuts_is_aggregate(a->geo)) {	/* as harmonise-codes writes them */
		a->country[0] = '\0';
		a->level = "agg";
	} else {
		memcpy(a->country, geo, 2);
		a->country[2] = '\0';
		a->level = (const char *[]){ "0", "1", "2", "3" }[glen - 2];
	}
	a->pick = arena_alloc(&run.text, (run.q->n + 1) * sizeof *a->pick);
	a->first = arena_alloc(&run.text, (run.q->n + 1) * sizeof *a->first);
	for (i = 0; i < run.q->n; i++)
		a->pick[i] = NONE;
	return a;
}

/* Checks the current row: its fields by the answers schema, then its
 * indicator and answer by the questionnaire. 0 and the question and option
 * of a good row, or -1 with its faults counted. */
static int
check_row(const struct tsv_reader *r, const char *place, const struct policy_question **pq,
    const struct policy_option **opt)
{
	const struct schema *s = run.schema;
	enum schema_fault sf;
	enum policy_fault pf;
	const char *why;
	size_t i;
	int bad = 0, ind = run.col[2], ans = run.col[3];

	for (i = 0; i < s->n; i++) {
		if (run.col[i] < 0)
			continue;
		why = schema_check(run.schema, &s->field[i], r->field[run.col[i]], r->flen[run.col[i]], &sf);
		if (why != NULL) {
			fault(&run.by_check[i * SF_KINDS + sf], place, "column '%s': \"%s\" %s", s->field[i].column,
			    r->field[run.col[i]], why);
			bad = 1;
		}
	}
	if (bad)
		return -1;
	why = policy_check(run.q, r->field[ind], r->flen[ind], r->field[ans], r->flen[ans], &pf, pq, opt);
	if (why == NULL)
		return 0;
	if (pf == PF_UNKNOWN)	/* one message an unknown indicator, one a question's bad answers */
		fault_by(&run.by_unknown, r->field[ind], r->flen[ind], place, why);
	else
		fault(&run.by_option[*pq - run.q->q], place, "%s", why);
	return -1;
}

/* Reads one answers file into run.reg. Its exit status. */
static int
read_answers(const char *path)
{
	static const char *const need[] = { "geo", "time", "indicator", "answer" };
	const struct policy_question *pq;
	const struct policy_option *opt;
	struct answered *a;
	struct tsv_reader r;
	enum tsv_status st;
	char place[512];
	int rc, origin, status = 0;
	size_t i, qi, k;

	if ((rc = tsv_open(&r, path)) != 0)
		return rc == EXIT_DATA ? EXIT_DATA : EXIT_TROUBLE;
	r.quiet = 1;	/* a malformed line is told with the other faults, once a kind */
	for (i = 0; i < sizeof need / sizeof *need; i++)
		if (tsv_column(&r, need[i]) < 0) {
			diag_warn_at(r.name, 1, "no column '%s' (answers have the columns geo time indicator "
			    "answer, and may have source and comment)", need[i]);
			status = EXIT_DATA;
		}
	if (status != 0) {
		tsv_close(&r);
		return status;
	}
	origin = tsv_column(&r, "origin");
	for (i = 0; i < run.schema->n; i++)
		run.col[i] = tsv_column(&r, run.schema->field[i].column);
	while ((st = tsv_next(&r)) != TSV_END) {
		if (st == TSV_FAIL) {
			tsv_report(&r);
			status = EXIT_TROUBLE;
			break;
		}
		run.rows++;
		if (st == TSV_BAD) {	/* its kind is the message up to a ':' */
			run.refused++;
			snprintf(place, sizeof place, "%s:%lu", r.name, r.why_line);
			fault_by(&run.by_reader, r.why, strcspn(r.why, ":"), place, r.why);
			continue;
		}
		tsv_place(&r, origin, place, sizeof place);
		if (check_row(&r, place, &pq, &opt) != 0) {
			run.refused++;
			continue;
		}
		a = region(r.field[run.col[0]], r.flen[run.col[0]], r.field[run.col[1]], r.flen[run.col[1]]);
		qi = (size_t)(pq - run.q->q);
		if (a->pick[qi] == NONE) {
			for (k = 0; &pq->opt[k] != opt; k++)
				;
			a->pick[qi] = (int)k;
			a->first[qi] = arena_strndup(&run.text, place, strlen(place));
			continue;
		}
		run.refused++;
		fault(&run.twice, place, "a second answer to %s for %s %s (the first at %s): neither is scored",
		    pq->id, a->geo, a->time, a->first[qi]);
		a->pick[qi] = TWICE;
	}
	tsv_close(&r);
	return status;
}

static struct policy_row *
add_out(int rank, const char *indicator, const char *area, const struct answered *a)
{
	struct policy_row *w;

	run.out = xgrow(run.out, &run.outcap, run.nout + 1, sizeof *run.out);
	w = &run.out[run.nout++];
	memset(w, 0, sizeof *w);
	w->rank = rank;
	w->indicator = indicator;
	w->area = area;
	w->at = a;
	w->aggregate = rank > 0;
	return w;
}

/* An aggregate's row: the mean of the n scores summed in sum, of m defined. */
static void
add_mean(int rank, const char *indicator, const char *area, const struct answered *a, double sum, size_t n,
    size_t m)
{
	struct policy_row *w = add_out(rank, indicator, area, a);

	w->has_score = n > 0;
	w->score = n > 0 ? sum / (double)n : 0;
	w->n = n;
	w->m = m;
}

/* The rows of one region and year: its answers, then every dimension, area
 * and the overall, each the mean of the scores directly below it. */
static void
region_rows(const struct answered *a, double *dsum, size_t *dn, double *asum, size_t *an)
{
	const struct questionnaire *q = run.q;
	const struct policy_option *o;
	struct policy_row *w;
	double sum = 0;
	size_t i, d, n = 0;

	memset(dsum, 0, q->ndim * sizeof *dsum);
	memset(dn, 0, q->ndim * sizeof *dn);
	memset(asum, 0, q->narea * sizeof *asum);
	memset(an, 0, q->narea * sizeof *an);
	for (i = 0; i < q->n; i++) {
		if (a->pick[i] < 0)
			continue;	/* not answered, or twice: missing */
		o = &q->q[i].opt[a->pick[i]];
		w = add_out(0, q->q[i].id, q->q[i].area, a);
		w->value = o->na ? NULL : o->value;
		w->has_score = !o->na;
		w->score = o->x;
		if (!o->na) {
			dsum[q->q[i].dim] += o->x;
			dn[q->q[i].dim]++;
		}
	}
	for (d = 0; d < q->ndim; d++) {
		add_mean(1, q->dim[d].row, q->area[q->dim[d].area].name, a, dsum[d], dn[d], q->dim[d].nquestions);
		if (dn[d] > 0) {
			asum[q->dim[d].area] += dsum[d] / (double)dn[d];
			an[q->dim[d].area]++;
		}
	}
	for (i = 0; i < q->narea; i++) {
		add_mean(2, q->area[i].row, q->area[i].name, a, asum[i], an[i], q->area[i].ndims);
		if (an[i] > 0) {
			sum += asum[i] / (double)an[i];
			n++;
		}
	}
	add_mean(3, "overall", "", a, sum, n, q->narea);
}

/* Indicators, dimensions, areas, overall; each by name, then geo and time. */
static int
cmp_row(const void *pa, const void *pb)
{
	const struct policy_row *a = pa, *b = pb;
	int c;

	if (a->rank != b->rank)
		return a->rank - b->rank;
	if ((c = strcmp(a->indicator, b->indicator)) != 0)
		return c;
	if ((c = strcmp(a->at->geo, b->at->geo)) != 0)
		return c;
	return strcmp(a->at->time, b->at->time);
}

/* The scored stage's columns (SPEC §4) and coverage, as mipexr-score -a writes them. */
static const char *const header[] = {
	"indicator", "area", "geo", "country", "nuts_level", "time", "sex", "group", "value", "flag",
	"ref_group", "ref_value", "gap", "ratio", "score", "polarity", "coverage"
};

static void
put_row(struct tsv_writer *out, const struct policy_row *w, int decimals)
{
	char cov[48];
	size_t k;

	tsv_put_str(out, w->indicator);
	tsv_put_str(out, w->area);
	tsv_put_str(out, w->at->geo);
	tsv_put_str(out, w->at->country);
	tsv_put_str(out, w->at->level);
	tsv_put_str(out, w->at->time);
	tsv_put_str(out, "T");
	tsv_put_str(out, "policy");
	tsv_put_str(out, w->value != NULL ? w->value : "");
	for (k = 0; k < 5; k++)	/* flag ref_group ref_value gap ratio */
		tsv_put_wire(out, "", 0);
	if (w->has_score)
		tsv_put_number(out, w->score, decimals);
	else
		tsv_put_wire(out, "", 0);
	tsv_put_str(out, "+");
	if (w->aggregate)
		snprintf(cov, sizeof cov, "%zu/%zu", w->n, w->m);
	else
		cov[0] = '\0';
	tsv_put_str(out, cov);
	tsv_end_row(out);
}

/* Writes the header and every region's rows, sorted, on fd 1. */
static void
write_rows(int decimals)
{
	const struct questionnaire *q = run.q;
	struct tsv_writer out;
	double *dsum = xcalloc(q->ndim + 1, sizeof *dsum), *asum = xcalloc(q->narea + 1, sizeof *asum);
	size_t *dn = xcalloc(q->ndim + 1, sizeof *dn), *an = xcalloc(q->narea + 1, sizeof *an), i;

	for (i = 0; i < run.nreg; i++)
		region_rows(&run.reg[i], dsum, dn, asum, an);
	if (run.nout > 0)
		qsort(run.out, run.nout, sizeof *run.out, cmp_row);
	tsv_writer_fdopen(&out, 1, "stdout");
	for (i = 0; i < sizeof header / sizeof *header; i++)
		tsv_put_str(&out, header[i]);
	tsv_end_row(&out);
	for (i = 0; i < run.nout; i++)
		put_row(&out, &run.out[i], decimals);
	tsv_writer_close(&out);
	free(dsum);
	free(asum);
	free(dn);
	free(an);
}

int
policy_score(const struct questionnaire *q, char *const *files, int decimals, int verbose)
{
	int st, status = 0;
	size_t i;

	memset(&run, 0, sizeof run);
	run.q = q;
	run.schema = schema_builtin("answers");
	run.col = xcalloc(run.schema->n, sizeof *run.col);
	run.by_check = xcalloc(run.schema->n * SF_KINDS, sizeof *run.by_check);
	run.by_option = xcalloc(q->n, sizeof *run.by_option);
	strmap_init(&run.regions);
	strmap_init(&run.by_unknown);
	strmap_init(&run.by_reader);
	arena_init(&run.text);
	tally_init(&run.faults);
	if (verbose)
		diag_warn("questionnaire %s: %zu indicators in %zu dimensions of %zu areas", diag_name(q->path), q->n,
		    q->ndim, q->narea);
	for (i = 0; files[i] != NULL; i++)
		if ((st = read_answers(files[i])) > status)
			status = st;
	tally_tell(&run.faults);
	write_rows(decimals);
	if (run.refused > 0)
		diag_warn("%lu answers, %lu refused: left out, as if not answered", run.rows, run.refused);
	if (run.nreg == 0)
		diag_warn("no policy rows: no answer was scored");
	else if (verbose)
		diag_warn("%lu answers read, %lu scored; %zu regions and years, %zu rows written", run.rows,
		    run.rows - run.refused, run.nreg, run.nout);
	if (run.refused > 0 && status < EXIT_DATA)
		status = EXIT_DATA;
	diag_cap_end();
	free(run.key);
	tally_free(&run.faults);
	strmap_free(&run.regions, NULL);
	strmap_free(&run.by_unknown, NULL);
	strmap_free(&run.by_reader, NULL);
	arena_free(&run.text);
	schema_free(run.schema);
	free(run.col);
	free(run.by_check);
	free(run.by_option);
	free(run.reg);
	free(run.out);
	return status;
}
