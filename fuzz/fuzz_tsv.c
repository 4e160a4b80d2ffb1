/* libFuzzer: the strict TSV reader (header, rows, escapes, structure errors). */
#include "fuzz.h"
#include "diag.h"
#include "tsv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsv_reader r;
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path);
	enum tsv_status st;
	size_t i, total = 0;

	if (tsv_open(&r, path) == 0) {
		while ((st = tsv_next(&r)) != TSV_END && st != TSV_FAIL)
			if (st == TSV_ROW)
				for (i = 0; i < r.ncols; i++)
					total += r.flen[i];
		tsv_close(&r);
	}
	close(fd);
	return total == (size_t)-1;
}
