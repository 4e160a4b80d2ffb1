#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "datadir.h"
#include "diag.h"
#include "tsv.h"

static const char *const columns[] = {
	"indicator", "label", "area", "source", "select", "group_dim", "reference",
	"polarity", "numerator", "denominator"
};
enum { C_INDICATOR, C_LABEL, C_AREA, C_SOURCE, C_SELECT, C_GROUP_DIM, C_REFERENCE,
	C_POLARITY, C_NUMERATOR, C_DENOMINATOR, C_COUNT };

static int
valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s == '=' || *s == ';' || *s == ',' || *s == ' ')
			return 0;
	return 1;
}

/* "unit=PC;age=Y20-64" into sel; 0, or -1 with *why set. */
static int
parse_sel(const char *s, struct catalogue_sel *sel, const char **why)
{
	char *copy = xstrdup(s), *p, *next, *eq;

	sel->cond = NULL;
	sel->n = 0;
	for (p = copy; *p != '\0'; p = next) {
		next = strchr(p, ';');
		if (next != NULL)
			*next++ = '\0';
		else
			next = p + strlen(p);
		eq = strchr(p, '=');
		if (eq == NULL) {
			*why = "a condition without '=' (write dimension=value;dimension=value)";
			goto fail;
		}
		*eq = '\0';
		if (!valid_name(p) || !valid_name(eq + 1)) {
			*why = "an empty dimension or value, or one with a space, ',' or '='";
			goto fail;
		}
		sel->cond = xrealloc(sel->cond, (sel->n + 1) * sizeof *sel->cond);
		sel->cond[sel->n].dim = xstrdup(p);
		sel->cond[sel->n++].value = xstrdup(eq + 1);
	}
	free(copy);
	return 0;
fail:
	free(copy);
	return -1;
}

static void
free_sel(struct catalogue_sel *sel)
{
	size_t i;

	for (i = 0; i < sel->n; i++) {
		free(sel->cond[i].dim);
		free(sel->cond[i].value);
	}
	free(sel->cond);
}

static void
free_entry(struct catalogue_entry *e)
{
	size_t i;

	free(e->id);
	free(e->label);
	free(e->area);
	for (i = 0; i < e->nsources; i++)
		free(e->sources[i]);
	free(e->sources);
	free_sel(&e->select);
	free(e->group_dim);
	free(e->reference);
	free_sel(&e->numerator);
	free_sel(&e->denominator);
}

struct catalogue *
catalogue_load(const char *path)
{
	struct catalogue *c = xcalloc(1, sizeof *c);
	struct catalogue_entry *e;
	struct tsv_reader r;
	enum tsv_status st;
	int idx[C_COUNT];
	const char *why = NULL;
	char *p, *next;
	size_t i;

	c->path = path != NULL ? xstrdup(path) : data_path("indicators.tsv");
	if (tsv_open(&r, c->path) != 0)
		goto fail_open;
	if (tsv_columns(&r, columns, idx, C_COUNT, "a catalogue has indicator label area source "
	    "select group_dim reference polarity numerator denominator") != 0)
		goto fail;
	for (i = 0; i < r.ncols; i++) {
		size_t k;

		for (k = 0; k < C_COUNT && strcmp(r.names[i], columns[k]) != 0; k++)
			;
		if (k == C_COUNT) {
			diag_warn_at(r.name, 1, "unknown column '%s'", r.names[i]);
			goto fail;
		}
	}
	while ((st = tsv_next(&r)) != TSV_END) {
		if (st != TSV_ROW)
			goto fail;
		c->entry = xrealloc(c->entry, (c->n + 1) * sizeof *c->entry);
		e = &c->entry[c->n];
		memset(e, 0, sizeof *e);
		e->line = r.line;
		if (!valid_name(r.field[idx[C_INDICATOR]]) || strncmp(r.field[idx[C_INDICATOR]], "area:", 5) == 0 ||
		    strcmp(r.field[idx[C_INDICATOR]], "overall") == 0) {
			why = "the indicator id must be a word (not area:… or overall)";
			goto bad;
		}
		if (catalogue_find(c, r.field[idx[C_INDICATOR]]) != NULL) {
			why = "this indicator is defined twice";
			goto bad;
		}
		e->id = xstrdup(r.field[idx[C_INDICATOR]]);
		e->label = xstrdup(r.field[idx[C_LABEL]]);
		e->area = xstrdup(r.field[idx[C_AREA]]);
		e->group_dim = xstrdup(r.field[idx[C_GROUP_DIM]]);
		e->reference = xstrdup(r.field[idx[C_REFERENCE]]);
		c->n++;
		if (!valid_name(e->area)) {
			why = "the area must be a word";
			goto bad;
		}
		if (!valid_name(e->group_dim) || !valid_name(e->reference)) {
			why = "group_dim and reference must be set (c_birth or citizen, and NAT)";
			goto bad;
		}
		p = r.field[idx[C_POLARITY]];
		if ((p[0] != '+' && p[0] != '-' && p[0] != '0') || p[1] != '\0') {
			why = "polarity is +, - or 0";
			goto bad;
		}
		e->polarity = p[0];
		for (p = r.field[idx[C_SOURCE]]; *p != '\0'; p = next) {
			next = strchr(p, ',');
			if (next != NULL)
				*next++ = '\0';
			else
				next = p + strlen(p);
			if (!valid_name(p)) {
				why = "an empty dataset code in source";
				goto bad;
			}
			e->sources = xrealloc(e->sources, (e->nsources + 1) * sizeof *e->sources);
			e->sources[e->nsources++] = xstrdup(p);
		}
		if (e->nsources == 0) {
			why = "no source dataset";
			goto bad;
		}
		if (parse_sel(r.field[idx[C_SELECT]], &e->select, &why) != 0 ||
		    parse_sel(r.field[idx[C_NUMERATOR]], &e->numerator, &why) != 0 ||
		    parse_sel(r.field[idx[C_DENOMINATOR]], &e->denominator, &why) != 0)
			goto bad;
		if (e->numerator.n > 0 && e->denominator.n == 0) {
			why = "a numerator without a denominator";
			goto bad;
		}
	}
	tsv_close(&r);
	return c;
bad:
	diag_warn_at(r.name, r.line, "%s", why);
fail:
	tsv_close(&r);
fail_open:
	catalogue_free(c);
	return NULL;
}

const struct catalogue_entry *
catalogue_find(const struct catalogue *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->entry[i].id != NULL && strcmp(c->entry[i].id, id) == 0)
			return &c->entry[i];
	return NULL;
}

const char *
catalogue_label(const struct catalogue *c, const char *id)
{
	const struct catalogue_entry *e = catalogue_find(c, id);

	return e != NULL ? e->label : NULL;
}

int
catalogue_has_source(const struct catalogue_entry *e, const char *source)
{
	size_t i;

	for (i = 0; i < e->nsources; i++)
		if (strcmp(e->sources[i], source) == 0)
			return 1;
	return 0;
}

void
catalogue_free(struct catalogue *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free_entry(&c->entry[i]);
	free(c->entry);
	free(c->path);
	free(c);
}
