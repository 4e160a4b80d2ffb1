/* libFuzzer: number parsing and printing; a parsed number printed with 15
 * significant digits must parse again to within the printing's rounding, and
 * num_format must print what printf prints (%.*f, and %.15g where that has
 * no exponent), -0 as 0. */
#include "fuzz.h"

#include <math.h>
#include <string.h>

#include "flags.h"
#include "num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
same_as_printf(double x, int decimals)
{
	char got[NUM_FORMAT_MAX], want[NUM_FORMAT_MAX];
	int n;

	if (x == 0)
		x = 0;
	if (decimals >= 0) {
		n = snprintf(want, sizeof want, "%.*f", decimals, x);
		if (want[0] == '-' && strspn(want + 1, "0.") == (size_t)n - 1)
			memmove(want, want + 1, (size_t)n);
	} else {
		snprintf(want, sizeof want, "%.15g", x);
		if (strchr(want, 'e') != NULL)
			return;	/* num_format writes no exponent: its own form */
	}
	num_format(got, sizeof got, x, decimals);
	if (strcmp(got, want) != 0)
		abort();
}

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
		same_as_printf(x, -1);
		same_as_printf(x, (int)(size % 16));
	}
	if (flags_parse((const char *)data, size, &f) == 0) {
		n = flags_format(f, buf);
		if (n > 26)
			abort();
	}
	return 0;
}
