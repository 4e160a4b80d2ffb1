/* libFuzzer: the schema file reader of mipexr-validate (types, required,
 * PCRE2 patterns, min and max, codes, the key line). The input up to its
 * first NUL is the schema; the rest is the file "codes" beside it, which a
 * row can name as codes "@codes". A schema that loads has a few values
 * checked against each field, so that its patterns and codes are used. */
#include "fuzz.h"

#include <string.h>

#include "diag.h"
#include "schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], schema_path[96], codes_path[96];

static void
put(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		abort();
}

static void
cleanup(void)
{
	unlink(schema_path);
	unlink(codes_path);
	rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const values[] = { "", "ES61", "2021", "61.5", "T", "NAT" };
	const uint8_t *nul = memchr(data, '\0', size);
	size_t n = nul != NULL ? (size_t)(nul - data) : size, i, k;
	struct schema *s;

	if (dir[0] == '\0') {
		/* in memory: on a disk, rewriting a file each run waits for the disk */
		snprintf(dir, sizeof dir, "%s/fuzz_schema.XXXXXX", access("/dev/shm", W_OK) == 0 ?
		    "/dev/shm" : "/tmp");
		if (mkdtemp(dir) == NULL)
			abort();
		snprintf(schema_path, sizeof schema_path, "%s/schema.tsv", dir);
		snprintf(codes_path, sizeof codes_path, "%s/codes", dir);
		atexit(cleanup);
	}
	put(schema_path, data, n);
	put(codes_path, nul != NULL ? nul + 1 : data, nul != NULL ? size - n - 1 : 0);
	if ((s = schema_load(schema_path)) != NULL) {
		for (i = 0; i < s->n; i++) {
			for (k = 0; k < sizeof values / sizeof *values; k++)
				schema_check(s, &s->field[i], values[k], strlen(values[k]), NULL);
			schema_check(s, &s->field[i], s->field[i].column, strlen(s->field[i].column), NULL);
		}
		schema_free(s);
	}
	return 0;
}
