#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "intern.h"

void
intern_init(struct intern *t)
{
	memset(t, 0, sizeof *t);
	strmap_init(&t->map);
}

uint32_t
intern_lookup(struct intern *t, const char *text, size_t len, size_t slot)
{
	void **v;
	int added;
	uint32_t id;

	v = strmap_put(&t->map, text, len, &added);
	if (added) {
		if (t->n >= UINT32_MAX)
			diag_die(EXIT_TROUBLE, "more than %lu distinct codes in a column", (unsigned long)UINT32_MAX);
		*v = (void *)(uintptr_t)t->n;
		t->text = xgrow(t->text, &t->cap, t->n + 1, sizeof *t->text);
		t->text[t->n++] = strmap_find(&t->map, text, len)->key;
	}
	id = (uint32_t)(uintptr_t)*v;
	t->recent[slot] = t->text[id];
	t->recent_len[slot] = len;
	t->recent_id[slot] = id;
	return id;
}

/* qsort has no argument for its comparison: the texts are passed beside
 * the numbers, each number with its text's pointer. */
struct by_text {
	const char *text;
	uint32_t id;
};

static int
cmp_by_text(const void *pa, const void *pb)
{
	return strcmp(((const struct by_text *)pa)->text, ((const struct by_text *)pb)->text);
}

void
intern_rank(struct intern *t)
{
	struct by_text *order = xcalloc(t->n + 1, sizeof *order);
	size_t i;

	for (i = 0; i < t->n; i++) {
		order[i].text = t->text[i];
		order[i].id = (uint32_t)i;
	}
	qsort(order, t->n, sizeof *order, cmp_by_text);
	free(t->rank);
	t->rank = xcalloc(t->n + 1, sizeof *t->rank);
	for (i = 0; i < t->n; i++)
		t->rank[order[i].id] = (uint32_t)i;
	free(order);
}

void
intern_free(struct intern *t)
{
	strmap_free(&t->map, NULL);
	free(t->text);
	free(t->rank);
	t->text = NULL;
	t->rank = NULL;
	t->n = t->cap = 0;
}
