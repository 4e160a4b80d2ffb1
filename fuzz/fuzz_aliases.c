/* libFuzzer: a user's alias file (name, code, kind; kind "name" or "regex",
 * a PCRE2 pattern) added to the NUTS tables, as harmonise-codes -a does, and
 * a few names resolved after it, so that its names and patterns are matched.
 * Each input gets tables of its own, so that nothing of one input is left for
 * the next (and a leak is one): loading all of data/ takes 16 ms, so the
 * harness loads a copy cut to the countries, the levels 1 and 2 of Spain,
 * Portugal, Italy and Sweden, and the level 3 of PT1, ITG2 and SE22 (every
 * code of data/aliases.tsv, every change of Portugal and Italy), which a
 * first run writes to a temporary MIPEXR_DATA. */
#include "fuzz.h"

#include <string.h>

#include "datadir.h"
#include "diag.h"
#include "nuts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static int
kept(const char *code)
{
	static const char *const whole[] = { "PT1", "ITG2", "SE22" };	/* their changes, SE224 */
	size_t i;

	if (strlen(code) == 2)
		return 1;
	for (i = 0; i < 3; i++)
		if (strncmp(code, whole[i], strlen(whole[i])) == 0)
			return 1;
	return strlen(code) <= 4 && (strncmp(code, "ES", 2) == 0 || strncmp(code, "PT", 2) == 0 ||
	    strncmp(code, "IT", 2) == 0 || strncmp(code, "SE", 2) == 0);
}

/* Copies data file name into dir, keeping the header and the rows whose
 * column col (from 0) is kept; col < 0 keeps every row. */
static void
cut(const char *name, int col)
{
	char *from = data_path(name), to[128], *line = NULL, code[64];
	size_t cap = 0, n;
	ssize_t len;
	FILE *in, *out;
	const char *p;
	int i, first = 1;

	snprintf(to, sizeof to, "%s/%s", dir, name);
	if ((in = fopen(from, "r")) == NULL || (out = fopen(to, "w")) == NULL)
		abort();
	while ((len = getline(&line, &cap, in)) > 0) {
		for (p = line, i = 0; i < col && p != NULL; i++)
			if ((p = strchr(p, '\t')) != NULL)
				p++;
		if (p != NULL && col >= 0) {
			n = strcspn(p, "\t\n");
			snprintf(code, sizeof code, "%.*s", (int)(n < sizeof code ? n : sizeof code - 1), p);
		}
		if (first || col < 0 || (p != NULL && kept(code)))
			fwrite(line, 1, (size_t)len, out);
		first = 0;
	}
	free(line);
	free(from);
	fclose(in);
	if (fclose(out) != 0)
		abort();
}

static void
cleanup(void)
{
	static const char *const names[] = { "nuts_regions.tsv", "nuts_changes.tsv", "aliases.tsv" };
	char path[128];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "Región de Murcia", "Catalunya", "ES51", "PT16", "Azores" };
	struct nuts *t;
	struct nuts_match m;
	char path[64];
	int fd;
	size_t i;

	if (dir[0] == '\0') {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof dir, "%s/fuzz_aliases.XXXXXX", tmp != NULL && *tmp != '\0' &&
		    strlen(tmp) < 32 ? tmp : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
		cut("nuts_regions.tsv", 0);
		cut("nuts_changes.tsv", 2);
		cut("aliases.tsv", -1);
		setenv("MIPEXR_DATA", dir, 1);
		atexit(cleanup);
	}
	t = nuts_load();
	fd = fuzz_file(data, size, path, sizeof path);
	if (nuts_add_aliases(t, path) == 0)
		for (i = 0; i < sizeof names / sizeof *names; i++)
			nuts_resolve(t, names[i], 2021, -1, &m);
	nuts_free(t);
	close(fd);
	return 0;
}
