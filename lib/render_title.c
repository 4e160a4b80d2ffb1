/*
 * --title's placeholders: {group}, {sex}, {time}, {indicator} and {geo}
 * become the value the rows read share, {group=CODE} (and so on) the code
 * given, in the words the tables and the map use ("foreign-born", "both
 * sexes", an indicator's label, "ES51 Cataluña"): a pipeline names a group
 * without knowing its words, which live here alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "render.h"
#include "text.h"

static const char *const fields[] = { "group", "sex", "time", "indicator", "geo" };
#define NFIELDS (sizeof fields / sizeof *fields)

/* The next "{word}" or "{word=CODE}" in s (a word of letters and '_', a
 * CODE without braces): its start and length, or NULL. */
static const char *
next_brace(const char *s, size_t *len)
{
	const char *p, *q;

	for (p = strchr(s, '{'); p != NULL; p = strchr(p + 1, '{')) {
		for (q = p + 1; (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_'; q++)
			;
		if (*q == '=' && q > p + 1)
			q += strcspn(q, "{}");
		if (*q == '}' && q > p + 1) {
			*len = (size_t)(q - p + 1);
			return p;
		}
	}
	return NULL;
}

/* Which field a "{word}" or "{word=CODE}" of len bytes names, or -1. */
static int
field_of(const char *p)
{
	size_t k, n = strcspn(p + 1, "=}");

	for (k = 0; k < NFIELDS; k++)
		if (strlen(fields[k]) == n && memcmp(fields[k], p + 1, n) == 0)
			return (int)k;
	return -1;
}

int
render_title_fields(const char *title, const char **bad, size_t *badlen)
{
	const char *p;
	size_t len;
	int n = 0;

	for (p = title; p != NULL && (p = next_brace(p, &len)) != NULL; p += len, n++)
		if (field_of(p) < 0) {
			if (bad != NULL) {
				*bad = p;
				*badlen = len;
			}
			return -1;
		}
	return n;
}

/* The column of field k in the input, or -1. */
static int
field_column(const struct render_input *in, size_t k)
{
	const int col[NFIELDS] = { in->col.group, in->col.sex, in->col.time, in->col.indicator,
	    tsv_name_index(in->names, in->ncols, "geo") };

	return col[k];
}

/* The value of column col every row has, or NULL told. */
static const char *
shared_value(const struct render_input *in, int col, const char *field)
{
	char list[160];
	const char *v = NULL, *other = NULL;
	size_t i;
	int more = 0;

	if (col < 0) {
		snprintf(list, sizeof list, "--title {%s}", field);
		render_column_for(in, field, list);
		return NULL;
	}
	for (i = 0; i < in->nrows; i++) {
		if (v == NULL)
			v = in->rows[i][col];
		else if (strcmp(v, in->rows[i][col]) == 0)
			continue;
		else if (other == NULL)
			other = in->rows[i][col];
		else if (strcmp(other, in->rows[i][col]) != 0)
			more = 1;
	}
	if (v != NULL && *v != '\0' && other == NULL)
		return v;
	if (v == NULL)
		diag_warn("--title {%s}: no row to take it from", field);
	else if (other == NULL)
		diag_warn("--title {%s}: the rows have no %s", field, field);
	else {
		snprintf(list, sizeof list, "'%s', '%s'%s", v, other, more ? " and more" : "");
		diag_warn("--title {%s}: the rows have more than one %s (%s): --where %s=VALUE keeps one",
		    field, field, list, field);
	}
	return NULL;
}

int
render_title(struct render *r, const struct render_input *in, const char **title)
{
	struct text t = { 0 };
	const char *p, *from, *v, *eq;
	size_t len;
	int k, rc = 0;
	unsigned told = 0;	/* a field said once, however often it is used */

	if (*title == NULL || render_title_fields(*title, &p, &len) <= 0)
		return 0;
	for (from = *title; (p = next_brace(from, &len)) != NULL; from = p + len) {
		text_add(&t, from, (size_t)(p - from));
		k = field_of(p);
		eq = memchr(p, '=', len);
		if (eq != NULL)		/* a code given: its words, whatever the rows hold */
			v = arena_strndup(&r->text, eq + 1, (size_t)(p + len - 1 - (eq + 1)));
		else if (told & 1u << k)
			continue;
		else if ((v = shared_value(in, field_column(in, (size_t)k), fields[k])) == NULL) {
			told |= 1u << k;
			rc = EXIT_DATA;
			continue;
		}
		if (k == 1)
			v = render_sex_label(r, v);
		else if (k != 2)
			v = render_label_text(r, "r??ig"[k], v);
		text_add(&t, v, strlen(v));
	}
	text_add(&t, from, strlen(from));
	if (rc == 0)
		*title = render_str(r, t.s);
	free(t.s);
	return rc;
}
