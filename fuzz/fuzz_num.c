/* libFuzzer: number parsing and printing; a parsed number printed with 15
 * significant digits must parse again to within the printing's rounding. */
#include "fuzz.h"

#include <math.h>
#include <string.h>

#include "flags.h"
#include "num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[NUM_FORMAT_MAX];
	double x, y;
	size_t n;
	flagset f;

	if (num_parse((const char *)data, size, &x) == NUM_OK) {
		if (!isfinite(x))
			abort();
		n = num_format(buf, sizeof buf, x, -1);
		if (num_parse(buf, n, &y) != NUM_OK || (x != 0 && fabs(y - x) > fabs(x) * 1e-14))
			abort();
		num_format(buf, sizeof buf, x, (int)(size % 7));
	}
	if (flags_parse((const char *)data, size, &f) == 0) {
		n = flags_format(f, buf);
		if (n > 26)
			abort();
	}
	return 0;
}
