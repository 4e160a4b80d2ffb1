/* libFuzzer: the readers of Eurostat TSV, SDMX-CSV and a region's CSV. The
 * first byte picks the options, as a user would on the command line. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_options opt = { .max_errors = 0, .source = "fuzz" };
	struct import *in;
	char path[64];
	int fd;
	unsigned mode;

	if (size == 0)
		return 0;
	mode = data[0];
	data++, size--;
	switch (mode % 6) {
	case 1: opt.geo = "geo"; opt.time = "time"; opt.value = "value"; opt.flag = "flag"; break;
	case 2: opt.wide = 1; opt.geo = "geo"; break;
	case 3: opt.decimal_comma = 1; opt.thousands = '.'; opt.geo = "geo"; opt.period = "2021"; opt.value = "v"; break;
	case 4: opt.encoding = "latin1"; break;
	case 5: opt.thousands = ','; opt.source = NULL; break;
	}
	fd = fuzz_file(data, size, path, sizeof path);
	if (import_open(&in, path, &opt) == 0)
		fuzz_import_write(in, 1, 4095);
	import_close(in);
	close(fd);
	return 0;
}
