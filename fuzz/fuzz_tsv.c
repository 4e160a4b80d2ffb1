/*
 * libFuzzer: the strict TSV reader (header, rows, escapes, structure errors).
 * Every row read must be the line it came from: its fields escaped again and
 * joined by TABs give the line back; a row read plain (no escape) is the line
 * cut at its TABs, and its copy lies field after field, as tsv_put_row_copy
 * writes it; an ASCII row has no byte above 0x7f.
 */
#include "fuzz.h"
#include <string.h>
#include "arena.h"
#include "diag.h"
#include "tsv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_row(const struct tsv_reader *r, struct arena *a)
{
	char *line = xmalloc(2 * r->rawlen + r->ncols + 1), **copy;
	size_t i, n = 0;

	for (i = 0; i < r->ncols; i++) {
		if (r->field[i][r->flen[i]] != '\0' || memchr(r->field[i], '\0', r->flen[i]) != NULL)
			abort();
		if (i > 0)
			line[n++] = '\t';
		n += tsv_escape(line + n, r->field[i], r->flen[i]);
	}
	if (n != r->rawlen || memcmp(line, r->raw, n) != 0)
		abort();
	for (i = 0; r->ascii && i < r->rawlen; i++)
		if ((unsigned char)r->raw[i] >= 0x80)
			abort();
	if (r->plain) {
		if (memchr(r->raw, '\\', r->rawlen) != NULL)
			abort();
		copy = tsv_row_copy(r, a);
		for (i = 0; i + 1 < r->ncols; i++)
			if (copy[i + 1] != copy[i] + r->flen[i] + 1)
				abort();
	}
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsv_reader r;
	struct arena a;
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path);
	enum tsv_status st;

	arena_init(&a);
	if (tsv_open(&r, path) == 0) {
		while ((st = tsv_next(&r)) != TSV_END && st != TSV_FAIL)
			if (st == TSV_ROW)
				check_row(&r, &a);
		tsv_close(&r);
	}
	arena_free(&a);
	close(fd);
	return 0;
}
