#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "diag.h"
#include "groups.h"
#include "strmap.h"
#include "tsv.h"

struct groups {
	struct strmap map;	/* "dim\tcode" → group */
};

struct groups *
groups_load(void)
{
	struct groups *g = xcalloc(1, sizeof *g);
	char *path = data_path("groups.tsv"), key[256];
	const char *part[2];
	size_t n;
	struct tsv_reader r;
	enum tsv_status st;
	int cd, cc, cg, added;
	void **v;

	strmap_init(&g->map);
	if (tsv_open(&r, path) != 0)
		exit(EXIT_TROUBLE);
	cd = tsv_column(&r, "dimension");
	cc = tsv_column(&r, "code");
	cg = tsv_column(&r, "group");
	if (cd < 0 || cc < 0 || cg < 0)
		diag_die(EXIT_TROUBLE, "%s: needs the columns dimension, code, group", path);
	while ((st = tsv_next(&r)) != TSV_END) {
		if (st != TSV_ROW)
			exit(EXIT_TROUBLE);
		part[0] = r.field[cd];
		part[1] = r.field[cc];
		if ((n = strmap_join(key, sizeof key, part, 2)) == (size_t)-1)
			diag_die(EXIT_TROUBLE, "%s:%lu: code too long", path, r.line);
		v = strmap_put(&g->map, key, n, &added);
		if (!added)
			diag_die(EXIT_TROUBLE, "%s:%lu: %s %s listed twice", path, r.line,
			    r.field[cd], r.field[cc]);
		*v = xstrdup(r.field[cg]);
	}
	tsv_close(&r);
	free(path);
	return g;
}

const char *
groups_lookup(const struct groups *g, const char *dim, const char *code)
{
	char key[256];
	const char *part[] = { dim, code };
	size_t n = strmap_join(key, sizeof key, part, 2);

	return n == (size_t)-1 ? NULL : strmap_get(&g->map, key, n);
}

const char *
groups_reference(const char *dim)
{
	if (strcmp(dim, "c_birth") == 0)
		return "native_born";
	if (strcmp(dim, "citizen") == 0)
		return "nationals";
	return NULL;
}

void
groups_free(struct groups *g)
{
	strmap_free(&g->map, free);
	free(g);
}

int
groups_shared(const char *group)
{
	return strcmp(group, "total") == 0 || strcmp(group, "unknown") == 0;
}
