/*
 * Local words for Eurostat's. Labels are matched folded (utf8_fold: case and
 * accents), so "HOMBRES", "hombres" and "Hombres" are one label.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "diag.h"
#include "groups.h"
#include "labels.h"
#include "strmap.h"
#include "tsv.h"
#include "utf8.h"

struct labels {
	struct strmap label;	/* "dim\tfolded label" → code */
	struct strmap code;	/* "dim\tcode" → the code (a dimension's codes) */
	struct strmap dims;	/* dimensions whose values are coded → name */
	struct strmap column;	/* folded local column name → dimension */
	struct strmap local;	/* dimension → local column name */
	struct groups *groups;
};

/* "dim\tfolded" into key (cap bytes); its length, or (size_t)-1 when too long. */
static size_t
fold_key(char *key, size_t cap, const char *dim, const char *s, size_t n)
{
	size_t d = strlen(dim);

	if (d + 1 + n + 1 > cap)
		return (size_t)-1;
	memcpy(key, dim, d);
	key[d] = '\t';
	return d + 1 + utf8_fold(s, n, key + d + 1);
}

static void
put(struct strmap *m, const char *key, size_t n, const char *value)
{
	int added;
	void **v = strmap_put(m, key, n, &added);

	if (!added)
		free(*v);
	*v = xstrdup(value);
}

/* Adds a label of dim for code; -1 when too long. */
static int
add_label(struct labels *l, const char *dim, const char *code, const char *label)
{
	char key[512];
	const char *part[] = { dim, code };
	size_t n;

	if ((n = fold_key(key, sizeof key, dim, label, strlen(label))) == (size_t)-1)
		return -1;
	put(&l->label, key, n, code);
	if ((n = strmap_join(key, sizeof key, part, 2)) == (size_t)-1)
		return -1;
	put(&l->code, key, n, code);
	put(&l->dims, dim, strlen(dim), dim);
	return 0;
}

struct labels *
labels_load(void)
{
	struct labels *l = xcalloc(1, sizeof *l);
	char *path = data_path("labels.tsv");
	struct tsv_reader r;
	enum tsv_status st;
	int cd, cc, cl;

	strmap_init(&l->label);
	strmap_init(&l->code);
	strmap_init(&l->dims);
	strmap_init(&l->column);
	strmap_init(&l->local);
	if (tsv_open(&r, path) != 0)
		exit(EXIT_TROUBLE);
	cd = tsv_column(&r, "dimension");
	cc = tsv_column(&r, "code");
	cl = tsv_column(&r, "label");
	if (cd < 0 || cc < 0 || cl < 0 || tsv_column(&r, "lang") < 0)
		diag_die(EXIT_TROUBLE, "%s: needs the columns lang, dimension, code, label", path);
	while ((st = tsv_next(&r)) != TSV_END) {
		if (st != TSV_ROW)
			exit(EXIT_TROUBLE);
		if (add_label(l, r.field[cd], r.field[cc], r.field[cl]) != 0)
			diag_die(EXIT_TROUBLE, "%s:%lu: label too long", path, r.line);
	}
	tsv_close(&r);
	free(path);
	l->groups = groups_load();
	return l;
}

static int
add_column(struct labels *l, const char *dim, const char *local)
{
	char key[512];
	size_t n = strlen(local);

	if (n + 1 > sizeof key || *dim == '\0' || n == 0)
		return -1;
	n = utf8_fold(local, n, key);
	put(&l->column, key, n, dim);
	put(&l->local, dim, strlen(dim), local);
	return 0;
}

int
labels_add_column(struct labels *l, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *dim;
	int rc;

	if (eq == NULL)
		return -1;
	dim = xstrndup(arg, (size_t)(eq - arg));
	rc = add_column(l, dim, eq + 1);
	free(dim);
	return rc;
}

int
labels_read_map(struct labels *l, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *field[5];
	size_t cap = 0, nf;
	ssize_t len;
	unsigned long ln = 0;
	int rc = 0;

	if (f == NULL) {
		diag_warn("--map %s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (len = getline(&line, &cap, f)) != -1) {
		ln++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		for (nf = 0, field[0] = line; nf < 4 && field[nf] != NULL; nf++)
			if ((field[nf + 1] = strchr(field[nf], '\t')) != NULL)
				*field[nf + 1]++ = '\0';
		if (nf == 3 && strcmp(field[0], "column") == 0)
			rc = add_column(l, field[1], field[2]);
		else if (nf == 4 && strcmp(field[0], "code") == 0 && *field[1] && *field[2] && *field[3])
			rc = add_label(l, field[1], field[2], field[3]);
		else
			rc = -1;
		if (rc != 0)
			diag_warn_at(path, ln, "not a mapping: want \"column<TAB>DIM<TAB>LOCAL NAME\" "
			    "or \"code<TAB>DIM<TAB>CODE<TAB>LABEL\"");
	}
	if (rc == 0 && ferror(f)) {
		diag_warn("--map %s: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

const char *
labels_column(const struct labels *l, const char *local, size_t n)
{
	char key[512];

	if (n + 1 > sizeof key)
		return NULL;
	return strmap_get(&l->column, key, utf8_fold(local, n, key));
}

const char *
labels_local(const struct labels *l, const char *dim)
{
	return strmap_get(&l->local, dim, strlen(dim));
}

int
labels_coded(const struct labels *l, const char *dim)
{
	return strmap_get(&l->dims, dim, strlen(dim)) != NULL;
}

const char *
labels_code(const struct labels *l, const char *dim, const char *s, size_t n)
{
	char code[256], key[512];
	const char *part[] = { dim, code };
	size_t k;

	if (n < sizeof code) {
		memcpy(code, s, n);
		code[n] = '\0';
		if (groups_lookup(l->groups, dim, code) != NULL ||
		    ((k = strmap_join(key, sizeof key, part, 2)) != (size_t)-1 &&
		    strmap_get(&l->code, key, k) != NULL))
			return s;
	}
	if ((k = fold_key(key, sizeof key, dim, s, n)) == (size_t)-1)
		return NULL;
	return strmap_get(&l->label, key, k);
}

static void
free_str(void *p)
{
	free(p);
}

void
labels_free(struct labels *l)
{
	strmap_free(&l->label, free_str);
	strmap_free(&l->code, free_str);
	strmap_free(&l->dims, free_str);
	strmap_free(&l->column, free_str);
	strmap_free(&l->local, free_str);
	groups_free(l->groups);
	free(l);
}
