#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "tally.h"
#include "tsv.h"

void
tally_init(struct tally *t)
{
	memset(t, 0, sizeof *t);
}

struct tally_kind *
tally_count(struct tally *t, size_t *slot, uint64_t order, const char *place)
{
	struct tally_kind *k;

	if (*slot == 0) {
		t->kind = xgrow(t->kind, &t->cap, t->n + 1, sizeof *t->kind);
		k = &t->kind[t->n];
		memset(k, 0, sizeof *k);
		k->place = xstrdup(place);
		k->order = order;
		k->seq = t->n++;
		*slot = t->n;
	} else {
		k = &t->kind[*slot - 1];
		if (k->nmore < TALLY_MORE && place != NULL)
			k->more[k->nmore++] = xstrdup(place);
	}
	k->n++;
	return k;
}

void
tally_text(struct tally_kind *k, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	free(k->text);
	k->text = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	va_start(ap, fmt);
	vsnprintf(k->text, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	va_end(ap);
}

/* The length of the FILE of a place "FILE:LINE" (its line in *line), or 0. */
static size_t
place_file(const char *place, unsigned long *line)
{
	size_t n;

	return tsv_origin_split(place, strlen(place), &n, line) == 0 ? n : 0;
}

const char *
tally_more(const struct tally_kind *k, char *buf, size_t cap)
{
	size_t j, len = 0, first;
	unsigned long line;
	int same, n;
	const char *sep;

	first = place_file(k->place, &line);
	same = first > 0;
	for (j = 0; j < k->nmore && same; j++)
		same = place_file(k->more[j], &line) == first && strncmp(k->more[j], k->place, first) == 0;
	buf[0] = '\0';
	if (same && k->nmore > 0)
		len = (size_t)snprintf(buf, cap, "%s", k->nmore == 1 ? "line " : "lines ");
	for (j = 0; j < k->nmore && len < cap; j++) {
		sep = j == 0 ? "" : j + 1 == k->nmore && k->n == k->nmore + 1 ? " and " : ", ";
		place_file(k->more[j], &line);
		n = same ? snprintf(buf + len, cap - len, "%s%lu", sep, line) :
		    snprintf(buf + len, cap - len, "%s%s", sep, k->more[j]);
		len += n > 0 ? (size_t)n : 0;
	}
	if (len < cap && k->n > k->nmore + 1)
		snprintf(buf + len, cap - len, " …");
	return buf;
}

static int
cmp_kind(const void *pa, const void *pb)
{
	const struct tally_kind *a = *(const struct tally_kind *const *)pa;
	const struct tally_kind *b = *(const struct tally_kind *const *)pb;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
tally_tell(struct tally *t)
{
	struct tally_kind **by = xcalloc(t->n + 1, sizeof *by);
	size_t i;
	char more[1024];

	for (i = 0; i < t->n; i++)
		by[i] = &t->kind[i];
	qsort(by, t->n, sizeof *by, cmp_kind);
	for (i = 0; i < t->n; i++) {
		const struct tally_kind *k = by[i];
		const char *text = k->text != NULL ? k->text : "";

		diag_hold_key(k->order);
		if (k->n == 1 || k->counted)
			diag_warn_at(k->place, 0, "%s", text);
		else
			diag_warn_at(k->place, 0, "%s; %lu rows in all: also %s", text, k->n,
			    tally_more(k, more, sizeof more));
	}
	free(by);
}

void
tally_free(struct tally *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		free(t->kind[i].place);
		free(t->kind[i].text);
		for (j = 0; j < t->kind[i].nmore; j++)
			free(t->kind[i].more[j]);
	}
	free(t->kind);
	tally_init(t);
}
