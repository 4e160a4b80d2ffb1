#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "flags.h"
#include "lines.h"
#include "nuts.h"
#include "num.h"
#include "schema.h"
#include "tsv.h"

static const char *const type_names[] = {
	"text", "code", "integer", "number", "year", "period", "flag", "nuts"
};

const char *
schema_type_name(enum field_type t)
{
	return type_names[t];
}

static struct schema *
schema_new(const char *name)
{
	struct schema *s = xcalloc(1, sizeof *s);

	s->name = xstrdup(name);
	s->md = pcre2_match_data_create(1, NULL);
	return s;
}

static struct schema_field *
add_field(struct schema *s, const char *column, enum field_type type, int required)
{
	struct schema_field *f;

	s->field = xrealloc(s->field, (s->n + 1) * sizeof *s->field);
	f = &s->field[s->n++];
	memset(f, 0, sizeof *f);
	f->column = xstrdup(column);
	f->type = type;
	f->required = required;
	return f;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The items of a comma-separated list appended to *items (*n of them), each
 * a copy the caller frees. */
static void
split_list(const char *list, char ***items, size_t *n)
{
	char *copy = xstrdup(list), *p, *next;

	for (p = copy; *p != '\0'; p = next) {
		next = strchr(p, ',');
		if (next != NULL)
			*next++ = '\0';
		else
			next = p + strlen(p);
		*items = xrealloc(*items, (*n + 1) * sizeof **items);
		(*items)[(*n)++] = xstrdup(p);
	}
	free(copy);
}

static void
set_codes(struct schema_field *f, const char *list)
{
	split_list(list, &f->codes, &f->ncodes);
	qsort(f->codes, f->ncodes, sizeof *f->codes, cmp_str);
}

static void
set_key(struct schema *s, const char *list)
{
	split_list(list, &s->key, &s->nkey);
}

static void
range(struct schema_field *f, double min, double max)
{
	f->has_min = f->has_max = 1;
	f->min = min;
	f->max = max;
}

static int compile(struct schema *s, const char *file);

struct schema *
schema_builtin(const char *stage)
{
	struct schema *s;
	struct schema_field *f;
	int obs = strcmp(stage, "obs") == 0, harm = strcmp(stage, "harmonised") == 0;
	int scored = strcmp(stage, "scored") == 0, compared = strcmp(stage, "compared") == 0;

	if (strcmp(stage, "answers") == 0) {	/* a region's policy answers (lib/policy.h) */
		s = schema_new(stage);
		add_field(s, "geo", T_NUTS, 1);
		add_field(s, "time", T_YEAR, 1);
		add_field(s, "indicator", T_CODE, 1);
		add_field(s, "answer", T_CODE, 1);
		add_field(s, "source", T_TEXT, 0);
		add_field(s, "comment", T_TEXT, 0);
		set_key(s, "geo,time,indicator");
		return s;
	}
	if (!obs && !harm && !scored && !compared)
		return NULL;
	s = schema_new(stage);
	if (obs || harm) {
		add_field(s, "source", T_CODE, 1);
		add_field(s, "time", T_PERIOD, 1);
		add_field(s, "value", T_NUMBER, 0);
		add_field(s, "flag", T_FLAG, 0);
		/* the key: every dimension and time, that is every column but these (origin:
		 * where the row was read, see mipexr-normalise --origin). geo_source stays in
		 * it: a history extract's old and new codes of one region recoded to one are
		 * two rows, one each, which score tells apart */
		set_key(s, "value,flag,origin,nuts_level,country,group");
		s->key_rest = 1;
		if (harm) {
			add_field(s, "geo", T_TEXT, 1);
			add_field(s, "geo_source", T_TEXT, 1);
			set_codes(add_field(s, "nuts_level", T_TEXT, 0), "0,1,2,3,agg");
			f = add_field(s, "country", T_TEXT, 0);
			f->pattern_text = xstrdup("[A-Z]{2}");
			add_field(s, "group", T_CODE, 0);
			if (compile(s, "built-in schema") != 0)
				abort();	/* our own pattern: a bug */
		}
		return s;
	}
	add_field(s, "indicator", T_CODE, 1);
	add_field(s, "area", T_TEXT, 0);
	add_field(s, "geo", T_TEXT, 1);
	add_field(s, "country", T_TEXT, 0);
	set_codes(add_field(s, "nuts_level", T_TEXT, 0), "0,1,2,3,agg");
	add_field(s, "time", T_PERIOD, 1);
	add_field(s, "sex", T_TEXT, 0);
	add_field(s, "group", T_CODE, 1);
	add_field(s, "value", T_NUMBER, 0);
	add_field(s, "flag", T_FLAG, 0);
	add_field(s, "ref_group", T_TEXT, 0);
	add_field(s, "ref_value", T_NUMBER, 0);
	add_field(s, "gap", T_NUMBER, 0);
	add_field(s, "ratio", T_NUMBER, 0);
	range(add_field(s, "score", T_NUMBER, 0), 0, 100);
	set_codes(add_field(s, "polarity", T_TEXT, 0), "+,-,0");
	if (compared) {
		add_field(s, "baseline", T_TEXT, 0);
		add_field(s, "base_value", T_NUMBER, 0);
		add_field(s, "delta", T_NUMBER, 0);
		add_field(s, "rank", T_INTEGER, 0);
		add_field(s, "of", T_INTEGER, 0);
		set_codes(add_field(s, "direction", T_TEXT, 0), "better,worse,same");
	}
	set_key(s, compared ? "indicator,geo,time,sex,group,baseline" : "indicator,geo,time,sex,group");
	return s;
}

/* Compiles the pattern texts of the fields (built-in ones too). */
static int
compile(struct schema *s, const char *file)
{
	size_t i;
	int err;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];
	struct schema_field *f;

	for (i = 0; i < s->n; i++) {
		f = &s->field[i];
		if (f->pattern_text == NULL || f->pattern != NULL)
			continue;
		f->pattern = pcre2_compile((PCRE2_SPTR)f->pattern_text, PCRE2_ZERO_TERMINATED,
		    PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF, &err, &off, NULL);
		if (f->pattern == NULL) {
			pcre2_get_error_message(err, msg, sizeof msg);
			diag_warn_at(file, f->line, "pattern \"%s\": %s at offset %zu", f->pattern_text,
			    (char *)msg, (size_t)off);
			return -1;
		}
		pcre2_jit_compile(f->pattern, PCRE2_JIT_COMPLETE);	/* quietly without JIT */
	}
	return 0;
}

/* codes "@file": one allowed code per line, beside the schema file. */
static int
codes_file(struct schema_field *f, const char *schema_path, const char *name, unsigned long line)
{
	char *dir = xstrdup(schema_path), *path, *l;
	struct line_reader lr;
	size_t len;
	int rc;

	path = xmalloc(strlen(dir) + strlen(name) + 2);
	if (name[0] == '/')
		strcpy(path, name);
	else	/* relative to the schema, not to where the filter runs */
		sprintf(path, "%s/%s", dirname(dir), name);
	if (line_reader_open(&lr, path) == -1) {
		diag_warn_at(schema_path, line, "codes file %s: cannot open it: %s", path, strerror(errno));
		free(dir);
		free(path);
		return -1;
	}
	while ((rc = line_reader_next(&lr, &l, &len)) == 1) {
		if (len > 0 && l[len - 1] == '\r')
			l[--len] = '\0';
		if (len == 0)
			continue;
		f->codes = xrealloc(f->codes, (f->ncodes + 1) * sizeof *f->codes);
		f->codes[f->ncodes++] = xstrdup(l);
	}
	if (rc == -1)	/* a directory, say: reported, as every fault of a schema is */
		diag_warn_at(schema_path, line, "codes file %s: cannot read it: %s", path, strerror(errno));
	line_reader_close(&lr);
	if (f->ncodes > 0)	/* an empty file leaves codes NULL, and qsort takes no NULL */
		qsort(f->codes, f->ncodes, sizeof *f->codes, cmp_str);
	free(dir);
	free(path);
	return rc == -1 ? -1 : 0;
}

struct schema *
schema_load(const char *path)
{
	static const char *const cols[] = { "column", "type", "required", "pattern", "min", "max", "codes" };
	struct schema *s;
	struct schema_field *f;
	struct tsv_reader r;
	enum tsv_status st;
	int idx[7], t;
	size_t i;
	double x;
	const char *why;

	if (tsv_open(&r, path) != 0)
		return NULL;
	if (tsv_columns(&r, cols, idx, 7, "a schema has column, type, required, pattern, min, max, codes") != 0) {
		tsv_close(&r);
		return NULL;
	}
	s = schema_new(path);
	while ((st = tsv_next(&r)) != TSV_END) {
		if (st != TSV_ROW)
			goto fail;
		if (strcmp(r.field[idx[1]], "key") == 0) {
			if (s->nkey > 0) {
				why = "a second key line";
				goto bad;
			}
			set_key(s, r.field[idx[0]]);
			s->key_line = r.line;
			continue;
		}
		for (t = 0; t < 8 && strcmp(r.field[idx[1]], type_names[t]) != 0; t++)
			;
		if (t == 8) {
			why = "type is text, code, integer, number, year, period, flag, nuts or key";
			goto bad;
		}
		if (r.flen[idx[0]] == 0) {
			why = "no column name";
			goto bad;
		}
		for (i = 0; i < s->n; i++)
			if (strcmp(s->field[i].column, r.field[idx[0]]) == 0) {
				why = "this column is described twice";
				goto bad;
			}
		if (strcmp(r.field[idx[2]], "yes") != 0 && strcmp(r.field[idx[2]], "no") != 0 &&
		    r.flen[idx[2]] != 0) {
			why = "required is yes or no";
			goto bad;
		}
		f = add_field(s, r.field[idx[0]], (enum field_type)t, strcmp(r.field[idx[2]], "yes") == 0);
		f->line = r.line;
		if (r.flen[idx[3]] > 0)
			f->pattern_text = xstrdup(r.field[idx[3]]);
		if (r.flen[idx[4]] > 0) {
			if (num_parse(r.field[idx[4]], r.flen[idx[4]], &x) != NUM_OK) {
				why = "min is not a number";
				goto bad;
			}
			f->has_min = 1;
			f->min = x;
		}
		if (r.flen[idx[5]] > 0) {
			if (num_parse(r.field[idx[5]], r.flen[idx[5]], &x) != NUM_OK) {
				why = "max is not a number";
				goto bad;
			}
			f->has_max = 1;
			f->max = x;
		}
		if ((f->has_min || f->has_max) && f->type != T_NUMBER && f->type != T_INTEGER && f->type != T_YEAR) {
			why = "min and max go with the types number, integer and year";
			goto bad;
		}
		if (r.field[idx[6]][0] == '@') {
			if (codes_file(f, path, r.field[idx[6]] + 1, r.line) != 0)
				goto fail;
		} else if (r.flen[idx[6]] > 0)
			set_codes(f, r.field[idx[6]]);
		if (compile(s, r.name) != 0)
			goto fail;
	}
	for (i = 0; i < s->nkey; i++) {
		size_t k;

		for (k = 0; k < s->n && strcmp(s->field[k].column, s->key[i]) != 0; k++)
			;
		if (k == s->n) {
			diag_warn_at(r.name, s->key_line, "key column '%s' is not described", s->key[i]);
			goto fail;
		}
	}
	tsv_close(&r);
	return s;
bad:
	diag_warn_at(r.name, r.line, "%s", why);
fail:
	tsv_close(&r);
	schema_free(s);
	return NULL;
}

static int
find_code(const struct schema_field *f, const char *v)
{
	size_t lo = 0, hi = f->ncodes, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(f->codes[mid], v);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int
nuts_form(const char *v, size_t n)
{
	return nuts_is_aggregate(v) || nuts_code_form(v, n);
}

/* What schema_check found: its kind in *fault, the message returned. */
static const char *
fault_is(enum schema_fault *fault, enum schema_fault kind, const char *why)
{
	if (fault != NULL)
		*fault = kind;
	return why;
}

int
schema_is_period(const char *s)
{
	size_t n = strlen(s), i;
	int k, max;

	if (n < 4)
		return 0;
	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	if (n == 4)
		return 1;
	s += 4;
	if (*s == '-')
		s++;
	if ((s[0] == 'Q' && s[1] >= '1' && s[1] <= '4' && s[2] == '\0') ||
	    (s[0] == 'S' && (s[1] == '1' || s[1] == '2') && s[2] == '\0'))
		return 1;
	max = s[0] == 'W' ? 53 : 12;	/* ISO weeks; months, with or without M */
	if (s[0] == 'M' || s[0] == 'W')
		s++;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != '\0')
		return 0;
	k = (s[0] - '0') * 10 + (s[1] - '0');
	return k >= 1 && k <= max;
}

const char *
schema_check(struct schema *s, const struct schema_field *f, const char *v, size_t n, enum schema_fault *fault)
{
	static char msg[512];
	double x;
	enum num_error e;
	flagset fl;
	size_t i, bad;

	if (n == 0)
		return f->required ? fault_is(fault, SF_EMPTY, "is empty, and the column is required") : NULL;
	switch (f->type) {
	case T_TEXT:
		break;
	case T_CODE:
		for (i = 0; i < n; i++)
			if (v[i] == ' ' || v[i] == '\t')
				return fault_is(fault, SF_NOT_CODE, "is not a code (it has a space)");
		break;
	case T_INTEGER:
	case T_NUMBER:
		if ((e = num_parse(v, n, &x)) != NUM_OK)
			return fault_is(fault, SF_NOT_NUMBER, num_strerror(e));
		if (f->type == T_INTEGER && (memchr(v, '.', n) != NULL || memchr(v, 'e', n) != NULL ||
		    memchr(v, 'E', n) != NULL))
			return fault_is(fault, SF_NOT_INTEGER, "is not an integer");
		if (f->has_min && x < f->min) {
			snprintf(msg, sizeof msg, "is below the minimum %g", f->min);
			return fault_is(fault, SF_BELOW, msg);
		}
		if (f->has_max && x > f->max) {
			snprintf(msg, sizeof msg, "is above the maximum %g", f->max);
			return fault_is(fault, SF_ABOVE, msg);
		}
		break;
	case T_YEAR:
		if (n != 4 || strspn(v, "0123456789") != 4)
			return fault_is(fault, SF_NOT_YEAR, "is not a year");
		x = atoi(v);
		if (f->has_min && x < f->min) {
			snprintf(msg, sizeof msg, "is before %g", f->min);
			return fault_is(fault, SF_BEFORE, msg);
		}
		if (f->has_max && x > f->max) {
			snprintf(msg, sizeof msg, "is after %g", f->max);
			return fault_is(fault, SF_AFTER, msg);
		}
		break;
	case T_PERIOD:
		if (!schema_is_period(v))
			return fault_is(fault, SF_NOT_PERIOD, "is not a period (2021, 2021-Q3, 2021-S1, 2021-05, 2021-W07)");
		break;
	case T_FLAG:
		if ((bad = flags_parse(v, n, &fl)) != 0) {
			snprintf(msg, sizeof msg, "has '%c', not a Eurostat flag (%s)", v[bad - 1], FLAGS_KNOWN);
			return fault_is(fault, SF_FLAG, msg);
		}
		break;
	case T_NUTS:
		if (!nuts_form(v, n))
			return fault_is(fault, SF_NOT_NUTS,
			    "is not a NUTS code (two letters and up to three letters or digits) or an aggregate");
		break;
	}
	if (f->pattern != NULL && pcre2_match(f->pattern, (PCRE2_SPTR)v, n, 0, 0, s->md, NULL) < 0) {
		snprintf(msg, sizeof msg, "does not match the pattern %s", f->pattern_text);
		return fault_is(fault, SF_PATTERN, msg);
	}
	if (f->codes != NULL && !find_code(f, v)) {
		size_t len = (size_t)snprintf(msg, sizeof msg, "is not one of ");

		for (i = 0; i < f->ncodes && len < sizeof msg - 8; i++)
			len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", i > 0 ? ", " : "", f->codes[i]);
		if (i < f->ncodes)
			snprintf(msg + sizeof msg - 8, 8, " …");
		return fault_is(fault, SF_CODES, msg);
	}
	return NULL;
}

void
schema_free(struct schema *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		free(s->field[i].column);
		if (s->field[i].pattern != NULL)
			pcre2_code_free(s->field[i].pattern);
		free(s->field[i].pattern_text);
		for (j = 0; j < s->field[i].ncodes; j++)
			free(s->field[i].codes[j]);
		free(s->field[i].codes);
	}
	for (i = 0; i < s->nkey; i++)
		free(s->key[i]);
	free(s->key);
	free(s->field);
	free(s->name);
	pcre2_match_data_free(s->md);
	free(s);
}
